/* libTHNN fused LSTM / GRU cells from C: values against the formulas written out, the backward
 * against finite differences, bias gradients, NULL gradients, non-contiguous inputs, errors. */
#include "THNN/THNN.h"
#include "th_test.h"

static double sig(double x) { return 1 / (1 + exp(-x)); }

/* B = 2, H = 2: gates [2, 8], cx [2, 2] */
static void test_lstm(void) {
  THTensor *ig = THTensor_newWithSize(TH_Float64, 2, (int64_t[]){2, 8}), *hg = THTensor_newWithSize(TH_Float64, 2, (int64_t[]){2, 8});
  THTensor *cx = THTensor_newWithSize(TH_Float64, 2, (int64_t[]){2, 2}), *ib = THTensor_newWithSize(TH_Float64, 1, (int64_t[]){8});
  THTensor *hb = THTensor_newWithSize(TH_Float64, 1, (int64_t[]){8});
  for (int i = 0; i < 16; i++) th_set(ig, i, sin(1.3 * i)), th_set(hg, i, cos(0.7 * i));
  for (int i = 0; i < 8; i++) th_set(ib, i, 0.1 * i - 0.3), th_set(hb, i, 0.05 * i);
  for (int i = 0; i < 4; i++) th_set(cx, i, 0.5 - 0.4 * i);
  THTensor *hy = THTensor_new(TH_Float64), *cy = THTensor_new(TH_Float64), *ws = THTensor_new(TH_Float64);
  CHECK_OK(THNN_FusedLSTMCell_updateOutput(ig, hg, cx, ib, hb, hy, cy, ws));
  CHECK_SHAPE(ws, 2, 2, 8);
  for (int b = 0; b < 2; b++)
    for (int h = 0; h < 2; h++) {
      double pre[4];
      for (int k = 0; k < 4; k++) {
        int j = b * 8 + k * 2 + h;
        pre[k] = th_at(ig, j) + th_at(hg, j) + th_at(ib, k * 2 + h) + th_at(hb, k * 2 + h);
      }
      double c = sig(pre[1]) * th_at(cx, b * 2 + h) + sig(pre[0]) * tanh(pre[2]);
      CHECK_NEAR(th_at(cy, b * 2 + h), c, 1e-14);
      CHECK_NEAR(th_at(hy, b * 2 + h), sig(pre[3]) * tanh(c), 1e-14);
      CHECK_NEAR(th_at(ws, b * 8 + 2 * 2 + h), tanh(pre[2]), 1e-14);
    }
  /* backward of L = sum(gh * hy) (gradCy NULL) against central differences in inputGates */
  THTensor *gh = TENSOR(TH_Float64, SIZES(2, 2), VALUES(0.3, -1.1, 0.8, 0.5));
  THTensor *gg = THTensor_new(TH_Float64), *gcx = THTensor_new(TH_Float64);
  CHECK_OK(THNN_FusedLSTMCell_updateGradInput(gh, NULL, cx, cy, ws, gg, gcx));
  for (int j = 0; j < 16; j++) {
    double keep = th_at(ig, j), e = 1e-6, l[2];
    for (int s = 0; s < 2; s++) {
      th_set(ig, j, keep + (s ? -e : e));
      THTensor *h2 = THTensor_new(TH_Float64), *c2 = THTensor_new(TH_Float64), *w2 = THTensor_new(TH_Float64);
      THNN_FusedLSTMCell_updateOutput(ig, hg, cx, ib, hb, h2, c2, w2);
      l[s] = 0;
      for (int i = 0; i < 4; i++) l[s] += th_at(gh, i) * th_at(h2, i);
      THTensor_free(h2), THTensor_free(c2), THTensor_free(w2);
    }
    th_set(ig, j, keep);
    CHECK_NEAR(th_at(gg, j), (l[0] - l[1]) / (2 * e), 1e-8);
  }
  /* gradBias accumulates the batch sum of gradGates */
  THTensor *gb = THTensor_newWithSize(TH_Float64, 1, (int64_t[]){8});
  THTensor_fill(gb, 1);
  CHECK_OK(THNN_FusedLSTMCell_accGradParameters(gg, gb, 2.0));
  for (int k = 0; k < 8; k++) CHECK_NEAR(th_at(gb, k), 1 + 2 * (th_at(gg, k) + th_at(gg, 8 + k)), 1e-14);
  /* non-contiguous gates give the same result */
  THTensor *igT = THTensor_newTranspose(ig, 0, 1), *igTc = THTensor_newContiguous(igT), *igNc = THTensor_newTranspose(igTc, 0, 1);
  THTensor *hy2 = THTensor_new(TH_Float64), *cy2 = THTensor_new(TH_Float64), *ws2 = THTensor_new(TH_Float64);
  CHECK_OK(THNN_FusedLSTMCell_updateOutput(igNc, hg, cx, ib, hb, hy2, cy2, ws2));
  for (int i = 0; i < 4; i++) CHECK_NEAR(th_at(hy2, i), th_at(hy, i), 0);
  THTensor_free(igT), THTensor_free(igTc), THTensor_free(igNc), THTensor_free(hy2), THTensor_free(cy2), THTensor_free(ws2);
  THTensor_free(ig), THTensor_free(hg), THTensor_free(cx), THTensor_free(ib), THTensor_free(hb), THTensor_free(hy);
  THTensor_free(cy), THTensor_free(ws), THTensor_free(gh), THTensor_free(gg), THTensor_free(gcx), THTensor_free(gb);
}

static void test_gru(void) {
  THTensor *ig = TENSOR(TH_Float32, SIZES(1, 3), VALUES(0.2, -0.4, 0.9)), *hg = TENSOR(TH_Float32, SIZES(1, 3), VALUES(-0.3, 0.6, 0.5));
  THTensor *hx = TENSOR(TH_Float32, SIZES(1, 1), VALUES(0.7));
  THTensor *hy = THTensor_new(TH_Float32), *ws = THTensor_new(TH_Float32);
  CHECK_OK(THNN_FusedGRUCell_updateOutput(ig, hg, hx, NULL, NULL, hy, ws));
  double r = sig(-0.1), z = sig(0.2), n = tanh(0.9 + r * 0.5);
  CHECK_NEAR(th_at(hy, 0), (1 - z) * n + z * 0.7, 1e-6);
  CHECK_VALUES(ws, 1e-6, r, z, n, 0.7, 0.5);
  THTensor *gh = TENSOR(TH_Float32, SIZES(1, 1), VALUES(1));
  THTensor *gig = THTensor_new(TH_Float32), *ghg = THTensor_new(TH_Float32), *ghx = THTensor_new(TH_Float32);
  CHECK_OK(THNN_FusedGRUCell_updateGradInput(gh, ws, gig, ghg, ghx));
  double gn = (1 - z) * (1 - n * n);
  CHECK_VALUES(gig, 1e-6, gn * 0.5 * r * (1 - r), (0.7 - n) * z * (1 - z), gn);
  CHECK_VALUES(ghg, 1e-6, gn * 0.5 * r * (1 - r), (0.7 - n) * z * (1 - z), gn * r);
  CHECK_VALUES(ghx, 1e-6, z);
  THTensor *gib = THTensor_newWithSize(TH_Float32, 1, (int64_t[]){3}), *ghb = THTensor_newWithSize(TH_Float32, 1, (int64_t[]){3});
  THTensor_zero(gib), THTensor_zero(ghb);
  CHECK_OK(THNN_FusedGRUCell_accGradParameters(gig, ghg, gib, ghb, 1.0));
  CHECK_VALUES(ghb, 1e-6, gn * 0.5 * r * (1 - r), (0.7 - n) * z * (1 - z), gn * r);
  THTensor_free(ig), THTensor_free(hg), THTensor_free(hx), THTensor_free(hy), THTensor_free(ws), THTensor_free(gh);
  THTensor_free(gig), THTensor_free(ghg), THTensor_free(ghx), THTensor_free(gib), THTensor_free(ghb);
}

static void test_errors(void) {
  THTensor *g = THTensor_newWithSize(TH_Float64, 2, (int64_t[]){2, 6}), *c = THTensor_newWithSize(TH_Float64, 2, (int64_t[]){2, 2});
  THTensor *b = THTensor_newWithSize(TH_Float64, 1, (int64_t[]){6}), *y = THTensor_new(TH_Float64), *y2 = THTensor_new(TH_Float64);
  THTensor *w = THTensor_new(TH_Float64), *i64 = THTensor_new(TH_Int64);
  THTensor_zero(g), THTensor_zero(c), THTensor_zero(b);
  CHECK_ERR(THNN_FusedLSTMCell_updateOutput(g, g, c, NULL, NULL, y, y2, w), "expected inputGates's size(1) to be a multiple of 4");
  CHECK_ERR(THNN_FusedGRUCell_updateOutput(g, g, c, b, NULL, y, w), "inputBias and hiddenBias must both be given or both be null");
  CHECK_ERR(THNN_FusedGRUCell_updateOutput(g, g, g, NULL, NULL, y, w), "fusedGruCell: expected hx to have shape [2, 2], but got [2, 6]");
  CHECK_ERR(THNN_FusedGRUCell_updateOutput(g, g, c, NULL, NULL, i64, w), "expected hy to be a float64 tensor, but got int64");
  CHECK_ERR(THNN_FusedGRUCell_updateOutput(NULL, g, c, NULL, NULL, y, w), "fusedGruCell: inputGates is NULL");
  CHECK_ERR(THNN_FusedGRUCell_updateGradInput(c, g, y, y2, w), "expected workspace's size(1) to be a multiple of 5");
  CHECK_ERR(THNN_FusedLSTMCell_accGradParameters(g, b, 1), "expected gradGates's size(1) to be a multiple of 4");
  THTensor_free(g), THTensor_free(c), THTensor_free(b), THTensor_free(y), THTensor_free(y2), THTensor_free(w), THTensor_free(i64);
}

int main(void) {
  RUN_TEST(test_lstm);
  RUN_TEST(test_gru);
  RUN_TEST(test_errors);
  return TH_TEST_RESULT();
}
