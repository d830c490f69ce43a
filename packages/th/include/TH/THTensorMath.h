/* THTensorMath.h — elementwise math with broadcasting and PyTorch's type promotion.
 * Every function writes into `r`, given first: r is resized to the broadcast shape (and must have
 * a dtype the result can be cast to), which serves out=, in-place (r == a) and fresh results.
 * For a fresh result pass THTensor_new(dtype) with the dtype from THTensor_unaryResultType /
 * THTensor_binaryResultType / THTensor_resultType. */
#ifndef TH_TENSOR_MATH_H
#define TH_TENSOR_MATH_H

#include "THTensor.h"

/* Unary ops. Kinds: F = integral inputs promote to float32 (exp, sin, ...);
 * S = keeps the dtype; B = bool result; I = integral/bool only. */
#define TH_UNARY_OPS(_)                                                                                     \
  _(exp, F) _(exp2, F) _(expm1, F) _(log, F) _(log2, F) _(log10, F) _(log1p, F) _(sin, F) _(cos, F)       \
  _(tan, F) _(asin, F) _(acos, F) _(atan, F) _(sinh, F) _(cosh, F) _(tanh, F) _(sigmoid, F) _(erf, F)     \
  _(erfc, F) _(sqrt, F) _(rsqrt, F) _(reciprocal, F) _(neg, S) _(abs, S) _(sign, S) _(floor, S)          \
  _(ceil, S) _(round, S) _(trunc, S) _(frac, S) _(isnan, B) _(isinf, B) _(isfinite, B)                     \
  _(logical_not, B) _(bitwise_not, I)

/* Binary ops. Kinds: P = common dtype; F = common dtype promoted to float; B = bool result;
 * I = integral/bool only; L = logical (bool result, any inputs). */
#define TH_BINARY_OPS(_)                                                                                    \
  _(add, P) _(sub, P) _(mul, P) _(div, F) _(div_trunc, P) _(div_floor, P) _(remainder, P) _(fmod, P)       \
  _(pow, P) _(atan2, F) _(maximum, P) _(minimum, P) _(eq, B) _(ne, B) _(lt, B) _(le, B) _(gt, B)          \
  _(ge, B) _(logical_and, L) _(logical_or, L) _(logical_xor, L) _(bitwise_and, I) _(bitwise_or, I)        \
  _(bitwise_xor, I) _(bitwise_left_shift, I) _(bitwise_right_shift, I)

#define TH_ENUM_ENTRY(name, kind) TH_OP_##name,
typedef enum THUnaryOp { TH_UNARY_OPS(TH_ENUM_ENTRY) TH_NumUnaryOps } THUnaryOp;
typedef enum THBinaryOp { TH_BINARY_OPS(TH_ENUM_ENTRY) TH_NumBinaryOps } THBinaryOp;
#undef TH_ENUM_ENTRY

TH_API const char *THUnaryOp_name(THUnaryOp op);
TH_API const char *THBinaryOp_name(THBinaryOp op);

/* Result dtypes, as PyTorch computes them (r may be NULL to ask). */
TH_API int THTensor_unaryResultType(THUnaryOp op, const THTensor *a, THDType *out);
TH_API int THTensor_binaryResultType(THBinaryOp op, const THTensor *a, const THTensor *b, THDType *out);
/* PyTorch's result_type over n operands (0-d tensors and wrapped numbers rank lower). */
TH_API THDType THTensor_resultType(int n, const THTensor *const *ts);

TH_API int THTensor_unary(THTensor *r, const THTensor *a, THUnaryOp op);
/* y[i] = op(x[i]) over n contiguous values (y may be x), with the loop THTensor_unary runs (SLEEF's
 * vector code where libTH has it). For kernels in the libraries above libTH (THNN) that need exp,
 * tanh, erf, ... inside their own loops. op must keep the dtype (kinds F and S); TH_ERR otherwise. */
TH_API int THVector_unaryFloat32(THUnaryOp op, float *y, const float *x, int64_t n);
TH_API int THVector_unaryFloat64(THUnaryOp op, double *y, const double *x, int64_t n);
TH_API int THTensor_binary(THTensor *r, const THTensor *a, const THTensor *b, THBinaryOp op);
/* r = a + alpha * b; r = a - alpha * b. */
TH_API int THTensor_add(THTensor *r, const THTensor *a, const THTensor *b, double alpha);
TH_API int THTensor_sub(THTensor *r, const THTensor *a, const THTensor *b, double alpha);

/* clamp(a, min, max); min or max may be NULL (not both). */
TH_API int THTensor_clamp(THTensor *r, const THTensor *a, const THTensor *min, const THTensor *max);
/* a + w * (b - a); floating only. */
TH_API int THTensor_lerp(THTensor *r, const THTensor *a, const THTensor *b, const THTensor *w);
/* a + value * t1 * t2 ; a + value * t1 / t2. */
TH_API int THTensor_addcmul(THTensor *r, const THTensor *a, const THTensor *t1, const THTensor *t2, double value);
TH_API int THTensor_addcdiv(THTensor *r, const THTensor *a, const THTensor *t1, const THTensor *t2, double value);
/* cond ? a : b, cond bool (or uint8). */
TH_API int THTensor_where(THTensor *r, const THTensor *cond, const THTensor *a, const THTensor *b);
/* NaN -> nan, +inf -> posinf, -inf -> neginf; the has* flags 0 use the dtype's max/min. */
TH_API int THTensor_nanToNum(THTensor *r, const THTensor *a, double nan, int hasPosinf, double posinf, int hasNeginf,
                             double neginf);

/* ---- filling and ranges ---- */
TH_API int THTensor_fill(THTensor *r, double value);
TH_API int THTensor_zero(THTensor *r);
/* r is resized to the number of steps. */
TH_API int THTensor_arange(THTensor *r, double start, double end, double step);
TH_API int THTensor_linspace(THTensor *r, double start, double end, int64_t steps);
TH_API int THTensor_logspace(THTensor *r, double start, double end, int64_t steps, double base);
TH_API int THTensor_eye(THTensor *r, int64_t n, int64_t m);

#endif
