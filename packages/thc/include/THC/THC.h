/* THC.h — libTHC, CUDA tensors for TypeTorch: one include for the whole C API. */
#ifndef THC_H
#define THC_H

#include "THC/THCGeneral.h"
#include "THC/THCCachingAllocator.h"
#include "THC/THCTensor.h"
#include "THC/THCBlas.h"
#include "THC/THCRandom.h"
#include "THC/THCIndex.h"
#include "THC/THCSort.h"
#include "THC/THCTensorMath.h"
#include "THC/THCReduce.h"
#include "THC/THCLinalg.h"

#endif
