/* Kernels of sorting, selection, unique, searching and counting.
 *
 * Slices of up to THC_SORT_BLOCK_MAX elements sort inside one block: each element becomes an
 * (order key, position) pair in shared memory (libTH's keys: unsigned order == PyTorch's order),
 * slices are padded to a power of two P with (all-ones key, position >= n) pairs that sort last,
 * several slices share a block when P is small, and a bitonic network sorts every P-run. Comparing
 * (key, position) makes the network stable. Longer slices go to the radix sort of
 * THCRadixSort.cu. */
#include "THCIndexKernels.cuh"

#include <climits>
#include <cmath>
#include <cstring>

#include "THC/THCCachingAllocator.h"

using namespace thcidx;

namespace {

constexpr int kSortThreads = 512;

/* shared memory: the tile's keys, then (aligned) their positions */
template <typename K> __host__ __device__ inline size_t keysBytes(int tile) { return ((size_t)tile * sizeof(K) + 15) & ~(size_t)15; }

template <typename K>
__global__ void __launch_bounds__(kSortThreads) blockSortKernel(THCSortArgs s, int P, int S, int es) {
  THC_DYNAMIC_SHARED(unsigned long long, smemRaw);
  const int tile = P * S;
  K *keys = (K *)smemRaw;
  uint16_t *pos = (uint16_t *)((unsigned char *)smemRaw + keysBytes<K>(tile));
  const int64_t seg0 = (int64_t)blockIdx.x * S;
  const int n = (int)s.n;
  for (int e = threadIdx.x; e < tile; e += blockDim.x) {
    int sl = e / P, j = e - sl * P;
    int64_t m = seg0 + sl;
    K key = (K)~(K)0;
    if (m < s.count && j < n) {
      int64_t off[1];
      iterOffsets<1>(s.outer, m, off);
      key = KeyOf<K>::get(s.a + (off[0] + (int64_t)j * s.steps[0]) * es, s.dt);
      if (s.descending) key = (K)~key;
    }
    keys[e] = key;
    pos[e] = (uint16_t)j;
  }
  __syncthreads();
  for (int k = 2; k <= P; k <<= 1) {
    for (int j = k >> 1; j > 0; j >>= 1) {
      for (int t = threadIdx.x; t < tile / 2; t += blockDim.x) {
        int i = 2 * t - (t & (j - 1)); /* bit j of i is clear; its partner is i + j */
        int l = i + j;
        bool asc = k == P || (i & k) == 0; /* the last merge of every P-run ascends */
        K ki = keys[i], kl = keys[l];
        uint16_t pi = pos[i], pl = pos[l];
        bool after = ki > kl || (ki == kl && pi > pl);
        if (after == asc) {
          keys[i] = kl;
          keys[l] = ki;
          pos[i] = pl;
          pos[l] = pi;
        }
      }
      __syncthreads();
    }
  }
  for (int e = threadIdx.x; e < tile; e += blockDim.x) {
    int sl = e / P, j = e - sl * P;
    int64_t m = seg0 + sl;
    if (m >= s.count || j < s.outStart || j >= s.outStart + s.outLen) continue;
    int64_t off[3];
    iterOffsets<3>(s.outer, m, off);
    int64_t src = pos[e], o = j - s.outStart;
    if (s.indices) s.indices[off[2] + o * s.steps[2]] = src;
    if (s.values) copyElem(s.values + (off[1] + o * s.steps[1]) * es, s.a + (off[0] + src * s.steps[0]) * es, es);
  }
}

template <typename K>
int launchBlockSort(const THCSortArgs *s, cudaStream_t stream) {
  int P = 1;
  while (P < s->n) P <<= 1;
  int64_t S = THC_SORT_BLOCK_MAX / P;
  if (S > s->count) S = s->count;
  if (S < 1) S = 1;
  int tile = P * (int)S;
  int threads = tile / 2;
  if (threads > kSortThreads) threads = kSortThreads;
  threads = threads < 32 ? 32 : (threads + 31) / 32 * 32;
  int64_t blocks = (s->count + S - 1) / S;
  if (blocks > 0x7FFFFFFF) return (int)cudaErrorInvalidConfiguration;
  size_t smem = keysBytes<K>(tile) + (size_t)tile * sizeof(uint16_t);
  THC_LAUNCH(blockSortKernel<K>, (unsigned)blocks, threads, smem, stream, *s, P, (int)S, (int)THDType_size((THDType)s->dt));
  return launchStatus();
}

}  // namespace

extern "C" int THCIdx_sortSlices(THCState *state, THCStream *stream, const THCSortArgs *s) {
  if (s->count <= 0 || s->n <= 0 || s->outLen <= 0) return 0;
  if (s->n > THC_SORT_BLOCK_MAX) return THCIdx_sortSlicesRadix(state, stream, s);
  cudaStream_t cs = (cudaStream_t)THCStream_handle(stream);
  switch (THDType_size((THDType)s->dt)) {
    case 1: return launchBlockSort<uint8_t>(s, cs);
    case 2: return launchBlockSort<uint16_t>(s, cs);
    case 4: return launchBlockSort<uint32_t>(s, cs);
    default: return launchBlockSort<unsigned long long>(s, cs);
  }
}

/* ---- picks from sorted slices (contiguous [count, n] values sv and positions si) ---- */

namespace {

/* NaNs sort last: the number of trailing NaN keys of an ascending row. */
__device__ int64_t trailingNans(const char *row, int64_t n, int dt, int es) {
  if (!isFloatingDt(dt)) return 0;
  unsigned long long nk = nanKeyWide(es);
  int64_t lo = 0, hi = n;
  while (lo < hi) {
    int64_t mid = lo + ((hi - lo) >> 1);
    if (keyWide(row + mid * es, dt, es) == nk) hi = mid;
    else lo = mid + 1;
  }
  return n - lo;
}

__global__ void medianPickKernel(THCIdxIter outer, int64_t count, int64_t n, const char *sv, const int64_t *si, int dt, int es,
                                 int ignoreNan, char *values, int64_t *indices) {
  THC_GRID_STRIDE(m, count) {
    const char *row = sv + m * n * es;
    int64_t nans = trailingNans(row, n, dt, es), pos;
    if (!ignoreNan && nans > 0) pos = n - nans; /* the first NaN (they keep their order) */
    else if (n - nans == 0) pos = 0;
    else pos = (n - nans - 1) / 2;
    int64_t off[3];
    iterOffsets<3>(outer, m, off);
    copyElem(values + off[1] * es, row + pos * es, es);
    indices[off[2]] = si[m * n + pos];
  }
}

/* One block per slice: runs of equal keys (each NaN a run of its own) found by a max-scan of run
 * starts; the longest run wins, the first (smallest value) on a tie; its last element is the one
 * latest in the input (the sort was stable). */
__global__ void modePickKernel(THCIdxIter outer, int64_t count, int64_t n, const char *sv, const int64_t *si, int dt, int es,
                               char *values, int64_t *indices) {
  __shared__ int64_t smem[32];
  __shared__ int64_t redLen[32], redEnd[32];
  __shared__ int64_t lastStart;
  const bool isF = isFloatingDt(dt);
  const unsigned long long nk = nanKeyWide(es);
  for (int64_t m = blockIdx.x; m < count; m += gridDim.x) {
    const char *row = sv + m * n * es;
    int64_t carry = 0, bestLen = 0, bestEnd = 0;
    for (int64_t base = 0; base < n; base += blockDim.x) {
      int64_t p = base + threadIdx.x;
      bool valid = p < n;
      unsigned long long k = valid ? keyWide(row + p * es, dt, es) : 0;
      bool nanHere = isF && k == nk;
      bool isStart = valid && (p == 0 || nanHere || keyWide(row + (p - 1) * es, dt, es) != k);
      int64_t sc = blockInclusiveMax(isStart ? p : -1, smem);
      int64_t runStart = sc > carry ? sc : carry;
      if (valid) {
        bool isEnd = p == n - 1;
        if (!isEnd) {
          unsigned long long kn = keyWide(row + (p + 1) * es, dt, es);
          isEnd = kn != k || (isF && kn == nk);
        }
        if (isEnd) {
          int64_t len = p - runStart + 1;
          if (len > bestLen || (len == bestLen && p < bestEnd)) bestLen = len, bestEnd = p;
        }
      }
      if (threadIdx.x == blockDim.x - 1) lastStart = runStart;
      __syncthreads();
      carry = lastStart;
      __syncthreads();
    }
    /* the block's best (longest, then first) */
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) {
      int64_t l2 = __shfl_down_sync(0xFFFFFFFFu, bestLen, o), e2 = __shfl_down_sync(0xFFFFFFFFu, bestEnd, o);
      if (l2 > bestLen || (l2 == bestLen && e2 < bestEnd)) bestLen = l2, bestEnd = e2;
    }
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, nwarps = blockDim.x >> 5;
    if (lane == 0) redLen[warp] = bestLen, redEnd[warp] = bestEnd;
    __syncthreads();
    if (threadIdx.x == 0) {
      for (int w = 1; w < nwarps; w++)
        if (redLen[w] > bestLen || (redLen[w] == bestLen && redEnd[w] < bestEnd)) bestLen = redLen[w], bestEnd = redEnd[w];
      int64_t off[3];
      iterOffsets<3>(outer, m, off);
      copyElem(values + off[1] * es, row + bestEnd * es, es);
      indices[off[2]] = si[m * n + bestEnd];
    }
    __syncthreads();
  }
}

__device__ __forceinline__ float addRn(float a, float b) { return __fadd_rn(a, b); }
__device__ __forceinline__ float subRn(float a, float b) { return __fsub_rn(a, b); }
__device__ __forceinline__ float mulRn(float a, float b) { return __fmul_rn(a, b); }
__device__ __forceinline__ double addRn(double a, double b) { return __dadd_rn(a, b); }
__device__ __forceinline__ double subRn(double a, double b) { return __dsub_rn(a, b); }
__device__ __forceinline__ double mulRn(double a, double b) { return __dmul_rn(a, b); }

/* libTH's quantile of one sorted row (every operation rounded on its own, as on the CPU). */
template <typename T>
__global__ void quantileKernel(int64_t count, int64_t n, const T *sv, const double *q, int64_t nq, int mode, int ignoreNan, T *out) {
  int64_t total = count * nq;
  THC_GRID_STRIDE(t, total) {
    int64_t i = t / count, m = t - i * count;
    const T *row = sv + m * n;
    int64_t lo = 0, hi = n;
    while (lo < hi) {
      int64_t mid = lo + ((hi - lo) >> 1);
      if (row[mid] != row[mid]) hi = mid;
      else lo = mid + 1;
    }
    int64_t nans = n - lo;
    T qq = (T)q[i], rank;
    if (ignoreNan) {
      rank = mulRn(qq, (T)(n - nans - 1));
      if (rank < 0) rank = 0;
    } else {
      rank = nans > 0 ? (T)(n - 1) : mulRn(qq, (T)(n - 1));
    }
    switch (mode) {
      case TH_QUANTILE_LOWER: rank = floor(rank); break;
      case TH_QUANTILE_HIGHER: rank = ceil(rank); break;
      case TH_QUANTILE_NEAREST: rank = rint(rank); break;
      default: break;
    }
    int64_t below = (int64_t)rank;
    T v = row[below];
    if (mode == TH_QUANTILE_LINEAR || mode == TH_QUANTILE_MIDPOINT) {
      T w = mode == TH_QUANTILE_MIDPOINT ? (T)0.5 : subRn(rank, (T)below);
      T e = row[(int64_t)ceil(rank)];
      v = fabs(w) < 0.5 ? addRn(v, mulRn(w, subRn(e, v))) : subRn(e, mulRn(subRn(e, v), subRn((T)1, w)));
    }
    out[t] = v;
  }
}

}  // namespace

extern "C" int THCIdx_launchMedianPick(void *stream, const THCIdxIter *outer, int64_t count, int64_t n, const char *sv,
                                       const int64_t *si, int dt, int ignoreNan, char *values, int64_t *indices) {
  if (count <= 0 || n <= 0) return 0;
  THC_LAUNCH(medianPickKernel, gridFor(count), kThreads, 0, stream, *outer, count, n, sv, si, dt,
                                                                          (int)THDType_size((THDType)dt), ignoreNan, values, indices);
  return launchStatus();
}

extern "C" int THCIdx_launchModePick(void *stream, const THCIdxIter *outer, int64_t count, int64_t n, const char *sv,
                                     const int64_t *si, int dt, char *values, int64_t *indices) {
  if (count <= 0 || n <= 0) return 0;
  unsigned blocks = count > 65535 * 16 ? 65535 * 16 : (unsigned)count;
  THC_LAUNCH(modePickKernel, blocks, kThreads, 0, stream, *outer, count, n, sv, si, dt, (int)THDType_size((THDType)dt), values,
                                                                indices);
  return launchStatus();
}

extern "C" int THCIdx_launchQuantile(void *stream, int64_t count, int64_t n, const char *sv, int dt, const double *q, int64_t nq,
                                     int mode, int ignoreNan, char *out) {
  int64_t total = count * nq;
  if (total <= 0 || n <= 0) return 0;
  cudaStream_t s = (cudaStream_t)stream;
  if (dt == TH_Float32)
    THC_LAUNCH(quantileKernel<float>, gridFor(total), kThreads, 0, s, count, n, (const float *)sv, q, nq, mode, ignoreNan, (float *)out);
  else
    THC_LAUNCH(quantileKernel<double>, gridFor(total), kThreads, 0, s, count, n, (const double *)sv, q, nq, mode, ignoreNan, (double *)out);
  return launchStatus();
}

/* ---- unique ---- */

namespace {

__global__ void uniqueFlagsKernel(const char *sv, int dt, int es, int64_t n, uint8_t *flags) {
  const bool isF = isFloatingDt(dt);
  const unsigned long long nk = nanKeyWide(es);
  THC_GRID_STRIDE(i, n) {
    unsigned long long k = keyWide(sv + i * es, dt, es);
    flags[i] = (i == 0 || (isF && k == nk) || keyWide(sv + (i - 1) * es, dt, es) != k) ? 1 : 0;
  }
}

__global__ void uniqueWriteKernel(const char *sv, int es, int64_t n, const uint8_t *flags, const int64_t *pos, const int64_t *order,
                                  char *out, int64_t *starts, int64_t *inverse) {
  THC_GRID_STRIDE(i, n) {
    int64_t g = pos[i];
    if (flags[i]) {
      if (out) copyElem(out + g * es, sv + i * es, es);
      starts[g] = i;
    }
    if (inverse) inverse[order ? order[i] : i] = g + flags[i] - 1;
  }
}

__global__ void uniqueCountsKernel(const int64_t *starts, int64_t ng, int64_t n, int64_t *counts) {
  THC_GRID_STRIDE(g, ng) { counts[g] = (g + 1 < ng ? starts[g + 1] : n) - starts[g]; }
}

/* -1, 0, 1: rows x and y of a contiguous [n, m] tensor compared by their elements' keys. */
__device__ int rowCompare(const char *a, int dt, int es, int64_t m, int64_t x, int64_t y) {
  const char *px = a + x * m * es, *py = a + y * m * es;
  for (int64_t e = 0; e < m; e++) {
    unsigned long long kx = keyWide(px + e * es, dt, es), ky = keyWide(py + e * es, dt, es);
    if (kx != ky) return kx < ky ? -1 : 1;
  }
  return 0;
}

__global__ void iotaKernel(int64_t *v, int64_t n) {
  THC_GRID_STRIDE(i, n) v[i] = i;
}

/* One pass of a bottom-up stable merge sort: runs of w from src merged in pairs into dst. Each
 * output position finds how many left-run elements precede it by a binary search (merge path):
 * the smallest i with right[k - i - 1] < left[i]; ties go to the left run. */
__global__ void mergePassKernel(const char *a, int dt, int es, int64_t m, const int64_t *src, int64_t *dst, int64_t n, int64_t w) {
  THC_GRID_STRIDE(p, n) {
    int64_t lo0 = p / (2 * w) * (2 * w);
    int64_t mid0 = lo0 + w < n ? lo0 + w : n, hi0 = lo0 + 2 * w < n ? lo0 + 2 * w : n;
    const int64_t *left = src + lo0, *right = src + mid0;
    int64_t nL = mid0 - lo0, nR = hi0 - mid0, k = p - lo0;
    int64_t lo = k - nR > 0 ? k - nR : 0, hi = k < nL ? k : nL;
    while (lo < hi) {
      int64_t i = lo + ((hi - lo) >> 1), j = k - i;
      if (rowCompare(a, dt, es, m, right[j - 1], left[i]) < 0) hi = i;
      else lo = i + 1;
    }
    int64_t i = lo, j = k - lo;
    bool takeLeft = i < nL && (j >= nR || rowCompare(a, dt, es, m, left[i], right[j]) <= 0);
    dst[p] = takeLeft ? left[i] : right[j];
  }
}

__global__ void rowFlagsKernel(const char *a, int dt, int es, int64_t m, const int64_t *order, int64_t n, uint8_t *flags) {
  THC_GRID_STRIDE(i, n) { flags[i] = (i == 0 || rowCompare(a, dt, es, m, order[i - 1], order[i]) != 0) ? 1 : 0; }
}

__global__ void gatherRowsKernel(const char *a, int64_t m, int es, int64_t n, const uint8_t *flags, const int64_t *pos,
                                 const int64_t *order, char *out) {
  int64_t total = n * m;
  THC_GRID_STRIDE(p, total) {
    int64_t i = p / m, e = p - i * m;
    if (flags[i]) copyElem(out + (pos[i] * m + e) * es, a + (order[i] * m + e) * es, es);
  }
}

}  // namespace

extern "C" int THCIdx_launchUniqueFlags(void *stream, const char *sv, int dt, int64_t n, uint8_t *flags) {
  if (n <= 0) return 0;
  THC_LAUNCH(uniqueFlagsKernel, gridFor(n), kThreads, 0, stream, sv, dt, (int)THDType_size((THDType)dt), n, flags);
  return launchStatus();
}

extern "C" int THCIdx_launchUniqueWrite(void *stream, const char *sv, size_t elem, int64_t n, const uint8_t *flags, const int64_t *pos,
                                        const int64_t *order, char *out, int64_t *starts, int64_t *inverse) {
  if (n <= 0) return 0;
  THC_LAUNCH(uniqueWriteKernel, gridFor(n), kThreads, 0, stream, sv, (int)elem, n, flags, pos, order, out, starts, inverse);
  return launchStatus();
}

extern "C" int THCIdx_launchUniqueCounts(void *stream, const int64_t *starts, int64_t ng, int64_t n, int64_t *counts) {
  if (ng <= 0) return 0;
  THC_LAUNCH(uniqueCountsKernel, gridFor(ng), kThreads, 0, stream, starts, ng, n, counts);
  return launchStatus();
}

extern "C" int THCIdx_sortRows(THCState *state, THCStream *stream, const char *a, int dt, int64_t n, int64_t m, int sort,
                               int64_t *order, uint8_t *flags) {
  if (n <= 0) return 0;
  cudaStream_t s = (cudaStream_t)THCStream_handle(stream);
  int es = (int)THDType_size((THDType)dt);
  THC_LAUNCH(iotaKernel, gridFor(n), kThreads, 0, s, order, n);
  int rc = launchStatus();
  if (rc) return rc;
  if (sort && n > 1) {
    int64_t *tmp = (int64_t *)THCCachingAllocator_malloc(state, sizeof(int64_t) * (size_t)n, stream);
    if (!tmp) return THC_IDX_FAILED;
    int64_t *src = order, *dst = tmp;
    for (int64_t w = 1; w < n && !rc; w *= 2) {
      THC_LAUNCH(mergePassKernel, gridFor(n), kThreads, 0, s, a, dt, es, m, src, dst, n, w);
      rc = launchStatus();
      int64_t *t = src;
      src = dst;
      dst = t;
    }
    if (!rc && src != order) rc = (int)cudaMemcpyAsync(order, src, sizeof(int64_t) * (size_t)n, cudaMemcpyDeviceToDevice, s);
    THCCachingAllocator_free(state, tmp);
    if (rc) return rc;
  }
  THC_LAUNCH(rowFlagsKernel, gridFor(n), kThreads, 0, s, a, dt, es, m, order, n, flags);
  return launchStatus();
}

extern "C" int THCIdx_launchGatherRows(void *stream, const char *a, int64_t m, int es, int64_t n, const uint8_t *flags, const int64_t *pos,
                                       const int64_t *order, char *out) {
  if (n <= 0 || m <= 0) return 0;
  THC_LAUNCH(gatherRowsKernel, gridFor(n * m), kThreads, 0, stream, a, m, es, n, flags, pos, order, out);
  return launchStatus();
}

/* ---- searching and counting ---- */

namespace {

template <typename T>
__global__ void searchKernel(const T *bd, const int64_t *sorter, int64_t nb, int64_t rowsB, const T *val, int64_t nv, int64_t total,
                             int right, int64_t *res) {
  THC_GRID_STRIDE(i, total) {
    int64_t row = rowsB > 1 ? i / nv : 0;
    const T *b = bd + row * nb;
    const int64_t *so = sorter ? sorter + row * nb : nullptr;
    T v = val[i];
    int64_t lo = 0, hi = nb;
    while (lo < hi) {
      int64_t mid = lo + ((hi - lo) >> 1);
      T x = so ? b[so[mid]] : b[mid];
      bool goRight = right ? !(x > v) : !(x >= v);
      if (goRight) lo = mid + 1;
      else hi = mid;
    }
    res[i] = lo;
  }
}

/* An order-preserving 64-bit key of a double (for atomic min/max) and back. */
__device__ __forceinline__ unsigned long long orderedKey(double x) {
  unsigned long long u = (unsigned long long)__double_as_longlong(x);
  return (u & 0x8000000000000000ull) ? ~u : (u | 0x8000000000000000ull);
}

__global__ void minMaxKernel(THCIdxGeom g, int64_t n, const char *a, int dt, unsigned long long *out) {
  double lo = INFINITY, hi = -INFINITY;
  int nan = 0;
  THC_GRID_STRIDE(i, n) {
    int64_t off = geomOffset(g, i);
    double v = dt == TH_Float32 ? (double)((const float *)a)[off] : ((const double *)a)[off];
    if (v != v) nan = 1;
    else {
      lo = v < lo ? v : lo;
      hi = v > hi ? v : hi;
    }
  }
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) {
    double l2 = __shfl_down_sync(0xFFFFFFFFu, lo, o), h2 = __shfl_down_sync(0xFFFFFFFFu, hi, o);
    int n2 = __shfl_down_sync(0xFFFFFFFFu, nan, o);
    lo = l2 < lo ? l2 : lo;
    hi = h2 > hi ? h2 : hi;
    nan |= n2;
  }
  if ((threadIdx.x & 31) == 0) {
    atomicMin(out, orderedKey(lo));
    atomicMax(out + 1, orderedKey(hi));
    if (nan) atomicOr(out + 2, 1ull);
  }
}

template <typename T>
__global__ void histcKernel(THCIdxGeom g, int64_t n, const T *a, int64_t bins, T lo, T hi, unsigned long long *hist) {
  THC_GRID_STRIDE(i, n) {
    T e = a[geomOffset(g, i)];
    if (e < lo || e > hi) continue;
    /* as PyTorch 1.13, a NaN is not skipped: it lands in the first bin */
    int64_t pos = e != e ? 0 : (int64_t)((e - lo) * (T)bins / (hi - lo));
    if (pos >= bins) pos = bins - 1; /* the last bin includes its right edge */
    if (pos < 0) pos = 0;
    atomicAdd(hist + pos, 1ull);
  }
}

__global__ void minMaxInt64Kernel(THCIdxGeom g, int64_t n, const int64_t *a, long long *out) {
  long long lo = LLONG_MAX, hi = LLONG_MIN;
  THC_GRID_STRIDE(i, n) {
    long long v = a[geomOffset(g, i)];
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) {
    long long l2 = __shfl_down_sync(0xFFFFFFFFu, lo, o), h2 = __shfl_down_sync(0xFFFFFFFFu, hi, o);
    lo = l2 < lo ? l2 : lo;
    hi = h2 > hi ? h2 : hi;
  }
  if ((threadIdx.x & 31) == 0) {
    atomicMin(out, lo);
    atomicMax(out + 1, hi);
  }
}

__global__ void bincountKernel(const int64_t *x, int64_t n, const char *w, int dt, char *out) {
  THC_GRID_STRIDE(i, n) {
    int64_t b = x[i];
    if (!w) atomicAdd((unsigned long long *)out + b, 1ull);
    else if (dt == TH_Float32) atomicAdd((float *)out + b, ((const float *)w)[i]);
    else atomicAdd((double *)out + b, ((const double *)w)[i]);
  }
}

}  // namespace

extern "C" int THCIdx_launchSearch(void *stream, const void *bd, const int64_t *sorter, int64_t nb, int64_t rowsB, const void *values,
                                   int64_t nv, int64_t total, int right, int integral, int64_t *res) {
  if (total <= 0) return 0;
  cudaStream_t s = (cudaStream_t)stream;
  if (integral)
    THC_LAUNCH(searchKernel<int64_t>, gridFor(total), kThreads, 0, s, (const int64_t *)bd, sorter, nb, rowsB, (const int64_t *)values, nv,
                                                              total, right, res);
  else
    THC_LAUNCH(searchKernel<double>, gridFor(total), kThreads, 0, s, (const double *)bd, sorter, nb, rowsB, (const double *)values, nv, total,
                                                             right, res);
  return launchStatus();
}

extern "C" int THCIdx_minMax(THCState *state, THCStream *stream, const THCIdxGeom *g, int64_t n, const char *a, int dt, double *lo,
                             double *hi, int *hasNan) {
  *lo = INFINITY;
  *hi = -INFINITY;
  *hasNan = 0;
  if (n <= 0) return 0;
  cudaStream_t s = (cudaStream_t)THCStream_handle(stream);
  unsigned long long *buf = (unsigned long long *)THCCachingAllocator_malloc(state, 3 * sizeof(unsigned long long), stream);
  if (!buf) return THC_IDX_FAILED;
  unsigned long long host[3] = {~0ull, 0, 0};
  int rc = (int)cudaMemcpyAsync(buf, host, sizeof host, cudaMemcpyHostToDevice, s);
  if (!rc) {
    THC_LAUNCH(minMaxKernel, gridFor(n), kThreads, 0, s, *g, n, a, dt, buf);
    rc = launchStatus();
  }
  if (!rc) rc = (int)cudaMemcpyAsync(host, buf, sizeof host, cudaMemcpyDeviceToHost, s);
  if (!rc) rc = (int)cudaStreamSynchronize(s);
  THCCachingAllocator_free(state, buf);
  if (rc) return rc;
  unsigned long long kl = host[0], kh = host[1];
  unsigned long long ul = (kl & 0x8000000000000000ull) ? kl & 0x7FFFFFFFFFFFFFFFull : ~kl;
  unsigned long long uh = (kh & 0x8000000000000000ull) ? kh & 0x7FFFFFFFFFFFFFFFull : ~kh;
  memcpy(lo, &ul, sizeof *lo);
  memcpy(hi, &uh, sizeof *hi);
  *hasNan = host[2] != 0;
  return 0;
}

extern "C" int THCIdx_launchHistc(void *stream, const THCIdxGeom *g, int64_t n, const char *a, int dt, int64_t bins, double lo,
                                  double hi, int64_t *hist) {
  if (n <= 0) return 0;
  cudaStream_t s = (cudaStream_t)stream;
  if (dt == TH_Float32)
    THC_LAUNCH(histcKernel<float>, gridFor(n), kThreads, 0, s, *g, n, (const float *)a, bins, (float)lo, (float)hi, (unsigned long long *)hist);
  else
    THC_LAUNCH(histcKernel<double>, gridFor(n), kThreads, 0, s, *g, n, (const double *)a, bins, lo, hi, (unsigned long long *)hist);
  return launchStatus();
}

extern "C" int THCIdx_minMaxInt64(THCState *state, THCStream *stream, const THCIdxGeom *g, int64_t n, const int64_t *a, int64_t *lo,
                                  int64_t *hi) {
  *lo = INT64_MAX;
  *hi = INT64_MIN;
  if (n <= 0) return 0;
  cudaStream_t s = (cudaStream_t)THCStream_handle(stream);
  long long *buf = (long long *)THCCachingAllocator_malloc(state, 2 * sizeof(long long), stream);
  if (!buf) return THC_IDX_FAILED;
  long long host[2] = {LLONG_MAX, LLONG_MIN};
  int rc = (int)cudaMemcpyAsync(buf, host, sizeof host, cudaMemcpyHostToDevice, s);
  if (!rc) {
    THC_LAUNCH(minMaxInt64Kernel, gridFor(n), kThreads, 0, s, *g, n, a, buf);
    rc = launchStatus();
  }
  if (!rc) rc = (int)cudaMemcpyAsync(host, buf, sizeof host, cudaMemcpyDeviceToHost, s);
  if (!rc) rc = (int)cudaStreamSynchronize(s);
  THCCachingAllocator_free(state, buf);
  if (rc) return rc;
  *lo = host[0];
  *hi = host[1];
  return 0;
}

extern "C" int THCIdx_launchBincount(void *stream, const int64_t *x, int64_t n, const char *w, int dt, char *out) {
  if (n <= 0) return 0;
  THC_LAUNCH(bincountKernel, gridFor(n), kThreads, 0, stream, x, n, w, dt, out);
  return launchStatus();
}
