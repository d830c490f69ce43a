/* test_pointwise_util.h — what test_pointwise.c and test_copy.c share: random host tensors from
 * libTH's generator, the same view (transposed, strided, broadcast, misaligned, 0-d, empty) made
 * of a host tensor and of its device copy, and comparison of a device result with libTH's. */
#ifndef TEST_POINTWISE_UTIL_H
#define TEST_POINTWISE_UTIL_H

#include "thc_test.h"

static THGenerator *pw_gen;

/* uniform in [0, 1) from the mt19937 stream */
static TH_TEST_UNUSED double pw_uniform(void) { return (double)THGenerator_random(pw_gen) / 4294967296.0; }

/* A value that dtype dt holds exactly (before rounding to half types), spread over the dtype's range
 * so that integer ops overflow and wrap; with `special`, floats are sometimes NaN, infinities,
 * signed zeros or exact halves (for round-half-even). nonzero: never 0 (divisors). */
static TH_TEST_UNUSED double pw_value(THDType dt, int special, int nonzero) {
  double u = pw_uniform(), v;
  switch (dt) {
    case TH_Bool: v = u < 0.5 ? 0 : 1; break;
    case TH_UInt8: v = floor(u * 256); break;
    case TH_Int8: v = floor(u * 256) - 128; break;
    case TH_Int16: v = floor(u * 65536) - 32768; break;
    case TH_Int32: v = floor(u * 4294967296.0) - 2147483648.0; break;
    case TH_Int64: v = floor(u * 4294967296.0) * 65536.0 * (pw_uniform() < 0.5 ? -1 : 1) + floor(pw_uniform() * 65536); break;
    default:
      v = (u - 0.5) * 8;
      if (special) {
        double w = pw_uniform();
        if (w < 0.03) v = NAN;
        else if (w < 0.05) v = INFINITY;
        else if (w < 0.07) v = -INFINITY;
        else if (w < 0.09) v = 0.0;
        else if (w < 0.10) v = -0.0;
        else if (w < 0.15) v = floor(v) + 0.5;
        else if (w < 0.18) v = (double)(int)v;
      }
      break;
  }
  if (nonzero && v == 0) v = 1;
  return v;
}

/* Small integer-valued inputs (so that integer ops do not all wrap, and pow/shift counts stay
 * meaningful). */
static TH_TEST_UNUSED double pw_small(THDType dt, int nonzero) {
  double v = dt == TH_Bool ? (pw_uniform() < 0.5 ? 0 : 1) : floor(pw_uniform() * 19) - 9;
  if (dt == TH_UInt8 && v < 0) v = -v;
  if (nonzero && v == 0) v = dt == TH_Bool ? 1 : 3;
  return v;
}

enum { PW_RANDOM = 0, PW_SPECIAL = 1, PW_SMALL = 2 };

/* A contiguous host tensor of random values. */
static TH_TEST_UNUSED THTensor *pw_rand(THDType dt, int ndim, const int64_t *sizes, int mode, int nonzero) {
  THTensor *t = THTensor_newWithSize(dt, ndim, sizes);
  if (!t) return NULL;
  int64_t n = THTensor_numel(t);
  char *p = (char *)THTensor_data(t);
  size_t es = THDType_size(dt);
  for (int64_t i = 0; i < n; i++)
    th_test_store(dt, p + (size_t)i * es, mode == PW_SMALL ? pw_small(dt, nonzero) : pw_value(dt, mode == PW_SPECIAL, nonzero));
  return t;
}

/* Device copy of a host tensor on device 0 (same dense layout). */
static TH_TEST_UNUSED THTensor *pw_dev(const THTensor *h) { return THCTensor_newToDevice(thc_test_state, h, 0, 0, 0); }
/* Host copy of a device tensor. */
static TH_TEST_UNUSED THTensor *pw_host(const THTensor *d) { return THCTensor_newToDevice(thc_test_state, d, -1, 0, 0); }

/* Layouts of an operand (the logical shape is always the one asked for). */
enum {
  L_CONTIG,   /* contiguous */
  L_T,        /* the last two dims transposed */
  L_SLICE,    /* every other element of the last dim */
  L_EXPAND,   /* dim 0 broadcast (stride 0) */
  L_OFFSET,   /* contiguous rows starting one element in: misaligned for vector loads */
  L_WRAPPED,  /* a host wrapped number (0-d; the dtype comes from the value) */
  L_HOST0D,   /* a 0-d host tensor of the dtype */
  L_DEV0D,    /* a 0-d device tensor */
  L_NUM_LAYOUTS
};

static TH_TEST_UNUSED const char *pw_layoutName(int l) {
  static const char *const names[] = {"contig", "transposed", "sliced", "expanded", "offset", "wrapped", "host0d", "dev0d"};
  return l >= 0 && l < L_NUM_LAYOUTS ? names[l] : "?";
}

/* The same view of a host base tensor and of its device copy: *h and *d (owned; *d is NULL for
 * host scalars, which are passed as they are). Returns 0 on failure. */
static TH_TEST_UNUSED int pw_operand(THDType dt, int layout, int ndim, const int64_t *sizes, int mode, int nonzero, THTensor **h,
                                     THTensor **d) {
  *h = *d = NULL;
  if (layout == L_WRAPPED) {
    double v = mode == PW_SMALL ? pw_small(dt, nonzero) : pw_value(dt, mode == PW_SPECIAL, nonzero);
    if (dt == TH_Bool) *h = THTensor_newWrappedBool(v != 0);
    else if (THDType_isFloating(dt)) *h = THTensor_newWrappedNumber(v == floor(v) && isfinite(v) ? v + 0.25 : v);
    else *h = THTensor_newWrappedNumber(v);
    return *h != NULL;
  }
  if (layout == L_HOST0D || layout == L_DEV0D) {
    *h = pw_rand(dt, 0, NULL, mode, nonzero);
    if (layout == L_DEV0D) *d = pw_dev(*h);
    return *h != NULL && (layout == L_HOST0D || *d != NULL);
  }
  int64_t base[8];
  for (int i = 0; i < ndim; i++) base[i] = sizes[i];
  int last = ndim - 1;
  if (layout == L_T && ndim >= 2) base[last] = sizes[last - 1], base[last - 1] = sizes[last];
  if (layout == L_SLICE && ndim >= 1) base[last] = sizes[last] * 2;
  if (layout == L_EXPAND && ndim >= 1) base[0] = 1;
  if (layout == L_OFFSET && ndim >= 1) base[last] = sizes[last] + 1;
  THTensor *hb = pw_rand(dt, ndim, base, mode, nonzero);
  THTensor *db = hb ? pw_dev(hb) : NULL;
  if (!db) {
    THTensor_free(hb);
    return 0;
  }
  for (int side = 0; side < 2; side++) {
    THTensor *b = side ? db : hb, *v = NULL;
    switch (ndim >= 1 ? layout : L_CONTIG) {
      case L_T: v = ndim >= 2 ? THTensor_newTranspose(b, last - 1, last) : THTensor_newAlias(b); break;
      case L_SLICE: v = THTensor_newSlice(b, last, 0, base[last], 2); break;
      case L_EXPAND: v = THTensor_newExpand(b, ndim, sizes); break;
      case L_OFFSET: v = THTensor_newNarrow(b, last, 1, sizes[last]); break;
      default: v = THTensor_newAlias(b); break;
    }
    if (side) *d = v;
    else *h = v;
  }
  THTensor_free(hb);
  THTensor_free(db);
  return *h && *d;
}

/* Tolerances of the comparisons: besides `ulps`, an absolute error (libTH's float erf is an
 * approximation within 1.5e-7), and the dtype the op computed in when it is narrower than the
 * result's (a float32 op written to a float64 out=). */
static double pw_absTol = 0;
static int pw_precision = -1;

static double pw_eps(THDType dt) {
  switch (dt) {
    case TH_Float16: return 1.0 / 1024;
    case TH_BFloat16: return 1.0 / 128;
    case TH_Float32: return 1.0 / 8388608;
    case TH_Float64: return 1.0 / 4503599627370496.0;
    default: return 0;
  }
}

static double pw_max(THDType dt) {
  switch (dt) {
    case TH_Float16: return 65504;
    case TH_BFloat16: return 3.3895313892515355e38;
    case TH_Float32: return 3.4028234663852886e38;
    default: return 1.7976931348623157e308;
  }
}

/* Units in the last place the device may differ from libTH by (CUDA's math functions are within a
 * few ulps; the half types are rounded from float, so at most one of their ulps). */
static TH_TEST_UNUSED int pw_close(THDType dt, double want, double got, double ulps) {
  if (isnan(want) || isnan(got)) return isnan(want) && isnan(got);
  if (want == got) return 1;
  if (!THDType_isFloating(dt)) return 0; /* integers and bool: exact */
  THDType prec = dt;
  if (pw_precision >= 0 && THDType_isFloating((THDType)pw_precision) && pw_eps((THDType)pw_precision) > pw_eps(dt))
    prec = (THDType)pw_precision;
  if (isinf(want) || isinf(got)) /* one side overflowed a little earlier than the other */
    return ulps > 0 && (isinf(want) ? want : got) * (isinf(want) ? got : want) > 0 && fabs(isinf(want) ? got : want) > pw_max(prec) / 2;
  double eps = pw_eps(prec);
  if (prec == TH_Float16 || prec == TH_BFloat16) ulps = ulps > 0 ? 1 : 0;
  double scale = fmax(fabs(want), fabs(got));
  double tiny = prec == TH_Float64 ? 1e-300 : prec == TH_Float32 ? 1e-37 : 1e-7;
  return fabs(want - got) <= ulps * eps * fmax(scale, tiny) * 1.0000001 + pw_absTol;
}

/* want (host) and got (device) hold the same values (up to ulps for floats), shape and, when
 * checkStrides, strides. Prints the first mismatch with `what`. */
static TH_TEST_UNUSED void pw_expectSame(const THTensor *want, const THTensor *got, double ulps, int checkStrides, const char *what) {
  th_test_checks++;
  if (!got) {
    TH_TEST_FAIL_("%s: result is NULL (%s)", what, THGetLastError());
    return;
  }
  if (THTensor_dtype(want) != THTensor_dtype(got)) {
    TH_TEST_FAIL_("%s: dtype %s, expected %s", what, THDType_name(THTensor_dtype(got)), THDType_name(THTensor_dtype(want)));
    return;
  }
  int same = THTensor_ndim(want) == THTensor_ndim(got);
  for (int i = 0; same && i < THTensor_ndim(want); i++) same = THTensor_size(want, i) == THTensor_size(got, i);
  if (!same) {
    TH_TEST_FAIL_("%s: shape %s, expected %s", what, th_test_dims_str(THTensor_ndim(got), THTensor_sizes(got), 0),
                  th_test_dims_str(THTensor_ndim(want), THTensor_sizes(want), 1));
    return;
  }
  if (checkStrides) {
    for (int i = 0; i < THTensor_ndim(want); i++)
      if (THTensor_size(want, i) > 1 && THTensor_stride(want, i) != THTensor_stride(got, i)) {
        TH_TEST_FAIL_("%s: strides %s, expected %s", what, th_test_dims_str(THTensor_ndim(got), THTensor_strides(got), 0),
                      th_test_dims_str(THTensor_ndim(want), THTensor_strides(want), 1));
        return;
      }
  }
  THTensor *h = THCTensor_device(got) >= 0 ? pw_host(got) : (THTensor_retain((THTensor *)got), (THTensor *)got);
  if (!h) {
    TH_TEST_FAIL_("%s: copying the result to the host failed: %s", what, THGetLastError());
    return;
  }
  int64_t n = THTensor_numel(want);
  THDType dt = THTensor_dtype(want);
  for (int64_t i = 0; i < n; i++) {
    double a = th_at(want, i), b = th_at(h, i);
    if (!pw_close(dt, a, b, ulps)) {
      TH_TEST_FAIL_("%s: element %lld of %lld is %.17g, expected %.17g (%s)", what, (long long)i, (long long)n, b, a,
                    THDType_name(dt));
      break;
    }
  }
  THTensor_free(h);
}

#endif
