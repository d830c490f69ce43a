// Activations with a learnt weight (prelu), random slopes (rrelu) or two halves (glu), and their
// backward.
import { Generator, Tensor, zeros } from '@typetorch/th';
import type { GeneratorHandle, Handle } from '@typetorch/th';
import { native } from './native';
import { numberArg, resultFor, tensorArg } from './args';

export interface ActivationExtraNative {
  prelu(input: Handle, output: Handle, weight: Handle): void;
  /** gradWeight must be zeroed: the weight's gradient is added to it */
  preluBackward(input: Handle, gradOutput: Handle, gradInput: Handle, weight: Handle, gradWeight: Handle): void;
  rrelu(input: Handle, output: Handle, noise: Handle | null, lower: number, upper: number, training: boolean,
    generator: GeneratorHandle | null): void;
  rreluBackward(input: Handle, gradOutput: Handle, gradInput: Handle, noise: Handle | null, lower: number, upper: number,
    training: boolean): void;
  glu(input: Handle, output: Handle, dim: number): void;
  gluBackward(input: Handle, gradOutput: Handle, gradInput: Handle, dim: number): void;
}

export interface RreluOptions {
  /** default 1 / 8 */
  lower?: number;
  /** default 1 / 3 */
  upper?: number;
  /** random slopes when true; (lower + upper) / 2 when false (the default, as F.rrelu) */
  training?: boolean;
  /** the source of the slopes (default: th's default generator) */
  generator?: Generator;
}
export interface RreluResult {
  output: Tensor;
  /** the slope of each element (1 where x > 0) when training, else null */
  noise: Tensor | null;
}

/** [lower, upper, training] with PyTorch's defaults */
function rreluParams(op: string, o: RreluOptions | undefined): [number, number, boolean] {
  if (o !== undefined && (o === null || typeof o !== 'object')) throw new TypeError(`${op}: expected options to be an object`);
  const training = o?.training ?? false;
  if (typeof training !== 'boolean') throw new TypeError(`${op}: expected training to be a boolean`);
  return [o?.lower === undefined ? 1 / 8 : numberArg(op, 'lower', o.lower), o?.upper === undefined ? 1 / 3 : numberArg(op, 'upper', o.upper), training];
}

/** x > 0 ? x : weight * x, with one weight or one per channel (dim 1). */
export function prelu(input: Tensor, weight: Tensor): Tensor {
  const x = tensorArg('prelu', 'input', input);
  const out = resultFor(x);
  native.prelu(x.handle, out.handle, tensorArg('prelu', 'weight', weight).handle);
  return out;
}

/** Gradients of prelu: gradWeight has the weight's shape. */
export function preluBackward(gradOutput: Tensor, input: Tensor, weight: Tensor): { gradInput: Tensor; gradWeight: Tensor } {
  const op = 'preluBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const x = tensorArg(op, 'input', input);
  const w = tensorArg(op, 'weight', weight);
  const r = { gradInput: resultFor(x), gradWeight: zeros(w.shape, { dtype: w.dtype }) };
  native.preluBackward(x.handle, g.handle, r.gradInput.handle, w.handle, r.gradWeight.handle);
  return r;
}

/** Randomized leaky ReLU: slopes drawn from U(lower, upper) per element when training (PyTorch's
 * draws for the same seed), (lower + upper) / 2 otherwise. */
export function rrelu(input: Tensor, options?: RreluOptions): RreluResult {
  const op = 'rrelu';
  const x = tensorArg(op, 'input', input);
  const [lower, upper, training] = rreluParams(op, options);
  const g = options?.generator;
  if (g !== undefined && g !== null && !(g instanceof Generator)) throw new TypeError(`${op}: expected generator to be a Generator`);
  const r = { output: resultFor(x), noise: training ? resultFor(x) : null };
  native.rrelu(x.handle, r.output.handle, r.noise ? r.noise.handle : null, lower, upper, training, g ? g.handle : null);
  return r;
}

/** Gradient of rrelu: gradOutput * noise when training (and upper - lower > 1e-6), else
 * gradOutput * (x > 0 ? 1 : (lower + upper) / 2). */
export function rreluBackward(gradOutput: Tensor, input: Tensor, noise: Tensor | null, options?: RreluOptions): Tensor {
  const op = 'rreluBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const x = tensorArg(op, 'input', input);
  const n = noise === null || noise === undefined ? null : tensorArg(op, 'noise', noise);
  const gi = resultFor(x);
  native.rreluBackward(x.handle, g.handle, gi.handle, n ? n.handle : null, ...rreluParams(op, options));
  return gi;
}

/** Gated linear unit: a * sigmoid(b), a and b the halves of the input along dim (default -1). */
export function glu(input: Tensor, dim = -1): Tensor {
  const x = tensorArg('glu', 'input', input);
  const out = resultFor(x);
  native.glu(x.handle, out.handle, dim);
  return out;
}

/** Gradient of glu (the input's shape). */
export function gluBackward(gradOutput: Tensor, input: Tensor, dim = -1): Tensor {
  const g = tensorArg('gluBackward', 'gradOutput', gradOutput);
  const x = tensorArg('gluBackward', 'input', input);
  const gi = resultFor(x);
  native.gluBackward(x.handle, g.handle, gi.handle, dim);
  return gi;
}
