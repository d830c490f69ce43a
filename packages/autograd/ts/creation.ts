// Creation functions with PyTorch's options: dtype, device and requiresGrad. Each goes to the
// backend of the requested device; the result is a leaf.
import type { DType, Generator, NestedArray } from '@typetorch/th';
import { Backend, BackendTensor, backendFor } from './backend';
import { Device, Tensor } from './tensor';

export interface TensorOptions {
  dtype?: DType;
  device?: Device;
  requiresGrad?: boolean;
}
export interface RandomOptions extends TensorOptions {
  generator?: Generator;
}

type Data = NestedArray<number | boolean | bigint> | ArrayBufferView;

function leaf(impl: BackendTensor, options: TensorOptions | undefined): Tensor {
  const t = new Tensor(impl);
  if (options?.requiresGrad) t.requiresGrad_(true);
  return t;
}
function backend(options: TensorOptions | undefined): Backend {
  return backendFor(options?.device ?? 'cpu');
}
/** shape given as numbers, one array, and a trailing options object */
function sizeArgs<O>(args: (number | readonly number[] | O | undefined)[]): [number[], O | undefined] {
  let opts: O | undefined;
  const last = args[args.length - 1];
  if (last !== undefined && last !== null && typeof last === 'object' && !Array.isArray(last)) {
    opts = last as O;
    args = args.slice(0, -1);
  } else if (last === undefined && args.length > 0) args = args.slice(0, -1);
  const dims = args.length === 1 && Array.isArray(args[0]) ? [...(args[0] as number[])] : (args as number[]);
  return [dims, opts];
}
const nativeOpts = (o: TensorOptions | undefined): { dtype?: DType } => (o?.dtype !== undefined ? { dtype: o.dtype } : {});

/** A tensor from nested arrays or a TypedArray (copied). */
export function tensor(data: Data | Tensor, options?: TensorOptions): Tensor {
  if (data instanceof Tensor) return leaf(data.impl.to(options?.dtype ?? data.dtype, { copy: true }), options);
  return leaf(backend(options).tensor(data, nativeOpts(options)), options);
}
/** A tensor sharing a TypedArray's memory (CPU). */
export function fromTypedArray(array: ArrayBufferView, shape?: readonly number[], options?: TensorOptions): Tensor {
  return leaf(backend(options).fromTypedArray(array, shape, nativeOpts(options)), options);
}
export function zeros(...args: (number | readonly number[] | TensorOptions | undefined)[]): Tensor {
  const [shape, o] = sizeArgs<TensorOptions>(args);
  return leaf(backend(o).zeros(shape, nativeOpts(o)), o);
}
export function ones(...args: (number | readonly number[] | TensorOptions | undefined)[]): Tensor {
  const [shape, o] = sizeArgs<TensorOptions>(args);
  return leaf(backend(o).ones(shape, nativeOpts(o)), o);
}
export function empty(...args: (number | readonly number[] | TensorOptions | undefined)[]): Tensor {
  const [shape, o] = sizeArgs<TensorOptions>(args);
  return leaf(backend(o).empty(shape, nativeOpts(o)), o);
}
export function full(shape: readonly number[], fillValue: number | boolean, options?: TensorOptions): Tensor {
  return leaf(backend(options).full(shape, fillValue, nativeOpts(options)), options);
}
/** arange(end), arange(start, end), arange(start, end, step), each with trailing options. */
export function arange(a: number, b?: number | TensorOptions, c?: number | TensorOptions, d?: TensorOptions): Tensor {
  const nums = [a, b, c].filter((v): v is number => typeof v === 'number');
  const o = [b, c, d].find((v): v is TensorOptions => v !== null && typeof v === 'object');
  const [start, end, step] = nums.length === 1 ? [0, nums[0], 1] : nums.length === 2 ? [nums[0], nums[1], 1] : [nums[0], nums[1], nums[2]];
  return leaf(backend(o).arange(start, end, step, nativeOpts(o)), o);
}
export function linspace(start: number, end: number, steps: number, options?: TensorOptions): Tensor {
  return leaf(backend(options).linspace(start, end, steps, nativeOpts(options)), options);
}
export function logspace(start: number, end: number, steps: number, options?: TensorOptions & { base?: number }): Tensor {
  return leaf(backend(options).logspace(start, end, steps, { ...nativeOpts(options), base: options?.base }), options);
}
export function eye(n: number, m?: number | TensorOptions, options?: TensorOptions): Tensor {
  const o = typeof m === 'object' ? m : options;
  return leaf(backend(o).eye(n, typeof m === 'number' ? m : n, nativeOpts(o)), o);
}
function likeOptions(input: Tensor, o: TensorOptions | undefined): TensorOptions {
  if (!(input instanceof Tensor)) throw new TypeError('expected input to be a Tensor');
  return { dtype: o?.dtype ?? input.dtype, device: o?.device ?? input.device, requiresGrad: o?.requiresGrad };
}
export function zerosLike(input: Tensor, options?: TensorOptions): Tensor {
  return zeros(input.shape, likeOptions(input, options));
}
export function onesLike(input: Tensor, options?: TensorOptions): Tensor {
  return ones(input.shape, likeOptions(input, options));
}
export function emptyLike(input: Tensor, options?: TensorOptions): Tensor {
  return empty(input.shape, likeOptions(input, options));
}
export function fullLike(input: Tensor, fillValue: number | boolean, options?: TensorOptions): Tensor {
  return full(input.shape, fillValue, likeOptions(input, options));
}

// ---- random ----
const randOpts = (o: RandomOptions | undefined): { dtype?: DType; generator?: Generator } => ({ ...nativeOpts(o), generator: o?.generator });
export function rand(...args: (number | readonly number[] | RandomOptions | undefined)[]): Tensor {
  const [shape, o] = sizeArgs<RandomOptions>(args);
  return leaf(backend(o).rand(shape, randOpts(o)), o);
}
export function randn(...args: (number | readonly number[] | RandomOptions | undefined)[]): Tensor {
  const [shape, o] = sizeArgs<RandomOptions>(args);
  return leaf(backend(o).randn(shape, randOpts(o)), o);
}
/** Integers on [low, high): randint(high, size) or randint(low, high, size). */
export function randint(a: number, b: number | readonly number[], c?: readonly number[] | RandomOptions, d?: RandomOptions): Tensor {
  const [low, high, size, o] = Array.isArray(b) ? [0, a, b as number[], c as RandomOptions | undefined] : [a, b as number, c as number[], d];
  return leaf(backend(o).randint(low, high, size, randOpts(o)), o);
}
export function randperm(n: number, options?: RandomOptions): Tensor {
  return leaf(backend(options).randperm(n, randOpts(options)), options);
}
export function randLike(input: Tensor, options?: RandomOptions): Tensor {
  return rand(input.shape, { ...likeOptions(input, options), generator: options?.generator });
}
export function randnLike(input: Tensor, options?: RandomOptions): Tensor {
  return randn(input.shape, { ...likeOptions(input, options), generator: options?.generator });
}
export function randintLike(input: Tensor, low: number, high?: number | RandomOptions, options?: RandomOptions): Tensor {
  const [lo, hi, o] = typeof high === 'number' ? [low, high, options] : [0, low, high];
  return randint(lo, hi, input.shape, { ...likeOptions(input, o), dtype: o?.dtype ?? input.dtype, generator: o?.generator });
}

