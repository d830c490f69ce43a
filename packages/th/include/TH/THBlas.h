/* THBlas.h — matrix products (CBLAS when found, a built-in blocked GEMM otherwise) and the ops
 * built on them: dot, mv, mm, bmm, addmm, matmul, einsum, tril/triu, diag, cross, ...
 *
 * Every function writes its result into r (resized as needed; an r of the right shape keeps its
 * strides), so the same call serves out=, in-place and fresh results. Inputs must share one dtype
 * (PyTorch's rule for matrix products); float32/float64 go through CBLAS when libTH was built with
 * one, integer dtypes and (without a CBLAS) floats through the built-in GEMM; float16/bfloat16
 * compute in float32. bool is rejected like PyTorch does. */
#ifndef TH_BLAS_H
#define TH_BLAS_H

#include "THTensor.h"

/* ---- backend ---- */
/* "openblas", "cblas" or "builtin": what libTH was built with. */
TH_API const char *THBlas_buildName(void);
/* 1 when libTH was built with LAPACKE. */
TH_API int THBlas_hasLapack(void);
/* Chooses the GEMM used for float32/float64: "blas" (the CBLAS libTH was built with; the default)
 * or "builtin" (the built-in blocked GEMM). Meant for benchmarks and tests. Fails for an unknown
 * name, and for "blas" when libTH has no CBLAS. */
TH_API int THBlas_setBackend(const char *name);
/* "blas" or "builtin": the backend in use. */
TH_API const char *THBlas_backend(void);

/* ---- products ---- */
/* r = a @ b for 2-D a [n, k] and b [k, m]. */
TH_API int THTensor_mm(THTensor *r, const THTensor *a, const THTensor *b);
/* PyTorch's matmul: every case from 1-D·1-D to batched N-D with broadcasting. */
TH_API int THTensor_matmul(THTensor *r, const THTensor *a, const THTensor *b);
/* 0-d r = sum(a * b) for 1-D a and b of the same size; vdot conjugates a (real dtypes: the same). */
TH_API int THTensor_dot(THTensor *r, const THTensor *a, const THTensor *b);
TH_API int THTensor_vdot(THTensor *r, const THTensor *a, const THTensor *b);
/* r = mat [n, m] @ vec [m]. */
TH_API int THTensor_mv(THTensor *r, const THTensor *mat, const THTensor *vec);
/* r = a @ b for 3-D a [B, n, k] and b [B, k, m]. */
TH_API int THTensor_bmm(THTensor *r, const THTensor *a, const THTensor *b);
/* r = beta * self + alpha * (m1 @ m2); self broadcasts to the product's shape (r == self: in place,
 * self must then have that shape). beta == 0 ignores self's values (NaN included). */
TH_API int THTensor_addmm(THTensor *r, const THTensor *self, const THTensor *m1, const THTensor *m2, double beta,
                          double alpha);
/* r = beta * self + alpha * (mat @ vec). */
TH_API int THTensor_addmv(THTensor *r, const THTensor *self, const THTensor *mat, const THTensor *vec, double beta,
                          double alpha);
/* r = beta * self + alpha * outer(v1, v2). */
TH_API int THTensor_addr(THTensor *r, const THTensor *self, const THTensor *v1, const THTensor *v2, double beta,
                         double alpha);
/* r = beta * self + alpha * bmm(b1, b2). */
TH_API int THTensor_baddbmm(THTensor *r, const THTensor *self, const THTensor *b1, const THTensor *b2, double beta,
                            double alpha);
/* r = beta * self + alpha * sum_b b1[b] @ b2[b]. */
TH_API int THTensor_addbmm(THTensor *r, const THTensor *self, const THTensor *b1, const THTensor *b2, double beta,
                           double alpha);
/* r[i, j] = a[i] * b[j] (PyTorch's outer / ger; type promotion as mul). */
TH_API int THTensor_outer(THTensor *r, const THTensor *a, const THTensor *b);
/* Kronecker product. */
TH_API int THTensor_kron(THTensor *r, const THTensor *a, const THTensor *b);
/* Contracts dimsA[i] of a with dimsB[i] of b (n pairs); the result has a's free dims then b's. */
TH_API int THTensor_tensordot(THTensor *r, const THTensor *a, const THTensor *b, int n, const int64_t *dimsA,
                              const int64_t *dimsB);
/* Einstein summation over n operands ("ij,jk->ik", "ii", "...ij,...jk", implicit output, ...). */
TH_API int THTensor_einsum(THTensor *r, const char *equation, int n, const THTensor *const *operands);

/* ---- triangles, diagonals, cross ---- */
/* 0-d r = sum of the diagonal of a 2-D a (integer inputs sum in int64, as PyTorch). */
TH_API int THTensor_trace(THTensor *r, const THTensor *a);
/* Lower / upper triangle of the last two dims (batched); diagonal > 0 is above the main one. */
TH_API int THTensor_tril(THTensor *r, const THTensor *a, int64_t diagonal);
TH_API int THTensor_triu(THTensor *r, const THTensor *a, int64_t diagonal);
/* 1-D a: a 2-D matrix with a on the given diagonal; 2-D a: that diagonal as a 1-D copy. */
TH_API int THTensor_diag(THTensor *r, const THTensor *a, int64_t diagonal);
/* a's last dim placed on the (offset) diagonal of dims dim1, dim2 of a result one dim larger. */
TH_API int THTensor_diagEmbed(THTensor *r, const THTensor *a, int64_t offset, int64_t dim1, int64_t dim2);
/* Cross product of 3-vectors along dim (hasDim 0: PyTorch's default, the first dim of size 3,
 * deprecated; linalg.cross uses -1); a and b broadcast. */
TH_API int THTensor_cross(THTensor *r, const THTensor *a, const THTensor *b, int hasDim, int64_t dim);

#endif
