// Per-sample margin and embedding losses: multiMargin, multilabelMargin, multilabelSoftMargin,
// cosineEmbedding and tripletMargin.
import { Tensor } from '@typetorch/th';
import type { Handle } from '@typetorch/th';
import { native } from './native';
import { booleanArg, numberOption, optionsArg, resultFor, tensorArg } from './args';
import { ReductionOptions, integerOption, lossResultFor, reductionCode, tensorOption } from './lossArgs';

export interface MarginLossNative {
  multiMarginLoss(input: Handle, target: Handle, weight: Handle | null, output: Handle, reduction: number, p: number,
    margin: number): void;
  multiMarginLossBackward(input: Handle, target: Handle, gradOutput: Handle, weight: Handle | null, gradInput: Handle,
    reduction: number, p: number, margin: number): void;
  /** isTarget (the input's shape) receives each row's target classes */
  multilabelMarginLoss(input: Handle, target: Handle, output: Handle, isTarget: Handle, reduction: number): void;
  multilabelMarginLossBackward(input: Handle, target: Handle, gradOutput: Handle, isTarget: Handle, gradInput: Handle,
    reduction: number): void;
  multilabelSoftMarginLoss(input: Handle, target: Handle, weight: Handle | null, output: Handle, reduction: number): void;
  multilabelSoftMarginLossBackward(input: Handle, target: Handle, gradOutput: Handle, weight: Handle | null,
    gradInput: Handle, gradTarget: Handle | null, reduction: number): void;
  cosineEmbeddingLoss(input1: Handle, input2: Handle, target: Handle, output: Handle, reduction: number, margin: number): void;
  cosineEmbeddingLossBackward(input1: Handle, input2: Handle, target: Handle, gradOutput: Handle, gradInput1: Handle,
    gradInput2: Handle, reduction: number, margin: number): void;
  tripletMarginLoss(anchor: Handle, positive: Handle, negative: Handle, output: Handle, reduction: number, margin: number,
    p: number, eps: number, swap: boolean): void;
  tripletMarginLossBackward(anchor: Handle, positive: Handle, negative: Handle, gradOutput: Handle, gradAnchor: Handle,
    gradPositive: Handle, gradNegative: Handle, reduction: number, margin: number, p: number, eps: number,
    swap: boolean): void;
}

// ---- multiMargin ----

export interface MultiMarginOptions extends ReductionOptions {
  /** 1 or 2 (default 1) */
  p?: number;
  /** default 1 */
  margin?: number;
  /** one weight per class, [C] */
  weight?: Tensor | null;
}
function multiMarginArgs(op: string, o?: MultiMarginOptions): [number, Handle | null, number, number] {
  const q = optionsArg(op, o);
  return [reductionCode(op, q), tensorOption(op, 'weight', q.weight), integerOption(op, 'p', q.p, 1),
    numberOption(op, 'margin', q.margin, 1)];
}
/** Multi-class hinge loss of scores [N, C] (or [C]) and int64 class indices [N]: sum_{i != t} max(0, margin - x_t + x_i)^p / C. */
export function multiMarginLoss(input: Tensor, target: Tensor, options?: MultiMarginOptions): Tensor {
  const op = 'multiMarginLoss';
  const x = tensorArg(op, 'input', input);
  const t = tensorArg(op, 'target', target);
  const [reduction, weight, p, margin] = multiMarginArgs(op, options);
  const out = lossResultFor(x, reduction);
  native.multiMarginLoss(x.handle, t.handle, weight, out.handle, reduction, p, margin);
  return out;
}
export function multiMarginLossBackward(gradOutput: Tensor, input: Tensor, target: Tensor, options?: MultiMarginOptions): Tensor {
  const op = 'multiMarginLossBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const x = tensorArg(op, 'input', input);
  const t = tensorArg(op, 'target', target);
  const [reduction, weight, p, margin] = multiMarginArgs(op, options);
  const gi = resultFor(x);
  native.multiMarginLossBackward(x.handle, t.handle, g.handle, weight, gi.handle, reduction, p, margin);
  return gi;
}

// ---- multilabelMargin ----

/** multilabelMarginLoss's result: the loss and the rows' target-class masks (backward needs them). */
export interface MultilabelMarginResult {
  output: Tensor;
  isTarget: Tensor;
}
/**
 * Multi-label hinge loss of scores [N, C] (or [C]) and int64 targets of the same shape, each row's
 * class indices ended by -1: sum over targets j and non-targets i of max(0, 1 - x_j + x_i) / C.
 */
export function multilabelMarginLoss(input: Tensor, target: Tensor, options?: ReductionOptions): MultilabelMarginResult {
  const op = 'multilabelMarginLoss';
  const x = tensorArg(op, 'input', input);
  const t = tensorArg(op, 'target', target);
  const reduction = reductionCode(op, options);
  const output = lossResultFor(x, reduction);
  const isTarget = resultFor(x);
  native.multilabelMarginLoss(x.handle, t.handle, output.handle, isTarget.handle, reduction);
  return { output, isTarget };
}
export function multilabelMarginLossBackward(gradOutput: Tensor, input: Tensor, target: Tensor, isTarget: Tensor,
  options?: ReductionOptions): Tensor {
  const op = 'multilabelMarginLossBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const x = tensorArg(op, 'input', input);
  const t = tensorArg(op, 'target', target);
  const it = tensorArg(op, 'isTarget', isTarget);
  const gi = resultFor(x);
  native.multilabelMarginLossBackward(x.handle, t.handle, g.handle, it.handle, gi.handle, reductionCode(op, options));
  return gi;
}

// ---- multilabelSoftMargin ----

export interface MultilabelSoftMarginOptions extends ReductionOptions {
  /** rescales each class's loss; broadcast to the input's shape (e.g. [C]) */
  weight?: Tensor | null;
}
/** -mean over the last dim of w (y log sigmoid(x) + (1 - y) log sigmoid(-x)): one value per row; reduced. */
export function multilabelSoftMarginLoss(input: Tensor, target: Tensor, options?: MultilabelSoftMarginOptions): Tensor {
  const op = 'multilabelSoftMarginLoss';
  const x = tensorArg(op, 'input', input);
  const t = tensorArg(op, 'target', target);
  const q = optionsArg(op, options);
  const reduction = reductionCode(op, q);
  const out = lossResultFor(x, reduction);
  native.multilabelSoftMarginLoss(x.handle, t.handle, tensorOption(op, 'weight', q.weight), out.handle, reduction);
  return out;
}
export function multilabelSoftMarginLossBackward(gradOutput: Tensor, input: Tensor, target: Tensor,
  options?: MultilabelSoftMarginOptions): { gradInput: Tensor; gradTarget: Tensor } {
  const op = 'multilabelSoftMarginLossBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const x = tensorArg(op, 'input', input);
  const t = tensorArg(op, 'target', target);
  const q = optionsArg(op, options);
  const gradInput = resultFor(x);
  const gradTarget = resultFor(x);
  native.multilabelSoftMarginLossBackward(x.handle, t.handle, g.handle, tensorOption(op, 'weight', q.weight),
    gradInput.handle, gradTarget.handle, reductionCode(op, q));
  return { gradInput, gradTarget };
}

// ---- cosineEmbedding ----

export interface CosineEmbeddingOptions extends ReductionOptions {
  /** default 0 */
  margin?: number;
}
/** 1 - cos(x1, x2) where target = 1, max(0, cos(x1, x2) - margin) where target = -1; inputs [N, D] (or [D]). */
export function cosineEmbeddingLoss(input1: Tensor, input2: Tensor, target: Tensor, options?: CosineEmbeddingOptions): Tensor {
  const op = 'cosineEmbeddingLoss';
  const x1 = tensorArg(op, 'input1', input1);
  const x2 = tensorArg(op, 'input2', input2);
  const t = tensorArg(op, 'target', target);
  const q = optionsArg(op, options);
  const reduction = reductionCode(op, q);
  const out = lossResultFor(x1, reduction);
  native.cosineEmbeddingLoss(x1.handle, x2.handle, t.handle, out.handle, reduction, numberOption(op, 'margin', q.margin, 0));
  return out;
}
export function cosineEmbeddingLossBackward(gradOutput: Tensor, input1: Tensor, input2: Tensor, target: Tensor,
  options?: CosineEmbeddingOptions): { gradInput1: Tensor; gradInput2: Tensor } {
  const op = 'cosineEmbeddingLossBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const x1 = tensorArg(op, 'input1', input1);
  const x2 = tensorArg(op, 'input2', input2);
  const t = tensorArg(op, 'target', target);
  const q = optionsArg(op, options);
  const gradInput1 = resultFor(x1);
  const gradInput2 = resultFor(x1);
  native.cosineEmbeddingLossBackward(x1.handle, x2.handle, t.handle, g.handle, gradInput1.handle, gradInput2.handle,
    reductionCode(op, q), numberOption(op, 'margin', q.margin, 0));
  return { gradInput1, gradInput2 };
}

// ---- tripletMargin ----

export interface TripletMarginOptions extends ReductionOptions {
  /** default 1 */
  margin?: number;
  /** the norm's degree, > 0 (Infinity allowed; default 2) */
  p?: number;
  /** added to the differences before the norm (default 1e-6) */
  eps?: number;
  /** use min(d(anchor, negative), d(positive, negative)) as the negative distance (default false) */
  swap?: boolean;
}
function tripletArgs(op: string, o?: TripletMarginOptions): [number, number, number, number, boolean] {
  const q = optionsArg(op, o);
  return [reductionCode(op, q), numberOption(op, 'margin', q.margin, 1), numberOption(op, 'p', q.p, 2),
    numberOption(op, 'eps', q.eps, 1e-6), booleanArg(op, 'swap', q.swap, false)];
}
/** max(0, margin + d(anchor, positive) - d(anchor, negative)) with p-norm distances over the last dim; reduced. */
export function tripletMarginLoss(anchor: Tensor, positive: Tensor, negative: Tensor, options?: TripletMarginOptions): Tensor {
  const op = 'tripletMarginLoss';
  const a = tensorArg(op, 'anchor', anchor);
  const p = tensorArg(op, 'positive', positive);
  const n = tensorArg(op, 'negative', negative);
  const args = tripletArgs(op, options);
  const out = lossResultFor(a, args[0]);
  native.tripletMarginLoss(a.handle, p.handle, n.handle, out.handle, ...args);
  return out;
}
export function tripletMarginLossBackward(gradOutput: Tensor, anchor: Tensor, positive: Tensor, negative: Tensor,
  options?: TripletMarginOptions): { gradAnchor: Tensor; gradPositive: Tensor; gradNegative: Tensor } {
  const op = 'tripletMarginLossBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const a = tensorArg(op, 'anchor', anchor);
  const p = tensorArg(op, 'positive', positive);
  const n = tensorArg(op, 'negative', negative);
  const gradAnchor = resultFor(a);
  const gradPositive = resultFor(a);
  const gradNegative = resultFor(a);
  native.tripletMarginLossBackward(a.handle, p.handle, n.handle, g.handle, gradAnchor.handle, gradPositive.handle,
    gradNegative.handle, ...tripletArgs(op, options));
  return { gradAnchor, gradPositive, gradNegative };
}
