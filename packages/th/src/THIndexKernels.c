/* Typed accumulation loops (add with alpha, multiply, max, min) shared by index_put(accumulate),
 * index_add, put(accumulate) and the scatter reductions. */
#include "THIndexInternal.h"

#include <math.h>

#define ACC_BODY(NAME, T, ACC, LOAD, STORE, EXPR)                                                            \
  static void NAME(char *dst, const char *src, int64_t n, int64_t ds, int64_t ss, double alpha) {           \
    ACC al = (ACC)alpha;                                                                                     \
    (void)al;                                                                                                \
    if (ds == sizeof(T) && ss == sizeof(T)) { /* contiguous runs: a loop the compiler vectorizes */          \
      T *restrict pd = (T *)dst;                                                                             \
      const T *restrict ps = (const T *)src;                                                                 \
      for (int64_t i = 0; i < n; i++) {                                                                      \
        ACC a = (ACC)LOAD(pd + i), b = (ACC)LOAD(ps + i);                                                    \
        STORE(pd + i, (EXPR));                                                                               \
      }                                                                                                      \
      return;                                                                                                \
    }                                                                                                        \
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

/* One row of a scatter: r[j * rs + ip[j * is] * rd] op= s[j * ss] (element strides). Each index
 * is checked as it is used (0 <= v < lim): returns 1 at the first bad one (the row's earlier
 * elements are written), else 0. */
#define SROW_CHECK(v)                                                                                         \
  if ((uint64_t)(v) >= lim) return 1;
#define SROW_BODY(NAME, T, ACC, LOAD, STORE, EXPR)                                                            \
  static int NAME(char *rb, const char *sb, const int64_t *ip, int64_t n, int64_t is, int64_t rs, int64_t rd, int64_t ss, \
                  uint64_t lim) {                                                                             \
    T *r = (T *)rb;                                                                                           \
    const T *sp = (const T *)sb;                                                                              \
    if (is == 1 && ss == 1 && rs == 0 && rd == 1) { /* the common case: all contiguous, dim innermost */     \
      for (int64_t j = 0; j < n; j++) {                                                                       \
        int64_t v = ip[j];                                                                                    \
        SROW_CHECK(v)                                                                                         \
        T *p = r + v;                                                                                         \
        ACC a = (ACC)LOAD(p), b = (ACC)LOAD(sp + j);                                                          \
        STORE(p, (EXPR));                                                                                     \
      }                                                                                                       \
      return 0;                                                                                               \
    }                                                                                                         \
    for (int64_t j = 0; j < n; j++) {                                                                         \
      int64_t v = ip[j * is];                                                                                 \
      SROW_CHECK(v)                                                                                           \
      T *p = r + j * rs + v * rd;                                                                             \
      ACC a = (ACC)LOAD(p), b = (ACC)LOAD(sp + j * ss);                                                       \
      STORE(p, (EXPR));                                                                                       \
    }                                                                                                         \
    return 0;                                                                                                 \
  }
#define SROW_FNS(D, ACC)                                                                                      \
  SROW_BODY(sadd_##D, CT_##D, ACC, TH_LOAD_##D, TH_STORE_##D, a + b)                                          \
  SROW_BODY(smul_##D, CT_##D, ACC, TH_LOAD_##D, TH_STORE_##D, a * b)                                          \
  SROW_BODY(smax_##D, CT_##D, ACC, TH_LOAD_##D, TH_STORE_##D, MAXNAN(a, b))                                    \
  SROW_BODY(smin_##D, CT_##D, ACC, TH_LOAD_##D, TH_STORE_##D, MINNAN(a, b))
SROW_FNS(UInt8, uint8_t)
SROW_FNS(Int8, int8_t)
SROW_FNS(Int16, int16_t)
SROW_FNS(Int32, int32_t)
SROW_FNS(Int64, int64_t)
SROW_FNS(Float16, float)
SROW_FNS(BFloat16, float)
SROW_FNS(Float32, float)
SROW_FNS(Float64, double)
#define BOOL_OR(a, b) ((a) || (b))
#define BOOL_AND(a, b) ((a) && (b))
SROW_BODY(sadd_Bool, uint8_t, int, TH_LOAD_Bool, TH_STORE_Bool, BOOL_OR(a, b))
SROW_BODY(smul_Bool, uint8_t, int, TH_LOAD_Bool, TH_STORE_Bool, BOOL_AND(a, b))
SROW_BODY(smax_Bool, uint8_t, int, TH_LOAD_Bool, TH_STORE_Bool, BOOL_OR(a, b))
SROW_BODY(smin_Bool, uint8_t, int, TH_LOAD_Bool, TH_STORE_Bool, BOOL_AND(a, b))
#define COPYROW(NAME, T)                                                                                      \
  static int NAME(char *rb, const char *sb, const int64_t *ip, int64_t n, int64_t is, int64_t rs, int64_t rd, int64_t ss, \
                  uint64_t lim) {                                                                             \
    T *r = (T *)rb;                                                                                           \
    const T *sp = (const T *)sb;                                                                              \
    for (int64_t j = 0; j < n; j++) {                                                                         \
      int64_t v = ip[j * is];                                                                                 \
      SROW_CHECK(v)                                                                                           \
      r[j * rs + v * rd] = sp[j * ss];                                                                        \
    }                                                                                                         \
    return 0;                                                                                                 \
  }
COPYROW(scopy1, uint8_t)
COPYROW(scopy2, uint16_t)
COPYROW(scopy4, uint32_t)
COPYROW(scopy8, uint64_t)

/* float adds of contiguous runs (index_put_ accumulate, index_add_): an AVX2 clone where the CPU
 * has it. No FMA: a + alpha * b rounds twice, as the other dtypes' loops do. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define TH_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define TH_AVX2_CLONES
#endif
TH_AVX2_CLONES static void addRunF32(float *restrict d, const float *restrict s, int64_t n, float al) {
  if (al == 1)
    for (int64_t i = 0; i < n; i++) d[i] = d[i] + s[i];
  else
    for (int64_t i = 0; i < n; i++) d[i] = d[i] + al * s[i];
}
TH_AVX2_CLONES static void addRunF64(double *restrict d, const double *restrict s, int64_t n, double al) {
  if (al == 1)
    for (int64_t i = 0; i < n; i++) d[i] = d[i] + s[i];
  else
    for (int64_t i = 0; i < n; i++) d[i] = d[i] + al * s[i];
}
static void addFast_Float32(char *dst, const char *src, int64_t n, int64_t ds, int64_t ss, double alpha) {
  if (ds == 4 && ss == 4) addRunF32((float *)dst, (const float *)src, n, (float)alpha);
  else add_Float32(dst, src, n, ds, ss, alpha);
}
static void addFast_Float64(char *dst, const char *src, int64_t n, int64_t ds, int64_t ss, double alpha) {
  if (ds == 8 && ss == 8) addRunF64((double *)dst, (const double *)src, n, alpha);
  else add_Float64(dst, src, n, ds, ss, alpha);
}

#define ENTRY(D, kind) [TH_##D] = kind##_##D,
static const THIndexAccFn addFns[TH_NumDTypes] = {TH_ALL_DTYPES(ENTRY, add)};
static const THIndexAccFn mulFns[TH_NumDTypes] = {TH_ALL_DTYPES(ENTRY, mul)};
static const THIndexAccFn maxFns[TH_NumDTypes] = {TH_ALL_DTYPES(ENTRY, max)};
static const THIndexAccFn minFns[TH_NumDTypes] = {TH_ALL_DTYPES(ENTRY, min)};

static const THIndexRowFn saddFns[TH_NumDTypes] = {TH_ALL_DTYPES(ENTRY, sadd)};
static const THIndexRowFn smulFns[TH_NumDTypes] = {TH_ALL_DTYPES(ENTRY, smul)};
static const THIndexRowFn smaxFns[TH_NumDTypes] = {TH_ALL_DTYPES(ENTRY, smax)};
static const THIndexRowFn sminFns[TH_NumDTypes] = {TH_ALL_DTYPES(ENTRY, smin)};

THIndexRowFn THIndex_rowFn(THDType dt, int reduce) {
  switch (reduce) {
    case TH_SCATTER_NONE:
      switch (THDType_size(dt)) {
        case 1: return scopy1;
        case 2: return scopy2;
        case 4: return scopy4;
        default: return scopy8;
      }
    case TH_SCATTER_PROD: return smulFns[dt];
    case TH_SCATTER_AMAX: return smaxFns[dt];
    case TH_SCATTER_AMIN: return sminFns[dt];
    default: return saddFns[dt];
  }
}

THIndexAccFn THIndex_accFn(THDType dt, int reduce) {
  if ((reduce == TH_SCATTER_SUM || reduce == TH_SCATTER_MEAN) && dt == TH_Float32) return addFast_Float32;
  if ((reduce == TH_SCATTER_SUM || reduce == TH_SCATTER_MEAN) && dt == TH_Float64) return addFast_Float64;
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
