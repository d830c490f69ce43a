/* C tests of THBlas.h: products in both GEMM backends (against a naive reference at the blocking
 * edges), matmul's cases, einsum, triangles and diagonals, error paths; no leaks under ASan. */
#include "th_test.h"

static const char *backends[2] = {"blas", "builtin"};

/* A [m, k] tensor of varied values (exact in float32 when small). */
static THTensor *pattern(THDType dt, int64_t m, int64_t k, int seed) {
  THTensor *t = th_tensor(dt, 2, (const int64_t[]){m, k}, NULL);
  for (int64_t i = 0; i < m * k; i++) th_set(t, i, (double)((i * (7 + seed)) % 11) - 5);
  return t;
}

/* a @ b by the definition, for a and b of any layout. */
static double refAt(const THTensor *a, const THTensor *b, int64_t i, int64_t j) {
  int64_t k = THTensor_size(a, 1), n = THTensor_size(b, 1);
  double s = 0;
  for (int64_t p = 0; p < k; p++) s += th_at(a, i * k + p) * th_at(b, p * n + j);
  return s;
}

static void checkProduct(const THTensor *r, const THTensor *a, const THTensor *b, const char *what) {
  int64_t m = THTensor_size(a, 0), n = THTensor_size(b, 1), bad = 0;
  CHECK_SHAPE(r, 2, m, n);
  for (int64_t i = 0; i < m; i++)
    for (int64_t j = 0; j < n; j++)
      if (th_at(r, i * n + j) != refAt(a, b, i, j)) bad++;
  th_test_checks++;
  if (bad) TH_TEST_FAIL_("%s: %lld of %lld elements differ from the reference", what, (long long)bad, (long long)(m * n));
}

static void test_mm_blocking_edges(void) {
  static const int64_t sizes[] = {1, 7, 63, 64, 65, 257};
  static const THDType dts[] = {TH_Float32, TH_Float64, TH_Int64, TH_Int32};
  for (int be = 0; be < 2; be++) {
    if (THBlas_setBackend(backends[be]) != TH_OK) continue; /* no BLAS in this build */
    for (int d = 0; d < 4; d++)
      for (int s = 0; s < 6; s++) {
        int64_t m = sizes[s], k = sizes[(s + 2) % 6], n = sizes[(s + 4) % 6];
        THTensor *a = pattern(dts[d], m, k, 0), *b = pattern(dts[d], k, n, 1), *r = THTensor_new(dts[d]);
        CHECK_OK(THTensor_mm(r, a, b));
        char what[96];
        snprintf(what, sizeof what, "%s %s %lldx%lld @ %lldx%lld", backends[be], THDType_name(dts[d]), (long long)m, (long long)k,
                 (long long)k, (long long)n);
        checkProduct(r, a, b, what);
        /* the same through transposed views, into a transposed out= */
        THTensor *at = pattern(dts[d], k, m, 0), *bt = pattern(dts[d], n, k, 1);
        THTensor *atv = THTensor_newT(at), *btv = THTensor_newT(bt), *o = pattern(dts[d], n, m, 2), *ov = THTensor_newT(o);
        CHECK_OK(THTensor_mm(ov, atv, btv));
        checkProduct(ov, atv, btv, what);
        CHECK_EQ_INT(THTensor_stride(ov, 0), 1); /* the out= kept its layout */
        THTensor_free(a), THTensor_free(b), THTensor_free(r), THTensor_free(at), THTensor_free(bt);
        THTensor_free(atv), THTensor_free(btv), THTensor_free(o), THTensor_free(ov);
      }
  }
  THBlas_setBackend("blas");
}

/* Products big enough for two threads, split by columns (wide C) and by rows (tall C). */
static void test_gemm_threads(void) {
  static const int64_t shapes[3][3] = {{300, 200, 150}, {2000, 200, 20}, {37, 1000, 700}};
  THSetNumThreads(2);
  for (int be = 0; be < 2; be++) {
    if (THBlas_setBackend(backends[be]) != TH_OK) continue;
    for (int s = 0; s < 3; s++) {
      THTensor *a = pattern(TH_Float32, shapes[s][0], shapes[s][1], 3), *b = pattern(TH_Float32, shapes[s][1], shapes[s][2], 4);
      THTensor *r = THTensor_new(TH_Float32);
      CHECK_OK(THTensor_mm(r, a, b));
      checkProduct(r, a, b, backends[be]);
      THTensor_free(a), THTensor_free(b), THTensor_free(r);
    }
  }
  THBlas_setBackend("blas");
}

static void test_backend_switch(void) {
  const char *name = THBlas_buildName();
  CHECK(!strcmp(name, "openblas") || !strcmp(name, "cblas") || !strcmp(name, "builtin"));
  CHECK_OK(THBlas_setBackend("builtin"));
  CHECK(!strcmp(THBlas_backend(), "builtin"));
  if (!strcmp(name, "builtin")) {
    CHECK_ERR(THBlas_setBackend("blas"), "built without a BLAS");
    CHECK_EQ_INT(THBlas_hasLapack(), 0);
  } else {
    CHECK_OK(THBlas_setBackend("blas"));
    CHECK(!strcmp(THBlas_backend(), "blas"));
  }
  CHECK_ERR(THBlas_setBackend("mkl"), "expected 'blas' or 'builtin', but got 'mkl'");
}

static void test_matmul_cases(void) {
  THTensor *v = VEC(TH_Float64, 1, 2, 3), *m = TENSOR(TH_Float64, SIZES(2, 3), VALUES(1, 0, 1, 0, 1, 0));
  THTensor *mt = TENSOR(TH_Float64, SIZES(3, 2), VALUES(1, 2, 3, 4, 5, 6));
  THTensor *b3 = TENSOR(TH_Float64, SIZES(2, 2, 3), VALUES(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
  THTensor *r = THTensor_new(TH_Float64);
  CHECK_OK(THTensor_matmul(r, v, v));
  CHECK_EQ_INT(THTensor_ndim(r), 0);
  CHECK_VALUES(r, 0, 14);
  CHECK_OK(THTensor_matmul(r, m, v));
  CHECK_SHAPE(r, 1, 2);
  CHECK_VALUES(r, 0, 4, 2);
  CHECK_OK(THTensor_matmul(r, v, mt));
  CHECK_SHAPE(r, 1, 2);
  CHECK_VALUES(r, 0, 22, 28);
  CHECK_OK(THTensor_matmul(r, b3, v)); /* [2, 2, 3] @ [3] */
  CHECK_SHAPE(r, 2, 2, 2);
  CHECK_VALUES(r, 0, 14, 32, 50, 68);
  CHECK_OK(THTensor_matmul(r, b3, mt)); /* batched @ 2-D */
  CHECK_SHAPE(r, 3, 2, 2, 2);
  CHECK_VALUES(r, 0, 22, 28, 49, 64, 76, 100, 103, 136);
  CHECK_ERR(THTensor_matmul(r, m, b3), "matmul: shapes [2, 3] and [2, 2, 3] cannot be multiplied (3 != 2)");
  THTensor *b3t = THTensor_newMT(b3);                                     /* [2, 3, 2] */
  CHECK_OK(THTensor_matmul(r, m, b3t));
  CHECK_SHAPE(r, 3, 2, 2, 2);
  CHECK_VALUES(r, 0, 4, 10, 2, 5, 16, 22, 8, 11);
  CHECK_ERR(THTensor_matmul(r, m, m), "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)");
  THTensor *s = THTensor_newScalar(TH_Float64, 1);
  CHECK_ERR(THTensor_matmul(r, s, m), "both arguments to matmul need to be at least 1D, but they are 0D and 2D");
  THTensor *f = THTensor_new(TH_Float32);
  CHECK_ERR(THTensor_matmul(f, m, mt), "Expected out tensor to have dtype float64, but got float32 instead");
  CHECK_ERR(THTensor_mm(r, m, f), "mat2 must be a 2D tensor");
  THTensor_free(v), THTensor_free(m), THTensor_free(mt), THTensor_free(b3), THTensor_free(b3t), THTensor_free(r);
  THTensor_free(s), THTensor_free(f);
}

static void test_add_products(void) {
  THTensor *self = TENSOR(TH_Float32, SIZES(2, 2), VALUES(1, 1, 1, 1));
  THTensor *a = TENSOR(TH_Float32, SIZES(2, 2), VALUES(1, 2, 3, 4)), *eye = TENSOR(TH_Float32, SIZES(2, 2), VALUES(1, 0, 0, 1));
  THTensor *r = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_addmm(r, self, a, eye, 2, 3));
  CHECK_VALUES(r, 0, 5, 8, 11, 14);
  CHECK_OK(THTensor_addmm(self, self, a, a, 0.5, 1)); /* in place */
  CHECK_VALUES(self, 0, 7.5, 10.5, 15.5, 22.5);
  THTensor *nan = TENSOR(TH_Float32, SIZES(2, 2), VALUES(NAN, NAN, NAN, NAN));
  CHECK_OK(THTensor_addmm(r, nan, a, eye, 0, 1)); /* beta 0 ignores self */
  CHECK_VALUES(r, 0, 1, 2, 3, 4);
  THTensor *v = VEC(TH_Float32, 1, 1), *w = VEC(TH_Float32, 2, 3);
  CHECK_OK(THTensor_addr(r, eye, v, w, 1, 1));
  CHECK_VALUES(r, 0, 3, 3, 2, 4);
  CHECK_OK(THTensor_addmv(r, w, a, v, 1, 2));
  CHECK_VALUES(r, 0, 8, 17);
  THTensor *b1 = TENSOR(TH_Float32, SIZES(2, 1, 2), VALUES(1, 2, 3, 4)), *b2 = TENSOR(TH_Float32, SIZES(2, 2, 1), VALUES(1, 1, 1, 1));
  THTensor *one = VEC(TH_Float32, 1);
  CHECK_OK(THTensor_addbmm(r, one, b1, b2, 1, 1)); /* 1 + (1 + 2) + (3 + 4) */
  CHECK_SHAPE(r, 2, 1, 1);
  CHECK_VALUES(r, 0, 11);
  CHECK_OK(THTensor_baddbmm(r, one, b1, b2, 2, 1));
  CHECK_SHAPE(r, 3, 2, 1, 1);
  CHECK_VALUES(r, 0, 5, 9);
  THTensor_free(one);
  CHECK_ERR(THTensor_baddbmm(r, w, b1, b2, 1, 1), "the expanded size of self [2] must match the product's shape [2, 1, 1]");
  CHECK_ERR(THTensor_addmm(v, v, a, a, 1, 1), "Bad in-place call: input tensor size [2] and output tensor size [2, 2] should match");
  CHECK_ERR(THTensor_dot(r, v, a), "1D tensors expected, but got 1D and 2D tensors");
  THTensor_free(self), THTensor_free(a), THTensor_free(eye), THTensor_free(r), THTensor_free(nan), THTensor_free(v), THTensor_free(w);
  THTensor_free(b1), THTensor_free(b2);
}

static void test_einsum_and_friends(void) {
  THTensor *a = TENSOR(TH_Float64, SIZES(2, 3), VALUES(1, 2, 3, 4, 5, 6)), *b = TENSOR(TH_Float64, SIZES(3, 2), VALUES(1, 0, 0, 1, 1, 1));
  THTensor *sq = TENSOR(TH_Int64, SIZES(3, 3), VALUES(1, 2, 3, 4, 5, 6, 7, 8, 9));
  THTensor *r = THTensor_new(TH_Float64), *ri = THTensor_new(TH_Int64);
  const THTensor *ab[2] = {a, b};
  CHECK_OK(THTensor_einsum(r, "ij,jk->ik", 2, ab));
  CHECK_VALUES(r, 0, 4, 5, 10, 11);
  CHECK_OK(THTensor_einsum(r, "ij,jk", 2, ab));
  CHECK_VALUES(r, 0, 4, 5, 10, 11);
  const THTensor *one[1] = {sq};
  CHECK_OK(THTensor_einsum(ri, "ii", 1, one));
  CHECK_VALUES(ri, 0, 15);
  CHECK_OK(THTensor_einsum(ri, "ii->i", 1, one));
  CHECK_VALUES(ri, 0, 1, 5, 9);
  CHECK_OK(THTensor_einsum(ri, "...j->...", 1, one));
  CHECK_VALUES(ri, 0, 6, 15, 24);
  const THTensor *three[3] = {a, b, a};
  CHECK_OK(THTensor_einsum(r, "ij,jk,kl->il", 3, three));
  CHECK_VALUES(r, 0, 24, 33, 42, 54, 75, 96);
  CHECK_ERR(THTensor_einsum(r, "ij,jk->ik", 1, ab), "fewer operands were provided than specified in the equation");
  CHECK_ERR(THTensor_einsum(r, "i$", 1, ab), "invalid subscript given at index 1");
  CHECK_ERR(THTensor_einsum(r, "ij->k", 1, ab), "output subscript k does not appear");
  CHECK_OK(THTensor_trace(ri, sq));
  CHECK_VALUES(ri, 0, 15);
  CHECK_OK(THTensor_tril(ri, sq, 0));
  CHECK_VALUES(ri, 0, 1, 0, 0, 4, 5, 0, 7, 8, 9);
  CHECK_OK(THTensor_triu(sq, sq, 1)); /* in place */
  CHECK_VALUES(sq, 0, 0, 2, 3, 0, 0, 6, 0, 0, 0);
  CHECK_OK(THTensor_diag(ri, sq, 1));
  CHECK_VALUES(ri, 0, 2, 6);
  THTensor *v = VEC(TH_Float64, 1, 2);
  CHECK_OK(THTensor_diag(r, v, -1));
  CHECK_SHAPE(r, 2, 3, 3);
  CHECK_VALUES(r, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0);
  CHECK_OK(THTensor_diagEmbed(r, a, 0, -2, -1));
  CHECK_SHAPE(r, 3, 2, 3, 3);
  CHECK_OK(THTensor_kron(r, v, v));
  CHECK_VALUES(r, 0, 1, 2, 2, 4);
  CHECK_OK(THTensor_tensordot(r, a, b, 1, (const int64_t[]){1}, (const int64_t[]){0}));
  CHECK_VALUES(r, 0, 4, 5, 10, 11);
  THTensor *x = VEC(TH_Float64, 1, 0, 0), *y = VEC(TH_Float64, 0, 1, 0);
  CHECK_OK(THTensor_cross(r, x, y, 0, 0));
  CHECK_VALUES(r, 0, 0, 0, 1);
  CHECK_ERR(THTensor_cross(r, v, v, 0, 0), "no dimension of size 3 in input");
  CHECK_ERR(THTensor_tril(r, v, 0), "tril: input tensor must have at least 2 dimensions");
  THTensor_free(a), THTensor_free(b), THTensor_free(sq), THTensor_free(r), THTensor_free(ri), THTensor_free(v);
  THTensor_free(x), THTensor_free(y);
}

static void test_batched_threads(void) {
  /* many small products run in parallel over batches; the result must not depend on threads */
  int64_t sz[3] = {64, 40, 50}, sz2[3] = {64, 50, 40}; /* 5M multiply-adds in all */
  THTensor *a = THTensor_newWithSize(TH_Float32, 3, sz), *b = THTensor_newWithSize(TH_Float32, 3, sz2);
  for (int64_t i = 0; i < 64 * 40 * 50; i++) th_set(a, i, (double)(i % 7) - 3);
  for (int64_t i = 0; i < 64 * 50 * 40; i++) th_set(b, i, (double)(i % 5) - 2);
  THTensor *r1 = THTensor_new(TH_Float32), *r2 = THTensor_new(TH_Float32);
  for (int be = 0; be < 2; be++) {
    if (THBlas_setBackend(backends[be]) != TH_OK) continue;
    THSetNumThreads(1);
    CHECK_OK(THTensor_bmm(r1, a, b));
    THSetNumThreads(2);
    CHECK_OK(THTensor_bmm(r2, a, b));
    int64_t bad = 0;
    for (int64_t i = 0; i < 64 * 40 * 40; i++) bad += th_at(r1, i) != th_at(r2, i);
    CHECK_EQ_INT(bad, 0);
    THTensor *a0 = THTensor_newSelect(a, 0, 63), *b0 = THTensor_newSelect(b, 0, 63), *r0 = THTensor_newSelect(r2, 0, 63);
    checkProduct(r0, a0, b0, "bmm batch 63");
    THTensor_free(a0), THTensor_free(b0), THTensor_free(r0);
  }
  THBlas_setBackend("blas");
  THTensor_free(a), THTensor_free(b), THTensor_free(r1), THTensor_free(r2);
}

int main(void) {
  RUN_TEST(test_backend_switch);
  RUN_TEST(test_mm_blocking_edges);
  RUN_TEST(test_gemm_threads);
  RUN_TEST(test_matmul_cases);
  RUN_TEST(test_add_products);
  RUN_TEST(test_einsum_and_friends);
  RUN_TEST(test_batched_threads);
  return TH_TEST_RESULT();
}
