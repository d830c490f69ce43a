/* THCGeneral.h — the THC state: devices, the current device, streams and events.
 * libTHC follows libTH's conventions (THGeneral.h): functions return TH_OK / TH_ERR or NULL and
 * keep the reason for THGetLastError(); nothing aborts or prints. A machine without a GPU or driver
 * is not an error: THCState_new succeeds with no devices and says why. */
#ifndef THC_GENERAL_H
#define THC_GENERAL_H

#include "TH/TH.h"

#define THC_MAX_DEVICES 64

typedef struct THCState THCState;
typedef struct THCStream THCStream;
typedef struct THCEvent THCEvent;

/* Counts the devices. Never fails for want of a GPU: THCState_deviceCount is then 0 and
 * THCState_unavailableReason says why (e.g. CUDA error 35, "driver version is insufficient", or
 * 100, "no CUDA-capable device"). NULL only when host memory runs out. */
TH_API THCState *THCState_new(void);
/* Waits for every device, returns every cached block to the driver and frees the state. */
TH_API void THCState_free(THCState *state);
TH_API int THCState_deviceCount(const THCState *state);
/* NULL when at least one device is usable. */
TH_API const char *THCState_unavailableReason(const THCState *state);
/* The CUDA runtime version libTHC was built with and the driver's (0 when there is none). */
TH_API int THCState_runtimeVersion(void);
TH_API int THCState_driverVersion(void);

/* The device new tensors go to and kernels run on (per thread, as in CUDA). */
TH_API int THCState_currentDevice(THCState *state, int *device);
TH_API int THCState_setDevice(THCState *state, int device);
/* Fails with PyTorch's "Invalid device ordinal" style message unless 0 <= device < count. */
TH_API int THCState_checkDevice(const THCState *state, int device);
/* Waits for all work on `device` (-1: the current one). */
TH_API int THCState_synchronize(THCState *state, int device);

typedef struct THCDeviceProperties {
  char name[256];
  int major, minor; /* compute capability */
  int multiProcessorCount;
  int maxThreadsPerBlock;
  int warpSize;
  size_t totalGlobalMem;
  size_t sharedMemPerBlock;
} THCDeviceProperties;
TH_API int THCState_deviceProperties(THCState *state, int device, THCDeviceProperties *out);
/* Free and total device memory as the driver reports them. */
TH_API int THCState_memGetInfo(THCState *state, int device, size_t *freeBytes, size_t *totalBytes);

/* ---- streams: each device has a default stream and, per thread, a current stream ---- */
/* A new stream on `device` (-1: current); priority 0 is normal, negative is higher (CUDA's order). */
TH_API THCStream *THCStream_new(THCState *state, int device, int priority);
/* Waits for its work, then releases it (never the default stream). */
TH_API void THCStream_free(THCStream *stream);
/* Borrowed; valid while the state lives. */
TH_API THCStream *THCState_defaultStream(THCState *state, int device);
TH_API THCStream *THCState_currentStream(THCState *state, int device); /* -1: current device */
/* Makes `stream` current for its device on this thread (NULL: the default stream of the current device). */
TH_API int THCState_setCurrentStream(THCState *state, THCStream *stream);
TH_API int THCStream_device(const THCStream *stream);
TH_API int THCStream_priority(const THCStream *stream);
TH_API int THCStream_isDefault(const THCStream *stream);
/* The cudaStream_t, for kernels (void * keeps this header free of CUDA's). */
TH_API void *THCStream_handle(const THCStream *stream);
TH_API int THCStream_synchronize(THCStream *stream);
/* 1 when all its work is done, 0 when not, TH_ERR on error. */
TH_API int THCStream_query(THCStream *stream);
/* Later work on `stream` waits for `event`. */
TH_API int THCStream_waitEvent(THCStream *stream, THCEvent *event);
/* Later work on `stream` waits for all work queued on `other` so far. */
TH_API int THCStream_waitStream(THCStream *stream, THCStream *other);

/* ---- events ---- */
TH_API THCEvent *THCEvent_new(THCState *state, int enableTiming, int blocking, int interprocess);
TH_API void THCEvent_free(THCEvent *event);
/* stream NULL: the current stream of the current device. The first record fixes the event's
 * device; recording it on another device's stream is an error, as in PyTorch. */
TH_API int THCEvent_record(THCEvent *event, THCStream *stream);
TH_API int THCEvent_synchronize(THCEvent *event);
TH_API int THCEvent_query(THCEvent *event); /* 1 done, 0 pending, TH_ERR */
/* Milliseconds from `start` to `end`; both recorded with enableTiming and completed. */
TH_API int THCEvent_elapsedTime(THCEvent *start, THCEvent *end, float *ms);

#endif
