/* libTHNN padding from C: values of every mode (with crops), backward as the exact transpose of
 * forward for every mode, strided inputs, and errors. */
#include "THNN/THNN.h"
#include "th_test.h"

static double dot(const THTensor *a, const THTensor *b) {
  double s = 0;
  for (int64_t i = 0; i < THTensor_numel(a); i++) s += th_at(a, i) * th_at(b, i);
  return s;
}

static void test_values(void) {
  THTensor *x = TENSOR(TH_Float64, SIZES(1, 1, 4), VALUES(1, 2, 3, 4)), *y = THTensor_new(TH_Float64);
  CHECK_OK(THNN_Padding_updateOutput(THNN_PaddingReflect, x, y, 1, (int64_t[]){2, 3}, 0));
  CHECK_SHAPE(y, 3, 1, 1, 9);
  CHECK_VALUES(y, 0, 3, 2, 1, 2, 3, 4, 3, 2, 1);
  CHECK_OK(THNN_Padding_updateOutput(THNN_PaddingReflect, x, y, 1, (int64_t[]){-1, 2}, 0));
  CHECK_VALUES(y, 0, 2, 3, 4, 3, 2); /* crop one, then mirror the rest */
  CHECK_OK(THNN_Padding_updateOutput(THNN_PaddingReplicate, x, y, 1, (int64_t[]){2, -1}, 0));
  CHECK_VALUES(y, 0, 1, 1, 1, 2, 3);
  CHECK_OK(THNN_Padding_updateOutput(THNN_PaddingCircular, x, y, 1, (int64_t[]){3, 4}, 0));
  CHECK_VALUES(y, 0, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4);
  CHECK_OK(THNN_Padding_updateOutput(THNN_PaddingCircular, x, y, 1, (int64_t[]){-1, 2}, 0));
  CHECK_VALUES(y, 0, 2, 3, 4, 2, 3); /* wraps around what is left after the crop */
  CHECK_OK(THNN_Padding_updateOutput(THNN_PaddingConstant, x, y, 2, (int64_t[]){1, -2, 1, 0}, 7.5));
  CHECK_SHAPE(y, 3, 1, 2, 3);
  CHECK_VALUES(y, 0, 7.5, 7.5, 7.5, 7.5, 1, 2);
  /* 2 padded dims: the corners come from both maps */
  THTensor *m = TENSOR(TH_Float32, SIZES(1, 2, 2), VALUES(1, 2, 3, 4));
  THTensor *z = THTensor_new(TH_Float32);
  CHECK_OK(THNN_Padding_updateOutput(THNN_PaddingReplicate, m, z, 2, (int64_t[]){1, 0, 0, 1}, 0));
  CHECK_SHAPE(z, 3, 1, 3, 3);
  CHECK_VALUES(z, 0, 1, 1, 2, 3, 3, 4, 3, 3, 4);
  /* no padding at all: a copy */
  CHECK_OK(THNN_Padding_updateOutput(THNN_PaddingConstant, m, z, 0, NULL, 0));
  CHECK_VALUES(z, 0, 1, 2, 3, 4);
  THTensor_free(x), THTensor_free(y), THTensor_free(m), THTensor_free(z);
}

static void test_adjoint(void) {
  static const struct {
    THNNPaddingMode mode;
    int ndim, nPad;
    int64_t sizes[5], pad[6];
  } cases[] = {
      {THNN_PaddingConstant, 3, 3, {2, 3, 4}, {1, -2, 2, 1, -1, 1}}, {THNN_PaddingReflect, 2, 1, {3, 5}, {4, 2}},
      {THNN_PaddingReflect, 4, 2, {1, 2, 4, 5}, {-1, 3, 2, -2}},     {THNN_PaddingReflect, 5, 3, {1, 2, 3, 3, 4}, {3, 1, 0, 2, 2, 1}},
      {THNN_PaddingReplicate, 3, 1, {2, 3, 5}, {7, -2}},              {THNN_PaddingReplicate, 4, 3, {2, 3, 3, 4}, {1, 2, 5, 1, 1, 2}},
      {THNN_PaddingCircular, 3, 1, {2, 3, 5}, {5, 5}},                {THNN_PaddingCircular, 4, 2, {2, 1, 3, 4}, {-1, 3, 2, -1}},
      {THNN_PaddingCircular, 5, 3, {1, 2, 3, 3, 4}, {3, 1, 0, 2, 2, 1}},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    THTensor *x = THTensor_newWithSize(TH_Float64, cases[k].ndim, cases[k].sizes), *y = THTensor_new(TH_Float64);
    for (int64_t i = 0; i < THTensor_numel(x); i++) th_set(x, i, sin(0.91 * (double)i + 0.2));
    CHECK_OK(THNN_Padding_updateOutput(cases[k].mode, x, y, cases[k].nPad, cases[k].pad, 0));
    THTensor *g = THTensor_newWithSize(TH_Float64, THTensor_ndim(y), THTensor_sizes(y)), *gi = THTensor_new(TH_Float64);
    for (int64_t i = 0; i < THTensor_numel(g); i++) th_set(g, i, cos(1.73 * (double)i));
    CHECK_OK(THNN_Padding_updateGradInput(cases[k].mode, g, gi, cases[k].nPad, cases[k].pad));
    th_test_check_dims(gi, 0, cases[k].ndim, cases[k].sizes, "gradInput", __FILE__, __LINE__);
    double lhs = dot(y, g), rhs = dot(x, gi);
    th_test_checks++;
    if (!th_test_near(lhs, rhs, 1e-12 * (1 + fabs(lhs)))) TH_TEST_FAIL_("case %zu: <pad(x), g> = %.17g, <x, pad^T(g)> = %.17g", k, lhs, rhs);
    THTensor_free(x), THTensor_free(y), THTensor_free(g), THTensor_free(gi);
  }
}

static void test_strided(void) {
  THTensor *x = THTensor_newWithSize(TH_Float64, 3, (int64_t[]){2, 4, 3});
  for (int64_t i = 0; i < 24; i++) th_set(x, i, (double)i);
  THTensor *t = THTensor_newTranspose(x, 1, 2), *tc = THTensor_newContiguous(t), *a = THTensor_new(TH_Float64), *b = THTensor_new(TH_Float64);
  CHECK_OK(THNN_Padding_updateOutput(THNN_PaddingReflect, t, a, 2, (int64_t[]){2, 1, 1, 2}, 0));
  CHECK_OK(THNN_Padding_updateOutput(THNN_PaddingReflect, tc, b, 2, (int64_t[]){2, 1, 1, 2}, 0));
  for (int64_t i = 0; i < THTensor_numel(a); i++) CHECK_NEAR(th_at(a, i), th_at(b, i), 0);
  THTensor_free(x), THTensor_free(t), THTensor_free(tc), THTensor_free(a), THTensor_free(b);
}

static void test_errors(void) {
  THTensor *x = THTensor_newWithSize(TH_Float64, 3, (int64_t[]){1, 2, 3}), *y = THTensor_new(TH_Float64);
  THTensor *i = THTensor_newWithSize(TH_Int32, 1, (int64_t[]){3});
  THTensor_zero(x);
  CHECK_ERR(THNN_Padding_updateOutput(THNN_PaddingConstant, NULL, y, 1, (int64_t[]){1, 1}, 0), "a tensor argument is NULL");
  CHECK_ERR(THNN_Padding_updateOutput(THNN_PaddingConstant, i, y, 1, (int64_t[]){1, 1}, 0),
            "constantPadNd: expected input to be a float32 or float64 tensor, but got int32");
  CHECK_ERR(THNN_Padding_updateOutput(THNN_PaddingConstant, x, y, 4, (int64_t[]){1, 1, 1, 1, 1, 1, 1, 1}, 0), "Padding length too large");
  CHECK_ERR(THNN_Padding_updateOutput(THNN_PaddingConstant, x, y, 1, NULL, 0), "invalid padding");
  CHECK_ERR(THNN_Padding_updateOutput((THNNPaddingMode)7, x, y, 1, (int64_t[]){1, 1}, 0), "invalid padding mode 7");
  CHECK_ERR(THNN_Padding_updateOutput(THNN_PaddingReflect, x, y, 1, (int64_t[]){1, 1}, 2), "Padding mode \"reflect\" doesn't take in value argument");
  CHECK_ERR(THNN_Padding_updateOutput(THNN_PaddingReflect, x, y, 1, (int64_t[]){3, 0}, 0),
            "reflectionPad1d: Padding size should be less than the corresponding input dimension, but got: padding (3, 0) at dimension 2 of input [1, 2, 3]");
  CHECK_ERR(THNN_Padding_updateOutput(THNN_PaddingReplicate, x, y, 3, (int64_t[]){1, 1, 1, 1, 1, 1}, 0), "Only 2D, 3D, 4D, 5D padding");
  CHECK_ERR(THNN_Padding_updateOutput(THNN_PaddingCircular, x, y, 1, (int64_t[]){4, 0}, 0), "Padding value causes wrapping around more than once");
  CHECK_ERR(THNN_Padding_updateOutput(THNN_PaddingCircular, x, y, 1, (int64_t[]){-2, 2}, 0), "wraps around the 1 elements left after cropping");
  CHECK_ERR(THNN_Padding_updateOutput(THNN_PaddingConstant, x, y, 1, (int64_t[]){-2, -2}, 0),
            "The input size 3, plus negative padding -2 and -2 resulted in a negative output size");
  CHECK_ERR(THNN_Padding_updateGradInput(THNN_PaddingConstant, x, y, 1, (int64_t[]){2, 2}), "gradOutput size 3 at dimension 2 is smaller than the padding (2, 2)");
  THTensor *e = THTensor_newWithSize(TH_Float64, 3, (int64_t[]){1, 0, 3});
  CHECK_ERR(THNN_Padding_updateOutput(THNN_PaddingReflect, e, y, 1, (int64_t[]){1, 1}, 0), "other non-zero dimensions for input, but got: [1, 0, 3]");
  THTensor_free(x), THTensor_free(y), THTensor_free(i), THTensor_free(e);
}

int main(void) {
  RUN_TEST(test_values);
  RUN_TEST(test_adjoint);
  RUN_TEST(test_strided);
  RUN_TEST(test_errors);
  return TH_TEST_RESULT();
}
