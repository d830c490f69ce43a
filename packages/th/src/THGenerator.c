/* THGenerator: PyTorch's CPU generator (mt19937), its seeding and its state bytes. */
#include "THGeneratorImpl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void mtSeed(THGenerator *g, uint64_t seed) {
  g->seed = seed;
  g->seeded = 1;
  g->state[0] = (uint32_t)(seed & 0xffffffffu);
  for (uint32_t j = 1; j < TH_MT_N; j++) g->state[j] = 1812433253u * (g->state[j - 1] ^ (g->state[j - 1] >> 30)) + j;
  g->left = 1;
  g->next = 0;
  g->hasNextDouble = g->hasNextFloat = 0;
  g->nextDouble = 0;
  g->nextFloat = 0;
}

#define MIXBITS(u, v) (((u)&0x80000000u) | ((v)&0x7fffffffu))
#define TWIST(u, v) ((MIXBITS(u, v) >> 1) ^ (((v)&1u) ? 0x9908b0dfu : 0u))

void THGenerator_twist(THGenerator *g) {
  uint32_t *p = g->state;
  g->left = TH_MT_N;
  g->next = 0;
  int j;
  for (j = 0; j < TH_MT_N - TH_MT_M; j++) p[j] = p[j + TH_MT_M] ^ TWIST(p[j], p[j + 1]);
  for (; j < TH_MT_N - 1; j++) p[j] = p[j + TH_MT_M - TH_MT_N] ^ TWIST(p[j], p[j + 1]);
  p[TH_MT_N - 1] = p[TH_MT_M - 1] ^ TWIST(p[TH_MT_N - 1], p[0]);
}

THGenerator *THGenerator_new(uint64_t seed) {
  THGenerator *g = calloc(1, sizeof *g);
  if (!g) {
    THError("THGenerator_new: out of memory");
    return NULL;
  }
  g->refcount = 1;
  pthread_mutex_init(&g->mutex, NULL);
  mtSeed(g, seed);
  return g;
}

void THGenerator_retain(THGenerator *g) {
  if (g && g->refcount > 0) __atomic_add_fetch(&g->refcount, 1, __ATOMIC_RELAXED);
}

void THGenerator_free(THGenerator *g) {
  if (!g || g->refcount < 0) return;
  if (__atomic_sub_fetch(&g->refcount, 1, __ATOMIC_ACQ_REL) == 0) {
    pthread_mutex_destroy(&g->mutex);
    free(g);
  }
}

static THGenerator defaultGen;
static pthread_once_t defaultOnce = PTHREAD_ONCE_INIT;
static void initDefault(void) {
  defaultGen.refcount = -1;
  pthread_mutex_init(&defaultGen.mutex, NULL);
  mtSeed(&defaultGen, TH_DEFAULT_SEED);
}

THGenerator *THGenerator_default(void) {
  pthread_once(&defaultOnce, initDefault);
  return &defaultGen;
}

void THGenerator_manualSeed(THGenerator *g, uint64_t seed) {
  g = THGen_lock(g);
  mtSeed(g, seed);
  THGen_unlock(g);
}

uint64_t THRandom_entropySeed(void) {
  uint64_t s = 0;
  FILE *f = fopen("/dev/urandom", "rb");
  if (!f || fread(&s, sizeof s, 1, f) != 1) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    s = ((uint64_t)ts.tv_sec * 1000000007ULL) ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)(uintptr_t)&s << 16);
  }
  if (f) fclose(f);
  return s & 0x1FFFFFFFFFFFFFULL; /* 53 bits: exact as a JS number */
}

uint64_t THGenerator_seed(THGenerator *g) {
  uint64_t s = THRandom_entropySeed();
  THGenerator_manualSeed(g, s);
  return s;
}

uint64_t THGenerator_initialSeed(THGenerator *g) {
  g = THGen_lock(g);
  uint64_t s = g->seed;
  THGen_unlock(g);
  return s;
}

uint32_t THGenerator_random(THGenerator *g) {
  g = THGen_lock(g);
  uint32_t r = THGen_u32(g);
  THGen_unlock(g);
  return r;
}

uint64_t THGenerator_random64(THGenerator *g) {
  g = THGen_lock(g);
  uint64_t r = THGen_u64(g);
  THGen_unlock(g);
  return r;
}

/* PyTorch's CPUGeneratorImplState: { THGeneratorState legacy_pod { uint64 the_initial_seed;
 * int left; int seeded; uint64 next; uint64 state[624]; double normal_x, normal_y, normal_rho;
 * int normal_is_valid; } float next_float_normal_sample; bool is_next_float_normal_sample_valid; } */
enum {
  OFF_SEED = 0,
  OFF_LEFT = 8,
  OFF_SEEDED = 12,
  OFF_NEXT = 16,
  OFF_STATE = 24,
  OFF_NORMAL_X = OFF_STATE + 8 * TH_MT_N,
  OFF_NORMAL_Y = OFF_NORMAL_X + 8,
  OFF_NORMAL_RHO = OFF_NORMAL_Y + 8,
  OFF_NORMAL_VALID = OFF_NORMAL_RHO + 8,
  OFF_FLOAT_NORMAL = TH_GENERATOR_LEGACY_STATE_SIZE,
  OFF_FLOAT_VALID = OFF_FLOAT_NORMAL + 4,
};

#define PUT(off, type, v)   \
  do {                      \
    type v_ = (v);          \
    memcpy(out + (off), &v_, sizeof v_); \
  } while (0)

void THGenerator_getState(THGenerator *g, uint8_t *out) {
  g = THGen_lock(g);
  memset(out, 0, TH_GENERATOR_STATE_SIZE);
  PUT(OFF_SEED, uint64_t, g->seed);
  PUT(OFF_LEFT, int32_t, g->left);
  PUT(OFF_SEEDED, int32_t, g->seeded);
  PUT(OFF_NEXT, uint64_t, g->next);
  for (int i = 0; i < TH_MT_N; i++) PUT(OFF_STATE + 8 * i, uint64_t, g->state[i]);
  PUT(OFF_NORMAL_Y, double, g->hasNextDouble ? g->nextDouble : 0.0);
  PUT(OFF_NORMAL_VALID, int32_t, g->hasNextDouble ? 1 : 0);
  PUT(OFF_FLOAT_NORMAL, float, g->hasNextFloat ? g->nextFloat : 0.0f);
  out[OFF_FLOAT_VALID] = g->hasNextFloat ? 1 : 0;
  THGen_unlock(g);
}

THTensor *THGenerator_newStateTensor(THGenerator *g) {
  int64_t n = TH_GENERATOR_STATE_SIZE;
  THTensor *t = THTensor_newWithSize(TH_UInt8, 1, &n);
  if (t) THGenerator_getState(g, (uint8_t *)THTensor_data(t));
  return t;
}

#define GET(off, type, var) memcpy(&(var), state + (off), sizeof(type))

int THGenerator_setState(THGenerator *g, const uint8_t *state, size_t n) {
  if (n != TH_GENERATOR_STATE_SIZE && n != TH_GENERATOR_LEGACY_STATE_SIZE)
    return THError("Expected either a THGeneratorState of size %d or a CPUGeneratorImplState of size %d but found the input "
                   "RNG state size to be %zu",
                   TH_GENERATOR_LEGACY_STATE_SIZE, TH_GENERATOR_STATE_SIZE, n);
  uint64_t seed, next;
  int32_t left, seeded, normalValid;
  double normalX, normalY, normalRho;
  GET(OFF_SEED, uint64_t, seed);
  GET(OFF_LEFT, int32_t, left);
  GET(OFF_SEEDED, int32_t, seeded);
  GET(OFF_NEXT, uint64_t, next);
  GET(OFF_NORMAL_X, double, normalX);
  GET(OFF_NORMAL_Y, double, normalY);
  GET(OFF_NORMAL_RHO, double, normalRho);
  GET(OFF_NORMAL_VALID, int32_t, normalValid);
  /* at::mt19937::is_valid: seeded, 0 < left <= 624, next <= 624 */
  if (!seeded || left <= 0 || left > TH_MT_N || (uint32_t)next > TH_MT_N) return THError("Invalid mt19937 state");
  g = THGen_lock(g);
  g->seed = seed;
  g->left = left;
  g->seeded = 1;
  g->next = (uint32_t)next;
  for (int i = 0; i < TH_MT_N; i++) {
    uint64_t w;
    GET(OFF_STATE + 8 * i, uint64_t, w);
    g->state[i] = (uint32_t)w;
  }
  g->hasNextDouble = g->hasNextFloat = 0;
  if (n == TH_GENERATOR_LEGACY_STATE_SIZE) {
    /* the legacy layout kept the uniforms (x, rho); the cached sample is rho * sin(2 pi x) */
    if (normalValid) {
      g->hasNextDouble = 1;
      g->nextDouble = normalRho * sin(2.0 * 3.14159265358979323846 * normalX);
    }
  } else {
    if (normalValid) {
      g->hasNextDouble = 1;
      g->nextDouble = normalY;
    }
    if (state[OFF_FLOAT_VALID]) {
      g->hasNextFloat = 1;
      memcpy(&g->nextFloat, state + OFF_FLOAT_NORMAL, sizeof(float));
    }
  }
  THGen_unlock(g);
  return TH_OK;
}

int THGenerator_setStateTensor(THGenerator *g, const THTensor *state) {
  if (THTensor_dtype(state) != TH_UInt8)
    return THError("RNG state must be a torch.ByteTensor (a uint8 tensor), but got a tensor of dtype %s", THDType_name(THTensor_dtype(state)));
  if (!THTensor_isContiguous(state)) return THError("RNG state must be contiguous");
  return THGenerator_setState(g, (const uint8_t *)THTensor_data(state), (size_t)THTensor_numel(state));
}
