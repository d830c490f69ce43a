// Reductions and scans (sum, mean, max, var, norm, cumsum, ...): Tensor methods and function forms.
// Every op runs in libTH (THReduce.h) on one reduction iterator; this file only sorts arguments.
import { DType, dtypeCode } from './dtype';
import { Handle, native } from './native';
import { Tensor, ValuesIndices, outHandle, wrapResult } from './tensor';

/** One dim or several (negative dims count from the end). */
export type Dims = number | readonly number[];

export interface ReduceOptions {
  keepdim?: boolean;
  out?: Tensor;
}
export interface DtypeReduceOptions extends ReduceOptions {
  /** the input is converted to this dtype before reducing; the result has it */
  dtype?: DType;
}
export interface VarOptions extends ReduceOptions {
  /** Bessel's correction: divide by N - correction (default 1) */
  correction?: number;
  /** PyTorch's older flag: true is correction 1, false correction 0 */
  unbiased?: boolean;
}
export interface NormOptions extends ReduceOptions {
  dtype?: DType;
}
export interface ScanOptions {
  dtype?: DType;
  out?: Tensor;
}
/** out= for ops with two results, in PyTorch's order. */
export interface PairOut {
  out?: [Tensor, Tensor];
}
/** aminmax: PyTorch's (min, max). */
export interface MinMax {
  min: Tensor;
  max: Tensor;
}
export type NormOrder = number | 'fro' | 'nuc';

type NDims = number | number[] | null;

declare module './native' {
  interface Native {
    reduce(op: string, h: Handle, dims: NDims, keepdim: boolean, dtype: number | null, out: Handle | null): Handle;
    reduceDim(op: 'max' | 'min', h: Handle, dim: number, keepdim: boolean, values: Handle | null, indices: Handle | null): [Handle, Handle];
    reduceArg(op: 'argmax' | 'argmin', h: Handle, dim: number | null, keepdim: boolean, out: Handle | null): Handle;
    reduceAminmax(h: Handle, dim: number | null, keepdim: boolean, min: Handle | null, max: Handle | null): [Handle, Handle];
    reduceMoments(
      op: 'var' | 'std' | 'var_mean' | 'std_mean',
      h: Handle,
      dims: NDims,
      correction: number,
      keepdim: boolean,
      out0: Handle | null,
      out1: Handle | null,
    ): Handle | [Handle, Handle];
    reduceNorm(h: Handle, p: number, dims: NDims, keepdim: boolean, dtype: number | null, out: Handle | null): Handle;
    reduceCum(op: 'cumsum' | 'cumprod', h: Handle, dim: number, dtype: number | null, out: Handle | null): Handle;
    reduceCumExt(op: 'cummax' | 'cummin', h: Handle, dim: number, values: Handle | null, indices: Handle | null): [Handle, Handle];
  }
}

declare module './tensor' {
  interface Tensor {
    /** Sum over dims (all when omitted); integer and bool inputs give int64. */
    sum(dim?: Dims | null | DtypeReduceOptions, keepdim?: boolean | DtypeReduceOptions, options?: DtypeReduceOptions): Tensor;
    /** sum treating NaN as zero */
    nansum(dim?: Dims | null | DtypeReduceOptions, keepdim?: boolean | DtypeReduceOptions, options?: DtypeReduceOptions): Tensor;
    /** Mean over dims; floating inputs (or a floating dtype) only. */
    mean(dim?: Dims | null | DtypeReduceOptions, keepdim?: boolean | DtypeReduceOptions, options?: DtypeReduceOptions): Tensor;
    /** mean of the non-NaN elements */
    nanmean(dim?: Dims | null | DtypeReduceOptions, keepdim?: boolean | DtypeReduceOptions, options?: DtypeReduceOptions): Tensor;
    /** Product over one dim, or of every element. */
    prod(dim?: number | null | DtypeReduceOptions, keepdim?: boolean | DtypeReduceOptions, options?: DtypeReduceOptions): Tensor;
    /** The maximum over dims (NaN propagates). */
    amax(dim?: Dims | null | ReduceOptions, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor;
    amin(dim?: Dims | null | ReduceOptions, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor;
    /** max() of every element; max(dim) gives { values, indices }; max(other) is maximum(other). */
    max(): Tensor;
    max(dim: number, keepdim?: boolean | PairOut, options?: PairOut): ValuesIndices;
    max(other: Tensor, options?: { out?: Tensor }): Tensor;
    min(): Tensor;
    min(dim: number, keepdim?: boolean | PairOut, options?: PairOut): ValuesIndices;
    min(other: Tensor, options?: { out?: Tensor }): Tensor;
    /** The index of the first maximum along dim, or in the flattened tensor. */
    argmax(dim?: number | null | ReduceOptions, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor;
    argmin(dim?: number | null | ReduceOptions, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor;
    aminmax(options?: { dim?: number | null; keepdim?: boolean; out?: [Tensor, Tensor] }): MinMax;
    /** Variance over dims with Bessel's correction (default 1). */
    var(dim?: Dims | null | boolean | VarOptions, unbiased?: boolean | VarOptions, keepdim?: boolean | VarOptions, options?: VarOptions): Tensor;
    std(dim?: Dims | null | boolean | VarOptions, unbiased?: boolean | VarOptions, keepdim?: boolean | VarOptions, options?: VarOptions): Tensor;
    /** [var, mean] */
    varMean(dim?: Dims | null | boolean | VarOptions, unbiased?: boolean | VarOptions, keepdim?: boolean | VarOptions, options?: VarOptions): [Tensor, Tensor];
    /** [std, mean] */
    stdMean(dim?: Dims | null | boolean | VarOptions, unbiased?: boolean | VarOptions, keepdim?: boolean | VarOptions, options?: VarOptions): [Tensor, Tensor];
    /** The vector p-norm over dims (default p 2, 'fro' is 2; 'nuc' is not supported). */
    norm(p?: NormOrder | null | NormOptions, dim?: Dims | null | NormOptions, keepdim?: boolean | NormOptions, options?: NormOptions): Tensor;
    /** log(sum(exp(x))) over dims, computed stably. */
    logsumexp(dim: Dims, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor;
    /** true where every element along dim (or all) is nonzero; uint8 inputs give uint8 */
    all(dim?: number | null | ReduceOptions, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor;
    any(dim?: number | null | ReduceOptions, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor;
    /** int64 count of nonzero elements over dims */
    countNonzero(dim?: Dims | null): Tensor;
    cumsum(dim: number, options?: ScanOptions): Tensor;
    cumsum_(dim: number, options?: { dtype?: DType }): Tensor;
    cumprod(dim: number, options?: ScanOptions): Tensor;
    cumprod_(dim: number, options?: { dtype?: DType }): Tensor;
    /** running maximum along dim and where it was reached */
    cummax(dim: number, options?: PairOut): ValuesIndices;
    cummin(dim: number, options?: PairOut): ValuesIndices;
  }
}

// ---- argument sorting ----

const isOptions = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tensor);

function dimsArg(d: unknown): NDims {
  if (d === undefined || d === null) return null;
  if (Array.isArray(d)) return [...(d as number[])];
  return d as number;
}

/** (dim?, keepdim?, options?) where options may come at any position after the dim. */
function sortArgs<O extends { keepdim?: boolean }>(dim: unknown, keepdim: unknown, options: O | undefined): { dims: NDims; keepdim: boolean; o: O } {
  if (isOptions(dim)) return { dims: null, keepdim: (dim as O).keepdim ?? false, o: dim as O };
  if (isOptions(keepdim)) return { dims: dimsArg(dim), keepdim: (keepdim as O).keepdim ?? false, o: keepdim as O };
  const o = (options ?? {}) as O;
  if (keepdim !== undefined && typeof keepdim !== 'boolean') throw new TypeError(`expected keepdim to be a boolean, got ${String(keepdim)}`);
  return { dims: dimsArg(dim), keepdim: (keepdim as boolean | undefined) ?? o.keepdim ?? false, o };
}

const dtypeArg = (d: DType | undefined): number | null => (d === undefined || d === null ? null : dtypeCode(d));

function pair(hs: [Handle, Handle] | Handle, out: [Tensor, Tensor] | undefined): [Tensor, Tensor] {
  const [a, b] = hs as [Handle, Handle];
  if (out) return [out[0].touched(), out[1].touched()];
  return [new Tensor(a), new Tensor(b)];
}

function pairOut(out: unknown, op: string): [Tensor, Tensor] | undefined {
  if (out === undefined || out === null) return undefined;
  if (!Array.isArray(out) || out.length !== 2) throw new TypeError(`${op}: expected out to be a pair of tensors [values, indices]`);
  return out as [Tensor, Tensor];
}
const pairHandles = (out: [Tensor, Tensor] | undefined): [Handle | null, Handle | null] =>
  out ? [outHandle(out[0]), outHandle(out[1])] : [null, null];

function reduceOp(op: string, self: Tensor, dim: unknown, keepdim: unknown, options: DtypeReduceOptions | undefined): Tensor {
  const { dims, keepdim: k, o } = sortArgs(dim, keepdim, options);
  return wrapResult(native.reduce(op, self.handle, dims, k, dtypeArg(o.dtype), outHandle(o.out)), o.out);
}

/** var-family arguments: (dim?, unbiased?, keepdim?, options?) or (unbiased, options?) */
function varArgs(op: string, a: unknown[]): { dims: NDims; correction: number; keepdim: boolean; o: VarOptions } {
  let o: VarOptions = {};
  const pos: unknown[] = [];
  for (const v of a) {
    if (isOptions(v)) {
      o = v as VarOptions;
      break;
    }
    pos.push(v);
  }
  let dims: NDims = null;
  let unbiased: boolean | undefined = o.unbiased;
  let keepdim = o.keepdim ?? false;
  if (typeof pos[0] === 'boolean') {
    unbiased = pos[0];
  } else {
    dims = dimsArg(pos[0]);
    if (pos[1] !== undefined) unbiased = pos[1] as boolean;
    if (pos[2] !== undefined) keepdim = pos[2] as boolean;
  }
  if (o.correction !== undefined && unbiased !== undefined)
    throw new TypeError(`${op}: cannot pass both correction and unbiased arguments`);
  const correction = o.correction ?? (unbiased === false ? 0 : 1);
  return { dims, correction, keepdim, o };
}

function momentsOp(op: 'var' | 'std', self: Tensor, a: unknown[]): Tensor {
  const { dims, correction, keepdim, o } = varArgs(op, a);
  return wrapResult(native.reduceMoments(op, self.handle, dims, correction, keepdim, outHandle(o.out), null) as Handle, o.out);
}
function momentsPair(op: 'var_mean' | 'std_mean', self: Tensor, a: unknown[]): [Tensor, Tensor] {
  const { dims, correction, keepdim, o } = varArgs(op, a);
  const out = pairOut((o as { out?: unknown }).out, op);
  const [h0, h1] = pairHandles(out);
  return pair(native.reduceMoments(op, self.handle, dims, correction, keepdim, h0, h1), out);
}

function normOrder(p: NormOrder | null | undefined): number {
  if (p === undefined || p === null || p === 'fro') return 2;
  if (p === 'nuc') throw new Error("norm: p='nuc' (the nuclear norm) is not supported; use p = 2 or 'fro' for the vector 2-norm");
  if (typeof p !== 'number') throw new TypeError(`norm: expected p to be a number, 'fro' or 'nuc', got ${String(p)}`);
  return p;
}

function extremum(op: 'max' | 'min', self: Tensor, a: unknown[]): Tensor | ValuesIndices {
  if (a.length === 0 || a[0] === undefined) return wrapResult(native.reduce(op, self.handle, null, false, null, null));
  if (a[0] instanceof Tensor) {
    const o = (a[1] ?? {}) as { out?: Tensor };
    return op === 'max' ? self.maximum(a[0], o) : self.minimum(a[0], o);
  }
  if (typeof a[0] !== 'number') throw new TypeError(`${op}: expected dim to be a number or other to be a Tensor, got ${String(a[0])}`);
  const { keepdim, o } = sortArgs<PairOut & { keepdim?: boolean }>(a[0], a[1], a[2] as PairOut | undefined);
  const out = pairOut(o.out, op);
  const [h0, h1] = pairHandles(out);
  const [values, indices] = pair(native.reduceDim(op, self.handle, a[0], keepdim, h0, h1), out);
  return { values, indices };
}

function argOp(op: 'argmax' | 'argmin', self: Tensor, dim: unknown, keepdim: unknown, options: ReduceOptions | undefined): Tensor {
  const { dims, keepdim: k, o } = sortArgs(dim, keepdim, options);
  if (Array.isArray(dims)) throw new TypeError(`${op}: expected dim to be a number, got an array`);
  return wrapResult(native.reduceArg(op, self.handle, dims as number | null, k, outHandle(o.out)), o.out);
}

function cumExt(op: 'cummax' | 'cummin', self: Tensor, dim: number, options?: PairOut): ValuesIndices {
  const out = pairOut(options?.out, op);
  const [h0, h1] = pairHandles(out);
  const [values, indices] = pair(native.reduceCumExt(op, self.handle, dim, h0, h1), out);
  return { values, indices };
}

// ---- methods ----

type Proto = Record<string, unknown>;
const proto = Tensor.prototype as unknown as Proto;

for (const op of ['sum', 'nansum', 'mean', 'nanmean', 'prod', 'amax', 'amin', 'all', 'any'] as const) {
  proto[op] = function (this: Tensor, dim?: unknown, keepdim?: unknown, options?: DtypeReduceOptions): Tensor {
    return reduceOp(op, this, dim, keepdim, options);
  };
}
Tensor.prototype.max = function (this: Tensor, ...a: unknown[]) {
  return extremum('max', this, a);
} as Tensor['max'];
Tensor.prototype.min = function (this: Tensor, ...a: unknown[]) {
  return extremum('min', this, a);
} as Tensor['min'];
Tensor.prototype.argmax = function (this: Tensor, dim?: unknown, keepdim?: unknown, options?: ReduceOptions): Tensor {
  return argOp('argmax', this, dim, keepdim, options);
};
Tensor.prototype.argmin = function (this: Tensor, dim?: unknown, keepdim?: unknown, options?: ReduceOptions): Tensor {
  return argOp('argmin', this, dim, keepdim, options);
};
Tensor.prototype.aminmax = function (this: Tensor, options: { dim?: number | null; keepdim?: boolean; out?: [Tensor, Tensor] } = {}): MinMax {
  const out = pairOut(options.out, 'aminmax');
  const [h0, h1] = pairHandles(out);
  const [min, max] = pair(native.reduceAminmax(this.handle, options.dim ?? null, options.keepdim ?? false, h0, h1), out);
  return { min, max };
};
Tensor.prototype.var = function (this: Tensor, ...a: unknown[]): Tensor {
  return momentsOp('var', this, a);
};
Tensor.prototype.std = function (this: Tensor, ...a: unknown[]): Tensor {
  return momentsOp('std', this, a);
};
Tensor.prototype.varMean = function (this: Tensor, ...a: unknown[]): [Tensor, Tensor] {
  return momentsPair('var_mean', this, a);
};
Tensor.prototype.stdMean = function (this: Tensor, ...a: unknown[]): [Tensor, Tensor] {
  return momentsPair('std_mean', this, a);
};
Tensor.prototype.norm = function (this: Tensor, p?: unknown, dim?: unknown, keepdim?: unknown, options?: NormOptions): Tensor {
  if (isOptions(p)) return this.norm(null, null, p as NormOptions);
  const { dims, keepdim: k, o } = sortArgs(dim, keepdim, options);
  const order = normOrder(p as NormOrder | null | undefined);
  return wrapResult(native.reduceNorm(this.handle, order, dims, k, dtypeArg(o.dtype), outHandle(o.out)), o.out);
};
Tensor.prototype.logsumexp = function (this: Tensor, dim: Dims, keepdim?: unknown, options?: ReduceOptions): Tensor {
  if (dim === undefined || dim === null || isOptions(dim)) throw new TypeError('logsumexp: expected dim to be a number or an array of numbers');
  return reduceOp('logsumexp', this, dim, keepdim, options);
};
Tensor.prototype.countNonzero = function (this: Tensor, dim?: Dims | null): Tensor {
  return wrapResult(native.reduce('count_nonzero', this.handle, dimsArg(dim), false, null, null));
};
Tensor.prototype.cumsum = function (this: Tensor, dim: number, options: ScanOptions = {}): Tensor {
  return wrapResult(native.reduceCum('cumsum', this.handle, dim, dtypeArg(options.dtype), outHandle(options.out)), options.out);
};
Tensor.prototype.cumsum_ = function (this: Tensor, dim: number, options: { dtype?: DType } = {}): Tensor {
  native.reduceCum('cumsum', this.handle, dim, dtypeArg(options.dtype), this.handle);
  return this.touched();
};
Tensor.prototype.cumprod = function (this: Tensor, dim: number, options: ScanOptions = {}): Tensor {
  return wrapResult(native.reduceCum('cumprod', this.handle, dim, dtypeArg(options.dtype), outHandle(options.out)), options.out);
};
Tensor.prototype.cumprod_ = function (this: Tensor, dim: number, options: { dtype?: DType } = {}): Tensor {
  native.reduceCum('cumprod', this.handle, dim, dtypeArg(options.dtype), this.handle);
  return this.touched();
};
Tensor.prototype.cummax = function (this: Tensor, dim: number, options?: PairOut): ValuesIndices {
  return cumExt('cummax', this, dim, options);
};
Tensor.prototype.cummin = function (this: Tensor, dim: number, options?: PairOut): ValuesIndices {
  return cumExt('cummin', this, dim, options);
};

// ---- function forms: torch.sum(x, ...) is x.sum(...) ----

type DimReduce = (input: Tensor, dim?: Dims | null | DtypeReduceOptions, keepdim?: boolean | DtypeReduceOptions, options?: DtypeReduceOptions) => Tensor;
export const sum: DimReduce = (input, dim, keepdim, options) => input.sum(dim, keepdim, options);
export const nansum: DimReduce = (input, dim, keepdim, options) => input.nansum(dim, keepdim, options);
export const mean: DimReduce = (input, dim, keepdim, options) => input.mean(dim, keepdim, options);
export const nanmean: DimReduce = (input, dim, keepdim, options) => input.nanmean(dim, keepdim, options);
export function prod(input: Tensor, dim?: number | null | DtypeReduceOptions, keepdim?: boolean | DtypeReduceOptions, options?: DtypeReduceOptions): Tensor {
  return input.prod(dim, keepdim, options);
}
export function amax(input: Tensor, dim?: Dims | null | ReduceOptions, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor {
  return input.amax(dim, keepdim, options);
}
export function amin(input: Tensor, dim?: Dims | null | ReduceOptions, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor {
  return input.amin(dim, keepdim, options);
}
export function max(input: Tensor): Tensor;
export function max(input: Tensor, dim: number, keepdim?: boolean | PairOut, options?: PairOut): ValuesIndices;
export function max(input: Tensor, other: Tensor, options?: { out?: Tensor }): Tensor;
export function max(input: Tensor, ...a: unknown[]): Tensor | ValuesIndices {
  return extremum('max', input, a);
}
export function min(input: Tensor): Tensor;
export function min(input: Tensor, dim: number, keepdim?: boolean | PairOut, options?: PairOut): ValuesIndices;
export function min(input: Tensor, other: Tensor, options?: { out?: Tensor }): Tensor;
export function min(input: Tensor, ...a: unknown[]): Tensor | ValuesIndices {
  return extremum('min', input, a);
}
export function argmax(input: Tensor, dim?: number | null | ReduceOptions, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor {
  return input.argmax(dim, keepdim, options);
}
export function argmin(input: Tensor, dim?: number | null | ReduceOptions, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor {
  return input.argmin(dim, keepdim, options);
}
export function aminmax(input: Tensor, options?: { dim?: number | null; keepdim?: boolean; out?: [Tensor, Tensor] }): MinMax {
  return input.aminmax(options);
}
type VarFn<R> = (input: Tensor, dim?: Dims | null | boolean | VarOptions, unbiased?: boolean | VarOptions, keepdim?: boolean | VarOptions, options?: VarOptions) => R;
export const var_: VarFn<Tensor> = (input, ...a) => input.var(...a);
export { var_ as var };
export const std: VarFn<Tensor> = (input, ...a) => input.std(...a);
export const varMean: VarFn<[Tensor, Tensor]> = (input, ...a) => input.varMean(...a);
export const stdMean: VarFn<[Tensor, Tensor]> = (input, ...a) => input.stdMean(...a);
export function norm(input: Tensor, p?: NormOrder | null | NormOptions, dim?: Dims | null | NormOptions, keepdim?: boolean | NormOptions, options?: NormOptions): Tensor {
  return input.norm(p, dim, keepdim, options);
}
export function logsumexp(input: Tensor, dim: Dims, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor {
  return input.logsumexp(dim, keepdim, options);
}
export function all(input: Tensor, dim?: number | null | ReduceOptions, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor {
  return input.all(dim, keepdim, options);
}
export function any(input: Tensor, dim?: number | null | ReduceOptions, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor {
  return input.any(dim, keepdim, options);
}
export function countNonzero(input: Tensor, dim?: Dims | null): Tensor {
  return input.countNonzero(dim);
}
export function cumsum(input: Tensor, dim: number, options?: ScanOptions): Tensor {
  return input.cumsum(dim, options);
}
export function cumprod(input: Tensor, dim: number, options?: ScanOptions): Tensor {
  return input.cumprod(dim, options);
}
export function cummax(input: Tensor, dim: number, options?: PairOut): ValuesIndices {
  return input.cummax(dim, options);
}
export function cummin(input: Tensor, dim: number, options?: PairOut): ValuesIndices {
  return input.cummin(dim, options);
}
