/* THCPhilox.h — the counter-based generator behind libTHC's random numbers: Philox4x32-10
 * (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011; Random123's
 * philox4x32 with 10 rounds), the generator cuRAND and PyTorch's CUDA backend use. Four 32-bit
 * words come from a 128-bit counter and a 64-bit key with no state: element groups take their own
 * counters, so any thread computes its numbers alone and a result never depends on the launch
 * shape. Usable from C (host) and CUDA (host and device). */
#ifndef THC_PHILOX_H
#define THC_PHILOX_H

#include <stdint.h>

#if defined(__CUDACC__)
#define THC_PHILOX_FN __host__ __device__ __forceinline__
#else
#define THC_PHILOX_FN static inline
#endif

typedef struct THCPhilox4 {
  uint32_t v[4];
} THCPhilox4;

THC_PHILOX_FN uint32_t THCPhilox_mulhilo(uint32_t a, uint32_t b, uint32_t *hi) {
#if defined(__CUDA_ARCH__)
  *hi = __umulhi(a, b);
  return a * b;
#else
  uint64_t p = (uint64_t)a * b;
  *hi = (uint32_t)(p >> 32);
  return (uint32_t)p;
#endif
}

/* Philox4x32 with 10 rounds of counter ctr under key (k0, k1). */
THC_PHILOX_FN THCPhilox4 THCPhilox_4x32_10(THCPhilox4 ctr, uint32_t k0, uint32_t k1) {
  for (int round = 0; round < 10; round++) {
    if (round > 0) { /* the key schedule: Weyl sequence */
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    uint32_t hi0, hi1;
    uint32_t lo0 = THCPhilox_mulhilo(0xD2511F53u, ctr.v[0], &hi0);
    uint32_t lo1 = THCPhilox_mulhilo(0xCD9E8D57u, ctr.v[2], &hi1);
    THCPhilox4 next = {{hi1 ^ ctr.v[1] ^ k0, lo1, hi0 ^ ctr.v[3] ^ k1, lo0}};
    ctr = next;
  }
  return ctr;
}

/* The four words of element group `group` of the launch whose generator offset was `offset`:
 * counter (group, offset / 4), key = seed. Each launch takes its own offset (a multiple of 4, as
 * PyTorch's CUDA generator counts it), so launches never share counters. */
THC_PHILOX_FN THCPhilox4 THCPhilox_draw(uint64_t seed, uint64_t offset, uint64_t group) {
  const uint64_t step = offset / 4;
  THCPhilox4 ctr = {{(uint32_t)group, (uint32_t)(group >> 32), (uint32_t)step, (uint32_t)(step >> 32)}};
  return THCPhilox_4x32_10(ctr, (uint32_t)seed, (uint32_t)(seed >> 32));
}

/* Uniform numbers from raw words. */
/* [0, 1) with 24 random bits. */
THC_PHILOX_FN float THCPhilox_float01(uint32_t x) { return (float)(x >> 8) * (1.0f / 16777216.0f); }
/* (0, 1): the midpoints of 2^23 cells, never 0 or 1 (logarithms and tan(pi (u - 1/2)) stay
 * finite; with 2^24 cells the last midpoint would round to 1 in float). */
THC_PHILOX_FN float THCPhilox_floatOpen(uint32_t x) { return ((float)(x >> 9) + 0.5f) * (1.0f / 8388608.0f); }
/* [0, 1) with 53 random bits from two words. */
THC_PHILOX_FN double THCPhilox_double01(uint32_t hi, uint32_t lo) {
  return (double)((((uint64_t)hi << 32) | lo) >> 11) * (1.0 / 9007199254740992.0);
}
/* (0, 1): the midpoints of 2^52 cells (exactly representable, never 0 or 1). */
THC_PHILOX_FN double THCPhilox_doubleOpen(uint32_t hi, uint32_t lo) {
  return ((double)((((uint64_t)hi << 32) | lo) >> 12) + 0.5) * (1.0 / 4503599627370496.0);
}

#endif
