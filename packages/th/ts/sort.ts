// Sorting, selection and search (sort, topk, unique, searchsorted, median, ...): methods and function forms.
import { dtypeCode } from './dtype';
import { Handle, native } from './native';
import { Tensor, ValuesIndices, outHandle, wrapResult, wrapResults } from './tensor';

type Operand = Handle | number;

/** A tensor's handle; anything else goes through for the addon to reject by name. */
const handleArg = (t: Tensor | null | undefined): Handle | null =>
  t === undefined || t === null ? null : t instanceof Tensor ? t.handle : (t as unknown as Handle);

declare module './native' {
  interface Native {
    sort(h: Handle, dim: number, descending: boolean, stable: boolean, outV: Handle | null, outI: Handle | null): Handle[];
    argsort(h: Handle, dim: number, descending: boolean, stable: boolean): Handle;
    topk(h: Handle, k: number, dim: number, largest: boolean, sorted: boolean, outV: Handle | null, outI: Handle | null): Handle[];
    kthvalue(h: Handle, k: number, dim: number, keepdim: boolean, outV: Handle | null, outI: Handle | null): Handle[];
    median(h: Handle, dim: number | null, keepdim: boolean, ignoreNan: boolean, outV: Handle | null, outI: Handle | null): Handle[] | Handle;
    mode(h: Handle, dim: number, keepdim: boolean, outV: Handle | null, outI: Handle | null): Handle[];
    quantile(h: Handle, q: Operand, dim: number | null, keepdim: boolean, interpolation: string, ignoreNan: boolean, out: Handle | null): Handle;
    unique(h: Handle, sorted: boolean, returnInverse: boolean, returnCounts: boolean, dim: number | null, consecutive: boolean): Handle[];
    searchsorted(seq: Handle, values: Operand, outInt32: boolean, right: boolean, sorter: Handle | null, out: Handle | null): Handle;
    bucketize(input: Operand, boundaries: Handle, outInt32: boolean, right: boolean, out: Handle | null): Handle;
    histc(h: Handle, bins: number, min: number, max: number, out: Handle | null): Handle;
    bincount(h: Handle, weights: Handle | null, minlength: number): Handle;
  }
}

/** out= of a (values, indices) op: an object or a [values, indices] pair. */
export type ValuesIndicesOut = ValuesIndices | [Tensor, Tensor];

export interface SortOptions {
  dim?: number;
  descending?: boolean;
  /** Ties keep their input order (TypeTorch's sorts are always stable). */
  stable?: boolean;
  out?: ValuesIndicesOut;
}
export interface TopkOptions {
  out?: ValuesIndicesOut;
}
export interface SortOutOptions {
  out?: ValuesIndicesOut;
}
export type QuantileInterpolation = 'linear' | 'lower' | 'higher' | 'midpoint' | 'nearest';
export interface QuantileOptions {
  interpolation?: QuantileInterpolation;
  out?: Tensor;
}
export interface UniqueOptions {
  sorted?: boolean;
  returnInverse?: boolean;
  returnCounts?: boolean;
  dim?: number | null;
}
export interface UniqueConsecutiveOptions {
  returnInverse?: boolean;
  returnCounts?: boolean;
  dim?: number | null;
}
export interface SearchsortedOptions {
  outInt32?: boolean;
  right?: boolean;
  side?: 'left' | 'right';
  sorter?: Tensor;
  out?: Tensor;
}
export interface BucketizeOptions {
  outInt32?: boolean;
  right?: boolean;
  out?: Tensor;
}

type WithInverse = { returnInverse: true };
type WithCounts = { returnCounts: true };

declare module './tensor' {
  interface Tensor {
    /** Sorted values and their indices along dim (default -1); NaN sorts last (first descending). */
    sort(dim?: number | SortOptions, descending?: boolean, options?: SortOptions): ValuesIndices;
    /** The indices that sort the tensor along dim. */
    argsort(dim?: number | SortOptions, descending?: boolean, options?: { stable?: boolean }): Tensor;
    /** Sorted along dim 0 (values only). */
    msort(options?: { out?: Tensor }): Tensor;
    /** The k largest (largest=false: smallest) elements along dim, and their indices. */
    topk(k: number, dim?: number, largest?: boolean, sorted?: boolean, options?: TopkOptions): ValuesIndices;
    /** The k-th smallest element (1-based) along dim, and its index. */
    kthvalue(k: number, dim?: number, keepdim?: boolean, options?: SortOutOptions): ValuesIndices;
    /** The lower median of all elements (0-d), or along dim with its index. */
    median(): Tensor;
    median(dim: number, keepdim?: boolean, options?: SortOutOptions): ValuesIndices;
    /** median ignoring NaN. */
    nanmedian(): Tensor;
    nanmedian(dim: number, keepdim?: boolean, options?: SortOutOptions): ValuesIndices;
    /** The most frequent value along dim (the smallest on a tie) and the last index where it occurs. */
    mode(dim?: number, keepdim?: boolean, options?: SortOutOptions): ValuesIndices;
    /** The q-th quantiles (q a number or a 1-d tensor) of all elements, or along dim. */
    quantile(q: number | Tensor, dim?: number | null, keepdim?: boolean, options?: QuantileOptions): Tensor;
    /** quantile ignoring NaN. */
    nanquantile(q: number | Tensor, dim?: number | null, keepdim?: boolean, options?: QuantileOptions): Tensor;
    /** The distinct elements (sorted); with returnInverse / returnCounts, [output, inverse?, counts?] as in PyTorch. */
    unique(options: UniqueOptions & WithInverse & WithCounts): [Tensor, Tensor, Tensor];
    unique(options: UniqueOptions & (WithInverse | WithCounts)): [Tensor, Tensor];
    unique(options?: UniqueOptions & { returnInverse?: false; returnCounts?: false }): Tensor;
    unique(options?: UniqueOptions): Tensor | Tensor[];
    /** Collapses consecutive equal elements (or slices along dim). */
    uniqueConsecutive(options: UniqueConsecutiveOptions & WithInverse & WithCounts): [Tensor, Tensor, Tensor];
    uniqueConsecutive(options: UniqueConsecutiveOptions & (WithInverse | WithCounts)): [Tensor, Tensor];
    uniqueConsecutive(options?: UniqueConsecutiveOptions & { returnInverse?: false; returnCounts?: false }): Tensor;
    uniqueConsecutive(options?: UniqueConsecutiveOptions): Tensor | Tensor[];
    /** Histogram with `bins` equal bins over [min, max] (min == max: the data's range). */
    histc(bins?: number, min?: number, max?: number, options?: { out?: Tensor }): Tensor;
    /** Counts of each non-negative integer (or sums of weights). */
    bincount(weights?: Tensor | null, minlength?: number): Tensor;
  }
}

function outPair(out: ValuesIndicesOut | undefined): [Handle | null, Handle | null] {
  if (out === undefined || out === null) return [null, null];
  const [v, i] = Array.isArray(out) ? out : [out.values, out.indices];
  return [outHandle(v), outHandle(i)];
}

function pairResult(hs: Handle[], out: ValuesIndicesOut | undefined): ValuesIndices {
  if (out) {
    const [v, i] = Array.isArray(out) ? out : [out.values, out.indices];
    return { values: v.touched(), indices: i.touched() };
  }
  const [values, indices] = wrapResults(hs);
  return { values, indices };
}

function sortArgs(dim: number | SortOptions | undefined, descending: boolean | undefined, options: SortOptions | undefined): SortOptions {
  if (typeof dim === 'object' && dim !== null) return { ...dim, ...options };
  return { ...options, dim: dim ?? options?.dim, descending: descending ?? options?.descending };
}

const proto = Tensor.prototype;

proto.sort = function (this: Tensor, dim?: number | SortOptions, descending?: boolean, options?: SortOptions): ValuesIndices {
  const o = sortArgs(dim, descending, options);
  const [ov, oi] = outPair(o.out);
  return pairResult(native.sort(this.handle, o.dim ?? -1, o.descending ?? false, o.stable ?? false, ov, oi), o.out);
};

proto.argsort = function (this: Tensor, dim?: number | SortOptions, descending?: boolean, options?: { stable?: boolean }): Tensor {
  const o = sortArgs(dim, descending, options);
  return new Tensor(native.argsort(this.handle, o.dim ?? -1, o.descending ?? false, o.stable ?? false));
};

proto.msort = function (this: Tensor, options?: { out?: Tensor }): Tensor {
  const out = options?.out;
  const hs = native.sort(this.handle, 0, false, true, out ? out.handle : null, out ? native.empty(dtypeCode('int64'), [0]) : null);
  if (out) {
    native.dispose(hs[1]);
    return out.touched();
  }
  const [values, indices] = wrapResults(hs);
  indices.dispose();
  return values;
};

proto.topk = function (this: Tensor, k: number, dim = -1, largest = true, sorted = true, options?: TopkOptions): ValuesIndices {
  const [ov, oi] = outPair(options?.out);
  return pairResult(native.topk(this.handle, k, dim, largest, sorted, ov, oi), options?.out);
};

proto.kthvalue = function (this: Tensor, k: number, dim = -1, keepdim = false, options?: SortOutOptions): ValuesIndices {
  const [ov, oi] = outPair(options?.out);
  return pairResult(native.kthvalue(this.handle, k, dim, keepdim, ov, oi), options?.out);
};

function medianImpl(t: Tensor, ignoreNan: boolean, dim?: number, keepdim?: boolean, options?: SortOutOptions): Tensor | ValuesIndices {
  if (dim === undefined || dim === null) return new Tensor(native.median(t.handle, null, false, ignoreNan, null, null) as Handle);
  const [ov, oi] = outPair(options?.out);
  return pairResult(native.median(t.handle, dim, keepdim ?? false, ignoreNan, ov, oi) as Handle[], options?.out);
}

(proto as { median: unknown }).median = function (this: Tensor, dim?: number, keepdim?: boolean, options?: SortOutOptions) {
  return medianImpl(this, false, dim, keepdim, options);
};
(proto as { nanmedian: unknown }).nanmedian = function (this: Tensor, dim?: number, keepdim?: boolean, options?: SortOutOptions) {
  return medianImpl(this, true, dim, keepdim, options);
};

proto.mode = function (this: Tensor, dim = -1, keepdim = false, options?: SortOutOptions): ValuesIndices {
  const [ov, oi] = outPair(options?.out);
  return pairResult(native.mode(this.handle, dim, keepdim, ov, oi), options?.out);
};

function quantileImpl(t: Tensor, q: number | Tensor, dim: number | null | undefined, keepdim: boolean | undefined, options: QuantileOptions | undefined, ignoreNan: boolean): Tensor {
  const out = options?.out;
  const qa: Operand = q instanceof Tensor ? q.handle : q;
  const h = native.quantile(t.handle, qa, dim ?? null, keepdim ?? false, options?.interpolation ?? 'linear', ignoreNan, outHandle(out));
  return wrapResult(h, out);
}
proto.quantile = function (this: Tensor, q: number | Tensor, dim?: number | null, keepdim?: boolean, options?: QuantileOptions): Tensor {
  return quantileImpl(this, q, dim, keepdim, options, false);
};
proto.nanquantile = function (this: Tensor, q: number | Tensor, dim?: number | null, keepdim?: boolean, options?: QuantileOptions): Tensor {
  return quantileImpl(this, q, dim, keepdim, options, true);
};

function uniqueImpl(t: Tensor, o: UniqueOptions, consecutive: boolean): Tensor | Tensor[] {
  const inv = o.returnInverse ?? false;
  const counts = o.returnCounts ?? false;
  const rs = wrapResults(native.unique(t.handle, o.sorted ?? true, inv, counts, o.dim ?? null, consecutive));
  return inv || counts ? rs : rs[0];
}
(proto as { unique: unknown }).unique = function (this: Tensor, options: UniqueOptions = {}): Tensor | Tensor[] {
  return uniqueImpl(this, options, false);
};
(proto as { uniqueConsecutive: unknown }).uniqueConsecutive = function (this: Tensor, options: UniqueConsecutiveOptions = {}): Tensor | Tensor[] {
  return uniqueImpl(this, options, true);
};

proto.histc = function (this: Tensor, bins = 100, min = 0, max = 0, options?: { out?: Tensor }): Tensor {
  const out = options?.out;
  return wrapResult(native.histc(this.handle, bins, min, max, outHandle(out)), out);
};

proto.bincount = function (this: Tensor, weights?: Tensor | null, minlength = 0): Tensor {
  return new Tensor(native.bincount(this.handle, handleArg(weights), minlength));
};

// ---- function forms ----

export function sort(input: Tensor, dim?: number | SortOptions, descending?: boolean, options?: SortOptions): ValuesIndices {
  return input.sort(dim, descending, options);
}
export function argsort(input: Tensor, dim?: number | SortOptions, descending?: boolean, options?: { stable?: boolean }): Tensor {
  return input.argsort(dim, descending, options);
}
export function msort(input: Tensor, options?: { out?: Tensor }): Tensor {
  return input.msort(options);
}
export function topk(input: Tensor, k: number, dim?: number, largest?: boolean, sorted?: boolean, options?: TopkOptions): ValuesIndices {
  return input.topk(k, dim, largest, sorted, options);
}
export function kthvalue(input: Tensor, k: number, dim?: number, keepdim?: boolean, options?: SortOutOptions): ValuesIndices {
  return input.kthvalue(k, dim, keepdim, options);
}
export function median(input: Tensor): Tensor;
export function median(input: Tensor, dim: number, keepdim?: boolean, options?: SortOutOptions): ValuesIndices;
export function median(input: Tensor, dim?: number, keepdim?: boolean, options?: SortOutOptions): Tensor | ValuesIndices {
  return medianImpl(input, false, dim, keepdim, options);
}
export function nanmedian(input: Tensor): Tensor;
export function nanmedian(input: Tensor, dim: number, keepdim?: boolean, options?: SortOutOptions): ValuesIndices;
export function nanmedian(input: Tensor, dim?: number, keepdim?: boolean, options?: SortOutOptions): Tensor | ValuesIndices {
  return medianImpl(input, true, dim, keepdim, options);
}
export function mode(input: Tensor, dim?: number, keepdim?: boolean, options?: SortOutOptions): ValuesIndices {
  return input.mode(dim, keepdim, options);
}
export function quantile(input: Tensor, q: number | Tensor, dim?: number | null, keepdim?: boolean, options?: QuantileOptions): Tensor {
  return input.quantile(q, dim, keepdim, options);
}
export function nanquantile(input: Tensor, q: number | Tensor, dim?: number | null, keepdim?: boolean, options?: QuantileOptions): Tensor {
  return input.nanquantile(q, dim, keepdim, options);
}
export function unique(input: Tensor, options: UniqueOptions & WithInverse & WithCounts): [Tensor, Tensor, Tensor];
export function unique(input: Tensor, options: UniqueOptions & (WithInverse | WithCounts)): [Tensor, Tensor];
export function unique(input: Tensor, options?: UniqueOptions & { returnInverse?: false; returnCounts?: false }): Tensor;
export function unique(input: Tensor, options?: UniqueOptions): Tensor | Tensor[];
export function unique(input: Tensor, options: UniqueOptions = {}): Tensor | Tensor[] {
  return uniqueImpl(input, options, false);
}
export function uniqueConsecutive(input: Tensor, options: UniqueConsecutiveOptions & WithInverse & WithCounts): [Tensor, Tensor, Tensor];
export function uniqueConsecutive(input: Tensor, options: UniqueConsecutiveOptions & (WithInverse | WithCounts)): [Tensor, Tensor];
export function uniqueConsecutive(input: Tensor, options?: UniqueConsecutiveOptions & { returnInverse?: false; returnCounts?: false }): Tensor;
export function uniqueConsecutive(input: Tensor, options?: UniqueConsecutiveOptions): Tensor | Tensor[];
export function uniqueConsecutive(input: Tensor, options: UniqueConsecutiveOptions = {}): Tensor | Tensor[] {
  return uniqueImpl(input, options, true);
}

/** Indices where values would be inserted into the innermost dim of sortedSequence to keep it sorted. */
export function searchsorted(sortedSequence: Tensor, values: Tensor | number, options: SearchsortedOptions = {}): Tensor {
  const { side, right } = options;
  if (side !== undefined && side !== 'left' && side !== 'right')
    throw new Error(`torch.searchsorted(): side can only be 'left' or 'right' but got ${String(side)}`);
  if (side === 'left' && right === true)
    throw new Error("torch.searchsorted(): side and right can't be set to opposites, got side of left while right was True");
  const r = right === true || side === 'right';
  const out = options.out;
  const v: Operand = values instanceof Tensor ? values.handle : values;
  const h = native.searchsorted(sortedSequence.handle, v, options.outInt32 ?? false, r, handleArg(options.sorter), outHandle(out));
  return wrapResult(h, out);
}

/** The bucket of each input element among 1-d boundaries. */
export function bucketize(input: Tensor | number, boundaries: Tensor, options: BucketizeOptions = {}): Tensor {
  const out = options.out;
  const x: Operand = input instanceof Tensor ? input.handle : input;
  return wrapResult(native.bucketize(x, boundaries.handle, options.outInt32 ?? false, options.right ?? false, outHandle(out)), out);
}

export function histc(input: Tensor, bins?: number, min?: number, max?: number, options?: { out?: Tensor }): Tensor {
  return input.histc(bins, min, max, options);
}
export function bincount(input: Tensor, weights?: Tensor | null, minlength?: number): Tensor {
  return input.bincount(weights, minlength);
}
