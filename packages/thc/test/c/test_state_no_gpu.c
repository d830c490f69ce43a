/* test_state_no_gpu.c — libTHC on a machine whose GPU is missing, or whose driver is: the state is
 * made, says why CUDA is unavailable, and every device call fails with that reason instead of
 * crashing. With a GPU the same calls succeed, and this program checks that instead. */
#include "thc_test.h"

static void test_state_reports_availability(void) {
  THCState *s = THCState_new();
  CHECK_NOT_NULL(s);
  int n = THCState_deviceCount(s);
  CHECK(n >= 0);
  CHECK(THCState_runtimeVersion() >= 12000); /* the runtime is linked in, so its version is known */
  int dev = -1;
  if (n == 0) {
    const char *why = THCState_unavailableReason(s);
    CHECK_NOT_NULL(why);
    CHECK(strlen(why) > 0);
    CHECK_EQ_INT(THCState_currentDevice(s, &dev), TH_ERR);
    CHECK(strstr(THGetLastError(), "CUDA is not available") != NULL);
    CHECK_EQ_INT(THCState_setDevice(s, 0), TH_ERR);
    CHECK_EQ_INT(THCState_synchronize(s, -1), TH_ERR);
    CHECK(THCStream_new(s, -1, 0) == NULL);
    CHECK(THCState_currentStream(s, -1) == NULL);
    CHECK(THCEvent_new(s, 1, 0, 0) == NULL);
    THCDeviceProperties p;
    CHECK_EQ_INT(THCState_deviceProperties(s, 0, &p), TH_ERR);
  } else {
    CHECK(THCState_unavailableReason(s) == NULL);
    CHECK_OK(THCState_currentDevice(s, &dev));
    CHECK(dev >= 0 && dev < n);
    CHECK_EQ_INT(THCState_setDevice(s, n), TH_ERR);
    CHECK(strstr(THGetLastError(), "Invalid device ordinal") != NULL);
  }
  THCState_free(s);
}

int main(void) {
  RUN_TEST(test_state_reports_availability);
  return TH_TEST_RESULT();
}
