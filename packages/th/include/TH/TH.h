/* TH.h — the public C99 API of libTH, TypeTorch's CPU tensor library. */
#ifndef TH_H
#define TH_H

#include "THGeneral.h"
#include "THDType.h"
#include "THAllocator.h"
#include "THStorage.h"
#include "THTensor.h"
#include "THCheck.h"
#include "THTensorMath.h"
#include "THIterator.h"
#include "THReduce.h"
#include "THBlas.h"
#include "THEinsum.h"
#include "THMatmul.h"
#include "THLinalg.h"
#include "THIndex.h"
#include "THIndexPlan.h"
#include "THSort.h"
#include "THRandom.h"

#endif
