/* THSort.h — sorting, selection and search: sort, topk, median, kthvalue, mode, unique, searchsorted, histc, bincount. */
#ifndef TH_SORT_H
#define TH_SORT_H

#include "THTensor.h"

#endif
