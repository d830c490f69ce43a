/* Unary elementwise ops (TH_UNARY_OPS) as functors over the pointwise iterator. Each op has one
 * functor written for its compute type C and the mask of common dtypes it has a kernel for (the
 * dtypes libTH's loops take); integer floor/ceil/round/trunc and the float predicates on integers
 * never reach here (THCTensorMath.c copies or fills instead). */
#include "THCApply.cuh"

namespace {
using namespace thc;

#define THC_FLOAT_UNARY(Name, expr)                                  \
  template <typename C> struct Name {                               \
    THC_D C operator()(C x) const { return expr; }                  \
  };
THC_FLOAT_UNARY(Exp, m::exp(x))
THC_FLOAT_UNARY(Exp2, m::exp2(x))
THC_FLOAT_UNARY(Expm1, m::expm1(x))
THC_FLOAT_UNARY(Log, m::log(x))
THC_FLOAT_UNARY(Log2, m::log2(x))
THC_FLOAT_UNARY(Log10, m::log10(x))
THC_FLOAT_UNARY(Log1p, m::log1p(x))
THC_FLOAT_UNARY(Sin, m::sin(x))
THC_FLOAT_UNARY(Cos, m::cos(x))
THC_FLOAT_UNARY(Tan, m::tan(x))
THC_FLOAT_UNARY(Asin, m::asin(x))
THC_FLOAT_UNARY(Acos, m::acos(x))
THC_FLOAT_UNARY(Atan, m::atan(x))
THC_FLOAT_UNARY(Sinh, m::sinh(x))
THC_FLOAT_UNARY(Cosh, m::cosh(x))
THC_FLOAT_UNARY(Tanh, m::tanh(x))
THC_FLOAT_UNARY(Sigmoid, C(1) / (C(1) + m::exp(-x)))
THC_FLOAT_UNARY(Erf, m::erf(x))
THC_FLOAT_UNARY(Erfc, m::erfc(x))
THC_FLOAT_UNARY(Sqrt, m::sqrt(x))
THC_FLOAT_UNARY(Rsqrt, C(1) / m::sqrt(x))
THC_FLOAT_UNARY(Reciprocal, C(1) / x)
THC_FLOAT_UNARY(Floor, m::floor(x))
THC_FLOAT_UNARY(Ceil, m::ceil(x))
THC_FLOAT_UNARY(Round, m::rint(x)) /* half to even, as libTH's nearbyint */
THC_FLOAT_UNARY(Trunc, m::trunc(x))
THC_FLOAT_UNARY(Frac, x - m::trunc(x))
#undef THC_FLOAT_UNARY

template <typename C> struct Neg {
  THC_D C operator()(C x) const {
    if constexpr (std::is_floating_point<C>::value) return -x;
    else return wneg(x);
  }
};
template <typename C> struct Abs {
  THC_D C operator()(C x) const {
    if constexpr (std::is_floating_point<C>::value) return m::fabs(x);
    else if constexpr (std::is_signed<C>::value) return x < 0 ? wneg(x) : x;
    else return x;
  }
};
template <typename C> struct Sign {
  THC_D C operator()(C x) const {
    if constexpr (std::is_same<C, bool>::value) return x;
    else if constexpr (std::is_floating_point<C>::value) return x != x ? C(0) : C((C(0) < x) - (x < C(0)));
    else if constexpr (std::is_signed<C>::value) return C((C(0) < x) - (x < C(0)));
    else return C(x != 0);
  }
};
template <typename C> struct IsNan {
  THC_D bool operator()(C x) const { return x != x; }
};
template <typename C> struct IsInf {
  THC_D bool operator()(C x) const { return x == C(INFINITY) || x == C(-INFINITY); }
};
template <typename C> struct IsFinite {
  THC_D bool operator()(C x) const { return x == x && x != C(INFINITY) && x != C(-INFINITY); }
};
template <typename C> struct LogicalNot {
  THC_D bool operator()(C x) const { return !(x != C(0)); }
};
template <typename C> struct BitwiseNot {
  THC_D C operator()(C x) const {
    if constexpr (std::is_same<C, bool>::value) return !x;
    else return (C)~x;
  }
};

/* name, functor, common dtypes with a kernel, result is bool */
#define THC_UNARY_TABLE(_)                                                                                \
  _(exp, Exp, kFloats, false) _(exp2, Exp2, kFloats, false) _(expm1, Expm1, kFloats, false)               \
  _(log, Log, kFloats, false) _(log2, Log2, kFloats, false) _(log10, Log10, kFloats, false)               \
  _(log1p, Log1p, kFloats, false) _(sin, Sin, kFloats, false) _(cos, Cos, kFloats, false)                 \
  _(tan, Tan, kFloats, false) _(asin, Asin, kFloats, false) _(acos, Acos, kFloats, false)                 \
  _(atan, Atan, kFloats, false) _(sinh, Sinh, kFloats, false) _(cosh, Cosh, kFloats, false)               \
  _(tanh, Tanh, kFloats, false) _(sigmoid, Sigmoid, kFloats, false) _(erf, Erf, kFloats, false)           \
  _(erfc, Erfc, kFloats, false) _(sqrt, Sqrt, kFloats, false) _(rsqrt, Rsqrt, kFloats, false)             \
  _(reciprocal, Reciprocal, kFloats, false) _(neg, Neg, kNumeric, false) _(abs, Abs, kNumeric, false)     \
  _(sign, Sign, kNumeric, false) _(floor, Floor, kFloats, false) _(ceil, Ceil, kFloats, false)            \
  _(round, Round, kFloats, false) _(trunc, Trunc, kFloats, false) _(frac, Frac, kFloats, false)           \
  _(isnan, IsNan, kFloats, true) _(isinf, IsInf, kFloats, true) _(isfinite, IsFinite, kFloats, true)      \
  _(logical_not, LogicalNot, kAll, true) _(bitwise_not, BitwiseNot, kInts | kBool, false)

template <template <typename> class F, unsigned Mask, bool BoolOut> int run(const THCApplyIter *it, THDType S) {
  return dispatch<Mask>(S, [&](auto tag) {
    using T = typename decltype(tag)::type;
    using Out = typename std::conditional<BoolOut, bool, T>::type;
    return apply<F<OpMath<T>>, T, T, Out, 1>(it, F<OpMath<T>>());
  });
}

}  // namespace

extern "C" int THCKernel_hasUnary(THUnaryOp op, THDType S) {
  switch (op) {
#define THC_HAS(name, F, mask, boolOut) \
  case TH_OP_##name: return (int)(((mask) >> (unsigned)S) & 1u);
    THC_UNARY_TABLE(THC_HAS)
#undef THC_HAS
    default: return 0;
  }
}

extern "C" int THCKernel_unary(const THCApplyIter *it, THUnaryOp op, THDType S) {
  switch (op) {
#define THC_RUN(name, F, mask, boolOut) \
  case TH_OP_##name: return noKernel(run<F, mask, boolOut>(it, S), #name, S);
    THC_UNARY_TABLE(THC_RUN)
#undef THC_RUN
    default: return THError("invalid unary op %d", (int)op);
  }
}
