/* test_random.c — THCRandom.h on a GPU: reproducibility (manualSeed, get/setState, offsets, any
 * layout giving the same values in logical order), the moments of every distribution on 2^20
 * samples per dtype against the mathematics (means within 6 standard errors, variances within a
 * few percent), ranges, randperm being a permutation (host and device paths), multinomial's
 * frequencies, and libTH's messages for bad arguments, including the checks made on device data. */
#include "thc_blas_util.h"

#define ST thc_test_state
#define NS (1 << 20)

typedef struct Stats {
  double mean, var, min, max;
  int64_t n, nans;
} Stats;

static Stats statsOf(const THTensor *d) {
  Stats s = {0, 0, INFINITY, -INFINITY, 0, 0};
  THTensor *h = tu_toHost(d);
  if (!h) return s;
  int64_t n = THTensor_numel(h);
  double sum = 0, sq = 0;
  for (int64_t i = 0; i < n; i++) {
    double v = th_at(h, i);
    if (isnan(v)) {
      s.nans++;
      continue;
    }
    sum += v;
    sq += v * v;
    if (v < s.min) s.min = v;
    if (v > s.max) s.max = v;
  }
  s.n = n - s.nans;
  s.mean = s.n ? sum / (double)s.n : NAN;
  s.var = s.n > 1 ? (sq - sum * s.mean) / (double)(s.n - 1) : NAN;
  THTensor_free(h);
  return s;
}

/* mean within 6 standard errors (plus `bias` for dtype rounding), variance within rvar relative */
static void checkMoments(const Stats *s, double mean, double var, double bias, double rvar, const char *what) {
  th_test_checks++;
  double se = sqrt(var / (double)(s->n > 0 ? s->n : 1));
  if (s->nans) TH_TEST_FAIL_("%s: %lld NaN samples", what, (long long)s->nans);
  if (!(fabs(s->mean - mean) <= 6 * se + bias)) TH_TEST_FAIL_("%s: mean %.6g, expected %.6g (+- %.3g)", what, s->mean, mean, 6 * se + bias);
  if (!(fabs(s->var - var) <= rvar * var + bias)) TH_TEST_FAIL_("%s: variance %.6g, expected %.6g", what, s->var, var);
}

static void checkRange(const Stats *s, double lo, double hi, int hiIncluded, const char *what) {
  th_test_checks++;
  if (!(s->min >= lo) || !(hiIncluded ? s->max <= hi : s->max < hi))
    TH_TEST_FAIL_("%s: values in [%.9g, %.9g], expected in [%g, %g%c", what, s->min, s->max, lo, hi, hiIncluded ? ']' : ')');
}

static THTensor *devN(THDType dt, int64_t n) { return THCTensor_newWithSize(ST, dt, 0, 1, &n); }

/* the rounding of a half type around value v: its relative precision */
static double halfBias(THDType dt, double v) {
  return dt == TH_Float16 ? fabs(v) * 1e-3 + 1e-3 : dt == TH_BFloat16 ? fabs(v) * 8e-3 + 8e-3 : 0;
}

static const THDType floats[] = {TH_Float32, TH_Float64, TH_Float16, TH_BFloat16};

static void test_continuous(void) {
  char what[128];
  for (int t = 0; t < 4; t++) {
    THDType dt = floats[t];
    THTensor *r = devN(dt, NS);
    Stats s;
    double b;
    CHECK_OK(THCTensor_uniform_(ST, r, -2, 3, NULL));
    s = statsOf(r);
    snprintf(what, sizeof what, "uniform_(-2, 3) %s", THDType_name(dt));
    checkMoments(&s, 0.5, 25.0 / 12, halfBias(dt, 3), 0.02, what);
    checkRange(&s, -2, 3, 0, what);

    CHECK_OK(THCTensor_normal_(ST, r, 1.5, 2, NULL));
    s = statsOf(r);
    snprintf(what, sizeof what, "normal_(1.5, 2) %s", THDType_name(dt));
    checkMoments(&s, 1.5, 4, halfBias(dt, 2), 0.02, what);
    th_test_checks++;
    if (!(s.min < 1.5 - 4 * 2 && s.max > 1.5 + 4 * 2)) TH_TEST_FAIL_("%s: tails missing: [%g, %g]", what, s.min, s.max);

    CHECK_OK(THCTensor_logNormal_(ST, r, 0.2, 0.5, NULL));
    s = statsOf(r);
    snprintf(what, sizeof what, "log_normal_(0.2, 0.5) %s", THDType_name(dt));
    double lm = exp(0.2 + 0.125), lv = (exp(0.25) - 1) * exp(0.4 + 0.25);
    checkMoments(&s, lm, lv, halfBias(dt, lm), 0.04, what);
    checkRange(&s, 0, INFINITY, 0, what);

    CHECK_OK(THCTensor_exponential_(ST, r, 2, NULL));
    s = statsOf(r);
    snprintf(what, sizeof what, "exponential_(2) %s", THDType_name(dt));
    checkMoments(&s, 0.5, 0.25, halfBias(dt, 0.5), 0.03, what);
    checkRange(&s, 0, INFINITY, 0, what);
    th_test_checks++;
    if (!(s.min > 0) || !(s.max > 5)) TH_TEST_FAIL_("%s: min %g (must be > 0), max %g (the tail reaches past 5)", what, s.min, s.max);

    /* Cauchy has no moments: half the mass lies within median +- sigma, half below the median */
    CHECK_OK(THCTensor_cauchy_(ST, r, 1, 2, NULL));
    THTensor *h = tu_toHost(r);
    int64_t below = 0, inside = 0, n = THTensor_numel(h);
    for (int64_t i = 0; i < n; i++) {
      double v = th_at(h, i);
      below += v < 1;
      inside += v >= -1 && v <= 3;
    }
    THTensor_free(h);
    snprintf(what, sizeof what, "cauchy_(1, 2) %s", THDType_name(dt));
    double se = 0.5 / sqrt((double)n), slack = dt == TH_BFloat16 ? 0.02 : dt == TH_Float16 ? 0.005 : 0;
    th_test_checks++;
    if (fabs((double)below / n - 0.5) > 6 * se + slack || fabs((double)inside / n - 0.5) > 6 * se + slack)
      TH_TEST_FAIL_("%s: %.4f below the median, %.4f within one sigma (both expected 0.5)", what, (double)below / n, (double)inside / n);
    THTensor_free(r);
    (void)b;
  }
}

static void test_discrete(void) {
  char what[128];
  static const THDType geo[] = {TH_Float32, TH_Float64, TH_Int64, TH_Int32, TH_Int16};
  for (int t = 0; t < 5; t++) {
    THTensor *r = devN(geo[t], NS);
    CHECK_OK(THCTensor_geometric_(ST, r, 0.3, NULL));
    Stats s = statsOf(r);
    snprintf(what, sizeof what, "geometric_(0.3) %s", THDType_name(geo[t]));
    checkMoments(&s, 1 / 0.3, 0.7 / 0.09, 0, 0.03, what);
    checkRange(&s, 1, INFINITY, 0, what);
    THTensor_free(r);
  }
  static const THDType bern[] = {TH_Float32, TH_Float64, TH_Int64, TH_Bool, TH_UInt8, TH_Int8};
  for (int t = 0; t < 6; t++) {
    THTensor *r = devN(bern[t], NS);
    CHECK_OK(THCTensor_bernoulli_(ST, r, 0.3, NULL));
    Stats s = statsOf(r);
    snprintf(what, sizeof what, "bernoulli_(0.3) %s", THDType_name(bern[t]));
    checkMoments(&s, 0.3, 0.21, 0, 0.02, what);
    checkRange(&s, 0, 1, 1, what);
    CHECK_OK(THCTensor_bernoulli_(ST, r, 0, NULL));
    s = statsOf(r);
    CHECK_EQ_INT(s.max, 0);
    CHECK_OK(THCTensor_bernoulli_(ST, r, 1, NULL));
    s = statsOf(r);
    CHECK_EQ_INT(s.min, 1);
    THTensor_free(r);
  }
  /* bernoulli with a tensor of probabilities broadcast over rows: column means follow p */
  static const THDType pts[] = {TH_Float32, TH_Float64};
  for (int t = 0; t < 2; t++) {
    THTensor *hp = THTensor_newWithSize(pts[t], 1, (const int64_t[]){4});
    const double pv[4] = {0, 0.25, 0.75, 1};
    for (int i = 0; i < 4; i++) th_set(hp, i, pv[i]);
    THTensor *dp = tu_toDevice(hp), *r = THCTensor_newWithSize(ST, TH_Float32, 0, 2, (const int64_t[]){NS / 4, 4});
    CHECK_OK(THCTensor_bernoulliTensor_(ST, r, dp, NULL));
    THTensor *h = tu_toHost(r);
    double cnt[4] = {0, 0, 0, 0};
    for (int64_t i = 0; i < NS; i++) cnt[i % 4] += th_at(h, i);
    for (int i = 0; i < 4; i++) {
      double m = cnt[i] / (NS / 4), se = sqrt(pv[i] * (1 - pv[i]) / (NS / 4));
      th_test_checks++;
      if (fabs(m - pv[i]) > 6 * se) TH_TEST_FAIL_("bernoulli p tensor %s: column %d mean %g, expected %g", THDType_name(pts[t]), i, m, pv[i]);
    }
    THTensor *r2 = THCTensor_new(ST, TH_Float64, 0);
    CHECK_OK(THCTensor_bernoulli(ST, r2, dp, NULL)); /* resized to p's shape */
    CHECK_SHAPE(r2, 1, 4);
    THTensor *all[] = {hp, dp, r, h, r2};
    for (int i = 0; i < 5; i++) THTensor_free(all[i]);
  }
}

static void test_random_ints(void) {
  char what[128];
  static const THDType dts[] = {TH_Int8, TH_Int16, TH_Int32, TH_Int64, TH_Float32, TH_Float64, TH_Float16, TH_BFloat16};
  for (int t = 0; t < 8; t++) {
    THTensor *r = devN(dts[t], NS);
    CHECK_OK(THCTensor_random_(ST, r, 1, -3, 1, 7, NULL));
    THTensor *h = tu_toHost(r);
    int64_t cnt[10] = {0}, bad = 0;
    for (int64_t i = 0; i < NS; i++) {
      double v = th_at(h, i);
      if (v != floor(v) || v < -3 || v >= 7) bad++;
      else cnt[(int)v + 3]++;
    }
    snprintf(what, sizeof what, "random_(-3, 7) %s", THDType_name(dts[t]));
    th_test_checks++;
    if (bad) TH_TEST_FAIL_("%s: %lld values outside the integers of [-3, 7)", what, (long long)bad);
    for (int k = 0; k < 10; k++) {
      double f = (double)cnt[k] / NS, se = sqrt(0.1 * 0.9 / NS);
      th_test_checks++;
      if (fabs(f - 0.1) > 6 * se) TH_TEST_FAIL_("%s: value %d has frequency %g, expected 0.1", what, k - 3, f);
    }
    THTensor_free(h);
    THTensor_free(r);
  }
  /* a range of 2^40 (64-bit draws), the full int64 range, and the defaults per dtype */
  THTensor *r = devN(TH_Int64, NS);
  CHECK_OK(THCTensor_random_(ST, r, 1, 0, 1, (int64_t)1 << 40, NULL));
  Stats s = statsOf(r);
  double range = ldexp(1, 40);
  checkMoments(&s, range / 2, range * range / 12, 0, 0.02, "random_(0, 2^40) int64");
  checkRange(&s, 0, range, 0, "random_(0, 2^40) int64");
  CHECK_OK(THCTensor_random_(ST, r, 1, INT64_MIN, 0, 0, NULL));
  s = statsOf(r);
  th_test_checks++;
  if (!(s.min < -1e18 && s.max > 1e18 && fabs(s.mean) < 6 * ldexp(1, 63) / sqrt(3.0 * NS)))
    TH_TEST_FAIL_("random_ over all of int64: min %g max %g mean %g", s.min, s.max, s.mean);
  THTensor_free(r);
  static const struct {
    THDType dt;
    double hi;
  } defs[] = {{TH_Bool, 1}, {TH_UInt8, 255}, {TH_Int8, 127}, {TH_Int16, 32767}, {TH_Int32, 2147483647.0},
              {TH_Int64, 9223372036854775807.0}, {TH_Float32, 16777216}, {TH_Float64, 9007199254740992.0}, {TH_Float16, 2048}};
  for (size_t k = 0; k < sizeof defs / sizeof defs[0]; k++) {
    r = devN(defs[k].dt, NS);
    CHECK_OK(THCTensor_random_(ST, r, 0, 0, 0, 0, NULL));
    s = statsOf(r);
    snprintf(what, sizeof what, "random_() %s", THDType_name(defs[k].dt));
    checkRange(&s, 0, defs[k].hi, 1, what);
    double se = defs[k].hi / sqrt(12.0 * NS);
    th_test_checks++;
    if (fabs(s.mean - defs[k].hi / 2) > 6 * se + defs[k].hi * 1e-3) TH_TEST_FAIL_("%s: mean %g, expected %g", what, s.mean, defs[k].hi / 2);
    THTensor_free(r);
  }
}

static void test_normal_tensor(void) {
  THTensor *hm = THTensor_newWithSize(TH_Float32, 1, (const int64_t[]){NS}), *hs = THTensor_newWithSize(TH_Float64, 2, (const int64_t[]){1, 1});
  for (int64_t i = 0; i < NS; i++) th_set(hm, i, i % 2 ? 3 : -3);
  th_set(hs, 0, 0.5);
  THTensor *dm = tu_toDevice(hm), *ds = tu_toDevice(hs), *r = THCTensor_new(ST, TH_Float32, 0);
  CHECK_OK(THCTensor_normalTensor(ST, r, dm, 0, NULL, 0.5, NULL));
  CHECK_SHAPE(r, 1, NS);
  Stats s = statsOf(r);
  checkMoments(&s, 0, 9 + 0.25, 0, 0.02, "normal(mean tensor +-3, std 0.5)");
  CHECK_ERR(THCTensor_normalTensor(ST, r, NULL, -1, dm, 0, NULL), "normal expects all elements of std >= 0.0"); /* std -3 */
  THTensor *hstd = THTensor_newWithSize(TH_Float32, 1, (const int64_t[]){NS});
  for (int64_t i = 0; i < NS; i++) th_set(hstd, i, 2);
  THTensor *dstd = tu_toDevice(hstd);
  CHECK_OK(THCTensor_normalTensor(ST, r, NULL, -1, dstd, 0, NULL));
  s = statsOf(r);
  checkMoments(&s, -1, 4, 0, 0.02, "normal(mean -1, std tensor 2)");
  CHECK_OK(THCTensor_normalTensor(ST, r, dm, 0, ds, 0, NULL)); /* both tensors, broadcast */
  CHECK_SHAPE(r, 2, 1, NS);
  s = statsOf(r);
  checkMoments(&s, 0, 9.25, 0, 0.02, "normal(mean tensor, std tensor [1, 1])");
  THTensor *all[] = {hm, hs, dm, ds, r, hstd, dstd};
  for (int i = 0; i < 7; i++) THTensor_free(all[i]);
}

/* Each kind of draw, twice from one seed: the same values; and a third time without reseeding:
 * different ones (the offset moved on). */
typedef int (*Sampler)(THTensor *r, THCGenerator *g);
static int sUniform(THTensor *r, THCGenerator *g) { return THCTensor_uniform_(ST, r, 0, 1, g); }
static int sNormal(THTensor *r, THCGenerator *g) { return THCTensor_normal_(ST, r, 0, 1, g); }
static int sRandom(THTensor *r, THCGenerator *g) { return THCTensor_random_(ST, r, 1, 0, 1, 1000, g); }
static int sBern(THTensor *r, THCGenerator *g) { return THCTensor_bernoulli_(ST, r, 0.5, g); }
static int sExp(THTensor *r, THCGenerator *g) { return THCTensor_exponential_(ST, r, 1, g); }
static int sGeo(THTensor *r, THCGenerator *g) { return THCTensor_geometric_(ST, r, 0.5, g); }
static int sCauchy(THTensor *r, THCGenerator *g) { return THCTensor_cauchy_(ST, r, 0, 1, g); }
static int sLogN(THTensor *r, THCGenerator *g) { return THCTensor_logNormal_(ST, r, 0, 1, g); }
static int sPermSmall(THTensor *r, THCGenerator *g) { return THCTensor_randperm(ST, r, 1000, g); }
static int sPermLarge(THTensor *r, THCGenerator *g) { return THCTensor_randperm(ST, r, 100000, g); }

static void test_reproducible(void) {
  static const struct {
    const char *name;
    Sampler fn;
    THDType dt;
  } samplers[] = {{"uniform_", sUniform, TH_Float32}, {"normal_", sNormal, TH_Float64}, {"random_", sRandom, TH_Int64},
                  {"bernoulli_", sBern, TH_Float32},  {"exponential_", sExp, TH_Float16}, {"geometric_", sGeo, TH_Int32},
                  {"cauchy_", sCauchy, TH_Float64},   {"log_normal_", sLogN, TH_BFloat16}, {"randperm small", sPermSmall, TH_Int64},
                  {"randperm large", sPermLarge, TH_Int64}};
  THCGenerator *g = THCGenerator_new(ST, 0, 42);
  CHECK_NOT_NULL(g);
  for (size_t k = 0; k < sizeof samplers / sizeof samplers[0]; k++) {
    THTensor *a = devN(samplers[k].dt, 4099), *b = devN(samplers[k].dt, 4099), *c = devN(samplers[k].dt, 4099);
    THCGenerator_manualSeed(g, 7);
    CHECK_OK(samplers[k].fn(a, g));
    CHECK_EQ_INT(THCGenerator_offset(g), 4);
    THCGenerator_manualSeed(g, 7);
    CHECK_OK(samplers[k].fn(b, g));
    CHECK_OK(samplers[k].fn(c, g));
    THTensor *ha = tu_toHost(a);
    char what[96];
    snprintf(what, sizeof what, "%s reproduced from its seed", samplers[k].name);
    tu_compare(b, ha, 0, 0, what);
    THTensor *hc = tu_toHost(c);
    int64_t same = 0, n = THTensor_numel(ha);
    for (int64_t i = 0; i < n; i++) same += th_at(ha, i) == th_at(hc, i);
    th_test_checks++;
    if (same > 3 * n / 4) TH_TEST_FAIL_("%s: the next draw repeats %lld of %lld values", samplers[k].name, (long long)same, (long long)n);
    THTensor *all[] = {a, b, c, ha, hc};
    for (int i = 0; i < 5; i++) THTensor_free(all[i]);
  }
  /* get/setState replays; a transposed result gets the same values in logical order */
  uint8_t st[THC_GENERATOR_STATE_SIZE];
  THCGenerator_getState(g, st);
  THTensor *x = THCTensor_newWithSize(ST, TH_Float32, 0, 2, (const int64_t[]){33, 65});
  THTensor *y0 = THCTensor_newWithSize(ST, TH_Float32, 0, 2, (const int64_t[]){65, 33}), *y = THTensor_newTranspose(y0, 0, 1);
  CHECK_OK(THCTensor_normal_(ST, x, 0, 1, g));
  CHECK_OK(THCGenerator_setState(g, st, sizeof st));
  CHECK_OK(THCTensor_normal_(ST, y, 0, 1, g));
  THTensor *hx = tu_toHost(x);
  tu_compare(y, hx, 0, 0, "normal_ into a transposed view after setState");
  /* the default generator: manualSeed makes NULL reproducible too */
  THCGenerator *dg = THCGenerator_default(ST, 0);
  CHECK(dg == THCGenerator_default(ST, -1));
  THCGenerator_manualSeed(dg, 5);
  CHECK_OK(THCTensor_uniform_(ST, x, 0, 1, NULL));
  THTensor_free(hx);
  hx = tu_toHost(x);
  CHECK_OK(THCRandom_manualSeedAll(ST, 5));
  CHECK_OK(THCTensor_uniform_(ST, x, 0, 1, NULL));
  tu_compare(x, hx, 0, 0, "the default generator after manualSeedAll");
  THTensor *all[] = {x, y0, y, hx};
  for (int i = 0; i < 4; i++) THTensor_free(all[i]);
  THCGenerator_free(g);
}

static void checkPermutation(const THTensor *d, int64_t n, const char *what) {
  CHECK_SHAPE(d, 1, n);
  THTensor *h = tu_toHost(d);
  if (!h) return;
  char *seen = calloc((size_t)(n > 0 ? n : 1), 1);
  int64_t bad = 0, fixed = 0;
  double sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
  for (int64_t i = 0; i < n; i++) {
    double v = th_at(h, i);
    int64_t k = (int64_t)v;
    if (v != (double)k || k < 0 || k >= n || seen[k]) bad++;
    else seen[k] = 1;
    fixed += k == i;
    sx += (double)i, sy += v, sxy += (double)i * v, sxx += (double)i * i, syy += v * v;
  }
  th_test_checks++;
  if (bad) TH_TEST_FAIL_("%s: %lld entries repeat or fall outside 0..%lld", what, (long long)bad, (long long)n - 1);
  if (n >= 100) {
    double cov = sxy / n - (sx / n) * (sy / n), vx = sxx / n - (sx / n) * (sx / n), vy = syy / n - (sy / n) * (sy / n);
    double corr = cov / sqrt(vx * vy);
    th_test_checks++;
    if (fabs(corr) > 6 / sqrt((double)n) || fixed > 12) /* fixed points: Poisson(1) */
      TH_TEST_FAIL_("%s: not shuffled (correlation of index and value %g, %lld fixed points)", what, corr, (long long)fixed);
  }
  free(seen);
  THTensor_free(h);
}

static void test_randperm(void) {
  static const int64_t ns[] = {0, 1, 7, 1000, 29999, 30000, 100000, 1 << 20};
  static const THDType dts[] = {TH_Int64, TH_Int32, TH_Float32, TH_Float64};
  for (int t = 0; t < 4; t++)
    for (int k = 0; k < 8; k++) {
      THTensor *r = THCTensor_new(ST, dts[t], 0);
      char what[64];
      snprintf(what, sizeof what, "randperm(%lld) %s", (long long)ns[k], THDType_name(dts[t]));
      CHECK_OK(THCTensor_randperm(ST, r, ns[k], NULL));
      checkPermutation(r, ns[k], what);
      THTensor_free(r);
    }
  /* into a view of a larger storage (resized to contiguous, as libTH does) */
  THTensor *base = THCTensor_newWithSize(ST, TH_Int64, 0, 1, (const int64_t[]){200000});
  THTensor *view = THTensor_newSlice(base, 0, 0, 200000, 2);
  CHECK_OK(THCTensor_randperm(ST, view, 100000, NULL));
  checkPermutation(view, 100000, "randperm into a view");
  THTensor_free(view), THTensor_free(base);
}

static void test_multinomial(void) {
  const double pv[5] = {1, 2, 3, 4, 0}; /* unnormalised; the last never drawn */
  static const THDType dts[] = {TH_Float32, TH_Float64, TH_Float16};
  for (int t = 0; t < 3; t++) {
    const int64_t rows = 20000;
    THTensor *hp = THTensor_newWithSize(dts[t], 2, (const int64_t[]){rows, 5});
    for (int64_t i = 0; i < rows * 5; i++) th_set(hp, i, pv[i % 5]);
    THTensor *dp = tu_toDevice(hp), *r = THCTensor_new(ST, TH_Int64, 0);
    for (int repl = 0; repl < 2; repl++) {
      const int64_t k = repl ? 50 : 2;
      CHECK_OK(THCTensor_multinomial(ST, r, dp, k, repl, NULL));
      CHECK_SHAPE(r, 2, rows, k);
      THTensor *h = tu_toHost(r);
      double cnt[5] = {0, 0, 0, 0, 0};
      int64_t bad = 0, dup = 0, total = 0;
      for (int64_t i = 0; i < rows; i++)
        for (int64_t j = 0; j < k; j++) {
          double v = th_at(h, i * k + j);
          if (v < 0 || v > 3 || v != floor(v)) bad++;
          else if (repl || j == 0) cnt[(int)v]++, total++;
          if (!repl && j == 1 && v == th_at(h, i * k)) dup++;
        }
      char what[96];
      snprintf(what, sizeof what, "multinomial %s %s replacement", THDType_name(dts[t]), repl ? "with" : "without");
      th_test_checks++;
      if (bad || dup) TH_TEST_FAIL_("%s: %lld draws out of range or of zero probability, %lld repeats", what, (long long)bad, (long long)dup);
      for (int c = 0; c < 4; c++) { /* the first draw (or every draw with replacement) follows p */
        double f = cnt[c] / (double)total, p = pv[c] / 10, se = sqrt(p * (1 - p) / (double)total);
        th_test_checks++;
        if (fabs(f - p) > 6 * se) TH_TEST_FAIL_("%s: category %d frequency %g, expected %g", what, c, f, p);
      }
      THTensor_free(h);
    }
    /* all categories without replacement: a permutation of the non-zero ones first */
    THTensor *row = THTensor_newSelect(dp, 0, 0);
    CHECK_OK(THCTensor_multinomial(ST, r, row, 5, 0, NULL));
    THTensor *h = tu_toHost(r);
    CHECK_EQ_INT(th_at(h, 4), 4);
    THTensor *all[] = {hp, dp, r, row, h};
    for (int i = 0; i < 5; i++) THTensor_free(all[i]);
  }
}

static void test_errors(void) {
  THTensor *hp = THTensor_newWithSize(TH_Float32, 1, (const int64_t[]){4});
  const double bad[4] = {0.5, -0.25, 1.5, 0};
  for (int i = 0; i < 4; i++) th_set(hp, i, bad[i]);
  THTensor *dp = tu_toDevice(hp), *hr = THTensor_newWithSize(TH_Float32, 1, (const int64_t[]){4}), *dr = devN(TH_Float32, 4);
  SAME_ERROR(THTensor_bernoulliTensor_(hr, hp, NULL), THCTensor_bernoulliTensor_(ST, dr, dp, NULL));
  SAME_ERROR(THTensor_normalTensor(hr, NULL, 0, hp, 0, NULL), THCTensor_normalTensor(ST, dr, NULL, 0, dp, 0, NULL));
  THTensor *hm = THTensor_new(TH_Int64), *dm = THCTensor_new(ST, TH_Int64, 0);
  SAME_ERROR(THTensor_multinomial(hm, hp, 2, 1, NULL), THCTensor_multinomial(ST, dm, dp, 2, 1, NULL));
  SAME_ERROR(THTensor_multinomial(hm, hp, 2, 0, NULL), THCTensor_multinomial(ST, dm, dp, 2, 0, NULL));
  th_set(hp, 1, INFINITY);
  THTensor_free(dp);
  dp = tu_toDevice(hp);
  SAME_ERROR(THTensor_multinomial(hm, hp, 2, 1, NULL), THCTensor_multinomial(ST, dm, dp, 2, 1, NULL));
  THTensor *hz = THTensor_newWithSize(TH_Float64, 1, (const int64_t[]){3}), *dz;
  for (int i = 0; i < 3; i++) th_set(hz, i, 0);
  dz = tu_toDevice(hz);
  SAME_ERROR(THTensor_multinomial(hm, hz, 1, 1, NULL), THCTensor_multinomial(ST, dm, dz, 1, 1, NULL));
  SAME_ERROR(THTensor_multinomial(hm, hz, 1, 0, NULL), THCTensor_multinomial(ST, dm, dz, 1, 0, NULL));
  /* writing into an expanded tensor */
  THTensor *one = devN(TH_Float32, 1), *ex = THTensor_newExpand(one, 1, (const int64_t[]){8});
  THTensor *hone = THTensor_newWithSize(TH_Float32, 1, (const int64_t[]){1}), *hex = THTensor_newExpand(hone, 1, (const int64_t[]){8});
  SAME_ERROR(THTensor_uniform_(hex, 0, 1, NULL), THCTensor_uniform_(ST, ex, 0, 1, NULL));
  /* a generator of another device */
  if (THCState_deviceCount(ST) > 1) {
    THCGenerator *g1 = THCGenerator_new(ST, 1, 1);
    CHECK_ERR(THCTensor_uniform_(ST, dr, 0, 1, g1), "generator");
    THCGenerator_free(g1);
  }
  CHECK_ERR(THCTensor_uniform_(ST, hr, 0, 1, NULL), "expected CUDA tensors");
  THTensor *all[] = {hp, dp, hr, dr, hm, dm, hz, dz, one, ex, hone, hex};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) THTensor_free(all[i]);
}

static void test_generator_api(void) {
  THCGenerator *g = THCGenerator_new(ST, -1, 99);
  CHECK_NOT_NULL(g);
  CHECK_EQ_INT(THCGenerator_initialSeed(g), 99);
  CHECK_EQ_INT(THCGenerator_device(g), 0);
  CHECK_OK(THCGenerator_setOffset(g, 8));
  CHECK_EQ_INT(THCGenerator_offset(g), 8);
  CHECK_ERR(THCGenerator_setOffset(g, 6), "multiple of 4");
  THTensor *st = THCGenerator_newStateTensor(g);
  CHECK_SHAPE(st, 1, THC_GENERATOR_STATE_SIZE);
  THCGenerator_manualSeed(g, 1);
  CHECK_OK(THCGenerator_setStateTensor(g, st));
  CHECK_EQ_INT(THCGenerator_initialSeed(g), 99);
  CHECK_EQ_INT(THCGenerator_offset(g), 8);
  const uint8_t seedOnly[8] = {5, 0, 0, 0, 0, 0, 0, 0};
  CHECK_OK(THCGenerator_setState(g, seedOnly, 8));
  CHECK_EQ_INT(THCGenerator_initialSeed(g), 5);
  CHECK_EQ_INT(THCGenerator_offset(g), 0);
  CHECK_ERR(THCGenerator_setState(g, seedOnly, 7), "RNG state is wrong size");
  THTensor *wrong = THTensor_newWithSize(TH_Int32, 1, (const int64_t[]){4});
  CHECK_ERR(THCGenerator_setStateTensor(g, wrong), "ByteTensor");
  uint64_t s = THCGenerator_seed(g);
  CHECK(s < (1ULL << 53));
  CHECK_EQ_INT(THCGenerator_initialSeed(g), s);
  CHECK(THCRandom_seedAll(ST) < (1ULL << 53));
  CHECK_EQ_INT(THCGenerator_initialSeed(THCGenerator_default(ST, 0)) < (1ULL << 53), 1);
  /* rand_like keeps a dense layout */
  THTensor *t0 = THCTensor_newWithSize(ST, TH_Float32, 0, 2, (const int64_t[]){5, 3}), *t = THTensor_newTranspose(t0, 0, 1);
  THTensor *like = THCRandom_newLike(ST, t, TH_Float64);
  CHECK_SHAPE(like, 2, 3, 5);
  CHECK_STRIDES(like, 2, 1, 3);
  CHECK_EQ_INT(THCTensor_device(like), 0);
  THTensor *all[] = {st, wrong, t0, t, like};
  for (int i = 0; i < 5; i++) THTensor_free(all[i]);
  THCGenerator_free(g);
}

int main(void) {
  THC_REQUIRE_GPU();
  RUN_TEST(test_generator_api);
  RUN_TEST(test_reproducible);
  RUN_TEST(test_continuous);
  RUN_TEST(test_discrete);
  RUN_TEST(test_random_ints);
  RUN_TEST(test_normal_tensor);
  RUN_TEST(test_randperm);
  RUN_TEST(test_multinomial);
  RUN_TEST(test_errors);
  THCState_free(ST);
  return TH_TEST_RESULT();
}
