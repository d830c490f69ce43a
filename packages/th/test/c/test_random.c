/* Generators and samplers from C: mt19937 itself, seeding, state bytes, every sampler's range,
 * fill order on strided tensors, thread-count independence, and every error path. */
#define _GNU_SOURCE
#include "th_test.h"


static THTensor *vec(THDType dt, int64_t n) { return THTensor_newWithSize(dt, 1, (const int64_t[]){n}); }

static void test_mt19937_reference(void) {
  /* The C++ standard ([rand.predef]): the 10000th draw of mt19937 seeded with 5489 is 4123659995. */
  THGenerator *g = THGenerator_new(5489);
  CHECK_NOT_NULL(g);
  uint32_t v = 0;
  for (int i = 0; i < 10000; i++) v = THGenerator_random(g);
  CHECK_EQ_INT(v, 4123659995u);
  /* random64 is two draws, the first one high */
  THGenerator_manualSeed(g, 5489);
  uint64_t hi = THGenerator_random(g), lo = THGenerator_random(g);
  THGenerator_manualSeed(g, 5489);
  CHECK(THGenerator_random64(g) == ((hi << 32) | lo));
  THGenerator_free(g);
}

static void test_seeding(void) {
  THGenerator *a = THGenerator_new(TH_DEFAULT_SEED), *b = THGenerator_new(1);
  CHECK(THGenerator_initialSeed(a) == TH_DEFAULT_SEED);
  THGenerator_manualSeed(b, TH_DEFAULT_SEED);
  for (int i = 0; i < 1000; i++) CHECK_EQ_INT(THGenerator_random(a), THGenerator_random(b));
  uint64_t s = THGenerator_seed(a);
  CHECK(s < (1ULL << 53));
  CHECK(THGenerator_initialSeed(a) == s);
  CHECK(THGenerator_seed(a) != s);
  /* the default generator is shared and never freed */
  THGenerator *d = THGenerator_default();
  CHECK(d == THGenerator_default());
  THGenerator_free(d);
  THGenerator_manualSeed(NULL, 3);
  CHECK(THGenerator_initialSeed(d) == 3);
  THGenerator_free(a);
  THGenerator_free(b);
}

static void test_state(void) {
  THGenerator *g = THGenerator_new(11);
  THTensor *t = vec(TH_Float64, 3);
  CHECK_OK(THTensor_normal_(t, 0, 1, g)); /* serial path: caches one normal sample */
  THTensor *state = THGenerator_newStateTensor(g);
  CHECK_SHAPE(state, 1, TH_GENERATOR_STATE_SIZE);
  CHECK_EQ_INT(THTensor_dtype(state), TH_UInt8);
  THTensor *a = vec(TH_Float64, 5), *b = vec(TH_Float64, 5);
  CHECK_OK(THTensor_normal_(a, 0, 1, g));
  THGenerator *h = THGenerator_new(0);
  CHECK_OK(THGenerator_setStateTensor(h, state));
  CHECK_OK(THTensor_normal_(b, 0, 1, h));
  for (int i = 0; i < 5; i++) CHECK(th_at(a, i) == th_at(b, i));
  /* the legacy layout is accepted (without the float sample) */
  CHECK_OK(THGenerator_setState(h, (const uint8_t *)THTensor_data(state), TH_GENERATOR_LEGACY_STATE_SIZE));
  /* errors */
  CHECK_ERR(THGenerator_setState(h, (const uint8_t *)THTensor_data(state), 100), "found the input RNG state size to be 100");
  uint8_t *bytes = THTensor_data(state);
  bytes[12] = 0; /* seeded = 0 */
  CHECK_ERR(THGenerator_setStateTensor(h, state), "Invalid mt19937 state");
  THTensor *f = vec(TH_Float32, TH_GENERATOR_STATE_SIZE);
  CHECK_ERR(THGenerator_setStateTensor(h, f), "uint8 tensor");
  THTensor *strided = THTensor_newSlice(state, 0, 0, TH_GENERATOR_STATE_SIZE, 2);
  CHECK_ERR(THGenerator_setStateTensor(h, strided), "contiguous");
  THTensor_free(strided);
  THTensor_free(f);
  THTensor_free(t);
  THTensor_free(state);
  THTensor_free(a);
  THTensor_free(b);
  THGenerator_free(g);
  THGenerator_free(h);
}

static void test_uniform_and_order(void) {
  THGenerator *g = THGenerator_new(5);
  THTensor *x = THTensor_newWithSize(TH_Float32, 2, (const int64_t[]){30, 40});
  CHECK_OK(THTensor_uniform_(x, -2, 3, g));
  double sum = 0;
  for (int64_t i = 0; i < 1200; i++) {
    double v = th_at(x, i);
    CHECK(v >= -2 && v < 3);
    sum += v;
  }
  CHECK_NEAR(sum / 1200, 0.5, 4 * 5 / sqrt(12.0 * 1200));
  /* a transposed view fills in memory order: the same numbers as the contiguous base */
  THTensor *y = THTensor_newWithSize(TH_Float32, 2, (const int64_t[]){30, 40});
  THTensor *yt = THTensor_newTranspose(y, 0, 1);
  THGenerator_manualSeed(g, 5);
  CHECK_OK(THTensor_uniform_(yt, -2, 3, g));
  int same = 1;
  for (int64_t i = 0; i < 1200; i++) same &= ((float *)THTensor_data(x))[i] == ((float *)THTensor_data(y))[i];
  CHECK(same);
  /* a stepped view fills only its elements */
  THTensor *z = vec(TH_Float64, 10);
  CHECK_OK(THTensor_fill(z, -7));
  THTensor *zs = THTensor_newSlice(z, 0, 0, 10, 2);
  CHECK_OK(THTensor_uniform_(zs, 0, 1, g));
  for (int64_t i = 0; i < 10; i++) CHECK(i % 2 ? th_at(z, i) == -7 : th_at(z, i) >= 0);
  CHECK_ERR(THTensor_uniform_(x, 3, -2, g), "found from=3 > to=-2");
  THTensor *h = vec(TH_Float16, 4);
  CHECK_ERR(THTensor_uniform_(h, 0, 1e6, g), "to is out of bounds for float16");
  THTensor *iv = vec(TH_Int32, 4);
  CHECK_ERR(THTensor_uniform_(iv, 0, 1, g), "not implemented for 'int32'");
  THTensor *one = vec(TH_Float32, 1);
  THTensor *ex = THTensor_newExpand(one, 1, (const int64_t[]){5});
  CHECK_ERR(THTensor_uniform_(ex, 0, 1, g), "more than one element of the written-to tensor");
  THTensor *empty = vec(TH_Float32, 0);
  CHECK_OK(THTensor_uniform_(empty, 0, 1, g));
  THTensor_free(empty);
  THTensor_free(ex);
  THTensor_free(one);
  THTensor_free(iv);
  THTensor_free(h);
  THTensor_free(zs);
  THTensor_free(z);
  THTensor_free(yt);
  THTensor_free(y);
  THTensor_free(x);
  THGenerator_free(g);
}

static void moments(const THTensor *t, double *mean, double *var) {
  int64_t n = THTensor_numel(t);
  double s = 0, s2 = 0;
  for (int64_t i = 0; i < n; i++) s += th_at(t, i);
  *mean = s / n;
  for (int64_t i = 0; i < n; i++) s2 += (th_at(t, i) - *mean) * (th_at(t, i) - *mean);
  *var = s2 / (n - 1);
}

static void test_normal_and_threads(void) {
  const int64_t n = 200000;
  THGenerator *g = THGenerator_new(9);
  THDType types[3] = {TH_Float32, TH_Float64, TH_BFloat16};
  for (int k = 0; k < 3; k++) {
    THTensor *x = vec(types[k], n);
    CHECK_OK(THTensor_normal_(x, 2, 3, g));
    double m, v;
    moments(x, &m, &v);
    CHECK_NEAR(m, 2, 4 * 3 / sqrt((double)n));
    CHECK_NEAR(v, 9, 4 * 9 * sqrt(2.0 / n) + (types[k] == TH_BFloat16 ? 0.1 : 0));
    THTensor_free(x);
  }
  /* results do not depend on the thread count (the Box-Muller blocks run in parallel) */
  THTensor *a = vec(TH_Float32, 2000003), *b = vec(TH_Float32, 2000003);
  THSetNumThreads(1);
  THGenerator_manualSeed(g, 1);
  CHECK_OK(THTensor_normal_(a, 0, 1, g));
  THSetNumThreads(2);
  THGenerator_manualSeed(g, 1);
  CHECK_OK(THTensor_normal_(b, 0, 1, g));
  THSetNumThreads(1);
  CHECK(memcmp(THTensor_data(a), THTensor_data(b), 4 * 2000003) == 0);
  CHECK_ERR(THTensor_normal_(a, 0, -1, g), "normal expects std >= 0.0, but found std -1");
  THTensor *iv = vec(TH_Int64, 3);
  CHECK_ERR(THTensor_normal_(iv, 0, 1, g), "not implemented for 'int64'");
  THTensor_free(iv);
  THTensor_free(a);
  THTensor_free(b);
  THGenerator_free(g);
}

static void test_normal_scalar_equals_vector(void) {
  /* the portable lane-by-lane code and the AVX2 code give the same bits (TH_RANDOM_SCALAR) */
  THGenerator *g = THGenerator_new(2);
  THTensor *a = vec(TH_Float32, 100003), *b = vec(TH_Float32, 100003);
  CHECK_OK(THTensor_normal_(a, 1.5, 2.5, g));
  setenv("TH_RANDOM_SCALAR", "1", 1);
  THGenerator_manualSeed(g, 2);
  CHECK_OK(THTensor_normal_(b, 1.5, 2.5, g));
  unsetenv("TH_RANDOM_SCALAR");
  CHECK(memcmp(THTensor_data(a), THTensor_data(b), 4 * 100003) == 0);
  THTensor_free(a);
  THTensor_free(b);
  THGenerator_free(g);
}

static void test_normal_tensor(void) {
  THGenerator *g = THGenerator_new(3);
  THTensor *mean = VEC(TH_Float32, 0, 10, 100);
  THTensor *std = THTensor_newWithSize(TH_Float64, 2, (const int64_t[]){2, 1});
  th_set(std, 0, 0);
  th_set(std, 1, 1e-3);
  THTensor *r = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_normalTensor(r, mean, 0, std, 0, g));
  CHECK_SHAPE(r, 2, 2, 3);
  CHECK_VALUES(r, 0.01, 0, 10, 100, 0, 10, 100);
  CHECK(th_at(r, 0) == 0 && th_at(r, 2) == 100); /* std 0: exactly the mean */
  CHECK_OK(THTensor_normalTensor(r, NULL, 5, std, 0, g));
  CHECK_SHAPE(r, 2, 2, 1);
  CHECK(th_at(r, 0) == 5);
  th_set(std, 1, -1);
  CHECK_ERR(THTensor_normalTensor(r, mean, 0, std, 0, g), "normal expects all elements of std >= 0.0");
  CHECK_ERR(THTensor_normalTensor(r, mean, 0, NULL, -2, g), "found std -2");
  CHECK_ERR(THTensor_normalTensor(r, NULL, 0, NULL, 1, g), "mean or std to be a tensor");
  THTensor_free(r);
  THTensor_free(std);
  THTensor_free(mean);
  THGenerator_free(g);
}

static void test_random_(void) {
  THGenerator *g = THGenerator_new(4);
  THTensor *x = vec(TH_Int64, 10000);
  CHECK_OK(THTensor_random_(x, 1, -5, 1, 5, g));
  int seen[10] = {0};
  for (int64_t i = 0; i < 10000; i++) {
    int64_t v = (int64_t)th_at(x, i);
    CHECK(v >= -5 && v < 5);
    if (v >= -5 && v < 5) seen[v + 5] = 1;
  }
  for (int i = 0; i < 10; i++) CHECK(seen[i]);
  THTensor *u8 = vec(TH_UInt8, 1000);
  CHECK_OK(THTensor_random_(u8, 0, 0, 0, 0, g));
  CHECK_ERR(THTensor_random_(u8, 1, -1, 1, 5, g), "from is out of bounds for uint8");
  CHECK_ERR(THTensor_random_(u8, 1, 0, 1, 300, g), "to - 1 is out of bounds for uint8");
  CHECK_ERR(THTensor_random_(x, 1, 4, 1, 4, g), "but got from=4 >= to=4");
  THTensor *i32 = vec(TH_Int32, 10);
  CHECK_ERR(THTensor_random_(i32, 1, INT64_MIN, 0, 0, g), "handles only int64");
  CHECK_OK(THTensor_random_(x, 1, INT64_MIN, 0, 0, g));
  THTensor *b = vec(TH_Bool, 1000);
  CHECK_OK(THTensor_random_(b, 0, 0, 0, 0, g));
  int ones = 0;
  for (int i = 0; i < 1000; i++) ones += th_at(b, i) != 0;
  CHECK(ones > 400 && ones < 600);
  THTensor *f = vec(TH_Float32, 1000);
  CHECK_OK(THTensor_random_(f, 1, 3, 0, 0, g));
  for (int i = 0; i < 1000; i++) CHECK(th_at(f, i) >= 3 && th_at(f, i) <= 16777216);
  THTensor_free(f);
  THTensor_free(b);
  THTensor_free(i32);
  THTensor_free(u8);
  THTensor_free(x);
  THGenerator_free(g);
}

static void test_scalar_samplers(void) {
  THGenerator *g = THGenerator_new(6);
  const int64_t n = 100000;
  THTensor *x = vec(TH_Float64, n);
  double m, v;
  CHECK_OK(THTensor_exponential_(x, 2, g));
  moments(x, &m, &v);
  CHECK_NEAR(m, 0.5, 4 * 0.5 / sqrt((double)n));
  CHECK_OK(THTensor_geometric_(x, 0.25, g));
  moments(x, &m, &v);
  CHECK_NEAR(m, 4, 4 * sqrt(0.75 / 0.0625 / n));
  CHECK_OK(THTensor_bernoulli_(x, 0.2, g));
  moments(x, &m, &v);
  CHECK_NEAR(m, 0.2, 4 * sqrt(0.16 / n));
  CHECK_OK(THTensor_logNormal_(x, 0, 0.5, g));
  double minv = INFINITY;
  for (int64_t i = 0; i < n; i++) minv = fmin(minv, th_at(x, i));
  CHECK(minv > 0);
  CHECK_OK(THTensor_cauchy_(x, 1, 2, g));
  int below = 0;
  for (int64_t i = 0; i < n; i++) below += th_at(x, i) < 1;
  CHECK_NEAR(below / (double)n, 0.5, 4 * 0.5 / sqrt((double)n));
  CHECK_ERR(THTensor_exponential_(x, -1, g), "lambda >= 0.0");
  CHECK_ERR(THTensor_geometric_(x, 0, g), "p to be in (0, 1)");
  CHECK_ERR(THTensor_bernoulli_(x, 2, g), "p to be in [0, 1], but got p=2");
  CHECK_ERR(THTensor_logNormal_(x, 0, 0, g), "std > 0.0");
  THTensor *iv = vec(TH_Int64, 3);
  CHECK_ERR(THTensor_cauchy_(iv, 0, 1, g), "dtype must be a floating point");
  CHECK_OK(THTensor_geometric_(iv, 0.5, g));
  CHECK_OK(THTensor_bernoulli_(iv, 0.5, g));
  /* bernoulli with a tensor of probabilities */
  THTensor *p = VEC(TH_Float32, 0, 1, 0.5);
  THTensor *r = THTensor_newWithSize(TH_Int64, 2, (const int64_t[]){4, 3});
  CHECK_OK(THTensor_bernoulliTensor_(r, p, g));
  for (int i = 0; i < 4; i++) CHECK(th_at(r, 3 * i) == 0 && th_at(r, 3 * i + 1) == 1);
  THTensor *bad = VEC(TH_Float32, 0.5, 1.5, 0.5);
  CHECK_ERR(THTensor_bernoulliTensor_(r, bad, g), "values in [0.5, 1.5]");
  THTensor *wrong = VEC(TH_Float32, 0.5, 0.5);
  CHECK_ERR(THTensor_bernoulliTensor_(r, wrong, g), "cannot be broadcast to the tensor's shape [4, 3]");
  THTensor *out = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_bernoulli(out, p, g));
  CHECK_SHAPE(out, 1, 3);
  THTensor_free(out);
  THTensor_free(wrong);
  THTensor_free(bad);
  THTensor_free(r);
  THTensor_free(p);
  THTensor_free(iv);
  THTensor_free(x);
  THGenerator_free(g);
}

static void test_randperm(void) {
  THGenerator *g = THGenerator_new(8);
  THTensor *r = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_randperm(r, 1000, g));
  CHECK_SHAPE(r, 1, 1000);
  char seen[1000] = {0};
  for (int i = 0; i < 1000; i++) seen[(int)th_at(r, i)] = 1;
  int all = 1;
  for (int i = 0; i < 1000; i++) all &= seen[i];
  CHECK(all);
  CHECK_OK(THTensor_randperm(r, 0, g));
  CHECK_SHAPE(r, 1, 0);
  CHECK_ERR(THTensor_randperm(r, -1, g), "non-negative, got -1");
  THTensor *u8 = THTensor_new(TH_UInt8);
  CHECK_ERR(THTensor_randperm(u8, 300, g), "too large for result tensor type uint8");
  CHECK_OK(THTensor_randperm(u8, 256, g));
  THTensor *b = THTensor_new(TH_Bool);
  CHECK_ERR(THTensor_randperm(b, 2, g), "not implemented for 'bool'");
  THTensor *f = THTensor_new(TH_Float32);
  CHECK_OK(THTensor_randperm(f, 10, g));
  double s = 0;
  for (int i = 0; i < 10; i++) s += th_at(f, i);
  CHECK(s == 45);
  THTensor_free(f);
  THTensor_free(b);
  THTensor_free(u8);
  THTensor_free(r);
  THGenerator_free(g);
}

static void test_multinomial(void) {
  THGenerator *g = THGenerator_new(12);
  THTensor *p = THTensor_newWithSize(TH_Float32, 2, (const int64_t[]){2, 4});
  double w[8] = {0, 1, 0, 3, 5, 0, 0, 0};
  for (int i = 0; i < 8; i++) th_set(p, i, w[i]);
  THTensor *r = THTensor_new(TH_Int64);
  CHECK_OK(THTensor_multinomial(r, p, 1000, 1, g));
  CHECK_SHAPE(r, 2, 2, 1000);
  int c3 = 0, ok = 1;
  for (int i = 0; i < 1000; i++) {
    int64_t a = (int64_t)th_at(r, i), b = (int64_t)th_at(r, 1000 + i);
    ok &= (a == 1 || a == 3) && b == 0;
    c3 += a == 3;
  }
  CHECK(ok);
  CHECK_NEAR(c3 / 1000.0, 0.75, 4 * sqrt(0.75 * 0.25 / 1000));
  CHECK_OK(THTensor_multinomial(r, p, 2, 0, g));
  CHECK_SHAPE(r, 2, 2, 2);
  CHECK(th_at(r, 0) + th_at(r, 1) == 4); /* rows 0: the two non-zero categories, 1 and 3 */
  CHECK_ERR(THTensor_multinomial(r, p, 5, 0, g), "cannot sample n_sample > prob_dist.size(-1)");
  CHECK_ERR(THTensor_multinomial(r, p, 0, 1, g), "n_sample <= 0");
  th_set(p, 0, -1);
  CHECK_ERR(THTensor_multinomial(r, p, 3, 1, g), "probability entry < 0");
  CHECK_ERR(THTensor_multinomial(r, p, 1, 0, g), "element < 0");
  THTensor *f = THTensor_new(TH_Float32);
  CHECK_ERR(THTensor_multinomial(f, p, 1, 1, g), "expects an int64 tensor out, got: float32");
  THTensor *iv = VEC(TH_Int64, 1, 1);
  CHECK_ERR(THTensor_multinomial(r, iv, 1, 1, g), "floating-point dtypes for input, got: int64");
  THTensor_free(iv);
  THTensor_free(f);
  THTensor_free(r);
  THTensor_free(p);
  THGenerator_free(g);
}

static void test_like(void) {
  THTensor *x = THTensor_newWithSize(TH_Float64, 2, (const int64_t[]){3, 4});
  THTensor *xt = THTensor_newTranspose(x, 0, 1);
  THTensor *l = THRandom_newLike(xt, TH_Float32);
  CHECK_SHAPE(l, 2, 4, 3);
  CHECK_STRIDES(l, 2, 1, 4);
  CHECK_EQ_INT(THTensor_dtype(l), TH_Float32);
  THTensor_free(l);
  THTensor_free(xt);
  THTensor_free(x);
}

int main(void) {
  RUN_TEST(test_mt19937_reference);
  RUN_TEST(test_seeding);
  RUN_TEST(test_state);
  RUN_TEST(test_uniform_and_order);
  RUN_TEST(test_normal_and_threads);
  RUN_TEST(test_normal_scalar_equals_vector);
  RUN_TEST(test_normal_tensor);
  RUN_TEST(test_random_);
  RUN_TEST(test_scalar_samplers);
  RUN_TEST(test_randperm);
  RUN_TEST(test_multinomial);
  RUN_TEST(test_like);
  return TH_TEST_RESULT();
}
