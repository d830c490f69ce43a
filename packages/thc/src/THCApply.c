/* The host side of the pointwise iterator (THCApply.h): libTH's THIter on device tensors, host
 * scalars as values, 32-bit splitting and launch sizes; and the helpers the drivers share. */
#include "THCApply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int THCTensor_isHostScalar(const THTensor *t) { return THCTensor_device(t) < 0 && THTensor_ndim(t) == 0; }

int THCApply_init(THCApplyIter *it, int nops, const THTensor *const *ops) {
  if (nops > THC_APPLY_MAX_OPERANDS) return THError("iterator: too many operands (%d)", nops);
  THIter ti;
  if (THIter_init(&ti, nops, ops)) return TH_ERR;
  memset(it, 0, sizeof *it);
  it->nops = nops;
  it->ndim = ti.ndim;
  it->numel = ti.numel;
  for (int d = 0; d < ti.ndim; d++) {
    it->shape[d] = ti.shape[d];
    for (int k = 0; k < nops; k++) it->strides[d][k] = ti.strides[d][k];
  }
  for (int k = 0; k < nops; k++) {
    it->dtype[k] = THTensor_dtype(ops[k]);
    if (k > 0 && THCTensor_isHostScalar(ops[k])) {
      /* a value, not an address: its strides are 0 in every dim (0-d), and the kernel reads it
       * from its parameters */
      memcpy(&it->scalar[k], THTensor_data(ops[k]), THDType_size(it->dtype[k]));
      it->data[k] = NULL;
      for (int d = 0; d < ti.ndim; d++) it->strides[d][k] = 0;
    } else {
      it->data[k] = ti.data[k];
    }
  }
  return TH_OK;
}

/* Blocks that keep every multiprocessor full, per device (read once; a race only computes it twice). */
static int maxBlocksOf[THC_MAX_DEVICES];

int THCApply_prepare(THCState *state, THCApplyIter *it, int device) {
  THCStream *st = THCState_currentStream(state, device);
  if (!st) return TH_ERR;
  it->stream = THCStream_handle(st);
  if (device < 0 || device >= THC_MAX_DEVICES) return THError("iterator: invalid device %d", device);
  int blocks = __atomic_load_n(&maxBlocksOf[device], __ATOMIC_RELAXED);
  if (!blocks) {
    int sms = 0, threads = 0;
    THC_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device), "cudaDeviceGetAttribute");
    THC_CHECK(cudaDeviceGetAttribute(&threads, cudaDevAttrMaxThreadsPerMultiProcessor, device), "cudaDeviceGetAttribute");
    int perSM = threads / THC_APPLY_THREADS;
    blocks = (sms > 0 ? sms : 1) * (perSM > 0 ? perSM : 1);
    __atomic_store_n(&maxBlocksOf[device], blocks, __ATOMIC_RELAXED);
  }
  it->maxBlocks = blocks;
  it->errorFlag = NULL;
  return TH_OK;
}

int THCApply_blocks(const THCApplyIter *it, int64_t work) {
  int64_t b = (work + THC_APPLY_THREADS - 1) / THC_APPLY_THREADS;
  if (b < 1) b = 1;
  if (b > it->maxBlocks) b = it->maxBlocks;
  return (int)b;
}

/* ---- 32-bit splitting (PyTorch's TensorIterator::with_32bit_indexing) ---- */

static int64_t extent(const THCApplyIter *it, int k) {
  int64_t e = 0;
  for (int d = 0; d < it->ndim; d++) {
    int64_t s = it->strides[d][k];
    e += (it->shape[d] - 1) * (s < 0 ? -s : s);
  }
  return e;
}

static int fits32(const THCApplyIter *it) {
  if (it->numel > THC_INDEX32_LIMIT) return 0;
  for (int k = 0; k < it->nops; k++)
    if (it->data[k] && extent(it, k) > THC_INDEX32_LIMIT) return 0;
  return 1;
}

int THCApply_forEach32(const THCApplyIter *it, int (*fn)(const THCApplyIter *part, void *ctx), void *ctx) {
  if (it->numel == 0) return TH_OK;
  if (fits32(it)) return fn(it, ctx);
  /* split the dim that spans the most bytes (or, when only numel is too large, has the most
   * elements) in two, and recurse on each half; the halves are copies, so depth stays small */
  int best = -1;
  int64_t bestSpan = -1;
  for (int d = 0; d < it->ndim; d++) {
    if (it->shape[d] < 2) continue;
    int64_t span = it->shape[d];
    for (int k = 0; k < it->nops; k++) {
      int64_t s = it->strides[d][k] < 0 ? -it->strides[d][k] : it->strides[d][k];
      if (it->data[k] && (it->shape[d] - 1) * s > span) span = (it->shape[d] - 1) * s;
    }
    if (span > bestSpan) {
      bestSpan = span;
      best = d;
    }
  }
  if (best < 0) return THError("iterator: cannot split an iterator of %lld elements", (long long)it->numel);
  THCApplyIter *half = (THCApplyIter *)malloc(sizeof *half);
  if (!half) return THError("out of memory splitting an iterator");
  int64_t n = it->shape[best], first = n / 2;
  *half = *it;
  half->shape[best] = first;
  half->numel = it->numel / n * first;
  int status = THCApply_forEach32(half, fn, ctx);
  if (status == TH_OK) {
    *half = *it;
    half->shape[best] = n - first;
    half->numel = it->numel / n * (n - first);
    for (int k = 0; k < it->nops; k++)
      if (half->data[k]) half->data[k] += first * it->strides[best][k];
    status = THCApply_forEach32(half, fn, ctx);
  }
  free(half);
  return status;
}

/* ---- helpers shared by the drivers ---- */

static void deviceName(int device, char *buf, size_t n) {
  if (device < 0) snprintf(buf, n, "cpu");
  else snprintf(buf, n, "cuda:%d", device);
}

int THCTensor_checkOperands(const char *op, const THTensor *r, int n, const THTensor *const *ts, int *device) {
  const THTensor *all[THC_APPLY_MAX_OPERANDS + 1];
  int m = 0;
  all[m++] = r;
  for (int k = 0; k < n && m < THC_APPLY_MAX_OPERANDS + 1; k++) all[m++] = ts[k];
  if (THCTensor_checkSameDevice(op, m, all, device)) return TH_ERR;
  int rd = THCTensor_device(r);
  if (rd < 0 && *device < 0) return THError("%s: expected CUDA tensors, but every tensor is on the CPU", op);
  if (rd < 0 || (*device >= 0 && rd != *device)) {
    char a[32], b[32];
    deviceName(*device >= 0 ? *device : 0, a, sizeof a);
    deviceName(rd, b, sizeof b);
    return THError("%s: Expected out tensor to have device %s, but got %s instead", op, a, b);
  }
  *device = rd;
  return TH_OK;
}
