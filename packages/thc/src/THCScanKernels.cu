/* Scans along one dim (cumsum, cumprod, cummax, cummin); see THCReduceImpl.h for the shapes.
 * A scan op: in_t, acc_t, identity(), make(x, index), combine(earlier, later) (associative, not
 * necessarily commutative), value(acc) -> in_t, and hasIdx/index(acc) for the int64 indices. */
#include "THCReduceKernels.cuh"

namespace thcr {

/* running sum or product (prod != 0), accumulated as reductions do; bool results store acc != 0 */
template <typename T> struct ScanAccumOp {
  typedef T in_t;
  typedef typename SumAcc<T>::type acc_t;
  static const bool hasIdx = false;
  int prod, outBool;
  __device__ __forceinline__ acc_t identity() const { return prod ? acc_t(1) : acc_t(0); }
  __device__ __forceinline__ acc_t make(T x, i64) const { return (acc_t)toVal(x); }
  __device__ __forceinline__ acc_t combine(acc_t a, acc_t b) const { return prod ? a * b : a + b; }
  __device__ __forceinline__ T value(acc_t a) const {
    if constexpr (IsInt<T>::value) return outBool ? (T)(a != 0 ? 1 : 0) : (T)(i64)a;
    else return fromVal<T>(a);
  }
  __device__ __forceinline__ i64 index(acc_t) const { return 0; }
};

/* running max/min with its index: the later element wins ties, a NaN wins over numbers and a later
 * NaN over an earlier one (TH's `x >= best || isnan(x)` while best is not NaN) */
template <typename T> struct ScanExtOp {
  typedef T in_t;
  typedef typename Val<T>::type V;
  struct acc_t {
    V v;
    i64 idx; /* -1: identity */
  };
  static const bool hasIdx = true;
  int isMin;
  __device__ __forceinline__ acc_t identity() const { return acc_t{V(0), -1}; }
  __device__ __forceinline__ acc_t make(T x, i64 i) const { return acc_t{toVal(x), i}; }
  __device__ __forceinline__ acc_t combine(acc_t a, acc_t b) const {
    if (b.idx < 0) return a;
    if (a.idx < 0) return b;
    const bool take = isNan(b.v) || (!isNan(a.v) && (isMin ? b.v <= a.v : b.v >= a.v));
    return take ? b : a;
  }
  __device__ __forceinline__ T value(acc_t a) const { return fromVal<T>(a.v); }
  __device__ __forceinline__ i64 index(acc_t a) const { return a.idx; }
};

__device__ __forceinline__ void lineOffsets(const THCScanPlan &p, i64 line, i64 &in, i64 &out, i64 &idx) {
  in = 0;
  out = 0;
  idx = 0;
#pragma unroll 1
  for (int d = 0; d < p.nl; d++) {
    const i64 s = p.lshape[d];
    const i64 c = line % s;
    line /= s;
    in += c * p.lin[d];
    out += c * p.lout[d];
    idx += c * p.lidx[d];
  }
}

/* Exclusive scan of v over each block row (bdx threads, a power of two): excl gets the combination
 * of the lanes before this one, total that of the whole row. Every thread of the block calls it,
 * and the block has whole warps (bdx * bdy >= 32: full-mask shuffles are defined). smem:
 * bdy * (bdx / 32) accumulators when bdx > 32. */
template <class S>
__device__ __forceinline__ void rowScan(const S &op, typename S::acc_t v, typename S::acc_t &excl,
                                        typename S::acc_t &total, typename S::acc_t *smem) {
  typedef typename S::acc_t acc_t;
  const int bdx = blockDim.x, tx = threadIdx.x;
  if (bdx == 1) {
    excl = op.identity();
    total = v;
    return;
  }
  const int w = bdx < 32 ? bdx : 32;
  const int lane = tx & (w - 1);
  for (int off = 1; off < w; off <<= 1) {
    const acc_t y = shflUp(v, off, w);
    if (lane >= off) v = op.combine(y, v);
  }
  acc_t e = shflUp(v, 1, w);
  if (lane == 0) e = op.identity();
  if (bdx <= 32) {
    excl = e;
    total = shflIdx(v, w - 1, w);
    return;
  }
  const int nw = bdx >> 5, warp = tx >> 5;
  acc_t *s = smem + threadIdx.y * nw;
  if (lane == 31) s[warp] = v;
  __syncthreads();
  if (warp == 0) {
    acc_t t = lane < nw ? s[lane] : op.identity();
    for (int off = 1; off < 32; off <<= 1) {
      const acc_t y = shflUp(t, off, 32);
      if (lane >= off) t = op.combine(y, t);
    }
    if (lane < nw) s[lane] = t;
  }
  __syncthreads();
  const acc_t wp = warp > 0 ? s[warp - 1] : op.identity();
  total = s[nw - 1];
  excl = op.combine(wp, e);
  __syncthreads(); /* s is free again */
}

/* Inner scans: block (bdx, bdy), grid (gx, nchunks). Row ty of a block scans line g * bdy + ty,
 * chunk blockIdx.y, a tile of bdx * ITEMS elements at a time (each thread ITEMS consecutive ones)
 * with a running carry. aggregate: only the chunk's total goes to partials. */
template <class S>
__global__ void __launch_bounds__(512) scanInnerKernel(const THCScanPlan p, const S op, const int aggregate) {
  typedef typename S::acc_t acc_t;
  typedef typename S::in_t T;
  const int ITEMS = THC_SCAN_ITEMS;
  typedef AlignedVec<T, THC_SCAN_ITEMS> Vec;
  acc_t *smem = reinterpret_cast<acc_t *>(thcr_smem);
  acc_t *part = static_cast<acc_t *>(p.partials);
  const T *in = static_cast<const T *>(p.in);
  T *out = static_cast<T *>(p.out);
  const int tx = threadIdx.x, ty = threadIdx.y, bdx = blockDim.x, bdy = blockDim.y;
  const i64 c = blockIdx.y;
  const i64 cb = c * p.chunkLen;
  const i64 ce = p.n < cb + p.chunkLen ? p.n : cb + p.chunkLen;
  const i64 tile = (i64)bdx * ITEMS;
  for (i64 g = blockIdx.x; g < p.ngroups; g += gridDim.x) {
    const i64 line = g * bdy + ty;
    const bool valid = line < p.nlines;
    i64 inB = 0, outB = 0, idxB = 0;
    if (valid) lineOffsets(p, line, inB, outB, idxB);
    acc_t carry = op.identity();
    if (!aggregate && p.nchunks > 1 && valid) carry = part[line * p.nchunks + c];
    for (i64 t0 = cb; t0 < ce; t0 += tile) {
      const i64 i0 = t0 + (i64)tx * ITEMS;
      acc_t it[THC_SCAN_ITEMS];
      if (valid && p.vecIn && i0 + ITEMS <= ce) {
        const Vec v = *reinterpret_cast<const Vec *>(in + inB + i0);
#pragma unroll
        for (int k = 0; k < ITEMS; k++) it[k] = op.make(v.v[k], i0 + k);
      } else {
#pragma unroll
        for (int k = 0; k < ITEMS; k++)
          it[k] = valid && i0 + k < ce ? op.make(in[inB + (i0 + k) * p.sIn], i0 + k) : op.identity();
      }
#pragma unroll
      for (int k = 1; k < ITEMS; k++) it[k] = op.combine(it[k - 1], it[k]);
      acc_t excl, total;
      rowScan(op, it[ITEMS - 1], excl, total, smem);
      if (!aggregate && valid) {
        const acc_t pre = op.combine(carry, excl);
        if (p.vecOut && i0 + ITEMS <= ce) {
          Vec v;
#pragma unroll
          for (int k = 0; k < ITEMS; k++) {
            const acc_t a = op.combine(pre, it[k]);
            v.v[k] = op.value(a);
            if (S::hasIdx) p.idx[idxB + (i0 + k) * p.sIdx] = op.index(a);
          }
          *reinterpret_cast<Vec *>(out + outB + i0) = v;
        } else {
#pragma unroll
          for (int k = 0; k < ITEMS; k++) {
            if (i0 + k < ce) {
              const acc_t a = op.combine(pre, it[k]);
              out[outB + (i0 + k) * p.sOut] = op.value(a);
              if (S::hasIdx) p.idx[idxB + (i0 + k) * p.sIdx] = op.index(a);
            }
          }
        }
      }
      carry = op.combine(carry, total);
    }
    if (aggregate && valid && tx == 0) part[line * p.nchunks + c] = carry;
  }
}

/* Outer scans: one thread per line (x), grid (gx, nchunks); the thread walks its chunk in order. */
template <class S>
__global__ void __launch_bounds__(256) scanOuterKernel(const THCScanPlan p, const S op, const int aggregate) {
  typedef typename S::acc_t acc_t;
  typedef typename S::in_t T;
  acc_t *part = static_cast<acc_t *>(p.partials);
  const T *in = static_cast<const T *>(p.in);
  T *out = static_cast<T *>(p.out);
  const i64 c = blockIdx.y;
  const i64 cb = c * p.chunkLen;
  const i64 ce = p.n < cb + p.chunkLen ? p.n : cb + p.chunkLen;
  const i64 step = (i64)gridDim.x * blockDim.x;
  for (i64 line = (i64)blockIdx.x * blockDim.x + threadIdx.x; line < p.nlines; line += step) {
    i64 inB, outB, idxB;
    lineOffsets(p, line, inB, outB, idxB);
    acc_t carry = op.identity();
    if (!aggregate && p.nchunks > 1) carry = part[line * p.nchunks + c];
    /* two loads in flight; in place, element i is read before it is written and by this thread only */
    for (i64 i = cb; i < ce; i += 2) {
      T xs[2];
#pragma unroll
      for (int k = 0; k < 2; k++)
        if (i + k < ce) xs[k] = in[inB + (i + k) * p.sIn];
#pragma unroll
      for (int k = 0; k < 2; k++) {
        if (i + k < ce) {
          carry = op.combine(carry, op.make(xs[k], i + k));
          if (!aggregate) {
            out[outB + (i + k) * p.sOut] = op.value(carry);
            if (S::hasIdx) p.idx[idxB + (i + k) * p.sIdx] = op.index(carry);
          }
        }
      }
    }
    if (aggregate) part[line * p.nchunks + c] = carry;
  }
}

/* Between the passes of chunked scans: each line's chunk totals become their exclusive prefixes. */
template <class S> __global__ void __launch_bounds__(256) scanChunkPrefixKernel(const THCScanPlan p, const S op) {
  typedef typename S::acc_t acc_t;
  acc_t *part = static_cast<acc_t *>(p.partials);
  const i64 step = (i64)gridDim.x * blockDim.x;
  for (i64 line = (i64)blockIdx.x * blockDim.x + threadIdx.x; line < p.nlines; line += step) {
    acc_t *a = part + line * p.nchunks;
    acc_t run = op.identity();
    for (int c = 0; c < p.nchunks; c++) {
      const acc_t t = a[c];
      a[c] = run;
      run = op.combine(run, t);
    }
  }
}

template <class S> int launchScan(THCState *state, THCStream *stream, const THCScanPlan *plan, const S &op) {
  typedef typename S::acc_t acc_t;
  THCScanPlan p = *plan;
  cudaStream_t s = (cudaStream_t)THCStream_handle(stream);
  void *scratch = NULL;
  if (p.nchunks > 1) {
    scratch = THCCachingAllocator_malloc(state, (size_t)p.nlines * (size_t)p.nchunks * sizeof(acc_t), stream);
    if (!scratch) return TH_ERR;
  }
  p.partials = scratch;
  const dim3 grid(p.gx, p.nchunks), block(p.bdx, p.bdy);
  const size_t smem = p.inner && p.bdx > 32 ? (size_t)p.bdy * (size_t)(p.bdx / 32) * sizeof(acc_t) : 0;
  cudaError_t err = cudaSuccess;
  for (int pass = p.nchunks > 1 ? 0 : 1; pass < 2 && err == cudaSuccess; pass++) {
    const int aggregate = pass == 0;
    if (p.inner) THC_LAUNCH(scanInnerKernel<S>, grid, block, smem, s, p, op, aggregate);
    else THC_LAUNCH(scanOuterKernel<S>, grid, block, 0, s, p, op, aggregate);
    err = cudaGetLastError();
    if (err == cudaSuccess && aggregate) {
      int64_t blocks = (p.nlines + 255) / 256;
      if (blocks > 65536) blocks = 65536;
      THC_LAUNCH(scanChunkPrefixKernel<S>, dim3((unsigned)blocks), dim3(256), 0, s, p, op);
      err = cudaGetLastError();
    }
  }
  if (scratch) THCCachingAllocator_free(state, scratch);
  return err == cudaSuccess ? TH_OK : THCError(err, "scan kernel launch");
}

} // namespace thcr

extern "C" int THCScan_launch(THCState *state, THCStream *stream, THDType t, THCScanPlan *p) {
  using namespace thcr;
  return dispatchStorage<thc::kAll>(t, "scan", [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (p->op == THC_SCAN_SUM || p->op == THC_SCAN_PROD)
      return launchScan(state, stream, p, ScanAccumOp<T>{p->op == THC_SCAN_PROD, p->outBool});
    return launchScan(state, stream, p, ScanExtOp<T>{p->op == THC_SCAN_MIN});
  });
}
