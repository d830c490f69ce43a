/* The THC state: device discovery (a machine without a GPU is a normal case), the current
 * device, streams and events. */
#include "THCInternal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int THCError(cudaError_t err, const char *what) {
  cudaGetLastError(); /* clear it, so the next call does not report it again */
  return THError("%s: CUDA error %d (%s): %s", what, (int)err, cudaGetErrorName(err), cudaGetErrorString(err));
}

/* The state whose per-thread current streams this thread holds (one state per process in practice). */
static _Thread_local const THCState *tlsState;
static _Thread_local THCStream *tlsCurrentStream[THC_MAX_DEVICES];

THCState *THCState_new(void) {
  THCState *s = calloc(1, sizeof *s);
  if (!s) return THError("out of memory creating the THC state"), NULL;
  int n = 0;
  cudaError_t err = cudaGetDeviceCount(&n);
  if (err != cudaSuccess) {
    cudaGetLastError();
    snprintf(s->unavailableReason, sizeof s->unavailableReason, "CUDA error %d (%s): %s", (int)err,
             cudaGetErrorName(err), cudaGetErrorString(err));
    n = 0;
  } else if (n == 0) {
    snprintf(s->unavailableReason, sizeof s->unavailableReason, "no CUDA device found");
  }
  if (n > THC_MAX_DEVICES) n = THC_MAX_DEVICES;
  s->deviceCount = n;
  for (int d = 0; d < n; d++) {
    s->defaultStreams[d] = (THCStream){s, NULL, d, 0, 1};
  }
  return s;
}

void THCState_free(THCState *s) {
  if (!s) return;
  for (int d = 0; d < s->deviceCount; d++) THCState_synchronize(s, d);
  THCBlas_freeState(s); /* its workspaces and generators' memory come from the allocator */
  THCCachingAllocator_freeState(s);
  THClearError();
  if (tlsState == s) tlsState = NULL;
  free(s);
}

int THCState_deviceCount(const THCState *s) { return s->deviceCount; }
const char *THCState_unavailableReason(const THCState *s) { return s->deviceCount ? NULL : s->unavailableReason; }

int THCState_runtimeVersion(void) {
  int v = 0;
  if (cudaRuntimeGetVersion(&v) != cudaSuccess) cudaGetLastError();
  return v;
}

int THCState_driverVersion(void) {
  int v = 0;
  if (cudaDriverGetVersion(&v) != cudaSuccess) cudaGetLastError();
  return v;
}

int THCState_checkDevice(const THCState *s, int device) {
  if (s->deviceCount == 0) return THError("CUDA is not available: %s", s->unavailableReason);
  if (device < 0 || device >= s->deviceCount)
    return THError("Invalid device ordinal: cuda:%d (this machine has %d CUDA device%s)", device, s->deviceCount,
                   s->deviceCount == 1 ? "" : "s");
  return TH_OK;
}

int THCState_currentDevice(THCState *s, int *device) {
  if (s->deviceCount == 0) return THError("CUDA is not available: %s", s->unavailableReason);
  THC_CHECK(cudaGetDevice(device), "cudaGetDevice");
  return TH_OK;
}

int THCState_setDevice(THCState *s, int device) {
  if (THCState_checkDevice(s, device)) return TH_ERR;
  THC_CHECK(cudaSetDevice(device), "cudaSetDevice");
  return TH_OK;
}

int THCDeviceGuard_enter(THCDeviceGuard *g, int device) {
  g->changed = 0;
  THC_CHECK(cudaGetDevice(&g->previous), "cudaGetDevice");
  if (g->previous != device) {
    THC_CHECK(cudaSetDevice(device), "cudaSetDevice");
    g->changed = 1;
  }
  return TH_OK;
}

void THCDeviceGuard_exit(THCDeviceGuard *g) {
  if (g->changed && cudaSetDevice(g->previous) != cudaSuccess) cudaGetLastError();
}

/* device -1 means the current one; checks it. */
static int resolveDevice(THCState *s, int *device) {
  if (*device == -1) return THCState_currentDevice(s, device);
  return THCState_checkDevice(s, *device);
}

int THCState_synchronize(THCState *s, int device) {
  THCDeviceGuard g;
  if (resolveDevice(s, &device) || THCDeviceGuard_enter(&g, device)) return TH_ERR;
  cudaError_t err = cudaDeviceSynchronize();
  THCDeviceGuard_exit(&g);
  return err == cudaSuccess ? TH_OK : THCError(err, "cudaDeviceSynchronize");
}

int THCState_deviceProperties(THCState *s, int device, THCDeviceProperties *out) {
  if (resolveDevice(s, &device)) return TH_ERR;
  struct cudaDeviceProp p;
  THC_CHECK(cudaGetDeviceProperties(&p, device), "cudaGetDeviceProperties");
  memset(out, 0, sizeof *out);
  snprintf(out->name, sizeof out->name, "%s", p.name);
  out->major = p.major;
  out->minor = p.minor;
  out->multiProcessorCount = p.multiProcessorCount;
  out->maxThreadsPerBlock = p.maxThreadsPerBlock;
  out->warpSize = p.warpSize;
  out->totalGlobalMem = p.totalGlobalMem;
  out->sharedMemPerBlock = p.sharedMemPerBlock;
  return TH_OK;
}

int THCState_memGetInfo(THCState *s, int device, size_t *freeBytes, size_t *totalBytes) {
  THCDeviceGuard g;
  if (resolveDevice(s, &device) || THCDeviceGuard_enter(&g, device)) return TH_ERR;
  cudaError_t err = cudaMemGetInfo(freeBytes, totalBytes);
  THCDeviceGuard_exit(&g);
  return err == cudaSuccess ? TH_OK : THCError(err, "cudaMemGetInfo");
}

/* ---- streams ---- */

THCStream *THCStream_new(THCState *s, int device, int priority) {
  THCDeviceGuard g;
  if (resolveDevice(s, &device) || THCDeviceGuard_enter(&g, device)) return NULL;
  int least = 0, greatest = 0;
  cudaDeviceGetStreamPriorityRange(&least, &greatest);
  if (priority > least) priority = least;
  if (priority < greatest) priority = greatest;
  THCStream *st = calloc(1, sizeof *st);
  cudaError_t err = st ? cudaStreamCreateWithPriority(&st->handle, cudaStreamNonBlocking, priority) : cudaSuccess;
  THCDeviceGuard_exit(&g);
  if (!st) return THError("out of memory creating a stream"), NULL;
  if (err != cudaSuccess) {
    free(st);
    THCError(err, "cudaStreamCreateWithPriority");
    return NULL;
  }
  st->state = s;
  st->device = device;
  st->priority = priority;
  return st;
}

void THCStream_free(THCStream *st) {
  if (!st || st->isDefault) return;
  for (int d = 0; d < THC_MAX_DEVICES; d++)
    if (tlsCurrentStream[d] == st) tlsCurrentStream[d] = NULL;
  cudaStreamSynchronize(st->handle);
  cudaStreamDestroy(st->handle);
  cudaGetLastError();
  free(st);
}

THCStream *THCState_defaultStream(THCState *s, int device) {
  if (resolveDevice(s, &device)) return NULL;
  return &s->defaultStreams[device];
}

THCStream *THCState_currentStream(THCState *s, int device) {
  if (resolveDevice(s, &device)) return NULL;
  if (tlsState != s) {
    memset(tlsCurrentStream, 0, sizeof tlsCurrentStream);
    tlsState = s;
  }
  return tlsCurrentStream[device] ? tlsCurrentStream[device] : &s->defaultStreams[device];
}

int THCState_setCurrentStream(THCState *s, THCStream *st) {
  int device = st ? st->device : -1;
  if (resolveDevice(s, &device)) return TH_ERR;
  if (st && st->state != s) return THError("setCurrentStream: the stream belongs to another THC state");
  if (tlsState != s) {
    memset(tlsCurrentStream, 0, sizeof tlsCurrentStream);
    tlsState = s;
  }
  tlsCurrentStream[device] = st && !st->isDefault ? st : NULL;
  return TH_OK;
}

int THCStream_device(const THCStream *st) { return st->device; }
int THCStream_priority(const THCStream *st) { return st->priority; }
int THCStream_isDefault(const THCStream *st) { return st->isDefault; }
void *THCStream_handle(const THCStream *st) { return st->handle; }

int THCStream_synchronize(THCStream *st) {
  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, st->device)) return TH_ERR;
  cudaError_t err = cudaStreamSynchronize(st->handle);
  THCDeviceGuard_exit(&g);
  return err == cudaSuccess ? TH_OK : THCError(err, "cudaStreamSynchronize");
}

int THCStream_query(THCStream *st) {
  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, st->device)) return TH_ERR;
  cudaError_t err = cudaStreamQuery(st->handle);
  THCDeviceGuard_exit(&g);
  if (err == cudaSuccess) return 1;
  if (err == cudaErrorNotReady) {
    cudaGetLastError();
    return 0;
  }
  return THCError(err, "cudaStreamQuery");
}

int THCStream_waitEvent(THCStream *st, THCEvent *ev) {
  if (ev->device < 0) return TH_OK; /* never recorded: nothing to wait for, as in CUDA */
  /* a default stream's NULL handle means the current device's: make st's device current */
  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, st->device)) return TH_ERR;
  cudaError_t err = cudaStreamWaitEvent(st->handle, ev->handle, 0);
  THCDeviceGuard_exit(&g);
  return err == cudaSuccess ? TH_OK : THCError(err, "cudaStreamWaitEvent");
}

int THCStream_waitStream(THCStream *st, THCStream *other) {
  THCEvent *ev = THCEvent_new(st->state, 0, 0, 0);
  if (!ev) return TH_ERR;
  int rc = THCEvent_record(ev, other) || THCStream_waitEvent(st, ev);
  THCEvent_free(ev); /* CUDA keeps the dependency after the event is destroyed */
  return rc ? TH_ERR : TH_OK;
}

/* ---- events ---- */

THCEvent *THCEvent_new(THCState *s, int enableTiming, int blocking, int interprocess) {
  if (s->deviceCount == 0) return THError("CUDA is not available: %s", s->unavailableReason), NULL;
  if (interprocess && enableTiming) return THError("Event: an interprocess event cannot enable timing"), NULL;
  THCEvent *ev = calloc(1, sizeof *ev);
  if (!ev) return THError("out of memory creating an event"), NULL;
  ev->state = s;
  ev->flags = (enableTiming ? 0 : cudaEventDisableTiming) | (blocking ? cudaEventBlockingSync : 0) |
              (interprocess ? cudaEventInterprocess | cudaEventDisableTiming : 0);
  ev->device = -1;
  return ev;
}

void THCEvent_free(THCEvent *ev) {
  if (!ev) return;
  if (ev->handle) {
    cudaEventDestroy(ev->handle);
    cudaGetLastError();
  }
  free(ev);
}

int THCEvent_record(THCEvent *ev, THCStream *st) {
  if (!st && !(st = THCState_currentStream(ev->state, -1))) return TH_ERR;
  if (ev->device >= 0 && ev->device != st->device)
    return THError("Event device %d does not match recording stream's device %d.", ev->device, st->device);
  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, st->device)) return TH_ERR;
  cudaError_t err = ev->handle ? cudaSuccess : cudaEventCreateWithFlags(&ev->handle, ev->flags);
  if (err == cudaSuccess) err = cudaEventRecord(ev->handle, st->handle);
  THCDeviceGuard_exit(&g);
  if (err != cudaSuccess) return THCError(err, "cudaEventRecord");
  ev->device = st->device;
  return TH_OK;
}

int THCEvent_synchronize(THCEvent *ev) {
  if (ev->device < 0) return TH_OK;
  THC_CHECK(cudaEventSynchronize(ev->handle), "cudaEventSynchronize");
  return TH_OK;
}

int THCEvent_query(THCEvent *ev) {
  if (ev->device < 0) return 1;
  cudaError_t err = cudaEventQuery(ev->handle);
  if (err == cudaSuccess) return 1;
  if (err == cudaErrorNotReady) {
    cudaGetLastError();
    return 0;
  }
  return THCError(err, "cudaEventQuery");
}

int THCEvent_elapsedTime(THCEvent *start, THCEvent *end, float *ms) {
  if (start->device < 0 || end->device < 0)
    return THError("elapsedTime: both events must be recorded before measuring the time between them");
  THC_CHECK(cudaEventElapsedTime(ms, start->handle, end->handle), "cudaEventElapsedTime");
  return TH_OK;
}
