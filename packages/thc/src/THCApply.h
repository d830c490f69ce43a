/* THCApply.h — the host side of libTHC's one pointwise iterator (C, shared by the drivers in *.c and
 * the kernels in *.cu; the device side is THCApply.cuh).
 *
 * THCApply_init runs libTH's THIter_init on the operands — broadcasting, memory-order sorting and
 * dimension coalescing need metadata only, so it works on device tensors unchanged — and adds
 * what a kernel needs: every operand's dtype (the kernels load each operand in its own dtype and
 * convert it to the op's common type), and 0-d host tensors (scalars) as values. The launchers
 * split an iterator into parts whose byte offsets fit in 32 bits (THCApply_forEach32), so the
 * kernels only ever do 32-bit index math. */
#ifndef THC_APPLY_H
#define THC_APPLY_H

#ifdef __cplusplus
/* THCInternal.h declares THCError without a linkage: kernels in C++ see it as the C function */
#include <cuda_runtime_api.h>
extern "C" int THCError(cudaError_t err, const char *what);
#endif
#include "THCInternal.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The most operands of one kernel (operand 0 is the output), as libTH's iterator. */
#define THC_APPLY_MAX_OPERANDS TH_ITER_MAX_OPERANDS

/* Parts of an iterator are indexed with 32-bit math when numel and every operand's byte extent
 * stay below this; test/emu lowers it (THC_EMU_INDEX_LIMIT) to exercise the splitting. */
#ifdef THC_EMU
extern int64_t thcEmuIndexLimit;
#define THC_INDEX32_LIMIT thcEmuIndexLimit
#else
#define THC_INDEX32_LIMIT 2147483647LL
#endif

typedef struct THCApplyIter {
  int nops; /* operand 0 is the output */
  int ndim; /* after coalescing; dim 0 varies fastest */
  int64_t numel;
  int64_t shape[TH_MAX_DIMS];
  int64_t strides[TH_MAX_DIMS][THC_APPLY_MAX_OPERANDS]; /* bytes */
  char *data[THC_APPLY_MAX_OPERANDS];                   /* device addresses; NULL for a host scalar */
  THDType dtype[THC_APPLY_MAX_OPERANDS];
  uint64_t scalar[THC_APPLY_MAX_OPERANDS]; /* a host scalar's bytes (in its own dtype) */
  /* how to launch (THCApply_prepare) */
  void *stream;     /* cudaStream_t */
  int maxBlocks;    /* blocks of THC_APPLY_THREADS that fill the device */
  int *errorFlag;   /* device int that ops which can fail set to a TH_KERNEL-style code (or NULL) */
} THCApplyIter;

#define THC_APPLY_THREADS 256

/* Fills `it` for ops[0] (the output, already of the broadcast shape) and the inputs. Inputs that
 * are 0-d host tensors become scalars; every other operand must be on the device (the drivers have
 * checked that). */
int THCApply_init(THCApplyIter *it, int nops, const THTensor *const *ops);
/* Sets the stream and block count for `device` (the current device, under a THCDeviceGuard). */
int THCApply_prepare(THCState *state, THCApplyIter *it, int device);
/* Calls fn on parts of it that can be indexed with 32-bit math (it itself when it fits), in order;
 * stops at the first error. */
int THCApply_forEach32(const THCApplyIter *it, int (*fn)(const THCApplyIter *part, void *ctx), void *ctx);
/* Blocks for `work` items of THC_APPLY_THREADS threads (at least 1, at most it->maxBlocks). */
int THCApply_blocks(const THCApplyIter *it, int64_t work);

/* ---- shared helpers of the drivers (libTH's checks are in TH/THCheck.h) ---- */
/* A 0-d host tensor: a scalar operand. */
int THCTensor_isHostScalar(const THTensor *t);
/* Checks that r is a device tensor and every other tensor of ts is on its device or a host scalar;
 * sets *device. */
int THCTensor_checkOperands(const char *op, const THTensor *r, int n, const THTensor *const *ts, int *device);

/* ---- launchers (THC*Kernels.cu). Each runs one op over every element of a prepared iterator; S is
 * the dtype the op's inputs are converted to (the common dtype), which also picks the kernel. They
 * return TH_OK, or TH_ERR with a message (a dtype the op has no kernel for, a CUDA error). ---- */
typedef enum THCTernaryOp { THC_TER_clamp, THC_TER_lerp, THC_TER_addcmul, THC_TER_addcdiv, THC_TER_where } THCTernaryOp;
/* 1 when there is a kernel for op with inputs converted to S. */
int THCKernel_hasUnary(THUnaryOp op, THDType S);
int THCKernel_hasBinary(THBinaryOp op, THDType S);
int THCKernel_hasTernary(THCTernaryOp op, THDType S);
int THCKernel_hasClampOne(THDType S);
int THCKernel_unary(const THCApplyIter *it, THUnaryOp op, THDType S);
/* alpha: add/sub's alpha. Integer div_trunc/div_floor/remainder/fmod set *it->errorFlag to 1 on a
 * zero divisor (when errorFlag is not NULL). */
int THCKernel_binary(const THCApplyIter *it, THBinaryOp op, THDType S, double alpha);
/* value: addcmul/addcdiv's value. Operand 1 of where is its condition (bool or uint8). */
int THCKernel_ternary(const THCApplyIter *it, THCTernaryOp op, THDType S, double value);
/* clamp with one bound: r = max(a, bound) (isMin) or min(a, bound). */
int THCKernel_clampOne(const THCApplyIter *it, int isMin, THDType S);
int THCKernel_nanToNum(const THCApplyIter *it, THDType S, double nan, double posinf, double neginf);
/* Every element of operand 0 (the only one) set to the element at `value` (its dtype's bytes). */
int THCKernel_fill(const THCApplyIter *it, const void *value);
/* Operand 0 = operand 1 converted to operand 0's dtype (any two dtypes). */
int THCKernel_copy(const THCApplyIter *it);
/* r (contiguous, n elements of dtype t on the current device): arange's start + i * step. */
int THCKernel_arange(void *stream, int maxBlocks, void *r, THDType t, int64_t n, double start, double step);
/* linspace/logspace values, as libTH computes them (float math for float32/float16/bfloat16). */
int THCKernel_spaced(void *stream, int maxBlocks, void *r, THDType t, int64_t n, double start, double end, int isLog,
                     double base);

#ifdef __cplusplus
}
#endif

#endif
