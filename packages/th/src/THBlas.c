/* Matrix products: the GEMM dispatch (CBLAS or the built-in GEMM of THGemm.c) and the ops built
 * on it (dot, mv, mm, bmm, addmm, addmv, addr, baddbmm, addbmm, matmul). THBlasOps.c has the
 * rest (outer, kron, tensordot, einsum, trace, tril/triu, diag, diagEmbed, cross). */
#include "TH/THBlas.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "THDispatch.h"
#include "THGemm.h"
#ifdef _OPENMP
#include <omp.h>
#endif
#ifdef TH_HAVE_CBLAS
#include <cblas.h>
#endif
/* OpenBLAS's own thread count: declared weak so that another CBLAS (which lacks it) still links. */
extern void openblas_set_num_threads(int) __attribute__((weak));
extern int openblas_get_num_threads(void) __attribute__((weak));

/* ---- backend ---- */

#ifdef TH_HAVE_CBLAS
static int useBlas = 1;
#else
static int useBlas = 0;
#endif

const char *THBlas_buildName(void) { return TH_BLAS_NAME; }

int THBlas_hasLapack(void) {
#ifdef TH_HAVE_LAPACKE
  return 1;
#else
  return 0;
#endif
}

int THBlas_setBackend(const char *name) {
  if (name && strcmp(name, "builtin") == 0) {
    useBlas = 0;
    return TH_OK;
  }
  if (name && strcmp(name, "blas") == 0) {
#ifdef TH_HAVE_CBLAS
    useBlas = 1;
    return TH_OK;
#else
    return THError("setBlasBackend: libTH was built without a BLAS library (buildInfo().blas is 'builtin')");
#endif
  }
  return THError("setBlasBackend: expected 'blas' or 'builtin', but got '%s'", name ? name : "(null)");
}

const char *THBlas_backend(void) { return useBlas ? "blas" : "builtin"; }

static int inParallel(void) {
#ifdef _OPENMP
  return omp_in_parallel();
#else
  return 0;
#endif
}

/* The threads a GEMM may use from here: one inside someone else's parallel region. */
static int gemmThreads(void) { return inParallel() ? 1 : THGetNumThreads(); }

void THBlas_setLibraryThreads(int n) {
  if (!openblas_set_num_threads || !openblas_get_num_threads || openblas_get_num_threads() == n) return;
  if (inParallel()) return; /* not thread-safe: callers set 1 before they enter a parallel region */
  openblas_set_num_threads(n);
}

/* ---- GEMM on strided matrices, in one compute type (float32, float64 or int64) ---- */

typedef struct Mat {
  char *p;
  int64_t rs, cs; /* in elements */
} Mat;

/* y = alpha * A x + beta * y, for the thin cases (N == 1; M == 1 arrives transposed). Rows are
 * independent, so results do not depend on the thread count. */
#define TH_GEMV(NAME, T, ACC)                                                                                   \
  static void NAME(int64_t M, int64_t K, T alpha, const T *A, int64_t rsA, int64_t csA, const T *x, int64_t incx, \
                   T beta, T *y, int64_t incy, int nthreads) {                                                  \
    int nt = (double)M * (double)K < 1048576.0 ? 1 : nthreads;                                                    \
    _Pragma("omp parallel for num_threads(nt) if (nt > 1) schedule(static)") for (int64_t i = 0; i < M; i++) {  \
      const T *a = A + i * rsA;                                                                                 \
      ACC s0 = 0, s1 = 0, s2 = 0, s3 = 0;                                                                       \
      int64_t k = 0;                                                                                            \
      for (; k + 4 <= K; k += 4) {                                                                              \
        s0 += (ACC)a[k * csA] * x[k * incx];                                                                    \
        s1 += (ACC)a[(k + 1) * csA] * x[(k + 1) * incx];                                                        \
        s2 += (ACC)a[(k + 2) * csA] * x[(k + 2) * incx];                                                        \
        s3 += (ACC)a[(k + 3) * csA] * x[(k + 3) * incx];                                                        \
      }                                                                                                         \
      for (; k < K; k++) s0 += (ACC)a[k * csA] * x[k * incx];                                                   \
      T s = (T)((s0 + s1) + (s2 + s3));                                                                         \
      T *p = y + i * incy;                                                                                      \
      *p = beta == 0 ? alpha * s : alpha * s + beta * *p;                                                       \
    }                                                                                                           \
  }
TH_GEMV(gemvF32, float, float)
TH_GEMV(gemvF64, double, double)
TH_GEMV(gemvI64, int64_t, int64_t)

static int builtinGemm(THDType ct, int64_t M, int64_t N, int64_t K, double alpha, Mat A, Mat B, double beta, Mat C,
                       int nth) {
  if (M == 1 && N > 1 && K > 0) { /* y^T = B^T a^T */
    Mat t = A;
    A = (Mat){B.p, B.cs, B.rs};
    B = (Mat){t.p, t.cs, t.rs};
    C = (Mat){C.p, C.cs, C.rs};
    M = N;
    N = 1;
  }
  if (N == 1 && K > 0 && M > 0) {
    switch (ct) {
      case TH_Float32: gemvF32(M, K, (float)alpha, (float *)A.p, A.rs, A.cs, (float *)B.p, B.rs, (float)beta, (float *)C.p, C.rs, nth); return TH_OK;
      case TH_Float64: gemvF64(M, K, alpha, (double *)A.p, A.rs, A.cs, (double *)B.p, B.rs, beta, (double *)C.p, C.rs, nth); return TH_OK;
      default: gemvI64(M, K, (int64_t)alpha, (int64_t *)A.p, A.rs, A.cs, (int64_t *)B.p, B.rs, (int64_t)beta, (int64_t *)C.p, C.rs, nth); return TH_OK;
    }
  }
  switch (ct) {
    case TH_Float32:
      return THGemm_f32(M, N, K, (float)alpha, (float *)A.p, A.rs, A.cs, (float *)B.p, B.rs, B.cs, (float)beta, (float *)C.p,
                        C.rs, C.cs, nth);
    case TH_Float64:
      return THGemm_f64(M, N, K, alpha, (double *)A.p, A.rs, A.cs, (double *)B.p, B.rs, B.cs, beta, (double *)C.p, C.rs,
                        C.cs, nth);
    default:
      return THGemm_i64(M, N, K, (int64_t)alpha, (int64_t *)A.p, A.rs, A.cs, (int64_t *)B.p, B.rs, B.cs, (int64_t)beta,
                        (int64_t *)C.p, C.rs, C.cs, nth);
  }
}

#ifdef TH_HAVE_CBLAS
/* A rows x cols matrix's strides made canonical where a dimension of size 1 leaves them free. */
static void normStrides(int64_t rows, int64_t cols, Mat *m) {
  if (rows == 1 && cols == 1) m->rs = m->cs = 1;
  else if (rows == 1) m->rs = m->cs == 1 ? cols : 1;
  else if (cols == 1) m->cs = m->rs == 1 ? rows : 1;
}
static int rowMajor(int64_t rows, int64_t cols, Mat m) { return m.cs == 1 && m.rs >= (cols > 1 ? cols : 1); }
static int colMajor(int64_t rows, int64_t cols, Mat m) { return m.rs == 1 && m.cs >= (rows > 1 ? rows : 1); }

/* A contiguous copy of a rows x cols strided matrix (NULL when out of memory). */
static char *packCopy(int64_t rows, int64_t cols, Mat m, size_t es) {
  char *buf = malloc((size_t)(rows * cols) * es + 1);
  if (!buf) return NULL;
  for (int64_t i = 0; i < rows; i++)
    for (int64_t j = 0; j < cols; j++) memcpy(buf + (size_t)(i * cols + j) * es, m.p + (i * m.rs + j * m.cs) * (int64_t)es, es);
  return buf;
}

/* CBLAS with transpose flags and leading dimensions read from the strides; copies only an operand
 * that is neither row- nor column-major (broadcast, sliced with a step in both dims, ...). */
static int blasGemm(THDType ct, int64_t M, int64_t N, int64_t K, double alpha, Mat A, Mat B, double beta, Mat C) {
  size_t es = THDType_size(ct);
  normStrides(M, K, &A);
  normStrides(K, N, &B);
  normStrides(M, N, &C);
  if (!rowMajor(M, N, C)) {
    if (colMajor(M, N, C)) /* C^T = B^T A^T */
      return blasGemm(ct, N, M, K, alpha, (Mat){B.p, B.cs, B.rs}, (Mat){A.p, A.cs, A.rs}, beta, (Mat){C.p, C.cs, C.rs});
    char *tmp = beta == 0 ? malloc((size_t)(M * N) * es + 1) : packCopy(M, N, C, es);
    if (!tmp) return THError("matmul: out of memory");
    int st = blasGemm(ct, M, N, K, alpha, A, B, beta, (Mat){tmp, N, 1});
    for (int64_t i = 0; i < M && st == TH_OK; i++)
      for (int64_t j = 0; j < N; j++) memcpy(C.p + (i * C.rs + j * C.cs) * (int64_t)es, tmp + (size_t)(i * N + j) * es, es);
    free(tmp);
    return st;
  }
  char *copyA = NULL, *copyB = NULL;
  int ta = 0, tb = 0;
  int64_t lda, ldb;
  if (rowMajor(M, K, A)) lda = A.rs;
  else if (colMajor(M, K, A)) ta = 1, lda = A.cs;
  else {
    if (!(copyA = packCopy(M, K, A, es))) return THError("matmul: out of memory");
    A.p = copyA;
    lda = K;
  }
  if (rowMajor(K, N, B)) ldb = B.rs;
  else if (colMajor(K, N, B)) tb = 1, ldb = B.cs;
  else {
    if (!(copyB = packCopy(K, N, B, es))) {
      free(copyA);
      return THError("matmul: out of memory");
    }
    B.p = copyB;
    ldb = N;
  }
  enum CBLAS_TRANSPOSE tA = ta ? CblasTrans : CblasNoTrans, tB = tb ? CblasTrans : CblasNoTrans;
  if (ct == TH_Float32)
    cblas_sgemm(CblasRowMajor, tA, tB, (int)M, (int)N, (int)K, (float)alpha, (const float *)A.p, (int)lda,
                (const float *)B.p, (int)ldb, (float)beta, (float *)C.p, (int)C.rs);
  else
    cblas_dgemm(CblasRowMajor, tA, tB, (int)M, (int)N, (int)K, alpha, (const double *)A.p, (int)lda, (const double *)B.p,
                (int)ldb, beta, (double *)C.p, (int)C.rs);
  free(copyA);
  free(copyB);
  return TH_OK;
}
#endif

/* One GEMM: C = alpha * A @ B + beta * C (beta == 0: C is not read). */
static int gemm(THDType ct, int64_t M, int64_t N, int64_t K, double alpha, Mat A, Mat B, double beta, Mat C, int nth) {
  if (M <= 0 || N <= 0) return TH_OK;
#ifdef TH_HAVE_CBLAS
  if (useBlas && K > 0 && alpha != 0 && (ct == TH_Float32 || ct == TH_Float64) && M < INT_MAX && N < INT_MAX &&
      K < INT_MAX) {
    THBlas_setLibraryThreads(nth); /* inside a parallel region the caller has set 1 */
    return blasGemm(ct, M, N, K, alpha, A, B, beta, C);
  }
#endif
  return builtinGemm(ct, M, N, K, alpha, A, B, beta, C, nth);
}

/* Batched GEMM over nbd batch dims (broadcast batch strides may be 0). accumulate: every batch
 * adds into the same C (addbmm), in batch order. */
typedef struct Batch {
  THDType ct;
  int nbd;
  int64_t sizes[TH_MAX_DIMS], sa[TH_MAX_DIMS], sb[TH_MAX_DIMS], sc[TH_MAX_DIMS];
  int64_t M, N, K;
  Mat A, B, C;
} Batch;

static void batchOffsets(const Batch *b, int64_t idx, int64_t *oa, int64_t *ob, int64_t *oc) {
  *oa = *ob = *oc = 0;
  for (int d = b->nbd - 1; d >= 0; d--) {
    int64_t i = idx % b->sizes[d];
    idx /= b->sizes[d];
    *oa += i * b->sa[d];
    *ob += i * b->sb[d];
    *oc += i * b->sc[d];
  }
}

static int runBatch(const Batch *b, double alpha, double beta, int accumulate) {
  int64_t nb = 1;
  for (int d = 0; d < b->nbd; d++) nb *= b->sizes[d];
  if (nb == 0 || b->M == 0 || b->N == 0) return TH_OK;
  int64_t es = (int64_t)THDType_size(b->ct);
  int nth = gemmThreads();
  double each = (double)b->M * (double)b->N * (double)b->K;
  /* batches in parallel only while each product is too small to use the threads itself: the BLAS
   * threads from 64^3 multiply-adds (as OpenBLAS does), the built-in GEMM from 2^22 */
  int viaBlas = 0;
#ifdef TH_HAVE_CBLAS
  viaBlas = useBlas && (b->ct == TH_Float32 || b->ct == TH_Float64);
#endif
  double selfThreaded = viaBlas ? 262144.0 : 4194304.0;
  if (nb == 1 || accumulate || nth == 1 || each >= selfThreaded || each * (double)nb < 4194304.0) {
    for (int64_t i = 0; i < nb; i++) {
      int64_t oa, ob, oc;
      batchOffsets(b, i, &oa, &ob, &oc);
      Mat A = {b->A.p + oa * es, b->A.rs, b->A.cs}, B = {b->B.p + ob * es, b->B.rs, b->B.cs};
      Mat C = {b->C.p + oc * es, b->C.rs, b->C.cs};
      if (gemm(b->ct, b->M, b->N, b->K, alpha, A, B, accumulate && i > 0 ? 1.0 : beta, C, nth)) return TH_ERR;
    }
    return TH_OK;
  }
  /* many small products: one per thread at a time, each single-threaded */
#ifdef TH_HAVE_CBLAS
  if (useBlas) THBlas_setLibraryThreads(1);
#endif
  int failed = 0;
#pragma omp parallel for num_threads(nth) schedule(dynamic, 1)
  for (int64_t i = 0; i < nb; i++) {
    int64_t oa, ob, oc;
    batchOffsets(b, i, &oa, &ob, &oc);
    Mat A = {b->A.p + oa * es, b->A.rs, b->A.cs}, B = {b->B.p + ob * es, b->B.rs, b->B.cs};
    Mat C = {b->C.p + oc * es, b->C.rs, b->C.cs};
    if (gemm(b->ct, b->M, b->N, b->K, alpha, A, B, beta, C, 1)) __atomic_store_n(&failed, 1, __ATOMIC_RELAXED);
  }
  return failed ? THError("bmm: out of memory") : TH_OK;
}

/* ---- tensors ---- */

static THDType computeType(THDType t) {
  if (t == TH_Float16 || t == TH_BFloat16) return TH_Float32;
  if (t == TH_Float32 || t == TH_Float64) return t;
  return TH_Int64;
}

/* Resizes r to sizes unless it already has them (an out= of the right shape keeps its strides). */
/* An r whose elements alias each other (a stride 0 over a size > 1). */
static int selfOverlapping(const THTensor *r) {
  for (int d = 0; d < r->ndim; d++)
    if (r->strides[d] == 0 && r->sizes[d] > 1) return 1;
  return 0;
}

/* r[batch] = beta * r[batch] + alpha * a[batch] @ b[batch]: a [..., M, K], b [..., K, N], r
 * [..., M, N] already sized, all with nbd leading batch dims (a and b broadcast: sizes 1 or
 * strides 0). r's dtype is the op's; operands of another dtype are converted to the compute type,
 * and an r that is not of it, or aliases an operand, is computed in a temporary. accumulate
 * (addbmm): r is [M, N] and sums over the batch. */
static int productInto(THTensor *r, const THTensor *a, const THTensor *b, int nbd, double alpha, double beta,
                       int accumulate) {
  THDType ct = computeType(r->dtype);
  THTensor *ca = NULL, *cb = NULL, *target = NULL;
  int status = TH_ERR;
  if (!(ca = THTensor_newTo(a, ct, 0)) || !(cb = THTensor_newTo(b, ct, 0))) goto done;
  if (r->dtype != ct || THTensor_sharesStorage(r, a) || THTensor_sharesStorage(r, b) || selfOverlapping(r)) {
    if (beta != 0) target = THTensor_newTo(r, ct, 1);
    else if ((target = THTensor_new(ct)) && THTensor_resize(target, r->ndim, r->sizes)) goto done;
    if (!target) goto done;
  } else {
    target = r;
    THTensor_retain(r);
  }
  Batch bt = {.ct = ct, .nbd = nbd};
  int na = ca->ndim, nb = cb->ndim, nr = target->ndim;
  bt.M = ca->sizes[na - 2];
  bt.K = ca->sizes[na - 1];
  bt.N = cb->sizes[nb - 1];
  for (int d = 0; d < nbd; d++) {
    bt.sizes[d] = ca->sizes[d] > cb->sizes[d] ? ca->sizes[d] : cb->sizes[d];
    bt.sa[d] = ca->sizes[d] == 1 ? 0 : ca->strides[d];
    bt.sb[d] = cb->sizes[d] == 1 ? 0 : cb->strides[d];
    bt.sc[d] = accumulate ? 0 : target->strides[d];
  }
  bt.A = (Mat){THTensor_bytes(ca), ca->strides[na - 2], ca->strides[na - 1]};
  bt.B = (Mat){THTensor_bytes(cb), cb->strides[nb - 2], cb->strides[nb - 1]};
  bt.C = (Mat){THTensor_bytes(target), target->strides[nr - 2], target->strides[nr - 1]};
  int64_t nbatch = 1;
  for (int d = 0; d < nbd; d++) nbatch *= bt.sizes[d];
  if (nbatch == 0) { /* an empty batch: nothing to compute, or (addbmm) beta * r */
    if (!accumulate) goto copyBack;
    bt.nbd = 0;
    bt.K = 0;
  }
  if (runBatch(&bt, alpha, beta, accumulate)) goto done;
copyBack:
  if (target != r && THTensor_copy(r, target)) goto done;
  THTensor_bumpVersion(r);
  status = TH_OK;
done:
  THTensor_free(ca);
  THTensor_free(cb);
  THTensor_free(target);
  return status;
}

/* Computes fn into a fresh tensor of r's dtype, then copies it to r (for an r aliasing an input
 * of an op that first writes self into r). */
#define VIA_TEMP(r, call)                                                                                   \
  do {                                                                                                      \
    THTensor *tmp_ = THTensor_new((r)->dtype);                                                              \
    int st_ = tmp_ ? (call) : TH_ERR;                                                                       \
    if (st_ == TH_OK) st_ = THTensor_resizeOutput((r), tmp_->ndim, tmp_->sizes);                                        \
    if (st_ == TH_OK) st_ = THTensor_copy((r), tmp_);                                                       \
    THTensor_free(tmp_);                                                                                    \
    return st_;                                                                                             \
  } while (0)

/* r = beta * self + alpha * product, where the product's shape is (ndim, sizes): self broadcasts
 * into r first (r == self: in place, self must have the shape), then productInto adds. */
static int addProduct(const char *op, THTensor *r, const THTensor *self, int ndim, const int64_t *sizes, double beta) {
  if (THCheckAddShape(op, r, self, ndim, sizes)) return TH_ERR;
  if (r == self) return TH_OK;
  if (THTensor_resizeOutput(r, ndim, sizes)) return TH_ERR;
  if (beta != 0 && THTensor_copy(r, self)) return TH_ERR;
  return TH_OK;
}

int THTensor_mm(THTensor *r, const THTensor *a, const THTensor *b) {
  if (THCheckMm("mm", r, NULL, a, b)) return TH_ERR;
  int64_t sizes[2] = {a->sizes[0], b->sizes[1]};
  if (THTensor_resizeOutput(r, 2, sizes)) return TH_ERR;
  return productInto(r, a, b, 0, 1, 0, 0);
}

int THTensor_addmm(THTensor *r, const THTensor *self, const THTensor *m1, const THTensor *m2, double beta, double alpha) {
  if (THCheckMm("addmm", r, self, m1, m2)) return TH_ERR;
  if (r != self && (THTensor_sharesStorage(r, m1) || THTensor_sharesStorage(r, m2) || THTensor_sharesStorage(r, self)))
    VIA_TEMP(r, THTensor_addmm(tmp_, self, m1, m2, beta, alpha));
  int64_t sizes[2] = {m1->sizes[0], m2->sizes[1]};
  if (addProduct("addmm", r, self, 2, sizes, beta)) return TH_ERR;
  return productInto(r, m1, m2, 0, alpha, beta, 0);
}

int THTensor_bmm(THTensor *r, const THTensor *a, const THTensor *b) {
  if (THCheckBmm("bmm", r, NULL, a, b)) return TH_ERR;
  int64_t sizes[3] = {a->sizes[0], a->sizes[1], b->sizes[2]};
  if (THTensor_resizeOutput(r, 3, sizes)) return TH_ERR;
  return productInto(r, a, b, 1, 1, 0, 0);
}

static int batchedAdd(const char *op, THTensor *r, const THTensor *self, const THTensor *b1, const THTensor *b2,
                      double beta, double alpha, int accumulate) {
  if (THCheckBmm(op, r, self, b1, b2)) return TH_ERR;
  if (r != self && (THTensor_sharesStorage(r, b1) || THTensor_sharesStorage(r, b2) || THTensor_sharesStorage(r, self)))
    VIA_TEMP(r, batchedAdd(op, tmp_, self, b1, b2, beta, alpha, accumulate));
  int64_t sizes[3] = {b1->sizes[0], b1->sizes[1], b2->sizes[2]};
  if (addProduct(op, r, self, accumulate ? 2 : 3, accumulate ? sizes + 1 : sizes, beta)) return TH_ERR;
  return productInto(r, b1, b2, 1, alpha, beta, accumulate);
}

int THTensor_baddbmm(THTensor *r, const THTensor *self, const THTensor *b1, const THTensor *b2, double beta, double alpha) {
  return batchedAdd("baddbmm", r, self, b1, b2, beta, alpha, 0);
}

int THTensor_addbmm(THTensor *r, const THTensor *self, const THTensor *b1, const THTensor *b2, double beta, double alpha) {
  return batchedAdd("addbmm", r, self, b1, b2, beta, alpha, 1);
}

/* A view of t with a dim of size 1 inserted (NULL on failure). */
static THTensor *unsq(const THTensor *t, int dim) { return THTensor_newUnsqueeze(t, dim); }

int THTensor_mv(THTensor *r, const THTensor *mat, const THTensor *vec) {
  if (THCheckMv("mv", r, NULL, mat, vec)) return TH_ERR;
  if (THTensor_resizeOutput(r, 1, mat->sizes)) return TH_ERR;
  THTensor *v = unsq(vec, 1), *rv = unsq(r, 1);
  int st = v && rv ? productInto(rv, mat, v, 0, 1, 0, 0) : TH_ERR;
  if (st == TH_OK) THTensor_bumpVersion(r);
  THTensor_free(v);
  THTensor_free(rv);
  return st;
}

int THTensor_addmv(THTensor *r, const THTensor *self, const THTensor *mat, const THTensor *vec, double beta, double alpha) {
  if (THCheckMv("addmv", r, self, mat, vec)) return TH_ERR;
  if (r != self && (THTensor_sharesStorage(r, mat) || THTensor_sharesStorage(r, vec) || THTensor_sharesStorage(r, self)))
    VIA_TEMP(r, THTensor_addmv(tmp_, self, mat, vec, beta, alpha));
  if (addProduct("addmv", r, self, 1, mat->sizes, beta)) return TH_ERR;
  THTensor *v = unsq(vec, 1), *rv = unsq(r, 1);
  int st = v && rv ? productInto(rv, mat, v, 0, alpha, beta, 0) : TH_ERR;
  if (st == TH_OK) THTensor_bumpVersion(r);
  THTensor_free(v);
  THTensor_free(rv);
  return st;
}

int THTensor_addr(THTensor *r, const THTensor *self, const THTensor *v1, const THTensor *v2, double beta, double alpha) {
  THDType rt;
  if (THCheckAddr(r, self, v1, v2, &rt)) return TH_ERR;
  if (rt != TH_DTYPE_NONE) { /* mixed dtypes: computed in their result type */
    THTensor *s2 = THTensor_newTo(self, rt, 0), *a2 = THTensor_newTo(v1, rt, 0), *b2 = THTensor_newTo(v2, rt, 0);
    int st = s2 && a2 && b2 ? THTensor_addr(r == self ? s2 : r, s2, a2, b2, beta, alpha) : TH_ERR;
    if (st == TH_OK && r == self && s2 != self) st = THTensor_copy(r, s2);
    THTensor_free(s2);
    THTensor_free(a2);
    THTensor_free(b2);
    return st;
  }
  if (r != self && (THTensor_sharesStorage(r, v1) || THTensor_sharesStorage(r, v2) || THTensor_sharesStorage(r, self)))
    VIA_TEMP(r, THTensor_addr(tmp_, self, v1, v2, beta, alpha));
  int64_t sizes[2] = {v1->sizes[0], v2->sizes[0]};
  if (addProduct("addr", r, self, 2, sizes, beta)) return TH_ERR;
  THTensor *a = unsq(v1, 1), *b = unsq(v2, 0);
  int st = a && b ? productInto(r, a, b, 0, alpha, beta, 0) : TH_ERR;
  THTensor_free(a);
  THTensor_free(b);
  return st;
}

static int dotCommon(const char *op, THTensor *r, const THTensor *a, const THTensor *b) {
  if (THCheckDot(op, r, a, b)) return TH_ERR;
  if (THTensor_resizeOutput(r, 0, NULL)) return TH_ERR;
  THTensor *av = unsq(a, 0), *bv = unsq(b, 1), *rv = NULL;
  int st = TH_ERR;
  if (av && bv) {
    int64_t one[2] = {1, 1}, st1[2] = {1, 1};
    rv = THTensor_newWithStorage(r->storage, r->dtype, r->offset, 2, one, st1);
    if (rv) st = productInto(rv, av, bv, 0, 1, 0, 0);
  }
  if (st == TH_OK) THTensor_bumpVersion(r);
  THTensor_free(av);
  THTensor_free(bv);
  THTensor_free(rv);
  return st;
}

int THTensor_dot(THTensor *r, const THTensor *a, const THTensor *b) { return dotCommon("dot", r, a, b); }
int THTensor_vdot(THTensor *r, const THTensor *a, const THTensor *b) { return dotCommon("vdot", r, a, b); }

/* ---- matmul ---- */

int THTensor_matmul(THTensor *r, const THTensor *a, const THTensor *b) {
  if (THCheckMatmul(r, a, b)) return TH_ERR;
  if (a->ndim == 1 && b->ndim == 1) return dotCommon("matmul", r, a, b);
  THMatmulPlan p;
  if (THMatmul_plan(&p, a, b)) return TH_ERR;
  THTensor *rv = NULL, *a2 = NULL, *b2 = NULL, *r2 = NULL;
  int st = TH_ERR;
  if (r == a || r == b || THTensor_sharesStorage(r, a) || THTensor_sharesStorage(r, b)) {
    THTensor *tmp = THTensor_new(r->dtype);
    st = tmp ? THTensor_matmul(tmp, a, b) : TH_ERR;
    if (st == TH_OK) st = THTensor_resizeOutput(r, tmp->ndim, tmp->sizes);
    if (st == TH_OK) st = THTensor_copy(r, tmp);
    THTensor_free(tmp);
    goto done;
  }
  if (THTensor_resizeOutput(r, p.ndim, p.sizes) || !(rv = THMatmul_newResultView(&p, r))) goto done;
  const int fold = THMatmul_fold(&p, rv, &a2, &b2, &r2);
  if (fold == 1) st = productInto(r2, a2, b2, 0, 1, 0, 0);
  else if (fold == 0) st = productInto(rv, p.a, p.b, p.nbd, 1, 0, 0);
  if (st == TH_OK) THTensor_bumpVersion(r);
done:
  THMatmul_planFree(&p);
  THTensor_free(rv), THTensor_free(a2), THTensor_free(b2), THTensor_free(r2);
  return st;
}
