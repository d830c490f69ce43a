// Function forms of the ops (torch.exp(x), torch.add(a, b), torch.cat([...]), ...). Most call the
// method of their first argument; the ones that take several tensors are defined here.
import * as th from '@typetorch/th';
import { backendOf } from './backend';
import { cat as catImpl, stack as stackImpl } from './ops/joining';
import { where as whereImpl } from './ops/elementwise';
import type { TensorOrScalar } from './ops/elementwise';
import type { ValuesIndices } from './ops/reduce';
import type { Grads, Node } from './node';
import { sumToShape } from './ops/grad_utils';
import { needsGrad, record, wrap } from './tape';
import { noGrad } from './grad_mode';
import { Tensor } from './tensor';

type MethodAsFunction<K extends keyof Tensor> = Tensor[K] extends (...args: infer A) => infer R ? (input: Tensor, ...args: A) => R : never;

/** The function form of method `name`: fn(input, ...args) = input.name(...args). */
function method<K extends keyof Tensor>(name: K): MethodAsFunction<K> {
  return ((input: Tensor, ...args: unknown[]) => {
    if (!(input instanceof Tensor)) throw new TypeError(`${String(name)}(): argument 'input' must be a Tensor`);
    return (input[name] as (...a: unknown[]) => unknown).apply(input, args);
  }) as MethodAsFunction<K>;
}

// elementwise
export const exp = method('exp');
export const exp2 = method('exp2');
export const expm1 = method('expm1');
export const log = method('log');
export const log2 = method('log2');
export const log10 = method('log10');
export const log1p = method('log1p');
export const sin = method('sin');
export const cos = method('cos');
export const tan = method('tan');
export const asin = method('asin');
export const acos = method('acos');
export const atan = method('atan');
export const sinh = method('sinh');
export const cosh = method('cosh');
export const tanh = method('tanh');
export const sigmoid = method('sigmoid');
export const erf = method('erf');
export const erfc = method('erfc');
export const sqrt = method('sqrt');
export const rsqrt = method('rsqrt');
export const reciprocal = method('reciprocal');
export const neg = method('neg');
export const abs = method('abs');
export const sign = method('sign');
export const floor = method('floor');
export const ceil = method('ceil');
export const round = method('round');
export const trunc = method('trunc');
export const frac = method('frac');
export const isnan = method('isnan');
export const isinf = method('isinf');
export const isfinite = method('isfinite');
export const logicalNot = method('logicalNot');
export const bitwiseNot = method('bitwiseNot');
export const add = method('add');
export const sub = method('sub');
export const mul = method('mul');
export const div = method('div');
export const remainder = method('remainder');
export const fmod = method('fmod');
export const pow = method('pow');
export const atan2 = method('atan2');
export const maximum = method('maximum');
export const minimum = method('minimum');
export const eq = method('eq');
export const ne = method('ne');
export const lt = method('lt');
export const le = method('le');
export const gt = method('gt');
export const ge = method('ge');
export const logicalAnd = method('logicalAnd');
export const logicalOr = method('logicalOr');
export const logicalXor = method('logicalXor');
export const bitwiseAnd = method('bitwiseAnd');
export const bitwiseOr = method('bitwiseOr');
export const bitwiseXor = method('bitwiseXor');
export const bitwiseLeftShift = method('bitwiseLeftShift');
export const bitwiseRightShift = method('bitwiseRightShift');
export const clamp = method('clamp');
export const clip = method('clip');
export const lerp = method('lerp');
export const addcmul = method('addcmul');
export const addcdiv = method('addcdiv');
export const nanToNum = method('nanToNum');
export const maskedFill = method('maskedFill');

// reductions
export const sum = method('sum');
export const nansum = method('nansum');
export const mean = method('mean');
export const nanmean = method('nanmean');
export const prod = method('prod');
export const amax = method('amax');
export const amin = method('amin');
export const argmax = method('argmax');
export const argmin = method('argmin');
export const var_ = method('var');
export { var_ as var };
export const std = method('std');
export const norm = method('norm');
export const logsumexp = method('logsumexp');
export const all = method('all');
export const any = method('any');
export const countNonzero = method('countNonzero');
export const cumsum = method('cumsum');
export const cumprod = method('cumprod');
export const cummax = method('cummax');
export const cummin = method('cummin');
/** max(input), max(input, dim) -> { values, indices }, max(input, other) = maximum */
export function max(input: Tensor): Tensor;
export function max(input: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(input: Tensor, other: Tensor): Tensor;
export function max(input: Tensor, a?: number | Tensor, keepdim?: boolean): Tensor | ValuesIndices {
  return a === undefined ? input.max() : typeof a === 'number' ? input.max(a, keepdim) : input.max(a);
}
export function min(input: Tensor): Tensor;
export function min(input: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(input: Tensor, other: Tensor): Tensor;
export function min(input: Tensor, a?: number | Tensor, keepdim?: boolean): Tensor | ValuesIndices {
  return a === undefined ? input.min() : typeof a === 'number' ? input.min(a, keepdim) : input.min(a);
}

// products
export const mm = method('mm');
export const bmm = method('bmm');
export const mv = method('mv');
export const dot = method('dot');
export const vdot = method('vdot');
export const outer = method('outer');
export const ger = method('ger');
export const matmul = method('matmul');
export const addmm = method('addmm');
export const addmv = method('addmv');
export const addr = method('addr');
export const baddbmm = method('baddbmm');
export const addbmm = method('addbmm');

// views, indexing, joining, selections
export const reshape = method('reshape');
export const flatten = method('flatten');
export const squeeze = method('squeeze');
export const unsqueeze = method('unsqueeze');
export const transpose = method('transpose');
export const swapaxes = method('swapaxes');
export const permute = method('permute');
export const t = method('t');
export const movedim = method('movedim');
export const moveaxis = method('moveaxis');
export const narrow = method('narrow');
export const select = method('select');
export const diagonal = method('diagonal');
export const broadcastTo = method('broadcastTo');
export const clone = method('clone');
export const indexSelect = method('indexSelect');
export const indexAdd = method('indexAdd');
export const indexCopy = method('indexCopy');
export const indexFill = method('indexFill');
export const indexPut = method('indexPut');
export const gather = method('gather');
export const scatter = method('scatter');
export const scatterAdd = method('scatterAdd');
export const take = method('take');
export const takeAlongDim = method('takeAlongDim');
export const maskedSelect = method('maskedSelect');
export const nonzero = method('nonzero');
export const argwhere = method('argwhere');
export const split = method('split');
export const chunk = method('chunk');
export const tensorSplit = method('tensorSplit');
export const unbind = method('unbind');
export const flip = method('flip');
export const fliplr = method('fliplr');
export const flipud = method('flipud');
export const roll = method('roll');
export const rot90 = method('rot90');
export const tile = method('tile');
export const narrowCopy = method('narrowCopy');
export const sort = method('sort');
export const argsort = method('argsort');
export const msort = method('msort');
export const topk = method('topk');
export const kthvalue = method('kthvalue');
export const mode = method('mode');
export function median(input: Tensor): Tensor;
export function median(input: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function median(input: Tensor, dim?: number, keepdim?: boolean): Tensor | ValuesIndices {
  return dim === undefined ? input.median() : input.median(dim, keepdim);
}
export const varMean = method('varMean');
export const stdMean = method('stdMean');
export const aminmax = method('aminmax');
export const indexPut_ = method('indexPut_');
export const scatterReduce = method('scatterReduce');
export const put = method('put');
export const maskedScatter = method('maskedScatter');
export const repeatInterleave = method('repeatInterleave');
export const quantile = method('quantile');
export const nanquantile = method('nanquantile');
export const unique = method('unique');
export const uniqueConsecutive = method('uniqueConsecutive');
export const histc = method('histc');
export const bincount = method('bincount');
export function nanmedian(input: Tensor): Tensor;
export function nanmedian(input: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function nanmedian(input: Tensor, dim?: number, keepdim?: boolean): Tensor | ValuesIndices {
  return dim === undefined ? input.nanmedian() : input.nanmedian(dim, keepdim);
}
export const bernoulli = method('bernoulli');
export const multinomial = method('multinomial');

export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  return catImpl(tensors, dim);
}
export const concat = cat;
export const concatenate = cat;
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  return stackImpl(tensors, dim);
}
export function atleast1d(x: Tensor): Tensor {
  return x.ndim >= 1 ? x : x.reshape([1]);
}
export function atleast2d(x: Tensor): Tensor {
  return x.ndim >= 2 ? x : x.reshape(x.ndim === 0 ? [1, 1] : [1, x.shape[0]]);
}
export function atleast3d(x: Tensor): Tensor {
  if (x.ndim >= 3) return x;
  return x.reshape(x.ndim === 0 ? [1, 1, 1] : x.ndim === 1 ? [1, x.shape[0], 1] : [...x.shape, 1]);
}
export function hstack(tensors: readonly Tensor[]): Tensor {
  const ts = tensors.map(atleast1d);
  return cat(ts, ts[0]?.ndim === 1 ? 0 : 1);
}
export function vstack(tensors: readonly Tensor[]): Tensor {
  return cat(tensors.map(atleast2d), 0);
}
export const rowStack = vstack;
export function dstack(tensors: readonly Tensor[]): Tensor {
  return cat(tensors.map(atleast3d), 2);
}
export function columnStack(tensors: readonly Tensor[]): Tensor {
  return hstack(tensors.map((x) => (x.ndim <= 1 ? x.reshape([-1, 1]) : x)));
}
/** Coordinate grids: indexing 'ij' (default) or 'xy'. */
export function meshgrid(tensors: readonly Tensor[], options: { indexing?: 'ij' | 'xy' } = {}): Tensor[] {
  const indexing = options.indexing ?? 'ij';
  if (indexing !== 'ij' && indexing !== 'xy') throw new Error(`meshgrid: indexing must be 'ij' or 'xy', got '${String(indexing)}'`);
  tensors.forEach((x, i) => {
    if (!(x instanceof Tensor) || x.ndim > 1) throw new Error(`meshgrid: expected 0-d or 1-d tensors (argument ${i})`);
  });
  const flat = tensors.map((x) => x.reshape([-1]));
  const swap = indexing === 'xy' && flat.length >= 2;
  const order = swap ? [flat[1], flat[0], ...flat.slice(2)] : flat;
  const shape = order.map((x) => x.shape[0]);
  const grids = order.map((x, i) => x.reshape(shape.map((s, j) => (j === i ? s : 1))).expand(shape));
  if (!swap) return grids;
  const out = [grids[1], grids[0], ...grids.slice(2)];
  return out.map((g) => g.transpose(0, 1));
}
/** where(cond, a, b): a where cond, else b; where(cond): the indices of nonzero elements. */
export function where(condition: Tensor, a?: TensorOrScalar, b?: TensorOrScalar): Tensor | Tensor[] {
  if (a === undefined && b === undefined) return condition.nonzero().unbind(1);
  return whereImpl(condition, a as TensorOrScalar, b as TensorOrScalar);
}
/** Indices where values would be inserted into sortedSequence (not differentiable). */
export function searchsorted(sortedSequence: Tensor, values: Tensor | number, options?: th.SearchsortedOptions): Tensor {
  return wrap(backendOf(sortedSequence).searchsorted(sortedSequence.impl, values instanceof Tensor ? values.impl : values, options));
}
/** The bucket of each input element among boundaries (not differentiable). */
export function bucketize(input: Tensor | number, boundaries: Tensor, options?: th.BucketizeOptions): Tensor {
  return wrap(backendOf(boundaries).bucketize(input instanceof Tensor ? input.impl : input, boundaries.impl, options));
}

/**
 * Samples of N(mean, std) elementwise; differentiable in tensor means and standard deviations
 * (d/dmean = 1, d/dstd = (sample - mean) / std), as in PyTorch.
 */
export function normal(mean: Tensor | number, std: Tensor | number, options?: { generator?: th.Generator }): Tensor {
  const m = mean instanceof Tensor ? mean : null;
  const s = std instanceof Tensor ? std : null;
  if (m === null && s === null) throw new TypeError('normal(): expected a Tensor mean or std (use randn for a shape)');
  const sample = wrap(th.normal((m ? m.impl : mean) as th.Tensor, (s ? s.impl : std) as th.Tensor, options));
  if (needsGrad([m, s])) {
    // sample = mean + std * eps: d/dmean = 1, d/dstd = eps, each summed to its operand's shape
    const eps = noGrad(() => sample.sub(mean).div(std));
    record('NormalBackward3', normalBackward, [m, s], sample, { eps, mShape: m?.shape ?? null, sShape: s?.shape ?? null });
  }
  return sample;
}
function normalBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { eps: Tensor; mShape: number[] | null; sShape: number[] | null };
  const g = grads[0]!;
  return [
    a.mShape !== null && node.next[0] ? sumToShape(g, a.mShape) : null,
    a.sShape !== null && node.next[1] ? sumToShape(g.mul(a.eps), a.sShape) : null,
  ];
}
/** The dtype ops on these operands give (PyTorch's type promotion). */
export function resultType(...operands: (Tensor | number | boolean)[]): th.DType {
  return th.resultType(...operands.map((o) => (o instanceof Tensor ? (o.impl as th.Tensor) : o)));
}

export { manualSeed, seed, initialSeed, getRngState, setRngState, Generator, defaultGenerator } from '@typetorch/th';
export { emptyCache, dtypeCode, dtypeName, isFloating, dtypeOfArray, arrayDtype, buildInfo, setBlasBackend, getBlasBackend } from '@typetorch/th';
export { bool, uint8, int8, int16, int32, int64, float16, half, bfloat16, float32, float, float64, double, long } from '@typetorch/th';
