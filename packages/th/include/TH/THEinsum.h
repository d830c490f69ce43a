/* THEinsum.h — einsum in two steps, for backends that run libTH's einsum on their own tensors
 * (libTHC does): a plan (the equation parsed and checked against the operands, before any work)
 * and its run, where the products and allocations are the backend's (THEinsumOps) and the views
 * (permute, diagonal, expand) libTH's. THTensor_einsum (THBlas.h) is plan + run on libTH. */
#ifndef TH_EINSUM_H
#define TH_EINSUM_H

#include "THTensor.h"

#define TH_EINSUM_MAX_OPERANDS 64
#define TH_EINSUM_LETTERS 52                               /* 'A'-'Z' then 'a'-'z' */
#define TH_EINSUM_LABELS (TH_EINSUM_LETTERS + TH_MAX_DIMS) /* then the ellipsis dims */

/* Labels: 0-51 for letters, 52 + i for the i-th dim an ellipsis stands for. */
typedef struct THEinsumPlan {
  int nops;
  int nlet[TH_EINSUM_MAX_OPERANDS];                /* letters of each operand's subscripts */
  int ellAt[TH_EINSUM_MAX_OPERANDS];               /* where its ellipsis stands among them (-1: none) */
  int let[TH_EINSUM_MAX_OPERANDS][TH_MAX_DIMS];    /* the letters' labels */
  int E;                                           /* dims an ellipsis stands for (the most of any operand) */
  int nout;
  int outLab[TH_EINSUM_LABELS];                    /* the output's labels, in order */
} THEinsumPlan;

/* What a run computes with; ctx is passed back. Every returned tensor is new (the caller frees it). */
typedef struct THEinsumOps {
  void *ctx;
  THTensor *(*newTensor)(void *ctx, THDType dtype);                                    /* an empty result */
  THTensor *(*newOnes)(void *ctx, THDType dtype, int64_t n);                           /* n ones (may be an expanded 0-d) */
  THTensor *(*newReshape)(void *ctx, const THTensor *t, int ndim, const int64_t *sizes); /* a view, or a copy */
  THTensor *(*newClone)(void *ctx, const THTensor *t);
  int (*mv)(void *ctx, THTensor *r, const THTensor *m, const THTensor *v);
  int (*bmm)(void *ctx, THTensor *r, const THTensor *a, const THTensor *b);
  int (*assign)(void *ctx, THTensor *r, const THTensor *t); /* r resized to t's shape and t copied in */
} THEinsumOps;

/* Checks the operands (count, one dtype, not bool; r of that dtype) and parses the equation against
 * their dims, with PyTorch's messages. Touches no data. */
TH_API int THEinsum_plan(THEinsumPlan *p, const THTensor *r, const char *equation, int nops, const THTensor *const *operands);
/* Computes the planned einsum of operands into r with ops. */
TH_API int THEinsum_run(const THEinsumPlan *p, const THEinsumOps *ops, THTensor *r, const THTensor *const *operands);

#endif
