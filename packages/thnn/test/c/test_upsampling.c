/* libTHNN upsampling from C: values of every mode, backward as the exact transpose of forward
 * (<up(x), g> = <x, up^T(g)>) for every mode and rank, strided inputs, float32, and errors. */
#include "THNN/THNN.h"
#include "th_test.h"

static double dot(const THTensor *a, const THTensor *b) {
  double s = 0;
  for (int64_t i = 0; i < THTensor_numel(a); i++) s += th_at(a, i) * th_at(b, i);
  return s;
}

static THTensor *filled(THDType dt, int ndim, const int64_t *sizes, double phase) {
  THTensor *t = THTensor_newWithSize(dt, ndim, sizes);
  for (int64_t i = 0; i < THTensor_numel(t); i++) th_set(t, i, sin(1.37 * (double)i + phase));
  return t;
}

static void test_values(void) {
  THTensor *x = TENSOR(TH_Float64, SIZES(1, 1, 3), VALUES(0, 1, 2)), *y = THTensor_new(TH_Float64);
  CHECK_OK(THNN_Upsampling_updateOutput(THNN_UpsamplingNearest, x, y, 1, (int64_t[]){6}, NULL, 0));
  CHECK_SHAPE(y, 3, 1, 1, 6);
  CHECK_VALUES(y, 0, 0, 0, 1, 1, 2, 2);
  CHECK_OK(THNN_Upsampling_updateOutput(THNN_UpsamplingNearestExact, x, y, 1, (int64_t[]){2}, NULL, 0));
  CHECK_VALUES(y, 0, 0, 2); /* centers 0.75 and 2.25 */
  CHECK_OK(THNN_Upsampling_updateOutput(THNN_UpsamplingLinear, x, y, 1, (int64_t[]){5}, NULL, 1));
  CHECK_VALUES(y, 1e-15, 0, 0.5, 1, 1.5, 2);
  CHECK_OK(THNN_Upsampling_updateOutput(THNN_UpsamplingLinear, x, y, 1, (int64_t[]){2}, NULL, 0));
  CHECK_VALUES(y, 1e-15, 0.25, 1.75); /* positions 0.25 and 1.75 */
  CHECK_OK(THNN_Upsampling_updateOutput(THNN_UpsamplingArea, x, y, 1, (int64_t[]){2}, NULL, 0));
  CHECK_VALUES(y, 1e-15, 0.5, 1.5); /* [0, 1] and [1, 2] */
  /* a given scale factor drives the indices: scale 3 on size 3 -> 9 reads floor(i / 3) */
  CHECK_OK(THNN_Upsampling_updateOutput(THNN_UpsamplingNearest, x, y, 1, (int64_t[]){4}, (double[]){1.5}, 0));
  CHECK_VALUES(y, 0, 0, 0, 1, 2); /* floor(i / 1.5) */
  /* bicubic reproduces a constant; a ramp with alignCorners, except next to the edges */
  THTensor *c = TENSOR(TH_Float64, SIZES(1, 1, 2, 2), VALUES(3, 3, 3, 3)), *r = TENSOR(TH_Float64, SIZES(1, 1, 1, 3), VALUES(0, 1, 2));
  CHECK_OK(THNN_Upsampling_updateOutput(THNN_UpsamplingCubic, c, y, 2, (int64_t[]){3, 5}, NULL, 0));
  CHECK_SHAPE(y, 4, 1, 1, 3, 5);
  for (int i = 0; i < 15; i++) CHECK_NEAR(th_at(y, i), 3, 1e-14);
  CHECK_OK(THNN_Upsampling_updateOutput(THNN_UpsamplingCubic, r, y, 2, (int64_t[]){1, 5}, NULL, 1));
  CHECK_VALUES(y, 1e-14, 0, 0.40625, 1, 1.59375, 2); /* the edge taps clamp (PyTorch gives the same) */
  THTensor_free(x), THTensor_free(y), THTensor_free(c), THTensor_free(r);
}

/* The backward is the forward's transpose, for every mode, rank and a few size/scale choices. */
static void test_adjoint(void) {
  static const struct {
    THNNUpsamplingMode mode;
    int nDims, align;
    int64_t in[5], out[3];
    double scale;
  } cases[] = {
      {THNN_UpsamplingNearest, 1, 0, {2, 3, 5}, {7}, 0},         {THNN_UpsamplingNearest, 2, 0, {1, 1, 5, 5}, {5, 5}, 1.1},
      {THNN_UpsamplingNearest, 3, 0, {1, 2, 2, 3, 4}, {3, 6, 2}, 0}, {THNN_UpsamplingNearestExact, 2, 0, {2, 2, 3, 4}, {5, 3}, 0},
      {THNN_UpsamplingLinear, 1, 1, {2, 2, 4}, {9}, 0},           {THNN_UpsamplingLinear, 2, 0, {1, 3, 4, 5}, {8, 10}, 2},
      {THNN_UpsamplingLinear, 3, 0, {1, 2, 2, 3, 2}, {3, 2, 5}, 0}, {THNN_UpsamplingCubic, 2, 0, {2, 1, 3, 4}, {7, 2}, 0},
      {THNN_UpsamplingCubic, 2, 1, {1, 2, 4, 3}, {4, 6}, 0},      {THNN_UpsamplingArea, 1, 0, {1, 2, 7}, {3}, 0},
      {THNN_UpsamplingArea, 2, 0, {1, 2, 5, 4}, {3, 6}, 0},       {THNN_UpsamplingArea, 3, 0, {1, 1, 3, 4, 5}, {2, 2, 2}, 0},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    const int nd = cases[k].nDims;
    int64_t outSizes[5] = {cases[k].in[0], cases[k].in[1]};
    for (int d = 0; d < nd; d++) outSizes[2 + d] = cases[k].out[d];
    double scales[3] = {cases[k].scale, cases[k].scale, cases[k].scale};
    THTensor *x = filled(TH_Float64, nd + 2, cases[k].in, 0.3), *g = filled(TH_Float64, nd + 2, outSizes, 1.1);
    THTensor *y = THTensor_new(TH_Float64), *gi = THTensor_new(TH_Float64);
    CHECK_OK(THNN_Upsampling_updateOutput(cases[k].mode, x, y, nd, cases[k].out, scales, cases[k].align));
    CHECK_OK(THNN_Upsampling_updateGradInput(cases[k].mode, g, gi, nd, cases[k].in, cases[k].out, scales, cases[k].align));
    th_test_check_dims(gi, 0, nd + 2, cases[k].in, "gradInput", __FILE__, __LINE__);
    /* nearest's backward and forward agree here (C = 1 takes PyTorch's channels-last rules) */
    double lhs = dot(y, g), rhs = dot(x, gi);
    th_test_checks++;
    if (!th_test_near(lhs, rhs, 1e-12 * (1 + fabs(lhs)))) TH_TEST_FAIL_("case %zu: <up(x), g> = %.17g, <x, up^T(g)> = %.17g", k, lhs, rhs);
    THTensor_free(x), THTensor_free(g), THTensor_free(y), THTensor_free(gi);
  }
}

static void test_strided_and_float32(void) {
  const int64_t sz[4] = {2, 3, 4, 5};
  THTensor *x = filled(TH_Float32, 4, sz, 0.7), *t = THTensor_newTranspose(x, 2, 3), *tc = THTensor_newContiguous(t);
  THTensor *a = THTensor_new(TH_Float32), *b = THTensor_new(TH_Float32);
  CHECK_OK(THNN_Upsampling_updateOutput(THNN_UpsamplingLinear, t, a, 2, (int64_t[]){7, 3}, NULL, 0));
  CHECK_OK(THNN_Upsampling_updateOutput(THNN_UpsamplingLinear, tc, b, 2, (int64_t[]){7, 3}, NULL, 0));
  for (int64_t i = 0; i < THTensor_numel(a); i++) CHECK_NEAR(th_at(a, i), th_at(b, i), 0);
  /* a strided output of the right shape is written in place */
  THTensor *wide = THTensor_newWithSize(TH_Float32, 4, (int64_t[]){2, 3, 3, 7});
  THTensor *strided = THTensor_newTranspose(wide, 2, 3);
  CHECK_OK(THNN_Upsampling_updateOutput(THNN_UpsamplingLinear, tc, strided, 2, (int64_t[]){7, 3}, NULL, 0));
  for (int64_t i = 0; i < THTensor_numel(a); i++) CHECK_NEAR(th_at(strided, i), th_at(b, i), 0);
  THTensor_free(x), THTensor_free(t), THTensor_free(tc), THTensor_free(a), THTensor_free(b), THTensor_free(wide), THTensor_free(strided);
}

static void test_errors(void) {
  THTensor *x = THTensor_newWithSize(TH_Float64, 3, (int64_t[]){1, 2, 3}), *y = THTensor_new(TH_Float64);
  THTensor *i = THTensor_newWithSize(TH_Int64, 3, (int64_t[]){1, 2, 3}), *f = THTensor_new(TH_Float32);
  THTensor_zero(x);
  CHECK_ERR(THNN_Upsampling_updateOutput(THNN_UpsamplingLinear, NULL, y, 1, (int64_t[]){4}, NULL, 0), "a tensor argument is NULL");
  CHECK_ERR(THNN_Upsampling_updateOutput(THNN_UpsamplingLinear, i, y, 1, (int64_t[]){4}, NULL, 0),
            "upsampleLinear1d: expected input to be a float32 or float64 tensor, but got int64");
  CHECK_ERR(THNN_Upsampling_updateOutput(THNN_UpsamplingLinear, x, f, 1, (int64_t[]){4}, NULL, 0), "expected output to have the dtype of input");
  CHECK_ERR(THNN_Upsampling_updateOutput(THNN_UpsamplingLinear, x, y, 2, (int64_t[]){4, 4}, NULL, 0),
            "upsampleBilinear2d: expected a 4D input ([N, C, H, W]), but got a tensor with sizes [1, 2, 3]");
  CHECK_ERR(THNN_Upsampling_updateOutput(THNN_UpsamplingLinear, x, y, 4, (int64_t[]){4, 4, 4, 4}, NULL, 0), "expected 1, 2 or 3 spatial dims, but got 4");
  CHECK_ERR(THNN_Upsampling_updateOutput(THNN_UpsamplingCubic, x, y, 1, (int64_t[]){4}, NULL, 0), "bicubic interpolation needs 2 spatial dims");
  CHECK_ERR(THNN_Upsampling_updateOutput(THNN_UpsamplingNearest, x, y, 1, (int64_t[]){4}, NULL, 1), "align_corners option can only be set");
  CHECK_ERR(THNN_Upsampling_updateOutput((THNNUpsamplingMode)9, x, y, 1, (int64_t[]){4}, NULL, 0), "invalid upsampling mode 9");
  CHECK_ERR(THNN_Upsampling_updateOutput(THNN_UpsamplingArea, x, y, 1, (int64_t[]){0}, NULL, 0),
            "adaptiveAvgPool1d: Input and output sizes should be greater than 0, but got input (W: 3) output (W: 0)");
  CHECK_ERR(THNN_Upsampling_updateOutput(THNN_UpsamplingArea, x, y, 1, NULL, NULL, 0), "outputSize is NULL");
  THTensor *e = THTensor_newWithSize(TH_Float64, 3, (int64_t[]){2, 0, 3});
  CHECK_ERR(THNN_Upsampling_updateOutput(THNN_UpsamplingNearest, e, y, 1, (int64_t[]){4}, NULL, 0),
            "Non-empty 3D data tensor expected but got a tensor with sizes [2, 0, 3]");
  CHECK_ERR(THNN_Upsampling_updateGradInput(THNN_UpsamplingLinear, x, y, 1, (int64_t[]){1, 2, 3}, (int64_t[]){4}, NULL, 0),
            "upsampleLinear1dBackward: expected gradOutput to have sizes [1, 2, 4] (the output's), but got [1, 2, 3]");
  CHECK_ERR(THNN_Upsampling_updateGradInput(THNN_UpsamplingLinear, x, y, 1, (int64_t[]){1, -2, 3}, (int64_t[]){3}, NULL, 0),
            "expected inputSize to be non-negative");
  CHECK_ERR(THNN_Upsampling_updateGradInput(THNN_UpsamplingLinear, x, y, 1, NULL, (int64_t[]){3}, NULL, 0), "inputSize is NULL");
  /* scales that do not fit the sizes stay inside the input */
  CHECK_OK(THNN_Upsampling_updateOutput(THNN_UpsamplingLinear, x, y, 1, (int64_t[]){5}, (double[]){1e-300}, 0));
  CHECK_OK(THNN_Upsampling_updateOutput(THNN_UpsamplingNearestExact, x, y, 1, (int64_t[]){5}, (double[]){1e-30}, 0));
  THTensor *c = THTensor_newWithSize(TH_Float64, 4, (int64_t[]){1, 1, 2, 2});
  THTensor_zero(c);
  CHECK_OK(THNN_Upsampling_updateOutput(THNN_UpsamplingCubic, c, y, 2, (int64_t[]){3, 3}, (double[]){1e-300, 1e300}, 0));
  THTensor_free(x), THTensor_free(y), THTensor_free(i), THTensor_free(f), THTensor_free(e), THTensor_free(c);
}

int main(void) {
  RUN_TEST(test_values);
  RUN_TEST(test_adjoint);
  RUN_TEST(test_strided_and_float32);
  RUN_TEST(test_errors);
  return TH_TEST_RESULT();
}
