// gradcheck and gradgradcheck of joining/splitting (ops/joining.ts), indexing, gathering and
// scattering (ops/indexing.ts), and the values of the selections that also return indices (sort,
// topk, kthvalue, median, mode, cummax, cummin) on inputs without ties.
import * as ag from '@typetorch/autograd';
import { GradCase, Rng, Tensor, assertGradChecks, idx, leafOf, mask } from './gradcheck_utils';

const rnd = (...shapes: number[][]) => (r: Rng): Tensor[] => shapes.map((s) => r.randn(s));
const distinct = (shape: number[]) => (r: Rng): Tensor[] => [r.distinct(shape)];

// ---- joining and splitting ----
const joiningCases: GradCase[] = [
  { name: 'cat dim 0, three sizes', fn: (a, b, c) => ag.cat([a, b, c], 0), inputs: rnd([1, 2], [2, 2], [3, 2]) },
  { name: 'cat dim -1, a transposed input', fn: (a, b) => ag.cat([a, b], -1), inputs: (r) => [r.randn([2, 3], 'transposed'), r.randn([2, 1])] },
  { name: 'cat with an input that does not require grad', fn: (a) => ag.cat([ag.ones([1, 2], { dtype: 'float64' }), a], 0), inputs: rnd([2, 2]) },
  { name: 'cat skips a 1-D empty input', fn: (a, b) => ag.cat([a, ag.zeros([0], { dtype: 'float64' }), b], 1), inputs: rnd([2, 1], [2, 2]) },
  { name: 'concat of 1-D inputs', fn: (a, b) => ag.concat([a, b]), inputs: rnd([2], [3]) },
  { name: 'stack dim 0', fn: (a, b) => ag.stack([a, b]), inputs: rnd([2, 3], [2, 3]) },
  { name: 'stack dim -1, one strided input', fn: (a, b) => ag.stack([a, b], -1), inputs: (r) => [r.randn([3], 'strided'), r.randn([3])] },
  { name: 'stack of 0-d inputs', fn: (a, b, c) => ag.stack([a, b, c]), inputs: rnd([], [], []) },
  { name: 'hstack', fn: (a, b) => ag.hstack([a, b]), inputs: rnd([2, 1], [2, 2]) },
  { name: 'vstack of 1-D inputs', fn: (a, b) => ag.vstack([a, b]), inputs: rnd([3], [3]) },
  { name: 'split(2) uneven, every output', fn: (x) => x.split(2), inputs: rnd([5, 2]) },
  { name: 'split([1, 3], dim 1)', fn: (x) => x.split([1, 3], 1), inputs: rnd([2, 4]) },
  // outputs that get no gradient: the backward fills zeros for them
  { name: 'split(1): only outputs 0 and 2 used', fn: (x) => { const p = x.split(1); return p[0].add(p[2].mul(2)); }, inputs: rnd([3, 2]) },
  { name: 'chunk(2, -1)', fn: (x) => x.chunk(2, -1), inputs: rnd([2, 3]) },
  { name: 'chunk(3) of a transposed input', fn: (x) => x.chunk(3), inputs: (r) => [r.randn([3, 2], 'transposed')] },
  { name: 'tensorSplit(3 sections)', fn: (x) => x.tensorSplit(3), inputs: rnd([4, 2]) },
  { name: 'tensorSplit([1, 3], dim 1)', fn: (x) => x.tensorSplit([1, 3], 1), inputs: rnd([2, 5]) },
  { name: 'unbind(0)', fn: (x) => x.unbind(0), inputs: rnd([3, 2]) },
  { name: 'unbind(1): only outputs 0 and 2 used', fn: (x) => { const u = x.unbind(1); return u[0].mul(u[2]); }, inputs: rnd([2, 3]) },
  { name: 'split(2, dim 1) uneven', fn: (x) => x.split(2, 1), inputs: rnd([2, 3]) },
  { name: 'chunk(5) of 3 elements', fn: (x) => x.chunk(5), inputs: rnd([3]) },
  { name: 'tensorSplit([1, 1, 3]) with empty pieces', fn: (x) => x.tensorSplit([1, 1, 3]), inputs: rnd([3]) },
  { name: 'tensorSplit(4) of 3 elements', fn: (x) => x.tensorSplit(4), inputs: rnd([3]) },
  { name: 'unbind of a size-1 dim', fn: (x) => x.unbind(0), inputs: rnd([1, 2]) },
  { name: 'stack of one input, dim 1', fn: (x) => ag.stack([x], 1), inputs: rnd([2]) },
  { name: 'cat of one input', fn: (x) => ag.cat([x]), inputs: rnd([2]) },
  { name: 'narrowCopy', fn: (x) => x.narrowCopy(1, 1, 2), inputs: rnd([2, 4]) },
];

// ---- indexing, gathering and scattering ----
const indexingCases: GradCase[] = [
  { name: 'indexSelect dim 0 with repeats', fn: (x) => x.indexSelect(0, idx([2, 0, 2])), inputs: rnd([3, 2]) },
  { name: 'indexSelect dim -1 of a transposed input', fn: (x) => x.indexSelect(-1, idx([1, 0])), inputs: (r) => [r.randn([2, 3], 'transposed')] },
  { name: 'indexSelect of a 1-D input', fn: (x) => x.indexSelect(0, idx([3, 1])), inputs: rnd([4]) },
  { name: 'indexAdd dim 0 with repeats, alpha 2', fn: (x, s) => x.indexAdd(0, idx([1, 0, 1]), s, { alpha: 2 }), inputs: rnd([3, 2], [3, 2]) },
  { name: 'indexAdd dim 1', fn: (x, s) => x.indexAdd(1, idx([2, 0]), s), inputs: rnd([2, 3], [2, 2]) },
  { name: 'indexAdd_ on a clone', fn: (x, s) => x.clone().indexAdd_(0, idx([2, 2]), s), inputs: rnd([3, 2], [2, 2]) },
  { name: 'indexAdd of a 1-element source', fn: (x, s) => x.indexAdd(0, idx([1]), s.view([1])), inputs: rnd([3], []) },
  { name: 'indexSelect of a 0-d input', fn: (x) => x.indexSelect(0, idx([0])), inputs: rnd([]) },
  { name: 'gather of a 0-d input', fn: (x) => x.gather(0, idx(0)), inputs: rnd([]) },
  { name: 'take of a 0-d input', fn: (x) => x.take(idx([0, 0])), inputs: rnd([]) },
  { name: 'indexCopy dim 0', fn: (x, s) => x.indexCopy(0, idx([2, 0]), s), inputs: rnd([3, 2], [2, 2]) },
  { name: 'indexCopy dim 1, transposed self', fn: (x, s) => x.indexCopy(1, idx([1]), s), inputs: (r) => [r.randn([2, 3], 'transposed'), r.randn([2, 1])] },
  { name: 'indexFill dim 1', fn: (x) => x.indexFill(1, idx([0, 2]), -3), inputs: rnd([2, 3]) },
  { name: 'gather dim 0', fn: (x) => x.gather(0, idx([[1, 0, 1], [0, 0, 1]])), inputs: rnd([2, 3]) },
  { name: 'gather dim 1, fewer columns', fn: (x) => x.gather(1, idx([[2], [0]])), inputs: rnd([2, 3]) },
  { name: 'gather of a strided input', fn: (x) => x.gather(-1, idx([[0, 0], [1, 0]])), inputs: (r) => [r.randn([2, 2], 'strided')] },
  // scatter with distinct targets (with repeats the kept value is unspecified)
  { name: 'scatter tensor src', fn: (x, s) => x.scatter(1, idx([[2, 0], [1, 2]]), s), inputs: rnd([2, 3], [2, 2]) },
  { name: 'scatter scalar', fn: (x) => x.scatter(0, idx([[1, 0, 1]]), 2.5), inputs: rnd([2, 3]) },
  { name: 'scatterAdd with repeats', fn: (x, s) => x.scatterAdd(1, idx([[0, 0, 2], [1, 1, 1]]), s), inputs: rnd([2, 3], [2, 3]) },
  // src larger than index: its elements past index's extent are unused (gradient zero; PyTorch 1.13 throws here)
  { name: 'scatterAdd src larger than index', fn: (x, s) => x.scatterAdd(0, idx([[1, 0]]), s), inputs: rnd([2, 3], [2, 2]) },
  { name: 'scatter src larger than index in both dims', fn: (x, s) => x.scatter(1, idx([[2], [0]]), s), inputs: rnd([3, 3], [3, 2]) },
  { name: 'take with negative and repeated indices', fn: (x) => x.take(idx([[0, -1], [4, 0]])), inputs: rnd([2, 3]) },
  { name: 'take of a transposed input', fn: (x) => x.take(idx([1, 2, 5])), inputs: (r) => [r.randn([2, 3], 'transposed')] },
  { name: 'takeAlongDim dim 1', fn: (x) => x.takeAlongDim(idx([[2, 0], [1, 1]]), 1), inputs: rnd([2, 3]) },
  { name: 'takeAlongDim broadcast indices', fn: (x) => x.takeAlongDim(idx([[1, 0, 1]]), 0), inputs: rnd([2, 3]) },
  { name: 'takeAlongDim dim null', fn: (x) => x.takeAlongDim(idx([5, 0, 3])), inputs: rnd([2, 3]) },
  { name: 'maskedSelect', fn: (x) => x.maskedSelect(mask([[true, false, true], [false, true, true]])), inputs: rnd([2, 3]) },
  { name: 'maskedSelect broadcast mask', fn: (x) => x.maskedSelect(mask([false, true, true])), inputs: rnd([2, 3]) },
  { name: 'maskedSelect broadcast self', fn: (x) => x.maskedSelect(mask([[true, false], [true, true]])), inputs: rnd([2]) },
  { name: 'indexPut distinct indices', fn: (x, v) => x.indexPut([idx([0, 2])], v), inputs: rnd([3, 2], [2, 2]) },
  { name: 'indexPut accumulate with repeats', fn: (x, v) => x.indexPut([idx([1, 1, 0]), idx([0, 0, 1])], v, { accumulate: true }), inputs: rnd([2, 2], [3]) },
  { name: 'indexPut broadcast values', fn: (x, v) => x.indexPut([null, idx([2, 0])], v), inputs: rnd([2, 3], [2]) },
  { name: 'indexPut scalar value', fn: (x) => x.indexPut([idx([1])], -1), inputs: rnd([2, 3]) },
  { name: 'indexPut bool mask', fn: (x, v) => x.indexPut([mask([[true, false], [false, true]])], v), inputs: rnd([2, 2], [2]) },
  { name: 'indexPut_ on a clone', fn: (x, v) => x.clone().indexPut_([idx([0])], v, { accumulate: true }), inputs: rnd([2, 3], [3]) },
];

// ---- reorderings and repetitions ----
const reorderCases: GradCase[] = [
  { name: 'flip([0, 1])', fn: (x) => x.flip([0, 1]), inputs: rnd([2, 3]) },
  { name: 'flip(-1) of a transposed input', fn: (x) => x.flip(-1), inputs: (r) => [r.randn([3, 2], 'transposed')] },
  { name: 'fliplr', fn: (x) => x.fliplr(), inputs: rnd([2, 3]) },
  { name: 'flipud', fn: (x) => x.flipud(), inputs: rnd([3]) },
  { name: 'roll(1, 0)', fn: (x) => x.roll(1, 0), inputs: rnd([3, 2]) },
  { name: 'roll([2, -1], [1, 0])', fn: (x) => x.roll([2, -1], [1, 0]), inputs: rnd([2, 3]) },
  { name: 'roll of a 0-d input', fn: (x) => x.roll(1), inputs: rnd([]) },
  { name: 'flip([]) (no dims)', fn: (x) => x.flip([]), inputs: rnd([2]) },
  { name: 'rot90(1, [-1, -2])', fn: (x) => x.rot90(1, [-1, -2]), inputs: rnd([2, 3]) },
  { name: 'repeat(2, 0) (an empty result) plus x', fn: (x) => x.repeat(2, 0).sum().add(x.sum()), inputs: rnd([2, 2]) },
  { name: 'roll(4) without dims (flattened)', fn: (x) => x.roll(4), inputs: rnd([2, 3]) },
  ...[0, 1, 2, 3, -1, 5].map((k) => ({ name: `rot90(${k})`, fn: (x: Tensor) => x.rot90(k), inputs: rnd([2, 3]) })),
  { name: 'rot90(1, [1, 2]) of a 3-d input', fn: (x) => x.rot90(1, [1, 2]), inputs: rnd([2, 2, 3]) },
  { name: 'repeat(2, 1)', fn: (x) => x.repeat(2, 1), inputs: rnd([2, 3]) },
  { name: 'repeat([2, 1, 3]) adding a dim', fn: (x) => x.repeat([2, 1, 3]), inputs: rnd([2, 1]) },
  { name: 'repeat of a transposed input', fn: (x) => x.repeat(1, 2), inputs: (r) => [r.randn([3, 2], 'transposed')] },
  { name: 'repeat of a 0-d input', fn: (x) => x.repeat(3), inputs: rnd([]) },
  { name: 'tile(2)', fn: (x) => x.tile(2), inputs: rnd([2, 2]) },
];

// ---- selections (values; distinct inputs, so each value comes from one element) ----
const selectionCases: GradCase[] = [
  { name: 'sort', fn: (x) => x.sort().values, inputs: distinct([2, 4]) },
  { name: 'sort dim 0 descending', fn: (x) => x.sort(0, true).values, inputs: distinct([3, 2]) },
  { name: 'sort({ dim: -1, descending, stable })', fn: (x) => x.sort({ dim: -1, descending: true, stable: true }).values, inputs: distinct([5]) },
  { name: 'sort of a transposed input', fn: (x) => x.sort(1).values, inputs: (r) => [r.distinct([2, 3], 'transposed')] },
  { name: 'msort', fn: (x) => x.msort(), inputs: distinct([3, 2]) },
  { name: 'topk(2)', fn: (x) => x.topk(2).values, inputs: distinct([2, 4]) },
  { name: 'topk(2, 0, smallest)', fn: (x) => x.topk(2, 0, false).values, inputs: distinct([3, 2]) },
  { name: 'topk(3, -1, largest, unsorted)', fn: (x) => x.topk(3, -1, true, false).values, inputs: distinct([5]) },
  { name: 'kthvalue(2)', fn: (x) => x.kthvalue(2).values, inputs: distinct([2, 3]) },
  { name: 'kthvalue(1, 0, keepdim)', fn: (x) => x.kthvalue(1, 0, true).values, inputs: distinct([3, 2]) },
  { name: 'median()', fn: (x) => x.median(), inputs: distinct([2, 3]) },
  { name: 'median() of an even count (the lower one)', fn: (x) => x.median(), inputs: distinct([4]) },
  // a pair of ties: PyTorch shares median()'s gradient evenly, 1/2 each, as central differences see it
  { name: 'median() with a pair of ties', fn: (x) => x.median(), inputs: () => [leafOf([2, 1, 2])], gradgrad: false },
  { name: 'median(1)', fn: (x) => x.median(1).values, inputs: distinct([2, 3]) },
  { name: 'median(0, keepdim) of a transposed input', fn: (x) => x.median(0, true).values, inputs: (r) => [r.distinct([3, 2], 'transposed')] },
  // (repeated values, which mode is for, are not differentiable: perturbing one copy changes the mode)
  { name: 'mode(1) of distinct values', fn: (x) => x.mode(1).values, inputs: distinct([2, 3]) },
  { name: 'mode(0, keepdim) of distinct values', fn: (x) => x.mode(0, true).values, inputs: distinct([3, 2]) },
  { name: 'cummax(1)', fn: (x) => x.cummax(1).values, inputs: distinct([2, 4]) },
  { name: 'cummax(0)', fn: (x) => x.cummax(0).values, inputs: distinct([3, 2]) },
  { name: 'cummin(-1)', fn: (x) => x.cummin(-1).values, inputs: distinct([2, 4]) },
  { name: 'cummin(0) of a transposed input', fn: (x) => x.cummin(0).values, inputs: (r) => [r.distinct([3, 2], 'transposed')] },
  ...(['sort', 'topk', 'kthvalue', 'cummax', 'cummin', 'max'] as const).map((op) => ({
    name: `${op} of a 0-d input`,
    fn: (x: Tensor) =>
      op === 'sort' ? x.sort().values : op === 'topk' ? x.topk(1).values : op === 'kthvalue' ? x.kthvalue(1).values : op === 'max' ? x.max(0, true).values : x[op](0).values,
    inputs: rnd([]),
  })),
  { name: 'max(1).values - min(1).values', fn: (x) => x.max(1).values.sub(x.min(1).values), inputs: distinct([2, 3]) },
];

assertGradChecks('joining and splitting', joiningCases);
assertGradChecks('indexing, gathering, scattering', indexingCases);
assertGradChecks('reorderings and repetitions', reorderCases);
assertGradChecks('selections', selectionCases);

// Index tensors (and masks, conditions, the indices a selection returns) are read by the backward:
// modifying one in place before backward must throw, as PyTorch's saved-tensor check does,
// instead of sending the gradient elsewhere.
describe('an index (or another tensor the backward reads) modified in place before backward is caught', () => {
  const CASES: [string, (x: Tensor, i: Tensor) => Tensor, () => Tensor][] = [
    ['gather', (x, i) => x.gather(0, i), () => idx([[1, 0]])],
    ['scatter', (x, i) => x.scatter(0, i, 1), () => idx([[1, 0]])],
    ['scatterAdd', (x, i) => x.scatterAdd(0, i, x.detach()), () => idx([[1, 0], [0, 1]])],
    ['indexSelect', (x, i) => x.indexSelect(0, i), () => idx([1])],
    ['indexAdd', (x, i) => x.indexAdd(0, i, x.narrow(0, 0, 1)), () => idx([1])],
    ['indexCopy', (x, i) => x.indexCopy(0, i, x.narrow(0, 0, 1)), () => idx([1])],
    ['indexFill', (x, i) => x.indexFill(0, i, 0), () => idx([1])],
    ['take', (x, i) => x.take(i), () => idx([3])],
    ['index(tensor)', (x, i) => x.index(i), () => idx([1, 1])],
    ['indexPut', (x, i) => x.indexPut([i], x.narrow(0, 0, 1)), () => idx([1])],
    ['maskedFill', (x, m) => x.maskedFill(m, 0), () => mask([true, false])],
    ['where', (x, m) => x.where(m, 0), () => mask([true, false])],
    // tensor operands that only the backward reads are saved the same way
    ['clamp tensor min', (x, lo) => x.clamp(lo), () => ag.tensor([0.1, -0.2], { dtype: 'float64' })],
    ['lerp tensor weight', (x, w) => x.lerp(x.mul(2), w), () => ag.tensor([0.25, 0.5], { dtype: 'float64' })],
  ];
  test.each(CASES)('%s', (_name, op, makeIndex) => {
    const x = new Rng().randn([2, 2]);
    const i = makeIndex();
    const y = op(x, i);
    if (i.dtype === 'bool') i.logicalNot_();
    else if (i.dtype === 'float64') i.mul_(2);
    else i.fill_(0);
    expect(() => y.sum().backward()).toThrow(/modified by an inplace operation/);
  });
  test('the indices sort returns', () => {
    const x = new Rng().distinct([3]);
    const { values, indices } = x.sort();
    indices.fill_(0);
    expect(() => values.sum().backward()).toThrow(/modified by an inplace operation/);
  });
});
