/* argmax/argmin and max(dim)/min(dim): the value and the index of the first extremum (or of the
 * first NaN). Comparing indices on ties makes the result independent of the combination order. */
#include "THCReduceKernels.cuh"

namespace thcr {

/* argmax (isMin 0) or argmin (1): one kernel for both, the choice a uniform select */
template <typename T> struct ArgOp {
  typedef T in_t;
  typedef typename Val<T>::type V;
  struct acc_t {
    V v;
    i64 idx; /* -1: no element yet */
  };
  static const bool int0 = IsInt<T>::value, int1 = true, heavy = false;
  int isMin;
  /* does (bv, bi) replace (av, ai) */
  __device__ __forceinline__ bool wins(V bv, i64 bi, V av, i64 ai) const {
    if (bi < 0) return false;
    if (ai < 0) return true;
    const bool bn = isNan(bv), an = isNan(av);
    if (an) return bn && bi < ai;
    if (bn) return true;
    if (isMin ? bv < av : bv > av) return true;
    return bv == av && bi < ai;
  }
  __device__ __forceinline__ acc_t identity() const { return acc_t{V(0), -1}; }
  __device__ __forceinline__ acc_t reduce(acc_t a, T x, i64 idx) const {
    const V v = toVal(x);
    return wins(v, idx, a.v, a.idx) ? acc_t{v, idx} : a;
  }
  __device__ __forceinline__ acc_t combine(acc_t a, acc_t b) const { return wins(b.v, b.idx, a.v, a.idx) ? b : a; }
  __device__ __forceinline__ void project(acc_t a, i64, OutVal &v0, OutVal &v1) const {
    if (IsInt<T>::value) v0.i = (i64)a.v;
    else v0.d = (double)a.v;
    v1.i = a.idx;
  }
};

} // namespace thcr

extern "C" int THCReduce_launchArg(THCState *state, THCStream *stream, THCReduceKind kind, THDType t,
                                   THCReducePlan *p) {
  using namespace thcr;
  switch (kind) {
    case THC_RK_ARGMAX:
    case THC_RK_ARGMIN:
      return dispatchStorage<thc::kAll>(t, "reduction", [&](auto tag) {
        using T = typename decltype(tag)::type;
        return launchReduce(state, stream, p, ArgOp<T>{kind == THC_RK_ARGMIN});
      });
    default: break;
  }
  return noKernel("reduction", t);
}
