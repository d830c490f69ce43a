// Batch, instance, layer, group and local response norm against PyTorch (test/fixtures/
// normalization.json, written by tools/fixtures/gen_thnn_normalization.py): forward output, saved
// statistics, running stats updated in place, and every gradient. Each case runs twice: with
// contiguous tensors, and with every tensor (running stats included) in strided memory.
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { TensorJson, expectTensor, loadFixture, tensorOf } from './fixture-utils';

interface NormCase {
  id: string;
  op: 'batchNorm' | 'instanceNorm' | 'layerNorm' | 'groupNorm' | 'localResponseNorm';
  input: TensorJson;
  gradOutput: TensorJson;
  weight?: TensorJson;
  bias?: TensorJson;
  runningMean?: TensorJson;
  runningVar?: TensorJson;
  runningMeanAfter?: TensorJson;
  runningVarAfter?: TensorJson;
  output: TensorJson;
  saveMean?: TensorJson;
  saveInvstd?: TensorJson;
  mean?: TensorJson;
  rstd?: TensorJson;
  gradInput: TensorJson;
  gradWeight?: TensorJson;
  gradBias?: TensorJson;
  training?: boolean;
  useInputStats?: boolean;
  momentum?: number;
  eps?: number;
  normalizedShape?: number[];
  numGroups?: number;
  size?: number;
  alpha?: number;
  beta?: number;
  k?: number;
}

const fixture = loadFixture<NormCase>('normalization');

function run(c: NormCase, nonContiguous: boolean): void {
  const t = (j: TensorJson | undefined): th.Tensor | null => (j ? tensorOf(j, { nonContiguous }) : null);
  const x = t(c.input)!;
  const g = t(c.gradOutput)!;
  const weight = t(c.weight);
  const bias = t(c.bias);
  const eps = c.eps;
  if (c.op === 'batchNorm' || c.op === 'instanceNorm') {
    const rm = t(c.runningMean);
    const rv = t(c.runningVar);
    const stats = c.op === 'batchNorm' ? c.training! : c.useInputStats!;
    const f =
      c.op === 'batchNorm'
        ? nn.batchNorm(x, rm, rv, { weight, bias, training: stats, momentum: c.momentum, eps })
        : nn.instanceNorm(x, { runningMean: rm, runningVar: rv, weight, bias, useInputStats: stats, momentum: c.momentum, eps });
    expectTensor(f.output, c.output);
    expectTensor(f.saveMean, c.saveMean!);
    expectTensor(f.saveInvstd, c.saveInvstd!);
    if (c.runningMeanAfter) expectTensor(rm!, c.runningMeanAfter);
    if (c.runningVarAfter) expectTensor(rv!, c.runningVarAfter);
    // backward sees the running stats as they were before the forward (they matter in evaluation only)
    const backward = c.op === 'batchNorm' ? nn.batchNormBackward : nn.instanceNormBackward;
    const r = backward(g, x, weight, t(c.runningMean), t(c.runningVar), f.saveMean, f.saveInvstd, stats, eps);
    expectTensor(r.gradInput, c.gradInput);
    expectTensor(r.gradWeight, c.gradWeight!);
    expectTensor(r.gradBias, c.gradBias!);
  } else if (c.op === 'layerNorm' || c.op === 'groupNorm') {
    const f = c.op === 'layerNorm' ? nn.layerNorm(x, c.normalizedShape!, { weight, bias, eps }) : nn.groupNorm(x, c.numGroups!, { weight, bias, eps });
    expectTensor(f.output, c.output);
    expectTensor(f.mean, c.mean!);
    expectTensor(f.rstd, c.rstd!);
    const r =
      c.op === 'layerNorm'
        ? nn.layerNormBackward(g, x, c.normalizedShape!, f.mean, f.rstd, weight)
        : nn.groupNormBackward(g, x, f.mean, f.rstd, weight, c.numGroups!);
    expectTensor(r.gradInput, c.gradInput);
    expectTensor(r.gradWeight, c.gradWeight!);
    expectTensor(r.gradBias, c.gradBias!);
  } else {
    const o = { alpha: c.alpha, beta: c.beta, k: c.k };
    expectTensor(nn.localResponseNorm(x, c.size!, o), c.output);
    expectTensor(nn.localResponseNormBackward(g, x, c.size!, o), c.gradInput);
  }
}

describe('normalization matches PyTorch ' + fixture.torch, () => {
  it('covers every op', () => {
    expect(new Set(fixture.cases.map((c) => c.op))).toEqual(new Set(['batchNorm', 'instanceNorm', 'layerNorm', 'groupNorm', 'localResponseNorm']));
  });
  test.each(fixture.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    run(c, false);
    run(c, true);
  });
});

// Groups too big for the cache take the two-pass path (statistics, then output over planes);
// checked against the definition written with th's reductions (float64).
describe('batchNorm and instanceNorm on large groups', () => {
  const close = (a: th.Tensor, b: th.Tensor): number => a.sub(b).abs().max().item() as number;
  it.each([
    ['batchNorm', [2, 3, 70000], [0, 2]],
    ['instanceNorm', [2, 3, 140000], [2]],
  ] as const)('%s %j', (op, shape, dims) => {
    const gen = new th.Generator().manualSeed(4);
    const x = th.randn([...shape], { dtype: 'float64', generator: gen }).mul(3).add(1);
    const g = th.randn([...shape], { dtype: 'float64', generator: gen });
    const w = th.tensor([0.5, 2, 1.5], { dtype: 'float64' }).view([1, 3, 1]);
    const b = th.tensor([1, -1, 0.25], { dtype: 'float64' }).view([1, 3, 1]);
    const f =
      op === 'batchNorm'
        ? nn.batchNorm(x, null, null, { weight: w.view([3]), bias: b.view([3]), training: true })
        : nn.instanceNorm(x, { weight: w.view([3]), bias: b.view([3]) });
    const mean = x.mean([...dims], true);
    const invstd = x.var([...dims], false, true).add(1e-5).rsqrt();
    const xhat = x.sub(mean).mul(invstd);
    expect(close(f.output, xhat.mul(w).add(b))).toBeLessThan(1e-12);
    const backward = op === 'batchNorm' ? nn.batchNormBackward : nn.instanceNormBackward;
    const r = backward(g, x, w.view([3]), null, null, f.saveMean, f.saveInvstd, true);
    const gi = g.sub(g.mean([...dims], true)).sub(xhat.mul(g.mul(xhat).mean([...dims], true))).mul(invstd).mul(w);
    expect(close(r.gradInput, gi)).toBeLessThan(1e-12);
    expect(close(r.gradWeight, g.mul(xhat).sum([0, 2]))).toBeLessThan(1e-9);
    expect(close(r.gradBias, g.sum([0, 2]))).toBeLessThan(1e-9);
  });
});

// Above the grain the passes run on OpenMP threads (layer norm's weight gradient in per-thread
// partial sums): two threads give one thread's results.
describe('threads', () => {
  const gen = new th.Generator().manualSeed(8);
  const x = th.randn([8, 6, 40, 40], { dtype: 'float32', generator: gen });
  const g = th.randn([8, 6, 40, 40], { dtype: 'float32', generator: gen });
  const w = th.rand([6], { dtype: 'float32', generator: gen }).add(0.5);
  const lw = th.rand([40], { dtype: 'float32', generator: gen }).add(0.5);
  const all = (): th.Tensor[] => {
    const bn = nn.batchNorm(x, null, null, { weight: w, training: true });
    const bnb = nn.batchNormBackward(g, x, w, null, null, bn.saveMean, bn.saveInvstd, true);
    const inn = nn.instanceNorm(x, { weight: w });
    const ln = nn.layerNorm(x, 40, { weight: lw });
    const lnb = nn.layerNormBackward(g, x, 40, ln.mean, ln.rstd, lw);
    const gn = nn.groupNorm(x, 3, { weight: w });
    const gnb = nn.groupNormBackward(g, x, gn.mean, gn.rstd, w, 3);
    return [bn.output, bnb.gradInput, bnb.gradWeight, inn.output, ln.output, lnb.gradInput, lnb.gradWeight, lnb.gradBias,
      gn.output, gnb.gradInput, gnb.gradWeight, nn.localResponseNorm(x, 3), nn.localResponseNormBackward(g, x, 3)];
  };
  const threads = th.getNumThreads();
  afterAll(() => th.setNumThreads(threads));
  it('gives the same results on 1 and 2 threads', () => {
    th.setNumThreads(1);
    const one = all();
    th.setNumThreads(2);
    const two = all();
    // layer norm's weight and bias gradients (6, 7) add the per-thread double sums in another order
    const diffs = one.map((t, i) => [i, t.sub(two[i]).abs().max().item() as number]);
    expect(diffs.filter(([i, d]) => d > (i === 6 || i === 7 ? 1e-4 : 0))).toEqual([]);
  });
});
