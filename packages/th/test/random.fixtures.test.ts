// TypeTorch's random streams against PyTorch 1.13's (fixtures/random.json, from
// tools/fixtures/gen_th_random.py): the same seed must give the same numbers, bit for bit.
import * as th from '@typetorch/th';
import { RandomCase, buildTensor, loadRandomFixture, specOf, streamProblems } from './random-utils';

const fixture = loadRandomFixture();

type Opts = { generator?: th.Generator; dtype?: th.DType };

function seeded(c: RandomCase): Opts {
  if (c.generator) return { generator: new th.Generator().manualSeed(c.seed) };
  th.manualSeed(c.seed);
  return {};
}

/** Runs a case; returns the tensor PyTorch's result is compared with. */
function run(c: RandomCase): th.Tensor {
  const a = c.args as never[];
  const dtype = c.kwargs?.dtype;
  const input = () => buildTensor(specOf(c.input));
  // inputs are built before seeding, so that building them can never draw numbers
  switch (c.op) {
    case 'rand':
    case 'randn': {
      const g = seeded(c);
      return th[c.op](a[0] as number[], { ...g, dtype });
    }
    case 'randint': {
      const g = seeded(c);
      return a[0] === null ? th.randint(a[1], a[2], { ...g, dtype }) : th.randint(a[0], a[1], a[2], { ...g, dtype });
    }
    case 'randperm': {
      const g = seeded(c);
      return th.randperm(a[0], { ...g, dtype });
    }
    case 'inplace': {
      const t = input();
      const [method, ...margs] = c.args as [string, ...(number | null)[]];
      const g = seeded(c);
      const name = method === 'log_normal_' ? 'logNormal_' : method;
      const fn = (t as unknown as Record<string, (...x: unknown[]) => th.Tensor>)[name];
      fn.call(t, ...margs, g);
      return t;
    }
    case 'bernoulli': {
      const p = input();
      return th.bernoulli(p, seeded(c));
    }
    case 'bernoulliP': {
      const x = input();
      return th.bernoulli(x, a[0] as number, seeded(c));
    }
    case 'bernoulliTensor': {
      const p = input();
      const t = th.zeros(a[0] as number[], { dtype: a[1] as th.DType });
      return t.bernoulli_(p, seeded(c));
    }
    case 'multinomial': {
      const p = input();
      return th.multinomial(p, a[0] as number, a[1] as boolean, seeded(c));
    }
    case 'normal': {
      const specs = (c.input ?? []) as never[];
      const tensors = specs.map((s) => buildTensor(s));
      let k = 0;
      const arg = (v: unknown): th.Tensor | number => (v === 'mean' || v === 'std' ? tensors[k++] : (v as number));
      const mean = arg(a[0]);
      const std = arg(a[1]);
      const g = seeded(c);
      if (Array.isArray(a[2])) return th.normal(mean as number, std as number, a[2] as number[], g);
      return th.normal(mean, std, g);
    }
    case 'like': {
      const x = input();
      seeded(c);
      const [fn, lo, hi] = c.args as [string, number, number];
      if (fn === 'randintLike') return th.randintLike(x, lo, hi);
      return fn === 'randLike' ? th.randLike(x, { dtype }) : th.randnLike(x, { dtype });
    }
    default:
      throw new Error(`fixture ${c.id}: unknown op ${c.op}`);
  }
}

function stateBytes(t: th.Tensor): number[] {
  return Array.from(t.toTypedArray() as Uint8Array);
}

describe(`random streams match PyTorch ${fixture.torch}`, () => {
  test('the fixture file is well-formed', () => {
    expect(fixture.cases.length).toBeGreaterThan(200);
    expect(new Set(fixture.cases.map((c) => c.id)).size).toBe(fixture.cases.length);
  });

  test.each(fixture.cases.filter((c) => c.op !== 'state' && c.op !== 'setState'))('$id', (c) => {
    const e = c.expected;
    if ('error' in e) {
      expect(() => run(c)).toThrow();
      return;
    }
    if (!('data' in e)) throw new Error('unexpected fixture');
    expect(streamProblems(run(c), e)).toEqual([]);
  });

  test.each(fixture.cases.filter((c) => c.op === 'state'))('$id', (c) => {
    th.manualSeed(c.seed);
    for (const step of c.args as string[]) {
      const [fn, n] = step.split(' ');
      (fn === 'rand' ? th.rand : th.randn)([Number(n)]);
    }
    const e = c.expected as { bytes: number[] };
    expect(stateBytes(th.getRngState())).toEqual(e.bytes);
  });

  test.each(fixture.cases.filter((c) => c.op === 'setState'))('$id', (c) => {
    const e = c.expected as { state: number[]; values: { dtype: th.DType; shape: number[]; data: number[] } };
    th.manualSeed(123);
    th.setRngState(th.tensor(e.state, { dtype: 'uint8' }));
    expect(streamProblems(th.randn(3), e.values)).toEqual([]);
    // a Generator takes PyTorch's state too
    const g = new th.Generator().setState(th.tensor(e.state, { dtype: 'uint8' }));
    expect(streamProblems(th.randn([3], { generator: g }), e.values)).toEqual([]);
  });
});
