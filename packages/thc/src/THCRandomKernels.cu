/* THCRandomKernels.cu — sampling kernels on Philox4x32-10 (THCPhilox.h). Element i of a launch
 * belongs to group i / E (E = 4 values from the 4 words of one Philox call for 32-bit draws, 2 for
 * 53/64-bit draws); group g's words are Philox(counter = (g, offset / 4), key = seed). One kernel
 * serves every distribution and dtype with run-time switches (memory-bound work: the switches
 * cost little and the build stays small). */
#include <string.h>

#include <cub/device/device_radix_sort.cuh>

#include "THCBlasDevice.cuh"
#include "THCPhilox.h"

using namespace thcblas;

namespace {

__device__ __forceinline__ uint64_t join64(uint32_t hi, uint32_t lo) { return ((uint64_t)hi << 32) | lo; }

/* Elements per Philox call for this launch. */
int groupSize(const THCRandArgs &a) {
  const bool dbl = a.dtype == TH_Float64;
  switch (a.kind) {
    case THC_RAND_UNIFORM:
    case THC_RAND_NORMAL:
    case THC_RAND_LOGNORMAL:
    case THC_RAND_NORMAL_TENSOR:
    case THC_RAND_EXPONENTIAL:
    case THC_RAND_CAUCHY: return dbl ? 2 : 4;
    case THC_RAND_BERNOULLI_TENSOR: return a.pType == TH_Float64 ? 2 : 4;
    case THC_RAND_RANDOM32: return 4;
    case THC_RAND_RANDOM_DEFAULT: return a.dtype == TH_Int64 || a.dtype == TH_Float64 ? 2 : 4;
    default: return 2; /* geometric, bernoulli (53-bit uniforms), 64-bit random_ */
  }
}

/* random_() without bounds: [0, 2^mantissa] for floats, [0, max] for integers, {0, 1} for bool
 * (one 32-bit word, or two for int64/float64). */
__device__ __forceinline__ long long randomDefault(int dt, uint32_t w, uint64_t w64) {
  switch (dt) {
    case TH_Bool: return w & 1u;
    case TH_Int64: return (long long)(w64 % (1ULL << 63));
    case TH_Float64: return (long long)(w64 % ((1ULL << 53) + 1));
    case TH_Float32: return (long long)(w % ((1u << 24) + 1));
    case TH_Float16: return (long long)(w % ((1u << 11) + 1));
    case TH_BFloat16: return (long long)(w % ((1u << 8) + 1));
    case TH_UInt8: return w % 256u;
    case TH_Int8: return w % 128u;
    case TH_Int16: return w % 32768u;
    default: return (long long)(w % 2147483648u); /* int32 */
  }
}

__global__ void sampleKernel(THCRandArgs a, int E) {
  const int64_t groups = (a.numel + E - 1) / E;
  const int dt = a.dtype;
  const bool dbl = dt == TH_Float64;
  for (int64_t g = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; g < groups; g += (int64_t)gridDim.x * blockDim.x) {
    const THCPhilox4 w = THCPhilox_draw(a.seed, a.offset, (uint64_t)g);
    double v[4] = {0, 0, 0, 0};   /* floating results */
    long long iv[4] = {0, 0, 0, 0}; /* integral results */
    bool integral = false;
    const int64_t first = g * E;
    switch (a.kind) {
      case THC_RAND_UNIFORM:
        if (dbl) {
          for (int e = 0; e < 2; e++) {
            double x = fma(THCPhilox_double01(w.v[2 * e], w.v[2 * e + 1]), a.b - a.a, a.a);
            v[e] = x >= a.b ? a.a : x; /* [from, to): a rounded-up `to` becomes `from`, as PyTorch */
          }
        } else {
          const float from = (float)a.a, to = (float)a.b, range = roundToF(dt, to - from);
          for (int e = 0; e < 4; e++) {
            float x = roundToF(dt, fmaf(THCPhilox_float01(w.v[e]), range, from));
            v[e] = x >= to ? from : x;
          }
        }
        break;
      case THC_RAND_NORMAL:
      case THC_RAND_LOGNORMAL:
      case THC_RAND_NORMAL_TENSOR: {
        double z[4];
        if (dbl) { /* Box-Muller on two 53-bit uniforms: two normals */
          const double u1 = THCPhilox_doubleOpen(w.v[0], w.v[1]), u2 = THCPhilox_double01(w.v[2], w.v[3]);
          const double rad = sqrt(-2.0 * log(u1));
          double s, c;
          sincospi(2.0 * u2, &s, &c);
          z[0] = rad * c, z[1] = rad * s;
        } else { /* two pairs of 24-bit uniforms: four normals */
          for (int h = 0; h < 2; h++) {
            const float u1 = THCPhilox_floatOpen(w.v[2 * h]), u2 = THCPhilox_float01(w.v[2 * h + 1]);
            const float rad = sqrtf(-2.0f * logf(u1));
            float s, c;
            sincospif(2.0f * u2, &s, &c);
            z[2 * h] = rad * c, z[2 * h + 1] = rad * s;
          }
        }
        for (int e = 0; e < E; e++) {
          double mean = a.a, std = a.b;
          if (a.kind == THC_RAND_NORMAL_TENSOR && first + e < a.numel) {
            if (a.p) mean = loadD(a.p, offsetOf(a.pInfo, first + e), a.pType);
            if (a.q) std = loadD(a.q, offsetOf(a.qInfo, first + e), a.qType);
          }
          if (dbl) v[e] = fma(z[e], std, mean);
          else v[e] = fmaf((float)z[e], (float)std, (float)mean);
          if (a.kind == THC_RAND_LOGNORMAL) v[e] = dbl ? exp(v[e]) : (double)expf((float)v[e]);
        }
        break;
      }
      case THC_RAND_EXPONENTIAL: /* -log(u) / lambda, u in (0, 1) */
        if (dbl) {
          for (int e = 0; e < 2; e++) v[e] = -log(THCPhilox_doubleOpen(w.v[2 * e], w.v[2 * e + 1])) / a.a;
        } else { /* as PyTorch's CUDA kernel: u within half an epsilon of 1 (of the result's dtype)
                  * takes log(u) = -eps / 2, so that no draw rounds to 0 */
          const float inv = (float)(1.0 / a.a);
          const float halfEps = dt == TH_Float16 ? 0x1p-11f : dt == TH_BFloat16 ? 0x1p-8f : 0x1p-24f;
          for (int e = 0; e < 4; e++) {
            const float u = THCPhilox_floatOpen(w.v[e]);
            v[e] = -(u >= 1.0f - halfEps ? -halfEps : logf(u)) * inv;
          }
        }
        break;
      case THC_RAND_CAUCHY: /* median + sigma * tan(pi (u - 1/2)) */
        if (dbl) {
          for (int e = 0; e < 2; e++) {
            double s, c;
            sincospi(THCPhilox_doubleOpen(w.v[2 * e], w.v[2 * e + 1]) - 0.5, &s, &c);
            v[e] = a.a + a.b * (s / c);
          }
        } else {
          for (int e = 0; e < 4; e++) {
            float s, c;
            sincospif(THCPhilox_floatOpen(w.v[e]) - 0.5f, &s, &c);
            v[e] = (float)a.a + (float)a.b * (s / c);
          }
        }
        break;
      case THC_RAND_GEOMETRIC: { /* ceil(log(u) / log(1 - p)): the number of trials to the first success */
        const double lq = log1p(-a.a);
        for (int e = 0; e < 2; e++) v[e] = ceil(log(THCPhilox_doubleOpen(w.v[2 * e], w.v[2 * e + 1])) / lq);
        break;
      }
      case THC_RAND_BERNOULLI:
        integral = true;
        for (int e = 0; e < 2; e++) iv[e] = THCPhilox_double01(w.v[2 * e], w.v[2 * e + 1]) < a.a;
        break;
      case THC_RAND_BERNOULLI_TENSOR:
        integral = true;
        for (int e = 0; e < E; e++) {
          if (first + e >= a.numel) break;
          const int64_t po = offsetOf(a.pInfo, first + e);
          if (a.pType == TH_Float64) iv[e] = THCPhilox_double01(w.v[2 * e], w.v[2 * e + 1]) < ((const double *)a.p)[po];
          else iv[e] = THCPhilox_float01(w.v[e]) < ((const float *)a.p)[po];
        }
        break;
      case THC_RAND_RANDOM32:
        integral = true;
        for (int e = 0; e < 4; e++) iv[e] = (long long)((uint64_t)w.v[e] % a.range + (uint64_t)a.base);
        break;
      case THC_RAND_RANDOM64:
        integral = true;
        for (int e = 0; e < 2; e++) iv[e] = (long long)(join64(w.v[2 * e], w.v[2 * e + 1]) % a.range + (uint64_t)a.base);
        break;
      case THC_RAND_RANDOM_FULL:
        integral = true;
        for (int e = 0; e < 2; e++) iv[e] = (long long)join64(w.v[2 * e], w.v[2 * e + 1]);
        break;
      default: /* THC_RAND_RANDOM_DEFAULT */
        integral = true;
        if (E == 2)
          for (int e = 0; e < 2; e++) iv[e] = randomDefault(dt, 0, join64(w.v[2 * e], w.v[2 * e + 1]));
        else
          for (int e = 0; e < 4; e++) iv[e] = randomDefault(dt, w.v[e], 0);
        break;
    }
    for (int e = 0; e < E; e++) {
      if (first + e >= a.numel) break;
      const int64_t off = offsetOf(a.rInfo, first + e);
      if (integral) storeI(a.r, off, dt, iv[e]);
      else storeD(a.r, off, dt, v[e]);
    }
  }
}

/* doubles as unsigned keys in the same order (negative values flipped) */
__device__ __forceinline__ uint64_t orderKey(double v) {
  const uint64_t b = (uint64_t)__double_as_longlong(v);
  return (b >> 63) ? ~b : b | 0x8000000000000000ULL;
}

__device__ __forceinline__ uint64_t shflDown64(uint64_t v, int o) { return __shfl_down_sync(0xffffffffu, (unsigned long long)v, o); }

__global__ void minMaxKernel(const char *t, int dt, THCStrided info, int64_t n, unsigned long long *out) {
  uint64_t lo = ~0ULL, hi = 0;
  unsigned nan = 0;
  for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x) {
    const double v = loadD(t, offsetOf(info, i), dt);
    if (v != v) {
      nan = 1;
      continue;
    }
    const uint64_t k = orderKey(v);
    lo = k < lo ? k : lo;
    hi = k > hi ? k : hi;
  }
  for (int o = 16; o > 0; o >>= 1) {
    const uint64_t l2 = shflDown64(lo, o), h2 = shflDown64(hi, o);
    lo = l2 < lo ? l2 : lo;
    hi = h2 > hi ? h2 : hi;
    nan |= __shfl_down_sync(0xffffffffu, nan, o);
  }
  if ((threadIdx.x & 31) == 0) {
    if (lo != ~0ULL) atomicMin(&out[0], (unsigned long long)lo);
    if (hi != 0) atomicMax(&out[1], (unsigned long long)hi);
    if (nan) atomicOr(&out[2], 1ULL);
  }
}

/* One block per row (grid-stride over rows). */
__global__ void rowStatsKernel(const char *p, int dt, int64_t rows, int64_t cols, int64_t rs, int64_t cs, THCRowStats *out) {
  __shared__ double sums[32];
  __shared__ unsigned long long negs[32], infs[32];
  for (int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
    double s = 0;
    unsigned long long neg = (unsigned long long)cols, inf = (unsigned long long)cols;
    for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) {
      const double v = loadD(p, row * rs + j * cs, dt);
      if (!(v >= 0)) neg = neg < (unsigned long long)j ? neg : (unsigned long long)j;
      else if (isinf(v)) inf = inf < (unsigned long long)j ? inf : (unsigned long long)j;
      else s += v;
    }
    for (int o = 16; o > 0; o >>= 1) {
      s += __shfl_down_sync(0xffffffffu, s, o);
      const unsigned long long n2 = __shfl_down_sync(0xffffffffu, neg, o), i2 = __shfl_down_sync(0xffffffffu, inf, o);
      neg = n2 < neg ? n2 : neg;
      inf = i2 < inf ? i2 : inf;
    }
    const int w = threadIdx.x >> 5, nw = blockDim.x >> 5;
    if ((threadIdx.x & 31) == 0) sums[w] = s, negs[w] = neg, infs[w] = inf;
    __syncthreads();
    if (threadIdx.x == 0) {
      for (int k = 1; k < nw; k++) {
        s += sums[k];
        neg = negs[k] < neg ? negs[k] : neg;
        inf = infs[k] < inf ? infs[k] : inf;
      }
      out[row].sum = s;
      out[row].firstNegative = (long long)neg;
      out[row].firstInfinite = (long long)inf;
    }
    __syncthreads(); /* the shared slots are reused by the next row */
  }
}

/* One block per row: an inclusive scan in chunks of blockDim, then each entry divided by the total. */
__global__ void cumulativeKernel(const char *p, int dt, int64_t rows, int64_t cols, int64_t rs, int64_t cs, double *cum) {
  __shared__ double warpTotals[32];
  __shared__ double carry;
  const int lane = threadIdx.x & 31, w = threadIdx.x >> 5, nw = blockDim.x >> 5;
  for (int64_t row = blockIdx.x; row < rows; row += gridDim.x) {
    double *c = cum + row * cols;
    if (threadIdx.x == 0) carry = 0;
    __syncthreads();
    for (int64_t j0 = 0; j0 < cols; j0 += blockDim.x) {
      const int64_t j = j0 + threadIdx.x;
      double x = j < cols ? loadD(p, row * rs + j * cs, dt) : 0.0;
      for (int o = 1; o < 32; o <<= 1) { /* inclusive scan within the warp */
        const double y = __shfl_up_sync(0xffffffffu, x, o);
        if (lane >= o) x += y;
      }
      if (lane == 31) warpTotals[w] = x;
      __syncthreads();
      double before = carry;
      for (int k = 0; k < w; k++) before += warpTotals[k];
      if (j < cols) c[j] = before + x;
      __syncthreads(); /* everyone has read carry and the totals */
      if (threadIdx.x == 0) {
        double t = carry;
        for (int k = 0; k < nw; k++) t += warpTotals[k];
        carry = t;
      }
      __syncthreads();
    }
    const double total = carry;
    for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) c[j] = j == cols - 1 ? 1.0 : c[j] / total;
    __syncthreads(); /* carry is reset for the next row only after everyone read the total */
  }
}

__global__ void drawCategoriesKernel(const double *cum, int64_t rows, int64_t cols, int64_t samples, long long *r, int64_t rrs,
                                     int64_t rcs, uint64_t seed, uint64_t offset) {
  const int64_t n = rows * samples, groups = (n + 1) / 2;
  for (int64_t g = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; g < groups; g += (int64_t)gridDim.x * blockDim.x) {
    const THCPhilox4 w = THCPhilox_draw(seed, offset, (uint64_t)g);
    for (int e = 0; e < 2; e++) {
      const int64_t idx = 2 * g + e;
      if (idx >= n) break;
      const int64_t row = idx / samples, k = idx - row * samples;
      const double u = THCPhilox_doubleOpen(w.v[2 * e], w.v[2 * e + 1]);
      const double *c = cum + row * cols;
      int64_t lo = 0, hi = cols;
      while (lo < hi) { /* the first category whose cumulative probability reaches u */
        const int64_t mid = lo + (hi - lo) / 2;
        if (c[mid] < u) lo = mid + 1;
        else hi = mid;
      }
      r[row * rrs + k * rcs] = lo < cols ? lo : cols - 1;
    }
  }
}

__global__ void multinomialKeysKernel(const char *p, int dt, int64_t rows, int64_t cols, int64_t rs, int64_t cs,
                                      unsigned long long *keys, long long *vals, uint64_t seed, uint64_t offset) {
  const int64_t n = rows * cols, groups = (n + 1) / 2;
  for (int64_t g = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; g < groups; g += (int64_t)gridDim.x * blockDim.x) {
    const THCPhilox4 w = THCPhilox_draw(seed, offset, (uint64_t)g);
    for (int e = 0; e < 2; e++) {
      const int64_t idx = 2 * g + e;
      if (idx >= n) break;
      const int64_t row = idx / cols, j = idx - row * cols;
      const double q = -log(THCPhilox_doubleOpen(w.v[2 * e], w.v[2 * e + 1])); /* Exp(1) > 0 */
      const float score = (float)(loadD(p, row * rs + j * cs, dt) / q);      /* >= 0: its bits sort as unsigned */
      keys[idx] = ((unsigned long long)row << 32) | (unsigned long long)(~__float_as_uint(score)); /* descending score */
      vals[idx] = j;
    }
  }
}

__global__ void gatherSamplesKernel(const long long *vals, int64_t rows, int64_t cols, int64_t samples, long long *r,
                                    int64_t rrs, int64_t rcs) {
  const int64_t n = rows * samples;
  for (int64_t idx = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; idx < n; idx += (int64_t)gridDim.x * blockDim.x) {
    const int64_t row = idx / samples, k = idx - row * samples;
    r[row * rrs + k * rcs] = vals[row * cols + k];
  }
}

__global__ void permKeysKernel(unsigned long long *keys, long long *vals, int64_t n, uint64_t seed, uint64_t offset) {
  const int64_t groups = (n + 1) / 2;
  for (int64_t g = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; g < groups; g += (int64_t)gridDim.x * blockDim.x) {
    const THCPhilox4 w = THCPhilox_draw(seed, offset, (uint64_t)g);
    for (int e = 0; e < 2; e++) {
      const int64_t i = 2 * g + e;
      if (i >= n) break;
      keys[i] = join64(w.v[2 * e], w.v[2 * e + 1]);
      vals[i] = i;
    }
  }
}

unsigned rowGrid(int64_t rows) { return (unsigned)(rows < 65535 ? (rows < 1 ? 1 : rows) : 65535); }

}  // namespace

extern "C" {

cudaError_t THCRandK_sample(const THCRandArgs *args, cudaStream_t stream) {
  if (args->numel <= 0) return cudaSuccess;
  const int E = groupSize(*args);
  THC_LAUNCH(sampleKernel, gridFor((args->numel + E - 1) / E, 256), 256, 0, stream, *args, E);
  return cudaGetLastError();
}

cudaError_t THCRandK_minMax(const void *t, THDType dtype, const THCStrided *info, int64_t numel, uint64_t *out,
                            cudaStream_t stream) {
  const uint64_t init[3] = {~0ULL, 0, 0};
  cudaError_t err = cudaMemcpyAsync(out, init, sizeof init, cudaMemcpyHostToDevice, stream);
  if (err != cudaSuccess || numel <= 0) return err;
  THC_LAUNCH(minMaxKernel, gridFor(numel, 256), 256, 0, stream, (const char *)t, dtype, *info, numel, (unsigned long long *)out);
  return cudaGetLastError();
}

double THCRand_keyToDouble(uint64_t key) {
  const uint64_t b = (key >> 63) ? key & 0x7fffffffffffffffULL : ~key;
  double v;
  memcpy(&v, &b, sizeof v);
  return v;
}

cudaError_t THCRandK_rowStats(const void *p, THDType dtype, int64_t rows, int64_t cols, int64_t rs, int64_t cs,
                              THCRowStats *out, cudaStream_t stream) {
  if (rows <= 0) return cudaSuccess;
  THC_LAUNCH(rowStatsKernel, rowGrid(rows), 256, 0, stream, (const char *)p, dtype, rows, cols, rs, cs, out);
  return cudaGetLastError();
}

cudaError_t THCRandK_multinomialWithReplacement(const void *p, THDType dtype, int64_t rows, int64_t cols, int64_t rs,
                                                int64_t cs, double *cum, int64_t samples, long long *r, int64_t rrs,
                                                int64_t rcs, uint64_t seed, uint64_t offset, cudaStream_t stream) {
  if (rows <= 0 || samples <= 0) return cudaSuccess;
  THC_LAUNCH(cumulativeKernel, rowGrid(rows), 256, 0, stream, (const char *)p, dtype, rows, cols, rs, cs, cum);
  cudaError_t err = cudaGetLastError();
  if (err != cudaSuccess) return err;
  THC_LAUNCH(drawCategoriesKernel, gridFor((rows * samples + 1) / 2, 256), 256, 0, stream, cum, rows, cols, samples, r, rrs, rcs, seed,
                                                                                   offset);
  return cudaGetLastError();
}

cudaError_t THCRandK_multinomialKeys(const void *p, THDType dtype, int64_t rows, int64_t cols, int64_t rs, int64_t cs,
                                     uint64_t *keys, long long *vals, uint64_t seed, uint64_t offset, cudaStream_t stream) {
  const int64_t n = rows * cols;
  if (n <= 0) return cudaSuccess;
  THC_LAUNCH(multinomialKeysKernel, gridFor((n + 1) / 2, 256), 256, 0, stream, (const char *)p, dtype, rows, cols, rs, cs,
                                                                        (unsigned long long *)keys, vals, seed, offset);
  return cudaGetLastError();
}

cudaError_t THCRandK_gatherSamples(const long long *vals, int64_t rows, int64_t cols, int64_t samples, long long *r,
                                   int64_t rrs, int64_t rcs, cudaStream_t stream) {
  if (rows * samples <= 0) return cudaSuccess;
  THC_LAUNCH(gatherSamplesKernel, gridFor(rows * samples, 256), 256, 0, stream, vals, rows, cols, samples, r, rrs, rcs);
  return cudaGetLastError();
}

cudaError_t THCRandK_permKeys(uint64_t *keys, long long *vals, int64_t n, uint64_t seed, uint64_t offset, cudaStream_t stream) {
  if (n <= 0) return cudaSuccess;
  THC_LAUNCH(permKeysKernel, gridFor((n + 1) / 2, 256), 256, 0, stream, (unsigned long long *)keys, vals, n, seed, offset);
  return cudaGetLastError();
}

cudaError_t THCRandK_sortPairs(void *temp, size_t *tempBytes, const uint64_t *keysIn, uint64_t *keysOut, const long long *valsIn,
                               long long *valsOut, int64_t n, int endBit, cudaStream_t stream) {
  return cub::DeviceRadixSort::SortPairs(temp, *tempBytes, (const unsigned long long *)keysIn, (unsigned long long *)keysOut,
                                         valsIn, valsOut, n, 0, endBit, stream);
}

}  // extern "C"
