/* Plans of the reduction engine, its copies and its scans, from tensor metadata only (see
 * THCReduceImpl.h), and the launches under a device guard on the device's current stream. */
#include "THCInternal.h"
#include "THCReduceImpl.h"

#include <string.h>

/* Launch shapes aim at this many blocks per multiprocessor before splitting reduced ranges. */
#define THC_BLOCKS_PER_SM 4
/* Each thread reduces at least this many elements of a slice before a range is split further.
 * 64 rather than 16: rows of 4096 floats then take 64 threads each (bdy rows per block) instead of
 * a block of 256 per row, and the block combination costs less; on an H200 that took sum/amax/mean
 * over the rows of [4096,4096] from 28-29 us to 22.6-23 us (PyTorch 24.3), columns 52 -> 44 us. */
#define THC_MIN_PER_THREAD 64
/* Outer scans cut lines into chunks of at least this many elements. */
#define THC_SCAN_MIN_CHUNK 64
#define THC_MAX_GRID_X 0x7fffffff

static int smCount(int device) {
  static int cache[THC_MAX_DEVICES];
  int n = __atomic_load_n(&cache[device], __ATOMIC_RELAXED);
  if (n > 0) return n;
  if (cudaDeviceGetAttribute(&n, cudaDevAttrMultiProcessorCount, device) != cudaSuccess || n <= 0) {
    cudaGetLastError();
    n = 108;
  }
  __atomic_store_n(&cache[device], n, __ATOMIC_RELAXED);
  return n;
}

static int64_t np2(int64_t x) {
  int64_t r = 1;
  while (r < x) r <<= 1;
  return r;
}
static int64_t cdiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

/* Outputs per thread in outer mode: THC_REDUCE_OUTER_VEC when the innermost kept dim is
 * contiguous in the input and a multiple of it long, and every vector of it is aligned (the base
 * and all other input strides), else 1. */
static int outerVecWidth(const THCReducePlan *p, size_t elemSize) {
  const int v = THC_REDUCE_OUTER_VEC;
  const size_t bytes = elemSize * v < 16 ? elemSize * v : 16;
  if (p->kin[0] != 1 || p->kshape[0] % v || (uintptr_t)p->in % bytes) return 1;
  for (int i = 1; i < p->nk; i++)
    if (p->kin[i] % v) return 1;
  for (int i = 0; i < p->nr; i++)
    if (p->rin[i] % v) return 1;
  return v;
}

int THCReduce_hasKernel(THCReduceKind kind, THDType t) {
  if ((unsigned)t >= TH_NumDTypes) return 0;
  switch (kind) {
    case THC_RK_NANMEAN:
    case THC_RK_MOMENTS:
    case THC_RK_NORM:
    case THC_RK_LOGSUMEXP: return THDType_isFloating(t);
    default: return (unsigned)kind < THC_NumReduceKinds;
  }
}

/* runs launch(state, stream, ...) on `device`'s current stream under a device guard */
static int launchOn(THCState *state, int device, THCReduceKind kind, THDType t, THCReducePlan *p) {
  THCStream *stream = THCState_currentStream(state, device);
  if (!stream) return TH_ERR;
  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, device)) return TH_ERR;
  int rc;
  switch (kind) {
    case THC_RK_SUM:
    case THC_RK_NANMEAN:
    case THC_RK_PROD: rc = THCReduce_launchSum(state, stream, kind, t, p); break;
    case THC_RK_MAX:
    case THC_RK_MIN:
    case THC_RK_MINMAX: rc = THCReduce_launchMaxMin(state, stream, kind, t, p); break;
    case THC_RK_ARGMAX:
    case THC_RK_ARGMIN: rc = THCReduce_launchArg(state, stream, kind, t, p); break;
    default: rc = THCReduce_launchStats(state, stream, kind, t, p); break;
  }
  THCDeviceGuard_exit(&g);
  return rc;
}

int THCReduce_run(THCState *state, int device, const char *name, THCReduceKind kind, THTensor *out0, THTensor *out1,
                  const THTensor *in, const uint8_t *reduced, int keepdim, int logical, double p, int flags) {
  THDType t = THTensor_dtype(in);
  if (!THCReduce_hasKernel(kind, t)) return THError("%s: not implemented for '%s'", name, THDType_name(t));
  THCReducePlan pl;
  memset(&pl, 0, sizeof pl);
  THReduceLayout l;
  THReduce_layout(&l, in, reduced, keepdim, out0, out1, logical);
  if (l.nout == 0) return TH_OK;
  THTensor *outs[2] = {out0, out1};
  pl.in = THTensor_data(in);
  for (int i = 0; i < 2; i++) {
    pl.out[i] = outs[i] ? THTensor_data(outs[i]) : NULL;
    pl.outType[i] = outs[i] ? (int)THTensor_dtype(outs[i]) : (int)TH_Int64;
  }
  pl.nk = l.nk;
  pl.nr = l.nr;
  for (int i = 0; i < l.nk; i++) {
    pl.kshape[i] = l.kd[i].size;
    pl.kin[i] = l.kd[i].s[0];
    pl.kout[0][i] = l.kd[i].s[1];
    pl.kout[1][i] = l.kd[i].s[2];
  }
  for (int i = 0; i < l.nr; i++) {
    pl.rshape[i] = l.rd[i].size;
    pl.rin[i] = l.rd[i].s[0];
  }
  pl.nout = l.nout;
  pl.nred = l.nred;
  pl.p = p;
  pl.flags = flags;

  /* launch shape */
  const int64_t R = l.nred, O = l.nout, target = (int64_t)THC_BLOCKS_PER_SM * smCount(device);
  int64_t bdx, bdy, groups;
  pl.ovec = 1;
  if (R == 0) {
    pl.inner = 0;
    bdx = min64(256, np2(O));
    bdy = 1;
    groups = cdiv(O, bdx);
  } else {
    /* a kept dim fastest in memory: threads along x take neighbouring outputs */
    pl.inner = !(pl.kshape[0] > 1 && (pl.rshape[0] == 1 || pl.kin[0] < pl.rin[0]));
    if (pl.inner) {
      bdx = min64(512, np2(cdiv(R, THC_MIN_PER_THREAD)));
      bdy = bdx >= 256 ? 1 : min64(256 / bdx, np2(O));
      bdy = max64(bdy, 32 / bdx); /* whole warps: the block combination shuffles with full masks */
      groups = cdiv(O, bdy);
    } else {
      pl.ovec = outerVecWidth(&pl, THDType_size(t));
      bdx = min64(32, np2(cdiv(O, pl.ovec)));
      bdy = min64(np2(cdiv(R, THC_MIN_PER_THREAD / pl.ovec)), 512 / bdx);
      groups = cdiv(O, bdx * pl.ovec);
    }
  }
  pl.vec = pl.inner && R > 0 && l.nr == 1 && pl.rin[0] == 1;
  /* reduced indices a thread takes at least before the range is split further (in outer mode
   * each index loads ovec elements) */
  int64_t along = pl.inner ? bdx : bdy, perThread = THC_MIN_PER_THREAD / pl.ovec, gy = 1;
  if (R > 0 && groups < target) {
    /* few outputs: slices of the reduced range over grid.y, then a second pass */
    gy = min64(min64(cdiv(target, groups), cdiv(R, along * perThread)), 65535);
    gy = max64(gy, 1);
  }
  int64_t sliceLen = R;
  if (gy > 1) {
    sliceLen = cdiv(R, gy);
    if (pl.vec) sliceLen = cdiv(sliceLen, 8) * 8; /* slices of aligned rows start aligned */
    gy = cdiv(R, sliceLen);
  }
  pl.bdx = (int)bdx;
  pl.bdy = (int)bdy;
  pl.ngroups = groups;
  pl.gx = (int)min64(groups, THC_MAX_GRID_X);
  pl.gy = (int)gy;
  pl.sliceLen = sliceLen;
  pl.fbx = (int)min64(32, np2(O));
  pl.fby = (int)max64(1, min64(256 / pl.fbx, np2(gy)));
  pl.fgx = (int)min64(cdiv(O, pl.fbx), THC_MAX_GRID_X);
  return launchOn(state, device, kind, t, &pl);
}

int THCReduce_copy(THCState *state, int device, THTensor *dst, const THTensor *src) {
  THCCopyPlan pl;
  memset(&pl, 0, sizeof pl);
  pl.numel = THTensor_numel(dst);
  if (pl.numel == 0) return TH_OK;
  THReduceDim d[TH_MAX_DIMS];
  int n = 0;
  for (int i = THTensor_ndim(dst) - 1; i >= 0; i--) {
    int64_t size = THTensor_size(dst, i);
    if (size != 1) d[n++] = (THReduceDim){size, {THTensor_stride(dst, i), THTensor_stride(src, i), 0}};
  }
  THReduceDim_sort(d, n, 1);
  n = THReduceDim_coalesce(d, n);
  pl.ndim = n;
  for (int i = 0; i < n; i++) {
    pl.size[i] = d[i].size;
    pl.dstr[i] = d[i].s[0];
    pl.sstr[i] = d[i].s[1];
  }
  pl.src = THTensor_data(src);
  pl.dst = THTensor_data(dst);
  pl.srcType = (int)THTensor_dtype(src);
  pl.dstType = (int)THTensor_dtype(dst);
  THCStream *stream = THCState_currentStream(state, device);
  if (!stream) return TH_ERR;
  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, device)) return TH_ERR;
  int rc = THCReduce_launchCopy(stream, &pl);
  THCDeviceGuard_exit(&g);
  return rc;
}

static int aligned(const void *p, size_t a) { return ((uintptr_t)p % a) == 0; }

int THCScan_run(THCState *state, int device, int op, THTensor *out, THTensor *idx, const THTensor *in, int dim) {
  THCScanPlan pl;
  memset(&pl, 0, sizeof pl);
  const THDType t = THTensor_dtype(in);
  const int ndim = THTensor_ndim(in);
  pl.n = ndim ? THTensor_size(in, dim) : 1;
  pl.sIn = ndim ? THTensor_stride(in, dim) : 0;
  pl.sOut = ndim ? THTensor_stride(out, dim) : 0;
  pl.sIdx = ndim && idx ? THTensor_stride(idx, dim) : 0;
  THReduceDim ld[TH_MAX_DIMS];
  int nl = 0;
  int64_t nlines = 1;
  for (int d = ndim - 1; d >= 0; d--) {
    int64_t size = THTensor_size(in, d);
    if (d == dim) continue;
    nlines *= size;
    if (size != 1)
      ld[nl++] = (THReduceDim){size, {THTensor_stride(in, d), THTensor_stride(out, d), idx ? THTensor_stride(idx, d) : 0}};
  }
  if (nlines == 0 || pl.n == 0) return TH_OK;
  THReduceDim_sort(ld, nl, 0);
  nl = THReduceDim_coalesce(ld, nl);
  /* another dim faster than the scanned one (or nothing to scan): a thread per line */
  pl.inner = !(nl > 0 && (ld[0].s[0] < pl.sIn || pl.n == 1));
  if (nl == 0) ld[nl++] = (THReduceDim){1, {0, 0, 0}};
  pl.nl = nl;
  for (int i = 0; i < nl; i++) {
    pl.lshape[i] = ld[i].size;
    pl.lin[i] = ld[i].s[0];
    pl.lout[i] = ld[i].s[1];
    pl.lidx[i] = ld[i].s[2];
  }
  pl.nlines = nlines;
  pl.in = THTensor_data(in);
  pl.out = THTensor_data(out);
  pl.idx = idx ? (int64_t *)THTensor_data(idx) : NULL;
  pl.op = op;
  pl.outBool = THTensor_dtype(out) == TH_Bool;

  const int64_t n = pl.n, target = (int64_t)THC_BLOCKS_PER_SM * smCount(device);
  int64_t bdx, bdy = 1, ngroups, nchunks = 1, chunkLen = n;
  if (pl.inner) {
    bdx = min64(512, np2(cdiv(n, THC_SCAN_ITEMS)));
    bdy = bdx >= 256 ? 1 : min64(256 / bdx, np2(nlines));
    bdy = max64(bdy, 32 / bdx); /* whole warps: the row scans shuffle with full masks */
    ngroups = cdiv(nlines, bdy);
    const int64_t tile = bdx * THC_SCAN_ITEMS;
    if (ngroups < target && n > tile) {
      nchunks = min64(min64(cdiv(target, ngroups), cdiv(n, tile)), 65535);
      chunkLen = cdiv(cdiv(n, nchunks), tile) * tile;
      nchunks = cdiv(n, chunkLen);
    }
    /* whole aligned vectors of ITEMS elements: every line and tile starts at a multiple of ITEMS */
    const size_t es = THDType_size(t), va = es * THC_SCAN_ITEMS < 16 ? es * THC_SCAN_ITEMS : 16;
    pl.vecIn = pl.sIn == 1 && aligned(pl.in, va);
    pl.vecOut = pl.sOut == 1 && aligned(pl.out, va);
    for (int i = 0; i < nl; i++) {
      if (pl.lin[i] % THC_SCAN_ITEMS) pl.vecIn = 0;
      if (pl.lout[i] % THC_SCAN_ITEMS) pl.vecOut = 0;
    }
  } else {
    bdx = min64(128, np2(nlines));
    ngroups = cdiv(nlines, bdx);
    if (ngroups < target && n > THC_SCAN_MIN_CHUNK) {
      nchunks = min64(min64(cdiv(target, ngroups), cdiv(n, THC_SCAN_MIN_CHUNK)), 65535);
      chunkLen = cdiv(n, nchunks);
      nchunks = cdiv(n, chunkLen);
    }
  }
  pl.bdx = (int)bdx;
  pl.bdy = (int)bdy;
  pl.ngroups = ngroups;
  pl.gx = (int)min64(ngroups, THC_MAX_GRID_X);
  pl.nchunks = (int)nchunks;
  pl.chunkLen = chunkLen;
  THCStream *stream = THCState_currentStream(state, device);
  if (!stream) return TH_ERR;
  THCDeviceGuard g;
  if (THCDeviceGuard_enter(&g, device)) return TH_ERR;
  int rc = THCScan_launch(state, stream, t, &pl);
  THCDeviceGuard_exit(&g);
  return rc;
}
