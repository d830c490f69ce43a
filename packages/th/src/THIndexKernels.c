/* Typed accumulation loops (add with alpha, multiply, max, min) shared by index_put(accumulate),
 * index_add, put(accumulate) and the scatter reductions. */
#include "THIndexInternal.h"

#include <math.h>

#define ACC_BODY(NAME, T, ACC, LOAD, STORE, EXPR)                                                            \
  static void NAME(char *dst, const char *src, int64_t n, int64_t ds, int64_t ss, double alpha) {           \
    ACC al = (ACC)alpha;                                                                                     \
    (void)al;                                                                                                \
    for (int64_t i = 0; i < n; i++) {                                                                        \
      char *pd = dst + i * ds;                                                                               \
      ACC a = (ACC)LOAD(pd), b = (ACC)LOAD(src + i * ss);                                                    \
      STORE(pd, (EXPR));                                                                                     \
    }                                                                                                        \
  }

#define MAXNAN(a, b) ((b) > (a) || (b) != (b) ? (b) : (a))
#define MINNAN(a, b) ((b) < (a) || (b) != (b) ? (b) : (a))

#define ACC_FNS(D, ACC)                                                                                       \
  ACC_BODY(add_##D, CT_##D, ACC, TH_LOAD_##D, TH_STORE_##D, al == (ACC)1 ? a + b : a + al * b)              \
  ACC_BODY(mul_##D, CT_##D, ACC, TH_LOAD_##D, TH_STORE_##D, a * b)                                          \
  ACC_BODY(max_##D, CT_##D, ACC, TH_LOAD_##D, TH_STORE_##D, MAXNAN(a, b))                                    \
  ACC_BODY(min_##D, CT_##D, ACC, TH_LOAD_##D, TH_STORE_##D, MINNAN(a, b))

ACC_FNS(UInt8, uint8_t)
ACC_FNS(Int8, int8_t)
ACC_FNS(Int16, int16_t)
ACC_FNS(Int32, int32_t)
ACC_FNS(Int64, int64_t)
ACC_FNS(Float16, float)
ACC_FNS(BFloat16, float)
ACC_FNS(Float32, float)
ACC_FNS(Float64, double)

/* bool: add is logical or, multiply logical and */
static void add_Bool(char *dst, const char *src, int64_t n, int64_t ds, int64_t ss, double alpha) {
  for (int64_t i = 0; i < n; i++) dst[i * ds] = (uint8_t)(dst[i * ds] || (alpha != 0 && src[i * ss]));
}
static void mul_Bool(char *dst, const char *src, int64_t n, int64_t ds, int64_t ss, double alpha) {
  for (int64_t i = 0; i < n; i++) dst[i * ds] = (uint8_t)(dst[i * ds] && src[i * ss]);
}
static void max_Bool(char *dst, const char *src, int64_t n, int64_t ds, int64_t ss, double alpha) { add_Bool(dst, src, n, ds, ss, 1); }
static void min_Bool(char *dst, const char *src, int64_t n, int64_t ds, int64_t ss, double alpha) { mul_Bool(dst, src, n, ds, ss, 1); }

#define ENTRY(D, kind) [TH_##D] = kind##_##D,
static const THIndexAccFn addFns[TH_NumDTypes] = {TH_ALL_DTYPES(ENTRY, add)};
static const THIndexAccFn mulFns[TH_NumDTypes] = {TH_ALL_DTYPES(ENTRY, mul)};
static const THIndexAccFn maxFns[TH_NumDTypes] = {TH_ALL_DTYPES(ENTRY, max)};
static const THIndexAccFn minFns[TH_NumDTypes] = {TH_ALL_DTYPES(ENTRY, min)};

THIndexAccFn THIndex_accFn(THDType dt, int reduce) {
  switch (reduce) {
    case TH_SCATTER_PROD: return mulFns[dt];
    case TH_SCATTER_AMAX: return maxFns[dt];
    case TH_SCATTER_AMIN: return minFns[dt];
    default: return addFns[dt];
  }
}

void THIndex_storeIdentity(THDType dt, int reduce, char *dst) {
  double v = 0;
  if (reduce == TH_SCATTER_PROD) v = 1;
  else if (reduce == TH_SCATTER_AMAX || reduce == TH_SCATTER_AMIN) {
    int mx = reduce == TH_SCATTER_AMAX;
    switch (dt) {
      case TH_Bool: v = mx ? 0 : 1; break;
      case TH_UInt8: v = mx ? 0 : 255; break;
      case TH_Int8: v = mx ? -128 : 127; break;
      case TH_Int16: v = mx ? -32768 : 32767; break;
      case TH_Int32: v = mx ? -2147483648.0 : 2147483647.0; break;
      case TH_Int64:
        *(int64_t *)dst = mx ? INT64_MIN : INT64_MAX;
        return;
      default: v = mx ? -INFINITY : INFINITY; break;
    }
  }
  thStoreAt[dt](dst, 0, v);
}

THTensor *THIndex_newLong(const char *op, const THTensor *index, int allowInt) {
  if (index->dtype == TH_Int64 || (allowInt && index->dtype == TH_Int32)) {
    if (index->dtype == TH_Int64) return THTensor_newContiguous(index);
    return THTensor_newTo(index, TH_Int64, 1);
  }
  if (allowInt) return THError("%s: Expected dtype int32 or int64 for index, but got %s", op, THDType_name(index->dtype)), NULL;
  return THError("%s: Expected dtype int64 for index, but got %s", op, THDType_name(index->dtype)), NULL;
}
