// The op table of fixtures/linalg.json (tools/fixtures/gen_autograd_linalg.py's OPS) as TypeTorch
// calls: shared by linalg.test.ts (CPU) and cuda_fixtures.test.ts (CUDA).
import * as ag from '@typetorch/autograd';
import * as linalg from '../ts/ops/linalg';
import { FixtureOp, Kwargs, num } from './linalg-utils';

type T = ag.Tensor;

function svdOutputs(A: T, kw: Kwargs): T[] {
  const { U, S, Vh } = linalg.svd(A, (kw.fullMatrices as boolean | undefined) ?? true);
  const k = S.shape[S.ndim - 1];
  const Uk = U.narrow(-1, 0, k);
  const Vk = Vh.narrow(-2, 0, k);
  return [S, Uk.mul(Uk), Vk.mul(Vk)];
}
const opts = (kw: Kwargs) => ({ keepdim: (kw.keepdim as boolean | undefined) ?? false });
const dimOf = (kw: Kwargs) => (kw.dim ?? null) as number | number[] | null;
const ordOf = (kw: Kwargs, fallback: linalg.MatrixNormOrd | null): linalg.MatrixNormOrd | null =>
  kw.ord === undefined || kw.ord === null ? fallback : typeof kw.ord === 'string' && kw.ord !== 'inf' && kw.ord !== '-inf' ? (kw.ord as 'fro' | 'nuc') : num(kw.ord, 2);

export const LINALG_OPS: Record<string, FixtureOp> = {
  inv: ([A]) => [linalg.inv(A)],
  det: ([A]) => [linalg.det(A)],
  slogdet: ([A]) => {
    const r = linalg.slogdet(A);
    return [r.sign, r.logabsdet];
  },
  logdet: ([A]) => [A.logdet()],
  solve: ([A, B], kw) => [linalg.solve(A, B, { left: kw.left as boolean | undefined })],
  cholesky: ([A], kw) => [linalg.cholesky(A, { upper: kw.upper as boolean | undefined })],
  qr: ([A], kw) => {
    const r = linalg.qr(A, (kw.mode as 'reduced' | 'complete' | undefined) ?? 'reduced');
    return [r.Q, r.R];
  },
  svd: ([A], kw) => svdOutputs(A, kw),
  svdvals: ([A]) => [linalg.svdvals(A)],
  eigh: ([A], kw) => {
    const r = linalg.eigh(A, (kw.UPLO as 'L' | 'U' | undefined) ?? 'L');
    return [r.eigenvalues, r.eigenvectors.mul(r.eigenvectors)];
  },
  eigvalsh: ([A], kw) => [linalg.eigvalsh(A, (kw.UPLO as 'L' | 'U' | undefined) ?? 'L')],
  pinv: ([A], kw) => [linalg.pinv(A, { hermitian: kw.hermitian as boolean | undefined })],
  lstsq: ([A, B], kw) => [linalg.lstsq(A, B, { driver: kw.driver as 'gelsd' }).solution],
  vectorNorm: ([x], kw) => [linalg.vectorNorm(x, num(kw.ord, 2), dimOf(kw), opts(kw))],
  matrixNorm: ([A], kw) => [linalg.matrixNorm(A, ordOf(kw, 'fro')!, (kw.dim as [number, number] | undefined) ?? [-2, -1], opts(kw))],
  norm: ([A], kw) => [linalg.norm(A, ordOf(kw, null), dimOf(kw), opts(kw))],
  matrixPower: ([A], kw) => [linalg.matrixPower(A, kw.n as number)],
  linalgCross: ([a, b], kw) => [linalg.cross(a, b, (kw.dim as number | undefined) ?? -1)],
};
