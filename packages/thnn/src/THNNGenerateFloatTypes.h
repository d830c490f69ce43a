/* Compiles THNN_GENERIC_FILE once per floating type, as TH's THGenerateFloatTypes.h did:
 *   #define THNN_GENERIC_FILE "generic/THNNFoo.c"
 *   #include "THNNGenerateFloatTypes.h"
 * The generic file sees scalar_t (float, double), SUF (Float, Double: FN(name) pastes it on) and
 * VUNARY (libTH's vector math for scalar_t: THVector_unaryFloat32 / Float64). Not include-guarded:
 * it is included once per generic file. */
#ifndef THNN_GENERIC_FILE
#error "define THNN_GENERIC_FILE before including THNNGenerateFloatTypes.h"
#endif

#define scalar_t float
#define SUF Float
#define VUNARY THVector_unaryFloat32
#include THNN_GENERIC_FILE
#undef scalar_t
#undef SUF
#undef VUNARY

#define scalar_t double
#define SUF Double
#define VUNARY THVector_unaryFloat64
#include THNN_GENERIC_FILE
#undef scalar_t
#undef SUF
#undef VUNARY

#undef THNN_GENERIC_FILE
