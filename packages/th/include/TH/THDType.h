/* THDType.h — element types as data, and PyTorch's type-promotion rules. */
#ifndef TH_DTYPE_H
#define TH_DTYPE_H

#include "THGeneral.h"

/* Ordered by promotion category: bool < integers < floating. */
typedef enum THDType {
  TH_Bool = 0,
  TH_UInt8,
  TH_Int8,
  TH_Int16,
  TH_Int32,
  TH_Int64,
  TH_Float16,
  TH_BFloat16,
  TH_Float32,
  TH_Float64,
  TH_NumDTypes
} THDType;

TH_API size_t THDType_size(THDType t);
TH_API const char *THDType_name(THDType t); /* "float32", ... */
TH_API int THDType_fromName(const char *name, THDType *out);
TH_API int THDType_isFloating(THDType t);
TH_API int THDType_isIntegral(THDType t, int includeBool);
/* PyTorch's promote_types(a, b). */
TH_API THDType THDType_promote(THDType a, THDType b);
/* PyTorch's can_cast(from, to): no floating -> integral, no non-bool -> bool. */
TH_API int THDType_canCast(THDType from, THDType to);
/* PyTorch's C++ name of t ("Half", "Long", ...), for its "not implemented for 'Half'" messages. */
TH_API const char *THDType_torchName(THDType t);
/* The largest finite value of t (1 for bool). */
TH_API double THDType_maxFinite(THDType t);
/* v rounded to the nearest value of floating dtype t (float64 and the integral types: v itself),
 * as PyTorch computes bounds and weights in a tensor's own type. */
TH_API double THDType_round(THDType t, double v);
/* v converted to t as a Scalar converts (integers through int64, half types rounded to nearest
 * even), stored at dst (THDType_size(t) bytes). */
TH_API void THDType_store(THDType t, void *dst, double v);

/* IEEE half and bfloat16 conversions (round to nearest even). */
TH_API float THHalf_toFloat(uint16_t h);
TH_API uint16_t THHalf_fromFloat(float f);
TH_API float THBFloat16_toFloat(uint16_t h);
TH_API uint16_t THBFloat16_fromFloat(float f);

#endif
