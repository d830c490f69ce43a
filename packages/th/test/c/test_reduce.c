/* test_reduce.c — reductions and scans: values (as torch 1.13 gives them), dims and keepdim,
 * non-contiguous and expanded inputs, empty reductions, NaN, accuracy of float32 sums, results
 * independent of the thread count, and the error paths. */
#include "TH/TH.h"
#include "th_test.h"

/* a [n] float tensor 0, 1, ..., reshaped */
static THTensor *arange(THDType dt, int64_t n, int ndim, const int64_t *sizes) {
  THTensor *t = THTensor_new(dt);
  if (THTensor_arange(t, 0, (double)n, 1)) return t;
  THTensor *v = THTensor_newView(t, ndim, sizes);
  THTensor_free(t);
  return v;
}

static THTensor *fromValues(THDType dt, int ndim, const int64_t *sizes, const double *v) {
  THTensor *t = THTensor_newWithSize(dt, ndim, sizes);
  int64_t n = THTensor_numel(t);
  for (int64_t i = 0; i < n; i++) th_test_store(dt, th_test_addr(t, i), v[i]);
  return t;
}

static void test_sum_dims(void) {
  THTensor *a = arange(TH_Float32, 24, 3, (const int64_t[]){2, 3, 4});
  THTensor *r = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_sum(r, a, 0, NULL, 0, TH_DTYPE_NONE));
  CHECK_EQ_INT(THTensor_ndim(r), 0);
  CHECK_VALUES(r, 0, 276);
  CHECK_OK(THTensor_sum(r, a, 1, (const int64_t[]){1}, 0, TH_DTYPE_NONE));
  CHECK_SHAPE(r, 2, 2, 4);
  CHECK_VALUES(r, 0, 12, 15, 18, 21, 48, 51, 54, 57);
  CHECK_OK(THTensor_sum(r, a, 2, (const int64_t[]){0, -1}, 1, TH_DTYPE_NONE));
  CHECK_SHAPE(r, 3, 1, 3, 1);
  CHECK_VALUES(r, 0, 60, 92, 124);
  /* transposed input */
  THTensor *t = THTensor_newTranspose(a, 0, 2);
  CHECK_OK(THTensor_sum(r, t, 1, (const int64_t[]){0}, 0, TH_DTYPE_NONE));
  CHECK_SHAPE(r, 2, 3, 2);
  CHECK_VALUES(r, 0, 6, 54, 22, 70, 38, 86);
  CHECK_OK(THTensor_mean(r, t, 2, (const int64_t[]){0, 2}, 0, TH_DTYPE_NONE));
  CHECK_VALUES(r, 1e-6, 7.5, 11.5, 15.5);
  THTensor_free(t);
  /* expanded input */
  THTensor *row = arange(TH_Float64, 3, 1, (const int64_t[]){3});
  THTensor *e = THTensor_newExpand(row, 2, (const int64_t[]){1000, 3});
  THTensor *rd = THTensor_new(TH_Float64);
  CHECK_OK(THTensor_sum(rd, e, 1, (const int64_t[]){0}, 0, TH_DTYPE_NONE));
  CHECK_VALUES(rd, 0, 0, 1000, 2000);
  THTensor_free(e);
  THTensor_free(row);
  THTensor_free(rd);
  THTensor_free(r);
  THTensor_free(a);
}

static void test_int_promotion(void) {
  THTensor *a = fromValues(TH_Int32, 2, (const int64_t[]){2, 2}, (const double[]){1, 2, 3, 4});
  THDType dt;
  CHECK_OK(THTensor_reduceResultType("sum", a, TH_DTYPE_NONE, &dt));
  CHECK_EQ_INT(dt, TH_Int64);
  THTensor *r = THTensor_new(dt);
  CHECK_OK(THTensor_sum(r, a, 1, (const int64_t[]){0}, 0, TH_DTYPE_NONE));
  CHECK_VALUES(r, 0, 4, 6);
  CHECK_OK(THTensor_prod(r, a, 0, NULL, 0, TH_DTYPE_NONE));
  CHECK_VALUES(r, 0, 24);
  CHECK_ERR(THTensor_reduceResultType("mean", a, TH_DTYPE_NONE, &dt), "mean(): could not infer output dtype");
  THTensor *m = THTensor_new(TH_Float64);
  CHECK_ERR(THTensor_mean(m, a, 0, NULL, 0, TH_DTYPE_NONE), "Input dtype must be either a floating point");
  CHECK_OK(THTensor_mean(m, a, 0, NULL, 0, TH_Float64));
  CHECK_VALUES(m, 0, 2.5);
  THTensor *f = THTensor_new(TH_Float32);
  CHECK_ERR(THTensor_sum(f, a, 0, NULL, 0, TH_Float64), "Expected out tensor to have dtype float64, but got float32");
  THTensor_free(f);
  THTensor_free(m);
  THTensor_free(r);
  THTensor_free(a);
}

static void test_float32_accuracy(void) {
  int64_t n = 10000000;
  THTensor *ones = THTensor_newWithSize(TH_Float32, 1, &n);
  THTensor_fill(ones, 1);
  THTensor *r = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_sum(r, ones, 0, NULL, 0, TH_DTYPE_NONE));
  CHECK_VALUES(r, 0, 1e7);
  /* a sum of 1e7 values in [0, 1): within a few ulps of the float64 sum */
  THTensor *x = THTensor_newWithSize(TH_Float32, 1, &n);
  float *p = THTensor_data(x);
  uint32_t s = 12345;
  for (int64_t i = 0; i < n; i++) {
    s = s * 1664525u + 1013904223u;
    p[i] = (float)(s >> 8) / 16777216.0f;
  }
  THTensor *xd = THTensor_newTo(x, TH_Float64, 0);
  THTensor *rd = THTensor_new(TH_Float64);
  CHECK_OK(THTensor_sum(r, x, 0, NULL, 0, TH_DTYPE_NONE));
  CHECK_OK(THTensor_sum(rd, xd, 0, NULL, 0, TH_DTYPE_NONE));
  double want = THTensor_item(rd, &(int){0}), got = THTensor_item(r, &(int){0});
  CHECK_NEAR(got, want, 4 * want * 5.96e-8);
  /* thread count does not change the result */
  int threads = THGetNumThreads();
  THSetNumThreads(1);
  THTensor *r1 = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_sum(r1, x, 0, NULL, 0, TH_DTYPE_NONE));
  THSetNumThreads(3);
  THTensor *r3 = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_sum(r3, x, 0, NULL, 0, TH_DTYPE_NONE));
  THSetNumThreads(threads);
  CHECK(THTensor_item(r1, &(int){0}) == got);
  CHECK(THTensor_item(r3, &(int){0}) == got);
  THTensor_free(r1);
  THTensor_free(r3);
  THTensor_free(xd);
  THTensor_free(rd);
  THTensor_free(x);
  THTensor_free(r);
  THTensor_free(ones);
}

static void test_max_arg(void) {
  THTensor *a = fromValues(TH_Float32, 2, (const int64_t[]){2, 3}, (const double[]){1, 5, 5, NAN, 2, 9});
  THTensor *v = THTensor_new(TH_Float32), *i = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_maxDim(v, i, a, 1, 0));
  CHECK_VALUES(v, 0, 5, NAN);
  CHECK_VALUES(i, 0, 1, 0);
  CHECK_OK(THTensor_maxDim(v, i, a, 0, 1));
  CHECK_SHAPE(v, 2, 1, 3);
  CHECK_VALUES(v, 0, NAN, 5, 9);
  CHECK_VALUES(i, 0, 1, 0, 1);
  CHECK_OK(THTensor_argmax(i, a, 0, 0, 0));
  CHECK_VALUES(i, 0, 3);
  CHECK_OK(THTensor_argmin(i, a, 1, -1, 0));
  CHECK_VALUES(i, 0, 0, 0);
  CHECK_OK(THTensor_amin(v, a, 1, (const int64_t[]){1}, 0));
  CHECK_VALUES(v, 0, 1, NAN);
  THTensor *lo = THTensor_new(TH_Float32), *hi = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_aminmax(lo, hi, a, 1, 1, 0));
  CHECK_VALUES(lo, 0, 1, NAN);
  CHECK_VALUES(hi, 0, 5, NAN);
  /* errors: empty dims, wrong out dtypes, bad dims */
  THTensor *empty = THTensor_newWithSize(TH_Float32, 2, (const int64_t[]){0, 3});
  CHECK_ERR(THTensor_max(v, empty), "max(): Expected reduction dim to be specified for input.numel() == 0");
  CHECK_ERR(THTensor_maxDim(v, i, empty, 0, 0), "max(): Expected reduction dim 0 to have non-zero size.");
  CHECK_ERR(THTensor_argmax(i, empty, 0, 0, 0), "argmax(): Expected reduction dim to be specified");
  CHECK_ERR(THTensor_aminmax(lo, hi, empty, 0, 0, 0), "aminmax(): cannot compute aminmax over an empty dimension");
  CHECK_OK(THTensor_maxDim(v, i, empty, 1, 0));
  CHECK_SHAPE(v, 1, 0);
  CHECK_ERR(THTensor_maxDim(i, v, a, 1, 0), "Expected out tensor to have dtype float32, but got int64");
  CHECK_ERR(THTensor_argmax(i, a, 1, 2, 0), "Dimension out of range (expected to be in range of [-2, 1], but got 2)");
  THTensor *b = fromValues(TH_Bool, 1, (const int64_t[]){2}, (const double[]){0, 1});
  CHECK_ERR(THTensor_argmax(i, b, 0, 0, 0), "not implemented for 'bool'");
  THTensor_free(b);
  THTensor_free(empty);
  THTensor_free(lo);
  THTensor_free(hi);
  THTensor_free(v);
  THTensor_free(i);
  THTensor_free(a);
}

/* argmax of a long row split into chunks: the first maximum wins across chunks */
static void test_arg_chunks(void) {
  int64_t n = 100000;
  THTensor *a = THTensor_newWithSize(TH_Float64, 1, &n);
  THTensor_fill(a, 1);
  double *p = THTensor_data(a);
  p[70000] = 7;
  p[90000] = 7;
  THTensor *i = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_argmax(i, a, 0, 0, 0));
  CHECK_VALUES(i, 0, 70000);
  p[99999] = NAN;
  CHECK_OK(THTensor_argmax(i, a, 0, 0, 0));
  CHECK_VALUES(i, 0, 99999);
  THTensor_free(i);
  THTensor_free(a);
}

static void test_var_norm(void) {
  THTensor *a = fromValues(TH_Float64, 2, (const int64_t[]){2, 3}, (const double[]){1, 2, 4, 3, -1, 0});
  THTensor *r = THTensor_new(TH_Float64), *m = THTensor_new(TH_Float64);
  CHECK_OK(THTensor_var(r, a, 1, (const int64_t[]){1}, 1, 0));
  CHECK_VALUES(r, 1e-12, 2.333333333333333, 4.333333333333333);
  CHECK_OK(THTensor_stdMean(r, m, a, 0, NULL, 0, 0));
  CHECK_VALUES(r, 1e-12, 1.707825127659933);
  CHECK_VALUES(m, 1e-12, 1.5);
  CHECK_OK(THTensor_norm(r, a, 2, 0, NULL, 0, TH_DTYPE_NONE));
  CHECK_VALUES(r, 1e-12, 5.5677643628300215);
  CHECK_OK(THTensor_norm(r, a, INFINITY, 1, (const int64_t[]){0}, 0, TH_DTYPE_NONE));
  CHECK_VALUES(r, 0, 3, 2, 4);
  CHECK_OK(THTensor_norm(r, a, 0, 0, NULL, 0, TH_DTYPE_NONE));
  CHECK_VALUES(r, 0, 5);
  CHECK_OK(THTensor_norm(r, a, 3, 1, (const int64_t[]){1}, 1, TH_DTYPE_NONE));
  CHECK_SHAPE(r, 2, 2, 1);
  CHECK_VALUES(r, 1e-12, 4.179339196381232, 3.0365889718756622);
  CHECK_OK(THTensor_logsumexp(r, a, 1, (const int64_t[]){1}, 0));
  CHECK_VALUES(r, 1e-12, 4.169846019556286, 3.0658839037574293);
  THTensor *ai = fromValues(TH_Int64, 1, (const int64_t[]){2}, (const double[]){1, 2});
  CHECK_ERR(THTensor_var(r, ai, 0, NULL, 1, 0), "std and var only support floating point");
  CHECK_ERR(THTensor_norm(r, ai, 2, 0, NULL, 0, TH_DTYPE_NONE), "Expected a floating point or complex tensor as input");
  THTensor *empty = THTensor_newWithSize(TH_Float64, 1, (const int64_t[]){0});
  CHECK_ERR(THTensor_norm(r, empty, INFINITY, 0, NULL, 0, TH_DTYPE_NONE), "cannot compute the inf norm on an empty tensor");
  CHECK_OK(THTensor_sum(r, empty, 0, NULL, 0, TH_DTYPE_NONE));
  CHECK_VALUES(r, 0, 0);
  CHECK_OK(THTensor_prod(r, empty, 0, NULL, 0, TH_DTYPE_NONE));
  CHECK_VALUES(r, 0, 1);
  CHECK_OK(THTensor_mean(r, empty, 0, NULL, 0, TH_DTYPE_NONE));
  CHECK_VALUES(r, 0, NAN);
  CHECK_ERR(THTensor_sum(r, a, 2, (const int64_t[]){1, -1}, 0, TH_DTYPE_NONE), "dim 1 appears multiple times");
  THTensor_free(empty);
  THTensor_free(ai);
  THTensor_free(m);
  THTensor_free(r);
  THTensor_free(a);
}

static void test_logical(void) {
  THTensor *a = fromValues(TH_Float32, 2, (const int64_t[]){2, 2}, (const double[]){0, 1, NAN, 2});
  THTensor *r = THTensor_new(TH_Bool), *c = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_all(r, a, 1, (const int64_t[]){1}, 0));
  CHECK_VALUES(r, 0, 0, 1);
  CHECK_OK(THTensor_any(r, a, 0, NULL, 0));
  CHECK_VALUES(r, 0, 1);
  CHECK_OK(THTensor_countNonzero(c, a, 1, (const int64_t[]){0}));
  CHECK_VALUES(c, 0, 1, 2);
  CHECK_ERR(THTensor_all(c, a, 0, NULL, 0), "all only supports bool tensor for result, got: int64");
  THTensor_free(r);
  THTensor_free(c);
  THTensor_free(a);
}

static void test_scans(void) {
  THTensor *a = fromValues(TH_Int32, 2, (const int64_t[]){2, 3}, (const double[]){1, 3, 3, 2, 0, 5});
  THTensor *r = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_cumsum(r, a, 1, TH_DTYPE_NONE));
  CHECK_VALUES(r, 0, 1, 4, 7, 2, 2, 7);
  CHECK_OK(THTensor_cumsum(r, a, 0, TH_DTYPE_NONE));
  CHECK_VALUES(r, 0, 1, 3, 3, 3, 3, 8);
  CHECK_OK(THTensor_cumprod(r, a, -1, TH_DTYPE_NONE));
  CHECK_VALUES(r, 0, 1, 3, 9, 2, 0, 0);
  THTensor *v = THTensor_new(TH_Int32), *i = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_cummax(v, i, a, 1));
  CHECK_VALUES(v, 0, 1, 3, 3, 2, 2, 5);
  CHECK_VALUES(i, 0, 0, 1, 2, 0, 0, 2);
  CHECK_OK(THTensor_cummin(v, i, a, 1));
  CHECK_VALUES(v, 0, 1, 1, 1, 2, 0, 0);
  CHECK_VALUES(i, 0, 0, 0, 0, 0, 1, 1);
  /* in place */
  THTensor *f = fromValues(TH_Float32, 1, (const int64_t[]){4}, (const double[]){1, 2, 3, 4});
  CHECK_OK(THTensor_cumsum(f, f, 0, TH_DTYPE_NONE));
  CHECK_VALUES(f, 0, 1, 3, 6, 10);
  CHECK_ERR(THTensor_cumsum(r, a, 2, TH_DTYPE_NONE), "Dimension out of range (expected to be in range of [-2, 1], but got 2)");
  CHECK_ERR(THTensor_cummax(i, i, a, 0), "Expected out tensor to have dtype int32, but got int64");
  THTensor_free(f);
  THTensor_free(v);
  THTensor_free(i);
  THTensor_free(r);
  THTensor_free(a);
}

/* big outer and inner reductions agree with a plain double loop, on 1 and 3 threads */
static void test_big_shapes(void) {
  int64_t sizes[2] = {700, 900};
  THTensor *a = THTensor_newWithSize(TH_Float32, 2, sizes);
  float *p = THTensor_data(a);
  for (int64_t k = 0; k < 700 * 900; k++) p[k] = (float)((k * 37) % 101) - 50.0f;
  for (int dim = 0; dim < 2; dim++) {
    THTensor *r = THTensor_new(TH_Float32), *v = THTensor_new(TH_Float32), *i = THTensor_new(TH_Int64);
    CHECK_OK(THTensor_sum(r, a, 1, (const int64_t[]){dim}, 0, TH_DTYPE_NONE));
    CHECK_OK(THTensor_maxDim(v, i, a, dim, 0));
    int64_t nout = sizes[1 - dim], nred = sizes[dim];
    int bad = 0;
    for (int64_t o = 0; o < nout; o++) {
      double s = 0, best = -INFINITY;
      int64_t at = -1;
      for (int64_t k = 0; k < nred; k++) {
        double x = dim == 0 ? p[k * 900 + o] : p[o * 900 + k];
        s += x;
        if (x > best) best = x, at = k;
      }
      if (((float *)THTensor_data(r))[o] != (float)s) bad++;
      if (((float *)THTensor_data(v))[o] != (float)best || ((int64_t *)THTensor_data(i))[o] != at) bad++;
    }
    CHECK_EQ_INT(bad, 0);
    THTensor_free(r);
    THTensor_free(v);
    THTensor_free(i);
  }
  THTensor_free(a);
}


/* half types accumulate in float32: 4096 ones in float16 sum to 4096 (a float16 accumulator would
 * stop at 2048, where 2048 + 1 rounds back to 2048) */
static void test_half_accumulates_in_float(void) {
  int64_t n = 4096;
  THTensor *h = THTensor_newWithSize(TH_Float16, 1, &n);
  THTensor_fill(h, 1);
  THTensor *r = THTensor_new(TH_Float16);
  CHECK_OK(THTensor_sum(r, h, 0, NULL, 0, TH_DTYPE_NONE));
  CHECK_VALUES(r, 0, 4096);
  THTensor *c = THTensor_new(TH_Float16);
  CHECK_OK(THTensor_cumsum(c, h, 0, TH_DTYPE_NONE));
  CHECK_NEAR(th_test_load(TH_Float16, th_test_addr(c, 4095)), 4096, 0);
  THTensor_free(c);
  THTensor_free(r);
  THTensor_free(h);
}

/* the vectorized outer argmax/argmin (32-column tiles) with NaN and ties, against a plain loop,
 * on 1 and 2 threads */
static void test_outer_arg_nan(void) {
  int64_t sizes[2] = {50, 70};
  THTensor *a = THTensor_newWithSize(TH_Float32, 2, sizes);
  float *p = THTensor_data(a);
  for (int64_t k = 0; k < 50 * 70; k++) p[k] = k % 37 == 5 ? NAN : (float)((k * 11) % 7);
  int threads = THGetNumThreads();
  for (int t = 1; t <= 2; t++) {
    THSetNumThreads(t);
    for (int isMin = 0; isMin < 2; isMin++) {
      THTensor *v = THTensor_new(TH_Float32), *i = THTensor_new(TH_Int64);
      CHECK_OK(isMin ? THTensor_minDim(v, i, a, 0, 0) : THTensor_maxDim(v, i, a, 0, 0));
      int bad = 0;
      for (int64_t c = 0; c < 70; c++) {
        float best = p[c];
        int64_t at = 0;
        for (int64_t r = 1; r < 50 && best == best; r++) {
          float x = p[r * 70 + c];
          if (x != x || (isMin ? x < best : x > best)) best = x, at = r;
        }
        float got = ((float *)THTensor_data(v))[c];
        if (((int64_t *)THTensor_data(i))[c] != at || !(got == best || (got != got && best != best))) bad++;
      }
      CHECK_EQ_INT(bad, 0);
      THTensor_free(v);
      THTensor_free(i);
    }
  }
  THSetNumThreads(threads);
  THTensor_free(a);
}

/* var over a long (chunked) range matches a two-pass float64 reference; blocked scans */
static void test_long_var_and_scans(void) {
  int64_t n = 200000;
  THTensor *a = THTensor_newWithSize(TH_Float64, 1, &n);
  double *p = THTensor_data(a), mean = 0, m2 = 0;
  for (int64_t k = 0; k < n; k++) p[k] = 1000.0 + (double)((k * 7919) % 1000) / 7.0, mean += p[k];
  mean /= (double)n;
  for (int64_t k = 0; k < n; k++) m2 += (p[k] - mean) * (p[k] - mean);
  THTensor *r = THTensor_new(TH_Float64), *m = THTensor_new(TH_Float64);
  CHECK_OK(THTensor_varMean(r, m, a, 0, NULL, 1, 0));
  CHECK_NEAR(THTensor_item(r, &(int){0}), m2 / (double)(n - 1), 1e-9 * m2 / (double)n);
  CHECK_NEAR(THTensor_item(m, &(int){0}), mean, 1e-9 * mean);
  /* cumprod and cummin down the columns of a [30, 40] matrix (lines advance together) */
  int64_t sizes[2] = {30, 40};
  THTensor *b = THTensor_newWithSize(TH_Float64, 2, sizes);
  double *q = THTensor_data(b);
  for (int64_t k = 0; k < 30 * 40; k++) q[k] = 1.0 + (double)((k * 13) % 5) / 8.0;
  THTensor *cp = THTensor_new(TH_Float64), *cv = THTensor_new(TH_Float64), *ci = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_cumprod(cp, b, 0, TH_DTYPE_NONE));
  CHECK_OK(THTensor_cummin(cv, ci, b, 0));
  int bad = 0;
  for (int64_t c = 0; c < 40; c++) {
    double prod = 1, best = 0;
    int64_t at = 0;
    for (int64_t rr = 0; rr < 30; rr++) {
      double x = q[rr * 40 + c];
      prod *= x;
      if (rr == 0 || x <= best) best = x, at = rr;
      if (((double *)THTensor_data(cp))[rr * 40 + c] != prod) bad++;
      if (((double *)THTensor_data(cv))[rr * 40 + c] != best || ((int64_t *)THTensor_data(ci))[rr * 40 + c] != at) bad++;
    }
  }
  CHECK_EQ_INT(bad, 0);
  /* errors of the single-dim reductions and scans */
  CHECK_ERR(THTensor_prod(r, b, 2, (const int64_t[]){0, 1}, 0, TH_DTYPE_NONE), "prod: expected one dim or none, got 2 dims");
  THTensor *bo = THTensor_new(TH_Bool);
  CHECK_ERR(THTensor_any(bo, b, 2, (const int64_t[]){0, 1}, 0), "any: expected one dim or none, got 2 dims");
  CHECK_ERR(THTensor_cumsum(ci, b, 0, TH_Float64), "cumsum: Expected out tensor to have dtype float64, but got int64 instead");
  CHECK_ERR(THTensor_varMean(r, ci, b, 0, NULL, 1, 0), "Expected out tensor to have a floating point dtype");
  CHECK_ERR(THTensor_reduceResultType("median", b, TH_DTYPE_NONE, &(THDType){0}), "unknown reduction 'median'");
  THTensor_free(bo);
  THTensor_free(cp);
  THTensor_free(cv);
  THTensor_free(ci);
  THTensor_free(b);
  THTensor_free(r);
  THTensor_free(m);
  THTensor_free(a);
}

int main(void) {
  RUN_TEST(test_sum_dims);
  RUN_TEST(test_int_promotion);
  RUN_TEST(test_float32_accuracy);
  RUN_TEST(test_max_arg);
  RUN_TEST(test_arg_chunks);
  RUN_TEST(test_var_norm);
  RUN_TEST(test_logical);
  RUN_TEST(test_scans);
  RUN_TEST(test_big_shapes);
  RUN_TEST(test_half_accumulates_in_float);
  RUN_TEST(test_outer_arg_nan);
  RUN_TEST(test_long_var_and_scans);
  return TH_TEST_RESULT();
}
