/* Sampling into tensors, following PyTorch 1.13's CPU kernels draw for draw:
 * - every sampler draws serially from the generator in TensorIterator order (memory order for a
 *   permuted dense tensor, row-major otherwise), so the thread count never changes a result;
 * - uniform_real: the low 24 (float32; 11 float16, 8 bfloat16) bits of a 32-bit draw or the low
 *   53 bits of a 64-bit draw (float64), times 2^-digits;
 * - normal_ of a contiguous floating tensor of >= 16 elements fills uniforms first, then applies
 *   Box–Muller to blocks of 16 (the last block recomputed from 16 fresh uniforms); for float32 it
 *   uses the cephes-style log/sincos polynomials of PyTorch's AVX2 kernel (avx_mathfun), written
 *   here lane by lane in plain float arithmetic; those blocks are independent and run in
 *   parallel. Other tensors use normal_distribution<double>, which caches its second sample in
 *   the generator. */
#include "THGeneratorImpl.h"
#include "THDispatch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* The float32 normal kernel must round every operation as PyTorch's AVX2 code does: no fused
 * multiply-adds except the explicit fmaf. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#define TH_PI 3.14159265358979323846
#define SERIAL INT64_MAX /* a grain no tensor reaches: THIter_forEach runs serially */

static int isFloat(THDType t) { return THDType_isFloating(t); }

static int notFloating(const char *op, THDType t) {
  return THError("%s: not implemented for '%s' (expected a floating point tensor: float16, bfloat16, float32 or float64)", op,
                 THDType_name(t));
}

/* PyTorch refuses to sample into a tensor whose elements overlap (an expanded view). */
static int checkOut(const char *op, const THTensor *r) { return THCheckWriteOverlap(op, r, 0, NULL); }

static inline float roundHalf(float v) { return THHalf_toFloat(THHalf_fromFloat(v)); }
static inline float roundBF16(float v) { return THBFloat16_toFloat(THBFloat16_fromFloat(v)); }

/* ---- one serial pass over r (and optionally one input broadcast to r) ---- */

typedef struct Sampler Sampler;
typedef void (*RowFn)(Sampler *c, char *out, int64_t os, const char *in, int64_t is, int64_t n);
struct Sampler {
  THGenerator *g;
  THDType dtype, inType;
  double a, b;    /* distribution parameters */
  float fa, fb;   /* the same in float (uniform_ of float32/half types) */
  uint64_t range; /* random_ */
  int64_t base;
  int wide; /* random_: 64-bit draws */
  int kind;
  RowFn row;
};

static void samplerLoop(char **data, const int64_t *s, int64_t n, int64_t outer, void *vctx) {
  Sampler *c = vctx;
  int two = c->inType != TH_NumDTypes;
  for (int64_t j = 0; j < outer; j++)
    c->row(c, data[0] + j * s[two ? 2 : 1], s[0], two ? data[1] + j * s[3] : NULL, two ? s[1] : 0, n);
}

static int runSerial(THTensor *r, const THTensor *in, Sampler *c) {
  THIter it;
  const THTensor *ops[2] = {r, in};
  c->inType = in ? in->dtype : TH_NumDTypes;
  if (THIter_init(&it, in ? 2 : 1, ops)) return TH_ERR;
  c->g = THGen_lock(c->g);
  THIter_forEach(&it, samplerLoop, c, SERIAL);
  THGen_unlock(c->g);
  THTensor_bumpVersion(r);
  return TH_OK;
}

/* Stores EXPR (evaluated once per element, in order) into every element of a row of dtype r. */
#define STORE_CASE(D, EXPR)                                                          \
  case TH_##D:                                                                       \
    for (int64_t i = 0; i < n; i++) TH_STORE_##D(out + i * os, (EXPR));             \
    break;
#define STORE_ALL(dtype, EXPR)                                                                                \
  switch (dtype) {                                                                                            \
    STORE_CASE(Bool, EXPR) STORE_CASE(UInt8, EXPR) STORE_CASE(Int8, EXPR) STORE_CASE(Int16, EXPR)             \
    STORE_CASE(Int32, EXPR) STORE_CASE(Int64, EXPR) STORE_CASE(Float16, EXPR) STORE_CASE(BFloat16, EXPR)      \
    STORE_CASE(Float32, EXPR) STORE_CASE(Float64, EXPR) default: break;                                       \
  }

/* ---- normal_distribution<double>, with the cached second sample ---- */

static inline double normalDouble(THGenerator *g, double mean, double std, int fused) {
  double ret;
  if (g->hasNextDouble) {
    g->hasNextDouble = 0;
    ret = g->nextDouble;
  } else {
    double u1 = THGen_double(g);
    double u2 = THGen_double(g);
    double r = sqrt(-2.0 * log(1.0 - u2));
    double theta = 2.0 * TH_PI * u1;
    g->hasNextDouble = 1;
    g->nextDouble = r * sin(theta);
    ret = r * cos(theta);
  }
  return fused ? fma(ret, std, mean) : ret * std + mean; /* as PyTorch's build compiles each caller */
}

/* ---- uniform_ ---- */

static void uniformRow(Sampler *c, char *out, int64_t os, const char *in, int64_t is, int64_t n) {
  THGenerator *g = c->g;
  switch (c->dtype) {
    case TH_Float64: {
      const double from = c->a, range = c->b - c->a;
      if (os == sizeof(double)) {
        double *o = (double *)out;
        for (int64_t i = 0; i < n; i++) o[i] = fma(THGen_double(g), range, from);
      } else {
        for (int64_t i = 0; i < n; i++) *(double *)(out + i * os) = fma(THGen_double(g), range, from);
      }
      break;
    }
    case TH_Float32: {
      const float from = c->fa, range = c->fb - c->fa;
      if (os == sizeof(float) && range == 1.0f && from == 0.0f) { /* rand(): x itself */
        float *o = (float *)out;
        for (int64_t i = 0; i < n; i++) o[i] = THGen_float(g);
      } else {
        for (int64_t i = 0; i < n; i++) *(float *)(out + i * os) = fmaf(THGen_float(g), range, from);
      }
      break;
    }
    case TH_Float16: { /* to - from is itself a half; the rest in float */
      const float from = c->fa, range = roundHalf(c->fb - c->fa);
      for (int64_t i = 0; i < n; i++) {
        float x = (float)(THGen_u32(g) & 0x7ffu) * (1.0f / 2048.0f);
        *(uint16_t *)(out + i * os) = THHalf_fromFloat(x * range + from);
      }
      break;
    }
    case TH_BFloat16: {
      const float from = c->fa, range = roundBF16(c->fb - c->fa);
      for (int64_t i = 0; i < n; i++) {
        float x = (float)(THGen_u32(g) & 0xffu) * (1.0f / 256.0f);
        *(uint16_t *)(out + i * os) = THBFloat16_fromFloat(x * range + from);
      }
      break;
    }
    default: break;
  }
}

int THTensor_uniform_(THTensor *r, double from, double to, THGenerator *g) {
  if (!isFloat(r->dtype)) return notFloating("uniform_", r->dtype);
  if (THCheckUniform(r->dtype, from, to)) return TH_ERR;
  if (THTensor_numel(r) == 0) return TH_OK;
  if (checkOut("uniform_", r)) return TH_ERR;
  Sampler c = {.g = g, .dtype = r->dtype, .a = from, .b = to, .row = uniformRow};
  if (r->dtype == TH_Float16) {
    c.fa = roundHalf((float)from);
    c.fb = roundHalf((float)to);
  } else if (r->dtype == TH_BFloat16) {
    c.fa = roundBF16((float)from);
    c.fb = roundBF16((float)to);
  } else {
    c.fa = (float)from;
    c.fb = (float)to;
  }
  return runSerial(r, NULL, &c);
}

/* ---- normal_ ---- */

/* cephes-style logf and sincosf as in PyTorch's avx_mathfun.h (log256_ps, sincos256_ps), one lane
 * at a time: the same float operations in the same order give the same bits. */
static inline float asFloat(uint32_t u) {
  float f;
  memcpy(&f, &u, 4);
  return f;
}
static inline uint32_t asBits(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}

/* PyTorch's build (GCC, -mavx2 -mfma) fuses the intrinsics' multiply-then-add pairs into FMAs;
 * FMA() marks exactly those places. */
#ifndef LOG_TAIL
#define LOG_TAIL y = FMA(y, z, e * (float)-2.12194440e-4);
#endif
#define FMA(a, b, c) __builtin_fmaf((a), (b), (c))

static inline __attribute__((always_inline)) float cephesLog(float x) {
  const float one = 1.0f;
  int invalid = x <= 0.0f;
  if (!(x > 1.17549435e-38f)) x = 1.17549435e-38f; /* max(x, min_norm_pos): NaN takes the bound */
  int32_t imm0 = (int32_t)(asBits(x) >> 23);
  x = asFloat((asBits(x) & ~0x7f800000u) | asBits(0.5f));
  imm0 -= 0x7f;
  float e = (float)imm0;
  e = e + one;
  int mask = x < (float)0.707106781186547524;
  float tmp = mask ? x : 0.0f;
  x = x - one;
  e = e - (mask ? one : 0.0f);
  x = x + tmp;
  float z = x * x;
  float y = FMA((float)7.0376836292E-2, x, (float)-1.1514610310E-1);
  y = FMA(y, x, (float)1.1676998740E-1);
  y = FMA(y, x, (float)-1.2420140846E-1);
  y = FMA(y, x, (float)1.4249322787E-1);
  y = FMA(y, x, (float)-1.6668057665E-1);
  y = FMA(y, x, (float)2.0000714765E-1);
  y = FMA(y, x, (float)-2.4999993993E-1);
  y = FMA(y, x, (float)3.3333331174E-1);
  y = y * x;
  LOG_TAIL
  y = FMA(-z, 0.5f, y);
  x = x + y;
  x = FMA(e, (float)0.693359375, x);
  return invalid ? asFloat(0xffffffffu) : x;
}

static inline __attribute__((always_inline)) void cephesSinCos(float x, float *s, float *c) {
  uint32_t signSin = asBits(x) & 0x80000000u;
  x = asFloat(asBits(x) & 0x7fffffffu);
  float y = x * (float)1.27323954473516;
  int32_t j = (int32_t)y;
  j = (j + 1) & ~1;
  y = (float)j;
  int32_t j4 = j;
  uint32_t swapSin = (uint32_t)(j & 4) << 29;
  int polyMask = (j & 2) == 0;
  x = FMA(y, (float)-0.78515625, x);
  x = FMA(y, (float)-2.4187564849853515625e-4, x);
  x = FMA(y, (float)-3.77489497744594108e-8, x);
  j4 = j4 - 2;
  uint32_t signCos = (uint32_t)(~j4 & 4) << 29;
  signSin ^= swapSin;
  float z = x * x;
  float p = FMA((float)2.443315711809948E-005, z, (float)-1.388731625493765E-003);
  p = FMA(p, z, (float)4.166664568298827E-002);
  p = p * z;
  p = FMA(p, z, -(z * 0.5f));
  p = p + 1.0f;
  float q = FMA((float)-1.9515295891E-4, z, (float)8.3321608736E-3);
  q = FMA(q, z, (float)-1.6666654611E-1);
  q = q * z;
  q = FMA(q, x, x);
  float ysin2 = polyMask ? q : 0.0f;
  float ysin1 = polyMask ? 0.0f : p;
  q = q - ysin2;
  p = p - ysin1;
  float sv = ysin1 + ysin2;
  float cv = p + q;
  *s = asFloat(asBits(sv) ^ signSin);
  *c = asFloat(asBits(cv) ^ signCos);
}

/* One block of 16: lanes j and j + 8 of PyTorch's normal_fill_16_AVX2. */
#define NORMAL_BLOCK_F32_BODY                                  \
  const float twoPi = (float)(2.0f * TH_PI);                   \
  for (int j = 0; j < 8; j++) {                                \
    float u1 = 1.0f - d[j];                                    \
    float u2 = d[j + 8];                                       \
    float radius = sqrtf(-2.0f * cephesLog(u1));               \
    float theta = twoPi * u2;                                  \
    float sv, cv;                                              \
    cephesSinCos(theta, &sv, &cv);                             \
    d[j] = FMA(radius * cv, std, mean);                        \
    d[j + 8] = FMA(radius * sv, std, mean);                    \
  }

static void normalBlockF32Generic(float *d, float mean, float std) { NORMAL_BLOCK_F32_BODY }
#if defined(__x86_64__) && defined(__GNUC__)
/* The same operations, eight lanes at a time with AVX2 and hardware FMA (bit-identical to the
 * scalar code above, which is PyTorch's normal_fill_16_AVX2 lane by lane). */
#include <immintrin.h>
#define V8(c) _mm256_set1_ps((float)(c))
#define VI(c) _mm256_set1_epi32((int)(c))
__attribute__((target("avx2,fma"))) static inline __m256 logAVX2(__m256 x) {
  const __m256 one = V8(1.0f);
  __m256 invalid = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LE_OS);
  x = _mm256_max_ps(x, _mm256_castsi256_ps(VI(0x00800000)));
  __m256i imm0 = _mm256_srli_epi32(_mm256_castps_si256(x), 23);
  x = _mm256_and_ps(x, _mm256_castsi256_ps(VI(~0x7f800000)));
  x = _mm256_or_ps(x, V8(0.5f));
  imm0 = _mm256_sub_epi32(imm0, VI(0x7f));
  __m256 e = _mm256_add_ps(_mm256_cvtepi32_ps(imm0), one);
  __m256 mask = _mm256_cmp_ps(x, V8(0.707106781186547524), _CMP_LT_OS);
  __m256 tmp = _mm256_and_ps(x, mask);
  x = _mm256_sub_ps(x, one);
  e = _mm256_sub_ps(e, _mm256_and_ps(one, mask));
  x = _mm256_add_ps(x, tmp);
  __m256 z = _mm256_mul_ps(x, x);
  __m256 y = _mm256_fmadd_ps(V8(7.0376836292E-2), x, V8(-1.1514610310E-1));
  y = _mm256_fmadd_ps(y, x, V8(1.1676998740E-1));
  y = _mm256_fmadd_ps(y, x, V8(-1.2420140846E-1));
  y = _mm256_fmadd_ps(y, x, V8(1.4249322787E-1));
  y = _mm256_fmadd_ps(y, x, V8(-1.6668057665E-1));
  y = _mm256_fmadd_ps(y, x, V8(2.0000714765E-1));
  y = _mm256_fmadd_ps(y, x, V8(-2.4999993993E-1));
  y = _mm256_fmadd_ps(y, x, V8(3.3333331174E-1));
  y = _mm256_mul_ps(y, x);
  y = _mm256_fmadd_ps(y, z, _mm256_mul_ps(e, V8(-2.12194440e-4)));
  y = _mm256_fnmadd_ps(z, V8(0.5f), y);
  x = _mm256_add_ps(x, y);
  x = _mm256_fmadd_ps(e, V8(0.693359375), x);
  return _mm256_or_ps(x, invalid);
}
__attribute__((target("avx2,fma"))) static inline void sincosAVX2(__m256 x, __m256 *s, __m256 *c) {
  __m256 signSin = _mm256_and_ps(x, _mm256_castsi256_ps(VI(0x80000000u)));
  x = _mm256_and_ps(x, _mm256_castsi256_ps(VI(0x7fffffff)));
  __m256 y = _mm256_mul_ps(x, V8(1.27323954473516));
  __m256i j = _mm256_cvttps_epi32(y);
  j = _mm256_and_si256(_mm256_add_epi32(j, VI(1)), VI(~1));
  y = _mm256_cvtepi32_ps(j);
  __m256 swapSin = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_and_si256(j, VI(4)), 29));
  __m256 polyMask = _mm256_castsi256_ps(_mm256_cmpeq_epi32(_mm256_and_si256(j, VI(2)), _mm256_setzero_si256()));
  x = _mm256_fmadd_ps(y, V8(-0.78515625), x);
  x = _mm256_fmadd_ps(y, V8(-2.4187564849853515625e-4), x);
  x = _mm256_fmadd_ps(y, V8(-3.77489497744594108e-8), x);
  __m256 signCos = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_andnot_si256(_mm256_sub_epi32(j, VI(2)), VI(4)), 29));
  signSin = _mm256_xor_ps(signSin, swapSin);
  __m256 z = _mm256_mul_ps(x, x);
  __m256 p = _mm256_fmadd_ps(V8(2.443315711809948E-005), z, V8(-1.388731625493765E-003));
  p = _mm256_fmadd_ps(p, z, V8(4.166664568298827E-002));
  p = _mm256_mul_ps(p, z);
  p = _mm256_fmsub_ps(p, z, _mm256_mul_ps(z, V8(0.5f)));
  p = _mm256_add_ps(p, V8(1.0f));
  __m256 q = _mm256_fmadd_ps(V8(-1.9515295891E-4), z, V8(8.3321608736E-3));
  q = _mm256_fmadd_ps(q, z, V8(-1.6666654611E-1));
  q = _mm256_mul_ps(q, z);
  q = _mm256_fmadd_ps(q, x, x);
  __m256 ysin2 = _mm256_and_ps(polyMask, q);
  __m256 ysin1 = _mm256_andnot_ps(polyMask, p);
  q = _mm256_sub_ps(q, ysin2);
  p = _mm256_sub_ps(p, ysin1);
  *s = _mm256_xor_ps(_mm256_add_ps(ysin1, ysin2), signSin);
  *c = _mm256_xor_ps(_mm256_add_ps(p, q), signCos);
}
__attribute__((target("avx2,fma"))) static void normalBlockF32AVX2(float *d, float mean, float std) {
  __m256 u1 = _mm256_sub_ps(V8(1.0f), _mm256_loadu_ps(d));
  __m256 u2 = _mm256_loadu_ps(d + 8);
  __m256 radius = _mm256_sqrt_ps(_mm256_mul_ps(V8(-2.0f), logAVX2(u1)));
  __m256 theta = _mm256_mul_ps(V8(2.0f * TH_PI), u2);
  __m256 sv, cv;
  sincosAVX2(theta, &sv, &cv);
  _mm256_storeu_ps(d, _mm256_fmadd_ps(_mm256_mul_ps(radius, cv), V8(std), V8(mean)));
  _mm256_storeu_ps(d + 8, _mm256_fmadd_ps(_mm256_mul_ps(radius, sv), V8(std), V8(mean)));
}
#undef V8
#undef VI
/* TH_RANDOM_SCALAR=1 in the environment forces the scalar code (the tests compare both). */
static int haveFMA(void) {
  static int cached = -1;
  if (cached < 0) {
    __builtin_cpu_init();
    cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }
  const char *e = getenv("TH_RANDOM_SCALAR");
  return cached && !(e && *e && *e != '0');
}
static void normalBlockF32(float *d, float mean, float std, int vec) {
  if (vec) normalBlockF32AVX2(d, mean, std);
  else normalBlockF32Generic(d, mean, std);
}
#else
#define normalBlockF32(d, mean, std, vec) normalBlockF32Generic(d, mean, std)
static int haveFMA(void) { return 0; }
#endif

static void normalBlockF64(double *d, double mean, double std) {
  for (int j = 0; j < 8; j++) {
    double u1 = 1 - d[j];
    double u2 = d[j + 8];
    double radius = sqrt(-2 * log(u1));
    double theta = 2.0 * TH_PI * u2;
    d[j] = fma(radius * cos(theta), std, mean);
    d[j + 8] = fma(radius * sin(theta), std, mean);
  }
}

/* normal_fill_16<Half/BFloat16>: every variable is rounded to the half type. For float16 the
 * arithmetic between them is float; c10's BFloat16 rounds every operation (and std::log, cos,
 * sin, sqrt) to bfloat16. */
static void normalBlockHalf(uint16_t *d, float mean, float std, int bf16) {
  float v[16];
  for (int j = 0; j < 16; j++) v[j] = bf16 ? THBFloat16_toFloat(d[j]) : THHalf_toFloat(d[j]);
  for (int j = 0; j < 8; j++) {
    if (bf16) {
#define R roundBF16
      float u1 = R(1.0f - v[j]);
      float u2 = v[j + 8];
      float radius = R(sqrtf(R(-2.0f * R(logf(u1)))));
      float theta = R((float)(2.0 * TH_PI * (double)u2));
      v[j] = R(R(R(radius * R(cosf(theta))) * std) + mean);
      v[j + 8] = R(R(R(radius * R(sinf(theta))) * std) + mean);
#undef R
    } else {
      float u1 = roundHalf(1.0f - v[j]);
      float u2 = v[j + 8];
      float radius = roundHalf(sqrtf(-2.0f * logf(u1)));
      float theta = roundHalf((float)(2.0 * TH_PI * (double)u2));
      v[j] = radius * cosf(theta) * std + mean;
      v[j + 8] = radius * sinf(theta) * std + mean;
    }
  }
  for (int j = 0; j < 16; j++) d[j] = bf16 ? THBFloat16_fromFloat(v[j]) : THHalf_fromFloat(v[j]);
}

static void fillUniform01(THGenerator *g, THDType t, void *data, int64_t n) {
  switch (t) {
    case TH_Float64:
      for (int64_t i = 0; i < n; i++) ((double *)data)[i] = THGen_double(g);
      break;
    case TH_Float32:
      for (int64_t i = 0; i < n; i++) ((float *)data)[i] = THGen_float(g);
      break;
    case TH_Float16:
      for (int64_t i = 0; i < n; i++) ((uint16_t *)data)[i] = THHalf_fromFloat((float)(THGen_u32(g) & 0x7ffu) * (1.0f / 2048.0f));
      break;
    default:
      for (int64_t i = 0; i < n; i++) ((uint16_t *)data)[i] = THBFloat16_fromFloat((float)(THGen_u32(g) & 0xffu) * (1.0f / 256.0f));
      break;
  }
}

static void normalBlock(THDType t, char *p, double mean, double std, int vec) {
  switch (t) {
    case TH_Float64: normalBlockF64((double *)p, mean, std); break;
    case TH_Float32: normalBlockF32((float *)p, (float)mean, (float)std, vec); break;
    case TH_Float16: normalBlockHalf((uint16_t *)p, roundHalf((float)mean), roundHalf((float)std), 0); break;
    default: normalBlockHalf((uint16_t *)p, roundBF16((float)mean), roundBF16((float)std), 1); break;
  }
}

/* Blocks of 16 below which one thread transforms them (a parallel region costs more than it saves
 * below ~1e6 elements on a busy machine). */
#define NORMAL_PARALLEL_BLOCKS 65536

static void normalFill(THTensor *r, double mean, double std, THGenerator *g) {
  const THDType t = r->dtype;
  const size_t es = THDType_size(t);
  char *data = THTensor_bytes(r);
  const int64_t size = THTensor_numel(r), blocks = size / 16;
  const int vec = haveFMA();
  g = THGen_lock(g);
  fillUniform01(g, t, data, size);
  char *tail = size % 16 ? data + (size - 16) * (int64_t)es : NULL;
  int threads = THGetNumThreads();
#ifdef _OPENMP
  if (threads > 1 && blocks >= NORMAL_PARALLEL_BLOCKS && !omp_in_parallel()) {
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t b = 0; b < blocks; b++) normalBlock(t, data + b * 16 * (int64_t)es, mean, std, vec);
  } else
#endif
  {
    (void)threads;
    for (int64_t b = 0; b < blocks; b++) normalBlock(t, data + b * 16 * (int64_t)es, mean, std, vec);
  }
  if (tail) { /* the last 16 elements again, from fresh uniforms */
    fillUniform01(g, t, tail, 16);
    normalBlock(t, tail, mean, std, vec);
  }
  THGen_unlock(g);
  THTensor_bumpVersion(r);
}

static void normalRow(Sampler *c, char *out, int64_t os, const char *in, int64_t is, int64_t n) {
  STORE_ALL(c->dtype, normalDouble(c->g, c->a, c->b, 1));
}

int THTensor_normal_(THTensor *r, double mean, double std, THGenerator *g) {
  if (!(std >= 0.0)) return THError("normal expects std >= 0.0, but found std %g", std);
  if (!isFloat(r->dtype)) return notFloating("normal_", r->dtype);
  if (THTensor_numel(r) == 0) return TH_OK;
  if (checkOut("normal_", r)) return TH_ERR;
  if (THTensor_numel(r) >= 16 && THTensor_isContiguous(r)) {
    normalFill(r, mean, std, g);
    return TH_OK;
  }
  Sampler c = {.g = g, .dtype = r->dtype, .a = mean, .b = std, .row = normalRow};
  return runSerial(r, NULL, &c);
}

/* ---- random_ ---- */

static const int digitsOf[TH_NumDTypes] = {[TH_Float16] = 11, [TH_BFloat16] = 8, [TH_Float32] = 24, [TH_Float64] = 53};

static void randomFromToRow(Sampler *c, char *out, int64_t os, const char *in, int64_t is, int64_t n) {
  THGenerator *g = c->g;
  const uint64_t range = c->range, base = (uint64_t)c->base;
  if (c->wide) {
    STORE_ALL(c->dtype, (int64_t)(THGen_u64(g) % range + base));
  } else if (c->dtype == TH_Int64 && os == 8) {
    int64_t *o = (int64_t *)out;
    for (int64_t i = 0; i < n; i++) o[i] = (int64_t)((uint64_t)THGen_u32(g) % range + base);
  } else {
    STORE_ALL(c->dtype, (int64_t)((uint64_t)THGen_u32(g) % range + base));
  }
}

static void randomFullRow(Sampler *c, char *out, int64_t os, const char *in, int64_t is, int64_t n) {
  STORE_ALL(c->dtype, (int64_t)THGen_u64(c->g));
}

/* random_() with no range: [0, max] for integers, [0, 2^digits] for floats, val & 1 for bool */
static void randomDefaultRow(Sampler *c, char *out, int64_t os, const char *in, int64_t is, int64_t n) {
  THGenerator *g = c->g;
  switch (c->dtype) {
    STORE_CASE(Bool, THGen_u32(g) & 1u);
    STORE_CASE(Int64, (int64_t)(THGen_u64(g) % (1ULL << 63)));
    STORE_CASE(Float64, (double)(THGen_u64(g) % ((1ULL << 53) + 1)));
    STORE_CASE(Float32, (float)(THGen_u32(g) % ((1u << 24) + 1)));
    STORE_CASE(Float16, (float)(THGen_u32(g) % ((1u << 11) + 1)));
    STORE_CASE(BFloat16, (float)(THGen_u32(g) % ((1u << 8) + 1)));
    STORE_CASE(UInt8, THGen_u32(g) % 256u);
    STORE_CASE(Int8, THGen_u32(g) % 128u);
    STORE_CASE(Int16, THGen_u32(g) % 32768u);
    STORE_CASE(Int32, (int64_t)(THGen_u32(g) % 2147483648u));
    default: break;
  }
}

/* PyTorch's update_from/update_to: the nearest bounds that stay inside [from, to) after rounding
 * to a floating dtype. */
static int64_t toInt64(double v) { return v >= 9223372036854775807.0 ? INT64_MAX : v <= -9223372036854775808.0 ? INT64_MIN : (int64_t)v; }
static int64_t updateFrom(THDType t, int64_t from) {
  int64_t fromPlus1 = toInt64(THDType_round(t, (double)(from + 1)));
  if (fromPlus1 < from) {
    int64_t f = llabs(from + 1);
    int n = 0;
    while (f >>= 1) ++n;
    from = fromPlus1 + (1LL << (n - digitsOf[t] + 1));
  }
  return from;
}
static int64_t updateTo(THDType t, int64_t to) {
  int64_t toMinus1 = toInt64(THDType_round(t, (double)(to - 1)));
  if (toMinus1 >= to) {
    int64_t v = llabs(to - 1);
    int n = 0;
    while (v >>= 1) ++n;
    to = toMinus1 - (1LL << (n - digitsOf[t] + 1));
  }
  return to;
}

static void intRange(THDType t, int64_t *min, int64_t *max) {
  switch (t) {
    case TH_Bool: *min = 0, *max = 1; break;
    case TH_UInt8: *min = 0, *max = 255; break;
    case TH_Int8: *min = -128, *max = 127; break;
    case TH_Int16: *min = -32768, *max = 32767; break;
    case TH_Int32: *min = INT32_MIN, *max = INT32_MAX; break;
    default: *min = INT64_MIN, *max = INT64_MAX; break;
  }
}

static int checkFromTo(THDType t, int64_t from, int64_t toInc) {
  if (isFloat(t)) {
    double max = THDType_maxFinite(t);
    if (!((double)from >= -max && (double)from <= max)) return THError("random_: from is out of bounds for %s (got from=%lld)", THDType_name(t), (long long)from);
    if (!((double)toInc >= -max && (double)toInc <= max))
      return THError("random_: to - 1 is out of bounds for %s (got to - 1=%lld)", THDType_name(t), (long long)toInc);
  } else {
    int64_t min, max;
    intRange(t, &min, &max);
    if (from < min || from > max)
      return THError("random_: from is out of bounds for %s (got from=%lld; the range is [%lld, %lld])", THDType_name(t), (long long)from,
                     (long long)min, (long long)max);
    if (toInc < min || toInc > max)
      return THError("random_: to - 1 is out of bounds for %s (got to - 1=%lld; the range is [%lld, %lld])", THDType_name(t),
                     (long long)toInc, (long long)min, (long long)max);
  }
  return TH_OK;
}

int THRandom_range(THDType t, int hasFrom, int64_t from, int hasTo, int64_t to, THRandomRange *out) {
  memset(out, 0, sizeof *out);
  if (hasTo) {
    if (!hasFrom) from = 0;
    if (from >= to)
      return THError("random_ expects 'from' to be less than 'to', but got from=%lld >= to=%lld", (long long)from, (long long)to);
    if (isFloat(t)) {
      from = updateFrom(t, from);
      to = updateTo(t, to);
      if (from >= to)
        return THError("random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, but got from=%lld >= to=%lld",
                       (long long)from, (long long)to);
    }
    if (checkFromTo(t, from, to - 1)) return TH_ERR;
    out->range = (uint64_t)to - (uint64_t)from;
  } else if (hasFrom && from != INT64_MIN) {
    int64_t toInc;
    if (isFloat(t)) {
      toInc = digitsOf[t] >= 63 ? INT64_MAX : (int64_t)1 << digitsOf[t];
      from = updateFrom(t, from);
      if (from >= toInc)
        return THError("random_ expects 'from' casted to dtype to be less than or equal to 'to_inc' casted to dtype, but got from=%lld > "
                       "to_inc=%lld",
                       (long long)from, (long long)toInc);
    } else {
      int64_t min;
      intRange(t, &min, &toInc);
    }
    if (checkFromTo(t, from, toInc)) return TH_ERR;
    out->range = (uint64_t)toInc - (uint64_t)from + 1;
  } else if (hasFrom) { /* [INT64_MIN, INT64_MAX]: all 64 bits */
    if (t != TH_Int64 && t != TH_Float64 && t != TH_Float32 && t != TH_BFloat16)
      return THError("random_: the full 64-bit range (from=-2^63, to=None) handles only int64, float64, float32 and bfloat16, not %s",
                     THDType_name(t));
    out->kind = TH_RANDOM_FULL;
    return TH_OK;
  } else {
    out->kind = TH_RANDOM_DEFAULT;
    return TH_OK;
  }
  out->base = from;
  int wide = (t == TH_Int64 || t == TH_Float64 || t == TH_Float32 || t == TH_BFloat16) && out->range >= (1ULL << 32);
  out->kind = out->range == 0 ? TH_RANDOM_FULL /* a range of 2^64 wraps to 0 */ : wide ? TH_RANDOM_RANGE64 : TH_RANDOM_RANGE32;
  return TH_OK;
}

int THTensor_random_(THTensor *r, int hasFrom, int64_t from, int hasTo, int64_t to, THGenerator *g) {
  THRandomRange rr;
  if (THRandom_range(r->dtype, hasFrom, from, hasTo, to, &rr)) return TH_ERR;
  Sampler c = {.g = g, .dtype = r->dtype, .base = rr.base, .range = rr.range, .wide = rr.kind == TH_RANDOM_RANGE64};
  c.row = rr.kind == TH_RANDOM_DEFAULT ? randomDefaultRow : rr.kind == TH_RANDOM_FULL ? randomFullRow : randomFromToRow;
  if (THTensor_numel(r) == 0) return TH_OK;
  if (checkOut("random_", r)) return TH_ERR;
  return runSerial(r, NULL, &c);
}

/* ---- bernoulli, exponential, geometric, log-normal, cauchy: one double per element ---- */

enum { K_BERNOULLI, K_EXPONENTIAL, K_GEOMETRIC, K_LOGNORMAL, K_CAUCHY };

static inline double drawOne(Sampler *c) {
  THGenerator *g = c->g;
  switch (c->kind) {
    case K_BERNOULLI: return THGen_double(g) < c->a;
    case K_EXPONENTIAL: return -1.0 / c->a * log(1.0 - THGen_double(g));
    case K_GEOMETRIC: return ceil(log(THGen_double(g)) / log(1.0 - c->a));
    case K_LOGNORMAL: return exp(normalDouble(g, c->a, c->b, 1));
    default: return c->a + c->b * tan(TH_PI * (THGen_double(g) - 0.5));
  }
}

static void drawRow(Sampler *c, char *out, int64_t os, const char *in, int64_t is, int64_t n) { STORE_ALL(c->dtype, drawOne(c)); }

static int drawInto(THTensor *r, const char *op, int kind, double a, double b, THGenerator *g) {
  if (THTensor_numel(r) == 0) return TH_OK;
  if (checkOut(op, r)) return TH_ERR;
  Sampler c = {.g = g, .dtype = r->dtype, .a = a, .b = b, .kind = kind, .row = drawRow};
  return runSerial(r, NULL, &c);
}

static int noHalf(const char *op, THDType t) {
  if (t == TH_Float16 || t == TH_BFloat16) return THError("%s: not implemented for '%s'", op, THDType_name(t));
  return TH_OK;
}

int THTensor_bernoulli_(THTensor *r, double p, THGenerator *g) {
  if (!(p >= 0 && p <= 1)) return THError("bernoulli_ expects p to be in [0, 1], but got p=%g", p);
  if (noHalf("bernoulli_", r->dtype)) return TH_ERR;
  return drawInto(r, "bernoulli_", K_BERNOULLI, p, 0, g);
}

int THTensor_exponential_(THTensor *r, double lambd, THGenerator *g) {
  if (!(lambd >= 0.0)) return THError("exponential_ expects lambda >= 0.0, but found lambda=%g", lambd);
  if (!isFloat(r->dtype)) return notFloating("exponential_", r->dtype);
  return drawInto(r, "exponential_", K_EXPONENTIAL, lambd, 0, g);
}

int THTensor_geometric_(THTensor *r, double p, THGenerator *g) {
  if (!(p > 0 && p < 1)) return THError("geometric_ expects p to be in (0, 1), but got p=%g", p);
  if (r->dtype == TH_Bool) return THError("geometric_: not implemented for 'bool'");
  return drawInto(r, "geometric_", K_GEOMETRIC, p, 0, g);
}

int THTensor_logNormal_(THTensor *r, double mean, double std, THGenerator *g) {
  if (!(std > 0.0)) return THError("log_normal_ expects std > 0.0, but found std=%g", std);
  if (!isFloat(r->dtype)) return notFloating("log_normal_", r->dtype);
  return drawInto(r, "log_normal_", K_LOGNORMAL, mean, std, g);
}

int THTensor_cauchy_(THTensor *r, double median, double sigma, THGenerator *g) {
  /* PyTorch 1.13 takes any sigma (a negative one mirrors the distribution) */
  if (!isFloat(r->dtype))
    return THError("Cauchy distribution is a continuous probability distribution. dtype must be a floating point but you specified %s",
                   THDType_name(r->dtype));
  return drawInto(r, "cauchy_", K_CAUCHY, median, sigma, g);
}

/* bernoulli_ with a tensor of probabilities: float64 p compares a 53-bit uniform double, float32
 * p a 24-bit uniform float, as PyTorch. */
static void bernoulliTensorRow(Sampler *c, char *out, int64_t os, const char *in, int64_t is, int64_t n) {
  THGenerator *g = c->g;
  if (c->inType == TH_Float64) {
    STORE_ALL(c->dtype, THGen_double(g) < *(const double *)(in + i * is));
  } else {
    STORE_ALL(c->dtype, THGen_float(g) < *(const float *)(in + i * is));
  }
}

typedef struct MinMax {
  double min, max;
  int nan;
} MinMax;

static void minMax(const THTensor *t, MinMax *m) {
  m->min = INFINITY;
  m->max = -INFINITY;
  m->nan = 0;
  int64_t n = THTensor_numel(t);
  if (n == 0) return;
  if (THTensor_isContiguous(t) && (t->dtype == TH_Float32 || t->dtype == TH_Float64)) { /* no copy */
    for (int64_t i = 0; i < n; i++) {
      double v = t->dtype == TH_Float32 ? ((const float *)THTensor_bytes(t))[i] : ((const double *)THTensor_bytes(t))[i];
      if (isnan(v)) m->nan = 1;
      if (v < m->min) m->min = v;
      if (v > m->max) m->max = v;
    }
    return;
  }
  THTensor *c = THTensor_newTo(t, TH_Float64, 0);
  THTensor *cc = c ? THTensor_newContiguous(c) : NULL;
  if (cc) {
    const double *p = (const double *)THTensor_data(cc);
    for (int64_t i = 0; i < n; i++) {
      if (isnan(p[i])) m->nan = 1;
      if (p[i] < m->min) m->min = p[i];
      if (p[i] > m->max) m->max = p[i];
    }
  }
  THTensor_free(cc);
  THTensor_free(c);
}

int THTensor_bernoulliTensor_(THTensor *r, const THTensor *p, THGenerator *g) {
  char ba[TH_SHAPE_BUF], bb[TH_SHAPE_BUF];
  if (noHalf("bernoulli_", r->dtype)) return TH_ERR;
  if (p->dtype != TH_Float32 && p->dtype != TH_Float64)
    return THError("bernoulli_: expected p to be a float32 or float64 tensor, but got %s", THDType_name(p->dtype));
  int nd;
  int64_t shape[TH_MAX_DIMS];
  if (THBroadcastShapes(r->ndim, r->sizes, p->ndim, p->sizes, &nd, shape) || nd != r->ndim ||
      memcmp(shape, r->sizes, sizeof(int64_t) * (size_t)nd) != 0)
    return THError("bernoulli_: the probabilities of shape %s cannot be broadcast to the tensor's shape %s",
                   THShapeStr(ba, sizeof ba, p->ndim, p->sizes), THShapeStr(bb, sizeof bb, r->ndim, r->sizes));
  MinMax m;
  minMax(p, &m);
  if (m.nan || m.min < 0 || m.max > 1)
    return THError("bernoulli_ expects all probabilities p to be in [0, 1], but got p with values in [%g, %g]", m.nan ? NAN : m.min,
                   m.nan ? NAN : m.max);
  if (THTensor_numel(r) == 0) return TH_OK;
  const THTensor *in[1] = {p};
  if (THCheckWriteOverlap("bernoulli_", r, 1, in)) return TH_ERR;
  Sampler c = {.g = g, .dtype = r->dtype, .row = bernoulliTensorRow};
  return runSerial(r, p, &c);
}

/* ---- randperm ---- */

int THRandom_randpermCheck(THDType t, int64_t n) {
  if (n < 0) return THError("randperm: n must be non-negative, got %lld", (long long)n);
  if (t == TH_Bool) return THError("randperm: not implemented for 'bool'");
  if (n > 0) {
    double maxN;
    if (isFloat(t)) maxN = ldexp(1.0, digitsOf[t]) + 1;
    else {
      int64_t min, max;
      intRange(t, &min, &max);
      maxN = (double)max + 1;
    }
    if ((double)n > maxN)
      return THError("randperm: n is too large for result tensor type %s: n=%lld but at most %.0f is supported", THDType_name(t), (long long)n, maxN);
  }
  return TH_OK;
}

int THTensor_randperm(THTensor *r, int64_t n, THGenerator *g) {
  const THDType t = r->dtype;
  if (THRandom_randpermCheck(t, n)) return TH_ERR;
  if (THTensor_resize(r, 1, &n)) return TH_ERR;
  int64_t *perm = t == TH_Int64 ? NULL : malloc(sizeof(int64_t) * (size_t)(n > 0 ? n : 1));
  int64_t stride = r->strides[0];
  int64_t *direct = t == TH_Int64 ? (int64_t *)THTensor_bytes(r) : NULL;
  if (!direct && !perm) return THError("randperm: out of memory");
  int64_t *arr = direct ? direct : perm, st = direct ? stride : 1;
#define AT(i) arr[(i)*st]
  for (int64_t i = 0; i < n; i++) AT(i) = i;
  g = THGen_lock(g);
  for (int64_t i = 0; i < n - 1; i++) {
    int64_t z = (int64_t)(THGen_u32(g) % (uint64_t)(n - i));
    int64_t sav = AT(i);
    AT(i) = AT(z + i);
    AT(z + i) = sav;
  }
  THGen_unlock(g);
#undef AT
  if (perm) {
    char *base = THTensor_bytes(r);
    size_t es = THDType_size(t);
    for (int64_t i = 0; i < n; i++) thStoreAt[t](base + i * stride * (int64_t)es, 0, (double)perm[i]);
    free(perm);
  }
  THTensor_bumpVersion(r);
  return TH_OK;
}

/* ---- multinomial ---- */

/* Reads element (row, j) of a 1-d or 2-d tensor as double. */
static double at2(const THTensor *p, int64_t row, int64_t j) {
  const char *b = THTensor_bytes(p);
  int64_t off = p->ndim == 2 ? row * p->strides[0] + j * p->strides[1] : j * p->strides[0];
  switch (p->dtype) {
    case TH_Float64: return ((const double *)b)[off];
    case TH_Float32: return ((const float *)b)[off];
    case TH_Float16: return THHalf_toFloat(((const uint16_t *)b)[off]);
    default: return THBFloat16_toFloat(((const uint16_t *)b)[off]);
  }
}

typedef struct Scored {
  double v;
  int64_t i;
} Scored;
static int byScoreDesc(const void *a, const void *b) {
  const Scored *x = a, *y = b;
  if (x->v > y->v) return -1;
  if (x->v < y->v) return 1;
  return x->i < y->i ? -1 : x->i > y->i;
}

int THTensor_multinomial(THTensor *r, const THTensor *p, int64_t numSamples, int replacement, THGenerator *g) {
  if (p->ndim < 1 || p->ndim > 2) return THError("multinomial: prob_dist must be 1 or 2 dim, but got %d dims", p->ndim);
  if (!isFloat(p->dtype)) return THError("multinomial only supports floating-point dtypes for input, got: %s", THDType_name(p->dtype));
  if (r->dtype != TH_Int64) return THError("multinomial expects an int64 tensor out, got: %s", THDType_name(r->dtype));
  if (numSamples <= 0) return THError("multinomial: cannot sample n_sample <= 0 samples (got %lld)", (long long)numSamples);
  const int64_t nCat = p->sizes[p->ndim - 1], nDist = p->ndim == 2 ? p->sizes[0] : 1;
  if (!replacement && numSamples > nCat)
    return THError("multinomial: cannot sample n_sample > prob_dist.size(-1) samples without replacement (n_sample=%lld, %lld categories)",
                   (long long)numSamples, (long long)nCat);
  if (nCat > (1LL << 24)) return THError("multinomial: number of categories cannot exceed 2^24");
  int64_t rsize[2] = {nDist, numSamples};
  if (p->ndim == 1) rsize[0] = numSamples;
  if (THTensor_resize(r, p->ndim, rsize)) return TH_ERR;
  const int64_t rs0 = p->ndim == 2 ? r->strides[0] : 0, rs1 = r->strides[p->ndim - 1];
  int64_t *out = (int64_t *)THTensor_bytes(r);
  const THDType t = p->dtype;

  if (!replacement) {
    /* PyTorch's trick: argmax / top-k of p / q with q ~ Exp(1) drawn into a tensor like p */
    MinMax m;
    minMax(p, &m);
    if (m.nan || !(m.max < INFINITY) || !(m.min >= 0)) return THError("multinomial: probability tensor contains either `inf`, `nan` or element < 0");
    for (int64_t i = 0; i < nDist; i++) {
      double s = 0;
      for (int64_t j = 0; j < nCat; j++) s += at2(p, i, j);
      if (s == 0) return THError("multinomial: invalid multinomial distribution (sum of probabilities <= 0)");
    }
    int perm[TH_MAX_DIMS];
    const THTensor *in[1] = {p};
    THIter_outputLayout(1, in, p->ndim, p->sizes, perm);
    THTensor *q = THTensor_new(TH_Float64);
    Scored *sc = malloc(sizeof(Scored) * (size_t)(nCat > 0 ? nCat : 1));
    if (!q || !sc || THTensor_resizeWithLayout(q, p->ndim, p->sizes, perm)) {
      THTensor_free(q);
      free(sc);
      return TH_ERR;
    }
    Sampler c = {.g = g, .dtype = TH_Float64, .a = 1.0, .kind = K_EXPONENTIAL, .row = drawRow};
    runSerial(q, NULL, &c);
    for (int64_t i = 0; i < nDist; i++) {
      for (int64_t j = 0; j < nCat; j++) {
        double qv = THDType_round(t, at2(q, i, j)); /* exponential_ stores q in p's dtype */
        sc[j].v = THDType_round(t, at2(p, i, j) / qv);
        sc[j].i = j;
      }
      if (numSamples == 1) {
        int64_t best = 0;
        for (int64_t j = 1; j < nCat; j++)
          if (sc[j].v > sc[best].v || (isnan(sc[j].v) && !isnan(sc[best].v))) best = j;
        out[i * rs0] = best;
      } else {
        qsort(sc, (size_t)nCat, sizeof(Scored), byScoreDesc);
        for (int64_t k = 0; k < numSamples; k++) out[i * rs0 + k * rs1] = sc[k].i;
      }
    }
    free(sc);
    THTensor_free(q);
    THTensor_bumpVersion(r);
    return TH_OK;
  }

  /* with replacement: a cumulative distribution per row (in p's dtype) and a binary search for
   * each 53-bit uniform */
  double *cum = malloc(sizeof(double) * (size_t)(nCat > 0 ? nCat : 1));
  if (!cum) return THError("multinomial: out of memory");
  for (int64_t i = 0; i < nDist; i++) {
    double sum = 0;
    for (int64_t j = 0; j < nCat; j++) {
      double v = at2(p, i, j);
      if (!(v >= 0)) {
        free(cum);
        return THError("multinomial: invalid multinomial distribution (encountering probability entry < 0)");
      }
      if (!isfinite(v)) {
        free(cum);
        return THError("multinomial: invalid multinomial distribution (encountering probability entry = infinity or NaN)");
      }
      sum = THDType_round(t, sum + v);
      cum[j] = sum;
    }
    if (!(sum > 0)) {
      free(cum);
      return THError("multinomial: invalid multinomial distribution (sum of probabilities <= 0)");
    }
    for (int64_t j = 0; j < nCat; j++) cum[j] = THDType_round(t, cum[j] / sum);
    cum[nCat - 1] = 1;
    g = THGen_lock(g);
    for (int64_t k = 0; k < numSamples; k++) {
      double u = THGen_double(g);
      int64_t lo = 0, hi = nCat;
      while (hi - lo > 0) {
        int64_t mid = lo + (hi - lo) / 2;
        if (cum[mid] < u) lo = mid + 1;
        else hi = mid;
      }
      out[i * rs0 + k * rs1] = lo;
    }
    THGen_unlock(g);
  }
  free(cum);
  THTensor_bumpVersion(r);
  return TH_OK;
}

/* ---- torch.normal with tensors ---- */

int THTensor_normalTensor(THTensor *r, const THTensor *mean, double meanValue, const THTensor *std, double stdValue, THGenerator *g) {
  if (!mean && !std) return THError("normal: expected mean or std to be a tensor");
  if (std) {
    MinMax m;
    minMax(std, &m);
    if (THTensor_numel(std) > 0 && (m.nan || m.min < 0)) return THError("normal expects all elements of std >= 0.0");
  } else if (!(stdValue >= 0.0)) {
    return THError("normal expects std >= 0.0, but found std %g", stdValue);
  }
  if (!isFloat(r->dtype)) return notFloating("normal", r->dtype);
  int nd;
  int64_t shape[TH_MAX_DIMS];
  if (mean && std) {
    if (THBroadcastShapes(mean->ndim, mean->sizes, std->ndim, std->sizes, &nd, shape)) return TH_ERR;
  } else {
    const THTensor *t = mean ? mean : std;
    nd = t->ndim;
    memcpy(shape, t->sizes, sizeof(int64_t) * (size_t)nd);
  }
  if (THTensor_resize(r, nd, shape)) return TH_ERR;
  int status = TH_ERR;
  THTensor *num = NULL;
  if (mean && !std) { /* normal_(0, std) then += mean */
    if (THTensor_normal_(r, 0, stdValue, g)) return TH_ERR;
    return THTensor_binary(r, r, mean, TH_OP_add);
  }
  if (THTensor_normal_(r, 0, 1, g) || THTensor_binary(r, r, std, TH_OP_mul)) return TH_ERR;
  if (mean) return THTensor_binary(r, r, mean, TH_OP_add);
  num = THTensor_newScalar(r->dtype, meanValue); /* at::full({}, mean, output.options()) */
  if (num) status = THTensor_binary(r, r, num, TH_OP_add);
  THTensor_free(num);
  return status;
}

THTensor *THRandom_newLike(const THTensor *t, THDType dtype) {
  int perm[TH_MAX_DIMS];
  const THTensor *in[1] = {t};
  THIter_outputLayout(1, in, t->ndim, t->sizes, perm);
  THTensor *r = THTensor_new(dtype);
  if (r && THTensor_resizeWithLayout(r, t->ndim, t->sizes, THTensor_isNonOverlappingAndDense(t) ? perm : NULL)) {
    THTensor_free(r);
    return NULL;
  }
  return r;
}

int THTensor_bernoulli(THTensor *r, const THTensor *p, THGenerator *g) {
  if (r->ndim != p->ndim || memcmp(r->sizes, p->sizes, sizeof(int64_t) * (size_t)p->ndim) != 0)
    if (THTensor_resize(r, p->ndim, p->sizes)) return TH_ERR;
  return THTensor_bernoulliTensor_(r, p, g);
}
