/* THLinalg.h — torch.linalg through LAPACK(E): factorizations, solvers, norms; without LAPACK they fail with a clear error.
 *
 * Every function takes a batch of matrices (..., m, n) in float32 or float64 (integer and half
 * inputs are refused as PyTorch refuses them), computes each matrix with LAPACK on one
 * column-major copy of the batch, and writes its results first, resized as needed (out=, fresh
 * results). Results have PyTorch's shapes, dtypes and memory layouts (matrices are column-major
 * where PyTorch's are). A result tensor given with another dtype than the one PyTorch gives is an
 * error. Errors use PyTorch's wording; errors found in one matrix of a batch name it:
 * "linalg.inv: (Batch element 3): The diagonal element 2 is zero, ...".
 *
 * Without LAPACKE (built with -DTH_WITH_LAPACK=OFF, or no liblapacke found) the LAPACK-backed
 * functions fail with "linalg.inv: TypeTorch was built without LAPACK (...)"; vectorNorm,
 * matrixNorm with the orders 'fro', 1, -1, inf, -inf, and matrixPower with n >= 0 still work. */
#ifndef TH_LINALG_H
#define TH_LINALG_H

#include "THTensor.h"

/* 1 when libTH was built with LAPACKE, else 0. */
TH_API int THLinalg_lapackAvailable(void);

/* Inverse of square matrices (..., n, n). Singular: "linalg.inv: The diagonal element k is zero, ...". */
TH_API int THLinalg_inv(THTensor *r, const THTensor *a);
/* Determinant (...), through an LU factorization. */
TH_API int THLinalg_det(THTensor *r, const THTensor *a);
/* sign and log|det| (...); a singular matrix gives sign 0 and -inf. */
TH_API int THLinalg_slogdet(THTensor *sign, THTensor *logabsdet, const THTensor *a);
/* Solves A X = B (left != 0) or X A = B (left == 0) for A (..., n, n); B is (..., n, k) or a
 * vector (n) / (..., n) when B.dim() == 1 or B.shape == A.shape[:-1]. Batch dims broadcast. */
TH_API int THLinalg_solve(THTensor *r, const THTensor *a, const THTensor *b, int left);
/* Least squares min ||A X - B|| for A (..., m, n), B (..., m, k) or (..., m). driver: "gels",
 * "gelsy" (NULL: the default), "gelsd" or "gelss"; rcond NaN means eps(dtype) * max(m, n).
 * residuals: (..., k) when m > n, driver != gelsy and every matrix has rank n (gels: always),
 * else empty; rank: int64 (...) (empty for gels); singularValues: (..., min(m, n)) for gelsd and
 * gelss, else empty. Any of residuals, rank, singularValues may be NULL. A fresh solution (a 1-d
 * tensor of size 0) becomes, as in PyTorch, a view of the first n rows of LAPACK's max(m, n)-row
 * column-major buffer; any other is resized and written. */
TH_API int THLinalg_lstsq(THTensor *solution, THTensor *residuals, THTensor *rank, THTensor *singularValues,
                          const THTensor *a, const THTensor *b, double rcond, const char *driver);
/* Cholesky factor L (A = L L^H) of positive-definite matrices, or U (A = U^H U) when upper. Reads
 * only the lower (upper) triangle of A. */
TH_API int THLinalg_cholesky(THTensor *r, const THTensor *a, int upper);
/* QR of (..., m, n) with k = min(m, n). mode "reduced" (NULL): Q (..., m, k), R (..., k, n);
 * "complete": Q (..., m, m), R (..., m, n); "r": Q empty, R (..., k, n). q may be NULL for "r". */
TH_API int THLinalg_qr(THTensor *q, THTensor *r, const THTensor *a, const char *mode);
/* SVD A = U diag(S) Vh through gesdd: fullMatrices U (..., m, m), Vh (..., n, n); else U (..., m, k),
 * Vh (..., k, n). S (..., k) descending. u and vh NULL: singular values only (svdvals). */
TH_API int THLinalg_svd(THTensor *u, THTensor *s, THTensor *vh, const THTensor *a, int fullMatrices);
TH_API int THLinalg_svdvals(THTensor *s, const THTensor *a);
/* Symmetric eigendecomposition (syevd) reading the triangle uplo ('L' or 'U'): eigenvalues (..., n)
 * ascending, eigenvectors (..., n, n) as columns. v NULL: eigenvalues only (eigvalsh). */
TH_API int THLinalg_eigh(THTensor *w, THTensor *v, const THTensor *a, char uplo);
TH_API int THLinalg_eigvalsh(THTensor *w, const THTensor *a, char uplo);
/* General eigendecomposition (geev) of real matrices. PyTorch returns complex tensors; TH has no
 * complex dtype, so the real and imaginary parts come as two tensors of a's dtype: eigenvalues
 * (..., n) in wr + i wi, eigenvectors (..., n, n) (columns, unit norm) in vr + i vi. vr and vi
 * NULL: eigenvalues only (eigvals). */
TH_API int THLinalg_eig(THTensor *wr, THTensor *wi, THTensor *vr, THTensor *vi, const THTensor *a);
/* Pseudo-inverse (..., n, m) through the SVD (eigh when hermitian): singular values <= max(atol,
 * rtol * largest) are dropped. NaN means "not given" (PyTorch's None): rtol then defaults to
 * eps(dtype) * max(m, n), or 0 when atol > 0 is given. */
TH_API int THLinalg_pinv(THTensor *r, const THTensor *a, double atol, double rtol, int hermitian);
/* Numerical rank (int64, (...)): singular values (|eigenvalues| when hermitian) > max(atol, rtol * largest). */
TH_API int THLinalg_matrixRank(THTensor *r, const THTensor *a, double atol, double rtol, int hermitian);
/* Matrix norms over the dims (dim0, dim1): ord "fro", "nuc", "inf", "-inf", "1", "-1", "2", "-2".
 * dtype < 0 keeps a's dtype; else a is converted to it first (floating dtypes only). */
TH_API int THLinalg_matrixNorm(THTensor *r, const THTensor *a, const char *ord, int64_t dim0, int64_t dim1,
                               int keepdim, int dtype);
/* Vector norm over dims (NULL or ndims 0: all): sum(|x|^ord)^(1/ord); ord inf/-inf = max/min |x|,
 * 0 = count of nonzeros. Floating inputs only; dtype < 0 keeps a's dtype. */
TH_API int THLinalg_vectorNorm(THTensor *r, const THTensor *a, double ord, int ndims, const int64_t *dims, int keepdim,
                               int dtype);
/* vectorNorm's argument checks alone (PyTorch's linalg messages), for other backends' norms. */
TH_API int THLinalg_vectorNormCheck(const THTensor *a, double ord, int ndims, const int64_t *dims, int dtype);
/* A^n for square matrices (any dtype for n >= 0; n < 0 inverts first, floating only). */
TH_API int THLinalg_matrixPower(THTensor *r, const THTensor *a, int64_t n);

#endif
