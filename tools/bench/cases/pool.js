// Pooling cases of tools/bench/th-bench.js (names and inputs match pool.py): max pooling forward
// and forward+backward on ResNet's stem ([32,64,112,112], 3x3 stride 2 pad 1) and on a 2x2
// stride 2 layer, average pooling, and the global average pooling before a classifier.
'use strict';

const path = require('path');

/** { cases: [{ name, fn, bytes }], inputs }; bytes: read + written per call (float32). */
function makeCases() {
  const th = require(path.join(__dirname, '../../../packages/th/dist'));
  const nn = require(path.join(__dirname, '../../../packages/thnn/dist'));
  const F = 4;
  const inputs = [];
  const keep = (t) => (inputs.push(t), t);
  const gen = new th.Generator().manualSeed(0);
  const randn = (shape) => keep(th.randn(shape, { generator: gen }));
  const numel = (shape) => shape.reduce((a, b) => a * b, 1);
  const dispose = (...ts) => ts.forEach((t) => t.dispose());
  const cases = [];

  // [input shape, kernel, stride, padding, output shape]
  const maxPools = [
    [[32, 64, 112, 112], 3, 2, 1, [32, 64, 56, 56]],
    [[32, 64, 56, 56], 2, 2, 0, [32, 64, 28, 28]],
  ];
  for (const [shape, k, s, p, outShape] of maxPools) {
    const x = randn(shape);
    const g = randn(outShape);
    const o = { stride: s, padding: p };
    const label = `[${shape}] k${k} s${s}${p ? ` p${p}` : ''}`;
    const io = (numel(shape) + numel(outShape)) * F;
    cases.push({ name: `maxPool2d ${label} fwd`, fn: () => nn.maxPool2d(x, k, o).dispose(), bytes: io });
    cases.push({
      name: `maxPool2d ${label} fwd+bwd`,
      fn: () => {
        const r = nn.maxPool2d(x, k, { ...o, returnIndices: true });
        dispose(r.output, r.indices, nn.maxPool2dBackward(g, x, r.indices, k, o));
      },
      bytes: 2 * io + 2 * numel(outShape) * 8,
    });
  }

  const a = randn([32, 64, 56, 56]);
  const ga = randn([32, 64, 28, 28]);
  const aio = (numel(a.shape) + numel(ga.shape)) * F;
  cases.push({ name: 'avgPool2d [32,64,56,56] k2 s2 fwd', fn: () => nn.avgPool2d(a, 2, { stride: 2 }).dispose(), bytes: aio });
  cases.push({
    name: 'avgPool2d [32,64,56,56] k2 s2 fwd+bwd',
    fn: () => dispose(nn.avgPool2d(a, 2, { stride: 2 }), nn.avgPool2dBackward(ga, a, 2, { stride: 2 })),
    bytes: 2 * aio,
  });

  const gp = randn([32, 512, 7, 7]);
  const gg = randn([32, 512, 1, 1]);
  const gio = (numel(gp.shape) + numel(gg.shape)) * F;
  cases.push({ name: 'adaptiveAvgPool2d [32,512,7,7] -> 1 fwd', fn: () => nn.adaptiveAvgPool2d(gp, 1).dispose(), bytes: gio });
  cases.push({
    name: 'adaptiveAvgPool2d [32,512,7,7] -> 1 fwd+bwd',
    fn: () => dispose(nn.adaptiveAvgPool2d(gp, 1), nn.adaptiveAvgPool2dBackward(gg, gp)),
    bytes: 2 * gio,
  });
  return { cases, inputs };
}

module.exports = { makeCases };
