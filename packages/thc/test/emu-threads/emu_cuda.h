/* emu_cuda.h — forced into libTHC's reduction kernels (src/THCReduce*.cu, THCScanKernels.cu) when
 * test/emu/run.sh compiles them with a host C++ compiler: each CUDA thread of a block becomes a
 * CPU thread, __syncthreads a barrier of the block's threads, a shuffle an exchange among the 32
 * threads of a warp (which must all exist: a shuffle in a partial warp aborts), and blocks run one
 * after another. With AddressSanitizer this finds out-of-bounds accesses, missing barriers show as
 * deadlocks or wrong results, and the results are compared against libTH by the ordinary tests. */
#ifndef THCR_EMU_CUDA_H
#define THCR_EMU_CUDA_H

#define THCR_EMULATE 1

#include <cuda_runtime.h>
#include <cuda_fp16.h>
#include <cuda_bf16.h>

#include <cmath>
#include <cstring>
#include <functional>

#ifndef __launch_bounds__
#define __launch_bounds__(...)
#endif

struct EmuIdx {
  unsigned x, y, z;
};
EmuIdx &thcr_emu_tid();
EmuIdx &thcr_emu_bid();
const EmuIdx &thcr_emu_bdim();
const EmuIdx &thcr_emu_gdim();
#define threadIdx thcr_emu_tid()
#define blockIdx thcr_emu_bid()
#define blockDim thcr_emu_bdim()
#define gridDim thcr_emu_gdim()

void thcr_emu_sync();
int thcr_emu_shfl(int v, int kind, int arg, int width);
#define __syncthreads() thcr_emu_sync()
#define __shfl_down_sync(mask, v, d, w) thcr_emu_shfl((v), 0, (int)(d), (w))
#define __shfl_up_sync(mask, v, d, w) thcr_emu_shfl((v), 1, (int)(d), (w))
#define __shfl_sync(mask, v, s, w) thcr_emu_shfl((v), 2, (int)(s), (w))

void thcr_emu_launch(dim3 grid, dim3 block, size_t smem, const std::function<void()> &body);

#endif
