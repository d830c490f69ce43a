// Every loss backward against central finite differences of its forward, in float64, for every
// input PyTorch differentiates, with reductions 'none' (a varied gradOutput) and 'mean' / 'sum'.
// Points stay away from the kinks, where finite differences are meaningless.
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { checkGradients } from './finite-diff';
import { LOSSES, LossUnderTest } from './loss-cases';

/**
 * CTC of logits through log-softmax. PyTorch's CTC backward (and so this library's) returns
 * exp(logProbs) - posteriors: the gradient with respect to the logits of a log-softmax, not the
 * partial derivative with respect to logProbs; through logSoftmaxBackward both agree.
 */
const CTC_OF_LOGITS: LossUnderTest = {
  forward: ([x, ...rest], o) => LOSSES.ctcLoss.forward([nn.logSoftmax(x, 2), ...rest], o),
  backward: (g, [x, ...rest], o) => {
    const lp = nn.logSoftmax(x, 2);
    const gradLogProbs = LOSSES.ctcLoss.backward(g, [lp, ...rest], o).gradInput as th.Tensor;
    return { gradInput: nn.logSoftmaxBackward(gradLogProbs, lp, 2) };
  },
};
const UNDER_TEST: Record<string, LossUnderTest> = { ...LOSSES, ctcLossOfLogits: CTC_OF_LOGITS };

/** Deterministic, distinct values in [lo, hi]. */
function values(shape: number[], seed: number, lo = -2, hi = 2): th.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Float64Array.from({ length: n }, (_, i) => lo + ((Math.sin(12.9898 * (i + 1) + 78.233 * seed) * 43758.5453) % 1 + 1) % 1 * (hi - lo));
  return th.fromTypedArray(v, shape, { dtype: 'float64' });
}
const ints = (v: number[], shape = [v.length]): th.Tensor => th.tensor(v, { dtype: 'int64' }).reshape(shape);
const f64 = (v: number[], shape = [v.length]): th.Tensor => th.tensor(v, { dtype: 'float64' }).reshape(shape);
const softmaxRows = (t: th.Tensor): th.Tensor => t.exp().div(t.exp().sum(-1, true));

interface GradCase {
  name: string;
  fn: string;
  args: th.Tensor[];
  options?: Record<string, unknown>;
  /** the gradient names, in argument order (null: not differentiable) */
  grads: (string | null)[];
}

const pm = f64([1, -1, 1, -1, -1, 1]);
const CASES: GradCase[] = [
  { name: 'mseLoss', fn: 'mseLoss', args: [values([2, 3], 1), values([2, 3], 2)], grads: ['gradInput', 'gradTarget'] },
  { name: 'l1Loss', fn: 'l1Loss', args: [values([2, 3], 1), values([2, 3], 2)], grads: ['gradInput', 'gradTarget'] },
  { name: 'smoothL1Loss beta 0.7', fn: 'smoothL1Loss', args: [values([2, 3], 1), values([2, 3], 2)], options: { beta: 0.7 },
    grads: ['gradInput', 'gradTarget'] },
  { name: 'huberLoss delta 0.6', fn: 'huberLoss', args: [values([2, 3], 1), values([2, 3], 2)], options: { delta: 0.6 },
    grads: ['gradInput', 'gradTarget'] },
  { name: 'binaryCrossEntropy weight', fn: 'binaryCrossEntropy', args: [values([2, 3], 1, 0.1, 0.9), values([2, 3], 2, 0, 1)],
    options: { weight: values([3], 3, 0.5, 1.5) }, grads: ['gradInput', 'gradTarget'] },
  { name: 'binaryCrossEntropyWithLogits', fn: 'binaryCrossEntropyWithLogits', args: [values([2, 3], 1, -4, 4), values([2, 3], 2, 0, 1)],
    grads: ['gradInput', 'gradTarget'] },
  { name: 'binaryCrossEntropyWithLogits weight posWeight', fn: 'binaryCrossEntropyWithLogits',
    args: [values([2, 3], 1, -4, 4), values([2, 3], 2, 0, 1)],
    options: { weight: values([2, 1], 3, 0.5, 1.5), posWeight: values([3], 4, 0.5, 3) }, grads: ['gradInput', 'gradTarget'] },
  { name: 'klDiv', fn: 'klDiv', args: [values([2, 3], 1, -3, -0.1), values([2, 3], 2, 0.1, 1)], grads: ['gradInput', 'gradTarget'] },
  { name: 'klDiv logTarget', fn: 'klDiv', args: [values([2, 3], 1, -3, -0.1), values([2, 3], 2, -3, -0.1)],
    options: { logTarget: true }, grads: ['gradInput', 'gradTarget'] },
  { name: 'poissonNllLoss', fn: 'poissonNllLoss', args: [values([2, 3], 1), values([2, 3], 2, 0, 4)], grads: ['gradInput', 'gradTarget'] },
  { name: 'poissonNllLoss rates full', fn: 'poissonNllLoss', args: [values([2, 3], 1, 0.2, 3), values([2, 3], 2, 1.2, 6)],
    options: { logInput: false, full: true }, grads: ['gradInput', 'gradTarget'] },
  { name: 'gaussianNllLoss', fn: 'gaussianNllLoss', args: [values([2, 3], 1), values([2, 3], 2), values([2, 3], 3, 0.2, 2)],
    grads: ['gradInput', 'gradTarget', 'gradVar'] },
  { name: 'gaussianNllLoss var per row', fn: 'gaussianNllLoss', args: [values([2, 3], 1), values([2, 3], 2), values([2], 3, 0.2, 2)],
    options: { full: true }, grads: ['gradInput', 'gradTarget', 'gradVar'] },
  { name: 'softMarginLoss', fn: 'softMarginLoss', args: [values([6], 1), pm], grads: ['gradInput', null] },
  { name: 'hingeEmbeddingLoss', fn: 'hingeEmbeddingLoss', args: [values([6], 1, -0.9, 0.9), pm], grads: ['gradInput', null] },
  { name: 'marginRankingLoss', fn: 'marginRankingLoss', args: [values([6], 1), values([6], 2), pm], options: { margin: 0.1 },
    grads: ['gradInput1', 'gradInput2', 'gradTarget'] },
  { name: 'nllLoss weight', fn: 'nllLoss', args: [values([3, 4], 1), ints([0, 3, 2])], options: { weight: values([4], 2, 0.5, 2) },
    grads: ['gradInput', null] },
  { name: 'nllLoss spatial ignoreIndex', fn: 'nllLoss', args: [values([2, 3, 2], 1), ints([0, -100, 2, 1], [2, 2])],
    grads: ['gradInput', null] },
  { name: 'crossEntropy', fn: 'crossEntropy', args: [values([3, 5], 1), ints([0, 4, 2])], grads: ['gradInput', null] },
  { name: 'crossEntropy weight labelSmoothing', fn: 'crossEntropy', args: [values([3, 5], 1), ints([0, 4, 2])],
    options: { weight: values([5], 2, 0.5, 2), labelSmoothing: 0.2 }, grads: ['gradInput', null] },
  { name: 'crossEntropy spatial labelSmoothing', fn: 'crossEntropy', args: [values([2, 3, 2], 1), ints([0, 2, -100, 1], [2, 2])],
    options: { labelSmoothing: 0.3 }, grads: ['gradInput', null] },
  { name: 'crossEntropy probabilities', fn: 'crossEntropy', args: [values([3, 4], 1), softmaxRows(values([3, 4], 2))],
    options: { weight: values([4], 3, 0.5, 2), labelSmoothing: 0.1 }, grads: ['gradInput', 'gradTarget'] },
  { name: 'multiMarginLoss p 1', fn: 'multiMarginLoss', args: [values([3, 4], 1), ints([0, 3, 1])], grads: ['gradInput', null] },
  { name: 'multiMarginLoss p 2 weight', fn: 'multiMarginLoss', args: [values([3, 4], 1), ints([0, 3, 1])],
    options: { p: 2, margin: 0.7, weight: values([4], 2, 0.5, 2) }, grads: ['gradInput', null] },
  { name: 'multilabelMarginLoss', fn: 'multilabelMarginLoss', args: [values([2, 4], 1), ints([1, 3, -1, 0, 2, -1, 0, 0], [2, 4])],
    grads: ['gradInput', null] },
  { name: 'multilabelSoftMarginLoss', fn: 'multilabelSoftMarginLoss', args: [values([2, 4], 1, -3, 3), values([2, 4], 2, 0, 1)],
    options: { weight: values([4], 3, 0.5, 2) }, grads: ['gradInput', 'gradTarget'] },
  { name: 'cosineEmbeddingLoss', fn: 'cosineEmbeddingLoss', args: [values([4, 3], 1), values([4, 3], 2), f64([1, -1, 1, -1])],
    options: { margin: -0.5 }, grads: ['gradInput1', 'gradInput2', null] },
  ...[2, 1, 3, 1.5, 0.5, Infinity].map((p) => ({
    name: `tripletMarginLoss p ${p} swap`,
    fn: 'tripletMarginLoss',
    args: [values([3, 4], 1), values([3, 4], 2), values([3, 4], 3)],
    options: { p, swap: true, margin: 3 },
    grads: ['gradAnchor', 'gradPositive', 'gradNegative'],
  })),
  { name: 'ctcLoss (of logits)', fn: 'ctcLossOfLogits', args: [values([5, 3, 4], 1), ints([1, 2, 1, 3, 3, 3], [3, 2]),
    ints([5, 4, 5]), ints([2, 1, 2])], options: { blank: 0 }, grads: ['gradInput', null, null, null] },
  { name: 'ctcLoss concatenated blank 2 (of logits)', fn: 'ctcLossOfLogits', args: [values([4, 2, 3], 2), ints([1, 0, 1]),
    ints([4, 3]), ints([2, 1])], options: { blank: 2 }, grads: ['gradInput', null, null, null] },
];

describe('loss gradients match finite differences (float64)', () => {
  for (const c of CASES) {
    for (const reduction of ['none', 'mean', 'sum']) {
      it(`${c.name}, reduction ${reduction}`, () => {
        const loss = UNDER_TEST[c.fn];
        const options = { ...c.options, reduction };
        const wrt = c.grads.map((g, i) => (g ? i : -1)).filter((i) => i >= 0);
        const result = checkGradients(
          (xs) => loss.forward(xs, options),
          (g, xs) => {
            const grads = loss.backward(g, xs, options);
            return c.grads.map((name) => (name ? grads[name] : null));
          },
          c.args,
          { wrt },
        );
        expect(result).toBeNull();
      });
    }
  }
});
