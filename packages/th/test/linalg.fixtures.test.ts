// torch.linalg against PyTorch 1.13 (fixtures: tools/fixtures/gen_th_linalg.py). In a build without
// LAPACK, every LAPACK-backed case must throw "built without LAPACK" instead, and the norms and
// non-negative matrix powers must still match PyTorch.
import * as th from '@typetorch/th';
import { TensorSpec, buildTensor, decode } from './fixture-utils';
import {
  ExpectedOut,
  LinalgCase,
  Mat,
  identity,
  invariantTol,
  leftCols,
  loadLinalgCases,
  matmul,
  matrices,
  maxAbs,
  maxDiff,
  outputProblems,
  scaleCols,
  topRows,
  transpose,
  vectors,
} from './linalg-utils';

const L = th.linalg;
const cases = loadLinalgCases();
const lapack = L.lapackAvailable();

type Outs = Record<string, th.Tensor>;
type Kw = Record<string, unknown>;

function num(v: unknown): number {
  return Number(decode(v as number | string));
}
function opt(kw: Kw, k: string): number | undefined {
  return kw[k] === undefined || kw[k] === null ? undefined : num(kw[k]);
}

function run(c: LinalgCase, args: th.Tensor[]): Outs {
  const kw = c.kwargs as Kw;
  const [a, b] = args;
  const dtype = kw.dtype as th.DType | undefined;
  switch (c.op) {
    case 'inv':
      return { result: L.inv(a) };
    case 'det':
      return { result: L.det(a) };
    case 'slogdet': {
      const r = L.slogdet(a);
      return { sign: r.sign, logabsdet: r.logabsdet };
    }
    case 'solve':
      return { result: L.solve(a, b, { left: kw.left as boolean | undefined }) };
    case 'lstsq': {
      const r = L.lstsq(a, b, { rcond: opt(kw, 'rcond'), driver: kw.driver as 'gelsd' | undefined });
      return { ...r };
    }
    case 'cholesky':
      return { result: L.cholesky(a, { upper: kw.upper as boolean | undefined }) };
    case 'qr': {
      const r = L.qr(a, kw.mode as 'reduced');
      return { Q: r.Q, R: r.R };
    }
    case 'svd': {
      const r = L.svd(a, { fullMatrices: kw.fullMatrices as boolean });
      return { U: r.U, S: r.S, Vh: r.Vh };
    }
    case 'svdvals':
      return { result: L.svdvals(a) };
    case 'eigh': {
      const r = L.eigh(a, kw.UPLO as 'L');
      return { eigenvalues: r.eigenvalues, eigenvectors: r.eigenvectors };
    }
    case 'eigvalsh':
      return { result: L.eigvalsh(a, kw.UPLO as 'L') };
    case 'eig': {
      const r = L.eig(a);
      return {
        'eigenvalues.real': r.eigenvalues.real,
        'eigenvalues.imag': r.eigenvalues.imag,
        'eigenvectors.real': r.eigenvectors.real,
        'eigenvectors.imag': r.eigenvectors.imag,
      };
    }
    case 'eigvals': {
      const r = L.eigvals(a);
      return { 'result.real': r.real, 'result.imag': r.imag };
    }
    case 'pinv':
      return { result: L.pinv(a, { atol: opt(kw, 'atol'), rtol: opt(kw, 'rtol'), hermitian: kw.hermitian as boolean | undefined }) };
    case 'matrixRank':
      return {
        result: L.matrixRank(a, {
          atol: opt(kw, 'atol'),
          rtol: opt(kw, 'rtol'),
          tol: opt(kw, 'tol'),
          hermitian: kw.hermitian as boolean | undefined,
        }),
      };
    case 'matrixNorm': {
      const ord = typeof kw.ord === 'string' && (kw.ord === 'fro' || kw.ord === 'nuc') ? kw.ord : num(kw.ord);
      return { result: L.matrixNorm(a, ord, { dim: kw.dim as [number, number] | undefined, keepdim: kw.keepdim as boolean, dtype }) };
    }
    case 'vectorNorm':
      return {
        result: L.vectorNorm(a, num(kw.ord), { dim: kw.dim as number | number[] | undefined, keepdim: kw.keepdim as boolean, dtype }),
      };
    case 'matrixPower':
      return { result: L.matrixPower(a, kw.n as number) };
    default:
      throw new Error(`unknown op ${c.op}`);
  }
}

function needsLapack(c: LinalgCase): boolean {
  if (c.op === 'vectorNorm') return false;
  if (c.op === 'matrixNorm') return ['nuc', 2, -2].includes(c.kwargs.ord as string | number);
  if (c.op === 'matrixPower') return (c.kwargs.n as number) < 0;
  return true;
}

// ---- invariant checks for decompositions with sign freedom ----

function check(cond: boolean, msg: string, problems: string[]): void {
  if (!cond) problems.push(msg);
}

function qrProblems(c: LinalgCase, A: th.Tensor, o: Outs, e: Record<string, ExpectedOut>): string[] {
  const p: string[] = [];
  const mode = c.kwargs.mode as string;
  p.push(...outputProblems('R', o.R, e.R, true));
  if (mode === 'r') {
    check(JSON.stringify(o.Q.shape) === JSON.stringify(e.Q.shape), `Q shape [${o.Q.shape}], expected [${e.Q.shape}]`, p);
    return p;
  }
  check(o.Q.dtype === e.Q.dtype && JSON.stringify(o.Q.shape) === JSON.stringify(e.Q.shape), `Q ${o.Q.dtype}[${o.Q.shape}], expected ${e.Q.dtype}[${e.Q.shape}]`, p);
  if (p.length) return p;
  const As = matrices(A), Qs = matrices(o.Q), Rs = matrices(o.R);
  As.forEach((a, b) => {
    const tol = invariantTol(A.dtype, a.length + (a[0]?.length ?? 0), maxAbs(a));
    check(maxDiff(matmul(Qs[b], Rs[b]), a) <= tol, `batch ${b}: QR differs from A by ${maxDiff(matmul(Qs[b], Rs[b]), a)}`, p);
    const qtq = matmul(transpose(Qs[b]), Qs[b]);
    check(maxDiff(qtq, identity(qtq.length)) <= tol, `batch ${b}: Q's columns are not orthonormal`, p);
    Rs[b].forEach((row, i) => row.forEach((v, j) => check(j >= i || v === 0, `batch ${b}: R[${i}][${j}] = ${v} below the diagonal`, p)));
  });
  return p;
}

function svdProblems(A: th.Tensor, o: Outs, e: Record<string, ExpectedOut>): string[] {
  const p: string[] = [];
  p.push(...outputProblems('S', o.S, e.S));
  for (const k of ['U', 'Vh']) {
    const t = o[k];
    check(t.dtype === e[k].dtype && JSON.stringify(t.shape) === JSON.stringify(e[k].shape), `${k} ${t.dtype}[${t.shape}], expected ${e[k].dtype}[${e[k].shape}]`, p);
  }
  if (p.length) return p;
  const As = matrices(A), Us = matrices(o.U), Vs = matrices(o.Vh), Ss = vectors(o.S);
  As.forEach((a, b) => {
    const k = Ss[b]?.length ?? 0;
    const tol = invariantTol(A.dtype, a.length + (a[0]?.length ?? 0), maxAbs(a));
    if (k > 0) {
      const usv = matmul(scaleCols(leftCols(Us[b], k), Ss[b]), topRows(Vs[b], k));
      check(maxDiff(usv, a) <= tol, `batch ${b}: U diag(S) Vh differs from A by ${maxDiff(usv, a)}`, p);
    }
    const utu = matmul(transpose(Us[b]), Us[b]);
    check(maxDiff(utu, identity(utu.length)) <= tol, `batch ${b}: U's columns are not orthonormal`, p);
    const vvt = matmul(Vs[b], transpose(Vs[b]));
    check(maxDiff(vvt, identity(vvt.length)) <= tol, `batch ${b}: Vh's rows are not orthonormal`, p);
  });
  return p;
}

function eighProblems(c: LinalgCase, A: th.Tensor, o: Outs, e: Record<string, ExpectedOut>): string[] {
  const p: string[] = [];
  p.push(...outputProblems('eigenvalues', o.eigenvalues, e.eigenvalues));
  p.push(...outputProblems('eigenvectors', o.eigenvectors, e.eigenvectors, true));
  if (p.length) return p;
  const upper = c.kwargs.UPLO === 'U';
  const As = matrices(A), Vs = matrices(o.eigenvectors), Ws = vectors(o.eigenvalues);
  As.forEach((a, b) => {
    // the symmetric matrix LAPACK sees: one triangle, mirrored
    const s: Mat = a.map((row, i) => row.map((_, j) => ((upper ? i <= j : i >= j) ? a[i][j] : a[j][i])));
    const tol = invariantTol(A.dtype, a.length, maxAbs(s));
    const av = matmul(s, Vs[b]), vw = scaleCols(Vs[b], Ws[b]);
    check(maxDiff(av, vw) <= tol, `batch ${b}: A V differs from V diag(w) by ${maxDiff(av, vw)}`, p);
    check(maxDiff(matmul(transpose(Vs[b]), Vs[b]), identity(a.length)) <= tol, `batch ${b}: V is not orthonormal`, p);
  });
  return p;
}

function eigProblems(A: th.Tensor, o: Outs, e: Record<string, ExpectedOut>): string[] {
  const p: string[] = [];
  p.push(...outputProblems('eigenvalues.real', o['eigenvalues.real'], e['eigenvalues.real']));
  p.push(...outputProblems('eigenvalues.imag', o['eigenvalues.imag'], e['eigenvalues.imag']));
  for (const k of ['eigenvectors.real', 'eigenvectors.imag']) {
    const t = o[k];
    check(t.dtype === e[k].dtype && JSON.stringify(t.shape) === JSON.stringify(e[k].shape), `${k} ${t.dtype}[${t.shape}], expected [${e[k].shape}]`, p);
  }
  if (p.length) return p;
  const As = matrices(A), VR = matrices(o['eigenvectors.real']), VI = matrices(o['eigenvectors.imag']);
  const WR = vectors(o['eigenvalues.real']), WI = vectors(o['eigenvalues.imag']);
  const er = e['eigenvectors.real'].data.map((v) => Number(decode(v))), ei = e['eigenvectors.imag'].data.map((v) => Number(decode(v)));
  As.forEach((a, b) => {
    const n = a.length;
    const tol = invariantTol(A.dtype, n, maxAbs(a));
    // A (vr + i vi) = (vr + i vi) diag(wr + i wi)
    const re = matmul(a, VR[b]), im = matmul(a, VI[b]);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const wantRe = VR[b][i][j] * WR[b][j] - VI[b][i][j] * WI[b][j];
        const wantIm = VR[b][i][j] * WI[b][j] + VI[b][i][j] * WR[b][j];
        check(Math.abs(re[i][j] - wantRe) <= tol && Math.abs(im[i][j] - wantIm) <= tol, `batch ${b}: (A v - lambda v)[${i}][${j}] too large`, p);
        // |v| element by element is unique (unit norm, phase only)
        const got = Math.hypot(VR[b][i][j], VI[b][i][j]);
        const idx = b * n * n + i * n + j;
        const want = Math.hypot(er[idx], ei[idx]);
        check(Math.abs(got - want) <= tol, `batch ${b}: |v[${i}][${j}]| = ${got}, PyTorch ${want}`, p);
      }
  });
  return p;
}

function problems(c: LinalgCase): string[] {
  const args = c.args.map((a) => (a !== null && typeof a === 'object' ? buildTensor(a as TensorSpec) : a)) as th.Tensor[];
  const e = c.expected;
  const call = (): Outs => run(c, args);
  if ('error' in e || (!lapack && needsLapack(c))) {
    let err: unknown;
    try {
      call();
    } catch (x) {
      err = x;
    }
    if (err === undefined) return [`PyTorch raises "${'error' in e ? e.error : ''}" but TypeTorch returned`];
    const msg = (err as Error).message;
    if (!('error' in e) && !/built without LAPACK/.test(msg)) return [`expected the no-LAPACK error, got "${msg}"`];
    return [];
  }
  const outs = call();
  const exp = e.outputs;
  switch (c.check) {
    case 'qr':
      return qrProblems(c, args[0], outs, exp);
    case 'svd':
      return svdProblems(args[0], outs, exp);
    case 'eigh':
      return eighProblems(c, args[0], outs, exp);
    case 'eig':
      return eigProblems(args[0], outs, exp);
    default: {
      const p: string[] = [];
      for (const k of Object.keys(exp)) p.push(...outputProblems(k, outs[k], exp[k]));
      return p;
    }
  }
}

test('linalg fixtures are well-formed', () => {
  expect(cases.length).toBeGreaterThan(300);
  expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
});

test.each(cases)('$id', (c) => {
  expect(problems(c)).toEqual([]);
});
