/* test_index_args.c — argument checks of libTHC's indexing and sorting, which run before any
 * device work, so they are tested on every machine (no GPU needed): wrong dtypes, dims, shapes and
 * devices give libTH's messages. The "device" tensors here live in host memory behind an allocator
 * that only claims to be device 0 — never valid arguments on a machine with a GPU, so that no
 * kernel ever sees them; without a GPU, valid arguments fail with "CUDA is not available". */
#include "thc_fake_device.h"

#define SZ(...) ((const int64_t[]){__VA_ARGS__})

/* A host tensor and a "device" one of the same shape and dtype. */
typedef struct Pair {
  THTensor *h, *d;
} Pair;
static Pair mk(THDType dt, int nd, const int64_t *sizes) {
  Pair p = {thc_host_tensor(dt, nd, sizes), thc_fake_tensor(dt, 0, nd, sizes)};
  return p;
}
static void pfree(Pair p) {
  THTensor_free(p.h);
  THTensor_free(p.d);
}

static THCState *S;

static void test_index_args(void) {
  Pair a = mk(TH_Float32, 2, SZ(3, 4)), i2 = mk(TH_Int64, 1, SZ(2)), i32 = mk(TH_Int32, 1, SZ(2)), fi = mk(TH_Float32, 1, SZ(2));
  Pair ii = mk(TH_Int64, 2, SZ(2, 2)), src = mk(TH_Float32, 2, SZ(2, 4)), srcD = mk(TH_Float64, 2, SZ(2, 4));
  Pair src3 = mk(TH_Float32, 2, SZ(2, 3)), v1 = mk(TH_Float32, 1, SZ(1)), ai = mk(TH_Int32, 2, SZ(3, 4)), srcI = mk(TH_Int32, 2, SZ(2, 4));
  Pair r = mk(TH_Float32, 1, SZ(0)), ri = mk(TH_Int32, 1, SZ(0)), rl = mk(TH_Int64, 1, SZ(0));
  SAME_ERROR(THTensor_indexSelect(r.h, a.h, 2, i2.h), THCTensor_indexSelect(S, r.d, a.d, 2, i2.d));
  SAME_ERROR(THTensor_indexSelect(r.h, a.h, 0, fi.h), THCTensor_indexSelect(S, r.d, a.d, 0, fi.d));
  SAME_ERROR(THTensor_indexSelect(r.h, a.h, 0, ii.h), THCTensor_indexSelect(S, r.d, a.d, 0, ii.d));
  SAME_ERROR(THTensor_indexAdd(r.h, a.h, 0, i2.h, srcD.h, 1), THCTensor_indexAdd(S, r.d, a.d, 0, i2.d, srcD.d, 1));
  SAME_ERROR(THTensor_indexAdd(r.h, a.h, 0, i2.h, src3.h, 1), THCTensor_indexAdd(S, r.d, a.d, 0, i2.d, src3.d, 1));
  SAME_ERROR(THTensor_indexAdd(r.h, a.h, 0, i2.h, v1.h, 1), THCTensor_indexAdd(S, r.d, a.d, 0, i2.d, v1.d, 1));
  SAME_ERROR(THTensor_indexAdd(ri.h, ai.h, 0, i2.h, srcI.h, 0.5), THCTensor_indexAdd(S, ri.d, ai.d, 0, i2.d, srcI.d, 0.5));
  SAME_ERROR(THTensor_indexCopy(r.h, a.h, 0, i32.h, src.h), THCTensor_indexCopy(S, r.d, a.d, 0, i32.d, src.d));
  SAME_ERROR(THTensor_indexFill(r.h, a.h, 0, i2.h, v1.h), THCTensor_indexFill(S, r.d, a.d, 0, i2.d, v1.d));
  SAME_ERROR(THTensor_gather(r.h, a.h, 0, i32.h), THCTensor_gather(S, r.d, a.d, 0, i32.d));
  SAME_ERROR(THTensor_gather(r.h, a.h, 0, i2.h), THCTensor_gather(S, r.d, a.d, 0, i2.d));
  SAME_ERROR(THTensor_gather(ri.h, a.h, 0, ii.h), THCTensor_gather(S, ri.d, a.d, 0, ii.d));
  SAME_ERROR(THTensor_scatter(r.h, a.h, 0, ii.h, src.h, 0, TH_SCATTER_MEAN), THCTensor_scatter(S, r.d, a.d, 0, ii.d, src.d, 0, TH_SCATTER_MEAN));
  SAME_ERROR(THTensor_scatter(r.h, a.h, 0, ii.h, srcD.h, 0, TH_SCATTER_NONE), THCTensor_scatter(S, r.d, a.d, 0, ii.d, srcD.d, 0, TH_SCATTER_NONE));
  SAME_ERROR(THTensor_scatter(r.h, a.h, 0, i2.h, src.h, 0, TH_SCATTER_SUM), THCTensor_scatter(S, r.d, a.d, 0, i2.d, src.d, 0, TH_SCATTER_SUM));
  SAME_ERROR(THTensor_scatterReduce(r.h, a.h, 0, ii.h, NULL, TH_SCATTER_SUM, 1), THCTensor_scatterReduce(S, r.d, a.d, 0, ii.d, NULL, TH_SCATTER_SUM, 1));
  SAME_ERROR(THTensor_scatterReduce(r.h, a.h, 0, ii.h, src.h, TH_SCATTER_NONE, 1), THCTensor_scatterReduce(S, r.d, a.d, 0, ii.d, src.d, TH_SCATTER_NONE, 1));
  SAME_ERROR(THTensor_take(r.h, a.h, i32.h), THCTensor_take(S, r.d, a.d, i32.d));
  SAME_ERROR(THTensor_take(ri.h, a.h, i2.h), THCTensor_take(S, ri.d, a.d, i2.d));
  SAME_ERROR(THTensor_put(r.h, a.h, i2.h, srcI.h, 0), THCTensor_put(S, r.d, a.d, i2.d, srcI.d, 0));
  SAME_ERROR(THTensor_put(r.h, a.h, i2.h, src.h, 0), THCTensor_put(S, r.d, a.d, i2.d, src.d, 0));
  Pair mf = mk(TH_Float32, 2, SZ(3, 4)), mb = mk(TH_Bool, 1, SZ(5)), m = mk(TH_Bool, 2, SZ(3, 4));
  THTensor *w = THTensor_newWrappedNumber(1);
  SAME_ERROR(THTensor_maskedFill(r.h, a.h, mf.h, w), THCTensor_maskedFill(S, r.d, a.d, mf.d, w));
  SAME_ERROR(THTensor_maskedFill(r.h, a.h, m.h, v1.h), THCTensor_maskedFill(S, r.d, a.d, m.d, v1.d));
  SAME_ERROR(THTensor_maskedFill(r.h, a.h, mb.h, w), THCTensor_maskedFill(S, r.d, a.d, mb.d, w));
  SAME_ERROR(THTensor_maskedFill(ri.h, a.h, m.h, w), THCTensor_maskedFill(S, ri.d, a.d, m.d, w));
  SAME_ERROR(THTensor_maskedSelect(ri.h, a.h, m.h), THCTensor_maskedSelect(S, ri.d, a.d, m.d));
  SAME_ERROR(THTensor_maskedScatter(r.h, a.h, m.h, srcI.h), THCTensor_maskedScatter(S, r.d, a.d, m.d, srcI.d));
  SAME_ERROR(THTensor_maskedScatter(r.h, a.h, mb.h, src.h), THCTensor_maskedScatter(S, r.d, a.d, mb.d, src.d));
  SAME_ERROR(THTensor_nonzero(ri.h, a.h), THCTensor_nonzero(S, ri.d, a.d));
  {
    const THTensor *h[2] = {a.h, src3.h}, *d[2] = {a.d, src3.d};
    SAME_ERROR(THTensor_cat(r.h, 2, h, 1), THCTensor_cat(S, r.d, 2, d, 1));
    SAME_ERROR(THTensor_stack(r.h, 2, h, 0), THCTensor_stack(S, r.d, 2, d, 0));
    SAME_ERROR(THTensor_cat(ri.h, 2, h, 0), THCTensor_cat(S, ri.d, 2, d, 0));
  }
  const int64_t dup[] = {1, -1}, reps[] = {2}, sh[] = {1, 2};
  SAME_ERROR(THTensor_flip(r.h, a.h, 2, dup), THCTensor_flip(S, r.d, a.d, 2, dup));
  SAME_ERROR(THTensor_flip(ri.h, a.h, 0, NULL), THCTensor_flip(S, ri.d, a.d, 0, NULL));
  SAME_ERROR(THTensor_roll(r.h, a.h, 2, sh, 1, dup), THCTensor_roll(S, r.d, a.d, 2, sh, 1, dup));
  SAME_ERROR(THTensor_rot90(r.h, v1.h, 1, 0, 1), THCTensor_rot90(S, r.d, v1.d, 1, 0, 1));
  SAME_ERROR(THTensor_repeat(r.h, a.h, 1, reps), THCTensor_repeat(S, r.d, a.d, 1, reps));
  SAME_ERROR(THTensor_repeatInterleave(r.h, a.h, fi.h, 0, 0), THCTensor_repeatInterleave(S, r.d, a.d, fi.d, 0, 0));
  SAME_ERROR(THTensor_repeatInterleave(r.h, NULL, i2.h, 0, 0), THCTensor_repeatInterleave(S, r.d, NULL, i2.d, 0, 0));
  SAME_ERROR(THTensor_narrowCopy(r.h, a.h, 1, 3, 2), THCTensor_narrowCopy(S, r.d, a.d, 1, 3, 2));
  SAME_ERROR(THTensor_tril(r.h, v1.h, 0), THCTensor_tril(S, r.d, v1.d, 0));
  SAME_ERROR(THTensor_triu(ri.h, a.h, 0), THCTensor_triu(S, ri.d, a.d, 0));
  /* devices: a host tensor (not a scalar) among device ones, host results, all-host operands */
  CHECK_ERR(THCTensor_indexSelect(S, r.d, a.h, 0, i2.d), "Expected all tensors to be on the same device, but found at least two devices, cpu and cuda:0");
  CHECK_ERR(THCTensor_gather(S, r.h, a.d, 0, ii.d), "Expected all tensors to be on the same device");
  CHECK_ERR(THCTensor_indexSelect(S, r.h, a.h, 0, i2.h), "index_select: expected CUDA tensors, but every tensor is on the CPU");
  /* valid arguments without a GPU */
  if (THCState_deviceCount(S) == 0) {
    CHECK_ERR(THCTensor_indexSelect(S, r.d, a.d, 0, i2.d), "CUDA is not available");
    CHECK_ERR(THCTensor_tril(S, r.d, a.d, 0), "CUDA is not available");
  }
  THTensor_free(w);
  pfree(a);
  pfree(i2);
  pfree(i32);
  pfree(fi);
  pfree(ii);
  pfree(src);
  pfree(srcD);
  pfree(src3);
  pfree(v1);
  pfree(ai);
  pfree(srcI);
  pfree(r);
  pfree(ri);
  pfree(rl);
  pfree(mf);
  pfree(mb);
  pfree(m);
}

static void test_sort_args(void) {
  Pair a = mk(TH_Float32, 2, SZ(3, 4)), b = mk(TH_Bool, 1, SZ(4)), e = mk(TH_Float32, 2, SZ(0, 3)), ei = mk(TH_Int32, 1, SZ(0));
  Pair ai = mk(TH_Int32, 1, SZ(4)), sorted = mk(TH_Float32, 1, SZ(4)), so = mk(TH_Int32, 1, SZ(4)), so5 = mk(TH_Int64, 1, SZ(5));
  Pair v = mk(TH_Float32, 2, SZ(2, 3)), n2 = mk(TH_Float32, 2, SZ(3, 4));
  Pair vf = mk(TH_Float32, 1, SZ(0)), vi = mk(TH_Int32, 1, SZ(0)), il = mk(TH_Int64, 1, SZ(0)), vb = mk(TH_Bool, 1, SZ(0));
  SAME_ERROR(THTensor_sort(vi.h, il.h, a.h, 0, 0, 1), THCTensor_sort(S, vi.d, il.d, a.d, 0, 0, 1));
  SAME_ERROR(THTensor_sort(vf.h, vi.h, a.h, 0, 0, 1), THCTensor_sort(S, vf.d, vi.d, a.d, 0, 0, 1));
  SAME_ERROR(THTensor_sort(vf.h, il.h, a.h, 3, 0, 1), THCTensor_sort(S, vf.d, il.d, a.d, 3, 0, 1));
  SAME_ERROR(THTensor_topk(vf.h, il.h, a.h, 5, 1, 1, 1), THCTensor_topk(S, vf.d, il.d, a.d, 5, 1, 1, 1));
  CHECK_ERR(THCTensor_topk(S, vb.d, il.d, b.d, 1, 0, 1, 1), "\"topk_cuda\" not implemented for 'Bool'");
  SAME_ERROR(THTensor_kthvalue(vf.h, il.h, a.h, 5, 1, 0), THCTensor_kthvalue(S, vf.d, il.d, a.d, 5, 1, 0));
  SAME_ERROR(THTensor_median(vf.h, il.h, e.h, 0, 0, 0), THCTensor_median(S, vf.d, il.d, e.d, 0, 0, 0));
  SAME_ERROR(THTensor_mode(vi.h, il.h, a.h, 0, 0), THCTensor_mode(S, vi.d, il.d, a.d, 0, 0));
  SAME_ERROR(THTensor_medianAll(vi.h, ei.h, 0), THCTensor_medianAll(S, vi.d, ei.d, 0));
  SAME_ERROR(THTensor_quantileScalar(vf.h, a.h, 2, 0, 0, 0, TH_QUANTILE_LINEAR, 0), THCTensor_quantileScalar(S, vf.d, a.d, 2, 0, 0, 0, TH_QUANTILE_LINEAR, 0));
  SAME_ERROR(THTensor_quantileScalar(vi.h, ai.h, 0.5, 0, 0, 0, TH_QUANTILE_LINEAR, 0), THCTensor_quantileScalar(S, vi.d, ai.d, 0.5, 0, 0, 0, TH_QUANTILE_LINEAR, 0));
  SAME_ERROR(THTensor_quantileScalar(vf.h, e.h, 0.5, 0, 0, 0, TH_QUANTILE_LINEAR, 0), THCTensor_quantileScalar(S, vf.d, e.d, 0.5, 0, 0, 0, TH_QUANTILE_LINEAR, 0));
  SAME_ERROR(THTensor_quantile(vf.h, a.h, n2.h, 0, 0, 0, TH_QUANTILE_LINEAR, 0), THCTensor_quantile(S, vf.d, a.d, n2.h, 0, 0, 0, TH_QUANTILE_LINEAR, 0));
  SAME_ERROR(THTensor_unique(vi.h, il.h, NULL, a.h, 1, 0, 0), THCTensor_unique(S, vi.d, il.d, NULL, a.d, 1, 0, 0));
  SAME_ERROR(THTensor_unique(vf.h, vi.h, NULL, a.h, 1, 0, 0), THCTensor_unique(S, vf.d, vi.d, NULL, a.d, 1, 0, 0));
  SAME_ERROR(THTensor_unique(vf.h, il.h, NULL, e.h, 1, 1, 1), THCTensor_unique(S, vf.d, il.d, NULL, e.d, 1, 1, 1));
  SAME_ERROR(THTensor_searchsorted(vi.h, sorted.h, v.h, 0, 0, NULL), THCTensor_searchsorted(S, vi.d, sorted.d, v.d, 0, 0, NULL));
  SAME_ERROR(THTensor_searchsorted(il.h, sorted.h, v.h, 0, 0, so.h), THCTensor_searchsorted(S, il.d, sorted.d, v.d, 0, 0, so.d));
  SAME_ERROR(THTensor_searchsorted(il.h, sorted.h, v.h, 0, 0, so5.h), THCTensor_searchsorted(S, il.d, sorted.d, v.d, 0, 0, so5.d));
  SAME_ERROR(THTensor_searchsorted(il.h, n2.h, v.h, 0, 0, NULL), THCTensor_searchsorted(S, il.d, n2.d, v.d, 0, 0, NULL));
  SAME_ERROR(THTensor_bucketize(il.h, v.h, n2.h, 0, 0), THCTensor_bucketize(S, il.d, v.d, n2.d, 0, 0));
  SAME_ERROR(THTensor_histc(vf.h, a.h, 0, 0, 0), THCTensor_histc(S, vf.d, a.d, 0, 0, 0));
  SAME_ERROR(THTensor_histc(vi.h, a.h, 3, 0, 0), THCTensor_histc(S, vi.d, a.d, 3, 0, 0));
  CHECK_ERR(THCTensor_histc(S, vi.d, ai.d, 3, 0, 0), "\"histogram_cuda\" not implemented for 'Int'");
  SAME_ERROR(THTensor_bincount(il.h, ai.h, NULL, -1), THCTensor_bincount(S, il.d, ai.d, NULL, -1));
  SAME_ERROR(THTensor_bincount(il.h, ai.h, v.h, 0), THCTensor_bincount(S, il.d, ai.d, v.d, 0));
  SAME_ERROR(THTensor_bincount(vf.h, ai.h, NULL, 0), THCTensor_bincount(S, vf.d, ai.d, NULL, 0));
  CHECK_ERR(THCTensor_bincount(S, il.d, n2.d, NULL, 0), "\"bincount_cuda\" not implemented for 'Float'");
  if (THCState_deviceCount(S) == 0) CHECK_ERR(THCTensor_sort(S, vf.d, il.d, a.d, 0, 0, 1), "CUDA is not available");
  pfree(a);
  pfree(b);
  pfree(e);
  pfree(ei);
  pfree(ai);
  pfree(sorted);
  pfree(so);
  pfree(so5);
  pfree(v);
  pfree(n2);
  pfree(vf);
  pfree(vi);
  pfree(il);
  pfree(vb);
}

int main(void) {
  S = THCState_new();
  if (!S) return 1;
  RUN_TEST(test_index_args);
  RUN_TEST(test_sort_args);
  THCState_free(S);
  return TH_TEST_RESULT();
}
