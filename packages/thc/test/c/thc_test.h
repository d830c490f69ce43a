/* thc_test.h — libTH's test harness (th_test.h) plus what THC's tests need: a shared state and
 * THC_REQUIRE_GPU(), which ends a test program with 77 (reported by ctest as skipped) on a machine
 * without a usable GPU, the comparison of libTH's error messages with libTHC's, and the choice
 * between full and small sizes. */
#ifndef THC_TEST_H
#define THC_TEST_H

#include "THC/THC.h"
#include "th_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static THCState *thc_test_state;

/* In main(), before any test that touches a device. */
#define THC_REQUIRE_GPU()                                                                   \
  do {                                                                                      \
    thc_test_state = THCState_new();                                                        \
    if (!thc_test_state || THCState_deviceCount(thc_test_state) == 0) {                     \
      printf("skipped: no usable GPU (%s)\n",                                               \
             thc_test_state ? THCState_unavailableReason(thc_test_state) : THGetLastError()); \
      THCState_free(thc_test_state);                                                        \
      return 77;                                                                            \
    }                                                                                       \
  } while (0)

/* libTH's message and libTHC's are the same, up to PyTorch's kernel names ("..._cpu" there is
 * "..._cuda" here). */
static TH_TEST_UNUSED int thc_same_message(const char *th, const char *thc) {
  if (strcmp(th, thc) == 0) return 1;
  char buf[1024];
  const char *p = strstr(th, "_cpu\"");
  if (!p) return 0;
  snprintf(buf, sizeof buf, "%.*s_cuda\"%s", (int)(p - th), th, p + 5);
  return strcmp(buf, thc) == 0;
}

/* libTH's call and libTHC's on the same arguments both fail, with the same message. */
#define SAME_ERROR(thCall, thcCall)                                                                             \
  do {                                                                                                          \
    char m_[1024];                                                                                              \
    THClearError();                                                                                             \
    int a_ = (thCall);                                                                                          \
    snprintf(m_, sizeof m_, "%s", THGetLastError());                                                            \
    THClearError();                                                                                             \
    int b_ = (thcCall);                                                                                         \
    th_test_checks++;                                                                                           \
    if (a_ != TH_ERR || b_ != TH_ERR || !*m_ || !thc_same_message(m_, THGetLastError()))                        \
      TH_TEST_FAIL_("%s / %s: TH %d \"%s\", THC %d \"%s\"", #thCall, #thcCall, a_, m_, b_, THGetLastError());   \
  } while (0)

/* The sizes of a real run, or small ones: built with THC_TEST_SMALL (the emulator runs these tests
 * on CPU threads), or run with THC_TEST_SMALL=1 (test-gpu.js under compute-sanitizer, where the full
 * sizes take many minutes). */
static TH_TEST_UNUSED int thc_test_small(void) {
#ifdef THC_TEST_SMALL
  return 1;
#else
  static int small = -1;
  if (small < 0) {
    const char *e = getenv("THC_TEST_SMALL");
    small = e && *e && strcmp(e, "0") != 0;
  }
  return small;
#endif
}
#define BIG(full, small) (thc_test_small() ? (small) : (full))

#endif
