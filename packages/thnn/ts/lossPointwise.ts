// Elementwise losses (mse, l1, smoothL1, huber, binary cross-entropy with and without logits, klDiv,
// poissonNll, gaussianNll, softMargin, hingeEmbedding, marginRanking): one native table behind them.
// Forward returns the loss; backward returns the gradient of every input PyTorch differentiates.
import { Tensor } from '@typetorch/th';
import type { Handle } from '@typetorch/th';
import { native } from './native';
import { booleanArg, numberOption, optionsArg, resultFor, tensorArg } from './args';
import { ReductionOptions, lossResultFor, reductionCode, tensorOption } from './lossArgs';

export interface PointwiseLossNative {
  /** output = the loss of each element, or their mean / sum (0-d); output is resized */
  pointwiseLoss(kind: number, input: Handle, target: Handle, extra1: Handle | null, extra2: Handle | null, output: Handle,
    reduction: number, params: number[] | null): void;
  /** gradients of the loss; gradTarget / gradExtra1 may be null (not wanted) */
  pointwiseLossBackward(kind: number, input: Handle, target: Handle, extra1: Handle | null, extra2: Handle | null,
    gradOutput: Handle, gradInput: Handle, gradTarget: Handle | null, gradExtra1: Handle | null, reduction: number,
    params: number[] | null): void;
  /** the kinds, in libTHNN's order (THNN_FOR_EACH_POINTWISE_LOSS) */
  pointwiseLosses: string[];
}

const KIND: Record<string, number> = {};
native.pointwiseLosses.forEach((n, i) => (KIND[n] = i));

/** What one elementwise loss call passes down (extras and params already checked). */
interface Call {
  name: string;
  reduction: number;
  extra1?: Handle | null;
  extra2?: Handle | null;
  params?: number[] | null;
}

function forward(c: Call, input: Tensor, target: Tensor): Tensor {
  const out = lossResultFor(input, c.reduction);
  native.pointwiseLoss(KIND[c.name], input.handle, target.handle, c.extra1 ?? null, c.extra2 ?? null, out.handle,
    c.reduction, c.params ?? null);
  return out;
}

/** [gradInput, gradTarget?, gradExtra1?] */
function backward(c: Call, g: Tensor, input: Tensor, target: Tensor, wantTarget: boolean, wantExtra: boolean): Tensor[] {
  const gi = resultFor(input);
  const gt = wantTarget ? resultFor(input) : null;
  const ge = wantExtra ? resultFor(input) : null;
  native.pointwiseLossBackward(KIND[c.name], input.handle, target.handle, c.extra1 ?? null, c.extra2 ?? null, g.handle,
    gi.handle, gt?.handle ?? null, ge?.handle ?? null, c.reduction, c.params ?? null);
  return [gi, ...(gt ? [gt] : []), ...(ge ? [ge] : [])];
}

/** Tensor arguments of a forward (or, with gradOutput first, a backward) call. */
function tensors(op: string, names: string[], values: unknown[]): Tensor[] {
  return names.map((n, i) => tensorArg(op, n, values[i]));
}

/** Gradients of a loss of (input, target). */
export interface InputTargetGrads {
  gradInput: Tensor;
  gradTarget: Tensor;
}

// ---- regression ----

/** (input - target)^2, reduced. */
export function mseLoss(input: Tensor, target: Tensor, options?: ReductionOptions): Tensor {
  const [x, y] = tensors('mseLoss', ['input', 'target'], [input, target]);
  return forward({ name: 'mseLoss', reduction: reductionCode('mseLoss', options) }, x, y);
}
export function mseLossBackward(gradOutput: Tensor, input: Tensor, target: Tensor, options?: ReductionOptions): InputTargetGrads {
  const op = 'mseLossBackward';
  const [g, x, y] = tensors(op, ['gradOutput', 'input', 'target'], [gradOutput, input, target]);
  const [gradInput, gradTarget] = backward({ name: 'mseLoss', reduction: reductionCode(op, options) }, g, x, y, true, false);
  return { gradInput, gradTarget };
}

/** |input - target|, reduced. */
export function l1Loss(input: Tensor, target: Tensor, options?: ReductionOptions): Tensor {
  const [x, y] = tensors('l1Loss', ['input', 'target'], [input, target]);
  return forward({ name: 'l1Loss', reduction: reductionCode('l1Loss', options) }, x, y);
}
export function l1LossBackward(gradOutput: Tensor, input: Tensor, target: Tensor, options?: ReductionOptions): InputTargetGrads {
  const op = 'l1LossBackward';
  const [g, x, y] = tensors(op, ['gradOutput', 'input', 'target'], [gradOutput, input, target]);
  const [gradInput, gradTarget] = backward({ name: 'l1Loss', reduction: reductionCode(op, options) }, g, x, y, true, false);
  return { gradInput, gradTarget };
}

export interface SmoothL1Options extends ReductionOptions {
  /** where the loss turns from quadratic to linear (default 1; 0 gives l1Loss) */
  beta?: number;
}
const smoothL1Call = (op: string, o?: SmoothL1Options): Call => {
  const p = optionsArg(op, o);
  return { name: 'smoothL1Loss', reduction: reductionCode(op, p), params: [numberOption(op, 'beta', p.beta, 1)] };
};
/** 0.5 z^2 / beta where z = |input - target| < beta, else z - 0.5 beta; reduced. */
export function smoothL1Loss(input: Tensor, target: Tensor, options?: SmoothL1Options): Tensor {
  const [x, y] = tensors('smoothL1Loss', ['input', 'target'], [input, target]);
  return forward(smoothL1Call('smoothL1Loss', options), x, y);
}
export function smoothL1LossBackward(gradOutput: Tensor, input: Tensor, target: Tensor, options?: SmoothL1Options): InputTargetGrads {
  const op = 'smoothL1LossBackward';
  const [g, x, y] = tensors(op, ['gradOutput', 'input', 'target'], [gradOutput, input, target]);
  const [gradInput, gradTarget] = backward(smoothL1Call(op, options), g, x, y, true, false);
  return { gradInput, gradTarget };
}

export interface HuberOptions extends ReductionOptions {
  /** where the loss turns from quadratic to linear (default 1; must be positive) */
  delta?: number;
}
const huberCall = (op: string, o?: HuberOptions): Call => {
  const p = optionsArg(op, o);
  return { name: 'huberLoss', reduction: reductionCode(op, p), params: [numberOption(op, 'delta', p.delta, 1)] };
};
/** 0.5 z^2 where z = |input - target| < delta, else delta (z - 0.5 delta); reduced. */
export function huberLoss(input: Tensor, target: Tensor, options?: HuberOptions): Tensor {
  const [x, y] = tensors('huberLoss', ['input', 'target'], [input, target]);
  return forward(huberCall('huberLoss', options), x, y);
}
export function huberLossBackward(gradOutput: Tensor, input: Tensor, target: Tensor, options?: HuberOptions): InputTargetGrads {
  const op = 'huberLossBackward';
  const [g, x, y] = tensors(op, ['gradOutput', 'input', 'target'], [gradOutput, input, target]);
  const [gradInput, gradTarget] = backward(huberCall(op, options), g, x, y, true, false);
  return { gradInput, gradTarget };
}

// ---- binary cross-entropy ----

export interface BinaryCrossEntropyOptions extends ReductionOptions {
  /** rescales each element's loss; broadcast to the input's shape */
  weight?: Tensor | null;
}
const bceCall = (op: string, o?: BinaryCrossEntropyOptions): Call => {
  const p = optionsArg(op, o);
  return { name: 'binaryCrossEntropy', reduction: reductionCode(op, p), extra1: tensorOption(op, 'weight', p.weight) };
};
/** -w (target log(input) + (1 - target) log(1 - input)) for input in [0, 1] (logs clamped to >= -100); reduced. */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options?: BinaryCrossEntropyOptions): Tensor {
  const [x, y] = tensors('binaryCrossEntropy', ['input', 'target'], [input, target]);
  return forward(bceCall('binaryCrossEntropy', options), x, y);
}
export function binaryCrossEntropyBackward(gradOutput: Tensor, input: Tensor, target: Tensor,
  options?: BinaryCrossEntropyOptions): InputTargetGrads {
  const op = 'binaryCrossEntropyBackward';
  const [g, x, y] = tensors(op, ['gradOutput', 'input', 'target'], [gradOutput, input, target]);
  const [gradInput, gradTarget] = backward(bceCall(op, options), g, x, y, true, false);
  return { gradInput, gradTarget };
}

export interface BinaryCrossEntropyWithLogitsOptions extends BinaryCrossEntropyOptions {
  /** weight of the positive examples, broadcast to the input's shape (e.g. one per class, [C]) */
  posWeight?: Tensor | null;
}
const bceLogitsCall = (op: string, o?: BinaryCrossEntropyWithLogitsOptions): Call => {
  const p = optionsArg(op, o);
  return {
    name: 'binaryCrossEntropyWithLogits',
    reduction: reductionCode(op, p),
    extra1: tensorOption(op, 'weight', p.weight),
    extra2: tensorOption(op, 'posWeight', p.posWeight),
  };
};
/** binaryCrossEntropy(sigmoid(input), target), computed stably from the logits; reduced. */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options?: BinaryCrossEntropyWithLogitsOptions): Tensor {
  const [x, y] = tensors('binaryCrossEntropyWithLogits', ['input', 'target'], [input, target]);
  return forward(bceLogitsCall('binaryCrossEntropyWithLogits', options), x, y);
}
export function binaryCrossEntropyWithLogitsBackward(gradOutput: Tensor, input: Tensor, target: Tensor,
  options?: BinaryCrossEntropyWithLogitsOptions): InputTargetGrads {
  const op = 'binaryCrossEntropyWithLogitsBackward';
  const [g, x, y] = tensors(op, ['gradOutput', 'input', 'target'], [gradOutput, input, target]);
  const [gradInput, gradTarget] = backward(bceLogitsCall(op, options), g, x, y, true, false);
  return { gradInput, gradTarget };
}

// ---- distributions ----

export interface KlDivOptions {
  /** 'none' | 'batchmean' (sum / input.shape[0]) | 'sum' | 'mean' (default 'mean', as PyTorch) */
  reduction?: 'none' | 'batchmean' | 'sum' | 'mean';
  /** the target is given as log-probabilities (default false) */
  logTarget?: boolean;
}
/** The native call and the batchmean divisor (1 otherwise). */
function klDivCall(op: string, input: Tensor, o?: KlDivOptions): [Call, number] {
  const p = optionsArg(op, o);
  const batchmean = p.reduction === 'batchmean';
  if (p.reduction !== undefined && !['none', 'batchmean', 'sum', 'mean'].includes(p.reduction as string))
    throw new TypeError(`${op}: ${String(p.reduction)} is not a valid value for reduction (expected 'none', 'batchmean', 'sum' or 'mean')`);
  const reduction = reductionCode(op, batchmean ? { reduction: 'sum' } : (p as { reduction?: 'none' | 'mean' | 'sum' }));
  const params = [booleanArg(op, 'logTarget', p.logTarget, false) ? 1 : 0];
  return [{ name: 'klDiv', reduction, params }, batchmean && input.ndim > 0 ? input.shape[0] : 1];
}
/** Kullback-Leibler divergence of the input log-probabilities from the target: target (log target - input); reduced. */
export function klDiv(input: Tensor, target: Tensor, options?: KlDivOptions): Tensor {
  const [x, y] = tensors('klDiv', ['input', 'target'], [input, target]);
  const [call, divisor] = klDivCall('klDiv', x, options);
  const out = forward(call, x, y);
  return divisor === 1 ? out : out.div_(divisor);
}
export function klDivBackward(gradOutput: Tensor, input: Tensor, target: Tensor, options?: KlDivOptions): InputTargetGrads {
  const op = 'klDivBackward';
  const [g, x, y] = tensors(op, ['gradOutput', 'input', 'target'], [gradOutput, input, target]);
  const [call, divisor] = klDivCall(op, x, options);
  const gd = divisor === 1 ? g : g.div(divisor);
  const [gradInput, gradTarget] = backward(call, gd, x, y, true, false);
  if (gd !== g) gd.dispose();
  return { gradInput, gradTarget };
}

export interface PoissonNllOptions extends ReductionOptions {
  /** the input is log(rate) (default true): exp(input) - target * input; else input - target * log(input + eps) */
  logInput?: boolean;
  /** add Stirling's approximation of log(target!) where target > 1 (default false) */
  full?: boolean;
  /** added to the input under the log when logInput is false (default 1e-8) */
  eps?: number;
}
const poissonCall = (op: string, o?: PoissonNllOptions): Call => {
  const p = optionsArg(op, o);
  const params = [booleanArg(op, 'logInput', p.logInput, true) ? 1 : 0, booleanArg(op, 'full', p.full, false) ? 1 : 0,
    numberOption(op, 'eps', p.eps, 1e-8)];
  return { name: 'poissonNllLoss', reduction: reductionCode(op, p), params };
};
/** Negative log-likelihood of the target under a Poisson distribution of the given rate; reduced. */
export function poissonNllLoss(input: Tensor, target: Tensor, options?: PoissonNllOptions): Tensor {
  const [x, y] = tensors('poissonNllLoss', ['input', 'target'], [input, target]);
  return forward(poissonCall('poissonNllLoss', options), x, y);
}
export function poissonNllLossBackward(gradOutput: Tensor, input: Tensor, target: Tensor, options?: PoissonNllOptions): InputTargetGrads {
  const op = 'poissonNllLossBackward';
  const [g, x, y] = tensors(op, ['gradOutput', 'input', 'target'], [gradOutput, input, target]);
  const [gradInput, gradTarget] = backward(poissonCall(op, options), g, x, y, true, false);
  return { gradInput, gradTarget };
}

export interface GaussianNllOptions extends ReductionOptions {
  /** add the constant 0.5 log(2 pi) (default false) */
  full?: boolean;
  /** var is clamped to at least eps (default 1e-6) */
  eps?: number;
}
/** var as the kernel takes it: the input's shape, or that shape with last dim 1 (PyTorch 1.13's rules). */
function varFor(op: string, x: Tensor, v: Tensor): Tensor {
  const xs = x.shape;
  const vs = v.shape;
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((s, i) => s === b[i]);
  if (same(vs, xs)) return v;
  if (xs.length > 0 && same(vs, xs.slice(0, -1))) return v.unsqueeze(-1);
  if (xs.length > 0 && vs.length === xs.length && same(vs.slice(0, -1), xs.slice(0, -1)) && vs[vs.length - 1] === 1) return v;
  throw new RangeError(`${op}: var is of incorrect size: expected [${xs}], [${xs.slice(0, -1)}] or [${[...xs.slice(0, -1), 1]}], but got [${vs}]`);
}
const gaussianCall = (op: string, v: Tensor, o?: GaussianNllOptions): Call => {
  const p = optionsArg(op, o);
  const params = [booleanArg(op, 'full', p.full, false) ? 1 : 0, numberOption(op, 'eps', p.eps, 1e-6)];
  return { name: 'gaussianNllLoss', reduction: reductionCode(op, p), extra1: v.handle, params };
};
/** 0.5 (log(var) + (input - target)^2 / var), var clamped to >= eps; reduced. var: input's shape, or one per row. */
export function gaussianNllLoss(input: Tensor, target: Tensor, variance: Tensor, options?: GaussianNllOptions): Tensor {
  const op = 'gaussianNllLoss';
  const [x, y, v] = tensors(op, ['input', 'target', 'var'], [input, target, variance]);
  const vv = varFor(op, x, v);
  const out = forward(gaussianCall(op, vv, options), x, y);
  if (vv !== v) vv.dispose();
  return out;
}
export function gaussianNllLossBackward(gradOutput: Tensor, input: Tensor, target: Tensor, variance: Tensor,
  options?: GaussianNllOptions): { gradInput: Tensor; gradTarget: Tensor; gradVar: Tensor } {
  const op = 'gaussianNllLossBackward';
  const [g, x, y, v] = tensors(op, ['gradOutput', 'input', 'target', 'var'], [gradOutput, input, target, variance]);
  const vv = varFor(op, x, v);
  const [gradInput, gradTarget, gradVarK] = backward(gaussianCall(op, vv, options), g, x, y, true, true);
  if (vv === v) return { gradInput, gradTarget, gradVar: gradVarK };
  vv.dispose();
  const gradVar = gradVarK.reshape(v.shape);
  gradVarK.dispose();
  return { gradInput, gradTarget, gradVar };
}

// ---- margins ----

/** log(1 + exp(-target * input)), target in {-1, 1}; reduced. */
export function softMarginLoss(input: Tensor, target: Tensor, options?: ReductionOptions): Tensor {
  const [x, y] = tensors('softMarginLoss', ['input', 'target'], [input, target]);
  return forward({ name: 'softMarginLoss', reduction: reductionCode('softMarginLoss', options) }, x, y);
}
/** The gradient with respect to the input (PyTorch does not differentiate the target). */
export function softMarginLossBackward(gradOutput: Tensor, input: Tensor, target: Tensor, options?: ReductionOptions): Tensor {
  const op = 'softMarginLossBackward';
  const [g, x, y] = tensors(op, ['gradOutput', 'input', 'target'], [gradOutput, input, target]);
  return backward({ name: 'softMarginLoss', reduction: reductionCode(op, options) }, g, x, y, false, false)[0];
}

export interface MarginOptions extends ReductionOptions {
  margin?: number;
}
const marginCall = (name: string, op: string, dflt: number, o?: MarginOptions): Call => {
  const p = optionsArg(op, o);
  return { name, reduction: reductionCode(op, p), params: [numberOption(op, 'margin', p.margin, dflt)] };
};
/** input where target = 1, max(0, margin - input) where target = -1 (margin default 1); reduced. */
export function hingeEmbeddingLoss(input: Tensor, target: Tensor, options?: MarginOptions): Tensor {
  const [x, y] = tensors('hingeEmbeddingLoss', ['input', 'target'], [input, target]);
  return forward(marginCall('hingeEmbeddingLoss', 'hingeEmbeddingLoss', 1, options), x, y);
}
/** The gradient with respect to the input (the target only selects). */
export function hingeEmbeddingLossBackward(gradOutput: Tensor, input: Tensor, target: Tensor, options?: MarginOptions): Tensor {
  const op = 'hingeEmbeddingLossBackward';
  const [g, x, y] = tensors(op, ['gradOutput', 'input', 'target'], [gradOutput, input, target]);
  return backward(marginCall('hingeEmbeddingLoss', op, 1, options), g, x, y, false, false)[0];
}

/** max(0, -target * (input1 - input2) + margin) (margin default 0); reduced. */
export function marginRankingLoss(input1: Tensor, input2: Tensor, target: Tensor, options?: MarginOptions): Tensor {
  const op = 'marginRankingLoss';
  const [x1, x2, y] = tensors(op, ['input1', 'input2', 'target'], [input1, input2, target]);
  return forward({ ...marginCall(op, op, 0, options), extra1: y.handle }, x1, x2);
}
export function marginRankingLossBackward(gradOutput: Tensor, input1: Tensor, input2: Tensor, target: Tensor,
  options?: MarginOptions): { gradInput1: Tensor; gradInput2: Tensor; gradTarget: Tensor } {
  const op = 'marginRankingLossBackward';
  const [g, x1, x2, y] = tensors(op, ['gradOutput', 'input1', 'input2', 'target'], [gradOutput, input1, input2, target]);
  const [gradInput1, gradInput2, gradTarget] = backward({ ...marginCall('marginRankingLoss', op, 0, options), extra1: y.handle },
    g, x1, x2, true, true);
  return { gradInput1, gradInput2, gradTarget };
}
