/* thc_emu_runtime.c — the part of the CUDA runtime API libTHC calls, on the host, for THC_EMU
 * builds (run.sh): THC_EMU_DEVICES fake devices (default 2) whose memory is malloc'ed (so that
 * AddressSanitizer sees kernels' out-of-bounds accesses) and registered, so that every copy, memset
 * and kernel operand is checked to be memory of the right kind on the right device. Streams and
 * events exist but work runs at once. */
#include <cuda_runtime_api.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__thread uint32_t thcEmuBlockIdx, thcEmuBlockDim, thcEmuThreadIdx, thcEmuGridDim;
int64_t thcEmuIndexLimit = 2147483647LL;
static __thread int current = 0;
static __thread cudaError_t lastError = cudaSuccess;
static int ndev = -1;
static long launches, launchedThreads, contigLaunches, stridedLaunches, dynamicLaunches;

typedef struct Alloc {
  char *p;
  size_t n;
  int device;
  struct Alloc *next;
} Alloc;
static Alloc *allocs;

struct CUstream_st {
  int device;
};
struct CUevent_st {
  int device;
};

static void init(void) {
  if (ndev >= 0) return;
  const char *e = getenv("THC_EMU_DEVICES");
  ndev = e ? atoi(e) : 2;
  const char *l = getenv("THC_EMU_INDEX_LIMIT");
  if (l) thcEmuIndexLimit = atoll(l);
}

static void die(const char *what, const void *p) {
  fprintf(stderr, "THC emulator: %s (%p, current device %d)\n", what, p, current);
  abort();
}

static Alloc *find(const void *p) {
  for (Alloc *a = allocs; a; a = a->next)
    if ((const char *)p >= a->p && (const char *)p < a->p + (a->n ? a->n : 1)) return a;
  return NULL;
}

/* p .. p + n is device memory of `device` (-1: any device) */
static void checkDevice(const void *p, size_t n, int device, const char *what) {
  Alloc *a = find(p);
  if (!a) die(what, p);
  if (device >= 0 && a->device != device) die("device memory of another device", p);
  if ((const char *)p + n > a->p + a->n) die("past the end of a device allocation", p);
}
static void checkHost(const void *p, const char *what) {
  if (find(p)) die(what, p);
}

void thcEmuCheckDevicePtr(const void *p, const char *what) {
  Alloc *a = find(p);
  if (!a) die(what, p);
  if (a->device != current) die("a kernel operand on another device than the current one", p);
}
void thcEmuCountLaunch(int blocks, int threads) {
  if (blocks < 1 || threads < 1 || threads > 1024) die("bad launch configuration", NULL);
  launches++;
  launchedThreads += (long)blocks * threads;
}

void thcEmuCountPath(int contiguous, int dynamic) {
  if (contiguous) contigLaunches++;
  else if (dynamic) dynamicLaunches++;
  else stridedLaunches++;
}

static cudaError_t fail(cudaError_t e) { return lastError = e; }
static int streamDevice(cudaStream_t s) { return s ? s->device : current; }

const char *cudaGetErrorName(cudaError_t error) { return error == cudaSuccess ? "cudaSuccess" : "cudaErrorEmulated"; }
const char *cudaGetErrorString(cudaError_t error) { return error == cudaSuccess ? "no error" : "emulated error"; }
cudaError_t cudaGetLastError(void) {
  cudaError_t e = lastError;
  lastError = cudaSuccess;
  return e;
}
cudaError_t cudaPeekAtLastError(void) { return lastError; }
cudaError_t cudaGetDeviceCount(int *count) {
  init();
  *count = ndev;
  return cudaSuccess;
}
cudaError_t cudaRuntimeGetVersion(int *v) { return *v = 13000, cudaSuccess; }
cudaError_t cudaDriverGetVersion(int *v) { return *v = 13000, cudaSuccess; }
cudaError_t cudaGetDevice(int *device) {
  init();
  *device = current;
  return cudaSuccess;
}
cudaError_t cudaSetDevice(int device) {
  init();
  if (device < 0 || device >= ndev) return fail(cudaErrorInvalidDevice);
  current = device;
  return cudaSuccess;
}
cudaError_t cudaDeviceSynchronize(void) { return cudaSuccess; }
cudaError_t cudaGetDeviceProperties(struct cudaDeviceProp *prop, int device) {
  memset(prop, 0, sizeof *prop);
  snprintf(prop->name, sizeof prop->name, "THC emulator %d", device);
  prop->major = 9;
  prop->multiProcessorCount = 2;
  prop->maxThreadsPerBlock = 1024;
  prop->warpSize = 32;
  prop->totalGlobalMem = (size_t)4 << 30;
  prop->sharedMemPerBlock = 48 << 10;
  return cudaSuccess;
}
cudaError_t cudaDeviceGetAttribute(int *value, enum cudaDeviceAttr attr, int device) {
  switch (attr) {
    case cudaDevAttrMultiProcessorCount: *value = 2; break;
    case cudaDevAttrMaxThreadsPerMultiProcessor: *value = 512; break;
    default: *value = 0; break;
  }
  return cudaSuccess;
}
cudaError_t cudaMemGetInfo(size_t *freeBytes, size_t *totalBytes) {
  *freeBytes = (size_t)4 << 30;
  *totalBytes = (size_t)4 << 30;
  return cudaSuccess;
}
cudaError_t cudaDeviceGetStreamPriorityRange(int *least, int *greatest) {
  *least = 0;
  *greatest = -1;
  return cudaSuccess;
}
cudaError_t cudaStreamCreateWithPriority(cudaStream_t *s, unsigned int flags, int priority) {
  *s = malloc(sizeof **s);
  (*s)->device = current;
  return cudaSuccess;
}
cudaError_t cudaStreamDestroy(cudaStream_t s) {
  free(s);
  return cudaSuccess;
}
cudaError_t cudaStreamSynchronize(cudaStream_t s) {
  if (s && s->device != current) return fail(cudaErrorInvalidResourceHandle);
  return cudaSuccess;
}
cudaError_t cudaStreamQuery(cudaStream_t s) { return cudaSuccess; }
cudaError_t cudaStreamWaitEvent(cudaStream_t s, cudaEvent_t e, unsigned int flags) { return cudaSuccess; }
cudaError_t cudaEventCreateWithFlags(cudaEvent_t *e, unsigned int flags) {
  *e = malloc(sizeof **e);
  (*e)->device = current;
  return cudaSuccess;
}
cudaError_t cudaEventDestroy(cudaEvent_t e) {
  free(e);
  return cudaSuccess;
}
cudaError_t cudaEventRecord(cudaEvent_t e, cudaStream_t s) {
  if (streamDevice(s) != current) return fail(cudaErrorInvalidResourceHandle);
  e->device = current;
  return cudaSuccess;
}
cudaError_t cudaEventSynchronize(cudaEvent_t e) { return cudaSuccess; }
cudaError_t cudaEventQuery(cudaEvent_t e) { return cudaSuccess; }
cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t a, cudaEvent_t b) {
  *ms = 0;
  return cudaSuccess;
}

cudaError_t cudaMalloc(void **p, size_t n) {
  init();
  Alloc *a = malloc(sizeof *a);
  a->p = malloc(n ? n : 1);
  a->n = n;
  a->device = current;
  a->next = allocs;
  allocs = a;
  *p = a->p;
  return cudaSuccess;
}
cudaError_t cudaFree(void *p) {
  if (!p) return cudaSuccess;
  for (Alloc **pa = &allocs; *pa; pa = &(*pa)->next)
    if ((*pa)->p == p) {
      Alloc *a = *pa;
      *pa = a->next;
      free(a->p);
      free(a);
      return cudaSuccess;
    }
  die("cudaFree of memory cudaMalloc did not give", p);
  return cudaErrorInvalidValue;
}

static cudaError_t memcpyOn(void *dst, const void *src, size_t n, enum cudaMemcpyKind kind, int device) {
  if (n == 0) return cudaSuccess;
  switch (kind) {
    case cudaMemcpyHostToDevice:
      checkDevice(dst, n, device, "H2D copy to host memory");
      checkHost(src, "H2D copy from device memory");
      break;
    case cudaMemcpyDeviceToHost:
      checkDevice(src, n, device, "D2H copy from host memory");
      checkHost(dst, "D2H copy to device memory");
      break;
    case cudaMemcpyDeviceToDevice:
      checkDevice(src, n, device, "D2D copy from host memory");
      checkDevice(dst, n, device, "D2D copy to host memory");
      break;
    default: die("cudaMemcpyDefault/HostToHost is not used by libTHC", dst);
  }
  memmove(dst, src, n);
  return cudaSuccess;
}
cudaError_t cudaMemcpy(void *dst, const void *src, size_t n, enum cudaMemcpyKind kind) { return memcpyOn(dst, src, n, kind, current); }
cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t n, enum cudaMemcpyKind kind, cudaStream_t s) {
  if (streamDevice(s) != current) die("cudaMemcpyAsync on a stream of another device than the current one", s);
  return memcpyOn(dst, src, n, kind, streamDevice(s));
}
cudaError_t cudaMemsetAsync(void *p, int value, size_t n, cudaStream_t s) {
  if (streamDevice(s) != current) die("cudaMemsetAsync on a stream of another device than the current one", s);
  if (n) checkDevice(p, n, streamDevice(s), "cudaMemsetAsync of host memory");
  memset(p, value, n);
  return cudaSuccess;
}
cudaError_t cudaMemcpyPeerAsync(void *dst, int dstDevice, const void *src, int srcDevice, size_t n, cudaStream_t s) {
  if (n == 0) return cudaSuccess;
  checkDevice(dst, n, dstDevice, "peer copy to memory not on dstDevice");
  checkDevice(src, n, srcDevice, "peer copy from memory not on srcDevice");
  memmove(dst, src, n);
  return cudaSuccess;
}

__attribute__((destructor)) static void report(void) {
  if (getenv("THC_EMU_VERBOSE"))
    fprintf(stderr, "THC emulator: %ld launches (pointwise: %ld vectorized, %ld strided, %ld converting), %ld threads\n", launches,
            contigLaunches, stridedLaunches, dynamicLaunches, launchedThreads);
}
