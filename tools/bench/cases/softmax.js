// THNN softmax cases of tools/bench/th-bench.js (names and inputs match softmax.py): softmax and
// logSoftmax over 1000 classes (batch 256), forward and forward+backward, along the last dim and
// along dim 0 (where a line's elements are strided), and gelu / silu on 1e6 floats.
'use strict';

const path = require('path');

function makeCases() {
  const th = require(path.join(__dirname, '../../../packages/th/dist'));
  const nn = require(path.join(__dirname, '../../../packages/thnn/dist'));
  const gen = new th.Generator().manualSeed(0);
  const inputs = [];
  const keep = (t) => (inputs.push(t), t);
  const x = keep(th.randn([256, 1000], { generator: gen }));
  const xt = keep(th.randn([1000, 256], { generator: gen }));
  const g = keep(th.randn([256, 1000], { generator: gen }));
  const gt = keep(th.randn([1000, 256], { generator: gen }));
  const big = keep(th.randn([1000000], { generator: gen }));
  const bytes = 2 * 4 * 256 * 1000; // read input, write output
  const fwdBwd = (f, b, input, grad, dim) => () => {
    const y = f(input, dim);
    b(grad, y, dim).dispose();
    y.dispose();
  };
  const cases = [
    { name: 'softmax [256,1000] dim 1', fn: () => nn.softmax(x, 1).dispose(), bytes },
    { name: 'logSoftmax [256,1000] dim 1', fn: () => nn.logSoftmax(x, 1).dispose(), bytes },
    { name: 'softmax [256,1000] dim 1 fwd+bwd', fn: fwdBwd(nn.softmax, nn.softmaxBackward, x, g, 1), bytes: 3 * bytes },
    { name: 'logSoftmax [256,1000] dim 1 fwd+bwd', fn: fwdBwd(nn.logSoftmax, nn.logSoftmaxBackward, x, g, 1), bytes: 3 * bytes },
    { name: 'softmax [1000,256] dim 0', fn: () => nn.softmax(xt, 0).dispose(), bytes },
    { name: 'logSoftmax [1000,256] dim 0 fwd+bwd', fn: fwdBwd(nn.logSoftmax, nn.logSoftmaxBackward, xt, gt, 0), bytes: 3 * bytes },
    { name: 'gelu 1e6', fn: () => nn.gelu(big).dispose(), bytes: 8e6 },
    { name: 'silu 1e6', fn: () => nn.silu(big).dispose(), bytes: 8e6 },
  ];
  return { cases, inputs };
}

module.exports = { makeCases };
