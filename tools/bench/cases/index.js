// Indexing and joining cases of tools/bench/th-bench.js (names and inputs match index.py).
'use strict';

/** Deterministic pseudo-random indices in [0, m): (i * 7919 + 13) % m, the same in index.py. */
function pseudo(n, m, mul = 7919, add = 13) {
  return Array.from({ length: n }, (_, i) => (i * mul + add) % m);
}

function makeCases(th) {
  const F = 4; // bytes per float32
  const L = 8; // bytes per int64
  const inputs = [];
  const keep = (t) => (inputs.push(t), t);
  const x = keep(keep(th.arange(1e6, { dtype: 'float32' })).view([1000, 1000]));
  const rows = keep(th.tensor(pseudo(1000, 1000), { dtype: 'int64' }));
  const gi = keep(keep(th.tensor(pseudo(1e6, 1000, 7919, 13), { dtype: 'int64' })).view([1000, 1000]));
  const parts = [];
  for (let k = 0; k < 100; k++) parts.push(keep(th.full([100, 1000], k, { dtype: 'float32' })));
  const src = keep(th.ones([1000, 1000]));
  const acc = keep(th.zeros([1000, 1000]));
  const flatIdx = keep(th.tensor(pseudo(1e6, 1e6, 7919, 13), { dtype: 'int64' }));
  const mask = keep(keep(x.remainder(3)).eq(0));
  const cases = [
    { name: 'indexSelect dim0 [1000,1000] 1000 rows', fn: () => x.indexSelect(0, rows).dispose(), bytes: 2e6 * F + 1000 * L },
    { name: 'indexSelect dim1 [1000,1000] 1000 cols', fn: () => x.indexSelect(1, rows).dispose(), bytes: 2e6 * F + 1000 * L },
    { name: 'index x[idx] [1000,1000]', fn: () => x.index(rows).dispose(), bytes: 2e6 * F + 1000 * L },
    { name: 'index x[:, idx] [1000,1000]', fn: () => x.index(th.slice(), rows).dispose(), bytes: 2e6 * F + 1000 * L },
    { name: 'gather dim1 1e6', fn: () => x.gather(1, gi).dispose(), bytes: 2e6 * F + 1e6 * L },
    { name: 'gather dim0 1e6', fn: () => x.gather(0, gi).dispose(), bytes: 2e6 * F + 1e6 * L },
    { name: 'cat 100x[100,1000] dim0', fn: () => th.cat(parts, 0).dispose(), bytes: 2e7 * F },
    { name: 'cat 100x[100,1000] dim1', fn: () => th.cat(parts, 1).dispose(), bytes: 2e7 * F },
    { name: 'scatterAdd_ dim1 1e6', fn: () => acc.scatterAdd_(1, gi, src), bytes: 3e6 * F + 1e6 * L },
    { name: 'take 1e6', fn: () => x.take(flatIdx).dispose(), bytes: 2e6 * F + 1e6 * L },
    { name: 'indexPut_ accumulate 1000 rows', fn: () => acc.indexPut_([rows], src, { accumulate: true }), bytes: 3e6 * F },
    { name: 'maskedSelect 1e6', fn: () => x.maskedSelect(mask).dispose(), bytes: 1.33e6 * F + 1e6 },
  ];
  return { cases, inputs };
}

module.exports = { makeCases };
