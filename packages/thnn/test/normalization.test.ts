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
