// quantile/nanquantile gradients (finite differences, and PyTorch's values where NaN decides),
// nanmedian, and the counting ops (no gradient).
import * as ag from '@typetorch/autograd';
import * as th from '@typetorch/th';

const gen = new th.Generator().manualSeed(11);
const rand = (shape: number[]): ag.Tensor => ag.randn(shape, { dtype: 'float64', generator: gen, requiresGrad: true });
const modes = ['linear', 'lower', 'higher', 'midpoint', 'nearest'] as const;

describe('quantile', () => {
  test.each(modes)('gradcheck, interpolation %s, over a dim and over all', (interpolation) => {
    const x = rand([3, 5]);
    expect(ag.gradcheck((t) => t.quantile(0.3, 1, false, { interpolation }), [x])).toBe(true);
    expect(ag.gradcheck((t) => t.quantile(0.7, 0, true, { interpolation }), [x])).toBe(true);
    expect(ag.gradcheck((t) => t.quantile(0.45, null, false, { interpolation }), [x])).toBe(true);
  });
  test('a tensor of q values adds a leading dim', () => {
    const x = rand([2, 6]);
    const q = ag.tensor([0.1, 0.5, 0.9], { dtype: 'float64' });
    expect(x.quantile(q, 1).shape).toEqual([3, 2]);
    expect(ag.gradcheck((t) => t.quantile(q, 1), [x])).toBe(true);
  });
  test('nanquantile skips NaN; the gradient goes to valid elements only (PyTorch 1.13 values)', () => {
    // torch.tensor([[1., nan, 3., 2.], [4., 5., nan, nan]], requires_grad=True).nanquantile(0.5, 1).sum().backward()
    // -> values [2., 4.5], grad [[0, 0, 0, 1], [0.5, 0.5, 0, 0]]
    const x = ag.tensor([[1, NaN, 3, 2], [4, 5, NaN, NaN]], { dtype: 'float64', requiresGrad: true });
    const y = x.nanquantile(0.5, 1);
    expect(y.toArray()).toEqual([2, 4.5]);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([[0, 0, 0, 1], [0.5, 0.5, 0, 0]]);
  });
});

describe('nanmedian and the counting ops', () => {
  test('nanmedian(dim) sends the gradient to the picked index; nanmedian() to the median', () => {
    const x = ag.tensor([[3, NaN, 1], [2, 5, 4]], { dtype: 'float64', requiresGrad: true });
    x.nanmedian(1).values.sum().backward();
    expect(x.grad!.toArray()).toEqual([[0, 0, 1], [0, 0, 1]]);
    x.grad = null;
    x.nanmedian().backward();
    expect(x.grad!.toArray()).toEqual([[1, 0, 0], [0, 0, 0]]);
  });
  test('unique, histc and bincount return tensors without grad', () => {
    const x = ag.tensor([3, 1, 3, 2], { requiresGrad: true });
    const u = x.unique() as ag.Tensor;
    expect(u.toArray()).toEqual([1, 2, 3]);
    expect(u.requiresGrad).toBe(false);
    expect(x.histc(3, 1, 3).toArray()).toEqual([1, 1, 2]);
    expect(ag.tensor([0, 2, 2], { dtype: 'int64' }).bincount().toArray()).toEqual([1, 0, 2]);
  });
});
