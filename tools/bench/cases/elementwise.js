// Elementwise cases of tools/bench/th-bench.js (names and inputs match elementwise.py).
'use strict';

/**
 * { cases: [{ name, fn, bytes }], inputs: every tensor the cases hold }; names and inputs match
 * th_bench_torch.py. bytes: read + written per call (0: report us/op).
 */
function makeCases(th) {
  const F = 4; // bytes per float32
  const inputs = [];
  const keep = (t) => (inputs.push(t), t);
  const lin = (n, lo = -4, hi = 4) => keep(th.linspace(lo, hi, n, { dtype: 'float32' }));
  const oneA = keep(th.ones([1]));
  const oneB = keep(th.ones([1]));
  const cases = [{ name: 'add 1 elem', fn: () => oneA.add(oneB).dispose(), bytes: 0 }];
  for (const [n, label] of [[1e6, '1e6'], [1e7, '1e7']]) {
    const a = lin(n);
    const b = lin(n, 3, -2);
    const out = keep(th.empty([n]));
    cases.push(
      { name: `add ${label}`, fn: () => a.add(b).dispose(), bytes: 3 * n * F },
      { name: `add ${label} out=`, fn: () => a.add(b, { out }), bytes: 3 * n * F },
      { name: `mul ${label}`, fn: () => a.mul(b).dispose(), bytes: 3 * n * F },
      { name: `mul ${label} out=`, fn: () => a.mul(b, { out }), bytes: 3 * n * F },
    );
  }
  const x = lin(1e6);
  for (const op of ['exp', 'tanh', 'sigmoid']) cases.push({ name: `${op} 1e6`, fn: () => x[op]().dispose(), bytes: 2e6 * F });
  const m = keep(lin(1e6).view([1000, 1000]));
  const row = lin(1000);
  const a2 = keep(lin(1e6).view([1000, 1000]));
  const b2 = keep(lin(1e6, 3, -2).view([1000, 1000]));
  const at = keep(a2.t());
  const bt = keep(b2.t());
  cases.push(
    { name: 'add [1000,1000]+[1000]', fn: () => m.add(row).dispose(), bytes: (2e6 + 1000) * F },
    { name: 'add a.t()+b.t()', fn: () => at.add(bt).dispose(), bytes: 3e6 * F },
    { name: 'add a.t()+b', fn: () => at.add(b2).dispose(), bytes: 3e6 * F },
  );
  return { cases, inputs };
}

module.exports = { makeCases };
