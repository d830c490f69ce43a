/* THCLinalg.c — torch.linalg for CUDA tensors (THCLinalg.h): vectorNorm on the device, the rest
 * through one host round trip (Trip) around libTH's THLinalg. */
#include "THC/THCLinalg.h"

#include "THC/THCReduce.h"
#include "THC/THCTensor.h"
#include "THCIndexUtil.h"

#include <string.h>

enum { kMaxIn = 2, kMaxOut = 4 };

/* A call of THLinalg on host copies: its inputs, its results (fresh host tensors of the device
 * results' dtypes; NULL where the caller passed NULL) and the device results they go back to. */
typedef struct Trip {
  THCState *state;
  int device;
  THTensor *in[kMaxIn];
  THTensor *out[kMaxOut];
  THTensor *devOut[kMaxOut];
} Trip;

static void tripFree(Trip *t) {
  for (int k = 0; k < kMaxIn; k++) THTensor_free(t->in[k]);
  for (int k = 0; k < kMaxOut; k++) THTensor_free(t->out[k]);
}

/* Checks the operands' device and makes the host copies; TH_ERR (nothing held) on failure. */
static int tripBegin(Trip *t, THCState *state, const char *op, int nin, const THTensor *const *ins, int nout, THTensor *const *outs) {
  memset(t, 0, sizeof *t);
  t->state = state;
  if (THCTensor_callDevice(op, nin, ins, nout, outs, &t->device)) return TH_ERR;
  for (int k = 0; k < nin; k++)
    if (ins[k] && !(t->in[k] = THCTensor_newToDevice(state, ins[k], -1, 0, 0))) return tripFree(t), TH_ERR;
  for (int k = 0; k < nout; k++) {
    t->devOut[k] = outs[k];
    if (outs[k] && !(t->out[k] = THTensor_new(THTensor_dtype(outs[k])))) return tripFree(t), TH_ERR;
  }
  return TH_OK;
}

/* The memory order of t's dims (outermost first): the host result's layout, kept on the device. */
static void layoutOf(const THTensor *t, int *perm) {
  int nd = THTensor_ndim(t);
  for (int i = 0; i < nd; i++) perm[i] = i;
  for (int i = 1; i < nd; i++) /* insertion sort by stride, descending; ties keep dim order */
    for (int j = i; j > 0 && THTensor_stride(t, perm[j]) > THTensor_stride(t, perm[j - 1]); j--) {
      int x = perm[j];
      perm[j] = perm[j - 1];
      perm[j - 1] = x;
    }
}

/* After the host call (status): the results copied to the device; frees the copies. */
static int tripEnd(Trip *t, int status) {
  for (int k = 0; status == TH_OK && k < kMaxOut; k++) {
    THTensor *h = t->out[k], *d = t->devOut[k];
    if (!h) continue;
    int nd = THTensor_ndim(h), same = THTensor_ndim(d) == nd && memcmp(THTensor_sizes(d), THTensor_sizes(h), sizeof(int64_t) * (size_t)nd) == 0;
    if (!same) {
      int perm[TH_MAX_DIMS];
      layoutOf(h, perm);
      if (THTensor_resizeWithLayout(d, nd, THTensor_sizes(h), perm)) status = TH_ERR;
    }
    if (status == TH_OK && THCTensor_copy(t->state, d, h, 0)) status = TH_ERR;
    if (status == TH_OK) THTensor_bumpVersion(d);
  }
  tripFree(t);
  return status;
}

#define IN(...) (const THTensor *const[]){__VA_ARGS__}
#define OUT(...) (THTensor *const[]){__VA_ARGS__}

int THCLinalg_lapackAvailable(THCState *state) {
  (void)state;
  return THLinalg_lapackAvailable();
}

int THCLinalg_inv(THCState *state, THTensor *r, const THTensor *a) {
  Trip t;
  if (tripBegin(&t, state, "linalg.inv", 1, IN(a), 1, OUT(r))) return TH_ERR;
  return tripEnd(&t, THLinalg_inv(t.out[0], t.in[0]));
}

int THCLinalg_det(THCState *state, THTensor *r, const THTensor *a) {
  Trip t;
  if (tripBegin(&t, state, "linalg.det", 1, IN(a), 1, OUT(r))) return TH_ERR;
  return tripEnd(&t, THLinalg_det(t.out[0], t.in[0]));
}

int THCLinalg_slogdet(THCState *state, THTensor *sign, THTensor *logabsdet, const THTensor *a) {
  Trip t;
  if (tripBegin(&t, state, "linalg.slogdet", 1, IN(a), 2, OUT(sign, logabsdet))) return TH_ERR;
  return tripEnd(&t, THLinalg_slogdet(t.out[0], t.out[1], t.in[0]));
}

int THCLinalg_solve(THCState *state, THTensor *r, const THTensor *a, const THTensor *b, int left) {
  Trip t;
  if (tripBegin(&t, state, "linalg.solve", 2, IN(a, b), 1, OUT(r))) return TH_ERR;
  return tripEnd(&t, THLinalg_solve(t.out[0], t.in[0], t.in[1], left));
}

int THCLinalg_lstsq(THCState *state, THTensor *solution, THTensor *residuals, THTensor *rank, THTensor *singularValues,
                    const THTensor *a, const THTensor *b, double rcond, const char *driver) {
  Trip t;
  if (tripBegin(&t, state, "linalg.lstsq", 2, IN(a, b), 4, OUT(solution, residuals, rank, singularValues))) return TH_ERR;
  return tripEnd(&t, THLinalg_lstsq(t.out[0], t.out[1], t.out[2], t.out[3], t.in[0], t.in[1], rcond, driver));
}

int THCLinalg_cholesky(THCState *state, THTensor *r, const THTensor *a, int upper) {
  Trip t;
  if (tripBegin(&t, state, "linalg.cholesky", 1, IN(a), 1, OUT(r))) return TH_ERR;
  return tripEnd(&t, THLinalg_cholesky(t.out[0], t.in[0], upper));
}

int THCLinalg_qr(THCState *state, THTensor *q, THTensor *r, const THTensor *a, const char *mode) {
  Trip t;
  if (tripBegin(&t, state, "linalg.qr", 1, IN(a), 2, OUT(q, r))) return TH_ERR;
  return tripEnd(&t, THLinalg_qr(t.out[0], t.out[1], t.in[0], mode));
}

int THCLinalg_svd(THCState *state, THTensor *u, THTensor *s, THTensor *vh, const THTensor *a, int fullMatrices) {
  Trip t;
  if (tripBegin(&t, state, "linalg.svd", 1, IN(a), 3, OUT(u, s, vh))) return TH_ERR;
  return tripEnd(&t, THLinalg_svd(t.out[0], t.out[1], t.out[2], t.in[0], fullMatrices));
}

int THCLinalg_svdvals(THCState *state, THTensor *s, const THTensor *a) {
  Trip t;
  if (tripBegin(&t, state, "linalg.svdvals", 1, IN(a), 1, OUT(s))) return TH_ERR;
  return tripEnd(&t, THLinalg_svdvals(t.out[0], t.in[0]));
}

int THCLinalg_eigh(THCState *state, THTensor *w, THTensor *v, const THTensor *a, char uplo) {
  Trip t;
  if (tripBegin(&t, state, "linalg.eigh", 1, IN(a), 2, OUT(w, v))) return TH_ERR;
  return tripEnd(&t, THLinalg_eigh(t.out[0], t.out[1], t.in[0], uplo));
}

int THCLinalg_eigvalsh(THCState *state, THTensor *w, const THTensor *a, char uplo) {
  Trip t;
  if (tripBegin(&t, state, "linalg.eigvalsh", 1, IN(a), 1, OUT(w))) return TH_ERR;
  return tripEnd(&t, THLinalg_eigvalsh(t.out[0], t.in[0], uplo));
}

int THCLinalg_eig(THCState *state, THTensor *wr, THTensor *wi, THTensor *vr, THTensor *vi, const THTensor *a) {
  Trip t;
  if (tripBegin(&t, state, "linalg.eig", 1, IN(a), 4, OUT(wr, wi, vr, vi))) return TH_ERR;
  return tripEnd(&t, THLinalg_eig(t.out[0], t.out[1], t.out[2], t.out[3], t.in[0]));
}

int THCLinalg_pinv(THCState *state, THTensor *r, const THTensor *a, double atol, double rtol, int hermitian) {
  Trip t;
  if (tripBegin(&t, state, "linalg.pinv", 1, IN(a), 1, OUT(r))) return TH_ERR;
  return tripEnd(&t, THLinalg_pinv(t.out[0], t.in[0], atol, rtol, hermitian));
}

int THCLinalg_matrixRank(THCState *state, THTensor *r, const THTensor *a, double atol, double rtol, int hermitian) {
  Trip t;
  if (tripBegin(&t, state, "linalg.matrix_rank", 1, IN(a), 1, OUT(r))) return TH_ERR;
  return tripEnd(&t, THLinalg_matrixRank(t.out[0], t.in[0], atol, rtol, hermitian));
}

int THCLinalg_matrixNorm(THCState *state, THTensor *r, const THTensor *a, const char *ord, int64_t dim0, int64_t dim1,
                         int keepdim, int dtype) {
  Trip t;
  if (tripBegin(&t, state, "linalg.matrix_norm", 1, IN(a), 1, OUT(r))) return TH_ERR;
  return tripEnd(&t, THLinalg_matrixNorm(t.out[0], t.in[0], ord, dim0, dim1, keepdim, dtype));
}

int THCLinalg_matrixPower(THCState *state, THTensor *r, const THTensor *a, int64_t n) {
  Trip t;
  if (tripBegin(&t, state, "linalg.matrix_power", 1, IN(a), 1, OUT(r))) return TH_ERR;
  return tripEnd(&t, THLinalg_matrixPower(t.out[0], t.in[0], n));
}

int THCLinalg_vectorNorm(THCState *state, THTensor *r, const THTensor *a, double ord, int ndims, const int64_t *dims,
                         int keepdim, int dtype) {
  if (THLinalg_vectorNormCheck(a, ord, ndims, dims, dtype)) return TH_ERR;
  return THCTensor_norm(state, r, a, ord, !dims || ndims == 0 ? 0 : ndims, dims, keepdim,
                        dtype >= 0 ? (THDType)dtype : TH_DTYPE_NONE);
}
