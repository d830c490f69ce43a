// Random sampling cases of tools/bench/th-bench.js (names and inputs match random.py).
'use strict';

/** { cases: [{ name, fn, bytes }], inputs }: bytes written per call (the samplers read nothing). */
function makeCases(th) {
  const F = 4;
  const inputs = [];
  const keep = (t) => (inputs.push(t), t);
  const cases = [];
  for (const [n, label] of [[1e6, '1e6'], [1e7, '1e7']]) {
    const buf = keep(th.empty([n]));
    cases.push(
      { name: `rand ${label}`, fn: () => th.rand([n]).dispose(), bytes: n * F },
      { name: `randn ${label}`, fn: () => th.randn([n]).dispose(), bytes: n * F },
      { name: `uniform_ ${label}`, fn: () => buf.uniform_(), bytes: n * F },
      { name: `normal_ ${label}`, fn: () => buf.normal_(), bytes: n * F },
    );
  }
  const n = 1e6;
  const i64 = keep(th.empty([n], { dtype: 'int64' }));
  const p = keep(th.full([n], 0.5));
  const probs = keep(th.rand([1000]));
  cases.push(
    { name: 'randint 1e6', fn: () => th.randint(0, 1000, [n]).dispose(), bytes: n * 8 },
    { name: 'random_ int64 1e6', fn: () => i64.random_(0, 1000), bytes: n * 8 },
    { name: 'randperm 1e6', fn: () => th.randperm(n).dispose(), bytes: n * 8 },
    { name: 'bernoulli(p) 1e6', fn: () => th.bernoulli(p).dispose(), bytes: n * 2 * F },
    { name: 'exponential_ 1e6', fn: () => th.empty([n]).exponential_().dispose(), bytes: n * F },
    { name: 'multinomial 1000 cats 1e5 samples', fn: () => th.multinomial(probs, 100000, true).dispose(), bytes: 0 },
  );
  return { cases, inputs };
}

module.exports = { makeCases };
