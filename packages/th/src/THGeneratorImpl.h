/* The generator's layout and inline draws, shared by THGenerator.c and THDistributions.c. */
#ifndef TH_GENERATOR_IMPL_H
#define TH_GENERATOR_IMPL_H

#include "THInternal.h"

#include <pthread.h>

#define TH_MT_N 624
#define TH_MT_M 397

struct THGenerator {
  int refcount; /* < 0: the default generator, never freed */
  pthread_mutex_t mutex;
  /* mt19937, as PyTorch's at::mt19937 keeps it */
  uint64_t seed;
  int left;
  int seeded;
  uint32_t next;
  uint32_t state[TH_MT_N];
  /* the second Box–Muller sample of normal_distribution<double> / <float> */
  int hasNextDouble, hasNextFloat;
  double nextDouble;
  float nextFloat;
};

void THGenerator_twist(THGenerator *g);

static inline uint32_t THGen_u32(THGenerator *g) {
  if (--g->left == 0) THGenerator_twist(g);
  uint32_t y = g->state[g->next++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

static inline uint64_t THGen_u64(THGenerator *g) {
  uint64_t hi = THGen_u32(g);
  uint64_t lo = THGen_u32(g);
  return (hi << 32) | lo;
}

/* uniform_real_distribution<double>(0, 1) and <float>(0, 1) */
static inline double THGen_double(THGenerator *g) { return (double)(THGen_u64(g) & ((1ULL << 53) - 1)) * (1.0 / 9007199254740992.0); }
static inline float THGen_float(THGenerator *g) { return (float)(THGen_u32(g) & ((1u << 24) - 1)) * (1.0f / 16777216.0f); }

/* The generator to use (NULL: the default), locked for the caller's draws. */
static inline THGenerator *THGen_lock(THGenerator *g) {
  if (!g) g = THGenerator_default();
  pthread_mutex_lock(&g->mutex);
  return g;
}
static inline void THGen_unlock(THGenerator *g) { pthread_mutex_unlock(&g->mutex); }

#endif
