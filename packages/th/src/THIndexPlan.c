/* The metadata half of advanced indexing (THIndexPlan.h): indices prepared through the backend's
 * THIndexOps, and the [B..., I..., A...] layout of the result. */
#include "TH/THIndexPlan.h"

#include <stdio.h>
#include <string.h>

#include "THInternal.h"

void THIndex_preparedFree(THIndexPrepared *q) {
  THTensor_free(q->src);
  for (int j = 0; j < q->k; j++) THTensor_free(q->idx[j]);
  q->src = NULL;
  q->k = 0;
}

/* Takes over t (NULL: an error already raised). */
static int addIndex(THIndexPrepared *q, THTensor *t, int dim) {
  if (!t) return TH_ERR;
  if (q->k >= TH_MAX_DIMS) {
    THTensor_free(t);
    return THError("index: too many index tensors");
  }
  q->idx[q->k] = t;
  q->dims[q->k++] = dim;
  return TH_OK;
}

/* A mask over dims [p, p + mask ndim) of q->src: the columns of its nonzero positions. */
static int addMask(THIndexPrepared *q, const THTensor *t, int p, int selfNdim, const THIndexOps *ops) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  if (p + t->ndim > q->src->ndim) return THError("too many indices for tensor of dimension %d", selfNdim);
  for (int j = 0; j < t->ndim; j++)
    if (t->sizes[j] != q->src->sizes[p + j])
      return THError("The shape of the mask %s at index %d does not match the shape of the indexed tensor %s at index %d",
                     THShapeStr(ba, sizeof ba, t->ndim, t->sizes), j, THShapeStr(bb, sizeof bb, q->src->ndim, q->src->sizes),
                     p + j);
  THTensor *nz = ops->newNonzero(ops->ctx, t);
  if (!nz) return TH_ERR;
  int status = TH_OK;
  for (int j = 0; j < t->ndim && status == TH_OK; j++) status = addIndex(q, THTensor_newSelect(nz, 1, j), p + j);
  THTensor_free(nz);
  return status;
}

int THIndex_prepare(THIndexPrepared *q, const THTensor *self, int n, const THTensor *const *indices, const THIndexOps *ops) {
  memset(q, 0, sizeof *q);
  if (!(q->src = THTensor_newAlias(self))) return TH_ERR;
  int p = 0;
  for (int i = 0; i < n; i++) {
    const THTensor *t = indices[i];
    if (!t) {
      p++;
      continue;
    }
    THDType dt = t->dtype;
    if ((dt == TH_Bool || dt == TH_UInt8) && t->ndim == 0) { /* a new dim of size 1 (true) or 0 (false) */
      THTensor *u = THTensor_newUnsqueeze(q->src, p);
      if (!u) return TH_ERR;
      THTensor_free(q->src);
      q->src = u;
      double v;
      if (ops->item(ops->ctx, t, &v)) return TH_ERR;
      if (addIndex(q, ops->newZeros(ops->ctx, v != 0 ? 1 : 0), p++)) return TH_ERR;
      continue;
    }
    if (dt == TH_Bool || dt == TH_UInt8) {
      if (addMask(q, t, p, self->ndim, ops)) return TH_ERR;
      p += t->ndim;
      continue;
    }
    if (dt != TH_Int64 && dt != TH_Int32)
      return THError("tensors used as indices must be long, int, byte or bool tensors, but got %s", THDType_name(dt));
    if (p >= q->src->ndim) return THError("too many indices for tensor of dimension %d", self->ndim);
    if (addIndex(q, ops->newInt64(ops->ctx, t), p++)) return TH_ERR;
  }
  if (p > q->src->ndim) return THError("too many indices for tensor of dimension %d", self->ndim);
  return TH_OK;
}

int THIndex_planLayout(THIndexPlan *pl, const THIndexPrepared *q, const char *op) {
  char buf[1024];
  memset(pl, 0, sizeof *pl);
  int nb = 0;
  int64_t bs[TH_MAX_DIMS];
  for (int j = 0; j < q->k; j++) {
    int n2;
    int64_t s2[TH_MAX_DIMS];
    if (THBroadcastShapes(nb, bs, q->idx[j]->ndim, q->idx[j]->sizes, &n2, s2)) {
      size_t len = 0;
      for (int m = 0; m < q->k && len < sizeof buf - TH_SHAPE_BUF; m++) {
        char sb[TH_SHAPE_BUF];
        len += (size_t)snprintf(buf + len, sizeof buf - len, m ? ", %s" : "%s", THShapeStr(sb, sizeof sb, q->idx[m]->ndim, q->idx[m]->sizes));
      }
      return THError("shape mismatch: indexing tensors could not be broadcast together with shapes %s", buf);
    }
    nb = n2;
    memcpy(bs, s2, sizeof(int64_t) * (size_t)nb);
  }
  const THTensor *src = q->src;
  int indexed[TH_MAX_DIMS] = {0};
  for (int j = 0; j < q->k; j++) indexed[q->dims[j]] = 1;
  int first = q->dims[0], last = q->dims[0];
  for (int j = 0; j < q->k; j++) {
    if (q->dims[j] < first) first = q->dims[j];
    if (q->dims[j] > last) last = q->dims[j];
  }
  int adjacent = 1;
  for (int d = first; d <= last; d++) adjacent &= indexed[d];
  if (nb + src->ndim - q->k > TH_MAX_DIMS) return THError("%s: the result would have more than %d dimensions", op, TH_MAX_DIMS);
  for (int d = 0; d < src->ndim; d++) {
    if (indexed[d]) continue;
    if (adjacent && d < first) pl->Bsz[pl->nB] = src->sizes[d], pl->Bst[pl->nB++] = src->strides[d];
    else pl->Asz[pl->nA] = src->sizes[d], pl->Ast[pl->nA++] = src->strides[d];
  }
  pl->nI = nb;
  memcpy(pl->Isz, bs, sizeof(int64_t) * (size_t)nb);
  pl->numB = pl->numI = pl->numA = 1;
  for (int i = 0; i < pl->nB; i++) pl->numB *= pl->Bsz[i];
  for (int i = 0; i < pl->nI; i++) pl->numI *= pl->Isz[i];
  for (int i = 0; i < pl->nA; i++) pl->numA *= pl->Asz[i];
  return TH_OK;
}

void THIndex_planDimLayout(THIndexPlan *pl, const THTensor *self, int d, int64_t n) {
  memset(pl, 0, sizeof *pl);
  for (int i = 0; i < self->ndim; i++) {
    if (i < d) pl->Bsz[pl->nB] = self->sizes[i], pl->Bst[pl->nB++] = self->strides[i];
    else if (i > d) pl->Asz[pl->nA] = self->sizes[i], pl->Ast[pl->nA++] = self->strides[i];
  }
  pl->nI = 1;
  pl->Isz[0] = pl->numI = n;
  pl->numB = pl->numA = 1;
  for (int i = 0; i < pl->nB; i++) pl->numB *= pl->Bsz[i];
  for (int i = 0; i < pl->nA; i++) pl->numA *= pl->Asz[i];
}

int THIndexPlan_shape(const THIndexPlan *pl, int64_t *shape) {
  int n = 0;
  for (int i = 0; i < pl->nB; i++) shape[n++] = pl->Bsz[i];
  for (int i = 0; i < pl->nI; i++) shape[n++] = pl->Isz[i];
  for (int i = 0; i < pl->nA; i++) shape[n++] = pl->Asz[i];
  return n;
}
