/* fill_, copy_'s conversion kernel (over the pointwise iterator), and the kernels of arange,
 * linspace and logspace (which write each element from its index). */
#include "THCApply.cuh"

namespace {
using namespace thc;

template <typename C> struct Fill {
  C value;
  THC_D C operator()() const { return value; }
};
template <typename C> struct Identity {
  THC_D C operator()(C x) const { return x; }
};

/* start + i * step, in double as libTH (each operation rounded), converted to T */
template <typename T> THC_KERNEL(THC_APPLY_THREADS) void arangeKernel(T *r, int64_t n, double start, double step) {
  const int64_t stride = (int64_t)gridThreads();
  for (int64_t i = (int64_t)globalThread(); i < n; i += stride) storeRaw<T>((char *)(r + i), convert<T>(m::add(start, m::mul((double)i, step))));
}

/* libTH's SPACED_VALUE in the compute type F (float or double); logspace raises base to it in double */
template <typename T, typename F>
THC_KERNEL(THC_APPLY_THREADS) void spacedKernel(T *r, int64_t n, F start, F end, F step, int isLog, double base) {
  const int64_t stride = (int64_t)gridThreads(), half = n / 2;
  for (int64_t i = (int64_t)globalThread(); i < n; i += stride) {
    F v = i < half ? m::add(start, m::mul(step, (F)i)) : m::sub(end, m::mul(step, (F)(n - i - 1)));
    double d = isLog ? ::pow(base, (double)v) : (double)v;
    storeRaw<T>((char *)(r + i), convert<T>(d));
  }
}

int blocksFor(int64_t n, int maxBlocks) {
  int64_t b = (n + THC_APPLY_THREADS - 1) / THC_APPLY_THREADS;
  return (int)(b < 1 ? 1 : b > maxBlocks ? maxBlocks : b);
}

}  // namespace

extern "C" int THCKernel_fill(const THCApplyIter *it, const void *value) {
  int status = dispatch<kAll>(it->dtype[0], [&](auto tag) {
    using T = typename decltype(tag)::type;
    Raw<T> raw;
    memcpy(&raw, value, sizeof raw);
    OpMath<T> v = convert<OpMath<T>>(T(raw));
    return apply<Fill<OpMath<T>>, T, T, T, 0>(it, Fill<OpMath<T>>{v});
  });
  return noKernel(status, "fill_", it->dtype[0]);
}

/* Conversions common enough to get kernels of their own (vectorized when contiguous); the others
 * convert on the fly in the destination dtype's kernel. */
#define THC_COPY_PAIRS(_)                                                                                        \
  _(TH_Float32, float, TH_Float16, half) _(TH_Float16, half, TH_Float32, float)                                  \
  _(TH_Float32, float, TH_BFloat16, bfloat16) _(TH_BFloat16, bfloat16, TH_Float32, float)                        \
  _(TH_Float32, float, TH_Float64, double) _(TH_Float64, double, TH_Float32, float)                              \
  _(TH_Int64, int64_t, TH_Float32, float) _(TH_Int32, int32_t, TH_Float32, float)                                \
  _(TH_UInt8, uint8_t, TH_Float32, float) _(TH_Bool, bool, TH_Float32, float)                                    \
  _(TH_Int32, int32_t, TH_Int64, int64_t) _(TH_Int64, int64_t, TH_Int32, int32_t)

extern "C" int THCKernel_copy(const THCApplyIter *it) {
  const THDType from = it->data[1] ? it->dtype[1] : it->dtype[0], to = it->dtype[0];
#define THC_COPY_PAIR(F, FT, T, TT) \
  if (from == F && to == T) return apply<Identity<OpMath<FT>>, FT, FT, TT, 1>(it, Identity<OpMath<FT>>());
  THC_COPY_PAIRS(THC_COPY_PAIR)
#undef THC_COPY_PAIR
  int status = dispatch<kAll>(it->dtype[0], [&](auto tag) {
    using T = typename decltype(tag)::type;
    return apply<Identity<OpMath<T>>, T, T, T, 1>(it, Identity<OpMath<T>>());
  });
  return noKernel(status, "copy_", it->dtype[0]);
}

extern "C" int THCKernel_arange(void *stream, int maxBlocks, void *r, THDType t, int64_t n, double start, double step) {
  if (n <= 0) return TH_OK;
#ifdef THC_EMU
  thcEmuCheckDevicePtr(r, "arange result");
#endif
  int status = dispatch<kAll>(t, [&](auto tag) {
    using T = typename decltype(tag)::type;
    return launch(arangeKernel<T>, blocksFor(n, maxBlocks), stream, "arange kernel launch", (T *)r, n, start, step);
  });
  return noKernel(status, "arange", t);
}

extern "C" int THCKernel_spaced(void *stream, int maxBlocks, void *r, THDType t, int64_t n, double start, double end, int isLog,
                                double base) {
  if (n <= 0) return TH_OK;
  const char *name = isLog ? "logspace" : "linspace";
#ifdef THC_EMU
  thcEmuCheckDevicePtr(r, "linspace result");
#endif
  if (n == 1) end = start; /* a single step is `start`, as PyTorch */
  int status = dispatch<kAll>(t, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same<T, float>::value || isHalfType<T>()) {
      /* float math for float32 and the half types */
      float s0 = (float)start, s1 = (float)end, step = n > 1 ? (s1 - s0) / (float)(n - 1) : 0.0f;
      return launch(spacedKernel<T, float>, blocksFor(n, maxBlocks), stream, "linspace kernel launch", (T *)r, n, s0, s1, step,
                    isLog, base);
    } else {
      double s0 = start, s1 = end;
      if (!std::is_floating_point<T>::value) { /* the ends are converted to the integer type first */
        s0 = (double)(int64_t)s0;
        s1 = (double)(int64_t)s1;
      }
      double step = n > 1 ? (s1 - s0) / (double)(n - 1) : 0.0;
      return launch(spacedKernel<T, double>, blocksFor(n, maxBlocks), stream, "linspace kernel launch", (T *)r, n, s0, s1, step,
                    isLog, base);
    }
  });
  return noKernel(status, name, t);
}
