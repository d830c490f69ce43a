/* THCTensorMath.h — elementwise math on CUDA tensors, mirroring libTH's THTensorMath.h op for op:
 * the same arguments after the state, the same broadcasting, result dtypes (libTH's
 * THTensor_unaryResultType / THTensor_binaryResultType / THTensor_resultType), out= rules, memory
 * layout of fresh results and error messages.
 *
 * Operands: r and every tensor operand live on one CUDA device; 0-d host tensors (wrapped numbers
 * such as THTensor_newWrappedNumber(2.0), and other 0-d CPU tensors) may mix in as scalars and are
 * passed to the kernel by value. r must be a device tensor (for a fresh result pass
 * THCTensor_new(state, dtype, device)); it is resized to the broadcast shape, so the same call
 * serves out=, in-place (r == a) and fresh results. Work is queued on the device's current stream
 * (THCState_currentStream); the calls return before it completes, except integer division and
 * remainder by a tensor divisor, which wait for the kernel to learn whether a divisor was zero. */
#ifndef THC_TENSOR_MATH_H
#define THC_TENSOR_MATH_H

#include "THC/THCTensor.h"

/* THUnaryOp / THBinaryOp and their kinds are libTH's (TH_UNARY_OPS, TH_BINARY_OPS). */
TH_API int THCTensor_unary(THCState *state, THTensor *r, const THTensor *a, THUnaryOp op);
TH_API int THCTensor_binary(THCState *state, THTensor *r, const THTensor *a, const THTensor *b, THBinaryOp op);
/* r = a + alpha * b; r = a - alpha * b. */
TH_API int THCTensor_add(THCState *state, THTensor *r, const THTensor *a, const THTensor *b, double alpha);
TH_API int THCTensor_sub(THCState *state, THTensor *r, const THTensor *a, const THTensor *b, double alpha);

/* clamp(a, min, max); min or max may be NULL (not both). */
TH_API int THCTensor_clamp(THCState *state, THTensor *r, const THTensor *a, const THTensor *min, const THTensor *max);
/* a + w * (b - a); floating only. */
TH_API int THCTensor_lerp(THCState *state, THTensor *r, const THTensor *a, const THTensor *b, const THTensor *w);
/* a + value * t1 * t2 ; a + value * t1 / t2. */
TH_API int THCTensor_addcmul(THCState *state, THTensor *r, const THTensor *a, const THTensor *t1, const THTensor *t2,
                             double value);
TH_API int THCTensor_addcdiv(THCState *state, THTensor *r, const THTensor *a, const THTensor *t1, const THTensor *t2,
                             double value);
/* cond ? a : b, cond bool (or uint8). */
TH_API int THCTensor_where(THCState *state, THTensor *r, const THTensor *cond, const THTensor *a, const THTensor *b);
/* NaN -> nan, +inf -> posinf, -inf -> neginf; the has* flags 0 use the dtype's max/min. */
TH_API int THCTensor_nanToNum(THCState *state, THTensor *r, const THTensor *a, double nan, int hasPosinf, double posinf,
                              int hasNeginf, double neginf);

/* ---- filling and ranges (r is a device tensor) ---- */
TH_API int THCTensor_fill(THCState *state, THTensor *r, double value);
TH_API int THCTensor_zero(THCState *state, THTensor *r);
/* r is resized to the number of steps. */
TH_API int THCTensor_arange(THCState *state, THTensor *r, double start, double end, double step);
TH_API int THCTensor_linspace(THCState *state, THTensor *r, double start, double end, int64_t steps);
TH_API int THCTensor_logspace(THCState *state, THTensor *r, double start, double end, int64_t steps, double base);
TH_API int THCTensor_eye(THCState *state, THTensor *r, int64_t n, int64_t m);

#endif
