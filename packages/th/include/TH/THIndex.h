/* THIndex.h — advanced indexing, gather/scatter, masking, joining (cat/stack) and splitting. */
#ifndef TH_INDEX_H
#define TH_INDEX_H

#include "THTensor.h"

#endif
