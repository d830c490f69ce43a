/* THCKernel.cuh — what every kernel file shares: the CUDA headers, the one way kernels are
 * launched, and dynamic shared memory. test/emu compiles libTHC's kernels with a host C++ compiler
 * (THC_EMU) and runs them on CPU threads; these two macros are where that differs. */
#ifndef THC_KERNEL_CUH
#define THC_KERNEL_CUH

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#ifdef THC_EMU
/* the emulator runs every thread of the launch (emu_cuda.h) before it returns */
#define THC_LAUNCH(kernel, grid, block, smem, stream, ...) \
  thcEmuLaunch(grid, block, smem, (cudaStream_t)(stream), [&] { kernel(__VA_ARGS__); })
#define THC_DYNAMIC_SHARED(type, name) type *const name = (type *)thcEmuDynamicShared()
#else
/* kernel<<<grid, block, dynamic shared bytes, stream>>>(arguments) */
#define THC_LAUNCH(kernel, grid, block, smem, stream, ...) \
  kernel<<<grid, block, smem, (cudaStream_t)(stream)>>>(__VA_ARGS__)
#define THC_DYNAMIC_SHARED(type, name) extern __shared__ __align__(16) type name[]
#endif

#endif
