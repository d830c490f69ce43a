// Loss functions, forward and backward, as torch.nn.functional names them (camelCased). One file per
// family: elementwise (lossPointwise), classification (lossClassification), margin and embedding
// (lossMargin), CTC (lossCtc); option checks in lossArgs.
import type { PointwiseLossNative } from './lossPointwise';
import type { ClassificationLossNative } from './lossClassification';
import type { MarginLossNative } from './lossMargin';
import type { CtcLossNative } from './lossCtc';

/** The native functions of every loss. */
export interface LossNative extends PointwiseLossNative, ClassificationLossNative, MarginLossNative, CtcLossNative {}

export type { Reduction, ReductionOptions } from './lossArgs';
export * from './lossPointwise';
export * from './lossClassification';
export * from './lossMargin';
export * from './lossCtc';
