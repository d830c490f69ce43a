// Every backward of normalization, prelu / rrelu / glu and dropout against central finite
// differences of its forward (float64, tiny tensors).
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { checkGradients } from './finite-diff';

const gen = new th.Generator().manualSeed(2024);
/** values away from 0 (the kinks of prelu / rrelu) */
const data = (shape: number[], scale = 1, shift = 0): th.Tensor => {
  const r = th.randn(shape, { dtype: 'float64', generator: gen }).mul(scale).add(shift);
  return r.add(r.sign().mul(0.05));
};
const positive = (shape: number[]): th.Tensor => th.rand(shape, { dtype: 'float64', generator: gen }).add(0.5);
const g3 = (r: nn.NormGradients): th.Tensor[] => [r.gradInput, r.gradWeight, r.gradBias];

describe('normalization backward = finite differences', () => {
  it.each([
    ['training', true],
    ['evaluation', false],
  ])('batchNorm (%s)', (_l, training) => {
    const rm = data([3], 0.3);
    const rv = positive([3]);
    const f = (x: th.Tensor, w: th.Tensor, b: th.Tensor) =>
      nn.batchNorm(x, training ? null : rm, training ? null : rv, { weight: w, bias: b, training, eps: 1e-3 });
    const inputs = [data([3, 3, 4], 2, 0.5), positive([3]), data([3])];
    expect(checkGradients(([x, w, b]) => f(x, w, b).output, (g, [x, w, b]) => {
      const s = f(x, w, b);
      return g3(nn.batchNormBackward(g, x, w, rm, rv, s.saveMean, s.saveInvstd, training, 1e-3));
    }, inputs)).toBeNull();
  });
  it.each([
    ['input stats', true],
    ['running stats', false],
  ])('instanceNorm (%s)', (_l, useInputStats) => {
    const rm = data([3], 0.3);
    const rv = positive([3]);
    const f = (x: th.Tensor, w: th.Tensor, b: th.Tensor) =>
      nn.instanceNorm(x, { runningMean: useInputStats ? null : rm, runningVar: useInputStats ? null : rv, weight: w, bias: b, useInputStats });
    const inputs = [data([2, 3, 5], 2, 0.5), positive([3]), data([3])];
    expect(checkGradients(([x, w, b]) => f(x, w, b).output, (g, [x, w, b]) => {
      const s = f(x, w, b);
      return g3(nn.instanceNormBackward(g, x, w, rm, rv, s.saveMean, s.saveInvstd, useInputStats));
    }, inputs)).toBeNull();
  });
  it('layerNorm over two dims', () => {
    const inputs = [data([3, 2, 4], 2, 0.5), positive([2, 4]), data([2, 4])];
    const f = (x: th.Tensor, w: th.Tensor, b: th.Tensor) => nn.layerNorm(x, [2, 4], { weight: w, bias: b });
    expect(checkGradients(([x, w, b]) => f(x, w, b).output, (g, [x, w, b]) => {
      const s = f(x, w, b);
      return g3(nn.layerNormBackward(g, x, [2, 4], s.mean, s.rstd, w));
    }, inputs)).toBeNull();
  });
  it('groupNorm', () => {
    const inputs = [data([2, 6, 3], 2, 0.5), positive([6]), data([6])];
    const f = (x: th.Tensor, w: th.Tensor, b: th.Tensor) => nn.groupNorm(x, 3, { weight: w, bias: b });
    expect(checkGradients(([x, w, b]) => f(x, w, b).output, (g, [x, w, b]) => {
      const s = f(x, w, b);
      return g3(nn.groupNormBackward(g, x, s.mean, s.rstd, w, 3));
    }, inputs)).toBeNull();
  });
  it.each([3, 4])('localResponseNorm size %d', (size) => {
    const o = { alpha: 0.3, beta: 0.7, k: 1.2 };
    expect(checkGradients(([x]) => nn.localResponseNorm(x, size, o), (g, [x]) => [nn.localResponseNormBackward(g, x, size, o)],
      [data([2, 5, 3], 1.5)])).toBeNull();
  });
});

describe('prelu, rrelu, glu backward = finite differences', () => {
  it.each([[[3]], [[1]]])('prelu with weight %j', (wshape) => {
    expect(checkGradients(([x, w]) => nn.prelu(x, w), (g, [x, w]) => {
      const r = nn.preluBackward(g, x, w);
      return [r.gradInput, r.gradWeight];
    }, [data([2, 3, 4]), positive(wshape as number[]).mul(0.3)])).toBeNull();
  });
  it.each([
    ['training', true],
    ['evaluation', false],
  ])('rrelu (%s)', (_l, training) => {
    // the same seed on every forward: the slopes stay put while x moves
    const f = (x: th.Tensor) => nn.rrelu(x, { lower: 0.1, upper: 0.4, training, generator: new th.Generator().manualSeed(5) });
    expect(checkGradients(([x]) => f(x).output, (g, [x]) => [nn.rreluBackward(g, x, f(x).noise, { lower: 0.1, upper: 0.4, training })],
      [data([4, 5])])).toBeNull();
  });
  it.each([0, 1, -1])('glu dim %d', (dim) => {
    expect(checkGradients(([x]) => nn.glu(x, dim), (g, [x]) => [nn.gluBackward(g, x, dim)], [data([4, 2, 6])])).toBeNull();
  });
});

describe('dropout backward = finite differences', () => {
  it.each([
    ['dropout', nn.dropout],
    ['dropout2d', nn.dropout2d],
    ['alphaDropout', nn.alphaDropout],
    ['featureAlphaDropout', nn.featureAlphaDropout],
  ] as const)('%s', (_l, fn) => {
    const f = (x: th.Tensor) => fn(x, { p: 0.4, training: true, generator: new th.Generator().manualSeed(9) });
    expect(checkGradients(([x]) => f(x).output, (g, [x]) => [nn.dropoutBackward(g, f(x).mask)], [data([3, 4, 2, 2])])).toBeNull();
  });
});
