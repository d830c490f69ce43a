// Dropout (torch.nn.functional's dropout, dropout1d/2d/3d, alpha_dropout, feature_alpha_dropout)
// with masks from th's generators: the same seed gives PyTorch's mask. Forward returns the output
// and the mask (the multiplier backward applies); when dropout is the identity (not training,
// p = 0, or an empty input) the output is the input itself and the mask is null, as PyTorch
// returns its input.
import { Generator, Tensor } from '@typetorch/th';
import type { GeneratorHandle, Handle } from '@typetorch/th';
import { native } from './native';
import { numberArg, resultFor, tensorArg } from './args';

export interface DropoutNative {
  /** kind: 0 dropout, 1 feature dropout, 2 alpha dropout, 3 feature alpha dropout */
  dropout(kind: number, input: Handle, output: Handle, noise: Handle, p: number, training: boolean,
    generator: GeneratorHandle | null): void;
  dropoutBackward(gradOutput: Handle, noise: Handle, gradInput: Handle): void;
}

export interface DropoutOptions {
  /** probability of an element (or channel) being zeroed (default 0.5) */
  p?: number;
  /** identity when false (default: true for dropout and dropout1d/2d/3d, false for the alpha kinds, as PyTorch) */
  training?: boolean;
  /** the source of the mask (default: th's default generator) */
  generator?: Generator;
}
export interface DropoutResult {
  output: Tensor;
  /** output = input * mask (+ a constant for the alpha kinds): 0 or 1 / (1 - p) per element
   * (per channel, broadcast over the spatial dims, for the feature kinds); null when the output is the input */
  mask: Tensor | null;
}

const enum Kind {
  Plain = 0,
  Feature = 1,
  Alpha = 2,
  FeatureAlpha = 3,
}

function run(op: string, kind: Kind, input: unknown, options: DropoutOptions | undefined, trainingDefault: boolean): DropoutResult {
  const x = tensorArg(op, 'input', input);
  if (options !== undefined && (options === null || typeof options !== 'object')) throw new TypeError(`${op}: expected options to be an object`);
  const p = options?.p === undefined ? 0.5 : numberArg(op, 'p', options.p);
  const training = options?.training ?? trainingDefault;
  if (typeof training !== 'boolean') throw new TypeError(`${op}: expected training to be a boolean`);
  const g = options?.generator;
  if (g !== undefined && g !== null && !(g instanceof Generator)) throw new TypeError(`${op}: expected generator to be a Generator`);
  if (!(p >= 0 && p <= 1)) throw new Error(`${op}: dropout probability has to be between 0 and 1, but got ${p}`);
  if (!training || p === 0 || x.numel() === 0) return { output: x, mask: null };
  const r = { output: resultFor(x), mask: resultFor(x) };
  native.dropout(kind, x.handle, r.output.handle, r.mask.handle, p, training, g ? g.handle : null);
  return r;
}

/** Feature dropout of an input without a batch dim: run on [1, ...], results without it. */
function unbatched(op: string, kind: Kind, x: Tensor, options: DropoutOptions | undefined, trainingDefault: boolean): DropoutResult {
  const r = run(op, kind, x.unsqueeze(0), options, trainingDefault);
  return r.mask ? { output: r.output.squeeze(0), mask: r.mask.squeeze(0) } : { output: x, mask: null };
}

/** Zeroes each element with probability p, scales the rest by 1 / (1 - p). */
export const dropout = (input: Tensor, options?: DropoutOptions): DropoutResult => run('dropout', Kind.Plain, input, options, true);

/** Zeroes whole channels of [N, C, L] or [C, L]. */
export function dropout1d(input: Tensor, options?: DropoutOptions): DropoutResult {
  const x = tensorArg('dropout1d', 'input', input);
  if (x.ndim !== 2 && x.ndim !== 3)
    throw new Error(`dropout1d: Expected 2D or 3D input, but received a ${x.ndim}D input. Note that dropout1d exists to ` +
      'provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch ' +
      'dimension (i.e. 2D or 3D inputs).');
  return x.ndim === 2 ? unbatched('dropout1d', Kind.Feature, x, options, true) : run('dropout1d', Kind.Feature, x, options, true);
}

/** Zeroes whole channels (dim 1) of [N, C, H, W] (other ranks as PyTorch 1.13: channels are dim 1). */
export const dropout2d = (input: Tensor, options?: DropoutOptions): DropoutResult => run('dropout2d', Kind.Feature, input, options, true);

/** Zeroes whole channels of [N, C, D, H, W]; other ranks are taken as unbatched ([C, D, H, W]), as PyTorch. */
export function dropout3d(input: Tensor, options?: DropoutOptions): DropoutResult {
  const x = tensorArg('dropout3d', 'input', input);
  return x.ndim === 5 ? run('dropout3d', Kind.Feature, x, options, true) : unbatched('dropout3d', Kind.Feature, x, options, true);
}

/** Dropout that keeps SELU's self-normalization: dropped values go to SELU's saturation value and
 * an affine map restores mean and variance. */
export const alphaDropout = (input: Tensor, options?: DropoutOptions): DropoutResult =>
  run('alphaDropout', Kind.Alpha, input, options, false);

/** alphaDropout of whole channels (dim 1). */
export const featureAlphaDropout = (input: Tensor, options?: DropoutOptions): DropoutResult =>
  run('featureAlphaDropout', Kind.FeatureAlpha, input, options, false);

/** Gradient of every dropout kind: gradOutput * mask (gradOutput itself when mask is null). */
export function dropoutBackward(gradOutput: Tensor, mask: Tensor | null): Tensor {
  const g = tensorArg('dropoutBackward', 'gradOutput', gradOutput);
  if (mask === null || mask === undefined) return g;
  const gi = resultFor(g);
  native.dropoutBackward(g.handle, tensorArg('dropoutBackward', 'mask', mask).handle, gi.handle);
  return gi;
}
