/* The reduction iterator (see THReduceIter.h). */
#include "THReduceIter.h"
#include "THDispatch.h"

#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* The reduced range is cut into chunks of this many elements (shape-only, so thread-independent). */
#define TH_REDUCE_CHUNK 32768
/* Work (elements read) below which a reduction runs on one thread. */
#define TH_REDUCE_GRAIN 32768
/* Most outputs in one group (accumulators live on the stack: 256 x 4 fields x 8 bytes). */
#define TH_REDUCE_MAXW 256

void THReduce_store(char *out, int64_t stride, THDType t, const THRVal *v, int64_t n, int isInt) {
#define STORE_CASE(D, unused)                                                              \
  case TH_##D:                                                                             \
    if (stride == sizeof(CT_##D)) { /* contiguous: a plain loop the compiler vectorizes */ \
      CT_##D *o = (CT_##D *)out;                                                           \
      if (isInt)                                                                           \
        for (int64_t i = 0; i < n; i++) TH_STORE_##D(o + i, v[i].i);                       \
      else                                                                                 \
        for (int64_t i = 0; i < n; i++) TH_STORE_##D(o + i, v[i].d);                       \
    } else if (isInt) {                                                                    \
      for (int64_t i = 0; i < n; i++) TH_STORE_##D(out + i * stride, v[i].i);              \
    } else {                                                                               \
      for (int64_t i = 0; i < n; i++) TH_STORE_##D(out + i * stride, v[i].d);              \
    }                                                                                      \
    break;
  switch (t) {
    TH_ALL_DTYPES(STORE_CASE, _)
    default: break;
  }
#undef STORE_CASE
}

typedef struct Dim {
  int64_t size, in, out0, out1;
} Dim;

/* insertion sort by input stride (then output stride); stable, so ties keep the given order */
static void sortDims(Dim *d, int n) {
  for (int i = 1; i < n; i++) {
    Dim x = d[i];
    int j = i - 1;
    while (j >= 0 && (d[j].in > x.in || (d[j].in == x.in && d[j].out0 > x.out0))) {
      d[j + 1] = d[j];
      j--;
    }
    d[j + 1] = x;
  }
}

static int coalesce(Dim *d, int n) {
  if (n == 0) return 0;
  int m = 0;
  for (int i = 1; i < n; i++) {
    Dim *p = &d[m];
    if (p->in * p->size == d[i].in && p->out0 * p->size == d[i].out0 && p->out1 * p->size == d[i].out1) {
      p->size *= d[i].size;
    } else {
      d[++m] = d[i];
    }
  }
  return m + 1;
}

void THReduceIter_init(THReduceIter *it, const THTensor *in, const uint8_t *reduced, int keepdim, THTensor *out0,
                       THTensor *out1, int logical) {
  Dim kd[TH_MAX_DIMS], rd[TH_MAX_DIMS];
  int nk = 0, nr = 0;
  int64_t es = (int64_t)THDType_size(in->dtype);
  int64_t e0 = (int64_t)THDType_size(out0->dtype), e1 = out1 ? (int64_t)THDType_size(out1->dtype) : 0;
  it->nout = 1;
  it->nred = 1;
  int j = 0;
  /* innermost first: walk dims from the last */
  int outDim[TH_MAX_DIMS];
  for (int d = 0; d < in->ndim; d++) outDim[d] = (reduced[d] && !keepdim) ? -1 : j++;
  for (int d = in->ndim - 1; d >= 0; d--) {
    int64_t size = in->sizes[d];
    if (reduced[d]) {
      it->nred *= size;
      if (size != 1) rd[nr++] = (Dim){size, in->strides[d] * es, 0, 0};
    } else {
      it->nout *= size;
      int od = outDim[d];
      if (size != 1)
        kd[nk++] = (Dim){size, in->strides[d] * es, out0->strides[od] * e0, out1 ? out1->strides[od] * e1 : 0};
    }
  }
  if (!logical) sortDims(rd, nr);
  sortDims(kd, nk);
  nr = coalesce(rd, nr);
  nk = coalesce(kd, nk);
  if (nr == 0) rd[nr++] = (Dim){1, 0, 0, 0};
  if (nk == 0) kd[nk++] = (Dim){1, 0, 0, 0};
  it->nr = nr;
  it->nk = nk;
  for (int i = 0; i < nr; i++) it->rshape[i] = rd[i].size, it->rin[i] = rd[i].in;
  for (int i = 0; i < nk; i++) {
    it->kshape[i] = kd[i].size;
    it->kin[i] = kd[i].in;
    it->kout[0][i] = kd[i].out0;
    it->kout[1][i] = kd[i].out1;
  }
  it->in = THTensor_bytes(in);
  it->out[0] = THTensor_bytes(out0);
  it->out[1] = out1 ? THTensor_bytes(out1) : NULL;
  it->outType[0] = out0->dtype;
  it->outType[1] = out1 ? out1->dtype : TH_Int64;
  it->nouts = out1 ? 2 : 1;
}

/* The plan shared by every task. */
typedef struct Plan {
  const THReduceIter *it;
  const THReduceKernel *k;
  const THReduceCtx *ctx;
  int innerMode;
  int64_t W;          /* outputs per group along kept dim 0 */
  int64_t nblocks;    /* groups along kept dim 0 */
  int64_t nouter;     /* product of the kept dims but the first */
  int64_t ngroups;
  int64_t nchunks, chunk;
  size_t accBytes;    /* one group's accumulators */
} Plan;

/* pointers of group g: input base, output bases, and its width */
static int64_t groupBase(const Plan *p, int64_t g, const char **in, char **o0, char **o1) {
  const THReduceIter *it = p->it;
  int64_t blk = g % p->nblocks, rest = g / p->nblocks;
  int64_t c0 = blk * p->W;
  const char *pi = it->in + c0 * it->kin[0];
  char *q0 = it->out[0] + c0 * it->kout[0][0];
  char *q1 = it->out[1] ? it->out[1] + c0 * it->kout[1][0] : NULL;
  for (int d = 1; d < it->nk; d++) {
    int64_t c = rest % it->kshape[d];
    rest /= it->kshape[d];
    pi += c * it->kin[d];
    q0 += c * it->kout[0][d];
    if (q1) q1 += c * it->kout[1][d];
  }
  *in = pi;
  *o0 = q0;
  *o1 = q1;
  int64_t w = it->kshape[0] - c0;
  return w < p->W ? w : p->W;
}

/* Reduces the reduced-linear range [b, e) of group (base, width w) into acc. */
static void reduceRange(const Plan *p, void *acc, const char *base, int64_t w, int64_t b, int64_t e) {
  const THReduceIter *it = p->it;
  const int nr = it->nr;
  int64_t coord[TH_MAX_DIMS];
  const char *ptr = base;
  int64_t rem = b;
  for (int d = 0; d < nr; d++) {
    coord[d] = rem % it->rshape[d];
    rem /= it->rshape[d];
    ptr += coord[d] * it->rin[d];
  }
  int64_t pos = b;
  while (pos < e) {
    int64_t n = it->rshape[0] - coord[0];
    if (n > e - pos) n = e - pos;
    if (p->innerMode) {
      p->k->inner(acc, p->W, w, ptr, it->kin[0], n, it->rin[0], pos, p->ctx);
    } else {
      p->k->outer(acc, p->W, ptr, n, it->rin[0], w, it->kin[0], pos, p->ctx);
    }
    pos += n;
    coord[0] += n;
    ptr += n * it->rin[0];
    for (int d = 0; d < nr - 1 && coord[d] == it->rshape[d]; d++) {
      coord[d] = 0;
      coord[d + 1]++;
      ptr += it->rin[d + 1] - it->rshape[d] * it->rin[d];
    }
  }
}

static void finishGroup(const Plan *p, const void *acc, int64_t w, char *o0, char *o1) {
  const THReduceIter *it = p->it;
  THRVal v0[TH_REDUCE_MAXW], v1[TH_REDUCE_MAXW];
  p->k->finish(acc, p->W, w, it->nred, p->ctx, v0, v1);
  THReduce_store(o0, it->kout[0][0], it->outType[0], v0, w, p->ctx->out0Int);
  if (o1) THReduce_store(o1, it->kout[1][0], it->outType[1], v1, w, p->ctx->out1Int);
}

/* Task t: group t / nchunks, chunk t % nchunks. Whole groups finish directly; chunk partials go to
 * partials[t]. */
static void runTask(const Plan *p, int64_t t, char *partials) {
  int64_t g = t / p->nchunks, c = t % p->nchunks;
  const char *in;
  char *o0, *o1;
  int64_t w = groupBase(p, g, &in, &o0, &o1);
  _Alignas(64) char local[TH_REDUCE_MAXW * TH_RACC_FIELDS * 8];
  void *acc = p->nchunks > 1 ? (void *)(partials + (size_t)t * p->accBytes) : (void *)local;
  p->k->init(acc, p->W);
  int64_t b = c * p->chunk, e = b + p->chunk < p->it->nred ? b + p->chunk : p->it->nred;
  reduceRange(p, acc, in, w, b, e);
  if (p->nchunks == 1) finishGroup(p, acc, w, o0, o1);
}

static void combineGroup(const Plan *p, int64_t g, char *partials) {
  const char *in;
  char *o0, *o1;
  int64_t w = groupBase(p, g, &in, &o0, &o1);
  char *acc = partials + (size_t)(g * p->nchunks) * p->accBytes;
  for (int64_t c = 1; c < p->nchunks; c++) {
    const char *other = acc + (size_t)c * p->accBytes;
    for (int64_t j = 0; j < w; j++) p->k->combine(acc, p->W, j, other, p->W, j);
  }
  finishGroup(p, acc, w, o0, o1);
}

int THReduceIter_run(const THReduceIter *it, const THReduceKernel *k, const THReduceCtx *ctx) {
  if (it->nout == 0) return TH_OK;
  Plan p = {.it = it, .k = k, .ctx = ctx};
  int threads = THGetNumThreads();
#ifdef _OPENMP
  if (omp_in_parallel()) threads = 1;
#else
  threads = 1;
#endif
  int64_t work = it->nout * (it->nred > 0 ? it->nred : 1);
  if (work <= TH_REDUCE_GRAIN) threads = 1;
  if (it->nred == 0) {
    p.innerMode = 1;
    p.nchunks = 1;
    p.chunk = 1;
  } else {
    /* outer when a kept dim is fastest, or when reduced runs are tiny and outputs many */
    int keptFaster = it->kshape[0] > 1 && (it->rshape[0] == 1 || it->kin[0] < it->rin[0]);
    int tinyRuns = it->kshape[0] > 1 && it->rshape[0] < 16 && it->nred < 16;
    p.innerMode = !(keptFaster || tinyRuns);
    p.nchunks = it->nred > TH_REDUCE_CHUNK ? (it->nred + TH_REDUCE_CHUNK - 1) / TH_REDUCE_CHUNK : 1;
    p.chunk = p.nchunks > 1 ? TH_REDUCE_CHUNK : it->nred;
  }
  /* group width: up to MAXW outputs, fewer when that gives threads too few groups */
  int64_t k0 = it->kshape[0];
  int64_t nouter = it->nout / k0;
  int64_t W = k0 < TH_REDUCE_MAXW ? k0 : TH_REDUCE_MAXW;
  if (threads > 1 && p.nchunks == 1 && nouter * ((k0 + W - 1) / W) < 4 * (int64_t)threads) {
    int64_t blocks = (4 * (int64_t)threads + nouter - 1) / nouter;
    int64_t w2 = (k0 + blocks - 1) / blocks;
    int64_t minW = p.innerMode ? 1 : (k0 < 16 ? k0 : 16);
    if (!p.innerMode) w2 = (w2 + 15) & ~(int64_t)15; /* whole vectors (and cache lines, for float32) per row */
    if (w2 < minW) w2 = minW;
    if (w2 < W) W = w2;
  }
  p.W = W;
  p.nblocks = (k0 + W - 1) / W;
  p.nouter = nouter;
  p.ngroups = p.nblocks * nouter;
  p.accBytes = (size_t)W * (size_t)k->nfields * 8;
  if (it->nred == 0) {
    for (int64_t g = 0; g < p.ngroups; g++) {
      const char *in;
      char *o0, *o1;
      _Alignas(64) char local[TH_REDUCE_MAXW * TH_RACC_FIELDS * 8];
      int64_t w = groupBase(&p, g, &in, &o0, &o1);
      k->init(local, W);
      finishGroup(&p, local, w, o0, o1);
    }
    return TH_OK;
  }
  int64_t ntasks = p.ngroups * p.nchunks;
  char *partials = NULL;
  if (p.nchunks > 1) {
    partials = malloc((size_t)ntasks * p.accBytes);
    if (!partials) return THError("reduction: out of memory for %lld partial results", (long long)ntasks);
  }
#ifdef _OPENMP
  if (threads > 1 && ntasks > 1) {
    int nt = ntasks < threads ? (int)ntasks : threads;
#pragma omp parallel num_threads(nt)
    {
      if (p.nchunks > 1) {
#pragma omp for schedule(static)
        for (int64_t t = 0; t < ntasks; t++) runTask(&p, t, partials);
#pragma omp for schedule(static) nowait
        for (int64_t g = 0; g < p.ngroups; g++) combineGroup(&p, g, partials);
      } else {
        /* one barrier (the region's end) rather than two */
#pragma omp for schedule(static) nowait
        for (int64_t t = 0; t < ntasks; t++) runTask(&p, t, partials);
      }
    }
    free(partials);
    return TH_OK;
  }
#endif
  for (int64_t t = 0; t < ntasks; t++) runTask(&p, t, partials);
  if (p.nchunks > 1)
    for (int64_t g = 0; g < p.ngroups; g++) combineGroup(&p, g, partials);
  free(partials);
  return TH_OK;
}
