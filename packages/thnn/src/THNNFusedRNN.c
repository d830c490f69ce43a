/* Fused LSTM / GRU cells: argument checks, then the typed kernels of generic/THNNFusedRNN.c on
 * contiguous inputs (copies only where an input is not) and contiguous results (THNN_resultTarget). */
#include <math.h>
#include <stdio.h>
#include <tgmath.h>

#include "THNNInternal.h"

#define THNN_FUSED_RNN_GRAIN 16384

#define THNN_GENERIC_FILE "generic/THNNFusedRNN.c"
#include "THNNGenerateFloatTypes.h"

/* ---- checks ---- */

/* t (when given) has dtype `dtype` and shape [s0] (ndim 1) or [s0, s1] (ndim 2). */
static int checkTensor(const char *op, const char *what, const THTensor *t, THDType dtype, int ndim, int64_t s0,
                       int64_t s1) {
  if (!t) return TH_OK;
  if (THTensor_dtype(t) != dtype)
    return THError("%s: expected %s to be a %s tensor, but got %s", op, what, THDType_name(dtype),
                   THDType_name(THTensor_dtype(t)));
  if (THTensor_ndim(t) == ndim && THTensor_size(t, 0) == s0 && (ndim == 1 || THTensor_size(t, 1) == s1)) return TH_OK;
  char have[TH_SHAPE_BUF], want[64];
  if (ndim == 1) snprintf(want, sizeof want, "[%lld]", (long long)s0);
  else snprintf(want, sizeof want, "[%lld, %lld]", (long long)s0, (long long)s1);
  return THError("%s: expected %s to have shape %s, but got %s", op, what, want, THNN_shapeStr(have, sizeof have, t));
}

/* gates is a float [B, parts * H] tensor; sets B and H. */
static int checkGates(const char *op, const char *what, const THTensor *gates, int parts, const char *layout,
                      int64_t *B, int64_t *H) {
  if (!gates) return THError("%s: %s is NULL", op, what);
  if (THNN_checkFloating(op, what, gates)) return TH_ERR;
  char have[TH_SHAPE_BUF];
  if (THTensor_ndim(gates) != 2)
    return THError("%s: expected %s to be 2-D [batch, %d * hiddenSize], but got %s", op, what, parts,
                   THNN_shapeStr(have, sizeof have, gates));
  if (THTensor_size(gates, 1) % parts != 0)
    return THError("%s: expected %s's size(1) to be a multiple of %d (%s), but got %lld", op, what, parts, layout,
                   (long long)THTensor_size(gates, 1));
  *B = THTensor_size(gates, 0), *H = THTensor_size(gates, 1) / parts;
  return TH_OK;
}

/* The two biases: both absent, or both [parts * H] of dtype. */
static int checkBiases(const char *op, const THTensor *inputBias, const THTensor *hiddenBias, THDType dtype,
                       int64_t size) {
  if (!inputBias != !hiddenBias) return THError("%s: inputBias and hiddenBias must both be given or both be null", op);
  if (checkTensor(op, "inputBias", inputBias, dtype, 1, size, 0)) return TH_ERR;
  return checkTensor(op, "hiddenBias", hiddenBias, dtype, 1, size, 0);
}

static int checkResults(const char *op, THDType dtype, int n, THTensor *const *results, const char *const *names) {
  for (int k = 0; k < n; k++) {
    if (!results[k]) return THError("%s: %s is NULL", op, names[k]);
    if (THTensor_dtype(results[k]) != dtype)
      return THError("%s: expected %s to be a %s tensor, but got %s", op, names[k], THDType_name(dtype),
                     THDType_name(THTensor_dtype(results[k])));
  }
  return TH_OK;
}

/* ---- contiguous operands and results ---- */

enum { MAX_OPERANDS = 6 };

/* Contiguous versions of up to MAX_OPERANDS inputs (NULL stays NULL) and of the results. */
typedef struct Operands {
  int nIn, nOut;
  THTensor *in[MAX_OPERANDS];
  THTensor *out[MAX_OPERANDS], *tmp[MAX_OPERANDS], *target[MAX_OPERANDS];
} Operands;

static int operandsIn(Operands *ops, int n, const THTensor *const *inputs) {
  ops->nIn = ops->nOut = 0;
  for (int k = 0; k < n; k++) {
    ops->in[k] = inputs[k] ? THTensor_newContiguous(inputs[k]) : NULL;
    ops->nIn = k + 1;
    if (inputs[k] && !ops->in[k]) return TH_ERR;
  }
  return TH_OK;
}

/* Result k is resized to [s0, s1]. */
static int operandsOut(Operands *ops, THTensor *r, int64_t s0, int64_t s1) {
  int k = ops->nOut++;
  ops->out[k] = r;
  ops->target[k] = THNN_resultTarget(r, 2, (int64_t[]){s0, s1}, &ops->tmp[k]);
  return ops->target[k] ? TH_OK : TH_ERR;
}

static void *inData(const Operands *ops, int k) { return ops->in[k] ? THTensor_data(ops->in[k]) : NULL; }
static void *outData(const Operands *ops, int k) { return THTensor_data(ops->target[k]); }

/* Frees everything; with status TH_OK the results are finished (copied where needed). */
static int operandsEnd(Operands *ops, int status) {
  for (int k = 0; k < ops->nOut; k++) {
    if (status == TH_OK && ops->target[k]) status = THNN_resultFinish(ops->out[k], ops->tmp[k]);
    else if (ops->tmp[k]) THTensor_free(ops->tmp[k]);
  }
  for (int k = 0; k < ops->nIn; k++)
    if (ops->in[k]) THTensor_free(ops->in[k]);
  return status;
}

/* ---- LSTM ---- */

static const char *const LSTM_LAYOUT = "4 gates: i, f, g, o";
static const char *const GRU_LAYOUT = "3 gates: r, z, n";

int THNN_FusedLSTMCell_updateOutput(const THTensor *inputGates, const THTensor *hiddenGates, const THTensor *cx,
                                    const THTensor *inputBias, const THTensor *hiddenBias, THTensor *hy, THTensor *cy,
                                    THTensor *workspace) {
  const char *op = "fusedLstmCell";
  int64_t B, H;
  if (checkGates(op, "inputGates", inputGates, 4, LSTM_LAYOUT, &B, &H)) return TH_ERR;
  THDType dt = THTensor_dtype(inputGates);
  if (!hiddenGates || !cx) return THError("%s: a tensor argument is NULL", op);
  if (checkTensor(op, "hiddenGates", hiddenGates, dt, 2, B, 4 * H) || checkTensor(op, "cx", cx, dt, 2, B, H) ||
      checkBiases(op, inputBias, hiddenBias, dt, 4 * H) ||
      checkResults(op, dt, 3, (THTensor *[]){hy, cy, workspace}, (const char *[]){"hy", "cy", "workspace"}))
    return TH_ERR;
  Operands ops;
  int status = TH_ERR;
  if (operandsIn(&ops, 5, (const THTensor *[]){inputGates, hiddenGates, cx, inputBias, hiddenBias}) == TH_OK &&
      operandsOut(&ops, hy, B, H) == TH_OK && operandsOut(&ops, cy, B, H) == TH_OK &&
      operandsOut(&ops, workspace, B, 4 * H) == TH_OK) {
    if (dt == TH_Float32)
      lstmForward_Float(inData(&ops, 0), inData(&ops, 1), inData(&ops, 2), inData(&ops, 3), inData(&ops, 4), B, H,
                        outData(&ops, 0), outData(&ops, 1), outData(&ops, 2));
    else
      lstmForward_Double(inData(&ops, 0), inData(&ops, 1), inData(&ops, 2), inData(&ops, 3), inData(&ops, 4), B, H,
                         outData(&ops, 0), outData(&ops, 1), outData(&ops, 2));
    status = TH_OK;
  }
  return operandsEnd(&ops, status);
}

int THNN_FusedLSTMCell_updateGradInput(const THTensor *gradHy, const THTensor *gradCy, const THTensor *cx,
                                       const THTensor *cy, const THTensor *workspace, THTensor *gradGates,
                                       THTensor *gradCx) {
  const char *op = "fusedLstmCellBackward";
  int64_t B, H;
  if (checkGates(op, "workspace", workspace, 4, LSTM_LAYOUT, &B, &H)) return TH_ERR;
  THDType dt = THTensor_dtype(workspace);
  if (!cx || !cy) return THError("%s: a tensor argument is NULL", op);
  if (checkTensor(op, "gradHy", gradHy, dt, 2, B, H) || checkTensor(op, "gradCy", gradCy, dt, 2, B, H) ||
      checkTensor(op, "cx", cx, dt, 2, B, H) || checkTensor(op, "cy", cy, dt, 2, B, H) ||
      checkResults(op, dt, 2, (THTensor *[]){gradGates, gradCx}, (const char *[]){"gradGates", "gradCx"}))
    return TH_ERR;
  Operands ops;
  int status = TH_ERR;
  if (operandsIn(&ops, 5, (const THTensor *[]){gradHy, gradCy, cx, cy, workspace}) == TH_OK &&
      operandsOut(&ops, gradGates, B, 4 * H) == TH_OK && operandsOut(&ops, gradCx, B, H) == TH_OK) {
    if (dt == TH_Float32)
      lstmBackward_Float(inData(&ops, 0), inData(&ops, 1), inData(&ops, 2), inData(&ops, 3), inData(&ops, 4), B, H,
                         outData(&ops, 0), outData(&ops, 1));
    else
      lstmBackward_Double(inData(&ops, 0), inData(&ops, 1), inData(&ops, 2), inData(&ops, 3), inData(&ops, 4), B, H,
                          outData(&ops, 0), outData(&ops, 1));
    status = TH_OK;
  }
  return operandsEnd(&ops, status);
}

/* gradBias [C] += scale * sum over the batch of grad [B, C] (both checked). */
static int accBias(const THTensor *grad, THTensor *gradBias, double scale) {
  THTensor *g = THTensor_newContiguous(grad);
  if (!g) return TH_ERR;
  int64_t B = THTensor_size(grad, 0), C = THTensor_size(grad, 1), os = THTensor_stride(gradBias, 0);
  if (THTensor_dtype(grad) == TH_Float32)
    accColumnSums_Float(THTensor_data(g), B, C, scale, THTensor_data(gradBias), os);
  else
    accColumnSums_Double(THTensor_data(g), B, C, scale, THTensor_data(gradBias), os);
  THTensor_free(g);
  THTensor_bumpVersion(gradBias);
  return TH_OK;
}

int THNN_FusedLSTMCell_accGradParameters(const THTensor *gradGates, THTensor *gradBias, double scale) {
  const char *op = "fusedLstmCellBackward";
  int64_t B, H;
  if (checkGates(op, "gradGates", gradGates, 4, LSTM_LAYOUT, &B, &H) ||
      checkResults(op, THTensor_dtype(gradGates), 1, (THTensor *[]){gradBias}, (const char *[]){"gradBias"}) ||
      checkTensor(op, "gradBias", gradBias, THTensor_dtype(gradGates), 1, 4 * H, 0))
    return TH_ERR;
  return accBias(gradGates, gradBias, scale);
}

/* ---- GRU ---- */

int THNN_FusedGRUCell_updateOutput(const THTensor *inputGates, const THTensor *hiddenGates, const THTensor *hx,
                                   const THTensor *inputBias, const THTensor *hiddenBias, THTensor *hy,
                                   THTensor *workspace) {
  const char *op = "fusedGruCell";
  int64_t B, H;
  if (checkGates(op, "inputGates", inputGates, 3, GRU_LAYOUT, &B, &H)) return TH_ERR;
  THDType dt = THTensor_dtype(inputGates);
  if (!hiddenGates || !hx) return THError("%s: a tensor argument is NULL", op);
  if (checkTensor(op, "hiddenGates", hiddenGates, dt, 2, B, 3 * H) || checkTensor(op, "hx", hx, dt, 2, B, H) ||
      checkBiases(op, inputBias, hiddenBias, dt, 3 * H) ||
      checkResults(op, dt, 2, (THTensor *[]){hy, workspace}, (const char *[]){"hy", "workspace"}))
    return TH_ERR;
  Operands ops;
  int status = TH_ERR;
  if (operandsIn(&ops, 5, (const THTensor *[]){inputGates, hiddenGates, hx, inputBias, hiddenBias}) == TH_OK &&
      operandsOut(&ops, hy, B, H) == TH_OK && operandsOut(&ops, workspace, B, 5 * H) == TH_OK) {
    if (dt == TH_Float32)
      gruForward_Float(inData(&ops, 0), inData(&ops, 1), inData(&ops, 2), inData(&ops, 3), inData(&ops, 4), B, H,
                       outData(&ops, 0), outData(&ops, 1));
    else
      gruForward_Double(inData(&ops, 0), inData(&ops, 1), inData(&ops, 2), inData(&ops, 3), inData(&ops, 4), B, H,
                        outData(&ops, 0), outData(&ops, 1));
    status = TH_OK;
  }
  return operandsEnd(&ops, status);
}

int THNN_FusedGRUCell_updateGradInput(const THTensor *gradHy, const THTensor *workspace, THTensor *gradInputGates,
                                      THTensor *gradHiddenGates, THTensor *gradHx) {
  const char *op = "fusedGruCellBackward";
  int64_t B, H;
  if (checkGates(op, "workspace", workspace, 5, "r, z, n, hx, hn", &B, &H)) return TH_ERR;
  THDType dt = THTensor_dtype(workspace);
  if (!gradHy) return THError("%s: gradHy is NULL", op);
  if (checkTensor(op, "gradHy", gradHy, dt, 2, B, H) ||
      checkResults(op, dt, 3, (THTensor *[]){gradInputGates, gradHiddenGates, gradHx},
                   (const char *[]){"gradInputGates", "gradHiddenGates", "gradHx"}))
    return TH_ERR;
  Operands ops;
  int status = TH_ERR;
  if (operandsIn(&ops, 2, (const THTensor *[]){gradHy, workspace}) == TH_OK &&
      operandsOut(&ops, gradInputGates, B, 3 * H) == TH_OK && operandsOut(&ops, gradHiddenGates, B, 3 * H) == TH_OK &&
      operandsOut(&ops, gradHx, B, H) == TH_OK) {
    if (dt == TH_Float32)
      gruBackward_Float(inData(&ops, 0), inData(&ops, 1), B, H, outData(&ops, 0), outData(&ops, 1), outData(&ops, 2));
    else
      gruBackward_Double(inData(&ops, 0), inData(&ops, 1), B, H, outData(&ops, 0), outData(&ops, 1), outData(&ops, 2));
    status = TH_OK;
  }
  return operandsEnd(&ops, status);
}

int THNN_FusedGRUCell_accGradParameters(const THTensor *gradInputGates, const THTensor *gradHiddenGates,
                                        THTensor *gradInputBias, THTensor *gradHiddenBias, double scale) {
  const char *op = "fusedGruCellBackward";
  int64_t B, H;
  if (checkGates(op, "gradInputGates", gradInputGates, 3, GRU_LAYOUT, &B, &H)) return TH_ERR;
  THDType dt = THTensor_dtype(gradInputGates);
  if (!gradHiddenGates) return THError("%s: gradHiddenGates is NULL", op);
  if (checkTensor(op, "gradHiddenGates", gradHiddenGates, dt, 2, B, 3 * H) ||
      checkResults(op, dt, 2, (THTensor *[]){gradInputBias, gradHiddenBias},
                   (const char *[]){"gradInputBias", "gradHiddenBias"}) ||
      checkTensor(op, "gradInputBias", gradInputBias, dt, 1, 3 * H, 0) ||
      checkTensor(op, "gradHiddenBias", gradHiddenBias, dt, 1, 3 * H, 0))
    return TH_ERR;
  if (accBias(gradInputGates, gradInputBias, scale)) return TH_ERR;
  return accBias(gradHiddenGates, gradHiddenBias, scale);
}
