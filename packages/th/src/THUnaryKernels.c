/* Unary elementwise loops, one per (op, compute dtype), registered into TH_KERNELS.unary. */
#include "THKernels.h"

#include <tgmath.h>


/* same dtype in and out */
#define UN(D, op, body) \
  TH_UNARY_LOOP(un_##op##_##D, CT_##D, CT_##D, body) TH_REGISTER(unary[TH_OP_##op][TH_##D], un_##op##_##D)
/* bool out */
#define UNB(D, op, body) \
  TH_UNARY_LOOP(un_##op##_##D, CT_##D, uint8_t, body) TH_REGISTER(unary[TH_OP_##op][TH_##D], un_##op##_##D)
/* floating ops: contiguous runs go to the vectorized version when one is installed */
#define UNF_ONE(D, op, body, VT, VTAB)                                                                        \
  TH_UNARY_ROW(un_##op##_##D##_scalar, CT_##D, CT_##D, body)                                                \
  static inline void un_##op##_##D##_row(char **data, const int64_t *s, int64_t n, void *ctx) {             \
    if (VTAB[TH_OP_##op] && s[0] == sizeof(VT) && s[1] == sizeof(VT))                                      \
      VTAB[TH_OP_##op]((VT *)data[0], (const VT *)data[1], n);                                               \
    else                                                                                                     \
      un_##op##_##D##_scalar_row(data, s, n, ctx);                                                           \
  }                                                                                                          \
  TH_LOOP2D(un_##op##_##D, 2)                                                                                \
  TH_REGISTER(unary[TH_OP_##op][TH_##D], un_##op##_##D)
#define UNF(op, body) UNF_ONE(Float32, op, body, float, thVecF32) UNF_ONE(Float64, op, body, double, thVecF64)

UNF(exp, exp(x))
UNF(exp2, exp2(x))
UNF(expm1, expm1(x))
UNF(log, log(x))
UNF(log2, log2(x))
UNF(log10, log10(x))
UNF(log1p, log1p(x))
UNF(sin, sin(x))
UNF(cos, cos(x))
UNF(tan, tan(x))
UNF(asin, asin(x))
UNF(acos, acos(x))
UNF(atan, atan(x))
UNF(sinh, sinh(x))
UNF(cosh, cosh(x))
UNF(tanh, tanh(x))
UNF(sigmoid, 1 / (1 + exp(-x)))
UNF(erf, erf(x))
UNF(erfc, erfc(x))
UNF(sqrt, sqrt(x))
UNF(rsqrt, 1 / sqrt(x))
UNF(reciprocal, 1 / x)

TH_FLOAT_DTYPES(UN, neg, -x)
TH_INT_DTYPES(UN, neg, -x)
TH_FLOAT_DTYPES(UN, abs, fabs(x))
TH_INT_DTYPES(UN, abs, x < 0 ? -x : x)
TH_FLOAT_DTYPES(UN, sign, x != x ? 0 : (0 < x) - (x < 0))
TH_INT_DTYPES(UN, sign, (0 < x) - (x < 0))
UN(Bool, sign, x)
TH_FLOAT_DTYPES(UN, floor, floor(x))
TH_FLOAT_DTYPES(UN, ceil, ceil(x))
TH_FLOAT_DTYPES(UN, round, nearbyint(x))
TH_FLOAT_DTYPES(UN, trunc, trunc(x))
TH_INT_DTYPES(UN, floor, x)
TH_INT_DTYPES(UN, ceil, x)
TH_INT_DTYPES(UN, round, x)
TH_INT_DTYPES(UN, trunc, x)
TH_FLOAT_DTYPES(UN, frac, x - trunc(x))

TH_FLOAT_DTYPES(UNB, isnan, x != x)
TH_FLOAT_DTYPES(UNB, isinf, x == INFINITY || x == -INFINITY)
TH_FLOAT_DTYPES(UNB, isfinite, x == x && x != INFINITY && x != -INFINITY)
TH_INT_DTYPES(UNB, isnan, 0)
TH_INT_DTYPES(UNB, isinf, 0)
TH_INT_DTYPES(UNB, isfinite, 1)
UNB(Bool, isnan, 0)
UNB(Bool, isinf, 0)
UNB(Bool, isfinite, 1)
TH_FLOAT_DTYPES(UNB, logical_not, !x)
TH_INT_DTYPES(UNB, logical_not, !x)
UNB(Bool, logical_not, !x)

TH_INT_DTYPES(UN, bitwise_not, ~x)
UN(Bool, bitwise_not, !x)

/* nan_to_num: p0 replaces NaN, p1 +inf, p2 -inf */
#define NAN_TO_NUM(D, unused)                                                                                  \
  TH_UNARY_LOOP(nanToNum_##D, CT_##D, CT_##D,                                                                 \
                x != x ? (CT_##D)ctx->p0 : x == INFINITY ? (CT_##D)ctx->p1 : x == -INFINITY ? (CT_##D)ctx->p2 : x) \
  TH_REGISTER(nanToNum[TH_##D], nanToNum_##D)
TH_FLOAT_DTYPES(NAN_TO_NUM, _)
