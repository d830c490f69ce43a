// Reduction cases of tools/bench/th-bench.js (names and inputs match reduce.py).
'use strict';

/** { cases: [{ name, fn, bytes }], inputs }; bytes: read per call (the outputs are small). */
function makeCases(th) {
  const F = 4;
  const inputs = [];
  const keep = (t) => (inputs.push(t), t);
  const lin = (n, lo = -4, hi = 4) => keep(th.linspace(lo, hi, n, { dtype: 'float32' }));
  const big = lin(1e7);
  // a [1000,1000] matrix whose rows are not sorted (so argmax is not always at the end)
  const m = keep(lin(1e6).view([1000, 1000]).sin());
  const dispose2 = (r) => (r.values.dispose(), r.indices.dispose());
  const cases = [
    { name: 'sum 1e7', fn: () => big.sum().dispose(), bytes: 1e7 * F },
    { name: 'mean 1e7', fn: () => big.mean().dispose(), bytes: 1e7 * F },
    { name: 'sum [1000,1000] dim 0', fn: () => m.sum(0).dispose(), bytes: 1e6 * F },
    { name: 'sum [1000,1000] dim 1', fn: () => m.sum(1).dispose(), bytes: 1e6 * F },
    { name: 'max [1000,1000] dim 1', fn: () => dispose2(m.max(1)), bytes: 1e6 * F },
    { name: 'max [1000,1000] dim 0', fn: () => dispose2(m.max(0)), bytes: 1e6 * F },
    { name: 'argmax [1000,1000] dim 1', fn: () => m.argmax(1).dispose(), bytes: 1e6 * F },
    { name: 'argmax [1000,1000] dim 0', fn: () => m.argmax(0).dispose(), bytes: 1e6 * F },
    { name: 'amax [1000,1000] dim 1', fn: () => m.amax(1).dispose(), bytes: 1e6 * F },
    { name: 'var [1000,1000] dim 1', fn: () => m.var(1).dispose(), bytes: 1e6 * F },
    { name: 'var 1e7', fn: () => big.var().dispose(), bytes: 1e7 * F },
    { name: 'norm [1000,1000] dim 1', fn: () => m.norm(2, 1).dispose(), bytes: 1e6 * F },
    { name: 'cumsum [1000,1000] dim 1', fn: () => m.cumsum(1).dispose(), bytes: 2e6 * F },
  ];
  return { cases, inputs };
}

module.exports = { makeCases };
