// @typetorch/th: CPU tensors (libTH) for TypeScript.
export { Tensor, Slice, slice } from './tensor';
export type { Scalar, TensorOrScalar, OutOptions, AlphaOptions, DivOptions, NestedArray, IndexItem, ValuesIndices } from './tensor';
export * from './dtype';
/** The elementwise ops of Tensor's method tables, by name (for tools and tests that cover them all). */
export { UNARY_OPS, BINARY_OPS, NO_INPLACE } from './ops';
export type { UnaryOp, BinaryOp } from './ops';
export * from './creation';
export * from './functional';
export { tidy, memoryStats, emptyCache, setNumThreads, getNumThreads, TIDY_KEEP } from './memory';
export type { MemoryStats } from './memory';
export type { Handle, ParkedErrors } from './native';
export { Device, device, registerDevice, dispatchToDevice, deviceCall, adoptDeviceHandle, loadedDeviceLibrary, placement } from './device';
export type { Placement } from './device';
export type { DeviceLike, DeviceType, DeviceLibrary } from './device';
export type { ToOptions } from './tensor';
export { guardAddon } from './native';
import { native } from './native';
/** The version of the loaded libTH. */
export const libVersion: string = native.version;
export * from './reduce';
export * from './blas';
export * as linalg from './linalg';
export * from './indexing';
export * from './sort';
export * from './random';
