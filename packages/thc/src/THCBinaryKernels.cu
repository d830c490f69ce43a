/* Binary elementwise ops (TH_BINARY_OPS) as functors over the pointwise iterator, with libTH's
 * semantics: Python's floor division and remainder, integer pow by squaring, shifts past the width,
 * NaN-propagating maximum/minimum, wrapping integer arithmetic. Inputs are dispatched on their
 * common dtype only (converted on load when they differ); gt and ge run lt and le on swapped
 * operands. */
#include "THCApply.cuh"

namespace {
using namespace thc;

struct BinParams {
  double alpha; /* add/sub */
  int *err;     /* integer division by zero */
};

template <typename C> C alphaAs(double alpha) {
  if constexpr (std::is_same<C, bool>::value) return alpha != 0;
  else return (C)alpha; /* the same C conversion libTH's loops apply */
}

template <typename C> struct Add {
  C alpha;
  explicit Add(const BinParams &p) : alpha(alphaAs<C>(p.alpha)) {}
  THC_D C operator()(C a, C b) const {
    if constexpr (std::is_floating_point<C>::value) return m::fma(alpha, b, a); /* as libTH's AVX2 loops */
    else if constexpr (std::is_same<C, bool>::value) return a | (alpha & b);
    else return wadd(a, wmul(alpha, b));
  }
};
template <typename C> struct Sub {
  C alpha;
  explicit Sub(const BinParams &p) : alpha(alphaAs<C>(p.alpha)) {}
  THC_D C operator()(C a, C b) const {
    if constexpr (std::is_floating_point<C>::value) return m::fma(-alpha, b, a);
    else return wsub(a, wmul(alpha, b));
  }
};
template <typename C> struct Mul {
  explicit Mul(const BinParams &) {}
  THC_D C operator()(C a, C b) const {
    if constexpr (std::is_floating_point<C>::value) return a * b;
    else if constexpr (std::is_same<C, bool>::value) return a & b;
    else return wmul(a, b);
  }
};
template <typename C> struct Div {
  explicit Div(const BinParams &) {}
  THC_D C operator()(C a, C b) const { return a / b; }
};

/* integer division and remainder: a zero divisor sets the error flag (libTH's ZeroDivisionError) */
template <typename T> THC_D inline T divTrunc(T a, T b, int *err) {
  if (b == 0) {
    if (err) *err = 1;
    return 0;
  }
  if constexpr (std::is_signed<T>::value)
    if (b == T(-1)) return wneg(a);
  return (T)(a / b);
}
template <typename T> THC_D inline T fmodInt(T a, T b, int *err) {
  if (b == 0) {
    if (err) *err = 1;
    return 0;
  }
  if constexpr (std::is_signed<T>::value)
    if (b == T(-1)) return 0;
  return (T)(a % b);
}

template <typename C> struct DivTrunc {
  int *err;
  explicit DivTrunc(const BinParams &p) : err(p.err) {}
  THC_D C operator()(C a, C b) const {
    if constexpr (std::is_floating_point<C>::value) return m::trunc(a / b);
    else return divTrunc(a, b, err);
  }
};
template <typename C> struct DivFloor {
  int *err;
  explicit DivFloor(const BinParams &p) : err(p.err) {}
  THC_D C operator()(C a, C b) const {
    if constexpr (std::is_floating_point<C>::value) { /* PyTorch's div_floor_floating */
      if (b == 0) return a / b;
      C mod = m::fmod(a, b), div = (a - mod) / b;
      if (mod != 0 && ((b < 0) != (mod < 0))) div -= 1;
      if (div == 0) return m::copysign(C(0), a / b);
      C fl = m::floor(div);
      if (div - fl > C(0.5)) fl += 1;
      return fl;
    } else {
      C q = divTrunc(a, b, err);
      if constexpr (std::is_signed<C>::value)
        if (b != 0 && wsub(a, wmul(q, b)) != 0 && ((a < 0) != (b < 0))) q = wsub(q, C(1));
      return q;
    }
  }
};
template <typename C> struct Remainder {
  int *err;
  explicit Remainder(const BinParams &p) : err(p.err) {}
  THC_D C operator()(C a, C b) const {
    if constexpr (std::is_floating_point<C>::value) {
      C mod = m::fmod(a, b);
      if (mod != 0 && ((b < 0) != (mod < 0))) mod += b;
      return mod;
    } else {
      C r = fmodInt(a, b, err);
      if constexpr (std::is_signed<C>::value)
        if (r != 0 && ((r < 0) != (b < 0))) r = wadd(r, b);
      return r;
    }
  }
};
template <typename C> struct Fmod {
  int *err;
  explicit Fmod(const BinParams &p) : err(p.err) {}
  THC_D C operator()(C a, C b) const {
    if constexpr (std::is_floating_point<C>::value) return m::fmod(a, b);
    else return fmodInt(a, b, err);
  }
};
template <typename C> struct Pow {
  explicit Pow(const BinParams &) {}
  THC_D C operator()(C a, C b) const {
    if constexpr (std::is_floating_point<C>::value) {
      return m::pow(a, b);
    } else {
      if constexpr (std::is_signed<C>::value)
        if (b < 0) return a == 1 ? C(1) : a == C(-1) ? (b % 2 ? C(-1) : C(1)) : C(0);
      uint64_t r = 1, base = (uint64_t)(int64_t)a, e = (uint64_t)(int64_t)b;
      while (e) {
        if (e & 1) r *= base;
        base *= base;
        e >>= 1;
      }
      return (C)r;
    }
  }
};
template <typename C> struct Atan2 {
  explicit Atan2(const BinParams &) {}
  THC_D C operator()(C a, C b) const { return m::atan2(a, b); }
};
template <typename C> struct Maximum {
  explicit Maximum(const BinParams &) {}
  THC_D C operator()(C a, C b) const {
    if constexpr (std::is_floating_point<C>::value) return a != a ? a : b != b ? b : a > b ? a : b;
    else if constexpr (std::is_same<C, bool>::value) return a | b;
    else return a > b ? a : b;
  }
};
template <typename C> struct Minimum {
  explicit Minimum(const BinParams &) {}
  THC_D C operator()(C a, C b) const {
    if constexpr (std::is_floating_point<C>::value) return a != a ? a : b != b ? b : a < b ? a : b;
    else if constexpr (std::is_same<C, bool>::value) return a & b;
    else return a < b ? a : b;
  }
};

#define THC_BOOL_BINARY(Name, expr)                          \
  template <typename C> struct Name {                        \
    explicit Name(const BinParams &) {}                      \
    THC_D bool operator()(C a, C b) const { return expr; }   \
  };
THC_BOOL_BINARY(Eq, a == b)
THC_BOOL_BINARY(Ne, a != b)
THC_BOOL_BINARY(Lt, a < b)
THC_BOOL_BINARY(Le, a <= b)
THC_BOOL_BINARY(LogicalAnd, (a != C(0)) & (b != C(0)))
THC_BOOL_BINARY(LogicalOr, (a != C(0)) | (b != C(0)))
THC_BOOL_BINARY(LogicalXor, (a != C(0)) ^ (b != C(0)))
#undef THC_BOOL_BINARY

#define THC_BITWISE(Name, op)                                    \
  template <typename C> struct Name {                            \
    explicit Name(const BinParams &) {}                          \
    THC_D C operator()(C a, C b) const { return C(a op b); }     \
  };
THC_BITWISE(BitwiseAnd, &)
THC_BITWISE(BitwiseOr, |)
THC_BITWISE(BitwiseXor, ^)
#undef THC_BITWISE

/* shifts by a negative amount or by the width or more: 0, or -1 for a negative a shifted right */
template <typename C> struct ShiftLeft {
  explicit ShiftLeft(const BinParams &) {}
  THC_D C operator()(C a, C b) const {
    if ((uint64_t)(int64_t)b >= 8 * sizeof(C)) return 0;
    return (C)((uint64_t)(int64_t)a << b);
  }
};
template <typename C> struct ShiftRight {
  explicit ShiftRight(const BinParams &) {}
  THC_D C operator()(C a, C b) const {
    if ((uint64_t)(int64_t)b >= 8 * sizeof(C)) {
      if constexpr (std::is_signed<C>::value) return a < 0 ? C(-1) : C(0);
      else return C(0);
    }
    return (C)(a >> b);
  }
};

/* name, functor, common dtypes with a kernel, result is bool (gt and ge: see THCKernel_binary) */
#define THC_BINARY_TABLE(_)                                                                                  \
  _(add, Add, kAll, false) _(sub, Sub, kNumeric, false) _(mul, Mul, kAll, false) _(div, Div, kFloats, false)  \
  _(div_trunc, DivTrunc, kNumeric, false) _(div_floor, DivFloor, kNumeric, false)                             \
  _(remainder, Remainder, kNumeric, false) _(fmod, Fmod, kNumeric, false) _(pow, Pow, kNumeric, false)        \
  _(atan2, Atan2, kFloats, false) _(maximum, Maximum, kAll, false) _(minimum, Minimum, kAll, false)           \
  _(eq, Eq, kAll, true) _(ne, Ne, kAll, true) _(lt, Lt, kAll, true) _(le, Le, kAll, true)                     \
  _(gt, Lt, kAll, true) _(ge, Le, kAll, true) _(logical_and, LogicalAnd, kAll, true)                          \
  _(logical_or, LogicalOr, kAll, true) _(logical_xor, LogicalXor, kAll, true)                                 \
  _(bitwise_and, BitwiseAnd, kInts | kBool, false) _(bitwise_or, BitwiseOr, kInts | kBool, false)             \
  _(bitwise_xor, BitwiseXor, kInts | kBool, false) _(bitwise_left_shift, ShiftLeft, kInts, false)             \
  _(bitwise_right_shift, ShiftRight, kInts, false)

template <template <typename> class F, unsigned Mask, bool BoolOut>
int run(const THCApplyIter *it, THDType S, const BinParams &p) {
  return dispatch<Mask>(S, [&](auto tag) {
    using T = typename decltype(tag)::type;
    using Out = typename std::conditional<BoolOut, bool, T>::type;
    return apply<F<OpMath<T>>, T, T, Out, 2>(it, F<OpMath<T>>(p));
  });
}

}  // namespace

extern "C" int THCKernel_hasBinary(THBinaryOp op, THDType S) {
  switch (op) {
#define THC_HAS(name, F, mask, boolOut) \
  case TH_OP_##name: return (int)(((mask) >> (unsigned)S) & 1u);
    THC_BINARY_TABLE(THC_HAS)
#undef THC_HAS
    default: return 0;
  }
}

extern "C" int THCKernel_binary(const THCApplyIter *it, THBinaryOp op, THDType S, double alpha) {
  const BinParams p = {alpha, it->errorFlag};
  if (op == TH_OP_gt || op == TH_OP_ge) { /* a > b is b < a: the same kernels as lt and le */
    THCApplyIter *sw = (THCApplyIter *)malloc(sizeof *sw);
    if (!sw) return THError("out of memory");
    *sw = *it;
    sw->data[1] = it->data[2], sw->data[2] = it->data[1];
    sw->dtype[1] = it->dtype[2], sw->dtype[2] = it->dtype[1];
    sw->scalar[1] = it->scalar[2], sw->scalar[2] = it->scalar[1];
    for (int d = 0; d < it->ndim; d++) sw->strides[d][1] = it->strides[d][2], sw->strides[d][2] = it->strides[d][1];
    int status = noKernel(op == TH_OP_gt ? run<Lt, kAll, true>(sw, S, p) : run<Le, kAll, true>(sw, S, p), THBinaryOp_name(op), S);
    free(sw);
    return status;
  }
  switch (op) {
#define THC_RUN(name, F, mask, boolOut) \
  case TH_OP_##name: return noKernel(run<F, mask, boolOut>(it, S, p), #name, S);
    THC_BINARY_TABLE(THC_RUN)
#undef THC_RUN
    default: return THError("invalid binary op %d", (int)op);
  }
}
