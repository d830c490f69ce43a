// Normalization (torch.nn.functional's batch_norm, instance_norm, layer_norm, group_norm,
// local_response_norm): forward returns the output with the statistics its backward needs;
// backward returns PyTorch's gradients. Running stats are updated in place when training.
import { Tensor, zeros } from '@typetorch/th';
import type { Handle } from '@typetorch/th';
import { native } from './native';
import { booleanArg, numberArg, numberOption, optionalTensorArg, optionsArg, resultFor, tensorArg } from './args';

type H = Handle | null;
export interface NormalizationNative {
  batchNorm(input: Handle, output: Handle, weight: H, bias: H, runningMean: H, runningVar: H, saveMean: Handle,
    saveInvstd: Handle, training: boolean, momentum: number, eps: number): void;
  batchNormBackward(input: Handle, gradOutput: Handle, gradInput: H, gradWeight: H, gradBias: H, weight: H,
    runningMean: H, runningVar: H, saveMean: H, saveInvstd: H, training: boolean, eps: number): void;
  instanceNorm(input: Handle, output: Handle, weight: H, bias: H, runningMean: H, runningVar: H, saveMean: Handle,
    saveInvstd: Handle, useInputStats: boolean, momentum: number, eps: number): void;
  instanceNormBackward(input: Handle, gradOutput: Handle, gradInput: H, gradWeight: H, gradBias: H, weight: H,
    runningMean: H, runningVar: H, saveMean: H, saveInvstd: H, useInputStats: boolean, eps: number): void;
  layerNorm(input: Handle, output: Handle, weight: H, bias: H, saveMean: Handle, saveRstd: Handle,
    normalizedShape: number[], eps: number): void;
  layerNormBackward(input: Handle, gradOutput: Handle, gradInput: H, gradWeight: H, gradBias: H, weight: H,
    saveMean: Handle, saveRstd: Handle, normalizedShape: number[]): void;
  groupNorm(input: Handle, output: Handle, weight: H, bias: H, saveMean: Handle, saveRstd: Handle, numGroups: number,
    eps: number): void;
  groupNormBackward(input: Handle, gradOutput: Handle, gradInput: H, gradWeight: H, gradBias: H, weight: H,
    saveMean: Handle, saveRstd: Handle, numGroups: number): void;
  localResponseNorm(input: Handle, output: Handle, size: number, alpha: number, beta: number, k: number): void;
  localResponseNormBackward(input: Handle, gradOutput: Handle, gradInput: Handle, size: number, alpha: number,
    beta: number, k: number): void;
}

/** Gradients with respect to the input, the weight and the bias (the latter two also when the
 * forward had no weight / bias: they are what those gradients would be). */
export interface NormGradients {
  gradInput: Tensor;
  gradWeight: Tensor;
  gradBias: Tensor;
}
export interface AffineOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** added to the variance (default 1e-5) */
  eps?: number;
}
export interface BatchNormOptions extends AffineOptions {
  /** batch statistics (and running-stat updates) when true, running stats when false (default false) */
  training?: boolean;
  /** weight of the batch statistic in the running stats' update (default 0.1) */
  momentum?: number;
}
export interface BatchNormResult {
  output: Tensor;
  /** per-channel batch mean ([C]; [0] in evaluation, as native_batch_norm) */
  saveMean: Tensor;
  /** per-channel 1 / sqrt(var + eps) ([C]; [0] in evaluation) */
  saveInvstd: Tensor;
}
export interface InstanceNormOptions extends AffineOptions {
  runningMean?: Tensor | null;
  runningVar?: Tensor | null;
  /** normalize with each instance's statistics (default true), else with the running stats */
  useInputStats?: boolean;
  /** default 0.1 */
  momentum?: number;
}
export interface InstanceNormResult {
  output: Tensor;
  /** [N, C] per-instance statistics ([0] without useInputStats) */
  saveMean: Tensor;
  saveInvstd: Tensor;
}
export interface LayerNormResult {
  output: Tensor;
  /** mean and 1 / sqrt(var + eps) per normalized slice: the input's leading sizes, then ones */
  mean: Tensor;
  rstd: Tensor;
}
export interface GroupNormResult {
  output: Tensor;
  /** [N, numGroups] */
  mean: Tensor;
  rstd: Tensor;
}
export interface LocalResponseNormOptions {
  /** default 1e-4 */
  alpha?: number;
  /** default 0.75 */
  beta?: number;
  /** default 1 */
  k?: number;
}

const handleOf = (t: Tensor | null): H => (t ? t.handle : null);
function shapeArg(op: string, v: unknown): number[] {
  const s = typeof v === 'number' ? [v] : v;
  if (!Array.isArray(s) || !s.every((d) => Number.isInteger(d)))
    throw new TypeError(`${op}: expected normalizedShape to be an integer or an array of integers`);
  return s as number[];
}
/** zeroed [n] gradient for a per-channel parameter (libTHNN accumulates into it) */
const paramGrad = (input: Tensor, shape: number[]): Tensor => zeros(shape, { dtype: input.dtype });
const channels = (input: Tensor): number => (input.ndim >= 2 ? input.shape[1] : 0);

/** Batch normalization over [N, C, *]: per-channel statistics in training, running stats otherwise. */
export function batchNorm(
  input: Tensor,
  runningMean: Tensor | null | undefined,
  runningVar: Tensor | null | undefined,
  options?: BatchNormOptions,
): BatchNormResult {
  const op = 'batchNorm';
  const x = tensorArg(op, 'input', input);
  const o = optionsArg(op, options);
  const out = { output: resultFor(x), saveMean: resultFor(x), saveInvstd: resultFor(x) };
  native.batchNorm(x.handle, out.output.handle, handleOf(optionalTensorArg(op, 'weight', o.weight)), handleOf(optionalTensorArg(op, 'bias', o.bias)),
    handleOf(optionalTensorArg(op, 'runningMean', runningMean)), handleOf(optionalTensorArg(op, 'runningVar', runningVar)),
    out.saveMean.handle, out.saveInvstd.handle, booleanArg(op, 'training', o.training, false),
    numberOption(op, 'momentum', o.momentum, 0.1), numberOption(op, 'eps', o.eps, 1e-5));
  return out;
}

/** Gradients of batchNorm (PyTorch's native_batch_norm_backward): saveMean / saveInvstd from the
 * training forward, or the running stats when training is false. */
export function batchNormBackward(
  gradOutput: Tensor,
  input: Tensor,
  weight: Tensor | null | undefined,
  runningMean: Tensor | null | undefined,
  runningVar: Tensor | null | undefined,
  saveMean: Tensor | null | undefined,
  saveInvstd: Tensor | null | undefined,
  training: boolean,
  eps = 1e-5,
): NormGradients {
  const op = 'batchNormBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const x = tensorArg(op, 'input', input);
  const r = { gradInput: resultFor(x), gradWeight: paramGrad(x, [channels(x)]), gradBias: paramGrad(x, [channels(x)]) };
  native.batchNormBackward(x.handle, g.handle, r.gradInput.handle, r.gradWeight.handle, r.gradBias.handle,
    handleOf(optionalTensorArg(op, 'weight', weight)), handleOf(optionalTensorArg(op, 'runningMean', runningMean)),
    handleOf(optionalTensorArg(op, 'runningVar', runningVar)), handleOf(optionalTensorArg(op, 'saveMean', saveMean)),
    handleOf(optionalTensorArg(op, 'saveInvstd', saveInvstd)), booleanArg(op, 'training', training, false), numberArg(op, 'eps', eps));
  return r;
}

/** Instance normalization over [N, C, *]: each (n, c) plane normalized by its own statistics. */
export function instanceNorm(input: Tensor, options?: InstanceNormOptions): InstanceNormResult {
  const op = 'instanceNorm';
  const x = tensorArg(op, 'input', input);
  const o = optionsArg(op, options);
  const out = { output: resultFor(x), saveMean: resultFor(x), saveInvstd: resultFor(x) };
  native.instanceNorm(x.handle, out.output.handle, handleOf(optionalTensorArg(op, 'weight', o.weight)),
    handleOf(optionalTensorArg(op, 'bias', o.bias)), handleOf(optionalTensorArg(op, 'runningMean', o.runningMean)),
    handleOf(optionalTensorArg(op, 'runningVar', o.runningVar)), out.saveMean.handle, out.saveInvstd.handle,
    booleanArg(op, 'useInputStats', o.useInputStats, true), numberOption(op, 'momentum', o.momentum, 0.1), numberOption(op, 'eps', o.eps, 1e-5));
  return out;
}

/** Gradients of instanceNorm; gradWeight / gradBias sum over the batch. */
export function instanceNormBackward(
  gradOutput: Tensor,
  input: Tensor,
  weight: Tensor | null | undefined,
  runningMean: Tensor | null | undefined,
  runningVar: Tensor | null | undefined,
  saveMean: Tensor | null | undefined,
  saveInvstd: Tensor | null | undefined,
  useInputStats = true,
  eps = 1e-5,
): NormGradients {
  const op = 'instanceNormBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const x = tensorArg(op, 'input', input);
  const r = { gradInput: resultFor(x), gradWeight: paramGrad(x, [channels(x)]), gradBias: paramGrad(x, [channels(x)]) };
  native.instanceNormBackward(x.handle, g.handle, r.gradInput.handle, r.gradWeight.handle, r.gradBias.handle,
    handleOf(optionalTensorArg(op, 'weight', weight)), handleOf(optionalTensorArg(op, 'runningMean', runningMean)),
    handleOf(optionalTensorArg(op, 'runningVar', runningVar)), handleOf(optionalTensorArg(op, 'saveMean', saveMean)),
    handleOf(optionalTensorArg(op, 'saveInvstd', saveInvstd)), booleanArg(op, 'useInputStats', useInputStats, true),
    numberArg(op, 'eps', eps));
  return r;
}

/** Layer normalization over the trailing dims given by normalizedShape (a size or sizes). */
export function layerNorm(input: Tensor, normalizedShape: number | readonly number[], options?: AffineOptions): LayerNormResult {
  const op = 'layerNorm';
  const x = tensorArg(op, 'input', input);
  const o = optionsArg(op, options);
  const out = { output: resultFor(x), mean: resultFor(x), rstd: resultFor(x) };
  native.layerNorm(x.handle, out.output.handle, handleOf(optionalTensorArg(op, 'weight', o.weight)), handleOf(optionalTensorArg(op, 'bias', o.bias)),
    out.mean.handle, out.rstd.handle, shapeArg(op, normalizedShape), numberOption(op, 'eps', o.eps, 1e-5));
  return out;
}

/** Gradients of layerNorm (gradWeight / gradBias have normalizedShape). */
export function layerNormBackward(
  gradOutput: Tensor,
  input: Tensor,
  normalizedShape: number | readonly number[],
  mean: Tensor,
  rstd: Tensor,
  weight?: Tensor | null,
): NormGradients {
  const op = 'layerNormBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const x = tensorArg(op, 'input', input);
  const shape = shapeArg(op, normalizedShape);
  const r = { gradInput: resultFor(x), gradWeight: paramGrad(x, shape), gradBias: paramGrad(x, shape) };
  native.layerNormBackward(x.handle, g.handle, r.gradInput.handle, r.gradWeight.handle, r.gradBias.handle,
    handleOf(optionalTensorArg(op, 'weight', weight)), tensorArg(op, 'mean', mean).handle, tensorArg(op, 'rstd', rstd).handle, shape);
  return r;
}

/** Group normalization over [N, C, *]: the channels in numGroups groups, each (n, group) normalized together. */
export function groupNorm(input: Tensor, numGroups: number, options?: AffineOptions): GroupNormResult {
  const op = 'groupNorm';
  const x = tensorArg(op, 'input', input);
  const o = optionsArg(op, options);
  const out = { output: resultFor(x), mean: resultFor(x), rstd: resultFor(x) };
  native.groupNorm(x.handle, out.output.handle, handleOf(optionalTensorArg(op, 'weight', o.weight)), handleOf(optionalTensorArg(op, 'bias', o.bias)),
    out.mean.handle, out.rstd.handle, numGroups, numberOption(op, 'eps', o.eps, 1e-5));
  return out;
}

/** Gradients of groupNorm. */
export function groupNormBackward(
  gradOutput: Tensor,
  input: Tensor,
  mean: Tensor,
  rstd: Tensor,
  weight: Tensor | null | undefined,
  numGroups: number,
): NormGradients {
  const op = 'groupNormBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const x = tensorArg(op, 'input', input);
  const r = { gradInput: resultFor(x), gradWeight: paramGrad(x, [channels(x)]), gradBias: paramGrad(x, [channels(x)]) };
  native.groupNormBackward(x.handle, g.handle, r.gradInput.handle, r.gradWeight.handle, r.gradBias.handle,
    handleOf(optionalTensorArg(op, 'weight', weight)), tensorArg(op, 'mean', mean).handle, tensorArg(op, 'rstd', rstd).handle, numGroups);
  return r;
}

const lrnParams = (op: string, o?: LocalResponseNormOptions): [number, number, number] => {
  const p = optionsArg(op, o);
  return [numberOption(op, 'alpha', p.alpha, 1e-4), numberOption(op, 'beta', p.beta, 0.75), numberOption(op, 'k', p.k, 1)];
};

/** x / (k + alpha / size * sum of x^2 over `size` neighbouring channels)^beta, over [N, C, *] (3+ dims). */
export function localResponseNorm(input: Tensor, size: number, options?: LocalResponseNormOptions): Tensor {
  const op = 'localResponseNorm';
  const x = tensorArg(op, 'input', input);
  const out = resultFor(x);
  native.localResponseNorm(x.handle, out.handle, size, ...lrnParams(op, options));
  return out;
}

/** Gradient of localResponseNorm (that of PyTorch's avg_pool composition). */
export function localResponseNormBackward(gradOutput: Tensor, input: Tensor, size: number, options?: LocalResponseNormOptions): Tensor {
  const op = 'localResponseNormBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const x = tensorArg(op, 'input', input);
  const gi = resultFor(x);
  native.localResponseNormBackward(x.handle, g.handle, gi.handle, size, ...lrnParams(op, options));
  return gi;
}

