/* Matrix products on strided views (THNNGemm.h): each operand becomes a THTensor view. */
#include "THNNGemm.h"

static THTensor *viewOf(THNNOperand o, int ndim, int64_t nb, int64_t rows, int64_t cols) {
  int64_t sizes[3] = {nb, rows, cols}, strides[3] = {o.batchStride, o.rowStride, o.colStride};
  int skip = 3 - ndim;
  return THTensor_newAsStrided(o.t, ndim, sizes + skip, strides + skip, THTensor_storageOffset(o.t) + o.offset);
}

int THNN_gemmBatch(int64_t nb, int64_t M, int64_t N, int64_t K, double alpha, THNNOperand A, THNNOperand B, double beta,
                   THNNOperand C, int sumBatch) {
  if (nb == 0 || M == 0 || N == 0) return TH_OK;
  THTensor *a = viewOf(A, 3, nb, M, K), *b = a ? viewOf(B, 3, nb, K, N) : NULL;
  THTensor *c = b ? viewOf(C, sumBatch ? 2 : 3, nb, M, N) : NULL;
  int status = !c ? TH_ERR
               : sumBatch ? THTensor_addbmm(c, c, a, b, beta, alpha)
                          : THTensor_baddbmm(c, c, a, b, beta, alpha);
  if (a) THTensor_free(a);
  if (b) THTensor_free(b);
  if (c) THTensor_free(c);
  return status;
}
