/* libTHNN prelu, rrelu and glu from C: values, the rrelu draws (PyTorch's uniform from the
 * generator, serial), gradient accumulation, strided inputs and errors. */
#include "THNN/THNN.h"
#include "th_test.h"

static void test_prelu(void) {
  THTensor *x = TENSOR(TH_Float64, SIZES(2, 2, 2), VALUES(-1, 2, -3, 0, 4, -5, -6, 7));
  THTensor *w = VEC(TH_Float64, 0.5, 0.25), *y = THTensor_new(TH_Float64), *gi = THTensor_new(TH_Float64);
  CHECK_OK(THNN_PReLU_updateOutput(x, y, w));
  CHECK_VALUES(y, 0, -0.5, 2, -0.75, 0, 4, -2.5, -1.5, 7);
  THTensor *g = TENSOR(TH_Float64, SIZES(2, 2, 2), VALUES(1, 1, 2, 2, 3, 3, 4, 4));
  CHECK_OK(THNN_PReLU_updateGradInput(x, g, gi, w));
  CHECK_VALUES(gi, 0, 0.5, 1, 0.5, 0.5, 3, 1.5, 1, 4); /* x = 0 takes the weight, as PyTorch */
  THTensor *gw = VEC(TH_Float64, 1, 1);
  CHECK_OK(THNN_PReLU_accGradParameters(x, g, gw, 2));
  /* channel 0: -1 * 1 + -5 * 3 = -16; channel 1: -3 * 2 + 0 * 2 + -6 * 4 = -30 */
  CHECK_VALUES(gw, 0, 1 - 32, 1 - 60);
  THTensor *w1 = THTensor_newScalar(TH_Float64, 0.1);
  CHECK_OK(THNN_PReLU_updateOutput(x, y, w1));
  CHECK_NEAR(th_at(y, 5), -0.5, 1e-16);
  THTensor_free(x), THTensor_free(w), THTensor_free(y), THTensor_free(gi), THTensor_free(g), THTensor_free(gw), THTensor_free(w1);
}

static void test_rrelu(void) {
  THTensor *x = VEC(TH_Float64, -1, 2, -3, 0, 5, -0.5), *y = THTensor_new(TH_Float64), *noise = THTensor_new(TH_Float64);
  CHECK_OK(THNN_RReLU_updateOutput(x, y, NULL, 0.1, 0.3, 0, NULL));
  CHECK_VALUES(y, 1e-15, -0.2, 2, -0.6, 0, 5, -0.1);
  THGenerator *g = THGenerator_new(7), *ref = THGenerator_new(7);
  CHECK_OK(THNN_RReLU_updateOutput(x, y, noise, 0.1, 0.3, 1, g));
  /* one 53-bit draw per x <= 0, in order */
  const int negative[6] = {1, 0, 1, 1, 0, 1};
  for (int i = 0; i < 6; i++) {
    double want = 1;
    if (negative[i]) want = (double)(THGenerator_random64(ref) & ((UINT64_C(1) << 53) - 1)) / 9007199254740992.0 * (0.3 - 0.1) + 0.1;
    CHECK_NEAR(th_at(noise, i), want, 0);
    CHECK_NEAR(th_at(y, i), th_at(x, i) * want, 0);
  }
  THTensor *go = VEC(TH_Float64, 1, 2, 3, 4, 5, 6), *gi = THTensor_new(TH_Float64);
  CHECK_OK(THNN_RReLU_updateGradInput(x, go, gi, noise, 0.1, 0.3, 1));
  for (int i = 0; i < 6; i++) CHECK_NEAR(th_at(gi, i), th_at(go, i) * th_at(noise, i), 0);
  CHECK_OK(THNN_RReLU_updateGradInput(x, go, gi, NULL, 0.1, 0.3, 0));
  CHECK_VALUES(gi, 1e-15, 0.2, 2, 0.6, 0.8, 5, 1.2);
  THGenerator_free(g), THGenerator_free(ref);
  THTensor_free(x), THTensor_free(y), THTensor_free(noise), THTensor_free(go), THTensor_free(gi);
}

static void test_glu(void) {
  /* halves along dim 0 of [4, 2] seen through a transpose of [2, 4] */
  THTensor *base = TENSOR(TH_Float32, SIZES(2, 4), VALUES(1, 2, 0, -1, 3, 4, 0, 2));
  THTensor *x = THTensor_newTranspose(base, 0, 1), *y = THTensor_new(TH_Float32);
  CHECK_OK(THNN_GatedLinear_updateOutput(x, y, 0));
  CHECK_SHAPE(y, 2, 2, 2);
  double s0 = 1 / (1 + exp(-0.0)), sm = 1 / (1 + exp(1.0)), s2 = 1 / (1 + exp(-2.0));
  CHECK_VALUES(y, 1e-6, 1 * s0, 3 * s0, 2 * sm, 4 * s2);
  THTensor *g = TENSOR(TH_Float32, SIZES(2, 2), VALUES(1, 1, 1, 1)), *gi = THTensor_new(TH_Float32);
  CHECK_OK(THNN_GatedLinear_updateGradInput(x, g, gi, 0));
  CHECK_SHAPE(gi, 2, 4, 2);
  CHECK_VALUES(gi, 1e-6, s0, s0, sm, s2, 1 * s0 * (1 - s0), 3 * s0 * (1 - s0), 2 * sm * (1 - sm), 4 * s2 * (1 - s2));
  THTensor_free(base), THTensor_free(x), THTensor_free(y), THTensor_free(g), THTensor_free(gi);
}

static void test_errors(void) {
  THTensor *x = TENSOR(TH_Float32, SIZES(2, 3), VALUES(1, 2, 3, 4, 5, 6)), *y = THTensor_new(TH_Float32);
  THTensor *w2 = VEC(TH_Float32, 1, 1), *wm = TENSOR(TH_Float32, SIZES(3, 1), VALUES(1, 1, 1)), *i = VEC(TH_Int32, 1, 2);
  CHECK_ERR(THNN_PReLU_updateOutput(x, y, w2), "Mismatch of parameter numbers and input channel size. Found parameter numbers = 2 and channel size = 3.");
  CHECK_ERR(THNN_PReLU_updateOutput(x, y, wm), "Expected `weight` to be a scalar or 1D tensor, but got ndim = 2");
  CHECK_ERR(THNN_PReLU_updateOutput(i, y, w2), "expected input to be a float32 or float64 tensor, but got int32");
  CHECK_ERR(THNN_RReLU_updateOutput(x, y, y, 0.5, 0.1, 1, NULL), "Lower bound should be less than or equal to the upper bound");
  CHECK_ERR(THNN_RReLU_updateOutput(x, y, NULL, 0.1, 0.5, 1, NULL), "must not be NULL");
  CHECK_ERR(THNN_GatedLinear_updateOutput(x, y, 1), "Halving dimension must be even, but dimension 1 is size 3");
  CHECK_ERR(THNN_GatedLinear_updateOutput(x, y, 2), "Dimension out of range");
  CHECK_ERR(THNN_GatedLinear_updateGradInput(x, x, y, 0), "expected gradOutput to have the shape of the output [1, 3], but got [2, 3]");
  THTensor_free(x), THTensor_free(y), THTensor_free(w2), THTensor_free(wm), THTensor_free(i);
}

int main(void) {
  RUN_TEST(test_prelu);
  RUN_TEST(test_rrelu);
  RUN_TEST(test_glu);
  RUN_TEST(test_errors);
  return TH_TEST_RESULT();
}
