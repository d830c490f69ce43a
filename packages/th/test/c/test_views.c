/* test_views.c — views share storage and follow PyTorch's sizes, strides and offsets.
 * Expected geometry and values are those torch gives for x = torch.arange(24.).view(2, 3, 4). */
#include "TH/TH.h"
#include "th_test.h"

/* arange(n) as float64 */
static THTensor *arange(int64_t n) {
  THTensor *t = THTensor_new(TH_Float64);
  if (THTensor_arange(t, 0, (double)n, 1)) {
    THTensor_free(t);
    return NULL;
  }
  return t;
}

/* torch.arange(24.).view(2, 3, 4) */
static THTensor *x234(void) {
  THTensor *a = arange(24);
  THTensor *x = THTensor_newView(a, 3, (int64_t[]){2, 3, 4});
  THTensor_free(a);
  return x;
}

static int sharesStorage(const THTensor *a, const THTensor *b) { return THTensor_storage(a) == THTensor_storage(b); }

static void test_view(void) {
  THTensor *x = x234();
  CHECK_SHAPE(x, 3, 2, 3, 4);
  CHECK_STRIDES(x, 3, 12, 4, 1);

  THTensor *v = THTensor_newView(x, 2, (int64_t[]){-1, 6});
  CHECK_SHAPE(v, 2, 4, 6);
  CHECK_STRIDES(v, 2, 6, 1);
  CHECK(sharesStorage(v, x));
  THTensor_free(v);

  /* a view of a slice that keeps rows whole */
  THTensor *s = THTensor_newSlice(x, 1, 1, 3, 1);
  v = THTensor_newView(s, 2, (int64_t[]){2, 8});
  CHECK_SHAPE(v, 2, 2, 8);
  CHECK_STRIDES(v, 2, 12, 1);
  CHECK_EQ_INT(THTensor_storageOffset(v), 4);
  CHECK_VALUES(v, 0, 4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23);
  THTensor_free(v);
  THTensor_free(s);

  /* x[:, :, 1:3] can gain size-1 dims but not merge its last two */
  s = THTensor_newSlice(x, 2, 1, 3, 1);
  v = THTensor_newView(s, 4, (int64_t[]){2, 3, 2, 1});
  CHECK_SHAPE(v, 4, 2, 3, 2, 1);
  CHECK_STRIDES(v, 4, 12, 4, 1, 1);
  CHECK_EQ_INT(THTensor_storageOffset(v), 1);
  THTensor_free(v);
  CHECK_NULL_ERR(THTensor_newView(s, 2, (int64_t[]){2, 6}), "view size is not compatible with input tensor's size and stride");
  THTensor_free(s);

  /* the transpose cannot be viewed flat; reshape copies instead */
  THTensor *t = THTensor_newTranspose(x, 0, 1);
  CHECK_NULL_ERR(THTensor_newView(t, 1, (int64_t[]){-1}),
                 "view size is not compatible with input tensor's size and stride (at least one dimension spans across two "
                 "contiguous subspaces)");
  CHECK_STR_CONTAINS(THGetLastError(), "Use .reshape(...) instead.");
  THTensor *r = THTensor_newReshape(t, 2, (int64_t[]){6, 4});
  CHECK_SHAPE(r, 2, 6, 4);
  CHECK_STRIDES(r, 2, 4, 1);
  CHECK(!sharesStorage(r, x));
  CHECK_VALUES(r, 0, 0, 1, 2, 3, 12, 13, 14, 15, 4, 5, 6, 7, 16, 17, 18, 19, 8, 9, 10, 11, 20, 21, 22, 23);
  THTensor_free(r);
  /* when a view is possible, reshape returns one */
  r = THTensor_newReshape(x, 2, (int64_t[]){3, -1});
  CHECK_SHAPE(r, 2, 3, 8);
  CHECK(sharesStorage(r, x));
  THTensor_free(r);
  THTensor_free(t);

  /* bad shapes */
  CHECK_NULL_ERR(THTensor_newView(x, 2, (int64_t[]){5, -1}), "shape '[5, -1]' is invalid for input of size 24");
  CHECK_NULL_ERR(THTensor_newView(x, 2, (int64_t[]){-1, -1}), "only one dimension can be inferred");
  CHECK_NULL_ERR(THTensor_newView(x, 1, (int64_t[]){25}), "shape '[25]' is invalid for input of size 24");
  CHECK_NULL_ERR(THTensor_newReshape(x, 2, (int64_t[]){-2, 12}), "invalid shape dimension -2");

  /* 0-d <-> [1] */
  THTensor *sc = THTensor_newScalar(TH_Float32, 3);
  v = THTensor_newView(sc, 2, (int64_t[]){1, 1});
  CHECK_SHAPE(v, 2, 1, 1);
  THTensor *back = THTensor_newView(v, 0, NULL);
  CHECK_EQ_INT(THTensor_ndim(back), 0);
  CHECK_VALUES(back, 0, 3);
  THTensor_free(back);
  THTensor_free(v);
  THTensor_free(sc);
  THTensor_free(x);
}

static void test_flatten_unflatten(void) {
  THTensor *x = x234();
  THTensor *f = THTensor_newFlatten(x, 1, 2);
  CHECK_SHAPE(f, 2, 2, 12);
  CHECK_STRIDES(f, 2, 12, 1);
  CHECK(sharesStorage(f, x));
  THTensor *u = THTensor_newUnflatten(f, 1, 2, (int64_t[]){3, -1});
  CHECK_SHAPE(u, 3, 2, 3, 4);
  CHECK_STRIDES(u, 3, 12, 4, 1);
  CHECK_NULL_ERR(THTensor_newUnflatten(x, 1, 2, (int64_t[]){2, 2}),
                 "unflatten: Provided sizes [2, 2] don't multiply up to the size of dim 1 (3) in the input tensor");
  THTensor_free(u);
  THTensor_free(f);

  f = THTensor_newFlatten(x, 0, -1);
  CHECK_SHAPE(f, 1, 24);
  THTensor_free(f);
  CHECK_NULL_ERR(THTensor_newFlatten(x, 2, 1), "start_dim cannot come after end_dim");
  CHECK_NULL_ERR(THTensor_newFlatten(x, 0, 3), "Dimension out of range");

  /* flattening a transpose copies */
  THTensor *t = THTensor_newTranspose(x, 0, 1);
  f = THTensor_newFlatten(t, 0, -1);
  CHECK(!sharesStorage(f, x));
  CHECK_VALUES(f, 0, 0, 1, 2, 3, 12, 13, 14, 15, 4, 5, 6, 7, 16, 17, 18, 19, 8, 9, 10, 11, 20, 21, 22, 23);
  THTensor_free(f);
  THTensor_free(t);

  /* a 0-d tensor flattens to [1] */
  THTensor *sc = THTensor_newScalar(TH_Int32, 9);
  f = THTensor_newFlatten(sc, 0, -1);
  CHECK_SHAPE(f, 1, 1);
  CHECK_VALUES(f, 0, 9);
  THTensor_free(f);
  THTensor_free(sc);
  THTensor_free(x);
}

static void test_transpose_permute(void) {
  THTensor *x = x234();
  THTensor *t = THTensor_newTranspose(x, 0, 2);
  CHECK_SHAPE(t, 3, 4, 3, 2);
  CHECK_STRIDES(t, 3, 1, 4, 12);
  CHECK(!THTensor_isContiguous(t));
  CHECK_VALUES(t, 0, 0, 12, 4, 16, 8, 20, 1, 13, 5, 17, 9, 21, 2, 14, 6, 18, 10, 22, 3, 15, 7, 19, 11, 23);
  THTensor_free(t);

  t = THTensor_newPermute(x, 3, (int64_t[]){2, 0, 1});
  CHECK_SHAPE(t, 3, 4, 2, 3);
  CHECK_STRIDES(t, 3, 1, 12, 4);
  CHECK_VALUES(t, 0, 0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23);
  THTensor_free(t);
  t = THTensor_newPermute(x, 3, (int64_t[]){-1, 0, 1}); /* negative dims wrap */
  CHECK_STRIDES(t, 3, 1, 12, 4);
  THTensor_free(t);
  CHECK_NULL_ERR(THTensor_newPermute(x, 2, (int64_t[]){1, 0}), "input.dim() = 3 is not equal to len(dims) = 2");
  CHECK_NULL_ERR(THTensor_newPermute(x, 3, (int64_t[]){0, 0, 1}), "duplicate dims are not allowed");
  CHECK_NULL_ERR(THTensor_newPermute(x, 3, (int64_t[]){0, 1, 3}), "Dimension out of range");

  t = THTensor_newMT(x);
  CHECK_SHAPE(t, 3, 2, 4, 3);
  CHECK_STRIDES(t, 3, 12, 1, 4);
  CHECK_VALUES(t, 0, 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11, 12, 16, 20, 13, 17, 21, 14, 18, 22, 15, 19, 23);
  THTensor_free(t);
  CHECK_NULL_ERR(THTensor_newT(x), "t() expects a tensor with <= 2 dimensions, but self is 3D");

  THTensor *m = THTensor_newSelect(x, 0, 1); /* [3, 4] starting at 12 */
  t = THTensor_newT(m);
  CHECK_SHAPE(t, 2, 4, 3);
  CHECK_STRIDES(t, 2, 1, 4);
  CHECK_EQ_INT(THTensor_storageOffset(t), 12);
  CHECK_VALUES(t, 0, 12, 16, 20, 13, 17, 21, 14, 18, 22, 15, 19, 23);
  THTensor *tt = THTensor_newT(t); /* transposing twice is the original geometry */
  CHECK_STRIDES(tt, 2, 4, 1);
  CHECK(THTensor_isContiguous(tt));
  THTensor_free(tt);
  THTensor_free(t);
  THTensor *v = THTensor_newSelect(m, 0, 0);
  t = THTensor_newT(v); /* 1-d: unchanged */
  CHECK_SHAPE(t, 1, 4);
  THTensor_free(t);
  CHECK_NULL_ERR(THTensor_newMT(v), "tensor.mT is only supported on matrices or batches of matrices. Got 1D tensor.");
  THTensor_free(v);
  THTensor_free(m);

  /* transposing a 0-d tensor over dims 0/-1 is allowed */
  THTensor *sc = THTensor_newScalar(TH_Float32, 1);
  t = THTensor_newTranspose(sc, 0, -1);
  CHECK_NOT_NULL(t);
  CHECK_EQ_INT(THTensor_ndim(t), 0);
  THTensor_free(t);
  THTensor_free(sc);
  THTensor_free(x);
}

static void test_narrow_select_slice(void) {
  THTensor *x = x234();
  THTensor *n = THTensor_newNarrow(x, 1, 1, 2);
  CHECK_SHAPE(n, 3, 2, 2, 4);
  CHECK_STRIDES(n, 3, 12, 4, 1);
  CHECK_EQ_INT(THTensor_storageOffset(n), 4);
  CHECK_VALUES(n, 0, 4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23);
  THTensor_free(n);
  n = THTensor_newNarrow(x, -1, -2, 2); /* negative dim and start */
  CHECK_SHAPE(n, 3, 2, 3, 2);
  CHECK_EQ_INT(THTensor_storageOffset(n), 2);
  CHECK_VALUES(n, 0, 2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23);
  THTensor_free(n);
  n = THTensor_newNarrow(x, 2, 4, 0); /* an empty narrow at the end */
  CHECK_SHAPE(n, 3, 2, 3, 0);
  THTensor_free(n);
  CHECK_NULL_ERR(THTensor_newNarrow(x, 2, 3, 2), "start (3) + length (2) exceeds dimension size (4).");
  CHECK_NULL_ERR(THTensor_newNarrow(x, 2, 0, -1), "exceeds dimension size");
  CHECK_NULL_ERR(THTensor_newNarrow(x, 2, 5, 0), "start out of range");

  THTensor *s = THTensor_newSelect(x, 1, -1);
  CHECK_SHAPE(s, 2, 2, 4);
  CHECK_STRIDES(s, 2, 12, 1);
  CHECK_EQ_INT(THTensor_storageOffset(s), 8);
  CHECK_VALUES(s, 0, 8, 9, 10, 11, 20, 21, 22, 23);
  THTensor *e = THTensor_newSelect(s, 1, 2); /* select of a select */
  CHECK_SHAPE(e, 1, 2);
  CHECK_STRIDES(e, 1, 12);
  CHECK_VALUES(e, 0, 10, 22);
  THTensor *e0 = THTensor_newSelect(e, 0, 1); /* down to 0-d */
  CHECK_EQ_INT(THTensor_ndim(e0), 0);
  CHECK_EQ_INT(THTensor_storageOffset(e0), 22);
  CHECK_NULL_ERR(THTensor_newSelect(e0, 0, 0), "select() cannot be applied to a 0-dim tensor.");
  THTensor_free(e0);
  THTensor_free(e);
  THTensor_free(s);
  CHECK_NULL_ERR(THTensor_newSelect(x, 1, 3), "select(): index 3 out of range for tensor of size [2, 3, 4] at dimension 1");
  CHECK_NULL_ERR(THTensor_newSelect(x, 1, -4), "select(): index -4 out of range");

  /* x[:, :, 0:4:2] */
  THTensor *sl = THTensor_newSlice(x, 2, 0, 4, 2);
  CHECK_SHAPE(sl, 3, 2, 3, 2);
  CHECK_STRIDES(sl, 3, 12, 4, 2);
  CHECK_EQ_INT(THTensor_storageOffset(sl), 0);
  CHECK_VALUES(sl, 0, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22);
  /* a slice of a slice: x[:, :, 0:4:2][:, 1:, 1:] */
  THTensor *s2 = THTensor_newSlice(sl, 1, 1, INT64_MAX, 1);
  THTensor *s3 = THTensor_newSlice(s2, 2, 1, INT64_MAX, 1);
  CHECK_SHAPE(s3, 3, 2, 2, 1);
  CHECK_STRIDES(s3, 3, 12, 4, 2);
  CHECK_EQ_INT(THTensor_storageOffset(s3), 6);
  CHECK_VALUES(s3, 0, 6, 10, 18, 22);
  THTensor_free(s3);
  THTensor_free(s2);
  THTensor_free(sl);
  /* x[:, :, 1:100:3]: end clamps, size = ceil(3 / 3) */
  sl = THTensor_newSlice(x, 2, 1, 100, 3);
  CHECK_SHAPE(sl, 3, 2, 3, 1);
  CHECK_STRIDES(sl, 3, 12, 4, 3);
  CHECK_EQ_INT(THTensor_storageOffset(sl), 1);
  CHECK_VALUES(sl, 0, 1, 5, 9, 13, 17, 21);
  THTensor_free(sl);
  /* x[:, -2:] */
  sl = THTensor_newSlice(x, 1, -2, INT64_MAX, 1);
  CHECK_SHAPE(sl, 3, 2, 2, 4);
  CHECK_EQ_INT(THTensor_storageOffset(sl), 4);
  THTensor_free(sl);
  /* x[:, 2:1] is empty; x[:, -100:1] clamps the start */
  sl = THTensor_newSlice(x, 1, 2, 1, 1);
  CHECK_SHAPE(sl, 3, 2, 0, 4);
  THTensor_free(sl);
  sl = THTensor_newSlice(x, 1, -100, 1, 1);
  CHECK_SHAPE(sl, 3, 2, 1, 4);
  CHECK_EQ_INT(THTensor_storageOffset(sl), 0);
  THTensor_free(sl);
  CHECK_NULL_ERR(THTensor_newSlice(x, 1, 0, 3, 0), "slice step must be positive");
  CHECK_NULL_ERR(THTensor_newSlice(x, 1, 0, 3, -1), "slice step must be positive");
  CHECK_NULL_ERR(THTensor_newSlice(x, 3, 0, 3, 1), "Dimension out of range");
  THTensor_free(x);
}

static void test_expand(void) {
  THTensor *m = TENSOR(TH_Float32, SIZES(3, 1), VALUES(1, 2, 3));
  THTensor *e = THTensor_newExpand(m, 3, (int64_t[]){2, 3, 4});
  CHECK_SHAPE(e, 3, 2, 3, 4);
  CHECK_STRIDES(e, 3, 0, 1, 0);
  CHECK(sharesStorage(e, m));
  CHECK_VALUES(e, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
  THTensor_free(e);
  e = THTensor_newExpand(m, 3, (int64_t[]){2, -1, 4}); /* -1 keeps a size */
  CHECK_SHAPE(e, 3, 2, 3, 4);
  CHECK_STRIDES(e, 3, 0, 1, 0);
  /* unsqueeze on an expanded tensor */
  THTensor *u = THTensor_newUnsqueeze(e, 1);
  CHECK_SHAPE(u, 4, 2, 1, 3, 4);
  CHECK_STRIDES(u, 4, 0, 3, 1, 0);
  THTensor_free(u);
  THTensor_free(e);
  /* views of an expanded tensor, as torch.zeros(3, 1).expand(3, 4).view(...) */
  e = THTensor_newExpand(m, 2, (int64_t[]){3, 4});
  THTensor *v = THTensor_newView(e, 3, (int64_t[]){3, 2, 2});
  CHECK_STRIDES(v, 3, 1, 0, 0);
  THTensor_free(v);
  v = THTensor_newView(e, 3, (int64_t[]){1, 3, 4});
  CHECK_STRIDES(v, 3, 3, 1, 0);
  THTensor_free(v);
  CHECK_NULL_ERR(THTensor_newView(e, 1, (int64_t[]){12}), "view size is not compatible");
  THTensor *r = THTensor_newReshape(e, 1, (int64_t[]){12}); /* reshape materializes it */
  CHECK_STRIDES(r, 1, 1);
  CHECK_VALUES(r, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
  THTensor_free(r);
  THTensor_free(e);
  e = THTensor_newExpand(m, 2, (int64_t[]){3, 0}); /* a size-1 dim may expand to 0 */
  CHECK_SHAPE(e, 2, 3, 0);
  THTensor_free(e);

  CHECK_NULL_ERR(THTensor_newExpand(m, 2, (int64_t[]){2, 4}),
                 "The expanded size of the tensor (2) must match the existing size (3) at non-singleton dimension 0.  "
                 "Target sizes: [2, 4].  Tensor sizes: [3, 1]");
  CHECK_NULL_ERR(THTensor_newExpand(m, 1, (int64_t[]){3}),
                 "the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)");
  CHECK_NULL_ERR(THTensor_newExpand(m, 3, (int64_t[]){-1, 3, 4}), "-1");

  /* a 0-d tensor expands to anything */
  THTensor *sc = THTensor_newScalar(TH_Int64, 5);
  e = THTensor_newExpand(sc, 2, (int64_t[]){2, 2});
  CHECK_STRIDES(e, 2, 0, 0);
  CHECK_VALUES(e, 0, 5, 5, 5, 5);
  THTensor_free(e);
  THTensor_free(sc);
  THTensor_free(m);
}

static void test_squeeze_unsqueeze(void) {
  THTensor *s = TENSOR(TH_Float32, SIZES(1, 3, 1, 2), VALUES(0, 1, 2, 3, 4, 5));
  THTensor *q = THTensor_newSqueeze(s);
  CHECK_SHAPE(q, 2, 3, 2);
  CHECK_STRIDES(q, 2, 2, 1);
  THTensor_free(q);
  q = THTensor_newSqueezeDim(s, 0);
  CHECK_SHAPE(q, 3, 3, 1, 2);
  CHECK_STRIDES(q, 3, 2, 2, 1);
  THTensor_free(q);
  q = THTensor_newSqueezeDim(s, 1); /* not size 1: unchanged */
  CHECK_SHAPE(q, 4, 1, 3, 1, 2);
  CHECK_STRIDES(q, 4, 6, 2, 2, 1);
  THTensor_free(q);
  q = THTensor_newSqueezeDim(s, -2);
  CHECK_SHAPE(q, 3, 1, 3, 2);
  THTensor_free(q);
  CHECK_NULL_ERR(THTensor_newSqueezeDim(s, 4), "Dimension out of range (expected to be in range of [-4, 3], but got 4)");
  /* squeezing all-ones gives 0-d */
  THTensor *ones = TENSOR(TH_Float32, SIZES(1, 1), VALUES(7));
  q = THTensor_newSqueeze(ones);
  CHECK_EQ_INT(THTensor_ndim(q), 0);
  CHECK_VALUES(q, 0, 7);
  THTensor *q2 = THTensor_newSqueeze(q); /* 0-d stays 0-d */
  CHECK_EQ_INT(THTensor_ndim(q2), 0);
  THTensor_free(q2);
  THTensor_free(q);
  THTensor_free(ones);
  THTensor_free(s);

  THTensor *y = TENSOR(TH_Float32, SIZES(2, 3), VALUES(0, 1, 2, 3, 4, 5));
  THTensor *u = THTensor_newUnsqueeze(y, 0);
  CHECK_SHAPE(u, 3, 1, 2, 3);
  CHECK_STRIDES(u, 3, 6, 3, 1);
  THTensor_free(u);
  u = THTensor_newUnsqueeze(y, 1);
  CHECK_SHAPE(u, 3, 2, 1, 3);
  CHECK_STRIDES(u, 3, 3, 3, 1);
  THTensor_free(u);
  u = THTensor_newUnsqueeze(y, -1);
  CHECK_SHAPE(u, 3, 2, 3, 1);
  CHECK_STRIDES(u, 3, 3, 1, 1);
  CHECK(THTensor_isContiguous(u));
  THTensor_free(u);
  CHECK_NULL_ERR(THTensor_newUnsqueeze(y, 3), "Dimension out of range (expected to be in range of [-3, 2], but got 3)");
  CHECK_NULL_ERR(THTensor_newUnsqueeze(y, -4), "Dimension out of range");
  THTensor *sc = THTensor_newScalar(TH_Float32, 1);
  u = THTensor_newUnsqueeze(sc, 0);
  CHECK_SHAPE(u, 1, 1);
  CHECK_STRIDES(u, 1, 1);
  THTensor_free(u);
  THTensor_free(sc);
  THTensor_free(y);
}

static void test_unfold(void) {
  THTensor *a = arange(7);
  THTensor *u = THTensor_newUnfold(a, 0, 2, 3);
  CHECK_SHAPE(u, 2, 2, 2);
  CHECK_STRIDES(u, 2, 3, 1);
  CHECK_VALUES(u, 0, 0, 1, 3, 4);
  THTensor_free(u);
  u = THTensor_newUnfold(a, 0, 7, 1);
  CHECK_SHAPE(u, 2, 1, 7);
  THTensor_free(u);
  CHECK_NULL_ERR(THTensor_newUnfold(a, 0, 8, 1), "maximum size for tensor at dimension 0 is 7 but size is 8");
  CHECK_NULL_ERR(THTensor_newUnfold(a, 0, 2, 0), "step is 0 but must be > 0");

  THTensor *y = TENSOR(TH_Float32, SIZES(2, 3), VALUES(0, 1, 2, 3, 4, 5));
  u = THTensor_newUnfold(y, 1, 2, 1);
  CHECK_SHAPE(u, 3, 2, 2, 2);
  CHECK_STRIDES(u, 3, 3, 1, 1);
  CHECK_VALUES(u, 0, 0, 1, 1, 2, 3, 4, 4, 5);
  THTensor_free(u);
  /* size 0 windows */
  u = THTensor_newUnfold(a, 0, 0, 1);
  CHECK_SHAPE(u, 2, 8, 0);
  THTensor_free(u);
  /* a 0-d tensor unfolds as if it had one dim of size 1; its dim must still be valid */
  THTensor *sc = THTensor_newScalar(TH_Float32, 5);
  u = THTensor_newUnfold(sc, 0, 1, 1);
  CHECK_SHAPE(u, 1, 1);
  CHECK_VALUES(u, 0, 5);
  THTensor_free(u);
  CHECK_NULL_ERR(THTensor_newUnfold(sc, 0, 2, 1), "maximum size for tensor at dimension 0 is 1 but size is 2");
  CHECK_NULL_ERR(THTensor_newUnfold(sc, 5, 1, 1), "Dimension out of range (expected to be in range of [-1, 0], but got 5)");
  THTensor_free(sc);
  THTensor_free(y);
  THTensor_free(a);
}

static void test_as_strided(void) {
  THTensor *a = arange(7);
  THTensor *w = THTensor_newAsStrided(a, 2, (int64_t[]){3, 3}, (int64_t[]){1, 1}, 0);
  CHECK_SHAPE(w, 2, 3, 3);
  CHECK_STRIDES(w, 2, 1, 1);
  CHECK_VALUES(w, 0, 0, 1, 2, 1, 2, 3, 2, 3, 4);
  THTensor_free(w);
  w = THTensor_newAsStrided(a, 2, (int64_t[]){2, 2}, (int64_t[]){2, 1}, 1);
  CHECK_EQ_INT(THTensor_storageOffset(w), 1);
  CHECK_VALUES(w, 0, 1, 2, 3, 4);
  THTensor_free(w);
  /* storageOffset < 0 keeps the tensor's own offset */
  THTensor *tail = THTensor_newSlice(a, 0, 4, 7, 1);
  w = THTensor_newAsStrided(tail, 1, (int64_t[]){3}, (int64_t[]){1}, -1);
  CHECK_EQ_INT(THTensor_storageOffset(w), 4);
  CHECK_VALUES(w, 0, 4, 5, 6);
  THTensor_free(w);
  THTensor_free(tail);
  CHECK_NULL_ERR(THTensor_newAsStrided(a, 2, (int64_t[]){3, 3}, (int64_t[]){3, 1}, 0), "setStorage");
  THTensor_free(a);
}

static void test_movedim(void) {
  THTensor *x = x234();
  THTensor *m = THTensor_newMovedim(x, 1, (int64_t[]){0}, (int64_t[]){2});
  CHECK_SHAPE(m, 3, 3, 4, 2);
  CHECK_STRIDES(m, 3, 4, 1, 12);
  THTensor_free(m);
  m = THTensor_newMovedim(x, 2, (int64_t[]){0, 1}, (int64_t[]){2, 0});
  CHECK_SHAPE(m, 3, 3, 4, 2);
  CHECK_STRIDES(m, 3, 4, 1, 12);
  CHECK_VALUES(m, 0, 0, 12, 1, 13, 2, 14, 3, 15, 4, 16, 5, 17, 6, 18, 7, 19, 8, 20, 9, 21, 10, 22, 11, 23);
  THTensor_free(m);
  m = THTensor_newMovedim(x, 1, (int64_t[]){-1}, (int64_t[]){0});
  CHECK_SHAPE(m, 3, 4, 2, 3);
  CHECK_STRIDES(m, 3, 1, 12, 4);
  THTensor_free(m);
  CHECK_NULL_ERR(THTensor_newMovedim(x, 2, (int64_t[]){0, 0}, (int64_t[]){1, 2}), "repeated dim in `source`");
  CHECK_NULL_ERR(THTensor_newMovedim(x, 2, (int64_t[]){0, 1}, (int64_t[]){2, 2}), "repeated dim in `destination`");
  CHECK_NULL_ERR(THTensor_newMovedim(x, 1, (int64_t[]){3}, (int64_t[]){0}), "Dimension out of range");
  THTensor_free(x);
}

static void test_diagonal(void) {
  THTensor *a = arange(12);
  THTensor *m = THTensor_newView(a, 2, (int64_t[]){3, 4});
  struct {
    int64_t offset, size, offsetInStorage;
    double first;
  } cases[] = {{0, 3, 0, 0}, {1, 3, 1, 1}, {-1, 2, 4, 4}, {3, 1, 3, 3}, {5, 0, 0, 0}, {-3, 0, 0, 0}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    THTensor *d = THTensor_newDiagonal(m, cases[i].offset, 0, 1);
    CHECK_SHAPE(d, 1, cases[i].size);
    CHECK_STRIDES(d, 1, 5);
    CHECK_EQ_INT(THTensor_storageOffset(d), cases[i].offsetInStorage);
    if (cases[i].size) CHECK_NEAR(th_at(d, 0), cases[i].first, 0);
    THTensor_free(d);
  }
  THTensor *d = THTensor_newDiagonal(m, 1, 0, 1);
  CHECK_VALUES(d, 0, 1, 6, 11);
  THTensor_free(d);
  /* swapped dims: the diagonal of the transpose */
  d = THTensor_newDiagonal(m, 1, 1, 0);
  CHECK_VALUES(d, 0, 4, 9);
  THTensor_free(d);
  THTensor *mt = THTensor_newT(m);
  d = THTensor_newDiagonal(mt, 1, 0, 1);
  CHECK_STRIDES(d, 1, 5);
  CHECK_EQ_INT(THTensor_storageOffset(d), 4);
  CHECK_VALUES(d, 0, 4, 9);
  THTensor_free(d);
  THTensor_free(mt);

  /* 3-d: the remaining dims come first, the diagonal last */
  THTensor *x = x234();
  d = THTensor_newDiagonal(x, 0, 0, 2);
  CHECK_SHAPE(d, 2, 3, 2);
  CHECK_STRIDES(d, 2, 4, 13);
  CHECK_VALUES(d, 0, 0, 13, 4, 17, 8, 21);
  THTensor_free(d);
  d = THTensor_newDiagonal(x, 1, 2, 1);
  CHECK_SHAPE(d, 2, 2, 2);
  CHECK_STRIDES(d, 2, 12, 5);
  CHECK_EQ_INT(THTensor_storageOffset(d), 4);
  CHECK_VALUES(d, 0, 4, 9, 16, 21);
  THTensor_free(d);
  CHECK_NULL_ERR(THTensor_newDiagonal(x, 0, 1, 1), "diagonal dimensions cannot be identical 1, 1");
  CHECK_NULL_ERR(THTensor_newDiagonal(x, 0, 1, -2), "diagonal dimensions cannot be identical");
  CHECK_NULL_ERR(THTensor_newDiagonal(a, 0, 0, 1), "diagonal dimensions requires ndim larger than 1");
  THTensor_free(x);
  THTensor_free(m);
  THTensor_free(a);
}

/* Writing through any view is seen by the base and by the other views. */
static void test_views_share_storage(void) {
  THTensor *x = x234();
  THTensor *t = THTensor_newTranspose(x, 0, 2);   /* t[k][j][i] = x[i][j][k] */
  THTensor *sel = THTensor_newSelect(x, 0, 1);    /* x[1] */
  THTensor *col = THTensor_newSelect(sel, 1, 2);  /* x[1, :, 2] */
  THTensor *diag = THTensor_newDiagonal(sel, 0, 0, 1);

  CHECK_OK(THTensor_fill(col, -1));
  CHECK_VALUES(col, 0, -1, -1, -1);
  CHECK_NEAR(th_at(x, 12 + 2), -1, 0);
  CHECK_NEAR(th_at(x, 12 + 4 + 2), -1, 0);
  CHECK_NEAR(th_at(x, 12 + 8 + 2), -1, 0);
  CHECK_NEAR(th_at(t, 2 * 6 + 0 * 2 + 1), -1, 0); /* t[2][0][1] = x[1][0][2] */
  CHECK_VALUES(diag, 0, 12, 17, -1);             /* x[1][2][2] was overwritten */

  /* an in-place op on the strided diagonal */
  THTensor *ten = THTensor_newWrappedNumber(10);
  CHECK_OK(THTensor_binary(diag, diag, ten, TH_OP_mul));
  CHECK_VALUES(diag, 0, 120, 170, -10);
  CHECK_NEAR(th_at(x, 12), 120, 0);
  CHECK_NEAR(th_at(x, 12 + 5), 170, 0);
  CHECK_NEAR(th_at(x, 13), 13, 0); /* neighbours untouched */

  /* a broadcast copy through a slice with a step */
  THTensor *evens = THTensor_newSlice(x, 2, 0, 4, 2);
  THTensor *zero = THTensor_newScalar(TH_Float64, 0);
  CHECK_OK(THTensor_copy(evens, zero)); /* broadcast copy of a 0-d tensor */
  CHECK_VALUES(x, 0, 0, 1, 0, 3, 0, 5, 0, 7, 0, 9, 0, 11, 0, 13, 0, 15, 0, 170, 0, 19, 0, 21, 0, 23);

  THTensor_free(zero);
  THTensor_free(evens);
  THTensor_free(ten);
  THTensor_free(diag);
  THTensor_free(col);
  THTensor_free(sel);
  THTensor_free(t);
  CHECK_EQ_INT(THStorage_refcount(THTensor_storage(x)), 1);
  THTensor_free(x);
}

int main(void) {
  RUN_TEST(test_view);
  RUN_TEST(test_flatten_unflatten);
  RUN_TEST(test_transpose_permute);
  RUN_TEST(test_narrow_select_slice);
  RUN_TEST(test_expand);
  RUN_TEST(test_squeeze_unsqueeze);
  RUN_TEST(test_unfold);
  RUN_TEST(test_as_strided);
  RUN_TEST(test_movedim);
  RUN_TEST(test_diagonal);
  RUN_TEST(test_views_share_storage);
  return TH_TEST_RESULT();
}
