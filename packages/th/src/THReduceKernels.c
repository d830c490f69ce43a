/* Reduction kernels for THReduceIter: one THReduceKernel per op and input dtype.
 * Floating inputs accumulate in double across blocks (float32 and the half types sum blocks of
 * 4096 elements in 32 float lanes first, a cascade that vectorizes and stays within a few ulps);
 * integers and bools accumulate in int64. Half types compute in float32. */
#include "THReduceIter.h"
#include "THDispatch.h"

#include <math.h>

#define A(acc) ((THRVal *)(acc))
#define FD(acc, f, W, j) (A(acc)[(f) * (W) + (j)].d)
#define FI(acc, f, W, j) (A(acc)[(f) * (W) + (j)].i)

/* Compute (value) type of each input dtype, and whether it is floating. */
#define VT_Bool int64_t
#define VT_UInt8 int64_t
#define VT_Int8 int64_t
#define VT_Int16 int64_t
#define VT_Int32 int64_t
#define VT_Int64 int64_t
#define VT_Float16 float
#define VT_BFloat16 float
#define VT_Float32 float
#define VT_Float64 double
#define ISF_Bool 0
#define ISF_UInt8 0
#define ISF_Int8 0
#define ISF_Int16 0
#define ISF_Int32 0
#define ISF_Int64 0
#define ISF_Float16 1
#define ISF_BFloat16 1
#define ISF_Float32 1
#define ISF_Float64 1
/* elements stored as the compute type itself (plain loads, vectorizable) */
#define DIRECT(D) (sizeof(CT_##D) == sizeof(VT_##D) && ISF_##D)

#define BLOCK 4096
#define LANES 32

/* A kernel's inner from its one-run function RUN(acc, W, j, in, n, stride, idx0, ctx): the loop
 * over a group's runs lives in the kernel, so RUN inlines into it (ATTR: e.g. TH_CLONES). */
#define INNER_OF_RUNS(NAME, RUN, ATTR)                                                                        \
  ATTR static void NAME(void *acc, int64_t W, int64_t w, const char *in, int64_t runStride, int64_t n,       \
                        int64_t stride, int64_t idx0, const THReduceCtx *ctx) {                               \
    for (int64_t j = 0; j < w; j++) RUN(acc, W, j, in + j * runStride, n, stride, idx0, ctx);                \
  }

/* ---------------------------------------------------------------- sums */

/* sum of n elements (NaN skipped when skipNan), as double; floating dtypes */
#define SUMF(D, unused)                                                                                   \
  static inline double sumF_##D(const char *in, int64_t n, int64_t stride, int skipNan) {                 \
    typedef VT_##D VT;                                                                                    \
    double total = 0;                                                                                     \
    int64_t i0 = 0;                                                                                       \
    while (i0 < n) {                                                                                      \
      int64_t m = n - i0 < BLOCK ? n - i0 : BLOCK;                                                        \
      VT s[LANES];                                                                                        \
      for (int l = 0; l < LANES; l++) s[l] = 0;                                                           \
      int64_t i = 0;                                                                                      \
      if (DIRECT(D) && stride == sizeof(VT)) {                                                            \
        const VT *p = (const VT *)in + i0;                                                                \
        for (; i + LANES <= m; i += LANES)                                                                \
          for (int l = 0; l < LANES; l++) {                                                               \
            VT x = p[i + l];                                                                              \
            s[l] += skipNan ? (x != x ? 0 : x) : x;                                                       \
          }                                                                                               \
      } else {                                                                                            \
        const char *q = in + i0 * stride;                                                                 \
        for (; i + LANES <= m; i += LANES)                                                                \
          for (int l = 0; l < LANES; l++) {                                                               \
            VT x = (VT)TH_LOAD_##D(q + (i + l) * stride);                                                 \
            s[l] += skipNan ? (x != x ? 0 : x) : x;                                                       \
          }                                                                                               \
      }                                                                                                   \
      VT r = 0;                                                                                           \
      for (; i < m; i++) {                                                                                \
        VT x = (VT)TH_LOAD_##D(in + (i0 + i) * stride);                                                   \
        r += skipNan ? (x != x ? 0 : x) : x;                                                              \
      }                                                                                                   \
      for (int w = LANES / 2; w > 0; w >>= 1)                                                             \
        for (int l = 0; l < w; l++) s[l] += s[l + w];                                                     \
      total += (double)s[0] + (double)r;                                                                  \
      i0 += m;                                                                                            \
    }                                                                                                     \
    return total;                                                                                         \
  }
TH_FLOAT_DTYPES(SUMF, _)
SUMF(Float16, _)
SUMF(BFloat16, _)

#define SUMI(D, unused)                                                                                   \
  static inline int64_t sumI_##D(const char *in, int64_t n, int64_t stride) {                             \
    int64_t s = 0;                                                                                        \
    if (stride == sizeof(CT_##D)) {                                                                       \
      const CT_##D *p = (const CT_##D *)in;                                                               \
      for (int64_t i = 0; i < n; i++) s += (int64_t)p[i];                                                 \
    } else {                                                                                              \
      for (int64_t i = 0; i < n; i++) s += (int64_t)TH_LOAD_##D(in + i * stride);                         \
    }                                                                                                     \
    return s;                                                                                             \
  }
TH_INT_DTYPES(SUMI, _)
SUMI(Bool, _)

/* outer sums: rows accumulate into tiles of 64 columns in the compute type, flushed to the double
 * accumulators every 128 rows */
#define OUTER_TILE 64
#define OUTER_ROWS 128
#define SUM_OUTER_F(D, unused)                                                                            \
  static inline void sumOuterF_##D(THRVal *acc, const char *in, int64_t rows, int64_t rs, int64_t cols,   \
                                   int64_t cs, int skipNan) {                                             \
    typedef VT_##D VT;                                                                                    \
    for (int64_t c0 = 0; c0 < cols; c0 += OUTER_TILE) {                                                   \
      int64_t cw = cols - c0 < OUTER_TILE ? cols - c0 : OUTER_TILE;                                       \
      for (int64_t r0 = 0; r0 < rows; r0 += OUTER_ROWS) {                                                 \
        int64_t r1 = rows - r0 < OUTER_ROWS ? rows : r0 + OUTER_ROWS;                                     \
        VT t[OUTER_TILE];                                                                                 \
        for (int64_t c = 0; c < OUTER_TILE; c++) t[c] = 0;                                                \
        if (DIRECT(D) && cs == sizeof(VT) && cw == OUTER_TILE) {                                          \
          for (int64_t r = r0; r < r1; r++) {                                                             \
            const VT *p = (const VT *)(in + r * rs) + c0;                                                 \
            for (int64_t c = 0; c < OUTER_TILE; c++) {                                                    \
              VT x = p[c];                                                                                \
              t[c] += skipNan ? (x != x ? 0 : x) : x;                                                     \
            }                                                                                             \
          }                                                                                               \
        } else {                                                                                          \
          for (int64_t r = r0; r < r1; r++) {                                                             \
            const char *p = in + r * rs + c0 * cs;                                                        \
            for (int64_t c = 0; c < cw; c++) {                                                            \
              VT x = (VT)TH_LOAD_##D(p + c * cs);                                                         \
              t[c] += skipNan ? (x != x ? 0 : x) : x;                                                     \
            }                                                                                             \
          }                                                                                               \
        }                                                                                                 \
        for (int64_t c = 0; c < cw; c++) acc[c0 + c].d += (double)t[c];                                   \
      }                                                                                                   \
    }                                                                                                     \
  }
TH_FLOAT_DTYPES(SUM_OUTER_F, _)
SUM_OUTER_F(Float16, _)
SUM_OUTER_F(BFloat16, _)

static void initZero(void *acc, int64_t W) {
  for (int64_t j = 0; j < W; j++) A(acc)[j].i = 0;
}
static void initZeroD(void *acc, int64_t W) {
  for (int64_t j = 0; j < W; j++) A(acc)[j].d = 0;
}
static void combineAddD(void *acc, int64_t W, int64_t j, const void *o, int64_t W2, int64_t j2) {
  FD(acc, 0, W, j) += FD(o, 0, W2, j2);
}
static void combineAddI(void *acc, int64_t W, int64_t j, const void *o, int64_t W2, int64_t j2) {
  FI(acc, 0, W, j) += FI(o, 0, W2, j2);
}
/* sum (post: mean) */
static void finishSumD(const void *acc, int64_t W, int64_t cols, int64_t count, const THReduceCtx *ctx, THRVal *v0,
                       THRVal *v1) {
  if (ctx->post)
    for (int64_t c = 0; c < cols; c++) v0[c].d = FD(acc, 0, W, c) / (double)count;
  else
    for (int64_t c = 0; c < cols; c++) v0[c].d = FD(acc, 0, W, c);
}
static void finishCopyI(const void *acc, int64_t W, int64_t cols, int64_t count, const THReduceCtx *ctx, THRVal *v0,
                        THRVal *v1) {
  for (int64_t c = 0; c < cols; c++) v0[c].i = FI(acc, 0, W, c);
}

#define SUM_KERNEL_F(D, NAME, SKIP)                                                                          \
  static inline void NAME##_##D##_run(void *acc, int64_t W, int64_t j, const char *in, int64_t n,             \
                                      int64_t stride, int64_t idx0, const THReduceCtx *ctx) {                 \
    FD(acc, 0, W, j) += sumF_##D(in, n, stride, SKIP);                                                       \
  }                                                                                                          \
  static void NAME##_##D##_outer(void *acc, int64_t W, const char *in, int64_t rows, int64_t rs, int64_t cols, \
                                 int64_t cs, int64_t idx0, const THReduceCtx *ctx) {                         \
    sumOuterF_##D(A(acc), in, rows, rs, cols, cs, SKIP);                                                     \
  }                                                                                                          \
  INNER_OF_RUNS(NAME##_##D##_inner, NAME##_##D##_run, )                                                    \
  static const THReduceKernel NAME##_##D = {1, initZeroD, NAME##_##D##_inner, NAME##_##D##_outer, combineAddD, finishSumD};
#define SUM_KERNEL_I(D, NAME)                                                                                \
  static inline void NAME##_##D##_run(void *acc, int64_t W, int64_t j, const char *in, int64_t n,             \
                                      int64_t stride, int64_t idx0, const THReduceCtx *ctx) {                 \
    FI(acc, 0, W, j) += sumI_##D(in, n, stride);                                                             \
  }                                                                                                          \
  static void NAME##_##D##_outer(void *acc, int64_t W, const char *in, int64_t rows, int64_t rs, int64_t cols, \
                                 int64_t cs, int64_t idx0, const THReduceCtx *ctx) {                         \
    for (int64_t r = 0; r < rows; r++) {                                                                     \
      const char *p = in + r * rs;                                                                           \
      if (cs == sizeof(CT_##D))                                                                              \
        for (int64_t c = 0; c < cols; c++) A(acc)[c].i += (int64_t)((const CT_##D *)p)[c];                   \
      else                                                                                                   \
        for (int64_t c = 0; c < cols; c++) A(acc)[c].i += (int64_t)TH_LOAD_##D(p + c * cs);                  \
    }                                                                                                        \
  }                                                                                                          \
  INNER_OF_RUNS(NAME##_##D##_inner, NAME##_##D##_run, )                                                    \
  static const THReduceKernel NAME##_##D = {1, initZero, NAME##_##D##_inner, NAME##_##D##_outer, combineAddI, finishCopyI};

#define SUM_F(D, unused) SUM_KERNEL_F(D, sum, 0) SUM_KERNEL_F(D, nansum, 1)
#define SUM_I(D, unused) SUM_KERNEL_I(D, sum)
TH_FLOAT_DTYPES(SUM_F, _)
SUM_F(Float16, _)
SUM_F(BFloat16, _)
TH_INT_DTYPES(SUM_I, _)
SUM_I(Bool, _)

/* ---------------------------------------------------------------- generic element-at-a-time kernels */

/* A kernel whose accumulator update is a statement `STEP` on fields through F(f) (the field f of
 * the accumulator in use), with x the element (compute type VT) and idx its reduced index. */
#define ELEM_KERNEL(NAME, D, NF, INIT, STEP, COMBINE, FINISH)                                                \
  static void NAME##_##D##_init(void *acc, int64_t W) {                                                      \
    for (int64_t j = 0; j < W; j++) {                                                                        \
      THRVal *f0 = &A(acc)[j];                                                                               \
      (void)f0;                                                                                              \
      INIT;                                                                                                  \
    }                                                                                                        \
  }                                                                                                          \
  static inline void NAME##_##D##_run(void *acc, int64_t W, int64_t j, const char *in, int64_t n,             \
                                      int64_t stride, int64_t idx0, const THReduceCtx *ctx) {                 \
    typedef VT_##D VT;                                                                                       \
    THRVal F0 = A(acc)[j], F1 = NF > 1 ? A(acc)[W + j] : F0, F2 = NF > 2 ? A(acc)[2 * W + j] : F0;           \
    for (int64_t i = 0; i < n; i++) {                                                                        \
      VT x = (VT)TH_LOAD_##D(in + i * stride);                                                               \
      int64_t idx = idx0 + i;                                                                                \
      (void)idx;                                                                                             \
      STEP;                                                                                                  \
    }                                                                                                        \
    A(acc)[j] = F0;                                                                                          \
    if (NF > 1) A(acc)[W + j] = F1;                                                                          \
    if (NF > 2) A(acc)[2 * W + j] = F2;                                                                      \
  }                                                                                                          \
  static void NAME##_##D##_outer(void *acc, int64_t W, const char *in, int64_t rows, int64_t rs, int64_t cols, \
                                 int64_t cs, int64_t idx0, const THReduceCtx *ctx) {                         \
    typedef VT_##D VT;                                                                                       \
    if (rows <= 8 || rs < cs) { /* few rows, or rows closer in memory: a column at a time, same order */    \
      for (int64_t c = 0; c < cols; c++) {                                                                   \
        THRVal F0 = A(acc)[c], F1 = NF > 1 ? A(acc)[W + c] : F0, F2 = NF > 2 ? A(acc)[2 * W + c] : F0;       \
        for (int64_t r = 0; r < rows; r++) {                                                                 \
          VT x = (VT)TH_LOAD_##D(in + r * rs + c * cs);                                                      \
          int64_t idx = idx0 + r;                                                                            \
          (void)idx;                                                                                         \
          STEP;                                                                                              \
        }                                                                                                    \
        A(acc)[c] = F0;                                                                                      \
        if (NF > 1) A(acc)[W + c] = F1;                                                                      \
        if (NF > 2) A(acc)[2 * W + c] = F2;                                                                  \
      }                                                                                                      \
      return;                                                                                                \
    }                                                                                                        \
    for (int64_t r = 0; r < rows; r++) {                                                                     \
      const char *p = in + r * rs;                                                                           \
      int64_t idx = idx0 + r;                                                                                \
      (void)idx;                                                                                             \
      for (int64_t c = 0; c < cols; c++) {                                                                   \
        VT x = (VT)TH_LOAD_##D(p + c * cs);                                                                  \
        THRVal F0 = A(acc)[c], F1 = NF > 1 ? A(acc)[W + c] : F0, F2 = NF > 2 ? A(acc)[2 * W + c] : F0;       \
        STEP;                                                                                                \
        A(acc)[c] = F0;                                                                                      \
        if (NF > 1) A(acc)[W + c] = F1;                                                                      \
        if (NF > 2) A(acc)[2 * W + c] = F2;                                                                  \
      }                                                                                                      \
    }                                                                                                        \
  }                                                                                                          \
  static void NAME##_##D##_combine(void *acc, int64_t W, int64_t j, const void *o, int64_t W2, int64_t j2) {  \
    THRVal F0 = A(acc)[j], F1 = NF > 1 ? A(acc)[W + j] : F0, F2 = NF > 2 ? A(acc)[2 * W + j] : F0;           \
    THRVal G0 = A(o)[j2], G1 = NF > 1 ? A(o)[W2 + j2] : G0, G2 = NF > 2 ? A(o)[2 * W2 + j2] : G0;            \
    (void)G1, (void)G2;                                                                                      \
    COMBINE;                                                                                                 \
    A(acc)[j] = F0;                                                                                          \
    if (NF > 1) A(acc)[W + j] = F1;                                                                          \
    if (NF > 2) A(acc)[2 * W + j] = F2;                                                                      \
  }                                                                                                          \
  static void NAME##_##D##_finish(const void *acc, int64_t W, int64_t cols, int64_t count, const THReduceCtx *ctx, \
                                  THRVal *v0, THRVal *v1) {                                                  \
    for (int64_t c = 0; c < cols; c++) {                                                                     \
      THRVal F0 = A(acc)[c], F1 = NF > 1 ? A(acc)[W + c] : F0, F2 = NF > 2 ? A(acc)[2 * W + c] : F0;         \
      (void)F1, (void)F2;                                                                                    \
      FINISH;                                                                                                \
    }                                                                                                        \
  }                                                                                                          \
  INNER_OF_RUNS(NAME##_##D##_inner, NAME##_##D##_run, )                                                    \
  static const THReduceKernel NAME##_##D = {NF, NAME##_##D##_init, NAME##_##D##_inner, NAME##_##D##_outer,   \
                                            NAME##_##D##_combine, NAME##_##D##_finish};

/* the field of the value type: .d for floating inputs, .i for integral ones */
#define V_Bool i
#define V_UInt8 i
#define V_Int8 i
#define V_Int16 i
#define V_Int32 i
#define V_Int64 i
#define V_Float16 d
#define V_BFloat16 d
#define V_Float32 d
#define V_Float64 d

/* the identity of max (LO) and min (HI) in the value type */
#define LO_I INT64_MIN
#define HI_I INT64_MAX
#define LO_Bool LO_I
#define LO_UInt8 LO_I
#define LO_Int8 LO_I
#define LO_Int16 LO_I
#define LO_Int32 LO_I
#define LO_Int64 LO_I
#define LO_Float16 (-INFINITY)
#define LO_BFloat16 (-INFINITY)
#define LO_Float32 (-INFINITY)
#define LO_Float64 (-INFINITY)
#define HI_Bool HI_I
#define HI_UInt8 HI_I
#define HI_Int8 HI_I
#define HI_Int16 HI_I
#define HI_Int32 HI_I
#define HI_Int64 HI_I
#define HI_Float16 INFINITY
#define HI_BFloat16 INFINITY
#define HI_Float32 INFINITY
#define HI_Float64 INFINITY

/* prod */
#define PROD(D, unused)                                                                                      \
  ELEM_KERNEL(prod, D, 1, f0->V_##D = 1, F0.V_##D *= x, F0.V_##D *= G0.V_##D, v0[c].V_##D = F0.V_##D)
TH_ALL_DTYPES(PROD, _)

/* max / min: NaN wins */
#define ISNAN(x) ((x) != (x))
#define MAXMIN(D, unused)                                                                                    \
  ELEM_KERNEL(max, D, 1, f0->V_##D = LO_##D,                                \
              if (x > F0.V_##D || ISNAN(x)) F0.V_##D = x, if (G0.V_##D > F0.V_##D || ISNAN(G0.V_##D)) F0 = G0,    \
              v0[c] = F0)                                                                                    \
  ELEM_KERNEL(min, D, 1, f0->V_##D = HI_##D,                                 \
              if (x < F0.V_##D || ISNAN(x)) F0.V_##D = x, if (G0.V_##D < F0.V_##D || ISNAN(G0.V_##D)) F0 = G0,    \
              v0[c] = F0)
TH_ALL_DTYPES(MAXMIN, _)

/* argmax / argmin: (value, index); the first NaN wins, ties keep the first index */
#define ARG(D, unused)                                                                                       \
  ELEM_KERNEL(argmax, D, 2, (f0->V_##D = 0, A(acc)[W + j].i = -1),                                          \
              if (F1.i < 0 || (!ISNAN(F0.V_##D) && (x > F0.V_##D || ISNAN(x)))) { F0.V_##D = x; F1.i = idx; },      \
              if (F1.i < 0 || (G1.i >= 0 && !ISNAN(F0.V_##D) && (G0.V_##D > F0.V_##D || ISNAN(G0.V_##D)))) { F0 = G0; F1 = G1; }, \
              (v0[c] = F0, v1[c] = F1))                                                                      \
  ELEM_KERNEL(argmin, D, 2, (f0->V_##D = 0, A(acc)[W + j].i = -1),                                          \
              if (F1.i < 0 || (!ISNAN(F0.V_##D) && (x < F0.V_##D || ISNAN(x)))) { F0.V_##D = x; F1.i = idx; },      \
              if (F1.i < 0 || (G1.i >= 0 && !ISNAN(F0.V_##D) && (G0.V_##D < F0.V_##D || ISNAN(G0.V_##D)))) { F0 = G0; F1 = G1; }, \
              (v0[c] = F0, v1[c] = F1))
TH_ALL_DTYPES(ARG, _)

/* aminmax: (min, max) */
#define MINMAX(D, unused)                                                                                    \
  ELEM_KERNEL(minmax, D, 2,                                                                                  \
              (f0->V_##D = HI_##D, A(acc)[W + j].V_##D = LO_##D), \
              { if (x < F0.V_##D || ISNAN(x)) F0.V_##D = x; if (x > F1.V_##D || ISNAN(x)) F1.V_##D = x; },       \
              { if (G0.V_##D < F0.V_##D || ISNAN(G0.V_##D)) F0 = G0; if (G1.V_##D > F1.V_##D || ISNAN(G1.V_##D)) F1 = G1; }, \
              (v0[c] = F0, v1[c] = F1))
TH_ALL_DTYPES(MINMAX, _)

/* all / any / count_nonzero */
#define LOGICAL(D, unused)                                                                                   \
  ELEM_KERNEL(all, D, 1, f0->i = 1, F0.i &= (x != 0), F0.i &= G0.i, v0[c] = F0)                              \
  ELEM_KERNEL(any, D, 1, f0->i = 0, F0.i |= (x != 0), F0.i |= G0.i, v0[c] = F0)                              \
  ELEM_KERNEL(count, D, 1, f0->i = 0, F0.i += (x != 0), F0.i += G0.i, v0[c] = F0)
TH_ALL_DTYPES(LOGICAL, _)

/* norms (floating only) */
#define NORMS(D, unused)                                                                                     \
  ELEM_KERNEL(normp, D, 1, f0->d = 0, F0.d += pow(fabs((double)x), ctx->p), F0.d += G0.d,                    \
              v0[c].d = pow(F0.d, 1.0 / ctx->p))                                                             \
  ELEM_KERNEL(norm0, D, 1, f0->d = 0, F0.d += (x != 0), F0.d += G0.d, v0[c] = F0)                            \
  ELEM_KERNEL(norm1, D, 1, f0->d = 0, F0.d += fabs((double)x), F0.d += G0.d, v0[c] = F0)                     \
  ELEM_KERNEL(norm2, D, 1, f0->d = 0, F0.d += (double)x * (double)x, F0.d += G0.d, v0[c].d = sqrt(F0.d))     \
  ELEM_KERNEL(norminf, D, 1, f0->d = 0, { double y = fabs((double)x); if (y > F0.d || ISNAN(y)) F0.d = y; }, \
              if (G0.d > F0.d || ISNAN(G0.d)) F0 = G0, v0[c] = F0)                                           \
  ELEM_KERNEL(normninf, D, 1, f0->d = INFINITY, { double y = fabs((double)x); if (y < F0.d || ISNAN(y)) F0.d = y; }, \
              if (G0.d < F0.d || ISNAN(G0.d)) F0 = G0, v0[c] = F0)                                           \
  ELEM_KERNEL(nanmean, D, 2, (f0->d = 0, A(acc)[W + j].d = 0), if (!ISNAN(x)) { F0.d += x; F1.d += 1; },    \
              (F0.d += G0.d, F1.d += G1.d), v0[c].d = F0.d / F1.d)
TH_FLOAT_DTYPES(NORMS, _)
NORMS(Float16, _)
NORMS(BFloat16, _)

/* var / std (Welford, with Chan's combination): fields count, mean, m2; finish: var (post: std)
 * in v0 and the mean in v1 */
#define MOMENTS(D, unused)                                                                                   \
  ELEM_KERNEL(moments, D, 3, (f0->d = 0, A(acc)[W + j].d = 0, A(acc)[2 * W + j].d = 0),                      \
              {                                                                                              \
                F0.d += 1;                                                                                   \
                double dx = (double)x - F1.d;                                                                \
                F1.d += dx / F0.d;                                                                           \
                F2.d += dx * ((double)x - F1.d);                                                             \
              },                                                                                             \
              if (G0.d > 0) {                                                                                \
                if (F0.d == 0) {                                                                             \
                  F0 = G0; F1 = G1; F2 = G2;                                                                 \
                } else {                                                                                     \
                  double n = F0.d + G0.d; double delta = G1.d - F1.d;                                               \
                  F1.d += delta * (G0.d / n);                                                                \
                  F2.d += G2.d + delta * delta * (F0.d * G0.d / n);                                          \
                  F0.d = n;                                                                                  \
                }                                                                                            \
              },                                                                                             \
              {                                                                                              \
                double div = F0.d - ctx->p;                                                                  \
                if (div < 0) div = 0;                                                                        \
                double var = F2.d / div;                                                                     \
                v0[c].d = ctx->post ? sqrt(var) : var;                                                       \
                v1[c].d = F0.d > 0 ? F1.d : NAN;                                                             \
              })
TH_FLOAT_DTYPES(MOMENTS, _)
MOMENTS(Float16, _)
MOMENTS(BFloat16, _)


/* ---------------------------------------------------------------- vectorized contiguous paths
 * GCC vector types (32 bytes: two SSE registers on the baseline ISA, one AVX2 register in the
 * avx2 clone chosen at load time). No FMA in either clone, so both give the same results. */
#pragma GCC diagnostic ignored "-Wpsabi"
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define TH_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define TH_CLONES
#endif
/* the contiguous helpers inline into the kernels' inner loops, which carry the clones */
#define ALWAYS_INLINE static inline __attribute__((always_inline))
typedef float v8f __attribute__((vector_size(32)));
typedef double v4d __attribute__((vector_size(32)));
typedef int32_t v8i __attribute__((vector_size(32)));
typedef int64_t v4l __attribute__((vector_size(32)));
typedef float v4f __attribute__((vector_size(16)));

static inline v8f ld8f(const float *p) {
  v8f x;
  __builtin_memcpy(&x, p, sizeof x);
  return x;
}
static inline v4d ld4d(const double *p) {
  v4d x;
  __builtin_memcpy(&x, p, sizeof x);
  return x;
}
static inline v4d cvt4(const float *p) {
  v4f x;
  __builtin_memcpy(&x, p, sizeof x);
  return __builtin_convertvector(x, v4d);
}
/* sum of the 32 lanes of four v8f accumulators, pairwise */
static inline double hsum32(v8f a, v8f b, v8f c, v8f d) {
  v8f s = (a + b) + (c + d);
  /* ((l0+l4) + (l2+l6)) + ((l1+l5) + (l3+l7)): the first six adds as two vector adds */
  v4f h = __builtin_shufflevector(s, s, 0, 1, 2, 3) + __builtin_shufflevector(s, s, 4, 5, 6, 7);
  h += __builtin_shufflevector(h, h, 2, 3, 2, 3);
  return (double)(h[0] + h[1]);
}
static inline double hsum4d(v4d a) { return (a[0] + a[2]) + (a[1] + a[3]); }

/* kind 0: x, 1: |x|, 2: x*x — summed in float lanes over blocks, blocks in double */
ALWAYS_INLINE double sumF32Contig(const float *p, int64_t n, int kind) {
  double total = 0;
  const v8i absMask = {0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff};
  for (int64_t i0 = 0; i0 < n; i0 += BLOCK) {
    int64_t m = n - i0 < BLOCK ? n - i0 : BLOCK;
    const float *q = p + i0;
    v8f a = {0}, b = {0}, c = {0}, d = {0};
    int64_t i = 0;
#define TERM(x) (kind == 0 ? (x) : kind == 1 ? (v8f)((v8i)(x) & absMask) : (x) * (x))
    for (; i + 32 <= m; i += 32) {
      v8f x0 = ld8f(q + i), x1 = ld8f(q + i + 8), x2 = ld8f(q + i + 16), x3 = ld8f(q + i + 24);
      a += TERM(x0);
      b += TERM(x1);
      c += TERM(x2);
      d += TERM(x3);
    }
    for (; i + 8 <= m; i += 8) a += TERM(ld8f(q + i));
#undef TERM
    float r = 0;
    for (; i < m; i++) {
      float x = q[i];
      r += kind == 0 ? x : kind == 1 ? fabsf(x) : x * x;
    }
    total += hsum32(a, b, c, d) + (double)r;
  }
  return total;
}

ALWAYS_INLINE double sumF64Contig(const double *p, int64_t n, int kind) {
  v4d a = {0}, b = {0}, c = {0}, d = {0};
  const v4l absMask = {INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX};
  int64_t i = 0;
#define TERM(x) (kind == 0 ? (x) : kind == 1 ? (v4d)((v4l)(x) & absMask) : (x) * (x))
  for (; i + 16 <= n; i += 16) {
    v4d x0 = ld4d(p + i), x1 = ld4d(p + i + 4), x2 = ld4d(p + i + 8), x3 = ld4d(p + i + 12);
    a += TERM(x0);
    b += TERM(x1);
    c += TERM(x2);
    d += TERM(x3);
  }
#undef TERM
  double r = 0;
  for (; i < n; i++) r += kind == 0 ? p[i] : kind == 1 ? fabs(p[i]) : p[i] * p[i];
  return hsum4d((a + b) + (c + d)) + r;
}

/* max (isMin 0) or min of n contiguous floats; NaN if any is NaN. Four accumulators keep the
 * compare-and-select chains apart. */
#define SEL8(m, x, ISMIN)                                                                                    \
  do {                                                                                                        \
    v8i k_ = (ISMIN) ? (x) < (m) : (x) > (m);                                                                 \
    (m) = (v8f)(((v8i)(x) & k_) | ((v8i)(m) & ~k_));                                                          \
  } while (0)
ALWAYS_INLINE float extremumF32(const float *p, int64_t n, int isMin) {
  int64_t i = 0;
  int anyNan = 0;
  float best = p[0];
  if (n >= 32) {
    v8f m0 = ld8f(p), m1 = ld8f(p + 8), m2 = ld8f(p + 16), m3 = ld8f(p + 24);
    v8i nan = (m0 != m0) | (m1 != m1) | (m2 != m2) | (m3 != m3);
    for (i = 32; i + 32 <= n; i += 32) {
      v8f x0 = ld8f(p + i), x1 = ld8f(p + i + 8), x2 = ld8f(p + i + 16), x3 = ld8f(p + i + 24);
      SEL8(m0, x0, isMin);
      SEL8(m1, x1, isMin);
      SEL8(m2, x2, isMin);
      SEL8(m3, x3, isMin);
      nan |= (x0 != x0) | (x1 != x1) | (x2 != x2) | (x3 != x3);
    }
    for (; i + 8 <= n; i += 8) {
      v8f x = ld8f(p + i);
      SEL8(m0, x, isMin);
      nan |= x != x;
    }
    SEL8(m0, m1, isMin);
    SEL8(m2, m3, isMin);
    SEL8(m0, m2, isMin);
    for (int l = 0; l < 8; l++) anyNan |= nan[l] != 0;
    best = m0[0];
    for (int l = 1; l < 8; l++)
      if (isMin ? m0[l] < best : m0[l] > best) best = m0[l];
  }
  for (; i < n; i++) {
    float x = p[i];
    if (x != x) anyNan = 1;
    if (isMin ? x < best : x > best) best = x;
  }
  return anyNan ? NAN : best;
}

ALWAYS_INLINE double extremumF64(const double *p, int64_t n, int isMin) {
  v4d m0 = {0}, m1 = {0};
  v4l nan = {0};
  int64_t i = 0;
  if (n >= 8) {
    m0 = ld4d(p);
    m1 = ld4d(p + 4);
    for (i = 8; i + 8 <= n; i += 8) {
      v4d x0 = ld4d(p + i), x1 = ld4d(p + i + 4);
      v4l k0 = isMin ? x0 < m0 : x0 > m0, k1 = isMin ? x1 < m1 : x1 > m1;
      m0 = (v4d)(((v4l)x0 & k0) | ((v4l)m0 & ~k0));
      m1 = (v4d)(((v4l)x1 & k1) | ((v4l)m1 & ~k1));
      nan |= (x0 != x0) | (x1 != x1);
    }
    nan |= (m0 != m0) | (m1 != m1);
  }
  double best = n >= 8 ? m0[0] : p[0];
  int anyNan = 0;
  for (int l = 0; l < 4; l++) anyNan |= nan[l] != 0;
  if (n >= 8)
    for (int l = 0; l < 4; l++) {
      double x = m0[l], y = m1[l];
      if (isMin ? x < best : x > best) best = x;
      if (isMin ? y < best : y > best) best = y;
    }
  for (; i < n; i++) {
    double x = p[i];
    if (x != x) anyNan = 1;
    if (isMin ? x < best : x > best) best = x;
  }
  return anyNan ? NAN : best;
}

/* sum of (x - mean)^2 in double */
ALWAYS_INLINE double sqDevF32(const float *p, int64_t n, double mean) {
  v4d a = {0}, b = {0}, mv = {mean, mean, mean, mean};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    v4d x0 = cvt4(p + i) - mv, x1 = cvt4(p + i + 4) - mv;
    a += x0 * x0;
    b += x1 * x1;
  }
  double r = 0;
  for (; i < n; i++) r += ((double)p[i] - mean) * ((double)p[i] - mean);
  return hsum4d(a + b) + r;
}
ALWAYS_INLINE double sqDevF64(const double *p, int64_t n, double mean) {
  v4d a = {0}, b = {0}, mv = {mean, mean, mean, mean};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    v4d x0 = ld4d(p + i) - mv, x1 = ld4d(p + i + 4) - mv;
    a += x0 * x0;
    b += x1 * x1;
  }
  double r = 0;
  for (; i < n; i++) r += (p[i] - mean) * (p[i] - mean);
  return hsum4d(a + b) + r;
}

/* kernels that use them for contiguous runs and fall back to the generic loops otherwise */
#define FAST_SUM(D, T, NAME, KIND, FIN)                                                                       \
  ALWAYS_INLINE void fast_##NAME##_##D##_run(void *acc, int64_t W, int64_t j, const char *in, int64_t n,      \
                                             int64_t stride, int64_t idx0, const THReduceCtx *ctx) {          \
    if (stride == sizeof(T)) FD(acc, 0, W, j) += sum##FIN##Contig((const T *)in, n, KIND);                    \
    else NAME##_##D##_run(acc, W, j, in, n, stride, idx0, ctx);                                               \
  }                                                                                                           \
  INNER_OF_RUNS(fast_##NAME##_##D##_inner, fast_##NAME##_##D##_run, TH_CLONES)
FAST_SUM(Float32, float, sum, 0, F32)
FAST_SUM(Float64, double, sum, 0, F64)
FAST_SUM(Float32, float, norm1, 1, F32)
FAST_SUM(Float64, double, norm1, 1, F64)
FAST_SUM(Float32, float, norm2, 2, F32)
FAST_SUM(Float64, double, norm2, 2, F64)

#define FAST_EXT(D, T, NAME, ISMIN, FIN)                                                                      \
  ALWAYS_INLINE void fast_##NAME##_##D##_run(void *acc, int64_t W, int64_t j, const char *in, int64_t n,      \
                                             int64_t stride, int64_t idx0, const THReduceCtx *ctx) {          \
    if (stride != sizeof(T) || n == 0) {                                                                      \
      NAME##_##D##_run(acc, W, j, in, n, stride, idx0, ctx);                                                  \
      return;                                                                                                 \
    }                                                                                                         \
    double m = (double)extremum##FIN((const T *)in, n, ISMIN), cur = FD(acc, 0, W, j);                        \
    if (m != m || (cur == cur && (ISMIN ? m < cur : m > cur))) FD(acc, 0, W, j) = m;                          \
  }                                                                                                           \
  ALWAYS_INLINE void fast_arg##NAME##_##D##_run(void *acc, int64_t W, int64_t j, const char *in, int64_t n,   \
                                                int64_t stride, int64_t idx0, const THReduceCtx *ctx) {       \
    if (stride != sizeof(T) || n == 0) {                                                                      \
      arg##NAME##_##D##_run(acc, W, j, in, n, stride, idx0, ctx);                                             \
      return;                                                                                                 \
    }                                                                                                         \
    const T *p = (const T *)in;                                                                               \
    T m = extremum##FIN(p, n, ISMIN);                                                                         \
    double cur = FD(acc, 0, W, j);                                                                            \
    int64_t curIdx = FI(acc, 1, W, j);                                                                        \
    if (curIdx >= 0 && (cur != cur || !(m != m || (ISMIN ? m < cur : m > cur)))) return;                      \
    int64_t i = 0;                                                                                            \
    if (m != m)                                                                                               \
      while (p[i] == p[i]) i++;                                                                               \
    else                                                                                                      \
      while (p[i] != m) i++;                                                                                  \
    FD(acc, 0, W, j) = (double)m;                                                                             \
    FI(acc, 1, W, j) = idx0 + i;                                                                              \
  }                                                                                                           \
  INNER_OF_RUNS(fast_##NAME##_##D##_inner, fast_##NAME##_##D##_run, TH_CLONES)                                \
  INNER_OF_RUNS(fast_arg##NAME##_##D##_inner, fast_arg##NAME##_##D##_run, TH_CLONES)
FAST_EXT(Float32, float, max, 0, F32)
FAST_EXT(Float64, double, max, 0, F64)
FAST_EXT(Float32, float, min, 1, F32)
FAST_EXT(Float64, double, min, 1, F64)

/* var: the run's mean and squared deviations (two passes), merged by Chan's formula */
#define FAST_MOMENTS(D, T, FIN)                                                                               \
  ALWAYS_INLINE void fast_moments_##D##_run(void *acc, int64_t W, int64_t j, const char *in, int64_t n,       \
                                            int64_t stride, int64_t idx0, const THReduceCtx *ctx) {           \
    if (stride != sizeof(T) || n < 2) {                                                                       \
      moments_##D##_run(acc, W, j, in, n, stride, idx0, ctx);                                                 \
      return;                                                                                                 \
    }                                                                                                         \
    const T *p = (const T *)in;                                                                               \
    double mean = sum##FIN##Contig(p, n, 0) / (double)n;                                                      \
    double m2 = sqDev##FIN(p, n, mean);                                                                       \
    THRVal other[3] = {{.d = (double)n}, {.d = mean}, {.d = m2}};                                             \
    moments_##D.combine(acc, W, j, other, 1, 0);                                                              \
  }                                                                                                           \
  INNER_OF_RUNS(fast_moments_##D##_inner, fast_moments_##D##_run, TH_CLONES)
FAST_MOMENTS(Float32, float, F32)
FAST_MOMENTS(Float64, double, F64)


/* outer sums of contiguous float rows: 64-column tiles of float lanes in registers, flushed to
 * the double accumulators every OUTER_ROWS rows (the generic loop's order and results) */
TH_CLONES static void sumOuterF32Contig(THRVal *acc, const char *in, int64_t rows, int64_t rs, int64_t cols) {
  int64_t c0 = 0;
  for (; c0 + OUTER_TILE <= cols; c0 += OUTER_TILE) {
    for (int64_t r0 = 0; r0 < rows; r0 += OUTER_ROWS) {
      int64_t r1 = rows - r0 < OUTER_ROWS ? rows : r0 + OUTER_ROWS;
      v8f t0 = {0}, t1 = {0}, t2 = {0}, t3 = {0}, t4 = {0}, t5 = {0}, t6 = {0}, t7 = {0};
      for (int64_t r = r0; r < r1; r++) {
        const float *p = (const float *)(in + r * rs) + c0;
        t0 += ld8f(p);
        t1 += ld8f(p + 8);
        t2 += ld8f(p + 16);
        t3 += ld8f(p + 24);
        t4 += ld8f(p + 32);
        t5 += ld8f(p + 40);
        t6 += ld8f(p + 48);
        t7 += ld8f(p + 56);
      }
      float t[OUTER_TILE];
      __builtin_memcpy(t, &t0, 32);
      __builtin_memcpy(t + 8, &t1, 32);
      __builtin_memcpy(t + 16, &t2, 32);
      __builtin_memcpy(t + 24, &t3, 32);
      __builtin_memcpy(t + 32, &t4, 32);
      __builtin_memcpy(t + 40, &t5, 32);
      __builtin_memcpy(t + 48, &t6, 32);
      __builtin_memcpy(t + 56, &t7, 32);
      for (int c = 0; c < OUTER_TILE; c++) acc[c0 + c].d += (double)t[c];
    }
  }
  if (c0 < cols) sumOuterF_Float32(acc + c0, in + c0 * 4, rows, rs, cols - c0, 4, 0);
}
static void fast_sum_Float32_outer(void *acc, int64_t W, const char *in, int64_t rows, int64_t rs, int64_t cols,
                                   int64_t cs, int64_t idx0, const THReduceCtx *ctx) {
  if (cs == 4) sumOuterF32Contig(A(acc), in, rows, rs, cols);
  else sum_Float32.outer(acc, W, in, rows, rs, cols, cs, idx0, ctx);
}

/* outer max/min (values, and the first index of each when arg) over contiguous float columns:
 * 32-column tiles in registers */
#define OUTER_EXT(NAME, ISMIN, ARG)                                                                           \
  TH_CLONES static void NAME##OuterF32(THRVal *acc, int64_t W, const char *in, int64_t rows, int64_t rs,      \
                                       int64_t cols, int64_t idx0) {                                          \
    int64_t c0 = 0;                                                                                           \
    for (; c0 + 32 <= cols; c0 += 32) {                                                                       \
      const float *p0 = (const float *)in + c0;                                                               \
      v8f m[4];                                                                                               \
      v8i at[4] = {{0}, {0}, {0}, {0}}, nan[4];                                                                \
      for (int k = 0; k < 4; k++) m[k] = ld8f(p0 + 8 * k), nan[k] = m[k] != m[k];                            \
      for (int64_t r = 1; r < rows; r++) {                                                                    \
        const float *p = (const float *)(in + r * rs) + c0;                                                   \
        v8i rv = {(int32_t)r, (int32_t)r, (int32_t)r, (int32_t)r, (int32_t)r, (int32_t)r, (int32_t)r, (int32_t)r}; \
        for (int k = 0; k < 4; k++) {                                                                         \
          v8f x = ld8f(p + 8 * k);                                                                            \
          v8i xn = x != x;                                                                                    \
          v8i take = ((ISMIN ? x < m[k] : x > m[k]) | xn) & ~nan[k];                                          \
          m[k] = (v8f)(((v8i)x & take) | ((v8i)m[k] & ~take));                                                \
          if (ARG) at[k] = (rv & take) | (at[k] & ~take);                                                     \
          nan[k] |= xn;                                                                                       \
        }                                                                                                     \
      }                                                                                                       \
      for (int k = 0; k < 4; k++)                                                                             \
        for (int l = 0; l < 8; l++) {                                                                         \
          int64_t c = c0 + 8 * k + l;                                                                         \
          double v = m[k][l], cur = acc[c].d;                                                                 \
          if (ARG) {                                                                                          \
            int64_t ci = acc[W + c].i;                                                                        \
            if (ci < 0 || (cur == cur && (v != v || (ISMIN ? v < cur : v > cur))))                            \
              acc[c].d = v, acc[W + c].i = idx0 + at[k][l];                                                   \
          } else if (v != v || (cur == cur && (ISMIN ? v < cur : v > cur))) {                                 \
            acc[c].d = v;                                                                                     \
          }                                                                                                   \
        }                                                                                                     \
    }                                                                                                         \
    if (c0 < cols) (ARG ? (ISMIN ? argmin_Float32 : argmax_Float32) : (ISMIN ? min_Float32 : max_Float32))   \
                       .outer(acc + c0, W, in + c0 * 4, rows, rs, cols - c0, 4, idx0, NULL);                  \
  }                                                                                                           \
  static void fast_##NAME##_Float32_outer(void *acc, int64_t W, const char *in, int64_t rows, int64_t rs,     \
                                          int64_t cols, int64_t cs, int64_t idx0, const THReduceCtx *ctx) {   \
    if (cs == 4 && rows > 0 && rows < INT32_MAX) NAME##OuterF32(A(acc), W, in, rows, rs, cols, idx0);         \
    else NAME##_Float32.outer(acc, W, in, rows, rs, cols, cs, idx0, ctx);                                     \
  }
OUTER_EXT(max, 0, 0)
OUTER_EXT(min, 1, 0)
OUTER_EXT(argmax, 0, 1)
OUTER_EXT(argmin, 1, 1)

/* ---------------------------------------------------------------- the table */



static const THReduceKernel *table[TH_NumReduceOps][TH_NumDTypes];

#define FILL_ALL(D, unused)                                                                                  \
  table[TH_R_PROD][TH_##D] = &prod_##D;                                                                      \
  table[TH_R_MAX][TH_##D] = &max_##D;                                                                        \
  table[TH_R_MIN][TH_##D] = &min_##D;                                                                        \
  table[TH_R_ARGMAX][TH_##D] = &argmax_##D;                                                                  \
  table[TH_R_ARGMIN][TH_##D] = &argmin_##D;                                                                  \
  table[TH_R_MINMAX][TH_##D] = &minmax_##D;                                                                  \
  table[TH_R_ALL][TH_##D] = &all_##D;                                                                        \
  table[TH_R_ANY][TH_##D] = &any_##D;                                                                        \
  table[TH_R_COUNT][TH_##D] = &count_##D;
#define FILL_F(D, unused)                                                                                    \
  table[TH_R_SUM][TH_##D] = &sum_##D;                                                                        \
  table[TH_R_NANSUM][TH_##D] = &nansum_##D;                                                                  \
  table[TH_R_MOMENTS][TH_##D] = &moments_##D;                                                                \
  table[TH_R_NORMP][TH_##D] = &normp_##D;                                                                    \
  table[TH_R_NORM0][TH_##D] = &norm0_##D;                                                                    \
  table[TH_R_NORM1][TH_##D] = &norm1_##D;                                                                    \
  table[TH_R_NORM2][TH_##D] = &norm2_##D;                                                                    \
  table[TH_R_NORMINF][TH_##D] = &norminf_##D;                                                                \
  table[TH_R_NORMNINF][TH_##D] = &normninf_##D;                                                              \
  table[TH_R_NANMEAN][TH_##D] = &nanmean_##D;
#define FILL_I(D, unused)                                                                                    \
  table[TH_R_SUM][TH_##D] = &sum_##D;                                                                        \
  table[TH_R_NANSUM][TH_##D] = &sum_##D;

__attribute__((constructor)) static void fillTable(void) {
  TH_ALL_DTYPES(FILL_ALL, _)
  TH_FLOAT_DTYPES(FILL_F, _)
  FILL_F(Float16, _)
  FILL_F(BFloat16, _)
  TH_INT_DTYPES(FILL_I, _)
  FILL_I(Bool, _)
  /* contiguous fast paths */
  static THReduceKernel fast[16];
  int nf = 0;
#define FAST(OP, NAME, D)                                                                                     \
  fast[nf] = NAME##_##D;                                                                                     \
  fast[nf].inner = fast_##NAME##_##D##_inner;                                                                \
  table[OP][TH_##D] = &fast[nf++];
#define FAST_BOTH(OP, NAME) FAST(OP, NAME, Float32) FAST(OP, NAME, Float64)
  FAST_BOTH(TH_R_SUM, sum)
  FAST_BOTH(TH_R_NORM1, norm1)
  FAST_BOTH(TH_R_NORM2, norm2)
  FAST_BOTH(TH_R_MAX, max)
  FAST_BOTH(TH_R_MIN, min)
  FAST_BOTH(TH_R_ARGMAX, argmax)
  FAST_BOTH(TH_R_ARGMIN, argmin)
  FAST_BOTH(TH_R_MOMENTS, moments)
  /* outer paths (float32) */
  ((THReduceKernel *)table[TH_R_SUM][TH_Float32])->outer = fast_sum_Float32_outer;
  ((THReduceKernel *)table[TH_R_MAX][TH_Float32])->outer = fast_max_Float32_outer;
  ((THReduceKernel *)table[TH_R_MIN][TH_Float32])->outer = fast_min_Float32_outer;
  ((THReduceKernel *)table[TH_R_ARGMAX][TH_Float32])->outer = fast_argmax_Float32_outer;
  ((THReduceKernel *)table[TH_R_ARGMIN][TH_Float32])->outer = fast_argmin_Float32_outer;
}

const THReduceKernel *THReduce_kernel(THReduceOp op, THDType t) {
  if ((unsigned)op >= TH_NumReduceOps || (unsigned)t >= TH_NumDTypes) return NULL;
  return table[op][t];
}
