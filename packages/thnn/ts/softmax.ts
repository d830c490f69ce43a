// Softmax and log-softmax along one dim, and their backward (which take the forward's output).
import { Tensor } from '@typetorch/th';
import type { Handle } from '@typetorch/th';
import { native } from './native';
import { resultFor, tensorArg } from './args';

export interface SoftmaxNative {
  softmax(log: boolean, input: Handle, output: Handle, dim: number): void;
  softmaxBackward(log: boolean, gradOutput: Handle, output: Handle, gradInput: Handle, dim: number): void;
}

function softmaxImpl(log: boolean, x: unknown, dim: number): Tensor {
  const op = log ? 'logSoftmax' : 'softmax';
  const input = tensorArg(op, 'input', x);
  const out = resultFor(input);
  native.softmax(log, input.handle, out.handle, dim);
  return out;
}

function softmaxBackwardImpl(log: boolean, gradOutput: unknown, output: unknown, dim: number): Tensor {
  const op = log ? 'logSoftmaxBackward' : 'softmaxBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const y = tensorArg(op, 'output', output);
  const gi = resultFor(y);
  native.softmaxBackward(log, g.handle, y.handle, gi.handle, dim);
  return gi;
}

/** softmax(x)_i = exp(x_i) / sum_j exp(x_j) along dim (numerically stable). */
export const softmax = (x: Tensor, dim: number): Tensor => softmaxImpl(false, x, dim);
/** log(softmax(x)) along dim, computed stably. */
export const logSoftmax = (x: Tensor, dim: number): Tensor => softmaxImpl(true, x, dim);
/** Gradient of softmax given its output: output * (gradOutput - sum(gradOutput * output)). */
export const softmaxBackward = (gradOutput: Tensor, output: Tensor, dim: number): Tensor =>
  softmaxBackwardImpl(false, gradOutput, output, dim);
/** Gradient of logSoftmax given its output: gradOutput - exp(output) * sum(gradOutput). */
export const logSoftmaxBackward = (gradOutput: Tensor, output: Tensor, dim: number): Tensor =>
  softmaxBackwardImpl(true, gradOutput, output, dim);

/** softmax(-x) along dim: the smallest values get the largest weights. */
export function softmin(x: Tensor, dim: number): Tensor {
  const negated = tensorArg('softmin', 'input', x).neg();
  try {
    return softmaxImpl(false, negated, dim);
  } finally {
    negated.dispose(); // a temporary: free it now rather than at the next GC
  }
}
/** Gradient of softmin given its output: -(output * (gradOutput - sum(gradOutput * output))). */
export const softminBackward = (gradOutput: Tensor, output: Tensor, dim: number): Tensor =>
  softmaxBackwardImpl(false, gradOutput, output, dim).neg_();
