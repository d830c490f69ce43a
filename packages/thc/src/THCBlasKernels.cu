/* THCBlasKernels.cu — the small kernels behind THCBlas.c and THCBlasOps.c: strided copies with
 * dtype conversion (making operands contiguous, broadcasting self into addmm's result), fills,
 * the broadcast multiply of outer/kron, cross products, trace and tril/triu. One kernel per job
 * with the dtype read at run time: these move memory, so the switch costs little and the build
 * stays small. */
#include "THCBlasDevice.cuh"

using namespace thcblas;

namespace {

__global__ void copyKernel(char *dst, int dt, THCStrided di, const char *src, int st, THCStrided si, int64_t n) {
  /* integers (and bool) convert through int64, anything with a float through double */
  const bool viaInt = !isFloatType(dt) && !isFloatType(st);
  for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x) {
    const int64_t od = offsetOf(di, i), os = offsetOf(si, i);
    if (viaInt) storeI(dst, od, dt, loadI(src, os, st));
    else storeD(dst, od, dt, loadD(src, os, st));
  }
}

__global__ void fillKernel(char *dst, int dt, THCStrided di, int64_t n, double value) {
  for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x) {
    const int64_t od = offsetOf(di, i);
    if (isFloatType(dt)) storeD(dst, od, dt, value);
    else storeI(dst, od, dt, (long long)value);
  }
}

__global__ void mulKernel(char *out, int ot, THCStrided oi, const char *a, int at, THCStrided ai, const char *b, int bt,
                          THCStrided bi, int rt, int64_t n) {
  for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x) {
    const int64_t oo = offsetOf(oi, i), oa = offsetOf(ai, i), ob = offsetOf(bi, i);
    if (rt == TH_Float64) {
      storeD(out, oo, ot, loadD(a, oa, at) * loadD(b, ob, bt));
    } else if (isFloatType(rt)) { /* float math on operands rounded to the result type (TH's half rule); the
                                     product is rounded once, by the store into out's dtype */
      const float x = roundToF(rt, (float)loadD(a, oa, at)), y = roundToF(rt, (float)loadD(b, ob, bt));
      storeD(out, oo, ot, (double)(x * y));
    } else if (rt == TH_Bool) {
      storeI(out, oo, ot, loadI(a, oa, at) != 0 && loadI(b, ob, bt) != 0);
    } else {
      const unsigned long long p = (unsigned long long)loadI(a, oa, at) * (unsigned long long)loadI(b, ob, bt);
      storeI(out, oo, ot, wrapToI(rt, (long long)p));
    }
  }
}

__global__ void crossKernel(char *r, THCStrided ri, int64_t rs3, const char *a, THCStrided ai, int64_t as3, const char *b,
                            THCStrided bi, int64_t bs3, int dt, int64_t n) {
  for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (int64_t)gridDim.x * blockDim.x) {
    const int64_t orr = offsetOf(ri, i), oa = offsetOf(ai, i), ob = offsetOf(bi, i);
    if (isFloatType(dt)) {
      double x[3], y[3];
      for (int c = 0; c < 3; c++) x[c] = loadD(a, oa + c * as3, dt), y[c] = loadD(b, ob + c * bs3, dt);
      for (int c = 0; c < 3; c++) { /* each product and the difference rounded to dt, as TH's mul, mul, sub */
        const int j = (c + 1) % 3, k = (c + 2) % 3;
        double p, q;
        if (dt == TH_Float64) p = x[j] * y[k], q = x[k] * y[j];
        else p = roundToF(dt, (float)x[j] * (float)y[k]), q = roundToF(dt, (float)x[k] * (float)y[j]);
        storeD(r, orr + c * rs3, dt, dt == TH_Float64 ? p - q : (double)roundToF(dt, (float)p - (float)q));
      }
    } else {
      long long x[3], y[3];
      for (int c = 0; c < 3; c++) x[c] = loadI(a, oa + c * as3, dt), y[c] = loadI(b, ob + c * bs3, dt);
      for (int c = 0; c < 3; c++) {
        const int j = (c + 1) % 3, k = (c + 2) % 3;
        const long long p = wrapToI(dt, (long long)((unsigned long long)x[j] * (unsigned long long)y[k]));
        const long long q = wrapToI(dt, (long long)((unsigned long long)x[k] * (unsigned long long)y[j]));
        storeI(r, orr + c * rs3, dt, wrapToI(dt, (long long)((unsigned long long)p - (unsigned long long)q)));
      }
    }
  }
}

/* One block: the sum of n elements at a + i * step. */
__global__ void traceKernel(char *r, int ot, const char *a, int at, int64_t n, int64_t step) {
  __shared__ double fpart[32];
  __shared__ long long ipart[32];
  const bool fl = isFloatType(at);
  double fs = 0;
  long long is = 0;
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) {
    if (fl) fs += loadD(a, i * step, at);
    else is = (long long)((unsigned long long)is + (unsigned long long)loadI(a, i * step, at));
  }
  for (int o = 16; o > 0; o >>= 1) {
    fs += __shfl_down_sync(0xffffffffu, fs, o);
    is = (long long)((unsigned long long)is + (unsigned long long)__shfl_down_sync(0xffffffffu, is, o));
  }
  const int w = threadIdx.x >> 5, nw = blockDim.x >> 5;
  if ((threadIdx.x & 31) == 0) fpart[w] = fs, ipart[w] = is;
  __syncthreads();
  if (threadIdx.x != 0) return;
  for (int k = 1; k < nw; k++) fs += fpart[k], is = (long long)((unsigned long long)is + (unsigned long long)ipart[k]);
  if (fl) storeD(r, 0, ot, fs);
  else storeI(r, 0, ot, is);
}

__global__ void triangleKernel(char *t, int dt, THCStrided info, int64_t n, int64_t k, int upper) {
  const int nd = info.ndim;
  for (int64_t idx = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; idx < n; idx += (int64_t)gridDim.x * blockDim.x) {
    /* coordinates from the last dim up: j, then i, then the batch dims */
    int64_t rest = idx, off = 0, i = 0, j = 0;
    for (int d = nd - 1; d >= 0; d--) {
      const int64_t sz = info.sizes[d], q = rest / sz, c = rest - q * sz;
      rest = q;
      off += c * info.strides[d];
      if (d == nd - 1) j = c;
      else if (d == nd - 2) i = c;
    }
    const bool zero = upper ? j - i < k : j - i > k;
    if (zero) {
      if (isFloatType(dt)) storeD(t, off, dt, 0.0);
      else storeI(t, off, dt, 0);
    }
  }
}

}  // namespace

extern "C" {

cudaError_t THCBlasK_copy(void *dst, THDType dstType, const THCStrided *dstInfo, const void *src, THDType srcType,
                          const THCStrided *srcInfo, int64_t numel, cudaStream_t stream) {
  if (numel <= 0) return cudaSuccess;
  THC_LAUNCH(copyKernel, gridFor(numel, 256), 256, 0, stream, (char *)dst, dstType, *dstInfo, (const char *)src, srcType, *srcInfo,
                                                      numel);
  return cudaGetLastError();
}

cudaError_t THCBlasK_fill(void *dst, THDType dstType, const THCStrided *info, int64_t numel, double value,
                          cudaStream_t stream) {
  if (numel <= 0) return cudaSuccess;
  THC_LAUNCH(fillKernel, gridFor(numel, 256), 256, 0, stream, (char *)dst, dstType, *info, numel, value);
  return cudaGetLastError();
}

cudaError_t THCBlasK_mul(void *out, THDType outType, const THCStrided *outInfo, const void *a, THDType aType,
                         const THCStrided *aInfo, const void *b, THDType bType, const THCStrided *bInfo, THDType rt,
                         int64_t numel, cudaStream_t stream) {
  if (numel <= 0) return cudaSuccess;
  THC_LAUNCH(mulKernel, gridFor(numel, 256), 256, 0, stream, (char *)out, outType, *outInfo, (const char *)a, aType, *aInfo,
                                                     (const char *)b, bType, *bInfo, rt, numel);
  return cudaGetLastError();
}

cudaError_t THCBlasK_cross(void *r, const THCStrided *rInfo, int64_t rStride3, const void *a, const THCStrided *aInfo,
                           int64_t aStride3, const void *b, const THCStrided *bInfo, int64_t bStride3, THDType dtype,
                           int64_t numel, cudaStream_t stream) {
  if (numel <= 0) return cudaSuccess;
  THC_LAUNCH(crossKernel, gridFor(numel, 256), 256, 0, stream, (char *)r, *rInfo, rStride3, (const char *)a, *aInfo, aStride3,
                                                       (const char *)b, *bInfo, bStride3, dtype, numel);
  return cudaGetLastError();
}

cudaError_t THCBlasK_trace(void *r, THDType outType, const void *a, THDType aType, int64_t n, int64_t step,
                           cudaStream_t stream) {
  THC_LAUNCH(traceKernel, 1, 1024, 0, stream, (char *)r, outType, (const char *)a, aType, n, step);
  return cudaGetLastError();
}

cudaError_t THCBlasK_triangle(void *t, THDType dtype, const THCStrided *info, int64_t numel, int64_t k, int upper,
                              cudaStream_t stream) {
  if (numel <= 0) return cudaSuccess;
  THC_LAUNCH(triangleKernel, gridFor(numel, 256), 256, 0, stream, (char *)t, dtype, *info, numel, k, upper);
  return cudaGetLastError();
}

}  // extern "C"
