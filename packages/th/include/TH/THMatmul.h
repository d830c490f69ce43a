/* THMatmul.h — matmul's shapes planned from metadata, for backends that run libTH's matmul on their
 * own tensors (libTHC does): vectors as [1, K] and [K, 1] matrices, the batch dims broadcast and
 * both operands expanded to them (views, strides 0), the result's shape, its [batch..., M, N] view,
 * and whether the batch folds into the rows of one GEMM. The products are the backend's. */
#ifndef TH_MATMUL_H
#define TH_MATMUL_H

#include "THTensor.h"

typedef struct THMatmulPlan {
  THTensor *a, *b;            /* owned views: [batch..., M, K] and [batch..., K, N] */
  int nbd;                    /* batch dims */
  int ndim;                   /* the result's dims and sizes (no M dim when a was a vector, no N when b was) */
  int64_t sizes[TH_MAX_DIMS];
  int vecA, vecB;             /* a (b) was a vector */
} THMatmulPlan;

/* a and b of 1 dim or more, not both vectors (the caller has checked dims and dtypes): their shapes
 * checked with PyTorch's messages, and planned. On error p holds nothing. */
TH_API int THMatmul_plan(THMatmulPlan *p, const THTensor *a, const THTensor *b);
TH_API void THMatmul_planFree(THMatmulPlan *p);
/* r, already of p's result shape, as [batch..., M, N] (a vector's missing dim with stride 0). */
TH_API THTensor *THMatmul_newResultView(const THMatmulPlan *p, const THTensor *r);
/* [batch..., M, K] @ [K, N] with b the same for every batch (x @ W in a linear layer): when the
 * batch dims of a and of rv fold into their rows, one GEMM does it: 2-D views a2 [rows, K], b2
 * [K, N], r2 [rows, N] and 1. 0 when they do not fold (nothing made); TH_ERR on error. */
TH_API int THMatmul_fold(const THMatmulPlan *p, const THTensor *rv, THTensor **a2, THTensor **b2, THTensor **r2);

#endif
