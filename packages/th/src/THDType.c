/* dtype sizes, names, promotion and half/bfloat16 conversion. */
#include "THInternal.h"

#include <float.h>
#include <math.h>
#include <string.h>

static const size_t sizes[TH_NumDTypes] = {1, 1, 1, 2, 4, 8, 2, 2, 4, 8};
static const char *const names[TH_NumDTypes] = {"bool",    "uint8",    "int8",    "int16",   "int32",
                                                "int64",   "float16",  "bfloat16", "float32", "float64"};

size_t THDType_size(THDType t) { return (unsigned)t < TH_NumDTypes ? sizes[t] : 0; }

const char *THDType_name(THDType t) { return (unsigned)t < TH_NumDTypes ? names[t] : "invalid"; }

int THDType_fromName(const char *name, THDType *out) {
  for (int i = 0; i < TH_NumDTypes; i++)
    if (strcmp(name, names[i]) == 0) {
      *out = (THDType)i;
      return TH_OK;
    }
  return THError("unknown dtype '%s' (expected one of bool, uint8, int8, int16, int32, int64, float16, bfloat16, "
                 "float32, float64)",
                 name);
}

int THDType_isFloating(THDType t) { return t >= TH_Float16 && t <= TH_Float64; }

int THDType_isIntegral(THDType t, int includeBool) { return (t >= TH_UInt8 && t <= TH_Int64) || (includeBool && t == TH_Bool); }

THDType THDType_promote(THDType a, THDType b) {
  if (a == b) return a;
  if (a == TH_Bool) return b;
  if (b == TH_Bool) return a;
  int fa = THDType_isFloating(a), fb = THDType_isFloating(b);
  if (fa && fb) {
    if ((a == TH_Float16 && b == TH_BFloat16) || (a == TH_BFloat16 && b == TH_Float16)) return TH_Float32;
    return a > b ? a : b;
  }
  if (fa) return a;
  if (fb) return b;
  /* both integral: uint8 with a signed type needs a signed type that holds 0..255 */
  if (a == TH_UInt8 || b == TH_UInt8) {
    THDType other = a == TH_UInt8 ? b : a;
    return other == TH_Int8 ? TH_Int16 : other;
  }
  return a > b ? a : b;
}

int THDType_canCast(THDType from, THDType to) {
  if (THDType_isFloating(from) && THDType_isIntegral(to, 0)) return 0;
  if (from != TH_Bool && to == TH_Bool) return 0;
  return 1;
}

static uint32_t floatBits(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}
static float bitsFloat(uint32_t u) {
  float f;
  memcpy(&f, &u, 4);
  return f;
}

float THHalf_toFloat(uint16_t h) {
  uint32_t sign = (uint32_t)(h & 0x8000) << 16, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  if (exp == 0) {
    if (mant == 0) return bitsFloat(sign);
    /* subnormal half: value = mant * 2^-24 */
    float v = (float)mant * 5.9604644775390625e-8f;
    return sign ? -v : v;
  }
  if (exp == 31) return bitsFloat(sign | 0x7f800000u | (mant << 13));
  return bitsFloat(sign | ((exp + 112) << 23) | (mant << 13));
}

uint16_t THHalf_fromFloat(float f) {
  uint32_t u = floatBits(f);
  uint16_t sign = (uint16_t)((u >> 16) & 0x8000);
  uint32_t absu = u & 0x7fffffffu;
  if (absu >= 0x7f800000u) return sign | 0x7c00 | (absu > 0x7f800000u ? 0x200 : 0); /* inf or nan */
  if (absu >= 0x477ff000u) return sign | 0x7c00;                                    /* overflow to inf */
  if (absu < 0x38800000u) {                                                          /* subnormal or zero */
    float a = bitsFloat(absu);
    /* round to nearest even in units of 2^-24, via the FPU */
    float scaled = a * 16777216.0f;
    uint32_t m = (uint32_t)scaled;
    float rem = scaled - (float)m;
    if (rem > 0.5f || (rem == 0.5f && (m & 1))) m++;
    return sign | (uint16_t)m;
  }
  uint32_t mant = absu & 0x7fffffu, exp = (absu >> 23) - 112;
  uint32_t h = (exp << 10) | (mant >> 13);
  uint32_t rest = mant & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (h & 1))) h++;
  return sign | (uint16_t)h;
}

float THBFloat16_toFloat(uint16_t h) { return bitsFloat((uint32_t)h << 16); }

uint16_t THBFloat16_fromFloat(float f) {
  uint32_t u = floatBits(f);
  if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x40); /* quiet nan */
  u += 0x7fffu + ((u >> 16) & 1);
  return (uint16_t)(u >> 16);
}

const char *THDType_torchName(THDType t) {
  static const char *const names[TH_NumDTypes] = {"Bool", "Byte", "Char", "Short", "Int", "Long", "Half", "BFloat16", "Float", "Double"};
  return (unsigned)t < TH_NumDTypes ? names[t] : "?";
}

double THDType_maxFinite(THDType t) {
  static const double maxOf[TH_NumDTypes] = {[TH_Bool] = 1, [TH_UInt8] = 255, [TH_Int8] = 127, [TH_Int16] = 32767,
                                             [TH_Int32] = 2147483647.0, [TH_Int64] = 9223372036854775807.0,
                                             [TH_Float16] = 65504.0, [TH_BFloat16] = 3.3895313892515355e38,
                                             [TH_Float32] = FLT_MAX, [TH_Float64] = DBL_MAX};
  return (unsigned)t < TH_NumDTypes ? maxOf[t] : 0;
}

double THDType_round(THDType t, double v) {
  switch (t) {
    case TH_Float16: return THHalf_toFloat(THHalf_fromFloat((float)v));
    case TH_BFloat16: return THBFloat16_toFloat(THBFloat16_fromFloat((float)v));
    case TH_Float32: return (float)v;
    default: return v;
  }
}

/* TH_STORE_*'s conversions, as every libTH kernel stores a double */
void THDType_store(THDType t, void *dst, double v) {
  if ((unsigned)t < TH_NumDTypes) thStoreAt[t](dst, 0, v);
}

int THCheckScalarFits(const char *op, THDType t, double v) {
  double max = THDType_maxFinite(t);
  int ok = 1;
  if (t == TH_Bool || t == TH_Float64) ok = 1;
  else if (THDType_isFloating(t)) ok = !isfinite(v) || fabs(v) <= max;
  else if (t == TH_UInt8) ok = v >= -max && v <= max;
  else ok = v >= -max - 1 && v <= max;
  if (!ok) return THError("%s: value cannot be converted to type %s without overflow (got %.17g)", op, THDType_name(t), v);
  return TH_OK;
}
