/* THCBlasInternal.h — what THCBlas*.c, THCRandom.c and their kernels (THCGemm.cu,
 * THCBlasKernels.cu, THCRandomKernels.cu) share: strided-tensor descriptors for kernels, the
 * launchers the kernels export (plain C, returning a cudaError_t), and the host helpers that run
 * an op on one device's current stream. Nothing here is public. */
#ifndef THC_BLAS_INTERNAL_H
#define THC_BLAS_INTERNAL_H

#include <cuda_runtime_api.h>
#include <stdint.h>

#include "THC/THCGeneral.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A tensor's shape and strides (in elements) as a kernel walks it: element i (row-major over
 * sizes) is at sum(coordinate[d] * strides[d]). Dims of size 1 are dropped and mergeable dims
 * merged (THCBlas_coalesce), so ndim is usually 1 or 2; ndim 0 is one element. */
typedef struct THCStrided {
  int ndim;
  int64_t sizes[TH_MAX_DIMS];
  int64_t strides[TH_MAX_DIMS];
} THCStrided;

/* ---- kernels: GEMM (THCGemm.cu) ---- */

/* C[b] = alpha * A[b] @ B[b] + beta * C[b] for b < batch: A is M x K, B is K x N, C is M x N, each
 * element (i, j) at p + b * bs + i * rs + j * cs (any strides, 0 included; C must not overlap
 * itself). One dtype for all three: float32, float16, bfloat16 (tensor cores, float accumulation),
 * float64, or an integer dtype (int64 accumulation, wrapping as TH's int64 GEMM does). beta == 0
 * never reads C (NaN in C does not propagate); K == 0 or alpha == 0 gives beta * C. */
typedef struct THCGemmArgs {
  THDType dtype;
  int64_t M, N, K;
  double alpha, beta;
  const void *A;
  int64_t rsA, csA, bsA;
  const void *B;
  int64_t rsB, csB, bsB;
  void *C;
  int64_t rsC, csC, bsC;
  int64_t batch;
} THCGemmArgs;
cudaError_t THCGemm_builtin(const THCGemmArgs *g, int ccMajor, cudaStream_t stream);
/* The Hopper kernel for float16/bfloat16 (sm90/THCGemmSm90.cu, built where nvcc has sm_90a):
 * cudaErrorNotSupported, having done nothing, where the operands or the GPU do not suit it. */
cudaError_t THCGemm_sm90(const THCGemmArgs *g, cudaStream_t stream);
/* 1 when THCGemm_sm90 can run on the current device (a 9.0 GPU, the driver's TMA encoder found, not
 * turned off by THC_GEMM_SM90=0), else 0; 0 too where it was not built. */
int THCGemm_sm90Usable(void);

/* ---- kernels: copies and small ops (THCBlasKernels.cu) ---- */

/* dst[i] = (dstType) src[i] over numel elements (src already broadcast to dst's sizes). */
cudaError_t THCBlasK_copy(void *dst, THDType dstType, const THCStrided *dstInfo, const void *src, THDType srcType,
                          const THCStrided *srcInfo, int64_t numel, cudaStream_t stream);
/* dst[i] = value, converted to dstType. */
cudaError_t THCBlasK_fill(void *dst, THDType dstType, const THCStrided *info, int64_t numel, double value,
                          cudaStream_t stream);
/* out[i] = a[i] * b[i] computed as TH's mul for result type rt (operands rounded to rt, the product
 * rounded to rt), stored as outType. */
cudaError_t THCBlasK_mul(void *out, THDType outType, const THCStrided *outInfo, const void *a, THDType aType,
                         const THCStrided *aInfo, const void *b, THDType bType, const THCStrided *bInfo, THDType rt,
                         int64_t numel, cudaStream_t stream);
/* Cross products of 3-vectors: for each of numel positions (info), components c = 0..2 at
 * c * stride3: r_c = a_j b_k - a_k b_j, all of one dtype. */
cudaError_t THCBlasK_cross(void *r, const THCStrided *rInfo, int64_t rStride3, const void *a, const THCStrided *aInfo,
                           int64_t aStride3, const void *b, const THCStrided *bInfo, int64_t bStride3, THDType dtype,
                           int64_t numel, cudaStream_t stream);
/* r (0-d, outType) = sum of n elements of a at a + i * step (float types in double, integers in int64). */
cudaError_t THCBlasK_trace(void *r, THDType outType, const void *a, THDType aType, int64_t n, int64_t step,
                           cudaStream_t stream);
/* Zeroes the elements of t (ndim >= 2, full shape, not coalesced) outside the triangle: tril keeps
 * j <= i + k, triu keeps j >= i + k, (i, j) its last two coordinates. */
cudaError_t THCBlasK_triangle(void *t, THDType dtype, const THCStrided *info, int64_t numel, int64_t k, int upper,
                              cudaStream_t stream);

/* ---- kernels: random numbers (THCRandomKernels.cu) ---- */

enum {
  THC_RAND_UNIFORM,        /* a = from, b = to (rounded to r's dtype) */
  THC_RAND_NORMAL,         /* a = mean, b = std */
  THC_RAND_LOGNORMAL,      /* exp(normal(a, b)) */
  THC_RAND_NORMAL_TENSOR,  /* z * std + mean, std from q (or b), mean from p (or a) */
  THC_RAND_EXPONENTIAL,    /* a = lambda */
  THC_RAND_CAUCHY,         /* a = median, b = sigma */
  THC_RAND_GEOMETRIC,      /* a = p */
  THC_RAND_BERNOULLI,      /* a = p */
  THC_RAND_BERNOULLI_TENSOR, /* p from p (float32 or float64) */
  THC_RAND_RANDOM32,       /* base + u32 % range */
  THC_RAND_RANDOM64,       /* base + u64 % range */
  THC_RAND_RANDOM_FULL,    /* all 64 bits */
  THC_RAND_RANDOM_DEFAULT  /* random_() with no bounds, per dtype */
};

/* One sampling launch: element i of r (row-major over rInfo) gets the i-th value of the stream
 * of (seed, offset). p and q: tensor parameters broadcast to r's shape (pInfo, qInfo). */
typedef struct THCRandArgs {
  int kind;
  THDType dtype;
  uint64_t seed, offset;
  int64_t numel;
  void *r;
  THCStrided rInfo;
  double a, b;
  uint64_t range;
  int64_t base;
  const void *p;
  THDType pType;
  THCStrided pInfo;
  const void *q;
  THDType qType;
  THCStrided qInfo;
} THCRandArgs;
cudaError_t THCRandK_sample(const THCRandArgs *args, cudaStream_t stream);

/* Over numel elements of t (dtype, strided): the smallest and largest values and whether a NaN
 * was seen, into the device buffer out (3 x uint64: min and max as ordered keys, the NaN flag). */
cudaError_t THCRandK_minMax(const void *t, THDType dtype, const THCStrided *info, int64_t numel, uint64_t *out,
                            cudaStream_t stream);
double THCRand_keyToDouble(uint64_t key);

/* Per row of a [rows, cols] matrix of probabilities (strides rs, cs): the sum (double) and the first
 * column holding a negative or NaN value and the first holding an infinity (cols when none). */
typedef struct THCRowStats {
  double sum;
  long long firstNegative, firstInfinite;
} THCRowStats;
cudaError_t THCRandK_rowStats(const void *p, THDType dtype, int64_t rows, int64_t cols, int64_t rs, int64_t cs,
                              THCRowStats *out, cudaStream_t stream);
/* Multinomial with replacement: cum (rows x cols doubles) gets each row's normalised cumulative
 * distribution, then r[i, k] (int64 at r + i * rrs + k * rcs) the category of a uniform draw. */
cudaError_t THCRandK_multinomialWithReplacement(const void *p, THDType dtype, int64_t rows, int64_t cols, int64_t rs,
                                                int64_t cs, double *cum, int64_t samples, long long *r, int64_t rrs,
                                                int64_t rcs, uint64_t seed, uint64_t offset, cudaStream_t stream);
/* Multinomial without replacement, step 1: keys[i * cols + j] orders row i by p / q descending
 * (q ~ Exp(1)), vals the column j. Step 2 (after sorting): r[i, k] = vals[i * cols + k]. */
cudaError_t THCRandK_multinomialKeys(const void *p, THDType dtype, int64_t rows, int64_t cols, int64_t rs, int64_t cs,
                                     uint64_t *keys, long long *vals, uint64_t seed, uint64_t offset, cudaStream_t stream);
cudaError_t THCRandK_gatherSamples(const long long *vals, int64_t rows, int64_t cols, int64_t samples, long long *r,
                                   int64_t rrs, int64_t rcs, cudaStream_t stream);
/* randperm: keys[i] random 64-bit, vals[i] = i. */
cudaError_t THCRandK_permKeys(uint64_t *keys, long long *vals, int64_t n, uint64_t seed, uint64_t offset, cudaStream_t stream);
/* cub's radix sort of (key, value) pairs on the low endBit bits of the keys; temp NULL: sets *tempBytes. */
cudaError_t THCRandK_sortPairs(void *temp, size_t *tempBytes, const uint64_t *keysIn, uint64_t *keysOut, const long long *valsIn,
                               long long *valsOut, int64_t n, int endBit, cudaStream_t stream);

/* ---- host helpers (THCBlasUtil.c) ---- */

/* Coalesces nops operands of one shape: out[k] gets operand k's dims with size-1 dims dropped and
 * neighbours merged where every operand allows it (row-major element order is kept). */
void THCBlas_coalesce(int nops, int ndim, const int64_t *sizes, const int64_t *const *strides, THCStrided *out);

/* An op on one device: the device all its tensors are on, entered, and its current stream. */
typedef struct THCBlasCtx {
  THCState *state;
  int device;
  struct THCStream *stream;
  cudaStream_t cs;
  int entered;
  int guardPrevious, guardChanged;
} THCBlasCtx;
/* Checks that the n tensors (NULLs skipped; 0-d host tensors allowed as scalars) and r (which
 * must be a device tensor unless NULL) are on one device, then enters it. */
int THCBlas_enter(THCBlasCtx *c, THCState *state, const char *op, THTensor *r, int n, const THTensor *const *ts);
void THCBlas_exit(THCBlasCtx *c);
/* Exits c and passes st on: `return THCBlas_leave(&c, st);`. */
static inline int THCBlas_leave(THCBlasCtx *c, int st) {
  THCBlas_exit(c);
  return st;
}
/* Computes `call` into a fresh device tensor tmp_ of r's dtype, assigns it to r, exits c and
 * returns: for an r that aliases an input the op reads after writing r. */
#define THCBLAS_VIA_TEMP(c, r, call)                                                  \
  do {                                                                                \
    THTensor *tmp_ = THCTensor_new((c)->state, THTensor_dtype(r), (c)->device);       \
    int st_ = tmp_ ? (call) : TH_ERR;                                                 \
    if (st_ == TH_OK) st_ = THCBlas_assign((c), (r), tmp_);                           \
    THTensor_free(tmp_);                                                              \
    return THCBlas_leave((c), st_);                                                   \
  } while (0)

/* dst = src, broadcasting src to dst's shape and converting dtypes (src may be a 0-d host tensor). */
int THCBlas_copy(THCBlasCtx *c, THTensor *dst, const THTensor *src);
/* Resizes r to t's shape and copies t into it. */
int THCBlas_assign(THCBlasCtx *c, THTensor *r, const THTensor *t);
int THCBlas_fill(THCBlasCtx *c, THTensor *t, double value);
/* A new contiguous device tensor on c's device. */
THTensor *THCBlas_newTensor(THCBlasCtx *c, THDType dtype, int ndim, const int64_t *sizes);
/* A contiguous copy of t in dtype (t itself, retained, when already contiguous of that dtype and !force). */
THTensor *THCBlas_newContiguous(THCBlasCtx *c, const THTensor *t, THDType dtype, int force);
/* A view with the new shape when THTensor_newView can make one, else a contiguous copy reshaped. */
THTensor *THCBlas_newReshape(THCBlasCtx *c, const THTensor *t, int ndim, const int64_t *sizes);
/* An r whose elements alias each other (a stride 0 over a size > 1). */
int THCBlas_selfOverlapping(const THTensor *r);

/* The per-state data of this part, kept in THCState's `blas` field (THCBlas.c): cuBLAS handles
 * and the default random generators (THCRandom.c). */
struct THCRandomState;
struct THCRandomState **THCBlas_randomSlot(THCState *state);
void THCRandom_freeState(struct THCRandomState *rs);

#ifdef __cplusplus
}
#endif

#endif
