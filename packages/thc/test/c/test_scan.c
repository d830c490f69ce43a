/* test_scan.c — THC's cumsum, cumprod, cummax and cummin against libTH's on the same random inputs:
 * every dtype; lines of 1 .. 2^20+3 elements (tile scans, and long lines cut into chunks with three
 * passes); [4096, 4096] along dim 1 (a block per line) and dim 0 (a thread per line); transposed,
 * sliced and permuted inputs; in place and overlapping results; dtype= and results of other
 * dtypes; NaN and ties (cummax/cummin take the last index among ties; a NaN sticks); 0-d and
 * empty tensors; argument errors. Needs a GPU (exit 77 without). */
#include "thc_reduce_test.h"

enum { CUMSUM, CUMPROD, CUMMAX, CUMMIN, NSCANS };
static const char *const scanNames[NSCANS] = {"cumsum", "cumprod", "cummax", "cummin"};

typedef struct ScanSpec {
  int op;
  int64_t dim;
  THDType dtype; /* dtype= (cumsum, cumprod) */
  THDType out0;  /* the result's dtype, TH_DTYPE_NONE: the default */
} ScanSpec;

static int runScanOp(int dev, const ScanSpec *s, const THTensor *a, THTensor *r0, THTensor *r1) {
#define CALL(fn, ...) (dev ? THCTensor_##fn(S, __VA_ARGS__) : THTensor_##fn(__VA_ARGS__))
  switch (s->op) {
    case CUMSUM: return CALL(cumsum, r0, a, s->dim, s->dtype);
    case CUMPROD: return CALL(cumprod, r0, a, s->dim, s->dtype);
    case CUMMAX: return CALL(cummax, r0, r1, a, s->dim);
    default: return CALL(cummin, r0, r1, a, s->dim);
  }
#undef CALL
}

static void scanTolerance(const ScanSpec *s, THDType t, int64_t n, double scale, double *abs, double *rel) {
  *abs = 0;
  *rel = 0;
  if (!THDType_isFloating(t) || s->op >= CUMMAX) return;
  const double ea = t == TH_Float64 ? 2.3e-16 : 1.2e-7, eo = epsOf(t);
  if (s->op == CUMSUM) {
    /* prefix sums of random addends grow as sqrt(n) * scale, and the device's tree order and TH's
     * order differ by up to log2(n) roundings of that size (a 4M-element float64 line on an H200
     * differed by 3.1e-11, past the former 64 * eps * sqrt(n) * scale) */
    *abs = 32 * ea * sqrt((double)n + 1) * log2((double)n + 2) * scale;
    *rel = 4 * eo;
  } else {
    *abs = 1e-30;
    *rel = 4 * ea * (double)n + 4 * eo;
  }
}

/* Runs s on ha and da (with results r0h/r0d given, or fresh ones when NULL) and compares. */
static void scanCaseInto(const char *what, const ScanSpec *s, const THTensor *ha, const THTensor *da, THTensor *h0,
                         THTensor *d0, double scale) {
  char desc[512], msg[1024];
  snprintf(desc, sizeof desc, "%s: %s(%s %s, dim %lld)", what, scanNames[s->op], THDType_name(THTensor_dtype(ha)),
           shapeStr(ha, 0), (long long)s->dim);
  THDType t0 = THTensor_dtype(ha), t1 = TH_DTYPE_NONE;
  if (s->op <= CUMPROD) {
    if (THTensor_reduceResultType(scanNames[s->op], ha, s->dtype, &t0)) t0 = TH_Float32;
    THClearError();
  } else {
    t1 = TH_Int64;
  }
  if (s->out0 != TH_DTYPE_NONE) t0 = s->out0;
  int own = !h0;
  if (own) {
    h0 = THTensor_new(t0);
    d0 = THCTensor_new(S, t0, 0);
  }
  THTensor *h1 = t1 != TH_DTYPE_NONE ? THTensor_new(t1) : NULL, *d1 = t1 != TH_DTYPE_NONE ? THCTensor_new(S, t1, 0) : NULL;
  THClearError();
  int sh = runScanOp(0, s, ha, h0, h1);
  snprintf(msg, sizeof msg, "%s", THGetLastError());
  THClearError();
  int sd = runScanOp(1, s, da, d0, d1);
  if (thc_same_outcome(desc, sh, msg, sd)) {
    int64_t n = 1;
    if (THTensor_ndim(ha) > 0) {
      int64_t d = s->dim < 0 ? s->dim + THTensor_ndim(ha) : s->dim;
      n = THTensor_size(ha, (int)d);
    }
    double abs, rel;
    scanTolerance(s, THTensor_dtype(h0), n, scale, &abs, &rel);
    compareTo(desc, h0, d0, abs, rel);
    if (h1) compareTo(desc, h1, d1, 0, 0);
  }
  if (own) {
    THTensor_free(h0);
    THTensor_free(d0);
  }
  THTensor_free(h1);
  THTensor_free(d1);
}

static void scanCase(const char *what, const ScanSpec *s, const THTensor *ha, const THTensor *da, double scale) {
  scanCaseInto(what, s, ha, da, NULL, NULL, scale);
}

static void allScans(const char *what, const THTensor *ha, const THTensor *da, double scale, int64_t dim) {
  for (int op = 0; op < NSCANS; op++) {
    ScanSpec s = {op, dim, TH_DTYPE_NONE, TH_DTYPE_NONE};
    scanCase(what, &s, ha, da, scale);
  }
}

/* cumprod of many elements underflows or overflows: values near 1 keep it meaningful */
static THTensor *nearOne(THDType dt, int ndim, const int64_t *sizes) {
  THTensor *t = THTensor_newWithSize(dt, ndim, sizes);
  if (THDType_isFloating(dt)) THTensor_uniform_(t, 0.999, 1.001, gen);
  else THTensor_random_(t, 1, dt == TH_Bool ? 0 : 1, 1, 2, gen);
  return t;
}

static void test_lines(void) {
  const int64_t lens[] = {1, 3, 31, 1000, 4097, BIG((1 << 20) + 3, 20003)};
  for (int i = 0; i < N_DTYPES; i++) {
    THDType dt = ALL_DTYPES[i];
    for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
      THTensor *ha = rnd(dt, 1, &lens[k], 0), *da = toDev(ha);
      allScans("1-d", ha, da, rndScale(dt, 0), 0);
      allScans("1-d", ha, da, rndScale(dt, 0), -1);
      THTensor_free(ha);
      THTensor_free(da);
      THTensor *hp = nearOne(dt, 1, &lens[k]), *dp = toDev(hp);
      ScanSpec s = {CUMPROD, 0, TH_DTYPE_NONE, TH_DTYPE_NONE};
      scanCase("near 1", &s, hp, dp, 1);
      THTensor_free(hp);
      THTensor_free(dp);
    }
    const int64_t shapes[][3] = {{4, 1000, 1}, {1000, 3, 1}, {2, 3, 50}, {3, BIG(70000, 7000), 1},
                                        {BIG(70000, 7000), 3, 1}, {5, 1, 300}, {64, 2, 33}};
    for (int k = 0; k < 7; k++) {
      THTensor *ha = rnd(dt, 3, shapes[k], 0), *da = toDev(ha);
      for (int64_t dim = 0; dim < 3; dim++) allScans("3-d", ha, da, rndScale(dt, 0), dim);
      THTensor_free(ha);
      THTensor_free(da);
    }
  }
}

static void test_4096(void) {
  const int64_t sz[2] = {BIG(4096, 260), BIG(4096, 260)};
  static const THDType dts[] = {TH_Float32, TH_Int32, TH_Float64, TH_Float16, TH_Bool};
  for (size_t i = 0; i < sizeof dts / sizeof dts[0]; i++) {
    THTensor *ha = rnd(dts[i], 2, sz, 0), *da = toDev(ha);
    for (int64_t dim = 0; dim < 2; dim++) allScans("4096x4096", ha, da, rndScale(dts[i], 0), dim);
    THTensor_free(ha);
    THTensor_free(da);
  }
  /* one line of 2^22: many chunks of many tiles */
  int64_t n = BIG(1 << 22, 1 << 16);
  THTensor *hl = rnd(TH_Float64, 1, &n, 0), *dl = toDev(hl);
  allScans("long line", hl, dl, 1, 0);
  THTensor_free(hl);
  THTensor_free(dl);
  THTensor *hi = rnd(TH_Int64, 1, &n, 0), *di = toDev(hi);
  allScans("long line", hi, di, 100, 0);
  THTensor_free(hi);
  THTensor_free(di);
}

static void test_strided(void) {
  for (int i = 0; i < N_DTYPES; i++) {
    THDType dt = ALL_DTYPES[i];
    const int64_t s2[2] = {300, 501};
    THTensor *base = rnd(dt, 2, s2, 0);
    THTensor *views[3];
    views[0] = THTensor_newTranspose(base, 0, 1);
    views[1] = THTensor_newSlice(base, 1, 1, 501, 3);
    THTensor *tmp = THTensor_newSlice(base, 0, 1, 300, 2);
    views[2] = THTensor_newTranspose(tmp, 0, 1);
    THTensor_free(tmp);
    for (int v = 0; v < 3; v++) {
      THTensor *dv = toDev(views[v]);
      for (int64_t dim = 0; dim < 2; dim++) allScans("strided", views[v], dv, rndScale(dt, 0), dim);
      THTensor_free(dv);
      THTensor_free(views[v]);
    }
    THTensor_free(base);
    const int64_t s3[3] = {7, 33, 65};
    THTensor *b3 = rnd(dt, 3, s3, 0);
    THTensor *perm = THTensor_newPermute(b3, 3, (const int64_t[]){2, 0, 1});
    THTensor *dp = toDev(perm);
    for (int64_t dim = 0; dim < 3; dim++) allScans("permuted", perm, dp, rndScale(dt, 0), dim);
    THTensor_free(dp);
    THTensor_free(perm);
    THTensor_free(b3);
  }
}

/* r is a itself (in place), r overlaps a in another view, results not contiguous */
static void test_results(void) {
  const int64_t sz[2] = {50, 70};
  static const THDType dts[] = {TH_Float32, TH_Int32, TH_Float64};
  for (size_t i = 0; i < sizeof dts / sizeof dts[0]; i++) {
    THDType dt = dts[i];
    for (int op = 0; op < 2; op++)
      for (int64_t dim = 0; dim < 2; dim++) {
        THTensor *ha = rnd(dt, 2, sz, 0), *da = toDev(ha);
        ScanSpec s = {op, dim, dt, TH_DTYPE_NONE};
        /* in place: the input is the result */
        CHECK_OK(op == CUMSUM ? THTensor_cumsum(ha, ha, dim, dt) : THTensor_cumprod(ha, ha, dim, dt));
        CHECK_OK(op == CUMSUM ? THCTensor_cumsum(S, da, da, dim, dt) : THCTensor_cumprod(S, da, da, dim, dt));
        double abs, rel;
        scanTolerance(&s, dt, sz[dim], 100, &abs, &rel);
        compareTo(op == CUMSUM ? "cumsum in place" : "cumprod in place", ha, da, abs, rel);
        /* a transposed view of a as the result: computed into a temporary */
        THTensor *hb = rnd(dt, 2, (const int64_t[]){70, 70}, 0), *db = toDev(hb);
        THTensor *ht = THTensor_newTranspose(hb, 0, 1), *dtt = THTensor_newTranspose(db, 0, 1);
        scanCaseInto("overlapping result", &s, hb, db, ht, dtt, 100);
        THTensor_free(ht);
        THTensor_free(dtt);
        THTensor_free(hb);
        THTensor_free(db);
        /* a result that is not contiguous */
        THTensor *hr = THTensor_newWithSize(dt, 2, (const int64_t[]){70, 50}), *dr = toDev(hr);
        THTensor *hrt = THTensor_newTranspose(hr, 0, 1), *drt = THTensor_newTranspose(dr, 0, 1);
        THTensor *hc = rnd(dt, 2, sz, 0), *dc = toDev(hc);
        scanCaseInto("transposed result", &s, hc, dc, hrt, drt, 100);
        THTensor_free(hc);
        THTensor_free(dc);
        THTensor_free(hrt);
        THTensor_free(drt);
        THTensor_free(hr);
        THTensor_free(dr);
        THTensor_free(ha);
        THTensor_free(da);
      }
    /* cummax into transposed values and indices */
    THTensor *hc = rnd(dt, 2, sz, 1), *dc = toDev(hc);
    THTensor *hv = THTensor_newWithSize(dt, 2, (const int64_t[]){70, 50}), *dv = toDev(hv);
    THTensor *hi = THTensor_newWithSize(TH_Int64, 2, (const int64_t[]){70, 50}), *di = toDev(hi);
    THTensor *hvt = THTensor_newTranspose(hv, 0, 1), *dvt = THTensor_newTranspose(dv, 0, 1);
    THTensor *hit = THTensor_newTranspose(hi, 0, 1), *dit = THTensor_newTranspose(di, 0, 1);
    for (int64_t dim = 0; dim < 2; dim++) {
      CHECK_OK(THTensor_cummax(hvt, hit, hc, dim));
      CHECK_OK(THCTensor_cummax(S, dvt, dit, dc, dim));
      compareTo("cummax transposed values", hvt, dvt, 0, 0);
      compareTo("cummax transposed indices", hit, dit, 0, 0);
    }
    THTensor_free(hvt);
    THTensor_free(dvt);
    THTensor_free(hit);
    THTensor_free(dit);
    THTensor_free(hv);
    THTensor_free(dv);
    THTensor_free(hi);
    THTensor_free(di);
    THTensor_free(hc);
    THTensor_free(dc);
  }
}

static void test_dtypes(void) {
  const int64_t sz[2] = {33, 2000};
  struct {
    int op;
    THDType in, dtype, out0;
  } cases[] = {
      {CUMSUM, TH_Int32, TH_DTYPE_NONE, TH_Float64}, {CUMSUM, TH_Int32, TH_Float32, TH_DTYPE_NONE},
      {CUMSUM, TH_Int8, TH_Int8, TH_DTYPE_NONE},     {CUMSUM, TH_Bool, TH_DTYPE_NONE, TH_DTYPE_NONE},
      {CUMSUM, TH_UInt8, TH_DTYPE_NONE, TH_Bool},    {CUMSUM, TH_Float32, TH_DTYPE_NONE, TH_Int32},
      {CUMSUM, TH_Float16, TH_Float32, TH_DTYPE_NONE}, {CUMPROD, TH_Int16, TH_DTYPE_NONE, TH_Int16},
      {CUMSUM, TH_Float32, TH_Float64, TH_Float32},  /* TH's error */
      {CUMMAX, TH_Float32, TH_DTYPE_NONE, TH_Float64}, /* TH's error */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    THTensor *ha = rnd(cases[i].in, 2, sz, 0), *da = toDev(ha);
    for (int64_t dim = 0; dim < 2; dim++) {
      ScanSpec s = {cases[i].op, dim, cases[i].dtype, cases[i].out0};
      scanCase("dtypes", &s, ha, da, rndScale(cases[i].in, 0));
    }
    THTensor_free(ha);
    THTensor_free(da);
  }
  /* cummax with int32 indices: TH's error */
  THTensor *ha = rnd(TH_Float32, 1, (const int64_t[]){10}, 0), *da = toDev(ha);
  THTensor *v = THCTensor_new(S, TH_Float32, 0), *ix = THCTensor_new(S, TH_Int32, 0);
  CHECK_ERR(THCTensor_cummax(S, v, ix, da, 0), "cummax: Expected out tensor to have dtype int64, but got int32 instead");
  THTensor_free(v);
  THTensor_free(ix);
  THTensor_free(ha);
  THTensor_free(da);
}

static void setAt(THTensor *t, int64_t i, double v) { th_test_store(THTensor_dtype(t), th_test_addr(t, i), v); }

static void test_nan_ties(void) {
  for (int i = 0; i < N_DTYPES; i++) {
    THDType dt = ALL_DTYPES[i];
    const int64_t shapes[][2] = {{16, 3000}, {3000, 16}, {1, BIG((1 << 20) + 3, 20003)}};
    for (int k = 0; k < 3; k++) {
      THTensor *ha = rnd(dt, 2, shapes[k], 1);
      if (THDType_isFloating(dt)) {
        int64_t n = THTensor_numel(ha);
        setAt(ha, 5, NAN);
        setAt(ha, n / 2, NAN);
        setAt(ha, n / 2 + 17, NAN);
        setAt(ha, n - 3, INFINITY);
        setAt(ha, n / 3, -INFINITY);
      }
      THTensor *da = toDev(ha);
      for (int64_t dim = 0; dim < 2; dim++) allScans("nan/ties", ha, da, 3, dim);
      THTensor_free(ha);
      THTensor_free(da);
    }
  }
}

static void test_small_and_empty(void) {
  for (int i = 0; i < N_DTYPES; i++) {
    THDType dt = ALL_DTYPES[i];
    THTensor *h0 = rnd(dt, 0, NULL, 0), *d0 = toDev(h0);
    allScans("0-d", h0, d0, 100, 0);
    allScans("0-d", h0, d0, 100, -1);
    allScans("0-d dim 1", h0, d0, 100, 1); /* TH's error */
    allScans("0-d host input", h0, h0, 100, 0);
    THTensor_free(h0);
    THTensor_free(d0);
    static const int64_t shapes[][2] = {{0, 1}, {3, 0}, {0, 5}};
    for (int k = 0; k < 3; k++) {
      THTensor *ha = rnd(dt, 2, shapes[k], 0), *da = toDev(ha);
      for (int64_t dim = -2; dim < 3; dim++) allScans("empty", ha, da, 1, dim); /* dim 2: TH's error */
      THTensor_free(ha);
      THTensor_free(da);
    }
  }
}

int main(void) {
  THC_REQUIRE_GPU();
  gen = THGenerator_new(424242);
  RUN_TEST(test_small_and_empty);
  RUN_TEST(test_lines);
  RUN_TEST(test_4096);
  RUN_TEST(test_strided);
  RUN_TEST(test_results);
  RUN_TEST(test_dtypes);
  RUN_TEST(test_nan_ties);
  THGenerator_free(gen);
  THCState_free(thc_test_state);
  return TH_TEST_RESULT();
}
