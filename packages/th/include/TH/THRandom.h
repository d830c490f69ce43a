/* THRandom.h — random generators (seedable, state get/set) and sampling into tensors. */
#ifndef TH_RANDOM_H
#define TH_RANDOM_H

#include "THTensor.h"

#endif
