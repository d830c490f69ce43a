/* test_sort.c — sorting, selection and search through the C API: sort (stable, NaN last,
 * strided slices, threads), topk (selection and sort paths), kthvalue, median, mode, quantile,
 * unique, searchsorted, bucketize, histc, bincount, and their error paths. Expected values are
 * those torch 1.13 gives. */
#include "TH/TH.h"
#include "th_test.h"

static void test_sort_basic(void) {
  THTensor *x = VEC(TH_Float32, 3, NAN, 1, -INFINITY, INFINITY, NAN, 2, -0.0, 0);
  THTensor *v = THTensor_new(TH_Float32), *i = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_sort(v, i, x, 0, 0, 0));
  CHECK_VALUES(v, 0, -INFINITY, -0.0, 0, 1, 2, 3, INFINITY, NAN, NAN);
  CHECK_VALUES(i, 0, 3, 7, 8, 2, 6, 0, 4, 1, 5);
  CHECK(signbit(th_at(v, 1)));
  CHECK_OK(THTensor_sort(v, i, x, -1, 1, 1));
  CHECK_VALUES(v, 0, NAN, NAN, INFINITY, 3, 2, 1, -0.0, 0, -INFINITY);
  CHECK_VALUES(i, 0, 1, 5, 4, 0, 6, 2, 7, 8, 3);
  /* argsort: values NULL */
  CHECK_OK(THTensor_sort(NULL, i, x, 0, 0, 1));
  CHECK_VALUES(i, 0, 3, 7, 8, 2, 6, 0, 4, 1, 5);
  THTensor_free(v);
  THTensor_free(i);
  THTensor_free(x);
}

static void test_sort_strided_dims_and_threads(void) {
  /* [3, 4] transposed to [4, 3]; sort along dim 0 and 1 */
  THTensor *base = TENSOR(TH_Int32, SIZES(3, 4), VALUES(5, 1, 4, 4, 2, 8, 0, 3, 9, 7, 6, 1));
  THTensor *x = THTensor_newTranspose(base, 0, 1);
  THTensor *v = THTensor_new(TH_Int32), *i = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_sort(v, i, x, 1, 0, 1));
  CHECK_SHAPE(v, 2, 4, 3);
  CHECK_VALUES(v, 0, 2, 5, 9, 1, 7, 8, 0, 4, 6, 1, 3, 4);
  CHECK_VALUES(i, 0, 1, 0, 2, 0, 2, 1, 1, 0, 2, 2, 1, 0);
  CHECK_OK(THTensor_sort(v, i, x, 0, 1, 1));
  CHECK_VALUES(v, 0, 5, 8, 9, 4, 3, 7, 4, 2, 6, 1, 0, 1);
  CHECK_VALUES(i, 0, 0, 1, 0, 2, 3, 1, 3, 0, 2, 1, 2, 3);
  THTensor_free(v);
  THTensor_free(i);
  THTensor_free(x);
  THTensor_free(base);

  /* many long slices, 1 vs 2 threads: identical, and each row sorted stably */
  int64_t sz[2] = {64, 3000}; /* above the parallel grain */
  THTensor *big = THTensor_newWithSize(TH_Float64, 2, sz);
  for (int64_t k = 0; k < 64 * 3000; k++) th_set(big, k, (double)((k * 7919) % 97) - 40);
  THTensor *v1 = THTensor_new(TH_Float64), *i1 = THTensor_new(TH_Int64);
  THTensor *v2 = THTensor_new(TH_Float64), *i2 = THTensor_new(TH_Int64);
  int threads = THGetNumThreads();
  THSetNumThreads(1);
  CHECK_OK(THTensor_sort(v1, i1, big, 1, 0, 1));
  THSetNumThreads(2);
  CHECK_OK(THTensor_sort(v2, i2, big, 1, 0, 1));
  THSetNumThreads(threads);
  int same = 1, ordered = 1;
  for (int64_t k = 0; k < 64 * 3000; k++) {
    same &= th_at(v1, k) == th_at(v2, k) && th_at(i1, k) == th_at(i2, k);
    if (k % 3000) {
      double a = th_at(v1, k - 1), b = th_at(v1, k);
      ordered &= a < b || (a == b && th_at(i1, k - 1) < th_at(i1, k));
    }
  }
  CHECK(same);
  CHECK(ordered);
  THTensor_free(v1);
  THTensor_free(i1);
  THTensor_free(v2);
  THTensor_free(i2);
  THTensor_free(big);
}

static void test_sort_errors_and_edges(void) {
  THTensor *x = VEC(TH_Float32, 1, 2, 3);
  THTensor *v = THTensor_new(TH_Float32), *i = THTensor_new(TH_Int64);
  THTensor *bad = THTensor_new(TH_Float64), *badI = THTensor_new(TH_Int32);
  CHECK_ERR(THTensor_sort(v, i, x, 1, 0, 0), "Dimension out of range (expected to be in range of [-1, 0], but got 1)");
  CHECK_ERR(THTensor_sort(bad, i, x, 0, 0, 0), "expected out tensor to have dtype float32, but got float64");
  CHECK_ERR(THTensor_sort(v, badI, x, 0, 0, 0), "expected out tensor to have dtype int64, but got int32");
  /* empty and 0-d */
  THTensor *e = TENSOR(TH_Float32, SIZES(3, 0), NULL);
  CHECK_OK(THTensor_sort(v, i, e, 1, 0, 0));
  CHECK_SHAPE(v, 2, 3, 0);
  THTensor *s = THTensor_newScalar(TH_Float32, 4);
  CHECK_OK(THTensor_sort(v, i, s, 0, 0, 0));
  CHECK_EQ_INT(THTensor_ndim(v), 0);
  CHECK_VALUES(v, 0, 4);
  CHECK_VALUES(i, 0, 0);
  THTensor_free(s);
  THTensor_free(e);
  THTensor_free(bad);
  THTensor_free(badI);
  THTensor_free(v);
  THTensor_free(i);
  THTensor_free(x);
}

static void test_topk(void) {
  int64_t n = 40000; /* values repeat ~4 times: ties; k <= n / 16 takes the sampled-threshold path */
  THTensor *x = THTensor_newWithSize(TH_Float32, 1, &n);
  for (int64_t k = 0; k < n; k++) th_set(x, k, (double)((k * 2654435761u) % 10007));
  THTensor *v = THTensor_new(TH_Float32), *i = THTensor_new(TH_Int64);
  THTensor *sv = THTensor_new(TH_Float32), *si = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_sort(sv, si, x, 0, 1, 1));
  int64_t ks[] = {1, 10, 64, 65, 1000, 2500, 20000};
  for (int q = 0; q < 7; q++) {
    CHECK_OK(THTensor_topk(v, i, x, ks[q], 0, 1, 1));
    CHECK_SHAPE(v, 1, ks[q]);
    int same = 1;
    for (int64_t k = 0; k < ks[q]; k++) same &= th_at(v, k) == th_at(sv, k) && th_at(i, k) == th_at(si, k);
    CHECK(same);
  }
  /* a sample that underestimates the threshold (every 9th element tiny): the exact fallback */
  for (int64_t k = 0; k < n; k++) th_set(x, k, k % 9 == 0 ? -(double)k : (double)k);
  CHECK_OK(THTensor_sort(sv, si, x, 0, 0, 1));
  CHECK_OK(THTensor_topk(v, i, x, 2000, 0, 0, 1));
  {
    int same = 1;
    for (int64_t k = 0; k < 2000; k++) same &= th_at(v, k) == th_at(sv, k) && th_at(i, k) == th_at(si, k);
    CHECK(same);
  }
  CHECK_OK(THTensor_topk(v, i, x, 3, 0, 0, 1));
  CHECK_OK(THTensor_sort(sv, si, x, 0, 0, 1));
  CHECK_NEAR(th_at(v, 0), th_at(sv, 0), 0);
  CHECK_NEAR(th_at(v, 2), th_at(sv, 2), 0);
  CHECK_ERR(THTensor_topk(v, i, x, n + 1, 0, 1, 1), "selected index k out of range");
  CHECK_ERR(THTensor_topk(v, i, x, -1, 0, 1, 1), "selected index k out of range");
  THTensor *b = VEC(TH_Bool, 1, 0);
  CHECK_ERR(THTensor_topk(v, i, b, 1, 0, 1, 1), "\"topk_cpu\" not implemented for 'Bool'");
  /* NaN counts as the largest */
  THTensor *y = VEC(TH_Float64, 1, NAN, 3, 2);
  THTensor *yv = THTensor_new(TH_Float64);
  CHECK_OK(THTensor_topk(yv, i, y, 2, 0, 1, 1));
  CHECK_VALUES(yv, 0, NAN, 3);
  CHECK_VALUES(i, 0, 1, 2);
  THTensor_free(yv);
  THTensor_free(y);
  THTensor_free(b);
  THTensor_free(v);
  THTensor_free(i);
  THTensor_free(sv);
  THTensor_free(si);
  THTensor_free(x);
}

static void test_kthvalue_median_mode(void) {
  THTensor *x = TENSOR(TH_Float32, SIZES(2, 4), VALUES(4, 1, 3, 2, 8, NAN, 5, 6));
  THTensor *v = THTensor_new(TH_Float32), *i = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_kthvalue(v, i, x, 2, 1, 0));
  CHECK_SHAPE(v, 1, 2);
  CHECK_VALUES(v, 0, 2, 6);
  CHECK_VALUES(i, 0, 3, 3);
  CHECK_OK(THTensor_median(v, i, x, 1, 1, 0));
  CHECK_SHAPE(v, 2, 2, 1);
  CHECK_VALUES(v, 0, 2, NAN);
  CHECK_VALUES(i, 0, 3, 1);
  CHECK_OK(THTensor_median(v, i, x, 1, 0, 1)); /* nanmedian */
  CHECK_VALUES(v, 0, 2, 6);
  CHECK_VALUES(i, 0, 3, 3);
  THTensor *m = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_medianAll(m, x, 0));
  CHECK_EQ_INT(THTensor_ndim(m), 0);
  CHECK_VALUES(m, 0, NAN);
  CHECK_OK(THTensor_medianAll(m, x, 1));
  CHECK_VALUES(m, 0, 4);
  CHECK_ERR(THTensor_kthvalue(v, i, x, 5, 1, 0), "kthvalue(): selected number k out of range for dimension 1");
  THTensor *e = TENSOR(TH_Float32, SIZES(2, 0), NULL);
  CHECK_ERR(THTensor_median(v, i, e, 1, 0, 0), "median(): Expected reduction dim 1 to have non-zero size.");
  CHECK_ERR(THTensor_mode(v, i, e, 1, 0), "mode(): Expected reduction dim 1 to have non-zero size.");
  THTensor *mi = VEC(TH_Int64, 1, 2, 2, 3, 3, 1, 5);
  THTensor *mv = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_mode(mv, i, mi, 0, 0));
  CHECK_VALUES(mv, 0, 1);
  CHECK_VALUES(i, 0, 5);
  THTensor_free(mv);
  THTensor_free(mi);
  THTensor_free(e);
  THTensor_free(m);
  THTensor_free(v);
  THTensor_free(i);
  THTensor_free(x);
}

static void test_quantile(void) {
  THTensor *x = TENSOR(TH_Float64, SIZES(2, 4), VALUES(1, 2, 3, 4, 10, 20, 30, 40));
  THTensor *r = THTensor_new(TH_Float64);
  CHECK_OK(THTensor_quantileScalar(r, x, 0.5, 1, 1, 0, TH_QUANTILE_LINEAR, 0));
  CHECK_VALUES(r, 1e-12, 2.5, 25);
  THTensor *q = VEC(TH_Float64, 0.25, 1);
  CHECK_OK(THTensor_quantile(r, x, q, 1, 1, 1, TH_QUANTILE_LOWER, 0));
  CHECK_SHAPE(r, 3, 2, 2, 1);
  CHECK_VALUES(r, 0, 1, 10, 4, 40);
  CHECK_OK(THTensor_quantile(r, x, q, 0, 0, 0, TH_QUANTILE_LINEAR, 0));
  CHECK_VALUES(r, 1e-12, 2.75, 40);
  THQuantileMode mode;
  CHECK_OK(THQuantileMode_fromName("midpoint", &mode));
  CHECK_EQ_INT(mode, TH_QUANTILE_MIDPOINT);
  CHECK_ERR(THQuantileMode_fromName("cubic", &mode), "but got cubic");
  CHECK_ERR(THTensor_quantileScalar(r, x, 1.5, 0, 0, 0, TH_QUANTILE_LINEAR, 0), "q must be in the range [0, 1] but got 1.5");
  THTensor *qi = VEC(TH_Float32, 0.5);
  CHECK_ERR(THTensor_quantile(r, x, qi, 0, 0, 0, TH_QUANTILE_LINEAR, 0), "q tensor must be same dtype as the input tensor");
  THTensor *xi = VEC(TH_Int64, 1, 2);
  CHECK_ERR(THTensor_quantileScalar(r, xi, 0.5, 0, 0, 0, TH_QUANTILE_LINEAR, 0), "must be either float or double dtype");
  THTensor *xn = VEC(TH_Float64, 1, NAN, 3);
  CHECK_OK(THTensor_quantileScalar(r, xn, 0.5, 0, 0, 0, TH_QUANTILE_LINEAR, 1));
  CHECK_VALUES(r, 0, 2);
  CHECK_OK(THTensor_quantileScalar(r, xn, 0.5, 0, 0, 0, TH_QUANTILE_LINEAR, 0));
  CHECK_VALUES(r, 0, NAN);
  THTensor_free(xn);
  THTensor_free(xi);
  THTensor_free(qi);
  THTensor_free(q);
  THTensor_free(r);
  THTensor_free(x);
}

static void test_unique(void) {
  THTensor *x = VEC(TH_Int64, 3, 1, 2, 1, 3);
  THTensor *o = THTensor_new(TH_Int64), *inv = THTensor_new(TH_Int64), *c = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_unique(o, inv, c, x, 1, 0, 0));
  CHECK_VALUES(o, 0, 1, 2, 3);
  CHECK_VALUES(inv, 0, 2, 0, 1, 0, 2);
  CHECK_VALUES(c, 0, 2, 1, 2);
  CHECK_OK(THTensor_uniqueConsecutive(o, inv, NULL, x, 0, 0));
  CHECK_VALUES(o, 0, 3, 1, 2, 1, 3);
  /* the counting path (long, narrow range) */
  int64_t n = 3000;
  THTensor *big = THTensor_newWithSize(TH_Int64, 1, &n);
  for (int64_t k = 0; k < n; k++) th_set(big, k, (double)((k * 37) % 101) - 50);
  CHECK_OK(THTensor_unique(o, inv, c, big, 1, 0, 0));
  CHECK_SHAPE(o, 1, 101);
  CHECK_NEAR(th_at(o, 0), -50, 0);
  CHECK_NEAR(th_at(o, 100), 50, 0);
  CHECK_NEAR(th_at(inv, 1), (37 % 101) - 50 + 50, 0);
  THTensor_free(big);
  /* along a dim */
  THTensor *m = TENSOR(TH_Int64, SIZES(3, 2), VALUES(1, 2, 1, 2, 0, 5));
  CHECK_OK(THTensor_unique(o, inv, c, m, 1, 1, 0));
  CHECK_SHAPE(o, 2, 2, 2);
  CHECK_VALUES(o, 0, 0, 5, 1, 2);
  CHECK_VALUES(inv, 0, 1, 1, 0);
  CHECK_VALUES(c, 0, 1, 2);
  THTensor *s = THTensor_newScalar(TH_Int64, 5);
  CHECK_ERR(THTensor_unique(o, NULL, NULL, s, 1, 1, 0), "Dimension specified as 0 but tensor has no dimensions");
  THTensor *h = VEC(TH_Float16, 1, 2);
  THTensor *ho = THTensor_new(TH_Float16);
  CHECK_ERR(THTensor_unique(ho, NULL, NULL, h, 1, 0, 0), "\"unique\" not implemented for 'Half'");
  THTensor_free(ho);
  THTensor_free(h);
  THTensor_free(s);
  THTensor_free(m);
  THTensor_free(o);
  THTensor_free(inv);
  THTensor_free(c);
  THTensor_free(x);
}

static void test_search(void) {
  THTensor *b = VEC(TH_Float32, 1, 3, 3, 5);
  THTensor *v = VEC(TH_Float32, 3, 4, NAN, 0);
  THTensor *r = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_searchsorted(r, b, v, 0, 0, NULL));
  CHECK_VALUES(r, 0, 1, 3, 4, 0);
  CHECK_OK(THTensor_searchsorted(r, b, v, 0, 1, NULL));
  CHECK_VALUES(r, 0, 3, 3, 4, 0);
  THTensor *b2 = VEC(TH_Float32, 5, 1, 3, 3);
  THTensor *sorter = VEC(TH_Int64, 1, 2, 3, 0);
  CHECK_OK(THTensor_searchsorted(r, b2, v, 0, 0, sorter));
  CHECK_VALUES(r, 0, 1, 3, 4, 0);
  THTensor *badSorter = VEC(TH_Int64, 1, 2, 3, 4);
  CHECK_ERR(THTensor_searchsorted(r, b2, v, 0, 0, badSorter), "sorter index 4 is out of range");
  THTensor *r32 = THTensor_new(TH_Int32);
  CHECK_ERR(THTensor_searchsorted(r32, b, v, 0, 0, NULL), "output tensor's dtype is wrong");
  CHECK_OK(THTensor_bucketize(r32, v, b, 1, 1));
  CHECK_VALUES(r32, 0, 3, 3, 4, 0);
  THTensor *m = TENSOR(TH_Float32, SIZES(2, 2), VALUES(1, 2, 3, 4));
  CHECK_ERR(THTensor_bucketize(r, v, m, 0, 0), "boundaries tensor must be 1 dimension, but got dim(2)");
  THTensor *vv = TENSOR(TH_Float32, SIZES(3, 1), VALUES(1, 2, 3));
  CHECK_ERR(THTensor_searchsorted(r, m, vv, 0, 0, NULL), "boundaries tensor [2, 2] and input value tensor [3, 1]");
  THTensor_free(vv);
  THTensor_free(m);
  THTensor_free(r32);
  THTensor_free(badSorter);
  THTensor_free(sorter);
  THTensor_free(b2);
  THTensor_free(r);
  THTensor_free(v);
  THTensor_free(b);
}

static void test_hist(void) {
  THTensor *x = VEC(TH_Float32, 1, 2, 1, NAN, 7);
  THTensor *r = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_histc(r, x, 4, 0, 4));
  CHECK_VALUES(r, 0, 1, 2, 1, 0); /* 7 is outside; NaN lands in the first bin, as in torch 1.13 */
  CHECK_ERR(THTensor_histc(r, x, 4, 0, 0), "is not finite");
  CHECK_ERR(THTensor_histc(r, x, 0, 0, 4), "bins must be > 0, but got 0");
  CHECK_ERR(THTensor_histc(r, x, 3, 4, 1), "max must be larger than min");
  THTensor *xi = VEC(TH_Int64, 4, 1, 1, 0);
  THTensor *c = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_bincount(c, xi, NULL, 0));
  CHECK_VALUES(c, 0, 1, 2, 0, 0, 1);
  THTensor *w = VEC(TH_Float32, 0.5, 1, 2, 3);
  THTensor *cw = THTensor_new(THTensor_bincountResultType(w));
  CHECK_EQ_INT(THTensor_dtype(cw), TH_Float32);
  CHECK_OK(THTensor_bincount(cw, xi, w, 7));
  CHECK_VALUES(cw, 0, 3, 3, 0, 0, 0.5, 0, 0);
  THTensor *neg = VEC(TH_Int64, 1, -1);
  CHECK_ERR(THTensor_bincount(c, neg, NULL, 0), "bincount only supports 1-d non-negative integral inputs.");
  CHECK_ERR(THTensor_bincount(c, xi, NULL, -1), "minlength should be >= 0");
  CHECK_ERR(THTensor_bincount(c, x, NULL, 0), "\"bincount_cpu\" not implemented for 'Float'");
  THTensor_free(neg);
  THTensor_free(cw);
  THTensor_free(w);
  THTensor_free(c);
  THTensor_free(xi);
  THTensor_free(r);
  THTensor_free(x);
}

int main(void) {
  RUN_TEST(test_sort_basic);
  RUN_TEST(test_sort_strided_dims_and_threads);
  RUN_TEST(test_sort_errors_and_edges);
  RUN_TEST(test_topk);
  RUN_TEST(test_kthvalue_median_mode);
  RUN_TEST(test_quantile);
  RUN_TEST(test_unique);
  RUN_TEST(test_search);
  RUN_TEST(test_hist);
  return TH_TEST_RESULT();
}
