/* Random numbers on CUDA tensors: Philox generators (seed + offset, PyTorch's CUDA generator) and
 * the samplers of libTH's THRandom.h, with libTH's argument checks and messages (ported from
 * THDistributions.c) in front of the kernels of THCRandomKernels.cu. */
#include "THC/THCRandom.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "THCBlasInternal.h"
#include "THCInternal.h"
#include "THCPhilox.h"

#define ND(t) THTensor_ndim(t)
#define SZ(t) THTensor_sizes(t)
#define ST(t) THTensor_strides(t)
#define DT(t) THTensor_dtype(t)

/* PyTorch's default seed (c10::detail::default_rng_seed_val), for CPU and CUDA generators alike. */
#define THC_DEFAULT_SEED 67280421310721ULL

struct THCGenerator {
  int refcount; /* < 0: a device's default generator, owned by the state */
  pthread_mutex_t mutex;
  int device;
  uint64_t seed, offset;
};

struct THCRandomState {
  pthread_mutex_t mutex;
  THCGenerator *defaults[THC_MAX_DEVICES];
};

static pthread_mutex_t randomCreateMutex = PTHREAD_MUTEX_INITIALIZER;

static struct THCRandomState *randomState(THCState *state) {
  struct THCRandomState **slot = THCBlas_randomSlot(state);
  if (!slot) return NULL;
  struct THCRandomState *rs = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
  if (rs) return rs;
  pthread_mutex_lock(&randomCreateMutex);
  rs = *slot;
  if (!rs && (rs = calloc(1, sizeof *rs))) {
    pthread_mutex_init(&rs->mutex, NULL);
    __atomic_store_n(slot, rs, __ATOMIC_RELEASE);
  }
  pthread_mutex_unlock(&randomCreateMutex);
  if (!rs) THError("out of memory creating the random state");
  return rs;
}

static void destroyGenerator(THCGenerator *g) {
  pthread_mutex_destroy(&g->mutex);
  free(g);
}

void THCRandom_freeState(struct THCRandomState *rs) {
  if (!rs) return;
  for (int d = 0; d < THC_MAX_DEVICES; d++)
    if (rs->defaults[d]) destroyGenerator(rs->defaults[d]);
  pthread_mutex_destroy(&rs->mutex);
  free(rs);
}

/* ---- generators ---- */

static THCGenerator *allocGenerator(int device, uint64_t seed, int refcount) {
  THCGenerator *g = calloc(1, sizeof *g);
  if (!g) return THError("out of memory creating a generator"), NULL;
  pthread_mutex_init(&g->mutex, NULL);
  g->refcount = refcount;
  g->device = device;
  g->seed = seed;
  return g;
}

static int resolveDevice(THCState *state, int *device) {
  if (*device == -1) return THCState_currentDevice(state, device);
  return THCState_checkDevice(state, *device);
}

THCGenerator *THCGenerator_new(THCState *state, int device, uint64_t seed) {
  if (resolveDevice(state, &device)) return NULL;
  return allocGenerator(device, seed, 1);
}

void THCGenerator_retain(THCGenerator *g) {
  if (g && g->refcount > 0) __atomic_add_fetch(&g->refcount, 1, __ATOMIC_RELAXED);
}

void THCGenerator_free(THCGenerator *g) {
  if (!g || g->refcount < 0) return;
  if (__atomic_sub_fetch(&g->refcount, 1, __ATOMIC_ACQ_REL) == 0) destroyGenerator(g);
}

THCGenerator *THCGenerator_default(THCState *state, int device) {
  if (resolveDevice(state, &device)) return NULL;
  struct THCRandomState *rs = randomState(state);
  if (!rs) return NULL;
  THCGenerator *g = __atomic_load_n(&rs->defaults[device], __ATOMIC_ACQUIRE);
  if (g) return g;
  pthread_mutex_lock(&rs->mutex);
  if (!(g = rs->defaults[device]) && (g = allocGenerator(device, THC_DEFAULT_SEED, -1)))
    __atomic_store_n(&rs->defaults[device], g, __ATOMIC_RELEASE);
  pthread_mutex_unlock(&rs->mutex);
  return g;
}

int THCGenerator_device(const THCGenerator *g) { return g->device; }

void THCGenerator_manualSeed(THCGenerator *g, uint64_t seed) {
  pthread_mutex_lock(&g->mutex);
  g->seed = seed;
  g->offset = 0;
  pthread_mutex_unlock(&g->mutex);
}

uint64_t THCGenerator_seed(THCGenerator *g) {
  uint64_t s = THRandom_entropySeed();
  THCGenerator_manualSeed(g, s);
  return s;
}

uint64_t THCGenerator_initialSeed(THCGenerator *g) {
  pthread_mutex_lock(&g->mutex);
  uint64_t s = g->seed;
  pthread_mutex_unlock(&g->mutex);
  return s;
}

uint64_t THCGenerator_offset(THCGenerator *g) {
  pthread_mutex_lock(&g->mutex);
  uint64_t o = g->offset;
  pthread_mutex_unlock(&g->mutex);
  return o;
}

int THCGenerator_setOffset(THCGenerator *g, uint64_t offset) {
  if (offset % 4 != 0) return THError("offset must be a multiple of 4");
  pthread_mutex_lock(&g->mutex);
  g->offset = offset;
  pthread_mutex_unlock(&g->mutex);
  return TH_OK;
}

static void putLE64(uint8_t *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static uint64_t getLE64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v |= (uint64_t)p[i] << (8 * i);
  return v;
}

void THCGenerator_getState(THCGenerator *g, uint8_t *out) {
  pthread_mutex_lock(&g->mutex);
  putLE64(out, g->seed);
  putLE64(out + 8, g->offset);
  pthread_mutex_unlock(&g->mutex);
}

THTensor *THCGenerator_newStateTensor(THCGenerator *g) {
  int64_t n = THC_GENERATOR_STATE_SIZE;
  THTensor *t = THTensor_newWithSize(TH_UInt8, 1, &n);
  if (t) THCGenerator_getState(g, (uint8_t *)THTensor_data(t));
  return t;
}

int THCGenerator_setState(THCGenerator *g, const uint8_t *state, size_t n) {
  if (n != THC_GENERATOR_STATE_SIZE && n != 8) return THError("RNG state is wrong size");
  uint64_t seed = getLE64(state), offset = n == 8 ? 0 : getLE64(state + 8);
  if (offset % 4 != 0) return THError("offset must be a multiple of 4");
  pthread_mutex_lock(&g->mutex);
  g->seed = seed;
  g->offset = offset;
  pthread_mutex_unlock(&g->mutex);
  return TH_OK;
}

int THCGenerator_setStateTensor(THCGenerator *g, const THTensor *state) {
  if (DT(state) != TH_UInt8)
    return THError("RNG state must be a torch.ByteTensor (a uint8 tensor), but got a tensor of dtype %s", THDType_name(DT(state)));
  if (THCTensor_device(state) >= 0) return THError("RNG state must be a CPU tensor (torch.ByteTensor), but got a CUDA tensor");
  if (!THTensor_isContiguous(state)) return THError("RNG state must be contiguous");
  return THCGenerator_setState(g, (const uint8_t *)THTensor_data(state), (size_t)THTensor_numel(state));
}

int THCRandom_manualSeedAll(THCState *state, uint64_t seed) {
  for (int d = 0; d < THCState_deviceCount(state); d++) {
    THCGenerator *g = THCGenerator_default(state, d);
    if (!g) return TH_ERR;
    THCGenerator_manualSeed(g, seed);
  }
  return TH_OK;
}

uint64_t THCRandom_seedAll(THCState *state) {
  uint64_t s = THRandom_entropySeed();
  THCRandom_manualSeedAll(state, s);
  return s;
}

/* The generator's seed and the offset of one launch (the offset then moves on by 4). */
static void reserve(THCGenerator *g, uint64_t *seed, uint64_t *offset) {
  pthread_mutex_lock(&g->mutex);
  *seed = g->seed;
  *offset = g->offset;
  g->offset += 4;
  pthread_mutex_unlock(&g->mutex);
}

/* ---- shared checks ---- */

static int isFloat(THDType t) { return THDType_isFloating(t); }

static int notFloating(const char *op, THDType t) {
  return THError("%s: not implemented for '%s' (expected a floating point tensor: float16, bfloat16, float32 or float64)", op,
                 THDType_name(t));
}

static int noHalf(const char *op, THDType t) {
  if (t == TH_Float16 || t == TH_BFloat16) return THError("%s: not implemented for '%s'", op, THDType_name(t));
  return TH_OK;
}

/* An op on r's device with its generator. */
typedef struct Sampling {
  THCBlasCtx c;
  THCGenerator *g;
} Sampling;

static int begin(Sampling *s, THCState *state, const char *op, THTensor *r, int n, const THTensor *const *ts, THCGenerator *g) {
  if (THCBlas_enter(&s->c, state, op, r, n, ts)) return TH_ERR;
  if (!g && !(g = THCGenerator_default(state, s->c.device))) {
    THCBlas_exit(&s->c);
    return TH_ERR;
  }
  if (g->device != s->c.device) {
    THCBlas_exit(&s->c);
    return THError("%s: the generator is for cuda:%d but the tensor is on cuda:%d", op, g->device, s->c.device);
  }
  s->g = g;
  return TH_OK;
}

static int end(Sampling *s, int st) {
  THCBlas_exit(&s->c);
  return st;
}

/* Runs one sampling launch over r (p and q, when given, broadcast to r's shape). */
static int sample(Sampling *s, THTensor *r, THCRandArgs *a, const THTensor *p, const THTensor *q) {
  THTensor *pe = p ? THTensor_newExpand(p, ND(r), SZ(r)) : NULL, *qe = q ? THTensor_newExpand(q, ND(r), SZ(r)) : NULL;
  int st = TH_ERR;
  if ((p && !pe) || (q && !qe)) goto done;
  const int64_t *strides[3] = {ST(r), pe ? ST(pe) : ST(r), qe ? ST(qe) : ST(r)};
  THCStrided info[3];
  THCBlas_coalesce(3, ND(r), SZ(r), strides, info);
  a->dtype = DT(r);
  a->numel = THTensor_numel(r);
  a->r = THTensor_data(r);
  a->rInfo = info[0];
  if (pe) a->p = THTensor_data(pe), a->pType = DT(pe), a->pInfo = info[1];
  if (qe) a->q = THTensor_data(qe), a->qType = DT(qe), a->qInfo = info[2];
  reserve(s->g, &a->seed, &a->offset);
  cudaError_t err = THCRandK_sample(a, s->c.cs);
  if (err != cudaSuccess) {
    st = THCError(err, "sampling kernel");
    goto done;
  }
  THTensor_bumpVersion(r);
  st = TH_OK;
done:
  THTensor_free(pe);
  THTensor_free(qe);
  return st;
}

/* The smallest and largest values of t and whether it has a NaN (synchronises the stream). */
typedef struct MinMax {
  double min, max;
  int nan;
} MinMax;

static int minMax(Sampling *s, const THTensor *t, MinMax *m) {
  m->min = INFINITY, m->max = -INFINITY, m->nan = 0;
  int64_t n = THTensor_numel(t);
  if (n == 0) return TH_OK;
  THCStrided info;
  const int64_t *st = ST(t);
  THCBlas_coalesce(1, ND(t), SZ(t), &st, &info);
  uint64_t *buf = THCCachingAllocator_malloc(s->c.state, 3 * sizeof(uint64_t), s->c.stream);
  if (!buf) return TH_ERR;
  uint64_t host[3];
  cudaError_t err = THCRandK_minMax(THTensor_data(t), DT(t), &info, n, buf, s->c.cs);
  if (err == cudaSuccess) err = cudaMemcpyAsync(host, buf, sizeof host, cudaMemcpyDeviceToHost, s->c.cs);
  if (err == cudaSuccess) err = cudaStreamSynchronize(s->c.cs);
  THCCachingAllocator_free(s->c.state, buf);
  if (err != cudaSuccess) return THCError(err, "min/max check");
  m->nan = host[2] != 0;
  if (host[0] != ~0ULL) m->min = THCRand_keyToDouble(host[0]);
  if (host[1] != 0) m->max = THCRand_keyToDouble(host[1]);
  return TH_OK;
}

/* An operand on the op's device (a 0-d host tensor becomes a device copy). */
static THTensor *onDevice(Sampling *s, const THTensor *t) {
  if (THCTensor_device(t) == s->c.device) {
    THTensor_retain((THTensor *)t);
    return (THTensor *)t;
  }
  return THCBlas_newContiguous(&s->c, t, DT(t), 1);
}

/* Runs a one-parameter-set sampler: device, generator, empty check, overlap check, launch. */
static int simple(THCState *state, const char *op, THTensor *r, THCGenerator *g, THCRandArgs *a) {
  Sampling s;
  if (begin(&s, state, op, r, 0, NULL, g)) return TH_ERR;
  if (THTensor_numel(r) == 0) return end(&s, TH_OK);
  if (THCheckWriteOverlap(op, r, 0, NULL)) return end(&s, TH_ERR);
  return end(&s, sample(&s, r, a, NULL, NULL));
}

/* ---- in-place samplers ---- */

int THCTensor_uniform_(THCState *state, THTensor *r, double from, double to, THCGenerator *g) {
  THDType t = DT(r);
  if (!isFloat(t)) return notFloating("uniform_", t);
  if (THCheckUniform(t, from, to)) return TH_ERR;
  THCRandArgs a = {.kind = THC_RAND_UNIFORM, .a = THDType_round(t, from), .b = THDType_round(t, to)};
  return simple(state, "uniform_", r, g, &a);
}

int THCTensor_normal_(THCState *state, THTensor *r, double mean, double std, THCGenerator *g) {
  if (!(std >= 0.0)) return THError("normal expects std >= 0.0, but found std %g", std);
  if (!isFloat(DT(r))) return notFloating("normal_", DT(r));
  THCRandArgs a = {.kind = THC_RAND_NORMAL, .a = mean, .b = std};
  return simple(state, "normal_", r, g, &a);
}

int THCTensor_bernoulli_(THCState *state, THTensor *r, double p, THCGenerator *g) {
  if (!(p >= 0 && p <= 1)) return THError("bernoulli_ expects p to be in [0, 1], but got p=%g", p);
  if (noHalf("bernoulli_", DT(r))) return TH_ERR;
  THCRandArgs a = {.kind = THC_RAND_BERNOULLI, .a = p};
  return simple(state, "bernoulli_", r, g, &a);
}

int THCTensor_exponential_(THCState *state, THTensor *r, double lambd, THCGenerator *g) {
  if (!(lambd >= 0.0)) return THError("exponential_ expects lambda >= 0.0, but found lambda=%g", lambd);
  if (!isFloat(DT(r))) return notFloating("exponential_", DT(r));
  THCRandArgs a = {.kind = THC_RAND_EXPONENTIAL, .a = lambd};
  return simple(state, "exponential_", r, g, &a);
}

int THCTensor_geometric_(THCState *state, THTensor *r, double p, THCGenerator *g) {
  if (!(p > 0 && p < 1)) return THError("geometric_ expects p to be in (0, 1), but got p=%g", p);
  if (DT(r) == TH_Bool) return THError("geometric_: not implemented for 'bool'");
  THCRandArgs a = {.kind = THC_RAND_GEOMETRIC, .a = p};
  return simple(state, "geometric_", r, g, &a);
}

int THCTensor_logNormal_(THCState *state, THTensor *r, double mean, double std, THCGenerator *g) {
  if (!(std > 0.0)) return THError("log_normal_ expects std > 0.0, but found std=%g", std);
  if (!isFloat(DT(r))) return notFloating("log_normal_", DT(r));
  THCRandArgs a = {.kind = THC_RAND_LOGNORMAL, .a = mean, .b = std};
  return simple(state, "log_normal_", r, g, &a);
}

int THCTensor_cauchy_(THCState *state, THTensor *r, double median, double sigma, THCGenerator *g) {
  if (!isFloat(DT(r)))
    return THError("Cauchy distribution is a continuous probability distribution. dtype must be a floating point but you specified %s",
                   THDType_name(DT(r)));
  THCRandArgs a = {.kind = THC_RAND_CAUCHY, .a = median, .b = sigma};
  return simple(state, "cauchy_", r, g, &a);
}

/* ---- random_ (libTH's bounds: THRandom_range) ---- */

int THCTensor_random_(THCState *state, THTensor *r, int hasFrom, int64_t from, int hasTo, int64_t to, THCGenerator *g) {
  THRandomRange rr;
  if (THRandom_range(DT(r), hasFrom, from, hasTo, to, &rr)) return TH_ERR;
  static const int kinds[] = {[TH_RANDOM_DEFAULT] = THC_RAND_RANDOM_DEFAULT, [TH_RANDOM_FULL] = THC_RAND_RANDOM_FULL,
                              [TH_RANDOM_RANGE32] = THC_RAND_RANDOM32, [TH_RANDOM_RANGE64] = THC_RAND_RANDOM64};
  THCRandArgs a = {.kind = kinds[rr.kind], .base = rr.base, .range = rr.range};
  return simple(state, "random_", r, g, &a);
}

/* ---- bernoulli with a tensor of probabilities ---- */

int THCTensor_bernoulliTensor_(THCState *state, THTensor *r, const THTensor *p, THCGenerator *g) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  if (noHalf("bernoulli_", DT(r))) return TH_ERR;
  if (DT(p) != TH_Float32 && DT(p) != TH_Float64)
    return THError("bernoulli_: expected p to be a float32 or float64 tensor, but got %s", THDType_name(DT(p)));
  int nd;
  int64_t shape[TH_MAX_DIMS];
  if (THBroadcastShapes(ND(r), SZ(r), ND(p), SZ(p), &nd, shape) || nd != ND(r) ||
      memcmp(shape, SZ(r), sizeof(int64_t) * (size_t)nd) != 0)
    return THError("bernoulli_: the probabilities of shape %s cannot be broadcast to the tensor's shape %s",
                   THShapeStr(ba, sizeof ba, ND(p), SZ(p)), THShapeStr(bb, sizeof bb, ND(r), SZ(r)));
  Sampling s;
  const THTensor *ts[1] = {p};
  if (begin(&s, state, "bernoulli_", r, 1, ts, g)) return TH_ERR;
  THTensor *pd = onDevice(&s, p);
  if (!pd) return end(&s, TH_ERR);
  MinMax m;
  int st = minMax(&s, pd, &m);
  if (st == TH_OK && (m.nan || m.min < 0 || m.max > 1))
    st = THError("bernoulli_ expects all probabilities p to be in [0, 1], but got p with values in [%g, %g]", m.nan ? NAN : m.min,
                 m.nan ? NAN : m.max);
  if (st == TH_OK && THTensor_numel(r) > 0) {
    if (THCheckWriteOverlap("bernoulli_", r, 0, NULL)) st = TH_ERR;
    else if (THTensor_sharesStorage(r, pd)) { /* r's draws must not overwrite probabilities still to be read */
      THTensor *pc = THCBlas_newContiguous(&s.c, pd, DT(pd), 1);
      THCRandArgs a = {.kind = THC_RAND_BERNOULLI_TENSOR};
      st = pc ? sample(&s, r, &a, pc, NULL) : TH_ERR;
      THTensor_free(pc);
    } else {
      THCRandArgs a = {.kind = THC_RAND_BERNOULLI_TENSOR};
      st = sample(&s, r, &a, pd, NULL);
    }
  }
  THTensor_free(pd);
  return end(&s, st);
}

int THCTensor_bernoulli(THCState *state, THTensor *r, const THTensor *p, THCGenerator *g) {
  if (ND(r) != ND(p) || memcmp(SZ(r), SZ(p), sizeof(int64_t) * (size_t)ND(p)) != 0) {
    int device;
    if (THCTensor_callDevice("bernoulli", 1, &p, 1, &r, &device)) return TH_ERR;
    if (THTensor_resize(r, ND(p), SZ(p))) return TH_ERR;
  }
  return THCTensor_bernoulliTensor_(state, r, p, g);
}

/* ---- randperm ---- */

/* Below this size the permutation is drawn on the host (Fisher-Yates on Philox draws) and copied,
 * as PyTorch does below 30000; above, random 64-bit keys are sorted on the device. */
#define RANDPERM_HOST_LIMIT 30000

int THCTensor_randperm(THCState *state, THTensor *r, int64_t n, THCGenerator *g) {
  const THDType t = DT(r);
  if (THRandom_randpermCheck(t, n)) return TH_ERR;
  Sampling s;
  if (begin(&s, state, "randperm", r, 0, NULL, g)) return TH_ERR;
  if (THTensor_resize(r, 1, &n)) return end(&s, TH_ERR);
  if (n == 0) return end(&s, TH_OK);
  THTensor *perm = THCBlas_newTensor(&s.c, TH_Int64, 1, &n);
  if (!perm) return end(&s, TH_ERR);
  int st = TH_ERR;
  uint64_t seed, offset;
  reserve(s.g, &seed, &offset);
  if (n < RANDPERM_HOST_LIMIT) {
    int64_t *host = malloc(sizeof(int64_t) * (size_t)n);
    if (!host) {
      THError("randperm: out of memory");
      goto done;
    }
    for (int64_t i = 0; i < n; i++) host[i] = i;
    for (int64_t i = 0; i + 1 < n; i++) { /* swap i with a uniform pick of i..n-1 */
      THCPhilox4 w = THCPhilox_draw(seed, offset, (uint64_t)i);
      uint64_t z = (((uint64_t)w.v[0] << 32) | w.v[1]) % (uint64_t)(n - i);
      int64_t tmp = host[i];
      host[i] = host[i + (int64_t)z];
      host[i + (int64_t)z] = tmp;
    }
    cudaError_t err = cudaMemcpyAsync(THTensor_data(perm), host, sizeof(int64_t) * (size_t)n, cudaMemcpyHostToDevice, s.c.cs);
    if (err == cudaSuccess) err = cudaStreamSynchronize(s.c.cs); /* host is freed next */
    free(host);
    if (err != cudaSuccess) {
      THCError(err, "randperm copy");
      goto done;
    }
  } else {
    THTensor *keys = THCBlas_newTensor(&s.c, TH_Int64, 1, &n), *keys2 = THCBlas_newTensor(&s.c, TH_Int64, 1, &n);
    THTensor *vals = THCBlas_newTensor(&s.c, TH_Int64, 1, &n), *temp = NULL;
    size_t bytes = 0;
    cudaError_t err = cudaErrorMemoryAllocation;
    if (keys && keys2 && vals) {
      err = THCRandK_permKeys(THTensor_data(keys), THTensor_data(vals), n, seed, offset, s.c.cs);
      if (err == cudaSuccess) err = THCRandK_sortPairs(NULL, &bytes, NULL, NULL, NULL, NULL, n, 64, s.c.cs);
      int64_t nb = (int64_t)bytes + 1;
      if (err == cudaSuccess && !(temp = THCBlas_newTensor(&s.c, TH_UInt8, 1, &nb))) err = cudaErrorMemoryAllocation;
      if (err == cudaSuccess)
        err = THCRandK_sortPairs(THTensor_data(temp), &bytes, THTensor_data(keys), THTensor_data(keys2), THTensor_data(vals),
                                 THTensor_data(perm), n, 64, s.c.cs);
    }
    THTensor_free(keys);
    THTensor_free(keys2);
    THTensor_free(vals);
    THTensor_free(temp);
    if (err != cudaSuccess) {
      THCError(err, "randperm");
      goto done;
    }
  }
  st = THCBlas_copy(&s.c, r, perm);
done:
  THTensor_free(perm);
  return end(&s, st);
}

/* ---- multinomial ---- */

int THCTensor_multinomial(THCState *state, THTensor *r, const THTensor *p, int64_t numSamples, int replacement, THCGenerator *g) {
  if (ND(p) < 1 || ND(p) > 2) return THError("multinomial: prob_dist must be 1 or 2 dim, but got %d dims", ND(p));
  if (!isFloat(DT(p))) return THError("multinomial only supports floating-point dtypes for input, got: %s", THDType_name(DT(p)));
  if (DT(r) != TH_Int64) return THError("multinomial expects an int64 tensor out, got: %s", THDType_name(DT(r)));
  if (numSamples <= 0) return THError("multinomial: cannot sample n_sample <= 0 samples (got %lld)", (long long)numSamples);
  const int64_t nCat = SZ(p)[ND(p) - 1], nDist = ND(p) == 2 ? SZ(p)[0] : 1;
  if (!replacement && numSamples > nCat)
    return THError("multinomial: cannot sample n_sample > prob_dist.size(-1) samples without replacement (n_sample=%lld, %lld categories)",
                   (long long)numSamples, (long long)nCat);
  if (nCat > (1LL << 24)) return THError("multinomial: number of categories cannot exceed 2^24");
  if (nDist >= (1LL << 32)) return THError("multinomial: at most 2^32 - 1 distributions are supported, got %lld", (long long)nDist);
  Sampling s;
  const THTensor *ts[1] = {p};
  if (begin(&s, state, "multinomial", r, 1, ts, g)) return TH_ERR;
  int st = TH_ERR;
  THTensor *pd = NULL, *stats = NULL, *bufA = NULL, *bufB = NULL, *bufC = NULL, *bufD = NULL, *temp = NULL;
  THCRowStats *host = NULL;
  if (!(pd = onDevice(&s, p))) goto done;
  /* validation, on the host as libTH words it: per row, the first bad entry and the sum */
  int64_t statBytes = (int64_t)(sizeof(THCRowStats) * (size_t)(nDist > 0 ? nDist : 1));
  if (!(stats = THCBlas_newTensor(&s.c, TH_UInt8, 1, &statBytes)) || !(host = malloc((size_t)statBytes))) {
    if (!host) THError("multinomial: out of memory");
    goto done;
  }
  const int64_t prs = ND(p) == 2 ? ST(pd)[0] : 0, pcs = ST(pd)[ND(pd) - 1];
  cudaError_t err = THCRandK_rowStats(THTensor_data(pd), DT(pd), nDist, nCat, prs, pcs, THTensor_data(stats), s.c.cs);
  if (err == cudaSuccess && nDist > 0)
    err = cudaMemcpyAsync(host, THTensor_data(stats), (size_t)statBytes, cudaMemcpyDeviceToHost, s.c.cs);
  if (err == cudaSuccess) err = cudaStreamSynchronize(s.c.cs);
  if (err != cudaSuccess) {
    THCError(err, "multinomial check");
    goto done;
  }
  if (!replacement) {
    for (int64_t i = 0; i < nDist; i++)
      if (host[i].firstNegative < nCat || host[i].firstInfinite < nCat) {
        THError("multinomial: probability tensor contains either `inf`, `nan` or element < 0");
        goto done;
      }
    for (int64_t i = 0; i < nDist; i++)
      if (host[i].sum == 0) {
        THError("multinomial: invalid multinomial distribution (sum of probabilities <= 0)");
        goto done;
      }
  } else {
    for (int64_t i = 0; i < nDist; i++) {
      if (host[i].firstNegative < host[i].firstInfinite) {
        THError("multinomial: invalid multinomial distribution (encountering probability entry < 0)");
        goto done;
      }
      if (host[i].firstInfinite < nCat) {
        THError("multinomial: invalid multinomial distribution (encountering probability entry = infinity or NaN)");
        goto done;
      }
      if (!(host[i].sum > 0)) {
        THError("multinomial: invalid multinomial distribution (sum of probabilities <= 0)");
        goto done;
      }
    }
  }
  int64_t rsize[2] = {nDist, numSamples};
  if (ND(p) == 1) rsize[0] = numSamples;
  if (THTensor_resize(r, ND(p), rsize)) goto done;
  const int64_t rs0 = ND(p) == 2 ? ST(r)[0] : 0, rs1 = ST(r)[ND(p) - 1];
  uint64_t seed, offset;
  reserve(s.g, &seed, &offset);
  const int64_t n = nDist * nCat;
  if (replacement) {
    if (!(bufA = THCBlas_newTensor(&s.c, TH_Float64, 1, &n))) goto done;
    err = THCRandK_multinomialWithReplacement(THTensor_data(pd), DT(pd), nDist, nCat, prs, pcs, THTensor_data(bufA), numSamples,
                                              THTensor_data(r), rs0, rs1, seed, offset, s.c.cs);
  } else { /* PyTorch's trick: the top-k of p / q with q ~ Exp(1), by sorting (row, score) keys */
    if (!(bufA = THCBlas_newTensor(&s.c, TH_Int64, 1, &n)) || !(bufB = THCBlas_newTensor(&s.c, TH_Int64, 1, &n)) ||
        !(bufC = THCBlas_newTensor(&s.c, TH_Int64, 1, &n)) || !(bufD = THCBlas_newTensor(&s.c, TH_Int64, 1, &n)))
      goto done;
    int endBit = 32;
    while (endBit < 64 && (nDist - 1) >> (endBit - 32)) endBit++;
    size_t bytes = 0;
    err = THCRandK_multinomialKeys(THTensor_data(pd), DT(pd), nDist, nCat, prs, pcs, THTensor_data(bufA), THTensor_data(bufB), seed,
                                   offset, s.c.cs);
    if (err == cudaSuccess) err = THCRandK_sortPairs(NULL, &bytes, NULL, NULL, NULL, NULL, n, endBit, s.c.cs);
    int64_t nb = (int64_t)bytes + 1;
    if (err == cudaSuccess && !(temp = THCBlas_newTensor(&s.c, TH_UInt8, 1, &nb))) goto done;
    if (err == cudaSuccess)
      err = THCRandK_sortPairs(THTensor_data(temp), &bytes, THTensor_data(bufA), THTensor_data(bufC), THTensor_data(bufB),
                               THTensor_data(bufD), n, endBit, s.c.cs);
    if (err == cudaSuccess) err = THCRandK_gatherSamples(THTensor_data(bufD), nDist, nCat, numSamples, THTensor_data(r), rs0, rs1, s.c.cs);
  }
  if (err != cudaSuccess) {
    THCError(err, "multinomial");
    goto done;
  }
  THTensor_bumpVersion(r);
  st = TH_OK;
done:
  free(host);
  THTensor_free(pd);
  THTensor_free(stats);
  THTensor_free(bufA);
  THTensor_free(bufB);
  THTensor_free(bufC);
  THTensor_free(bufD);
  THTensor_free(temp);
  return end(&s, st);
}

/* ---- torch.normal with tensors ---- */

int THCTensor_normalTensor(THCState *state, THTensor *r, const THTensor *mean, double meanValue, const THTensor *std, double stdValue,
                           THCGenerator *g) {
  if (!mean && !std) return THError("normal: expected mean or std to be a tensor");
  if (!std && !(stdValue >= 0.0)) return THError("normal expects std >= 0.0, but found std %g", stdValue);
  Sampling s;
  const THTensor *ts[2] = {mean, std};
  if (begin(&s, state, "normal", r, 2, ts, g)) return TH_ERR;
  THTensor *md = mean ? onDevice(&s, mean) : NULL, *sd = std ? onDevice(&s, std) : NULL;
  int st = TH_ERR;
  if ((mean && !md) || (std && !sd)) goto done;
  if (sd) {
    MinMax m;
    if (minMax(&s, sd, &m)) goto done;
    if (THTensor_numel(sd) > 0 && (m.nan || m.min < 0)) {
      THError("normal expects all elements of std >= 0.0");
      goto done;
    }
  }
  if (!isFloat(DT(r))) {
    notFloating("normal", DT(r));
    goto done;
  }
  int nd;
  int64_t shape[TH_MAX_DIMS];
  if (md && sd) {
    if (THBroadcastShapes(ND(md), SZ(md), ND(sd), SZ(sd), &nd, shape)) goto done;
  } else {
    const THTensor *t = md ? md : sd;
    nd = ND(t);
    memcpy(shape, SZ(t), sizeof(int64_t) * (size_t)nd);
  }
  if (THTensor_resize(r, nd, shape)) goto done;
  if (THTensor_numel(r) == 0) {
    st = TH_OK;
    goto done;
  }
  /* draws must not overwrite parameters still to be read */
  THTensor *mc = md && THTensor_sharesStorage(r, md) ? THCBlas_newContiguous(&s.c, md, DT(md), 1) : md;
  THTensor *sc = sd && THTensor_sharesStorage(r, sd) ? THCBlas_newContiguous(&s.c, sd, DT(sd), 1) : sd;
  if ((md && !mc) || (sd && !sc)) goto freeCopies;
  THCRandArgs a = {.kind = THC_RAND_NORMAL_TENSOR, .a = mean ? 0 : meanValue, .b = std ? 1 : stdValue};
  st = sample(&s, r, &a, mc, sc);
freeCopies:
  if (mc != md) THTensor_free(mc);
  if (sc != sd) THTensor_free(sc);
done:
  THTensor_free(md);
  THTensor_free(sd);
  return end(&s, st);
}

/* ---- rand_like's result ---- */

/* True when t's elements fill a block of memory exactly once in some dimension order (libTH's
 * THTensor_isNonOverlappingAndDense, internal to libTH). */
static int nonOverlappingAndDense(const THTensor *t) {
  int dims[TH_MAX_DIMS], n = 0;
  for (int i = 0; i < ND(t); i++) {
    if (SZ(t)[i] == 0) return 1;
    if (SZ(t)[i] != 1) dims[n++] = i;
  }
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && ST(t)[dims[j - 1]] > ST(t)[dims[j]]; j--) {
      int tmp = dims[j];
      dims[j] = dims[j - 1];
      dims[j - 1] = tmp;
    }
  int64_t expected = 1;
  for (int i = 0; i < n; i++) {
    if (ST(t)[dims[i]] != expected) return 0;
    expected *= SZ(t)[dims[i]];
  }
  return 1;
}

THTensor *THCRandom_newLike(THCState *state, const THTensor *t, THDType dtype) {
  int perm[TH_MAX_DIMS];
  const THTensor *in[1] = {t};
  THIter_outputLayout(1, in, ND(t), SZ(t), perm);
  int device = THCTensor_device(t);
  THTensor *r = THCTensor_new(state, dtype, device >= 0 ? device : -1);
  if (r && THTensor_resizeWithLayout(r, ND(t), SZ(t), nonOverlappingAndDense(t) ? perm : NULL)) {
    THTensor_free(r);
    return NULL;
  }
  return r;
}
