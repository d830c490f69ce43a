// Dropout: against PyTorch with the same seed (test/fixtures/dropout.json, written by
// tools/fixtures/gen_thnn_dropout.py: th's generator reproduces torch.manual_seed's masks), and the
// properties a mask must have whatever the seed.
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { TensorJson, expectTensor, loadFixture, tensorOf } from './fixture-utils';

interface DropoutCase {
  id: string;
  op: 'dropout' | 'dropout1d' | 'dropout2d' | 'dropout3d' | 'alphaDropout' | 'featureAlphaDropout';
  p: number;
  training: boolean;
  seed: number;
  input: TensorJson;
  gradOutput: TensorJson;
  output: TensorJson;
  gradInput: TensorJson;
  mask: TensorJson | null;
}

const fixture = loadFixture<DropoutCase>('dropout');
const FUNCS: Record<DropoutCase['op'], (x: th.Tensor, o?: nn.DropoutOptions) => nn.DropoutResult> = {
  dropout: nn.dropout,
  dropout1d: nn.dropout1d,
  dropout2d: nn.dropout2d,
  dropout3d: nn.dropout3d,
  alphaDropout: nn.alphaDropout,
  featureAlphaDropout: nn.featureAlphaDropout,
};
const values = (t: th.Tensor): number[] => Array.from(t.contiguous().toTypedArray() as Float32Array | Float64Array);

describe('dropout matches PyTorch with the same seed ' + fixture.torch, () => {
  test.each(fixture.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    for (const nonContiguous of [false, true]) {
      const x = tensorOf(c.input, { nonContiguous });
      const r = FUNCS[c.op](x, { p: c.p, training: c.training, generator: new th.Generator().manualSeed(c.seed) });
      expectTensor(r.output, c.output, [0, 0]); // the same draws and the same arithmetic: bit for bit
      if (c.mask) expectTensor(r.mask!, c.mask, [0, 0]);
      else {
        expect(r.mask).toBeNull();
        expect(r.output).toBe(x); // the identity returns the input itself, as PyTorch
      }
      expectTensor(nn.dropoutBackward(tensorOf(c.gradOutput, { nonContiguous }), r.mask), c.gradInput, [0, 0]);
    }
  });
});

describe('dropout masks', () => {
  const big = th.ones([1000, 1000], { dtype: 'float32' });
  it.each([0.1, 0.5, 0.9])('zeroes a fraction close to p = %s and scales the rest by 1 / (1 - p)', (p) => {
    const { output, mask } = nn.dropout(big, { p, generator: new th.Generator().manualSeed(42) });
    const v = output.toTypedArray() as Float32Array;
    const kept = Math.fround(1 / Math.fround(1 - p));
    let zeros = 0;
    let others = 0;
    for (let i = 0; i < v.length; i++) {
      if (v[i] === 0) zeros++;
      else if (v[i] !== kept) others++;
    }
    expect(others).toBe(0);
    // 1e6 Bernoulli draws: the standard deviation of the fraction is below 5e-4
    expect(Math.abs(zeros / v.length - p)).toBeLessThan(3e-3);
    expect(Buffer.from((mask!.toTypedArray() as Float32Array).buffer).equals(Buffer.from(v.buffer))).toBe(true);
  });
  it('same seed gives the same mask; another seed another; no generator uses the default one', () => {
    const x = th.ones([64, 64], { dtype: 'float64' });
    const a = values(nn.dropout(x, { generator: new th.Generator().manualSeed(7) }).mask!);
    expect(values(nn.dropout(x, { generator: new th.Generator().manualSeed(7) }).mask!)).toEqual(a);
    expect(values(nn.dropout(x, { generator: new th.Generator().manualSeed(8) }).mask!)).not.toEqual(a);
    th.manualSeed(7);
    expect(values(nn.dropout(x).mask!)).toEqual(a);
    expect(values(nn.dropout(x).mask!)).not.toEqual(a); // the default generator moved on
  });
  it('feature dropout zeroes whole channels', () => {
    const x = th.ones([8, 16, 5, 5], { dtype: 'float32' });
    const { output, mask } = nn.dropout2d(x, { p: 0.5, generator: new th.Generator().manualSeed(3) });
    expect(mask!.shape).toEqual([8, 16, 1, 1]);
    const v = output.toTypedArray() as Float32Array;
    const m = values(mask!);
    let dropped = 0;
    for (let ch = 0; ch < 8 * 16; ch++) {
      const plane = Array.from(v.subarray(ch * 25, ch * 25 + 25));
      expect(new Set(plane).size).toBe(1); // one value per channel
      expect(plane[0]).toBe(m[ch]);
      if (m[ch] === 0) dropped++;
    }
    expect(dropped).toBeGreaterThan(30);
    expect(dropped).toBeLessThan(98);
    const m3 = nn.dropout3d(th.ones([4, 3, 2, 2], { dtype: 'float64' }), { generator: new th.Generator().manualSeed(1) }).mask!;
    expect(m3.shape).toEqual([4, 1, 1, 1]); // unbatched: channels are dim 0
    expect(nn.dropout1d(th.ones([4, 6], { dtype: 'float64' }), { generator: new th.Generator().manualSeed(1) }).mask!.shape).toEqual([4, 1]);
  });
  it('alpha dropout keeps mean 0 and variance 1 of standard normal input, with dropped values at -alpha * a * (1 - p)', () => {
    const gen = new th.Generator().manualSeed(11);
    const x = th.randn([1000, 1000], { dtype: 'float64', generator: gen });
    const p = 0.3;
    const { output, mask } = nn.alphaDropout(x, { p, training: true, generator: gen });
    const y = output.toTypedArray() as Float64Array;
    const m = mask!.toTypedArray() as Float64Array;
    const alpha = 1.7580993408473766;
    const a = 1 / Math.sqrt((alpha * alpha * p + 1) * (1 - p));
    let s = 0;
    let s2 = 0;
    let bad = 0;
    let dropped = 0;
    for (let i = 0; i < y.length; i++) {
      s += y[i];
      s2 += y[i] * y[i];
      if (m[i] === 0) {
        dropped++;
        if (Math.abs(y[i] + alpha * a * (1 - p)) > 1e-12) bad++;
      } else if (Math.abs(m[i] - a) > 1e-14) bad++;
    }
    expect(bad).toBe(0);
    expect(Math.abs(dropped / y.length - p)).toBeLessThan(3e-3);
    const mean = s / y.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(s2 / y.length - mean * mean - 1)).toBeLessThan(0.01);
  });
  it('p = 0, p = 1 and training = false', () => {
    const x = th.tensor([[1, -2], [3, 4]], { dtype: 'float32' });
    expect(nn.dropout(x, { p: 0 })).toEqual({ output: x, mask: null });
    expect(nn.dropout2d(x, { p: 0.5, training: false })).toEqual({ output: x, mask: null });
    expect(nn.alphaDropout(x, { p: 0.5 }).output).toBe(x); // alpha kinds default to training = false, as PyTorch
    const one = nn.dropout(x, { p: 1 });
    expect(values(one.output)).toEqual([0, -0, 0, 0]);
    expect(values(one.mask!)).toEqual([0, 0, 0, 0]);
    expect(values(nn.alphaDropout(x, { p: 1, training: true }).output)).toEqual([0, -0, 0, 0]); // PyTorch: input * 0
    expect(nn.dropoutBackward(x, null)).toBe(x);
  });
});
