/* Binary and ternary elementwise loops, one per (op, compute dtype), registered into the tables. */
#include "THKernels.h"

#include <tgmath.h>


#define BIN(D, op, body) \
  TH_BINARY_LOOP(bin_##op##_##D, CT_##D, CT_##D, body) TH_REGISTER(binary[TH_OP_##op][TH_##D], bin_##op##_##D)
#define BINB(D, op, body) \
  TH_BINARY_LOOP(bin_##op##_##D, CT_##D, uint8_t, body) TH_REGISTER(binary[TH_OP_##op][TH_##D], bin_##op##_##D)
#define NUMERIC(M, op, body) TH_INT_DTYPES(M, op, body) TH_FLOAT_DTYPES(M, op, body)
#define ALL(M, op, body) NUMERIC(M, op, body) M(Bool, op, body)

/* Python semantics for integer floor division and remainder; a zero divisor raises. */
#define INT_HELPERS(D, unused)                                                                               \
  static inline CT_##D divTrunc_##D(CT_##D a, CT_##D b, THKernelCtx *ctx) {                                  \
    if (b == 0) return THKernel_fail(ctx, TH_KERNEL_ZERO_DIV), 0;                                            \
    if ((CT_##D)-1 < 0 && b == (CT_##D)-1) return (CT_##D)(0 - (uint64_t)a);                                  \
    return (CT_##D)(a / b);                                                                                  \
  }                                                                                                          \
  static inline CT_##D divFloor_##D(CT_##D a, CT_##D b, THKernelCtx *ctx) {                                  \
    CT_##D q = divTrunc_##D(a, b, ctx);                                                                      \
    if (b != 0 && (CT_##D)(a - q * b) != 0 && ((a < 0) != (b < 0))) q--;                                     \
    return q;                                                                                                \
  }                                                                                                          \
  static inline CT_##D fmod_##D(CT_##D a, CT_##D b, THKernelCtx *ctx) {                                      \
    if (b == 0) return THKernel_fail(ctx, TH_KERNEL_ZERO_DIV), 0;                                            \
    if ((CT_##D)-1 < 0 && b == (CT_##D)-1) return 0;                                                          \
    return (CT_##D)(a % b);                                                                                  \
  }                                                                                                          \
  static inline CT_##D remainder_##D(CT_##D a, CT_##D b, THKernelCtx *ctx) {                                 \
    CT_##D r = fmod_##D(a, b, ctx);                                                                          \
    if (r != 0 && ((r < 0) != (b < 0))) r = (CT_##D)(r + b);                                                 \
    return r;                                                                                                \
  }                                                                                                          \
  static inline CT_##D pow_##D(CT_##D a, CT_##D b) {                                                         \
    if (b < 0) return a == 1 ? 1 : a == (CT_##D)-1 ? (b % 2 ? (CT_##D)-1 : 1) : 0;                          \
    uint64_t r = 1, base = (uint64_t)(int64_t)a, e = (uint64_t)(int64_t)b;                                    \
    while (e) {                                                                                              \
      if (e & 1) r *= base;                                                                                  \
      base *= base;                                                                                          \
      e >>= 1;                                                                                               \
    }                                                                                                        \
    return (CT_##D)r;                                                                                        \
  }                                                                                                          \
  static inline CT_##D shl_##D(CT_##D a, CT_##D b) {                                                         \
    return (b < 0 || (uint64_t)b >= 8 * sizeof(CT_##D)) ? 0 : (CT_##D)((uint64_t)(int64_t)a << b);           \
  }                                                                                                          \
  static inline CT_##D shr_##D(CT_##D a, CT_##D b) {                                                         \
    if (b < 0 || (uint64_t)b >= 8 * sizeof(CT_##D)) return a < 0 ? (CT_##D)-1 : 0;                          \
    return (CT_##D)(a >> b);                                                                                 \
  }
TH_INT_DTYPES(INT_HELPERS, _)

/* Python semantics for floating floor division (as PyTorch's div_floor_floating). */
#define FLOAT_HELPERS(D, unused)                                                                             \
  static inline CT_##D divFloor_##D(CT_##D a, CT_##D b) {                                                    \
    if (b == 0) return a / b;                                                                                \
    CT_##D mod = fmod(a, b), div = (a - mod) / b;                                                            \
    if (mod != 0 && ((b < 0) != (mod < 0))) div -= 1;                                                        \
    if (div == 0) return copysign((CT_##D)0, a / b);                                                         \
    CT_##D fl = floor(div);                                                                                  \
    if (div - fl > (CT_##D)0.5) fl += 1;                                                                     \
    return fl;                                                                                               \
  }                                                                                                          \
  static inline CT_##D remainder_##D(CT_##D a, CT_##D b) {                                                   \
    CT_##D mod = fmod(a, b);                                                                                 \
    if (mod != 0 && ((b < 0) != (mod < 0))) mod += b;                                                        \
    return mod;                                                                                              \
  }
TH_FLOAT_DTYPES(FLOAT_HELPERS, _)

/* Bodies are written once for several dtypes: these pick the helper by the operand's C type. */
#define BY_INT_TYPE(name, a) \
  _Generic((a), uint8_t: name##_UInt8, int8_t: name##_Int8, int16_t: name##_Int16, int32_t: name##_Int32, int64_t: name##_Int64)
#define BY_FLOAT_TYPE(name, a) _Generic((a), float: name##_Float32, double: name##_Float64)
#define DIV_TRUNC(a, b, ctx) BY_INT_TYPE(divTrunc, a)(a, b, ctx)
#define FMOD_I(a, b, ctx) BY_INT_TYPE(fmod, a)(a, b, ctx)
#define POW_I(a, b) BY_INT_TYPE(pow, a)(a, b)
#define SHL(a, b) BY_INT_TYPE(shl, a)(a, b)
#define SHR(a, b) BY_INT_TYPE(shr, a)(a, b)
#define DIV_FLOOR_F(a, b) BY_FLOAT_TYPE(divFloor, a)(a, b)
#define REMAINDER_F(a, b) BY_FLOAT_TYPE(remainder, a)(a, b)
#define DIV_FLOOR(a, b, ctx) BY_INT_TYPE(divFloor, a)(a, b, ctx)
#define REMAINDER(a, b, ctx) BY_INT_TYPE(remainder, a)(a, b, ctx)

/* a + alpha * b as one fused multiply-add where the CPU has FMA (as PyTorch's AVX2 kernels);
 * exact for the usual alpha = 1 either way */
#ifdef __FMA__
#define MULADD(x, y, z) fma(x, y, z)
#else
#define MULADD(x, y, z) ((x) * (y) + (z))
#endif
TH_FLOAT_DTYPES(BIN, add, MULADD((T)ctx->alpha, b, a))
TH_FLOAT_DTYPES(BIN, sub, MULADD(-(T)ctx->alpha, b, a))
TH_INT_DTYPES(BIN, add, a + (T)ctx->alpha * b)
TH_INT_DTYPES(BIN, sub, a - (T)ctx->alpha * b)
NUMERIC(BIN, mul, a * b)
BIN(Bool, add, a | ((ctx->alpha != 0) & b))
BIN(Bool, mul, a & b)
TH_FLOAT_DTYPES(BIN, div, a / b)
TH_FLOAT_DTYPES(BIN, div_trunc, trunc(a / b))
TH_INT_DTYPES(BIN, div_trunc, DIV_TRUNC(a, b, ctx))
TH_FLOAT_DTYPES(BIN, div_floor, DIV_FLOOR_F(a, b))
TH_INT_DTYPES(BIN, div_floor, DIV_FLOOR(a, b, ctx))
TH_FLOAT_DTYPES(BIN, remainder, REMAINDER_F(a, b))
TH_INT_DTYPES(BIN, remainder, REMAINDER(a, b, ctx))
TH_FLOAT_DTYPES(BIN, fmod, fmod(a, b))
TH_INT_DTYPES(BIN, fmod, FMOD_I(a, b, ctx))
TH_FLOAT_DTYPES(BIN, pow, pow(a, b))
TH_INT_DTYPES(BIN, pow, POW_I(a, b))
TH_FLOAT_DTYPES(BIN, atan2, atan2(a, b))
TH_FLOAT_DTYPES(BIN, maximum, a != a ? a : b != b ? b : a > b ? a : b)
TH_FLOAT_DTYPES(BIN, minimum, a != a ? a : b != b ? b : a < b ? a : b)
TH_INT_DTYPES(BIN, maximum, a > b ? a : b)
TH_INT_DTYPES(BIN, minimum, a < b ? a : b)
BIN(Bool, maximum, a | b)
BIN(Bool, minimum, a & b)
ALL(BINB, eq, a == b)
ALL(BINB, ne, a != b)
ALL(BINB, lt, a < b)
ALL(BINB, le, a <= b)
ALL(BINB, gt, a > b)
ALL(BINB, ge, a >= b)
ALL(BINB, logical_and, (a != 0) & (b != 0))
ALL(BINB, logical_or, (a != 0) | (b != 0))
ALL(BINB, logical_xor, (a != 0) ^ (b != 0))
TH_INT_DTYPES(BIN, bitwise_and, a & b)
TH_INT_DTYPES(BIN, bitwise_or, a | b)
TH_INT_DTYPES(BIN, bitwise_xor, a ^ b)
BIN(Bool, bitwise_and, a & b)
BIN(Bool, bitwise_or, a | b)
BIN(Bool, bitwise_xor, a ^ b)
TH_INT_DTYPES(BIN, bitwise_left_shift, SHL(a, b))
TH_INT_DTYPES(BIN, bitwise_right_shift, SHR(a, b))

/* clamp: NaN in the input propagates (as PyTorch); a NaN bound gives NaN */
#define CLAMP_LOOPS(D, unused, unused2)                                                                                    \
  TH_TERNARY_LOOP(clamp_##D, CT_##D, CT_##D, CT_##D, a != a ? a : b != b ? b : c != c ? c : a < b ? (b > c ? c : b) : a > c ? c : a) \
  TH_REGISTER(ternary[TH_TER_clamp][TH_##D], clamp_##D)                                                 \
  TH_BINARY_LOOP(clampMin_##D, CT_##D, CT_##D, a != a ? a : b != b ? b : a < b ? b : a)                         \
  TH_REGISTER(clampMin[TH_##D], clampMin_##D)                                                           \
  TH_BINARY_LOOP(clampMax_##D, CT_##D, CT_##D, a != a ? a : b != b ? b : a > b ? b : a)                         \
  TH_REGISTER(clampMax[TH_##D], clampMax_##D)
NUMERIC(CLAMP_LOOPS, _, _)

#define TERNARY(D, op, body) \
  TH_TERNARY_LOOP(ter_##op##_##D, CT_##D, CT_##D, CT_##D, body) TH_REGISTER(ternary[TH_TER_##op][TH_##D], ter_##op##_##D)
/* lerp(a=start, b=end, c=weight), as PyTorch's, exact at both ends */
TH_FLOAT_DTYPES(TERNARY, lerp, fabs(c) < 0.5 ? a + c * (b - a) : b - (b - a) * (1 - c))
NUMERIC(TERNARY, addcmul, a + (T)ctx->alpha * b * c)
TH_FLOAT_DTYPES(TERNARY, addcdiv, a + (T)ctx->alpha * b / c)

/* where(cond, x, y): cond is read as bool whatever the compute dtype */
#define WHERE(D, unused, unused2)                                                                   \
  TH_TERNARY_LOOP(where_##D, uint8_t, CT_##D, CT_##D, a ? b : c)                           \
  TH_REGISTER(ternary[TH_TER_where][TH_##D], where_##D)
NUMERIC(WHERE, _, _)
WHERE(Bool, _, _)
