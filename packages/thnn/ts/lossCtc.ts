// Connectionist temporal classification loss. Forward returns the loss and what backward needs
// (each sample's negative log-likelihood and the log-alpha table of the forward recursion).
import { Tensor, empty, tensor } from '@typetorch/th';
import type { DType, Handle } from '@typetorch/th';
import { native } from './native';
import { booleanArg, optionsArg, resultFor, tensorArg } from './args';
import { ReductionOptions, integerOption, lossResultFor, reductionCode } from './lossArgs';

export interface CtcLossNative {
  /** output ([N] or 0-d), negLogLikelihood [N] and logAlpha [N, T, 2 * max(targetLengths) + 1] are resized */
  ctcLoss(logProbs: Handle, targets: Handle, inputLengths: Handle, targetLengths: Handle, output: Handle,
    negLogLikelihood: Handle, logAlpha: Handle, reduction: number, blank: number, zeroInfinity: boolean): void;
  /** logBeta: the work buffer of the backward recursion (resized; null: a temporary) */
  ctcLossBackward(logProbs: Handle, targets: Handle, inputLengths: Handle, targetLengths: Handle, gradOutput: Handle,
    negLogLikelihood: Handle, logAlpha: Handle, gradInput: Handle, logBeta: Handle | null, reduction: number, blank: number,
    zeroInfinity: boolean): void;
}

export interface CtcLossOptions extends ReductionOptions {
  /** the blank label (default 0) */
  blank?: number;
  /** infinite losses (inputs too short for their targets) and their gradients become 0 (default false) */
  zeroInfinity?: boolean;
}

/** ctcLoss's result: the loss, and what ctcLossBackward needs. */
export interface CtcLossResult {
  output: Tensor;
  negLogLikelihood: Tensor;
  logAlpha: Tensor;
}

/** Lengths: an integer tensor ([N], or 0-d for one unbatched sample), an array of numbers, or a number. */
export type Lengths = Tensor | readonly number[] | number;

/** The operands as the kernel takes them (batched, int64 lengths) and the temporaries to dispose. */
interface CtcOperands {
  lp: Tensor;
  targets: Tensor;
  il: Tensor;
  tl: Tensor;
  batched: boolean;
  temps: Tensor[];
}

function lengthsArg(op: string, what: string, v: unknown, temps: Tensor[]): Tensor {
  let t: Tensor;
  if (v instanceof Tensor) {
    if (v.dtype === 'float32' || v.dtype === 'float64' || v.dtype === 'bool')
      throw new TypeError(`${op}: ${what} must be integral, but got ${v.dtype}`);
    t = v.dtype === 'int64' ? v : v.long();
    if (t.ndim === 0) t = t.reshape([1]);
  } else if (typeof v === 'number' || Array.isArray(v)) {
    const values = typeof v === 'number' ? [v] : v;
    if (!values.every((n) => Number.isInteger(n)))
      throw new TypeError(`${op}: expected ${what} to be integers, but got [${values.join(', ')}]`);
    t = tensor(values as number[], { dtype: 'int64' });
  } else {
    throw new TypeError(`${op}: expected ${what} to be a Tensor, an array of integers or an integer`);
  }
  if (t !== v) temps.push(t);
  return t;
}

function operands(op: string, logProbs: unknown, targets: unknown, inputLengths: unknown, targetLengths: unknown): CtcOperands {
  const lp = tensorArg(op, 'logProbs', logProbs);
  const tg = tensorArg(op, 'targets', targets);
  const temps: Tensor[] = [];
  const batched = lp.ndim !== 2;
  const o: CtcOperands = {
    lp: batched ? lp : lp.unsqueeze(1),
    targets: batched ? tg : tg.unsqueeze(0),
    il: lengthsArg(op, 'inputLengths', inputLengths, temps),
    tl: lengthsArg(op, 'targetLengths', targetLengths, temps),
    batched,
    temps,
  };
  if (!batched) temps.push(o.lp, o.targets);
  return o;
}

function ctcArgs(op: string, o?: CtcLossOptions): [number, number, boolean] {
  const q = optionsArg(op, o);
  return [reductionCode(op, q), integerOption(op, 'blank', q.blank, 0), booleanArg(op, 'zeroInfinity', q.zeroInfinity, false)];
}

/**
 * CTC loss of log-probabilities [T, N, C] (or [T, C] for one sample) against int64 targets, padded
 * [N, S] or concatenated [sum(targetLengths)] ([S] for one sample). Mean divides each sample's loss
 * by its target length, then averages over the batch.
 */
export function ctcLoss(logProbs: Tensor, targets: Tensor, inputLengths: Lengths, targetLengths: Lengths,
  options?: CtcLossOptions): CtcLossResult {
  const op = 'ctcLoss';
  const o = operands(op, logProbs, targets, inputLengths, targetLengths);
  const [reduction, blank, zeroInfinity] = ctcArgs(op, options);
  let output = lossResultFor(o.lp, reduction);
  const negLogLikelihood = resultFor(o.lp);
  const logAlpha = resultFor(o.lp);
  try {
    native.ctcLoss(o.lp.handle, o.targets.handle, o.il.handle, o.tl.handle, output.handle, negLogLikelihood.handle,
      logAlpha.handle, reduction, blank, zeroInfinity);
  } finally {
    for (const t of o.temps) t.dispose();
  }
  if (!o.batched && reduction === 0) {
    const batchedOutput = output;
    output = batchedOutput.reshape([]);
    batchedOutput.dispose();
  }
  return { output, negLogLikelihood, logAlpha };
}

/** The backward recursion's work buffer, one per dtype, reused from call to call. */
const logBetaBuffers = new Map<DType, Tensor>();
function logBetaBuffer(dtype: DType): Tensor {
  let t = logBetaBuffers.get(dtype);
  if (!t) logBetaBuffers.set(dtype, (t = empty([0], { dtype })));
  return t;
}

/**
 * The gradient with respect to logProbs, from ctcLoss's negLogLikelihood and logAlpha. As PyTorch's,
 * it is exp(logProbs) minus each label's posterior: the gradient with respect to the logits of the
 * log-softmax that made logProbs.
 */
export function ctcLossBackward(gradOutput: Tensor, logProbs: Tensor, targets: Tensor, inputLengths: Lengths,
  targetLengths: Lengths, negLogLikelihood: Tensor, logAlpha: Tensor, options?: CtcLossOptions): Tensor {
  const op = 'ctcLossBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const nll = tensorArg(op, 'negLogLikelihood', negLogLikelihood);
  const alpha = tensorArg(op, 'logAlpha', logAlpha);
  const o = operands(op, logProbs, targets, inputLengths, targetLengths);
  const [reduction, blank, zeroInfinity] = ctcArgs(op, options);
  const gb = !o.batched && reduction === 0 ? g.reshape([1]) : g;
  if (gb !== g) o.temps.push(gb);
  const gi = resultFor(o.lp);
  try {
    native.ctcLossBackward(o.lp.handle, o.targets.handle, o.il.handle, o.tl.handle, gb.handle, nll.handle, alpha.handle,
      gi.handle, logBetaBuffer(o.lp.dtype).handle, reduction, blank, zeroInfinity);
  } finally {
    for (const t of o.temps) t.dispose();
  }
  if (o.batched) return gi;
  const unbatched = gi.reshape([gi.shape[0], gi.shape[2]]);
  gi.dispose();
  return unbatched;
}
