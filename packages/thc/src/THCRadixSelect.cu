/* Radix select over slices: rather than sorting whole slices, find each slice's k-th key and use
 * it. topk keeps the k elements a stable sort would put first, so that THCSort.c sorts only those;
 * kthvalue and median (slices longer than a block sorts) take the k-th element itself.
 *
 * Keys are libTH's order keys (THCIndexKernels.cuh), flipped for topk's largest, so the k smallest
 * keys win. The select takes the k-th key 8 bits at a time from the top: a histogram of the next
 * digit over the elements that match the digits found so far, then the digit whose bucket holds
 * the k-th. Then the k-th key is known, and so is how many elements equal to it come first in a
 * stable sort: the first ones in index order. Counts per chunk of the elements below and equal to
 * the k-th key, and their prefix per slice, tell each element its place among them, so that:
 * - topk writes each slice's winners in index order (sorting them stably keeps ties in order too);
 * - kthvalue and median write the element equal to the k-th key with the right number of equal
 *   ones before it, as a stable sort orders ties. median's k depends on the slice's NaNs, which
 *   a first pass counts.
 *
 * A slice is cut into chunks of a block each, so that one long slice fills the GPU; slices go in
 * batches, which bounds the scratch (256 counts a slice). Counts are 32-bit: slices are shorter
 * than 2^32 (the entry points refuse longer ones). */
#include "THCIndexKernels.cuh"

using namespace thcidx;

namespace {

constexpr int kRadix = 256;
/* a block takes at least this many elements of a slice */
constexpr int64_t kMinChunk = 4096;
/* blocks a pass aims at, and slices a batch takes at most */
constexpr int64_t kTargetBlocks = 4096;
#ifdef THC_EMU
constexpr int64_t kBatchSlices = 16; /* the emulator's tests are small: they cross batches too */
#else
constexpr int64_t kBatchSlices = 16384;
#endif

/* A slice's select so far: the digits found (prefix, under mask), and how many of the elements that
 * match them still belong to the top k. */
struct SelectState {
  unsigned long long prefix, mask;
  long long need;
};

/* The slices [m0, m0 + nb), each cut into `chunks` chunks of chunkLen elements. */
struct Batch {
  int64_t m0, nb, chunks, chunkLen;
};

/* The block's chunk b of the batch: its slice (q in the batch), and its elements [j0, j1). */
struct Chunk {
  int64_t q, m, j0, j1, base;
};

__device__ __forceinline__ Chunk chunkOf(const THCSortArgs &s, const Batch &bt, int64_t b) {
  Chunk c;
  c.q = b / bt.chunks;
  c.m = bt.m0 + c.q;
  c.j0 = (b - c.q * bt.chunks) * bt.chunkLen;
  c.j1 = c.j0 + bt.chunkLen < s.n ? c.j0 + bt.chunkLen : s.n;
  int64_t off[1];
  iterOffsets<1>(s.outer, c.m, off);
  c.base = off[0];
  return c;
}

/* element j's key, in the order where the top k come first */
__device__ __forceinline__ unsigned long long keyAt(const THCSortArgs &s, int es, const Chunk &c, int64_t j,
                                                    unsigned long long flip) {
  return keyWide(s.a + (c.base + j * s.steps[0]) * es, s.dt, es) ^ flip;
}

__device__ __forceinline__ unsigned long long flipOf(const THCSortArgs &s, int es) { return s.descending ? nanKeyWide(es) : 0; }

#define THC_FOR_CHUNKS(b, bt) for (int64_t b = blockIdx.x; b < (bt).nb * (bt).chunks; b += gridDim.x)

__global__ void selectInitKernel(SelectState *st, int64_t nb, int64_t k) {
  THC_GRID_STRIDE(q, nb) st[q] = SelectState{0, 0, k};
}

/* hist[q][d]: elements of slice q that match the digits found, whose digit at `shift` is d */
__global__ void __launch_bounds__(kThreads) selectHistKernel(THCSortArgs s, int es, Batch bt, int shift, const SelectState *st,
                                                             unsigned *hist) {
  __shared__ unsigned h[kRadix];
  const unsigned long long flip = flipOf(s, es);
  THC_FOR_CHUNKS(b, bt) {
    for (int i = threadIdx.x; i < kRadix; i += blockDim.x) h[i] = 0;
    __syncthreads();
    const Chunk c = chunkOf(s, bt, b);
    const SelectState sel = st[c.q];
    for (int64_t j = c.j0 + threadIdx.x; j < c.j1; j += blockDim.x) {
      unsigned long long key = keyAt(s, es, c, j, flip);
      if ((key & sel.mask) == sel.prefix) atomicAdd(&h[(key >> shift) & (kRadix - 1)], 1u);
    }
    __syncthreads();
    for (int i = threadIdx.x; i < kRadix; i += blockDim.x)
      if (h[i]) atomicAdd(&hist[c.q * kRadix + i], h[i]);
    __syncthreads();
  }
}

/* A warp per slice: the digit whose bucket holds the need-th matching element; clears hist for the
 * next digit. Lane l holds buckets [8l, 8l + 8). */
__global__ void selectDigitKernel(int64_t nb, int shift, SelectState *st, unsigned *hist) {
  const int lane = threadIdx.x & 31, per = kRadix / 32;
  const int64_t warps = (int64_t)gridDim.x * (blockDim.x >> 5);
  for (int64_t q = (int64_t)blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5); q < nb; q += warps) {
    /* every lane reads the state before the winning lane writes it */
    SelectState sel = st[q];
    unsigned *h = hist + q * kRadix + lane * per;
    unsigned c[per];
    long long sum = 0;
#pragma unroll
    for (int i = 0; i < per; i++) {
      c[i] = h[i];
      sum += c[i];
      h[i] = 0;
    }
    long long incl = sum;
#pragma unroll
    for (int o = 1; o < 32; o <<= 1) {
      long long u = __shfl_up_sync(0xFFFFFFFFu, incl, o);
      if (lane >= o) incl += u;
    }
    __syncwarp();
    /* the one lane whose buckets span the need-th element */
    if (incl - sum < sel.need && sel.need <= incl) {
      long long need = sel.need - (incl - sum);
      int d = 0;
      while (d < per - 1 && need > c[d]) need -= c[d++];
      sel.prefix |= (unsigned long long)(lane * per + d) << shift;
      sel.mask |= (unsigned long long)(kRadix - 1) << shift;
      sel.need = need;
      st[q] = sel;
    }
  }
}

/* counts of a chunk's elements below the k-th key (low 32 bits) and equal to it (high 32 bits) */
__device__ __forceinline__ int64_t packedCount(bool below, bool equal) { return (int64_t)below | ((int64_t)equal << 32); }

__global__ void __launch_bounds__(kThreads) selectCountKernel(THCSortArgs s, int es, Batch bt, const SelectState *st, int64_t *cnt) {
  __shared__ int64_t smem[32];
  const unsigned long long flip = flipOf(s, es);
  THC_FOR_CHUNKS(b, bt) {
    const Chunk c = chunkOf(s, bt, b);
    const unsigned long long kth = st[c.q].prefix;
    int64_t v = 0;
    for (int64_t j = c.j0 + threadIdx.x; j < c.j1; j += blockDim.x) {
      unsigned long long key = keyAt(s, es, c, j, flip);
      v += packedCount(key < kth, key == kth);
    }
    v = blockInclusiveSum(v, smem);
    if (threadIdx.x == blockDim.x - 1) cnt[b] = v;
  }
}

/* A block per slice: cnt becomes the exclusive prefix of the counts of its chunks. */
__global__ void __launch_bounds__(kThreads) selectScanKernel(Batch bt, int64_t *cnt) {
  __shared__ int64_t smem[32];
  __shared__ int64_t total;
  for (int64_t q = blockIdx.x; q < bt.nb; q += gridDim.x) {
    int64_t *row = cnt + q * bt.chunks, carry = 0;
    for (int64_t t = 0; t < bt.chunks; t += blockDim.x) {
      const int64_t i = t + threadIdx.x;
      const int64_t v = i < bt.chunks ? row[i] : 0;
      const int64_t incl = blockInclusiveSum(v, smem);
      if (i < bt.chunks) row[i] = carry + incl - v;
      if (threadIdx.x == blockDim.x - 1) total = incl;
      __syncthreads();
      carry += total;
      __syncthreads();
    }
  }
}

/* Each slice's winners, in index order, to row m of sv (values) and sp (positions): the elements
 * below the k-th key, and the first `need` equal to it. A winner's slot is the number of winners
 * before it: those below, and the equal ones up to need. */
__global__ void __launch_bounds__(kThreads) selectWriteKernel(THCSortArgs s, int es, Batch bt, const SelectState *st,
                                                              const int64_t *cnt, char *sv, int64_t *sp) {
  __shared__ int64_t smem[32];
  __shared__ int64_t total;
  const unsigned long long flip = flipOf(s, es);
  const int64_t k = s.outLen;
  THC_FOR_CHUNKS(b, bt) {
    const Chunk c = chunkOf(s, bt, b);
    const unsigned long long kth = st[c.q].prefix;
    const int64_t need = st[c.q].need;
    int64_t carry = cnt[b];
    for (int64_t t = c.j0; t < c.j1; t += blockDim.x) {
      const int64_t j = t + threadIdx.x;
      unsigned long long key = j < c.j1 ? keyAt(s, es, c, j, flip) : ~0ull;
      const bool below = j < c.j1 && key < kth, equal = j < c.j1 && key == kth;
      const int64_t v = packedCount(below, equal), incl = blockInclusiveSum(v, smem), before = carry + incl - v;
      const int64_t belowBefore = before & 0xFFFFFFFFll, equalBefore = before >> 32;
      if (below || (equal && equalBefore < need)) {
        const int64_t slot = c.m * k + belowBefore + (equalBefore < need ? equalBefore : need);
        sp[slot] = j;
        copyElem(sv + slot * es, s.a + (c.base + j * s.steps[0]) * es, es);
      }
      if (threadIdx.x == blockDim.x - 1) total = incl;
      __syncthreads();
      carry += total;
      __syncthreads();
    }
  }
}

/* The k-th element of each slice in a stable sort, k being the select's need-th element equal to
 * the k-th key: its value and position to values and indices (operands 1 and 2 of s.outer). */
__global__ void __launch_bounds__(kThreads) selectKthWriteKernel(THCSortArgs s, int es, Batch bt, const SelectState *st,
                                                                 const int64_t *cnt) {
  __shared__ int64_t smem[32];
  __shared__ int64_t total;
  THC_FOR_CHUNKS(b, bt) {
    const Chunk c = chunkOf(s, bt, b);
    const unsigned long long kth = st[c.q].prefix;
    const int64_t need = st[c.q].need;
    int64_t carry = cnt[b] >> 32; /* equal elements in the slice's earlier chunks */
    for (int64_t t = c.j0; t < c.j1 && carry < need; t += blockDim.x) {
      const int64_t j = t + threadIdx.x;
      const bool equal = j < c.j1 && keyAt(s, es, c, j, 0) == kth;
      const int64_t incl = blockInclusiveSum(equal, smem);
      if (equal && carry + incl == need) {
        int64_t off[3];
        iterOffsets<3>(s.outer, c.m, off);
        copyElem(s.values + off[1] * es, s.a + (c.base + j * s.steps[0]) * es, es);
        s.indices[off[2]] = j;
      }
      if (threadIdx.x == blockDim.x - 1) total = incl;
      __syncthreads();
      carry += total;
      __syncthreads();
    }
  }
}

/* median: each slice's NaNs, added to its need (selectInitKernel set it to 0) */
__global__ void __launch_bounds__(kThreads) selectNanCountKernel(THCSortArgs s, int es, Batch bt, SelectState *st) {
  __shared__ int64_t smem[32];
  const unsigned long long nan = nanKeyWide(es);
  THC_FOR_CHUNKS(b, bt) {
    const Chunk c = chunkOf(s, bt, b);
    int64_t v = 0;
    for (int64_t j = c.j0 + threadIdx.x; j < c.j1; j += blockDim.x) v += keyAt(s, es, c, j, 0) == nan;
    v = blockInclusiveSum(v, smem);
    if (threadIdx.x == blockDim.x - 1 && v) atomicAdd((unsigned long long *)&st[c.q].need, (unsigned long long)v);
  }
}

/* median's k from the slice's NaNs (in need), as libTH picks: the first NaN where median sees one,
 * the first element where all are NaN, else the lower middle of the others */
__global__ void selectMedianKKernel(SelectState *st, int64_t nb, int64_t n, int ignoreNan) {
  THC_GRID_STRIDE(q, nb) {
    const long long nans = st[q].need;
    st[q].need = !ignoreNan && nans > 0 ? n - nans + 1 : nans == n ? 1 : (n - nans - 1) / 2 + 1;
  }
}

/* indices (written by the sort of the rows of sv: positions in those rows) become positions in
 * the input slices */
__global__ void topkPositionsKernel(THCSortArgs r, const int64_t *sp) {
  THC_GRID_STRIDE(p, r.count * r.outLen) {
    const int64_t m = p / r.outLen, o = p - m * r.outLen;
    int64_t off[3];
    iterOffsets<3>(r.outer, m, off);
    int64_t *dst = r.indices + off[2] + o * r.steps[2];
    *dst = sp[m * r.n + *dst];
  }
}


/* The select's passes over the slices of s, batch by batch: start(st, bt, blocks) sets each slice's
 * k (need), then the digits give the k-th keys, the counts and their prefix follow, and
 * finish(st, cnt, bt, blocks) uses them. */
template <typename Start, typename Finish>
int selectSlices(THCState *state, THCStream *stream, const THCSortArgs *s, Start start, Finish finish) {
  if (s->count <= 0 || s->n <= 0) return 0;
  if (s->n >= ((int64_t)1 << 32)) return (int)cudaErrorInvalidValue;
  cudaStream_t cs = (cudaStream_t)THCStream_handle(stream);
  const int es = (int)THDType_size((THDType)s->dt);
  /* chunks per slice: enough blocks for the GPU, each at least kMinChunk long */
  int64_t chunks = (s->n + kMinChunk - 1) / kMinChunk, fill = kTargetBlocks / (s->count < kTargetBlocks ? s->count : kTargetBlocks);
  if (chunks > fill) chunks = fill;
  if (chunks < 1) chunks = 1;
  const int64_t chunkLen = (s->n + chunks - 1) / chunks;
  chunks = (s->n + chunkLen - 1) / chunkLen;
  const int64_t nbMax = s->count < kBatchSlices ? s->count : kBatchSlices;
  Scratch sc = {state, stream, {nullptr}, 0};
  SelectState *st = (SelectState *)sc.get(sizeof(SelectState) * (size_t)nbMax);
  unsigned *hist = (unsigned *)sc.get(sizeof(unsigned) * kRadix * (size_t)nbMax);
  int64_t *cnt = (int64_t *)sc.get(sizeof(int64_t) * (size_t)(nbMax * chunks));
  if (!st || !hist || !cnt) return THC_IDX_FAILED;
  int rc = (int)cudaMemsetAsync(hist, 0, sizeof(unsigned) * kRadix * (size_t)nbMax, cs);
  for (int64_t m0 = 0; !rc && m0 < s->count; m0 += nbMax) {
    const Batch bt = {m0, s->count - m0 < nbMax ? s->count - m0 : nbMax, chunks, chunkLen};
    const unsigned blocks = gridFor(bt.nb * chunks, 1), warpBlocks = gridFor(bt.nb * 32);
    rc = start(st, bt, blocks);
    for (int shift = 8 * es - 8; !rc && shift >= 0; shift -= 8) {
      THC_LAUNCH(selectHistKernel, blocks, kThreads, 0, cs, *s, es, bt, shift, st, hist);
      if ((rc = launchStatus())) break;
      THC_LAUNCH(selectDigitKernel, warpBlocks, kThreads, 0, cs, bt.nb, shift, st, hist);
      rc = launchStatus();
    }
    if (rc) break;
    THC_LAUNCH(selectCountKernel, blocks, kThreads, 0, cs, *s, es, bt, st, cnt);
    if ((rc = launchStatus())) break;
    THC_LAUNCH(selectScanKernel, gridFor(bt.nb, 1), kThreads, 0, cs, bt, cnt);
    if ((rc = launchStatus())) break;
    rc = finish(st, cnt, bt, blocks);
  }
  return rc;
}

}  // namespace

extern "C" int THCIdx_selectTopk(THCState *state, THCStream *stream, const THCSortArgs *s, char *sv, int64_t *sp) {
  if (s->outLen <= 0) return 0;
  cudaStream_t cs = (cudaStream_t)THCStream_handle(stream);
  const int es = (int)THDType_size((THDType)s->dt);
  return selectSlices(
      state, stream, s,
      [&](SelectState *st, const Batch &bt, unsigned) {
        THC_LAUNCH(selectInitKernel, gridFor(bt.nb), kThreads, 0, cs, st, bt.nb, s->outLen);
        return launchStatus();
      },
      [&](const SelectState *st, const int64_t *cnt, const Batch &bt, unsigned blocks) {
        THC_LAUNCH(selectWriteKernel, blocks, kThreads, 0, cs, *s, es, bt, st, cnt, sv, sp);
        return launchStatus();
      });
}

/* kthvalue (k >= 1) or, with k = 0, median (nanmedian with ignoreNan) */
static int selectOne(THCState *state, THCStream *stream, const THCSortArgs *s, int64_t k, int ignoreNan) {
  cudaStream_t cs = (cudaStream_t)THCStream_handle(stream);
  const int es = (int)THDType_size((THDType)s->dt);
  return selectSlices(
      state, stream, s,
      [&](SelectState *st, const Batch &bt, unsigned blocks) {
        THC_LAUNCH(selectInitKernel, gridFor(bt.nb), kThreads, 0, cs, st, bt.nb, k);
        int rc = launchStatus();
        if (k > 0 || rc) return rc;
        if (isFloatingDt(s->dt)) {
          THC_LAUNCH(selectNanCountKernel, blocks, kThreads, 0, cs, *s, es, bt, st);
          if ((rc = launchStatus())) return rc;
        }
        THC_LAUNCH(selectMedianKKernel, gridFor(bt.nb), kThreads, 0, cs, st, bt.nb, s->n, ignoreNan);
        return launchStatus();
      },
      [&](const SelectState *st, const int64_t *cnt, const Batch &bt, unsigned blocks) {
        THC_LAUNCH(selectKthWriteKernel, blocks, kThreads, 0, cs, *s, es, bt, st, cnt);
        return launchStatus();
      });
}

extern "C" int THCIdx_selectKth(THCState *state, THCStream *stream, const THCSortArgs *s, int64_t k) {
  return k < 1 || k > s->n ? (int)cudaErrorInvalidValue : selectOne(state, stream, s, k, 0);
}

extern "C" int THCIdx_selectMedian(THCState *state, THCStream *stream, const THCSortArgs *s, int ignoreNan) {
  return selectOne(state, stream, s, 0, ignoreNan);
}

extern "C" int THCIdx_launchTopkPositions(void *stream, const THCSortArgs *r, const int64_t *sp) {
  const int64_t total = r->count * r->outLen;
  if (total <= 0 || !r->indices) return 0;
  THC_LAUNCH(topkPositionsKernel, gridFor(total), kThreads, 0, stream, *r, sp);
  return launchStatus();
}
