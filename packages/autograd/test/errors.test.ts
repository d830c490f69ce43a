// Bad input through the autograd layer: clear errors (from TH or from autograd), never a crash,
// and nothing recorded for a failed op.
import * as ag from '@typetorch/autograd';

const t = (v: number[], requiresGrad = true): ag.Tensor => ag.tensor(v, { requiresGrad });

describe('bad input', () => {
  test.each([
    ['matmul shapes (both in the message)', () => ag.ones([2, 3], { requiresGrad: true }).matmul(ag.ones([4, 5])), /2x3 and 4x5/],
    ['cat of mismatched shapes', () => ag.cat([ag.ones([2, 3], { requiresGrad: true }), ag.ones([2, 4])], 0), /Sizes of tensors must match|size/i],
    ['cat of a non-tensor', () => ag.cat([t([1]), 3 as never]), /expected a Tensor at position 1/],
    ['an index out of range, with the index and the size', () => t([1, 2, 3]).indexSelect(0, ag.tensor([5], { dtype: 'int64' })), /5.*3|out of range/],
    ['a float index tensor', () => t([1, 2, 3]).gather(0, ag.tensor([0.5])), /int64|Long|index/i],
    ['a dim out of range', () => t([1, 2]).sum(3), /Dimension out of range/],
    ['view with a wrong size', () => t([1, 2, 3]).view([2, 2]), /invalid|shape/i],
    ['broadcasting mismatch', () => t([1, 2, 3]).add(t([1, 2])), /size of tensor a \(3\) must match the size of tensor b \(2\)/],
    ['singular matrix in solve', () => ag.linalg.solve(ag.zeros([2, 2], { requiresGrad: true }), ag.ones([2, 1])), /singular/i],
    ['backward with a non-tensor gradient', () => t([1, 2]).mul(2).backward([1, 1] as never), /gradient must be a Tensor/],
    ['gradcheck of float32 inputs', () => ag.gradcheck((x) => x.exp(), [t([1, 2])]), /needs float64 inputs/],
    ['an unknown dtype in to()', () => t([1]).to('float128' as never), /unknown dtype/],
  ])('%s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });
  test('a disposed tensor throws when used, also when backward needs it', () => {
    const x = t([1, 2]);
    const y = x.sin(); // saves x for backward
    x.dispose();
    expect(() => x.add(1)).toThrow(/disposed/);
    expect(() => y.sum().backward()).toThrow(/disposed/);
  });
  test('NaN flows like in PyTorch (no error) unless detectAnomaly', () => {
    const x = t([NaN, 1]);
    x.mul(2).sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 2]);
  });
  test('a failed op records nothing and leaves its inputs usable', () => {
    const x = t([1, 2, 3]);
    expect(() => x.view([5])).toThrow();
    x.sum().backward();
    expect(x.grad!.toArray()).toEqual([1, 1, 1]);
  });
});
