/* THC tensors: THTensors on device storages (creation and device checks). */
#include "THCInternal.h"

#include <stdio.h>

THTensor *THCTensor_newWithSize(THCState *state, THDType dtype, int device, int ndim, const int64_t *sizes) {
  THAllocator *a = THCCachingAllocator_get(state, device);
  if (!a) return NULL;
  int64_t numel = 1;
  for (int d = 0; d < ndim; d++) {
    if (sizes[d] < 0) return THError("Trying to create tensor with negative dimension %lld", (long long)sizes[d]), NULL;
    numel *= sizes[d];
  }
  THStorage *s = THStorage_new((size_t)numel * THDType_size(dtype), a);
  if (!s) return NULL;
  THTensor *t = THTensor_newWithStorage(s, dtype, 0, ndim, sizes, NULL);
  THStorage_free(s);
  return t;
}

THTensor *THCTensor_new(THCState *state, THDType dtype, int device) {
  int64_t zero = 0;
  return THCTensor_newWithSize(state, dtype, device, 1, &zero);
}

int THCTensor_device(const THTensor *t) { return THStorage_device(THTensor_storage(t)); }

static void deviceName(int device, char *buf, size_t n) {
  if (device < 0) snprintf(buf, n, "cpu");
  else snprintf(buf, n, "cuda:%d", device);
}

/* The one device of ins and outs (NULLs and 0-d host inputs skipped): *found, -2 for none. */
static int sameDevice(const char *op, int nin, const THTensor *const *ins, int nout, THTensor *const *outs, int *found) {
  *found = -2;
  for (int k = 0; k < nin + nout; k++) {
    const THTensor *t = k < nin ? ins[k] : outs[k - nin];
    if (!t) continue;
    int d = THCTensor_device(t);
    /* 0-d host tensors are scalars: PyTorch lets them mix with any device */
    if (d < 0 && k < nin && THTensor_ndim(t) == 0) continue;
    if (*found == -2) *found = d;
    else if (d != *found) {
      char a[32], b[32];
      deviceName(*found, a, sizeof a);
      deviceName(d, b, sizeof b);
      return THError("Expected all tensors to be on the same device, but found at least two devices, %s and %s! (in %s)", a, b, op);
    }
  }
  return TH_OK;
}

int THCTensor_checkSameDevice(const char *op, int n, const THTensor *const *ts, int *device) {
  int found;
  if (sameDevice(op, n, ts, 0, NULL, &found)) return TH_ERR;
  *device = found == -2 ? -1 : found;
  return TH_OK;
}

int THCTensor_callDevice(const char *op, int nin, const THTensor *const *ins, int nout, THTensor *const *outs, int *device) {
  int found;
  if (sameDevice(op, nin, ins, nout, outs, &found)) return TH_ERR;
  if (found < 0) return THError("%s: expected CUDA tensors, but every tensor is on the CPU", op);
  *device = found;
  return TH_OK;
}
