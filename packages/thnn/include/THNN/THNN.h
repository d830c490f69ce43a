/* THNN.h — the public C99 API of libTHNN: CPU neural-network kernels on libTH tensors.
 * Modules follow the original THNN: THNN_<Module>_updateOutput / _updateGradInput, with outputs
 * passed in by the caller and resized inside. */
#ifndef THNN_H
#define THNN_H

#include "THNNGeneral.h"
#include "THNNActivation.h"
#include "THNNSoftmax.h"
#include "THNNEmbedding.h"
#include "THNNFusedRNN.h"
#include "THNNUpsampling.h"
#include "THNNPadding.h"
#include "THNNGridSampler.h"
#include "THNNPooling.h"
#include "THNNLoss.h"
#include "THNNNormalization.h"
#include "THNNActivationExtra.h"
#include "THNNDropout.h"
#include "THNNConvolution.h"

#endif
