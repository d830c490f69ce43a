/* THIndexPlan.h — advanced indexing (x[indices], index_put_) planned from metadata, for backends
 * that run libTH's indexing on their own tensors (libTHC does): the indices are prepared (a mask
 * becomes the positions of its nonzeros, int32 becomes int64, a 0-d mask adds a dim of size 1 or
 * 0) with the element reads and allocations the backend's (THIndexOps), and the result is laid out
 * as [B..., I..., A...]: I the broadcast index dims, B and A the plain dims of the source before
 * and after them (all of them after when the indexed dims are not adjacent, as in NumPy). The
 * table of source offsets per index position, which reads the indices, is the backend's. */
#ifndef TH_INDEX_PLAN_H
#define TH_INDEX_PLAN_H

#include "THTensor.h"

/* What preparing the indices needs from the backend; ctx is passed back. Returned tensors are new. */
typedef struct THIndexOps {
  void *ctx;
  int (*item)(void *ctx, const THTensor *t, double *value); /* the value of a 0-d tensor */
  THTensor *(*newZeros)(void *ctx, int64_t n);               /* int64 [n] of zeros */
  THTensor *(*newNonzero)(void *ctx, const THTensor *mask);  /* int64 [count, mask ndim]: its nonzeros */
  THTensor *(*newInt64)(void *ctx, const THTensor *index);   /* an int64 (or int32) index as int64 */
} THIndexOps;

typedef struct THIndexPrepared {
  THTensor *src;              /* owned view of self (a 0-d mask adds a dim) */
  int k;                      /* index tensors */
  THTensor *idx[TH_MAX_DIMS]; /* owned int64 */
  int dims[TH_MAX_DIMS];      /* the source dim each indexes */
} THIndexPrepared;

typedef struct THIndexPlan {
  int nB, nA, nI;
  int64_t Bsz[TH_MAX_DIMS], Bst[TH_MAX_DIMS]; /* sizes and source strides (elements) */
  int64_t Asz[TH_MAX_DIMS], Ast[TH_MAX_DIMS];
  int64_t Isz[TH_MAX_DIMS];
  int64_t numB, numI, numA;
  int64_t *offI; /* the backend's: numI source offsets (elements) */
  int64_t *offB; /* the backend's, where it keeps one: numB source offsets */
} THIndexPlan;

/* Checks n indices (NULL: a whole dim, as `:`) against self with PyTorch's messages and prepares
 * them. On error q holds what was made so far: free it with THIndex_preparedFree either way. */
TH_API int THIndex_prepare(THIndexPrepared *q, const THTensor *self, int n, const THTensor *const *indices,
                           const THIndexOps *ops);
TH_API void THIndex_preparedFree(THIndexPrepared *q);
/* The layout of q->src indexed by q's k > 0 tensors (offI and offB NULL): the index shapes must
 * broadcast together; op names the result-rank error. */
TH_API int THIndex_planLayout(THIndexPlan *pl, const THIndexPrepared *q, const char *op);
/* The layout of self indexed along dim d by n positions, as index_select and the index_* ops index
 * (offI and offB NULL). */
TH_API void THIndex_planDimLayout(THIndexPlan *pl, const THTensor *self, int d, int64_t n);
/* The result's shape [B..., I..., A...] into shape; returns its ndim. */
TH_API int THIndexPlan_shape(const THIndexPlan *pl, int64_t *shape);

#endif
