// scatterReduce (against PyTorch), put, maskedScatter, repeatInterleave and the in-place
// indexing forms (gradcheck).
import * as ag from '@typetorch/autograd';
import * as th from '@typetorch/th';
import fixture from './fixtures/scatter_reduce.json';

const f64 = { dtype: 'float64' as const };
const gen = new th.Generator().manualSeed(5);
const rand = (shape: number[]): ag.Tensor => ag.randn(shape, { ...f64, generator: gen, requiresGrad: true });
const close = (t: ag.Tensor | null, expected: number[]): void => {
  const got = t!.toArray() as number[];
  expect(got.length).toBe(expected.length);
  got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
};

describe(`scatterReduce against PyTorch ${fixture.torch}`, () => {
  test.each(fixture.cases.map((c) => [`${c.reduce}, includeSelf ${c.includeSelf}`, c] as const))('%s', (_name, c) => {
    const self = ag.tensor(fixture.self, { ...f64, requiresGrad: true });
    const src = ag.tensor(fixture.src, { ...f64, requiresGrad: true });
    const index = ag.tensor(fixture.index, { dtype: 'int64' });
    const r = self.scatterReduce(0, index, src, c.reduce as 'sum', { includeSelf: c.includeSelf });
    close(r, c.result);
    r.mul(ag.tensor(fixture.weights, f64)).sum().backward();
    close(self.grad, c.gradSelf);
    close(src.grad, c.gradSrc);
  });
  test.each(['sum', 'mean', 'amax', 'amin', 'prod'] as const)('gradcheck, 2-d, %s', (reduce) => {
    const index = ag.tensor([[0, 1, 0], [1, 1, 0]], { dtype: 'int64' });
    expect(ag.gradcheck((s, src) => s.scatterReduce(1, index, src, reduce), [rand([2, 3]), rand([2, 3])])).toBe(true);
  });
});

describe('put, maskedScatter, repeatInterleave, in-place forms', () => {
  const index = ag.tensor([[0, 2], [1, 5]], { dtype: 'int64' });
  test('put (and accumulate)', () => {
    expect(ag.gradcheck((x, s) => x.put(index, s), [rand([2, 3]), rand([2, 2])])).toBe(true);
    expect(ag.gradcheck((x, s) => x.put(index, s, { accumulate: true }), [rand([2, 3]), rand([2, 2])])).toBe(true);
  });
  test('maskedScatter with a broadcast mask and a larger source', () => {
    const mask = ag.tensor([true, false, true], { dtype: 'bool' });
    expect(ag.gradcheck((x, s) => x.maskedScatter(mask, s), [rand([2, 3]), rand([7])])).toBe(true);
  });
  test('repeatInterleave by a count, by per-element counts, flattened', () => {
    expect(ag.gradcheck((x) => x.repeatInterleave(2, 1), [rand([2, 3])])).toBe(true);
    const reps = ag.tensor([1, 0, 3], { dtype: 'int64' });
    expect(ag.gradcheck((x) => x.repeatInterleave(reps, 1), [rand([2, 3])])).toBe(true);
    expect(ag.gradcheck((x) => x.repeatInterleave(2), [rand([2, 2])])).toBe(true);
    expect(rand([2, 3]).repeatInterleave(reps, 1).shape).toEqual([2, 4]);
  });
  test.each([
    ['indexCopy_', (y: ag.Tensor, s: ag.Tensor) => y.indexCopy_(1, ag.tensor([2, 0], { dtype: 'int64' }), s)],
    ['indexFill_', (y: ag.Tensor) => y.indexFill_(1, ag.tensor([1], { dtype: 'int64' }), 0.5)],
    ['scatter_', (y: ag.Tensor, s: ag.Tensor) => y.scatter_(1, ag.tensor([[2, 0], [1, 0]], { dtype: 'int64' }), s)], // no repeated targets: which write wins is unspecified
    ['scatterAdd_', (y: ag.Tensor, s: ag.Tensor) => y.scatterAdd_(1, ag.tensor([[2, 0], [1, 1]], { dtype: 'int64' }), s)],
    ['scatterReduce_', (y: ag.Tensor, s: ag.Tensor) => y.scatterReduce_(1, ag.tensor([[2, 0], [1, 1]], { dtype: 'int64' }), s, 'amax')],
    ['put_', (y: ag.Tensor, s: ag.Tensor) => y.put_(index, s)],
    ['maskedScatter_', (y: ag.Tensor, s: ag.Tensor) => y.maskedScatter_(ag.tensor([[true, false, true], [false, true, false]], { dtype: 'bool' }), s.reshape([-1]))],
  ] as const)('%s on a non-leaf', (_name, op) => {
    expect(ag.gradcheck((x, s) => op(x.mul(1), s), [rand([2, 3]), rand([2, 2])])).toBe(true);
  });
  test('in-place forms refuse leaves that require grad', () => {
    expect(() => rand([2, 3]).indexFill_(1, ag.tensor([0], { dtype: 'int64' }), 1)).toThrow(/leaf Variable/);
  });
});
