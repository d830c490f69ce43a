// Loss behaviour beyond the fixtures: result shapes per reduction, what forward returns for
// backward, the fused cross-entropy against log-softmax + nll on large rows (the vectorized exp and
// its tails), NaN and empty-input conventions, thread-count independence.
import * as th from '@typetorch/th';
import * as nn from '../ts';

const f64 = (v: number[], shape = [v.length]): th.Tensor => th.tensor(v, { dtype: 'float64' }).reshape(shape);
const i64 = (v: number[], shape = [v.length]): th.Tensor => th.tensor(v, { dtype: 'int64' }).reshape(shape);
/** Deterministic values in [-a, a]. */
const wave = (shape: number[], a: number, dtype: 'float32' | 'float64' = 'float32'): th.Tensor =>
  th.linspace(0, 997, shape.reduce((p, q) => p * q, 1), { dtype }).sin().mul_(a).reshape(shape);
const maxAbsDiff = (a: th.Tensor, b: th.Tensor): number => Number(a.sub(b).abs().max().item());
const value = (t: th.Tensor): number => Number(t.item());

describe('loss results', () => {
  it('have the shape of the reduction', () => {
    const x = wave([4, 3], 1, 'float64');
    for (const [reduction, shape] of [['none', [4, 3]], ['mean', []], ['sum', []]] as const) {
      const y = nn.mseLoss(x, x.mul(2), { reduction });
      expect(y.shape).toEqual(shape);
      expect(y.dtype).toBe('float64');
    }
    const t = i64([0, 2, 1, 1]);
    expect(nn.nllLoss(x, t, { reduction: 'none' }).output.shape).toEqual([4]);
    expect(nn.crossEntropy(wave([2, 3, 4, 5], 1), i64(Array(40).fill(1), [2, 4, 5]), { reduction: 'none' }).output.shape).toEqual([2, 4, 5]);
    expect(nn.crossEntropy(wave([3], 1), i64([2]).reshape([]), { reduction: 'none' }).output.shape).toEqual([]);
    expect(nn.multilabelSoftMarginLoss(x, x, { reduction: 'none' }).shape).toEqual([4]);
    expect(nn.tripletMarginLoss(wave([5], 1), wave([5], 2), wave([5], 3), { reduction: 'none' }).shape).toEqual([]);
    expect(nn.multiMarginLoss(x, t, { reduction: 'none' }).shape).toEqual([4]);
    expect(nn.cosineEmbeddingLoss(x, x, f64([1, -1, 1, 1]), { reduction: 'none' }).shape).toEqual([4]);
  });
  it('return what backward needs: total weight, log-sum-exp, isTarget, CTC alphas', () => {
    const x = wave([3, 4], 2, 'float64');
    const w = f64([1, 2, 3, 4]);
    expect(nn.nllLoss(x, i64([3, -100, 1]), { weight: w }).totalWeight).toBe(6);
    const ce = nn.crossEntropy(x, i64([3, 0, 1]), { weight: w });
    expect(ce.totalWeight).toBe(7);
    expect(maxAbsDiff(ce.logSumExp, x.logsumexp(1))).toBeLessThan(1e-14);
    expect(nn.crossEntropy(x, nn.softmax(x, 1)).totalWeight).toBe(3); // probabilities: the sample count
    const ml = nn.multilabelMarginLoss(x, i64([3, 0, -1, 0, 1, -1, 1, 1, -1, 2, 2, 2], [3, 4]));
    expect(ml.isTarget.toArray()).toEqual([[1, 0, 0, 1], [0, 1, 0, 0], [0, 0, 0, 0]]);
    const lp = nn.logSoftmax(wave([6, 2, 4], 1), 2);
    const ctc = nn.ctcLoss(lp, i64([1, 2, 3, 3], [2, 2]), [6, 5], [2, 2], { reduction: 'none' });
    expect(ctc.negLogLikelihood.shape).toEqual([2]);
    expect(ctc.logAlpha.shape).toEqual([2, 6, 5]);
    expect(ctc.output.toArray()).toEqual(ctc.negLogLikelihood.toArray());
  });
  it('klDiv batchmean is the sum divided by the batch size', () => {
    const x = nn.logSoftmax(wave([4, 5], 1, 'float64'), 1);
    const y = nn.softmax(wave([4, 5], 2, 'float64'), 1);
    expect(value(nn.klDiv(x, y, { reduction: 'batchmean' }))).toBeCloseTo(value(nn.klDiv(x, y, { reduction: 'sum' })) / 4, 14);
    const g = th.tensor(1, { dtype: 'float64' });
    const gb = nn.klDivBackward(g, x, y, { reduction: 'batchmean' });
    const gs = nn.klDivBackward(g, x, y, { reduction: 'sum' });
    expect(maxAbsDiff(gb.gradInput.mul(4), gs.gradInput)).toBeLessThan(1e-15);
  });
  it('unbatched CTC gives a 0-d loss and a [T, C] gradient', () => {
    const lp = nn.logSoftmax(wave([5, 3], 1, 'float64'), 1);
    const r = nn.ctcLoss(lp, i64([1, 2]), 5, 2, { reduction: 'none' });
    expect(r.output.shape).toEqual([]);
    const batched = nn.ctcLoss(lp.unsqueeze(1), i64([1, 2], [1, 2]), [5], [2], { reduction: 'none' });
    expect(r.output.item()).toBe(batched.output.item());
    const g = nn.ctcLossBackward(th.tensor(1, { dtype: 'float64' }), lp, i64([1, 2]), 5, 2, r.negLogLikelihood, r.logAlpha, {
      reduction: 'none',
    });
    expect(g.shape).toEqual([5, 3]);
  });
});

describe('fused cross-entropy', () => {
  // log-softmax + nll through the existing kernels, as PyTorch composes them
  function reference(x: th.Tensor, t: th.Tensor, g: th.Tensor) {
    const lp = nn.logSoftmax(x, 1);
    const nll = nn.nllLoss(lp, t, { reduction: 'none' });
    const gi = nn.logSoftmaxBackward(nn.nllLossBackward(g, lp, t, null, { reduction: 'none' }), lp, 1);
    return { output: nll.output, gradInput: gi };
  }
  for (const C of [1, 7, 8, 13, 1000]) {
    it(`matches logSoftmax + nllLoss for ${C} classes (float32 and float64)`, () => {
      for (const dtype of ['float32', 'float64'] as const) {
        const N = 9;
        const x = wave([N, C], 30, dtype);
        const t = i64(Array.from({ length: N }, (_, i) => (i * 7) % C));
        const g = wave([N], 1, dtype);
        const ref = reference(x, t, g);
        const r = nn.crossEntropy(x, t, { reduction: 'none' });
        const tol = dtype === 'float32' ? 2e-5 : 1e-12;
        expect(maxAbsDiff(r.output, ref.output)).toBeLessThan(tol * 40);
        const gi = nn.crossEntropyBackward(g, x, t, r.logSumExp, r.totalWeight, { reduction: 'none' }).gradInput;
        expect(maxAbsDiff(gi, ref.gradInput)).toBeLessThan(tol);
      }
    });
  }
  it('keeps extreme logits finite and propagates NaN per row', () => {
    const x = f64([1000, -1000, 0, -Infinity, 5, 0, NaN, 1, 2], [3, 3]);
    const r = nn.crossEntropy(x, i64([0, 1, 2]), { reduction: 'none' });
    const out = r.output.toArray() as number[];
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo(-(5 - Math.log(Math.exp(5) + 1)), 12);
    expect(Number.isNaN(out[2])).toBe(true);
    const r32 = nn.crossEntropy(x.float(), i64([0, 1, 2]), { reduction: 'none' });
    expect((r32.output.toArray() as number[]).slice(0, 2)).toEqual([0, expect.closeTo(out[1], 5)]);
    const gi = nn.crossEntropyBackward(th.ones([3], { dtype: 'float32' }), x.float(), i64([0, 1, 2]), r32.logSumExp, r32.totalWeight, {
      reduction: 'none',
    }).gradInput.toArray() as number[][];
    expect(gi[0]).toEqual([0, 0, 0]);
    expect(gi[1][0]).toBe(0);
    expect(gi[2].every(Number.isNaN)).toBe(true);
  });
});

describe('conventions', () => {
  it('the mean over no elements is NaN, as in PyTorch', () => {
    const e = th.zeros([0, 3], { dtype: 'float64' });
    expect(Number.isNaN(nn.mseLoss(e, e).item())).toBe(true);
    expect(nn.mseLoss(e, e, { reduction: 'sum' }).item()).toBe(0);
    expect(Number.isNaN(nn.nllLoss(th.zeros([2, 3], { dtype: 'float64' }), i64([-100, -100])).output.item())).toBe(true);
    expect(Number.isNaN(nn.crossEntropy(e, e).output.item())).toBe(true);
  });
  it('does not depend on the thread count', () => {
    const x = wave([512, 300], 4);
    const t = i64(Array.from({ length: 512 }, (_, i) => (i * 13) % 300));
    const big = wave([300000], 2);
    const before = th.getNumThreads();
    const run = () => [value(nn.crossEntropy(x, t).output), value(nn.mseLoss(big, big.mul(0.5))), value(nn.l1Loss(big, big.neg()))];
    try {
      th.setNumThreads(1);
      const one = run();
      th.setNumThreads(2);
      const two = run();
      one.forEach((v, i) => expect(two[i]).toBeCloseTo(v, 5));
    } finally {
      th.setNumThreads(before);
    }
  });
});
