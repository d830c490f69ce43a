/* The emulator's stand-ins for libTHC's state and allocator and for the CUDA runtime calls the
 * reductions and their tests make: one "device" (cuda:0) whose memory is host memory, with a few
 * multiprocessors so that small inputs already take the split (two-pass) paths. */
#include "THCInternal.h"

#include <stdlib.h>
#include <string.h>

#define EMU_SMS 2

static void *dmalloc(void *ctx, size_t n) {
  (void)ctx;
  return malloc(n ? n : 1);
}
static void dfree(void *ctx, void *p, size_t n) {
  (void)ctx;
  (void)n;
  free(p);
}
static int dcopy(void *ctx, void *d, const void *s, size_t n) {
  (void)ctx;
  memcpy(d, s, n);
  return TH_OK;
}
static THAllocator devAlloc = {dmalloc, dfree, NULL, 1, 0, dcopy};

THCState *THCState_new(void) {
  THCState *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->deviceCount = 1;
  s->defaultStreams[0] = (THCStream){s, NULL, 0, 0, 1};
  return s;
}
void THCState_free(THCState *s) { free(s); }
int THCState_deviceCount(const THCState *s) { return s->deviceCount; }
const char *THCState_unavailableReason(const THCState *s) {
  (void)s;
  return NULL;
}
int THCState_checkDevice(const THCState *s, int d) {
  if (d < 0 || d >= s->deviceCount) return THError("Invalid device ordinal: cuda:%d (emulated)", d);
  return TH_OK;
}
int THCState_currentDevice(THCState *s, int *d) {
  (void)s;
  *d = 0;
  return TH_OK;
}
THCStream *THCState_currentStream(THCState *s, int d) {
  if (d == -1) d = 0;
  if (THCState_checkDevice(s, d)) return NULL;
  return &s->defaultStreams[d];
}
void *THCStream_handle(const THCStream *st) { return st->handle; }
int THCDeviceGuard_enter(THCDeviceGuard *g, int d) {
  (void)d;
  g->previous = 0;
  g->changed = 0;
  return TH_OK;
}
void THCDeviceGuard_exit(THCDeviceGuard *g) { (void)g; }
int THCError(cudaError_t err, const char *what) { return THError("%s: emulated CUDA error %d", what, (int)err); }
THAllocator *THCCachingAllocator_get(THCState *s, int d) {
  if (d == -1) d = 0;
  if (THCState_checkDevice(s, d)) return NULL;
  return &devAlloc;
}
void *THCCachingAllocator_malloc(THCState *s, size_t n, THCStream *st) {
  (void)s;
  (void)st;
  return malloc(n ? n : 1);
}
void THCCachingAllocator_free(THCState *s, void *p) {
  (void)s;
  free(p);
}

cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t n, enum cudaMemcpyKind k, cudaStream_t st) {
  (void)k;
  (void)st;
  memcpy(dst, src, n);
  return cudaSuccess;
}
cudaError_t cudaMemcpy(void *dst, const void *src, size_t n, enum cudaMemcpyKind k) {
  (void)k;
  memcpy(dst, src, n);
  return cudaSuccess;
}
cudaError_t cudaDeviceSynchronize(void) { return cudaSuccess; }
cudaError_t cudaGetLastError(void) { return cudaSuccess; }
const char *cudaGetErrorString(cudaError_t e) {
  (void)e;
  return "emulated";
}
const char *cudaGetErrorName(cudaError_t e) {
  (void)e;
  return "emulated";
}
cudaError_t cudaDeviceGetAttribute(int *v, enum cudaDeviceAttr a, int d) {
  (void)a;
  (void)d;
  *v = EMU_SMS;
  return cudaSuccess;
}
