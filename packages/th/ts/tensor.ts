// The TH Tensor: a thin object over a native handle. Math happens in libTH; this file converts
// arguments and picks the native entry point.
import { AnyTypedArray, DType, arrayDtype, dtypeCode, dtypeName } from './dtype';
import { track } from './memory';
import { Device, DeviceLike, adoptDeviceHandle, device, deviceLibrary, loadedDeviceLibrary } from './device';
import { Handle, VIEW, native } from './native';
import { BINARY, BINARY_OPS, BinaryOp, DIV_FLOOR, DIV_TRUNC, NO_INPLACE, TERNARY, UNARY, UNARY_OPS, UnaryOp } from './ops';
import { formatTensor } from './print';
import { shapeArg } from './shape';

export type Scalar = number | boolean;
export type TensorOrScalar = Tensor | Scalar;
export interface OutOptions {
  out?: Tensor;
}
export interface AlphaOptions extends OutOptions {
  alpha?: number;
}
export interface DivOptions extends OutOptions {
  roundingMode?: 'trunc' | 'floor' | null;
}
export type NestedArray<T> = T | NestedArray<T>[];
/** Tensor.to's options. */
export interface ToOptions {
  device?: DeviceLike;
  dtype?: DType;
  /** always return a new tensor */
  copy?: boolean;
  /** host<->device copies return before completion when the host memory is pinned */
  nonBlocking?: boolean;
}
const asOptions = (o: DType | ToOptions | undefined): ToOptions => (typeof o === 'object' && o !== null ? o : {});

/** A slice for index(): start, end (exclusive) and step, each optional. */
export class Slice {
  constructor(
    readonly start: number | null = null,
    readonly end: number | null = null,
    readonly step: number = 1,
  ) {}
}
export function slice(start?: number | null, end?: number | null, step?: number): Slice {
  return new Slice(start ?? null, end ?? null, step ?? 1);
}
export type IndexItem = number | Slice | null | '...' | Tensor;

type Meta = [number, number[], number[], number, boolean, number, number];
const META = new Float64Array(native.metaBuffer);
/** [dtype, shape, strides, offset, isContiguous, version, device (-1: cpu)] of a handle (one native call, no JS arrays made in C++). */
function readMeta(h: Handle): Meta {
  native.metaInto(h);
  const n = META[1];
  const shape = new Array<number>(n);
  const strides = new Array<number>(n);
  for (let d = 0; d < n; d++) {
    shape[d] = META[5 + d];
    strides[d] = META[5 + n + d];
  }
  return [META[0], shape, strides, META[2], META[3] !== 0, META[4], META[5 + 2 * n]];
}
type UnaryMethods = { [K in UnaryOp]: (options?: OutOptions) => Tensor } & {
  [K in Exclude<UnaryOp, 'isnan' | 'isinf' | 'isfinite'> as `${K}_`]: () => Tensor;
};
type BinaryMethods = { [K in BinaryOp]: (other: TensorOrScalar, options?: OutOptions) => Tensor } & {
  [K in BinaryOp as `${K}_`]: (other: TensorOrScalar) => Tensor;
};

const handleOf = (x: TensorOrScalar): Handle | Scalar => (x instanceof Tensor ? x.handle : x);
/** The native `out` argument; anything that is not a Tensor goes through for the addon to reject by name. */
export const outHandle = (out: Tensor | undefined): Handle | null =>
  out === undefined || out === null ? null : out instanceof Tensor ? out.handle : (out as unknown as Handle);

/** PyTorch's (values, indices) named tuple: max(dim), sort, topk, median(dim), cummax, ... */
export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

/** @internal A native op's result: `out` itself (its metadata re-read) when given, else a new Tensor. */
export function wrapResult(h: Handle, out?: Tensor | null): Tensor {
  return out ? out.touched() : new Tensor(h);
}
/** @internal Tensors for an array of handles (multi-result ops). */
export function wrapResults(hs: Handle[]): Tensor[] {
  return hs.map((h) => new Tensor(h));
}

export interface Tensor extends UnaryMethods, BinaryMethods {}

export class Tensor {
  /** The native handle (for other TypeTorch layers); prefer the methods. */
  readonly handle: Handle;
  private metaCache: Meta | null = null;

  /** @internal Wraps a handle the caller owns; use the creation functions instead. */
  constructor(handle: Handle) {
    this.handle = handle;
    track(this);
  }

  private get meta(): Meta {
    return (this.metaCache ??= readMeta(this.handle));
  }
  /** @internal Ops that resize an `out` tensor call this so that shape/strides are read again. */
  touched(): this {
    this.metaCache = null;
    return this;
  }

  // ---- metadata ----
  get dtype(): DType {
    return dtypeName(this.meta[0]);
  }
  get shape(): number[] {
    return [...this.meta[1]];
  }
  /** 'cpu', or 'cuda:N' for a tensor in a CUDA device's memory (@typetorch/thc). */
  get device(): string {
    const d = this.meta[6];
    return d < 0 ? 'cpu' : `cuda:${d}`;
  }
  get isCuda(): boolean {
    return this.meta[6] >= 0;
  }
  get ndim(): number {
    return this.meta[1].length;
  }
  dim(): number {
    return this.ndim;
  }
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number | number[] {
    if (dim === undefined) return this.shape;
    return this.meta[1][this.wrapDim(dim)];
  }
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number | number[] {
    if (dim === undefined) return [...this.meta[2]];
    return this.meta[2][this.wrapDim(dim)];
  }
  storageOffset(): number {
    return this.meta[3];
  }
  isContiguous(): boolean {
    return readMeta(this.handle)[4];
  }
  numel(): number {
    return this.meta[1].reduce((a, b) => a * b, 1);
  }
  /** The in-place write counter (autograd uses it to detect modified saved tensors). */
  get version(): number {
    return readMeta(this.handle)[5];
  }
  /** How many tensors (this one, its views, its base) share this tensor's memory. */
  storageUseCount(): number {
    return native.storageUseCount(this.handle);
  }
  get isDisposed(): boolean {
    return native.isDisposed(this.handle);
  }
  private wrapDim(dim: number): number {
    const n = Math.max(this.ndim, 1);
    if (!Number.isInteger(dim) || dim < -n || dim >= n)
      throw new RangeError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
    return dim < 0 ? dim + n : dim;
  }

  // ---- memory ----
  /** Frees the native tensor now; using it afterwards throws. */
  dispose(): void {
    native.dispose(this.handle);
  }

  // ---- data out ----
  item(): number | boolean {
    const v = native.item(this.handle);
    return this.dtype === 'bool' ? v !== 0 : v;
  }
  /** A copy of the elements in row-major order (float16/bfloat16 as Float32Array, int64 as BigInt64Array). */
  toTypedArray(): AnyTypedArray {
    return native.copyOut(this.handle, dtypeCode(arrayDtype(this.dtype))) as AnyTypedArray;
  }
  /** The elements as nested JS arrays (numbers; booleans for bool tensors). */
  toArray(): NestedArray<number | boolean> {
    const d = this.dtype;
    const flat = native.copyOut(this.handle, dtypeCode(d === 'int64' || d === 'float16' || d === 'bfloat16' ? 'float64' : d)) as
      | Float64Array
      | Float32Array
      | Int32Array;
    const values: (number | boolean)[] = d === 'bool' ? Array.from(flat, (v) => v !== 0) : Array.from(flat);
    const shape = this.shape;
    if (shape.length === 0) return values[0];
    const build = (dim: number, offset: number): NestedArray<number | boolean> => {
      const n = shape[dim];
      if (dim === shape.length - 1) return values.slice(offset, offset + n);
      const inner = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
      const out: NestedArray<number | boolean>[] = [];
      for (let i = 0; i < n; i++) out.push(build(dim + 1, offset + i * inner));
      return out;
    };
    return build(0, 0);
  }
  /** A TypedArray sharing this tensor's memory (contiguous tensors of a TypedArray dtype only). */
  asTypedArray(): AnyTypedArray {
    if (this.isCuda) throw new Error(`asTypedArray: can't view ${this.device} memory from JS; use toTypedArray() (a copy) or cpu() first`);
    const d = this.dtype;
    if (!this.isContiguous()) throw new Error('asTypedArray: the tensor is not contiguous; call contiguous() first');
    if (d === 'float16' || d === 'bfloat16') throw new Error(`asTypedArray: ${d} has no TypedArray; use toTypedArray()`);
    const buffer = native.storageView(this.handle);
    const Ctor = ARRAY_TYPES[d];
    return new Ctor(buffer, this.storageOffset() * Ctor.BYTES_PER_ELEMENT, this.numel()) as AnyTypedArray;
  }

  // ---- views (no copy) ----
  private viewOp(kind: string, ...args: (number | number[] | null | undefined)[]): Tensor {
    return new Tensor(native.view(VIEW[kind], this.handle, ...args));
  }
  view(...shape: (number | readonly number[])[]): Tensor {
    return this.viewOp('view', shapeArg(shape, 'view'));
  }
  reshape(...shape: (number | readonly number[])[]): Tensor {
    return this.viewOp('reshape', shapeArg(shape, 'reshape'));
  }
  viewAs(other: Tensor): Tensor {
    return this.view(other.shape);
  }
  reshapeAs(other: Tensor): Tensor {
    return this.reshape(other.shape);
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return this.viewOp('flatten', startDim, endDim);
  }
  unflatten(dim: number, sizes: readonly number[]): Tensor {
    return this.viewOp('unflatten', dim, shapeArg([sizes], 'unflatten'));
  }
  transpose(dim0: number, dim1: number): Tensor {
    return this.viewOp('transpose', dim0, dim1);
  }
  swapaxes(dim0: number, dim1: number): Tensor {
    return this.transpose(dim0, dim1);
  }
  permute(...dims: (number | readonly number[])[]): Tensor {
    return this.viewOp('permute', shapeArg(dims, 'permute'));
  }
  t(): Tensor {
    return this.viewOp('t');
  }
  /** Transposes the last two dimensions. */
  get mT(): Tensor {
    return this.viewOp('mT');
  }
  narrow(dim: number, start: number, length: number): Tensor {
    return this.viewOp('narrow', dim, start, length);
  }
  select(dim: number, index: number): Tensor {
    return this.viewOp('select', dim, index);
  }
  /** x[start:end:step] along dim (Python slice semantics; null = open end). */
  slice(dim: number, start: number | null = null, end: number | null = null, step = 1): Tensor {
    return new Tensor(native.slice(this.handle, dim, start, end, step));
  }
  expand(...sizes: (number | readonly number[])[]): Tensor {
    return this.viewOp('expand', shapeArg(sizes, 'expand'));
  }
  expandAs(other: Tensor): Tensor {
    return this.expand(other.shape);
  }
  broadcastTo(...shape: (number | readonly number[])[]): Tensor {
    return this.expand(...shape);
  }
  squeeze(dim?: number): Tensor {
    return this.viewOp('squeeze', dim ?? null);
  }
  unsqueeze(dim: number): Tensor {
    return this.viewOp('unsqueeze', dim);
  }
  unfold(dimension: number, size: number, step: number): Tensor {
    return this.viewOp('unfold', dimension, size, step);
  }
  asStrided(size: readonly number[], stride: readonly number[], storageOffset?: number): Tensor {
    return this.viewOp('asStrided', shapeArg([size], 'asStrided'), shapeArg([stride], 'asStrided'), storageOffset ?? this.storageOffset());
  }
  movedim(source: number | readonly number[], destination: number | readonly number[]): Tensor {
    const src = typeof source === 'number' ? [source] : [...source];
    const dst = typeof destination === 'number' ? [destination] : [...destination];
    return this.viewOp('movedim', src, dst);
  }
  moveaxis(source: number | readonly number[], destination: number | readonly number[]): Tensor {
    return this.movedim(source, destination);
  }
  diagonal(offset = 0, dim1 = 0, dim2 = 1): Tensor {
    return this.viewOp('diagonal', offset, dim1, dim2);
  }
  /**
   * Indexing, as x[...] in PyTorch: a number selects, slice() slices, null inserts a dimension of
   * size 1, '...' stands for the remaining dimensions (all views); integer (int64/int32) and
   * bool/uint8 tensors index advanced-style (a copy): they broadcast together, masks stand for
   * their nonzero indices, and when the tensor indices are not adjacent the result's indexed
   * dimensions come first.
   */
  index(...items: IndexItem[]): Tensor {
    const ellipses = items.filter((i) => i === '...').length;
    if (ellipses > 1) throw new Error('index: an index can only have a single ellipsis (...)');
    const width = (i: IndexItem): number =>
      i === null || i === '...' ? 0 : i instanceof Tensor ? (i.dtype === 'bool' || i.dtype === 'uint8' ? i.ndim : 1) : 1;
    const consumed = items.reduce((n: number, i) => n + width(i), 0);
    if (consumed > this.ndim)
      throw new RangeError(`index: too many indices for tensor of dimension ${this.ndim} (got ${consumed})`);
    let r: Tensor = this;
    let dim = 0;
    // the tensor index (or null) for each dim of r, from dim 0 on
    const advanced: (Tensor | null)[] = [];
    let hasTensor = false;
    const step = (next: Tensor): void => {
      if (r !== this) r.dispose();
      r = next;
    };
    for (const item of items) {
      if (item === '...') {
        for (let k = 0; k < this.ndim - consumed; k++) advanced.push(null);
        dim += this.ndim - consumed;
      } else if (item === null) {
        step(r.unsqueeze(dim++));
        advanced.push(null);
      } else if (item instanceof Slice) {
        step(r.slice(dim++, item.start, item.end, item.step));
        advanced.push(null);
      } else if (item instanceof Tensor) {
        hasTensor = true;
        advanced.push(item);
        dim += width(item);
      } else if (typeof item === 'number') step(r.select(dim, item));
      else throw new TypeError(`index: unsupported index ${String(item)}`);
    }
    if (!hasTensor) return r === this ? this.viewOp('alias') : r;
    while (advanced.length && advanced[advanced.length - 1] === null) advanced.pop();
    const result = new Tensor(native.ixIndex(r.handle, advanced.map((t) => (t ? t.handle : null)), null));
    if (r !== this) r.dispose();
    return result;
  }

  // ---- copies and conversion ----
  contiguous(): Tensor {
    return this.viewOp('contiguous');
  }
  clone(): Tensor {
    return this.viewOp('clone');
  }
  /** Copies src into this tensor (broadcasting src, converting its dtype). */
  copy_(src: Tensor): this {
    native.copy(this.handle, src.handle);
    return this;
  }
  /** Converted to dtype; the same tensor when it already has that dtype (unless copy is set). */
  /**
   * PyTorch's Tensor.to: to(dtype), to(device), to(device, dtype), to(other) (its device and dtype),
   * or to({ device, dtype }); options: copy (always a new tensor), nonBlocking (an asynchronous
   * host<->device copy when the host memory is pinned).
   */
  to(target: DType | DeviceLike | Tensor | ToOptions, dtypeOrOptions?: DType | ToOptions, maybeOptions: ToOptions = {}): Tensor {
    let o: ToOptions;
    if (target instanceof Tensor) o = { ...asOptions(dtypeOrOptions), device: target.device, dtype: target.dtype };
    else if (typeof target === 'object' && !(target instanceof Device)) o = target;
    // a string is a dtype unless it names a device ('cpu', 'cuda', 'cuda:1')
    else if (typeof target === 'string' && !/^(cpu|cuda)(:|$)/.test(target)) o = { ...asOptions(dtypeOrOptions), dtype: target as DType };
    else {
      o = typeof dtypeOrOptions === 'string' ? { ...maybeOptions, dtype: dtypeOrOptions } : { ...asOptions(dtypeOrOptions) };
      o.device = target;
    }
    let r: Tensor = this;
    if (o.device !== undefined) r = r.toDevice(device(o.device), o.nonBlocking ?? false, (o.copy ?? false) && o.dtype === undefined);
    if (o.dtype !== undefined) {
      const h = native.to(r.handle, dtypeCode(o.dtype), (o.copy ?? false) && r === this);
      const converted = h === r.handle ? r : new Tensor(h);
      if (r !== this && converted !== r) r.dispose();
      r = converted;
    }
    return r;
  }
  private toDevice(target: Device, nonBlocking: boolean, copy: boolean): Tensor {
    const here = this.meta[6];
    if (target.type === 'cpu') {
      if (here < 0) return copy ? this.clone() : this;
      return new Tensor(deviceLibrary('cuda').toDevice(this.handle, -1, nonBlocking, false));
    }
    const lib = deviceLibrary(target.type);
    const index = lib.resolve(target.index);
    if (here === index && !copy) return this;
    return new Tensor(adoptDeviceHandle(lib.toDevice(this.handle, index, nonBlocking, false)));
  }
  /** A copy in CUDA memory (device: an index or 'cuda:N'; default the current device); this when already there. */
  cuda(deviceIndex?: number | DeviceLike | null, options: { nonBlocking?: boolean } = {}): Tensor {
    const d = deviceIndex === undefined || deviceIndex === null ? new Device('cuda') : typeof deviceIndex === 'number' ? new Device('cuda', deviceIndex) : device(deviceIndex);
    if (d.type !== 'cuda') throw new Error(`Invalid device, must be cuda device, got ${d}`);
    return this.toDevice(d, options.nonBlocking ?? false, false);
  }
  /** A copy in host memory; this when already there. */
  cpu(): Tensor {
    return this.toDevice(new Device('cpu'), false, false);
  }
  /** A copy of this host tensor in page-locked memory, for fast and asynchronous copies to a GPU. */
  pinMemory(): Tensor {
    if (this.isCuda) throw new Error(`cannot pin '${this.device}' memory: only dense CPU tensors can be pinned`);
    const lib = deviceLibrary('cuda');
    if (lib.isPinned(this.handle)) return this;
    return new Tensor(lib.toDevice(this.handle, -1, false, true));
  }
  /** Whether this host tensor's memory is page-locked (false where THC is not loaded). */
  isPinned(): boolean {
    if (this.isCuda) return false;
    const lib = loadedDeviceLibrary('cuda');
    return lib ? lib.isPinned(this.handle) : false;
  }
  float(): Tensor {
    return this.to('float32');
  }
  double(): Tensor {
    return this.to('float64');
  }
  half(): Tensor {
    return this.to('float16');
  }
  bfloat16(): Tensor {
    return this.to('bfloat16');
  }
  long(): Tensor {
    return this.to('int64');
  }
  int(): Tensor {
    return this.to('int32');
  }
  short(): Tensor {
    return this.to('int16');
  }
  char(): Tensor {
    return this.to('int8');
  }
  byte(): Tensor {
    return this.to('uint8');
  }
  bool(): Tensor {
    return this.to('bool');
  }
  fill_(value: Scalar): this {
    native.fill(this.handle, Number(value));
    return this;
  }
  zero_(): this {
    return this.fill_(0);
  }

  // ---- elementwise math with extra arguments ----
  private binaryOp(op: number, other: TensorOrScalar, out: Tensor | undefined, alpha?: number): Tensor {
    const h = native.binary(op, this.handle, handleOf(other), outHandle(out), alpha);
    return out ? out.touched() : new Tensor(h);
  }
  add(other: TensorOrScalar, options?: AlphaOptions): Tensor {
    return this.binaryOp(BINARY.add, other, options?.out, options?.alpha);
  }
  sub(other: TensorOrScalar, options?: AlphaOptions): Tensor {
    return this.binaryOp(BINARY.sub, other, options?.out, options?.alpha);
  }
  add_(other: TensorOrScalar, options?: { alpha?: number }): Tensor {
    return this.binaryOp(BINARY.add, other, this, options?.alpha);
  }
  sub_(other: TensorOrScalar, options?: { alpha?: number }): Tensor {
    return this.binaryOp(BINARY.sub, other, this, options?.alpha);
  }
  /** True division, or rounded with roundingMode 'trunc' / 'floor' (then integer dtypes stay integral). */
  div(other: TensorOrScalar, options?: DivOptions): Tensor {
    return this.binaryOp(divCode(options?.roundingMode), other, options?.out);
  }
  div_(other: TensorOrScalar, options?: { roundingMode?: 'trunc' | 'floor' | null }): Tensor {
    return this.binaryOp(divCode(options?.roundingMode), other, this);
  }
  floorDivide(other: TensorOrScalar, options?: OutOptions): Tensor {
    return this.binaryOp(DIV_FLOOR, other, options?.out);
  }
  trueDivide(other: TensorOrScalar, options?: OutOptions): Tensor {
    return this.div(other, options);
  }
  clamp(min?: TensorOrScalar | null, max?: TensorOrScalar | null, options?: OutOptions): Tensor {
    const out = options?.out;
    const h = native.ternary(TERNARY.clamp, this.handle, min == null ? null : handleOf(min), max == null ? null : handleOf(max), outHandle(out));
    return out ? out.touched() : new Tensor(h);
  }
  clamp_(min?: TensorOrScalar | null, max?: TensorOrScalar | null): Tensor {
    return this.clamp(min, max, { out: this });
  }
  clip(min?: TensorOrScalar | null, max?: TensorOrScalar | null, options?: OutOptions): Tensor {
    return this.clamp(min, max, options);
  }
  clampMin(min: TensorOrScalar): Tensor {
    return this.clamp(min, null);
  }
  clampMax(max: TensorOrScalar): Tensor {
    return this.clamp(null, max);
  }
  private ternaryOp(kind: number, b: TensorOrScalar, c: TensorOrScalar, out: Tensor | undefined, value?: number): Tensor {
    const h = native.ternary(kind, this.handle, handleOf(b), handleOf(c), outHandle(out), value);
    return out ? out.touched() : new Tensor(h);
  }
  /** this + weight * (end - this). */
  lerp(end: Tensor, weight: TensorOrScalar, options?: OutOptions): Tensor {
    return this.ternaryOp(TERNARY.lerp, end, weight, options?.out);
  }
  lerp_(end: Tensor, weight: TensorOrScalar): Tensor {
    return this.ternaryOp(TERNARY.lerp, end, weight, this);
  }
  /** this + value * tensor1 * tensor2. */
  addcmul(tensor1: TensorOrScalar, tensor2: TensorOrScalar, options?: { value?: number; out?: Tensor }): Tensor {
    return this.ternaryOp(TERNARY.addcmul, tensor1, tensor2, options?.out, options?.value ?? 1);
  }
  addcmul_(tensor1: TensorOrScalar, tensor2: TensorOrScalar, options?: { value?: number }): Tensor {
    return this.ternaryOp(TERNARY.addcmul, tensor1, tensor2, this, options?.value ?? 1);
  }
  /** this + value * tensor1 / tensor2. */
  addcdiv(tensor1: TensorOrScalar, tensor2: TensorOrScalar, options?: { value?: number; out?: Tensor }): Tensor {
    return this.ternaryOp(TERNARY.addcdiv, tensor1, tensor2, options?.out, options?.value ?? 1);
  }
  addcdiv_(tensor1: TensorOrScalar, tensor2: TensorOrScalar, options?: { value?: number }): Tensor {
    return this.ternaryOp(TERNARY.addcdiv, tensor1, tensor2, this, options?.value ?? 1);
  }
  /** condition ? this : other, elementwise. */
  where(condition: Tensor, other: TensorOrScalar, options?: OutOptions): Tensor {
    const out = options?.out;
    const h = native.ternary(TERNARY.where, condition.handle, this.handle, handleOf(other), outHandle(out));
    return out ? out.touched() : new Tensor(h);
  }
  nanToNum(options: { nan?: number; posinf?: number; neginf?: number; out?: Tensor } = {}): Tensor {
    const out = options.out;
    const h = native.nanToNum(this.handle, options.nan ?? 0, options.posinf ?? null, options.neginf ?? null, outHandle(out));
    return out ? out.touched() : new Tensor(h);
  }
  nanToNum_(options: { nan?: number; posinf?: number; neginf?: number } = {}): Tensor {
    return this.nanToNum({ ...options, out: this });
  }

  // ---- printing ----
  toString(): string {
    return formatTensor(this);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function divCode(mode: 'trunc' | 'floor' | null | undefined): number {
  if (mode == null) return BINARY.div;
  if (mode === 'trunc') return DIV_TRUNC;
  if (mode === 'floor') return DIV_FLOOR;
  throw new TypeError(`div expected rounding_mode to be one of null, 'trunc', or 'floor' but found '${String(mode)}'`);
}

const ARRAY_TYPES = {
  bool: Uint8Array,
  uint8: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;

// The unary and binary method families come from the op tables (ops.ts), not from one method each.
type Methods = Record<string, (this: Tensor, ...args: never[]) => Tensor>;
const proto = Tensor.prototype as unknown as Methods;
for (const name of UNARY_OPS) {
  const op = UNARY[name];
  proto[name] = function (this: Tensor, options?: OutOptions): Tensor {
    const out = options?.out;
    const h = native.unary(op, this.handle, outHandle(out));
    return out ? (out as unknown as { touched(): Tensor }).touched() : new Tensor(h);
  };
  if (!NO_INPLACE.has(name)) {
    proto[`${name}_`] = function (this: Tensor): Tensor {
      native.unary(op, this.handle, this.handle);
      return this;
    };
  }
}
for (const name of BINARY_OPS) {
  if (name === 'add' || name === 'sub' || name === 'div') continue; // have extra options, defined above
  const op = BINARY[name];
  proto[name] = function (this: Tensor, other: TensorOrScalar, options?: OutOptions): Tensor {
    return (this as unknown as { binaryOp(o: number, x: TensorOrScalar, out?: Tensor): Tensor }).binaryOp(op, other, options?.out);
  };
  proto[`${name}_`] = function (this: Tensor, other: TensorOrScalar): Tensor {
    native.binary(op, this.handle, handleOf(other), this.handle);
    return this;
  };
}

