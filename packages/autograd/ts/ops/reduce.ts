// Reductions and scans with PyTorch's derivatives. Arguments are sorted exactly as TH sorts them
// (positional dim/keepdim or an options object); the backward needs the normalized dims.
import type { DType } from '@typetorch/th';
import type { BackendTensor } from '../backend';
import type { Grads, Node } from '../node';
import { applyInplace, needsGrad, record, wrap } from '../tape';
import { Tensor } from '../tensor';
import { outForm } from './elementwise';
import { normDims, unsqueezeDims } from './grad_utils';

export type Dims = number | readonly number[];
export interface ReduceOptions {
  keepdim?: boolean;
  out?: Tensor;
}
export interface DtypeReduceOptions extends ReduceOptions {
  dtype?: DType;
}
export interface VarOptions extends ReduceOptions {
  correction?: number;
  unbiased?: boolean;
}
export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

/** (dim?, keepdim?, options?) in any of TH's accepted forms. */
function sortArgs<O extends ReduceOptions>(a: unknown, b: unknown, c: unknown): { dim: Dims | null; keepdim: boolean; opts: O } {
  let dim: Dims | null = null;
  let keepdim = false;
  let opts = {} as O;
  const isOpts = (v: unknown): v is O => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isOpts(a)) opts = a;
  else {
    dim = (a as Dims | null | undefined) ?? null;
    if (isOpts(b)) opts = b;
    else {
      keepdim = (b as boolean | undefined) ?? false;
      if (isOpts(c)) opts = c;
    }
  }
  if (opts.keepdim !== undefined) keepdim = opts.keepdim;
  return { dim, keepdim, opts };
}

interface ReduceArgs {
  dims: number[];
  keepdim: boolean;
  shape: number[];
  dtype: DType;
  extra: number;
}

/** Expands a reduced gradient back over the reduced dims. */
function expandBack(g: Tensor, a: ReduceArgs): Tensor {
  return unsqueezeDims(g, a.dims, a.keepdim, a.shape.length).expand(a.shape);
}
/** The reduced result broadcastable against the input again. */
function keep(t: Tensor, a: ReduceArgs): Tensor {
  return unsqueezeDims(t, a.dims, a.keepdim, a.shape.length);
}
function count(a: ReduceArgs): number {
  return a.shape.length === 0 ? 1 : a.dims.reduce((n, d) => n * a.shape[d], 1);
}

const REDUCE_BACKWARD: Record<string, (node: Node, g: Tensor, a: ReduceArgs) => Tensor> = {
  sum: (_n, g, a) => expandBack(g, a).to(a.dtype),
  nansum: (n, g, a) => expandBack(g, a).to(a.dtype).maskedFill(n.savedTensor(0).isnan(), 0),
  mean: (_n, g, a) => expandBack(g, a).div(count(a)).to(a.dtype),
  nanmean: (n, g, a) => {
    const x = n.savedTensor(0);
    const valid = x.isnan().logicalNot();
    // nansum / count: an all-NaN slice gets (g / 0) * 0 = NaN, as in PyTorch
    return expandBack(g, a).div(keep(valid.sum(a.dims, { keepdim: true }), { ...a, keepdim: true })).mul(valid.to(x.dtype));
  },
  // the gradient of an extremum goes to the elements equal to it, shared evenly between ties
  amax: (n, g, a) => evenlyToExtrema(n, g, a),
  // max()/min()/median() of all elements: evenly between the equal elements, or the NaNs when NaN
  evenly: (n, g) => {
    const x = n.savedTensor(0);
    const y = n.savedTensor(1);
    const hits = (Number.isNaN(Number(y.item())) ? x.isnan() : x.eq(y)).to(x.dtype);
    return hits.div(hits.sum()).mul(g);
  },
  amin: (n, g, a) => evenlyToExtrema(n, g, a),
  logsumexp: (n, g, a) => {
    const x = n.savedTensor(0);
    const y = n.savedTensor(1);
    return keep(g, a).mul(x.sub(keep(y, a)).exp());
  },
  norm: (n, g, a) => normBackward(n.savedTensor(0), n.savedTensor(1), keep(g, a), a),
  var: (n, g, a) => {
    const x = n.savedTensor(0);
    const mean = x.mean(a.dims, { keepdim: true });
    return keep(g, a).mul(x.sub(mean)).mul(2 / Math.max(count(a) - a.extra, 0));
  },
  std: (n, g, a) => {
    // var's backward of g / (2 std), taken as 0 where std is 0 (PyTorch's std_backward)
    const x = n.savedTensor(0);
    const y = keep(n.savedTensor(1), a);
    const mean = x.mean(a.dims, { keepdim: true });
    const gVar = keep(g, a).div(y).maskedFill(y.eq(0), 0);
    return gVar.mul(x.sub(mean)).div(Math.max(count(a) - a.extra, 0));
  },
  prod: (n, g, a) => prodBackward(n.savedTensor(0), n.savedTensor(1), g, a),
};

function evenlyToExtrema(n: Node, g: Tensor, a: ReduceArgs): Tensor {
  const x = n.savedTensor(0);
  const y = keep(n.savedTensor(1), a);
  const hits = x.eq(y).to(x.dtype);
  return hits.div(hits.sum(a.dims, { keepdim: true })).mul(keep(g, a));
}

/** d||x||_p: sign(x)|x|^(p-1) / ||x||^(p-1) (p = 2: x/||x||; inf: the extrema, evenly; 0: zero). */
function normBackward(x: Tensor, y: Tensor, g: Tensor, a: ReduceArgs): Tensor {
  const p = a.extra;
  const yk = keep(y, a);
  if (p === 0) return x.mul(0);
  if (p === 1) return x.sign().mul(g);
  if (p === 2) return x.mul(g.div(yk)).maskedFill(yk.eq(0), 0);
  if (p === Infinity || p === -Infinity) {
    const hits = x.abs().eq(yk).to(x.dtype);
    return x.sign().mul(hits).div(hits.sum(a.dims, { keepdim: true })).mul(g);
  }
  const scale = x.abs().pow(p - 2).mul(x).mul(g).div(yk.pow(p - 1));
  return scale.maskedFill(yk.eq(0), 0);
}

/** prod: g * prod / x, with the zeros handled (one zero: the product of the others; two: none). */
function prodBackward(x: Tensor, y: Tensor, g: Tensor, a: ReduceArgs): Tensor {
  const gk = keep(g, a);
  if (a.shape.length === 0) return gk;
  const zeros = x.eq(0);
  if (!zeros.any().item()) return gk.mul(keep(y, a)).div(x);
  // product of the others, for every element: exclusive cumprods from both sides along the dim
  const dims = a.dims;
  if (dims.length !== 1 && dims.length !== a.shape.length) throw new Error('prod backward: expected one dim or all');
  if (dims.length > 1 || a.shape.length === 1) {
    const flat = x.reshape([-1]);
    const others = exclusiveProducts(flat, 0).reshape(a.shape);
    return gk.mul(others);
  }
  return gk.mul(exclusiveProducts(x, dims[0]));
}
/** For every element along dim: the product of the others (exclusive products from both sides). */
function exclusiveProducts(x: Tensor, dim: number): Tensor {
  const n = x.shape[dim];
  if (n === 1) return x.mul(0).add(1);
  const ones = x.narrow(dim, 0, 1).mul(0).add(1);
  const before = ones.cat1(x.narrow(dim, 0, n - 1).cumprod(dim), dim);
  const after = ones.cat1(x.flip([dim]).narrow(dim, 0, n - 1).cumprod(dim), dim).flip([dim]);
  return before.mul(after);
}

/** g in the input's dtype (a dtype option computes the result, and so g, in another). */
const inDtype = (g: Tensor, dtype: DType): Tensor => (g.dtype === dtype ? g : g.to(dtype));

function reduceBackward(node: Node, grads: Grads): Grads {
  const a = node.args as ReduceArgs & { op: string };
  return [inDtype(REDUCE_BACKWARD[a.op](node, grads[0]!, a), a.dtype)];
}

/** A reduction over dims: `run` calls the backend (into `out` when given); records op's backward. */
function reduction(op: string, x: Tensor, dim: Dims | null, keepdim: boolean, out: Tensor | undefined, run: (out?: BackendTensor) => BackendTensor, save: '' | 'x' | 'xy', extra = 0): Tensor {
  if (out !== undefined && out !== null) return outForm(op, [x], out, run);
  const r = wrap(run());
  if (needsGrad([x])) {
    const args = { op, dims: normDims(dim, x.ndim), keepdim, shape: x.shape, dtype: x.dtype, extra };
    const node = record(NODE_NAMES[op], reduceBackward, [x], r, args);
    if (save !== '') node.save(x);
    if (save === 'xy') node.save(r, true);
  }
  return r;
}
type DimsFn = (dim: Dims | null, keepdim: boolean, options: { dtype?: DType; out?: BackendTensor }) => BackendTensor;
const NODE_NAMES: Record<string, string> = {
  sum: 'SumBackward1',
  nansum: 'NansumBackward0',
  mean: 'MeanBackward1',
  nanmean: 'NanmeanBackward0',
  amax: 'AmaxBackward0',
  amin: 'AminBackward0',
  logsumexp: 'LogsumexpBackward0',
  norm: 'NormBackward1',
  var: 'VarBackward0',
  std: 'StdBackward0',
  prod: 'ProdBackward1',
};

/** max/min along a dim: the gradient goes to the index each value came from. */
function selectedBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { dim: number; keepdim: boolean; shape: number[]; dtype: DType };
  const g = grads[0];
  if (g === null || g === undefined) return [null];
  const indices = node.savedTensor(0);
  const n = a.shape.length;
  const d = n === 0 ? 0 : a.dim < 0 ? a.dim + n : a.dim;
  const gk = a.keepdim || n === 0 ? g : g.unsqueeze(d);
  const idx = a.keepdim || n === 0 ? indices : indices.unsqueeze(d);
  return [gk.newZerosLike(a.shape, a.dtype).scatterAdd(n === 0 ? 0 : d, idx, gk)];
}

/** @internal values and indices along dim (max, min, kthvalue, median, mode, cummax, ...). */
export function valuesIndices(name: string, x: Tensor, result: { values: BackendTensor; indices: BackendTensor }, dim: number, keepdim: boolean): ValuesIndices {
  const values = wrap(result.values);
  const indices = wrap(result.indices);
  // (indices saved like an output: modifying them in place before backward is caught)
  if (needsGrad([x])) record(name, selectedBackward, [x], values, { dim, keepdim, shape: x.shape, dtype: x.dtype }).save(indices, true);
  return { values, indices };
}

function scanBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { op: string; dim: number; dtype: DType };
  const g = grads[0]!;
  const d = a.dim;
  if (a.op === 'cumsum') return [inDtype(g.flip([d]).cumsum(d).flip([d]), a.dtype)];
  // cumprod: sum_{j>=i} g_j * y_j / x_i, with zeros handled through exclusive products
  const x = node.savedTensor(0);
  const y = node.savedTensor(1);
  if (!x.eq(0).any().item()) return [inDtype(g.mul(y).flip([d]).cumsum(d).flip([d]).div(x), a.dtype)];
  return [inDtype(cumprodBackwardWithZeros(x, g, d), a.dtype)];
}
/** d cumprod: for each i, sum over j >= i of g_j * prod_{k<=j, k != i} x_k (O(n^2) along dim). */
function cumprodBackwardWithZeros(x: Tensor, g: Tensor, dim: number): Tensor {
  const n = x.shape[dim];
  const parts: Tensor[] = [];
  for (let i = 0; i < n; i++) {
    const ones = x.narrow(dim, i, 1).mul(0).add(1);
    const xi = x.narrow(dim, 0, i).cat1(ones, dim).cat1(x.narrow(dim, i + 1, n - i - 1), dim);
    const prods = xi.cumprod(dim);
    parts.push(g.mul(prods).narrow(dim, i, n - i).sum(dim, { keepdim: true }));
  }
  return parts.reduce((acc, p) => acc.cat1(p, dim));
}

declare module '../tensor' {
  interface Tensor {
    sum(dim?: Dims | null | DtypeReduceOptions, keepdim?: boolean | DtypeReduceOptions, options?: DtypeReduceOptions): Tensor;
    nansum(dim?: Dims | null | DtypeReduceOptions, keepdim?: boolean | DtypeReduceOptions, options?: DtypeReduceOptions): Tensor;
    mean(dim?: Dims | null | DtypeReduceOptions, keepdim?: boolean | DtypeReduceOptions, options?: DtypeReduceOptions): Tensor;
    nanmean(dim?: Dims | null | DtypeReduceOptions, keepdim?: boolean | DtypeReduceOptions, options?: DtypeReduceOptions): Tensor;
    prod(dim?: number | null | DtypeReduceOptions, keepdim?: boolean | DtypeReduceOptions, options?: DtypeReduceOptions): Tensor;
    amax(dim?: Dims | null | ReduceOptions, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor;
    amin(dim?: Dims | null | ReduceOptions, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor;
    max(): Tensor;
    max(dim: number, keepdim?: boolean): ValuesIndices;
    max(other: Tensor, options?: { out?: Tensor }): Tensor;
    min(): Tensor;
    min(dim: number, keepdim?: boolean): ValuesIndices;
    min(other: Tensor, options?: { out?: Tensor }): Tensor;
    argmax(dim?: number | null | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor;
    argmin(dim?: number | null | ReduceOptions, keepdim?: boolean | ReduceOptions): Tensor;
    var(dim?: Dims | null | boolean | VarOptions, unbiased?: boolean | VarOptions, keepdim?: boolean | VarOptions, options?: VarOptions): Tensor;
    std(dim?: Dims | null | boolean | VarOptions, unbiased?: boolean | VarOptions, keepdim?: boolean | VarOptions, options?: VarOptions): Tensor;
    norm(p?: number | 'fro' | null | DtypeReduceOptions, dim?: Dims | null | DtypeReduceOptions, keepdim?: boolean | DtypeReduceOptions, options?: DtypeReduceOptions): Tensor;
    logsumexp(dim: Dims, keepdim?: boolean | ReduceOptions, options?: ReduceOptions): Tensor;
    all(dim?: number | null, keepdim?: boolean): Tensor;
    any(dim?: number | null, keepdim?: boolean): Tensor;
    countNonzero(dim?: Dims | null): Tensor;
    cumsum(dim: number, options?: { dtype?: DType }): Tensor;
    cumprod(dim: number, options?: { dtype?: DType }): Tensor;
    cummax(dim: number): ValuesIndices;
    cummin(dim: number): ValuesIndices;
    /** @internal zeros of shape/dtype on this tensor's device (recorded as nothing) */
    newZerosLike(shape: number[], dtype: DType): Tensor;
    /** @internal cat([this, other], dim), differentiable */
    cat1(other: Tensor, dim: number): Tensor;
  }
}

const proto = Tensor.prototype as unknown as Record<string, unknown>;

for (const op of ['sum', 'nansum', 'mean', 'nanmean', 'amax', 'amin', 'logsumexp']) {
  const save = op === 'sum' || op === 'mean' ? '' : op === 'logsumexp' || op === 'amax' || op === 'amin' ? 'xy' : 'x';
  proto[op] = function (this: Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor {
    const { dim, keepdim, opts } = sortArgs<DtypeReduceOptions>(a, b, c);
    const fn = (this.impl as unknown as Record<string, DimsFn>)[op];
    const dtype = opts.dtype;
    return reduction(op, this, dim, keepdim, opts.out, (out) => fn.call(this.impl, dim, keepdim, { dtype, out }), save as 'x');
  };
}

Object.assign(proto, {
  prod(this: Tensor, a?: unknown, b?: unknown, c?: unknown): Tensor {
    const { dim, keepdim, opts } = sortArgs<DtypeReduceOptions>(a, b, c);
    const dtype = opts.dtype;
    return reduction('prod', this, dim, keepdim, opts.out, (out) => this.impl.prod(dim as number | null, keepdim, { dtype, out }), 'xy');
  },
  max(this: Tensor, a?: unknown, b?: unknown): Tensor | ValuesIndices {
    return extremum(this, 'max', a, b);
  },
  min(this: Tensor, a?: unknown, b?: unknown): Tensor | ValuesIndices {
    return extremum(this, 'min', a, b);
  },
  argmax(this: Tensor, a?: unknown, b?: unknown): Tensor {
    const { dim, keepdim } = sortArgs<ReduceOptions>(a, b, undefined);
    return wrap(this.impl.argmax(dim as number | null, keepdim));
  },
  argmin(this: Tensor, a?: unknown, b?: unknown): Tensor {
    const { dim, keepdim } = sortArgs<ReduceOptions>(a, b, undefined);
    return wrap(this.impl.argmin(dim as number | null, keepdim));
  },
  var(this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown): Tensor {
    return moments('var', this, a, b, c, d);
  },
  std(this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown): Tensor {
    return moments('std', this, a, b, c, d);
  },
  norm(this: Tensor, p?: unknown, a?: unknown, b?: unknown, c?: unknown): Tensor {
    if (p !== null && typeof p === 'object') return this.norm(2, p as DtypeReduceOptions);
    const order = p === undefined || p === null || p === 'fro' ? 2 : (p as number);
    if (typeof order !== 'number') throw new Error(`norm: unsupported order ${String(p)} (use linalg.matrixNorm for 'nuc')`);
    const { dim, keepdim, opts } = sortArgs<DtypeReduceOptions>(a, b, c);
    const dtype = opts.dtype;
    return reduction('norm', this, dim, keepdim, opts.out, (out) => this.impl.norm(order, dim, keepdim, { dtype, out }), 'xy', order);
  },
  all(this: Tensor, dim?: number | null, keepdim?: boolean): Tensor {
    return wrap(this.impl.all(dim, keepdim));
  },
  any(this: Tensor, dim?: number | null, keepdim?: boolean): Tensor {
    return wrap(this.impl.any(dim, keepdim));
  },
  countNonzero(this: Tensor, dim?: Dims | null): Tensor {
    return wrap(this.impl.countNonzero(dim));
  },
  cumsum(this: Tensor, dim: number, options?: { dtype?: DType }): Tensor {
    return scan('cumsum', this, dim, options);
  },
  cumprod(this: Tensor, dim: number, options?: { dtype?: DType }): Tensor {
    return scan('cumprod', this, dim, options);
  },
  cummax(this: Tensor, dim: number): ValuesIndices {
    return valuesIndices('CummaxBackward0', this, this.impl.cummax(dim), dim, true);
  },
  cummin(this: Tensor, dim: number): ValuesIndices {
    return valuesIndices('CumminBackward0', this, this.impl.cummin(dim), dim, true);
  },
  newZerosLike(this: Tensor, shape: number[], dtype: DType): Tensor {
    return wrap(backendZeros(this, shape, dtype));
  },
});

import { backendOf } from '../backend';
function backendZeros(t: Tensor, shape: number[], dtype: DType): BackendTensor {
  return backendOf(t).zeros(shape, { dtype });
}

/**
 * @internal Records r, a value picked from all of x (max(), min(), median()), with PyTorch's
 * evenly_distribute_backward: the gradient is shared evenly between the elements equal to r.
 */
export function evenlyToEqual(name: string, x: Tensor, r: Tensor): void {
  const node = record(name, reduceBackward, [x], r, { op: 'evenly', dims: normDims(null, x.ndim), keepdim: false, shape: x.shape, dtype: x.dtype, extra: 0 });
  node.save(x);
  node.save(r, true);
}

function extremum(x: Tensor, op: 'max' | 'min', a: unknown, b: unknown): Tensor | ValuesIndices {
  if (a instanceof Tensor) return op === 'max' ? x.maximum(a, b as { out?: Tensor }) : x.minimum(a, b as { out?: Tensor });
  if (a === undefined || a === null) {
    const r = wrap(x.impl[op]());
    if (needsGrad([x])) evenlyToEqual(op === 'max' ? 'MaxBackward1' : 'MinBackward1', x, r);
    return r;
  }
  const dim = a as number;
  const keepdim = typeof b === 'boolean' ? b : ((b as { keepdim?: boolean } | undefined)?.keepdim ?? false);
  const res = x.impl[op](dim, keepdim);
  return valuesIndices(op === 'max' ? 'MaxBackward0' : 'MinBackward0', x, res, dim, keepdim);
}

function moments(op: 'var' | 'std', x: Tensor, a: unknown, b: unknown, c: unknown, d: unknown): Tensor {
  // var(unbiased) | var(dim, unbiased?, keepdim?, options?) | var(dim, options) | var(options)
  let dim: Dims | null = null;
  let unbiased: boolean | undefined;
  let keepdim = false;
  let opts: VarOptions = {};
  const args = [a, b, c, d];
  let i = 0;
  if (typeof args[0] === 'boolean') unbiased = args[i++] as boolean;
  else if (args[0] === null || typeof args[0] === 'number' || Array.isArray(args[0])) dim = args[i++] as Dims | null;
  if (typeof args[i] === 'boolean') unbiased = args[i++] as boolean;
  if (typeof args[i] === 'boolean') keepdim = args[i++] as boolean;
  if (args[i] !== undefined && args[i] !== null && typeof args[i] === 'object') opts = args[i] as VarOptions;
  if (opts.keepdim !== undefined) keepdim = opts.keepdim;
  const correction = opts.correction ?? (opts.unbiased ?? unbiased ?? true ? 1 : 0);
  const run = (out?: BackendTensor): BackendTensor => x.impl[op](dim, undefined, keepdim, { correction, out });
  return reduction(op, x, dim, keepdim, opts.out, run, op === 'var' ? 'x' : 'xy', correction);
}

function scan(op: 'cumsum' | 'cumprod', x: Tensor, dim: number, options?: { dtype?: DType }): Tensor {
  const r = wrap(x.impl[op](dim, options));
  if (needsGrad([x])) {
    const n = Math.max(x.ndim, 1);
    const node = record(op === 'cumsum' ? 'CumsumBackward0' : 'CumprodBackward0', scanBackward, [x], r, {
      op,
      dim: x.ndim === 0 ? 0 : dim < 0 ? dim + n : dim,
      dtype: x.dtype,
    });
    if (op === 'cumprod') {
      node.save(x);
      node.save(r, true);
    }
  }
  return r;
}

// ---- pairs of reductions, and the in-place scans ----

declare module '../tensor' {
  interface Tensor {
    /** PyTorch's (min, max) over a dim or all elements */
    aminmax(options?: { dim?: number | null; keepdim?: boolean }): { min: Tensor; max: Tensor };
    /** [var, mean] */
    varMean(dim?: Dims | null | boolean | VarOptions, unbiased?: boolean | VarOptions, keepdim?: boolean | VarOptions, options?: VarOptions): [Tensor, Tensor];
    /** [std, mean] */
    stdMean(dim?: Dims | null | boolean | VarOptions, unbiased?: boolean | VarOptions, keepdim?: boolean | VarOptions, options?: VarOptions): [Tensor, Tensor];
    cumsum_(dim: number): Tensor;
    cumprod_(dim: number): Tensor;
  }
}

/** The mean over the same dims (and keepdim) as var/std's arguments. */
function meanLike(x: Tensor, a: unknown, b: unknown, c: unknown, d: unknown): Tensor {
  const args = [a, b, c, d];
  let dim: Dims | null = null;
  let keepdim = false;
  let i = 0;
  if (typeof args[0] === 'boolean') i++;
  else if (args[0] === null || typeof args[0] === 'number' || Array.isArray(args[0])) dim = args[i++] as Dims | null;
  if (typeof args[i] === 'boolean') i++;
  if (typeof args[i] === 'boolean') keepdim = args[i++] as boolean;
  const opts = args[i];
  if (opts !== undefined && opts !== null && typeof opts === 'object' && (opts as VarOptions).keepdim !== undefined) keepdim = (opts as VarOptions).keepdim!;
  return x.mean(dim, keepdim);
}

Object.assign(proto, {
  aminmax(this: Tensor, options: { dim?: number | null; keepdim?: boolean } = {}): { min: Tensor; max: Tensor } {
    const dim = options.dim ?? null;
    const keepdim = options.keepdim ?? false;
    return { min: this.amin(dim, keepdim), max: this.amax(dim, keepdim) };
  },
  varMean(this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown): [Tensor, Tensor] {
    return [moments('var', this, a, b, c, d), meanLike(this, a, b, c, d)];
  },
  stdMean(this: Tensor, a?: unknown, b?: unknown, c?: unknown, d?: unknown): [Tensor, Tensor] {
    return [moments('std', this, a, b, c, d), meanLike(this, a, b, c, d)];
  },
  cumsum_(this: Tensor, dim: number): Tensor {
    return applyInplace(this, [], () => this.impl.copy_(this.impl.cumsum(dim)), (old) => old.cumsum(dim));
  },
  cumprod_(this: Tensor, dim: number): Tensor {
    return applyInplace(this, [], () => this.impl.copy_(this.impl.cumprod(dim)), (old) => old.cumprod(dim));
  },
});
