// Convolution cases of tools/bench/th-bench.js (names and inputs match conv.py): conv2d forward and
// forward+backward (gradInput, gradWeight, gradBias) on the shapes of issue 5's targets — a
// 3-channel stem, a 3x3 64->64 layer, a 1x1 64->128 layer and a depthwise 3x3 layer.
'use strict';

const path = require('path');

/** The conv2d shapes: [label, input shape, weight shape, options]. Keep in step with conv.py. */
const SHAPES = [
  ['[32,3,32,32]->16 3x3 p1', [32, 3, 32, 32], [16, 3, 3, 3], { padding: 1 }],
  ['[32,64,56,56]->64 3x3 p1', [32, 64, 56, 56], [64, 64, 3, 3], { padding: 1 }],
  ['[32,64,56,56]->128 1x1', [32, 64, 56, 56], [128, 64, 1, 1], {}],
  ['[32,64,56,56] depthwise 3x3 p1', [32, 64, 56, 56], [64, 1, 3, 3], { padding: 1, groups: 64 }],
];

/** { cases: [{ name, fn }], inputs }; inputs are things to dispose at the end. */
function makeCases() {
  const th = require(path.join(__dirname, '../../../packages/th/dist'));
  const nn = require(path.join(__dirname, '../../../packages/thnn/dist'));
  const gen = new th.Generator().manualSeed(0);
  const inputs = [];
  const keep = (t) => (inputs.push(t), t);
  const cases = [];
  for (const [label, xs, ws, options] of SHAPES) {
    const x = keep(th.randn(xs, { generator: gen }));
    const w = keep(th.randn(ws, { generator: gen }));
    const b = keep(th.randn([ws[0]], { generator: gen }));
    const y0 = nn.conv2d(x, w, b, options);
    const gy = keep(th.onesLike(y0));
    y0.dispose();
    cases.push({ name: `conv2d ${label} fwd`, fn: () => nn.conv2d(x, w, b, options).dispose() });
    cases.push({
      name: `conv2d ${label} fwd+bwd`,
      fn: () => {
        nn.conv2d(x, w, b, options).dispose();
        const g = nn.conv2dBackward(gy, x, w, options);
        g.gradInput.dispose();
        g.gradWeight.dispose();
        g.gradBias.dispose();
      },
    });
  }
  // the im2col buffers thnn keeps between calls go when the inputs do
  inputs.push({ dispose: () => nn.releaseConvolutionBuffers() });
  return { cases, inputs };
}

module.exports = { makeCases };
