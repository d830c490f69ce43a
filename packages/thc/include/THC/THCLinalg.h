/* THCLinalg.h — torch.linalg for CUDA tensors: THLinalg.h's functions, THCLinalg_<name>(state, same
 * arguments), with THLinalg's checks, messages, result shapes, dtypes and layouts.
 *
 * vectorNorm runs on the device (THCTensor_norm). The factorizations, solvers and matrix functions
 * compute on the host: the inputs are copied to host memory, libTH computes there with LAPACK, and
 * the results are copied back to the inputs' device (libTHC has no cuSOLVER yet) — right results on
 * the device, at the cost of two transfers. Operands must be on one CUDA device. */
#ifndef THC_LINALG_H
#define THC_LINALG_H

#include "THC/THCGeneral.h"
#include "TH/THLinalg.h"

TH_API int THCLinalg_lapackAvailable(THCState *state);
TH_API int THCLinalg_inv(THCState *state, THTensor *r, const THTensor *a);
TH_API int THCLinalg_det(THCState *state, THTensor *r, const THTensor *a);
TH_API int THCLinalg_slogdet(THCState *state, THTensor *sign, THTensor *logabsdet, const THTensor *a);
TH_API int THCLinalg_solve(THCState *state, THTensor *r, const THTensor *a, const THTensor *b, int left);
TH_API int THCLinalg_lstsq(THCState *state, THTensor *solution, THTensor *residuals, THTensor *rank, THTensor *singularValues,
                           const THTensor *a, const THTensor *b, double rcond, const char *driver);
TH_API int THCLinalg_cholesky(THCState *state, THTensor *r, const THTensor *a, int upper);
TH_API int THCLinalg_qr(THCState *state, THTensor *q, THTensor *r, const THTensor *a, const char *mode);
TH_API int THCLinalg_svd(THCState *state, THTensor *u, THTensor *s, THTensor *vh, const THTensor *a, int fullMatrices);
TH_API int THCLinalg_svdvals(THCState *state, THTensor *s, const THTensor *a);
TH_API int THCLinalg_eigh(THCState *state, THTensor *w, THTensor *v, const THTensor *a, char uplo);
TH_API int THCLinalg_eigvalsh(THCState *state, THTensor *w, const THTensor *a, char uplo);
TH_API int THCLinalg_eig(THCState *state, THTensor *wr, THTensor *wi, THTensor *vr, THTensor *vi, const THTensor *a);
TH_API int THCLinalg_pinv(THCState *state, THTensor *r, const THTensor *a, double atol, double rtol, int hermitian);
TH_API int THCLinalg_matrixRank(THCState *state, THTensor *r, const THTensor *a, double atol, double rtol, int hermitian);
TH_API int THCLinalg_matrixNorm(THCState *state, THTensor *r, const THTensor *a, const char *ord, int64_t dim0, int64_t dim1,
                                int keepdim, int dtype);
TH_API int THCLinalg_vectorNorm(THCState *state, THTensor *r, const THTensor *a, double ord, int ndims, const int64_t *dims,
                                int keepdim, int dtype);
TH_API int THCLinalg_matrixPower(THCState *state, THTensor *r, const THTensor *a, int64_t n);

#endif
