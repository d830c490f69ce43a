/* The one place that maps dtypes to C types: lists for X-macros and element load/store. */
#ifndef TH_DISPATCH_H
#define TH_DISPATCH_H

#include "THInternal.h"

/* Each dtype's storage C type. */
#define CT_Bool uint8_t
#define CT_UInt8 uint8_t
#define CT_Int8 int8_t
#define CT_Int16 int16_t
#define CT_Int32 int32_t
#define CT_Int64 int64_t
#define CT_Float16 uint16_t
#define CT_BFloat16 uint16_t
#define CT_Float32 float
#define CT_Float64 double

/* Two copies of the dtype list so that X-macros can nest. */
#define TH_ALL_DTYPES(_, ...)                                                                                   \
  _(Bool, __VA_ARGS__) _(UInt8, __VA_ARGS__) _(Int8, __VA_ARGS__) _(Int16, __VA_ARGS__) _(Int32, __VA_ARGS__) \
  _(Int64, __VA_ARGS__) _(Float16, __VA_ARGS__) _(BFloat16, __VA_ARGS__) _(Float32, __VA_ARGS__)            \
  _(Float64, __VA_ARGS__)
#define TH_ALL_DTYPES2(_, ...)                                                                                  \
  _(Bool, __VA_ARGS__) _(UInt8, __VA_ARGS__) _(Int8, __VA_ARGS__) _(Int16, __VA_ARGS__) _(Int32, __VA_ARGS__) \
  _(Int64, __VA_ARGS__) _(Float16, __VA_ARGS__) _(BFloat16, __VA_ARGS__) _(Float32, __VA_ARGS__)            \
  _(Float64, __VA_ARGS__)

/* Types kernels compute in (half types are computed in float32). */
#define TH_INT_DTYPES(_, ...) _(UInt8, __VA_ARGS__) _(Int8, __VA_ARGS__) _(Int16, __VA_ARGS__) _(Int32, __VA_ARGS__) _(Int64, __VA_ARGS__)
#define TH_SIGNED_DTYPES(_, ...) _(Int8, __VA_ARGS__) _(Int16, __VA_ARGS__) _(Int32, __VA_ARGS__) _(Int64, __VA_ARGS__)
#define TH_FLOAT_DTYPES(_, ...) _(Float32, __VA_ARGS__) _(Float64, __VA_ARGS__)

/* Reading any dtype as a value of a wide type, and storing one into any dtype. */
#define TH_LOAD_Bool(p) (*(const uint8_t *)(p))
#define TH_LOAD_UInt8(p) (*(const uint8_t *)(p))
#define TH_LOAD_Int8(p) (*(const int8_t *)(p))
#define TH_LOAD_Int16(p) (*(const int16_t *)(p))
#define TH_LOAD_Int32(p) (*(const int32_t *)(p))
#define TH_LOAD_Int64(p) (*(const int64_t *)(p))
#define TH_LOAD_Float16(p) THHalf_toFloat(*(const uint16_t *)(p))
#define TH_LOAD_BFloat16(p) THBFloat16_toFloat(*(const uint16_t *)(p))
#define TH_LOAD_Float32(p) (*(const float *)(p))
#define TH_LOAD_Float64(p) (*(const double *)(p))

#define TH_STORE_Bool(p, v) (*(uint8_t *)(p) = (uint8_t)((v) != 0))
#define TH_STORE_UInt8(p, v) (*(uint8_t *)(p) = (uint8_t)(int64_t)(v))
#define TH_STORE_Int8(p, v) (*(int8_t *)(p) = (int8_t)(int64_t)(v))
#define TH_STORE_Int16(p, v) (*(int16_t *)(p) = (int16_t)(int64_t)(v))
#define TH_STORE_Int32(p, v) (*(int32_t *)(p) = (int32_t)(int64_t)(v))
#define TH_STORE_Int64(p, v) (*(int64_t *)(p) = (int64_t)(v))
#define TH_STORE_Float16(p, v) (*(uint16_t *)(p) = THHalf_fromFloat((float)(v)))
#define TH_STORE_BFloat16(p, v) (*(uint16_t *)(p) = THBFloat16_fromFloat((float)(v)))
#define TH_STORE_Float32(p, v) (*(float *)(p) = (float)(v))
#define TH_STORE_Float64(p, v) (*(double *)(p) = (double)(v))

#endif
