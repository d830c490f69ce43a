/* test_sort.c — libTHC's sorting, selection, unique, searching and counting against libTH on the
 * same random inputs: every dtype, ties, NaN/-0/inf, slices of 1, 1000, 4096, 4097, 5000 and 1e6
 * elements (block sort and radix sort, one slice and many; the radix select of topk, kthvalue
 * and median, in batches),
 * non-contiguous inputs, negative dims, empty and 0-d tensors, and the error paths. Both
 * libraries sort stably with the same keys, so indices must match exactly. Where libTHC also
 * takes float16 (topk, kthvalue, median, unique), its results are compared with libTH's on the
 * float32 copy of the input. Needs a GPU. */
#include "thc_idx_test.h"

#define S thc_test_state

/* Ties (a small value range) and, for floats, NaN/-0/inf at random places. */
static Pair rnd_pair(THDType dt, int nd, const int64_t *sizes, int lo, int hi) {
  THTensor *h = rnd_tensor(dt, nd, sizes, lo, hi, 0);
  add_specials(h);
  return pair_of(h);
}

static THTensor *as(const THTensor *t, THDType dt) { return THTensor_newTo(t, dt, 1); }

static void sort_both(Pair a, int64_t dim, int desc, int line) {
  THDType dt = THTensor_dtype(a.h);
  THTensor *vh = THTensor_new(dt), *ih = THTensor_new(TH_Int64), *vd = dnew(dt), *id = dnew(TH_Int64);
  CHECK_OK(THTensor_sort(vh, ih, a.h, dim, desc, 1));
  CHECK_OK(THCTensor_sort(S, vd, id, a.d, dim, desc, 1));
  THTensor *vdh = host(vd), *idh = host(id);
  if (!idx_values_match(vh, vdh, 0, "sort values", line) || !idx_values_match(ih, idh, 0, "sort indices", line))
    fprintf(stderr, "  (dtype %s, shape %s, dim %lld, descending %d)\n", THDType_name(dt),
            th_test_dims_str(THTensor_ndim(a.h), THTensor_sizes(a.h), 0), (long long)dim, desc);
  THTensor_free(vdh);
  THTensor_free(idh);
  THTensor_free(vh);
  THTensor_free(ih);
  THTensor_free(vd);
  THTensor_free(id);
}

/* ---- sort ---- */

static void test_sort_dtypes(void) {
  for (int t = 0; t < N_ALL_DTYPES; t++) {
    THDType dt = ALL_DTYPES[t];
    Pair a = pair_t(rnd_pair(dt, 3, SZ(7, 4, 5), -3, 3), 0, 2); /* [5, 4, 7] */
    for (int dim = -3; dim < 3; dim++)
      for (int desc = 0; desc < 2; desc++) sort_both(a, dim, desc, __LINE__);
    /* argsort (values NULL) and values only */
    THTensor *ih = THTensor_new(TH_Int64), *id = dnew(TH_Int64), *vh = THTensor_new(dt), *vd = dnew(dt);
    CHECK_OK(THTensor_sort(NULL, ih, a.h, 1, 1, 1));
    CHECK_OK(THCTensor_sort(S, NULL, id, a.d, 1, 1, 1));
    SAME(ih, id, 0);
    CHECK_OK(THTensor_sort(vh, NULL, a.h, -1, 0, 1));
    CHECK_OK(THCTensor_sort(S, vd, NULL, a.d, -1, 0, 1));
    SAME(vh, vd, 0);
    THTensor_free(ih);
    THTensor_free(id);
    THTensor_free(vh);
    THTensor_free(vd);
    pair_free(a);
  }
}

static void test_sort_sizes(void) {
  /* slice lengths around the block-sort limit (4096) and far beyond it, one slice and many */
  const int64_t shapes[][2] = {{6, 1}, {3, 1000}, {2, 4096}, {2, 4097}, {3, 5000}, {20000, 3}, {1, 1000000}};
  for (int s = 0; s < 7; s++) {
    Pair a = rnd_pair(TH_Float32, 2, shapes[s], -1000, 1000);
    sort_both(a, 1, 0, __LINE__);
    sort_both(a, 1, 1, __LINE__);
    if (shapes[s][1] <= 5000) sort_both(a, 0, 1, __LINE__); /* strided slices */
    pair_free(a);
  }
  /* every key width through the radix sort; many equal keys */
  const THDType wide[] = {TH_Bool, TH_Int8, TH_UInt8, TH_Int16, TH_Float16, TH_BFloat16, TH_Int32, TH_Int64, TH_Float64};
  for (int t = 0; t < 9; t++) {
    Pair a = rnd_pair(wide[t], 2, SZ(3, 5000), -100, 100);
    sort_both(a, -1, 0, __LINE__);
    sort_both(a, -1, 1, __LINE__);
    Pair b = pair_t(rnd_pair(wide[t], 2, SZ(4500, 2), -100, 100), 0, 1); /* [2, 4500], slices along a stride-2 dim */
    sort_both(b, 1, 1, __LINE__);
    pair_free(a);
    pair_free(b);
  }
  {
    const int64_t n = 1000000;
    Pair a = rnd_pair(TH_Int64, 1, &n, -100000, 100000);
    sort_both(a, 0, 1, __LINE__);
    pair_free(a);
  }
  /* 0-d, empty, in place */
  Pair z = pair_of(THTensor_newScalar(TH_Float64, 4));
  sort_both(z, 0, 0, __LINE__);
  sort_both(z, -1, 1, __LINE__);
  Pair e = pair_of(THTensor_newWithSize(TH_Float32, 2, SZ(0, 5)));
  sort_both(e, 1, 0, __LINE__);
  Pair ip = rnd_pair(TH_Float32, 2, SZ(4, 300), -9, 9);
  THTensor *ih = THTensor_new(TH_Int64), *id = dnew(TH_Int64);
  CHECK_OK(THTensor_sort(ip.h, ih, ip.h, 1, 0, 1));
  CHECK_OK(THCTensor_sort(S, ip.d, id, ip.d, 1, 0, 1));
  SAME(ip.h, ip.d, 0);
  SAME(ih, id, 0);
  /* errors */
  THTensor *vi = THTensor_new(TH_Int32), *vdi = dnew(TH_Int32);
  SAME_ERROR(THTensor_sort(vi, ih, ip.h, 1, 0, 1), THCTensor_sort(S, vdi, id, ip.d, 1, 0, 1));
  SAME_ERROR(THTensor_sort(NULL, ih, ip.h, 2, 0, 1), THCTensor_sort(S, NULL, id, ip.d, 2, 0, 1));
  SAME_ERROR(THTensor_sort(NULL, vi, ip.h, 0, 0, 1), THCTensor_sort(S, NULL, vdi, ip.d, 0, 0, 1));
  THTensor_free(vi);
  THTensor_free(vdi);
  THTensor_free(ih);
  THTensor_free(id);
  pair_free(ip);
  pair_free(z);
  pair_free(e);
}

/* ---- topk ---- */

static void topk_both(Pair a, int64_t k, int64_t dim, int largest, int line) {
  THDType dt = THTensor_dtype(a.h);
  int half = dt == TH_Float16;
  THTensor *ah = half ? as(a.h, TH_Float32) : NULL;
  THTensor *vh = THTensor_new(half ? TH_Float32 : dt), *ih = THTensor_new(TH_Int64), *vd = dnew(dt), *id = dnew(TH_Int64);
  CHECK_OK(THTensor_topk(vh, ih, half ? ah : a.h, k, dim, largest, 1));
  CHECK_OK(THCTensor_topk(S, vd, id, a.d, k, dim, largest, 1));
  THTensor *want = half ? as(vh, TH_Float16) : NULL;
  THTensor *vdh = host(vd), *idh = host(id);
  idx_values_match(half ? want : vh, vdh, 0, "topk values", line);
  idx_values_match(ih, idh, 0, "topk indices", line);
  THTensor_free(vdh);
  THTensor_free(idh);
  THTensor_free(want);
  THTensor_free(ah);
  THTensor_free(vh);
  THTensor_free(ih);
  THTensor_free(vd);
  THTensor_free(id);
}

static void test_topk(void) {
  for (int t = 1; t < N_ALL_DTYPES; t++) { /* not bool */
    THDType dt = ALL_DTYPES[t];
    Pair a = pair_t(rnd_pair(dt, 2, SZ(9, 6), -4, 4), 0, 1); /* [6, 9] */
    const int64_t ks[] = {0, 1, 3, 6};
    for (int k = 0; k < 4; k++)
      for (int largest = 0; largest < 2; largest++) {
        topk_both(a, ks[k], 0, largest, __LINE__);
        topk_both(a, ks[k], -1, largest, __LINE__);
      }
    pair_free(a);
  }
  const int64_t n = 1000000;
  Pair big = rnd_pair(TH_Float32, 1, &n, -500, 500);
  topk_both(big, 10, 0, 1, __LINE__);
  topk_both(big, 5000, 0, 0, __LINE__);
  pair_free(big);
  Pair rows = rnd_pair(TH_Float64, 2, SZ(7, 5000), -50, 50);
  topk_both(rows, 100, 1, 1, __LINE__);
  pair_free(rows);
  /* slices longer than a block sorts take the radix select, in every dtype: values in [-3, 3] tie
   * (k splits the k-th value's equal elements), NaN/-0/inf; k of 1, in the middle, more than a
   * block sorts, and all; slices along dim 0 of a transposed view */
  for (int t = 1; t < N_ALL_DTYPES; t++) {
    THDType dt = ALL_DTYPES[t];
    Pair a = rnd_pair(dt, 2, SZ(3, 5000), -3, 3);
    const int64_t ks[] = {1, 777, 4500, 5000};
    for (int k = 0; k < 4; k++)
      for (int largest = 0; largest < 2; largest++) topk_both(a, ks[k], 1, largest, __LINE__);
    pair_free(a);
    Pair tr = pair_t(rnd_pair(dt, 2, SZ(3, 4097), -1000, 1000), 0, 1); /* [4097, 3] */
    topk_both(tr, 5, 0, 1, __LINE__);
    topk_both(tr, 100, 0, 0, __LINE__);
    pair_free(tr);
  }
  /* more slices than a batch of the select takes (the emulated build's batches are small) */
  Pair many = rnd_pair(TH_Float32, 2, SZ(BIG(16390, 40), 4097), -100, 100);
  topk_both(many, 3, 1, 1, __LINE__);
  topk_both(many, 50, 1, 0, __LINE__);
  pair_free(many);
  /* errors */
  Pair a = rnd_pair(TH_Float32, 2, SZ(3, 4), 0, 9), b = pair_of(rnd_tensor(TH_Bool, 1, SZ(4), 0, 1, 1));
  THTensor *vh = THTensor_new(TH_Float32), *ih = THTensor_new(TH_Int64), *vd = dnew(TH_Float32), *id = dnew(TH_Int64);
  THTensor *vb = dnew(TH_Bool);
  SAME_ERROR(THTensor_topk(vh, ih, a.h, 5, 1, 1, 1), THCTensor_topk(S, vd, id, a.d, 5, 1, 1, 1));
  SAME_ERROR(THTensor_topk(vh, ih, a.h, -1, 1, 1, 1), THCTensor_topk(S, vd, id, a.d, -1, 1, 1, 1));
  SAME_ERROR(THTensor_topk(vh, ih, a.h, 1, 2, 1, 1), THCTensor_topk(S, vd, id, a.d, 1, 2, 1, 1));
  CHECK_ERR(THCTensor_topk(S, vb, id, b.d, 1, 0, 1, 1), "not implemented for 'Bool'");
  THTensor_free(vb);
  THTensor_free(vh);
  THTensor_free(ih);
  THTensor_free(vd);
  THTensor_free(id);
  pair_free(a);
  pair_free(b);
}

/* ---- kthvalue, median, mode ---- */

enum { KTH, MEDIAN, NANMEDIAN, MODE };

static void pick_both(Pair a, int kind, int64_t k, int64_t dim, int keepdim, int line) {
  THDType dt = THTensor_dtype(a.h);
  int half = dt == TH_Float16 && kind != MODE;
  THTensor *ah = half ? as(a.h, TH_Float32) : NULL;
  const THTensor *in = half ? ah : a.h;
  THTensor *vh = THTensor_new(half ? TH_Float32 : dt), *ih = THTensor_new(TH_Int64), *vd = dnew(dt), *id = dnew(TH_Int64);
  switch (kind) {
    case KTH:
      CHECK_OK(THTensor_kthvalue(vh, ih, in, k, dim, keepdim));
      CHECK_OK(THCTensor_kthvalue(S, vd, id, a.d, k, dim, keepdim));
      break;
    case MEDIAN:
    case NANMEDIAN:
      CHECK_OK(THTensor_median(vh, ih, in, dim, keepdim, kind == NANMEDIAN));
      CHECK_OK(THCTensor_median(S, vd, id, a.d, dim, keepdim, kind == NANMEDIAN));
      break;
    default:
      CHECK_OK(THTensor_mode(vh, ih, in, dim, keepdim));
      CHECK_OK(THCTensor_mode(S, vd, id, a.d, dim, keepdim));
      break;
  }
  THTensor *want = half ? as(vh, TH_Float16) : NULL;
  THTensor *vdh = host(vd), *idh = host(id);
  if (!idx_values_match(half ? want : vh, vdh, 0, "pick values", line) || !idx_values_match(ih, idh, 0, "pick indices", line))
    fprintf(stderr, "  (kind %d, dtype %s, k %lld, dim %lld, keepdim %d)\n", kind, THDType_name(dt), (long long)k, (long long)dim, keepdim);
  THTensor_free(vdh);
  THTensor_free(idh);
  THTensor_free(want);
  THTensor_free(ah);
  THTensor_free(vh);
  THTensor_free(ih);
  THTensor_free(vd);
  THTensor_free(id);
}

static void test_picks(void) {
  for (int t = 0; t < N_ALL_DTYPES; t++) {
    THDType dt = ALL_DTYPES[t];
    Pair a = pair_t(rnd_pair(dt, 3, SZ(6, 3, 5), -2, 2), 0, 2); /* [5, 3, 6]: many ties */
    for (int dim = -3; dim < 3; dim++)
      for (int keepdim = 0; keepdim < 2; keepdim++) {
        pick_both(a, MODE, 0, dim, keepdim, __LINE__);
        if (dt == TH_Bool) continue;
        pick_both(a, MEDIAN, 0, dim, keepdim, __LINE__);
        pick_both(a, NANMEDIAN, 0, dim, keepdim, __LINE__);
        int64_t n = THTensor_size(a.h, dim < 0 ? dim + 3 : dim);
        for (int64_t k = 1; k <= n; k++) pick_both(a, KTH, k, dim, keepdim, __LINE__);
      }
    pair_free(a);
  }
  /* long slices: mode sorts them (radix sort), the others take the radix select */
  Pair big = rnd_pair(TH_Float32, 2, SZ(3, 6000), -30, 30);
  pick_both(big, MEDIAN, 0, 1, 0, __LINE__);
  pick_both(big, NANMEDIAN, 0, 1, 1, __LINE__);
  pick_both(big, MODE, 0, 1, 0, __LINE__);
  pick_both(big, KTH, 4321, 1, 0, __LINE__);
  pair_free(big);
  /* the radix select in every dtype: ties and NaN/-0/inf (floats: row 1 all NaN, row 2 none, the
   * others some); k of 1, in the middle, and the last two; slices along dim 0 of a transposed view */
  for (int t = 1; t < N_ALL_DTYPES; t++) {
    THDType dt = ALL_DTYPES[t];
    THTensor *h = rnd_tensor(dt, 2, SZ(4, 5000), -3, 3, 0);
    add_specials(h);
    if (isFloat(dt)) {
      THTensor *nans = THTensor_newSelect(h, 0, 1), *none = THTensor_newSelect(h, 0, 2);
      THTensor *plain = rnd_tensor(dt, 1, SZ(5000), -3, 3, 0);
      CHECK_OK(THTensor_fill(nans, NAN));
      CHECK_OK(THTensor_copy(none, plain));
      THTensor_free(nans);
      THTensor_free(none);
      THTensor_free(plain);
    }
    Pair a = pair_of(h);
    const int64_t ks[] = {1, 1234, 4999, 5000};
    for (int keepdim = 0; keepdim < 2; keepdim++) {
      for (int k = 0; k < 4; k++) pick_both(a, KTH, ks[k], 1, keepdim, __LINE__);
      pick_both(a, MEDIAN, 0, 1, keepdim, __LINE__);
      pick_both(a, NANMEDIAN, 0, -1, keepdim, __LINE__);
    }
    pair_free(a);
    Pair tr = pair_t(rnd_pair(dt, 2, SZ(3, 4097), -1000, 1000), 0, 1); /* [4097, 3] */
    pick_both(tr, KTH, 2049, 0, 0, __LINE__);
    pick_both(tr, MEDIAN, 0, 0, 1, __LINE__);
    pick_both(tr, NANMEDIAN, 0, -2, 0, __LINE__);
    pair_free(tr);
  }
  /* more slices than a batch of the select takes (the emulated build's batches are small) */
  Pair many = rnd_pair(TH_Float32, 2, SZ(BIG(16390, 40), 4097), -100, 100);
  pick_both(many, KTH, 7, 1, 0, __LINE__);
  pick_both(many, MEDIAN, 0, 1, 1, __LINE__);
  pick_both(many, NANMEDIAN, 0, 1, 0, __LINE__);
  pair_free(many);
  Pair z = pair_of(THTensor_newScalar(TH_Int32, 5));
  pick_both(z, MEDIAN, 0, 0, 0, __LINE__);
  pick_both(z, MODE, 0, -1, 1, __LINE__);
  pick_both(z, KTH, 1, 0, 0, __LINE__);
  pair_free(z);
  /* medianAll, of small tensors (a block sort) and of one long slice (the select, in chunks) */
  const THDType md[] = {TH_Int16, TH_Float32, TH_Float64, TH_Int64};
  for (int t = 0; t < 8; t++) {
    Pair a = t < 4 ? pair_t(rnd_pair(md[t], 2, SZ(33, 17), -100, 100), 0, 1) : rnd_pair(md[t - 4], 2, SZ(7, 14289), -1000, 1000);
    for (int ign = 0; ign < 2; ign++) {
      THTensor *rh = THTensor_new(md[t % 4]), *rd = dnew(md[t % 4]);
      CHECK_OK(THTensor_medianAll(rh, a.h, ign));
      CHECK_OK(THCTensor_medianAll(S, rd, a.d, ign));
      SAME(rh, rd, 0);
      THTensor_free(rh);
      THTensor_free(rd);
    }
    pair_free(a);
  }
  Pair ef = pair_of(THTensor_newWithSize(TH_Float32, 2, SZ(0, 3))), ei = pair_of(THTensor_newWithSize(TH_Int32, 1, SZ(0)));
  THTensor *rh = THTensor_new(TH_Float32), *rd = dnew(TH_Float32), *ri = THTensor_new(TH_Int32), *rdi = dnew(TH_Int32);
  CHECK_OK(THTensor_medianAll(rh, ef.h, 0));
  CHECK_OK(THCTensor_medianAll(S, rd, ef.d, 0));
  SAME(rh, rd, 0);
  SAME_ERROR(THTensor_medianAll(ri, ei.h, 0), THCTensor_medianAll(S, rdi, ei.d, 0));
  /* errors */
  THTensor *ih = THTensor_new(TH_Int64), *id = dnew(TH_Int64);
  Pair a = rnd_pair(TH_Float32, 2, SZ(3, 4), 0, 9);
  SAME_ERROR(THTensor_kthvalue(rh, ih, a.h, 5, 1, 0), THCTensor_kthvalue(S, rd, id, a.d, 5, 1, 0));
  SAME_ERROR(THTensor_kthvalue(rh, ih, a.h, 0, 1, 0), THCTensor_kthvalue(S, rd, id, a.d, 0, 1, 0));
  SAME_ERROR(THTensor_median(rh, ih, ef.h, 0, 0, 0), THCTensor_median(S, rd, id, ef.d, 0, 0, 0));
  SAME_ERROR(THTensor_mode(ri, ih, a.h, 0, 0), THCTensor_mode(S, rdi, id, a.d, 0, 0));
  SAME_ERROR(THTensor_median(rh, ri, a.h, 0, 0, 0), THCTensor_median(S, rd, rdi, a.d, 0, 0, 0));
  THTensor_free(ih);
  THTensor_free(id);
  THTensor_free(rh);
  THTensor_free(rd);
  THTensor_free(ri);
  THTensor_free(rdi);
  pair_free(a);
  pair_free(ef);
  pair_free(ei);
}

/* ---- quantile ---- */

static void test_quantile(void) {
  const THDType fdt[] = {TH_Float32, TH_Float64};
  for (int t = 0; t < 2; t++) {
    THDType dt = fdt[t];
    Pair a = pair_t(rnd_pair(dt, 3, SZ(4, 3, 9), -20, 20), 0, 2); /* [9, 3, 4] with NaNs */
    Pair clean = pair_of(rnd_tensor(dt, 2, SZ(5, 7), -20, 20, 0));
    Pair q = pair_of(VEC(dt, 0, 0.25, 0.5, 0.9, 1));
    for (int mode = TH_QUANTILE_LINEAR; mode <= TH_QUANTILE_NEAREST; mode++)
      for (int ign = 0; ign < 2; ign++) {
        for (int dim = -3; dim < 3; dim++) {
          THTensor *rh = THTensor_new(dt), *rd = dnew(dt);
          CHECK_OK(THTensor_quantile(rh, a.h, q.h, 1, dim, dim & 1, (THQuantileMode)mode, ign));
          CHECK_OK(THCTensor_quantile(S, rd, a.d, q.d, 1, dim, dim & 1, (THQuantileMode)mode, ign));
          SAME(rh, rd, 1e-12);
          CHECK_OK(THTensor_quantileScalar(rh, a.h, 0.3, 1, dim, 0, (THQuantileMode)mode, ign));
          CHECK_OK(THCTensor_quantileScalar(S, rd, a.d, 0.3, 1, dim, 0, (THQuantileMode)mode, ign));
          SAME(rh, rd, 1e-12);
          THTensor_free(rh);
          THTensor_free(rd);
        }
        THTensor *rh = THTensor_new(dt), *rd = dnew(dt);
        CHECK_OK(THTensor_quantile(rh, clean.h, q.h, 0, 0, 1, (THQuantileMode)mode, ign));
        CHECK_OK(THCTensor_quantile(S, rd, clean.d, q.h, 0, 0, 1, (THQuantileMode)mode, ign)); /* q on the host */
        SAME(rh, rd, 1e-12);
        THTensor_free(rh);
        THTensor_free(rd);
      }
    pair_free(a);
    pair_free(clean);
    pair_free(q);
  }
  Pair a = rnd_pair(TH_Float32, 1, SZ(5), 0, 9), ai = pair_of(rnd_tensor(TH_Int32, 1, SZ(5), 0, 9, 0));
  Pair qbad = pair_of(VEC(TH_Float32, 0.5, 1.5)), qd = pair_of(VEC(TH_Float64, 0.5));
  THTensor *rh = THTensor_new(TH_Float32), *rd = dnew(TH_Float32);
  SAME_ERROR(THTensor_quantileScalar(rh, a.h, 1.5, 0, 0, 0, TH_QUANTILE_LINEAR, 0),
             THCTensor_quantileScalar(S, rd, a.d, 1.5, 0, 0, 0, TH_QUANTILE_LINEAR, 0));
  SAME_ERROR(THTensor_quantile(rh, a.h, qbad.h, 0, 0, 0, TH_QUANTILE_LINEAR, 0),
             THCTensor_quantile(S, rd, a.d, qbad.d, 0, 0, 0, TH_QUANTILE_LINEAR, 0));
  SAME_ERROR(THTensor_quantile(rh, a.h, qd.h, 0, 0, 0, TH_QUANTILE_LINEAR, 0),
             THCTensor_quantile(S, rd, a.d, qd.d, 0, 0, 0, TH_QUANTILE_LINEAR, 0));
  SAME_ERROR(THTensor_quantileScalar(rh, ai.h, 0.5, 0, 0, 0, TH_QUANTILE_LINEAR, 0),
             THCTensor_quantileScalar(S, rd, ai.d, 0.5, 0, 0, 0, TH_QUANTILE_LINEAR, 0));
  THTensor_free(rh);
  THTensor_free(rd);
  pair_free(a);
  pair_free(ai);
  pair_free(qbad);
  pair_free(qd);
}

/* ---- unique ---- */

static void unique_both(Pair a, int consecutive, int hasDim, int64_t dim, int line) {
  THDType dt = THTensor_dtype(a.h);
  int half = dt == TH_Float16;
  THTensor *ah = half ? as(a.h, TH_Float32) : NULL;
  THTensor *oh = THTensor_new(half ? TH_Float32 : dt), *invh = THTensor_new(TH_Int64), *ch = THTensor_new(TH_Int64);
  THTensor *od = dnew(dt), *invd = dnew(TH_Int64), *cd = dnew(TH_Int64);
  if (consecutive) {
    CHECK_OK(THTensor_uniqueConsecutive(oh, invh, ch, half ? ah : a.h, hasDim, dim));
    CHECK_OK(THCTensor_uniqueConsecutive(S, od, invd, cd, a.d, hasDim, dim));
  } else {
    CHECK_OK(THTensor_unique(oh, invh, ch, half ? ah : a.h, 1, hasDim, dim));
    CHECK_OK(THCTensor_unique(S, od, invd, cd, a.d, 1, hasDim, dim));
  }
  THTensor *want = half ? as(oh, TH_Float16) : NULL;
  THTensor *odh = host(od), *invdh = host(invd), *cdh = host(cd);
  if (!idx_values_match(half ? want : oh, odh, 0, "unique output", line) || !idx_values_match(invh, invdh, 0, "unique inverse", line) ||
      !idx_values_match(ch, cdh, 0, "unique counts", line))
    fprintf(stderr, "  (dtype %s, consecutive %d, hasDim %d, dim %lld)\n", THDType_name(dt), consecutive, hasDim, (long long)dim);
  THTensor_free(odh);
  THTensor_free(invdh);
  THTensor_free(cdh);
  THTensor_free(want);
  THTensor_free(ah);
  THTensor_free(oh);
  THTensor_free(invh);
  THTensor_free(ch);
  THTensor_free(od);
  THTensor_free(invd);
  THTensor_free(cd);
}

static void test_unique(void) {
  for (int t = 0; t < N_ALL_DTYPES; t++) {
    THDType dt = ALL_DTYPES[t];
    Pair a = pair_t(rnd_pair(dt, 2, SZ(9, 4), -3, 3), 0, 1); /* [4, 9] */
    for (int consecutive = 0; consecutive < 2; consecutive++) {
      unique_both(a, consecutive, 0, 0, __LINE__);
      for (int dim = -2; dim < 2; dim++) unique_both(a, consecutive, 1, dim, __LINE__);
    }
    /* rows with repeats, so that slices compare equal */
    Pair r = pair_of(rnd_tensor(dt, 2, SZ(30, 2), 0, 1, 1));
    unique_both(r, 0, 1, 0, __LINE__);
    unique_both(r, 1, 1, 0, __LINE__);
    pair_free(r);
    pair_free(a);
  }
  const int64_t n = 1000000;
  Pair big = pair_of(rnd_tensor(TH_Int32, 1, &n, -5000, 5000, 0));
  unique_both(big, 0, 0, 0, __LINE__);
  pair_free(big);
  Pair bigf = rnd_pair(TH_Float32, 1, SZ(20000), -300, 300);
  unique_both(bigf, 0, 0, 0, __LINE__);
  unique_both(bigf, 1, 0, 0, __LINE__);
  pair_free(bigf);
  Pair z = pair_of(THTensor_newScalar(TH_Int8, 3)), e = pair_of(THTensor_newWithSize(TH_Float32, 2, SZ(0, 3)));
  unique_both(z, 0, 0, 0, __LINE__);
  unique_both(e, 0, 0, 0, __LINE__);
  unique_both(e, 0, 1, 0, __LINE__);
  /* errors */
  THTensor *oh = THTensor_new(TH_Int32), *od = dnew(TH_Int32), *inv = THTensor_new(TH_Int64), *invd = dnew(TH_Int64);
  SAME_ERROR(THTensor_unique(oh, inv, NULL, e.h, 1, 0, 0), THCTensor_unique(S, od, invd, NULL, e.d, 1, 0, 0));
  SAME_ERROR(THTensor_unique(oh, inv, NULL, z.h, 1, 1, 0), THCTensor_unique(S, od, invd, NULL, z.d, 1, 1, 0));
  THTensor *of = THTensor_new(TH_Float32), *ofd = dnew(TH_Float32);
  SAME_ERROR(THTensor_unique(of, inv, NULL, e.h, 1, 1, 1), THCTensor_unique(S, ofd, invd, NULL, e.d, 1, 1, 1));
  THTensor_free(of);
  THTensor_free(ofd);
  THTensor_free(oh);
  THTensor_free(od);
  THTensor_free(inv);
  THTensor_free(invd);
  pair_free(z);
  pair_free(e);
}

/* ---- searchsorted, bucketize ---- */

static void test_search(void) {
  const THDType dts[] = {TH_Float32, TH_Float64, TH_Int32, TH_Int64, TH_UInt8, TH_Float16};
  for (int t = 0; t < 6; t++) {
    THDType dt = dts[t];
    Pair seq = pair_of(rnd_tensor(dt, 1, SZ(40), 0, 50, 0));
    THTensor *sorted = THTensor_new(dt), *sidx = THTensor_new(TH_Int64);
    CHECK_OK(THTensor_sort(sorted, sidx, seq.h, 0, 0, 1));
    Pair ss = pair_of(sorted), so = pair_of(sidx);
    Pair vals = pair_of(rnd_tensor(dt, 2, SZ(7, 3), -5, 55, 0));
    add_specials(vals.h);
    THTensor_free(vals.d);
    vals.d = dev(vals.h);
    vals = pair_t(vals, 0, 1); /* [3, 7], not contiguous */
    for (int right = 0; right < 2; right++)
      for (int o32 = 0; o32 < 2; o32++) {
        THDType ot = o32 ? TH_Int32 : TH_Int64;
        BOTH(ot, 0, THTensor_searchsorted(rh, ss.h, vals.h, o32, right, NULL), THCTensor_searchsorted(S, rd, ss.d, vals.d, o32, right, NULL));
        BOTH(ot, 0, THTensor_searchsorted(rh, seq.h, vals.h, o32, right, so.h), THCTensor_searchsorted(S, rd, seq.d, vals.d, o32, right, so.d));
        BOTH(ot, 0, THTensor_bucketize(rh, vals.h, ss.h, o32, right), THCTensor_bucketize(S, rd, vals.d, ss.d, o32, right));
      }
    THTensor *w = THTensor_newWrappedNumber(25);
    BOTH(TH_Int64, 0, THTensor_searchsorted(rh, ss.h, w, 0, 1, NULL), THCTensor_searchsorted(S, rd, ss.d, w, 0, 1, NULL));
    THTensor_free(w);
    pair_free(ss);
    pair_free(so);
    pair_free(vals);
    pair_free(seq);
  }
  /* N-d boundaries */
  Pair nd = pair_of(rnd_tensor(TH_Float32, 2, SZ(4, 10), 0, 30, 0));
  THTensor *sorted = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_sort(sorted, NULL, nd.h, 1, 0, 1));
  Pair ndS = pair_of(sorted), v = pair_of(rnd_tensor(TH_Float64, 2, SZ(4, 6), -2, 32, 0));
  BOTH(TH_Int64, 0, THTensor_searchsorted(rh, ndS.h, v.h, 0, 0, NULL), THCTensor_searchsorted(S, rd, ndS.d, v.d, 0, 0, NULL));
  BOTH(TH_Int64, 0, THTensor_searchsorted(rh, ndS.h, v.h, 0, 1, NULL), THCTensor_searchsorted(S, rd, ndS.d, v.d, 0, 1, NULL));
  /* errors */
  Pair v3 = pair_of(rnd_tensor(TH_Float64, 2, SZ(3, 6), 0, 3, 0)), bsorter = pair_of(VEC(TH_Int64, 0, 1, 2, 10));
  Pair s4 = pair_of(VEC(TH_Float32, 1, 2, 3, 4)), bb = pair_of(rnd_tensor(TH_Bool, 1, SZ(4), 0, 1, 1));
  THTensor *rh = THTensor_new(TH_Int64), *rd = dnew(TH_Int64), *r32 = THTensor_new(TH_Int32), *rd32 = dnew(TH_Int32);
  SAME_ERROR(THTensor_searchsorted(rh, ndS.h, v3.h, 0, 0, NULL), THCTensor_searchsorted(S, rd, ndS.d, v3.d, 0, 0, NULL));
  SAME_ERROR(THTensor_searchsorted(rh, s4.h, v3.h, 0, 0, bsorter.h), THCTensor_searchsorted(S, rd, s4.d, v3.d, 0, 0, bsorter.d));
  SAME_ERROR(THTensor_searchsorted(r32, s4.h, v3.h, 0, 0, NULL), THCTensor_searchsorted(S, rd32, s4.d, v3.d, 0, 0, NULL));
  SAME_ERROR(THTensor_bucketize(rh, v3.h, ndS.h, 0, 0), THCTensor_bucketize(S, rd, v3.d, ndS.d, 0, 0));
  CHECK_ERR(THCTensor_searchsorted(S, rd, bb.d, v3.d, 0, 0, NULL), "not implemented for 'Bool'");
  check_device_usable();
  THTensor_free(rh);
  THTensor_free(rd);
  THTensor_free(r32);
  THTensor_free(rd32);
  pair_free(nd);
  pair_free(ndS);
  pair_free(v);
  pair_free(v3);
  pair_free(bsorter);
  pair_free(s4);
  pair_free(bb);
}

/* ---- histc, bincount ---- */

static void test_histc_bincount(void) {
  const THDType fdt[] = {TH_Float32, TH_Float64};
  for (int t = 0; t < 2; t++) {
    Pair a = pair_t(pair_of(rnd_tensor(fdt[t], 2, SZ(300, 70), -50, 50, 0)), 0, 1);
    BOTH(fdt[t], 0, THTensor_histc(rh, a.h, 17, 0, 0), THCTensor_histc(S, rd, a.d, 17, 0, 0));
    BOTH(fdt[t], 0, THTensor_histc(rh, a.h, 100, -10, 20.5), THCTensor_histc(S, rd, a.d, 100, -10, 20.5));
    BOTH(fdt[t], 0, THTensor_histc(rh, a.h, 1, -100, 100), THCTensor_histc(S, rd, a.d, 1, -100, 100));
    Pair one = pair_of(THTensor_newScalar(fdt[t], 3));
    BOTH(fdt[t], 0, THTensor_histc(rh, one.h, 4, 0, 0), THCTensor_histc(S, rd, one.d, 4, 0, 0));
    Pair withNan = rnd_pair(fdt[t], 1, SZ(100), -5, 5);
    th_set(withNan.h, 3, NAN);
    THTensor_free(withNan.d);
    withNan.d = dev(withNan.h);
    BOTH(fdt[t], 0, THTensor_histc(rh, withNan.h, 5, -10, 10), THCTensor_histc(S, rd, withNan.d, 5, -10, 10));
    THTensor *rh = THTensor_new(fdt[t]), *rd = dnew(fdt[t]);
    SAME_ERROR(THTensor_histc(rh, withNan.h, 5, 0, 0), THCTensor_histc(S, rd, withNan.d, 5, 0, 0));
    SAME_ERROR(THTensor_histc(rh, a.h, 0, 0, 0), THCTensor_histc(S, rd, a.d, 0, 0, 0));
    SAME_ERROR(THTensor_histc(rh, a.h, 5, 3, 1), THCTensor_histc(S, rd, a.d, 5, 3, 1));
    THTensor_free(rh);
    THTensor_free(rd);
    pair_free(withNan);
    pair_free(one);
    pair_free(a);
  }
  const THDType idt[] = {TH_UInt8, TH_Int8, TH_Int16, TH_Int32, TH_Int64};
  for (int t = 0; t < 5; t++) {
    Pair x = pair_step(pair_of(rnd_tensor(idt[t], 1, SZ(2000), 0, 90, 0)), 0);
    Pair wf = pair_of(rnd_tensor(TH_Float32, 1, SZ(1000), 0, 4, 1)), wd = pair_of(rnd_tensor(TH_Int32, 1, SZ(1000), 0, 4, 1));
    BOTH(TH_Int64, 0, THTensor_bincount(rh, x.h, NULL, 0), THCTensor_bincount(S, rd, x.d, NULL, 0));
    BOTH(TH_Int64, 0, THTensor_bincount(rh, x.h, NULL, 200), THCTensor_bincount(S, rd, x.d, NULL, 200));
    BOTH(TH_Float32, 0, THTensor_bincount(rh, x.h, wf.h, 0), THCTensor_bincount(S, rd, x.d, wf.d, 0));
    BOTH(TH_Float64, 0, THTensor_bincount(rh, x.h, wd.h, 5), THCTensor_bincount(S, rd, x.d, wd.d, 5));
    pair_free(x);
    pair_free(wf);
    pair_free(wd);
  }
  int64_t zero = 0;
  Pair e = pair_of(THTensor_newWithSize(TH_Int64, 1, &zero));
  BOTH(TH_Int64, 0, THTensor_bincount(rh, e.h, NULL, 3), THCTensor_bincount(S, rd, e.d, NULL, 3));
  Pair neg = pair_of(VEC(TH_Int64, 1, -2, 3)), f = pair_of(VEC(TH_Float32, 1, 2)), w2 = pair_of(VEC(TH_Float32, 1, 2));
  THTensor *rh = THTensor_new(TH_Int64), *rd = dnew(TH_Int64), *rf = THTensor_new(TH_Float32), *rdf = dnew(TH_Float32);
  SAME_ERROR(THTensor_bincount(rh, neg.h, NULL, 0), THCTensor_bincount(S, rd, neg.d, NULL, 0));
  SAME_ERROR(THTensor_bincount(rh, neg.h, w2.h, 0), THCTensor_bincount(S, rd, neg.d, w2.d, 0));
  SAME_ERROR(THTensor_bincount(rf, neg.h, NULL, 0), THCTensor_bincount(S, rdf, neg.d, NULL, 0));
  SAME_ERROR(THTensor_bincount(rh, e.h, NULL, -1), THCTensor_bincount(S, rd, e.d, NULL, -1));
  CHECK_ERR(THCTensor_bincount(S, rd, f.d, NULL, 0), "not implemented for 'Float'");
  check_device_usable();
  THTensor_free(rh);
  THTensor_free(rd);
  THTensor_free(rf);
  THTensor_free(rdf);
  pair_free(e);
  pair_free(neg);
  pair_free(f);
  pair_free(w2);
}

int main(void) {
  THC_REQUIRE_GPU();
  idx_gen = THGenerator_new(4321);
  RUN_TEST(test_sort_dtypes);
  RUN_TEST(test_sort_sizes);
  RUN_TEST(test_topk);
  RUN_TEST(test_picks);
  RUN_TEST(test_quantile);
  RUN_TEST(test_unique);
  RUN_TEST(test_search);
  RUN_TEST(test_histc_bincount);
  THGenerator_free(idx_gen);
  THCState_free(thc_test_state);
  return TH_TEST_RESULT();
}
