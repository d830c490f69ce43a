/* th_test.h — a tiny header-only test harness for libTH's C tests.
 *
 * Each test program includes this header once, writes `static void test_xxx(void)` functions
 * using the CHECK macros, and ends with
 *
 *   int main(void) { RUN_TEST(test_xxx); ...; return TH_TEST_RESULT(); }
 *
 * Every failed check prints `file:line: message` to stderr and bumps a counter; TH_TEST_RESULT()
 * prints a summary and returns nonzero when any check failed. Checks never abort, so one run
 * reports every failure (and ASan still sees the whole program). */
#ifndef TH_TEST_H
#define TH_TEST_H

#include "TH/TH.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int th_test_checks = 0;
static int th_test_failures = 0;

#define TH_TEST_UNUSED __attribute__((unused))

#define TH_TEST_FAIL_(...)                                  \
  do {                                                      \
    th_test_failures++;                                     \
    fprintf(stderr, "%s:%d: FAILED: ", __FILE__, __LINE__); \
    fprintf(stderr, __VA_ARGS__);                           \
    fputc('\n', stderr);                                    \
  } while (0)

/* CHECK(cond): cond is true. */
#define CHECK(cond)                                \
  do {                                             \
    th_test_checks++;                              \
    if (!(cond)) TH_TEST_FAIL_("CHECK(%s)", #cond); \
  } while (0)

/* CHECK_EQ_INT(a, b): two integers (compared as long long) are equal. */
#define CHECK_EQ_INT(a, b)                                                                       \
  do {                                                                                           \
    long long th_a_ = (long long)(a), th_b_ = (long long)(b);                                    \
    th_test_checks++;                                                                            \
    if (th_a_ != th_b_) TH_TEST_FAIL_("CHECK_EQ_INT(%s, %s): %lld != %lld", #a, #b, th_a_, th_b_); \
  } while (0)

/* |a - b| <= tol; two NaNs, or two infinities of the same sign, also count as equal. */
static TH_TEST_UNUSED int th_test_near(double a, double b, double tol) {
  if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
  if (isinf(a) || isinf(b)) return a == b;
  return fabs(a - b) <= tol;
}

/* CHECK_NEAR(a, b, tol): two numbers agree within tol (NaN matches NaN, inf matches inf). */
#define CHECK_NEAR(a, b, tol)                                                                            \
  do {                                                                                                   \
    double th_a_ = (double)(a), th_b_ = (double)(b), th_t_ = (double)(tol);                              \
    th_test_checks++;                                                                                    \
    if (!th_test_near(th_a_, th_b_, th_t_))                                                              \
      TH_TEST_FAIL_("CHECK_NEAR(%s, %s, %s): %.17g vs %.17g (tol %g)", #a, #b, #tol, th_a_, th_b_, th_t_); \
  } while (0)

/* CHECK_STR_CONTAINS(s, sub): the string s contains sub. */
#define CHECK_STR_CONTAINS(s, sub)                                                                    \
  do {                                                                                                \
    const char *th_s_ = (s), *th_sub_ = (sub);                                                        \
    th_test_checks++;                                                                                 \
    if (!th_s_ || !strstr(th_s_, th_sub_))                                                            \
      TH_TEST_FAIL_("CHECK_STR_CONTAINS(%s, \"%s\"): got \"%s\"", #s, th_sub_, th_s_ ? th_s_ : "(null)"); \
  } while (0)

/* CHECK_OK(status): a libTH call returned TH_OK; prints THGetLastError() otherwise. */
#define CHECK_OK(status)                                                                              \
  do {                                                                                                \
    THClearError();                                                                                   \
    int th_st_ = (status);                                                                            \
    th_test_checks++;                                                                                 \
    if (th_st_ != TH_OK) TH_TEST_FAIL_("CHECK_OK(%s) returned %d: %s", #status, th_st_, THGetLastError()); \
  } while (0)

/* CHECK_ERR(status, substr): a libTH call returned TH_ERR and its message contains substr. */
#define CHECK_ERR(status, substr)                                                                          \
  do {                                                                                                     \
    THClearError();                                                                                        \
    int th_st_ = (status);                                                                                 \
    th_test_checks++;                                                                                      \
    if (th_st_ != TH_ERR)                                                                                  \
      TH_TEST_FAIL_("CHECK_ERR(%s): expected TH_ERR but got %d", #status, th_st_);                         \
    else if (!strstr(THGetLastError(), (substr)))                                                          \
      TH_TEST_FAIL_("CHECK_ERR(%s): message \"%s\" lacks \"%s\"", #status, THGetLastError(), (substr));    \
  } while (0)

/* CHECK_NULL_ERR(expr, substr): a call returning a tensor failed (NULL) with a message containing
 * substr. A tensor returned by mistake is freed, so a failing check does not also leak. */
#define CHECK_NULL_ERR(expr, substr)                                                                       \
  do {                                                                                                     \
    THClearError();                                                                                        \
    THTensor *th_t_ = (expr);                                                                              \
    th_test_checks++;                                                                                      \
    if (th_t_) {                                                                                           \
      TH_TEST_FAIL_("CHECK_NULL_ERR(%s): expected NULL but got a tensor", #expr);                          \
      THTensor_free(th_t_);                                                                                \
    } else if (!strstr(THGetLastError(), (substr))) {                                                      \
      TH_TEST_FAIL_("CHECK_NULL_ERR(%s): message \"%s\" lacks \"%s\"", #expr, THGetLastError(), (substr)); \
    }                                                                                                      \
  } while (0)

/* CHECK_NOT_NULL(expr): a pointer is non-NULL; prints THGetLastError() otherwise. */
#define CHECK_NOT_NULL(p)                                                                   \
  do {                                                                                      \
    th_test_checks++;                                                                       \
    if (!(p)) TH_TEST_FAIL_("CHECK_NOT_NULL(%s): NULL (last error: %s)", #p, THGetLastError()); \
  } while (0)

/* CHECK_SHAPE(t, n, ...): t has n >= 1 dims with the given sizes (for 0-d use CHECK_EQ_INT on ndim). */
#define CHECK_SHAPE(t, n, ...) th_test_check_dims((t), 0, (n), (const int64_t[]){__VA_ARGS__}, #t, __FILE__, __LINE__)
/* CHECK_STRIDES(t, n, ...): t has n >= 1 dims with the given strides (in elements). */
#define CHECK_STRIDES(t, n, ...) th_test_check_dims((t), 1, (n), (const int64_t[]){__VA_ARGS__}, #t, __FILE__, __LINE__)

/* CHECK_VALUES(t, tol, ...): t's elements, in logical row-major order, are the given numbers. */
#define CHECK_VALUES(t, tol, ...)                                                                      \
  do {                                                                                                 \
    const double th_want_[] = {__VA_ARGS__};                                                           \
    th_test_check_values((t), th_want_, (int64_t)(sizeof th_want_ / sizeof th_want_[0]), (tol), #t, \
                         __FILE__, __LINE__);                                                          \
  } while (0)

/* ---- helpers ---- */

/* "[2, 3]" in one of two static buffers (so two can appear in one message). */
static TH_TEST_UNUSED const char *th_test_dims_str(int n, const int64_t *d, int which) {
  static char bufs[2][256];
  char *b = bufs[which & 1];
  size_t len = 0;
  len += (size_t)snprintf(b, 256, "[");
  for (int i = 0; i < n && len < 200; i++) len += (size_t)snprintf(b + len, 256 - len, i ? ", %lld" : "%lld", (long long)d[i]);
  snprintf(b + len, 256 - len, "]");
  return b;
}

static TH_TEST_UNUSED void th_test_check_dims(const THTensor *t, int strides, int n, const int64_t *want, const char *expr,
                                              const char *file, int line) {
  const char *what = strides ? "strides" : "sizes";
  th_test_checks++;
  if (!t) {
    th_test_failures++;
    fprintf(stderr, "%s:%d: FAILED: %s of %s: tensor is NULL (last error: %s)\n", file, line, what, expr, THGetLastError());
    return;
  }
  const int64_t *have = strides ? THTensor_strides(t) : THTensor_sizes(t);
  int same = THTensor_ndim(t) == n;
  for (int i = 0; same && i < n; i++) same = have[i] == want[i];
  if (!same) {
    th_test_failures++;
    fprintf(stderr, "%s:%d: FAILED: %s of %s are %s, expected %s\n", file, line, what, expr,
            th_test_dims_str(THTensor_ndim(t), have, 0), th_test_dims_str(n, want, 1));
  }
}

/* Reads the element at byte address p of dtype dt as a double. */
static TH_TEST_UNUSED double th_test_load(THDType dt, const char *p) {
  switch (dt) {
    case TH_Bool: return *(const uint8_t *)p != 0;
    case TH_UInt8: return *(const uint8_t *)p;
    case TH_Int8: return *(const int8_t *)p;
    case TH_Int16: return *(const int16_t *)p;
    case TH_Int32: return *(const int32_t *)p;
    case TH_Int64: return (double)*(const int64_t *)p;
    case TH_Float16: return THHalf_toFloat(*(const uint16_t *)p);
    case TH_BFloat16: return THBFloat16_toFloat(*(const uint16_t *)p);
    case TH_Float32: return *(const float *)p;
    case TH_Float64: return *(const double *)p;
    default: return NAN;
  }
}

/* Writes v into the element at byte address p of dtype dt (C conversion rules). */
static TH_TEST_UNUSED void th_test_store(THDType dt, char *p, double v) {
  switch (dt) {
    case TH_Bool: *(uint8_t *)p = v != 0; break;
    case TH_UInt8: *(uint8_t *)p = (uint8_t)(int64_t)v; break;
    case TH_Int8: *(int8_t *)p = (int8_t)v; break;
    case TH_Int16: *(int16_t *)p = (int16_t)v; break;
    case TH_Int32: *(int32_t *)p = (int32_t)v; break;
    case TH_Int64: *(int64_t *)p = (int64_t)v; break;
    case TH_Float16: *(uint16_t *)p = THHalf_fromFloat((float)v); break;
    case TH_BFloat16: *(uint16_t *)p = THBFloat16_fromFloat((float)v); break;
    case TH_Float32: *(float *)p = (float)v; break;
    case TH_Float64: *(double *)p = v; break;
    default: break;
  }
}

/* Byte address of the i-th element of t in logical row-major order (follows strides). */
static TH_TEST_UNUSED char *th_test_addr(const THTensor *t, int64_t i) {
  int64_t off = 0;
  for (int d = THTensor_ndim(t) - 1; d >= 0; d--) {
    int64_t size = THTensor_size(t, d);
    off += (i % size) * THTensor_stride(t, d);
    i /= size;
  }
  return (char *)THTensor_data(t) + off * (int64_t)THDType_size(THTensor_dtype(t));
}

/* The i-th element of t in logical row-major order, as a double. */
static TH_TEST_UNUSED double th_at(const THTensor *t, int64_t i) { return th_test_load(THTensor_dtype(t), th_test_addr(t, i)); }

/* Sets the i-th element of t in logical row-major order. */
static TH_TEST_UNUSED void th_set(THTensor *t, int64_t i, double v) { th_test_store(THTensor_dtype(t), th_test_addr(t, i), v); }

/* A new contiguous tensor of the given dtype and shape holding values (row-major; converted with
 * C casts). values may be NULL for an uninitialised tensor. */
static TH_TEST_UNUSED THTensor *th_tensor(THDType dt, int ndim, const int64_t *sizes, const double *values) {
  THTensor *t = THTensor_newWithSize(dt, ndim, sizes);
  if (t && values) {
    int64_t n = THTensor_numel(t);
    for (int64_t i = 0; i < n; i++) th_set(t, i, values[i]);
  }
  return t;
}

/* TENSOR(dtype, sizes, values): shorthand for th_tensor with brace lists, e.g.
 *   THTensor *a = TENSOR(TH_Float32, SIZES(2, 3), VALUES(1, 2, 3, 4, 5, 6)); */
#define SIZES(...) (const int64_t[]){__VA_ARGS__}, (int)(sizeof((const int64_t[]){__VA_ARGS__}) / sizeof(int64_t))
#define VALUES(...) (const double[]){__VA_ARGS__}
#define TENSOR(dt, sizes_and_n, values) th_test_tensor_((dt), sizes_and_n, (values))
static TH_TEST_UNUSED THTensor *th_test_tensor_(THDType dt, const int64_t *sizes, int ndim, const double *values) {
  return th_tensor(dt, ndim, sizes, values);
}
/* A 1-d tensor of the given values. */
#define VEC(dt, ...) th_tensor((dt), 1, (const int64_t[]){(int64_t)(sizeof((const double[]){__VA_ARGS__}) / sizeof(double))}, \
                               (const double[]){__VA_ARGS__})

static TH_TEST_UNUSED void th_test_check_values(const THTensor *t, const double *want, int64_t n, double tol, const char *expr,
                                                const char *file, int line) {
  th_test_checks++;
  if (!t) {
    th_test_failures++;
    fprintf(stderr, "%s:%d: FAILED: CHECK_VALUES(%s): tensor is NULL (last error: %s)\n", file, line, expr, THGetLastError());
    return;
  }
  if (THTensor_numel(t) != n) {
    th_test_failures++;
    fprintf(stderr, "%s:%d: FAILED: CHECK_VALUES(%s): %lld elements, expected %lld\n", file, line, expr,
            (long long)THTensor_numel(t), (long long)n);
    return;
  }
  for (int64_t i = 0; i < n; i++) {
    double v = th_at(t, i);
    if (!th_test_near(v, want[i], tol)) {
      th_test_failures++;
      fprintf(stderr, "%s:%d: FAILED: CHECK_VALUES(%s): element %lld is %.17g, expected %.17g (tol %g)\n", file, line, expr,
              (long long)i, v, want[i], tol);
      return;
    }
  }
}

/* Leak checks: take a snapshot at the start, compare at the end. */
static TH_TEST_UNUSED THMemoryStats th_test_mem(void) {
  THMemoryStats s;
  THGetMemoryStats(&s);
  return s;
}
#define CHECK_NO_LEAKS(before)                                                                                  \
  do {                                                                                                          \
    THMemoryStats th_now_ = th_test_mem();                                                                      \
    CHECK_EQ_INT(th_now_.liveTensors, (before).liveTensors);                                                    \
    CHECK_EQ_INT(th_now_.liveStorages, (before).liveStorages);                                                  \
    CHECK_EQ_INT(th_now_.ownedBytes, (before).ownedBytes);                                                      \
  } while (0)

/* Runs one test function and reports whether it added failures; each test must free what it made,
 * which RUN_TEST verifies with THGetMemoryStats. */
#define RUN_TEST(fn)                                                                                             \
  do {                                                                                                           \
    int th_before_ = th_test_failures;                                                                           \
    THMemoryStats th_mem_ = th_test_mem();                                                                       \
    fn();                                                                                                        \
    CHECK_NO_LEAKS(th_mem_);                                                                                     \
    fprintf(stderr, "%-40s %s\n", #fn, th_test_failures == th_before_ ? "ok" : "FAILED");                        \
  } while (0)

/* Prints a summary; the value main returns (nonzero if anything failed). */
#define TH_TEST_RESULT() th_test_result_(__FILE__)
static TH_TEST_UNUSED int th_test_result_(const char *file) {
  fprintf(stderr, "%s: %d checks, %d failed\n", file, th_test_checks, th_test_failures);
  return th_test_failures ? 1 : 0;
}

#endif
