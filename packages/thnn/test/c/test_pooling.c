/* libTHNN pooling from C: hand-computed values, max and average pooling against a naive reference
 * (PyTorch's loops) over many geometries in float32 and float64, adaptive pooling, fractional
 * pooling's windows, max unpooling, non-contiguous tensors, and error paths. */
#include "THNN/THNN.h"
#include "th_test.h"

static THTensor *ramp(THDType dt, int ndim, const int64_t *sizes, double scale) {
  THTensor *t = THTensor_newWithSize(dt, ndim, sizes);
  int64_t n = THTensor_numel(t);
  /* distinct values in a scrambled order */
  for (int64_t i = 0; i < n; i++) th_set(t, i, scale * sin(1.7 * (double)i + 0.3) + 1e-3 * (double)i);
  return t;
}

static void test_max_values(void) {
  THTensor *x = THTensor_newWithSize(TH_Float64, 4, (const int64_t[]){1, 1, 4, 4});
  for (int i = 0; i < 16; i++) th_set(x, i, i);
  th_set(x, 2, NAN);
  THTensor *y = THTensor_new(TH_Float64), *ind = THTensor_new(TH_Int64);
  const int64_t k[2] = {2, 2}, pad0[2] = {0, 0}, one[2] = {1, 1};
  CHECK_OK(THNN_MaxPool_updateOutput(2, x, y, ind, k, k, pad0, one, 0));
  CHECK_SHAPE(y, 4, 1, 1, 2, 2);
  CHECK_VALUES(y, 0, 5, NAN, 13, 15);
  CHECK_VALUES(ind, 0, 5, 2, 13, 15);
  /* backward: gradOutput lands at the indices */
  THTensor *g = TENSOR(TH_Float64, SIZES(1, 1, 2, 2), VALUES(1, 2, 3, 4)), *gi = THTensor_new(TH_Float64);
  CHECK_OK(THNN_MaxPool_updateGradInput(2, x, g, gi, ind, k, k, pad0, one, 0));
  CHECK_VALUES(gi, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 4);
  /* without indices */
  CHECK_OK(THNN_MaxPool_updateOutput(2, x, y, NULL, k, k, pad0, one, 0));
  CHECK_VALUES(y, 0, 5, NAN, 13, 15);
  /* 1-d, ceil mode and padding: windows [-1, 1], [1, 3], [3, 5) over 0..4 */
  THTensor *v = TENSOR(TH_Float32, SIZES(1, 5), VALUES(3, 1, 4, 1, 5)), *vy = THTensor_new(TH_Float32);
  const int64_t k3[1] = {3}, s2[1] = {2}, p1[1] = {1}, d1[1] = {1};
  CHECK_OK(THNN_MaxPool_updateOutput(1, v, vy, ind, k3, s2, p1, d1, 1));
  CHECK_SHAPE(vy, 2, 1, 3);
  CHECK_VALUES(vy, 0, 3, 4, 5);
  CHECK_VALUES(ind, 0, 0, 2, 4);
  THTensor_free(x), THTensor_free(y), THTensor_free(ind), THTensor_free(g), THTensor_free(gi);
  THTensor_free(v), THTensor_free(vy);
}

/* The reference: PyTorch's loops on a [planes, D, H, W] grid; avg: 0 = max, 1 = average. */
typedef struct Geometry {
  int nDims;
  int64_t sizes[5];
  int64_t k[3], s[3], p[3], d[3];
  int ceil, countIncludePad;
  int64_t divisor; /* 0: none */
} Geometry;

static int64_t outSize(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, int ceil) {
  int64_t num = in + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0);
  int64_t o = (num >= 0 ? num / s : -((-num + s - 1) / s)) + 1;
  if (ceil && (o - 1) * s >= in + p) o--;
  return o;
}

static void reference(const Geometry *G, const THTensor *x, int avg, double *y, int64_t *ind, int64_t *outGrid) {
  int nLead = 2, nd = G->nDims;
  int64_t planes = G->sizes[0] * G->sizes[1], in[3] = {1, 1, 1}, k[3] = {1, 1, 1}, s[3] = {1, 1, 1}, p[3] = {0, 0, 0},
          d[3] = {1, 1, 1};
  for (int j = 0; j < nd; j++) {
    int g = 3 - nd + j;
    in[g] = G->sizes[nLead + j], k[g] = G->k[j], s[g] = G->s[j], p[g] = G->p[j], d[g] = avg ? 1 : G->d[j];
  }
  for (int g = 0; g < 3; g++) outGrid[g] = outSize(in[g], k[g], s[g], p[g], d[g], G->ceil);
  int64_t inPlane = in[0] * in[1] * in[2], o = 0;
  for (int64_t pl = 0; pl < planes; pl++)
    for (int64_t a = 0; a < outGrid[0]; a++)
      for (int64_t b = 0; b < outGrid[1]; b++)
        for (int64_t c = 0; c < outGrid[2]; c++, o++) {
          int64_t st[3], en[3], cnt = 1, pos[3] = {a, b, c};
          for (int g = 0; g < 3; g++) {
            int64_t first = pos[g] * s[g] - p[g];
            if (avg) {
              int64_t e = first + k[g] < in[g] + p[g] ? first + k[g] : in[g] + p[g];
              st[g] = first < 0 ? 0 : first;
              en[g] = e < in[g] ? e : in[g];
              cnt *= G->countIncludePad ? e - first : en[g] - st[g];
            } else {
              st[g] = first;
              while (st[g] < 0) st[g] += d[g];
              int64_t e = first + (k[g] - 1) * d[g] + 1;
              en[g] = e < in[g] ? e : in[g];
            }
          }
          double best = -INFINITY, sum = 0;
          int64_t bi = (st[0] * in[1] + st[1]) * in[2] + st[2];
          for (int64_t i0 = st[0]; i0 < en[0]; i0 += d[0])
            for (int64_t i1 = st[1]; i1 < en[1]; i1 += d[1])
              for (int64_t i2 = st[2]; i2 < en[2]; i2 += d[2]) {
                int64_t idx = (i0 * in[1] + i1) * in[2] + i2;
                double v = th_at(x, pl * inPlane + idx);
                sum += v;
                if (v > best || isnan(v)) best = v, bi = idx;
              }
          int empty = st[0] >= en[0] || st[1] >= en[1] || st[2] >= en[2];
          if (avg)
            y[o] = empty ? 0 : sum / (double)(G->divisor ? G->divisor : cnt);
          else
            y[o] = best, ind[o] = bi;
        }
}

static void test_against_reference(void) {
  const Geometry geos[] = {
      {2, {2, 3, 13, 17}, {3, 3}, {2, 2}, {1, 1}, {1, 1}, 0, 1, 0},
      {2, {1, 2, 9, 70}, {2, 3}, {1, 1}, {0, 1}, {1, 2}, 1, 0, 0},
      {2, {2, 1, 8, 150}, {3, 2}, {3, 2}, {1, 1}, {2, 1}, 1, 1, 0},
      {2, {1, 3, 7, 20}, {2, 5}, {2, 3}, {1, 2}, {1, 1}, 0, 0, 3},
      {1, {3, 2, 200, 0}, {4, 0}, {3, 0}, {2, 0}, {1, 0}, 1, 0, 0},
      {1, {2, 2, 19, 0}, {3, 0}, {1, 0}, {1, 0}, {3, 0}, 0, 1, 0},
      {3, {1, 2, 5, 6, 33}, {2, 3, 3}, {2, 1, 2}, {1, 1, 1}, {1, 2, 1}, 1, 1, 0},
      {3, {2, 1, 4, 5, 9}, {3, 2, 4}, {1, 2, 4}, {1, 0, 2}, {1, 1, 1}, 0, 0, -2},
      {3, {1, 2, 7, 6, 40}, {2, 2, 3}, {1, 2, 2}, {1, 1, 1}, {2, 1, 3}, 1, 1, 0},
  };
  for (size_t gi = 0; gi < sizeof geos / sizeof geos[0]; gi++)
    for (int t = 0; t < 2; t++) {
      const Geometry *G = &geos[gi];
      THDType dt = t ? TH_Float64 : TH_Float32;
      THTensor *x = ramp(dt, G->nDims + 2, G->sizes, 4);
      THTensor *y = THTensor_new(dt), *ind = THTensor_new(TH_Int64), *ya = THTensor_new(dt);
      int64_t n = THTensor_numel(x), grid[3];
      double *want = malloc((size_t)n * 4 * sizeof(double)), *wantAvg = malloc((size_t)n * 4 * sizeof(double));
      int64_t *wantInd = malloc((size_t)n * 4 * sizeof(int64_t));
      reference(G, x, 0, want, wantInd, grid);
      CHECK_OK(THNN_MaxPool_updateOutput(G->nDims, x, y, ind, G->k, G->s, G->p, G->d, G->ceil));
      int64_t m = THTensor_numel(y);
      CHECK_EQ_INT(m, G->sizes[0] * G->sizes[1] * grid[0] * grid[1] * grid[2]);
      int bad = 0;
      for (int64_t i = 0; i < m && !bad; i++)
        if (th_at(y, i) != (double)(dt == TH_Float32 ? (float)want[i] : want[i]) || (int64_t)th_at(ind, i) != wantInd[i]) {
          TH_TEST_FAIL_("max geometry %zu %s output %lld: %g (index %lld), reference %g (index %lld)", gi,
                        t ? "float64" : "float32", (long long)i, th_at(y, i), (long long)th_at(ind, i), want[i],
                        (long long)wantInd[i]);
          bad = 1;
        }
      th_test_checks++;
      reference(G, x, 1, wantAvg, wantInd, grid);
      const int64_t *div = G->divisor ? &G->divisor : NULL;
      CHECK_OK(THNN_AvgPool_updateOutput(G->nDims, x, ya, G->k, G->s, G->p, G->ceil, G->countIncludePad, div));
      m = THTensor_numel(ya);
      CHECK_EQ_INT(m, G->sizes[0] * G->sizes[1] * grid[0] * grid[1] * grid[2]);
      bad = 0;
      for (int64_t i = 0; i < m && !bad; i++)
        if (!th_test_near(th_at(ya, i), wantAvg[i], t ? 1e-12 : 1e-5)) {
          TH_TEST_FAIL_("avg geometry %zu %s output %lld: %g, reference %g", gi, t ? "float64" : "float32", (long long)i,
                        th_at(ya, i), wantAvg[i]);
          bad = 1;
        }
      th_test_checks++;
      free(want), free(wantAvg), free(wantInd);
      THTensor_free(x), THTensor_free(y), THTensor_free(ind), THTensor_free(ya);
    }
}

static void test_avg_and_adaptive_values(void) {
  /* ones [1, 1, 4, 4], kernel 3, stride 2, pad 1, ceil mode: corner windows hold 4 of 9 (include pad) */
  THTensor *x = THTensor_newWithSize(TH_Float64, 4, (const int64_t[]){1, 1, 4, 4});
  THTensor_fill(x, 1);
  THTensor *y = THTensor_new(TH_Float64);
  const int64_t k[2] = {3, 3}, s[2] = {2, 2}, p[2] = {1, 1};
  CHECK_OK(THNN_AvgPool_updateOutput(2, x, y, k, s, p, 1, 1, NULL));
  CHECK_VALUES(y, 1e-15, 4. / 9, 6. / 9, 2. / 6, 6. / 9, 1, 3. / 6, 2. / 6, 3. / 6, 1. / 4);
  CHECK_OK(THNN_AvgPool_updateOutput(2, x, y, k, s, p, 1, 0, NULL));
  CHECK_VALUES(y, 1e-15, 1, 1, 1, 1, 1, 1, 1, 1, 1);
  /* backward of the global average: every input gets gradOutput / 16 */
  THTensor *g = TENSOR(TH_Float64, SIZES(1, 1, 1, 1), VALUES(8)), *gi = THTensor_new(TH_Float64);
  CHECK_OK(THNN_AdaptiveAvgPool_updateOutput(2, x, y, (const int64_t[]){1, 1}));
  CHECK_VALUES(y, 0, 1);
  CHECK_OK(THNN_AdaptiveAvgPool_updateGradInput(2, x, g, gi));
  CHECK_SHAPE(gi, 4, 1, 1, 4, 4);
  CHECK_NEAR(th_at(gi, 0), 0.5, 0);
  CHECK_NEAR(th_at(gi, 15), 0.5, 0);
  /* adaptive 2x3 -> 5x5: windows [floor(i n / m), ceil((i + 1) n / m)) */
  THTensor *a = TENSOR(TH_Float32, SIZES(1, 2, 3), VALUES(0, 1, 2, 3, 4, 5)), *ay = THTensor_new(TH_Float32);
  THTensor *ai = THTensor_new(TH_Int64);
  CHECK_OK(THNN_AdaptiveAvgPool_updateOutput(2, a, ay, (const int64_t[]){5, 5}));
  CHECK_SHAPE(ay, 3, 1, 5, 5);
  CHECK_VALUES(ay, 1e-6, 0, 0.5, 1, 1.5, 2, 0, 0.5, 1, 1.5, 2, 1.5, 2, 2.5, 3, 3.5, 3, 3.5, 4, 4.5, 5, 3, 3.5, 4, 4.5, 5);
  CHECK_OK(THNN_AdaptiveMaxPool_updateOutput(2, a, ay, ai, (const int64_t[]){2, 2}));
  CHECK_VALUES(ay, 0, 1, 2, 4, 5); /* windows [0, 2) and [1, 3) along W */
  CHECK_VALUES(ai, 0, 1, 2, 4, 5);
  THTensor_free(x), THTensor_free(y), THTensor_free(g), THTensor_free(gi), THTensor_free(a), THTensor_free(ay);
  THTensor_free(ai);
}

static void test_fractional_and_unpool(void) {
  /* fractional 2-d: every window lies in the input, the output is its window's max, the last
   * window ends at the input's edge */
  THTensor *x = ramp(TH_Float64, 4, (const int64_t[]){2, 3, 9, 11}, 3);
  THTensor *u = TENSOR(TH_Float64, SIZES(2, 3, 2), VALUES(0.1, 0.9, 0.5, 0.5, 0.99, 0, 1, 0.3, 0.7, 0.2, 0.4, 0.6));
  THTensor *y = THTensor_new(TH_Float64), *ind = THTensor_new(TH_Int64);
  const int64_t pool[2] = {3, 2}, size[2] = {4, 6};
  CHECK_OK(THNN_FractionalMaxPool_updateOutput(2, x, y, ind, pool, size, u));
  CHECK_SHAPE(y, 4, 2, 3, 4, 6);
  for (int64_t i = 0; i < THTensor_numel(y); i++) {
    int64_t plane = i / 24, idx = (int64_t)th_at(ind, i);
    CHECK(idx >= 0 && idx < 99);
    CHECK_NEAR(th_at(y, i), th_at(x, plane * 99 + idx), 0);
  }
  /* unpooling puts them back; its backward gathers */
  THTensor *up = THTensor_new(TH_Float64), *g = THTensor_new(TH_Float64);
  CHECK_OK(THNN_MaxUnpool_updateOutput(2, y, ind, up, (const int64_t[]){9, 11}));
  CHECK_SHAPE(up, 4, 2, 3, 9, 11);
  for (int64_t i = 0; i < THTensor_numel(y); i++)
    CHECK_NEAR(th_at(up, i / 24 * 99 + (int64_t)th_at(ind, i)), th_at(y, i), 0);
  CHECK_OK(THNN_MaxUnpool_updateGradInput(2, ind, up, g));
  CHECK_SHAPE(g, 4, 2, 3, 4, 6);
  for (int64_t i = 0; i < THTensor_numel(y); i++) CHECK_NEAR(th_at(g, i), th_at(y, i), 0);
  /* the backward of fractional pooling scatters to the same places */
  THTensor *gi = THTensor_new(TH_Float64);
  CHECK_OK(THNN_FractionalMaxPool_updateGradInput(2, x, y, gi, ind));
  double total = 0, want = 0;
  for (int64_t i = 0; i < THTensor_numel(gi); i++) total += th_at(gi, i);
  for (int64_t i = 0; i < THTensor_numel(y); i++) want += th_at(y, i);
  CHECK_NEAR(total, want, 1e-9);
  THTensor_free(x), THTensor_free(u), THTensor_free(y), THTensor_free(ind), THTensor_free(up), THTensor_free(g);
  THTensor_free(gi);
}

static void test_non_contiguous(void) {
  /* a transposed input and a transposed output of the right shape give the contiguous results */
  THTensor *base = ramp(TH_Float32, 4, (const int64_t[]){2, 3, 10, 12}, 2);
  THTensor *t = THTensor_newTranspose(base, 2, 3), *tc = THTensor_newContiguous(t);
  THTensor *yc = THTensor_new(TH_Float32), *ic = THTensor_new(TH_Int64);
  const int64_t k[2] = {3, 2}, s[2] = {2, 2}, p[2] = {1, 0}, d[2] = {1, 1};
  CHECK_OK(THNN_MaxPool_updateOutput(2, tc, yc, ic, k, s, p, d, 0));
  THTensor *outBase = THTensor_newWithSize(TH_Float32, 4, (const int64_t[]){2, 3, 5, 6});
  THTensor *out = THTensor_newTranspose(outBase, 2, 3); /* [2, 3, 6, 5], strided */
  THTensor *ind = THTensor_new(TH_Int64);
  CHECK_OK(THNN_MaxPool_updateOutput(2, t, out, ind, k, s, p, d, 0));
  CHECK(!THTensor_isContiguous(out));
  for (int64_t i = 0; i < THTensor_numel(yc); i++) {
    CHECK_NEAR(th_at(out, i), th_at(yc, i), 0);
    CHECK_NEAR(th_at(ind, i), th_at(ic, i), 0);
  }
  THTensor_free(base), THTensor_free(t), THTensor_free(tc), THTensor_free(yc), THTensor_free(ic);
  THTensor_free(outBase), THTensor_free(out), THTensor_free(ind);
}

static void test_errors(void) {
  THTensor *x = THTensor_newWithSize(TH_Float64, 4, (const int64_t[]){1, 2, 4, 4});
  THTensor_fill(x, 1);
  THTensor *y = THTensor_new(TH_Float64), *ind = THTensor_new(TH_Int64), *i32 = THTensor_new(TH_Int32);
  THTensor *xi = THTensor_newWithSize(TH_Int64, 3, (const int64_t[]){2, 4, 4});
  const int64_t k[3] = {2, 2, 2}, z[3] = {0, 0, 0}, one[3] = {1, 1, 1}, big[2] = {5, 5}, neg[2] = {-1, 2};
  CHECK_ERR(THNN_MaxPool_updateOutput(2, NULL, y, ind, k, k, z, one, 0), "maxPool2d: the input tensor is NULL");
  CHECK_ERR(THNN_MaxPool_updateOutput(4, x, y, ind, k, k, z, one, 0), "expected 1, 2 or 3 spatial dims, but got 4");
  CHECK_ERR(THNN_MaxPool_updateOutput(1, x, y, ind, k, k, z, one, 0), "maxPool1d: Expected 2D or 3D (batch mode) tensor");
  CHECK_ERR(THNN_MaxPool_updateOutput(2, xi, y, ind, k, k, z, one, 0),
            "expected input to be a float32 or float64 tensor, but got int64");
  CHECK_ERR(THNN_MaxPool_updateOutput(2, x, y, i32, k, k, z, one, 0),
            "maxPool2d: expected indices to be an int64 tensor, but got int32");
  CHECK_ERR(THNN_MaxPool_updateOutput(2, x, y, ind, NULL, k, z, one, 0), "kernel, stride and padding must not be NULL");
  CHECK_ERR(THNN_MaxPool_updateOutput(2, x, y, ind, z, k, z, one, 0),
            "kernel size should be greater than zero, but got kH: 0 kW: 0");
  CHECK_ERR(THNN_AvgPool_updateOutput(2, x, y, big, one, z, 0, 1, NULL), "Output size is too small");
  CHECK_ERR(THNN_AvgPool_updateOutput(2, x, y, k, k, z, 0, 1, &z[0]), "avgPool2d: divisor must be not zero");
  CHECK_ERR(THNN_AdaptiveAvgPool_updateOutput(2, x, y, neg), "received {-1, 2}");
  CHECK_ERR(THNN_FractionalMaxPool_updateOutput(1, x, y, ind, k, k, x), "expected 2 or 3 spatial dims, but got 1");
  CHECK_ERR(THNN_FractionalMaxPool_updateOutput(2, x, y, ind, k, k, NULL), "the randomSamples tensor is NULL");
  /* indices out of range */
  CHECK_OK(THNN_MaxPool_updateOutput(2, x, y, ind, k, k, z, one, 0));
  th_set(ind, 3, 16);
  THTensor *gi = THTensor_new(TH_Float64), *up = THTensor_new(TH_Float64);
  CHECK_ERR(THNN_MaxPool_updateGradInput(2, x, y, gi, ind, k, k, z, one, 0),
            "maxPool2dBackward: index 16 is out of range for an input plane of size 4x4 (expected 0 <= index < 16)");
  CHECK_ERR(THNN_MaxUnpool_updateOutput(2, y, ind, up, (const int64_t[]){4, 4}),
            "maxUnpool2d: Found an invalid max index: 16 (output volumes are of size 4x4)");
  th_set(ind, 3, -3);
  CHECK_ERR(THNN_MaxUnpool_updateGradInput(2, ind, x, gi), "maxUnpool2dBackward: Found an invalid max index: -3");
  CHECK_ERR(THNN_AdaptiveMaxPool_updateGradInput(2, x, y, gi, i32), "expected indices to be an int64 tensor, but got int32");
  /* a gradOutput of the wrong shape */
  CHECK_ERR(THNN_AvgPool_updateGradInput(2, x, x, gi, k, k, z, 0, 1, NULL),
            "avgPool2dBackward: expected gradOutput of shape [1, 2, 2, 2], but got [1, 2, 4, 4]");
  THTensor_free(x), THTensor_free(y), THTensor_free(ind), THTensor_free(i32), THTensor_free(xi), THTensor_free(gi);
  THTensor_free(up);
}

int main(void) {
  RUN_TEST(test_max_values);
  RUN_TEST(test_against_reference);
  RUN_TEST(test_avg_and_adaptive_values);
  RUN_TEST(test_fractional_and_unpool);
  RUN_TEST(test_non_contiguous);
  RUN_TEST(test_errors);
  return TH_TEST_RESULT();
}
