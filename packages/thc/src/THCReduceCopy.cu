/* The reductions' own strided copy with dtype conversion (inputs converted to a compute dtype, and
 * results computed into temporaries copied back). One kernel for every pair of dtypes: elements go
 * through a wide value (int64 for integers and bools, double for floating types), which gives
 * exactly libTH's conversions (TH_STORE_<dst>(TH_LOAD_<src>)). */
#include "THCReduceKernels.cuh"

namespace thcr {

struct Wide {
  double d;
  i64 i;
  bool isInt;
};

__device__ __forceinline__ Wide loadWide(const void *base, int t, i64 off) {
  Wide w = {0, 0, true};
  switch (t) {
    case TH_Bool: w.i = static_cast<const uint8_t *>(base)[off] != 0; break;
    case TH_UInt8: w.i = static_cast<const uint8_t *>(base)[off]; break;
    case TH_Int8: w.i = static_cast<const int8_t *>(base)[off]; break;
    case TH_Int16: w.i = static_cast<const int16_t *>(base)[off]; break;
    case TH_Int32: w.i = static_cast<const int32_t *>(base)[off]; break;
    case TH_Int64: w.i = static_cast<const int64_t *>(base)[off]; break;
    case TH_Float16: w.d = __half2float(static_cast<const __half *>(base)[off]), w.isInt = false; break;
    case TH_BFloat16: w.d = __bfloat162float(static_cast<const __nv_bfloat16 *>(base)[off]), w.isInt = false; break;
    case TH_Float32: w.d = static_cast<const float *>(base)[off], w.isInt = false; break;
    case TH_Float64: w.d = static_cast<const double *>(base)[off], w.isInt = false; break;
    default: break;
  }
  return w;
}

__global__ void __launch_bounds__(256) copyKernel(const THCCopyPlan p) {
  const i64 step = (i64)gridDim.x * blockDim.x;
  for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < p.numel; i += step) {
    i64 r = i, so = 0, dof = 0;
#pragma unroll 1
    for (int d = 0; d < p.ndim; d++) {
      const i64 c = r % p.size[d];
      r /= p.size[d];
      so += c * p.sstr[d];
      dof += c * p.dstr[d];
    }
    const Wide w = loadWide(p.src, p.srcType, so);
    OutVal v = {w.d, w.i};
    storeOut(p.dst, p.dstType, dof, v, w.isInt);
  }
}

} // namespace thcr

extern "C" int THCReduce_launchCopy(THCStream *stream, const THCCopyPlan *p) {
  if (p->numel == 0) return TH_OK;
  const int threads = 256;
  int64_t blocks = (p->numel + threads - 1) / threads;
  if (blocks > 65536) blocks = 65536;
  THC_LAUNCH(thcr::copyKernel, dim3((unsigned)blocks), dim3(threads), 0, (cudaStream_t)THCStream_handle(stream), *p);
  cudaError_t err = cudaGetLastError();
  return err == cudaSuccess ? TH_OK : THCError(err, "copy kernel launch");
}
