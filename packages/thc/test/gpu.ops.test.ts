// On a GPU: every family of TH ops run on CUDA tensors gives TH's result on the same inputs.
// Without a usable GPU these tests are skipped (and counted as skipped); `npm run test:gpu` sets
// TYPETORCH_REQUIRE_GPU=1, which makes them run, and fail, instead.
import * as th from '@typetorch/th';
import { cuda } from '@typetorch/thc';
import { describeGpu } from './gpu';

type T = th.Tensor;
/** Runs f on host tensors and on their CUDA copies; the CUDA result, brought back, must match. */
function same(inputs: T[], f: (...xs: T[]) => T, tol = 1e-5): void {
  const host = f(...inputs);
  const dev = f(...inputs.map((x) => x.cuda()));
  expect(dev.device).toBe('cuda:0');
  const back = dev.cpu();
  expect(back.dtype).toBe(host.dtype);
  expect(back.shape).toEqual(host.shape);
  if (host.dtype === 'bool' || /int/.test(host.dtype)) expect(back.toArray()).toEqual(host.toArray());
  else {
    const a = host.toTypedArray() as Float32Array;
    const b = back.toTypedArray() as Float32Array;
    for (let i = 0; i < a.length; i++) {
      if (Number.isNaN(a[i])) expect(Number.isNaN(b[i])).toBe(true);
      else expect(Math.abs(b[i] - a[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(a[i])));
    }
  }
}

const g = () => new th.Generator().manualSeed(7);
const randn = (...shape: number[]) => th.randn(shape, { generator: g() });

describeGpu('CUDA tensors give TH results', () => {
  test('devices, copies and dtypes', () => {
    const x = randn(3, 4);
    const d = x.cuda();
    expect(d.isCuda).toBe(true);
    expect(d.toArray()).toEqual(x.toArray());
    expect(d.to('float64').cpu().toArray()).toEqual(x.to('float64').toArray());
    expect(d.t().contiguous().cpu().toArray()).toEqual(x.t().contiguous().toArray());
    // views that copy when the strides allow no view: the copy runs on the device
    expect(d.t().flatten().cpu().toArray()).toEqual(x.t().flatten().toArray());
    expect(d.t().reshape([12]).cpu().toArray()).toEqual(x.t().reshape([12]).toArray());
    expect(d.t().clone().cpu().toArray()).toEqual(x.t().clone().toArray());
    expect(th.zeros([2, 2], { device: 'cuda' }).cpu().toArray()).toEqual([[0, 0], [0, 0]]);
    expect(th.arange(5, { device: 'cuda' }).cpu().toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(th.tensor([1, 2], { device: 'cuda:0' }).device).toBe('cuda:0');
    const p = x.pinMemory();
    expect(p.isPinned()).toBe(true);
    expect(p.cuda(null, { nonBlocking: true }).cpu().toArray()).toEqual(x.toArray());
    expect(x.cuda(0, { nonBlocking: true }).cpu().toArray()).toEqual(x.toArray());
  });

  test('elementwise (broadcast, non-contiguous, scalars)', () => {
    const a = randn(4, 5);
    const b = randn(5);
    same([a, b], (x, y) => x.add(y, { alpha: 2 }));
    same([a, b], (x, y) => x.mul(y).sub(1).div(y));
    same([a], (x) => x.t().exp());
    for (const op of ['sin', 'tanh', 'sigmoid', 'abs', 'sqrt', 'log1p', 'erf'] as const) same([a], (x) => x[op]());
    same([a, b], (x, y) => x.maximum(y));
    same([a], (x) => x.gt(0));
    same([a], (x) => x.clamp(-0.5, 0.5));
    same([a, b], (x, y) => th.where(x.gt(0), x, y));
    same([a.to('float16')], (x) => x.mul(3).float(), 1e-3);
    same([th.arange(10, { dtype: 'int64' })], (x) => x.remainder(3).bitwiseXor(5));
  });

  test('reductions and scans', () => {
    const a = randn(64, 33);
    same([a], (x) => x.sum());
    same([a], (x) => x.sum(1));
    same([a], (x) => x.mean(0, true));
    same([a], (x) => x.amax(1));
    same([a], (x) => x.argmax(0));
    same([a], (x) => x.var(1));
    same([a], (x) => x.logsumexp(1));
    same([a], (x) => x.norm());
    same([a], (x) => x.cumsum(1));
    same([randn(1 << 20)], (x) => x.sum(), 1e-3);
  });

  test('products', () => {
    same([randn(33, 17), randn(17, 9)], (x, y) => x.matmul(y), 1e-4);
    same([randn(4, 8, 5), randn(4, 5, 3)], (x, y) => x.bmm(y), 1e-4);
    same([randn(7), randn(7)], (x, y) => x.dot(y), 1e-4);
  });

  test('indexing, joining, sorting', () => {
    const a = randn(6, 5);
    const idx = th.tensor([4, 0, 2], { dtype: 'int64' });
    same([a, idx], (x, i) => x.indexSelect(1, i));
    same([a], (x) => th.cat([x, x], 0));
    same([a], (x) => x.sort({ dim: 1 }).values);
    same([a], (x) => x.topk(2, 1).indices);
    // rows longer than a block sorts take the radix select; rounding makes ties, as do NaNs
    const long = randn(3, 6000).mul(4).round();
    long.select(0, 1).narrow(0, 100, 50).fill_(NaN);
    for (const f of [
      (x: T) => x.topk(7, 1).indices,
      (x: T) => x.topk(3000, 1, false).values,
      (x: T) => x.kthvalue(1234, 1).indices,
      (x: T) => x.kthvalue(6000, 1, true).values,
      (x: T) => x.median(1).indices,
      (x: T) => x.median(1).values,
      (x: T) => x.nanmedian(1).indices,
      (x: T) => x.nanmedian(),
    ])
      same([long], f);
    same([a], (x) => x.gt(0).nonzero());
    expect(() => a.cuda().indexSelect(1, th.tensor([9], { dtype: 'int64' }).cuda())).toThrow(/out of range/);
    expect(a.cuda().sum().item()).toBeCloseTo(a.sum().item() as number, 4);
  });

  test('random: reproducible on the device for a seed', () => {
    cuda.manualSeed(123);
    const r1 = th.rand([1000], { device: 'cuda' }).cpu();
    cuda.manualSeed(123);
    const r2 = th.rand([1000], { device: 'cuda' }).cpu();
    expect(r1.toArray()).toEqual(r2.toArray());
    const m = r1.mean().item() as number;
    expect(m).toBeGreaterThan(0.45);
    expect(m).toBeLessThan(0.55);
  });

  test('mixing devices raises PyTorch\'s error', () => {
    const d = th.ones([2], { device: 'cuda' });
    expect(() => d.add(th.ones([2]))).toThrow(/Expected all tensors to be on the same device, but found at least two devices/);
    expect(() => th.ones([2]).add(d)).toThrow(/Expected all tensors to be on the same device/);
    expect(d.add(th.tensor(1)).cpu().toArray()).toEqual([2, 2]); // a 0-d host tensor is a scalar
    expect(() => d.asTypedArray()).toThrow(/can't view cuda:0 memory from JS/);
  });

  // needs two devices (the emulator has two); with one it is skipped, and counted as skipped
  (cuda.deviceCount() >= 2 ? test : test.skip)('ops on a device that is not the current one run there', () => {
    expect(cuda.currentDevice()).toBe(0);
    const x = randn(4, 4).to('float64');
    const d = x.to('cuda:1');
    const results: [string, T, T][] = [
      ['add', d.add(1), x.add(1)],
      ['sum', d.sum(1), x.sum(1)],
      ['matmul', d.matmul(d), x.matmul(x)],
      ['sort', d.sort(0).values, x.sort(0).values],
      ['cat', th.cat([d, d]), th.cat([x, x])],
    ];
    for (const [name, got, want] of results) {
      expect([name, got.device]).toEqual([name, 'cuda:1']);
      const err = Number(got.cpu().sub(want).abs().max().item()); /* cuBLAS may round matmul differently */
      expect({ name, err, ok: err <= 1e-12 }).toEqual({ name, err, ok: true });
    }
    expect(cuda.currentDevice()).toBe(0);
  });

  test('memory: the caching allocator counts and returns memory', () => {
    cuda.emptyCache();
    cuda.resetPeakMemoryStats();
    const before = cuda.memoryAllocated();
    const x = th.empty([1 << 20], { device: 'cuda' });
    expect(cuda.memoryAllocated()).toBeGreaterThanOrEqual(before + 4 * (1 << 20));
    expect(cuda.maxMemoryAllocated()).toBeGreaterThanOrEqual(cuda.memoryAllocated());
    expect(cuda.memoryReserved()).toBeGreaterThanOrEqual(cuda.memoryAllocated());
    x.dispose();
    expect(cuda.memoryAllocated()).toBe(before);
    cuda.emptyCache();
    expect(cuda.memoryStats()['num_device_alloc']).toBeGreaterThan(0);
  });

  test('streams and events', () => {
    const s = new cuda.Stream();
    const start = new cuda.Event({ enableTiming: true });
    const end = new cuda.Event({ enableTiming: true });
    const r = cuda.streamContext(s, () => {
      start.record();
      const y = th.ones([1 << 20], { device: 'cuda' }).mul(2).sum();
      end.record();
      return y;
    });
    end.synchronize();
    expect(end.query()).toBe(true);
    expect(start.elapsedTime(end)).toBeGreaterThanOrEqual(0);
    s.synchronize();
    expect(r.item()).toBe(2 * (1 << 20));
    expect(cuda.currentStream().equals(cuda.defaultStream())).toBe(true);
  });
});
