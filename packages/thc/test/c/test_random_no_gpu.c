/* test_random_no_gpu.c — needs no GPU. Philox4x32-10 against Random123's known-answer vectors
 * (the kernels use this very function), the uniform conversions' ranges, and THCRandom.h's
 * argument checks, which come before any device work: libTH's messages for the same arguments. */
#include "thc_fake_device.h"
#include "THCPhilox.h"

static void test_philox_known_answers(void) {
  /* Random123 tests/kat_vectors: philox4x32 10 (counter, key -> output) */
  static const uint32_t kat[3][10] = {
      {0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
      {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
      {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, 0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
  };
  for (int k = 0; k < 3; k++) {
    THCPhilox4 ctr = {{kat[k][0], kat[k][1], kat[k][2], kat[k][3]}};
    THCPhilox4 out = THCPhilox_4x32_10(ctr, kat[k][4], kat[k][5]);
    for (int i = 0; i < 4; i++) CHECK_EQ_INT(out.v[i], kat[k][6 + i]);
  }
  /* the counter layout: group in words 0-1, offset / 4 in words 2-3, the seed as the key */
  THCPhilox4 a = THCPhilox_draw(0xa4093822299f31d0ULL >> 0, 0, 0);
  THCPhilox4 b = THCPhilox_4x32_10((THCPhilox4){{0, 0, 0, 0}}, 0x299f31d0u, 0xa4093822u);
  for (int i = 0; i < 4; i++) CHECK_EQ_INT(a.v[i], b.v[i]);
  THCPhilox4 c = THCPhilox_draw(7, 4 * 5, ((uint64_t)3 << 32) | 9);
  THCPhilox4 d = THCPhilox_4x32_10((THCPhilox4){{9, 3, 5, 0}}, 7, 0);
  for (int i = 0; i < 4; i++) CHECK_EQ_INT(c.v[i], d.v[i]);
}

static void test_uniform_conversions(void) {
  CHECK_EQ_INT(THCPhilox_float01(0) == 0.0f, 1);
  CHECK(THCPhilox_float01(0xffffffffu) < 1.0f);
  CHECK(THCPhilox_floatOpen(0) > 0.0f);
  CHECK(THCPhilox_floatOpen(0xffffffffu) < 1.0f);
  CHECK_EQ_INT(THCPhilox_double01(0, 0) == 0.0, 1);
  CHECK(THCPhilox_double01(0xffffffffu, 0xffffffffu) < 1.0);
  CHECK(THCPhilox_doubleOpen(0, 0) > 0.0);
  CHECK(THCPhilox_doubleOpen(0xffffffffu, 0xffffffffu) < 1.0);
  /* a million draws: uniform bits (mean of the top bit, of a word) */
  double s = 0;
  int64_t ones = 0;
  const int n = 1 << 18;
  for (int i = 0; i < n; i++) {
    THCPhilox4 w = THCPhilox_draw(123, 0, (uint64_t)i);
    for (int k = 0; k < 4; k++) s += THCPhilox_float01(w.v[k]), ones += w.v[k] >> 31;
  }
  CHECK_NEAR(s / (4.0 * n), 0.5, 6 * sqrt(1.0 / 12 / (4.0 * n)));
  CHECK_NEAR((double)ones / (4.0 * n), 0.5, 6 * 0.5 / sqrt(4.0 * n));
}

static void test_argument_errors(void) {
  THCState *s = THCState_new();
  THTensor *f = THTensor_newWithSize(TH_Float32, 1, (const int64_t[]){8});
  THTensor *i = THTensor_newWithSize(TH_Int64, 1, (const int64_t[]){8});
  THTensor *h = THTensor_newWithSize(TH_Float16, 1, (const int64_t[]){8});
  THTensor *b = THTensor_newWithSize(TH_Bool, 1, (const int64_t[]){8});
  THTensor *p2 = THTensor_newWithSize(TH_Float32, 2, (const int64_t[]){3, 4});
  THTensor *p3 = THTensor_newWithSize(TH_Float32, 3, (const int64_t[]){2, 3, 4});
  THTensor *pi = THTensor_newWithSize(TH_Int32, 1, (const int64_t[]){4});
  THTensor *p5 = THTensor_newWithSize(TH_Float32, 1, (const int64_t[]){5});
  SAME_ERROR(THTensor_uniform_(i, 0, 1, NULL), THCTensor_uniform_(s, i, 0, 1, NULL));
  SAME_ERROR(THTensor_uniform_(f, 2, 1, NULL), THCTensor_uniform_(s, f, 2, 1, NULL));
  SAME_ERROR(THTensor_uniform_(h, 0, 1e6, NULL), THCTensor_uniform_(s, h, 0, 1e6, NULL));
  SAME_ERROR(THTensor_normal_(f, 0, -1, NULL), THCTensor_normal_(s, f, 0, -1, NULL));
  SAME_ERROR(THTensor_normal_(i, 0, 1, NULL), THCTensor_normal_(s, i, 0, 1, NULL));
  SAME_ERROR(THTensor_bernoulli_(f, 1.5, NULL), THCTensor_bernoulli_(s, f, 1.5, NULL));
  SAME_ERROR(THTensor_bernoulli_(h, 0.5, NULL), THCTensor_bernoulli_(s, h, 0.5, NULL));
  SAME_ERROR(THTensor_exponential_(f, -1, NULL), THCTensor_exponential_(s, f, -1, NULL));
  SAME_ERROR(THTensor_geometric_(f, 0, NULL), THCTensor_geometric_(s, f, 0, NULL));
  SAME_ERROR(THTensor_geometric_(b, 0.5, NULL), THCTensor_geometric_(s, b, 0.5, NULL));
  SAME_ERROR(THTensor_logNormal_(f, 0, 0, NULL), THCTensor_logNormal_(s, f, 0, 0, NULL));
  SAME_ERROR(THTensor_cauchy_(i, 0, 1, NULL), THCTensor_cauchy_(s, i, 0, 1, NULL));
  SAME_ERROR(THTensor_random_(i, 1, 5, 1, 5, NULL), THCTensor_random_(s, i, 1, 5, 1, 5, NULL));
  SAME_ERROR(THTensor_random_(b, 1, 0, 1, 3, NULL), THCTensor_random_(s, b, 1, 0, 1, 3, NULL));
  SAME_ERROR(THTensor_random_(h, 1, 0, 1, 1 << 20, NULL), THCTensor_random_(s, h, 1, 0, 1, 1 << 20, NULL));
  SAME_ERROR(THTensor_random_(h, 1, INT64_MIN, 0, 0, NULL), THCTensor_random_(s, h, 1, INT64_MIN, 0, 0, NULL));
  SAME_ERROR(THTensor_bernoulliTensor_(f, pi, NULL), THCTensor_bernoulliTensor_(s, f, pi, NULL));
  SAME_ERROR(THTensor_bernoulliTensor_(f, p5, NULL), THCTensor_bernoulliTensor_(s, f, p5, NULL));
  SAME_ERROR(THTensor_randperm(i, -1, NULL), THCTensor_randperm(s, i, -1, NULL));
  SAME_ERROR(THTensor_randperm(b, 5, NULL), THCTensor_randperm(s, b, 5, NULL));
  SAME_ERROR(THTensor_randperm(h, 5000, NULL), THCTensor_randperm(s, h, 5000, NULL));
  SAME_ERROR(THTensor_multinomial(i, p3, 1, 1, NULL), THCTensor_multinomial(s, i, p3, 1, 1, NULL));
  SAME_ERROR(THTensor_multinomial(i, pi, 1, 1, NULL), THCTensor_multinomial(s, i, pi, 1, 1, NULL));
  SAME_ERROR(THTensor_multinomial(f, p2, 1, 1, NULL), THCTensor_multinomial(s, f, p2, 1, 1, NULL));
  SAME_ERROR(THTensor_multinomial(i, p2, 0, 1, NULL), THCTensor_multinomial(s, i, p2, 0, 1, NULL));
  SAME_ERROR(THTensor_multinomial(i, p2, 5, 0, NULL), THCTensor_multinomial(s, i, p2, 5, 0, NULL));
  SAME_ERROR(THTensor_normalTensor(f, NULL, 0, NULL, 1, NULL), THCTensor_normalTensor(s, f, NULL, 0, NULL, 1, NULL));
  SAME_ERROR(THTensor_normalTensor(f, p2, 0, NULL, -1, NULL), THCTensor_normalTensor(s, f, p2, 0, NULL, -1, NULL));
  /* valid arguments on host tensors: not CUDA tensors (with or without a GPU) */
  CHECK_ERR(THCTensor_uniform_(s, f, 0, 1, NULL), "expected CUDA tensors");
  CHECK_ERR(THCTensor_randperm(s, i, 10, NULL), "expected CUDA tensors");
  CHECK_ERR(THCTensor_bernoulli(s, f, p2, NULL), "bernoulli: expected CUDA tensors, but every tensor is on the CPU");
  THTensor *pd = thc_fake_tensor(TH_Float32, 0, 2, (const int64_t[]){3, 4});
  CHECK_ERR(THCTensor_bernoulli(s, f, pd, NULL), "found at least two devices, cuda:0 and cpu! (in bernoulli)");
  THTensor_free(pd);
  if (THCState_deviceCount(s) == 0) {
    CHECK(THCGenerator_new(s, 0, 1) == NULL);
    CHECK_STR_CONTAINS(THGetLastError(), "CUDA is not available");
    CHECK(THCGenerator_default(s, -1) == NULL);
    CHECK_OK(THCRandom_manualSeedAll(s, 1)); /* nothing to seed */
  }
  THTensor *all[] = {f, i, h, b, p2, p3, pi, p5};
  for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) THTensor_free(all[k]);
  THCState_free(s);
}

int main(void) {
  RUN_TEST(test_philox_known_answers);
  RUN_TEST(test_uniform_conversions);
  RUN_TEST(test_argument_errors);
  return TH_TEST_RESULT();
}
