// @typetorch/thnn: CPU neural-network kernels (libTHNN) over @typetorch/th tensors.
// Forward functions return new tensors; backward functions take the gradient of the output and
// what the forward saw (the input for activations, the output for softmax) and return gradients.
// One file per module; this file only re-exports them.
import { native } from './native';

/** The version of the loaded libTHNN. */
export const libVersion: string = native.version;

export * from './activation';
export * from './softmax';
export * from './embedding';
export * from './fused_rnn';
export * from './upsampling';
export * from './grid_sample';
export * from './pixel_shuffle';
export * from './padding';
export * from './pooling';
export * from './loss';
export * from './normalization';
export * from './activationExtra';
export * from './dropout';
export * from './convolution';
