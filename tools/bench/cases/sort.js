// Sorting cases of tools/bench/th-bench.js (names and inputs match sort.py).
'use strict';

/** n pseudo-random numbers in [-1, 1) from a 32-bit hash of the index (the same in sort.py). */
function hashed(n) {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let h = Math.imul(i, 0x9e3779b1) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
    out[i] = (h / 4294967296) * 2 - 1;
  }
  return out;
}

function makeCases(th) {
  const inputs = [];
  const keep = (t) => (inputs.push(t), t);
  const data = hashed(1e6);
  const v = keep(th.fromTypedArray(data.slice(), [1e6]));
  const m = keep(th.fromTypedArray(data.slice(), [1000, 1000]));
  const ints = new BigInt64Array(1e6);
  for (let i = 0; i < 1e6; i++) ints[i] = BigInt(Math.floor((data[i] + 1) * 50000));
  const u = keep(th.fromTypedArray(ints, [1e6]));
  const pair = (r) => {
    r.values.dispose();
    r.indices.dispose();
  };
  const cases = [
    { name: 'sort 1e6 f32', fn: () => pair(v.sort()), bytes: 0 },
    { name: 'sort [1000,1000] dim=-1', fn: () => pair(m.sort(-1)), bytes: 0 },
    { name: 'sort [1000,1000] dim=0', fn: () => pair(m.sort(0)), bytes: 0 },
    { name: 'argsort 1e6 f32', fn: () => v.argsort().dispose(), bytes: 0 },
    { name: 'topk k=10 1e6', fn: () => pair(v.topk(10)), bytes: 0 },
    { name: 'topk k=10 [1000,1000] dim=-1', fn: () => pair(m.topk(10, -1)), bytes: 0 },
    { name: 'topk k=10 [1000,1000] dim=0', fn: () => pair(m.topk(10, 0)), bytes: 0 },
    { name: 'topk k=1000 1e6', fn: () => pair(v.topk(1000)), bytes: 0 },
    { name: 'median [1000,1000] dim=-1', fn: () => pair(m.median(-1)), bytes: 0 },
    { name: 'unique 1e6 int64', fn: () => u.unique().dispose(), bytes: 0 },
  ];
  return { cases, inputs };
}

module.exports = { makeCases };
