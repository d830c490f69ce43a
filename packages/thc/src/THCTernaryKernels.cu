/* Ops of three inputs (clamp, lerp, addcmul, addcdiv, where), clamp with one bound and nan_to_num,
 * over the pointwise iterator, with libTH's formulas (each product and sum rounded on its own). */
#include "THCApply.cuh"

namespace {
using namespace thc;

template <typename C> struct Clamp {
  THC_D C operator()(C a, C b, C c) const {
    /* NaN in the input propagates (as PyTorch); a NaN bound gives NaN */
    return a != a ? a : b != b ? b : c != c ? c : a < b ? (b > c ? c : b) : a > c ? c : a;
  }
};
template <typename C> struct ClampMin {
  THC_D C operator()(C a, C b) const { return a != a ? a : b != b ? b : a < b ? b : a; }
};
template <typename C> struct ClampMax {
  THC_D C operator()(C a, C b) const { return a != a ? a : b != b ? b : a > b ? b : a; }
};
/* lerp(start, end, weight), exact at both ends (PyTorch's) */
template <typename C> struct Lerp {
  THC_D C operator()(C a, C b, C c) const {
    return m::fabs(c) < C(0.5) ? m::add(a, m::mul(c, m::sub(b, a))) : m::sub(b, m::mul(m::sub(b, a), m::sub(C(1), c)));
  }
};
template <typename C> struct Addcmul {
  C value;
  THC_D C operator()(C a, C b, C c) const {
    if constexpr (std::is_floating_point<C>::value) return m::add(a, m::mul(m::mul(value, b), c));
    else return wadd(a, wmul(wmul(value, b), c));
  }
};
template <typename C> struct Addcdiv {
  C value;
  THC_D C operator()(C a, C b, C c) const { return m::add(a, m::mul(value, b) / c); }
};
template <typename C> struct Where {
  THC_D C operator()(bool cond, C a, C b) const { return cond ? a : b; }
};
template <typename C> struct NanToNum {
  C nan, posinf, neginf;
  THC_D C operator()(C x) const { return x != x ? nan : x == C(INFINITY) ? posinf : x == C(-INFINITY) ? neginf : x; }
};

}  // namespace

extern "C" int THCKernel_hasTernary(THCTernaryOp op, THDType S) {
  unsigned mask = op == THC_TER_lerp || op == THC_TER_addcdiv ? kFloats : op == THC_TER_where ? kAll : kNumeric;
  return (int)((mask >> (unsigned)S) & 1u);
}

extern "C" int THCKernel_hasClampOne(THDType S) { return (int)((kNumeric >> (unsigned)S) & 1u); }

extern "C" int THCKernel_ternary(const THCApplyIter *it, THCTernaryOp op, THDType S, double value) {
  int status = kNoKernel;
  const char *name = "clamp";
  switch (op) {
    case THC_TER_clamp:
      status = dispatch<kNumeric>(S, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return apply<Clamp<OpMath<T>>, T, T, T, 3>(it, Clamp<OpMath<T>>());
      });
      break;
    case THC_TER_lerp:
      name = "lerp";
      status = dispatch<kFloats>(S, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return apply<Lerp<OpMath<T>>, T, T, T, 3>(it, Lerp<OpMath<T>>());
      });
      break;
    case THC_TER_addcmul:
      name = "addcmul";
      status = dispatch<kNumeric>(S, [&](auto tag) {
        using T = typename decltype(tag)::type;
        using C = OpMath<T>;
        return apply<Addcmul<C>, T, T, T, 3>(it, Addcmul<C>{(C)value});
      });
      break;
    case THC_TER_addcdiv:
      name = "addcdiv";
      status = dispatch<kFloats>(S, [&](auto tag) {
        using T = typename decltype(tag)::type;
        using C = OpMath<T>;
        return apply<Addcdiv<C>, T, T, T, 3>(it, Addcdiv<C>{(C)value});
      });
      break;
    case THC_TER_where:
      name = "where";
      status = dispatch<kAll>(S, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return apply<Where<OpMath<T>>, bool, T, T, 3>(it, Where<OpMath<T>>());
      });
      break;
    default: return THError("invalid ternary op %d", (int)op);
  }
  return noKernel(status, name, S);
}

extern "C" int THCKernel_clampOne(const THCApplyIter *it, int isMin, THDType S) {
  int status = dispatch<kNumeric>(S, [&](auto tag) {
    using T = typename decltype(tag)::type;
    using C = OpMath<T>;
    return isMin ? apply<ClampMin<C>, T, T, T, 2>(it, ClampMin<C>()) : apply<ClampMax<C>, T, T, T, 2>(it, ClampMax<C>());
  });
  return noKernel(status, isMin ? "clamp_min" : "clamp_max", S);
}

extern "C" int THCKernel_nanToNum(const THCApplyIter *it, THDType S, double nan, double posinf, double neginf) {
  int status = dispatch<kFloats>(S, [&](auto tag) {
    using T = typename decltype(tag)::type;
    using C = OpMath<T>;
    return apply<NanToNum<C>, T, T, T, 1>(it, NanToNum<C>{(C)nan, (C)posinf, (C)neginf});
  });
  return noKernel(status, "nan_to_num", S);
}
