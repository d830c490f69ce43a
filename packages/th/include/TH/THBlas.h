/* THBlas.h — matrix products (CBLAS when found, a built-in blocked GEMM otherwise) and the ops
 * built on them: dot, mv, mm, bmm, addmm, matmul, einsum, tril/triu, diag, cross, ... */
#ifndef TH_BLAS_H
#define TH_BLAS_H

#include "THTensor.h"

/* r = a @ b for 2-D a [n, k] and b [k, m]. */
TH_API int THTensor_mm(THTensor *r, const THTensor *a, const THTensor *b);
/* PyTorch's matmul: every case from 1-D·1-D to batched N-D with broadcasting. */
TH_API int THTensor_matmul(THTensor *r, const THTensor *a, const THTensor *b);

#endif
