/* Scans along one dim: cumsum, cumprod (accumulating in double / int64, as PyTorch's CPU
 * kernels), cummax, cummin (value and index). Lines along the scanned dim are independent: when
 * another dim is faster in memory, blocks of lines advance together row by row (vectorized over
 * that dim); otherwise each line is scanned on its own. Parallel over lines. */
#include "THDispatch.h"
#include "THReduceIter.h"

#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#define SCAN_W 256

enum { SCAN_SUM, SCAN_PROD, SCAN_MAX, SCAN_MIN };

typedef void (*ScanFn)(char *out, char *idx, const char *in, int64_t n, int64_t sIn, int64_t sOut, int64_t sIdx, int64_t W,
                       int64_t wIn, int64_t wOut, int64_t wIdx);

#define ACC_F double
#define ACC_I int64_t
#define SACC_Bool ACC_I
#define SACC_UInt8 ACC_I
#define SACC_Int8 ACC_I
#define SACC_Int16 ACC_I
#define SACC_Int32 ACC_I
#define SACC_Int64 ACC_I
#define SACC_Float16 ACC_F
#define SACC_BFloat16 ACC_F
#define SACC_Float32 ACC_F
#define SACC_Float64 ACC_F

/* A running sum or product (OP: + or *, ID its identity) of W lines; W == 4 keeps four dependency
 * chains in flight. */
#define SCAN_ACCUM_OP(D, NAME, OP, ID)                                                                                   \
  static void scan##NAME##_##D(char *out, char *idx, const char *in, int64_t n, int64_t sIn, int64_t sOut, int64_t sIdx, \
                          int64_t W, int64_t wIn, int64_t wOut, int64_t wIdx) {                                          \
    SACC_##D acc[SCAN_W];                                                                                                \
    if (W == 4) { /* four independent lines: four dependency chains in flight */                                         \
      SACC_##D a0 = ID, a1 = ID, a2 = ID, a3 = ID;                                                                       \
      for (int64_t i = 0; i < n; i++) {                                                                                  \
        const char *q = in + i * sIn;                                                                                    \
        char *o = out + i * sOut;                                                                                        \
        a0 = a0 OP (SACC_##D)TH_LOAD_##D(q);                                                                             \
        a1 = a1 OP (SACC_##D)TH_LOAD_##D(q + wIn);                                                                       \
        a2 = a2 OP (SACC_##D)TH_LOAD_##D(q + 2 * wIn);                                                                   \
        a3 = a3 OP (SACC_##D)TH_LOAD_##D(q + 3 * wIn);                                                                   \
        TH_STORE_##D(o, a0);                                                                                             \
        TH_STORE_##D(o + wOut, a1);                                                                                      \
        TH_STORE_##D(o + 2 * wOut, a2);                                                                                  \
        TH_STORE_##D(o + 3 * wOut, a3);                                                                                  \
      }                                                                                                                  \
      return;                                                                                                            \
    }                                                                                                                    \
    if (W == 1) {                                                                                                        \
      SACC_##D a = ID;                                                                                                   \
      for (int64_t i = 0; i < n; i++) {                                                                                  \
        a = a OP (SACC_##D)TH_LOAD_##D(in + i * sIn);                                                                    \
        TH_STORE_##D(out + i * sOut, a);                                                                                 \
      }                                                                                                                  \
      return;                                                                                                            \
    }                                                                                                                    \
    for (int64_t j = 0; j < W; j++) acc[j] = ID;                                                                         \
    for (int64_t i = 0; i < n; i++)                                                                                      \
      for (int64_t j = 0; j < W; j++) {                                                                                  \
        acc[j] = acc[j] OP (SACC_##D)TH_LOAD_##D(in + i * sIn + j * wIn);                                                \
        TH_STORE_##D(out + i * sOut + j * wOut, acc[j]);                                                                 \
      }                                                                                                                  \
  }

#define SCAN_ACCUM(D, unused)                                                                                 \
  SCAN_ACCUM_OP(D, Sum, +, 0)                                                                                 \
  SCAN_ACCUM_OP(D, Prod, *, 1)                                                                                \
  static void scanMax_##D(char *out, char *idx, const char *in, int64_t n, int64_t sIn, int64_t sOut, int64_t sIdx, \
                          int64_t W, int64_t wIn, int64_t wOut, int64_t wIdx) {                               \
    SACC_##D best[SCAN_W];                                                                                    \
    int64_t at[SCAN_W];                                                                                       \
    for (int64_t i = 0; i < n; i++)                                                                           \
      for (int64_t j = 0; j < W; j++) {                                                                       \
        SACC_##D x = (SACC_##D)TH_LOAD_##D(in + i * sIn + j * wIn);                                           \
        if (i == 0 || x != x || (best[j] == best[j] && x >= best[j])) best[j] = x, at[j] = i;                 \
        TH_STORE_##D(out + i * sOut + j * wOut, best[j]);                                                     \
        *(int64_t *)(idx + i * sIdx + j * wIdx) = at[j];                                                      \
      }                                                                                                       \
  }                                                                                                           \
  static void scanMin_##D(char *out, char *idx, const char *in, int64_t n, int64_t sIn, int64_t sOut, int64_t sIdx, \
                          int64_t W, int64_t wIn, int64_t wOut, int64_t wIdx) {                               \
    SACC_##D best[SCAN_W];                                                                                    \
    int64_t at[SCAN_W];                                                                                       \
    for (int64_t i = 0; i < n; i++)                                                                           \
      for (int64_t j = 0; j < W; j++) {                                                                       \
        SACC_##D x = (SACC_##D)TH_LOAD_##D(in + i * sIn + j * wIn);                                           \
        if (i == 0 || x != x || (best[j] == best[j] && x <= best[j])) best[j] = x, at[j] = i;                 \
        TH_STORE_##D(out + i * sOut + j * wOut, best[j]);                                                     \
        *(int64_t *)(idx + i * sIdx + j * wIdx) = at[j];                                                      \
      }                                                                                                       \
  }
TH_ALL_DTYPES(SCAN_ACCUM, _)

#define SCAN_ENTRY(D, unused) [TH_##D] = {scanSum_##D, scanProd_##D, scanMax_##D, scanMin_##D},
static const ScanFn scanFns[TH_NumDTypes][4] = {TH_ALL_DTYPES(SCAN_ENTRY, _)};

typedef struct LineDim {
  int64_t size, in, out, idx;
} LineDim;

/* out (and idx) have a's shape and the compute dtype; in has that dtype too. */
static void runScan(int op, THTensor *out, THTensor *idx, const THTensor *in, int dim) {
  int64_t es = (int64_t)THDType_size(in->dtype);
  int64_t n = in->sizes[dim];
  int64_t sIn = in->strides[dim] * es, sOut = out->strides[dim] * es, sIdx = idx ? idx->strides[dim] * 8 : 0;
  LineDim ld[TH_MAX_DIMS];
  int nl = 0;
  for (int d = in->ndim - 1; d >= 0; d--) {
    if (d == dim || in->sizes[d] == 1) continue;
    LineDim x = {in->sizes[d], in->strides[d] * es, out->strides[d] * es, idx ? idx->strides[d] * 8 : 0};
    int j = nl - 1;
    while (j >= 0 && ld[j].in > x.in) ld[j + 1] = ld[j], j--;
    ld[j + 1] = x;
    nl++;
  }
  int64_t nlines = 1;
  for (int i = 0; i < nl; i++) nlines *= ld[i].size;
  if (nlines == 0 || n == 0) return;
  /* lines advance together along the fastest other dim when it is faster than the scanned one */
  int blocked = nl > 0 && (ld[0].in < sIn || n == 1);
  /* otherwise lines go four at a time (independent chains), along the fastest other dim */
  int quad = !blocked && nl > 0 && ld[0].size >= 4 && op <= SCAN_PROD;
  if (quad) blocked = 1;
  int64_t k0 = blocked ? ld[0].size : 1;
  int64_t W = quad ? 4 : blocked ? (k0 < SCAN_W ? k0 : SCAN_W) : 1;
  int64_t nblocks = (k0 + W - 1) / W, nouter = nlines / k0;
  int first = blocked ? 1 : 0;
  ScanFn fn = scanFns[in->dtype][op];
  const char *inBase = THTensor_bytes(in);
  char *outBase = THTensor_bytes(out), *idxBase = idx ? THTensor_bytes(idx) : NULL;
  int64_t ntasks = nblocks * nouter;
  int threads = THGetNumThreads();
#ifdef _OPENMP
  if (omp_in_parallel() || nlines * n < 32768) threads = 1;
#pragma omp parallel for schedule(static) num_threads(threads) if (threads > 1 && ntasks > 1)
#endif
  for (int64_t t = 0; t < ntasks; t++) {
    int64_t blk = t % nblocks, rest = t / nblocks;
    int64_t c0 = blk * W;
    const char *pi = inBase;
    char *po = outBase, *px = idxBase;
    if (blocked) {
      pi += c0 * ld[0].in;
      po += c0 * ld[0].out;
      if (px) px += c0 * ld[0].idx;
    }
    for (int d = first; d < nl; d++) {
      int64_t c = rest % ld[d].size;
      rest /= ld[d].size;
      pi += c * ld[d].in;
      po += c * ld[d].out;
      if (px) px += c * ld[d].idx;
    }
    int64_t w = blocked ? (k0 - c0 < W ? k0 - c0 : W) : 1;
    fn(po, px, pi, n, sIn, sOut, sIdx, w, blocked ? ld[0].in : 0, blocked ? ld[0].out : 0, blocked ? ld[0].idx : 0);
  }
}

/* r (and r2) resized to a's shape; computed in dtype ct, through temporaries where r has another
 * dtype or overlaps a other than exactly (in place). */
static int scan(const char *name, int op, THTensor *r, THTensor *r2, const THTensor *a, int64_t dim64, THDType ct) {
  int dim;
  if (THTensor_wrapDim(a, dim64, &dim)) return TH_ERR;
  int status = TH_ERR;
  THTensor *in = NULL, *out = NULL, *idx = NULL;
  if (!THTensor_hasShape(r, a->ndim, a->sizes)) {
    int perm[TH_MAX_DIMS];
    THIter_outputLayout(1, &a, a->ndim, a->sizes, perm);
    if (THTensor_resizeWithLayout(r, a->ndim, a->sizes, perm)) return TH_ERR;
  }
  if (r2 && THTensor_resizeOutput(r2, a->ndim, a->sizes)) return TH_ERR;
  if (!(in = THTensor_newTo(a, ct, 0))) goto done;
  int inPlace = THTensor_isSameView(r, a) && r->dtype == ct;
  if (r->dtype == ct && (inPlace || r->storage != a->storage)) {
    out = r;
    THTensor_retain(r);
  } else if (!(out = THTensor_newWithSize(ct, a->ndim, a->sizes))) {
    goto done;
  }
  if (r2) {
    if (r2->storage != a->storage && r2->storage != r->storage) {
      idx = r2;
      THTensor_retain(r2);
    } else if (!(idx = THTensor_newWithSize(TH_Int64, a->ndim, a->sizes))) {
      goto done;
    }
  }
  if (a->ndim == 0) {
    /* a scalar: its own scan */
    THTensor *v = THTensor_newUnsqueeze(in, 0), *o = THTensor_newUnsqueeze(out, 0), *x = idx ? THTensor_newUnsqueeze(idx, 0) : NULL;
    if (v && o && (!idx || x)) runScan(op, o, x, v, 0);
    int ok = v && o && (!idx || x);
    THTensor_free(v);
    THTensor_free(o);
    THTensor_free(x);
    if (!ok) goto done;
  } else {
    runScan(op, out, idx, in, dim);
  }
  if (out != r && THTensor_copy(r, out)) goto done;
  if (idx && idx != r2 && THTensor_copy(r2, idx)) goto done;
  THTensor_bumpVersion(r);
  if (r2) THTensor_bumpVersion(r2);
  status = TH_OK;
done:
  THTensor_free(in);
  THTensor_free(out);
  THTensor_free(idx);
  return status;
}

static int cumAccum(const char *name, int op, THTensor *r, const THTensor *a, int64_t dim, THDType dtype) {
  if (dtype != TH_DTYPE_NONE && THCheckOutDtype(name, r, dtype)) return TH_ERR;
  THDType ct = dtype != TH_DTYPE_NONE ? dtype : r->dtype;
  return scan(name, op, r, NULL, a, dim, ct);
}

int THTensor_cumsum(THTensor *r, const THTensor *a, int64_t dim, THDType dtype) {
  return cumAccum("cumsum", SCAN_SUM, r, a, dim, dtype);
}
int THTensor_cumprod(THTensor *r, const THTensor *a, int64_t dim, THDType dtype) {
  return cumAccum("cumprod", SCAN_PROD, r, a, dim, dtype);
}

static int cumExtremum(const char *name, int op, THTensor *values, THTensor *indices, const THTensor *a, int64_t dim) {
  if (THCheckOutDtype(name, values, a->dtype) || THCheckOutDtype(name, indices, TH_Int64)) return TH_ERR;
  return scan(name, op, values, indices, a, dim, a->dtype);
}

int THTensor_cummax(THTensor *values, THTensor *indices, const THTensor *a, int64_t dim) {
  return cumExtremum("cummax", SCAN_MAX, values, indices, a, dim);
}
int THTensor_cummin(THTensor *values, THTensor *indices, const THTensor *a, int64_t dim) {
  return cumExtremum("cummin", SCAN_MIN, values, indices, a, dim);
}
