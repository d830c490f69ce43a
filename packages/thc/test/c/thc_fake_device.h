/* thc_fake_device.h — "device" tensors for the argument tests (test_*_args.c): their storage comes
 * from an allocator that says it is cuda:<device> but hands out host memory. Those tests call
 * libTHC only where it must fail (or finish) on its checks, before any device work, so these
 * tensors never reach a kernel. */
#ifndef THC_FAKE_DEVICE_H
#define THC_FAKE_DEVICE_H

#include "thc_test.h"

#include <stdlib.h>
#include <string.h>

static void *thc_fake_malloc(void *ctx, size_t n) {
  (void)ctx;
  return calloc(1, n ? n : 1);
}
static void thc_fake_free(void *ctx, void *p, size_t n) {
  (void)ctx;
  (void)n;
  free(p);
}
static int thc_fake_copy(void *ctx, void *dst, const void *src, size_t n) {
  (void)ctx;
  memcpy(dst, src, n);
  return TH_OK;
}

/* A zeroed tensor whose storage says it is on cuda:<device> (0 to 63). */
static TH_TEST_UNUSED THTensor *thc_fake_tensor(THDType dt, int device, int ndim, const int64_t *sizes) {
  static THAllocator devices[64];
  THAllocator *a = &devices[device];
  if (!a->malloc) *a = (THAllocator){thc_fake_malloc, thc_fake_free, NULL, 1, device, thc_fake_copy};
  int64_t n = 1;
  for (int i = 0; i < ndim; i++) n *= sizes[i];
  THStorage *s = THStorage_new((size_t)n * THDType_size(dt), a);
  THTensor *t = THTensor_newWithStorage(s, dt, 0, ndim, sizes, NULL);
  THStorage_free(s);
  return t;
}

/* A zeroed host tensor. */
static TH_TEST_UNUSED THTensor *thc_host_tensor(THDType dt, int ndim, const int64_t *sizes) {
  THTensor *t = THTensor_newWithSize(dt, ndim, sizes);
  THTensor_zero(t);
  return t;
}

#endif
