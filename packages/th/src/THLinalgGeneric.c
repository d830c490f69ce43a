/* THLinalgGeneric.c — the LAPACK kernels of THLinalg.c for one real type. THLinalg.c includes this
 * file twice (float, double) with TH_LINALG_REAL defined; compiled on its own it is empty.
 *
 * Each kernel takes a batch of column-major matrices, one after another (matrix b starts at
 * b * rows * cols), calls LAPACK once per matrix with one workspace for the whole batch, and
 * returns 0, a LAPACK info (with *bad = the batch element it came from), or LA_NOMEM (error set). */
#ifdef TH_LINALG_REAL

#define real TH_LINALG_REAL

/* The small, often batched factorizations below run one matrix per call of a function that
 * laBatch (THLinalg.c) spreads over threads for large batches of small matrices; each thread has
 * its own scratch (pivots, workspace). */

typedef struct LA(InvCtx) {
  real *a;
  lapack_int n, lwork;
} LA(InvCtx);

static int LA(invOne)(void *c, int64_t b, void *scratch) {
  LA(InvCtx) *x = c;
  lapack_int n = x->n, *ipiv = scratch;
  real *work = (real *)(ipiv + n + (n & 1)), *m = x->a + b * n * n;
  lapack_int info = LPK(getrf)(LAPACK_COL_MAJOR, n, n, m, n, ipiv);
  if (info == 0) info = LPK(getri)(LAPACK_COL_MAJOR, n, m, n, ipiv, work, x->lwork);
  return info;
}

static int LA(inv)(real *a, int64_t batch, lapack_int n, int64_t *bad) {
  real q = 0;
  lapack_int dummy = 0;
  LPK(getri)(LAPACK_COL_MAJOR, n, a, n, &dummy, &q, -1);
  LA(InvCtx) c = {a, n, (lapack_int)q > 1 ? (lapack_int)q : 1};
  size_t scratch = sizeof(lapack_int) * (size_t)(n + 1) + sizeof(real) * (size_t)c.lwork;
  return laBatch(batch, n, scratch, LA(invOne), &c, bad);
}

typedef struct LA(DetCtx) {
  real *a, *det, *sign, *logabs;
  lapack_int n;
} LA(DetCtx);

/* LU-factorizes one matrix (overwritten) and writes det, or sign and log|det|. */
static int LA(detOne)(void *c, int64_t b, void *scratch) {
  LA(DetCtx) *x = c;
  lapack_int n = x->n, *ipiv = scratch;
  real *m = x->a + b * n * n;
  if (n > 0) LPK(getrf)(LAPACK_COL_MAJOR, n, n, m, n, ipiv); /* info > 0: singular, a zero on the diagonal */
  int neg = 0;
  real prod = 1, logsum = 0, sgn = 1;
  for (lapack_int i = 0; i < n; i++) {
    real d = m[i + (int64_t)i * n];
    if (ipiv[i] != i + 1) neg ^= 1;
    if (x->det) prod *= d;
    else {
      sgn *= d < 0 ? -1 : d > 0 ? 1 : 0; /* d is 0 or NaN: the sign becomes 0 (PyTorch's sign(NaN) is 0) */
      logsum += LM(log)(LM(fabs)(d));
    }
  }
  if (x->det) x->det[b] = neg ? -prod : prod;
  else {
    x->sign[b] = neg ? -sgn : sgn;
    x->logabs[b] = logsum;
  }
  return 0;
}

static int LA(luDet)(real *a, int64_t batch, lapack_int n, real *det, real *sign, real *logabs) {
  LA(DetCtx) c = {a, det, sign, logabs, n};
  int64_t bad = 0;
  return laBatch(batch, n, sizeof(lapack_int) * (size_t)(n + 1), LA(detOne), &c, &bad);
}

typedef struct LA(SolveCtx) {
  real *a, *x;
  lapack_int n, k;
} LA(SolveCtx);

static int LA(gesvOne)(void *c, int64_t b, void *scratch) {
  LA(SolveCtx) *x = c;
  lapack_int n = x->n, k = x->k;
  return LPK(gesv)(LAPACK_COL_MAJOR, n, k, x->a + b * n * n, n, scratch, x->x + b * n * k, n);
}

static int LA(gesv)(real *a, real *x, int64_t batch, lapack_int n, lapack_int k, int64_t *bad) {
  LA(SolveCtx) c = {a, x, n, k};
  return laBatch(batch, n + k / 4, sizeof(lapack_int) * (size_t)(n + 1), LA(gesvOne), &c, bad);
}

typedef struct LA(CholCtx) {
  real *a;
  lapack_int n;
  int upper;
} LA(CholCtx);

static int LA(potrfOne)(void *c, int64_t b, void *scratch) {
  LA(CholCtx) *x = c;
  lapack_int n = x->n;
  real *m = x->a + b * n * n;
  lapack_int info = LPK(potrf)(LAPACK_COL_MAJOR, x->upper ? 'U' : 'L', n, m, n);
  if (info) return info;
  for (lapack_int j = 0; j < n; j++) { /* zero the other triangle */
    real *col = m + (int64_t)j * n;
    if (x->upper)
      for (lapack_int i = j + 1; i < n; i++) col[i] = 0;
    else
      for (lapack_int i = 0; i < j; i++) col[i] = 0;
  }
  return 0;
}

static int LA(potrf)(real *a, int64_t batch, lapack_int n, int upper, int64_t *bad) {
  LA(CholCtx) c = {a, n, upper};
  return laBatch(batch, n, 0, LA(potrfOne), &c, bad);
}

/* mode 0 reduced, 1 complete, 2 r only. q: m x qcols, r: rrows x n (both column-major). */
static int LA(qr)(const real *a, int64_t batch, lapack_int m, lapack_int n, int mode, real *q, real *r) {
  lapack_int k = m < n ? m : n, qcols = mode == 1 ? m : k, rrows = mode == 1 ? m : k;
  lapack_int wcols = n > qcols ? n : qcols;
  if (m == 0 || n == 0) {
    memset(r, 0, sizeof(real) * (size_t)(batch * rrows * n));
    if (mode != 2 && qcols > 0) {
      memset(q, 0, sizeof(real) * (size_t)(batch * m * qcols));
      for (int64_t b = 0; b < batch; b++)
        for (lapack_int i = 0; i < qcols && i < m; i++) q[b * m * qcols + i + (int64_t)i * m] = 1;
    }
    return 0;
  }
  real *w = malloc(sizeof(real) * (size_t)m * (size_t)wcols), *tau = malloc(sizeof(real) * (size_t)k);
  real q1 = 0, q2 = 0;
  LPK(geqrf)(LAPACK_COL_MAJOR, m, n, w, m, tau, &q1, -1);
  if (mode != 2) LPK(orgqr)(LAPACK_COL_MAJOR, m, qcols, k, w, m, tau, &q2, -1);
  lapack_int lwork = (lapack_int)(q1 > q2 ? q1 : q2);
  if (lwork < 1) lwork = 1;
  real *work = malloc(sizeof(real) * (size_t)lwork);
  if (!w || !tau || !work) return free(w), free(tau), free(work), laNoMem();
  for (int64_t b = 0; b < batch; b++) {
    memcpy(w, a + b * m * n, sizeof(real) * (size_t)m * (size_t)n);
    LPK(geqrf)(LAPACK_COL_MAJOR, m, n, w, m, tau, work, lwork);
    real *rb = r + b * rrows * n;
    for (lapack_int j = 0; j < n; j++)
      for (lapack_int i = 0; i < rrows; i++) rb[i + (int64_t)j * rrows] = i <= j ? w[i + (int64_t)j * m] : 0;
    if (mode != 2) {
      LPK(orgqr)(LAPACK_COL_MAJOR, m, qcols, k, w, m, tau, work, lwork);
      memcpy(q + b * m * qcols, w, sizeof(real) * (size_t)m * (size_t)qcols);
    }
  }
  free(w);
  free(tau);
  free(work);
  return 0;
}

typedef struct LA(SvdCtx) {
  real *a, *s, *u, *vt;
  lapack_int m, n, k, ucols, vtrows, ldvt, lwork;
  char jobz;
} LA(SvdCtx);

static int LA(gesddOne)(void *c, int64_t b, void *scratch) {
  LA(SvdCtx) *x = c;
  lapack_int m = x->m, n = x->n, k = x->k, *iwork = scratch;
  real *work = (real *)(iwork + 8 * k + ((8 * k) & 1)), dummy = 0;
  int none = x->jobz == 'N';
  real *ub = none ? &dummy : x->u + b * m * x->ucols, *vb = none ? &dummy : x->vt + b * x->vtrows * n;
  return LPK(gesdd)(LAPACK_COL_MAJOR, x->jobz, m, n, x->a + b * m * n, m, x->s + b * k, ub, none ? 1 : m, vb,
                    none ? 1 : x->ldvt, work, x->lwork, iwork);
}

/* gesdd. jobz 'A' (u m x m, vt n x n), 'S' (u m x k, vt k x n) or 'N' (u, vt unused). a is overwritten. */
static int LA(gesdd)(real *a, int64_t batch, lapack_int m, lapack_int n, char jobz, real *s, real *u, real *vt,
                     int64_t *bad) {
  lapack_int k = m < n ? m : n;
  lapack_int ucols = jobz == 'A' ? m : k, vtrows = jobz == 'A' ? n : k;
  if (k == 0) {
    if (jobz == 'A') { /* PyTorch gives identities for the full bases of an empty matrix */
      memset(u, 0, sizeof(real) * (size_t)(batch * m * m));
      memset(vt, 0, sizeof(real) * (size_t)(batch * n * n));
      for (int64_t b = 0; b < batch; b++) {
        for (lapack_int i = 0; i < m; i++) u[b * m * m + i + (int64_t)i * m] = 1;
        for (lapack_int i = 0; i < n; i++) vt[b * n * n + i + (int64_t)i * n] = 1;
      }
    }
    return 0;
  }
  lapack_int ldvt = vtrows > 0 ? vtrows : 1;
  real q = 0, dummy = 0;
  lapack_int idummy = 0;
  LPK(gesdd)(LAPACK_COL_MAJOR, jobz, m, n, a, m, s, jobz == 'N' ? &dummy : u, jobz == 'N' ? 1 : m,
             jobz == 'N' ? &dummy : vt, jobz == 'N' ? 1 : ldvt, &q, -1, &idummy);
  LA(SvdCtx) c = {a, s, u, vt, m, n, k, ucols, vtrows, ldvt, (lapack_int)q > 1 ? (lapack_int)q : 1, jobz};
  size_t scratch = sizeof(lapack_int) * (size_t)(8 * k + 1) + sizeof(real) * (size_t)c.lwork;
  return laBatch(batch, k + (m + n - 2 * k) / 8, scratch, LA(gesddOne), &c, bad);
}

typedef struct LA(EighCtx) {
  real *a, *w;
  lapack_int n, lwork, liwork;
  char jobz, uplo;
} LA(EighCtx);

static int LA(syevdOne)(void *c, int64_t b, void *scratch) {
  LA(EighCtx) *x = c;
  lapack_int n = x->n, *iwork = scratch;
  real *work = (real *)(iwork + x->liwork + (x->liwork & 1));
  return LPK(syevd)(LAPACK_COL_MAJOR, x->jobz, x->uplo, n, x->a + b * n * n, n, x->w + b * n, work, x->lwork, iwork,
                    x->liwork);
}

/* syevd: a (n x n) is overwritten by the eigenvectors when jobz is 'V'. */
static int LA(syevd)(real *a, int64_t batch, lapack_int n, char jobz, char uplo, real *w, int64_t *bad) {
  if (n == 0) return 0;
  real q = 0;
  lapack_int qi = 0;
  LPK(syevd)(LAPACK_COL_MAJOR, jobz, uplo, n, a, n, w, &q, -1, &qi, -1);
  LA(EighCtx) c = {a, w, n, (lapack_int)q > 1 ? (lapack_int)q : 1, qi > 1 ? qi : 1, jobz, uplo};
  size_t scratch = sizeof(lapack_int) * (size_t)(c.liwork + 1) + sizeof(real) * (size_t)c.lwork;
  return laBatch(batch, n, scratch, LA(syevdOne), &c, bad);
}

/* geev of real matrices (a overwritten): eigenvalues wr + i wi; with vr given, the eigenvectors'
 * real parts in vr and imaginary parts in vi (LAPACK packs a conjugate pair in two columns). */
static int LA(geev)(real *a, int64_t batch, lapack_int n, real *wr, real *wi, real *vr, real *vi, int64_t *bad) {
  if (n == 0) return 0;
  char jobvr = vr ? 'V' : 'N';
  real q = 0, dummy = 0;
  real *v = vr ? malloc(sizeof(real) * (size_t)n * (size_t)n) : NULL;
  LPK(geev)(LAPACK_COL_MAJOR, 'N', jobvr, n, a, n, wr, wi, &dummy, 1, vr ? v : &dummy, vr ? n : 1, &q, -1);
  lapack_int lwork = (lapack_int)q > 1 ? (lapack_int)q : 1;
  real *work = malloc(sizeof(real) * (size_t)lwork);
  if (!work || (vr && !v)) return free(work), free(v), laNoMem();
  lapack_int info = 0;
  for (int64_t b = 0; b < batch && info == 0; b++) {
    real *br = wr + b * n, *bi = wi + b * n;
    info = LPK(geev)(LAPACK_COL_MAJOR, 'N', jobvr, n, a + b * n * n, n, br, bi, &dummy, 1, vr ? v : &dummy,
                     vr ? n : 1, work, lwork);
    *bad = b;
    if (info || !vr) continue;
    real *outR = vr + b * n * n, *outI = vi + b * n * n;
    for (lapack_int j = 0; j < n; j++) {
      const real *c = v + (int64_t)j * n;
      if (bi[j] != 0 && j + 1 < n) {
        const real *c2 = c + n;
        for (lapack_int i = 0; i < n; i++) {
          outR[i + (int64_t)j * n] = c[i];
          outI[i + (int64_t)j * n] = c2[i];
          outR[i + (int64_t)(j + 1) * n] = c[i];
          outI[i + (int64_t)(j + 1) * n] = -c2[i];
        }
        j++;
      } else {
        for (lapack_int i = 0; i < n; i++) {
          outR[i + (int64_t)j * n] = c[i];
          outI[i + (int64_t)j * n] = 0;
        }
      }
    }
  }
  free(v);
  free(work);
  return info;
}

/* Least squares: a (m x n, overwritten), x (ldb x k per matrix, holding B on entry). driver 0 gels,
 * 1 gelsy, 2 gelsd, 3 gelss. s (k = min(m, n) per matrix) for gelsd/gelss; rank per matrix. */
static int LA(lstsq)(real *a, real *x, int64_t batch, lapack_int m, lapack_int n, lapack_int nrhs, lapack_int ldb,
                     int driver, real rcond, real *s, int64_t *rank, int64_t *bad) {
  lapack_int mn = m < n ? m : n;
  if (mn == 0 || nrhs == 0) {
    for (int64_t b = 0; b < batch; b++) {
      if (rank) rank[b] = 0;
      if (mn == 0) /* no equations or no unknowns: the solution is 0 */
        for (lapack_int j = 0; j < nrhs; j++)
          for (lapack_int i = 0; i < n; i++) x[b * ldb * nrhs + i + (int64_t)j * ldb] = 0;
    }
    if (nrhs == 0 && mn > 0 && s) { /* still the singular values */
      int64_t dummy;
      real *acopy = a;
      return LA(gesdd)(acopy, batch, m, n, 'N', s, NULL, NULL, &dummy);
    }
    return 0;
  }
  lapack_int lda = m;
  real q = 0, rc = rcond;
  lapack_int qi = 0, r = 0;
  lapack_int *jpvt = driver == 1 ? malloc(sizeof(lapack_int) * (size_t)n) : NULL;
  real dummyS = 0;
  switch (driver) {
    case 0: LPK(gels)(LAPACK_COL_MAJOR, 'N', m, n, nrhs, a, lda, x, ldb, &q, -1); break;
    case 1: LPK(gelsy)(LAPACK_COL_MAJOR, m, n, nrhs, a, lda, x, ldb, jpvt, rc, &r, &q, -1); break;
    case 2: LPK(gelsd)(LAPACK_COL_MAJOR, m, n, nrhs, a, lda, x, ldb, s, rc, &r, &q, -1, &qi); break;
    default: LPK(gelss)(LAPACK_COL_MAJOR, m, n, nrhs, a, lda, x, ldb, s ? s : &dummyS, rc, &r, &q, -1); break;
  }
  lapack_int lwork = (lapack_int)q > 1 ? (lapack_int)q : 1, liwork = qi > 1 ? qi : 1;
  real *work = malloc(sizeof(real) * (size_t)lwork);
  lapack_int *iwork = driver == 2 ? malloc(sizeof(lapack_int) * (size_t)liwork) : NULL;
  if (!work || (driver == 2 && !iwork) || (driver == 1 && !jpvt)) return free(work), free(iwork), free(jpvt), laNoMem();
  lapack_int info = 0;
  for (int64_t b = 0; b < batch && info == 0; b++) {
    real *ab = a + b * m * n, *xb = x + b * ldb * nrhs, *sb = s ? s + b * mn : NULL;
    switch (driver) {
      case 0: info = LPK(gels)(LAPACK_COL_MAJOR, 'N', m, n, nrhs, ab, lda, xb, ldb, work, lwork); break;
      case 1:
        memset(jpvt, 0, sizeof(lapack_int) * (size_t)n);
        info = LPK(gelsy)(LAPACK_COL_MAJOR, m, n, nrhs, ab, lda, xb, ldb, jpvt, rc, &r, work, lwork);
        break;
      case 2: info = LPK(gelsd)(LAPACK_COL_MAJOR, m, n, nrhs, ab, lda, xb, ldb, sb, rc, &r, work, lwork, iwork); break;
      default: info = LPK(gelss)(LAPACK_COL_MAJOR, m, n, nrhs, ab, lda, xb, ldb, sb, rc, &r, work, lwork); break;
    }
    if (rank) rank[b] = r;
    *bad = b;
  }
  free(work);
  free(iwork);
  free(jpvt);
  return info;
}

/* Rows n..m-1 of each solution buffer (ldb x k) squared and summed per column: res (k per matrix). */
static void LA(residuals)(const real *x, int64_t batch, lapack_int m, lapack_int n, lapack_int k, lapack_int ldb,
                          real *res) {
  for (int64_t b = 0; b < batch; b++)
    for (lapack_int j = 0; j < k; j++) {
      const real *c = x + b * ldb * k + (int64_t)j * ldb;
      real acc = 0;
      for (lapack_int i = n; i < m; i++) acc += c[i] * c[i];
      res[b * k + j] = acc;
    }
}

/* Drops (sets to 0) the inverse of singular values <= max(atol, rtol * largest); s has k values
 * per matrix (|s| is compared, for eigenvalues). Returns the count kept in rank (may be NULL) and
 * the inverses in sinv (may be NULL). sortedDesc: s[0] is the largest. */
static void LA(threshold)(const real *s, int64_t batch, lapack_int k, double atol, double rtol, real *sinv,
                          int64_t *rank) {
  for (int64_t b = 0; b < batch; b++) {
    const real *sb = s + b * k;
    real mx = 0;
    for (lapack_int i = 0; i < k; i++) {
      real v = LM(fabs)(sb[i]);
      if (v > mx || v != v) mx = v;
    }
    double tol = rtol * (double)mx;
    if (atol > tol || tol != tol) tol = atol > tol ? atol : tol;
    real t = (real)tol;
    int64_t cnt = 0;
    for (lapack_int i = 0; i < k; i++) {
      real v = LM(fabs)(sb[i]);
      int keep = v > t;
      cnt += keep;
      if (sinv) sinv[b * k + i] = keep ? 1 / sb[i] : 0;
    }
    if (rank) rank[b] = cnt;
  }
}

/* out (m x n column-major, i.e. the n x m result row-major) = U diag(d) Vt with U m x k, Vt k x n,
 * for each matrix. U is scaled in place. */
static void LA(scaledProduct)(real *u, const real *d, const real *vt, int64_t batch, lapack_int m, lapack_int n,
                              lapack_int k, real *out) {
  for (int64_t b = 0; b < batch; b++) {
    real *ub = u + b * m * k;
    const real *db = d + b * k, *vb = vt + b * k * n;
    real *ob = out + b * m * n;
    for (lapack_int j = 0; j < k; j++)
      for (lapack_int i = 0; i < m; i++) ub[i + (int64_t)j * m] *= db[j];
#ifdef TH_HAVE_CBLAS
    if (m > 0 && n > 0) {
      if (k > 0)
        CBL(gemm)(CblasColMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, ub, m, vb, k > 0 ? k : 1, 0, ob, m);
      else
        memset(ob, 0, sizeof(real) * (size_t)m * (size_t)n);
    }
#else
    for (lapack_int j = 0; j < n; j++) {
      real *oc = ob + (int64_t)j * m;
      for (lapack_int i = 0; i < m; i++) oc[i] = 0;
      for (lapack_int l = 0; l < k; l++) {
        real v = vb[l + (int64_t)j * k];
        const real *uc = ub + (int64_t)l * m;
        for (lapack_int i = 0; i < m; i++) oc[i] += uc[i] * v;
      }
    }
#endif
  }
}

/* dst (cols x rows) = the transpose of src (rows x cols), per matrix, both column-major. */
static void LA(transpose)(const real *src, int64_t batch, lapack_int rows, lapack_int cols, real *dst) {
  for (int64_t b = 0; b < batch; b++) {
    const real *s = src + b * rows * cols;
    real *d = dst + b * rows * cols;
    for (lapack_int j = 0; j < cols; j++)
      for (lapack_int i = 0; i < rows; i++) d[j + (int64_t)i * cols] = s[i + (int64_t)j * rows];
  }
}

#undef real
#else
typedef int THLinalgGeneric_isIncludedByTHLinalg;
#endif
