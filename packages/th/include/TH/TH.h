/* TH.h — the public C99 API of libTH, TypeTorch's CPU tensor library. */
#ifndef TH_H
#define TH_H

#include "THGeneral.h"
#include "THDType.h"
#include "THAllocator.h"
#include "THStorage.h"
#include "THTensor.h"
#include "THTensorMath.h"
#include "THIterator.h"

#endif
