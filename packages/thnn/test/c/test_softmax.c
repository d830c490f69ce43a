/* libTHNN softmax / logSoftmax from C: values, stability with large inputs, every dim of a 3-d
 * tensor against a reference loop, backward against finite differences, errors. */
#include "THNN/THNN.h"
#include "th_test.h"

static void test_values(void) {
  THTensor *x = TENSOR(TH_Float64, SIZES(2, 3), VALUES(1, 2, 3, 1000, 1000, 1000));
  THTensor *y = THTensor_new(TH_Float64);
  CHECK_OK(THNN_Softmax_updateOutput(x, y, -1));
  double e1 = exp(-2.0), e2 = exp(-1.0), s = e1 + e2 + 1;
  CHECK_VALUES(y, 1e-15, e1 / s, e2 / s, 1 / s, 1.0 / 3, 1.0 / 3, 1.0 / 3);
  CHECK_OK(THNN_LogSoftmax_updateOutput(x, y, 1));
  CHECK_VALUES(y, 1e-13, -2 - log(s), -1 - log(s), -log(s), -log(3.0), -log(3.0), -log(3.0));
  CHECK_OK(THNN_Softmax_updateOutput(x, y, 0));
  CHECK_NEAR(th_at(y, 0), 0, 1e-300);
  CHECK_NEAR(th_at(y, 3), 1, 0);
  /* 0-d */
  THTensor *s0 = THTensor_newScalar(TH_Float32, 5);
  THTensor *r = THTensor_new(TH_Float32);
  CHECK_OK(THNN_Softmax_updateOutput(s0, r, 0));
  CHECK_EQ_INT(THTensor_ndim(r), 0);
  CHECK_NEAR(th_at(r, 0), 1, 0);
  CHECK_OK(THNN_LogSoftmax_updateOutput(s0, r, -1));
  CHECK_NEAR(th_at(r, 0), 0, 0);
  THTensor_free(x), THTensor_free(y), THTensor_free(s0), THTensor_free(r);
}

static void test_dims_and_grad(void) {
  const int64_t sz[3] = {2, 3, 4};
  THTensor *x = THTensor_newWithSize(TH_Float64, 3, sz), *g = THTensor_newWithSize(TH_Float64, 3, sz);
  for (int i = 0; i < 24; i++) th_set(x, i, sin(i * 1.7) * 3), th_set(g, i, cos(i * 0.9));
  for (int log = 0; log < 2; log++) {
    for (int d = -3; d < 3; d++) {
      int dd = d < 0 ? d + 3 : d;
      THTensor *y = THTensor_new(TH_Float64), *gi = THTensor_new(TH_Float64);
      CHECK_OK((log ? THNN_LogSoftmax_updateOutput : THNN_Softmax_updateOutput)(x, y, d));
      CHECK_OK((log ? THNN_LogSoftmax_updateGradInput : THNN_Softmax_updateGradInput)(g, y, gi, d));
      /* d/dx_j of sum_i g_i y_i by central differences */
      for (int j = 0; j < 24; j++) {
        double keep = th_at(x, j), h = 1e-6, fp = 0, fm = 0;
        for (int sgn = 0; sgn < 2; sgn++) {
          th_set(x, j, keep + (sgn ? -h : h));
          THTensor *yy = THTensor_new(TH_Float64);
          (log ? THNN_LogSoftmax_updateOutput : THNN_Softmax_updateOutput)(x, yy, d);
          double acc = 0;
          for (int i = 0; i < 24; i++) acc += th_at(g, i) * th_at(yy, i);
          if (sgn) fm = acc; else fp = acc;
          THTensor_free(yy);
        }
        th_set(x, j, keep);
        double fd = (fp - fm) / (2 * h);
        th_test_checks++;
        if (!th_test_near(th_at(gi, j), fd, 1e-6 * (1 + fabs(fd))))
          TH_TEST_FAIL_("%s dim %d grad[%d] = %.12g, finite differences %.12g", log ? "logSoftmax" : "softmax", d, j,
                        th_at(gi, j), fd);
      }
      /* the slices along dd sum to 1 (softmax) */
      if (!log) {
        int64_t inner = 1;
        for (int k = dd + 1; k < 3; k++) inner *= sz[k];
        double total = 0;
        for (int i = 0; i < 24; i++) total += th_at(y, i);
        CHECK_NEAR(total, 24.0 / sz[dd], 1e-12);
      }
      THTensor_free(y), THTensor_free(gi);
    }
  }
  /* a transposed (non-contiguous) input and output */
  THTensor *t = THTensor_newTranspose(x, 0, 2), *yt = THTensor_new(TH_Float64), *yc = THTensor_new(TH_Float64);
  THTensor *tc = THTensor_newContiguous(t);
  CHECK_OK(THNN_Softmax_updateOutput(t, yt, 1));
  CHECK_OK(THNN_Softmax_updateOutput(tc, yc, 1));
  for (int i = 0; i < 24; i++) CHECK_NEAR(th_at(yt, i), th_at(yc, i), 0);
  THTensor *tout = THTensor_newTranspose(yt, 0, 2); /* a non-contiguous output of the right shape */
  THTensor *back = THTensor_newTranspose(tout, 0, 2);
  CHECK_OK(THNN_LogSoftmax_updateOutput(t, back, 1));
  CHECK_OK(THNN_LogSoftmax_updateOutput(tc, yc, 1));
  for (int i = 0; i < 24; i++) CHECK_NEAR(th_at(back, i), th_at(yc, i), 0);
  THTensor_free(t), THTensor_free(yt), THTensor_free(yc), THTensor_free(tc), THTensor_free(tout), THTensor_free(back);
  THTensor_free(x), THTensor_free(g);
}

static void test_errors(void) {
  THTensor *x = TENSOR(TH_Float64, SIZES(2, 3), VALUES(1, 2, 3, 4, 5, 6));
  THTensor *i = VEC(TH_Int64, 1, 2), *y = THTensor_new(TH_Float64), *g = VEC(TH_Float64, 1, 2, 3);
  CHECK_ERR(THNN_Softmax_updateOutput(i, y, 0), "softmax: expected input to be a float32 or float64 tensor, but got int64");
  CHECK_ERR(THNN_Softmax_updateOutput(x, y, 2), "Dimension out of range");
  CHECK_ERR(THNN_LogSoftmax_updateOutput(x, y, -3), "Dimension out of range");
  CHECK_OK(THNN_Softmax_updateOutput(x, y, 1));
  CHECK_ERR(THNN_Softmax_updateGradInput(g, y, y, 1), "softmaxBackward: expected gradOutput to have the shape of output [2, 3], but got [3]");
  THTensor_free(x), THTensor_free(i), THTensor_free(y), THTensor_free(g);
}

int main(void) {
  RUN_TEST(test_values);
  RUN_TEST(test_dims_and_grad);
  RUN_TEST(test_errors);
  return TH_TEST_RESULT();
}
