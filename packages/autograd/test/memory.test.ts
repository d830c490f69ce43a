// Memory: a plain synchronous training loop (no awaits, no dispose) keeps RSS bounded, because
// backward drops saved tensors and the GC frees native memory.
import * as ag from '@typetorch/autograd';
import * as th from '@typetorch/th';

test('10k forward/backward steps of a small MLP keep RSS bounded', () => {
  const gen = new th.Generator().manualSeed(1);
  const x = ag.randn([32, 64], { generator: gen });
  const labels = ag.randint(0, 10, [32, 1], { generator: gen });
  const w1 = ag.randn([64, 128], { generator: gen }).mul(0.1).requiresGrad_();
  const b1 = ag.zeros([128], { requiresGrad: true });
  const w2 = ag.randn([128, 10], { generator: gen }).mul(0.1).requiresGrad_();
  const b2 = ag.zeros([10], { requiresGrad: true });
  const params = [w1, b1, w2, b2];
  const step = (): number => {
    const h = x.matmul(w1).add(b1).clampMin(0);
    const logits = h.matmul(w2).add(b2);
    const logp = logits.sub(logits.logsumexp(1, true));
    const loss = logp.gather(1, labels).neg().mean();
    for (const p of params) p.grad = null;
    loss.backward();
    ag.noGrad(() => {
      for (const p of params) p.sub_(p.grad!.mul(0.05));
    });
    return Number(loss.item());
  };
  const first = step();
  for (let i = 0; i < 500; i++) step();
  const before = process.memoryUsage().rss;
  let peak = before;
  let last = first;
  for (let i = 0; i < 10000; i++) {
    last = step();
    if (i % 500 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  const mb = (n: number): string => (n / 2 ** 20).toFixed(0);
  console.log(`10k MLP steps: RSS ${mb(before)} MB after warm-up, peak ${mb(peak)} MB (grew ${mb(peak - before)} MB); loss ${first.toFixed(3)} -> ${last.toFixed(3)}`);
  expect(last).toBeLessThan(first);
  expect(peak - before).toBeLessThan(200 * 2 ** 20);
});

describe('tidy', () => {
  test('frees what it does not return, and keeps what backward of the result needs', () => {
    const w = ag.tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    const before = th.memoryStats().liveTensors;
    let scratch: ag.Tensor | null = null;
    const loss = ag.tidy(() => {
      scratch = ag.ones([3]).mul(5);
      const h = w.mul(w).exp(); // saves w and exp's result
      return h.log().sum();
    });
    expect(scratch!.isDisposed).toBe(true);
    expect(th.memoryStats().liveTensors - before).toBeLessThan(10);
    loss.backward();
    (w.grad!.toArray() as number[]).forEach((v, i) => expect(v).toBeCloseTo(2 * (i + 1), 12));
  });
  test('in noGrad parameter updates nothing is left behind', () => {
    const p = ag.ones([4], { requiresGrad: true });
    p.grad = ag.ones([4]);
    const before = th.memoryStats().liveTensors;
    for (let i = 0; i < 10; i++) ag.tidy(() => ag.noGrad(() => p.sub_(p.grad!.mul(0.1))));
    expect(th.memoryStats().liveTensors).toBe(before);
    expect((p.toArray() as number[])[0]).toBeCloseTo(0, 5);
  });
});
