/* torch.linalg: argument checks, result shapes/layouts and batching here; the LAPACK calls for
 * float and double are in THLinalgGeneric.c (included twice below); norms are computed here. */
#include "THDispatch.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#if defined(TH_HAVE_LAPACKE)
#define TH_LINALG_LAPACK 1
#include <lapacke.h>
#ifdef TH_HAVE_CBLAS
#include <cblas.h>
#endif
#endif

int THLinalg_lapackAvailable(void) {
#ifdef TH_LINALG_LAPACK
  return 1;
#else
  return 0;
#endif
}

#define LA_NOMEM INT_MIN
/* helpers only the LAPACK build calls */
#define LA_MAYBE_UNUSED __attribute__((unused))

#ifdef TH_LINALG_LAPACK
static int laNoMem(void) {
  THError("linalg: out of memory");
  return LA_NOMEM;
}


/* Batches of at least this many small matrices (n <= LA_SMALL) with this much work (~ batch n^3)
 * run their matrices over the OpenMP threads. */
#define LA_SMALL 128
#define LA_GRAIN ((int64_t)1 << 14)

/* Runs fn(ctx, b, scratch) for every b in [0, batch), each thread with scratch of scratchBytes.
 * Returns 0, LA_NOMEM, or the info of the failing matrix with the smallest b (in *bad), whatever
 * the number of threads. */
static int laBatch(int64_t batch, int64_t n, size_t scratchBytes, int (*fn)(void *, int64_t, void *), void *ctx,
                   int64_t *bad) {
  int nt = 1;
#ifdef _OPENMP
  int64_t work = batch * (n + 1) * (n + 1) * (n + 1);
  if (batch >= 2 && n <= LA_SMALL && work >= LA_GRAIN && !omp_in_parallel()) nt = THGetNumThreads();
  if (nt > batch) nt = (int)batch;
#endif
  if (nt <= 1) {
    void *scratch = malloc(scratchBytes ? scratchBytes : 1);
    if (!scratch) return laNoMem();
    int info = 0;
    for (int64_t b = 0; b < batch && info == 0; b++) {
      info = fn(ctx, b, scratch);
      *bad = b;
    }
    free(scratch);
    return info;
  }
  THBlas_setLibraryThreads(1); /* one OpenBLAS thread per OpenMP thread */
  int64_t firstBad = batch;
  int firstInfo = 0, nomem = 0;
#pragma omp parallel num_threads(nt)
  {
    void *scratch = malloc(scratchBytes ? scratchBytes : 1);
    if (!scratch) {
#pragma omp atomic write
      nomem = 1;
    }
#pragma omp for schedule(static)
    for (int64_t b = 0; b < batch; b++) {
      if (!scratch) continue;
      int64_t seen;
#pragma omp atomic read
      seen = firstBad;
      if (b > seen) continue; /* an earlier matrix already failed */
      int info = fn(ctx, b, scratch);
      if (info) {
#pragma omp critical(thLinalgBatch)
        if (b < firstBad) {
          firstInfo = info;
#pragma omp atomic write
          firstBad = b;
        }
      }
    }
    free(scratch);
  }
  if (nomem) return laNoMem();
  *bad = firstBad < batch ? firstBad : 0;
  return firstInfo;
}

#define TH_LINALG_REAL float
#define LA(name) name##_f32
#define LPK(name) LAPACKE_s##name##_work
#define LM(name) name##f
#define CBL(name) cblas_s##name
#include "THLinalgGeneric.c"
#undef TH_LINALG_REAL
#undef LA
#undef LPK
#undef LM
#undef CBL

#define TH_LINALG_REAL double
#define LA(name) name##_f64
#define LPK(name) LAPACKE_d##name##_work
#define LM(name) name
#define CBL(name) cblas_d##name
#include "THLinalgGeneric.c"
#undef TH_LINALG_REAL
#undef LA
#undef LPK
#undef LM
#undef CBL

/* LAPACK runs on one OpenBLAS thread. OpenBLAS's threaded factorizations synchronize by spinning,
 * and so do libgomp's idle workers after each of our parallel regions: on 2 cores, det of a
 * 512x512 float32 matrix took 12 ms with 2 OpenBLAS threads against 2 ms with one (PyTorch 1.13
 * also takes 12 ms there). Batches of small matrices still run over the OpenMP threads (laBatch). */
static void laThreads(void) { THBlas_setLibraryThreads(1); }

#define LA_CALL(dt, fn, ...) (laThreads(), (dt) == TH_Float32 ? fn##_f32(__VA_ARGS__) : fn##_f64(__VA_ARGS__))
#endif

/* ---- checks ---- */

#ifndef TH_LINALG_LAPACK
static int noLapack(const char *op) {
  return THError("%s: TypeTorch was built without LAPACK (install liblapacke-dev and rebuild)", op);
}
#endif

static int isHalf(THDType t) { return t == TH_Float16 || t == TH_BFloat16; }

static int checkFloat(const char *op, const THTensor *a) {
  if (a->dtype == TH_Float32 || a->dtype == TH_Float64) return TH_OK;
  if (isHalf(a->dtype)) return THError("%s: Low precision dtypes not supported. Got %s", op, THDType_name(a->dtype));
  return THError("%s: Expected a floating point tensor as input. Got %s", op, THDType_name(a->dtype));
}

static int checkMatrix(const char *op, const THTensor *a, int square) {
  if (a->ndim < 2) return THError("%s: The input tensor A must have at least 2 dimensions.", op);
  int64_t m = a->sizes[a->ndim - 2], n = a->sizes[a->ndim - 1];
  if (square && m != n)
    return THError("%s: A must be batches of square matrices, but they are %lld by %lld matrices", op, (long long)m,
                   (long long)n);
  if (m > INT_MAX || n > INT_MAX) return THError("%s: matrices of %lld by %lld are too large for LAPACK", op, (long long)m, (long long)n);
  return checkFloat(op, a);
}

static int64_t prod(int n, const int64_t *s) {
  int64_t p = 1;
  for (int i = 0; i < n; i++) p *= s[i];
  return p;
}

LA_MAYBE_UNUSED static const char *batchPrefix(char *buf, size_t n, int ndim, int64_t b) {
  if (ndim > 2) snprintf(buf, n, "(Batch element %lld): ", (long long)b);
  else buf[0] = 0;
  return buf;
}

/* ---- results ---- */

/* Strides of `sizes` laid out contiguously (colMajor 0) or as column-major matrices (1). */
static void layoutStrides(int ndim, const int64_t *sizes, int colMajor, int64_t *strides) {
  int64_t st = 1;
  for (int k = ndim - 1; k >= 0; k--) {
    int d = colMajor && ndim >= 2 && k >= ndim - 2 ? (k == ndim - 1 ? ndim - 2 : ndim - 1) : k;
    strides[d] = st;
    st *= sizes[d] > 1 ? sizes[d] : 1;
  }
}

static int resizeLayout(THTensor *t, int ndim, const int64_t *sizes, int colMajor) {
  int perm[TH_MAX_DIMS] = {0};
  for (int i = 0; i < ndim; i++) perm[i] = i;
  if (colMajor && ndim >= 2) perm[ndim - 2] = ndim - 1, perm[ndim - 1] = ndim - 2;
  return THTensor_resizeWithLayout(t, ndim, sizes, perm);
}

/* A result r of dtype dt and shape sizes, computed in w: w is r itself when r has (or is resized
 * to) the layout, else a fresh tensor copied into r by outEnd. */
typedef struct Out {
  THTensor *r, *w;
} Out;

static int outBegin(const char *op, Out *o, THTensor *r, THDType dt, int ndim, const int64_t *sizes, int colMajor,
                    const THTensor *in1, const THTensor *in2) {
  o->r = r;
  o->w = NULL;
  if (!r) return TH_OK;
  if (THCheckOutDtype(op, r, dt)) return TH_ERR;
  int alias = (in1 && r->storage == in1->storage) || (in2 && r->storage == in2->storage);
  int same = THTensor_hasShape(r, ndim, sizes);
  if (!alias) {
    if (!same && resizeLayout(r, ndim, sizes, colMajor)) return TH_ERR;
    int64_t st[TH_MAX_DIMS];
    layoutStrides(ndim, sizes, colMajor, st);
    int ok = 1;
    for (int i = 0; i < ndim; i++)
      if (sizes[i] > 1 && r->strides[i] != st[i]) ok = 0;
    if (ok) {
      THTensor_retain(r);
      o->w = r;
      return TH_OK;
    }
  }
  o->w = THTensor_new(dt);
  if (!o->w) return TH_ERR;
  return resizeLayout(o->w, ndim, sizes, colMajor);
}

static int outEnd(Out *o, int status) {
  if (status == TH_OK && o->w && o->w != o->r) {
    int same = THTensor_hasShape(o->r, o->w->ndim, o->w->sizes);
    if (!same) status = THTensor_resize(o->r, o->w->ndim, o->w->sizes);
    if (status == TH_OK) status = THTensor_copy(o->r, o->w);
  }
  if (status == TH_OK && o->r) THTensor_bumpVersion(o->r);
  if (o->w) THTensor_free(o->w);
  o->w = NULL;
  return status;
}

/* A fresh tensor of dtype dt laid out as column-major matrices (..., rows, cols). */
static THTensor *newColMajor(THDType dt, int ndim, const int64_t *sizes) {
  THTensor *t = THTensor_new(dt);
  if (t && resizeLayout(t, ndim, sizes, 1)) {
    THTensor_free(t);
    return NULL;
  }
  return t;
}

/* src broadcast to `sizes`, as a fresh column-major tensor of dtype dt. */
LA_MAYBE_UNUSED static THTensor *newColMajorCopy(const THTensor *src, THDType dt, int ndim, const int64_t *sizes) {
  THTensor *t = newColMajor(dt, ndim, sizes);
  if (t && THTensor_copy(t, src)) {
    THTensor_free(t);
    return NULL;
  }
  return t;
}

/* sizes without the last `drop` dims, plus up to two more */
LA_MAYBE_UNUSED static int shapeOf(const THTensor *a, int drop, int extra, int64_t e0, int64_t e1, int64_t *out) {
  int nb = a->ndim - drop;
  memcpy(out, a->sizes, sizeof(int64_t) * (size_t)nb);
  if (extra > 0) out[nb] = e0;
  if (extra > 1) out[nb + 1] = e1;
  return nb + extra;
}

static void *dataOf(const THTensor *t) { return THTensor_data(t); }

/* ---- inv, det, slogdet ---- */

int THLinalg_inv(THTensor *r, const THTensor *a) {
  const char *op = "linalg.inv";
  if (checkMatrix(op, a, 1)) return TH_ERR;
#ifndef TH_LINALG_LAPACK
  return noLapack(op);
#else
  Out o;
  int st = outBegin(op, &o, r, a->dtype, a->ndim, a->sizes, 1, a, NULL);
  if (!st) st = THTensor_copy(o.w, a);
  int64_t n = a->sizes[a->ndim - 1], batch = prod(a->ndim - 2, a->sizes), bad = 0;
  if (!st && n > 0 && batch > 0) {
    int info = LA_CALL(a->dtype, inv, dataOf(o.w), batch, (lapack_int)n, &bad);
    char pre[64];
    if (info == LA_NOMEM) st = TH_ERR;
    else if (info > 0)
      st = THError("%s: %sThe diagonal element %d is zero, the inversion could not be completed because the input matrix is singular.",
                   op, batchPrefix(pre, sizeof pre, a->ndim, bad), info);
  }
  return outEnd(&o, st);
#endif
}

static int detImpl(const char *op, THTensor *det, THTensor *sign, THTensor *logabs, const THTensor *a) {
  if (checkMatrix(op, a, 1)) return TH_ERR;
#ifndef TH_LINALG_LAPACK
  return noLapack(op);
#else
  int nb = a->ndim - 2;
  int64_t n = a->sizes[a->ndim - 1], batch = prod(nb, a->sizes);
  Out o1 = {0}, o2 = {0};
  int st = outBegin(op, &o1, det ? det : sign, a->dtype, nb, a->sizes, 0, a, NULL);
  if (!st && logabs) st = outBegin(op, &o2, logabs, a->dtype, nb, a->sizes, 0, a, NULL);
  THTensor *lu = st ? NULL : newColMajorCopy(a, a->dtype, a->ndim, a->sizes);
  if (!st && !lu) st = TH_ERR;
  if (!st && batch > 0) {
    int info = det ? LA_CALL(a->dtype, luDet, dataOf(lu), batch, (lapack_int)n, dataOf(o1.w), NULL, NULL)
                   : LA_CALL(a->dtype, luDet, dataOf(lu), batch, (lapack_int)n, NULL, dataOf(o1.w), dataOf(o2.w));
    if (info == LA_NOMEM) st = TH_ERR;
  }
  THTensor_free(lu);
  st = outEnd(&o1, st);
  return logabs ? outEnd(&o2, st) : st;
#endif
}

int THLinalg_det(THTensor *r, const THTensor *a) { return detImpl("linalg.det", r, NULL, NULL, a); }
int THLinalg_slogdet(THTensor *sign, THTensor *logabsdet, const THTensor *a) {
  return detImpl("linalg.slogdet", NULL, sign, logabsdet, a);
}

/* ---- solve ---- */

int THLinalg_solve(THTensor *r, const THTensor *a, const THTensor *b, int left) {
  const char *op = "linalg.solve";
  if (checkMatrix(op, a, 1) || checkFloat(op, b)) return TH_ERR;
  if (a->dtype != b->dtype)
    return THError("%s: Expected A and B to have the same dtype, but found A of type %s and B of type %s instead", op,
                   THDType_name(a->dtype), THDType_name(b->dtype));
  if (b->ndim < 1) return THError("%s: The input tensor B must have at least 1 dimensions.", op);
  int vector = b->ndim == 1 || (b->ndim == a->ndim - 1 && memcmp(b->sizes, a->sizes, sizeof(int64_t) * (size_t)b->ndim) == 0);
  if (!left && vector)
    return THError("%s: Vector broadcasting of the left hand side is not supported for left=False. In this case "
                   "linalg.solve is equivalent to B / A.squeeze(-1)", op);
  int64_t n = a->sizes[a->ndim - 1];
  /* B as a matrix (..., rows, k) */
  int bnd = vector ? b->ndim + 1 : b->ndim;
  int64_t bs[TH_MAX_DIMS + 1];
  memcpy(bs, b->sizes, sizeof(int64_t) * (size_t)b->ndim);
  if (vector) bs[b->ndim] = 1;
  if (bnd < 2) return THError("%s: The input tensor B must have at least 2 dimensions.", op);
  int64_t brows = bs[bnd - 2], bcols = bs[bnd - 1];
  int64_t eqRows = left ? brows : bcols, k = left ? bcols : brows;
  if (eqRows != n)
    return THError("%s: Incompatible shapes of A and B for the equation %s (%lldx%lld and %lldx%lld)", op,
                   left ? "AX = B" : "XA = B", (long long)n, (long long)n, (long long)brows, (long long)bcols);
  int nbat;
  int64_t bat[TH_MAX_DIMS + 2];
  if (THBroadcastShapes(a->ndim - 2, a->sizes, bnd - 2, bs, &nbat, bat)) return TH_ERR;
  if (nbat + 2 > TH_MAX_DIMS) return THError("%s: too many dimensions", op);
  int64_t batch = prod(nbat, bat);
  /* result: vector (..., n); left (..., n, k) column-major; right (..., k, n) contiguous (X^T column-major) */
  int64_t rs[TH_MAX_DIMS];
  memcpy(rs, bat, sizeof(int64_t) * (size_t)nbat);
  int rnd;
  if (vector) rs[nbat] = n, rnd = nbat + 1;
  else if (left) rs[nbat] = n, rs[nbat + 1] = k, rnd = nbat + 2;
  else rs[nbat] = k, rs[nbat + 1] = n, rnd = nbat + 2;
#ifndef TH_LINALG_LAPACK
  (void)batch, (void)rnd, (void)r;
  return noLapack(op);
#else
  Out o;
  THTensor *xv = NULL, *bv = NULL, *acm = NULL;
  int st = outBegin(op, &o, r, a->dtype, rnd, rs, left && !vector, a, b);
  if (!st) {
    /* xv: the memory of w seen as X (batch..., n, k) column-major; bv: B seen as (..., rows, k) */
    xv = vector ? THTensor_newUnsqueeze(o.w, rnd) : left ? THTensor_newAlias(o.w) : THTensor_newMT(o.w);
    bv = vector ? THTensor_newUnsqueeze(b, b->ndim) : left ? THTensor_newAlias(b) : THTensor_newMT(b);
    int64_t as[TH_MAX_DIMS];
    memcpy(as, bat, sizeof(int64_t) * (size_t)nbat);
    as[nbat] = n, as[nbat + 1] = n;
    THTensor *at = left ? THTensor_newAlias(a) : THTensor_newMT(a);
    acm = at ? newColMajorCopy(at, a->dtype, nbat + 2, as) : NULL;
    THTensor_free(at);
    if (!xv || !bv || !acm || THTensor_copy(xv, bv)) st = TH_ERR;
  }
  if (!st && n > 0 && k > 0 && batch > 0) {
    int64_t bad = 0;
    int info = LA_CALL(a->dtype, gesv, dataOf(acm), dataOf(o.w), batch, (lapack_int)n, (lapack_int)k, &bad);
    char pre[64];
    if (info == LA_NOMEM) st = TH_ERR;
    else if (info > 0)
      st = THError("torch.linalg.solve: %sThe solver failed because the input matrix is singular.",
                   batchPrefix(pre, sizeof pre, nbat + 2, bad));
  }
  THTensor_free(xv);
  THTensor_free(bv);
  THTensor_free(acm);
  return outEnd(&o, st);
#endif
}

/* ---- cholesky ---- */

int THLinalg_cholesky(THTensor *r, const THTensor *a, int upper) {
  const char *op = "linalg.cholesky";
  if (checkMatrix(op, a, 1)) return TH_ERR;
#ifndef TH_LINALG_LAPACK
  (void)upper;
  return noLapack(op);
#else
  Out o;
  int st = outBegin(op, &o, r, a->dtype, a->ndim, a->sizes, 1, a, NULL);
  if (!st) st = THTensor_copy(o.w, a);
  int64_t n = a->sizes[a->ndim - 1], batch = prod(a->ndim - 2, a->sizes), bad = 0;
  if (!st && n > 0 && batch > 0) {
    int info = LA_CALL(a->dtype, potrf, dataOf(o.w), batch, (lapack_int)n, upper, &bad);
    char pre[64];
    if (info == LA_NOMEM) st = TH_ERR;
    else if (info > 0)
      st = THError("%s: %sThe factorization could not be completed because the input is not positive-definite (the "
                   "leading minor of order %d is not positive-definite).",
                   op, batchPrefix(pre, sizeof pre, a->ndim, bad), info);
  }
  return outEnd(&o, st);
#endif
}

/* ---- qr ---- */

int THLinalg_qr(THTensor *q, THTensor *r, const THTensor *a, const char *mode) {
  const char *op = "linalg.qr";
  int md;
  if (!mode || !strcmp(mode, "reduced")) md = 0;
  else if (!strcmp(mode, "complete")) md = 1;
  else if (!strcmp(mode, "r")) md = 2;
  else return THError("qr received unrecognized mode '%s' but expected one of 'reduced' (default), 'r', or 'complete'", mode);
  if (checkMatrix(op, a, 0)) return TH_ERR;
  if (!q && md != 2) return THError("%s: Q is needed for mode '%s'", op, mode);
#ifndef TH_LINALG_LAPACK
  (void)r;
  return noLapack(op);
#else
  int64_t m = a->sizes[a->ndim - 2], n = a->sizes[a->ndim - 1], k = m < n ? m : n, batch = prod(a->ndim - 2, a->sizes);
  int64_t qs[TH_MAX_DIMS], rs[TH_MAX_DIMS];
  int qnd = shapeOf(a, 2, 2, m, md == 1 ? m : k, qs), rnd = shapeOf(a, 2, 2, md == 1 ? m : k, n, rs);
  Out oq = {0}, orr = {0};
  int st = TH_OK;
  if (md == 2 && q) {
    int64_t zero = 0;
    st = THCheckOutDtype(op, q, a->dtype) || THTensor_resize(q, 1, &zero) ? TH_ERR : TH_OK;
  } else if (md != 2) {
    st = outBegin(op, &oq, q, a->dtype, qnd, qs, 1, a, NULL);
  }
  if (!st) st = outBegin(op, &orr, r, a->dtype, rnd, rs, 1, a, NULL);
  THTensor *acm = st ? NULL : newColMajorCopy(a, a->dtype, a->ndim, a->sizes);
  if (!st && !acm) st = TH_ERR;
  if (!st && batch > 0) {
    int info = LA_CALL(a->dtype, qr, dataOf(acm), batch, (lapack_int)m, (lapack_int)n, md, md == 2 ? NULL : dataOf(oq.w),
                       dataOf(orr.w));
    if (info == LA_NOMEM) st = TH_ERR;
  }
  THTensor_free(acm);
  st = outEnd(&orr, st);
  return md == 2 ? st : outEnd(&oq, st);
#endif
}

/* ---- svd ---- */

#ifdef TH_LINALG_LAPACK
static int svdError(const char *op, int info, int ndim, int64_t bad) {
  char pre[64];
  batchPrefix(pre, sizeof pre, ndim, bad);
  if (info == LA_NOMEM) return TH_ERR;
  if (info < 0) /* LAPACKE's -5 is gesdd's -4: A has a NaN */
    return THError("linalg.svd: %sThe algorithm failed to converge because the input matrix contained non-finite values.", pre);
  return THError("linalg.svd: %sThe algorithm failed to converge because the input matrix is ill-conditioned or has too many "
                 "repeated singular values (error code: %d).", pre, info);
}
#endif

int THLinalg_svd(THTensor *u, THTensor *s, THTensor *vh, const THTensor *a, int fullMatrices) {
  const char *op = "linalg.svd";
  if (checkMatrix(op, a, 0)) return TH_ERR;
#ifndef TH_LINALG_LAPACK
  (void)u, (void)s, (void)vh, (void)fullMatrices;
  return noLapack(op);
#else
  int values = !u || !vh;
  int64_t m = a->sizes[a->ndim - 2], n = a->sizes[a->ndim - 1], k = m < n ? m : n, batch = prod(a->ndim - 2, a->sizes);
  char jobz = values ? 'N' : fullMatrices ? 'A' : 'S';
  int64_t us[TH_MAX_DIMS], ss[TH_MAX_DIMS], vs[TH_MAX_DIMS];
  int und = shapeOf(a, 2, 2, m, jobz == 'A' ? m : k, us), snd = shapeOf(a, 2, 1, k, 0, ss),
      vnd = shapeOf(a, 2, 2, jobz == 'A' ? n : k, n, vs);
  Out ou = {0}, os = {0}, ov = {0};
  int st = outBegin(op, &os, s, a->dtype, snd, ss, 0, a, NULL);
  if (!st && !values) st = outBegin(op, &ou, u, a->dtype, und, us, 1, a, NULL);
  if (!st && !values) st = outBegin(op, &ov, vh, a->dtype, vnd, vs, 1, a, NULL);
  THTensor *acm = st ? NULL : newColMajorCopy(a, a->dtype, a->ndim, a->sizes);
  if (!st && !acm) st = TH_ERR;
  if (!st && batch > 0) {
    int64_t bad = 0;
    int info = LA_CALL(a->dtype, gesdd, dataOf(acm), batch, (lapack_int)m, (lapack_int)n, jobz, dataOf(os.w),
                       values ? NULL : dataOf(ou.w), values ? NULL : dataOf(ov.w), &bad);
    if (info) st = svdError(op, info, a->ndim, bad);
  }
  THTensor_free(acm);
  st = outEnd(&os, st);
  if (!values) st = outEnd(&ou, st), st = outEnd(&ov, st);
  return st;
#endif
}

int THLinalg_svdvals(THTensor *s, const THTensor *a) { return THLinalg_svd(NULL, s, NULL, a, 0); }

/* ---- eigh, eig ---- */

int THLinalg_eigh(THTensor *w, THTensor *v, const THTensor *a, char uplo) {
  const char *op = "linalg.eigh";
  if (uplo != 'L' && uplo != 'U' && uplo != 'l' && uplo != 'u')
    return THError("Expected UPLO argument to be 'L' or 'U', but got %c", uplo);
  if (checkMatrix(op, a, 1)) return TH_ERR;
#ifndef TH_LINALG_LAPACK
  (void)w, (void)v;
  return noLapack(op);
#else
  uplo = uplo == 'l' ? 'L' : uplo == 'u' ? 'U' : uplo;
  int64_t n = a->sizes[a->ndim - 1], batch = prod(a->ndim - 2, a->sizes);
  int64_t ws[TH_MAX_DIMS];
  int wnd = shapeOf(a, 2, 1, n, 0, ws);
  Out ow = {0}, ov = {0};
  THTensor *acm = NULL;
  int st = outBegin(op, &ow, w, a->dtype, wnd, ws, 0, a, NULL);
  if (!st && v) {
    st = outBegin(op, &ov, v, a->dtype, a->ndim, a->sizes, 1, a, NULL);
    if (!st) st = THTensor_copy(ov.w, a);
  } else if (!st) {
    if (!(acm = newColMajorCopy(a, a->dtype, a->ndim, a->sizes))) st = TH_ERR;
  }
  if (!st && batch > 0) {
    int64_t bad = 0;
    int info = LA_CALL(a->dtype, syevd, dataOf(v ? ov.w : acm), batch, (lapack_int)n, v ? 'V' : 'N', uplo, dataOf(ow.w), &bad);
    char pre[64];
    if (info == LA_NOMEM) st = TH_ERR;
    else if (info)
      st = THError("%s: %sThe algorithm failed to converge because the input matrix is ill-conditioned or has too many "
                   "repeated eigenvalues (error code: %d).", op, batchPrefix(pre, sizeof pre, a->ndim, bad), info);
  }
  THTensor_free(acm);
  st = outEnd(&ow, st);
  return v ? outEnd(&ov, st) : st;
#endif
}

int THLinalg_eigvalsh(THTensor *w, const THTensor *a, char uplo) { return THLinalg_eigh(w, NULL, a, uplo); }

int THLinalg_eig(THTensor *wr, THTensor *wi, THTensor *vr, THTensor *vi, const THTensor *a) {
  const char *op = "linalg.eig";
  if (checkMatrix(op, a, 1)) return TH_ERR;
  if ((vr == NULL) != (vi == NULL)) return THError("%s: give both parts of the eigenvectors or neither", op);
#ifndef TH_LINALG_LAPACK
  (void)wr, (void)wi;
  return noLapack(op);
#else
  int64_t n = a->sizes[a->ndim - 1], batch = prod(a->ndim - 2, a->sizes);
  int64_t ws[TH_MAX_DIMS];
  int wnd = shapeOf(a, 2, 1, n, 0, ws);
  Out o1 = {0}, o2 = {0}, o3 = {0}, o4 = {0};
  int st = outBegin(op, &o1, wr, a->dtype, wnd, ws, 0, a, NULL);
  if (!st) st = outBegin(op, &o2, wi, a->dtype, wnd, ws, 0, a, NULL);
  if (!st && vr) st = outBegin(op, &o3, vr, a->dtype, a->ndim, a->sizes, 1, a, NULL);
  if (!st && vr) st = outBegin(op, &o4, vi, a->dtype, a->ndim, a->sizes, 1, a, NULL);
  THTensor *acm = st ? NULL : newColMajorCopy(a, a->dtype, a->ndim, a->sizes);
  if (!st && !acm) st = TH_ERR;
  if (!st) {
    int64_t total = batch * n * n;
    int finite = 1;
    if (a->dtype == TH_Float32) {
      const float *p = dataOf(acm);
      for (int64_t i = 0; i < total; i++) finite &= isfinite(p[i]) != 0;
    } else {
      const double *p = dataOf(acm);
      for (int64_t i = 0; i < total; i++) finite &= isfinite(p[i]) != 0;
    }
    if (!finite) st = THError("torch.linalg.eig: input tensor should not contain infs or NaNs.");
  }
  if (!st && batch > 0) {
    int64_t bad = 0;
    int info = LA_CALL(a->dtype, geev, dataOf(acm), batch, (lapack_int)n, dataOf(o1.w), dataOf(o2.w),
                       vr ? dataOf(o3.w) : NULL, vr ? dataOf(o4.w) : NULL, &bad);
    char pre[64];
    if (info == LA_NOMEM) st = TH_ERR;
    else if (info)
      st = THError("%s: %sThe algorithm failed to converge because the input matrix is ill-conditioned or has too many "
                   "repeated eigenvalues (error code: %d).", op, batchPrefix(pre, sizeof pre, a->ndim, bad), info);
  }
  THTensor_free(acm);
  st = outEnd(&o1, st);
  st = outEnd(&o2, st);
  if (vr) st = outEnd(&o3, st), st = outEnd(&o4, st);
  return st;
#endif
}

/* ---- lstsq ---- */

int THLinalg_lstsq(THTensor *solution, THTensor *residuals, THTensor *rank, THTensor *singularValues, const THTensor *a,
                   const THTensor *b, double rcond, const char *driver) {
  const char *op = "torch.linalg.lstsq";
  int drv;
  if (!driver || !strcmp(driver, "gelsy")) drv = 1;
  else if (!strcmp(driver, "gels")) drv = 0;
  else if (!strcmp(driver, "gelsd")) drv = 2;
  else if (!strcmp(driver, "gelss")) drv = 3;
  else return THError("%s: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)", op);
  if (a->ndim < 2) return THError("%s: input must have at least 2 dimensions.", op);
  if (b->ndim < 1) return THError("%s: other must have at least 1 dimension.", op);
  if (checkFloat(op, a) || checkFloat(op, b)) return TH_ERR;
  if (a->dtype != b->dtype)
    return THError("%s: Expected input and other to have the same dtype, but got input's dtype %s and other's dtype %s", op,
                   THDType_name(a->dtype), THDType_name(b->dtype));
  int diff = a->ndim - b->ndim;
  if (diff < 0 || diff > 1)
    return THError("%s: input.dim() must be greater or equal to other.dim() and (input.dim() - other.dim()) <= 1", op);
  int vector = diff == 1;
  int64_t m = a->sizes[a->ndim - 2], n = a->sizes[a->ndim - 1];
  int64_t brows = vector ? b->sizes[b->ndim - 1] : b->sizes[b->ndim - 2], k = vector ? 1 : b->sizes[b->ndim - 1];
  if (m != brows)
    return THError("%s: input.size(-2) should match other.size(%d)", op, vector ? -1 : -2);
  if (m > INT_MAX || n > INT_MAX || k > INT_MAX) return THError("%s: matrices too large for LAPACK", op);
  int nbat;
  int64_t bat[TH_MAX_DIMS + 2];
  if (THBroadcastShapes(a->ndim - 2, a->sizes, vector ? b->ndim - 1 : b->ndim - 2, b->sizes, &nbat, bat)) return TH_ERR;
  if (nbat + 2 > TH_MAX_DIMS) return THError("%s: too many dimensions", op);
#ifndef TH_LINALG_LAPACK
  (void)solution, (void)residuals, (void)rank, (void)singularValues, (void)rcond, (void)drv;
  return noLapack(op);
#else
  THDType dt = a->dtype;
  int64_t batch = prod(nbat, bat), ldb = m > n ? m : n, mn = m < n ? m : n;
  if (rcond != rcond) rcond = (dt == TH_Float32 ? FLT_EPSILON : DBL_EPSILON) * (double)ldb;
  int64_t xs[TH_MAX_DIMS], as[TH_MAX_DIMS], ss[TH_MAX_DIMS], solS[TH_MAX_DIMS];
  memcpy(xs, bat, sizeof(int64_t) * (size_t)nbat);
  memcpy(as, bat, sizeof(int64_t) * (size_t)nbat);
  memcpy(ss, bat, sizeof(int64_t) * (size_t)nbat);
  memcpy(solS, bat, sizeof(int64_t) * (size_t)nbat);
  xs[nbat] = ldb, xs[nbat + 1] = k;
  as[nbat] = m, as[nbat + 1] = n;
  ss[nbat] = mn;
  solS[nbat] = n, solS[nbat + 1] = k;
  int st = TH_OK;
  THTensor *acm = newColMajorCopy(a, dt, nbat + 2, as), *x = newColMajor(dt, nbat + 2, xs), *sv = NULL, *rk = NULL;
  THTensor *xtop = NULL, *bv = NULL, *sol = NULL;
  if (drv >= 2) sv = THTensor_newWithSize(dt, nbat + 1, ss);
  rk = THTensor_newWithSize(TH_Int64, nbat, bat);
  if (!acm || !x || !rk || (drv >= 2 && !sv)) st = TH_ERR;
  if (!st) st = THTensor_zero(x);
  if (!st) {
    xtop = THTensor_newNarrow(x, nbat, 0, m);
    bv = vector ? THTensor_newUnsqueeze(b, b->ndim) : THTensor_newAlias(b);
    if (!xtop || !bv || THTensor_copy(xtop, bv)) st = TH_ERR;
  }
  if (!st && batch > 0) {
    int64_t bad = 0;
    int info = LA_CALL(dt, lstsq, dataOf(acm), dataOf(x), batch, (lapack_int)m, (lapack_int)n, (lapack_int)k,
                       (lapack_int)(ldb > 0 ? ldb : 1), drv, rcond, sv ? dataOf(sv) : NULL, dataOf(rk), &bad);
    char pre[64];
    batchPrefix(pre, sizeof pre, nbat + 2, bad);
    if (info == LA_NOMEM) st = TH_ERR;
    else if (info > 0 && drv == 0)
      st = THError("%s: %sThe least squares solution could not be computed because the input matrix does not have full "
                   "rank (error code: %d).", op, pre, info);
    else if (info > 0)
      st = THError("%s: %sThe algorithm failed to converge because the input matrix is ill-conditioned (error code: %d).", op,
                   pre, info);
    else if (info < 0) st = THError("%s: %sLAPACK reported an invalid argument %d", op, pre, -info);
  }
  /* solution */
  if (!st) {
    sol = THTensor_newNarrow(x, nbat, 0, n);
    if (sol && vector) {
      THTensor *sq = THTensor_newSqueezeDim(sol, nbat + 1);
      THTensor_free(sol);
      sol = sq;
    }
    if (!sol) st = TH_ERR;
  }
  if (!st && solution && solution->dtype == dt && solution->ndim == 1 && solution->sizes[0] == 0 &&
      solution->storage != a->storage && solution->storage != b->storage) {
    /* a fresh result is a view of the LAPACK buffer, as in PyTorch (the first n of max(m, n) rows) */
    THStorage_retain(sol->storage);
    THStorage_free(solution->storage);
    solution->storage = sol->storage;
    solution->offset = sol->offset;
    solution->ndim = sol->ndim;
    memcpy(solution->sizes, sol->sizes, sizeof(int64_t) * (size_t)sol->ndim);
    memcpy(solution->strides, sol->strides, sizeof(int64_t) * (size_t)sol->ndim);
    THTensor_bumpVersion(solution);
  } else {
    Out o = {0};
    if (!st) st = outBegin(op, &o, solution, dt, sol->ndim, sol->sizes, !vector, a, b);
    if (!st) st = THTensor_copy(o.w, sol);
    st = outEnd(&o, st);
  }
  /* residuals */
  if (!st && residuals) {
    int want = m > n && drv != 1;
    if (want && drv >= 2) {
      const int64_t *rp = dataOf(rk);
      for (int64_t i = 0; i < batch; i++)
        if (rp[i] != n) want = 0;
    }
    int64_t rs[TH_MAX_DIMS], zero = 0;
    memcpy(rs, bat, sizeof(int64_t) * (size_t)nbat);
    rs[nbat] = k;
    Out orr;
    st = outBegin(op, &orr, residuals, dt, want ? nbat + 1 : 1, want ? rs : &zero, 0, a, b);
    if (!st && want && batch > 0)
      LA_CALL(dt, residuals, dataOf(x), batch, (lapack_int)m, (lapack_int)n, (lapack_int)k, (lapack_int)ldb, dataOf(orr.w));
    st = outEnd(&orr, st);
  }
  if (!st && rank) {
    int64_t zero = 0;
    Out ork;
    st = outBegin(op, &ork, rank, TH_Int64, drv == 0 ? 1 : nbat, drv == 0 ? &zero : bat, 0, a, b);
    if (!st && drv != 0) st = THTensor_copy(ork.w, rk);
    st = outEnd(&ork, st);
  }
  if (!st && singularValues) {
    int64_t zero = 0;
    Out osv;
    st = outBegin(op, &osv, singularValues, dt, sv ? nbat + 1 : 1, sv ? ss : &zero, 0, a, b);
    if (!st && sv) st = THTensor_copy(osv.w, sv);
    st = outEnd(&osv, st);
  }
  THTensor_free(acm);
  THTensor_free(x);
  THTensor_free(sv);
  THTensor_free(rk);
  THTensor_free(xtop);
  THTensor_free(bv);
  THTensor_free(sol);
  return st;
#endif
}

/* ---- pinv, matrix_rank ---- */

LA_MAYBE_UNUSED static void defaultTols(double *atol, double *rtol, THDType dt, int64_t m, int64_t n) {
  double eps = dt == TH_Float32 ? FLT_EPSILON : DBL_EPSILON;
  double def = eps * (double)(m > n ? m : n);
  if (*rtol != *rtol) *rtol = *atol != *atol ? def : (*atol > 0 ? 0 : def);
  if (*atol != *atol) *atol = 0;
}

#ifdef TH_LINALG_LAPACK
/* Singular values (|eigenvalues| when hermitian) of a, and optionally the factors for pinv:
 * u (m x k), vt (k x n) in malloc'd buffers the caller frees. */
typedef struct Spectrum {
  void *s, *u, *vt;
  int64_t k;
} Spectrum;

static int spectrum(const char *op, const THTensor *a, int hermitian, int vectors, Spectrum *sp) {
  THDType dt = a->dtype;
  size_t el = THDType_size(dt);
  int64_t m = a->sizes[a->ndim - 2], n = a->sizes[a->ndim - 1], k = m < n ? m : n, batch = prod(a->ndim - 2, a->sizes);
  memset(sp, 0, sizeof *sp);
  sp->k = k;
  THTensor *acm = newColMajorCopy(a, dt, a->ndim, a->sizes);
  if (!acm) return TH_ERR;
  int st = TH_OK;
  sp->s = malloc(el * (size_t)(batch * k + 1));
  if (vectors) {
    sp->u = malloc(el * (size_t)(batch * m * k + 1));
    sp->vt = malloc(el * (size_t)(batch * k * n + 1));
  }
  if (!sp->s || (vectors && (!sp->u || !sp->vt))) st = THError("%s: out of memory", op);
  if (!st && batch > 0 && k > 0) {
    int64_t bad = 0;
    int info;
    if (hermitian) {
      info = LA_CALL(dt, syevd, dataOf(acm), batch, (lapack_int)n, vectors ? 'V' : 'N', 'L', sp->s, &bad);
      if (!info && vectors) {
        memcpy(sp->u, dataOf(acm), el * (size_t)(batch * n * n));
        LA_CALL(dt, transpose, dataOf(acm), batch, (lapack_int)n, (lapack_int)n, sp->vt);
      }
      char pre[64];
      if (info && info != LA_NOMEM)
        THError("linalg.eigh: %sThe algorithm failed to converge because the input matrix is ill-conditioned or has too many "
                "repeated eigenvalues (error code: %d).", batchPrefix(pre, sizeof pre, a->ndim, bad), info);
    } else {
      info = LA_CALL(dt, gesdd, dataOf(acm), batch, (lapack_int)m, (lapack_int)n, vectors ? 'S' : 'N', sp->s, sp->u, sp->vt, &bad);
      if (info) svdError(op, info, a->ndim, bad);
    }
    if (info) st = TH_ERR;
  }
  THTensor_free(acm);
  if (st) free(sp->s), free(sp->u), free(sp->vt), memset(sp, 0, sizeof *sp);
  return st;
}
#endif

int THLinalg_pinv(THTensor *r, const THTensor *a, double atol, double rtol, int hermitian) {
  const char *op = "linalg.pinv";
  if (checkMatrix(op, a, hermitian)) return TH_ERR;
#ifndef TH_LINALG_LAPACK
  (void)r, (void)atol, (void)rtol;
  return noLapack(op);
#else
  THDType dt = a->dtype;
  int64_t m = a->sizes[a->ndim - 2], n = a->sizes[a->ndim - 1], batch = prod(a->ndim - 2, a->sizes);
  defaultTols(&atol, &rtol, dt, m, n);
  int64_t rs[TH_MAX_DIMS];
  int rnd = shapeOf(a, 2, 2, n, m, rs);
  Out o;
  int st = outBegin(op, &o, r, dt, rnd, rs, 0, a, NULL);
  if (st || batch == 0 || m == 0 || n == 0) {
    if (!st) st = THTensor_zero(o.w);
    return outEnd(&o, st);
  }
  Spectrum sp;
  st = spectrum(op, a, hermitian, 1, &sp);
  if (!st) {
    void *sinv = malloc(THDType_size(dt) * (size_t)(batch * sp.k));
    if (!sinv) st = THError("%s: out of memory", op);
    else {
      LA_CALL(dt, threshold, sp.s, batch, (lapack_int)sp.k, atol, rtol, sinv, NULL);
      /* the result (n x m, row-major) is U diag(sinv) Vt as an m x n column-major matrix */
      LA_CALL(dt, scaledProduct, sp.u, sinv, sp.vt, batch, (lapack_int)m, (lapack_int)n, (lapack_int)sp.k, dataOf(o.w));
      free(sinv);
    }
    free(sp.s), free(sp.u), free(sp.vt);
  }
  return outEnd(&o, st);
#endif
}

int THLinalg_matrixRank(THTensor *r, const THTensor *a, double atol, double rtol, int hermitian) {
  const char *op = "linalg.matrix_rank";
  if (checkMatrix(op, a, hermitian)) return TH_ERR;
#ifndef TH_LINALG_LAPACK
  (void)r, (void)atol, (void)rtol;
  return noLapack(op);
#else
  THDType dt = a->dtype;
  int64_t m = a->sizes[a->ndim - 2], n = a->sizes[a->ndim - 1], batch = prod(a->ndim - 2, a->sizes);
  defaultTols(&atol, &rtol, dt, m, n);
  Out o;
  int st = outBegin(op, &o, r, TH_Int64, a->ndim - 2, a->sizes, 0, a, NULL);
  if (st || batch == 0 || m == 0 || n == 0) {
    if (!st) st = THTensor_zero(o.w);
    return outEnd(&o, st);
  }
  Spectrum sp;
  st = spectrum(op, a, hermitian, 0, &sp);
  if (!st) {
    LA_CALL(dt, threshold, sp.s, batch, (lapack_int)sp.k, atol, rtol, NULL, (int64_t *)dataOf(o.w));
    free(sp.s);
  }
  return outEnd(&o, st);
#endif
}

/* ---- vector_norm ---- */

static int checkNormDtype(const char *op, const THTensor *a, int dtype, THDType *rt) {
  if (!THDType_isFloating(a->dtype))
    return THError("%s: Expected a floating point tensor as input. Got %s", op, THDType_name(a->dtype));
  if (dtype >= 0) {
    if (dtype >= TH_NumDTypes || !THDType_isFloating((THDType)dtype))
      return THError("%s: dtype should be floating point, but got %s", op,
                     dtype < TH_NumDTypes ? THDType_name((THDType)dtype) : "an invalid dtype");
    *rt = (THDType)dtype;
  } else {
    *rt = a->dtype;
  }
  return TH_OK;
}

int THLinalg_vectorNorm(THTensor *r, const THTensor *a, double ord, int ndims, const int64_t *dims, int keepdim,
                        int dtype) {
  if (THLinalg_vectorNormCheck(a, ord, ndims, dims, dtype)) return TH_ERR;
  /* the reduction itself is the reductions' norm, on the shared reduction iterator (THReduce.h) */
  return THTensor_norm(r, a, ord, !dims || ndims == 0 ? 0 : ndims, dims, keepdim, dtype >= 0 ? (THDType)dtype : TH_DTYPE_NONE);
}

int THLinalg_vectorNormCheck(const THTensor *a, double ord, int ndims, const int64_t *dims, int dtype) {
  const char *op = "linalg.vector_norm";
  THDType rt = a->dtype;
  if (checkNormDtype(op, a, dtype, &rt)) return TH_ERR; /* PyTorch's linalg messages, before THTensor_norm's */
  int reduce[TH_MAX_DIMS] = {0};
  int all = !dims || ndims == 0;
  if (!all) {
    for (int i = 0; i < ndims; i++) {
      int d;
      if (THTensor_wrapDim(a, dims[i], &d)) return TH_ERR;
      if (a->ndim == 0) continue;
      if (reduce[d]) return THError("dim %d appears multiple times in the list of dims", d);
      reduce[d] = 1;
    }
  } else {
    for (int i = 0; i < a->ndim; i++) reduce[i] = 1;
  }
  if ((ord < 0 || isinf(ord)) && THTensor_numel(a) == 0) {
    char ob[32];
    snprintf(ob, sizeof ob, "%g", ord);
    if (all)
      return THError("linalg.vector_norm cannot compute the %s norm on an empty tensor because the operation does not "
                     "have an identity", ob);
    for (int i = 0; i < a->ndim; i++)
      if (reduce[i] && a->sizes[i] == 0)
        return THError("linalg.vector_norm cannot compute the %s norm on the dimension %d because this dimension is empty "
                       "and the operation does not have an identity", ob, i);
  }
  return TH_OK;
}

/* ---- matrix_norm ---- */

/* max (or min) over columns of the column sums of |x| for each (rows x cols) matrix of a strided view.
 * When a row is contiguous-ish (|cs| < |rs|) the sums are accumulated row by row into sums[] so
 * the inner loop walks memory in order. */
#define ABS_COLSUM(T, NAME)                                                                                       \
  static void NAME(const T *x, int64_t batch, const int64_t *bsz, const int64_t *bst, int nb, int64_t rows,     \
                   int64_t cols, int64_t rs, int64_t cs, int wantMax, double *sums, double *out) {               \
    int64_t idx[TH_MAX_DIMS] = {0};                                                                           \
    int byRow = (cs < 0 ? -cs : cs) < (rs < 0 ? -rs : rs);                                                    \
    for (int64_t b = 0; b < batch; b++) {                                                                     \
      int64_t off = 0;                                                                                        \
      for (int d = 0; d < nb; d++) off += idx[d] * bst[d];                                                    \
      if (byRow) {                                                                                            \
        for (int64_t c = 0; c < cols; c++) sums[c] = 0;                                                       \
        for (int64_t r = 0; r < rows; r++) {                                                                  \
          const T *row = x + off + r * rs;                                                                    \
          if (cs == 1)                                                                                        \
            for (int64_t c = 0; c < cols; c++) sums[c] += fabs((double)row[c]);                               \
          else                                                                                                \
            for (int64_t c = 0; c < cols; c++) sums[c] += fabs((double)row[c * cs]);                          \
        }                                                                                                     \
      } else {                                                                                                \
        for (int64_t c = 0; c < cols; c++) {                                                                  \
          double s = 0;                                                                                       \
          const T *col = x + off + c * cs;                                                                    \
          for (int64_t r = 0; r < rows; r++) s += fabs((double)col[r * rs]);                                  \
          sums[c] = s;                                                                                        \
        }                                                                                                     \
      }                                                                                                       \
      double best = wantMax ? -INFINITY : INFINITY;                                                           \
      int nan = 0;                                                                                            \
      for (int64_t c = 0; c < cols; c++) {                                                                    \
        double s = sums[c];                                                                                   \
        nan |= s != s;                                                                                        \
        best = wantMax ? (s > best ? s : best) : (s < best ? s : best);                                       \
      }                                                                                                       \
      out[b] = nan ? NAN : best;                                                                              \
      for (int d = nb - 1; d >= 0; d--) {                                                                     \
        if (++idx[d] < bsz[d]) break;                                                                         \
        idx[d] = 0;                                                                                           \
      }                                                                                                       \
    }                                                                                                         \
  }
ABS_COLSUM(float, absColSumF32)
ABS_COLSUM(double, absColSumF64)
#undef ABS_COLSUM

int THLinalg_matrixNorm(THTensor *r, const THTensor *a, const char *ord, int64_t dim0, int64_t dim1, int keepdim,
                        int dtype) {
  const char *op = "linalg.matrix_norm";
  enum { FRO, NUC, INF, NINF, ONE, NONE, TWO, NTWO } kind;
  if (!ord || !strcmp(ord, "fro")) kind = FRO;
  else if (!strcmp(ord, "nuc")) kind = NUC;
  else if (!strcmp(ord, "inf") || !strcmp(ord, "Infinity")) kind = INF;
  else if (!strcmp(ord, "-inf") || !strcmp(ord, "-Infinity")) kind = NINF;
  else if (!strcmp(ord, "1")) kind = ONE;
  else if (!strcmp(ord, "-1")) kind = NONE;
  else if (!strcmp(ord, "2")) kind = TWO;
  else if (!strcmp(ord, "-2")) kind = NTWO;
  else return THError("%s: Order %s not supported.", op, ord);
  if (a->ndim < 2) return THError("%s: The input tensor A must have at least 2 dimensions.", op);
  THDType rt = a->dtype;
  if (checkNormDtype(op, a, dtype, &rt)) return TH_ERR;
  int d0, d1;
  if (THTensor_wrapDim(a, dim0, &d0) || THTensor_wrapDim(a, dim1, &d1)) return TH_ERR;
  if (d0 == d1) return THError("%s: dims must be different. Got (%lld, %lld)", op, (long long)dim0, (long long)dim1);
  if (kind == FRO) {
    int64_t ds[2] = {d0, d1};
    return THLinalg_vectorNorm(r, a, 2, 2, ds, keepdim, dtype);
  }
  /* the matrices as the last two dims (rows = d0, cols = d1; inf norms are 1 norms of the transpose) */
  int64_t perm[TH_MAX_DIMS], os[TH_MAX_DIMS];
  int np = 0, ond = 0;
  for (int i = 0; i < a->ndim; i++)
    if (i != d0 && i != d1) perm[np++] = i;
  int colsum = kind == ONE || kind == NONE;
  int rowsum = kind == INF || kind == NINF;
  perm[np++] = rowsum ? d1 : d0;
  perm[np++] = rowsum ? d0 : d1;
  for (int i = 0; i < a->ndim; i++)
    if (i == d0 || i == d1) {
      if (keepdim) os[ond++] = 1;
    } else {
      os[ond++] = a->sizes[i];
    }
  int nb = a->ndim - 2;
  THTensor *pv = THTensor_newPermute(a, a->ndim, perm), *cv = NULL, *tmp = NULL;
  int st = pv ? TH_OK : TH_ERR;
  int64_t batch = pv ? prod(nb, pv->sizes) : 0;
  int64_t rows = pv ? pv->sizes[nb] : 0, cols = pv ? pv->sizes[nb + 1] : 0;
  if (!st && (colsum || rowsum)) {
    if (cols == 0 && batch > 0)
      st = THError("%s: Expected reduction dim %lld to have non-zero size.", op, (long long)(rowsum ? dim0 : dim1));
    THDType ct = rt == TH_Float64 ? TH_Float64 : TH_Float32;
    if (!st) {
      if (rt != a->dtype && ct != rt) {
        THTensor *t1 = THTensor_newTo(pv, rt, 1);
        cv = t1 ? THTensor_newTo(t1, ct, 1) : NULL;
        THTensor_free(t1);
      } else {
        cv = THTensor_newTo(pv, ct, 0);
      }
      if (!cv || !(tmp = THTensor_newWithSize(TH_Float64, ond, os))) st = TH_ERR;
    }
    double *sums = !st && batch > 0 ? malloc(sizeof(double) * (size_t)(cols > 0 ? cols : 1)) : NULL;
    if (!st && batch > 0 && !sums) st = THError("%s: out of memory", op);
    if (!st && batch > 0) {
      int wantMax = kind == ONE || kind == INF;
      if (ct == TH_Float32)
        absColSumF32((const float *)dataOf(cv), batch, cv->sizes, cv->strides, nb, rows, cols, cv->strides[nb],
                     cv->strides[nb + 1], wantMax, sums, dataOf(tmp));
      else
        absColSumF64((const double *)dataOf(cv), batch, cv->sizes, cv->strides, nb, rows, cols, cv->strides[nb],
                     cv->strides[nb + 1], wantMax, sums, dataOf(tmp));
    }
    free(sums);
  } else if (!st) {
    /* nuc, 2, -2: singular values */
    THTensor *src = NULL;
    if (rt != a->dtype) src = THTensor_newTo(pv, rt, 1);
    else src = THTensor_newAlias(pv);
    THTensor *sv = src ? THTensor_new(rt == TH_Float64 ? TH_Float64 : rt) : NULL;
    if (!src || !sv) st = TH_ERR;
    int64_t k = rows < cols ? rows : cols;
    if (!st && kind != NUC && k == 0 && batch > 0)
      st = THError("%s: Expected reduction dim -1 to have non-zero size.", op);
    if (!st) st = THLinalg_svdvals(sv, src);
    if (!st && !(tmp = THTensor_newWithSize(TH_Float64, ond, os))) st = TH_ERR;
    if (!st) {
      double *t = dataOf(tmp);
      for (int64_t b = 0; b < batch; b++) {
        double acc = 0;
        for (int64_t i = 0; i < k; i++) {
          double v = sv->dtype == TH_Float32 ? ((const float *)dataOf(sv))[b * k + i] : ((const double *)dataOf(sv))[b * k + i];
          if (kind == NUC) acc += v;
          else if (i == (kind == TWO ? 0 : k - 1)) acc = v;
        }
        t[b] = acc;
      }
    }
    THTensor_free(src);
    THTensor_free(sv);
  }
  Out o = {0};
  if (!st) st = outBegin(op, &o, r, rt, ond, os, 0, a, NULL);
  if (!st) st = THTensor_copy(o.w, tmp);
  st = outEnd(&o, st);
  THTensor_free(pv);
  THTensor_free(cv);
  THTensor_free(tmp);
  return st;
}

/* ---- matrix_power ---- */

int THLinalg_matrixPower(THTensor *r, const THTensor *a, int64_t n) {
  const char *op = "linalg.matrix_power";
  if (a->ndim < 2) return THError("%s: The input tensor A must have at least 2 dimensions.", op);
  if (a->sizes[a->ndim - 1] != a->sizes[a->ndim - 2])
    return THError("%s: A must be batches of square matrices, but they are %lld by %lld matrices", op,
                   (long long)a->sizes[a->ndim - 2], (long long)a->sizes[a->ndim - 1]);
  Out o;
  int st = outBegin(op, &o, r, a->dtype, a->ndim, a->sizes, 0, a, NULL);
  if (st) return outEnd(&o, st);
  if (n == 0) { /* identities */
    THTensor *d = NULL;
    st = THTensor_zero(o.w);
    if (!st && !(d = THTensor_newDiagonal(o.w, 0, -2, -1))) st = TH_ERR;
    if (!st) st = THTensor_fill(d, 1);
    THTensor_free(d);
    return outEnd(&o, st);
  }
  THTensor *base = NULL, *z = NULL, *res = NULL;
  if (n < 0) {
    base = THTensor_new(a->dtype);
    if (!base || THLinalg_inv(base, a)) st = TH_ERR;
    n = n == INT64_MIN ? INT64_MAX : -n; /* A^INT64_MIN is never computable anyway */
  } else {
    base = THTensor_newAlias(a);
    if (!base) st = TH_ERR;
  }
  /* binary powering in PyTorch's order: z = A, A^2, A^4, ...; result = result @ z for each set bit */
  int done = 0; /* the last product went straight into o.w */
  while (!st && n > 0) {
    int bit = (int)(n & 1);
    n >>= 1;
    int last = n == 0; /* the top bit: this step makes the result */
    if (z) {
      int direct = last && !res; /* the result is this square itself */
      THTensor *z2 = direct ? o.w : THTensor_new(a->dtype);
      if (direct) THTensor_retain(z2);
      if (!z2 || THTensor_matmul(z2, z, z)) st = TH_ERR;
      THTensor_free(z);
      z = z2;
      done = direct;
    } else {
      THTensor_retain(base);
      z = base;
    }
    if (!st && bit) {
      if (res) {
        THTensor *r2 = last ? o.w : THTensor_new(a->dtype);
        if (last) THTensor_retain(r2);
        if (!r2 || THTensor_matmul(r2, res, z)) st = TH_ERR;
        THTensor_free(res);
        res = r2;
        done = last;
      } else {
        THTensor_retain(z);
        res = z;
      }
    }
  }
  if (!st && !done) st = THTensor_copy(o.w, res);
  THTensor_free(base);
  THTensor_free(z);
  THTensor_free(res);
  return outEnd(&o, st);
}
