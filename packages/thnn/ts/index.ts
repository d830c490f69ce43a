// @typetorch/thnn: CPU neural-network kernels (libTHNN) over @typetorch/th tensors.
// Forward functions return new tensors; backward functions take the gradient of the output and
// what the forward saw (the input for activations, the output for softmax) and return gradients.
// One file per module; this file only re-exports them.
import { native } from './native';

/** The version of the loaded libTHNN. */
export const libVersion: string = native.version;

export * from './activation';
export * from './softmax';
export * from './convolution';
