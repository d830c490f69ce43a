// Normalization cases of tools/bench/th-bench.js (names and inputs match norm.py): batch norm in
// training and layer norm, forward alone and forward + backward (the native kernels, called
// directly: @typetorch/thnn's functions, PyTorch's native_* ops).
'use strict';

const path = require('path');

/** { cases: [{ name, fn, bytes }], inputs }; bytes: nominal traffic (input read, output written; backward
 * reads input and gradOutput and writes gradInput). */
function makeCases() {
  const th = require(path.join(__dirname, '../../../packages/th/dist'));
  const nn = require(path.join(__dirname, '../../../packages/thnn/dist'));
  const F = 4;
  const gen = new th.Generator().manualSeed(0);
  const inputs = [];
  const keep = (t) => (inputs.push(t), t);
  const randn = (shape) => keep(th.randn(shape, { generator: gen }));
  const free = (...ts) => ts.forEach((t) => t.dispose());

  const bnShape = [32, 64, 56, 56];
  const bnN = 32 * 64 * 56 * 56;
  const x = randn(bnShape);
  const gx = randn(bnShape);
  const w = keep(th.ones([64]));
  const b = keep(th.zeros([64]));
  const rm = keep(th.zeros([64]));
  const rv = keep(th.ones([64]));
  const bnForward = () => nn.batchNorm(x, rm, rv, { weight: w, bias: b, training: true });
  const bnBoth = () => {
    const f = bnForward();
    const r = nn.batchNormBackward(gx, x, w, rm, rv, f.saveMean, f.saveInvstd, true, 1e-5);
    free(f.output, f.saveMean, f.saveInvstd, r.gradInput, r.gradWeight, r.gradBias);
  };

  const lnN = 64 * 128 * 768;
  const y = randn([64, 128, 768]);
  const gy = randn([64, 128, 768]);
  const lw = keep(th.ones([768]));
  const lb = keep(th.zeros([768]));
  const lnForward = () => nn.layerNorm(y, [768], { weight: lw, bias: lb });
  const lnBoth = () => {
    const f = lnForward();
    const r = nn.layerNormBackward(gy, y, [768], f.mean, f.rstd, lw);
    free(f.output, f.mean, f.rstd, r.gradInput, r.gradWeight, r.gradBias);
  };

  const cases = [
    { name: 'batchNorm2d train fwd [32,64,56,56]', fn: () => { const f = bnForward(); free(f.output, f.saveMean, f.saveInvstd); }, bytes: 2 * bnN * F },
    { name: 'batchNorm2d train fwd+bwd [32,64,56,56]', fn: bnBoth, bytes: 5 * bnN * F },
    { name: 'layerNorm [64,128,768] fwd', fn: () => { const f = lnForward(); free(f.output, f.mean, f.rstd); }, bytes: 2 * lnN * F },
    { name: 'layerNorm [64,128,768] fwd+bwd', fn: lnBoth, bytes: 5 * lnN * F },
  ];
  return { cases, inputs };
}

module.exports = { makeCases };
