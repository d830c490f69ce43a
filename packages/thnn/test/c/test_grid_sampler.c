/* libTHNN grid sampler from C: identity grids, gradInput as the exact transpose of the forward,
 * gradGrid against finite differences, NaN and far-away positions, and errors. */
#include "THNN/THNN.h"
#include "th_test.h"

static double dot(const THTensor *a, const THTensor *b) {
  double s = 0;
  for (int64_t i = 0; i < THTensor_numel(a); i++) s += th_at(a, i) * th_at(b, i);
  return s;
}

static THTensor *filled(int ndim, const int64_t *sizes, double a, double b) {
  THTensor *t = THTensor_newWithSize(TH_Float64, ndim, sizes);
  for (int64_t i = 0; i < THTensor_numel(t); i++) th_set(t, i, a + b * sin(1.91 * (double)i + 0.4));
  return t;
}

static void test_identity(void) {
  /* pixel centers with alignCorners: x = -1 + 2 * w / (W - 1) */
  THTensor *x = TENSOR(TH_Float64, SIZES(1, 1, 2, 3), VALUES(1, 2, 3, 4, 5, 6));
  THTensor *g = TENSOR(TH_Float64, SIZES(1, 2, 3, 2), VALUES(-1, -1, 0, -1, 1, -1, -1, 1, 0, 1, 1, 1));
  THTensor *y = THTensor_new(TH_Float64);
  for (int mode = 0; mode < THNN_NumGridSamplerInterpolations; mode++)
    for (int pad = 0; pad < THNN_NumGridSamplerPaddings; pad++) {
      CHECK_OK(THNN_GridSampler_updateOutput(x, g, y, (THNNGridSamplerInterpolation)mode, (THNNGridSamplerPadding)pad, 1));
      CHECK_SHAPE(y, 4, 1, 1, 2, 3);
      CHECK_VALUES(y, 1e-14, 1, 2, 3, 4, 5, 6);
    }
  /* between pixels: bilinear averages, zeros padding fades out past the edge */
  THTensor *h = TENSOR(TH_Float64, SIZES(1, 1, 2, 2), VALUES(-0.5, -1, 2, -1));
  CHECK_OK(THNN_GridSampler_updateOutput(x, h, y, THNN_GridSamplerBilinear, THNN_GridSamplerZeros, 1));
  CHECK_VALUES(y, 1e-14, 1.5, 0);
  CHECK_OK(THNN_GridSampler_updateOutput(x, h, y, THNN_GridSamplerBilinear, THNN_GridSamplerBorder, 1));
  CHECK_VALUES(y, 1e-14, 1.5, 3);
  CHECK_OK(THNN_GridSampler_updateOutput(x, h, y, THNN_GridSamplerBilinear, THNN_GridSamplerReflection, 1));
  CHECK_VALUES(y, 1e-14, 1.5, 2); /* x = 2 mirrors to 0, the middle column */
  THTensor_free(x), THTensor_free(g), THTensor_free(y), THTensor_free(h);
}

static const struct {
  THNNGridSamplerInterpolation mode;
  THNNGridSamplerPadding padding;
  int align, ndim;
} kCases[] = {
    {THNN_GridSamplerBilinear, THNN_GridSamplerZeros, 0, 4},      {THNN_GridSamplerBilinear, THNN_GridSamplerBorder, 1, 4},
    {THNN_GridSamplerBilinear, THNN_GridSamplerReflection, 0, 4}, {THNN_GridSamplerBicubic, THNN_GridSamplerZeros, 1, 4},
    {THNN_GridSamplerBicubic, THNN_GridSamplerReflection, 0, 4},  {THNN_GridSamplerNearest, THNN_GridSamplerBorder, 0, 4},
    {THNN_GridSamplerBilinear, THNN_GridSamplerZeros, 1, 5},      {THNN_GridSamplerBilinear, THNN_GridSamplerReflection, 0, 5},
    {THNN_GridSamplerNearest, THNN_GridSamplerZeros, 1, 5},
};

/* <sample(x), g> = <x, gradInput(g)>, and gradGrid = central differences of <sample(x, grid), g>. */
static void test_gradients(void) {
  for (size_t k = 0; k < sizeof kCases / sizeof kCases[0]; k++) {
    const int nd = kCases[k].ndim - 2;
    const int64_t *in = nd == 2 ? (const int64_t[]){2, 2, 3, 4} : (const int64_t[]){1, 2, 2, 3, 3};
    const int64_t *gs = nd == 2 ? (const int64_t[]){2, 2, 3, 2} : (const int64_t[]){1, 2, 1, 2, 3};
    const int64_t out[5] = {in[0], in[1], gs[1], gs[2], nd == 3 ? gs[3] : 0};
    THTensor *x = filled(nd + 2, in, 0, 1), *grid = filled(nd + 2, gs, 0.05, 1.1), *go = filled(nd + 2, out, 0.2, 1);
    THTensor *y = THTensor_new(TH_Float64), *gi = THTensor_new(TH_Float64), *gg = THTensor_new(TH_Float64);
    CHECK_OK(THNN_GridSampler_updateOutput(x, grid, y, kCases[k].mode, kCases[k].padding, kCases[k].align));
    CHECK_OK(THNN_GridSampler_updateGradInput(x, grid, go, gi, gg, kCases[k].mode, kCases[k].padding, kCases[k].align));
    double lhs = dot(y, go), rhs = dot(x, gi);
    th_test_checks++;
    if (!th_test_near(lhs, rhs, 1e-12 * (1 + fabs(lhs)))) TH_TEST_FAIL_("case %zu: <y, g> = %.17g, <x, gradInput> = %.17g", k, lhs, rhs);
    for (int64_t j = 0; j < THTensor_numel(grid); j++) {
      const double keep = th_at(grid, j), step = 1e-7;
      double at[2];
      for (int s = 0; s < 2; s++) {
        th_set(grid, j, keep + (s ? -step : step));
        CHECK_OK(THNN_GridSampler_updateOutput(x, grid, y, kCases[k].mode, kCases[k].padding, kCases[k].align));
        at[s] = dot(y, go);
      }
      th_set(grid, j, keep);
      const double fd = (at[0] - at[1]) / (2 * step);
      th_test_checks++;
      if (!th_test_near(th_at(gg, j), fd, 1e-5 * (1 + fabs(fd))))
        TH_TEST_FAIL_("case %zu gradGrid[%lld] = %.12g, finite differences %.12g", k, (long long)j, th_at(gg, j), fd);
    }
    /* gradInput may be skipped */
    CHECK_OK(THNN_GridSampler_updateGradInput(x, grid, go, NULL, gg, kCases[k].mode, kCases[k].padding, kCases[k].align));
    THTensor_free(x), THTensor_free(grid), THTensor_free(go), THTensor_free(y), THTensor_free(gi), THTensor_free(gg);
  }
}

static void test_nonfinite(void) {
  THTensor *x = TENSOR(TH_Float32, SIZES(1, 1, 2, 2), VALUES(1, 2, 3, 4));
  THTensor *g = TENSOR(TH_Float32, SIZES(1, 1, 3, 2), VALUES(NAN, 0, 1e30, -1e30, INFINITY, -INFINITY));
  THTensor *y = THTensor_new(TH_Float32), *gi = THTensor_new(TH_Float32), *gg = THTensor_new(TH_Float32);
  THTensor *go = TENSOR(TH_Float32, SIZES(1, 1, 1, 3), VALUES(1, 1, 1));
  for (int mode = 0; mode < THNN_NumGridSamplerInterpolations; mode++)
    for (int pad = 0; pad < THNN_NumGridSamplerPaddings; pad++)
      for (int align = 0; align < 2; align++) {
        CHECK_OK(THNN_GridSampler_updateOutput(x, g, y, (THNNGridSamplerInterpolation)mode, (THNNGridSamplerPadding)pad, align));
        CHECK_NEAR(th_at(y, 0), 0, 0); /* NaN reads zeros */
        CHECK_OK(THNN_GridSampler_updateGradInput(x, g, go, gi, gg, (THNNGridSamplerInterpolation)mode, (THNNGridSamplerPadding)pad, align));
      }
  THTensor_free(x), THTensor_free(g), THTensor_free(y), THTensor_free(gi), THTensor_free(gg), THTensor_free(go);
}

static void test_errors(void) {
  THTensor *x = THTensor_newWithSize(TH_Float64, 4, (int64_t[]){2, 1, 3, 3}), *g = THTensor_newWithSize(TH_Float64, 4, (int64_t[]){2, 2, 2, 2});
  THTensor *y = THTensor_new(TH_Float64), *f = THTensor_newWithSize(TH_Float32, 4, (int64_t[]){2, 2, 2, 2});
  THTensor *x5 = THTensor_newWithSize(TH_Float64, 5, (int64_t[]){1, 1, 2, 2, 2}), *g5 = THTensor_newWithSize(TH_Float64, 5, (int64_t[]){1, 1, 1, 1, 3});
  THTensor *g1 = THTensor_newWithSize(TH_Float64, 4, (int64_t[]){1, 2, 2, 2}), *gl = THTensor_newWithSize(TH_Float64, 4, (int64_t[]){2, 2, 2, 3});
  THTensor_zero(x), THTensor_zero(g);
  CHECK_ERR(THNN_GridSampler_updateOutput(NULL, g, y, 0, 0, 0), "gridSampler: a tensor argument is NULL");
  CHECK_ERR(THNN_GridSampler_updateOutput(x, g, y, (THNNGridSamplerInterpolation)3, 0, 0), "invalid interpolation mode 3");
  CHECK_ERR(THNN_GridSampler_updateOutput(x, g, y, 0, (THNNGridSamplerPadding)-1, 0), "invalid padding mode -1");
  CHECK_ERR(THNN_GridSampler_updateOutput(x, f, y, 0, 0, 0), "expected input and grid to have same dtype, but input has float64 and grid has float32");
  CHECK_ERR(THNN_GridSampler_updateOutput(x, g1, y, 0, 0, 0), "expected grid and input to have same batch size");
  CHECK_ERR(THNN_GridSampler_updateOutput(x, gl, y, 0, 0, 0), "expected grid to have size 2 in last dimension, but got grid with sizes [2, 2, 2, 3]");
  CHECK_ERR(THNN_GridSampler_updateOutput(x, g5, y, 0, 0, 0), "expected 4D or 5D input and grid with same number of dimensions");
  CHECK_ERR(THNN_GridSampler_updateOutput(x5, g5, y, THNN_GridSamplerBicubic, 0, 0), "bicubic interpolation only supports 4D input");
  CHECK_ERR(THNN_GridSampler_updateGradInput(x, g, x, NULL, y, 0, 0, 0), "gridSamplerBackward: expected gradOutput to have sizes [2, 1, 2, 2] (the output's), but got [2, 1, 3, 3]");
  CHECK_ERR(THNN_GridSampler_updateGradInput(x, g, x, NULL, NULL, 0, 0, 0), "gridSamplerBackward: a tensor argument is NULL");
  THTensor_free(x), THTensor_free(g), THTensor_free(y), THTensor_free(f), THTensor_free(x5), THTensor_free(g5), THTensor_free(g1), THTensor_free(gl);
}

int main(void) {
  RUN_TEST(test_identity);
  RUN_TEST(test_gradients);
  RUN_TEST(test_nonfinite);
  RUN_TEST(test_errors);
  return TH_TEST_RESULT();
}
