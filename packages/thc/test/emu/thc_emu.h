/* thc_emu.h — runs libTHC's kernels on the host (THC_EMU builds, see run.sh): every thread of a
 * launch, one after another, with the device intrinsics the kernels use. */
#ifndef THC_EMU_H
#define THC_EMU_H

#include <stdint.h>

extern "C" {
extern __thread uint32_t thcEmuBlockIdx, thcEmuBlockDim, thcEmuThreadIdx, thcEmuGridDim;
/* Aborts unless p lies in memory cudaMalloc gave the current device. */
void thcEmuCheckDevicePtr(const void *p, const char *what);
void thcEmuCountLaunch(int blocks, int threads);
void thcEmuCountPath(int contiguous, int dynamic);
}

template <typename F> inline void thcEmuRun(int blocks, int threads, F f) {
  thcEmuCountLaunch(blocks, threads);
  thcEmuGridDim = (uint32_t)blocks;
  thcEmuBlockDim = (uint32_t)threads;
  for (int b = 0; b < blocks; b++)
    for (int t = 0; t < threads; t++) {
      thcEmuBlockIdx = (uint32_t)b;
      thcEmuThreadIdx = (uint32_t)t;
      f();
    }
}

inline unsigned int __umulhi(unsigned int a, unsigned int b) { return (unsigned int)(((uint64_t)a * b) >> 32); }
/* built with -ffp-contract=off: each operation rounds on its own, as these intrinsics do */
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline double __dmul_rn(double a, double b) { return a * b; }
inline double __dadd_rn(double a, double b) { return a + b; }
inline double __dsub_rn(double a, double b) { return a - b; }

#endif
