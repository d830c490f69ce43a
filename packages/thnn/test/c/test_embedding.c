/* libTHNN embedding and embedding bags from C: values, in-place renorm, gradients (with repeats,
 * padding, frequency scaling, per-sample weights, max), int32 results, non-contiguous tables, errors. */
#include "THNN/THNN.h"
#include "th_test.h"

static void test_embedding(void) {
  THTensor *w = TENSOR(TH_Float64, SIZES(4, 2), VALUES(0, 1, 10, 11, 20, 21, 30, 31));
  THTensor *idx = TENSOR(TH_Int64, SIZES(2, 2), VALUES(3, 1, 1, 0));
  THTensor *out = THTensor_new(TH_Float64);
  CHECK_OK(THNN_Embedding_updateOutput(idx, w, out, THNN_NO_PADDING_IDX));
  CHECK_SHAPE(out, 3, 2, 2, 2);
  CHECK_VALUES(out, 0, 30, 31, 10, 11, 10, 11, 0, 1);
  /* a transposed table: rows are columns of the storage */
  THTensor *wt = THTensor_newTranspose(w, 0, 1), *wtc = THTensor_newContiguous(wt), *back = THTensor_newTranspose(wtc, 0, 1);
  CHECK_OK(THNN_Embedding_updateOutput(idx, back, out, THNN_NO_PADDING_IDX));
  CHECK_VALUES(out, 0, 30, 31, 10, 11, 10, 11, 0, 1);
  /* gradient: row 1 twice, the padding row 0 nothing, accumulated onto what gradWeight held */
  THTensor *g = TENSOR(TH_Float64, SIZES(2, 2, 2), VALUES(1, 2, 3, 4, 5, 6, 7, 8));
  THTensor *gw = TENSOR(TH_Float64, SIZES(4, 2), VALUES(0, 0, 0, 0, 0, 0, 100, 100));
  CHECK_OK(THNN_Embedding_accGradParameters(idx, g, gw, 0, 0, 2.0));
  CHECK_VALUES(gw, 0, 0, 0, 16, 20, 0, 0, 102, 104);
  CHECK_OK(THNN_Embedding_accGradParameters(idx, g, gw, -4, 1, 1.0)); /* paddingIdx -4 is row 0; row 1 divided by 2 */
  CHECK_VALUES(gw, 0, 0, 0, 20, 25, 0, 0, 103, 106);
  THTensor_free(wt), THTensor_free(wtc), THTensor_free(back);
  THTensor_free(w), THTensor_free(idx), THTensor_free(out), THTensor_free(g), THTensor_free(gw);
}

static void test_renorm(void) {
  THTensor *w = TENSOR(TH_Float32, SIZES(3, 2), VALUES(3, 4, 0.3, 0.4, 6, 8));
  THTensor *idx = VEC(TH_Int32, 0, 1, 0);
  uint64_t version = THTensor_version(w);
  CHECK_OK(THNN_Embedding_renorm(w, idx, 1.0, 2.0));
  double s = 1.0 / (5 + 1e-7);
  CHECK_VALUES(w, 1e-6, 3 * s, 4 * s, 0.3, 0.4, 6, 8); /* row 2 is not referenced */
  CHECK(THTensor_version(w) > version);
  THTensor *row2 = VEC(TH_Int64, 2);
  CHECK_OK(THNN_Embedding_renorm(w, row2, 7.0, INFINITY)); /* max |x| = 8 > 7 */
  CHECK_NEAR(th_at(w, 5), 8 * 7 / (8 + 1e-7), 1e-5);
  THTensor_free(w), THTensor_free(idx), THTensor_free(row2);
}

static void test_bag(void) {
  THTensor *w = TENSOR(TH_Float64, SIZES(5, 2), VALUES(0, 1, 10, -11, 20, 21, 30, -31, 40, 41));
  THTensor *idx = VEC(TH_Int64, 1, 2, 2, 3, 4, 4);
  THTensor *offs = VEC(TH_Int32, 0, 3, 3, 4); /* bag 1 is empty */
  THTensor *out = THTensor_new(TH_Float64), *o2b = THTensor_new(TH_Int64), *size = THTensor_new(TH_Int64);
  THTensor *maxIdx = THTensor_new(TH_Int64);
  CHECK_OK(THNN_EmbeddingBag_updateOutput(idx, offs, w, NULL, out, o2b, size, NULL, THNN_EmbeddingBagSum, 0, 2));
  CHECK_VALUES(out, 0, 10, -11, 0, 0, 30, -31, 80, 82);
  CHECK_VALUES(o2b, 0, 0, 0, 0, 2, 3, 3);
  CHECK_VALUES(size, 0, 1, 0, 1, 2);
  CHECK_OK(THNN_EmbeddingBag_updateOutput(idx, offs, w, NULL, out, o2b, size, maxIdx, THNN_EmbeddingBagMax, 0,
                                          THNN_NO_PADDING_IDX));
  CHECK_VALUES(out, 0, 20, 21, 0, 0, 30, -31, 40, 41);
  CHECK_VALUES(maxIdx, 0, 2, 2, 0, 0, 3, 3, 4, 4);
  /* max backward: each maximum's row gets its bag's gradient; the empty bag nothing */
  THTensor *g = TENSOR(TH_Float64, SIZES(4, 2), VALUES(1, 2, 3, 4, 5, 6, 7, 8));
  THTensor *gw = THTensor_newWithSize(TH_Float64, 2, (int64_t[]){5, 2});
  THTensor_zero(gw);
  CHECK_OK(THNN_EmbeddingBag_accGradParameters(idx, g, o2b, size, maxIdx, NULL, gw, THNN_EmbeddingBagMax,
                                               THNN_NO_PADDING_IDX, 0, 1.0));
  CHECK_VALUES(gw, 0, 0, 0, 0, 0, 1, 2, 5, 6, 7, 8);
  /* mean with padding 2 and the per-sample-weight gradient of a sum */
  CHECK_OK(THNN_EmbeddingBag_updateOutput(idx, offs, w, NULL, out, o2b, size, NULL, THNN_EmbeddingBagMean, 0, 2));
  CHECK_VALUES(out, 0, 10, -11, 0, 0, 30, -31, 40, 41);
  THTensor_zero(gw);
  CHECK_OK(THNN_EmbeddingBag_accGradParameters(idx, g, o2b, size, NULL, NULL, gw, THNN_EmbeddingBagMean, 2, 0, 1.0));
  CHECK_VALUES(gw, 0, 0, 0, 1, 2, 0, 0, 5, 6, 7, 8);
  THTensor *gpsw = THTensor_new(TH_Float64);
  CHECK_OK(THNN_EmbeddingBag_updateGradInput(idx, g, o2b, w, gpsw, THNN_EmbeddingBagSum, 2));
  CHECK_VALUES(gpsw, 0, 10 - 22, 0, 0, 150 - 186, 40 * 7 + 41 * 8, 40 * 7 + 41 * 8);
  /* int32 results for the saved indices, and 2-D input */
  THTensor *idx2 = TENSOR(TH_Int32, SIZES(2, 2), VALUES(4, 0, 1, 1));
  THTensor *o2b32 = THTensor_new(TH_Int32), *size32 = THTensor_new(TH_Int32);
  CHECK_OK(THNN_EmbeddingBag_updateOutput(idx2, NULL, w, NULL, out, o2b32, size32, NULL, THNN_EmbeddingBagMean, 0,
                                          THNN_NO_PADDING_IDX));
  CHECK_EQ_INT(THTensor_dtype(o2b32), TH_Int32);
  CHECK_VALUES(o2b32, 0, 0, 0, 1, 1);
  CHECK_VALUES(out, 1e-15, 20, 21, 10, -11);
  THTensor_free(idx2), THTensor_free(o2b32), THTensor_free(size32), THTensor_free(gpsw);
  THTensor_free(w), THTensor_free(idx), THTensor_free(offs), THTensor_free(out), THTensor_free(o2b);
  THTensor_free(size), THTensor_free(maxIdx), THTensor_free(g), THTensor_free(gw);
}

static void test_errors(void) {
  THTensor *w = THTensor_newWithSize(TH_Float32, 2, (int64_t[]){3, 2});
  THTensor_zero(w);
  THTensor *idx = VEC(TH_Int64, 0, 3), *out = THTensor_new(TH_Float32), *f = VEC(TH_Float32, 0, 1);
  CHECK_ERR(THNN_Embedding_updateOutput(idx, w, out, THNN_NO_PADDING_IDX),
            "embedding: index 3 (at position 1 of indices) is out of range for 3 embeddings");
  CHECK_ERR(THNN_Embedding_updateOutput(f, w, out, THNN_NO_PADDING_IDX),
            "expected indices to be an int64 or int32 tensor, but got float32");
  CHECK_ERR(THNN_Embedding_updateOutput(idx, f, out, THNN_NO_PADDING_IDX), "'weight' must be 2-D, but got a 1-D tensor");
  CHECK_ERR(THNN_Embedding_updateOutput(idx, w, out, 3), "paddingIdx must be within the number of embeddings, -3 through 2");
  CHECK_ERR(THNN_Embedding_updateOutput(NULL, w, out, 0), "a tensor argument is NULL");
  THTensor *good = VEC(TH_Int64, 0, 1, 2), *o2b = THTensor_new(TH_Int64), *size = THTensor_new(TH_Int64);
  THTensor *decreasing = VEC(TH_Int64, 0, 2, 1), *one = VEC(TH_Int64, 0), *psw = VEC(TH_Float32, 1, 1, 1);
  CHECK_ERR(THNN_EmbeddingBag_updateOutput(good, decreasing, w, NULL, out, o2b, size, NULL, THNN_EmbeddingBagSum, 0,
                                           THNN_NO_PADDING_IDX),
            "offsets must be non-decreasing");
  CHECK_ERR(THNN_EmbeddingBag_updateOutput(good, one, w, NULL, out, o2b, size, NULL, (THNNEmbeddingBagMode)7, 0,
                                           THNN_NO_PADDING_IDX),
            "mode has to be one of sum (0), mean (1) or max (2), but got 7");
  CHECK_ERR(THNN_EmbeddingBag_updateOutput(good, one, w, psw, out, o2b, size, NULL, THNN_EmbeddingBagMax, 0,
                                           THNN_NO_PADDING_IDX),
            "perSampleWeights is only supported for mode='sum' (got mode='max')");
  CHECK_ERR(THNN_EmbeddingBag_updateOutput(good, one, w, NULL, out, f, size, NULL, THNN_EmbeddingBagSum, 0,
                                           THNN_NO_PADDING_IDX),
            "expected offset2bag to be an int64 or int32 tensor, but got float32");
  THTensor_free(w), THTensor_free(idx), THTensor_free(out), THTensor_free(f), THTensor_free(good);
  THTensor_free(o2b), THTensor_free(size), THTensor_free(decreasing), THTensor_free(one), THTensor_free(psw);
}

int main(void) {
  RUN_TEST(test_embedding);
  RUN_TEST(test_renorm);
  RUN_TEST(test_bag);
  RUN_TEST(test_errors);
  return TH_TEST_RESULT();
}
