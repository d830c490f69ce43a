/* unique and unique_consecutive of elements or of slices along a dim on the GPU, with libTH's
 * results and messages (THUnique.c): elements compare by their order keys (-0 equals +0; every
 * NaN is distinct for elements, NaNs at the same place of two slices are equal for slices, as in
 * libTH). Elements: a stable sort (THCIdx_sortSlices), group-start flags, one scan (its total,
 * the number of groups, is read back), then one pass writes the values, the inverse and the group
 * starts. Slices: a stable merge sort of row numbers comparing rows lexicographically. */
#include "THCIndexUtil.h"

#include <string.h>

/* Output dtypes, as libTH checks them (before anything is written here). */
static int checkOuts(const THTensor *output, const THTensor *inverse, const THTensor *counts, THDType dt) {
  if (THTensor_dtype(output) != dt)
    return THError("unique: expected output to have dtype %s, got %s", THDType_name(dt), THDType_name(THTensor_dtype(output)));
  if (inverse && THTensor_dtype(inverse) != TH_Int64)
    return THError("unique: expected inverse_indices to have dtype int64, got %s", THDType_name(THTensor_dtype(inverse)));
  if (counts && THTensor_dtype(counts) != TH_Int64)
    return THError("unique: expected counts to have dtype int64, got %s", THDType_name(THTensor_dtype(counts)));
  return TH_OK;
}

/* counts[g] (resized to [ng]) from the group starts. */
static int writeCounts(THCIdxCtx *c, THTensor *counts, const int64_t *starts, int64_t ng, int64_t n) {
  if (!counts) return TH_OK;
  if (THTensor_resize(counts, 1, &ng)) return TH_ERR;
  if (THCIdx_check(THCIdx_launchUniqueCounts(c->cs, starts, ng, n, THTensor_data(counts)), "unique")) return TH_ERR;
  THTensor_bumpVersion(counts);
  return TH_OK;
}

static int outsShare(const THTensor *t, const THTensor *output, const THTensor *inverse, const THTensor *counts) {
  return THTensor_sharesStorage(t, output) || (inverse && THTensor_sharesStorage(t, inverse)) || (counts && THTensor_sharesStorage(t, counts));
}

static int uniqueFlat(THCIdxCtx *c, THTensor *output, THTensor *inverse, THTensor *counts, const THTensor *a, int sort) {
  THDType dt = THTensor_dtype(a);
  size_t es = THDType_size(dt);
  int64_t n = THTensor_numel(a), ng = 0;
  THTensor *flat = NULL, *sv = NULL, *order = NULL;
  uint8_t *flags = NULL;
  int64_t *pos = NULL, *starts = NULL;
  int status = TH_ERR;
  /* the elements in input order, contiguous, in memory no output shares */
  flat = THCIdx_newContiguous(c, a);
  if (flat && outsShare(flat, output, inverse, counts)) {
    THTensor *cl = THCIdx_newClone(c, flat);
    THTensor_free(flat);
    flat = cl;
  }
  if (!flat) goto done;
  if (sort && n > 0) {
    if (!(sv = THCIdx_newWithSize(c, dt, 1, &n)) || !(order = THCIdx_newWithSize(c, TH_Int64, 1, &n))) goto done;
    THCSortArgs s;
    memset(&s, 0, sizeof s);
    THCIdx_iterInit(&s.outer, 0, NULL);
    THCIdx_iterAdd(&s.outer, NULL);
    THCIdx_iterAdd(&s.outer, NULL);
    THCIdx_iterAdd(&s.outer, NULL);
    s.steps[0] = s.steps[1] = s.steps[2] = 1;
    s.count = 1;
    s.n = n;
    s.a = THTensor_data(flat);
    s.dt = dt;
    s.values = THTensor_data(sv);
    s.indices = THTensor_data(order);
    s.outLen = n;
    if (THCIdx_check(THCIdx_sortSlices(c->state, c->stream, &s), "unique")) goto done;
  } else {
    sv = flat;
    THTensor_retain(sv);
  }
  if (!(flags = THCIdx_malloc(c, (size_t)n)) || !(pos = THCIdx_malloc(c, sizeof(int64_t) * (size_t)n))) goto done;
  if (n > 0) {
    if (THCIdx_check(THCIdx_launchUniqueFlags(c->cs, THTensor_data(sv), dt, n, flags), "unique")) goto done;
    if (THCIdx_check(THCIdx_scanFlags(c->state, c->stream, flags, n, pos, &ng), "unique")) goto done;
  }
  if (!(starts = THCIdx_malloc(c, sizeof(int64_t) * (size_t)(ng > 0 ? ng : 1)))) goto done;
  if (THTensor_resize(output, 1, &ng)) goto done;
  if (inverse && THTensor_resize(inverse, THTensor_ndim(a), THTensor_sizes(a))) goto done;
  if (THCIdx_check(THCIdx_launchUniqueWrite(c->cs, THTensor_data(sv), es, n, flags, pos, order ? THTensor_data(order) : NULL,
                                            THTensor_data(output), starts, inverse ? THTensor_data(inverse) : NULL),
                   "unique"))
    goto done;
  THTensor_bumpVersion(output);
  if (inverse) THTensor_bumpVersion(inverse);
  status = writeCounts(c, counts, starts, ng, n);
done:
  THCIdx_free(c, flags);
  THCIdx_free(c, pos);
  THCIdx_free(c, starts);
  THTensor_free(flat);
  THTensor_free(sv);
  THTensor_free(order);
  return status;
}

static int uniqueDim(THCIdxCtx *c, THTensor *output, THTensor *inverse, THTensor *counts, const THTensor *a, int d, int sort) {
  THDType dt = THTensor_dtype(a);
  int64_t n = THTensor_size(a, d), numel = THTensor_numel(a), ng = 0;
  int64_t m = n > 0 ? numel / n : 0;
  int64_t src = d, dst = 0;
  THTensor *moved = NULL, *mc = NULL, *res = NULL, *resMoved = NULL;
  int64_t *order = NULL, *pos = NULL, *starts = NULL;
  uint8_t *flags = NULL;
  int status = TH_ERR;
  if (!(moved = THTensor_newMovedim(a, 1, &src, &dst)) || !(mc = THCIdx_newClone(c, moved))) goto done;
  if (!(order = THCIdx_malloc(c, sizeof(int64_t) * (size_t)n)) || !(pos = THCIdx_malloc(c, sizeof(int64_t) * (size_t)n)) ||
      !(flags = THCIdx_malloc(c, (size_t)n)))
    goto done;
  if (n > 0) {
    if (THCIdx_check(THCIdx_sortRows(c->state, c->stream, THTensor_data(mc), dt, n, m, sort, order, flags), "unique")) goto done;
    if (THCIdx_check(THCIdx_scanFlags(c->state, c->stream, flags, n, pos, &ng), "unique")) goto done;
  }
  /* the groups' first slices, [ng, other dims...], then moved back */
  int64_t sizes[TH_MAX_DIMS];
  memcpy(sizes, THTensor_sizes(mc), sizeof(int64_t) * (size_t)THTensor_ndim(mc));
  sizes[0] = ng;
  if (!(res = THCIdx_newWithSize(c, dt, THTensor_ndim(mc), sizes))) goto done;
  if (THCIdx_check(THCIdx_launchGatherRows(c->cs, THTensor_data(mc), m, (int)THDType_size(dt), n, flags, pos, order, THTensor_data(res)),
                   "unique"))
    goto done;
  if (!(resMoved = THTensor_newMovedim(res, 1, &dst, &src))) goto done;
  if (THTensor_resize(output, THTensor_ndim(resMoved), THTensor_sizes(resMoved))) goto done;
  if (THTensor_numel(resMoved) > 0 && THCIdx_copy(c, output, resMoved)) goto done;
  THTensor_bumpVersion(output);
  if (!(starts = THCIdx_malloc(c, sizeof(int64_t) * (size_t)(ng > 0 ? ng : 1)))) goto done;
  if (inverse && THTensor_resize(inverse, 1, &n)) goto done;
  if (THCIdx_check(THCIdx_launchUniqueWrite(c->cs, NULL, 0, n, flags, pos, order, NULL, starts, inverse ? THTensor_data(inverse) : NULL),
                   "unique"))
    goto done;
  if (inverse) THTensor_bumpVersion(inverse);
  status = writeCounts(c, counts, starts, ng, n);
done:
  THCIdx_free(c, order);
  THCIdx_free(c, pos);
  THCIdx_free(c, flags);
  THCIdx_free(c, starts);
  THTensor_free(res);
  THTensor_free(resMoved);
  THTensor_free(mc);
  THTensor_free(moved);
  return status;
}

static int uniqueImpl(THCState *state, THTensor *output, THTensor *inverse, THTensor *counts, const THTensor *a, int hasDim,
                      int64_t dim, int sort) {
  const char *op = sort ? "unique" : "unique_consecutive";
  int device, d = 0;
  if (THCTensor_callDevice(op, 1, &a, 3, (THTensor *const[]){output, inverse, counts}, &device)) return TH_ERR;
  if (hasDim) {
    if (THTensor_ndim(a) == 0) return THError("Dimension specified as %lld but tensor has no dimensions", (long long)dim);
    if (THTensor_wrapDim(a, dim, &d)) return TH_ERR;
  }
  if (checkOuts(output, inverse, counts, THTensor_dtype(a))) return TH_ERR;
  if (hasDim && THTensor_numel(a) == 0 && THTensor_size(a, d) != 0)
    return THError("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied");
  THCIdxCtx c;
  if (THCIdx_enter(&c, state, device)) return TH_ERR;
  int status = hasDim ? uniqueDim(&c, output, inverse, counts, a, d, sort) : uniqueFlat(&c, output, inverse, counts, a, sort);
  THCIdx_exit(&c);
  return status;
}

int THCTensor_unique(THCState *state, THTensor *output, THTensor *inverse, THTensor *counts, const THTensor *a, int sorted, int hasDim,
                     int64_t dim) {
  (void)sorted; /* always sorted, which PyTorch allows for sorted=False */
  return uniqueImpl(state, output, inverse, counts, a, hasDim, dim, 1);
}

int THCTensor_uniqueConsecutive(THCState *state, THTensor *output, THTensor *inverse, THTensor *counts, const THTensor *a, int hasDim,
                                int64_t dim) {
  return uniqueImpl(state, output, inverse, counts, a, hasDim, dim, 0);
}
