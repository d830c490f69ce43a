/* THNNGeneral.h — version and export macros of libTHNN, TypeTorch's CPU neural-network kernels.
 * Errors follow libTH: a function returns TH_OK (0) or TH_ERR (-1) and leaves the reason in libTH's
 * thread-local error state, read with THGetLastError() (TH/THGeneral.h). */
#ifndef THNN_GENERAL_H
#define THNN_GENERAL_H

#include "TH/TH.h"

#define THNN_VERSION_MAJOR 0
#define THNN_VERSION_MINOR 1
#define THNN_VERSION_PATCH 0

#if defined(_WIN32)
#define THNN_API TH_EXTERN_C __declspec(dllexport)
#else
#define THNN_API TH_EXTERN_C __attribute__((visibility("default")))
#endif

/* How a loss reduces its per-element values (PyTorch's reduction='none' | 'mean' | 'sum'). */
typedef enum THNNReduction { THNN_ReductionNone = 0, THNN_ReductionMean = 1, THNN_ReductionSum = 2 } THNNReduction;

/* "0.1.0" */
THNN_API const char *THNN_version(void);

#endif
