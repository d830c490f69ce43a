/* THNNNormVec.h — vector helpers of the normalization kernels (not installed).
 * Kernels that stream over contiguous runs carry THNN_CLONES: GCC compiles them twice (baseline
 * x86-64 and AVX2) and picks one at load time, as libTH's own kernels do. The reductions below
 * inline into them: sums in double with four independent vector accumulators (so float32 data is
 * summed in double and the loop is not bound by the adder's latency). */
#ifndef THNN_NORM_VEC_H
#define THNN_NORM_VEC_H

#include <stdint.h>

#pragma GCC diagnostic ignored "-Wpsabi"
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
#define THNN_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define THNN_CLONES
#endif
#define THNN_INLINE static inline __attribute__((always_inline))

typedef double thnn_v4d __attribute__((vector_size(32)));

/* (an initializer list: GCC 12 makes one AVX vcvtps2pd of it, but two halves of __builtin_convertvector) */
THNN_INLINE thnn_v4d thnn_ld4_Float(const float *p) {
  thnn_v4d x = {p[0], p[1], p[2], p[3]};
  return x;
}
THNN_INLINE thnn_v4d thnn_ld4_Double(const double *p) {
  thnn_v4d x;
  __builtin_memcpy(&x, p, sizeof x);
  return x;
}
THNN_INLINE double thnn_hsum4(thnn_v4d a) { return (a[0] + a[1]) + (a[2] + a[3]); }

#endif
