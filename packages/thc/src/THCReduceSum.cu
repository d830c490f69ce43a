/* Sum (and nansum, mean), nanmean and prod: the ops, and their launcher. */
#include "THCReduceKernels.cuh"

namespace thcr {

/* sum; flags: THC_RF_SKIPNAN treats NaN as 0, THC_RF_MEAN divides by the count */
template <typename T> struct SumOp {
  typedef T in_t;
  typedef typename SumAcc<T>::type acc_t;
  static const bool int0 = IsInt<T>::value, int1 = false, heavy = false;
  int flags;
  __device__ __forceinline__ acc_t identity() const { return acc_t(0); }
  __device__ __forceinline__ acc_t reduce(acc_t a, T x, i64) const {
    const typename Val<T>::type v = toVal(x);
    if (!IsInt<T>::value && (flags & THC_RF_SKIPNAN) && isNan(v)) return a;
    return a + (acc_t)v;
  }
  __device__ __forceinline__ acc_t combine(acc_t a, acc_t b) const { return a + b; }
  __device__ __forceinline__ void project(acc_t a, i64 count, OutVal &v0, OutVal &) const {
    if (IsInt<T>::value) v0.i = (i64)a;
    else v0.d = (flags & THC_RF_MEAN) ? (double)a / (double)count : (double)a;
  }
};

/* sum of the non-NaN elements over their count */
template <typename T> struct NanMeanOp {
  typedef T in_t;
  typedef typename FAcc<T>::type F;
  struct acc_t {
    F sum;
    i64 n;
  };
  static const bool int0 = false, int1 = false, heavy = false;
  __device__ __forceinline__ acc_t identity() const { return acc_t{F(0), 0}; }
  __device__ __forceinline__ acc_t reduce(acc_t a, T x, i64) const {
    const F v = (F)toVal(x);
    if (!isNan(v)) {
      a.sum += v;
      a.n += 1;
    }
    return a;
  }
  __device__ __forceinline__ acc_t combine(acc_t a, acc_t b) const { return acc_t{a.sum + b.sum, a.n + b.n}; }
  __device__ __forceinline__ void project(acc_t a, i64, OutVal &v0, OutVal &) const {
    v0.d = (double)a.sum / (double)a.n;
  }
};

template <typename T> struct ProdOp {
  typedef T in_t;
  typedef typename SumAcc<T>::type acc_t;
  static const bool int0 = IsInt<T>::value, int1 = false, heavy = false;
  __device__ __forceinline__ acc_t identity() const { return acc_t(1); }
  __device__ __forceinline__ acc_t reduce(acc_t a, T x, i64) const { return a * (acc_t)toVal(x); }
  __device__ __forceinline__ acc_t combine(acc_t a, acc_t b) const { return a * b; }
  __device__ __forceinline__ void project(acc_t a, i64, OutVal &v0, OutVal &) const {
    if (IsInt<T>::value) v0.i = (i64)a;
    else v0.d = (double)a;
  }
};

} // namespace thcr

extern "C" int THCReduce_launchSum(THCState *state, THCStream *stream, THCReduceKind kind, THDType t,
                                   THCReducePlan *p) {
  using namespace thcr;
  switch (kind) {
    case THC_RK_SUM:
      return dispatchStorage<thc::kAll>(t, "reduction", [&](auto tag) {
        using T = typename decltype(tag)::type;
        return launchReduce(state, stream, p, SumOp<T>{p->flags});
      });
    case THC_RK_NANMEAN:
      return dispatchStorage<thc::kFloats>(t, "reduction", [&](auto tag) {
        using T = typename decltype(tag)::type;
        return launchReduce(state, stream, p, NanMeanOp<T>{});
      });
    case THC_RK_PROD:
      return dispatchStorage<thc::kAll>(t, "reduction", [&](auto tag) {
        using T = typename decltype(tag)::type;
        return launchReduce(state, stream, p, ProdOp<T>{});
      });
    default: break;
  }
  return noKernel("reduction", t);
}
