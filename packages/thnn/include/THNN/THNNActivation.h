/* THNNActivation.h — pointwise activation functions (float32, float64), forward and backward.
 *
 * All activations go through one table: a kind and up to THNN_ACTIVATION_MAX_PARAMS parameters.
 * The formulas and the conventions at the kinks are PyTorch's (relu'(0) = 0; hardtanh's gradient is
 * 0 at and beyond its bounds; threshold replaces x <= threshold; ...).
 *
 *   kind          name          parameters (defaults)
 *   ReLU          relu          -
 *   ReLU6         relu6         -
 *   LeakyReLU     leakyRelu     negativeSlope (0.01)
 *   ELU           elu           alpha (1), scale (1), inputScale (1)
 *   SELU          selu          -
 *   CELU          celu          alpha (1)
 *   GELU          gelu          approximate (0: exact, with erf; 1: tanh approximation)
 *   SiLU          silu          -
 *   Mish          mish          -
 *   Softplus      softplus      beta (1), threshold (20)
 *   Softsign      softsign      -
 *   Hardtanh      hardtanh      minVal (-1), maxVal (1)
 *   Hardsigmoid   hardsigmoid   -
 *   Hardswish     hardswish     -
 *   LogSigmoid    logsigmoid    -
 *   Threshold     threshold     threshold (required), value (required)
 *   Softshrink    softshrink    lambda (0.5)
 *   Hardshrink    hardshrink    lambda (0.5)
 *   Tanhshrink    tanhshrink    -
 *
 * updateOutput resizes output to the input's shape (with the input's memory layout);
 * updateGradInput resizes gradInput likewise; gradOutput must have the input's shape. Tensors may be
 * non-contiguous, output may be the input (in place). output/gradInput must have the input's
 * dtype. params may be NULL for the defaults. Each call returns TH_OK or TH_ERR. */
#ifndef THNN_ACTIVATION_H
#define THNN_ACTIVATION_H

#include "THNNGeneral.h"

#define THNN_ACTIVATION_MAX_PARAMS 3

/* _(Kind, name, number of parameters) */
#define THNN_FOR_EACH_ACTIVATION(_) \
  _(ReLU, relu, 0)                  \
  _(ReLU6, relu6, 0)                \
  _(LeakyReLU, leakyRelu, 1)        \
  _(ELU, elu, 3)                    \
  _(SELU, selu, 0)                  \
  _(CELU, celu, 1)                  \
  _(GELU, gelu, 1)                  \
  _(SiLU, silu, 0)                  \
  _(Mish, mish, 0)                  \
  _(Softplus, softplus, 2)          \
  _(Softsign, softsign, 0)          \
  _(Hardtanh, hardtanh, 2)          \
  _(Hardsigmoid, hardsigmoid, 0)    \
  _(Hardswish, hardswish, 0)        \
  _(LogSigmoid, logsigmoid, 0)      \
  _(Threshold, threshold, 2)        \
  _(Softshrink, softshrink, 1)      \
  _(Hardshrink, hardshrink, 1)      \
  _(Tanhshrink, tanhshrink, 0)

typedef enum THNNActivation {
#define THNN_ACTIVATION_ENUM_(Kind, name, n) THNN_Activation_##Kind,
  THNN_FOR_EACH_ACTIVATION(THNN_ACTIVATION_ENUM_)
#undef THNN_ACTIVATION_ENUM_
  THNN_NumActivations
} THNNActivation;

/* The activation's name ("relu", "leakyRelu", ...), or NULL for an invalid kind. */
THNN_API const char *THNN_Activation_name(THNNActivation kind);
/* How many parameters the kind takes (-1 for an invalid kind). */
THNN_API int THNN_Activation_numParams(THNNActivation kind);
/* Writes the kind's default parameters into params[THNN_ACTIVATION_MAX_PARAMS] (NaN where a
 * parameter has no default); TH_ERR for an invalid kind. */
THNN_API int THNN_Activation_defaults(THNNActivation kind, double *params);

/* The whole table behind one entry point. */
THNN_API int THNN_Activation_updateOutput(THNNActivation kind, const THTensor *input, THTensor *output,
                                          const double *params);
THNN_API int THNN_Activation_updateGradInput(THNNActivation kind, const THTensor *input, const THTensor *gradOutput,
                                             THTensor *gradInput, const double *params);

/* One pair per kind: THNN_ReLU_updateOutput(input, output, params),
 * THNN_ReLU_updateGradInput(input, gradOutput, gradInput, params), ... */
#define THNN_ACTIVATION_DECL_(Kind, name, n)                                                               \
  THNN_API int THNN_##Kind##_updateOutput(const THTensor *input, THTensor *output, const double *params); \
  THNN_API int THNN_##Kind##_updateGradInput(const THTensor *input, const THTensor *gradOutput, THTensor *gradInput, \
                                             const double *params);
THNN_FOR_EACH_ACTIVATION(THNN_ACTIVATION_DECL_)
#undef THNN_ACTIVATION_DECL_

#endif
