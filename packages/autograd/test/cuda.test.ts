// Autograd on CUDA tensors (@typetorch/thc): gradients computed on the device match finite
// differences, and mixing devices gives PyTorch's error. Skipped (and counted as skipped) where no
// GPU can be used; TYPETORCH_REQUIRE_GPU=1 (npm run test:gpu) makes them run instead.
import * as ag from '@typetorch/autograd';
import { describeGpu } from './gpu';

describeGpu('autograd on the GPU', () => {
  const f64 = { dtype: 'float64' as const, device: 'cuda' as const };

  test('tensors and gradients stay on the device', () => {
    const x = ag.tensor([1, 2, 3], { ...f64, requiresGrad: true });
    expect(x.device).toBe('cuda:0');
    const y = x.mul(x).sum();
    y.backward();
    expect(x.grad!.device).toBe('cuda:0');
    expect(x.grad!.cpu().toArray()).toEqual([2, 4, 6]);
  });

  test('gradcheck in float64 on CUDA', () => {
    const a = ag.randn([3, 4], { ...f64, requiresGrad: true });
    const b = ag.randn([4, 2], { ...f64, requiresGrad: true });
    expect(ag.gradcheck((p: ag.Tensor, q: ag.Tensor) => p.matmul(q).tanh().sum(1), [a, b])).toBe(true);
    expect(ag.gradcheck((p: ag.Tensor) => p.exp().logsumexp(0), [a])).toBe(true);
  });

  test('moving between devices is differentiable', () => {
    const x = ag.tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const y = x.cuda().mul(3).cpu().sum();
    y.backward();
    expect(x.grad!.device).toBe('cpu');
    expect(x.grad!.toArray()).toEqual([3, 3]);
  });

  test("mixing devices raises PyTorch's error", () => {
    const c = ag.ones([2], { device: 'cuda' });
    expect(() => c.add(ag.ones([2]))).toThrow(/Expected all tensors to be on the same device, but found at least two devices/);
  });
});
