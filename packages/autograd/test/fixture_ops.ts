// The ops of fixtures/autograd_grads.json (written by tools/fixtures/gen_autograd_fixtures.py, whose
// torch_op() is the PyTorch side of this table): a case's op name and kwargs -> a call of
// @typetorch/autograd. Kwargs arrive resolved: {"input": k} is input k, "inf" is Infinity.
import * as ag from '@typetorch/autograd';

type Tensor = ag.Tensor;
/** A case's kwargs: JSON values (numbers, lists, strings, null) and input tensors, read as each op expects. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Kwargs = { readonly [key: string]: any };
export type FixtureOp = (xs: Tensor[], kw: Kwargs) => Tensor | Tensor[];

type Method = (this: Tensor, ...args: unknown[]) => Tensor;
const call = (t: Tensor, name: string, ...args: unknown[]): Tensor => {
  const f = (t as unknown as Record<string, Method>)[name];
  if (typeof f !== 'function') throw new Error(`fixture: Tensor has no method '${name}'`);
  return f.apply(t, args);
};

const UNARY = ['exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh',
  'cosh', 'tanh', 'sigmoid', 'erf', 'erfc', 'sqrt', 'rsqrt', 'reciprocal', 'neg', 'abs', 'sign', 'floor', 'ceil', 'round',
  'trunc', 'frac'];
const BINARY = ['add', 'sub', 'mul', 'div', 'remainder', 'fmod', 'pow', 'atan2', 'maximum', 'minimum'];
const PRODUCTS = ['mm', 'bmm', 'mv', 'dot', 'outer', 'matmul'];
const ADD_PRODUCTS = ['addmm', 'addmv', 'addr', 'baddbmm', 'addbmm'];
/** sum-like reductions: no dim means all dims (and then no keepdim) */
const DIM_REDUCTIONS = ['sum', 'mean', 'nansum', 'nanmean', 'prod', 'amax', 'amin'];

/** A binary op's second operand (a tensor input, or the scalar kwarg) and its options. */
function binary(op: string): FixtureOp {
  return (xs, kw) => {
    const other = 'other' in kw ? kw.other : xs[1];
    const options = op === 'add' || op === 'sub' ? { alpha: kw.alpha } : op === 'div' ? { roundingMode: kw.roundingMode } : undefined;
    return call(xs[0], op, other, options);
  };
}

/** An index() item from its JSON form: numbers, null, '...', tensors as they are; {slice: [start, end, step]}. */
function indexItem(item: unknown): ag.IndexItem {
  if (item !== null && typeof item === 'object' && !(item instanceof ag.Tensor) && 'slice' in item) {
    const [start, end, step] = (item as { slice: (number | null)[] }).slice;
    return ag.slice(start, end, step ?? undefined);
  }
  return item as ag.IndexItem;
}

export const FIXTURE_OPS: Record<string, FixtureOp> = {
  ...Object.fromEntries(UNARY.map((op): [string, FixtureOp] => [op, ([x]) => call(x, op)])),
  ...Object.fromEntries(BINARY.map((op) => [op, binary(op)])),
  clamp: ([x], kw) => x.clamp(kw.min ?? null, kw.max ?? null),
  lerp: ([x, end], kw) => x.lerp(end, kw.weight),
  addcmul: ([x, t1, t2], kw) => x.addcmul(t1, t2, { value: kw.value }),
  addcdiv: ([x, t1, t2], kw) => x.addcdiv(t1, t2, { value: kw.value }),
  where: ([cond, a, b], kw) => a.where(cond, 'other' in kw ? kw.other : b),
  maskedFill: ([x, mask], kw) => x.maskedFill(mask, kw.value),

  // reductions and scans
  ...Object.fromEntries(
    DIM_REDUCTIONS.map((op): [string, FixtureOp] => [op, ([x], kw) => (kw.dim === undefined ? call(x, op) : call(x, op, kw.dim, kw.keepdim ?? false))]),
  ),
  max: ([x], kw) => (kw.dim === undefined ? x.max() : x.max(kw.dim, kw.keepdim ?? false).values),
  min: ([x], kw) => (kw.dim === undefined ? x.min() : x.min(kw.dim, kw.keepdim ?? false).values),
  var: ([x], kw) => x.var(kw.dim ?? null, { correction: kw.correction, keepdim: kw.keepdim ?? false }),
  std: ([x], kw) => x.std(kw.dim ?? null, { correction: kw.correction, keepdim: kw.keepdim ?? false }),
  norm: ([x], kw) => x.norm(kw.p, kw.dim ?? null, kw.keepdim ?? false),
  logsumexp: ([x], kw) => x.logsumexp(kw.dim, kw.keepdim ?? false),
  cumsum: ([x], kw) => x.cumsum(kw.dim),
  cumprod: ([x], kw) => x.cumprod(kw.dim),

  // views
  view: ([x], kw) => x.view(kw.shape),
  reshape: ([x], kw) => x.reshape(kw.shape),
  transpose: ([x], kw) => x.transpose(kw.dim0, kw.dim1),
  permute: ([x], kw) => x.permute(kw.dims),
  t: ([x]) => x.t(),
  expand: ([x], kw) => x.expand(kw.size),
  squeeze: ([x], kw) => x.squeeze(kw.dim),
  unsqueeze: ([x], kw) => x.unsqueeze(kw.dim),
  narrow: ([x], kw) => x.narrow(kw.dim, kw.start, kw.length),
  select: ([x], kw) => x.select(kw.dim, kw.index),
  slice: ([x], kw) => x.slice(kw.dim, kw.start, kw.end, kw.step),
  diagonal: ([x], kw) => x.diagonal(kw.offset, kw.dim1, kw.dim2),
  unfold: ([x], kw) => x.unfold(kw.dimension, kw.size, kw.step),
  flatten: ([x], kw) => x.flatten(kw.startDim, kw.endDim),
  movedim: ([x], kw) => x.movedim(kw.source, kw.destination),
  index: ([x], kw) => x.index(...(kw.items as unknown[]).map(indexItem)),

  // products
  ...Object.fromEntries(PRODUCTS.map((op): [string, FixtureOp] => [op, ([a, b]) => call(a, op, b)])),
  ...Object.fromEntries(
    ADD_PRODUCTS.map((op): [string, FixtureOp] => [op, ([x, a, b], kw) => call(x, op, a, b, { beta: kw.beta, alpha: kw.alpha })]),
  ),

  // joining and indexing
  cat: (xs, kw) => ag.cat(xs, kw.dim),
  stack: (xs, kw) => ag.stack(xs, kw.dim),
  split: ([x], kw) => x.split(kw.splitSize, kw.dim),
  chunk: ([x], kw) => x.chunk(kw.chunks, kw.dim),
  unbind: ([x], kw) => x.unbind(kw.dim),
  indexSelect: ([x, index], kw) => x.indexSelect(kw.dim, index),
  gather: ([x, index], kw) => x.gather(kw.dim, index),
  scatter: ([x, index, src], kw) => x.scatter(kw.dim, index, src),
  scatterAdd: ([x, index, src], kw) => x.scatterAdd(kw.dim, index, src),
  take: ([x, index]) => x.take(index),
  takeAlongDim: ([x, index], kw) => x.takeAlongDim(index, kw.dim ?? null),
  maskedSelect: ([x, mask]) => x.maskedSelect(mask),
  indexPut: ([x, values], kw) => x.indexPut(kw.indices, values, { accumulate: kw.accumulate }),
  flip: ([x], kw) => x.flip(kw.dims),
  roll: ([x], kw) => x.roll(kw.shifts, kw.dims ?? null),
  repeat: ([x], kw) => x.repeat(kw.repeats),
  tile: ([x], kw) => x.tile(kw.dims),
  rot90: ([x], kw) => x.rot90(kw.k, kw.dims),

  // selections: their values (indices are not differentiable)
  sort: ([x], kw) => x.sort(kw.dim, kw.descending).values,
  topk: ([x], kw) => x.topk(kw.k, kw.dim, kw.largest, kw.sorted).values,
  kthvalue: ([x], kw) => x.kthvalue(kw.k, kw.dim, kw.keepdim ?? false).values,
  median: ([x], kw) => (kw.dim === undefined ? x.median() : x.median(kw.dim, kw.keepdim ?? false).values),
  mode: ([x], kw) => x.mode(kw.dim, kw.keepdim ?? false).values,
  cummax: ([x], kw) => x.cummax(kw.dim).values,
  cummin: ([x], kw) => x.cummin(kw.dim).values,
};

/**
 * Cases where @typetorch/autograd is wrong (not the fixture): they run as test.failing, so that
 * the fix shows up as a "passing failing test" to remove from here. id -> what is wrong.
 */
export const KNOWN_FAILURES: Record<string, string> = {};
