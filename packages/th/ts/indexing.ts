// Advanced indexing, gather/scatter, masking, joining and splitting: Tensor methods and function forms.
import { Handle, native } from './native';
import { IndexItem, OutOptions, Slice, Tensor, outHandle, wrapResult, wrapResults } from './tensor';

type Operand = Handle | number | boolean;

declare module './native' {
  interface Native {
    ixIndex(h: Handle, indices: (Handle | null)[], out: Handle | null): Handle;
    ixIndexPut(h: Handle, indices: (Handle | null)[], values: Operand, accumulate: boolean): Handle;
    ixIndexSelect(h: Handle, dim: number, index: Handle, out: Handle | null): Handle;
    ixIndexUpdate(kind: number, h: Handle, dim: number, index: Handle, source: Operand, alpha: number | null, out: Handle | null): Handle;
    ixGather(h: Handle, dim: number, index: Handle, out: Handle | null): Handle;
    ixScatter(h: Handle, dim: number, index: Handle, src: Operand, reduce: number, out: Handle | null): Handle;
    ixScatterReduce(h: Handle, dim: number, index: Handle, src: Handle, reduce: number, includeSelf: boolean, out: Handle | null): Handle;
    ixTake(h: Handle, index: Handle, out: Handle | null): Handle;
    ixPut(h: Handle, index: Handle, source: Handle, accumulate: boolean, out: Handle | null): Handle;
    ixMasked(kind: number, h: Handle, mask: Handle, value: Operand | null, out: Handle | null): Handle;
    ixNonzero(h: Handle, out: Handle | null): Handle;
    ixJoin(kind: number, tensors: Handle[], dim: number, out: Handle | null): Handle;
    ixReorder(kind: number, h: Handle, a: number | number[] | null, b: number | number[] | null, c: number | null, out: Handle | null): Handle;
    ixRepeatInterleave(h: Handle | null, repeats: Handle | number, dim: number | null, out: Handle | null): Handle;
    ixSplitViews(kind: number, h: Handle, arg: number | number[] | null, dim: number): Handle[];
  }
}

export type ScatterReduceMode = 'sum' | 'prod' | 'mean' | 'amax' | 'amin';
export type ScatterMode = 'add' | 'multiply';
/** index_put_'s indices: one tensor (or null, a full slice) per leading dim, or index() items. */
export type PutIndices = readonly (Tensor | null)[] | readonly IndexItem[];

const SCATTER_REDUCE: Record<ScatterReduceMode, number> = { sum: 1, prod: 2, mean: 3, amax: 4, amin: 5 };
const opnd = (v: Tensor | number | boolean): Operand => (v instanceof Tensor ? v.handle : v);
const dimList = (dims: number | readonly number[]): number[] => (typeof dims === 'number' ? [dims] : [...dims]);
const flatDims = (args: (number | readonly number[])[]): number[] =>
  args.length === 1 && Array.isArray(args[0]) ? [...(args[0] as number[])] : (args as number[]);

declare module './tensor' {
  interface Tensor {
    indexPut_(indices: PutIndices, values: Tensor | number | boolean, options?: { accumulate?: boolean }): Tensor;
    indexPut(indices: PutIndices, values: Tensor | number | boolean, options?: { accumulate?: boolean }): Tensor;
    indexSelect(dim: number, index: Tensor, options?: OutOptions): Tensor;
    indexAdd(dim: number, index: Tensor, source: Tensor, options?: { alpha?: number; out?: Tensor }): Tensor;
    indexAdd_(dim: number, index: Tensor, source: Tensor, options?: { alpha?: number }): Tensor;
    indexCopy(dim: number, index: Tensor, source: Tensor, options?: OutOptions): Tensor;
    indexCopy_(dim: number, index: Tensor, source: Tensor): Tensor;
    indexFill(dim: number, index: Tensor, value: Tensor | number | boolean, options?: OutOptions): Tensor;
    indexFill_(dim: number, index: Tensor, value: Tensor | number | boolean): Tensor;
    gather(dim: number, index: Tensor, options?: OutOptions): Tensor;
    scatter(dim: number, index: Tensor, src: Tensor | number | boolean, options?: { reduce?: ScatterMode; out?: Tensor }): Tensor;
    scatter_(dim: number, index: Tensor, src: Tensor | number | boolean, options?: { reduce?: ScatterMode }): Tensor;
    scatterAdd(dim: number, index: Tensor, src: Tensor, options?: OutOptions): Tensor;
    scatterAdd_(dim: number, index: Tensor, src: Tensor): Tensor;
    scatterReduce(dim: number, index: Tensor, src: Tensor, reduce: ScatterReduceMode, options?: { includeSelf?: boolean; out?: Tensor }): Tensor;
    scatterReduce_(dim: number, index: Tensor, src: Tensor, reduce: ScatterReduceMode, options?: { includeSelf?: boolean }): Tensor;
    take(index: Tensor, options?: OutOptions): Tensor;
    takeAlongDim(indices: Tensor, dim?: number | null, options?: OutOptions): Tensor;
    put_(index: Tensor, source: Tensor, options?: { accumulate?: boolean }): Tensor;
    put(index: Tensor, source: Tensor, options?: { accumulate?: boolean }): Tensor;
    maskedFill(mask: Tensor, value: Tensor | number | boolean): Tensor;
    maskedFill_(mask: Tensor, value: Tensor | number | boolean): Tensor;
    maskedSelect(mask: Tensor, options?: OutOptions): Tensor;
    maskedScatter(mask: Tensor, source: Tensor): Tensor;
    maskedScatter_(mask: Tensor, source: Tensor): Tensor;
    nonzero(options?: { asTuple?: false; out?: Tensor }): Tensor;
    nonzero(options: { asTuple: true }): Tensor[];
    argwhere(): Tensor;
    split(splitSizeOrSections: number | readonly number[], dim?: number): Tensor[];
    chunk(chunks: number, dim?: number): Tensor[];
    tensorSplit(indicesOrSections: number | readonly number[] | Tensor, dim?: number): Tensor[];
    unbind(dim?: number): Tensor[];
    flip(...dims: (number | readonly number[])[]): Tensor;
    fliplr(): Tensor;
    flipud(): Tensor;
    roll(shifts: number | readonly number[], dims?: number | readonly number[] | null): Tensor;
    rot90(k?: number, dims?: readonly number[]): Tensor;
    repeat(...repeats: (number | readonly number[])[]): Tensor;
    repeatInterleave(repeats: number | Tensor, dim?: number | null, options?: OutOptions): Tensor;
    tile(...dims: (number | readonly number[])[]): Tensor;
    narrowCopy(dim: number, start: number, length: number, options?: OutOptions): Tensor;
  }
}

type P = Tensor;
const proto = Tensor.prototype;

/** index() items (numbers, slices, null, '...', tensors) -> the view they select and the per-dim tensor list. */
function putTarget(self: Tensor, indices: PutIndices): { view: Tensor; list: (Handle | null)[] } {
  const plain = indices.every((i) => i === null || i instanceof Tensor);
  if (plain) return { view: self, list: (indices as (Tensor | null)[]).map((t) => (t ? t.handle : null)) };
  const items = indices as IndexItem[];
  // basic items make a view of self (writes go through it); tensors stay per dim
  const width = (i: IndexItem): number =>
    i === null || i === '...' ? 0 : i instanceof Tensor ? (i.dtype === 'bool' || i.dtype === 'uint8' ? i.ndim : 1) : 1;
  const consumed = items.reduce((n: number, i) => n + width(i), 0);
  if (items.filter((i) => i === '...').length > 1) throw new Error('index: an index can only have a single ellipsis (...)');
  if (consumed > self.ndim) throw new RangeError(`index: too many indices for tensor of dimension ${self.ndim} (got ${consumed})`);
  let view = self;
  let dim = 0;
  const list: (Handle | null)[] = [];
  for (const item of items) {
    if (item === '...') {
      for (let k = 0; k < self.ndim - consumed; k++) list.push(null);
      dim += self.ndim - consumed;
    } else if (item === null) {
      view = view.unsqueeze(dim++);
      list.push(null);
    } else if (item instanceof Slice) {
      view = view.slice(dim++, item.start, item.end, item.step);
      list.push(null);
    } else if (item instanceof Tensor) {
      list.push(item.handle);
      dim += width(item);
    } else if (typeof item === 'number') view = view.select(dim, item);
    else throw new TypeError(`index: unsupported index ${String(item)}`);
  }
  return { view, list };
}

proto.indexPut_ = function (this: P, indices: PutIndices, values: Tensor | number | boolean, options?: { accumulate?: boolean }): Tensor {
  if (!Array.isArray(indices)) throw new TypeError('index_put_: expected indices to be an array of tensors (or null) or index items');
  const { view, list } = putTarget(this, indices);
  native.ixIndexPut(view.handle, list, opnd(values), options?.accumulate ?? false);
  if (view !== this) view.dispose();
  return this.touched();
};
proto.indexPut = function (this: P, indices: PutIndices, values: Tensor | number | boolean, options?: { accumulate?: boolean }): Tensor {
  return this.clone().indexPut_(indices, values, options);
};
proto.indexSelect = function (this: P, dim: number, index: Tensor, options?: OutOptions): Tensor {
  const out = options?.out;
  return wrapResult(native.ixIndexSelect(this.handle, dim, index.handle, outHandle(out)), out);
};
const indexUpdate = (kind: number, self: Tensor, dim: number, index: Tensor, src: Tensor | number | boolean, alpha: number | null, out: Tensor | undefined): Tensor =>
  wrapResult(native.ixIndexUpdate(kind, self.handle, dim, index.handle, opnd(src), alpha, outHandle(out)), out);
proto.indexAdd = function (this: P, dim: number, index: Tensor, source: Tensor, options?: { alpha?: number; out?: Tensor }): Tensor {
  return indexUpdate(0, this, dim, index, source, options?.alpha ?? 1, options?.out);
};
proto.indexAdd_ = function (this: P, dim: number, index: Tensor, source: Tensor, options?: { alpha?: number }): Tensor {
  return indexUpdate(0, this, dim, index, source, options?.alpha ?? 1, this);
};
proto.indexCopy = function (this: P, dim: number, index: Tensor, source: Tensor, options?: OutOptions): Tensor {
  return indexUpdate(1, this, dim, index, source, null, options?.out);
};
proto.indexCopy_ = function (this: P, dim: number, index: Tensor, source: Tensor): Tensor {
  return indexUpdate(1, this, dim, index, source, null, this);
};
proto.indexFill = function (this: P, dim: number, index: Tensor, value: Tensor | number | boolean, options?: OutOptions): Tensor {
  return indexUpdate(2, this, dim, index, value, null, options?.out);
};
proto.indexFill_ = function (this: P, dim: number, index: Tensor, value: Tensor | number | boolean): Tensor {
  return indexUpdate(2, this, dim, index, value, null, this);
};

proto.gather = function (this: P, dim: number, index: Tensor, options?: OutOptions): Tensor {
  const out = options?.out;
  return wrapResult(native.ixGather(this.handle, dim, index.handle, outHandle(out)), out);
};
function scatterReduceCode(reduce: ScatterMode | undefined): number {
  if (reduce === undefined || reduce === null) return 0;
  if (reduce === 'add') return 1;
  if (reduce === 'multiply') return 2;
  throw new Error(`reduce argument must be either add or multiply, but got '${String(reduce)}'.`);
}
proto.scatter = function (this: P, dim: number, index: Tensor, src: Tensor | number | boolean, options?: { reduce?: ScatterMode; out?: Tensor }): Tensor {
  const out = options?.out;
  return wrapResult(native.ixScatter(this.handle, dim, index.handle, opnd(src), scatterReduceCode(options?.reduce), outHandle(out)), out);
};
proto.scatter_ = function (this: P, dim: number, index: Tensor, src: Tensor | number | boolean, options?: { reduce?: ScatterMode }): Tensor {
  return this.scatter(dim, index, src, { reduce: options?.reduce, out: this });
};
proto.scatterAdd = function (this: P, dim: number, index: Tensor, src: Tensor, options?: OutOptions): Tensor {
  if (!(src instanceof Tensor)) throw new TypeError('scatter_add: expected src to be a Tensor');
  return this.scatter(dim, index, src, { reduce: 'add', out: options?.out });
};
proto.scatterAdd_ = function (this: P, dim: number, index: Tensor, src: Tensor): Tensor {
  return this.scatterAdd(dim, index, src, { out: this });
};
function reduceCode(reduce: ScatterReduceMode): number {
  const c = SCATTER_REDUCE[reduce];
  if (c === undefined) throw new Error(`reduce argument must be either sum, prod, mean, amax or amin, but got '${String(reduce)}'.`);
  return c;
}
proto.scatterReduce = function (this: P, dim: number, index: Tensor, src: Tensor, reduce: ScatterReduceMode, options?: { includeSelf?: boolean; out?: Tensor }): Tensor {
  const out = options?.out;
  const h = native.ixScatterReduce(this.handle, dim, index.handle, src.handle, reduceCode(reduce), options?.includeSelf ?? true, outHandle(out));
  return wrapResult(h, out);
};
proto.scatterReduce_ = function (this: P, dim: number, index: Tensor, src: Tensor, reduce: ScatterReduceMode, options?: { includeSelf?: boolean }): Tensor {
  return this.scatterReduce(dim, index, src, reduce, { includeSelf: options?.includeSelf, out: this });
};

proto.take = function (this: P, index: Tensor, options?: OutOptions): Tensor {
  const out = options?.out;
  return wrapResult(native.ixTake(this.handle, index.handle, outHandle(out)), out);
};
proto.takeAlongDim = function (this: P, indices: Tensor, dim?: number | null, options?: OutOptions): Tensor {
  if (dim === undefined || dim === null) {
    const flat = this.reshape([-1]);
    const r = flat.take(indices.reshape([-1]), options);
    return r;
  }
  if (this.ndim !== indices.ndim)
    throw new Error(
      `torch.take_along_dim(): input and indices should have the same number of dimensions, but got ${this.ndim} dimensions for input, and ${indices.ndim} dimensions for indices`,
    );
  if (indices.dtype !== 'int64')
    throw new Error(`torch.take_along_dim(): dtype of indices should be Long but got ${indices.dtype}`);
  const n = Math.max(this.ndim, 1);
  const d = dim < 0 ? dim + n : dim;
  if (!Number.isInteger(dim) || d < 0 || d >= n)
    throw new RangeError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  // broadcast every dim but `dim`
  const a = this.shape;
  const b = indices.shape;
  const sa = [...a];
  const sb = [...b];
  for (let i = 0; i < a.length; i++) {
    if (i === d) continue;
    if (a[i] !== b[i] && a[i] !== 1 && b[i] !== 1)
      throw new Error(
        `The size of tensor a (${a[i]}) must match the size of tensor b (${b[i]}) at non-singleton dimension ${i} (shapes [${a}] and [${b}])`,
      );
    sa[i] = sb[i] = Math.max(a[i], b[i]);
  }
  return this.expand(sa).gather(d, indices.expand(sb), options);
};
proto.put_ = function (this: P, index: Tensor, source: Tensor, options?: { accumulate?: boolean }): Tensor {
  native.ixPut(this.handle, index.handle, source.handle, options?.accumulate ?? false, this.handle);
  return this.touched();
};
proto.put = function (this: P, index: Tensor, source: Tensor, options?: { accumulate?: boolean }): Tensor {
  return new Tensor(native.ixPut(this.handle, index.handle, source.handle, options?.accumulate ?? false, null));
};

proto.maskedFill = function (this: P, mask: Tensor, value: Tensor | number | boolean): Tensor {
  return new Tensor(native.ixMasked(0, this.handle, mask.handle, opnd(value), null));
};
proto.maskedFill_ = function (this: P, mask: Tensor, value: Tensor | number | boolean): Tensor {
  native.ixMasked(0, this.handle, mask.handle, opnd(value), this.handle);
  return this;
};
proto.maskedSelect = function (this: P, mask: Tensor, options?: OutOptions): Tensor {
  const out = options?.out;
  return wrapResult(native.ixMasked(1, this.handle, mask.handle, null, outHandle(out)), out);
};
proto.maskedScatter = function (this: P, mask: Tensor, source: Tensor): Tensor {
  return new Tensor(native.ixMasked(2, this.handle, mask.handle, source.handle, null));
};
proto.maskedScatter_ = function (this: P, mask: Tensor, source: Tensor): Tensor {
  native.ixMasked(2, this.handle, mask.handle, source.handle, this.handle);
  return this;
};
function nonzeroImpl(this: P, options?: { asTuple?: boolean; out?: Tensor }): Tensor | Tensor[] {
  if (options?.asTuple) {
    // PyTorch: a 0-d input counts as a 1-element vector
    const src = this.ndim === 0 ? this.reshape([1]) : this;
    return new Tensor(native.ixNonzero(src.handle, null)).unbind(1);
  }
  const out = options?.out;
  return wrapResult(native.ixNonzero(this.handle, outHandle(out)), out);
}
(proto as unknown as { nonzero: typeof nonzeroImpl }).nonzero = nonzeroImpl;
proto.argwhere = function (this: P): Tensor {
  return this.nonzero();
};

const splitViews = (kind: number, t: Tensor, arg: number | number[] | null, dim: number): Tensor[] =>
  wrapResults(native.ixSplitViews(kind, t.handle, arg, dim));
proto.split = function (this: P, splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  return typeof splitSizeOrSections === 'number'
    ? splitViews(0, this, splitSizeOrSections, dim)
    : splitViews(1, this, [...splitSizeOrSections], dim);
};
proto.chunk = function (this: P, chunks: number, dim = 0): Tensor[] {
  return splitViews(2, this, chunks, dim);
};
proto.tensorSplit = function (this: P, indicesOrSections: number | readonly number[] | Tensor, dim = 0): Tensor[] {
  if (indicesOrSections instanceof Tensor) {
    const t = indicesOrSections;
    if (t.dtype !== 'int64')
      throw new Error(`tensor_split expected tensor_indices_or_sections to have dtype of long, but got ${t.dtype}`);
    if (t.ndim > 1)
      throw new Error(`tensor_split expected tensor_indices_or_sections to be a zero-dimensional or one-dimensional tensor, but got a tensor with ${t.ndim} dims`);
    if (t.ndim === 0) return splitViews(3, this, t.item() as number, dim);
    return splitViews(4, this, (t.toArray() as number[]).map(Number), dim);
  }
  return typeof indicesOrSections === 'number'
    ? splitViews(3, this, indicesOrSections, dim)
    : splitViews(4, this, [...indicesOrSections], dim);
};
proto.unbind = function (this: P, dim = 0): Tensor[] {
  return splitViews(5, this, null, dim);
};

proto.flip = function (this: P, ...dims: (number | readonly number[])[]): Tensor {
  return new Tensor(native.ixReorder(0, this.handle, flatDims(dims), null, null, null));
};
proto.fliplr = function (this: P): Tensor {
  if (this.ndim < 2) throw new Error('Input must be >= 2-d.');
  return this.flip([1]);
};
proto.flipud = function (this: P): Tensor {
  if (this.ndim < 1) throw new Error('Input must be >= 1-d.');
  return this.flip([0]);
};
proto.roll = function (this: P, shifts: number | readonly number[], dims?: number | readonly number[] | null): Tensor {
  return new Tensor(native.ixReorder(1, this.handle, dimList(shifts), dims === undefined || dims === null ? null : dimList(dims), null, null));
};
proto.rot90 = function (this: P, k = 1, dims: readonly number[] = [0, 1]): Tensor {
  return new Tensor(native.ixReorder(2, this.handle, k, [...dims], null, null));
};
proto.repeat = function (this: P, ...repeats: (number | readonly number[])[]): Tensor {
  return new Tensor(native.ixReorder(3, this.handle, flatDims(repeats), null, null, null));
};
proto.repeatInterleave = function (this: P, repeats: number | Tensor, dim?: number | null, options?: OutOptions): Tensor {
  const out = options?.out;
  const r = repeats instanceof Tensor ? repeats.handle : repeats;
  return wrapResult(native.ixRepeatInterleave(this.handle, r, dim ?? null, outHandle(out)), out);
};
proto.tile = function (this: P, ...dims: (number | readonly number[])[]): Tensor {
  const reps = flatDims(dims);
  const padded = reps.length < this.ndim ? [...Array(this.ndim - reps.length).fill(1), ...reps] : reps;
  return this.repeat(padded);
};
proto.narrowCopy = function (this: P, dim: number, start: number, length: number, options?: OutOptions): Tensor {
  const out = options?.out;
  return wrapResult(native.ixReorder(4, this.handle, dim, start, length, outHandle(out)), out);
};

// ---- function forms ----

export const indexSelect = (input: Tensor, dim: number, index: Tensor, options?: OutOptions): Tensor => input.indexSelect(dim, index, options);
export const indexAdd = (input: Tensor, dim: number, index: Tensor, source: Tensor, options?: { alpha?: number; out?: Tensor }): Tensor =>
  input.indexAdd(dim, index, source, options);
export const indexCopy = (input: Tensor, dim: number, index: Tensor, source: Tensor, options?: OutOptions): Tensor =>
  input.indexCopy(dim, index, source, options);
export const indexFill = (input: Tensor, dim: number, index: Tensor, value: Tensor | number | boolean, options?: OutOptions): Tensor =>
  input.indexFill(dim, index, value, options);
export const indexPut = (input: Tensor, indices: PutIndices, values: Tensor | number | boolean, options?: { accumulate?: boolean }): Tensor =>
  input.indexPut(indices, values, options);
export const indexPut_ = (input: Tensor, indices: PutIndices, values: Tensor | number | boolean, options?: { accumulate?: boolean }): Tensor =>
  input.indexPut_(indices, values, options);
export const gather = (input: Tensor, dim: number, index: Tensor, options?: OutOptions): Tensor => input.gather(dim, index, options);
export const scatter = (input: Tensor, dim: number, index: Tensor, src: Tensor | number | boolean, options?: { reduce?: ScatterMode; out?: Tensor }): Tensor =>
  input.scatter(dim, index, src, options);
export const scatterAdd = (input: Tensor, dim: number, index: Tensor, src: Tensor, options?: OutOptions): Tensor =>
  input.scatterAdd(dim, index, src, options);
export const scatterReduce = (
  input: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor,
  reduce: ScatterReduceMode,
  options?: { includeSelf?: boolean; out?: Tensor },
): Tensor => input.scatterReduce(dim, index, src, reduce, options);
export const take = (input: Tensor, index: Tensor, options?: OutOptions): Tensor => input.take(index, options);
export const takeAlongDim = (input: Tensor, indices: Tensor, dim?: number | null, options?: OutOptions): Tensor =>
  input.takeAlongDim(indices, dim, options);
export const put = (input: Tensor, index: Tensor, source: Tensor, options?: { accumulate?: boolean }): Tensor => input.put(index, source, options);
export const maskedFill = (input: Tensor, mask: Tensor, value: Tensor | number | boolean): Tensor => input.maskedFill(mask, value);
export const maskedSelect = (input: Tensor, mask: Tensor, options?: OutOptions): Tensor => input.maskedSelect(mask, options);
export const maskedScatter = (input: Tensor, mask: Tensor, source: Tensor): Tensor => input.maskedScatter(mask, source);
export function nonzero(input: Tensor, options?: { asTuple?: false; out?: Tensor }): Tensor;
export function nonzero(input: Tensor, options: { asTuple: true }): Tensor[];
export function nonzero(input: Tensor, options?: { asTuple?: boolean; out?: Tensor }): Tensor | Tensor[] {
  return options?.asTuple ? input.nonzero({ asTuple: true }) : input.nonzero({ out: options?.out });
}
export const argwhere = (input: Tensor): Tensor => input.argwhere();
const joinHandles = (tensors: readonly Tensor[], op: string): Handle[] => {
  if (!Array.isArray(tensors)) throw new TypeError(`${op}: expected an array of tensors`);
  return tensors.map((t) => {
    if (!(t instanceof Tensor)) throw new TypeError(`${op}: expected an array of tensors, but found ${String(t)}`);
    return t.handle;
  });
};
/** Concatenates along dim (PyTorch's dtype promotion; 1-d empty tensors are skipped). */
export function cat(tensors: readonly Tensor[], dim = 0, options?: OutOptions): Tensor {
  const out = options?.out;
  return wrapResult(native.ixJoin(0, joinHandles(tensors, 'cat'), dim, outHandle(out)), out);
}
export const concat = cat;
export const concatenate = cat;
export function stack(tensors: readonly Tensor[], dim = 0, options?: OutOptions): Tensor {
  const out = options?.out;
  return wrapResult(native.ixJoin(1, joinHandles(tensors, 'stack'), dim, outHandle(out)), out);
}
const atleast = (t: Tensor, n: number): Tensor => {
  if (t.ndim >= n) return t;
  if (n === 1) return t.reshape([1]);
  if (n === 2) return t.ndim === 0 ? t.reshape([1, 1]) : t.unsqueeze(0);
  return t.ndim === 0 ? t.reshape([1, 1, 1]) : t.ndim === 1 ? t.reshape([1, t.shape[0], 1]) : t.unsqueeze(2);
};
export function atleast1d(t: Tensor): Tensor {
  return atleast(t, 1);
}
export function atleast2d(t: Tensor): Tensor {
  return atleast(t, 2);
}
export function atleast3d(t: Tensor): Tensor {
  return atleast(t, 3);
}
export function hstack(tensors: readonly Tensor[], options?: OutOptions): Tensor {
  const ts = tensors.map((t) => atleast(t, 1));
  return cat(ts, ts.length && ts[0].ndim === 1 ? 0 : 1, options);
}
export function vstack(tensors: readonly Tensor[], options?: OutOptions): Tensor {
  return cat(tensors.map((t) => atleast(t, 2)), 0, options);
}
export const rowStack = vstack;
export function dstack(tensors: readonly Tensor[], options?: OutOptions): Tensor {
  return cat(tensors.map((t) => atleast(t, 3)), 2, options);
}
export function columnStack(tensors: readonly Tensor[], options?: OutOptions): Tensor {
  return hstack(tensors.map((t) => (t.ndim <= 1 ? t.reshape([-1, 1]) : t)), options);
}
export const split = (input: Tensor, splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] => input.split(splitSizeOrSections, dim);
export const chunk = (input: Tensor, chunks: number, dim = 0): Tensor[] => input.chunk(chunks, dim);
export const tensorSplit = (input: Tensor, indicesOrSections: number | readonly number[] | Tensor, dim = 0): Tensor[] =>
  input.tensorSplit(indicesOrSections, dim);
export const unbind = (input: Tensor, dim = 0): Tensor[] => input.unbind(dim);
export const flip = (input: Tensor, dims: number | readonly number[]): Tensor => input.flip(dimList(dims));
export const fliplr = (input: Tensor): Tensor => input.fliplr();
export const flipud = (input: Tensor): Tensor => input.flipud();
export const roll = (input: Tensor, shifts: number | readonly number[], dims?: number | readonly number[] | null): Tensor => input.roll(shifts, dims);
export const rot90 = (input: Tensor, k = 1, dims: readonly number[] = [0, 1]): Tensor => input.rot90(k, dims);
/** repeat_interleave(input, repeats, dim) or, with only a tensor of repeats, the indices repeat_interleave(repeats). */
export function repeatInterleave(input: Tensor, repeats?: number | Tensor, dim?: number | null, options?: OutOptions): Tensor {
  const out = options?.out;
  if (repeats === undefined) return wrapResult(native.ixRepeatInterleave(null, input.handle, null, outHandle(out)), out);
  return input.repeatInterleave(repeats, dim, options);
}
export const tile = (input: Tensor, dims: readonly number[]): Tensor => input.tile(dims);
export const narrowCopy = (input: Tensor, dim: number, start: number, length: number, options?: OutOptions): Tensor =>
  input.narrowCopy(dim, start, length, options);
/** Coordinate grids (views of the 1-d inputs, expanded): indexing 'ij' (default) or 'xy'. */
export function meshgrid(tensors: readonly Tensor[], options?: { indexing?: 'ij' | 'xy' }): Tensor[] {
  const indexing = options?.indexing ?? 'ij';
  if (indexing !== 'ij' && indexing !== 'xy')
    throw new Error(`torch.meshgrid: indexing must be one of "xy" or "ij", but received: ${String(indexing)}`);
  if (!Array.isArray(tensors) || tensors.length === 0) throw new Error('meshgrid expects a non-empty TensorList');
  for (const t of tensors)
    if (t.ndim > 1) throw new Error(`torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: ${t.ndim}D tensor`);
  const dtype = tensors[0].dtype;
  for (const t of tensors)
    if (t.dtype !== dtype) throw new Error('meshgrid expects all tensors to have the same dtype');
  const swap = indexing === 'xy' && tensors.length >= 2;
  const ts = swap ? [tensors[1], tensors[0], ...tensors.slice(2)] : [...tensors];
  const shape = ts.map((t) => t.numel());
  const grids = ts.map((t, i) => {
    const viewShape = shape.map((_, j) => (j === i ? -1 : 1));
    return t.reshape(viewShape).expand(shape);
  });
  if (swap) return [grids[1], grids[0], ...grids.slice(2)];
  return grids;
}
