import * as ag from '@typetorch/autograd';

const { tensor } = ag;
const arr = (t: ag.Tensor | null) => (t === null ? null : t.toArray());

describe('backward basics', () => {
  test('x*y + sum', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = tensor([4, 5, 6], { requiresGrad: true });
    const z = x.mul(y).add(x).sum();
    expect(z.gradFn!.name).toBe('SumBackward1');
    z.backward();
    expect(arr(x.grad)).toEqual([5, 6, 7]);
    expect(arr(y.grad)).toEqual([1, 2, 3]);
  });
  test('broadcasting reduces back', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
    const b = tensor([1, 1, 1], { requiresGrad: true });
    x.add(b).mul(2).sum().backward();
    expect(arr(b.grad)).toEqual([4, 4, 4]);
    expect(arr(x.grad)).toEqual([[2, 2, 2], [2, 2, 2]]);
  });
  test('matmul', () => {
    const a = ag.randn([3, 4], { dtype: 'float64', requiresGrad: true });
    const b = ag.randn([4, 2], { dtype: 'float64', requiresGrad: true });
    expect(ag.gradcheck((p, q) => p.matmul(q), [a, b])).toBe(true);
  });
});
