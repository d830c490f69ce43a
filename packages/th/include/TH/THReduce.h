/* THReduce.h — reductions and scans over dims (sum, mean, max, var, norm, cumsum, ...), on one reduction iterator. */
#ifndef TH_REDUCE_H
#define TH_REDUCE_H

#include "THTensor.h"

#endif
