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

/* Loops indexed by the dtype they compute in (NULL: not implemented for that dtype). */
extern THLoop thUnaryLoops[TH_NumUnaryOps][TH_NumDTypes];
extern THLoop thBinaryLoops[TH_NumBinaryOps][TH_NumDTypes];

/* Ternary ops (three inputs), also indexed by compute dtype. */
typedef enum { TH_TER_clamp, TH_TER_lerp, TH_TER_addcmul, TH_TER_addcdiv, TH_TER_where, TH_NumTernaryOps } THTernaryOp;
extern THLoop thTernaryLoops[TH_NumTernaryOps][TH_NumDTypes];
/* clamp with only a min or only a max (binary shape), and nan_to_num (unary shape). */
extern THLoop thClampMinLoops[TH_NumDTypes], thClampMaxLoops[TH_NumDTypes], thNanToNumLoops[TH_NumDTypes];

/* Vectorized contiguous float loops (SLEEF/AVX2), installed at load when the CPU has AVX2+FMA. */
typedef void (*THVecUnaryF32)(float *out, const float *in, int64_t n);
typedef void (*THVecUnaryF64)(double *out, const double *in, int64_t n);
extern THVecUnaryF32 thVecF32[TH_NumUnaryOps];
extern THVecUnaryF64 thVecF64[TH_NumUnaryOps];
void THVecMath_install(THVecUnaryF32 *f32, THVecUnaryF64 *f64);

/* Registers a loop at library load, next to its definition. */
#define TH_REGISTER(table, fn)                                                    \
  __attribute__((constructor)) static void register_##fn(void) { table = fn; }

/* A 1-input loop: `x` is the element, `body` the value stored. */
#define TH_UNARY_LOOP(name, IN, OUT, body)                                                            \
  static void name(char **data, const int64_t *s, int64_t n, void *vctx) {                            \
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

/* A 2-input loop with fast paths for contiguous and scalar (stride 0) operands. */
#define TH_BINARY_LOOP(name, IN, OUT, body)                                                           \
  static void name(char **data, const int64_t *s, int64_t n, void *vctx) {                            \
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
    } else {                                                                                          \
      for (int64_t i = 0; i < n; i++) {                                                               \
        IN a = *(const IN *)(pa + i * s[1]), b = *(const IN *)(pb + i * s[2]);                        \
        *(OUT *)(o + i * s[0]) = (OUT)(body);                                                         \
      }                                                                                               \
    }                                                                                                 \
  }

/* A 3-input loop (`a`, `b`, `c`); `A` is the first input's type when it differs (where's cond). */
#define TH_TERNARY_LOOP(name, A_T, IN, OUT, body)                                                     \
  static void name(char **data, const int64_t *s, int64_t n, void *vctx) {                            \
    THKernelCtx *ctx = (THKernelCtx *)vctx;                                                           \
    typedef IN T; /* bodies name the compute type T */                                               \
    (void)ctx;                                                                                        \
    for (int64_t i = 0; i < n; i++) {                                                                 \
      A_T a = *(const A_T *)(data[1] + i * s[1]);                                                     \
      IN b = *(const IN *)(data[2] + i * s[2]), c = *(const IN *)(data[3] + i * s[3]);                \
      *(OUT *)(data[0] + i * s[0]) = (OUT)(body);                                                     \
    }                                                                                                 \
  }

#endif
