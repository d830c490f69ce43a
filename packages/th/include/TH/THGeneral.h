/* THGeneral.h — version, export macros, error reporting and threading for libTH. */
#ifndef TH_GENERAL_H
#define TH_GENERAL_H

#include <stddef.h>
#include <stdint.h>

#define TH_VERSION_MAJOR 0
#define TH_VERSION_MINOR 1
#define TH_VERSION_PATCH 0

#ifdef __cplusplus
#define TH_EXTERN_C extern "C"
#else
#define TH_EXTERN_C extern
#endif

#if defined(_WIN32)
#define TH_API TH_EXTERN_C __declspec(dllexport)
#else
#define TH_API TH_EXTERN_C __attribute__((visibility("default")))
#endif

/* Functions that can fail return TH_OK (0) or TH_ERR (-1), or NULL. They never abort or print:
 * the reason is kept in thread-local state and read with THGetLastError(). */
#define TH_OK 0
#define TH_ERR (-1)

/* The most dimensions a tensor may have (as PyTorch's CPU kernels). */
#define TH_MAX_DIMS 25

TH_API const char *THGetLastError(void);
TH_API void THClearError(void);
/* Records a printf-style message and returns TH_ERR, so callers can `return THError(...)`. */
TH_API int THError(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Threads used by kernels (OpenMP) above their grain size. */
TH_API void THSetNumThreads(int n);
TH_API int THGetNumThreads(void);

/* Live-object accounting, used for memoryStats() and to report native memory to a GC. */
typedef struct THMemoryStats {
  int64_t liveTensors;
  int64_t liveStorages;
  int64_t ownedBytes;  /* bytes of live storages allocated by libTH */
  int64_t cachedBytes; /* freed blocks kept by the default allocator for reuse */
  int64_t deviceBytes; /* bytes of live storages on devices (THC's), not counted in ownedBytes */
} THMemoryStats;
TH_API void THGetMemoryStats(THMemoryStats *stats);
/* How much ownedBytes + deviceBytes changed since the last report (in this process): what a garbage
 * collector has yet to be told. Growth is reported at once; a fall once 64 calls in a row found the
 * bytes below what was reported (a tensor made and freed every step then costs the GC nothing).
 * One counter for the process, so that every addon reporting to the same GC reports each byte once. */
TH_API int64_t THTakeUnreportedBytes(void);

#endif
