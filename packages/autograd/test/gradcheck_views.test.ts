// gradcheck and gradgradcheck of the view ops (ops/views.ts), index() with basic and advanced
// items, clone/copy_/to(dtype), and in-place ops on views of non-leaves (CopySlices).
import * as ag from '@typetorch/autograd';
import { slice } from '@typetorch/autograd';
import { Generator } from '@typetorch/th';
import { GradCase, Rng, Tensor, checkGrad, assertGradChecks, idx, inLayouts, mask } from './gradcheck_utils';

const rnd = (shape: number[]) => (r: Rng): Tensor[] => [r.randn(shape)];

const reshapingCases: GradCase[] = [
  { name: 'view [3, 2]', fn: (x) => x.view(3, 2), inputs: rnd([2, 3]) },
  { name: 'view [-1]', fn: (x) => x.view([-1]), inputs: rnd([2, 3]) },
  { name: 'view of a 0-d input as [1, 1]', fn: (x) => x.view([1, 1]), inputs: rnd([]) },
  { name: 'reshape (a view)', fn: (x) => x.reshape(3, 2), inputs: rnd([2, 3]) },
  ...inLayouts('reshape (a copy)', ['transposed', 'strided'], (layout) => ({ fn: (x: Tensor) => x.reshape([-1]), inputs: (r: Rng) => [r.randn([3, 2], layout)] })),
  { name: 'viewAs', fn: (x, y) => x.viewAs(y.detach()), inputs: (r) => [r.randn([2, 3]), r.randn([6])] },
  { name: 'reshapeAs', fn: (x, y) => x.reshapeAs(y.detach()), inputs: (r) => [r.randn([3, 2], 'transposed'), r.randn([2, 3])] },
  { name: 'flatten()', fn: (x) => x.flatten(), inputs: rnd([2, 2, 3]) },
  { name: 'flatten(1, 2)', fn: (x) => x.flatten(1, 2), inputs: rnd([2, 2, 3]) },
  { name: 'unflatten(1, [2, 2])', fn: (x) => x.unflatten(1, [2, 2]), inputs: rnd([3, 4]) },
  { name: 'squeeze()', fn: (x) => x.squeeze(), inputs: rnd([1, 3, 1, 2]) },
  { name: 'squeeze(2)', fn: (x) => x.squeeze(2), inputs: rnd([1, 3, 1, 2]) },
  { name: 'unsqueeze(-1)', fn: (x) => x.unsqueeze(-1), inputs: rnd([2, 3]) },
  { name: 'unsqueeze(0) of a 0-d input', fn: (x) => x.unsqueeze(0), inputs: rnd([]) },
  { name: 'transpose(0, 2)', fn: (x) => x.transpose(0, 2), inputs: rnd([2, 3, 2]) },
  { name: 'swapaxes(-1, 0)', fn: (x) => x.swapaxes(-1, 0), inputs: rnd([2, 3]) },
  { name: 'permute(2, 0, 1)', fn: (x) => x.permute(2, 0, 1), inputs: rnd([2, 3, 2]) },
  { name: 'permute([-1, 0, 1]) of a transposed input', fn: (x) => x.permute([-1, 0, 1]), inputs: (r) => [r.randn([2, 3, 2], 'transposed')] },
  { name: 't()', fn: (x) => x.t(), inputs: rnd([2, 3]) },
  { name: 't() of a 1-d input', fn: (x) => x.t(), inputs: rnd([3]) },
  { name: 'mT', fn: (x) => x.mT, inputs: rnd([2, 2, 3]) },
  { name: 'T', fn: (x) => x.T, inputs: rnd([2, 3, 2]) },
  { name: 'movedim(0, -1)', fn: (x) => x.movedim(0, -1), inputs: rnd([2, 3, 2]) },
  { name: 'movedim([0, 1], [2, 0])', fn: (x) => x.movedim([0, 1], [2, 0]), inputs: rnd([2, 3, 2]) },
  { name: 'moveaxis(1, 0)', fn: (x) => x.moveaxis(1, 0), inputs: rnd([2, 3]) },
  { name: 'expand(2, -1, 3)', fn: (x) => x.expand(2, -1, 3), inputs: rnd([3, 1]) },
  { name: 'expand of a 0-d input', fn: (x) => x.expand([2, 3]), inputs: rnd([]) },
  { name: 'expand(2, 2, -1) adding dims', fn: (x) => x.expand(2, 2, -1), inputs: rnd([1, 3]) },
  { name: 'squeeze() of a 0-d input', fn: (x) => x.squeeze(), inputs: rnd([]) },
  { name: 'unsqueeze(-1) of a 0-d input', fn: (x) => x.unsqueeze(-1), inputs: rnd([]) },
  { name: 'movedim(-1, 0)', fn: (x) => x.movedim(-1, 0), inputs: rnd([2, 3, 2]) },
  { name: 'expandAs', fn: (x, y) => x.expandAs(y.detach()), inputs: (r) => [r.randn([1, 3]), r.randn([2, 3])] },
  { name: 'broadcastTo of a strided input', fn: (x) => x.broadcastTo([2, 2, 3]), inputs: (r) => [r.randn([3], 'strided')] },
];

const pickingCases: GradCase[] = [
  { name: 'narrow(1, 1, 2)', fn: (x) => x.narrow(1, 1, 2), inputs: rnd([2, 4]) },
  { name: 'narrow of a transposed input', fn: (x) => x.narrow(0, 1, 2), inputs: (r) => [r.randn([3, 2], 'transposed')] },
  { name: 'select(0, -1)', fn: (x) => x.select(0, -1), inputs: rnd([3, 2]) },
  { name: 'select(1, 0) of a 1-d input', fn: (x) => x.select(0, 1), inputs: rnd([3]) },
  { name: 'slice(1, 0, null, 2)', fn: (x) => x.slice(1, 0, null, 2), inputs: rnd([2, 5]) },
  { name: 'slice(0, -2)', fn: (x) => x.slice(0, -2), inputs: rnd([4, 2]) },
  { name: 'diagonal()', fn: (x) => x.diagonal(), inputs: rnd([3, 3]) },
  { name: 'diagonal(1)', fn: (x) => x.diagonal(1), inputs: rnd([3, 4]) },
  { name: 'diagonal(-1, 1, 2)', fn: (x) => x.diagonal(-1, 1, 2), inputs: rnd([2, 3, 3]) },
  { name: 'unfold(0, 2, 1) overlapping windows', fn: (x) => x.unfold(0, 2, 1), inputs: rnd([5]) },
  { name: 'unfold(1, 2, 2)', fn: (x) => x.unfold(1, 2, 2), inputs: rnd([2, 5]) },
  { name: 'unfold(-1, 3, 1) of a transposed input', fn: (x) => x.unfold(-1, 3, 1), inputs: (r) => [r.randn([2, 4], 'transposed')] },
  { name: 'unfold of a 0-d input', fn: (x) => x.unfold(0, 1, 1), inputs: rnd([]) },
  { name: 'asStrided non-overlapping', fn: (x) => x.asStrided([2, 2], [1, 3]), inputs: rnd([2, 3]) },
  { name: 'asStrided overlapping windows', fn: (x) => x.asStrided([3, 2], [1, 1]), inputs: rnd([4]) },
  { name: 'asStrided with an offset', fn: (x) => x.asStrided([2], [2], 1), inputs: rnd([2, 3]) },
  { name: 'asStrided of a view of a non-leaf', fn: (x) => x.mul(2).narrow(0, 1, 2).asStrided([2, 2], [1, 1]), inputs: rnd([3, 2]) },
  // as_strided reads the input's storage: its geometry is relative to the storage, not to the input's layout
  { name: 'asStrided of a transposed input', fn: (x) => x.asStrided([2, 2], [1, 2]), inputs: (r) => [r.randn([2, 3], 'transposed')] },
  { name: 'asStrided of a strided input, overlapping', fn: (x) => x.asStrided([2, 2], [1, 1], 1), inputs: (r) => [r.randn([4], 'strided')] },
  { name: 'unfold with gaps between windows', fn: (x) => x.unfold(0, 2, 3), inputs: rnd([7]) },
  { name: 'unfold of the whole dim', fn: (x) => x.unfold(1, 3, 1), inputs: rnd([2, 3]) },
  { name: 'diagonal(2) of a wide input', fn: (x) => x.diagonal(2), inputs: rnd([2, 4]) },
  { name: 'contiguous of a transposed input', fn: (x) => x.contiguous(), inputs: (r) => [r.randn([3, 2], 'transposed')] },
  { name: 'clone', fn: (x) => x.clone(), inputs: (r) => [r.randn([2, 3], 'strided')] },
];

// ---- index(): basic items are views, tensors and masks are advanced indexing ----
const indexCases: GradCase[] = [
  { name: 'index(int, slice)', fn: (x) => x.index(1, slice(0, null, 2)), inputs: rnd([3, 4]) },
  { name: 'index(null, ..., -1)', fn: (x) => x.index(null, '...', -1), inputs: rnd([2, 3, 2]) },
  { name: 'index() of nothing (an alias)', fn: (x) => x.index(), inputs: rnd([2, 2]) },
  { name: 'index(tensor) with repeats', fn: (x) => x.index(idx([2, 0, 2, -1])), inputs: rnd([3, 2]) },
  { name: 'index(slice, tensor)', fn: (x) => x.index(slice(), idx([[1, 0], [1, 1]])), inputs: rnd([2, 3]) },
  { name: 'index(tensor, tensor) broadcast', fn: (x) => x.index(idx([[0], [2]]), idx([1, 0, 1])), inputs: rnd([3, 2]) },
  { name: 'index(tensor, slice, tensor) (advanced dims apart)', fn: (x) => x.index(idx([0, 1]), slice(), idx([1, 1])), inputs: rnd([2, 2, 3]) },
  { name: 'index(bool mask)', fn: (x) => x.index(mask([[true, false, true], [false, true, true]])), inputs: rnd([2, 3]) },
  { name: 'index(..., bool mask over the last dim)', fn: (x) => x.index('...', mask([false, true, true])), inputs: rnd([2, 3]) },
  { name: 'index(int, tensor) of a transposed input', fn: (x) => x.index(0, idx([1, 1, 0])), inputs: (r) => [r.randn([3, 2], 'transposed')] },
];

// ---- copies and conversions ----
const copyCases: GradCase[] = [
  // copy_ replaces the destination: its old values get gradient zero, src (broadcast) gets it all
  { name: 'copy_ into a non-leaf, broadcast src', fn: (dst, src) => dst.mul(1).copy_(src), inputs: (r) => [r.randn([2, 3]), r.randn([3])] },
  { name: 'copy_ from a transposed src', fn: (dst, src) => dst.mul(1).copy_(src), inputs: (r) => [r.randn([3, 2]), r.randn([3, 2], 'transposed')] },
  { name: 'copy_ into a tensor that does not require grad', fn: (src) => src.detach().mul(0).copy_(src), inputs: rnd([2, 2]) },
  // fills replace the values: gradient zero for the old ones (a 0-d tensor value gets the sum)
  { name: 'fill_ with a 0-d tensor value', fn: (x, v) => x.mul(1).fill_(v), inputs: (r) => [r.randn([2, 3]), r.randn([])] },
  { name: 'fill_ with a number', fn: (x) => x.mul(2).fill_(1.5).add(x), inputs: rnd([2, 2]) },
  // random fills replace the values too (seeded, so that every evaluation draws the same)
  ...(['uniform_', 'normal_', 'bernoulli_'] as const).map((op) => ({
    name: `${op} on a non-leaf (seeded)`,
    fn: (x: Tensor) => {
      const generator = new Generator().manualSeed(7);
      const y = x.mul(1);
      if (op === 'uniform_') y.uniform_(0, 1, { generator });
      else if (op === 'normal_') y.normal_(0, 1, { generator });
      else y.bernoulli_(0.5, { generator });
      return y.add(x.mul(x));
    },
    inputs: rnd([3]),
  })),
  { name: 'zero_ on a clone', fn: (x) => x.clone().zero_().add(x.mul(x)), inputs: rnd([3]) },
  { name: 'copy_ a float32 src into float64', fn: (x) => x.mul(1).copy_(x.float()), inputs: rnd([2]), options: { eps: 1e-3, atol: 1e-3 } },
  { name: 'to(float64, copy)', fn: (x) => x.to('float64', { copy: true }), inputs: rnd([2, 3]) },
  { name: 'double() of float64 (identity)', fn: (x) => x.double().mul(1), inputs: rnd([2, 2]) },
  // through float32: finite differences need a larger step and tolerance
  { name: 'float() then double()', fn: (x) => x.float().double(), inputs: rnd([2, 3]), options: { eps: 1e-3, atol: 1e-3 } },
  { name: 'to({ dtype: float32 }) then to(float64)', fn: (x) => x.to({ dtype: 'float32' }).mul(2).to('float64'), inputs: rnd([3]), options: { eps: 1e-3, atol: 1e-3 } },
];

// ---- in place on views of non-leaves: the base's history becomes CopySlices ----
const inplaceCases: GradCase[] = [
  {
    name: 'narrow of a non-leaf, mul_(2), read the base',
    fn: (x) => {
      const y = x.mul(1);
      y.narrow(0, 0, 2).mul_(2);
      return y;
    },
    inputs: rnd([3, 2]),
  },
  {
    name: 'select of a non-leaf, exp_(), read the view and the base',
    fn: (x) => {
      const y = x.mul(1.5);
      const v = y.select(1, 1);
      v.exp_();
      return [v, y];
    },
    inputs: rnd([2, 3]),
  },
  {
    name: 'view add_(other requiring grad, broadcast)',
    fn: (x, z) => {
      const y = x.add(0);
      y.narrow(1, 1, 2).add_(z);
      return y.sin();
    },
    inputs: (r) => [r.randn([2, 3]), r.randn([2])],
  },
  {
    name: 'view of a view (narrow, select) mul_ with a saved input',
    fn: (x, z) => {
      const y = x.mul(1);
      y.narrow(0, 1, 2).select(1, 0).mul_(z);
      return y;
    },
    inputs: (r) => [r.randn([3, 2]), r.randn([2])],
  },
  {
    name: 'transposed view of a non-leaf, pow_(2)',
    fn: (x) => {
      const y = x.mul(1);
      y.t().narrow(0, 0, 1).pow_(2);
      return y;
    },
    inputs: rnd([2, 3]),
  },
  {
    name: 'copy_ into a view of a non-leaf',
    fn: (x, z) => {
      const y = x.mul(2);
      y.select(0, 1).copy_(z);
      return y;
    },
    inputs: (r) => [r.randn([2, 3]), r.randn([3])],
  },
  {
    name: 'two in-place ops on views, then a reduction',
    fn: (x) => {
      // (not exp: it saves its result, which the in-place ops would modify)
      const y = x.mul(x);
      y.narrow(0, 0, 1).mul_(3);
      y.narrow(1, 1, 1).sigmoid_();
      return y.sum(0);
    },
    inputs: rnd([2, 2]),
  },
  {
    name: 'view of a view of a non-leaf, addcmul_',
    fn: (x, a) => {
      const y = x.mul(1);
      y.slice(1, 0, null, 2).addcmul_(a, a, { value: 0.5 });
      return y;
    },
    inputs: (r) => [r.randn([2, 4]), r.randn([2, 2])],
  },
  {
    name: 'in place on a non-leaf (not a view), then on its view',
    fn: (x) => {
      const y = x.mul(1);
      y.tanh_();
      y.select(0, 0).mul_(y.select(0, 1).add(1));
      return y;
    },
    inputs: rnd([2, 3]),
  },
  {
    name: 'diagonal of a squeezed non-leaf, mul_(-1)',
    fn: (x) => {
      const y = x.unsqueeze(0).mul(1);
      y.squeeze(0).diagonal().mul_(-1);
      return y;
    },
    inputs: rnd([3, 3]),
  },
];

/** y = x * 1, then write(y) modifies y through views in place; the case returns what out(y) picks. */
const onNonLeaf = (name: string, shape: number[], write: (y: Tensor, ...others: Tensor[]) => Tensor | void, others: number[][] = []): GradCase => ({
  name,
  fn: (x, ...o) => {
    const y = x.mul(1);
    return write(y, ...o) ?? y;
  },
  inputs: (r) => [r.randn(shape), ...others.map((s) => r.randn(s))],
});
inplaceCases.push(
  onNonLeaf('add_ of itself (not a view)', [3], (y) => void y.add_(y)),
  onNonLeaf('narrow add_ of a disjoint narrow of the same base', [3], (y) => void y.narrow(0, 0, 1).add_(y.narrow(0, 2, 1))),
  // the intermediate view v holds the written region: its history must follow the write
  onNonLeaf('select of a transposed view sin_(), then read the transposed view', [2, 2], (y) => {
    const v = y.t();
    v.select(0, 1).sin_();
    return v.sum(0).mul(y.sum());
  }),
  onNonLeaf('copy_ into a select of an unsqueezed view, return the unsqueezed view', [2, 2], (y, z) => {
    const u = y.unsqueeze(0);
    u.select(0, 0).select(0, 1).copy_(z);
    return u;
  }, [[2]]),
  onNonLeaf('in place through a view, on the base, then through another view', [2, 2], (y) => {
    y.narrow(0, 0, 1).mul_(2);
    y.mul_(3);
    y.narrow(0, 1, 1).add_(1);
  }),
  onNonLeaf('indexPut_ on a view', [3, 2], (y, v) => void y.narrow(0, 0, 2).indexPut_([idx([1])], v), [[2]]),
  onNonLeaf('maskedFill_ on a view', [2, 2], (y) => void y.select(1, 0).maskedFill_(mask([true, false]), 0)),
  onNonLeaf('zero_ on a view', [2, 2], (y) => void y.select(1, 0).zero_()),
  onNonLeaf('fill_(0-d tensor) on a view', [2, 2], (y, v) => void y.select(1, 0).fill_(v), [[]]),
  onNonLeaf('addmm_ on a view', [3, 2], (y, a) => void y.narrow(0, 0, 2).addmm_(a, a), [[2, 2]]),
  onNonLeaf('exp_ on a narrow of view(-1)', [2, 2], (y) => void y.view(-1).narrow(0, 1, 2).exp_()),
  onNonLeaf('mul_ on non-overlapping unfold windows', [4], (y) => void y.unfold(0, 2, 2).mul_(2)),
  onNonLeaf('mul_ on index(1)', [2, 2], (y) => void y.index(1).mul_(5)),
  onNonLeaf('mul_ on an asStrided view', [2, 2], (y) => void y.asStrided([2], [2], 1).mul_(5)),
);

assertGradChecks('reshaping views', reshapingCases);
assertGradChecks('picking views', pickingCases);
assertGradChecks('index()', indexCases);
assertGradChecks('copies and conversions', copyCases);
assertGradChecks('in place on views (CopySlices)', inplaceCases);

// A view whose relation to its base is unknown cannot be replayed on the base: in-place ops on it
// must throw (PyTorch refuses them too) rather than put the gradient in the wrong place.
describe('in place on views that cannot be replayed on their base', () => {
  const CASES: [string, (y: Tensor) => Tensor][] = [
    ['a narrow of an unbind output', (y) => y.unbind(0)[1].narrow(0, 0, 1)],
    ['a split output', (y) => y.split(1, 0)[0]],
    ['a view made under noGrad', (y) => ag.noGrad(() => y.narrow(0, 0, 1))],
  ];
  test.each(CASES)('%s', (_name, makeView) => {
    const x = new Rng().randn([3, 2]);
    const y = x.mul(1);
    expect(() => makeView(y).mul_(x.select(0, 0).sum())).toThrow(/modified in-place/);
  });
});

test('a view of a detach()ed alias is a view of the alias, which may get a history of its own (as in PyTorch)', () => {
  const x = new Rng().randn([3, 2]);
  const y = x.mul(1);
  const alias = y.detach();
  alias.narrow(0, 1, 1).mul_(x.select(0, 0).sum());
  expect(alias.gradFn!.name).toBe('CopySlices');
  expect(y.version).toBe(1); // the memory is shared: y's saved uses would see the write
});

// Views and bases that change history through in-place writes elsewhere (a base without grad
// given one through a view; views made before the write follow the base's new history).
describe('in place: views follow the history of their base', () => {
  const GAPS: GradCase[] = [
    {
      // the base has no history until a value requiring grad is written into its view
      name: 'write a value requiring grad into a view of zeros (base without grad)',
      fn: (x) => {
        const y = ag.zeros([4, 2], { dtype: 'float64' });
        y.narrow(0, 1, 3).copy_(x);
        return y;
      },
      inputs: rnd([3, 2]),
    },
    {
      // the view's history is regenerated from the base after the base is modified in place
      name: 'read a view made before an in-place op on its base',
      fn: (x) => {
        const y = x.mul(1);
        const v = y.narrow(0, 0, 1);
        y.mul_(2);
        return v;
      },
      inputs: rnd([3, 2]),
    },
    {
      name: 'read a view made before an in-place op on an overlapping view',
      fn: (x) => {
        const y = x.mul(1);
        const a = y.narrow(0, 0, 2);
        const b = y.narrow(0, 1, 2);
        a.mul_(2);
        return b;
      },
      inputs: rnd([3, 2]),
    },
  ];
  test.each(GAPS.map((c) => [c.name, c] as const))('%s', (_name, c) => checkGrad(c));
});

describe('in place on a view of a leaf that requires grad', () => {
  test('throws before writing anything', () => {
    const x = ag.tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    expect(() => x.narrow(0, 0, 2).mul_(5)).toThrow(/leaf Variable that requires grad/);
    expect(x.toArray()).toEqual([1, 2, 3]);
  });
});
