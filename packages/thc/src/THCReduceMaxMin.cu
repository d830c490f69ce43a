/* amax/amin (max()/min() of all elements) and aminmax: NaN propagates. */
#include "THCReduceKernels.cuh"

namespace thcr {

/* does v replace the current extremum a (NaN always does; nothing replaces a NaN but a NaN) */
template <bool IsMin, typename V> __device__ __forceinline__ bool beats(V v, V a) {
  return isNan(v) || (IsMin ? v < a : v > a);
}
template <typename V> __device__ __forceinline__ bool beats(V v, V a, int isMin) {
  return isNan(v) || (isMin ? v < a : v > a);
}

/* amax (isMin 0) or amin (1): one kernel for both, the choice a uniform select */
template <typename T> struct ExtremumOp {
  typedef T in_t;
  typedef typename Val<T>::type acc_t;
  static const bool int0 = IsInt<T>::value, int1 = false, heavy = false;
  int isMin;
  __device__ __forceinline__ acc_t identity() const {
    return isMin ? Limits<acc_t>::highest() : Limits<acc_t>::lowest();
  }
  __device__ __forceinline__ acc_t reduce(acc_t a, T x, i64) const {
    const acc_t v = toVal(x);
    return beats(v, a, isMin) ? v : a;
  }
  __device__ __forceinline__ acc_t combine(acc_t a, acc_t b) const { return beats(b, a, isMin) ? b : a; }
  __device__ __forceinline__ void project(acc_t a, i64, OutVal &v0, OutVal &) const {
    if (IsInt<T>::value) v0.i = (i64)a;
    else v0.d = (double)a;
  }
};

template <typename T> struct MinMaxOp {
  typedef T in_t;
  typedef typename Val<T>::type V;
  struct acc_t {
    V mn, mx;
  };
  static const bool int0 = IsInt<T>::value, int1 = IsInt<T>::value, heavy = false;
  __device__ __forceinline__ acc_t identity() const { return acc_t{Limits<V>::highest(), Limits<V>::lowest()}; }
  __device__ __forceinline__ acc_t reduce(acc_t a, T x, i64) const {
    const V v = toVal(x);
    if (beats<true>(v, a.mn)) a.mn = v;
    if (beats<false>(v, a.mx)) a.mx = v;
    return a;
  }
  __device__ __forceinline__ acc_t combine(acc_t a, acc_t b) const {
    if (beats<true>(b.mn, a.mn)) a.mn = b.mn;
    if (beats<false>(b.mx, a.mx)) a.mx = b.mx;
    return a;
  }
  __device__ __forceinline__ void project(acc_t a, i64, OutVal &v0, OutVal &v1) const {
    if (IsInt<T>::value) {
      v0.i = (i64)a.mn;
      v1.i = (i64)a.mx;
    } else {
      v0.d = (double)a.mn;
      v1.d = (double)a.mx;
    }
  }
};

} // namespace thcr

extern "C" int THCReduce_launchMaxMin(THCState *state, THCStream *stream, THCReduceKind kind, THDType t,
                                      THCReducePlan *p) {
  using namespace thcr;
  switch (kind) {
    case THC_RK_MAX:
    case THC_RK_MIN:
      return dispatchStorage<thc::kAll>(t, "reduction", [&](auto tag) {
        using T = typename decltype(tag)::type;
        return launchReduce(state, stream, p, ExtremumOp<T>{kind == THC_RK_MIN});
      });
    case THC_RK_MINMAX:
      return dispatchStorage<thc::kAll>(t, "reduction", [&](auto tag) {
        using T = typename decltype(tag)::type;
        return launchReduce(state, stream, p, MinMaxOp<T>{});
      });
    default: break;
  }
  return noKernel("reduction", t);
}
