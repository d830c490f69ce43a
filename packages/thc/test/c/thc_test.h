/* thc_test.h — libTH's test harness (th_test.h) plus what THC's tests need: a shared state and
 * THC_REQUIRE_GPU(), which ends a test program with 77 (reported by ctest as skipped) on a machine
 * without a usable GPU. */
#ifndef THC_TEST_H
#define THC_TEST_H

#include "THC/THC.h"
#include "th_test.h"

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

#endif
