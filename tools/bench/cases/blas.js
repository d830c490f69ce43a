// Matrix-product cases of tools/bench/th-bench.js (names and inputs match blas.py).
// The "bytes" of a case is its flop count (2 m n k), so the GB/s column reads GFLOP/s; the names
// say so. "builtin" cases switch libTH to its built-in GEMM for the call (setBlasBackend), to
// compare it with the BLAS on the same inputs; PyTorch runs its BLAS there.
'use strict';

function makeCases(th) {
  const inputs = [];
  const keep = (t) => (inputs.push(t), t);
  const mat = (n, m, lo, hi) => keep(th.linspace(lo, hi, n * m, { dtype: 'float32' }).view([n, m]));
  const cases = [];
  const builtin = (fn) => () => {
    const prev = th.getBlasBackend();
    th.setBlasBackend('builtin');
    try {
      fn();
    } finally {
      th.setBlasBackend(prev);
    }
  };
  for (const n of [256, 512, 1024, 2048]) {
    const a = mat(n, n, -1, 1);
    const b = mat(n, n, 1, -1);
    cases.push({ name: `matmul f32 ${n} (GFLOP/s)`, fn: () => a.matmul(b).dispose(), bytes: 2 * n ** 3 });
    if (n === 1024 || n === 2048)
      cases.push({ name: `matmul f32 ${n} builtin (GFLOP/s)`, fn: builtin(() => a.matmul(b).dispose()), bytes: 2 * n ** 3 });
  }
  const x = keep(th.linspace(-1, 1, 64 * 128 * 128, { dtype: 'float32' }).view([64, 128, 128]));
  const y = keep(th.linspace(1, -1, 64 * 128 * 128, { dtype: 'float32' }).view([64, 128, 128]));
  cases.push({ name: 'bmm f32 [64,128,128] (GFLOP/s)', fn: () => x.bmm(y).dispose(), bytes: 2 * 64 * 128 ** 3 });
  cases.push({ name: 'bmm f32 [64,128,128] builtin (GFLOP/s)', fn: builtin(() => x.bmm(y).dispose()), bytes: 2 * 64 * 128 ** 3 });
  return { cases, inputs };
}

module.exports = { makeCases };
