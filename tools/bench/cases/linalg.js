// torch.linalg cases of tools/bench/th-bench.js (names and inputs match linalg.py).
'use strict';

/** { cases: [{ name, fn, bytes }], inputs }: bytes 0, so every case reports us/op. */
function makeCases(th) {
  const L = th.linalg;
  const inputs = [];
  const keep = (t) => (inputs.push(t), t);
  // A deterministic well-conditioned n x n matrix (float32): sin(0.37 i) + n I.
  const general = (n, m = n) => keep(th.arange(n * m, { dtype: 'float32' }).mul(0.37).sin().view([n, m]).add(th.eye(n, m).mul(n)));
  // symmetric positive definite: B + B^T + 2n I
  const spd = (n) => {
    const b = th.arange(n * n, { dtype: 'float32' }).mul(0.37).sin().view([n, n]);
    return keep(b.add(b.t()).add(th.eye(n).mul(2 * n)));
  };
  const c = (name, fn) => ({ name, fn, bytes: 0 });
  const a64 = general(64), a256 = general(256), a512 = general(512);
  const batch = keep(th.arange(1000 * 16, { dtype: 'float32' }).mul(0.37).sin().view([1000, 4, 4]).add(th.eye(4).mul(4)));
  const rhs = keep(th.arange(512 * 64, { dtype: 'float32' }).mul(0.11).cos().view([512, 64]));
  const s256 = spd(256), s512 = spd(512);
  const tall = general(512, 128), tallB = keep(th.arange(512 * 4, { dtype: 'float32' }).mul(0.13).cos().view([512, 4]));
  const v6 = keep(th.linspace(-4, 4, 1e6, { dtype: 'float32' }));
  const v7 = keep(th.linspace(-4, 4, 1e7, { dtype: 'float32' }));
  const m1000 = keep(th.linspace(-4, 4, 1e6, { dtype: 'float32' }).view([1000, 1000]));
  const cases = [
    c('inv 64', () => L.inv(a64).dispose()),
    c('inv 512', () => L.inv(a512).dispose()),
    c('inv batch [1000,4,4]', () => L.inv(batch).dispose()),
    c('det 512', () => L.det(a512).dispose()),
    c('det batch [1000,4,4]', () => L.det(batch).dispose()),
    c('solve 512 x [512,64]', () => L.solve(a512, rhs).dispose()),
    c('cholesky 512', () => L.cholesky(s512).dispose()),
    c('qr [512,128]', () => {
      const r = L.qr(tall);
      r.Q.dispose();
      r.R.dispose();
    }),
    c('svd 256', () => {
      const r = L.svd(a256, { fullMatrices: false });
      r.U.dispose();
      r.S.dispose();
      r.Vh.dispose();
    }),
    c('svdvals 256', () => L.svdvals(a256).dispose()),
    c('eigh 256', () => {
      const r = L.eigh(s256);
      r.eigenvalues.dispose();
      r.eigenvectors.dispose();
    }),
    c('eigvalsh 256', () => L.eigvalsh(s256).dispose()),
    c('eig 64', () => {
      const r = L.eig(a64);
      for (const p of [r.eigenvalues, r.eigenvectors]) p.real.dispose(), p.imag.dispose();
    }),
    c('lstsq [512,128] gelsd', () => {
      const r = L.lstsq(tall, tallB, { driver: 'gelsd' });
      for (const t of Object.values(r)) t.dispose();
    }),
    c('pinv [512,128]', () => L.pinv(tall).dispose()),
    c('matrix_rank 256', () => L.matrixRank(a256).dispose()),
    c('matrix_power 64 n=10', () => L.matrixPower(a64, 10).dispose()),
    c('vector_norm 1e6', () => L.vectorNorm(v6).dispose()),
    c('vector_norm 1e7', () => L.vectorNorm(v7).dispose()),
    c('vector_norm 1e6 ord=1', () => L.vectorNorm(v6, 1).dispose()),
    c('vector_norm [1000,1000] dim=1', () => L.vectorNorm(m1000, 2, { dim: 1 }).dispose()),
    c('vector_norm [1000,1000] dim=0', () => L.vectorNorm(m1000, 2, { dim: 0 }).dispose()),
    c('matrix_norm fro [1000,1000]', () => L.matrixNorm(m1000).dispose()),
    c('matrix_norm 1 [1000,1000]', () => L.matrixNorm(m1000, 1).dispose()),
    c('matrix_norm 2 256', () => L.matrixNorm(a256, 2).dispose()),
  ];
  return { cases, inputs };
}

module.exports = { makeCases };
