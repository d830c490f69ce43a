/* THNNFusedRNN.h — the pointwise part of one LSTM or GRU step, fused (float32, float64), as
 * THCUNN's LSTMFused / GRUFused and PyTorch's _thnn_fused_lstm_cell / _thnn_fused_gru_cell. The
 * matrix products stay outside: inputGates = x @ W_ih^T and hiddenGates = h @ W_hh^T, [B, G * H].
 * Biases are both given or both NULL, each [G * H].
 *
 * LSTM (G = 4, gate order i, f, g, o as PyTorch):
 *   gates = inputGates + inputBias + hiddenGates + hiddenBias
 *   i = sigmoid(gates_i), f = sigmoid(gates_f), g = tanh(gates_g), o = sigmoid(gates_o)
 *   cy = f * cx + i * g,  hy = o * tanh(cy),  workspace [B, 4H] = [i, f, g, o]
 * Backward from gradHy and gradCy (either may be NULL: zeros) gives gradGates [B, 4H] (the
 * gradient of both inputGates and hiddenGates) and gradCx [B, H]; accGradParameters adds
 * scale * gradGates summed over the batch into gradBias [4H] (the gradient of both biases).
 *
 * GRU (G = 3, gate order r, z, n as PyTorch):
 *   r = sigmoid(ig_r + ib_r + hg_r + hb_r), z = sigmoid(ig_z + ib_z + hg_z + hb_z)
 *   hn = hg_n + hb_n,  n = tanh(ig_n + ib_n + r * hn),  hy = n + z * (hx - n)
 *   workspace [B, 5H] = [r, z, n, hx, hn]
 * Backward from gradHy and the workspace gives gradInputGates and gradHiddenGates [B, 3H] and
 * gradHx [B, H] (the direct part: hx's path through hiddenGates is the caller's matrix product);
 * accGradParameters adds scale * their batch sums into gradInputBias and gradHiddenBias [3H].
 *
 * Inputs may be non-contiguous; results are resized (gradBias must already be [G * H]). Each
 * call returns TH_OK or TH_ERR (THGetLastError() says why). */
#ifndef THNN_FUSED_RNN_H
#define THNN_FUSED_RNN_H

#include "THNNGeneral.h"

THNN_API int THNN_FusedLSTMCell_updateOutput(const THTensor *inputGates, const THTensor *hiddenGates, const THTensor *cx,
                                             const THTensor *inputBias, const THTensor *hiddenBias, THTensor *hy,
                                             THTensor *cy, THTensor *workspace);
THNN_API int THNN_FusedLSTMCell_updateGradInput(const THTensor *gradHy, const THTensor *gradCy, const THTensor *cx,
                                                const THTensor *cy, const THTensor *workspace, THTensor *gradGates,
                                                THTensor *gradCx);
THNN_API int THNN_FusedLSTMCell_accGradParameters(const THTensor *gradGates, THTensor *gradBias, double scale);

THNN_API int THNN_FusedGRUCell_updateOutput(const THTensor *inputGates, const THTensor *hiddenGates, const THTensor *hx,
                                            const THTensor *inputBias, const THTensor *hiddenBias, THTensor *hy,
                                            THTensor *workspace);
THNN_API int THNN_FusedGRUCell_updateGradInput(const THTensor *gradHy, const THTensor *workspace,
                                               THTensor *gradInputGates, THTensor *gradHiddenGates, THTensor *gradHx);
THNN_API int THNN_FusedGRUCell_accGradParameters(const THTensor *gradInputGates, const THTensor *gradHiddenGates,
                                                 THTensor *gradInputBias, THTensor *gradHiddenBias, double scale);

#endif
