// Forward values and gradients of every differentiable op against PyTorch's, with every tensor on
// CUDA: the op table (fixture_runner.ts) and torch.linalg (linalg_ops.ts); skipped without a GPU
// (gpu.ts).
import * as ag from '@typetorch/autograd';
import { describeFixtures } from './fixture_runner';
import { describeGpu } from './gpu';
import { loadCases, runCase } from './linalg-utils';
import { LINALG_OPS } from './linalg_ops';

const device: ag.Device = 'cuda:0';

describeGpu('the fixtures run on the GPU', () => {
  test(`tensors made as the runner makes them are on ${device}`, () => {
    const t = ag.fromTypedArray(new Float64Array([1, 2]), [2], { device });
    expect([t.device, t.isCuda]).toEqual([device, true]);
  });
});

describeFixtures(device, describeGpu);

describeGpu(`torch.linalg against PyTorch (${device})`, () => {
  test.each(loadCases(LINALG_OPS).map((c) => [c.id, c] as const))('%s', (_id, c) => runCase(c, LINALG_OPS[c.op], device));
});
