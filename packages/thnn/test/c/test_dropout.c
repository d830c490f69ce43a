/* libTHNN dropout from C: the mask is bernoulli_(1 - p) from the generator, scaled; feature masks
 * per channel; alpha dropout's affine map; the edge cases p = 0 / 1 and train = 0; errors. */
#include "THNN/THNN.h"
#include "th_test.h"

static void test_masks(void) {
  const int64_t sz[2] = {50, 40};
  THTensor *x = THTensor_newWithSize(TH_Float64, 2, sz), *y = THTensor_new(TH_Float64), *noise = THTensor_new(TH_Float64);
  for (int i = 0; i < 2000; i++) th_set(x, i, i % 7 - 3);
  THGenerator *g = THGenerator_new(5), *ref = THGenerator_new(5);
  CHECK_OK(THNN_Dropout_updateOutput(x, y, noise, 0.25, 1, g));
  THTensor *m = THTensor_newWithSize(TH_Float64, 2, sz);
  CHECK_OK(THTensor_bernoulli_(m, 0.75, ref)); /* the same draws */
  int zeros = 0;
  for (int i = 0; i < 2000; i++) {
    CHECK_NEAR(th_at(noise, i), th_at(m, i) / 0.75, 1e-15);
    CHECK_NEAR(th_at(y, i), th_at(x, i) * th_at(noise, i), 0);
    zeros += th_at(m, i) == 0;
  }
  CHECK(zeros > 400 && zeros < 600);
  /* backward: gradOutput * noise */
  THTensor *gi = THTensor_new(TH_Float64);
  CHECK_OK(THNN_Dropout_updateGradInput(x, noise, gi));
  for (int i = 0; i < 2000; i++) CHECK_NEAR(th_at(gi, i), th_at(y, i), 0);
  /* feature dropout: one value per (n, c) */
  THTensor *x4 = THTensor_newWithSize(TH_Float32, 4, (const int64_t[]){3, 4, 2, 5});
  THTensor_fill(x4, 1);
  THTensor *y4 = THTensor_new(TH_Float32), *n4 = THTensor_new(TH_Float32);
  CHECK_OK(THNN_FeatureDropout_updateOutput(x4, y4, n4, 0.5, 1, g));
  CHECK_SHAPE(n4, 4, 3, 4, 1, 1);
  for (int i = 0; i < 120; i++) CHECK_NEAR(th_at(y4, i), th_at(n4, i / 10), 0);
  THTensor_free(x), THTensor_free(y), THTensor_free(noise), THTensor_free(m), THTensor_free(gi);
  THTensor_free(x4), THTensor_free(y4), THTensor_free(n4);
  THGenerator_free(g), THGenerator_free(ref);
}

static void test_alpha_and_edges(void) {
  THTensor *x = VEC(TH_Float64, 1, -2, 3, NAN), *y = THTensor_new(TH_Float64), *noise = THTensor_new(TH_Float64);
  THGenerator *g = THGenerator_new(1);
  CHECK_OK(THNN_AlphaDropout_updateOutput(x, y, noise, 0.5, 1, g));
  const double alpha = 1.7580993408473766, a = 1 / sqrt((alpha * alpha * 0.5 + 1) * 0.5);
  for (int i = 0; i < 3; i++) {
    double m = th_at(noise, i) / a; /* 0 or 1 */
    CHECK(m == 0 || fabs(m - 1) < 1e-15);
    CHECK_NEAR(th_at(y, i), th_at(x, i) * th_at(noise, i) + alpha * a * (m - 1 + 0.5), 1e-14);
  }
  /* identities: train = 0, p = 0; p = 1 multiplies by 0 (NaN stays NaN, as PyTorch) */
  CHECK_OK(THNN_Dropout_updateOutput(x, y, noise, 0.5, 0, g));
  CHECK_VALUES(y, 0, 1, -2, 3, NAN);
  CHECK_VALUES(noise, 0, 1, 1, 1, 1);
  CHECK_OK(THNN_FeatureAlphaDropout_updateOutput(x, y, noise, 0, 1, g) == TH_ERR ? TH_OK : TH_ERR); /* 1-d: no channels */
  CHECK_OK(THNN_AlphaDropout_updateOutput(x, y, noise, 1, 1, g));
  CHECK_VALUES(y, 0, 0, -0.0, 0, NAN);
  CHECK_VALUES(noise, 0, 0, 0, 0, 0);
  THTensor_free(x), THTensor_free(y), THTensor_free(noise);
  THGenerator_free(g);
}

static void test_errors(void) {
  THTensor *x = VEC(TH_Float32, 1, 2, 3), *y = THTensor_new(TH_Float32), *n = THTensor_new(TH_Float32);
  THTensor *n64 = THTensor_new(TH_Float64), *i = VEC(TH_Int64, 1, 2);
  CHECK_ERR(THNN_Dropout_updateOutput(x, y, n, 1.5, 1, NULL), "dropout: dropout probability has to be between 0 and 1, but got 1.5");
  CHECK_ERR(THNN_Dropout_updateOutput(x, y, n, NAN, 0, NULL), "dropout probability has to be between 0 and 1");
  CHECK_ERR(THNN_FeatureDropout_updateOutput(x, y, n, 0.5, 1, NULL), "Feature dropout requires at least 2 dimensions in the input");
  CHECK_ERR(THNN_Dropout_updateOutput(x, y, n64, 0.5, 1, NULL), "expected noise to have the dtype of input (float32), but got float64");
  CHECK_ERR(THNN_Dropout_updateOutput(i, y, n, 0.5, 1, NULL), "expected input to be a float32 or float64 tensor, but got int64");
  CHECK_ERR(THNN_Dropout_updateOutput(x, NULL, n, 0.5, 1, NULL), "must not be NULL");
  THTensor *bad = VEC(TH_Float32, 1, 2);
  CHECK_ERR(THNN_Dropout_updateGradInput(x, bad, y), "expected noise to have the shape of gradOutput [3] (or size 1 in some dims), but got [2]");
  THTensor_free(x), THTensor_free(y), THTensor_free(n), THTensor_free(n64), THTensor_free(i), THTensor_free(bad);
}

int main(void) {
  RUN_TEST(test_masks);
  RUN_TEST(test_alpha_and_edges);
  RUN_TEST(test_errors);
  return TH_TEST_RESULT();
}
