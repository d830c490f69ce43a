/* test_index.c — THIndex.h: advanced indexing, index_select/add/copy/fill, gather/scatter,
 * take/put, masks, nonzero, cat/stack, flip/roll/rot90/repeat, splitting into views; error paths
 * and ownership (RUN_TEST checks that every test frees what it made). Expected values are those
 * torch 1.13 gives. */
#include "TH/TH.h"
#include "th_test.h"

static THTensor *arangeT(THDType dt, int64_t n) {
  THTensor *t = THTensor_newWithSize(dt, 1, &n);
  for (int64_t i = 0; i < n; i++) th_set(t, i, (double)i);
  return t;
}

static THTensor *x34(void) {
  THTensor *a = arangeT(TH_Float32, 12);
  THTensor *v = THTensor_newView(a, 2, (int64_t[]){3, 4});
  THTensor_free(a);
  return v;
}

static void test_index_basic(void) {
  THTensor *x = x34(), *r = THTensor_new(TH_Float32);
  THTensor *i = VEC(TH_Int64, 2, 0, -1);
  const THTensor *idx[1] = {i};
  CHECK_OK(THTensor_index(r, x, 1, idx));
  CHECK_SHAPE(r, 2, 3, 4);
  CHECK_VALUES(r, 0, 8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11);
  /* x[:, i] */
  const THTensor *idx2[2] = {NULL, i};
  THTensor *j = VEC(TH_Int64, 3, 0);
  idx2[1] = j;
  CHECK_OK(THTensor_index(r, x, 2, idx2));
  CHECK_SHAPE(r, 2, 3, 2);
  CHECK_VALUES(r, 0, 3, 0, 7, 4, 11, 8);
  /* x[i, j'] broadcast: [[0],[2]] with [1, 3] */
  THTensor *a = TENSOR(TH_Int64, SIZES(2, 1), VALUES(0, 2)), *b = VEC(TH_Int64, 1, 3);
  const THTensor *idx3[2] = {a, b};
  CHECK_OK(THTensor_index(r, x, 2, idx3));
  CHECK_SHAPE(r, 2, 2, 2);
  CHECK_VALUES(r, 0, 1, 3, 9, 11);
  /* a bool mask */
  THTensor *m = VEC(TH_Bool, 1, 0, 1);
  const THTensor *idx4[1] = {m};
  CHECK_OK(THTensor_index(r, x, 1, idx4));
  CHECK_SHAPE(r, 2, 2, 4);
  CHECK_VALUES(r, 0, 0, 1, 2, 3, 8, 9, 10, 11);
  /* int32 indices */
  THTensor *i32 = VEC(TH_Int32, 1);
  const THTensor *idx5[1] = {i32};
  CHECK_OK(THTensor_index(r, x, 1, idx5));
  CHECK_VALUES(r, 0, 4, 5, 6, 7);
  THTensor_free(x), THTensor_free(r), THTensor_free(i), THTensor_free(j), THTensor_free(a), THTensor_free(b);
  THTensor_free(m), THTensor_free(i32);
}

static void test_index_nonadjacent(void) {
  THTensor *base = arangeT(TH_Float32, 60);
  THTensor *x = THTensor_newView(base, 3, (int64_t[]){3, 4, 5});
  THTensor *i = VEC(TH_Int64, 0, 2), *k = VEC(TH_Int64, 1, 4), *r = THTensor_new(TH_Float32);
  const THTensor *idx[3] = {i, NULL, k};
  CHECK_OK(THTensor_index(r, x, 3, idx));
  CHECK_SHAPE(r, 2, 2, 4); /* the indexed dims come first */
  CHECK_NEAR(th_at(r, 0), 1, 0);
  CHECK_NEAR(th_at(r, 1), 6, 0);
  CHECK_NEAR(th_at(r, 4), 44, 0);
  THTensor_free(base), THTensor_free(x), THTensor_free(i), THTensor_free(k), THTensor_free(r);
}

static void test_index_errors(void) {
  THTensor *x = x34(), *r = THTensor_new(TH_Float32);
  THTensor *big = VEC(TH_Int64, 5), *f = VEC(TH_Float32, 1), *m = VEC(TH_Bool, 1, 0);
  const THTensor *a[1] = {big};
  CHECK_ERR(THTensor_index(r, x, 1, a), "index 5 is out of bounds for dimension 0 with size 3");
  a[0] = f;
  CHECK_ERR(THTensor_index(r, x, 1, a), "tensors used as indices must be long, int, byte or bool tensors");
  a[0] = m;
  CHECK_ERR(THTensor_index(r, x, 1, a), "The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3, 4]");
  const THTensor *three[3] = {big, big, big};
  CHECK_ERR(THTensor_index(r, x, 3, three), "too many indices for tensor of dimension 2");
  THTensor *i2 = VEC(TH_Int64, 0, 1), *i3 = VEC(TH_Int64, 0, 1, 2);
  const THTensor *mm[2] = {i2, i3};
  CHECK_ERR(THTensor_index(r, x, 2, mm), "shapes [2], [3]");
  THTensor *wrong = THTensor_new(TH_Float64);
  const THTensor *ok[1] = {i2};
  CHECK_ERR(THTensor_index(wrong, x, 1, ok), "expected out to have dtype float32");
  THTensor_free(x), THTensor_free(r), THTensor_free(big), THTensor_free(f), THTensor_free(m), THTensor_free(i2);
  THTensor_free(i3), THTensor_free(wrong);
}

static void test_index_put(void) {
  THTensor *z = THTensor_newWithSize(TH_Float32, 1, (int64_t[]){3});
  THTensor_fill(z, 0);
  THTensor *i = VEC(TH_Int64, 0, 0, 2, 0), *v = VEC(TH_Float32, 1, 2, 3, 4);
  const THTensor *idx[1] = {i};
  CHECK_OK(THTensor_indexPut(z, 1, idx, v, 1));
  CHECK_VALUES(z, 0, 7, 0, 3);
  THTensor *w = THTensor_newWrappedNumber(-1);
  CHECK_OK(THTensor_indexPut(z, 1, idx, w, 0));
  CHECK_VALUES(z, 0, -1, 0, -1);
  THTensor *d = VEC(TH_Float64, 1);
  CHECK_ERR(THTensor_indexPut(z, 1, idx, d, 0), "Index put requires the source and destination dtypes match");
  THTensor *v2 = VEC(TH_Float32, 1, 2);
  CHECK_ERR(THTensor_indexPut(z, 1, idx, v2, 0), "shape mismatch: value tensor of shape [2] cannot be broadcast to indexing result of shape [4]");
  /* an expanded self refuses writes */
  THTensor *e = THTensor_newExpand(w, 1, (int64_t[]){3});
  CHECK_ERR(THTensor_indexPut(e, 1, idx, w, 0), "more than one element of the written-to tensor refers to a single memory location");
  THTensor_free(z), THTensor_free(i), THTensor_free(v), THTensor_free(w), THTensor_free(d), THTensor_free(v2), THTensor_free(e);
}

static void test_index_select_add(void) {
  THTensor *x = x34(), *r = THTensor_new(TH_Float32), *i = VEC(TH_Int64, 3, 0);
  CHECK_OK(THTensor_indexSelect(r, x, 1, i));
  CHECK_SHAPE(r, 2, 3, 2);
  CHECK_VALUES(r, 0, 3, 0, 7, 4, 11, 8);
  THTensor *tr = THTensor_newTranspose(x, 0, 1);
  CHECK_OK(THTensor_indexSelect(r, tr, 0, i));
  CHECK_VALUES(r, 0, 3, 7, 11, 0, 4, 8);
  THTensor *bad = VEC(TH_Int64, 3);
  CHECK_ERR(THTensor_indexSelect(r, x, 0, bad), "index out of range in self");
  CHECK_ERR(THTensor_indexSelect(r, x, 2, i), "Dimension out of range");
  THTensor *src = TENSOR(TH_Float32, SIZES(3, 2), VALUES(1, 2, 3, 4, 5, 6));
  THTensor *dup = VEC(TH_Int64, 1, 1);
  CHECK_OK(THTensor_indexAdd(r, x, 1, dup, src, 2));
  CHECK_VALUES(r, 0, 0, 7, 2, 3, 4, 19, 6, 7, 8, 31, 10, 11);
  CHECK_OK(THTensor_indexCopy(r, x, 1, i, src));
  CHECK_VALUES(r, 0, 2, 1, 2, 1, 4, 5, 6, 3, 6, 9, 10, 5);
  THTensor *val = THTensor_newWrappedNumber(-1);
  CHECK_OK(THTensor_indexFill(x, x, 0, dup, val)); /* in place */
  CHECK_VALUES(x, 0, 0, 1, 2, 3, -1, -1, -1, -1, 8, 9, 10, 11);
  CHECK_ERR(THTensor_indexAdd(r, x, 1, dup, x, 1), "Number of indices (2) should be equal to source.size(dim): (4), for dim: 1");
  THTensor_free(x), THTensor_free(r), THTensor_free(i), THTensor_free(tr), THTensor_free(bad), THTensor_free(src);
  THTensor_free(dup), THTensor_free(val);
}

static void test_gather_scatter(void) {
  THTensor *x = x34(), *r = THTensor_new(TH_Float32);
  THTensor *i = TENSOR(TH_Int64, SIZES(3, 2), VALUES(3, 0, 1, 1, 0, 2));
  CHECK_OK(THTensor_gather(r, x, 1, i));
  CHECK_VALUES(r, 0, 3, 0, 5, 5, 8, 10);
  THTensor *i0 = TENSOR(TH_Int64, SIZES(2, 4), VALUES(0, 1, 2, 0, 2, 2, 1, 0));
  CHECK_OK(THTensor_gather(r, x, 0, i0));
  CHECK_VALUES(r, 0, 0, 5, 10, 3, 8, 9, 6, 3);
  THTensor *oob = TENSOR(TH_Int64, SIZES(1, 1), VALUES(4));
  CHECK_ERR(THTensor_gather(r, x, 1, oob), "index 4 is out of bounds for dimension 1 with size 4");
  THTensor *i32 = TENSOR(TH_Int32, SIZES(1, 1), VALUES(0));
  CHECK_ERR(THTensor_gather(r, x, 1, i32), "gather(): Expected dtype int64 for index");
  /* scatter_add with duplicates; scatter of a value; scatter_reduce mean without self */
  THTensor *z = THTensor_newWithSize(TH_Float32, 1, (int64_t[]){3});
  THTensor_fill(z, 0);
  THTensor *di = VEC(TH_Int64, 0, 0, 0, 2, 2), *src = VEC(TH_Float32, 1, 2, 3, 4, 5);
  CHECK_OK(THTensor_scatter(z, z, 0, di, src, 0, TH_SCATTER_SUM));
  CHECK_VALUES(z, 0, 6, 0, 9);
  CHECK_OK(THTensor_scatterReduce(r, z, 0, di, src, TH_SCATTER_MEAN, 0));
  CHECK_VALUES(r, 0, 2, 0, 4.5);
  CHECK_OK(THTensor_scatterReduce(r, z, 0, di, src, TH_SCATTER_AMAX, 1));
  CHECK_VALUES(r, 0, 6, 0, 9);
  CHECK_OK(THTensor_scatter(r, z, 0, di, NULL, 7, TH_SCATTER_NONE));
  CHECK_VALUES(r, 0, 7, 0, 7);
  CHECK_ERR(THTensor_scatter(r, z, 0, oob, src, 0, TH_SCATTER_NONE), "Index tensor must have the same number of dimensions as self tensor");
  CHECK_ERR(THTensor_scatter(r, z, 0, di, NULL, 0, TH_SCATTER_MEAN), "reduce argument must be either add or multiply");
  CHECK_ERR(THTensor_scatterReduce(r, z, 0, di, src, TH_SCATTER_NONE, 1), "reduce argument must be either sum, prod, mean, amax or amin");
  THTensor_free(x), THTensor_free(r), THTensor_free(i), THTensor_free(i0), THTensor_free(oob), THTensor_free(i32);
  THTensor_free(z), THTensor_free(di), THTensor_free(src);
}

static void test_take_put_masks(void) {
  THTensor *x = x34(), *tr = THTensor_newTranspose(x, 0, 1), *r = THTensor_new(TH_Float32);
  THTensor *i = VEC(TH_Int64, 0, -1, 5);
  CHECK_OK(THTensor_take(r, tr, i));
  CHECK_VALUES(r, 0, 0, 11, 9);
  THTensor *oob = VEC(TH_Int64, 12);
  CHECK_ERR(THTensor_take(r, x, oob), "out of range: tried to access index 12 on a tensor of 12 elements.");
  THTensor *src = VEC(TH_Float32, 1, 2, 3);
  CHECK_OK(THTensor_put(r, x, i, src, 1));
  CHECK_VALUES(r, 0, 1, 1, 2, 3, 4, 8, 6, 7, 8, 9, 10, 13);
  THTensor *m = VEC(TH_Bool, 1, 0, 0, 1), *v = THTensor_newWrappedNumber(-1);
  CHECK_OK(THTensor_maskedFill(r, x, m, v));
  CHECK_VALUES(r, 0, -1, 1, 2, -1, -1, 5, 6, -1, -1, 9, 10, -1);
  CHECK_OK(THTensor_maskedSelect(r, x, m));
  CHECK_SHAPE(r, 1, 6);
  CHECK_VALUES(r, 0, 0, 3, 4, 7, 8, 11);
  THTensor *s6 = VEC(TH_Float32, -1, -2, -3, -4, -5, -6);
  CHECK_OK(THTensor_maskedScatter(r, x, m, s6)); /* row-major order */
  CHECK_VALUES(r, 0, -1, 1, 2, -2, -3, 5, 6, -4, -5, 9, 10, -6);
  THTensor *s2 = VEC(TH_Float32, 1, 2);
  CHECK_ERR(THTensor_maskedScatter(r, x, m, s2), "Number of elements of source < number of ones in mask (2 < 6)");
  THTensor_free(s2);
  THTensor *fm = VEC(TH_Float32, 1, 0, 0, 1);
  CHECK_ERR(THTensor_maskedFill(r, x, fm, v), "only supports boolean masks");
  THTensor *nz = THTensor_new(TH_Int64);
  THTensor *y = TENSOR(TH_Float32, SIZES(2, 3), VALUES(0, 1, 0, NAN, 0, -0.0));
  CHECK_OK(THTensor_nonzero(nz, y));
  CHECK_SHAPE(nz, 2, 2, 2);
  CHECK_VALUES(nz, 0, 0, 1, 1, 0);
  THTensor_free(x), THTensor_free(tr), THTensor_free(r), THTensor_free(i), THTensor_free(oob), THTensor_free(src);
  THTensor_free(m), THTensor_free(v), THTensor_free(s6), THTensor_free(fm), THTensor_free(nz), THTensor_free(y);
}

static void test_cat_stack(void) {
  THTensor *a = x34(), *b = TENSOR(TH_Int32, SIZES(1, 4), VALUES(-1, -2, -3, -4)), *r = THTensor_new(TH_Float32);
  const THTensor *ts[2] = {a, b};
  CHECK_EQ_INT(THTensor_catResultType(2, ts), TH_Float32);
  CHECK_OK(THTensor_cat(r, 2, ts, 0));
  CHECK_SHAPE(r, 2, 4, 4);
  CHECK_NEAR(th_at(r, 12), -1, 0);
  THTensor *tr = THTensor_newTranspose(a, 0, 1); /* [4, 3]: the copying path */
  THTensor *c = TENSOR(TH_Float32, SIZES(4, 1), VALUES(9, 9, 9, 9));
  const THTensor *ts2[2] = {tr, c};
  CHECK_OK(THTensor_cat(r, 2, ts2, 1));
  CHECK_SHAPE(r, 2, 4, 4);
  CHECK_VALUES(r, 0, 0, 4, 8, 9, 1, 5, 9, 9, 2, 6, 10, 9, 3, 7, 11, 9);
  const THTensor *bad[2] = {a, c};
  CHECK_ERR(THTensor_cat(r, 2, bad, 0), "Sizes of tensors must match except in dimension 0. Expected size 4 but got size 1 for tensor number 1 in the list (shapes [3, 4] and [4, 1])");
  THTensor *i64 = THTensor_new(TH_Int64);
  CHECK_ERR(THTensor_cat(i64, 2, ts, 0), "can't be cast to the desired output type int64");
  const THTensor *same[2] = {a, a};
  CHECK_OK(THTensor_stack(r, 2, same, 1));
  CHECK_SHAPE(r, 3, 3, 2, 4);
  CHECK_ERR(THTensor_stack(r, 2, ts, 0), "stack expects each tensor to be equal size, but got [3, 4] at entry 0 and [1, 4] at entry 1");
  CHECK_ERR(THTensor_cat(r, 0, ts, 0), "expected a non-empty list of Tensors");
  THTensor_free(a), THTensor_free(b), THTensor_free(r), THTensor_free(tr), THTensor_free(c), THTensor_free(i64);
}

static void test_reorder(void) {
  THTensor *x = x34(), *r = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_flip(r, x, 2, (int64_t[]){0, 1}));
  CHECK_VALUES(r, 0, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  CHECK_ERR(THTensor_flip(r, x, 2, (int64_t[]){0, -2}), "dim 0 appears multiple times in the list of dims");
  CHECK_OK(THTensor_roll(r, x, 1, (int64_t[]){1}, 1, (int64_t[]){1}));
  CHECK_VALUES(r, 0, 3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10);
  CHECK_OK(THTensor_roll(r, x, 1, (int64_t[]){-13}, 0, NULL));
  CHECK_VALUES(r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0);
  CHECK_OK(THTensor_rot90(r, x, 1, 0, 1));
  CHECK_SHAPE(r, 2, 4, 3);
  CHECK_VALUES(r, 0, 3, 7, 11, 2, 6, 10, 1, 5, 9, 0, 4, 8);
  CHECK_OK(THTensor_repeat(r, x, 3, (int64_t[]){2, 1, 2}));
  CHECK_SHAPE(r, 3, 2, 3, 8);
  CHECK_NEAR(th_at(r, 4), 0, 0);
  CHECK_NEAR(th_at(r, 24 + 13), 5, 0);
  THTensor *reps = VEC(TH_Int64, 2, 0, 1), *ri = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_repeatInterleave(r, x, reps, 1, 0));
  CHECK_SHAPE(r, 2, 3, 4);
  CHECK_VALUES(r, 0, 0, 1, 2, 3, 0, 1, 2, 3, 8, 9, 10, 11);
  CHECK_OK(THTensor_repeatInterleave(ri, NULL, reps, 0, 0));
  CHECK_VALUES(ri, 0, 0, 0, 2);
  CHECK_OK(THTensor_narrowCopy(r, x, 1, 1, 2));
  CHECK_VALUES(r, 0, 1, 2, 5, 6, 9, 10);
  CHECK(THTensor_isContiguous(r));
  CHECK_ERR(THTensor_narrowCopy(r, x, 0, 1, 5), "start (1) + length (5) exceeds dimension size (3).");
  THTensor_free(x), THTensor_free(r), THTensor_free(reps), THTensor_free(ri);
}

static void test_split_views(void) {
  THTensor *x = x34();
  THTensor *out[8] = {0};
  int n = 0;
  CHECK_OK(THTensor_split(x, 3, 1, NULL, 0, &n));
  CHECK_EQ_INT(n, 2);
  CHECK_OK(THTensor_split(x, 3, 1, out, 8, &n));
  CHECK_SHAPE(out[0], 2, 3, 3);
  CHECK_SHAPE(out[1], 2, 3, 1);
  CHECK(THTensor_storage(out[1]) == THTensor_storage(x)); /* a view */
  CHECK_EQ_INT(THTensor_storageOffset(out[1]), 3);
  for (int k = 0; k < n; k++) THTensor_free(out[k]);
  CHECK_OK(THTensor_chunk(x, 2, 0, out, 8, &n));
  CHECK_EQ_INT(n, 2);
  CHECK_SHAPE(out[1], 2, 1, 4);
  for (int k = 0; k < n; k++) THTensor_free(out[k]);
  CHECK_OK(THTensor_tensorSplitIndices(x, 2, (int64_t[]){1, -1}, 1, out, 8, &n));
  CHECK_EQ_INT(n, 3);
  CHECK_SHAPE(out[1], 2, 3, 2);
  for (int k = 0; k < n; k++) THTensor_free(out[k]);
  CHECK_OK(THTensor_unbind(x, 1, out, 2, &n)); /* cap smaller than the count: the rest are freed */
  CHECK_EQ_INT(n, 4);
  CHECK_VALUES(out[1], 0, 1, 5, 9);
  THTensor_free(out[0]), THTensor_free(out[1]);
  CHECK_ERR(THTensor_splitWithSizes(x, 2, (int64_t[]){1, 1}, 0, out, 8, &n), "split_with_sizes expects split_sizes to sum exactly to 3");
  CHECK_ERR(THTensor_chunk(x, 0, 0, out, 8, &n), "chunk expects `chunks` to be greater than 0, got: 0");
  THTensor_free(x);
}

static void test_threads_agree(void) {
  int64_t n = 300;
  THTensor *x = arangeT(TH_Float32, n * n), *x2 = THTensor_newView(x, 2, (int64_t[]){n, n});
  THTensor *idx = THTensor_newWithSize(TH_Int64, 2, (int64_t[]){n, n});
  for (int64_t i = 0; i < n * n; i++) th_set(idx, i, (double)((i * 7919 + 13) % n));
  THTensor *r1 = THTensor_new(TH_Float32), *r2 = THTensor_new(TH_Float32);
  int before = THGetNumThreads();
  THSetNumThreads(1);
  CHECK_OK(THTensor_gather(r1, x2, 0, idx));
  THSetNumThreads(2);
  CHECK_OK(THTensor_gather(r2, x2, 0, idx));
  THSetNumThreads(before);
  int same = 1;
  for (int64_t i = 0; i < n * n && same; i++) same = th_at(r1, i) == th_at(r2, i);
  CHECK(same);
  CHECK_NEAR(th_at(r1, 1), (double)((1 * 7919 + 13) % n) * n + 1, 0);
  THTensor_free(x), THTensor_free(x2), THTensor_free(idx), THTensor_free(r1), THTensor_free(r2);
}

int main(void) {
  RUN_TEST(test_index_basic);
  RUN_TEST(test_index_nonadjacent);
  RUN_TEST(test_index_errors);
  RUN_TEST(test_index_put);
  RUN_TEST(test_index_select_add);
  RUN_TEST(test_gather_scatter);
  RUN_TEST(test_take_put_masks);
  RUN_TEST(test_cat_stack);
  RUN_TEST(test_reorder);
  RUN_TEST(test_split_views);
  RUN_TEST(test_threads_agree);
  return TH_TEST_RESULT();
}
