/* test_linalg.c — torch.linalg through LAPACKE: values (from torch 1.13), batching, strided inputs,
 * out= dtypes, error paths, and the build without LAPACK (every LAPACK-backed call must fail with
 * a clear message, never crash). Runs under ASan/UBSan with leak detection. */
#include "TH/TH.h"
#include "th_test.h"

static int lapack;

static THTensor *fresh(THDType dt) { return THTensor_new(dt); }

/* Runs a LAPACK-backed call: with LAPACK it must succeed; without, fail with the build message. */
#define CHECK_LAPACK_OK(call)                                           \
  do {                                                                  \
    if (lapack) CHECK_OK(call);                                         \
    else CHECK_ERR(call, "TypeTorch was built without LAPACK");         \
  } while (0)

static void test_inv_det(void) {
  THTensor *a = TENSOR(TH_Float64, SIZES(2, 2), VALUES(4, 7, 2, 6));
  THTensor *r = fresh(TH_Float64), *d = fresh(TH_Float64), *s = fresh(TH_Float64), *l = fresh(TH_Float64);
  CHECK_LAPACK_OK(THLinalg_inv(r, a));
  CHECK_LAPACK_OK(THLinalg_det(d, a));
  CHECK_LAPACK_OK(THLinalg_slogdet(s, l, a));
  if (lapack) {
    CHECK_VALUES(r, 1e-12, 0.6, -0.7, -0.2, 0.4);
    CHECK_STRIDES(r, 2, 1, 2); /* column-major, as PyTorch */
    CHECK_EQ_INT(THTensor_ndim(d), 0);
    CHECK_VALUES(d, 1e-12, 10);
    CHECK_VALUES(s, 0, 1);
    CHECK_VALUES(l, 1e-12, log(10.0));
  }
  /* transposed input, float32 */
  THTensor *f = TENSOR(TH_Float32, SIZES(2, 2), VALUES(4, 2, 7, 6));
  THTensor *ft = THTensor_newT(f), *rf = fresh(TH_Float32);
  CHECK_LAPACK_OK(THLinalg_inv(rf, ft));
  if (lapack) CHECK_VALUES(rf, 1e-6, 0.6, -0.7, -0.2, 0.4);
  /* singular, in a batch */
  THTensor *b = TENSOR(TH_Float64, SIZES(2, 2, 2), VALUES(1, 0, 0, 1, 1, 2, 2, 4));
  THTensor *rb = fresh(TH_Float64), *db = fresh(TH_Float64);
  if (lapack) {
    CHECK_ERR(THLinalg_inv(rb, b), "linalg.inv: (Batch element 1): The diagonal element 2 is zero");
    CHECK_OK(THLinalg_det(db, b));
    CHECK_VALUES(db, 1e-12, 1, 0);
  }
  /* wrong inputs */
  THTensor *i64 = TENSOR(TH_Int64, SIZES(2, 2), VALUES(1, 2, 3, 4));
  THTensor *rect = TENSOR(TH_Float64, SIZES(2, 3), VALUES(1, 2, 3, 4, 5, 6));
  THTensor *vec = VEC(TH_Float64, 1, 2);
  CHECK_ERR(THLinalg_inv(r, i64), "linalg.inv: Expected a floating point tensor as input. Got int64");
  CHECK_ERR(THLinalg_det(d, rect), "linalg.det: A must be batches of square matrices, but they are 2 by 3 matrices");
  CHECK_ERR(THLinalg_inv(r, vec), "linalg.inv: The input tensor A must have at least 2 dimensions.");
  THTensor *wrong = fresh(TH_Float32);
  if (lapack) CHECK_ERR(THLinalg_inv(wrong, a), "Expected out tensor to have dtype float64, but got float32 instead");
  THTensor *objs[] = {a, r, d, s, l, f, ft, rf, b, rb, db, i64, rect, vec, wrong};
  for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) THTensor_free(objs[i]);
}

static void test_solve_cholesky(void) {
  THTensor *a = TENSOR(TH_Float64, SIZES(2, 2), VALUES(3, 1, 1, 2));
  THTensor *b = VEC(TH_Float64, 9, 8);
  THTensor *x = fresh(TH_Float64), *c = fresh(TH_Float64), *cu = fresh(TH_Float64);
  CHECK_LAPACK_OK(THLinalg_solve(x, a, b, 1));
  CHECK_LAPACK_OK(THLinalg_cholesky(c, a, 0));
  CHECK_LAPACK_OK(THLinalg_cholesky(cu, a, 1));
  if (lapack) {
    CHECK_SHAPE(x, 1, 2);
    CHECK_VALUES(x, 1e-12, 2, 3);
    CHECK_VALUES(c, 1e-12, sqrt(3.0), 0, 1 / sqrt(3.0), sqrt(5.0 / 3.0));
    CHECK_VALUES(cu, 1e-12, sqrt(3.0), 1 / sqrt(3.0), 0, sqrt(5.0 / 3.0));
  }
  /* broadcasting batch dims: A [2, 1, 2, 2] with B [3, 2, 1] gives [2, 3, 2, 1] */
  THTensor *ab = THTensor_newView(a, 4, (const int64_t[]){1, 1, 2, 2});
  THTensor *ae = THTensor_newExpand(ab, 4, (const int64_t[]){2, 1, 2, 2});
  THTensor *bb = TENSOR(TH_Float64, SIZES(3, 2, 1), VALUES(9, 8, 3, 2, 0, 5));
  THTensor *xb = fresh(TH_Float64);
  CHECK_LAPACK_OK(THLinalg_solve(xb, ae, bb, 1));
  if (lapack) {
    CHECK_SHAPE(xb, 4, 2, 3, 2, 1);
    CHECK_VALUES(xb, 1e-12, 2, 3, 0.8, 0.6, -1, 3, 2, 3, 0.8, 0.6, -1, 3);
  }
  THTensor *not_pd = TENSOR(TH_Float64, SIZES(2, 2), VALUES(1, 2, 2, 1));
  if (lapack)
    CHECK_ERR(THLinalg_cholesky(c, not_pd, 0), "linalg.cholesky: The factorization could not be completed because the input "
                                               "is not positive-definite (the leading minor of order 2 is not positive-definite).");
  THTensor *b3 = VEC(TH_Float64, 1, 2, 3);
  CHECK_ERR(THLinalg_solve(x, a, b3, 1), "linalg.solve: Incompatible shapes of A and B for the equation AX = B (2x2 and 3x1)");
  THTensor *bf = VEC(TH_Float32, 1, 2);
  CHECK_ERR(THLinalg_solve(x, a, bf, 1), "Expected A and B to have the same dtype, but found A of type float64 and B of type float32");
  THTensor *objs[] = {a, b, x, c, cu, ab, ae, bb, xb, not_pd, b3, bf};
  for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) THTensor_free(objs[i]);
}

/* max |A - B| over all elements, for same-shape contiguous float64 tensors */
static double maxdiff(const THTensor *a, const THTensor *b) {
  int64_t n = THTensor_numel(a);
  double m = 0;
  for (int64_t i = 0; i < n; i++) {
    double d = fabs(th_test_load(TH_Float64, th_test_addr(a, i)) - th_test_load(TH_Float64, th_test_addr(b, i)));
    if (d > m || d != d) m = d;
  }
  return m;
}

static void test_decompositions(void) {
  THTensor *a = TENSOR(TH_Float64, SIZES(3, 2), VALUES(1, 2, 3, 4, 5, 6));
  THTensor *q = fresh(TH_Float64), *r = fresh(TH_Float64), *qr = fresh(TH_Float64);
  CHECK_LAPACK_OK(THLinalg_qr(q, r, a, "reduced"));
  if (lapack) {
    CHECK_SHAPE(q, 2, 3, 2);
    CHECK_SHAPE(r, 2, 2, 2);
    CHECK_OK(THTensor_matmul(qr, q, r));
    CHECK_NEAR(maxdiff(qr, a), 0, 1e-12);
    CHECK_NEAR(fabs(th_test_load(TH_Float64, th_test_addr(r, 0))), sqrt(35.0), 1e-12);
    CHECK_NEAR(th_test_load(TH_Float64, th_test_addr(r, 2)), 0, 0); /* below the diagonal */
  }
  CHECK_ERR(THLinalg_qr(q, r, a, "full"), "qr received unrecognized mode 'full'");
  THTensor *u = fresh(TH_Float64), *s = fresh(TH_Float64), *vh = fresh(TH_Float64);
  CHECK_LAPACK_OK(THLinalg_svd(u, s, vh, a, 1));
  if (lapack) {
    CHECK_SHAPE(u, 2, 3, 3);
    CHECK_SHAPE(s, 1, 2);
    CHECK_SHAPE(vh, 2, 2, 2);
    CHECK_VALUES(s, 1e-12, 9.525518091565107, 0.5143005806586446);
  }
  THTensor *sym = TENSOR(TH_Float64, SIZES(2, 2), VALUES(2, 1, 1, 2));
  THTensor *w = fresh(TH_Float64), *v = fresh(TH_Float64);
  CHECK_LAPACK_OK(THLinalg_eigh(w, v, sym, 'L'));
  if (lapack) CHECK_VALUES(w, 1e-12, 1, 3);
  CHECK_ERR(THLinalg_eigh(w, v, sym, 'X'), "Expected UPLO argument to be 'L' or 'U', but got X");
  THTensor *rot = TENSOR(TH_Float64, SIZES(2, 2), VALUES(0, -2, 2, 0));
  THTensor *wr = fresh(TH_Float64), *wi = fresh(TH_Float64), *vr = fresh(TH_Float64), *vi = fresh(TH_Float64);
  CHECK_LAPACK_OK(THLinalg_eig(wr, wi, vr, vi, rot));
  if (lapack) {
    CHECK_VALUES(wr, 1e-12, 0, 0);
    CHECK_VALUES(wi, 1e-12, 2, -2);
    /* conjugate eigenvectors */
    CHECK_NEAR(th_test_load(TH_Float64, th_test_addr(vi, 0)), -th_test_load(TH_Float64, th_test_addr(vi, 1)), 1e-15);
  }
  THTensor *nan = TENSOR(TH_Float64, SIZES(2, 2), VALUES(NAN, 1, 1, 1));
  if (lapack) {
    CHECK_ERR(THLinalg_eig(wr, wi, vr, vi, nan), "torch.linalg.eig: input tensor should not contain infs or NaNs.");
    CHECK_ERR(THLinalg_svdvals(s, nan), "linalg.svd: The algorithm failed to converge because the input matrix contained non-finite values.");
  }
  THTensor *objs[] = {a, q, r, qr, u, s, vh, sym, w, v, rot, wr, wi, vr, vi, nan};
  for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) THTensor_free(objs[i]);
}

static void test_lstsq_pinv_rank(void) {
  THTensor *a = TENSOR(TH_Float64, SIZES(3, 2), VALUES(1, 1, 1, 2, 1, 3));
  THTensor *b = VEC(TH_Float64, 1, 2, 2);
  THTensor *x = fresh(TH_Float64), *res = fresh(TH_Float64), *rk = fresh(TH_Int64), *sv = fresh(TH_Float64);
  CHECK_LAPACK_OK(THLinalg_lstsq(x, res, rk, sv, a, b, NAN, "gelsd"));
  if (lapack) {
    CHECK_VALUES(x, 1e-12, 2.0 / 3.0, 0.5);
    CHECK_VALUES(res, 1e-12, 1.0 / 6.0);
    CHECK_EQ_INT(THTensor_ndim(rk), 0);
    CHECK_VALUES(rk, 0, 2);
    CHECK_SHAPE(sv, 1, 2);
  }
  CHECK_ERR(THLinalg_lstsq(x, res, rk, sv, a, b, NAN, "foo"), "parameter `driver` should be one of (gels, gelsy, gelsd, gelss)");
  THTensor *p = fresh(TH_Float64), *rank = fresh(TH_Int64);
  THTensor *d = TENSOR(TH_Float64, SIZES(2, 3), VALUES(2, 0, 0, 0, 0, 0));
  CHECK_LAPACK_OK(THLinalg_pinv(p, d, NAN, NAN, 0));
  CHECK_LAPACK_OK(THLinalg_matrixRank(rank, d, NAN, NAN, 0));
  if (lapack) {
    CHECK_SHAPE(p, 2, 3, 2);
    CHECK_VALUES(p, 1e-12, 0.5, 0, 0, 0, 0, 0);
    CHECK_VALUES(rank, 0, 1);
  }
  THTensor *objs[] = {a, b, x, res, rk, sv, p, rank, d};
  for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) THTensor_free(objs[i]);
}

static void test_norms_power(void) {
  /* these need no LAPACK */
  THTensor *a = TENSOR(TH_Float32, SIZES(2, 2), VALUES(3, -1, 4, 2));
  THTensor *n = fresh(TH_Float32);
  CHECK_OK(THLinalg_vectorNorm(n, a, 2, 0, NULL, 0, -1));
  CHECK_VALUES(n, 1e-6, sqrt(30.0));
  int64_t dim1 = 1;
  CHECK_OK(THLinalg_vectorNorm(n, a, INFINITY, 1, &dim1, 1, -1));
  CHECK_SHAPE(n, 2, 2, 1);
  CHECK_VALUES(n, 0, 3, 4);
  THTensor *n64 = fresh(TH_Float64);
  CHECK_OK(THLinalg_vectorNorm(n64, a, 1, 0, NULL, 0, TH_Float64));
  CHECK_VALUES(n64, 0, 10);
  CHECK_ERR(THLinalg_vectorNorm(n, a, 1, 0, NULL, 0, TH_Float64), "Expected out tensor to have dtype float64, but got float32 instead");
  CHECK_OK(THLinalg_matrixNorm(n, a, "1", -2, -1, 0, -1));
  CHECK_VALUES(n, 0, 7);
  CHECK_OK(THLinalg_matrixNorm(n, a, "inf", -2, -1, 0, -1));
  CHECK_VALUES(n, 0, 6);
  CHECK_OK(THLinalg_matrixNorm(n, a, "-inf", 0, 1, 0, -1));
  CHECK_VALUES(n, 0, 4);
  CHECK_ERR(THLinalg_matrixNorm(n, a, "3", -2, -1, 0, -1), "linalg.matrix_norm: Order 3 not supported.");
  CHECK_LAPACK_OK(THLinalg_matrixNorm(n, a, "nuc", -2, -1, 0, -1));
  THTensor *i = TENSOR(TH_Int64, SIZES(2, 2), VALUES(1, 1, 1, 0));
  THTensor *p = fresh(TH_Int64);
  CHECK_OK(THLinalg_matrixPower(p, i, 10)); /* Fibonacci */
  CHECK_VALUES(p, 0, 89, 55, 55, 34);
  CHECK_OK(THLinalg_matrixPower(p, i, 0));
  CHECK_VALUES(p, 0, 1, 0, 0, 1);
  CHECK_ERR(THLinalg_matrixPower(p, i, -1), "linalg.inv: Expected a floating point tensor as input. Got int64");
  THTensor *pf = fresh(TH_Float32);
  CHECK_LAPACK_OK(THLinalg_matrixPower(pf, a, -2));
  if (lapack) CHECK_VALUES(pf, 1e-6, 0, 0.05, -0.2, 0.05);
  THTensor *objs[] = {a, n, n64, i, p, pf};
  for (size_t k = 0; k < sizeof objs / sizeof objs[0]; k++) THTensor_free(objs[k]);
}

static void test_empty_and_large_batch(void) {
  THTensor *e = THTensor_newWithSize(TH_Float32, 3, (const int64_t[]){0, 3, 3});
  THTensor *r = fresh(TH_Float32), *d = fresh(TH_Float32);
  CHECK_LAPACK_OK(THLinalg_inv(r, e));
  if (lapack) CHECK_SHAPE(r, 3, 0, 3, 3);
  THTensor *z = THTensor_newWithSize(TH_Float64, 2, (const int64_t[]){0, 0});
  THTensor *dz = fresh(TH_Float64);
  CHECK_LAPACK_OK(THLinalg_det(dz, z));
  if (lapack) CHECK_VALUES(dz, 0, 1);
  /* 64 random-ish 5x5 matrices: inv(A) A = I */
  THTensor *big = THTensor_newWithSize(TH_Float64, 3, (const int64_t[]){64, 5, 5});
  double *p = THTensor_data(big);
  for (int k = 0; k < 64 * 25; k++) p[k] = sin(k * 1.7) + ((k % 25) % 6 == 0 ? 4 : 0);
  THTensor *ib = fresh(TH_Float64), *prod = fresh(TH_Float64);
  CHECK_LAPACK_OK(THLinalg_inv(ib, big));
  if (lapack) {
    CHECK_OK(THTensor_matmul(prod, ib, big));
    double worst = 0;
    for (int64_t k = 0; k < 64 * 25; k++) {
      double want = (k % 25) % 6 == 0 ? 1 : 0;
      double got = th_test_load(TH_Float64, th_test_addr(prod, k));
      if (fabs(got - want) > worst) worst = fabs(got - want);
    }
    CHECK_NEAR(worst, 0, 1e-12);
  }
  THTensor *objs[] = {e, r, d, z, dz, big, ib, prod};
  for (size_t k = 0; k < sizeof objs / sizeof objs[0]; k++) THTensor_free(objs[k]);
}

/* Every mode and driver over tall, wide, square, batched and empty shapes: succeeds (with LAPACK)
 * and, under ASan, touches no memory it should not. */
static void test_all_shapes(void) {
  static const int64_t shapes[][3] = {{1, 4, 3}, {1, 3, 5}, {3, 3, 3}, {2, 4, 4}, {1, 0, 3}, {2, 3, 0}, {0, 2, 2}, {1, 1, 1}};
  static const char *modes[] = {"reduced", "complete", "r"};
  static const char *drivers[] = {"gels", "gelsy", "gelsd", "gelss"};
  for (int dt = 0; dt < 2; dt++) {
    THDType t = dt ? TH_Float64 : TH_Float32;
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
      int64_t b = shapes[k][0], m = shapes[k][1], n = shapes[k][2];
      THTensor *a = THTensor_newWithSize(t, 3, (const int64_t[]){b, m, n});
      for (int64_t i = 0; i < b * m * n; i++) th_test_store(t, th_test_addr(a, i), sin((double)i + 1) + (i % (n + 1) == 0 ? 3 : 0));
      THTensor *x = fresh(t), *y = fresh(t), *z = fresh(t), *rk = fresh(TH_Int64);
      for (int md = 0; md < 3; md++) CHECK_LAPACK_OK(THLinalg_qr(x, y, a, modes[md]));
      CHECK_LAPACK_OK(THLinalg_svd(x, y, z, a, 1));
      CHECK_LAPACK_OK(THLinalg_svd(x, y, z, a, 0));
      CHECK_LAPACK_OK(THLinalg_svdvals(y, a));
      CHECK_LAPACK_OK(THLinalg_pinv(x, a, NAN, NAN, 0));
      CHECK_LAPACK_OK(THLinalg_matrixRank(rk, a, NAN, NAN, 0));
      THTensor *rhs = THTensor_newWithSize(t, 3, (const int64_t[]){b, m, 2});
      for (int64_t i = 0; i < b * m * 2; i++) th_test_store(t, th_test_addr(rhs, i), cos((double)i));
      for (int d = 0; d < 4; d++)
        if (d != 0 || m >= n) CHECK_LAPACK_OK(THLinalg_lstsq(x, y, rk, z, a, rhs, NAN, drivers[d]));
      CHECK_OK(THLinalg_vectorNorm(y, a, 3, 0, NULL, 0, -1));
      if (m == n) {
        CHECK_LAPACK_OK(THLinalg_inv(x, a));
        CHECK_LAPACK_OK(THLinalg_det(y, a));
        CHECK_LAPACK_OK(THLinalg_eigh(y, x, a, 'U'));
        THTensor *w2 = fresh(t);
        CHECK_LAPACK_OK(THLinalg_eig(x, y, z, w2, a));
        THTensor_free(w2);
        CHECK_LAPACK_OK(THLinalg_solve(x, a, rhs, 1));
        CHECK_LAPACK_OK(THLinalg_pinv(x, a, NAN, NAN, 1));
        CHECK_OK(THLinalg_matrixPower(x, a, 7));
      }
      THTensor *objs[] = {a, x, y, z, rk, rhs};
      for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) THTensor_free(objs[i]);
    }
  }
}

/* Large batches of small matrices run over threads: the same values, and the same (first) failing
 * batch element, with one thread and with two. */
static void test_batch_threads(void) {
  const int64_t B = 600, n = 6;
  THTensor *a = THTensor_newWithSize(TH_Float64, 3, (const int64_t[]){B, n, n});
  double *p = THTensor_data(a);
  for (int64_t k = 0; k < B * n * n; k++) p[k] = cos((double)k * 0.7) + ((k % (n * n)) % (n + 1) == 0 ? 5 : 0);
  THTensor *spd = fresh(TH_Float64), *at = THTensor_newMT(a);
  CHECK_OK(THTensor_matmul(spd, a, at));
  int saved = THGetNumThreads();
  enum { NR = 9 };
  THTensor *r1[NR], *r2[NR];
  for (int pass = 0; pass < 2; pass++) {
    THSetNumThreads(pass + 1);
    THTensor **r = pass ? r2 : r1;
    for (int i = 0; i < NR; i++) r[i] = fresh(TH_Float64);
    CHECK_LAPACK_OK(THLinalg_inv(r[0], a));
    CHECK_LAPACK_OK(THLinalg_det(r[1], a));
    CHECK_LAPACK_OK(THLinalg_solve(r[2], a, at, 1));
    CHECK_LAPACK_OK(THLinalg_cholesky(r[3], spd, 0));
    CHECK_LAPACK_OK(THLinalg_svd(r[4], r[5], r[6], a, 1));
    CHECK_LAPACK_OK(THLinalg_eigh(r[7], r[8], spd, 'L'));
  }
  if (lapack)
    for (int i = 0; i < NR; i++) CHECK_NEAR(maxdiff(r1[i], r2[i]), 0, 0);
  /* singular matrices at 100 and 300: both thread counts name 100 */
  THTensor *sing = THTensor_newClone(a);
  double *q = THTensor_data(sing);
  for (int64_t k = 0; k < n * n; k++) q[100 * n * n + k] = q[300 * n * n + k] = 0;
  for (int pass = 0; pass < 2 && lapack; pass++) {
    THSetNumThreads(pass + 1);
    THTensor *r = fresh(TH_Float64);
    CHECK_ERR(THLinalg_inv(r, sing), "linalg.inv: (Batch element 100): The diagonal element 1 is zero");
    CHECK_ERR(THLinalg_cholesky(r, sing, 0), "linalg.cholesky: (Batch element 100): The factorization could not be completed");
    THTensor_free(r);
  }
  THSetNumThreads(saved);
  for (int i = 0; i < NR; i++) THTensor_free(r1[i]), THTensor_free(r2[i]);
  THTensor *objs[] = {a, spd, at, sing};
  for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) THTensor_free(objs[i]);
}

int main(void) {
  lapack = THLinalg_lapackAvailable();
  RUN_TEST(test_inv_det);
  RUN_TEST(test_solve_cholesky);
  RUN_TEST(test_decompositions);
  RUN_TEST(test_lstsq_pinv_rank);
  RUN_TEST(test_norms_power);
  RUN_TEST(test_empty_and_large_batch);
  RUN_TEST(test_all_shapes);
  RUN_TEST(test_batch_threads);
  THMemoryStats st;
  THGetMemoryStats(&st);
  CHECK_EQ_INT(st.liveTensors, 0);
  return TH_TEST_RESULT();
}
