// Bad arguments to the losses give clear errors (never a crash): targets out of range, wrong target
// dtypes, shape mismatches, weights of the wrong size, CTC lengths, reductions, bce's input range,
// bad parameters and types.
import * as th from '@typetorch/th';
import * as nn from '../ts';

const f64 = (v: number[], shape = [v.length]): th.Tensor => th.tensor(v, { dtype: 'float64' }).reshape(shape);
const i64 = (v: number[], shape = [v.length]): th.Tensor => th.tensor(v, { dtype: 'int64' }).reshape(shape);
const scores = th.zeros([3, 5], { dtype: 'float64' });
const classes = i64([0, 4, 2]);
const x23 = th.zeros([2, 3], { dtype: 'float64' });

describe('loss errors', () => {
  it('names a target out of range and the class count', () => {
    expect(() => nn.nllLoss(scores, i64([0, 7, 1]))).toThrow('nllLoss: target 7 is out of bounds (expected 0 <= target < 5)');
    expect(() => nn.nllLoss(scores, i64([0, -1, 1]))).toThrow('nllLoss: target -1 is out of bounds (expected 0 <= target < 5)');
    expect(() => nn.crossEntropy(scores, i64([5, 0, 0]))).toThrow('crossEntropy: target 5 is out of bounds (expected 0 <= target < 5)');
    expect(() => nn.nllLossBackward(th.tensor(1, { dtype: 'float64' }), scores, i64([9, 0, 0]), 3)).toThrow(
      'nllLossBackward: target 9 is out of bounds (expected 0 <= target < 5)');
    expect(() => nn.multiMarginLoss(scores, i64([0, 5, 1]))).toThrow('multiMarginLoss: target 5 is out of bounds (expected 0 <= target < 5)');
    expect(() => nn.multilabelMarginLoss(x23, i64([0, -2, 1, 3, -1, 0], [2, 3]))).toThrow(
      /multilabelMarginLoss: target -2 is out of range \(expected -1 <= target < 3/);
    expect(() => nn.multilabelMarginLoss(x23, i64([0, 1, -1, 3, -1, 0], [2, 3]))).toThrow(/target 3 is out of range/);
    // ignored targets may lie anywhere, and values after a row's -1 are not read
    expect(nn.nllLoss(scores, i64([0, -100, 1])).totalWeight).toBe(2);
    expect(() => nn.multilabelMarginLoss(x23, i64([0, -1, 9, 1, -1, 7], [2, 3]))).not.toThrow();
  });
  it('needs int64 class indices', () => {
    expect(() => nn.nllLoss(scores, th.tensor([0, 4, 2], { dtype: 'int32' }))).toThrow(
      'nllLoss: expected target (class indices) to be an int64 tensor, but got int32');
    expect(() => nn.crossEntropy(scores, f64([0, 4, 2]))).toThrow(
      'crossEntropy: expected target (class indices) to be an int64 tensor, but got float64');
    expect(() => nn.multiMarginLoss(scores, f64([0, 4, 2]))).toThrow(/multiMarginLoss: expected target \(class indices\) to be an int64 tensor/);
    expect(() => nn.crossEntropy(scores, i64(Array(15).fill(0), [3, 5]))).toThrow(
      'crossEntropy: expected a floating target for class probabilities (the input\'s shape), but got int64');
    expect(() => nn.ctcLoss(th.zeros([4, 1, 3]), f64([1, 2], [1, 2]), [4], [2])).toThrow('ctcLoss: expected targets to be an int64 tensor, but got float64');
  });
  it('rejects shape mismatches between input and target', () => {
    expect(() => nn.nllLoss(scores, i64([0, 1]))).toThrow(
      'nllLoss: expected target to have shape [3] (the input\'s shape without the class dim), but got [2]');
    expect(() => nn.crossEntropy(th.zeros([2, 5, 4], { dtype: 'float64' }), i64([0, 1, 2, 3, 4, 0], [2, 3]))).toThrow(
      /crossEntropy: expected target to have shape \[2, 4\]/);
    expect(() => nn.mseLoss(x23, f64([1, 2, 3]))).toThrow('mseLoss: expected target to have the shape of input [2, 3], but got [3]');
    expect(() => nn.binaryCrossEntropyWithLogits(x23, th.zeros([3, 2], { dtype: 'float64' }))).toThrow(/expected target to have the shape of input/);
    expect(() => nn.marginRankingLoss(f64([1, 2]), f64([1, 2]), f64([1]))).toThrow(
      'marginRankingLoss: expected target to have the shape of input1 [2], but got [1]');
    expect(() => nn.tripletMarginLoss(x23, x23, th.zeros([2, 4], { dtype: 'float64' }))).toThrow(
      'tripletMarginLoss: expected negative to have the shape of anchor [2, 3], but got [2, 4]');
    expect(() => nn.cosineEmbeddingLoss(x23, x23, f64([1, 1, 1]))).toThrow(
      'cosineEmbeddingLoss: expected target to have 2 elements (one per sample), but got 3');
    expect(() => nn.cosineEmbeddingLoss(x23, x23, f64([1]).reshape([])))
      .toThrow('cosineEmbeddingLoss: a 0D target expects 1D inputs, but got inputs of shape [2, 3] and [2, 3]');
    expect(() => nn.mseLoss(x23, th.zeros([2, 3], { dtype: 'float32' }))).toThrow(
      'mseLoss: expected target to have the dtype of input (float64), but got float32');
  });
  it('rejects weights of the wrong size', () => {
    expect(() => nn.nllLoss(scores, classes, { weight: th.ones([4], { dtype: 'float64' }) })).toThrow(
      'nllLoss: expected weight to be defined for all 5 classes (shape [5]), but got shape [4]');
    expect(() => nn.crossEntropy(scores, classes, { weight: th.ones([5, 1], { dtype: 'float64' }) })).toThrow(
      /crossEntropy: expected weight to be defined for all 5 classes/);
    expect(() => nn.multiMarginLoss(scores, classes, { weight: th.ones([3], { dtype: 'float64' }) })).toThrow(
      'multiMarginLoss: expected weight to have 5 elements (one per class), but got shape [3]');
    expect(() => nn.binaryCrossEntropy(x23, x23, { weight: th.ones([4], { dtype: 'float64' }) })).toThrow(
      "binaryCrossEntropy: weight of shape [4] cannot be broadcast to the input's shape [2, 3]");
    expect(() => nn.binaryCrossEntropyWithLogits(x23, x23, { posWeight: th.ones([2], { dtype: 'float64' }) })).toThrow(
      "binaryCrossEntropyWithLogits: posWeight of shape [2] cannot be broadcast to the input's shape [2, 3]");
    expect(() => nn.multilabelSoftMarginLoss(x23, x23, { weight: th.ones([2], { dtype: 'float64' }) })).toThrow(
      /multilabelSoftMarginLoss: weight of shape \[2\] cannot be broadcast/);
    expect(() => nn.nllLoss(scores, classes, { weight: th.ones([5]) })).toThrow(
      'nllLoss: expected weight to have the dtype of input (float64), but got float32');
  });
  it('rejects CTC lengths longer than the input or the targets', () => {
    const lp = nn.logSoftmax(th.zeros([5, 2, 4]), 2);
    const targets = i64([1, 2, 3, 1, 1, 0], [2, 3]);
    expect(() => nn.ctcLoss(lp, targets, [7, 5], [3, 2])).toThrow(
      'ctcLoss: input length 7 of sample 0 is out of range (expected 0 <= length <= T = 5)');
    expect(() => nn.ctcLoss(lp, targets, [5, -1], [3, 2])).toThrow(/input length -1 of sample 1 is out of range/);
    expect(() => nn.ctcLoss(lp, targets, [5, 5], [4, 2])).toThrow(
      'ctcLoss: target length 4 is longer than the padded targets (3 columns)');
    expect(() => nn.ctcLoss(lp, i64([1, 2, 3]), [5, 5], [2, 2])).toThrow(
      'ctcLoss: expected concatenated targets to have sum(targetLengths) = 4 labels, but got 3');
    expect(() => nn.ctcLoss(lp, targets, [5], [3, 2])).toThrow('ctcLoss: expected inputLengths to have shape [2] (one length per sample), but got [1]');
    expect(() => nn.ctcLoss(lp, targets, [5, 5], [3, -2])).toThrow('ctcLoss: target length -2 of sample 1 is negative');
    expect(() => nn.ctcLoss(lp, i64([1, 4, 3, 1, 1, 0], [2, 3]), [5, 5], [3, 2])).toThrow(
      'ctcLoss: target 4 of sample 0 is out of bounds (expected 0 <= target < 4)');
    expect(() => nn.ctcLoss(lp, targets, [5, 5], [3, 2], { blank: 4 })).toThrow(
      'ctcLoss: blank must be in label range (expected 0 <= blank < 4), but got 4');
    expect(() => nn.ctcLoss(lp, targets, f64([5, 5]), [3, 2])).toThrow(new TypeError('ctcLoss: inputLengths must be integral, but got float64'));
    expect(() => nn.ctcLoss(lp, targets, [5, 4.5], [3, 2])).toThrow(TypeError);
    expect(() => nn.ctcLoss(th.zeros([5, 4]), i64([1, 2]), 5, 2)).not.toThrow();
  });
  it('rejects invalid reduction strings', () => {
    const bad = { reduction: 'mean2' as 'mean' };
    expect(() => nn.mseLoss(x23, x23, bad)).toThrow(
      new TypeError("mseLoss: mean2 is not a valid value for reduction (expected 'none', 'mean' or 'sum')"));
    expect(() => nn.crossEntropy(scores, classes, bad)).toThrow(/crossEntropy: mean2 is not a valid value for reduction/);
    expect(() => nn.ctcLossBackward(x23, x23, x23, [1], [1], x23, x23, bad)).toThrow(TypeError);
    expect(() => nn.klDiv(x23, x23, { reduction: 'batchmean' })).not.toThrow();
    expect(() => nn.klDiv(x23, x23, { reduction: 'batch' as 'mean' })).toThrow(
      "klDiv: batch is not a valid value for reduction (expected 'none', 'batchmean', 'sum' or 'mean')");
    expect(() => nn.mseLoss(x23, x23, { reduction: 'batchmean' as 'mean' })).toThrow(/batchmean is not a valid value/);
    expect(() => nn.mseLoss(x23, x23, { reduction: 'toString' as 'mean' })).toThrow(/toString is not a valid value/);
  });
  it('rejects binaryCrossEntropy inputs outside [0, 1]', () => {
    expect(() => nn.binaryCrossEntropy(f64([0.5, 1.5]), f64([0, 1]))).toThrow(
      'binaryCrossEntropy: all elements of input should be between 0 and 1, but got 1.5');
    expect(() => nn.binaryCrossEntropy(f64([-0.1, 0.5]), f64([0, 1]))).toThrow(/between 0 and 1, but got -0.1/);
    expect(() => nn.binaryCrossEntropy(f64([NaN, 0.5]), f64([0, 1]))).toThrow(/between 0 and 1, but got nan/);
    expect(nn.binaryCrossEntropy(f64([0, 1]), f64([0, 1])).item()).toBe(0);
  });
  it('rejects bad parameters and values', () => {
    expect(() => nn.smoothL1Loss(x23, x23, { beta: -1 })).toThrow('smoothL1Loss: beta must be non-negative, but got -1');
    expect(() => nn.huberLoss(x23, x23, { delta: 0 })).toThrow('huberLoss: delta must be positive, but got 0');
    expect(() => nn.multiMarginLoss(scores, classes, { p: 3 })).toThrow('multiMarginLoss: only p == 1 and p == 2 are supported, but got p = 3');
    expect(() => nn.crossEntropy(scores, classes, { labelSmoothing: 1.5 })).toThrow(
      'crossEntropy: labelSmoothing must be between 0.0 and 1.0, but got 1.5');
    expect(() => nn.crossEntropy(scores, th.zeros([3, 5], { dtype: 'float64' }), { ignoreIndex: 2 })).toThrow(
      'crossEntropy: ignoreIndex is not supported for class-probability targets (got 2)');
    expect(() => nn.tripletMarginLoss(x23, x23, x23, { p: 0 })).toThrow('tripletMarginLoss: p must be positive (the norm\'s degree), but got 0');
    expect(() => nn.gaussianNllLoss(x23, x23, f64([1, -1, 1, 1, 1, 1], [2, 3]))).toThrow('gaussianNllLoss: var has negative entry/entries');
    expect(() => nn.gaussianNllLoss(x23, x23, f64([1, 1, 1]))).toThrow(
      new RangeError('gaussianNllLoss: var is of incorrect size: expected [2,3], [2] or [2,1], but got [3]'));
    expect(() => nn.nllLoss(th.zeros([], { dtype: 'float64' }), i64([0]).reshape([]))).toThrow(
      'nllLoss: expected input with 1 or more dimensions (got 0)');
    expect(() => nn.multiMarginLoss(th.zeros([2, 0]), i64([0, 0]))).toThrow(/multiMarginLoss: expected a non-empty vector or matrix/);
  });
  it('rejects wrong dtypes of the input', () => {
    expect(() => nn.mseLoss(i64([1, 2]), i64([1, 2]))).toThrow('mseLoss: expected input to be a float32 or float64 tensor, but got int64');
    expect(() => nn.crossEntropy(i64([1, 2]), i64([0]).reshape([]))).toThrow(
      'crossEntropy: expected input to be a float32 or float64 tensor, but got int64');
    expect(() => nn.ctcLoss(i64([1], [1, 1, 1]), i64([0], [1, 1]), [1], [0])).toThrow(
      'ctcLoss: expected logProbs to be a float32 or float64 tensor, but got int64');
  });
  it('checks what backward passes take', () => {
    const g = th.ones([2], { dtype: 'float64' });
    expect(() => nn.mseLossBackward(g, x23, x23)).toThrow(
      'mseLossBackward: expected gradOutput (the loss was reduced) to have one element, but got shape [2]');
    expect(() => nn.mseLossBackward(g, x23, x23, { reduction: 'none' })).toThrow(
      'mseLossBackward: expected gradOutput to have the shape of the unreduced loss [2, 3], but got [2]');
    expect(() => nn.nllLossBackward(g, scores, classes, null, { reduction: 'none' })).toThrow(
      'nllLossBackward: expected gradOutput to have the shape of the unreduced loss [3], but got [2]');
    const one = th.tensor(1, { dtype: 'float64' });
    expect(() => nn.nllLossBackward(one, scores, classes, null)).toThrow(
      'nllLossBackward: totalWeight is NULL (reduction mean needs the forward\'s total weight)');
    expect(() => nn.nllLossBackward(one, scores, classes, null, { reduction: 'sum' })).not.toThrow();
    const r = nn.crossEntropy(scores, classes);
    expect(() => nn.crossEntropyBackward(one, scores, classes, g, r.totalWeight)).toThrow(
      'crossEntropyBackward: expected logSumExp to have one value per sample (3), but got shape [2]');
    expect(() => nn.crossEntropyBackward(one, scores, classes, r.logSumExp, '3' as unknown as number)).toThrow(
      new TypeError("crossEntropyBackward: expected totalWeight to be a number (the forward's), but got string"));
    const lp = nn.logSoftmax(th.zeros([3, 1, 3], { dtype: 'float64' }), 2);
    const c = nn.ctcLoss(lp, i64([1], [1, 1]), [3], [1]);
    expect(() => nn.ctcLossBackward(one, lp, i64([1, 2], [1, 2]), [3], [2], c.negLogLikelihood, c.logAlpha)).toThrow(
      'ctcLossBackward: expected logAlpha of shape [1, 3, 5] (from the forward pass), but got [1, 3, 3]');
    expect(() => nn.multilabelMarginLossBackward(one, x23, i64([0, -1, 0, 0, -1, 0], [2, 3]), th.zeros([3]))).toThrow(
      /multilabelMarginLossBackward: expected isTarget to have the dtype of input/);
  });
  it('rejects what is not a tensor, options of the wrong type', () => {
    expect(() => nn.mseLoss([1] as unknown as th.Tensor, x23)).toThrow(new TypeError('mseLoss: expected input to be a Tensor'));
    expect(() => nn.nllLoss(scores, [0] as unknown as th.Tensor)).toThrow(new TypeError('nllLoss: expected target to be a Tensor'));
    expect(() => nn.crossEntropy(scores, classes, { weight: [1, 2] as unknown as th.Tensor })).toThrow(
      new TypeError('crossEntropy: expected weight to be a Tensor or null'));
    expect(() => nn.crossEntropy(scores, classes, { ignoreIndex: 0.5 })).toThrow(
      new TypeError('crossEntropy: expected ignoreIndex to be an integer, but got 0.5'));
    expect(() => nn.klDiv(x23, x23, { logTarget: 1 as unknown as boolean })).toThrow(
      new TypeError('klDiv: expected logTarget to be a boolean, but got 1'));
    expect(() => nn.smoothL1Loss(x23, x23, { beta: '1' as unknown as number })).toThrow(
      new TypeError('smoothL1Loss: expected beta to be a number, but got string'));
    expect(() => nn.mseLoss(x23, x23, 'sum' as unknown as { reduction: 'sum' })).toThrow(
      new TypeError('mseLoss: expected options to be an object, but got string'));
  });
});
