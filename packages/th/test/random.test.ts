// Generators and samplers: the Generator API, statistical tests of every distribution (fixed
// seeds, so deterministic; thresholds at significance ~0.001 that a constant or shifted sampler
// fails, which the "the tests have teeth" block checks), thread-count independence, bad input.
import * as th from '@typetorch/th';
import {
  chiSquare,
  chiSquareCritical,
  counts,
  ksCritical,
  ksStatistic,
  meanVar,
  normalCdf,
  values,
} from './random-utils';

const gen = (seed: number): th.Generator => new th.Generator().manualSeed(seed);
const minOf = (xs: number[]): number => xs.reduce((a, b) => Math.min(a, b), Infinity);
const maxOf = (xs: number[]): number => xs.reduce((a, b) => Math.max(a, b), -Infinity);

/** Problems with a sample that should be N(mean, std) (empty: looks normal). */
function normalProblems(xs: number[], mean: number, std: number): string[] {
  const n = xs.length;
  const { mean: m, variance: v } = meanVar(xs);
  const p: string[] = [];
  if (Math.abs(m - mean) > 4 * (std / Math.sqrt(n))) p.push(`mean ${m} vs ${mean}`);
  // the variance of the sample variance of a normal is 2 sigma^4 / (n - 1)
  if (Math.abs(v - std * std) > 4 * std * std * Math.sqrt(2 / (n - 1))) p.push(`variance ${v} vs ${std * std}`);
  const d = ksStatistic(xs, normalCdf(mean, std));
  if (d > ksCritical(n)) p.push(`KS ${d} > ${ksCritical(n)}`);
  return p;
}

/** Problems with a sample that should be uniform on [lo, hi). */
function uniformProblems(xs: number[], lo: number, hi: number, bins = 100): string[] {
  const p: string[] = [];
  const n = xs.length;
  const w = hi - lo;
  if (xs.some((x) => x < lo || x >= hi)) p.push('values outside [lo, hi)');
  const { mean, variance } = meanVar(xs);
  if (Math.abs(mean - (lo + hi) / 2) > 4 * w * Math.sqrt(1 / 12 / n)) p.push(`mean ${mean}`);
  // uniform: mu4 = w^4 / 80, sigma^2 = w^2 / 12
  if (Math.abs(variance - (w * w) / 12) > 4 * Math.sqrt((Math.pow(w, 4) / 80 - Math.pow(w, 4) / 144) / n)) p.push(`variance ${variance}`);
  const c = counts(xs, bins, (x) => Math.min(bins - 1, Math.max(0, Math.floor(((x - lo) / w) * bins))));
  const chi = chiSquare(c, new Array(bins).fill(n / bins));
  if (chi > chiSquareCritical(bins - 1)) p.push(`chi-square ${chi} > ${chiSquareCritical(bins - 1)}`);
  const d = ksStatistic(xs, (x) => Math.min(1, Math.max(0, (x - lo) / w)));
  if (d > ksCritical(n)) p.push(`KS ${d}`);
  return p;
}

describe('Generator', () => {
  test('a new generator starts from PyTorch default seed; manualSeed returns it', () => {
    const g = new th.Generator();
    expect(g.initialSeed()).toBe(67280421310721);
    expect(g.manualSeed(5)).toBe(g);
    expect(g.initialSeed()).toBe(5);
    expect(g.device).toBe('cpu');
  });
  test('the same seed gives the same numbers; different seeds differ', () => {
    const a = th.rand([100], { generator: gen(3) }).toArray();
    const b = th.rand([100], { generator: gen(3) }).toArray();
    const c = th.rand([100], { generator: gen(4) }).toArray();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
  test('manualSeed on the default generator makes top-level sampling reproducible', () => {
    expect(th.manualSeed(77)).toBe(th.defaultGenerator);
    const a = th.randn([50]).toArray();
    th.manualSeed(77);
    expect(th.randn([50]).toArray()).toEqual(a);
    expect(th.initialSeed()).toBe(77);
    // and matches an explicit generator with that seed
    expect(th.randn([50], { generator: gen(77) }).toArray()).toEqual(a);
  });
  test('an explicit generator does not advance the default one', () => {
    th.manualSeed(8);
    const expected = th.rand([5]).toArray();
    th.manualSeed(8);
    th.rand([1000], { generator: gen(1) });
    expect(th.rand([5]).toArray()).toEqual(expected);
  });
  test('seed() picks a fresh nondeterministic seed, returns it and reseeds', () => {
    const g = new th.Generator();
    const s1 = g.seed();
    const s2 = g.seed();
    expect(Number.isSafeInteger(s1)).toBe(true);
    expect(s1).not.toBe(s2);
    expect(g.initialSeed()).toBe(s2);
    expect(th.rand([4], { generator: g }).toArray()).toEqual(th.rand([4], { generator: gen(s2) }).toArray());
    expect(Number.isSafeInteger(th.seed())).toBe(true);
  });
  test('getState/setState round-trip, including the cached normal sample', () => {
    const g = gen(21);
    th.randn([3], { generator: g }); // odd count on the serial path: one normal sample stays cached
    const state = g.getState();
    expect(state.dtype).toBe('uint8');
    expect(state.shape).toEqual([5056]);
    const a = th.randn([5], { generator: g }).toArray();
    g.manualSeed(0);
    g.setState(state);
    expect(th.randn([5], { generator: g }).toArray()).toEqual(a);
    // another generator continues from the same state
    const h = new th.Generator().setState(state);
    expect(th.randn([5], { generator: h }).toArray()).toEqual(a);
    // and so does the default generator
    th.setRngState(state);
    expect(th.randn([5]).toArray()).toEqual(a);
    expect(th.getRngState().shape).toEqual([5056]);
  });
  test('negative seeds wrap modulo 2^64 and bigint seeds work (as torch.manual_seed)', () => {
    const g = gen(-1);
    expect(g.initialSeed()).toBe(18446744073709551615n);
    const h = new th.Generator().manualSeed(18446744073709551615n);
    expect(th.rand([3], { generator: g }).toArray()).toEqual(th.rand([3], { generator: h }).toArray());
    // mt19937 uses the seed's low 32 bits
    expect(th.rand([3], { generator: gen(2 ** 32 + 9) }).toArray()).toEqual(th.rand([3], { generator: gen(9) }).toArray());
  });
  test('bad seeds, states and generators are rejected clearly', () => {
    const g = new th.Generator();
    expect(() => g.manualSeed(1.5)).toThrow(/seed to be an integer/);
    expect(() => g.manualSeed(NaN)).toThrow(/seed to be an integer/);
    expect(() => g.manualSeed(2n ** 64n)).toThrow(/fit in 64 bits/);
    expect(() => g.setState(th.zeros([10], { dtype: 'uint8' }))).toThrow(/size 5048 or a CPUGeneratorImplState of size 5056 .*size to be 10/);
    expect(() => g.setState(th.zeros([5056]))).toThrow(/uint8 tensor.*float32/);
    const bad = g.getState();
    bad.asTypedArray()[12] = 0; // "seeded" = 0
    expect(() => g.setState(bad)).toThrow(/Invalid mt19937 state/);
    expect(() => th.rand([2], { generator: {} as th.Generator })).toThrow(/expected generator to be a Generator/);
  });
  test('a disposed generator throws when used; disposing the default one is ignored', () => {
    const g = gen(1);
    g.dispose();
    expect(g.isDisposed).toBe(true);
    expect(() => th.rand([2], { generator: g })).toThrow(/generator has been disposed/);
    expect(() => g.manualSeed(3)).toThrow(/generator has been disposed/);
    expect(() => th.zeros(3).normal_(0, 1, { generator: g })).toThrow(/normal_: the generator has been disposed/);
    th.defaultGenerator.dispose();
    expect(th.defaultGenerator.isDisposed).toBe(false);
    expect(th.rand([2]).shape).toEqual([2]);
  });
});

describe('distributions (statistical tests, fixed seeds)', () => {
  const N = 200000;
  test('rand: uniform on [0, 1) (mean, variance, chi-square on 100 bins, KS), float32 and float64', () => {
    expect(uniformProblems(values(th.rand([N], { generator: gen(1) })), 0, 1)).toEqual([]);
    expect(uniformProblems(values(th.rand([N], { generator: gen(2), dtype: 'float64' })), 0, 1)).toEqual([]);
  });
  test('uniform_(-3, 7), also into a transposed view', () => {
    expect(uniformProblems(values(th.empty([N]).uniform_(-3, 7, { generator: gen(3) })), -3, 7)).toEqual([]);
    const t = th.empty([400, 500]).t().uniform_(-3, 7, { generator: gen(4) });
    expect(uniformProblems(values(t), -3, 7)).toEqual([]);
  });
  test('randn and normal_(2, 3): mean, variance and KS against the normal CDF', () => {
    expect(normalProblems(values(th.randn([N], { generator: gen(5) })), 0, 1)).toEqual([]);
    expect(normalProblems(values(th.randn([N], { generator: gen(6), dtype: 'float64' })), 0, 1)).toEqual([]);
    expect(normalProblems(values(th.empty([N]).normal_(2, 3, { generator: gen(7) })), 2, 3)).toEqual([]);
    // the serial (non-contiguous) path
    expect(normalProblems(values(th.empty([500, 400]).t().normal_(2, 3, { generator: gen(8) })), 2, 3)).toEqual([]);
  });
  test('normal with tensor mean and std: (x - mean) / std is standard normal', () => {
    const mean = th.linspace(-5, 5, 1000).view([1000, 1]);
    const std = th.linspace(0.5, 3, 200);
    const x = th.normal(mean, std, { generator: gen(9) });
    expect(x.shape).toEqual([1000, 200]);
    const z = x.sub(mean).div(std);
    expect(normalProblems(values(z), 0, 1)).toEqual([]);
    const y = th.normal(3, 2, [N], { generator: gen(10) });
    expect(normalProblems(values(y), 3, 2)).toEqual([]);
  });
  test('exponential_(1.5): mean 1/lambda, variance 1/lambda^2, KS', () => {
    const xs = values(th.empty([N]).exponential_(1.5, { generator: gen(11) }));
    const { mean, variance } = meanVar(xs);
    expect(Math.abs(mean - 1 / 1.5)).toBeLessThan(4 * (1 / 1.5) / Math.sqrt(N));
    expect(Math.abs(variance - 1 / 2.25)).toBeLessThan(0.01);
    expect(ksStatistic(xs, (x) => 1 - Math.exp(-1.5 * x))).toBeLessThan(ksCritical(N));
    expect(minOf(xs)).toBeGreaterThanOrEqual(0);
  });
  test('cauchy_(1, 2): KS against the Cauchy CDF', () => {
    const xs = values(th.empty([N]).cauchy_(1, 2, { generator: gen(12) }));
    expect(ksStatistic(xs, (x) => 0.5 + Math.atan((x - 1) / 2) / Math.PI)).toBeLessThan(ksCritical(N));
  });
  test('logNormal_(0.5, 0.7): log(x) is N(0.5, 0.7)', () => {
    const xs = values(th.empty([N], { dtype: 'float64' }).logNormal_(0.5, 0.7, { generator: gen(13) }));
    expect(minOf(xs)).toBeGreaterThan(0);
    expect(normalProblems(xs.map(Math.log), 0.5, 0.7)).toEqual([]);
  });
  test('geometric_(0.3): chi-square of the counts of 1..15 (and more) against (1-p)^(k-1) p', () => {
    const p = 0.3;
    const xs = values(th.empty([N], { dtype: 'int64' }).geometric_(p, { generator: gen(14) }));
    expect(minOf(xs)).toBe(1);
    const K = 15;
    const obs = counts(xs, K + 1, (x) => Math.min(x, K + 1) - 1);
    const exp = Array.from({ length: K }, (_, k) => N * Math.pow(1 - p, k) * p);
    exp.push(N * Math.pow(1 - p, K));
    expect(chiSquare(obs, exp)).toBeLessThan(chiSquareCritical(K));
    const { mean } = meanVar(xs);
    expect(Math.abs(mean - 1 / p)).toBeLessThan(4 * Math.sqrt((1 - p) / (p * p) / N));
  });
  test('bernoulli_(0.3) and bernoulli(p tensor): frequencies within 4 standard errors', () => {
    const xs = values(th.empty([N], { dtype: 'bool' }).bernoulli_(0.3, { generator: gen(15) }));
    const { mean } = meanVar(xs);
    expect(Math.abs(mean - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / N));
    const ps = [0, 0.05, 0.25, 0.5, 0.8, 1];
    const p = th.tensor(ps, { dtype: 'float64' }).expand([20000, 6]);
    const draws = th.bernoulli(p, { generator: gen(16) });
    expect(draws.dtype).toBe('float64');
    const all = values(draws);
    const freq = ps.map((_, j) => all.filter((_, i) => i % 6 === j).reduce((a, b) => a + b, 0) / 20000);
    ps.forEach((q, i) => expect(Math.abs(freq[i] - q)).toBeLessThanOrEqual(4 * Math.sqrt((q * (1 - q)) / 20000) + 1e-12));
  });
  test('randint(-5, 5): chi-square on the 10 values; random_() stays in the dtype range', () => {
    const xs = values(th.randint(-5, 5, [N], { generator: gen(17) }));
    const c = counts(xs, 10, (x) => x + 5);
    expect(chiSquare(c, new Array(10).fill(N / 10))).toBeLessThan(chiSquareCritical(9));
    const r8 = values(th.empty([N], { dtype: 'int8' }).random_({ generator: gen(18) }));
    expect(minOf(r8)).toBeGreaterThanOrEqual(0);
    expect(maxOf(r8)).toBe(127);
    const rf = values(th.empty([N], { dtype: 'float16' }).random_({ generator: gen(19) }));
    expect(maxOf(rf)).toBeLessThanOrEqual(2048);
    const r3 = values(th.empty([N], { dtype: 'int8' }).random_(3, null, { generator: gen(20) }));
    expect(minOf(r3)).toBe(3);
    expect(maxOf(r3)).toBe(127);
  });
  test('randperm: a permutation, and each value lands at each position uniformly (chi-square)', () => {
    const g = gen(21);
    const n = 8;
    const reps = 4000;
    const pos = new Array(n * n).fill(0);
    for (let r = 0; r < reps; r++) {
      const p = values(th.randperm(n, { generator: g }));
      expect([...p].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      p.forEach((v, i) => pos[v * n + i]++);
    }
    expect(chiSquare(pos, new Array(n * n).fill(reps / n))).toBeLessThan(chiSquareCritical((n - 1) * (n - 1)));
    const big = values(th.randperm(100000, { generator: g }));
    expect(new Set(big).size).toBe(100000);
  });
  test('multinomial with replacement: frequencies match the probabilities (chi-square), rows independent', () => {
    const w = [1, 2, 3, 4, 0, 10];
    const total = w.reduce((a, b) => a + b, 0);
    const p = th.tensor([w, [...w].reverse()]);
    const s = th.multinomial(p, 100000, true, { generator: gen(22) });
    expect(s.shape).toEqual([2, 100000]);
    expect(s.dtype).toBe('int64');
    const rows = [values(s.select(0, 0)), values(s.select(0, 1))];
    const exp0 = w.filter((x) => x > 0).map((x) => (100000 * x) / total);
    const obs0 = counts(rows[0], 6, (x) => x).filter((_, i) => w[i] > 0);
    expect(counts(rows[0], 6, (x) => x)[4]).toBe(0); // zero probability is never drawn
    expect(chiSquare(obs0, exp0)).toBeLessThan(chiSquareCritical(exp0.length - 1));
    expect(counts(rows[1], 6, (x) => x)[1]).toBe(0);
  });
  test('multinomial without replacement: distinct indices; the first draw follows the probabilities', () => {
    const w = [0.1, 0.2, 0.3, 0.4];
    const rows = 20000;
    const p = th.tensor(w).expand([rows, 4]).contiguous();
    const s = th.multinomial(p, 4, false, { generator: gen(23) });
    const all = values(s);
    for (let r = 0; r < 50; r++) expect(new Set(all.slice(r * 4, r * 4 + 4)).size).toBe(4);
    const first = values(s.select(1, 0));
    const obs = counts(first, 4, (x) => x);
    expect(chiSquare(obs, w.map((x) => x * rows))).toBeLessThan(chiSquareCritical(3));
  });
});

describe('the statistical tests have teeth', () => {
  const N = 200000;
  test('a shifted normal, a wider normal, or a constant fails the normal checks', () => {
    const x = th.randn([N], { generator: gen(31) });
    expect(normalProblems(values(x.add(0.03)), 0, 1).length).toBeGreaterThan(0);
    expect(normalProblems(values(x.mul(1.02)), 0, 1).length).toBeGreaterThan(0);
    expect(normalProblems(new Array(N).fill(0), 0, 1).length).toBeGreaterThan(0);
    expect(normalProblems(values(th.rand([N], { generator: gen(32) }).sub(0.5).mul(Math.sqrt(12))), 0, 1).length).toBeGreaterThan(0);
  });
  test('a shifted, narrowed or constant uniform fails the uniform checks', () => {
    const u = th.rand([N], { generator: gen(33) });
    expect(uniformProblems(values(u.mul(0.99).add(0.005)), 0, 1).length).toBeGreaterThan(0);
    expect(uniformProblems(values(u.pow(1.02)), 0, 1).length).toBeGreaterThan(0);
    expect(uniformProblems(new Array(N).fill(0.5), 0, 1).length).toBeGreaterThan(0);
  });
  test('a biased die fails the chi-square check', () => {
    const xs = values(th.randint(0, 10, [N], { generator: gen(34) }));
    const c = counts(xs, 10, (x) => x);
    c[0] += 1000; // a 5% excess of one face
    c[9] -= 1000;
    expect(chiSquare(c, new Array(10).fill(N / 10))).toBeGreaterThan(chiSquareCritical(9));
  });
  test('exponential KS detects a wrong rate', () => {
    const xs = values(th.empty([N]).exponential_(1.5, { generator: gen(35) }));
    expect(ksStatistic(xs, (x) => 1 - Math.exp(-1.45 * x))).toBeGreaterThan(ksCritical(N));
  });
});

describe('the same seed gives the same numbers with any thread count', () => {
  const bytes = (t: th.Tensor): Buffer => Buffer.from((t.contiguous().toTypedArray() as Float32Array).buffer);
  afterAll(() => th.setNumThreads(1));
  test.each([
    ['randn float32 1.5e6 (above the parallel grain of 2^20)', () => th.randn([1500000], { generator: gen(41) })],
    ['randn float64 1.5e6', () => th.randn([1500000], { generator: gen(42), dtype: 'float64' })],
    ['rand float32 1e6', () => th.rand([1000000], { generator: gen(43) })],
    ['normal_ strided 1e6', () => th.empty([1000, 1000]).t().normal_(1, 2, { generator: gen(44) })],
    ['bernoulli(p) 1e6', () => th.bernoulli(th.full([1000000], 0.5), { generator: gen(45) })],
    ['multinomial 1e5', () => th.multinomial(th.ones([100, 1000]), 1000, true, { generator: gen(46) }).to('float64')],
  ])('%s', (_name, make) => {
    th.setNumThreads(1);
    const one = bytes(make());
    th.setNumThreads(2);
    const two = bytes(make());
    expect(one.length).toBeGreaterThan(0);
    expect(one.equals(two)).toBe(true);
  });
});

test('the portable float32 normal code gives the same bits as the vectorized one', () => {
  const a = th.randn([100003], { generator: gen(47) });
  process.env.TH_RANDOM_SCALAR = '1';
  try {
    const b = th.randn([100003], { generator: gen(47) });
    expect(Buffer.from((a.toTypedArray() as Float32Array).buffer).equals(Buffer.from((b.toTypedArray() as Float32Array).buffer))).toBe(true);
  } finally {
    delete process.env.TH_RANDOM_SCALAR;
  }
});

describe('bad input', () => {
  test('floating-only samplers reject integer dtypes, naming the dtype', () => {
    expect(() => th.rand([3], { dtype: 'int64' })).toThrow(/uniform_: not implemented for 'int64'.*floating point/);
    expect(() => th.randn([3], { dtype: 'int32' })).toThrow(/normal_: not implemented for 'int32'/);
    expect(() => th.zeros([3], { dtype: 'int64' }).exponential_()).toThrow(/exponential_: not implemented for 'int64'/);
    expect(() => th.zeros([3], { dtype: 'int64' }).cauchy_()).toThrow(/dtype must be a floating point but you specified int64/);
    expect(() => th.zeros([3], { dtype: 'bool' }).geometric_(0.5)).toThrow(/geometric_: not implemented for 'bool'/);
    expect(() => th.zeros([3], { dtype: 'float16' }).bernoulli_(0.5)).toThrow(/bernoulli_: not implemented for 'float16'/);
  });
  test('invalid ranges and parameters', () => {
    expect(() => th.zeros(3).uniform_(5, 1)).toThrow(/uniform_ expects to return a \[from, to\) range, but found from=5 > to=1/);
    expect(() => th.zeros(3, { dtype: 'float16' }).uniform_(0, 1e6)).toThrow(/to is out of bounds for float16/);
    expect(() => th.randint(5, 5, [3])).toThrow(/random_ expects 'from' to be less than 'to', but got from=5 >= to=5/);
    expect(() => th.randint(-1, 5, [3], { dtype: 'uint8' })).toThrow(/from is out of bounds for uint8 \(got from=-1; the range is \[0, 255\]\)/);
    expect(() => th.randint(0, 300, [3], { dtype: 'uint8' })).toThrow(/to - 1 is out of bounds for uint8/);
    expect(() => th.zeros(3).normal_(0, -1)).toThrow(/normal expects std >= 0.0, but found std -1/);
    expect(() => th.zeros(3).bernoulli_(1.5)).toThrow(/bernoulli_ expects p to be in \[0, 1\], but got p=1.5/);
    expect(() => th.zeros(3).bernoulli_(-0.1)).toThrow(/but got p=-0.1/);
    expect(() => th.bernoulli(th.tensor([0.5, 2]))).toThrow(/in \[0, 1\], but got p with values in \[0.5, 2\]/);
    expect(() => th.bernoulli(th.tensor([0.5, NaN]))).toThrow(/in \[0, 1\]/);
    expect(() => th.zeros(3).bernoulli_(th.tensor([0.5, 0.5]))).toThrow(/probabilities of shape \[2\] cannot be broadcast to the tensor's shape \[3\]/);
    expect(() => th.zeros(3).bernoulli_(th.tensor([1, 0], { dtype: 'int64' }))).toThrow(/float32 or float64 tensor, but got int64/);
    expect(() => th.zeros(3).exponential_(-1)).toThrow(/exponential_ expects lambda >= 0.0, but found lambda=-1/);
    expect(() => th.zeros(3).geometric_(1)).toThrow(/geometric_ expects p to be in \(0, 1\), but got p=1/);
    expect(() => th.zeros(3).logNormal_(0, 0)).toThrow(/log_normal_ expects std > 0.0, but found std=0/);
    expect(() => th.normal(th.zeros(3), th.tensor([1, -1, 1]))).toThrow(/normal expects all elements of std >= 0.0/);
    expect(() => th.normal(th.zeros(3), th.ones(2))).toThrow(/\[3\].*\[2\]|\[2\].*\[3\]/);
  });
  test('randperm', () => {
    expect(() => th.randperm(-1)).toThrow(/n must be non-negative, got -1/);
    expect(() => th.randperm(3, { dtype: 'bool' })).toThrow(/not implemented for 'bool'/);
    expect(() => th.randperm(300, { dtype: 'uint8' })).toThrow(/too large for result tensor type uint8: n=300/);
    expect(() => th.randperm(3000, { dtype: 'float16' })).toThrow(/n=3000 but at most 2049/);
    expect(() => th.randperm(2.5)).toThrow(/expected n to be an integer/);
  });
  test('multinomial', () => {
    const p = th.tensor([0.5, 0.5]);
    expect(() => th.multinomial(th.tensor([0.5, -1]), 1)).toThrow(/probability tensor contains either `inf`, `nan` or element < 0/);
    expect(() => th.multinomial(th.tensor([0.5, Infinity]), 1)).toThrow(/`inf`, `nan` or element < 0/);
    expect(() => th.multinomial(th.tensor([0.5, -1]), 2, true)).toThrow(/encountering probability entry < 0/);
    expect(() => th.multinomial(th.tensor([0.5, Infinity]), 2, true)).toThrow(/probability entry = infinity or NaN/);
    expect(() => th.multinomial(th.tensor([0, 0]), 2, true)).toThrow(/sum of probabilities <= 0/);
    expect(() => th.multinomial(th.tensor([[1, 1], [0, 0]]), 1)).toThrow(/sum of probabilities <= 0/);
    expect(() => th.multinomial(p, 3)).toThrow(/cannot sample n_sample > prob_dist.size\(-1\) samples without replacement \(n_sample=3, 2 categories\)/);
    expect(() => th.multinomial(p, 0, true)).toThrow(/cannot sample n_sample <= 0 samples/);
    expect(() => th.multinomial(th.tensor([1, 1], { dtype: 'int64' }), 1)).toThrow(/floating-point dtypes for input, got: int64/);
    expect(() => th.multinomial(th.ones([2, 2, 2]), 1)).toThrow(/prob_dist must be 1 or 2 dim, but got 3 dims/);
    expect(() => th.multinomial(p, 1, false, { out: th.zeros([1]) })).toThrow(/expects an int64 tensor out, got: float32/);
  });
  test('expanded (overlapping) outputs and disposed tensors', () => {
    expect(() => th.zeros([1]).expand([4]).uniform_()).toThrow(/more than one element of the written-to tensor refers to a single memory location/);
    const t = th.zeros([3]);
    t.dispose();
    expect(() => t.normal_()).toThrow(/normal_: the self has been disposed/);
    expect(() => th.randLike(t)).toThrow(/disposed/);
  });
  test('argument types', () => {
    expect(() => th.rand(2.5)).toThrow(/rand: expected the size to be integers/);
    expect(() => th.zeros(3).uniform_('a' as unknown as number)).toThrow(/uniform_: expected from to be a number/);
    expect(() => th.normal(1, 2)).toThrow(/expected mean or std to be a Tensor/);
    expect(() => th.rand([2], { device: 'gpu' })).toThrow(/Expected one of cpu, cuda device type at start of device string: gpu/);
  });
});

describe('results', () => {
  test('shapes and dtypes of the creation functions', () => {
    expect(th.rand(2, 3).shape).toEqual([2, 3]);
    expect(th.randn([4], { dtype: 'float64' }).dtype).toBe('float64');
    expect(th.randint(10, [5]).dtype).toBe('int64');
    expect(th.randint(3, 10, [2, 2], { dtype: 'float32' }).dtype).toBe('float32');
    expect(th.randperm(4).dtype).toBe('int64');
    expect(th.rand([0]).shape).toEqual([0]);
    expect(th.randn([]).shape).toEqual([]);
    const x = th.zeros([3, 4], { dtype: 'float64' }).t();
    const l = th.randLike(x);
    expect(l.dtype).toBe('float64');
    expect(l.shape).toEqual([4, 3]);
    expect(l.stride()).toEqual([1, 4]); // keeps x's memory layout, as PyTorch
    expect(th.randintLike(x, 5).toArray()).toEqual(expect.anything());
    expect(th.randnLike(x, { dtype: 'float32' }).dtype).toBe('float32');
  });
  test('in-place samplers return this, bump the version and fill strided views only', () => {
    const base = th.zeros([4, 6]);
    const v = base.slice(1, 0, 6, 2);
    const before = v.version;
    expect(v.uniform_(1, 2)).toBe(v);
    expect(v.version).toBeGreaterThan(before);
    const all = base.toArray() as number[][];
    for (const row of all) row.forEach((x, j) => (j % 2 === 0 ? expect(x).toBeGreaterThanOrEqual(1) : expect(x).toBe(0)));
  });
  test('out= for randperm, multinomial, normal and bernoulli', () => {
    const out = th.empty([0], { dtype: 'int64' });
    expect(th.randperm(6, { out })).toBe(out);
    expect(out.shape).toEqual([6]);
    const m = th.empty([0], { dtype: 'int64' });
    expect(th.multinomial(th.tensor([1, 2, 3]), 4, true, { out: m })).toBe(m);
    expect(m.shape).toEqual([4]);
    const n = th.empty([0]);
    expect(th.normal(th.zeros([2, 2]), 1, { out: n })).toBe(n);
    expect(n.shape).toEqual([2, 2]);
    const b = th.empty([0]);
    expect(th.bernoulli(th.full([5], 0.5), { out: b })).toBe(b);
    expect(b.shape).toEqual([5]);
  });
});
