/* libTHNN losses from C: values against hand computations, strided inputs and outputs, the
 * spatial cross-entropy against its 2-d form, CTC on a case small enough to enumerate, and error
 * paths (run under ASan/UBSan too). */
#include "THNN/THNN.h"
#include "th_test.h"

static THTensor *scalar(double v) { return THTensor_newScalar(TH_Float64, v); }

static void test_pointwise(void) {
  THTensor *x = TENSOR(TH_Float64, SIZES(2, 2), VALUES(1, 2, 3, 4)), *y = TENSOR(TH_Float64, SIZES(2, 2), VALUES(0, 4, 3, 5));
  THTensor *out = THTensor_new(TH_Float64), *gi = THTensor_new(TH_Float64), *gt = THTensor_new(TH_Float64);
  CHECK_OK(THNN_MSECriterion_updateOutput(x, y, out, THNN_ReductionMean));
  CHECK_EQ_INT(THTensor_ndim(out), 0);
  CHECK_NEAR(th_at(out, 0), (1 + 4 + 0 + 1) / 4.0, 1e-15);
  CHECK_OK(THNN_MSECriterion_updateOutput(x, y, out, THNN_ReductionNone));
  CHECK_VALUES(out, 0, 1, 4, 0, 1);
  THTensor *g = scalar(2);
  CHECK_OK(THNN_MSECriterion_updateGradInput(x, y, g, gi, gt, THNN_ReductionSum));
  CHECK_VALUES(gi, 1e-15, 4, -8, 0, -4);
  CHECK_VALUES(gt, 1e-15, -4, 8, 0, 4);
  /* a transposed input, written into a transposed output */
  THTensor *xt = THTensor_newTranspose(x, 0, 1), *yt = THTensor_newTranspose(y, 0, 1);
  THTensor *base = THTensor_newWithSize(TH_Float64, 2, (const int64_t[]){2, 2}), *strided = THTensor_newTranspose(base, 0, 1);
  CHECK_OK(THNN_AbsCriterion_updateOutput(xt, yt, strided, THNN_ReductionNone));
  CHECK_VALUES(strided, 0, 1, 0, 2, 1); /* |x^T - y^T| */
  CHECK_VALUES(base, 0, 1, 2, 0, 1);
  /* the table: names, defaults, an invalid kind */
  CHECK(strcmp(THNN_PointwiseLoss_name(THNN_PointwiseLoss_BCEWithLogits), "binaryCrossEntropyWithLogits") == 0);
  CHECK(THNN_PointwiseLoss_name(THNN_NumPointwiseLosses) == NULL);
  double p[THNN_POINTWISE_LOSS_MAX_PARAMS];
  CHECK_OK(THNN_PointwiseLoss_defaults(THNN_PointwiseLoss_PoissonNLL, p));
  CHECK_NEAR(p[0], 1, 0);
  CHECK_NEAR(p[1], 0, 0);
  CHECK_NEAR(p[2], 1e-8, 0);
  CHECK_ERR(THNN_PointwiseLoss_updateOutput((THNNPointwiseLoss)99, x, y, NULL, NULL, out, THNN_ReductionMean, NULL),
            "invalid loss kind 99");
  /* gaussianNll with one variance per row: its gradient is summed over the row */
  THTensor *var = TENSOR(TH_Float64, SIZES(2, 1), VALUES(0.5, 2)), *gv = THTensor_new(TH_Float64);
  CHECK_OK(THNN_GaussianNLLCriterion_updateOutput(x, y, var, out, THNN_ReductionSum, 0, 1e-6));
  double want = 0.5 * (2 * log(0.5) + 5 / 0.5) + 0.5 * (2 * log(2.0) + 1 / 2.0);
  CHECK_NEAR(th_at(out, 0), want, 1e-13);
  CHECK_OK(THNN_GaussianNLLCriterion_updateGradInput(x, y, var, g, gi, gt, gv, THNN_ReductionSum, 0, 1e-6));
  CHECK_SHAPE(gv, 2, 2, 1);
  CHECK_VALUES(gv, 1e-13, 2 * 0.5 * (2 / 0.5 - 5 / 0.25), 2 * 0.5 * (2 / 2.0 - 1 / 4.0));
  /* bce's input range, and the kernels' own checks */
  THTensor *p2 = VEC(TH_Float64, 0.5, 1.25);
  CHECK_ERR(THNN_BCECriterion_updateOutput(p2, p2, out, THNN_ReductionMean, NULL), "between 0 and 1, but got 1.25");
  CHECK_ERR(THNN_SoftMarginCriterion_updateGradInput(x, y, g, gi, THNN_ReductionMean + 5), "invalid reduction 6");
  CHECK_ERR(THNN_PointwiseLoss_updateGradInput(THNN_PointwiseLoss_SoftMargin, x, y, NULL, NULL, g, gi, gt, NULL,
                                               THNN_ReductionMean, NULL),
            "softMarginLossBackward: the target has no gradient");
  CHECK_ERR(THNN_MSECriterion_updateOutput(x, p2, out, THNN_ReductionMean), "expected target to have the shape of input [2, 2]");
  THTensor *tiny = THTensor_newScalar(TH_Float32, 1);
  CHECK_ERR(THNN_MSECriterion_updateGradInput(x, y, tiny, gi, NULL, THNN_ReductionMean),
            "expected gradOutput to have the dtype of input (float64), but got float32");
  THTensor *objs[] = {x, y, out, gi, gt, g, xt, yt, base, strided, var, gv, p2, tiny};
  for (size_t k = 0; k < sizeof objs / sizeof *objs; k++) THTensor_free(objs[k]);
}

static void test_nll_and_cross_entropy(void) {
  THTensor *lp = TENSOR(TH_Float64, SIZES(3, 3), VALUES(-1, -2, -3, -4, -5, -6, -7, -8, -9));
  THTensor *t = VEC(TH_Int64, 2, -100, 0), *w = VEC(TH_Float64, 1, 2, 3);
  THTensor *out = THTensor_new(TH_Float64), *tw = THTensor_new(TH_Float64), *gi = THTensor_new(TH_Float64);
  CHECK_OK(THNN_ClassNLLCriterion_updateOutput(lp, t, out, THNN_ReductionMean, w, tw, -100));
  CHECK_NEAR(th_at(tw, 0), 4, 0);
  CHECK_NEAR(th_at(out, 0), (3 * 3 + 1 * 7) / 4.0, 1e-15);
  THTensor *g = scalar(1);
  CHECK_OK(THNN_ClassNLLCriterion_updateGradInput(lp, t, g, gi, THNN_ReductionMean, w, tw, -100));
  CHECK_VALUES(gi, 1e-15, 0, 0, -0.75, 0, 0, 0, -0.25, 0, 0);
  THTensor *bad = VEC(TH_Int64, 2, 3, 0);
  CHECK_ERR(THNN_ClassNLLCriterion_updateOutput(lp, bad, out, THNN_ReductionMean, NULL, tw, -100),
            "nllLoss: target 3 is out of bounds (expected 0 <= target < 3)");
  THTensor *ti = THTensor_newTo(t, TH_Int32, 1);
  CHECK_ERR(THNN_ClassNLLCriterion_updateOutput(lp, ti, out, THNN_ReductionMean, NULL, tw, -100),
            "expected target (class indices) to be an int64 tensor, but got int32");
  /* cross-entropy of one row by hand: loss = lse - x_t, gradient softmax - onehot */
  THTensor *x = TENSOR(TH_Float32, SIZES(1, 3), VALUES(1, 2, 3)), *t1 = VEC(TH_Int64, 0);
  THTensor *o32 = THTensor_new(TH_Float32), *lse = THTensor_new(TH_Float32), *tw32 = THTensor_new(TH_Float32);
  THTensor *gi32 = THTensor_new(TH_Float32), *g32 = THTensor_newScalar(TH_Float32, 1);
  CHECK_OK(THNN_CrossEntropyCriterion_updateOutput(x, t1, o32, lse, tw32, THNN_ReductionSum, NULL, -100, 0));
  double s = exp(1.0) + exp(2.0) + exp(3.0);
  CHECK_NEAR(th_at(lse, 0), log(s), 1e-6);
  CHECK_NEAR(th_at(o32, 0), log(s) - 1, 1e-6);
  CHECK_OK(THNN_CrossEntropyCriterion_updateGradInput(x, t1, g32, lse, tw32, gi32, NULL, THNN_ReductionSum, NULL, -100, 0));
  CHECK_VALUES(gi32, 1e-6, exp(1.0) / s - 1, exp(2.0) / s, exp(3.0) / s);
  CHECK_ERR(THNN_CrossEntropyCriterion_updateGradInput(x, t1, g32, lse, tw32, gi32, gi32, THNN_ReductionSum, NULL, -100, 0),
            "class-index targets have no gradient");
  THTensor *objs[] = {lp, t, w, out, tw, gi, g, bad, ti, x, t1, o32, lse, tw32, gi32, g32};
  for (size_t k = 0; k < sizeof objs / sizeof *objs; k++) THTensor_free(objs[k]);
}

/* [N, C, L] cross-entropy equals the [N*L, C] one of its class-last rows. */
static void test_spatial_cross_entropy(void) {
  const int64_t N = 2, C = 11, L = 3;
  THTensor *x = THTensor_newWithSize(TH_Float32, 3, (const int64_t[]){N, C, L}), *t = THTensor_newWithSize(TH_Int64, 2, (const int64_t[]){N, L});
  for (int i = 0; i < N * C * L; i++) th_set(x, i, 4 * sin(i * 0.7));
  for (int i = 0; i < N * L; i++) th_set(t, i, (i * 5) % C);
  THTensor *rowsView = THTensor_newPermute(x, 3, (const int64_t[]){0, 2, 1});
  THTensor *rows = THTensor_newReshape(rowsView, 2, (const int64_t[]){N * L, C});
  THTensor *t2 = THTensor_newReshape(t, 1, (const int64_t[]){N * L});
  THTensor *o1 = THTensor_new(TH_Float32), *o2 = THTensor_new(TH_Float32), *l1 = THTensor_new(TH_Float32), *l2 = THTensor_new(TH_Float32);
  THTensor *w1 = THTensor_new(TH_Float32), *w2 = THTensor_new(TH_Float32), *g1 = THTensor_new(TH_Float32), *g2 = THTensor_new(TH_Float32);
  THTensor *go = THTensor_newScalar(TH_Float32, 1);
  CHECK_OK(THNN_CrossEntropyCriterion_updateOutput(x, t, o1, l1, w1, THNN_ReductionMean, NULL, -100, 0.1));
  CHECK_OK(THNN_CrossEntropyCriterion_updateOutput(rows, t2, o2, l2, w2, THNN_ReductionMean, NULL, -100, 0.1));
  CHECK_NEAR(th_at(o1, 0), th_at(o2, 0), 1e-6);
  CHECK_SHAPE(l1, 2, N, L);
  for (int i = 0; i < N * L; i++) CHECK_NEAR(th_at(l1, i), th_at(l2, i), 1e-6);
  CHECK_OK(THNN_CrossEntropyCriterion_updateGradInput(x, t, go, l1, w1, g1, NULL, THNN_ReductionMean, NULL, -100, 0.1));
  CHECK_OK(THNN_CrossEntropyCriterion_updateGradInput(rows, t2, go, l2, w2, g2, NULL, THNN_ReductionMean, NULL, -100, 0.1));
  CHECK_SHAPE(g1, 3, N, C, L);
  for (int n = 0; n < N; n++)
    for (int c = 0; c < C; c++)
      for (int l = 0; l < L; l++) CHECK_NEAR(th_at(g1, (n * C + c) * L + l), th_at(g2, (n * L + l) * C + c), 1e-7);
  THTensor *objs[] = {x, t, rowsView, rows, t2, o1, o2, l1, l2, w1, w2, g1, g2, go};
  for (size_t k = 0; k < sizeof objs / sizeof *objs; k++) THTensor_free(objs[k]);
}

static void test_margins(void) {
  THTensor *x = TENSOR(TH_Float64, SIZES(1, 3), VALUES(0.5, 0.2, 1.0)), *t = VEC(TH_Int64, 0), *out = THTensor_new(TH_Float64);
  CHECK_OK(THNN_MultiMarginCriterion_updateOutput(x, t, out, THNN_ReductionNone, 1, NULL, 1));
  CHECK_VALUES(out, 1e-15, ((1 - 0.5 + 0.2) + (1 - 0.5 + 1.0)) / 3);
  THTensor *mt = TENSOR(TH_Int64, SIZES(1, 3), VALUES(2, -1, 0)), *it = THTensor_new(TH_Float64);
  CHECK_OK(THNN_MultiLabelMarginCriterion_updateOutput(x, mt, out, it, THNN_ReductionSum));
  CHECK_NEAR(th_at(out, 0), ((1 - 1.0 + 0.5) + (1 - 1.0 + 0.2)) / 3, 1e-15);
  CHECK_VALUES(it, 0, 0, 0, 1);
  THTensor *a = TENSOR(TH_Float64, SIZES(1, 2), VALUES(0, 0)), *pp = TENSOR(TH_Float64, SIZES(1, 2), VALUES(3, 4));
  THTensor *n = TENSOR(TH_Float64, SIZES(1, 2), VALUES(1, 0));
  CHECK_OK(THNN_TripletMarginCriterion_updateOutput(a, pp, n, out, THNN_ReductionMean, 1, 2, 0, 0));
  CHECK_NEAR(th_at(out, 0), 1 + 5 - 1, 1e-15);
  CHECK_OK(THNN_TripletMarginCriterion_updateOutput(a, pp, n, out, THNN_ReductionMean, 1, INFINITY, 0, 1));
  CHECK_NEAR(th_at(out, 0), 1 + 4 - 1, 1e-15); /* swap: min(d(a, n) = 1, d(p, n) = 4) */
  CHECK_ERR(THNN_TripletMarginCriterion_updateOutput(a, pp, x, out, THNN_ReductionMean, 1, 2, 0, 0),
            "expected negative to have the shape of anchor [1, 2], but got [1, 3]");
  THTensor *objs[] = {x, t, out, mt, it, a, pp, n};
  for (size_t k = 0; k < sizeof objs / sizeof *objs; k++) THTensor_free(objs[k]);
}

/* T = 2, one label 1 (blank 0): the paths are "1 1", "0 1", "1 0". */
static void test_ctc(void) {
  double p[2][2] = {{0.6, 0.4}, {0.3, 0.7}};
  THTensor *lp = THTensor_newWithSize(TH_Float64, 3, (const int64_t[]){2, 1, 2});
  for (int i = 0; i < 4; i++) th_set(lp, i, log(p[i / 2][i % 2]));
  THTensor *tg = TENSOR(TH_Int64, SIZES(1, 1), VALUES(1)), *il = VEC(TH_Int64, 2), *tl = VEC(TH_Int64, 1);
  THTensor *out = THTensor_new(TH_Float64), *nll = THTensor_new(TH_Float64), *alpha = THTensor_new(TH_Float64);
  CHECK_OK(THNN_CTCCriterion_updateOutput(lp, tg, il, tl, out, nll, alpha, THNN_ReductionSum, 0, 0));
  double like = 0.4 * 0.7 + 0.6 * 0.7 + 0.4 * 0.3;
  CHECK_NEAR(th_at(out, 0), -log(like), 1e-14);
  CHECK_SHAPE(alpha, 3, 1, 2, 3);
  THTensor *g = scalar(1), *gi = THTensor_new(TH_Float64);
  CHECK_OK(THNN_CTCCriterion_updateGradInput(lp, tg, il, tl, g, nll, alpha, gi, NULL, THNN_ReductionSum, 0, 0));
  /* d(-log like)/d lp as PyTorch returns it: p - (occupancy of each label) */
  double occ10 = 0.6 * 0.7 / like, occ11 = (0.4 * 0.7 + 0.4 * 0.3) / like;
  double occ20 = 0.4 * 0.3 / like, occ21 = (0.4 * 0.7 + 0.6 * 0.7) / like;
  CHECK_VALUES(gi, 1e-14, 0.6 - occ10, 0.4 - occ11, 0.3 - occ20, 0.7 - occ21);
  THTensor *il3 = VEC(TH_Int64, 3);
  CHECK_ERR(THNN_CTCCriterion_updateOutput(lp, tg, il3, tl, out, nll, alpha, THNN_ReductionSum, 0, 0),
            "ctcLoss: input length 3 of sample 0 is out of range (expected 0 <= length <= T = 2)");
  CHECK_ERR(THNN_CTCCriterion_updateOutput(lp, tg, il, tl, NULL, nll, alpha, THNN_ReductionSum, 0, 0), "is NULL");
  THTensor *objs[] = {lp, tg, il, tl, out, nll, alpha, g, gi, il3};
  for (size_t k = 0; k < sizeof objs / sizeof *objs; k++) THTensor_free(objs[k]);
}

/* Every kernel once per dtype and reduction on strided inputs (for the sanitizers): each call
 * succeeds and gives finite results. */
static int allFinite(const THTensor *t) {
  for (int64_t i = 0; i < THTensor_numel(t); i++)
    if (!isfinite(th_at(t, i))) return 0;
  return 1;
}

static void test_every_kernel(void) {
  const THDType dtypes[2] = {TH_Float32, TH_Float64};
  for (int d = 0; d < 2; d++) {
    THDType dt = dtypes[d];
    THTensor *wide = THTensor_newWithSize(dt, 2, (const int64_t[]){4, 10}), *wide2 = THTensor_newWithSize(dt, 2, (const int64_t[]){4, 10});
    for (int i = 0; i < 40; i++) th_set(wide, i, 0.1 + 0.8 * (0.5 + 0.5 * sin(i * 1.3))), th_set(wide2, i, 0.5 + 0.4 * cos(i * 0.9));
    THTensor *x = THTensor_newSlice(wide, 1, 0, 10, 2), *y = THTensor_newSlice(wide2, 1, 1, 10, 2); /* [4, 5], strided */
    THTensor *w = THTensor_newWithSize(dt, 1, (const int64_t[]){5}), *sign = THTensor_newWithSize(dt, 2, (const int64_t[]){4, 5});
    for (int i = 0; i < 5; i++) th_set(w, i, 0.5 + i);
    for (int i = 0; i < 20; i++) th_set(sign, i, i % 3 ? 1 : -1);
    THTensor *out = THTensor_new(dt), *gi = THTensor_new(dt), *gt = THTensor_new(dt), *ge = THTensor_new(dt);
    for (int r = 0; r < 3; r++) {
      THNNReduction red = (THNNReduction)r;
      THTensor *g = red == THNN_ReductionNone ? THTensor_newClone(y) : THTensor_newScalar(dt, 0.7);
      for (int k = 0; k < THNN_NumPointwiseLosses; k++) {
        THNNPointwiseLoss kind = (THNNPointwiseLoss)k;
        const THTensor *target = kind == THNN_PointwiseLoss_SoftMargin || kind == THNN_PointwiseLoss_HingeEmbedding ? sign : y;
        const THTensor *e1 = kind == THNN_PointwiseLoss_BCE || kind == THNN_PointwiseLoss_BCEWithLogits ||
                                     kind == THNN_PointwiseLoss_GaussianNLL ? w
                             : kind == THNN_PointwiseLoss_MarginRanking ? sign : NULL;
        const THTensor *e2 = kind == THNN_PointwiseLoss_BCEWithLogits ? w : NULL;
        int hasTarget = kind != THNN_PointwiseLoss_SoftMargin && kind != THNN_PointwiseLoss_HingeEmbedding;
        int hasExtra = kind == THNN_PointwiseLoss_GaussianNLL || kind == THNN_PointwiseLoss_MarginRanking;
        CHECK_OK(THNN_PointwiseLoss_updateOutput(kind, x, target, e1, e2, out, red, NULL));
        CHECK(allFinite(out));
        CHECK_OK(THNN_PointwiseLoss_updateGradInput(kind, x, target, e1, e2, g, gi, hasTarget ? gt : NULL,
                                                    hasExtra ? ge : NULL, red, NULL));
        CHECK(allFinite(gi));
      }
      THTensor *cls = VEC(TH_Int64, 0, 4, 2, 1), *mlt = TENSOR(TH_Int64, SIZES(4, 5), VALUES(1, 3, -1, 0, 0, 4, -1, 0, 0, 0, 0, 1, 2, 3, 4, -1, 0, 0, 0, 0));
      THTensor *gs = red == THNN_ReductionNone ? THTensor_newWithSize(dt, 1, (const int64_t[]){4}) : THTensor_newScalar(dt, 0.7);
      for (int i = 0; red == THNN_ReductionNone && i < 4; i++) th_set(gs, i, 0.3 * i - 0.4);
      THTensor *lse = THTensor_new(dt), *tw = THTensor_new(dt), *it = THTensor_new(dt), *g3 = THTensor_new(dt);
      CHECK_OK(THNN_CrossEntropyCriterion_updateOutput(x, cls, out, lse, tw, red, w, -100, 0.2));
      CHECK_OK(THNN_CrossEntropyCriterion_updateGradInput(x, cls, gs, lse, tw, gi, NULL, red, w, -100, 0.2));
      CHECK(allFinite(gi));
      CHECK_OK(THNN_CrossEntropyCriterion_updateOutput(x, y, out, lse, tw, red, w, -100, 0.2));
      CHECK_OK(THNN_CrossEntropyCriterion_updateGradInput(x, y, gs, lse, tw, gi, gt, red, w, -100, 0.2));
      CHECK(allFinite(gi) && allFinite(gt));
      CHECK_OK(THNN_MultiMarginCriterion_updateOutput(x, cls, out, red, 2, w, 0.9));
      CHECK_OK(THNN_MultiMarginCriterion_updateGradInput(x, cls, gs, gi, red, 2, w, 0.9));
      CHECK_OK(THNN_MultiLabelMarginCriterion_updateOutput(x, mlt, out, it, red));
      CHECK_OK(THNN_MultiLabelMarginCriterion_updateGradInput(x, mlt, gs, it, gi, red));
      CHECK_OK(THNN_MultiLabelSoftMarginCriterion_updateOutput(x, y, out, red, w));
      CHECK_OK(THNN_MultiLabelSoftMarginCriterion_updateGradInput(x, y, gs, gi, gt, red, w));
      THTensor *ct = VEC(TH_Int64, 1, -1, -1, 1);
      CHECK_OK(THNN_CosineEmbeddingCriterion_updateOutput(x, y, ct, out, red, 0.1));
      CHECK_OK(THNN_CosineEmbeddingCriterion_updateGradInput(x, y, ct, gs, gi, gt, red, 0.1));
      CHECK(allFinite(gi) && allFinite(gt));
      const double ps[3] = {2, 1.5, INFINITY};
      for (int k = 0; k < 3; k++) {
        CHECK_OK(THNN_TripletMarginCriterion_updateOutput(x, y, sign, out, red, 1, ps[k], 1e-6, 1));
        CHECK_OK(THNN_TripletMarginCriterion_updateGradInput(x, y, sign, gs, gi, gt, g3, red, 1, ps[k], 1e-6, 1));
        CHECK(allFinite(gi) && allFinite(gt) && allFinite(g3));
      }
      THTensor *lp = THTensor_newWithSize(dt, 3, (const int64_t[]){5, 4, 5}), *tg = VEC(TH_Int64, 1, 2, 2, 3, 4, 4, 4, 1);
      for (int i = 0; i < 100; i++) th_set(lp, i, -1.0 - 0.5 * sin(i * 0.77));
      THTensor *il = VEC(TH_Int64, 5, 4, 2, 1), *tl = VEC(TH_Int64, 3, 1, 3, 1), *nll = THTensor_new(dt), *alpha = THTensor_new(dt);
      THTensor *alpha2 = THTensor_new(dt); /* the backward's work buffer */
      CHECK_OK(THNN_CTCCriterion_updateOutput(lp, tg, il, tl, out, nll, alpha, red, 0, 1));
      CHECK(allFinite(out));
      CHECK_OK(THNN_CTCCriterion_updateGradInput(lp, tg, il, tl, gs, nll, alpha, gi, alpha2, red, 0, 1));
      CHECK(allFinite(gi));
      THTensor *objs[] = {cls, mlt, gs, lse, tw, it, g3, ct, lp, tg, il, tl, nll, alpha, alpha2};
      for (size_t k = 0; k < sizeof objs / sizeof *objs; k++) THTensor_free(objs[k]);
      THTensor_free(g);
    }
    THTensor *objs[] = {wide, wide2, x, y, w, sign, out, gi, gt, ge};
    for (size_t k = 0; k < sizeof objs / sizeof *objs; k++) THTensor_free(objs[k]);
  }
}

/* Work above the grain goes to OpenMP threads: the same results as one thread. */
static void test_threads(void) {
  const int64_t R = 300, C = 203;
  THTensor *x = THTensor_newWithSize(TH_Float32, 2, (const int64_t[]){R, C}), *t = THTensor_newWithSize(TH_Int64, 1, &R);
  for (int i = 0; i < R * C; i++) th_set(x, i, 5 * sin(i * 0.37));
  for (int i = 0; i < R; i++) th_set(t, i, (i * 7) % C);
  THTensor *out[2], *lse = THTensor_new(TH_Float32), *tw = THTensor_new(TH_Float32), *gi[2], *mse[2];
  THTensor *g = THTensor_newScalar(TH_Float32, 1);
  int before = THGetNumThreads();
  for (int k = 0; k < 2; k++) {
    THSetNumThreads(k + 1);
    out[k] = THTensor_new(TH_Float32), gi[k] = THTensor_new(TH_Float32), mse[k] = THTensor_new(TH_Float32);
    CHECK_OK(THNN_CrossEntropyCriterion_updateOutput(x, t, out[k], lse, tw, THNN_ReductionMean, NULL, -100, 0));
    CHECK_OK(THNN_CrossEntropyCriterion_updateGradInput(x, t, g, lse, tw, gi[k], NULL, THNN_ReductionMean, NULL, -100, 0));
    CHECK_OK(THNN_MSECriterion_updateOutput(x, gi[k], mse[k], THNN_ReductionSum));
  }
  THSetNumThreads(before);
  CHECK_NEAR(th_at(out[0], 0), th_at(out[1], 0), 1e-6);
  CHECK_NEAR(th_at(mse[0], 0), th_at(mse[1], 0), 1e-3);
  for (int i = 0; i < R * C; i += 97) CHECK_NEAR(th_at(gi[0], i), th_at(gi[1], i), 0);
  THTensor *objs[] = {x, t, out[0], out[1], lse, tw, gi[0], gi[1], mse[0], mse[1], g};
  for (size_t k = 0; k < sizeof objs / sizeof *objs; k++) THTensor_free(objs[k]);
}

int main(void) {
  RUN_TEST(test_every_kernel);
  RUN_TEST(test_threads);
  RUN_TEST(test_pointwise);
  RUN_TEST(test_nll_and_cross_entropy);
  RUN_TEST(test_spatial_cross_entropy);
  RUN_TEST(test_margins);
  RUN_TEST(test_ctc);
  return TH_TEST_RESULT();
}
