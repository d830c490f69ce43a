/* matmul's shapes (THMatmul.h): the views and shapes THTensor_matmul and libTHC's matmul compute on. */
#include "TH/THMatmul.h"

#include <string.h>

#include "THInternal.h"

void THMatmul_planFree(THMatmulPlan *p) {
  THTensor_free(p->a);
  THTensor_free(p->b);
  p->a = p->b = NULL;
}

int THMatmul_plan(THMatmulPlan *p, const THTensor *a, const THTensor *b) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  memset(p, 0, sizeof *p);
  const int na = a->ndim, nb = b->ndim;
  p->vecA = na == 1, p->vecB = nb == 1;
  /* both as matrices: a vector a is [1, k] (its row dropped afterwards), a vector b is [k, 1] */
  THTensor *am = p->vecA ? THTensor_newUnsqueeze(a, 0) : THTensor_newAlias(a);
  THTensor *bm = p->vecB ? THTensor_newUnsqueeze(b, 1) : THTensor_newAlias(b);
  int st = TH_ERR;
  if (!am || !bm) goto done;
  const int ma = am->ndim, mb = bm->ndim;
  if (am->sizes[ma - 1] != bm->sizes[mb - 2]) {
    if (na <= 2 && nb <= 2)
      THError("mat1 and mat2 shapes cannot be multiplied (%lldx%lld and %lldx%lld)", (long long)am->sizes[ma - 2],
              (long long)am->sizes[ma - 1], (long long)bm->sizes[mb - 2], (long long)bm->sizes[mb - 1]);
    else
      THError("matmul: shapes %s and %s cannot be multiplied (%lld != %lld)", THShapeStr(ba, sizeof ba, na, a->sizes),
              THShapeStr(bb, sizeof bb, nb, b->sizes), (long long)am->sizes[ma - 1], (long long)bm->sizes[mb - 2]);
    goto done;
  }
  /* batch dims: broadcast, then both operands expanded to them */
  int nbd;
  int64_t batch[TH_MAX_DIMS];
  if (THBroadcastShapes(ma - 2, am->sizes, mb - 2, bm->sizes, &nbd, batch)) {
    THError("matmul: the batch dimensions of shapes %s and %s do not broadcast", THShapeStr(ba, sizeof ba, na, a->sizes),
            THShapeStr(bb, sizeof bb, nb, b->sizes));
    goto done;
  }
  if (nbd + 2 > TH_MAX_DIMS) {
    THError("matmul: too many dimensions");
    goto done;
  }
  int64_t ea[TH_MAX_DIMS], eb[TH_MAX_DIMS];
  memcpy(ea, batch, sizeof(int64_t) * (size_t)nbd);
  memcpy(eb, batch, sizeof(int64_t) * (size_t)nbd);
  ea[nbd] = am->sizes[ma - 2], ea[nbd + 1] = am->sizes[ma - 1];
  eb[nbd] = bm->sizes[mb - 2], eb[nbd + 1] = bm->sizes[mb - 1];
  p->a = THTensor_newExpand(am, nbd + 2, ea);
  p->b = THTensor_newExpand(bm, nbd + 2, eb);
  if (!p->a || !p->b) goto done;
  p->nbd = nbd;
  /* the result's shape drops the vectors' dims */
  for (int d = 0; d < nbd; d++) p->sizes[p->ndim++] = batch[d];
  if (!p->vecA) p->sizes[p->ndim++] = ea[nbd];
  if (!p->vecB) p->sizes[p->ndim++] = eb[nbd + 1];
  st = TH_OK;
done:
  THTensor_free(am);
  THTensor_free(bm);
  if (st != TH_OK) THMatmul_planFree(p);
  return st;
}

THTensor *THMatmul_newResultView(const THMatmulPlan *p, const THTensor *r) {
  const int nbd = p->nbd;
  int64_t sizes[TH_MAX_DIMS], strides[TH_MAX_DIMS];
  memcpy(sizes, p->a->sizes, sizeof(int64_t) * (size_t)nbd);
  memcpy(strides, r->strides, sizeof(int64_t) * (size_t)nbd);
  sizes[nbd] = p->a->sizes[nbd], sizes[nbd + 1] = p->b->sizes[nbd + 1];
  strides[nbd] = p->vecA ? 0 : r->strides[nbd];
  strides[nbd + 1] = p->vecB ? 0 : r->strides[r->ndim - 1];
  return THTensor_newWithStorage(r->storage, r->dtype, r->offset, nbd + 2, sizes, strides);
}

/* Whether t's batch dims and its rows (dim nbd) step as one dim: *rows of them. */
static int foldRows(const THTensor *t, int nbd, int64_t *rows) {
  int64_t expected = t->strides[nbd] * t->sizes[nbd], n = t->sizes[nbd];
  if (t->sizes[nbd] < 2 || t->strides[nbd] == 0) return 0;
  for (int d = nbd - 1; d >= 0; d--) {
    n *= t->sizes[d];
    if (t->sizes[d] == 1) continue;
    if (t->strides[d] != expected) return 0;
    expected *= t->sizes[d];
  }
  *rows = n;
  return 1;
}

int THMatmul_fold(const THMatmulPlan *p, const THTensor *rv, THTensor **a2, THTensor **b2, THTensor **r2) {
  const int nbd = p->nbd;
  const THTensor *am = p->a, *bm = p->b;
  int64_t rowsA, rowsR;
  *a2 = *b2 = *r2 = NULL;
  if (nbd == 0 || !foldRows(am, nbd, &rowsA) || !foldRows(rv, nbd, &rowsR)) return 0;
  for (int d = 0; d < nbd; d++)
    if (bm->strides[d] != 0 && bm->sizes[d] != 1) return 0;
  int64_t sa2[2] = {rowsA, am->sizes[nbd + 1]}, ta2[2] = {am->strides[nbd], am->strides[nbd + 1]};
  int64_t sr2[2] = {rowsR, rv->sizes[nbd + 1]}, tr2[2] = {rv->strides[nbd], rv->strides[nbd + 1]};
  *a2 = THTensor_newWithStorage(am->storage, am->dtype, am->offset, 2, sa2, ta2);
  *r2 = THTensor_newWithStorage(rv->storage, rv->dtype, rv->offset, 2, sr2, tr2);
  *b2 = THTensor_newWithStorage(bm->storage, bm->dtype, bm->offset, 2, bm->sizes + nbd, bm->strides + nbd);
  if (*a2 && *b2 && *r2) return 1;
  THTensor_free(*a2), THTensor_free(*b2), THTensor_free(*r2);
  *a2 = *b2 = *r2 = NULL;
  return TH_ERR;
}
