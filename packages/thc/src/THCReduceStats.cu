/* var/std (Welford, merged by Chan's formula), vector norms, all/any/count_nonzero and logsumexp. */
#include "THCReduceKernels.cuh"

namespace thcr {

/* out0: var (THC_RF_STD: std) with correction p, out1: mean */
template <typename T> struct MomentsOp {
  typedef T in_t;
  typedef typename FAcc<T>::type F;
  struct acc_t {
    F mean, m2;
    i64 n;
  };
  static const bool int0 = false, int1 = false, heavy = true;
  double correction;
  int flags;
  __device__ __forceinline__ acc_t identity() const { return acc_t{F(0), F(0), 0}; }
  __device__ __forceinline__ acc_t reduce(acc_t a, T x, i64) const {
    const F v = (F)toVal(x);
    a.n += 1;
    const F d = v - a.mean;
    a.mean += d / (F)a.n;
    a.m2 += d * (v - a.mean);
    return a;
  }
  __device__ __forceinline__ acc_t combine(acc_t a, acc_t b) const {
    if (b.n == 0) return a;
    if (a.n == 0) return b;
    const i64 n = a.n + b.n;
    const F d = b.mean - a.mean;
    const F nb = (F)b.n / (F)n;
    acc_t r;
    r.mean = a.mean + d * nb;
    r.m2 = a.m2 + b.m2 + d * d * (F)a.n * nb;
    r.n = n;
    return r;
  }
  __device__ __forceinline__ void project(acc_t a, i64, OutVal &v0, OutVal &v1) const {
    double div = (double)a.n - correction;
    if (div < 0) div = 0;
    const double var = (double)a.m2 / div;
    v0.d = (flags & THC_RF_STD) ? sqrt(var) : var;
    v1.d = a.n > 0 ? (double)a.mean : (double)NAN;
  }
};

/* linalg.vector_norm for p = 0, 1, 2, inf, -inf (flags: THC_NORM_*) */
template <typename T> struct NormOp {
  typedef T in_t;
  typedef typename FAcc<T>::type acc_t;
  static const bool int0 = false, int1 = false, heavy = false;
  int kind;
  __device__ __forceinline__ acc_t identity() const { return kind == THC_NORM_NINF ? acc_t(INFINITY) : acc_t(0); }
  __device__ __forceinline__ acc_t reduce(acc_t a, T x, i64) const {
    const acc_t v = (acc_t)toVal(x), y = fabs(v);
    switch (kind) {
      case THC_NORM_0: return a + (v != 0 ? acc_t(1) : acc_t(0));
      case THC_NORM_1: return a + y;
      case THC_NORM_2: return a + v * v;
      case THC_NORM_INF: return (y > a || isNan(y)) ? y : a;
      default: return (y < a || isNan(y)) ? y : a;
    }
  }
  __device__ __forceinline__ acc_t combine(acc_t a, acc_t b) const {
    if (kind == THC_NORM_INF) return (b > a || isNan(b)) ? b : a;
    if (kind == THC_NORM_NINF) return (b < a || isNan(b)) ? b : a;
    return a + b;
  }
  __device__ __forceinline__ void project(acc_t a, i64, OutVal &v0, OutVal &) const {
    v0.d = kind == THC_NORM_2 ? sqrt((double)a) : (double)a;
  }
};

/* linalg.vector_norm for any other p: sum(|x|^p)^(1/p) */
template <typename T> struct NormPOp {
  typedef T in_t;
  typedef typename FAcc<T>::type acc_t;
  static const bool int0 = false, int1 = false, heavy = true;
  double p;
  __device__ __forceinline__ acc_t identity() const { return acc_t(0); }
  __device__ __forceinline__ acc_t reduce(acc_t a, T x, i64) const {
    return a + mpow((acc_t)fabs((acc_t)toVal(x)), (acc_t)p);
  }
  __device__ __forceinline__ acc_t combine(acc_t a, acc_t b) const { return a + b; }
  __device__ __forceinline__ void project(acc_t a, i64, OutVal &v0, OutVal &) const { v0.d = pow((double)a, 1.0 / p); }
};

/* counts nonzero elements; all: the count is the number of elements, any: it is not 0 */
template <typename T> struct CountOp {
  typedef T in_t;
  typedef i64 acc_t;
  static const bool int0 = true, int1 = false, heavy = false;
  int kind;
  __device__ __forceinline__ acc_t identity() const { return 0; }
  __device__ __forceinline__ acc_t reduce(acc_t a, T x, i64) const { return a + (toVal(x) != 0 ? 1 : 0); }
  __device__ __forceinline__ acc_t combine(acc_t a, acc_t b) const { return a + b; }
  __device__ __forceinline__ void project(acc_t a, i64 count, OutVal &v0, OutVal &) const {
    v0.i = kind == THC_COUNT_ALL ? (i64)(a == count) : kind == THC_COUNT_ANY ? (i64)(a != 0) : a;
  }
};

/* log(sum(exp(x))) in one pass: m is the largest finite element so far and s the sum of exp(x - m)
 * over the finite ones; NaN and +inf are flags. TH's result (amax, set to 0 where infinite, then
 * log(sum(exp(x - m))) + m): NaN if any NaN, +inf if any +inf, -inf when every element is -inf
 * (or there are none), else log(s) + m. TH holds s, its log and the result in tensors of the input's
 * dtype, so each is rounded to it here too (a float16 s above 65504 is inf, as in TH and PyTorch). */
template <typename T> struct LogSumExpOp {
  typedef T in_t;
  typedef typename FAcc<T>::type F;
  struct acc_t {
    F m, s;
    int flags; /* 1: a NaN, 2: +inf */
    int pad;
  };
  static const bool int0 = false, int1 = false, heavy = true;
  __device__ __forceinline__ acc_t identity() const { return acc_t{-(F)INFINITY, F(0), 0, 0}; }
  __device__ __forceinline__ acc_t reduce(acc_t a, T x, i64) const {
    const F v = (F)toVal(x);
    if (isNan(v)) {
      a.flags |= 1;
    } else if (v == (F)INFINITY) {
      a.flags |= 2;
    } else if (v != -(F)INFINITY) {
      if (v > a.m) {
        a.s = a.s * mexp(a.m - v) + F(1);
        a.m = v;
      } else {
        a.s += mexp(v - a.m);
      }
    }
    return a;
  }
  __device__ __forceinline__ acc_t combine(acc_t a, acc_t b) const {
    const int flags = a.flags | b.flags;
    acc_t r;
    if (b.m == -(F)INFINITY) {
      r = a;
    } else if (a.m == -(F)INFINITY) {
      r = b;
    } else if (a.m >= b.m) {
      r.m = a.m;
      r.s = a.s + b.s * mexp(b.m - a.m);
    } else {
      r.m = b.m;
      r.s = b.s + a.s * mexp(a.m - b.m);
    }
    r.flags = flags;
    r.pad = 0;
    return r;
  }
  __device__ __forceinline__ void project(acc_t a, i64, OutVal &v0, OutVal &) const {
    if (a.flags & 1) v0.d = NAN;
    else if (a.flags & 2) v0.d = INFINITY;
    else if (a.m == -(F)INFINITY) v0.d = -INFINITY;
    else {
      const F s = (F)roundTo<T>(a.s), ls = (F)roundTo<T>(mlog(s));
      v0.d = roundTo<T>(ls + a.m);
    }
  }
};

} // namespace thcr

extern "C" int THCReduce_launchStats(THCState *state, THCStream *stream, THCReduceKind kind, THDType t,
                                     THCReducePlan *p) {
  using namespace thcr;
  switch (kind) {
    case THC_RK_MOMENTS:
      return dispatchStorage<thc::kFloats>(t, "reduction", [&](auto tag) {
        using T = typename decltype(tag)::type;
        return launchReduce(state, stream, p, MomentsOp<T>{p->p, p->flags});
      });
    case THC_RK_NORM:
      return dispatchStorage<thc::kFloats>(t, "reduction", [&](auto tag) {
        using T = typename decltype(tag)::type;
        if (p->flags == THC_NORM_P) return launchReduce(state, stream, p, NormPOp<T>{p->p});
        return launchReduce(state, stream, p, NormOp<T>{p->flags});
      });
    case THC_RK_COUNT:
      return dispatchStorage<thc::kAll>(t, "reduction", [&](auto tag) {
        using T = typename decltype(tag)::type;
        return launchReduce(state, stream, p, CountOp<T>{p->flags});
      });
    case THC_RK_LOGSUMEXP:
      return dispatchStorage<thc::kFloats>(t, "reduction", [&](auto tag) {
        using T = typename decltype(tag)::type;
        return launchReduce(state, stream, p, LogSumExpOp<T>{});
      });
    default: break;
  }
  return noKernel("reduction", t);
}
