// Autograd cases of tools/bench/th-bench.js (names and inputs match autograd.py): the per-op
// cost of recording, a chain of 1000 tiny ops forward+backward, and an MLP training step.
'use strict';

const path = require('path');

/** { cases: [{ name, fn, bytes }], inputs }; inputs are backend (TH) tensors to dispose at the end. */
function makeCases() {
  const ag = require(path.join(__dirname, '../../../packages/autograd/dist'));
  const gen = new (require(path.join(__dirname, '../../../packages/th/dist')).Generator)().manualSeed(0);
  const inputs = [];
  const keep = (t) => (inputs.push(t.impl), t);
  const a = keep(ag.ones([1], { requiresGrad: true }));
  const b = keep(ag.ones([1], { requiresGrad: true }));
  const c = keep(ag.full([1], 1.0001, { requiresGrad: true }));
  const chain = () => {
    let y = a;
    for (let i = 0; i < 1000; i++) y = i % 2 ? y.mul(c) : y.add(b);
    a.grad = null;
    b.grad = null;
    c.grad = null;
    y.backward();
  };
  // MLP 784-512-256-10, batch 64: matmul + bias + ReLU (clampMin 0), log-softmax cross-entropy
  const x = keep(ag.randn([64, 784], { generator: gen }));
  const labels = keep(ag.randint(0, 10, [64, 1], { generator: gen }));
  const layer = (i, o) => [keep(ag.randn([i, o], { generator: gen }).mul(1 / Math.sqrt(i)).requiresGrad_()), keep(ag.zeros([o], { requiresGrad: true }))];
  const [w1, b1] = layer(784, 512);
  const [w2, b2] = layer(512, 256);
  const [w3, b3] = layer(256, 10);
  const params = [w1, b1, w2, b2, w3, b3];
  const mlp = () => {
    const h1 = x.matmul(w1).add(b1).clampMin(0);
    const h2 = h1.matmul(w2).add(b2).clampMin(0);
    const logits = h2.matmul(w3).add(b3);
    const loss = logits.sub(logits.logsumexp(1, true)).gather(1, labels).neg().mean();
    for (const p of params) p.grad = null;
    loss.backward();
  };
  const cases = [
    { name: 'tiny mul, requiresGrad (forward)', fn: () => a.mul(b).dispose() },
    { name: 'tiny mul, no grad', fn: () => ag.noGrad(() => a.mul(b).dispose()) },
    { name: '1000-op chain fwd+bwd', fn: chain },
    { name: 'MLP 784-512-256-10 b64 fwd+bwd', fn: mlp },
  ];
  return { cases, inputs };
}

module.exports = { makeCases };
