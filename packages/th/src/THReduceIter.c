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

/* insertion sort; stable, so ties keep the given order */
void THReduceDim_sort(THReduceDim *d, int n, int key) {
  for (int i = 1; i < n; i++) {
    THReduceDim x = d[i];
    int j = i - 1;
    while (j >= 0 && (d[j].s[0] > x.s[0] || (key > 0 && d[j].s[0] == x.s[0] && d[j].s[key] > x.s[key]))) {
      d[j + 1] = d[j];
      j--;
    }
    d[j + 1] = x;
  }
}

int THReduceDim_coalesce(THReduceDim *d, int n) {
  if (n == 0) return 0;
  int m = 0;
  for (int i = 1; i < n; i++) {
    THReduceDim *p = &d[m];
    if (p->s[0] * p->size == d[i].s[0] && p->s[1] * p->size == d[i].s[1] && p->s[2] * p->size == d[i].s[2]) {
      p->size *= d[i].size;
    } else {
      d[++m] = d[i];
    }
  }
  return m + 1;
}

void THReduce_layout(THReduceLayout *l, const THTensor *in, const uint8_t *reduced, int keepdim, const THTensor *out0,
                     const THTensor *out1, int logical) {
  const THTensor *outs[2] = {out0, out1};
  int outDim[TH_MAX_DIMS];
  l->nk = l->nr = 0;
  l->nout = l->nred = 1;
  for (int d = 0, j = 0; d < in->ndim; d++) outDim[d] = (reduced[d] && !keepdim) ? -1 : j++;
  for (int d = in->ndim - 1; d >= 0; d--) { /* innermost first */
    int64_t size = in->sizes[d];
    if (reduced[d]) {
      l->nred *= size;
      if (size != 1) l->rd[l->nr++] = (THReduceDim){size, {in->strides[d], 0, 0}};
    } else {
      l->nout *= size;
      if (size == 1) continue;
      THReduceDim x = {size, {in->strides[d], 0, 0}};
      for (int i = 0; i < 2; i++)
        if (outs[i]) x.s[1 + i] = outs[i]->strides[outDim[d]];
      l->kd[l->nk++] = x;
    }
  }
  /* kept dims: by the input's strides, then by the first result's (the second's when there is no first) */
  if (!logical) THReduceDim_sort(l->rd, l->nr, 0);
  THReduceDim_sort(l->kd, l->nk, out0 ? 1 : 2);
  l->nr = THReduceDim_coalesce(l->rd, l->nr);
  l->nk = THReduceDim_coalesce(l->kd, l->nk);
  if (l->nr == 0) l->rd[l->nr++] = (THReduceDim){1, {0, 0, 0}};
  if (l->nk == 0) l->kd[l->nk++] = (THReduceDim){1, {0, 0, 0}};
}

void THReduceIter_init(THReduceIter *it, const THTensor *in, const uint8_t *reduced, int keepdim, THTensor *out0,
                       THTensor *out1, int logical) {
  THReduceLayout l;
  THReduce_layout(&l, in, reduced, keepdim, out0, out1, logical);
  /* the iterator steps in bytes */
  int64_t es = (int64_t)THDType_size(in->dtype);
  int64_t e0 = (int64_t)THDType_size(out0->dtype), e1 = out1 ? (int64_t)THDType_size(out1->dtype) : 0;
  it->nout = l.nout;
  it->nred = l.nred;
  it->nr = l.nr;
  it->nk = l.nk;
  for (int i = 0; i < l.nr; i++) it->rshape[i] = l.rd[i].size, it->rin[i] = l.rd[i].s[0] * es;
  for (int i = 0; i < l.nk; i++) {
    it->kshape[i] = l.kd[i].size;
    it->kin[i] = l.kd[i].s[0] * es;
    it->kout[0][i] = l.kd[i].s[1] * e0;
    it->kout[1][i] = l.kd[i].s[2] * e1;
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
