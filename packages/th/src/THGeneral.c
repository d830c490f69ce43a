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

int64_t THTakeUnreportedBytes(void) {
  int64_t now = __atomic_load_n(&thCounters.ownedBytes, __ATOMIC_RELAXED) +
                __atomic_load_n(&thCounters.deviceBytes, __ATOMIC_RELAXED);
  return now - __atomic_exchange_n(&thCounters.reportedBytes, now, __ATOMIC_RELAXED);
}
