// The README's "THNN in five minutes" example runs as written and gives the shapes it promises.
import * as th from '@typetorch/th';
import * as nn from '../ts';

describe('README example', () => {
  it('runs a conv / pool / cross-entropy step', () => {
    const x = th.randn([8, 3, 32, 32]);
    const w = th.randn([16, 3, 3, 3]);
    const y = nn.conv2d(x, w, th.zeros([16]), { padding: 1 });
    expect(y.shape).toEqual([8, 16, 32, 32]);
    const { gradInput, gradWeight, gradBias } = nn.conv2dBackward(th.onesLike(y), x, w, { padding: 1 });
    expect([gradInput?.shape, gradWeight?.shape, gradBias?.shape]).toEqual([x.shape, w.shape, [16]]);
    // d(sum y)/d bias = number of output positions per channel
    expect(Array.from(gradBias!.toTypedArray() as Float32Array)).toEqual(new Array(16).fill(8 * 32 * 32));
    const { output, indices } = nn.maxPool2d(nn.relu(y), 2, { returnIndices: true });
    expect([output.shape, indices.shape, indices.dtype]).toEqual([[8, 16, 16, 16], [8, 16, 16, 16], 'int64']);

    const logits = th.randn([8, 10]);
    const target = th.tensor([1, 0, 3, 9, 2, 2, 7, 5], { dtype: 'int64' });
    const ce = nn.crossEntropy(logits, target, { labelSmoothing: 0.1 });
    expect(ce.output.shape).toEqual([]);
    const grads = nn.crossEntropyBackward(th.ones([]), logits, target, ce.logSumExp, ce.totalWeight, { labelSmoothing: 0.1 });
    expect(grads.gradInput.shape).toEqual([8, 10]);
    // each row of the gradient of a mean cross-entropy sums to 0 (softmax minus a distribution) / 8
    const rowSums = Array.from(grads.gradInput.sum(1).toTypedArray() as Float32Array);
    rowSums.forEach((s) => expect(Math.abs(s)).toBeLessThan(1e-6));
  });
});
