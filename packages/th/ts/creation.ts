// Creation functions: tensor(), fromTypedArray(), zeros/ones/full/empty, ranges, eye, *Like.
import { DType, dtypeCode, dtypeOfArray } from './dtype';
import { DeviceLike, Placement, deviceCall, placement } from './device';
import { Handle, native } from './native';
import { shapeArg } from './shape';
import { NestedArray, Scalar, Tensor } from './tensor';

export interface CreateOptions {
  dtype?: DType;
  /** 'cpu' (the default), 'cuda' or 'cuda:N' (needs @typetorch/thc) */
  device?: DeviceLike;
}

/** A native creation call on the host or, with the device index appended, on a device. */
function create(p: Placement | null, name: 'empty' | 'full' | 'range', ...args: unknown[]): Tensor {
  if (!p) return new Tensor((native[name] as (...a: unknown[]) => Handle)(...args));
  return new Tensor(deviceCall<Handle>(p, name, ...args));
}

type Data = NestedArray<number | boolean | bigint> | ArrayBufferView;

/** Infers the shape of nested arrays and checks that they are rectangular. */
function inferShape(data: NestedArray<unknown>): number[] {
  const shape: number[] = [];
  let level: unknown = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

function flatten(data: NestedArray<unknown>, shape: number[], dim: number, out: unknown[], path: string): void {
  if (dim === shape.length) {
    if (Array.isArray(data)) throw new Error(`tensor: too many dimensions at ${path || 'the top level'} (expected a scalar)`);
    if (typeof data !== 'number' && typeof data !== 'boolean' && typeof data !== 'bigint')
      throw new TypeError(`tensor: could not convert ${JSON.stringify(data)} at ${path || 'the top level'} to a number`);
    out.push(data);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[dim])
    throw new Error(
      `tensor: expected sequence of length ${shape[dim]} at dim ${dim} (got ${Array.isArray(data) ? data.length : typeof data}${path ? ' at ' + path : ''})`,
    );
  for (let i = 0; i < data.length; i++) flatten(data[i], shape, dim + 1, out, `${path}[${i}]`);
}

/**
 * A tensor holding a copy of data: nested arrays (shape inferred), a scalar, or a TypedArray.
 * JS numbers give float32 unless a dtype is given; booleans give bool; bigints int64.
 */
export function tensor(data: Data, options?: CreateOptions): Tensor {
  const p = placement(options?.device);
  if (p) {
    const host = tensor(data, { dtype: options?.dtype });
    const r = host.to({ device: options!.device! });
    host.dispose();
    return r;
  }
  if (ArrayBuffer.isView(data)) {
    const src = fromTypedArray(data as ArrayBufferView, [(data as unknown as ArrayLike<number>).length]);
    const r = src.to(options?.dtype ?? src.dtype, { copy: true });
    src.dispose();
    return r;
  }
  const shape = inferShape(data);
  const flat: unknown[] = [];
  flatten(data, shape, 0, flat, '');
  const kinds = new Set(flat.map((v) => typeof v));
  const dtype = options?.dtype ?? (kinds.size === 1 && kinds.has('boolean') ? 'bool' : kinds.size === 1 && kinds.has('bigint') ? 'int64' : 'float32');
  if (kinds.has('bigint')) {
    const ints = BigInt64Array.from(flat, (v) => BigInt(v as bigint | number | boolean));
    const src = new Tensor(native.fromBuffer(ints, dtypeCode('int64'), shape));
    const r = src.to(dtype, { copy: true });
    src.dispose();
    return r;
  }
  const values = Float64Array.from(flat, Number);
  for (const v of values) {
    if (Number.isNaN(v) && dtype !== 'float16' && dtype !== 'bfloat16' && dtype !== 'float32' && dtype !== 'float64' && dtype !== 'bool')
      throw new Error(`tensor: cannot store NaN in a tensor of dtype ${dtype}`);
  }
  const src = new Tensor(native.fromBuffer(values, dtypeCode('float64'), shape));
  const r = src.to(dtype, { copy: true });
  src.dispose();
  return r;
}

/**
 * A tensor over the TypedArray's memory, without a copy (like torch.from_numpy): writes through
 * either are seen by both. shape defaults to [array.length].
 */
export function fromTypedArray(array: ArrayBufferView, shape?: readonly number[], options?: { dtype?: DType }): Tensor {
  if (!ArrayBuffer.isView(array) || array instanceof DataView) throw new TypeError('fromTypedArray: expected a TypedArray');
  const dtype = options?.dtype ?? dtypeOfArray(array);
  const size = shape ? shapeArg([shape], 'fromTypedArray') : [array.byteLength / dtypeBytes(dtype)];
  return new Tensor(native.fromBuffer(array, dtypeCode(dtype), size));
}

function dtypeBytes(d: DType): number {
  return { bool: 1, uint8: 1, int8: 1, int16: 2, float16: 2, bfloat16: 2, int32: 4, float32: 4, int64: 8, float64: 8 }[d];
}

type ShapeArgs = (number | readonly number[])[];
/** Splits `f(2, 3)`, `f([2, 3])` and `f([2, 3], options)`. */
function shapeAndOptions<O>(args: (number | readonly number[] | O | undefined)[], op: string): [number[], O | undefined] {
  const last = args[args.length - 1];
  const hasOptions = last !== undefined && typeof last === 'object' && !Array.isArray(last);
  const dims = (hasOptions ? args.slice(0, -1) : args).filter((a) => a !== undefined) as ShapeArgs;
  return [shapeArg(dims, op), hasOptions ? (last as O) : undefined];
}

export function empty(...args: (number | readonly number[] | CreateOptions | undefined)[]): Tensor {
  const [shape, options] = shapeAndOptions<CreateOptions>(args, 'empty');
  return create(placement(options?.device), 'empty', dtypeCode(options?.dtype ?? 'float32'), shape);
}

/** A tensor filled with fillValue; its dtype follows the value as in PyTorch (bool, int64 for an integer, else float32). */
export function full(shape: readonly number[], fillValue: Scalar, options?: CreateOptions): Tensor {
  const p = placement(options?.device);
  if (typeof fillValue !== 'number' && typeof fillValue !== 'boolean') throw new TypeError('full: expected fill_value to be a number or boolean');
  const dtype = options?.dtype ?? (typeof fillValue === 'boolean' ? 'bool' : Number.isInteger(fillValue) ? 'int64' : 'float32');
  return create(p, 'full', dtypeCode(dtype), shapeArg([shape], 'full'), Number(fillValue));
}

export function zeros(...args: (number | readonly number[] | CreateOptions | undefined)[]): Tensor {
  const [shape, options] = shapeAndOptions<CreateOptions>(args, 'zeros');
  return full(shape, 0, { dtype: options?.dtype ?? 'float32', device: options?.device });
}

export function ones(...args: (number | readonly number[] | CreateOptions | undefined)[]): Tensor {
  const [shape, options] = shapeAndOptions<CreateOptions>(args, 'ones');
  return full(shape, 1, { dtype: options?.dtype ?? 'float32', device: options?.device });
}

const likeOptions = (t: Tensor, options?: CreateOptions): CreateOptions => ({ dtype: options?.dtype ?? t.dtype, device: options?.device });
export const emptyLike = (t: Tensor, options?: CreateOptions): Tensor => empty(t.shape, likeOptions(t, options));
export const zerosLike = (t: Tensor, options?: CreateOptions): Tensor => zeros(t.shape, likeOptions(t, options));
export const onesLike = (t: Tensor, options?: CreateOptions): Tensor => ones(t.shape, likeOptions(t, options));
export const fullLike = (t: Tensor, fillValue: Scalar, options?: CreateOptions): Tensor => full(t.shape, fillValue, likeOptions(t, options));

const RANGE = { arange: 0, linspace: 1, logspace: 2, eye: 3 } as const;

function checkNumbers(op: string, values: Record<string, unknown>): void {
  for (const [name, v] of Object.entries(values))
    if (typeof v !== 'number') throw new TypeError(`${op}: expected ${name} to be a number, got ${typeof v}`);
}

/**
 * arange(end), arange(start, end), arange(start, end, step): int64 when every argument is an
 * integer (as PyTorch with Python ints), else float32.
 */
export function arange(a: number, b?: number | CreateOptions, c?: number | CreateOptions, d?: CreateOptions): Tensor {
  const nums = [a, b, c].filter((x) => typeof x === 'number') as number[];
  const options = [b, c, d].find((x) => typeof x === 'object') as CreateOptions | undefined;
  const p = placement(options?.device);
  checkNumbers('arange', { start: a });
  const [start, end, step] = nums.length === 1 ? [0, nums[0], 1] : nums.length === 2 ? [nums[0], nums[1], 1] : [nums[0], nums[1], nums[2]];
  const dtype = options?.dtype ?? (nums.every(Number.isInteger) ? 'int64' : 'float32');
  return create(p, 'range', RANGE.arange, dtypeCode(dtype), start, end, step, null, null);
}

export function linspace(start: number, end: number, steps: number, options?: CreateOptions): Tensor {
  const p = placement(options?.device);
  checkNumbers('linspace', { start, end, steps });
  if (!Number.isInteger(steps)) throw new TypeError(`linspace: expected steps to be an integer, got ${steps}`);
  return create(p, 'range', RANGE.linspace, dtypeCode(options?.dtype ?? 'float32'), start, end, steps, null, null);
}

export function logspace(start: number, end: number, steps: number, options?: CreateOptions & { base?: number }): Tensor {
  const p = placement(options?.device);
  checkNumbers('logspace', { start, end, steps });
  if (!Number.isInteger(steps)) throw new TypeError(`logspace: expected steps to be an integer, got ${steps}`);
  return create(p, 'range', RANGE.logspace, dtypeCode(options?.dtype ?? 'float32'), start, end, steps, options?.base ?? 10, null);
}

export function eye(n: number, m?: number | CreateOptions, options?: CreateOptions): Tensor {
  const opts = typeof m === 'object' ? m : options;
  const cols = typeof m === 'number' ? m : n;
  const p = placement(opts?.device);
  checkNumbers('eye', { n, m: cols });
  if (!Number.isInteger(n) || !Number.isInteger(cols)) throw new TypeError('eye: expected integer sizes');
  return create(p, 'range', RANGE.eye, dtypeCode(opts?.dtype ?? 'float32'), n, cols, null, null, null);
}

/** PyTorch's result_type of tensors and numbers. */
export function resultType(...operands: (Tensor | Scalar)[]): DType {
  const code = native.resultType(...operands.map((o) => (o instanceof Tensor ? o.handle : o)));
  return native.dtypes[code] as DType;
}
