// Fused LSTM / GRU cells (THCUNN's LSTMFused / GRUFused, PyTorch's _thnn_fused_lstm_cell /
// _thnn_fused_gru_cell): the pointwise part of one step, given the gates' matrix products.
import { Tensor, zeros } from '@typetorch/th';
import type { Handle } from '@typetorch/th';
import { native } from './native';
import { optionalTensorArg, resultFor, tensorArg } from './args';

export interface FusedRNNNative {
  fusedLstmCell(inputGates: Handle, hiddenGates: Handle, cx: Handle, inputBias: Handle | null, hiddenBias: Handle | null, hy: Handle, cy: Handle, workspace: Handle): void;
  fusedLstmCellBackward(gradHy: Handle | null, gradCy: Handle | null, cx: Handle, cy: Handle, workspace: Handle, gradGates: Handle, gradCx: Handle): void;
  fusedLstmCellBiasBackward(gradGates: Handle, gradBias: Handle, scale: number): void;
  fusedGruCell(inputGates: Handle, hiddenGates: Handle, hx: Handle, inputBias: Handle | null, hiddenBias: Handle | null, hy: Handle, workspace: Handle): void;
  fusedGruCellBackward(gradHy: Handle, workspace: Handle, gradInputGates: Handle, gradHiddenGates: Handle, gradHx: Handle): void;
  fusedGruCellBiasBackward(gradInputGates: Handle, gradHiddenGates: Handle, gradInputBias: Handle, gradHiddenBias: Handle, scale: number): void;
}

export interface FusedLstmCellResult {
  hy: Tensor;
  cy: Tensor;
  /** [B, 4H]: the activated gates i, f, g, o (for the backward) */
  workspace: Tensor;
}
export interface FusedLstmCellGradients {
  /** [B, 4H]: the gradient of inputGates and of hiddenGates (the same) */
  gradGates: Tensor;
  gradCx: Tensor;
  /** [4H]: the gradient of inputBias and of hiddenBias (the same); null without biases */
  gradBias: Tensor | null;
}
export interface FusedGruCellResult {
  hy: Tensor;
  /** [B, 5H]: r, z, n, hx and the hidden part of n's pre-activation (for the backward) */
  workspace: Tensor;
}
export interface FusedGruCellGradients {
  gradInputGates: Tensor;
  gradHiddenGates: Tensor;
  /** the direct part (hx's path through hiddenGates is the caller's matrix product) */
  gradHx: Tensor;
  gradInputBias: Tensor | null;
  gradHiddenBias: Tensor | null;
}


function hasBiasArg(op: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new TypeError(`${op}: expected hasBias to be a boolean, but got ${typeof v}`);
  return v;
}

/**
 * One LSTM step from its gate products: inputGates = x @ W_ih^T, hiddenGates = h @ W_hh^T ([B, 4H],
 * gates i, f, g, o), cx [B, H], optional biases [4H] (both or neither).
 */
export function fusedLstmCell(inputGates: Tensor, hiddenGates: Tensor, cx: Tensor, inputBias?: Tensor | null, hiddenBias?: Tensor | null): FusedLstmCellResult {
  const op = 'fusedLstmCell';
  const ig = tensorArg(op, 'inputGates', inputGates);
  const hg = tensorArg(op, 'hiddenGates', hiddenGates);
  const c = tensorArg(op, 'cx', cx);
  const ib = optionalTensorArg(op, 'inputBias', inputBias);
  const hb = optionalTensorArg(op, 'hiddenBias', hiddenBias);
  const hy = resultFor(ig);
  const cy = resultFor(ig);
  const workspace = resultFor(ig);
  native.fusedLstmCell(ig.handle, hg.handle, c.handle, ib?.handle ?? null, hb?.handle ?? null, hy.handle, cy.handle, workspace.handle);
  return { hy, cy, workspace };
}

/** Gradients of fusedLstmCell from gradHy and gradCy (either may be null: zeros). */
export function fusedLstmCellBackward(gradHy: Tensor | null, gradCy: Tensor | null, cx: Tensor, cy: Tensor, workspace: Tensor, hasBias: boolean): FusedLstmCellGradients {
  const op = 'fusedLstmCellBackward';
  const ghy = optionalTensorArg(op, 'gradHy', gradHy);
  const gcy = optionalTensorArg(op, 'gradCy', gradCy);
  const c = tensorArg(op, 'cx', cx);
  const y = tensorArg(op, 'cy', cy);
  const ws = tensorArg(op, 'workspace', workspace);
  const bias = hasBiasArg(op, hasBias);
  const gradGates = resultFor(ws);
  const gradCx = resultFor(ws);
  native.fusedLstmCellBackward(ghy?.handle ?? null, gcy?.handle ?? null, c.handle, y.handle, ws.handle, gradGates.handle, gradCx.handle);
  let gradBias: Tensor | null = null;
  if (bias) {
    gradBias = zeros([gradGates.shape[1]], { dtype: gradGates.dtype });
    native.fusedLstmCellBiasBackward(gradGates.handle, gradBias.handle, 1);
  }
  return { gradGates, gradCx, gradBias };
}

/**
 * One GRU step from its gate products: inputGates = x @ W_ih^T, hiddenGates = h @ W_hh^T ([B, 3H],
 * gates r, z, n), hx [B, H], optional biases [3H] (both or neither).
 */
export function fusedGruCell(inputGates: Tensor, hiddenGates: Tensor, hx: Tensor, inputBias?: Tensor | null, hiddenBias?: Tensor | null): FusedGruCellResult {
  const op = 'fusedGruCell';
  const ig = tensorArg(op, 'inputGates', inputGates);
  const hg = tensorArg(op, 'hiddenGates', hiddenGates);
  const h = tensorArg(op, 'hx', hx);
  const ib = optionalTensorArg(op, 'inputBias', inputBias);
  const hb = optionalTensorArg(op, 'hiddenBias', hiddenBias);
  const hy = resultFor(ig);
  const workspace = resultFor(ig);
  native.fusedGruCell(ig.handle, hg.handle, h.handle, ib?.handle ?? null, hb?.handle ?? null, hy.handle, workspace.handle);
  return { hy, workspace };
}

/** Gradients of fusedGruCell from gradHy and its workspace. */
export function fusedGruCellBackward(gradHy: Tensor, workspace: Tensor, hasBias: boolean): FusedGruCellGradients {
  const op = 'fusedGruCellBackward';
  const g = tensorArg(op, 'gradHy', gradHy);
  const ws = tensorArg(op, 'workspace', workspace);
  const bias = hasBiasArg(op, hasBias);
  const gradInputGates = resultFor(ws);
  const gradHiddenGates = resultFor(ws);
  const gradHx = resultFor(ws);
  native.fusedGruCellBackward(g.handle, ws.handle, gradInputGates.handle, gradHiddenGates.handle, gradHx.handle);
  let gradInputBias: Tensor | null = null;
  let gradHiddenBias: Tensor | null = null;
  if (bias) {
    gradInputBias = zeros([gradInputGates.shape[1]], { dtype: ws.dtype });
    gradHiddenBias = zeros([gradInputGates.shape[1]], { dtype: ws.dtype });
    native.fusedGruCellBiasBackward(gradInputGates.handle, gradHiddenGates.handle, gradInputBias.handle, gradHiddenBias.handle, 1);
  }
  return { gradInputGates, gradHiddenGates, gradHx, gradInputBias, gradHiddenBias };
}
