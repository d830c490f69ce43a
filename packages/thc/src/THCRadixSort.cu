/* Sorting of slices longer than a block sorts (THCSortKernels.cu): a stable LSD radix sort of all
 * slices at once through CUB. Every element becomes (libTH's order key, its position); one
 * radix sort of the keys carrying global positions, then, when there are several slices, a second
 * stable sort by slice number (the high bits of the position, only as many bits as the slice
 * count needs) groups each slice's elements again, in key order. This file holds the only CUB
 * instantiations (uint32 and uint64 keys, int64 values), so that their compile time runs in
 * parallel with the other kernels. */
#include <cub/device/device_radix_sort.cuh>

#include "THCIndexKernels.cuh"

using namespace thcidx;

namespace {

/* Keys of 1, 2 and 4 bytes all sort as uint32 (only their low 8 * es bits take radix passes), so
 * that CUB is instantiated twice, not four times. */
template <typename K>
__global__ void radixKeysKernel(THCSortArgs s, int es, K *keys, int64_t *vals) {
  int64_t N = s.count * s.n;
  unsigned long long mask = nanKeyWide(es); /* all ones in the key's width */
  THC_GRID_STRIDE(p, N) {
    int64_t m = p / s.n, j = p - m * s.n;
    int64_t off[1];
    iterOffsets<1>(s.outer, m, off);
    unsigned long long key = keyWide(s.a + (off[0] + j * s.steps[0]) * es, s.dt, es);
    keys[p] = (K)(s.descending ? ~key & mask : key);
    vals[p] = s.count == 1 ? j : p;
  }
}

__global__ void sliceKeysKernel(const int64_t *vals, int64_t N, int64_t n, uint32_t *seg) {
  THC_GRID_STRIDE(p, N) seg[p] = (uint32_t)(vals[p] / n);
}

__global__ void radixWriteKernel(THCSortArgs s, int es, const int64_t *vals) {
  int64_t total = s.count * s.outLen;
  THC_GRID_STRIDE(q, total) {
    int64_t m = q / s.outLen, o = q - m * s.outLen, j = s.outStart + o;
    int64_t g = vals[m * s.n + j];
    int64_t src = s.count == 1 ? g : g - m * s.n;
    int64_t off[3];
    iterOffsets<3>(s.outer, m, off);
    if (s.indices) s.indices[off[2] + o * s.steps[2]] = src;
    if (s.values) copyElem(s.values + (off[1] + o * s.steps[1]) * es, s.a + (off[0] + src * s.steps[0]) * es, es);
  }
}

template <typename K>
int radixSort(THCState *state, THCStream *stream, const THCSortArgs *s) {
  cudaStream_t cs = (cudaStream_t)THCStream_handle(stream);
  int es = (int)THDType_size((THDType)s->dt);
  int64_t N = s->count * s->n;
  Scratch sc = {state, stream, {nullptr}, 0};
  K *k0 = (K *)sc.get(sizeof(K) * (size_t)N), *k1 = (K *)sc.get(sizeof(K) * (size_t)N);
  int64_t *v0 = (int64_t *)sc.get(sizeof(int64_t) * (size_t)N), *v1 = (int64_t *)sc.get(sizeof(int64_t) * (size_t)N);
  if (!k0 || !k1 || !v0 || !v1) return THC_IDX_FAILED;
  int bits = 0;
  if (s->count > 1)
    while (bits < 32 && ((uint64_t)(s->count - 1) >> bits) != 0) bits++;
  size_t t1 = 0, t2 = 0;
  const int keyBits = 8 * es;
  int rc = (int)cub::DeviceRadixSort::SortPairs(nullptr, t1, k0, k1, v0, v1, N, 0, keyBits, cs);
  if (!rc && s->count > 1)
    rc = (int)cub::DeviceRadixSort::SortPairs(nullptr, t2, (const uint32_t *)nullptr, (uint32_t *)nullptr, v1, v0, N, 0, bits, cs);
  if (rc) return rc;
  void *temp = sc.get(t1 > t2 ? t1 : t2);
  if (!temp) return THC_IDX_FAILED;
  size_t tb = t1 > t2 ? t1 : t2;
  THC_LAUNCH(radixKeysKernel<K>, gridFor(N), kThreads, 0, cs, *s, es, k0, v0);
  if ((rc = launchStatus())) return rc;
  if ((rc = (int)cub::DeviceRadixSort::SortPairs(temp, tb, k0, k1, v0, v1, N, 0, keyBits, cs))) return rc;
  const int64_t *vals = v1;
  if (s->count > 1) {
    /* the sorted keys are no longer needed: their buffers (at least 4 bytes an element) take the slice numbers */
    uint32_t *g0 = (uint32_t *)k0, *g1 = (uint32_t *)k1;
    THC_LAUNCH(sliceKeysKernel, gridFor(N), kThreads, 0, cs, v1, N, s->n, g0);
    if ((rc = launchStatus())) return rc;
    tb = t1 > t2 ? t1 : t2;
    if ((rc = (int)cub::DeviceRadixSort::SortPairs(temp, tb, g0, g1, v1, v0, N, 0, bits, cs))) return rc;
    vals = v0;
  }
  int64_t total = s->count * s->outLen;
  THC_LAUNCH(radixWriteKernel, gridFor(total), kThreads, 0, cs, *s, es, vals);
  return launchStatus();
}

}  // namespace

extern "C" int THCIdx_sortSlicesRadix(THCState *state, THCStream *stream, const THCSortArgs *s) {
  if (s->count <= 0 || s->n <= 0 || s->outLen <= 0) return 0;
  if (s->count > (int64_t)UINT32_MAX) return (int)cudaErrorInvalidValue;
  if (THDType_size((THDType)s->dt) <= 4) return radixSort<uint32_t>(state, stream, s);
  return radixSort<unsigned long long>(state, stream, s);
}
