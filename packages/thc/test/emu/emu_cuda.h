/* emu_cuda.h — forced into every libTHC kernel file (src/*.cu) when test/emu builds them with a
 * host C++ compiler (THC_EMU). Each CUDA thread of a block becomes a fiber (emu_runtime.cpp):
 * __syncthreads is a barrier of the block's threads, warp operations (shuffles, __syncwarp, the
 * wmma fragments of include/mma.h) a barrier and an exchange among a warp's threads, atomics host
 * atomics, static __shared__ arrays function statics (one block runs at a time); blocks run one
 * after another.
 * Under AddressSanitizer this finds out-of-bounds accesses; a missing barrier shows as a wrong
 * result or a deadlock. It checks kernels' logic, not CUDA's memory model or their speed. */
#ifndef THC_EMU_CUDA_H
#define THC_EMU_CUDA_H

#ifndef THC_EMU
#define THC_EMU 1
#endif

#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <cuda_bf16.h>

#include <cmath>
#include <math.h> /* isinf, isnan, ... unqualified, as device code calls them */
#include <cstdint>
#include <cstring>
#include <functional>
#include <type_traits>

#undef __global__
#undef __device__
#undef __host__
#undef __shared__
#undef __forceinline__
#undef __launch_bounds__
#define __global__
#define __device__
#define __host__
#define __shared__ static
#define __forceinline__ inline
#define __launch_bounds__(...)

extern "C" {
/* aborts unless p is memory cudaMalloc gave the current device (p NULL: `what` is the failure) */
void thcEmuCheckDevicePtr(const void *p, const char *what);
/* counts the pointwise kernels' paths (THC_EMU_VERBOSE reports them) */
void thcEmuCountPath(int contiguous, int dynamic);
}

struct ThcEmuDim {
  unsigned x, y, z;
};
extern thread_local ThcEmuDim thcEmuThreadIdx, thcEmuBlockIdx;
extern ThcEmuDim thcEmuBlockDim, thcEmuGridDim;
#define threadIdx thcEmuThreadIdx
#define blockIdx thcEmuBlockIdx
#define blockDim thcEmuBlockDim
#define gridDim thcEmuGridDim

/* Runs body on every thread of the grid (THCKernel.cuh's THC_LAUNCH); a bad configuration sets
 * the error cudaGetLastError returns, as a real launch does. */
void thcEmuLaunch(dim3 grid, dim3 block, size_t smem, cudaStream_t stream, const std::function<void()> &body);
void *thcEmuDynamicShared();

void thcEmuSyncBlock();
void thcEmuSyncWarp();
/* lane's value of v, exchanged among the warp (kind 0: down, 1: up, 2: from lane `arg`) */
void thcEmuShuffle(void *v, size_t bytes, int kind, int arg, int width);

inline void __syncthreads() { thcEmuSyncBlock(); }
inline void __syncwarp(unsigned mask = 0xffffffffu) {
  (void)mask;
  thcEmuSyncWarp();
}
template <typename T> inline T thcEmuShfl(T v, int kind, int arg, int width) {
  static_assert(sizeof(T) <= 16, "shuffled values are at most 16 bytes");
  thcEmuShuffle(&v, sizeof v, kind, arg, width);
  return v;
}
template <typename T> inline T __shfl_down_sync(unsigned, T v, unsigned d, int width = 32) { return thcEmuShfl(v, 0, (int)d, width); }
template <typename T> inline T __shfl_up_sync(unsigned, T v, unsigned d, int width = 32) { return thcEmuShfl(v, 1, (int)d, width); }
template <typename T> inline T __shfl_sync(unsigned, T v, int src, int width = 32) { return thcEmuShfl(v, 2, src, width); }

/* atomics: integers directly, floating point by compare-and-swap of the bits */
template <typename T> inline T thcEmuAtomicFloat(T *p, T v, T (*f)(T, T)) {
  T old;
  __atomic_load(p, &old, __ATOMIC_SEQ_CST);
  for (;;) {
    T desired = f(old, v);
    if (__atomic_compare_exchange(p, &old, &desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) return old;
  }
}
template <typename T> inline T atomicAdd(T *p, T v) {
  if constexpr (std::is_floating_point<T>::value) return thcEmuAtomicFloat<T>(p, v, [](T a, T b) { return a + b; });
  else return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
}
template <typename T> inline T atomicMin(T *p, T v) {
  T old = __atomic_load_n(p, __ATOMIC_SEQ_CST);
  while (v < old && !__atomic_compare_exchange_n(p, &old, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
  }
  return old;
}
template <typename T> inline T atomicMax(T *p, T v) {
  T old = __atomic_load_n(p, __ATOMIC_SEQ_CST);
  while (v > old && !__atomic_compare_exchange_n(p, &old, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
  }
  return old;
}
template <typename T> inline T atomicOr(T *p, T v) { return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST); }
template <typename T> inline T atomicCAS(T *p, T expected, T desired) {
  __atomic_compare_exchange_n(p, &expected, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  return expected;
}

/* device intrinsics (built with -ffp-contract=off: each operation rounds on its own, as these do) */
inline unsigned int __umulhi(unsigned int a, unsigned int b) { return (unsigned int)(((uint64_t)a * b) >> 32); }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline double __dmul_rn(double a, double b) { return a * b; }
inline double __dadd_rn(double a, double b) { return a + b; }
inline double __dsub_rn(double a, double b) { return a - b; }
inline unsigned int __float_as_uint(float x) {
  unsigned int u;
  memcpy(&u, &x, sizeof u);
  return u;
}
inline long long __double_as_longlong(double x) {
  long long u;
  memcpy(&u, &x, sizeof u);
  return u;
}
inline void sincospi(double x, double *s, double *c) {
  *s = sin(M_PI * x);
  *c = cos(M_PI * x);
}
inline void sincospif(float x, float *s, float *c) {
  *s = sinf((float)M_PI * x);
  *c = cosf((float)M_PI * x);
}
[[noreturn]] void thcEmuTrap();
inline void __trap() { thcEmuTrap(); }

#endif
