/* THNNGemm.h (private) — matrix products on strided views of tensors, through libTH's batched
 * products (THTensor_baddbmm / THTensor_addbmm, which run on the BLAS libTH was built with). */
#ifndef THNN_GEMM_H
#define THNN_GEMM_H

#include "THNNInternal.h"

/* A batch of matrices inside t's storage: element (b, i, j) at offset + b * batchStride +
 * i * rowStride + j * colStride (in elements, from t's first element). */
typedef struct THNNOperand {
  const THTensor *t;
  int64_t offset, batchStride, rowStride, colStride;
} THNNOperand;

/* C[b] = beta * C[b] + alpha * A[b] @ B[b] for b < nb, with A [M, K] and B [K, N]; sumBatch:
 * C = beta * C + alpha * sum_b A[b] @ B[b] for one C (its batchStride is unused). C must not share
 * a storage with A or B (libTH would compute into a temporary). */
int THNN_gemmBatch(int64_t nb, int64_t M, int64_t N, int64_t K, double alpha, THNNOperand A, THNNOperand B, double beta,
                   THNNOperand C, int sumBatch);

#endif
