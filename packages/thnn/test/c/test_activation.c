/* libTHNN activations from C: values at the kinks, backward against finite differences for every
 * kind (float64), in-place and non-contiguous calls, and errors. */
#include "THNN/THNN.h"
#include "th_test.h"

static void test_table(void) {
  CHECK(strcmp(THNN_Activation_name(THNN_Activation_ReLU), "relu") == 0);
  CHECK(strcmp(THNN_Activation_name(THNN_Activation_Tanhshrink), "tanhshrink") == 0);
  CHECK(THNN_Activation_name(THNN_NumActivations) == NULL);
  CHECK_EQ_INT(THNN_Activation_numParams(THNN_Activation_ELU), 3);
  double p[THNN_ACTIVATION_MAX_PARAMS];
  CHECK_OK(THNN_Activation_defaults(THNN_Activation_Softplus, p));
  CHECK_NEAR(p[0], 1, 0);
  CHECK_NEAR(p[1], 20, 0);
  CHECK(strcmp(THNN_version(), "0.1.0") == 0);
}

static void test_kinks(void) {
  THTensor *x = VEC(TH_Float64, -2, -1, 0, 1, 6, 7);
  THTensor *y = THTensor_new(TH_Float64), *g = THTensor_new(TH_Float64);
  THTensor *ones = VEC(TH_Float64, 1, 1, 1, 1, 1, 1);
  CHECK_OK(THNN_ReLU_updateOutput(x, y, NULL));
  CHECK_VALUES(y, 0, 0, 0, 0, 1, 6, 7);
  CHECK_OK(THNN_ReLU_updateGradInput(x, ones, g, NULL));
  CHECK_VALUES(g, 0, 0, 0, 0, 1, 1, 1); /* relu'(0) = 0 */
  CHECK_OK(THNN_ReLU6_updateGradInput(x, ones, g, NULL));
  CHECK_VALUES(g, 0, 0, 0, 0, 1, 0, 0);
  double ht[] = {-1, 1};
  CHECK_OK(THNN_Hardtanh_updateOutput(x, y, ht));
  CHECK_VALUES(y, 0, -1, -1, 0, 1, 1, 1);
  CHECK_OK(THNN_Hardtanh_updateGradInput(x, ones, g, ht));
  CHECK_VALUES(g, 0, 0, 0, 1, 0, 0, 0); /* 0 at the bounds */
  double th[] = {1, -5};
  CHECK_OK(THNN_Threshold_updateOutput(x, y, th));
  CHECK_VALUES(y, 0, -5, -5, -5, -5, 6, 7); /* x <= threshold is replaced */
  CHECK_OK(THNN_Activation_updateOutput(THNN_Activation_Softshrink, x, y, (double[]){1}));
  CHECK_VALUES(y, 0, -1, 0, 0, 0, 5, 6);
  THTensor_free(x), THTensor_free(y), THTensor_free(g), THTensor_free(ones);
}

static double f1(THNNActivation kind, const double *p, double v) {
  THTensor *x = VEC(TH_Float64, v), *y = THTensor_new(TH_Float64);
  THNN_Activation_updateOutput(kind, x, y, p);
  double r = th_at(y, 0);
  THTensor_free(x), THTensor_free(y);
  return r;
}

static void test_gradients(void) {
  const double pts[] = {-3.7, -2.2, -0.9, -0.3, 0.2, 0.7, 1.3, 2.6, 4.1};
  const int n = (int)(sizeof pts / sizeof pts[0]);
  for (int kind = 0; kind < THNN_NumActivations; kind++) {
    double p[THNN_ACTIVATION_MAX_PARAMS];
    THNN_Activation_defaults((THNNActivation)kind, p);
    if (kind == THNN_Activation_Threshold) p[0] = 0.5, p[1] = -2;
    THTensor *x = th_tensor(TH_Float64, 1, (int64_t[]){n}, pts);
    THTensor *go = THTensor_newWithSize(TH_Float64, 1, (int64_t[]){n});
    for (int i = 0; i < n; i++) th_set(go, i, 0.5 + 0.1 * i);
    THTensor *gi = THTensor_new(TH_Float64);
    CHECK_OK(THNN_Activation_updateGradInput((THNNActivation)kind, x, go, gi, p));
    for (int i = 0; i < n; i++) {
      double h = 1e-6;
      double fd = (f1((THNNActivation)kind, p, pts[i] + h) - f1((THNNActivation)kind, p, pts[i] - h)) / (2 * h);
      double want = fd * th_at(go, i);
      if (!th_test_near(th_at(gi, i), want, 1e-6 * (1 + fabs(want))))
        TH_TEST_FAIL_("%s'(%g): %.12g, finite differences %.12g", THNN_Activation_name((THNNActivation)kind), pts[i],
                      th_at(gi, i), want);
      th_test_checks++;
    }
    THTensor_free(x), THTensor_free(go), THTensor_free(gi);
  }
}

static void test_layouts(void) {
  /* a transposed float32 input; in place on a view */
  THTensor *a = TENSOR(TH_Float32, SIZES(2, 3), VALUES(-1, 2, -3, 4, -5, 6));
  THTensor *t = THTensor_newTranspose(a, 0, 1), *y = THTensor_new(TH_Float32);
  CHECK_OK(THNN_LeakyReLU_updateOutput(t, y, (double[]){0.5}));
  CHECK_SHAPE(y, 2, 3, 2);
  CHECK_VALUES(y, 1e-6, -0.5, 4, 2, -2.5, -1.5, 6);
  CHECK_OK(THNN_ReLU_updateOutput(t, t, NULL));
  CHECK_VALUES(a, 0, 0, 2, 0, 4, 0, 6);
  /* 0-d and empty */
  THTensor *s = THTensor_newScalar(TH_Float64, -2), *e = THTensor_newWithSize(TH_Float64, 2, (int64_t[]){0, 3});
  THTensor *r = THTensor_new(TH_Float64);
  CHECK_OK(THNN_ELU_updateOutput(s, r, NULL));
  CHECK_EQ_INT(THTensor_ndim(r), 0);
  CHECK_NEAR(th_at(r, 0), expm1(-2.0), 1e-15);
  CHECK_OK(THNN_GELU_updateOutput(e, r, NULL));
  CHECK_SHAPE(r, 2, 0, 3);
  THTensor_free(a), THTensor_free(t), THTensor_free(y), THTensor_free(s), THTensor_free(e), THTensor_free(r);
}

static void test_errors(void) {
  THTensor *i = VEC(TH_Int64, 1, 2), *x = VEC(TH_Float64, 1, 2), *x3 = VEC(TH_Float64, 1, 2, 3);
  THTensor *y = THTensor_new(TH_Float64), *y32 = THTensor_new(TH_Float32);
  CHECK_ERR(THNN_ReLU_updateOutput(i, y, NULL), "relu: expected input to be a float32 or float64 tensor, but got int64");
  CHECK_ERR(THNN_ReLU_updateOutput(x, y32, NULL), "expected output to have the dtype of input (float64), but got float32");
  CHECK_ERR(THNN_SiLU_updateGradInput(x, x3, y, NULL), "siluBackward: expected gradOutput to have the shape of input [2], but got [3]");
  CHECK_ERR(THNN_Hardtanh_updateOutput(x, y, (double[]){2, 1}), "minVal <= maxVal");
  CHECK_ERR(THNN_Softshrink_updateOutput(x, y, (double[]){-1}), "lambda must be greater or equal to 0");
  CHECK_ERR(THNN_Threshold_updateOutput(x, y, NULL), "threshold: expected 2 parameter(s)");
  CHECK_ERR(THNN_GELU_updateOutput(x, y, (double[]){2}), "approximate");
  CHECK_ERR(THNN_Activation_updateOutput((THNNActivation)99, x, y, NULL), "invalid activation kind 99");
  THTensor_free(i), THTensor_free(x), THTensor_free(x3), THTensor_free(y), THTensor_free(y32);
}

int main(void) {
  RUN_TEST(test_table);
  RUN_TEST(test_kinks);
  RUN_TEST(test_gradients);
  RUN_TEST(test_layouts);
  RUN_TEST(test_errors);
  return TH_TEST_RESULT();
}
