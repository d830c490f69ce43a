/* Errors (thread-local message), threads, and memory statistics. */
#include "TH/THGeneral.h"
#include "THInternal.h"

#include <stdarg.h>
#include <stdio.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static _Thread_local char lastError[2048];

const char *THGetLastError(void) { return lastError; }

void THClearError(void) { lastError[0] = '\0'; }

int THError(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(lastError, sizeof lastError, fmt, ap);
  va_end(ap);
  return TH_ERR;
}

static int numThreads = 0; /* 0: not set, use the OpenMP default */

void THSetNumThreads(int n) {
  if (n < 1) n = 1;
  numThreads = n;
#ifdef _OPENMP
  omp_set_num_threads(n);
#endif
}

int THGetNumThreads(void) {
#ifdef _OPENMP
  return numThreads > 0 ? numThreads : omp_get_max_threads();
#else
  return 1;
#endif
}

THCounters thCounters;

void THGetMemoryStats(THMemoryStats *stats) {
  stats->liveTensors = __atomic_load_n(&thCounters.liveTensors, __ATOMIC_RELAXED);
  stats->liveStorages = __atomic_load_n(&thCounters.liveStorages, __ATOMIC_RELAXED);
  stats->ownedBytes = __atomic_load_n(&thCounters.ownedBytes, __ATOMIC_RELAXED);
  stats->cachedBytes = __atomic_load_n(&thCounters.cachedBytes, __ATOMIC_RELAXED);
  stats->deviceBytes = __atomic_load_n(&thCounters.deviceBytes, __ATOMIC_RELAXED);
}

/* Growth is reported at once, so that the GC runs as native memory fills. A fall is reported after
 * TH_REPORT_FALL_AFTER calls in a row below what was reported: a loop that makes and frees a large
 * tensor each step would otherwise report +n and -n every step, and V8 starts a full collection for
 * each +n (400 MB results: a Mark-Compact every 5 steps, 100-200 us a step). */
#define TH_REPORT_FALL_AFTER 64
int64_t THTakeUnreportedBytes(void) {
  int64_t now = __atomic_load_n(&thCounters.ownedBytes, __ATOMIC_RELAXED) +
                __atomic_load_n(&thCounters.deviceBytes, __ATOMIC_RELAXED);
  if (now < __atomic_load_n(&thCounters.reportedBytes, __ATOMIC_RELAXED) &&
      __atomic_add_fetch(&thCounters.lowCalls, 1, __ATOMIC_RELAXED) < TH_REPORT_FALL_AFTER)
    return 0;
  __atomic_store_n(&thCounters.lowCalls, 0, __ATOMIC_RELAXED);
  return now - __atomic_exchange_n(&thCounters.reportedBytes, now, __ATOMIC_RELAXED);
}
