/* THLinalg.h — torch.linalg through LAPACK(E): factorizations, solvers, norms; without LAPACK they fail with a clear error. */
#ifndef TH_LINALG_H
#define TH_LINALG_H

#include "THTensor.h"

#endif
