/* libTHNN normalization from C: values against hand computations and naive reference loops,
 * running-stat updates, gradient accumulation (scale), identities between the norms, strided
 * tensors, and errors. */
#include "THNN/THNN.h"
#include "th_test.h"

static THTensor *filled(THDType dt, int nd, const int64_t *sizes, double a, double b) {
  THTensor *t = THTensor_newWithSize(dt, nd, sizes);
  for (int64_t i = 0; i < THTensor_numel(t); i++) th_set(t, i, sin(a * (double)i + b) * 2 + 0.3);
  return t;
}

static void test_batch_norm_values(void) {
  /* [N=2, C=2, S=2]: channel 0 holds 1, 2, 5, 6; channel 1 holds 0, 0, 4, 4 */
  THTensor *x = TENSOR(TH_Float64, SIZES(2, 2, 2), VALUES(1, 2, 0, 0, 5, 6, 4, 4));
  THTensor *y = THTensor_new(TH_Float64), *sm = THTensor_new(TH_Float64), *si = THTensor_new(TH_Float64);
  THTensor *rm = VEC(TH_Float64, 0, 1), *rv = VEC(TH_Float64, 1, 1), *w = VEC(TH_Float64, 2, 1), *b = VEC(TH_Float64, 0, -1);
  CHECK_OK(THNN_BatchNorm_updateOutput(x, y, w, b, rm, rv, sm, si, 1, 0.1, 0));
  CHECK_VALUES(sm, 1e-15, 3.5, 2);
  CHECK_VALUES(si, 1e-15, 1 / sqrt(4.25), 0.5); /* biased variances 4.25 and 4 */
  CHECK_VALUES(rm, 1e-15, 0.35, 0.9 + 0.2);
  CHECK_VALUES(rv, 1e-15, 0.9 + 0.1 * 4.25 * 4 / 3, 0.9 + 0.1 * 4 * 4 / 3); /* unbiased */
  double s = 2 / sqrt(4.25);
  CHECK_VALUES(y, 1e-14, -2.5 * s, -1.5 * s, -2, -2, 1.5 * s, 2.5 * s, 0, 0);
  /* evaluation uses the running stats and leaves saves empty */
  CHECK_OK(THNN_BatchNorm_updateOutput(x, y, NULL, NULL, rm, rv, sm, si, 0, 0.1, 1e-5));
  CHECK_SHAPE(sm, 1, 0);
  CHECK_NEAR(th_at(y, 0), (1 - 0.35) / sqrt(th_at(rv, 0) + 1e-5), 1e-14);
  /* backward, training: gradBias accumulates scale * sum(dy); gradInput sums to 0 per channel */
  CHECK_OK(THNN_BatchNorm_updateOutput(x, y, w, b, NULL, NULL, sm, si, 1, 0.1, 0));
  THTensor *dy = TENSOR(TH_Float64, SIZES(2, 2, 2), VALUES(1, -1, 2, 0.5, 3, 1, -2, 1));
  THTensor *gi = THTensor_new(TH_Float64), *gw = VEC(TH_Float64, 10, 10), *gb = VEC(TH_Float64, 1, 1);
  CHECK_OK(THNN_BatchNorm_backward(x, dy, gi, gw, gb, w, NULL, NULL, sm, si, 1, 0, 2));
  CHECK_VALUES(gb, 1e-15, 1 + 2 * 4, 1 + 2 * 1.5);
  /* gradWeight = sum(dy * xhat): channel 0: (1 * -2.5 + -1 * -1.5 + 3 * 1.5 + 1 * 2.5) / sqrt(4.25) */
  CHECK_NEAR(th_at(gw, 0), 10 + 2 * 6 / sqrt(4.25), 1e-13);
  CHECK_NEAR(th_at(gi, 0) + th_at(gi, 1) + th_at(gi, 4) + th_at(gi, 5), 0, 1e-14);
  /* NULL gradients are skipped */
  CHECK_OK(THNN_BatchNorm_backward(x, dy, NULL, NULL, gb, NULL, NULL, NULL, sm, si, 1, 0, 1));
  CHECK_VALUES(gb, 1e-15, 13, 5.5);
  THTensor_free(x), THTensor_free(y), THTensor_free(sm), THTensor_free(si), THTensor_free(rm), THTensor_free(rv);
  THTensor_free(w), THTensor_free(b), THTensor_free(dy), THTensor_free(gi), THTensor_free(gw), THTensor_free(gb);
}

/* instance norm = group norm with one channel per group (without affine); layer norm over the
 * trailing [C, S] = group norm with one group */
static void test_identities(void) {
  THTensor *x = filled(TH_Float32, 3, (const int64_t[]){3, 4, 5}, 0.7, 0.1);
  THTensor *a = THTensor_new(TH_Float32), *b = THTensor_new(TH_Float32), *m = THTensor_new(TH_Float32),
           *r = THTensor_new(TH_Float32);
  CHECK_OK(THNN_InstanceNorm_updateOutput(x, a, NULL, NULL, NULL, NULL, m, r, 1, 0.1, 1e-5));
  CHECK_SHAPE(m, 2, 3, 4);
  CHECK_OK(THNN_GroupNorm_updateOutput(x, b, NULL, NULL, m, r, 4, 1e-5));
  CHECK_SHAPE(m, 2, 3, 4);
  for (int64_t i = 0; i < 60; i++) CHECK_NEAR(th_at(a, i), th_at(b, i), 2e-6);
  CHECK_OK(THNN_LayerNorm_updateOutput(x, a, NULL, NULL, m, r, 2, (const int64_t[]){4, 5}, 1e-5));
  CHECK_SHAPE(m, 3, 3, 1, 1);
  CHECK_OK(THNN_GroupNorm_updateOutput(x, b, NULL, NULL, m, r, 1, 1e-5));
  for (int64_t i = 0; i < 60; i++) CHECK_NEAR(th_at(a, i), th_at(b, i), 2e-6);
  /* a transposed (non-contiguous) input and output give the contiguous results */
  THTensor *xt = THTensor_newTranspose(x, 1, 2), *xc = THTensor_newContiguous(xt);
  THTensor *yt = THTensor_newTranspose(b, 1, 2); /* [3, 5, 4] view on b */
  CHECK_OK(THNN_LayerNorm_updateOutput(xt, yt, NULL, NULL, m, r, 1, (const int64_t[]){4}, 1e-5));
  CHECK_OK(THNN_LayerNorm_updateOutput(xc, a, NULL, NULL, m, r, 1, (const int64_t[]){4}, 1e-5));
  for (int64_t i = 0; i < 60; i++) CHECK_NEAR(th_at(yt, i), th_at(a, i), 0);
  THTensor_free(x), THTensor_free(a), THTensor_free(b), THTensor_free(m), THTensor_free(r);
  THTensor_free(xt), THTensor_free(xc), THTensor_free(yt);
}

static void test_layer_norm_backward(void) {
  /* against finite differences of sum(dy * layerNorm(x) * w) for x and w */
  const int64_t sz[2] = {3, 6};
  THTensor *x = filled(TH_Float64, 2, sz, 1.3, 0.2), *dy = filled(TH_Float64, 2, sz, 0.4, 1.0);
  THTensor *w = filled(TH_Float64, 1, sz + 1, 0.9, 0.5), *y = THTensor_new(TH_Float64);
  THTensor *m = THTensor_new(TH_Float64), *r = THTensor_new(TH_Float64), *gi = THTensor_new(TH_Float64);
  THTensor *gw = THTensor_newWithSize(TH_Float64, 1, sz + 1), *gb = THTensor_newWithSize(TH_Float64, 1, sz + 1);
  THTensor_zero(gw), THTensor_zero(gb);
  CHECK_OK(THNN_LayerNorm_updateOutput(x, y, w, NULL, m, r, 1, sz + 1, 1e-5));
  CHECK_OK(THNN_LayerNorm_backward(x, dy, gi, gw, gb, w, m, r, 1, sz + 1, 1));
  THTensor *targets[2] = {x, w}, *grads[2] = {gi, gw};
  for (int k = 0; k < 2; k++)
    for (int64_t j = 0; j < THTensor_numel(targets[k]); j++) {
      double keep = th_at(targets[k], j), h = 1e-6, f[2];
      for (int s = 0; s < 2; s++) {
        th_set(targets[k], j, keep + (s ? -h : h));
        THNN_LayerNorm_updateOutput(x, y, w, NULL, m, r, 1, sz + 1, 1e-5);
        f[s] = 0;
        for (int64_t i = 0; i < 18; i++) f[s] += th_at(y, i) * th_at(dy, i);
      }
      th_set(targets[k], j, keep);
      double fd = (f[0] - f[1]) / (2 * h);
      th_test_checks++;
      if (!th_test_near(th_at(grads[k], j), fd, 1e-6 * (1 + fabs(fd))))
        TH_TEST_FAIL_("layerNorm grad %d[%lld] = %.12g, finite differences %.12g", k, (long long)j, th_at(grads[k], j), fd);
    }
  /* gradBias = column sums of dy */
  for (int64_t j = 0; j < 6; j++) CHECK_NEAR(th_at(gb, j), th_at(dy, j) + th_at(dy, 6 + j) + th_at(dy, 12 + j), 1e-14);
  THTensor_free(x), THTensor_free(dy), THTensor_free(w), THTensor_free(y), THTensor_free(m), THTensor_free(r);
  THTensor_free(gi), THTensor_free(gw), THTensor_free(gb);
}

static void test_local_response_norm(void) {
  const int64_t sz[3] = {2, 5, 3};
  THTensor *x = filled(TH_Float64, 3, sz, 0.8, 0.3), *y = THTensor_new(TH_Float64);
  const int64_t size = 4;
  const double alpha = 0.3, beta = 0.75, k = 1.5;
  CHECK_OK(THNN_LocalResponseNorm_updateOutput(x, y, size, alpha, beta, k));
  for (int n = 0; n < 2; n++)
    for (int c = 0; c < 5; c++)
      for (int s = 0; s < 3; s++) {
        double sum = 0;
        for (int w = c - 2; w <= c + 1; w++) /* [c - size / 2, c + (size - 1) / 2] */
          if (w >= 0 && w < 5) sum += pow(th_at(x, (n * 5 + w) * 3 + s), 2);
        double want = th_at(x, (n * 5 + c) * 3 + s) / pow(k + alpha * sum / size, beta);
        CHECK_NEAR(th_at(y, (n * 5 + c) * 3 + s), want, 1e-14);
      }
  THTensor_free(x), THTensor_free(y);
}

static void test_errors(void) {
  THTensor *x = filled(TH_Float32, 3, (const int64_t[]){4, 3, 5}, 1, 0), *y = THTensor_new(TH_Float32);
  THTensor *s = THTensor_new(TH_Float32), *v4 = VEC(TH_Float32, 1, 1, 1, 1), *v3 = VEC(TH_Float32, 1, 1, 1);
  THTensor *d3 = VEC(TH_Float64, 1, 1, 1), *one = TENSOR(TH_Float32, SIZES(1, 3), VALUES(1, 2, 3));
  CHECK_ERR(THNN_BatchNorm_updateOutput(NULL, y, NULL, NULL, NULL, NULL, s, s, 1, 0.1, 1e-5), "must not be NULL");
  CHECK_ERR(THNN_BatchNorm_updateOutput(x, y, NULL, NULL, v4, v3, s, s, 1, 0.1, 1e-5), "running_mean should contain 3 elements not 4");
  CHECK_ERR(THNN_BatchNorm_updateOutput(x, y, d3, NULL, NULL, NULL, s, s, 1, 0.1, 1e-5), "expected weight to have the dtype of input (float32), but got float64");
  CHECK_ERR(THNN_BatchNorm_updateOutput(one, y, NULL, NULL, NULL, NULL, s, s, 1, 0.1, 1e-5), "Expected more than 1 value per channel when training, got input size [1, 3]");
  CHECK_ERR(THNN_BatchNorm_updateOutput(x, y, NULL, NULL, NULL, NULL, s, s, 0, 0.1, 1e-5), "running_mean must be defined in evaluation mode");
  CHECK_ERR(THNN_BatchNorm_backward(x, x, y, NULL, NULL, NULL, NULL, NULL, v4, v3, 1, 1e-5, 1), "saveMean should contain 3 elements not 4");
  CHECK_ERR(THNN_LayerNorm_updateOutput(x, y, NULL, NULL, s, s, 1, (const int64_t[]){4}, 1e-5), "Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[4, 3, 5]");
  CHECK_ERR(THNN_LayerNorm_updateOutput(x, y, NULL, NULL, s, s, 0, NULL, 1e-5), "at least 1-dimensional");
  CHECK_ERR(THNN_GroupNorm_updateOutput(x, y, NULL, NULL, s, s, 2, 1e-5), "divisible by num_groups, but got input of shape [4, 3, 5] and num_groups=2");
  CHECK_ERR(THNN_GroupNorm_updateOutput(x, y, v4, NULL, s, s, 3, 1e-5), "Expected weight to be a vector of size equal to the number of channels");
  CHECK_ERR(THNN_InstanceNorm_updateOutput(x, y, NULL, NULL, NULL, NULL, s, s, 0, 0.1, 1e-5), "when use_input_stats is false");
  CHECK_ERR(THNN_LocalResponseNorm_updateOutput(one, y, 2, 1e-4, 0.75, 1), "Expected 3D or higher dimensionality input (got 2 dimensions)");
  CHECK_ERR(THNN_LocalResponseNorm_updateOutput(x, y, 0, 1e-4, 0.75, 1), "expected size to be positive");
  THTensor_free(x), THTensor_free(y), THTensor_free(s), THTensor_free(v4), THTensor_free(v3), THTensor_free(d3), THTensor_free(one);
}

int main(void) {
  RUN_TEST(test_batch_norm_values);
  RUN_TEST(test_identities);
  RUN_TEST(test_layer_norm_backward);
  RUN_TEST(test_local_response_norm);
  RUN_TEST(test_errors);
  return TH_TEST_RESULT();
}
