/* test_reduce.c — THC's reductions against libTH's on the same random inputs: every function and
 * dtype; full reductions of 1, 31, 1000, 2^20+3 and ~3e7 elements (the split, two-pass path);
 * [4096, 4096] over dim 1 and dim 0; columns (four outputs a thread, vector loads, and the views
 * that cannot take them); transposed, sliced, permuted and expanded inputs; keepdim and
 * several dims; empty tensors; NaN and infinities; ties of arg-reductions; dtype= and out= of
 * other dtypes; results that overlap the input or are not contiguous; argument errors (every
 * case where TH fails must fail in THC with the same message). Needs a GPU (exit 77 without). */
#include "thc_reduce_test.h"

enum {
  SUM, NANSUM, MEAN, NANMEAN, PROD, AMAX, AMIN, MAX, MIN, MAXDIM, MINDIM, ARGMAX, ARGMIN, AMINMAX, VAR, STD,
  VARMEAN, STDMEAN, NORM, LSE, ALL, ANY, COUNT, NOPS
};
static const char *const opNames[NOPS] = {"sum",    "nansum", "mean",   "nanmean", "prod",   "amax",
                                          "amin",   "max",    "min",    "maxDim",  "minDim", "argmax",
                                          "argmin", "aminmax", "var",   "std",     "varMean", "stdMean",
                                          "norm",   "logsumexp", "all", "any",     "countNonzero"};

/* one call: op over dims (ndim 0: all; single-dim ops take dims[0] when ndim > 0) */
typedef struct Spec {
  int op;
  int ndim;
  int64_t dims[4];
  int keepdim;
  THDType dtype; /* dtype= or TH_DTYPE_NONE */
  double p;      /* norm's p, var's correction */
  THDType out0;  /* the result's dtype, TH_DTYPE_NONE: the default one */
  THDType out1;
} Spec;

static Spec spec(int op, int ndim, const int64_t *dims, int keepdim) {
  Spec s = {op, ndim, {0, 0, 0, 0}, keepdim, TH_DTYPE_NONE, op == NORM ? 2 : 1, TH_DTYPE_NONE, TH_DTYPE_NONE};
  for (int i = 0; i < ndim && i < 4; i++) s.dims[i] = dims[i];
  return s;
}

static THDType resultOr(const char *op, const THTensor *a, THDType dtype, THDType fallback) {
  THDType t;
  if (THTensor_reduceResultType(op, a, dtype, &t)) t = fallback;
  THClearError();
  return t;
}

static void resultTypes(const Spec *s, const THTensor *a, THDType *t0, THDType *t1) {
  THDType at = THTensor_dtype(a);
  *t1 = TH_DTYPE_NONE;
  switch (s->op) {
    case SUM: case NANSUM: case PROD: case MEAN: case NANMEAN:
      *t0 = resultOr(opNames[s->op], a, s->dtype, TH_Float32);
      break;
    case AMAX: case AMIN: case MAX: case MIN: *t0 = at; break;
    case MAXDIM: case MINDIM: *t0 = at, *t1 = TH_Int64; break;
    case ARGMAX: case ARGMIN: case COUNT: *t0 = TH_Int64; break;
    case AMINMAX: *t0 = *t1 = at; break;
    case VAR: case STD: *t0 = resultOr("var", a, TH_DTYPE_NONE, TH_Float32); break;
    case VARMEAN: case STDMEAN: *t0 = *t1 = resultOr("var", a, TH_DTYPE_NONE, TH_Float32); break;
    case NORM: *t0 = resultOr("norm", a, s->dtype, TH_Float32); break;
    case LSE: *t0 = resultOr("logsumexp", a, TH_DTYPE_NONE, TH_Float32); break;
    default: *t0 = at == TH_UInt8 ? TH_UInt8 : TH_Bool; break;
  }
  if (s->out0 != TH_DTYPE_NONE) *t0 = s->out0;
  if (s->out1 != TH_DTYPE_NONE) *t1 = s->out1;
}

/* the op through libTH (dev 0) or libTHC (dev 1) */
static int run(int dev, const Spec *s, const THTensor *a, THTensor *r0, THTensor *r1) {
#define CALL(fn, ...) (dev ? THCTensor_##fn(S, __VA_ARGS__) : THTensor_##fn(__VA_ARGS__))
  const int64_t *d = s->ndim ? s->dims : NULL;
  const int n = s->ndim, hasDim = n > 0, k = s->keepdim;
  const int64_t dim = n > 0 ? s->dims[0] : 0;
  switch (s->op) {
    case SUM: return CALL(sum, r0, a, n, d, k, s->dtype);
    case NANSUM: return CALL(nansum, r0, a, n, d, k, s->dtype);
    case MEAN: return CALL(mean, r0, a, n, d, k, s->dtype);
    case NANMEAN: return CALL(nanmean, r0, a, n, d, k, s->dtype);
    case PROD: return CALL(prod, r0, a, n, d, k, s->dtype);
    case AMAX: return CALL(amax, r0, a, n, d, k);
    case AMIN: return CALL(amin, r0, a, n, d, k);
    case MAX: return CALL(max, r0, a);
    case MIN: return CALL(min, r0, a);
    case MAXDIM: return CALL(maxDim, r0, r1, a, dim, k);
    case MINDIM: return CALL(minDim, r0, r1, a, dim, k);
    case ARGMAX: return CALL(argmax, r0, a, hasDim, dim, k);
    case ARGMIN: return CALL(argmin, r0, a, hasDim, dim, k);
    case AMINMAX: return CALL(aminmax, r0, r1, a, hasDim, dim, k);
    case VAR: return CALL(var, r0, a, n, d, s->p, k);
    case STD: return CALL(std, r0, a, n, d, s->p, k);
    case VARMEAN: return CALL(varMean, r0, r1, a, n, d, s->p, k);
    case STDMEAN: return CALL(stdMean, r0, r1, a, n, d, s->p, k);
    case NORM: return CALL(norm, r0, a, s->p, n, d, k, s->dtype);
    case LSE: return CALL(logsumexp, r0, a, n, d, k);
    case ALL: return CALL(all, r0, a, n, d, k);
    case ANY: return CALL(any, r0, a, n, d, k);
    default: return CALL(countNonzero, r0, a, n, d);
  }
#undef CALL
}

/* elements reduced into each output */
static int64_t reducedCount(const Spec *s, const THTensor *a) {
  int n = THTensor_ndim(a);
  if (s->ndim == 0 || s->op == MAX || s->op == MIN || n == 0) return THTensor_numel(a);
  int single = s->op == MAXDIM || s->op == MINDIM || s->op == ARGMAX || s->op == ARGMIN || s->op == AMINMAX;
  int64_t r = 1;
  for (int i = 0; i < (single ? 1 : s->ndim); i++) {
    int64_t d = s->dims[i] < 0 ? s->dims[i] + n : s->dims[i];
    if (d >= 0 && d < n) r *= THTensor_size(a, (int)d);
  }
  return r;
}

/* tolerances of result k (0, 1): abs + rel * |ref| (integers and extrema are compared exactly) */
/* Set while TH's reference errs in proportion to the count (not its square root): addends equal. */
static int linearErrors;

static void tolerance(const Spec *s, int k, THDType at, THDType t, int64_t R, double scale, double *abs, double *rel) {
  *abs = 0;
  *rel = 0;
  if (!THDType_isFloating(t)) return;
  /* the dtype it is computed in: dtype=, else a floating input's (a result of another dtype is
   * only converted), else the result's */
  THDType ct = s->dtype != TH_DTYPE_NONE ? s->dtype : THDType_isFloating(at) ? at : t;
  if (s->op == LSE && THDType_isFloating(at)) ct = at;
  /* accumulation in double or float; the result is rounded to the coarser of ct and t */
  const double ea = ct == TH_Float64 ? 2.3e-16 : 1.2e-7, eo = fmax(epsOf(t), epsOf(ct));
  const double sq = linearErrors ? (double)R + 1 : sqrt((double)R + 1), lg = linearErrors ? (double)R + 2 : log2((double)R + 2);
  /* a mean's error: a sum's over R, or at worst (equal addends) R rounding errors of the mean's size;
   * 4x that for TH's Welford mean (std_mean) and nanmean, which round more than a sum does (float64
   * rows of 4096 on an H200 differed by 2.2e-16, past 32 * eps / sqrt(R)) */
  const double meanAbs = (linearErrors ? ea * ((double)R + 1) : 128 * ea / sq) * scale;
  switch (s->op) {
    case SUM: case NANSUM: *abs = 32 * ea * sq * scale, *rel = 2 * eo; break;
    case MEAN: case NANMEAN: *abs = meanAbs, *rel = 2 * eo; break;
    case PROD: *abs = 1e-30, *rel = 4 * ea * (double)R + 2 * eo; break;
    case VAR: case STD: case VARMEAN: case STDMEAN:
      if (k == 0) *abs = 1e-30, *rel = 64 * ea * sq + 2 * eo;
      else *abs = meanAbs, *rel = 2 * eo;
      break;
    case NORM: *abs = 1e-30, *rel = ea * (32 + 4 * lg) + 2 * eo; break;
    case LSE: *abs = *rel = ea * (16 + 4 * lg) + 8 * eo; break;
    default: break; /* extrema: exact */
  }
}

/* Set while inputs hold infinities: the mean of var_mean/std_mean is then not compared. TH's
 * Welford pass gives inf when the inf is the last element and NaN otherwise; THC's combination
 * tree gives one or the other depending on where the inf falls. */
static int infInputs;

/* Runs s on ha (host) and da (its device copy) and compares; when TH fails THC must fail with the
 * same message. */
static void runCase(const char *what, const Spec *s, const THTensor *ha, const THTensor *da, double scale) {
  char desc[512], msg[1024];
  snprintf(desc, sizeof desc, "%s: %s(%s %s, dims", what, opNames[s->op], THDType_name(THTensor_dtype(ha)), shapeStr(ha, 0));
  for (int i = 0; i < s->ndim; i++) snprintf(desc + strlen(desc), sizeof desc - strlen(desc), " %lld", (long long)s->dims[i]);
  snprintf(desc + strlen(desc), sizeof desc - strlen(desc), "%s, keepdim %d, p %g)", s->ndim ? "" : " all", s->keepdim, s->p);
  THDType t0, t1;
  resultTypes(s, ha, &t0, &t1);
  THTensor *h0 = THTensor_new(t0), *h1 = t1 != TH_DTYPE_NONE ? THTensor_new(t1) : NULL;
  THTensor *d0 = THCTensor_new(S, t0, 0), *d1 = t1 != TH_DTYPE_NONE ? THCTensor_new(S, t1, 0) : NULL;
  THClearError();
  int sh = run(0, s, ha, h0, h1);
  snprintf(msg, sizeof msg, "%s", THGetLastError());
  THClearError();
  int sd = run(1, s, da, d0, d1);
  if (thc_same_outcome(desc, sh, msg, sd)) {
    int64_t R = reducedCount(s, ha);
    double abs, rel;
    tolerance(s, 0, THTensor_dtype(ha), t0, R, scale, &abs, &rel);
    compareTo(desc, h0, d0, abs, rel);
    if (h1 && !(infInputs && (s->op == VARMEAN || s->op == STDMEAN))) {
      tolerance(s, 1, THTensor_dtype(ha), t1, R, scale, &abs, &rel);
      compareTo(desc, h1, d1, abs, rel);
    }
  }
  THTensor_free(h0);
  THTensor_free(h1);
  THTensor_free(d0);
  THTensor_free(d1);
}

/* Every op (norm with several p, var with corrections 1 and 0) over dims */
static void allOps(const char *what, const THTensor *ha, const THTensor *da, double scale, int ndim, const int64_t *dims,
                   int keepdim) {
  static const double ps[] = {2, 1, 0, INFINITY, -INFINITY, 3.5, -1.5};
  for (int op = 0; op < NOPS; op++) {
    Spec s = spec(op, ndim, dims, keepdim);
    if (op == NORM) {
      for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
        s.p = ps[i];
        runCase(what, &s, ha, da, scale);
      }
    } else if (op == VAR || op == STDMEAN) {
      runCase(what, &s, ha, da, scale);
      s.p = 0;
      runCase(what, &s, ha, da, scale);
    } else {
      runCase(what, &s, ha, da, scale);
    }
  }
}

/* ---- the tests ---- */

static void test_full_reductions(void) {
  const int64_t sizes[] = {1, 31, 1000, BIG((1 << 20) + 3, 20003)};
  for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
    for (int i = 0; i < N_DTYPES; i++) {
      THDType dt = ALL_DTYPES[i];
      THTensor *ha = rnd(dt, 1, &sizes[k], 0), *da = toDev(ha);
      allOps("full", ha, da, rndScale(dt, 0), 0, NULL, 0);
      /* dim 0 of a 1-d tensor, kept */
      int64_t d0 = 0;
      allOps("dim0", ha, da, rndScale(dt, 0), 1, &d0, 1);
      THTensor_free(ha);
      THTensor_free(da);
    }
  }
}

static void test_scalars(void) {
  for (int i = 0; i < N_DTYPES; i++) {
    THDType dt = ALL_DTYPES[i];
    THTensor *ha = rnd(dt, 0, NULL, 0), *da = toDev(ha);
    allOps("0-d", ha, da, rndScale(dt, 0), 0, NULL, 0);
    int64_t d = -1;
    allOps("0-d dim -1", ha, da, rndScale(dt, 0), 1, &d, 1);
    /* a 0-d host tensor as the input (a scalar): its value is copied to the device */
    allOps("0-d host input", ha, ha, rndScale(dt, 0), 0, NULL, 0);
    THTensor_free(ha);
    THTensor_free(da);
  }
}

/* ~3e7 elements: the split path with many slices; integers check that every element is counted */
static void test_huge(void) {
  int64_t n = BIG(30000017, 300007);
  static const int ops[] = {SUM, MEAN, AMAX, AMIN, ARGMAX, ARGMIN, VAR, NORM, LSE, COUNT, ANY, ALL, NANSUM};
  static const THDType dts[] = {TH_Float32, TH_Int32, TH_Float16, TH_Float64, TH_UInt8};
  for (size_t i = 0; i < sizeof dts / sizeof dts[0]; i++) {
    THTensor *ha = rnd(dts[i], 1, &n, 0), *da = toDev(ha);
    for (size_t j = 0; j < sizeof ops / sizeof ops[0]; j++) {
      Spec s = spec(ops[j], 0, NULL, 0);
      runCase("huge", &s, ha, da, rndScale(dts[i], 0));
    }
    THTensor_free(ha);
    THTensor_free(da);
  }
  /* ties over 3e7 elements: the first index of the extremum across slices */
  THTensor *ht = rnd(TH_Float32, 1, &n, 1), *dt = toDev(ht);
  Spec s = spec(ARGMAX, 0, NULL, 0);
  runCase("huge ties", &s, ht, dt, 3);
  s.op = ARGMIN;
  runCase("huge ties", &s, ht, dt, 3);
  THTensor_free(ht);
  THTensor_free(dt);
}

static void test_rows_4096(void) {
  const int64_t sz[2] = {BIG(4096, 260), BIG(4096, 260)};
  static const THDType dts[] = {TH_Float32, TH_Int32, TH_Float16, TH_Float64, TH_Bool, TH_BFloat16};
  static const int ops[] = {SUM, MEAN, PROD, AMAX, AMIN, MAXDIM, MINDIM, ARGMAX, ARGMIN, AMINMAX, VAR, STDMEAN, NORM,
                            LSE, ALL, ANY, COUNT, NANMEAN};
  for (size_t i = 0; i < sizeof dts / sizeof dts[0]; i++) {
    THTensor *ha = rnd(dts[i], 2, sz, 0), *da = toDev(ha);
    for (int64_t dim = 0; dim < 2; dim++)
      for (int keep = 0; keep < 2; keep++)
        for (size_t j = 0; j < sizeof ops / sizeof ops[0]; j++) {
          if (keep && ops[j] != SUM && ops[j] != ARGMAX && ops[j] != VAR) continue;
          Spec s = spec(ops[j], 1, &dim, keep);
          runCase("4096x4096", &s, ha, da, rndScale(dts[i], 0));
          if (ops[j] == NORM) {
            s.p = INFINITY;
            runCase("4096x4096", &s, ha, da, rndScale(dts[i], 0));
            s.p = 3;
            runCase("4096x4096", &s, ha, da, rndScale(dts[i], 0));
          }
        }
    THTensor_free(ha);
    THTensor_free(da);
  }
}

/* shapes that are not multiples of anything, so blocks have partial rows and columns */
static void test_odd_shapes(void) {
  const int64_t shapes[][2] = {{3, 5},          {1, 1000},          {1000, 1},
                                      {257, 33},       {33, 257},          {7, BIG(100003, 10003)},
                                      {BIG(100003, 10003), 7}, {2, BIG(65537, 6553)}, {BIG(65537, 6553), 2},
                                      {BIG(1500, 150), BIG(700, 70)}};
  static const THDType dts[] = {TH_Float32, TH_Int64, TH_Float16, TH_UInt8, TH_Float64};
  for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++)
    for (size_t i = 0; i < sizeof dts / sizeof dts[0]; i++) {
      THTensor *ha = rnd(dts[i], 2, shapes[k], 0), *da = toDev(ha);
      for (int64_t dim = 0; dim < 2; dim++) allOps("odd", ha, da, rndScale(dts[i], 0), 1, &dim, 0);
      THTensor_free(ha);
      THTensor_free(da);
    }
}

/* transposed, sliced with steps, permuted and expanded inputs */
static void test_strided(void) {
  for (int i = 0; i < N_DTYPES; i++) {
    THDType dt = ALL_DTYPES[i];
    double sc = rndScale(dt, 0);
    const int64_t s2[2] = {300, 500};
    THTensor *base = rnd(dt, 2, s2, 0);
    THTensor *views[3];
    views[0] = THTensor_newTranspose(base, 0, 1);     /* [500, 300], strides [1, 500] */
    views[1] = THTensor_newSlice(base, 1, 3, 497, 3); /* [300, 165], strides [500, 3] */
    THTensor *tmp = THTensor_newSlice(base, 0, 1, 300, 2);
    views[2] = THTensor_newTranspose(tmp, 0, 1);      /* [500, 150], strides [1, 1000] */
    THTensor_free(tmp);
    for (int v = 0; v < 3; v++) {
      THTensor *dv = toDev(views[v]);
      allOps("strided", views[v], dv, sc, 0, NULL, 0);
      for (int64_t dim = 0; dim < 2; dim++) allOps("strided", views[v], dv, sc, 1, &dim, dim);
      THTensor_free(dv);
      THTensor_free(views[v]);
    }
    THTensor_free(base);

    /* permuted 3-d: every set of reduced dims */
    const int64_t s3[3] = {7, 33, 65};
    THTensor *b3 = rnd(dt, 3, s3, 0);
    THTensor *perm = THTensor_newPermute(b3, 3, (const int64_t[]){2, 0, 1}); /* [65, 7, 33] */
    THTensor *dp = toDev(perm);
    static const int64_t sets[][2] = {{0, 0}, {1, 0}, {2, 0}, {0, 2}, {1, 2}, {0, 1}, {-1, -3}};
    static const int nset[] = {1, 1, 1, 2, 2, 2, 2};
    for (int k = 0; k < 7; k++)
      for (int keep = 0; keep < 2; keep++) allOps("permuted", perm, dp, sc, nset[k], sets[k], keep);
    THTensor_free(dp);
    THTensor_free(perm);
    THTensor_free(b3);

    /* expanded: a row of 3 seen 1000 times (stride 0) */
    const int64_t s1[2] = {1, 3};
    THTensor *row = rnd(dt, 2, s1, 0);
    THTensor *e = THTensor_newExpand(row, 2, (const int64_t[]){1000, 3});
    THTensor *de = toDev(e);
    /* TH adds the 1000 equal values one after another: their rounding errors do not cancel */
    linearErrors = 1;
    for (int64_t dim = 0; dim < 2; dim++) allOps("expanded", e, de, sc, 1, &dim, 0);
    allOps("expanded", e, de, sc, 0, NULL, 0);
    linearErrors = 0;
    THTensor_free(de);
    THTensor_free(e);
    THTensor_free(row);
  }
}

/* Reductions over columns (outer mode), where a thread takes four neighbouring outputs with
 * vector loads when rows are contiguous along them and aligned: every dtype and op; few outputs
 * over long columns (split over grid.y); ties (the first extremum's index); 3-d inputs; and views
 * that must not take vector loads: a base one element past alignment, a row stride that is not a
 * multiple of four. */
static void test_columns(void) {
  const int64_t shapes[][2] = {{BIG(3000, 300), 64}, {BIG(100003, 10003), 8}, {5, 12}, {BIG(1000, 100), 44}};
  static const int argOps[] = {ARGMAX, ARGMIN, MAXDIM, MINDIM, AMINMAX};
  const int64_t d0 = 0;
  for (int i = 0; i < N_DTYPES; i++) {
    THDType dt = ALL_DTYPES[i];
    double sc = rndScale(dt, 0);
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
      const int64_t n = shapes[k][1];
      THTensor *ha = rnd(dt, 2, shapes[k], 0), *da = toDev(ha);
      allOps("columns", ha, da, sc, 1, &d0, (int)(k & 1));
      if (n >= 12) {
        THTensor *hm = THTensor_newNarrow(ha, 1, 1, n - 4), *dm = THTensor_newNarrow(da, 1, 1, n - 4);
        allOps("columns, base past alignment", hm, dm, sc, 1, &d0, 0);
        THTensor *hn = THTensor_newNarrow(ha, 1, 4, n - 8), *dn = THTensor_newNarrow(da, 1, 4, n - 8);
        allOps("columns, aligned narrow", hn, dn, sc, 1, &d0, 0);
        THTensor_free(hm);
        THTensor_free(dm);
        THTensor_free(hn);
        THTensor_free(dn);
      }
      THTensor_free(ha);
      THTensor_free(da);
    }
    /* rows of 42 elements, 40 of them taken: stride 42 */
    const int64_t s42[2] = {100, 42};
    THTensor *hw = rnd(dt, 2, s42, 0), *dw = toDev(hw);
    THTensor *hs = THTensor_newNarrow(hw, 1, 0, 40), *ds = THTensor_newNarrow(dw, 1, 0, 40);
    allOps("columns, row stride 42", hs, ds, sc, 1, &d0, 0);
    /* 3-d: reduce dims 0 and 1, or 1 alone, of [6, 50, 16] */
    const int64_t s3[3] = {6, 50, 16}, r01[2] = {0, 1}, r1 = 1;
    THTensor *h3 = rnd(dt, 3, s3, 0), *d3 = toDev(h3);
    allOps("columns 3-d", h3, d3, sc, 2, r01, 0);
    allOps("columns 3-d", h3, d3, sc, 1, &r1, 1);
    /* ties: many equal values in each column */
    const int64_t st[2] = {BIG(2000, 200), 64};
    THTensor *ht = rnd(dt, 2, st, 1), *dtt = toDev(ht);
    for (size_t j = 0; j < sizeof argOps / sizeof argOps[0]; j++) {
      Spec s = spec(argOps[j], 1, &d0, 0);
      runCase("columns, ties", &s, ht, dtt, 3);
    }
    THTensor_free(hw);
    THTensor_free(dw);
    THTensor_free(hs);
    THTensor_free(ds);
    THTensor_free(h3);
    THTensor_free(d3);
    THTensor_free(ht);
    THTensor_free(dtt);
  }
}

static void test_several_dims(void) {
  const int64_t sz[4] = {8, 16, 32, 4};
  static const int64_t sets[][3] = {{0, 2, 0}, {1, 3, 0}, {-1, 0, 1}, {0, 1, 2}, {3, 1, 2}};
  static const int nset[] = {2, 2, 3, 3, 3};
  static const THDType dts[] = {TH_Float32, TH_Int16, TH_Float64, TH_BFloat16, TH_Bool};
  for (size_t i = 0; i < sizeof dts / sizeof dts[0]; i++) {
    THTensor *ha = rnd(dts[i], 4, sz, 0), *da = toDev(ha);
    for (int k = 0; k < 5; k++)
      for (int keep = 0; keep < 2; keep++) allOps("dims", ha, da, rndScale(dts[i], 0), nset[k], sets[k], keep);
    /* repeated dims: TH's error */
    Spec s = spec(SUM, 2, (const int64_t[]){1, -3}, 0);
    runCase("repeated dims", &s, ha, da, 1);
    THTensor_free(ha);
    THTensor_free(da);
  }
}

static void test_empty(void) {
  static const int64_t shapes[][3] = {{0, 0, 0}, {0, 5, 0}, {3, 0, 0}, {2, 0, 3}};
  static const int nd[] = {1, 2, 2, 3};
  static const THDType dts[] = {TH_Float32, TH_Int32, TH_Bool, TH_Float16};
  for (int k = 0; k < 4; k++)
    for (size_t i = 0; i < sizeof dts / sizeof dts[0]; i++) {
      THTensor *ha = rnd(dts[i], nd[k], shapes[k], 0), *da = toDev(ha);
      allOps("empty", ha, da, 1, 0, NULL, 0);
      for (int64_t dim = 0; dim < nd[k]; dim++)
        for (int keep = 0; keep < 2; keep++) allOps("empty", ha, da, 1, 1, &dim, keep);
      THTensor_free(ha);
      THTensor_free(da);
    }
}

static void setAt(THTensor *t, int64_t i, double v) { th_test_store(THTensor_dtype(t), th_test_addr(t, i), v); }

static void test_nan_inf(void) {
  static const THDType dts[] = {TH_Float32, TH_Float64, TH_Float16, TH_BFloat16};
  for (size_t i = 0; i < sizeof dts / sizeof dts[0]; i++) {
    /* [64, 1000]: row 3 one NaN, row 5 several, row 7 +inf, row 9 -inf, row 11 all -inf, row 13 NaN
     * and +inf, row 15 +inf and -inf, row 17 all NaN */
    const int64_t sz[2] = {64, 1000};
    THTensor *ha = rnd(dts[i], 2, sz, 0);
    /* the rows with infinities hold +-1 besides: a product of 1000 values below 1 underflows to 0,
     * and 0 * inf (NaN) or not would depend on the order of the multiplications */
    for (int r = 7; r <= 15; r += 2)
      for (int j = 0; j < 1000; j++) setAt(ha, r * 1000 + j, j % 3 ? 1.0 : -1.0);
    setAt(ha, 3 * 1000 + 500, NAN);
    for (int j = 0; j < 5; j++) setAt(ha, 5 * 1000 + 100 * j + 7, NAN);
    setAt(ha, 7 * 1000 + 999, INFINITY);
    setAt(ha, 9 * 1000, -INFINITY);
    for (int j = 0; j < 1000; j++) setAt(ha, 11 * 1000 + j, -INFINITY);
    setAt(ha, 13 * 1000 + 1, NAN);
    setAt(ha, 13 * 1000 + 2, INFINITY);
    setAt(ha, 15 * 1000 + 10, INFINITY);
    setAt(ha, 15 * 1000 + 20, -INFINITY);
    for (int j = 0; j < 1000; j++) setAt(ha, 17 * 1000 + j, NAN);
    THTensor *da = toDev(ha);
    infInputs = 1;
    for (int64_t dim = 0; dim < 2; dim++) allOps("nan", ha, da, 1, 1, &dim, 0);
    allOps("nan", ha, da, 1, 0, NULL, 0);
    /* a long 1-d run with one NaN near the end: split path */
    int64_t n = BIG((1 << 20) + 3, 20003);
    THTensor *hl = rnd(dts[i], 1, &n, 0);
    setAt(hl, n - 5, NAN);
    setAt(hl, 77, INFINITY);
    THTensor *dl = toDev(hl);
    allOps("nan long", hl, dl, 1, 0, NULL, 0);
    infInputs = 0;
    THTensor_free(da);
    THTensor_free(dl);
    THTensor_free(hl);
    THTensor_free(ha);
  }
}

static void test_ties(void) {
  static const int ops[] = {ARGMAX, ARGMIN, MAXDIM, MINDIM, AMINMAX, AMAX};
  for (int i = 0; i < N_DTYPES; i++) {
    THDType dt = ALL_DTYPES[i];
    const int64_t shapes[][2] = {{1, BIG((1 << 20) + 3, 20003)}, {BIG(2048, 130), BIG(1024, 70)},
                                        {BIG(257, 57), BIG(3001, 301)}, {3, BIG(100000, 10007)}};
    for (int k = 0; k < 4; k++) {
      THTensor *ha = rnd(dt, 2, shapes[k], 1), *da = toDev(ha);
      THTensor *ht = THTensor_newTranspose(ha, 0, 1), *dtr = THTensor_newTranspose(da, 0, 1);
      for (size_t j = 0; j < sizeof ops / sizeof ops[0]; j++) {
        for (int64_t dim = 0; dim < 2; dim++) {
          Spec s = spec(ops[j], 1, &dim, 0);
          runCase("ties", &s, ha, da, 3);
          runCase("ties transposed", &s, ht, dtr, 3);
        }
        Spec s = spec(ops[j], 0, NULL, 0);
        runCase("ties all", &s, ha, da, 3);
        runCase("ties all transposed", &s, ht, dtr, 3);
      }
      THTensor_free(ht);
      THTensor_free(dtr);
      THTensor_free(ha);
      THTensor_free(da);
    }
  }
}

/* dtype= and results of other dtypes (computed as TH does) */
static void test_dtypes(void) {
  const int64_t sz[2] = {37, 1001};
  struct {
    int op;
    THDType in, dtype, out0, out1;
  } cases[] = {
      {SUM, TH_Int32, TH_Float32, TH_DTYPE_NONE, TH_DTYPE_NONE},   {SUM, TH_Float32, TH_Float64, TH_DTYPE_NONE, TH_DTYPE_NONE},
      {SUM, TH_Int8, TH_Int16, TH_DTYPE_NONE, TH_DTYPE_NONE},      {SUM, TH_Float32, TH_DTYPE_NONE, TH_Int64, TH_DTYPE_NONE},
      {SUM, TH_UInt8, TH_Bool, TH_DTYPE_NONE, TH_DTYPE_NONE},      {SUM, TH_Int32, TH_DTYPE_NONE, TH_Float64, TH_DTYPE_NONE},
      {SUM, TH_Float16, TH_Float32, TH_DTYPE_NONE, TH_DTYPE_NONE}, {SUM, TH_Int64, TH_DTYPE_NONE, TH_Int8, TH_DTYPE_NONE},
      {SUM, TH_Float32, TH_Int32, TH_DTYPE_NONE, TH_DTYPE_NONE},   {MEAN, TH_Int32, TH_Float64, TH_DTYPE_NONE, TH_DTYPE_NONE},
      {MEAN, TH_Float32, TH_DTYPE_NONE, TH_Float64, TH_DTYPE_NONE}, {MEAN, TH_Float16, TH_Float32, TH_DTYPE_NONE, TH_DTYPE_NONE},
      {NANSUM, TH_Int32, TH_DTYPE_NONE, TH_DTYPE_NONE, TH_DTYPE_NONE}, {NANMEAN, TH_Float16, TH_DTYPE_NONE, TH_Float32, TH_DTYPE_NONE},
      {PROD, TH_Int16, TH_Int8, TH_DTYPE_NONE, TH_DTYPE_NONE},     {PROD, TH_Float32, TH_Float64, TH_DTYPE_NONE, TH_DTYPE_NONE},
      {PROD, TH_Bool, TH_DTYPE_NONE, TH_DTYPE_NONE, TH_DTYPE_NONE}, {VAR, TH_Float32, TH_DTYPE_NONE, TH_Float64, TH_DTYPE_NONE},
      {VARMEAN, TH_Float32, TH_DTYPE_NONE, TH_Float32, TH_Float64}, {STDMEAN, TH_BFloat16, TH_DTYPE_NONE, TH_Float32, TH_Float16},
      {NORM, TH_Float32, TH_Float64, TH_DTYPE_NONE, TH_DTYPE_NONE}, {NORM, TH_Float16, TH_Float32, TH_DTYPE_NONE, TH_DTYPE_NONE},
      {LSE, TH_Int32, TH_DTYPE_NONE, TH_DTYPE_NONE, TH_DTYPE_NONE}, {LSE, TH_Float32, TH_DTYPE_NONE, TH_Float64, TH_DTYPE_NONE},
      {LSE, TH_Float16, TH_DTYPE_NONE, TH_Float32, TH_DTYPE_NONE}, {LSE, TH_Bool, TH_DTYPE_NONE, TH_DTYPE_NONE, TH_DTYPE_NONE},
      {ALL, TH_UInt8, TH_DTYPE_NONE, TH_Bool, TH_DTYPE_NONE},      {ANY, TH_Float32, TH_DTYPE_NONE, TH_UInt8, TH_DTYPE_NONE},
      {AMAX, TH_Float32, TH_DTYPE_NONE, TH_Float64, TH_DTYPE_NONE}, /* TH's error */
      {ARGMAX, TH_Float32, TH_DTYPE_NONE, TH_Int32, TH_DTYPE_NONE}, /* TH's error */
      {COUNT, TH_Float32, TH_DTYPE_NONE, TH_Int32, TH_DTYPE_NONE},  /* TH's error */
      {SUM, TH_Float32, TH_Float64, TH_Float32, TH_DTYPE_NONE},    /* TH's error */
      {MEAN, TH_Int32, TH_DTYPE_NONE, TH_Float32, TH_DTYPE_NONE},  /* TH's error */
      {VAR, TH_Float32, TH_DTYPE_NONE, TH_Int64, TH_DTYPE_NONE},   /* TH's error */
      {LSE, TH_Float32, TH_DTYPE_NONE, TH_Int64, TH_DTYPE_NONE},   /* TH's error */
      {ALL, TH_Float32, TH_DTYPE_NONE, TH_Int64, TH_DTYPE_NONE},   /* TH's error */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    THTensor *ha = rnd(cases[i].in, 2, sz, 0), *da = toDev(ha);
    for (int64_t dim = -1; dim < 2; dim++) {
      Spec s = spec(cases[i].op, dim < 0 ? 0 : 1, &dim, 0);
      s.dtype = cases[i].dtype;
      s.out0 = cases[i].out0;
      s.out1 = cases[i].out1;
      runCase("dtypes", &s, ha, da, rndScale(cases[i].in, 0));
    }
    THTensor_free(ha);
    THTensor_free(da);
  }
}

/* results that share the input's storage, results that are not contiguous, errors of devices */
static void test_results(void) {
  const int64_t sz[2] = {40, 50};
  THTensor *ha = rnd(TH_Float32, 2, sz, 0), *da = toDev(ha);
  /* r is a view of a itself: computed into a temporary */
  THTensor *hr = THTensor_newNarrow(ha, 0, 0, 1), *dr = THTensor_newNarrow(da, 0, 0, 1);
  THTensor *hv = THTensor_newSqueeze(hr), *dv = THTensor_newSqueeze(dr);
  CHECK_OK(THTensor_sum(hv, ha, 1, (const int64_t[]){0}, 0, TH_DTYPE_NONE));
  CHECK_OK(THCTensor_sum(S, dv, da, 1, (const int64_t[]){0}, 0, TH_DTYPE_NONE));
  compareTo("sum into a row of a", hv, dv, 1e-5, 1e-6);
  CHECK_OK(THCTensor_copy(S, dv, hv, 0)); /* the same inputs again: amax is exact */
  CHECK_OK(THTensor_amax(hv, ha, 1, (const int64_t[]){0}, 0));
  CHECK_OK(THCTensor_amax(S, dv, da, 1, (const int64_t[]){0}, 0));
  compareTo("amax into a row of a", hv, dv, 0, 0);
  /* values and indices on one storage */
  THTensor *big = THCTensor_newWithSize(S, TH_Int64, 0, 1, (const int64_t[]){100});
  THTensor *vals = THTensor_newWithStorage(THTensor_storage(big), TH_Float32, 0, 1, (const int64_t[]){50}, NULL);
  THTensor *idxs = THTensor_newWithStorage(THTensor_storage(big), TH_Int64, 50, 1, (const int64_t[]){50}, NULL);
  CHECK_ERR(THCTensor_maxDim(S, vals, idxs, da, 0, 0), "the results must not share memory");
  THTensor_free(vals);
  THTensor_free(idxs);
  THTensor_free(big);
  /* a result that is not contiguous: a transposed [50, 40] for sum over dim 1 of [50, 40, 7] */
  const int64_t s3[3] = {50, 40, 7};
  THTensor *h3 = rnd(TH_Float64, 3, s3, 0), *d3 = toDev(h3);
  THTensor *hb = THTensor_newWithSize(TH_Float64, 2, (const int64_t[]){40, 50}), *db = toDev(hb);
  THTensor *ht = THTensor_newTranspose(hb, 0, 1), *dt = THTensor_newTranspose(db, 0, 1);
  CHECK_OK(THTensor_sum(ht, h3, 1, (const int64_t[]){2}, 0, TH_DTYPE_NONE));
  CHECK_OK(THCTensor_sum(S, dt, d3, 1, (const int64_t[]){2}, 0, TH_DTYPE_NONE));
  compareTo("sum into a transposed result", ht, dt, 1e-12, 1e-12);
  THTensor *hidx = THTensor_newWithSize(TH_Int64, 2, (const int64_t[]){40, 50}), *didx = toDev(hidx);
  THTensor *hit = THTensor_newTranspose(hidx, 0, 1), *dit = THTensor_newTranspose(didx, 0, 1);
  CHECK_OK(THTensor_maxDim(ht, hit, h3, 2, 0));
  CHECK_OK(THCTensor_maxDim(S, dt, dit, d3, 2, 0));
  compareTo("maxDim values, transposed", ht, dt, 0, 0);
  compareTo("maxDim indices, transposed", hit, dit, 0, 0);

  /* devices: a host result, a host input, all on the host */
  THTensor *hostR = THTensor_new(TH_Float32);
  CHECK_ERR(THCTensor_sum(S, hostR, da, 0, NULL, 0, TH_DTYPE_NONE), "Expected all tensors to be on the same device");
  THTensor *h0 = THTensor_newWithSize(TH_Float32, 0, NULL);
  CHECK_ERR(THCTensor_sum(S, h0, da, 0, NULL, 0, TH_DTYPE_NONE), "Expected all tensors to be on the same device");
  THTensor *dR = THCTensor_new(S, TH_Float32, 0);
  CHECK_ERR(THCTensor_sum(S, dR, ha, 0, NULL, 0, TH_DTYPE_NONE), "Expected all tensors to be on the same device");
  CHECK_ERR(THCTensor_sum(S, hostR, ha, 0, NULL, 0, TH_DTYPE_NONE), "expected CUDA tensors");
  CHECK_ERR(THCTensor_argmax(S, hostR, da, 0, 0, 0), "Expected all tensors to be on the same device");
  CHECK_ERR(THCTensor_cumsum(S, hostR, da, 0, TH_DTYPE_NONE), "Expected all tensors to be on the same device");
  THTensor_free(dR);
  THTensor_free(h0);
  THTensor_free(hostR);
  THTensor_free(hit);
  THTensor_free(dit);
  THTensor_free(hidx);
  THTensor_free(didx);
  THTensor_free(ht);
  THTensor_free(dt);
  THTensor_free(hb);
  THTensor_free(db);
  THTensor_free(h3);
  THTensor_free(d3);
  THTensor_free(hv);
  THTensor_free(dv);
  THTensor_free(hr);
  THTensor_free(dr);
  THTensor_free(ha);
  THTensor_free(da);
}

/* argument errors: TH's checks and messages (runCase compares them) */
static void test_errors(void) {
  const int64_t sz[2] = {4, 6};
  THTensor *hf = rnd(TH_Float32, 2, sz, 0), *df = toDev(hf);
  THTensor *hi = rnd(TH_Int32, 2, sz, 0), *di = toDev(hi);
  THTensor *hb = rnd(TH_Bool, 2, sz, 0), *db = toDev(hb);
  const int64_t bad[] = {2}, neg[] = {-3}, two[] = {0, 1};
  Spec s;
  /* dims out of range */
  for (int op = 0; op < NOPS; op++) {
    s = spec(op, 1, bad, 0);
    runCase("dim 2", &s, hf, df, 1);
    s = spec(op, 1, neg, 0);
    runCase("dim -3", &s, hf, df, 1);
  }
  /* prod/all/any take one dim at most */
  int two_dim_ops[] = {PROD, ALL, ANY};
  for (int k = 0; k < 3; k++) {
    s = spec(two_dim_ops[k], 2, two, 0);
    runCase("two dims", &s, hf, df, 1);
  }
  /* floating-only ops on integers, argmax of bools */
  int fops[] = {MEAN, NANMEAN, VAR, STD, VARMEAN, NORM};
  for (int k = 0; k < 6; k++) {
    s = spec(fops[k], 0, NULL, 0);
    runCase("integers", &s, hi, di, 100);
  }
  s = spec(ARGMAX, 0, NULL, 0);
  runCase("bool argmax", &s, hb, db, 1);
  s = spec(ARGMIN, 1, two, 0);
  runCase("bool argmin", &s, hb, db, 1);
  s = spec(MAXDIM, 1, two, 0);
  runCase("bool maxDim", &s, hb, db, 1);
  s = spec(NORM, 0, NULL, 0);
  s.p = NAN;
  runCase("norm nan p", &s, hf, df, 1);
  s = spec(MEAN, 0, NULL, 0);
  s.dtype = TH_Int32;
  runCase("mean dtype int", &s, hf, df, 1);
  s = spec(NORM, 0, NULL, 0);
  s.dtype = TH_Int64;
  runCase("norm dtype int", &s, hf, df, 1);
  THTensor_free(hf);
  THTensor_free(df);
  THTensor_free(hi);
  THTensor_free(di);
  THTensor_free(hb);
  THTensor_free(db);
}

int main(void) {
  THC_REQUIRE_GPU();
  gen = THGenerator_new(20240611);
  RUN_TEST(test_scalars);
  RUN_TEST(test_full_reductions);
  RUN_TEST(test_huge);
  RUN_TEST(test_rows_4096);
  RUN_TEST(test_odd_shapes);
  RUN_TEST(test_strided);
  RUN_TEST(test_columns);
  RUN_TEST(test_several_dims);
  RUN_TEST(test_empty);
  RUN_TEST(test_nan_inf);
  RUN_TEST(test_ties);
  RUN_TEST(test_dtypes);
  RUN_TEST(test_results);
  RUN_TEST(test_errors);
  THGenerator_free(gen);
  THCState_free(thc_test_state);
  return TH_TEST_RESULT();
}
