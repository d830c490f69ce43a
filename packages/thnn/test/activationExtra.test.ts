// prelu, rrelu and glu against PyTorch (test/fixtures/activationExtra.json, written by
// tools/fixtures/gen_thnn_activationExtra.py), contiguous and strided. rrelu in training must
// draw PyTorch's slopes from a th Generator seeded like torch.manual_seed.
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { TensorJson, expectTensor, loadFixture, tensorOf } from './fixture-utils';

interface ExtraCase {
  id: string;
  op: 'prelu' | 'rrelu' | 'glu';
  input: TensorJson;
  gradOutput: TensorJson;
  output: TensorJson;
  gradInput: TensorJson;
  weight?: TensorJson;
  gradWeight?: TensorJson;
  lower?: number;
  upper?: number;
  training?: boolean;
  seed?: number;
  noise?: TensorJson;
  dim?: number;
}

const fixture = loadFixture<ExtraCase>('activationExtra');

function run(c: ExtraCase, nonContiguous: boolean): void {
  const x = tensorOf(c.input, { nonContiguous });
  const g = tensorOf(c.gradOutput, { nonContiguous });
  if (c.op === 'prelu') {
    const w = tensorOf(c.weight!, { nonContiguous });
    expectTensor(nn.prelu(x, w), c.output);
    const r = nn.preluBackward(g, x, w);
    expectTensor(r.gradInput, c.gradInput);
    expectTensor(r.gradWeight, c.gradWeight!);
  } else if (c.op === 'rrelu') {
    const o = { lower: c.lower, upper: c.upper, training: c.training };
    const r = nn.rrelu(x, { ...o, generator: new th.Generator().manualSeed(c.seed!) });
    expectTensor(r.output, c.output);
    if (c.noise) expectTensor(r.noise!, c.noise);
    else expect(r.noise).toBeNull();
    expectTensor(nn.rreluBackward(g, x, r.noise, o), c.gradInput);
  } else {
    expectTensor(nn.glu(x, c.dim), c.output);
    expectTensor(nn.gluBackward(g, x, c.dim), c.gradInput);
  }
}

describe('prelu, rrelu and glu match PyTorch ' + fixture.torch, () => {
  test.each(fixture.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    run(c, false);
    run(c, true);
  });
});

describe('rrelu', () => {
  it('draws from the default generator without one, as torch.manual_seed', () => {
    const c = fixture.cases.find((k) => k.op === 'rrelu' && k.training)!;
    th.manualSeed(c.seed!);
    expectTensor(nn.rrelu(tensorOf(c.input), { lower: c.lower, upper: c.upper, training: true }).output, c.output);
  });
  it('gives slopes in [lower, upper] and noise 1 where x > 0', () => {
    const x = th.randn([20000], { dtype: 'float64', generator: new th.Generator().manualSeed(1) });
    const { output, noise } = nn.rrelu(x, { lower: 0.1, upper: 0.3, training: true, generator: new th.Generator().manualSeed(2) });
    const xs = x.toTypedArray() as Float64Array;
    const ns = noise!.toTypedArray() as Float64Array;
    const ys = output.toTypedArray() as Float64Array;
    let sum = 0;
    let count = 0;
    let bad = 0;
    for (let i = 0; i < xs.length; i++) {
      if (xs[i] > 0) bad += ns[i] === 1 ? 0 : 1;
      else {
        bad += ns[i] >= 0.1 && ns[i] <= 0.3 ? 0 : 1;
        sum += ns[i];
        count++;
      }
      bad += ys[i] === xs[i] * ns[i] ? 0 : 1;
    }
    expect(bad).toBe(0);
    expect(count).toBeGreaterThan(9000);
    expect(Math.abs(sum / count - 0.2)).toBeLessThan(0.005); // uniform: mean (lower + upper) / 2
  });
});
