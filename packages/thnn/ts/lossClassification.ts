// Classification losses: nllLoss (on log-probabilities) and crossEntropy (on logits, log-softmax
// fused in). Forward returns the loss and what backward needs (the total weight of the targets, a
// number, and for crossEntropy the per-sample log-sum-exp).
import { Tensor, empty } from '@typetorch/th';
import type { Handle } from '@typetorch/th';
import { native } from './native';
import { numberOption, optionsArg, resultFor, tensorArg } from './args';
import { ReductionOptions, integerOption, lossResultFor, reductionCode, tensorOption } from './lossArgs';

export interface ClassificationLossNative {
  /** output (the target's shape or 0-d) is resized; returns the total weight */
  nllLoss(input: Handle, target: Handle, weight: Handle | null, output: Handle, reduction: number, ignoreIndex: number): number;
  nllLossBackward(input: Handle, target: Handle, gradOutput: Handle, weight: Handle | null, totalWeight: number | null,
    gradInput: Handle, reduction: number, ignoreIndex: number): void;
  /** output and logSumExp (one per sample) are resized; returns the total weight */
  crossEntropy(input: Handle, target: Handle, weight: Handle | null, output: Handle, logSumExp: Handle, reduction: number,
    ignoreIndex: number, labelSmoothing: number): number;
  crossEntropyBackward(input: Handle, target: Handle, gradOutput: Handle, weight: Handle | null, logSumExp: Handle,
    totalWeight: number | null, gradInput: Handle, gradTarget: Handle | null, reduction: number, ignoreIndex: number,
    labelSmoothing: number): void;
}

export interface NllLossOptions extends ReductionOptions {
  /** one weight per class, [C] */
  weight?: Tensor | null;
  /** targets equal to this are skipped (default -100) */
  ignoreIndex?: number;
}

export interface CrossEntropyOptions extends NllLossOptions {
  /** in [0, 1]: mixes the target with the uniform distribution over the classes (default 0) */
  labelSmoothing?: number;
}

/** nllLoss's result: the loss, and the total weight of the non-ignored targets (mean's divisor). */
export interface NllLossResult {
  output: Tensor;
  totalWeight: number;
}

/** crossEntropy's result: the loss, log(sum(exp(input))) over the classes of each sample, and mean's divisor. */
export interface CrossEntropyResult extends NllLossResult {
  logSumExp: Tensor;
}

/** The forward's total weight (null is allowed where reduction is not 'mean'). */
function totalWeightArg(op: string, v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number') throw new TypeError(`${op}: expected totalWeight to be a number (the forward's), but got ${typeof v}`);
  return v;
}

interface ClassOptions {
  reduction: number;
  weight: Handle | null;
  ignoreIndex: number;
  labelSmoothing: number;
}
function classOptions(op: string, o: CrossEntropyOptions | undefined): ClassOptions {
  const p = optionsArg(op, o);
  return {
    reduction: reductionCode(op, p),
    weight: tensorOption(op, 'weight', p.weight),
    ignoreIndex: integerOption(op, 'ignoreIndex', p.ignoreIndex, -100),
    labelSmoothing: numberOption(op, 'labelSmoothing', p.labelSmoothing, 0),
  };
}

/**
 * Negative log-likelihood: -weight[t] * input[n, t, d...] for input log-probabilities [N, C, d1, ...],
 * [N, C] or [C] and int64 class-index targets [N, d1, ...], [N] or []; mean divides by the total
 * weight of the non-ignored targets.
 */
export function nllLoss(input: Tensor, target: Tensor, options?: NllLossOptions): NllLossResult {
  const op = 'nllLoss';
  const x = tensorArg(op, 'input', input);
  const t = tensorArg(op, 'target', target);
  const c = classOptions(op, options);
  const output = lossResultFor(x, c.reduction);
  const totalWeight = native.nllLoss(x.handle, t.handle, c.weight, output.handle, c.reduction, c.ignoreIndex);
  return { output, totalWeight };
}

/** The gradient with respect to the input; totalWeight: nllLoss's (needed for reduction 'mean', else may be null). */
export function nllLossBackward(gradOutput: Tensor, input: Tensor, target: Tensor, totalWeight: number | null,
  options?: NllLossOptions): Tensor {
  const op = 'nllLossBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const x = tensorArg(op, 'input', input);
  const t = tensorArg(op, 'target', target);
  const tw = totalWeightArg(op, totalWeight);
  const c = classOptions(op, options);
  const gi = resultFor(x);
  native.nllLossBackward(x.handle, t.handle, g.handle, c.weight, tw, gi.handle, c.reduction, c.ignoreIndex);
  return gi;
}

/**
 * Cross-entropy of logits [N, C, d1, ...], [N, C] or [C] against class indices (int64, shape as for
 * nllLoss) or class probabilities (floating, the input's shape): log-softmax over the class dim
 * and the negative log-likelihood in one pass, with optional class weights, ignoreIndex (indices)
 * and label smoothing.
 */
export function crossEntropy(input: Tensor, target: Tensor, options?: CrossEntropyOptions): CrossEntropyResult {
  const op = 'crossEntropy';
  const x = tensorArg(op, 'input', input);
  const t = tensorArg(op, 'target', target);
  const c = classOptions(op, options);
  const output = lossResultFor(x, c.reduction);
  const logSumExp = empty([0], { dtype: x.dtype });
  const totalWeight = native.crossEntropy(x.handle, t.handle, c.weight, output.handle, logSumExp.handle, c.reduction,
    c.ignoreIndex, c.labelSmoothing);
  return { output, logSumExp, totalWeight };
}

/**
 * Gradients of crossEntropy, from its logSumExp and totalWeight; gradTarget is the gradient with
 * respect to class-probability targets (null for class indices, which have none).
 */
export function crossEntropyBackward(gradOutput: Tensor, input: Tensor, target: Tensor, logSumExp: Tensor,
  totalWeight: number | null, options?: CrossEntropyOptions): { gradInput: Tensor; gradTarget: Tensor | null } {
  const op = 'crossEntropyBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const x = tensorArg(op, 'input', input);
  const t = tensorArg(op, 'target', target);
  const lse = tensorArg(op, 'logSumExp', logSumExp);
  const tw = totalWeightArg(op, totalWeight);
  const c = classOptions(op, options);
  const gradInput = resultFor(x);
  const gradTarget = t.dtype === 'int64' ? null : resultFor(x);
  native.crossEntropyBackward(x.handle, t.handle, g.handle, c.weight, lse.handle, tw, gradInput.handle,
    gradTarget?.handle ?? null, c.reduction, c.ignoreIndex, c.labelSmoothing);
  return { gradInput, gradTarget };
}
