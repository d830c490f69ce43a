/* THCBlas.h — matrix products on CUDA tensors and the ops built on them, mirroring libTH's
 * THBlas.h function for function: THTensor_foo(r, ...) is THCTensor_foo(state, r, ...) here, with
 * the same arguments, result shapes and dtypes, and error messages.
 *
 * Products go through cuBLAS when it can be loaded at run time (libcublas.so.13/.12/.11 from the
 * loader's search path, or the file or folder named by the environment variable TYPETORCH_CUBLAS;
 * TYPETORCH_CUBLAS=none turns it off) for float32, float64, float16 and bfloat16 (the half types
 * on tensor cores with float accumulation; float32 in full precision unless TF32 is allowed), and
 * through libTHC's own kernels otherwise. Integer dtypes are multiplied by the built-in kernels
 * (int64 accumulation, wrapping as libTH does; PyTorch's CUDA backend has no integer matmul and
 * raises "addmm_cuda" not implemented for 'Long' there: THC follows libTH). bool is rejected as
 * in libTH.
 *
 * All tensors of a call must be on one device (0-d host tensors may serve as addmm's self); r is
 * resized on that device as libTH resizes it (an r of the right shape keeps its strides). Work is
 * queued on that device's current stream. */
#ifndef THC_BLAS_H
#define THC_BLAS_H

#include "THC/THCTensor.h"

/* ---- backend ---- */
/* "cublas <major>.<minor>.<patch>" when products of floating dtypes go through cuBLAS, "builtin"
 * when they go through libTHC's kernels. Loads cuBLAS on first use. */
TH_API const char *THCBlas_backendName(THCState *state);
/* Why cuBLAS is not in use (not found, not a cuBLAS library, turned off by TYPETORCH_CUBLAS=none or
 * THCBlas_setUseCublas), or NULL when it is. */
TH_API const char *THCBlas_cublasUnavailableReason(THCState *state);
/* 0: the built-in kernels for every dtype (benchmarks and tests); 1: cuBLAS again, which fails
 * with the reason when it cannot be loaded. */
TH_API int THCBlas_setUseCublas(THCState *state, int use);
/* The built-in kernel of float16/bfloat16 products on the current device: "wgmma" (Hopper's
 * warpgroup tensor-core instructions, fed by TMA) on a GPU of compute capability 9.0, "wmma" on
 * other GPUs of 8.0 or newer, NULL below 8.0 (where they need cuBLAS). */
TH_API const char *THCBlas_builtinHalfKernel(THCState *state);
/* PyTorch's torch.backends.cuda.matmul.allow_tf32 (default 0): float32 products through cuBLAS
 * may use TF32 tensor cores. The built-in kernels always compute in full float32. */
TH_API void THCBlas_setAllowTF32(THCState *state, int allow);
TH_API int THCBlas_allowTF32(THCState *state);

/* ---- products ---- */
/* r = a @ b for 2-D a [n, k] and b [k, m]. */
TH_API int THCTensor_mm(THCState *state, THTensor *r, const THTensor *a, const THTensor *b);
/* PyTorch's matmul: every case from 1-D·1-D to batched N-D with broadcasting. */
TH_API int THCTensor_matmul(THCState *state, THTensor *r, const THTensor *a, const THTensor *b);
/* 0-d r = sum(a * b) for 1-D a and b of the same size; vdot conjugates a (real dtypes: the same). */
TH_API int THCTensor_dot(THCState *state, THTensor *r, const THTensor *a, const THTensor *b);
TH_API int THCTensor_vdot(THCState *state, THTensor *r, const THTensor *a, const THTensor *b);
/* r = mat [n, m] @ vec [m]. */
TH_API int THCTensor_mv(THCState *state, THTensor *r, const THTensor *mat, const THTensor *vec);
/* r = a @ b for 3-D a [B, n, k] and b [B, k, m]. */
TH_API int THCTensor_bmm(THCState *state, THTensor *r, const THTensor *a, const THTensor *b);
/* r = beta * self + alpha * (m1 @ m2); self broadcasts to the product's shape (r == self: in place,
 * self must then have that shape). beta == 0 ignores self's values (NaN included). */
TH_API int THCTensor_addmm(THCState *state, THTensor *r, const THTensor *self, const THTensor *m1, const THTensor *m2,
                           double beta, double alpha);
/* r = beta * self + alpha * (mat @ vec). */
TH_API int THCTensor_addmv(THCState *state, THTensor *r, const THTensor *self, const THTensor *mat, const THTensor *vec,
                           double beta, double alpha);
/* r = beta * self + alpha * outer(v1, v2). */
TH_API int THCTensor_addr(THCState *state, THTensor *r, const THTensor *self, const THTensor *v1, const THTensor *v2,
                          double beta, double alpha);
/* r = beta * self + alpha * bmm(b1, b2). */
TH_API int THCTensor_baddbmm(THCState *state, THTensor *r, const THTensor *self, const THTensor *b1, const THTensor *b2,
                             double beta, double alpha);
/* r = beta * self + alpha * sum_b b1[b] @ b2[b]. */
TH_API int THCTensor_addbmm(THCState *state, THTensor *r, const THTensor *self, const THTensor *b1, const THTensor *b2,
                            double beta, double alpha);
/* r[i, j] = a[i] * b[j] (PyTorch's outer / ger; type promotion as mul). */
TH_API int THCTensor_outer(THCState *state, THTensor *r, const THTensor *a, const THTensor *b);
/* Kronecker product. */
TH_API int THCTensor_kron(THCState *state, THTensor *r, const THTensor *a, const THTensor *b);
/* Contracts dimsA[i] of a with dimsB[i] of b (n pairs); the result has a's free dims then b's. */
TH_API int THCTensor_tensordot(THCState *state, THTensor *r, const THTensor *a, const THTensor *b, int n,
                               const int64_t *dimsA, const int64_t *dimsB);
/* Einstein summation over n operands ("ij,jk->ik", "ii", "...ij,...jk", implicit output, ...). */
TH_API int THCTensor_einsum(THCState *state, THTensor *r, const char *equation, int n, const THTensor *const *operands);

/* ---- triangles, diagonals, cross ---- */
/* 0-d r = sum of the diagonal of a 2-D a (integer inputs sum in int64, as PyTorch). */
TH_API int THCTensor_trace(THCState *state, THTensor *r, const THTensor *a);
/* Lower / upper triangle of the last two dims (batched); diagonal > 0 is above the main one. */
TH_API int THCTensor_tril(THCState *state, THTensor *r, const THTensor *a, int64_t diagonal);
TH_API int THCTensor_triu(THCState *state, THTensor *r, const THTensor *a, int64_t diagonal);
/* 1-D a: a 2-D matrix with a on the given diagonal; 2-D a: that diagonal as a 1-D copy. */
TH_API int THCTensor_diag(THCState *state, THTensor *r, const THTensor *a, int64_t diagonal);
/* a's last dim placed on the (offset) diagonal of dims dim1, dim2 of a result one dim larger. */
TH_API int THCTensor_diagEmbed(THCState *state, THTensor *r, const THTensor *a, int64_t offset, int64_t dim1,
                               int64_t dim2);
/* Cross product of 3-vectors along dim (hasDim 0: the first dim of size 3); a and b broadcast. */
TH_API int THCTensor_cross(THCState *state, THTensor *r, const THTensor *a, const THTensor *b, int hasDim,
                           int64_t dim);

#endif
