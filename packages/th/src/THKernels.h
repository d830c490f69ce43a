/* Kernel tables shared by the elementwise drivers (THTensorMath.c) and kernel files. */
#ifndef TH_KERNELS_H
#define TH_KERNELS_H

#include "THDispatch.h"

typedef struct THKernelCtx {
  double alpha;      /* add/sub alpha, addcmul/addcdiv value */
  double p0, p1, p2; /* op parameters (nan_to_num replacements) */
  int error;         /* set by a kernel: TH_KERNEL_ZERO_DIV */
} THKernelCtx;
#define TH_KERNEL_ZERO_DIV 1

static inline void THKernel_fail(THKernelCtx *ctx, int code) { __atomic_store_n(&ctx->error, code, __ATOMIC_RELAXED); }

/* Ternary ops (three inputs). */
typedef enum { TH_TER_clamp, TH_TER_lerp, TH_TER_addcmul, TH_TER_addcdiv, TH_TER_where, TH_NumTernaryOps } THTernaryOp;

/* Every elementwise loop, indexed by op and by the dtype it computes in (NULL: not implemented). */
typedef struct THKernelTable {
  THLoop unary[TH_NumUnaryOps][TH_NumDTypes];
  THLoop binary[TH_NumBinaryOps][TH_NumDTypes];
  THLoop ternary[TH_NumTernaryOps][TH_NumDTypes];
  THLoop clampMin[TH_NumDTypes], clampMax[TH_NumDTypes]; /* clamp with one bound */
  THLoop nanToNum[TH_NumDTypes];
} THKernelTable;

/* The loops in use. The kernel files are compiled twice on x86-64: for the baseline ISA into
 * thKernels, and with -mavx2 -mfma (TH_KERNELS_AVX2) into thKernelsAVX2, which replaces
 * thKernels at load time on CPUs that have AVX2 and FMA. */
extern THKernelTable thKernels;
extern THKernelTable thKernelsAVX2;
#ifdef TH_KERNELS_AVX2
#define TH_KERNELS thKernelsAVX2
#else
#define TH_KERNELS thKernels
#endif

/* Vectorized contiguous float loops (SLEEF/AVX2), installed at load when the CPU has AVX2+FMA. */
typedef void (*THVecUnaryF32)(float *out, const float *in, int64_t n);
typedef void (*THVecUnaryF64)(double *out, const double *in, int64_t n);
extern THVecUnaryF32 thVecF32[TH_NumUnaryOps];
extern THVecUnaryF64 thVecF64[TH_NumUnaryOps];
void THVecMath_install(THVecUnaryF32 *f32, THVecUnaryF64 *f64);

/* Registers a loop at library load, next to its definition (before the AVX2 tables are chosen,
 * which runs at priority TH_INSTALL_PRIORITY). */
#define TH_REGISTER_PRIORITY 110
#define TH_INSTALL_PRIORITY 120
#define TH_REGISTER(entry, fn)                                                                      \
  __attribute__((constructor(TH_REGISTER_PRIORITY))) static void register_##fn(void) { TH_KERNELS.entry = fn; }

/* The THLoop for name##_row (one run of n elements): runs `outer` rows, stepping each operand by
 * its outer stride, strides[NOPS + k]; with the row inlined the compiler hoists its stride tests. */
#define TH_LOOP2D(name, NOPS)                                                                         \
  static void name(char **data, const int64_t *s, int64_t n, int64_t outer, void *ctx) {              \
    char *ptrs[NOPS];                                                                                 \
    for (int k = 0; k < NOPS; k++) ptrs[k] = data[k];                                                 \
    for (int64_t j = 0; j < outer; j++) {                                                             \
      name##_row(ptrs, s, n, ctx);                                                                    \
      for (int k = 0; k < NOPS; k++) ptrs[k] += s[NOPS + k];                                          \
    }                                                                                                 \
  }

/* A 1-input loop: `x` is the element, `body` the value stored. */
#define TH_UNARY_ROW(name, IN, OUT, body)                                                            \
  static inline void name##_row(char **data, const int64_t *s, int64_t n, void *vctx) {               \
    THKernelCtx *ctx = (THKernelCtx *)vctx;                                                           \
    typedef IN T; /* bodies name the compute type T */                                               \
    (void)ctx;                                                                                        \
    char *o = data[0];                                                                                \
    const char *pa = data[1];                                                                         \
    if (s[0] == sizeof(OUT) && s[1] == sizeof(IN)) {                                                  \
      OUT *out = (OUT *)o;                                                                            \
      const IN *in = (const IN *)pa;                                                                  \
      for (int64_t i = 0; i < n; i++) {                                                               \
        IN x = in[i];                                                                                 \
        (void)x;                                                                                      \
        out[i] = (OUT)(body);                                                                         \
      }                                                                                               \
    } else {                                                                                          \
      for (int64_t i = 0; i < n; i++) {                                                               \
        IN x = *(const IN *)(pa + i * s[1]);                                                          \
        (void)x;                                                                                      \
        *(OUT *)(o + i * s[0]) = (OUT)(body);                                                         \
      }                                                                                               \
    }                                                                                                 \
  }
#define TH_UNARY_LOOP(name, IN, OUT, body) TH_UNARY_ROW(name, IN, OUT, body) TH_LOOP2D(name, 2)

/* A 2-input loop with fast paths for contiguous and scalar (stride 0) operands. */
#define TH_BINARY_ROW(name, IN, OUT, body)                                                           \
  static inline void name##_row(char **data, const int64_t *s, int64_t n, void *vctx) {               \
    THKernelCtx *ctx = (THKernelCtx *)vctx;                                                           \
    typedef IN T; /* bodies name the compute type T */                                               \
    (void)ctx;                                                                                        \
    char *o = data[0];                                                                                \
    const char *pa = data[1], *pb = data[2];                                                          \
    if (s[0] == sizeof(OUT) && s[1] == sizeof(IN) && s[2] == sizeof(IN)) {                            \
      OUT *out = (OUT *)o;                                                                            \
      const IN *A = (const IN *)pa, *B = (const IN *)pb;                                              \
      for (int64_t i = 0; i < n; i++) {                                                               \
        IN a = A[i], b = B[i];                                                                        \
        out[i] = (OUT)(body);                                                                         \
      }                                                                                               \
    } else if (s[0] == sizeof(OUT) && s[1] == sizeof(IN) && s[2] == 0) {                              \
      OUT *out = (OUT *)o;                                                                            \
      const IN *A = (const IN *)pa;                                                                   \
      const IN b = *(const IN *)pb;                                                                   \
      for (int64_t i = 0; i < n; i++) {                                                               \
        IN a = A[i];                                                                                  \
        out[i] = (OUT)(body);                                                                         \
      }                                                                                               \
    } else if (s[0] == sizeof(OUT) && s[1] == 0 && s[2] == sizeof(IN)) {                              \
      OUT *out = (OUT *)o;                                                                            \
      const IN a = *(const IN *)pa;                                                                   \
      const IN *B = (const IN *)pb;                                                                   \
      for (int64_t i = 0; i < n; i++) {                                                               \
        IN b = B[i];                                                                                  \
        out[i] = (OUT)(body);                                                                         \
      }                                                                                               \
    } else if (s[0] == sizeof(OUT) && s[1] == sizeof(IN)) { /* b strided, e.g. a.t() + b */         \
      OUT *out = (OUT *)o;                                                                            \
      const IN *A = (const IN *)pa;                                                                   \
      for (int64_t i = 0; i < n; i++) {                                                               \
        IN a = A[i], b = *(const IN *)(pb + i * s[2]);                                                \
        out[i] = (OUT)(body);                                                                         \
      }                                                                                               \
    } else {                                                                                          \
      for (int64_t i = 0; i < n; i++) {                                                               \
        IN a = *(const IN *)(pa + i * s[1]), b = *(const IN *)(pb + i * s[2]);                        \
        *(OUT *)(o + i * s[0]) = (OUT)(body);                                                         \
      }                                                                                               \
    }                                                                                                 \
  }
#define TH_BINARY_LOOP(name, IN, OUT, body) TH_BINARY_ROW(name, IN, OUT, body) TH_LOOP2D(name, 3)

/* A 3-input loop (`a`, `b`, `c`); `A` is the first input's type when it differs (where's cond). */
#define TH_TERNARY_ROW(name, A_T, IN, OUT, body)                                                     \
  static inline void name##_row(char **data, const int64_t *s, int64_t n, void *vctx) {               \
    THKernelCtx *ctx = (THKernelCtx *)vctx;                                                           \
    typedef IN T; /* bodies name the compute type T */                                               \
    (void)ctx;                                                                                        \
    if (s[0] == sizeof(OUT) && s[1] == sizeof(A_T) && s[2] == sizeof(IN) && (s[3] == sizeof(IN) || s[3] == 0)) { \
      /* contiguous (the third operand may be a broadcast scalar): loops the compiler vectorizes */  \
      OUT *out = (OUT *)data[0];                                                                      \
      const A_T *pa = (const A_T *)data[1];                                                           \
      const IN *pb = (const IN *)data[2], *pc = (const IN *)data[3];                                  \
      if (s[3] == 0) {                                                                                \
        const IN c = *pc;                                                                             \
        for (int64_t i = 0; i < n; i++) {                                                             \
          A_T a = pa[i];                                                                              \
          IN b = pb[i];                                                                               \
          out[i] = (OUT)(body);                                                                       \
        }                                                                                             \
      } else {                                                                                        \
        for (int64_t i = 0; i < n; i++) {                                                             \
          A_T a = pa[i];                                                                              \
          IN b = pb[i], c = pc[i];                                                                    \
          out[i] = (OUT)(body);                                                                       \
        }                                                                                             \
      }                                                                                               \
      return;                                                                                         \
    }                                                                                                 \
    for (int64_t i = 0; i < n; i++) {                                                                 \
      A_T a = *(const A_T *)(data[1] + i * s[1]);                                                     \
      IN b = *(const IN *)(data[2] + i * s[2]), c = *(const IN *)(data[3] + i * s[3]);                \
      *(OUT *)(data[0] + i * s[0]) = (OUT)(body);                                                     \
    }                                                                                                 \
  }
#define TH_TERNARY_LOOP(name, A_T, IN, OUT, body) TH_TERNARY_ROW(name, A_T, IN, OUT, body) TH_LOOP2D(name, 4)

#endif
