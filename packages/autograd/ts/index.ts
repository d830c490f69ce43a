// @typetorch/autograd: the user-facing Tensor, the tape and differentiable tensor ops.
import './ops/elementwise';
import './ops/views';
import './ops/reduce';
import './ops/products';
import './ops/joining';
import './ops/indexing';
import './ops/conversion';
import './ops/random';
import './ops/selection';

export { Tensor, VersionCounter, isDifferentiableDtype } from './tensor';
export type { Device, BackwardOptions } from './tensor';
export type { BackendTensor, Backend } from './backend';
export { backendFor } from './backend';
export { Node } from './node';
export type { Edge, GradHook, NodeHook } from './node';
export { noGrad, enableGrad, setGradEnabled, isGradEnabled, inferenceMode, isInferenceModeEnabled } from './grad_mode';
export { detectAnomaly, isAnomalyEnabled } from './anomaly';
export { grad } from './grad';
export type { GradOptions } from './grad';
export { Function, FunctionCtx } from './function';
export { gradcheck, gradgradcheck } from './gradcheck';
export type { GradcheckOptions } from './gradcheck';
export * from './creation';
export * from './functional';
export { slice } from './ops/indexing';
export * as linalg from './ops/linalg';
export { einsum, tensordot, kron, trace, tril, triu, diag, diagEmbed, cross } from './ops/tensor_algebra';
export type { TensordotDims } from './ops/tensor_algebra';
export type { IndexItem, PutIndices } from './ops/indexing';
export type { Scalar, TensorOrScalar, OutOptions } from './ops/elementwise';
export type { Dims, ReduceOptions, DtypeReduceOptions, VarOptions, ValuesIndices } from './ops/reduce';
export type { DType } from '@typetorch/th';
/** Runs fn and frees every tensor made inside except those it returns (and what their graphs need). */
export { tidy, memoryStats, setNumThreads, getNumThreads, device } from '@typetorch/th';
