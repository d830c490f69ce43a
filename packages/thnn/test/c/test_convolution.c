/* libTHNN convolutions, fold and unfold from C: hand-computed values on every path (im2col + GEMM,
 * 1x1, depthwise, transposed), accumulation with scale, groups against per-group convolutions, the
 * column buffer's growth, and errors. */
#include "THNN/THNN.h"
#include "th_test.h"

static const int64_t ONE2[2] = {1, 1}, ZERO2[2] = {0, 0};

/* input 1..9 in [1, 1, 3, 3], weight ones [1, 1, 2, 2], bias 0.5 */
static void test_values(void) {
  THTensor *x = TENSOR(TH_Float64, SIZES(1, 1, 3, 3), VALUES(1, 2, 3, 4, 5, 6, 7, 8, 9));
  THTensor *w = TENSOR(TH_Float64, SIZES(1, 1, 2, 2), VALUES(1, 1, 1, 1));
  THTensor *b = VEC(TH_Float64, 0.5);
  THTensor *y = THTensor_new(TH_Float64), *cols = THTensor_new(TH_Float64);
  CHECK_OK(THNN_Convolution_updateOutput(2, x, y, w, b, cols, ONE2, ZERO2, NULL, ONE2, 1));
  CHECK_SHAPE(y, 4, 1, 1, 2, 2);
  CHECK_VALUES(y, 0, 12.5, 16.5, 24.5, 28.5);

  THTensor *g = TENSOR(TH_Float64, SIZES(1, 1, 2, 2), VALUES(1, 1, 1, 1)), *gi = THTensor_new(TH_Float64);
  CHECK_OK(THNN_Convolution_updateGradInput(2, x, g, gi, w, cols, ONE2, ZERO2, NULL, ONE2, 1));
  CHECK_VALUES(gi, 0, 1, 2, 1, 2, 4, 2, 1, 2, 1); /* how many windows cover each pixel */

  THTensor *gw = TENSOR(TH_Float64, SIZES(1, 1, 2, 2), VALUES(1, 1, 1, 1)), *gb = VEC(TH_Float64, 10);
  CHECK_OK(THNN_Convolution_accGradParameters(2, x, g, gw, gb, cols, ONE2, ZERO2, NULL, ONE2, 1, 2.0));
  CHECK_VALUES(gw, 0, 1 + 2 * 12, 1 + 2 * 16, 1 + 2 * 24, 1 + 2 * 28); /* accumulated, scaled */
  CHECK_VALUES(gb, 0, 10 + 2 * 4);

  /* asymmetric padding ('same' with a 2x2 kernel pads one at the end), without columns */
  const int64_t end[2] = {1, 1};
  CHECK_OK(THNN_Convolution_updateOutput(2, x, y, w, NULL, NULL, ONE2, ZERO2, end, ONE2, 1));
  CHECK_SHAPE(y, 4, 1, 1, 3, 3);
  CHECK_VALUES(y, 0, 12, 16, 9, 24, 28, 15, 15, 17, 9);

  /* the transposed convolution of ones spreads the kernel: coverage counts again, plus bias */
  THTensor *t = THTensor_new(TH_Float64);
  CHECK_OK(THNN_ConvolutionTranspose_updateOutput(2, g, t, w, b, cols, ONE2, ZERO2, ZERO2, ONE2, 1));
  CHECK_SHAPE(t, 4, 1, 1, 3, 3);
  CHECK_VALUES(t, 0, 1.5, 2.5, 1.5, 2.5, 4.5, 2.5, 1.5, 2.5, 1.5);
  /* and its gradInput is the convolution's forward (without bias) */
  THTensor *tgi = THTensor_new(TH_Float64);
  CHECK_OK(THNN_ConvolutionTranspose_updateGradInput(2, g, x, tgi, w, cols, ONE2, ZERO2, ZERO2, ONE2, 1));
  CHECK_VALUES(tgi, 0, 12, 16, 24, 28);
  THTensor_free(x), THTensor_free(w), THTensor_free(b), THTensor_free(y), THTensor_free(cols), THTensor_free(g);
  THTensor_free(gi), THTensor_free(gw), THTensor_free(gb), THTensor_free(t), THTensor_free(tgi);
}

/* depthwise (groups == channels) and 1x1 (identity columns) against the formulas */
static void test_fast_paths(void) {
  THTensor *x = TENSOR(TH_Float32, SIZES(1, 2, 1, 3), VALUES(1, 2, 3, 10, 20, 30));
  THTensor *wd = TENSOR(TH_Float32, SIZES(2, 1, 1, 2), VALUES(1, -1, 2, 0.5));
  THTensor *y = THTensor_new(TH_Float32);
  CHECK_OK(THNN_Convolution_updateOutput(2, x, y, wd, NULL, NULL, ONE2, ZERO2, NULL, ONE2, 2));
  CHECK_VALUES(y, 0, -1, -1, 30, 55);
  THTensor *w1 = TENSOR(TH_Float32, SIZES(3, 2, 1, 1), VALUES(1, 0, 0, 1, 1, -1));
  THTensor *b = VEC(TH_Float32, 100, 200, 300);
  CHECK_OK(THNN_Convolution_updateOutput(2, x, y, w1, b, NULL, ONE2, ZERO2, NULL, ONE2, 1));
  CHECK_SHAPE(y, 4, 1, 3, 1, 3);
  CHECK_VALUES(y, 0, 101, 102, 103, 210, 220, 230, 291, 282, 273);
  THTensor *g = TENSOR(TH_Float32, SIZES(1, 3, 1, 3), VALUES(1, 0, 0, 0, 1, 0, 0, 0, 1)), *gi = THTensor_new(TH_Float32);
  CHECK_OK(THNN_Convolution_updateGradInput(2, x, g, gi, w1, NULL, ONE2, ZERO2, NULL, ONE2, 1));
  CHECK_VALUES(gi, 0, 1, 0, 1, 0, 1, -1); /* W^T g per pixel */
  THTensor_free(x), THTensor_free(wd), THTensor_free(y), THTensor_free(w1), THTensor_free(b), THTensor_free(g);
  THTensor_free(gi);
}

/* a grouped convolution equals its groups computed one by one */
static void test_groups(void) {
  const int64_t xs[4] = {2, 4, 5, 5}, ws[4] = {6, 2, 3, 3};
  THTensor *x = THTensor_newWithSize(TH_Float64, 4, xs), *w = THTensor_newWithSize(TH_Float64, 4, ws);
  for (int64_t i = 0; i < THTensor_numel(x); i++) th_set(x, i, sin(0.3 * (double)i));
  for (int64_t i = 0; i < THTensor_numel(w); i++) th_set(w, i, cos(0.7 * (double)i));
  const int64_t stride[2] = {2, 1}, pad[2] = {1, 0};
  THTensor *y = THTensor_new(TH_Float64);
  CHECK_OK(THNN_Convolution_updateOutput(2, x, y, w, NULL, NULL, stride, pad, NULL, ONE2, 2));
  for (int g = 0; g < 2; g++) {
    THTensor *xg = THTensor_newNarrow(x, 1, 2 * g, 2), *wg = THTensor_newNarrow(w, 0, 3 * g, 3);
    THTensor *yg = THTensor_new(TH_Float64), *ys = THTensor_newNarrow(y, 1, 3 * g, 3);
    CHECK_OK(THNN_Convolution_updateOutput(2, xg, yg, wg, NULL, NULL, stride, pad, NULL, ONE2, 1));
    CHECK_EQ_INT(THTensor_numel(yg), THTensor_numel(ys));
    for (int64_t i = 0; i < THTensor_numel(yg); i++) CHECK_NEAR(th_at(yg, i), th_at(ys, i), 1e-12);
    THTensor_free(xg), THTensor_free(wg), THTensor_free(yg), THTensor_free(ys);
  }
  THTensor_free(x), THTensor_free(w), THTensor_free(y);
}

/* the column buffer grows when too small and is never shrunk; a non-contiguous output is written */
static void test_buffers(void) {
  THTensor *x = THTensor_newWithSize(TH_Float32, 4, (const int64_t[]){2, 3, 6, 6});
  THTensor *w = THTensor_newWithSize(TH_Float32, 4, (const int64_t[]){4, 3, 3, 3});
  for (int64_t i = 0; i < THTensor_numel(x); i++) th_set(x, i, (double)(i % 7) - 3);
  for (int64_t i = 0; i < THTensor_numel(w); i++) th_set(w, i, (double)(i % 5) - 2);
  THTensor *cols = THTensor_new(TH_Float32), *y = THTensor_new(TH_Float32);
  CHECK_OK(THNN_Convolution_updateOutput(2, x, y, w, NULL, cols, ONE2, ONE2, NULL, ONE2, 1));
  int64_t grown = THTensor_numel(cols);
  CHECK(grown >= 3 * 9 * 36);
  THTensor *small = THTensor_newNarrow(x, 0, 0, 1), *y1 = THTensor_new(TH_Float32);
  CHECK_OK(THNN_Convolution_updateOutput(2, small, y1, w, NULL, cols, ONE2, ONE2, NULL, ONE2, 1));
  CHECK_EQ_INT(THTensor_numel(cols), grown);
  for (int64_t i = 0; i < THTensor_numel(y1); i++) CHECK_NEAR(th_at(y1, i), th_at(y, i), 0);
  /* output: a transposed view of the right shape */
  THTensor *store = THTensor_newWithSize(TH_Float32, 4, (const int64_t[]){2, 4, 6, 6});
  THTensor *view = THTensor_newTranspose(store, 2, 3);
  CHECK_OK(THNN_Convolution_updateOutput(2, x, view, w, NULL, cols, ONE2, ONE2, NULL, ONE2, 1));
  CHECK(!THTensor_isContiguous(view));
  for (int64_t i = 0; i < THTensor_numel(y); i++) CHECK_NEAR(th_at(view, i), th_at(y, i), 0);
  THTensor_free(x), THTensor_free(w), THTensor_free(cols), THTensor_free(y), THTensor_free(small), THTensor_free(y1);
  THTensor_free(store), THTensor_free(view);
}

/* unfold then fold with non-overlapping blocks gives the image back; overlapping ones add up */
static void test_fold(void) {
  THTensor *x = TENSOR(TH_Float64, SIZES(1, 1, 2, 4), VALUES(1, 2, 3, 4, 5, 6, 7, 8));
  THTensor *cols = THTensor_new(TH_Float64), *back = THTensor_new(TH_Float64);
  const int64_t k[2] = {2, 2}, s[2] = {2, 2}, hw[2] = {2, 4};
  CHECK_OK(THNN_Im2Col_updateOutput(x, cols, k, ONE2, ZERO2, s));
  CHECK_SHAPE(cols, 3, 1, 4, 2);
  CHECK_VALUES(cols, 0, 1, 3, 2, 4, 5, 7, 6, 8);
  CHECK_OK(THNN_Col2Im_updateOutput(cols, back, hw, k, ONE2, ZERO2, s));
  CHECK_VALUES(back, 0, 1, 2, 3, 4, 5, 6, 7, 8);
  CHECK_OK(THNN_Im2Col_updateOutput(x, cols, k, ONE2, ZERO2, ONE2));
  CHECK_OK(THNN_Im2Col_updateGradInput(cols, back, hw, k, ONE2, ZERO2, ONE2));
  CHECK_VALUES(back, 0, 1, 4, 6, 4, 5, 12, 14, 8); /* each pixel times its coverage */
  CHECK_OK(THNN_Col2Im_updateGradInput(x, cols, k, ONE2, ZERO2, s));
  CHECK_VALUES(cols, 0, 1, 3, 2, 4, 5, 7, 6, 8);
  THTensor_free(x), THTensor_free(cols), THTensor_free(back);
}

/* ---- every path against a direct reference, on many geometries ---- */

typedef struct Geo {
  int nDims, transposed;
  int64_t n, cin, cout, groups, in[3], k[3], stride[3], pad[3], padEnd[3], outPad[3], dil[3];
} Geo;

/* The reference: direct loops over (lifted 3-D) positions; y must be zeroed, sized [n, cout, out...]. */
static void reference(const Geo *g, const THTensor *x, const THTensor *w, THTensor *y, const int64_t *out) {
  int64_t in3[3], out3[3], k3[3], s3[3], p3[3], d3[3];
  for (int i = 0; i < 3; i++) {
    int j = i - (3 - g->nDims);
    in3[i] = j < 0 ? 1 : g->in[j], out3[i] = j < 0 ? 1 : out[j], k3[i] = j < 0 ? 1 : g->k[j];
    s3[i] = j < 0 ? 1 : g->stride[j], p3[i] = j < 0 ? 0 : g->pad[j], d3[i] = j < 0 ? 1 : g->dil[j];
  }
  /* (image, vectors) = (x, y) for a convolution, (y, x) for a transposed one */
  const int64_t *img = g->transposed ? out3 : in3, *vec = g->transposed ? in3 : out3;
  const int64_t cImg = g->transposed ? g->cout : g->cin, cVec = g->transposed ? g->cin : g->cout;
  const int64_t cImgG = cImg / g->groups, cVecG = cVec / g->groups, kVol = k3[0] * k3[1] * k3[2];
  const int64_t imgVol = img[0] * img[1] * img[2], vecVol = vec[0] * vec[1] * vec[2];
  for (int64_t n = 0; n < g->n; n++)
    for (int64_t v = 0; v < cVec; v++)
      for (int64_t q = 0; q < vecVol; q++) {
        int64_t o[3] = {q / (vec[1] * vec[2]), q / vec[2] % vec[1], q % vec[2]};
        for (int64_t c = 0; c < cImgG; c++)
          for (int64_t t = 0; t < kVol; t++) {
            int64_t kk[3] = {t / (k3[1] * k3[2]), t / k3[2] % k3[1], t % k3[2]}, pos[3], inside = 1;
            for (int i = 0; i < 3; i++) {
              pos[i] = o[i] * s3[i] - p3[i] + kk[i] * d3[i];
              inside &= pos[i] >= 0 && pos[i] < img[i];
            }
            if (!inside) continue;
            int64_t ic = v / cVecG * cImgG + c, p = (pos[0] * img[1] + pos[1]) * img[2] + pos[2];
            /* a convolution's weight is [cout, cin/g, k], a transposed one's [cin, cout/g, k] */
            double wv = th_at(w, (v * cImgG + c) * kVol + t);
            if (!g->transposed) th_set(y, (n * cVec + v) * vecVol + q, th_at(y, (n * cVec + v) * vecVol + q) + wv * th_at(x, (n * cImg + ic) * imgVol + p));
            else th_set(y, (n * cImg + ic) * imgVol + p, th_at(y, (n * cImg + ic) * imgVol + p) + wv * th_at(x, (n * cVec + v) * vecVol + q));
          }
      }
}

static THTensor *filled(int ndim, const int64_t *sizes, double seed) {
  THTensor *t = THTensor_newWithSize(TH_Float64, ndim, sizes);
  for (int64_t i = 0; i < THTensor_numel(t); i++) th_set(t, i, sin(seed + 0.91 * (double)i));
  return t;
}

static double dot(const THTensor *a, const THTensor *b) {
  double s = 0;
  for (int64_t i = 0; i < THTensor_numel(a); i++) s += th_at(a, i) * th_at(b, i);
  return s;
}

/* forward against the reference; gradInput and gradWeight by the adjoint identities
 * <y(x), g> = <x, gradInput(g)> = <w, gradWeight(x, g)> */
static void check_geometry(const Geo *g, THTensor *cols) {
  int nd = g->nDims;
  int64_t xs[5] = {g->n, g->cin}, ws[5], out[3];
  ws[0] = g->transposed ? g->cin : g->cout;
  ws[1] = g->transposed ? g->cout / g->groups : g->cin / g->groups;
  for (int i = 0; i < nd; i++) {
    xs[2 + i] = g->in[i], ws[2 + i] = g->k[i];
    out[i] = g->transposed ? (g->in[i] - 1) * g->stride[i] - 2 * g->pad[i] + g->dil[i] * (g->k[i] - 1) + g->outPad[i] + 1
                           : (g->in[i] + g->pad[i] + g->padEnd[i] - g->dil[i] * (g->k[i] - 1) - 1) / g->stride[i] + 1;
  }
  THTensor *x = filled(nd + 2, xs, 0.3), *w = filled(nd + 2, ws, 1.1), *y = THTensor_new(TH_Float64);
  int st = g->transposed ? THNN_ConvolutionTranspose_updateOutput(nd, x, y, w, NULL, cols, g->stride, g->pad, g->outPad, g->dil, g->groups)
                         : THNN_Convolution_updateOutput(nd, x, y, w, NULL, cols, g->stride, g->pad, g->padEnd, g->dil, g->groups);
  CHECK_OK(st);
  if (st == TH_OK) {
    int64_t ys[5] = {g->n, g->cout, out[0], out[1], out[2]};
    CHECK_SHAPE(y, nd + 2, g->n, g->cout, out[0], out[nd > 1 ? 1 : 0], out[nd > 2 ? 2 : 0]);
    THTensor *ref = THTensor_newWithSize(TH_Float64, nd + 2, ys), *go = filled(nd + 2, ys, 2.3);
    THTensor_zero(ref);
    reference(g, x, w, ref, out);
    double worst = 0;
    for (int64_t i = 0; i < THTensor_numel(ref); i++) worst = fmax(worst, fabs(th_at(y, i) - th_at(ref, i)));
    th_test_checks++;
    if (!(worst < 1e-12)) TH_TEST_FAIL_("nd %d transposed %d groups %lld: forward off by %g", nd, g->transposed, (long long)g->groups, worst);
    THTensor *gi = THTensor_new(TH_Float64), *gw = filled(nd + 2, ws, 0), *gw0 = filled(nd + 2, ws, 0);
    CHECK_OK(g->transposed ? THNN_ConvolutionTranspose_updateGradInput(nd, x, go, gi, w, cols, g->stride, g->pad, g->outPad, g->dil, g->groups)
                           : THNN_Convolution_updateGradInput(nd, x, go, gi, w, cols, g->stride, g->pad, g->padEnd, g->dil, g->groups));
    CHECK_OK(g->transposed ? THNN_ConvolutionTranspose_accGradParameters(nd, x, go, gw, NULL, cols, g->stride, g->pad, g->outPad, g->dil, g->groups, 1)
                           : THNN_Convolution_accGradParameters(nd, x, go, gw, NULL, cols, g->stride, g->pad, g->padEnd, g->dil, g->groups, 1));
    double yg = dot(ref, go), xgi = dot(x, gi), wgw = dot(w, gw) - dot(w, gw0);
    CHECK_NEAR(xgi, yg, 1e-10 * (1 + fabs(yg)));
    CHECK_NEAR(wgw, yg, 1e-10 * (1 + fabs(yg)));
    THTensor_free(ref), THTensor_free(go), THTensor_free(gi), THTensor_free(gw), THTensor_free(gw0);
  }
  THTensor_free(x), THTensor_free(w), THTensor_free(y);
}

static void test_sweep(void) {
  THTensor *cols = THTensor_new(TH_Float64);
  for (int t = 0; t < 2; t++)
    for (int nd = 1; nd <= 3; nd++)
      for (int variant = 0; variant < 8; variant++) {
        Geo g = {.nDims = nd, .transposed = t, .n = 1 + variant % 3};
        /* variant 0, 4: plain grouped; 1: depthwise; 2: 1x1 (identity unless strided); 3, 5, 7: 1 group; 6: depthwise x2 */
        g.groups = variant == 1 || variant == 6 ? 3 : variant % 4 == 0 ? 2 : 1;
        g.cin = variant == 1 || variant == 6 ? 3 : 4;
        g.cout = variant == 6 ? 6 : variant == 1 ? 3 : 2 + 2 * (variant % 2);
        if (t && (variant == 1 || variant == 6)) g.cout = 3; /* transposed depthwise: one output channel per group */
        for (int i = 0; i < nd; i++) {
          g.k[i] = variant == 2 ? 1 : 1 + (variant + i) % 3;
          g.stride[i] = variant == 2 && !t ? 1 : 1 + (variant + 2 * i) % 3;
          g.dil[i] = 1 + (variant / 2 + i) % 2;
          g.pad[i] = variant == 2 ? 0 : (variant + i) % 2;
          g.padEnd[i] = variant == 2 ? 0 : g.pad[i] + (variant == 7 && i == 0);
          g.outPad[i] = (variant == 5) ? (g.stride[i] > 1 ? 1 : g.dil[i] > 1 ? 1 : 0) : 0;
          g.in[i] = 4 + (variant + i) % 3;
        }
        check_geometry(&g, cols);
      }
  /* columns too large for one chunk: the GEMM path works in bands of block rows (uneven ones,
   * across depth slices in 3-D), and col2im clears each image once before its first band */
  const Geo big[] = {
      {.nDims = 2, .n = 2, .cin = 16, .cout = 6, .groups = 2, .in = {43, 45}, .k = {3, 3}, .stride = {1, 1},
       .pad = {0, 1}, .padEnd = {0, 1}, .dil = {1, 1}},
      {.nDims = 2, .transposed = 1, .n = 1, .cin = 6, .cout = 32, .groups = 1, .in = {41, 42}, .k = {3, 3},
       .stride = {2, 2}, .pad = {1, 0}, .outPad = {1, 0}, .dil = {1, 1}},
      {.nDims = 3, .n = 1, .cin = 16, .cout = 4, .groups = 1, .in = {7, 13, 40}, .k = {2, 3, 3}, .stride = {1, 1, 1},
       .pad = {0, 1, 1}, .padEnd = {0, 1, 1}, .dil = {1, 1, 1}},
  };
  for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) check_geometry(&big[i], cols);
  /* 3x3 stride 1 with 32+ channels per group: Winograd F(2x2, 3x3), odd and even sizes, every
   * padding up to 2 (the adjoint's own padding is 2 - padding) and past it (im2col adjoint) */
  const Geo wino[] = {
      {.nDims = 2, .n = 2, .cin = 32, .cout = 32, .groups = 1, .in = {7, 6}, .k = {3, 3}, .stride = {1, 1},
       .pad = {1, 1}, .padEnd = {1, 1}, .dil = {1, 1}},
      {.nDims = 2, .n = 1, .cin = 64, .cout = 96, .groups = 2, .in = {6, 9}, .k = {3, 3}, .stride = {1, 1},
       .pad = {0, 2}, .padEnd = {1, 0}, .dil = {1, 1}},
      {.nDims = 2, .n = 1, .cin = 32, .cout = 32, .groups = 1, .in = {5, 5}, .k = {3, 3}, .stride = {1, 1},
       .pad = {3, 0}, .padEnd = {3, 0}, .dil = {1, 1}},
      {.nDims = 2, .transposed = 1, .n = 2, .cin = 32, .cout = 64, .groups = 1, .in = {5, 4}, .k = {3, 3},
       .stride = {1, 1}, .pad = {1, 0}, .dil = {1, 1}},
  };
  for (size_t i = 0; i < sizeof wino / sizeof wino[0]; i++) check_geometry(&wino[i], cols);
  THTensor_free(cols);
}

static void test_errors(void) {
  THTensor *x = THTensor_newWithSize(TH_Float32, 4, (const int64_t[]){1, 5, 7, 7});
  THTensor *w = THTensor_newWithSize(TH_Float32, 4, (const int64_t[]){4, 4, 3, 3});
  THTensor *xd = THTensor_newWithSize(TH_Float64, 4, (const int64_t[]){1, 4, 7, 7});
  THTensor *y = THTensor_new(TH_Float32), *cols64 = THTensor_new(TH_Float64);
  CHECK_ERR(THNN_Convolution_updateOutput(2, x, y, w, NULL, NULL, ONE2, ZERO2, NULL, ONE2, 1),
            "conv2d: Given groups=1, weight of size [4, 4, 3, 3], expected input[1, 5, 7, 7] to have 4 channels, but got 5 channels instead");
  CHECK_ERR(THNN_Convolution_updateOutput(4, x, y, w, NULL, NULL, ONE2, ZERO2, NULL, ONE2, 1), "expected 1, 2 or 3 spatial dims, but got 4");
  CHECK_ERR(THNN_Convolution_updateOutput(2, NULL, y, w, NULL, NULL, ONE2, ZERO2, NULL, ONE2, 1), "NULL");
  CHECK_ERR(THNN_Convolution_updateOutput(2, x, y, w, NULL, NULL, NULL, ZERO2, NULL, ONE2, 1), "must be given");
  CHECK_ERR(THNN_Convolution_updateOutput(2, xd, y, w, NULL, NULL, ONE2, ZERO2, NULL, ONE2, 1),
            "expected weight to have the dtype of input (float64), but got float32");
  THTensor *wd = THTensor_newWithSize(TH_Float64, 4, (const int64_t[]){4, 4, 3, 3});
  THTensor *yd = THTensor_new(TH_Float64);
  CHECK_ERR(THNN_Convolution_updateOutput(2, xd, NULL, wd, NULL, NULL, ONE2, ZERO2, NULL, ONE2, 1), "conv2d: output is NULL");
  CHECK_ERR(THNN_Convolution_updateOutput(2, xd, yd, wd, NULL, x, ONE2, ZERO2, NULL, ONE2, 1),
            "expected columns to have the dtype of input (float64), but got float32");
  CHECK_ERR(THNN_Convolution_updateOutput(2, xd, y, wd, NULL, NULL, ONE2, ZERO2, NULL, ONE2, 1),
            "expected output to have the dtype of input (float64), but got float32");
  THTensor *wide = THTensor_newWithSize(TH_Float64, 1, (const int64_t[]){10000});
  THTensor *strided = THTensor_newSlice(wide, 0, 0, 10000, 2); /* a non-contiguous scratch is refused, not overrun */
  CHECK_ERR(THNN_Convolution_updateOutput(2, xd, yd, wd, NULL, strided, ONE2, ZERO2, NULL, ONE2, 1),
            "conv2d: expected columns to be contiguous");
  THTensor_free(strided), THTensor_free(wide);
  /* results and scratch never overlap what the call reads */
  CHECK_ERR(THNN_Convolution_updateOutput(2, xd, xd, wd, NULL, NULL, ONE2, ZERO2, NULL, ONE2, 1),
            "conv2d: output must not share memory with input");
  CHECK_ERR(THNN_Convolution_updateOutput(2, xd, yd, wd, NULL, wd, ONE2, ZERO2, NULL, ONE2, 1),
            "conv2d: columns must not share memory with weight");
  const int64_t neg[2] = {-1, 0};
  CHECK_ERR(THNN_Convolution_updateOutput(2, xd, yd, wd, NULL, NULL, ONE2, ZERO2, neg, ONE2, 1), "negative padding is not supported");
  THTensor *gw = THTensor_newWithSize(TH_Float64, 4, (const int64_t[]){4, 4, 3, 3});
  THTensor *g = THTensor_newWithSize(TH_Float64, 4, (const int64_t[]){1, 4, 5, 4});
  CHECK_ERR(THNN_Convolution_accGradParameters(2, xd, g, gw, NULL, cols64, ONE2, ZERO2, NULL, ONE2, 1, 1),
            "conv2dBackward: expected gradOutput to have the output's shape [1, 4, 5, 5], but got [1, 4, 5, 4]");
  THTensor *badBias = THTensor_newWithSize(TH_Float64, 1, (const int64_t[]){3});
  THTensor *g5 = THTensor_newWithSize(TH_Float64, 4, (const int64_t[]){1, 4, 5, 5});
  CHECK_ERR(THNN_Convolution_accGradParameters(2, xd, g5, gw, badBias, cols64, ONE2, ZERO2, NULL, ONE2, 1, 1),
            "expected gradBias to be 1-dimensional with 4 elements, but got gradBias of size [3] instead");
  CHECK_ERR(THNN_Convolution_accGradParameters(2, xd, g5, gw, NULL, gw, ONE2, ZERO2, NULL, ONE2, 1, 1),
            "conv2dBackward: gradWeight must not share memory with columns");
  const int64_t two[2] = {2, 2};
  CHECK_ERR(THNN_ConvolutionTranspose_updateOutput(2, xd, yd, wd, NULL, NULL, ONE2, ZERO2, two, ONE2, 1),
            "output padding must be smaller than either stride or dilation");
  CHECK_ERR(THNN_ConvolutionTranspose_updateOutput(2, xd, yd, wd, NULL, NULL, ONE2, ZERO2, NULL, ONE2, 1), "must be given");
  CHECK_ERR(THNN_Im2Col_updateOutput(x, y, NULL, ONE2, ZERO2, ONE2), "must be given");
  CHECK_ERR(THNN_Col2Im_updateOutput(x, y, NULL, ONE2, ONE2, ZERO2, ONE2), "the output size must be given");
  THTensor_free(x), THTensor_free(w), THTensor_free(xd), THTensor_free(y), THTensor_free(cols64), THTensor_free(wd);
  THTensor_free(yd), THTensor_free(gw), THTensor_free(g), THTensor_free(badBias), THTensor_free(g5);
}

int main(void) {
  THMemoryStats before = th_test_mem();
  RUN_TEST(test_values);
  RUN_TEST(test_fast_paths);
  RUN_TEST(test_groups);
  RUN_TEST(test_buffers);
  RUN_TEST(test_fold);
  /* one thread: chunks in turn, the BLAS threading the GEMMs; two: chunks of small products split
   * over OpenMP threads */
  THSetNumThreads(1);
  RUN_TEST(test_sweep);
  THSetNumThreads(2);
  RUN_TEST(test_sweep);
  RUN_TEST(test_errors);
  CHECK_NO_LEAKS(before);
  return TH_TEST_RESULT();
}
