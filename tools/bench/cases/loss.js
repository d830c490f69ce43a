// Loss cases of tools/bench/th-bench.js (names and inputs match loss.py): cross-entropy forward and
// forward+backward on [256, 1000] logits, nll on the same shape, mse on 1e6 elements. Backward is
// @typetorch/thnn's backward kernel (the gradient of the mean loss); PyTorch's goes through autograd.
'use strict';

const path = require('path');

/** { cases: [{ name, fn, bytes }], inputs }; bytes: the input read per call (and the gradient written). */
function makeCases() {
  const th = require(path.join(__dirname, '../../../packages/th/dist'));
  const nn = require(path.join(__dirname, '../../../packages/thnn/dist'));
  const F = 4;
  const inputs = [];
  const keep = (t) => (inputs.push(t), t);
  const N = 256;
  const C = 1000;
  const logits = keep(th.linspace(-40, 40, N * C, { dtype: 'float32' }).sin().mul_(3).view([N, C]));
  const target = keep(th.arange(N, { dtype: 'int64' }).mul_(37).remainder_(C));
  const logProbs = keep(nn.logSoftmax(logits, 1));
  const a = keep(th.linspace(-3, 3, 1e6, { dtype: 'float32' }).sin());
  const b = keep(th.linspace(-2, 2, 1e6, { dtype: 'float32' }).cos());
  const one = keep(th.tensor(1, { dtype: 'float32' }));
  // results are disposed as soon as they are used (totalWeight is a number)
  const crossEntropyForward = () => {
    const r = nn.crossEntropy(logits, target);
    r.output.dispose();
    r.logSumExp.dispose();
  };
  const crossEntropyStep = () => {
    const r = nn.crossEntropy(logits, target);
    nn.crossEntropyBackward(one, logits, target, r.logSumExp, r.totalWeight).gradInput.dispose();
    r.output.dispose();
    r.logSumExp.dispose();
  };
  const nllStep = () => {
    const r = nn.nllLoss(logProbs, target);
    nn.nllLossBackward(one, logProbs, target, r.totalWeight).dispose();
    r.output.dispose();
  };
  const mseStep = () => {
    nn.mseLoss(a, b).dispose();
    const g = nn.mseLossBackward(one, a, b);
    g.gradInput.dispose();
    g.gradTarget.dispose();
  };
  const cases = [
    { name: 'crossEntropy [256,1000] fwd', fn: crossEntropyForward, bytes: N * C * F },
    { name: 'crossEntropy [256,1000] fwd+bwd', fn: crossEntropyStep, bytes: 3 * N * C * F },
    { name: 'nllLoss [256,1000] fwd', fn: () => nn.nllLoss(logProbs, target).output.dispose(), bytes: 0 },
    { name: 'nllLoss [256,1000] fwd+bwd', fn: nllStep, bytes: N * C * F },
    { name: 'mseLoss 1e6 fwd', fn: () => nn.mseLoss(a, b).dispose(), bytes: 2e6 * F },
    { name: 'mseLoss 1e6 fwd+bwd', fn: mseStep, bytes: 6e6 * F },
  ];
  return { cases, inputs };
}

module.exports = { makeCases };
