// torch.linalg, differentiable: exported as the `linalg` namespace. The factorizations and solvers
// are primitives (the backend's LAPACK kernels forward, PyTorch's derivative formulas from
// torch/csrc/autograd/FunctionsManual.cpp backward); the norms, matrixPower, logdet, svdvals and
// eigvalsh are composed from them. Backward formulas use Tensor ops (and these functions), so with
// createGraph they are recorded too. Matrices are batched (..., m, n); real dtypes only.
import type * as th from '@typetorch/th';
import type { DType } from '@typetorch/th';
import { backendOf } from '../backend';
import type { Grads, Node } from '../node';
import { needsGrad, record, wrap } from '../tape';
import { Tensor } from '../tensor';
import { sumToShape } from './grad_utils';
import { cat } from './joining';
import { cross as crossImpl } from './tensor_algebra';

// ---- helpers ----

function checkTensor(x: unknown, op: string, what = 'A'): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`linalg.${op}: argument '${what}' must be a Tensor, got ${x === null ? 'null' : typeof x}`);
}

/** The backend's linalg kernels for x's device. */
const kernels = (x: Tensor) => backendOf(x).linalg;

/** The n x n identity with x's dtype and device (not recorded). */
function eyeLike(x: Tensor, n: number): Tensor {
  return wrap(backendOf(x).eye(n, n, { dtype: x.dtype }));
}

/** A tensor of one value with ref's dtype and device (not recorded). */
function constant(ref: Tensor, shape: readonly number[], value: number): Tensor {
  return wrap(backendOf(ref).full(shape, value, { dtype: ref.dtype }));
}

/** Diagonal matrices with v (..., k) on their diagonals. */
const diagOf = (v: Tensor): Tensor => v.diagEmbed();

/** X with X R = B: X = B R^{-1} = (R^{-T} B^T)^T. */
const solveRight = (B: Tensor, R: Tensor): Tensor => solve(R.mT, B.mT).mT;

/** For every i along the last dim: the product of the other elements (safe with zeros). */
function productOfOthers(s: Tensor): Tensor {
  const n = s.shape[s.ndim - 1];
  if (n === 1) return constant(s, s.shape, 1);
  const ones = constant(s, [...s.shape.slice(0, -1), 1], 1);
  const before = cat([ones, s.narrow(-1, 0, n - 1).cumprod(-1)], -1);
  const after = cat([ones, s.flip([-1]).narrow(-1, 0, n - 1).cumprod(-1)], -1).flip([-1]);
  return before.mul(after);
}

/** PyTorch's rule: B is a batch of vectors when it is 1-D, or when its shape is A's without the last dim. */
function isVectorRhs(A: Tensor, B: Tensor): boolean {
  if (B.ndim === 1) return true;
  return B.ndim === A.ndim - 1 && B.shape.every((s, i) => s === A.shape[i]);
}

function checkSquare(A: Tensor, op: string): void {
  if (A.ndim < 2) throw new Error(`linalg.${op}: The input tensor A must have at least 2 dimensions.`);
  const [m, n] = A.shape.slice(-2);
  if (m !== n) throw new Error(`linalg.${op}: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
}

// ---- inv ----

function invBackward(node: Node, grads: Grads): Grads {
  const Ainv = node.savedTensor(0);
  const AinvT = Ainv.mT;
  return [AinvT.matmul(grads[0]!).matmul(AinvT).neg()];
}

/** Inverse of square matrices (..., n, n); a singular matrix throws. */
export function inv(A: Tensor): Tensor {
  checkTensor(A, 'inv');
  const r = wrap(kernels(A).inv(A.impl));
  if (needsGrad([A])) record('LinalgInvExBackward0', invBackward, [A], r).save(r, true);
  return r;
}

// ---- det, slogdet, logdet ----

const EPS: Partial<Record<DType, number>> = { float64: 2.220446049250313e-16, float32: 1.1920928955078125e-7, float16: 9.765625e-4, bfloat16: 0.0078125 };

function detBackward(node: Node, grads: Grads): Grads {
  const A = node.savedTensor(0);
  const d = node.savedTensor(1);
  const g = grads[0]!;
  const eps = EPS[A.dtype] ?? 1e-7;
  // invertible: g det A^{-T}; (near) singular: g times the adjugate's transpose, through the SVD
  const singular = A.numel() > 0 && Boolean(d.impl.abs().lt(100 * eps).any().item());
  if (!singular) return [inv(A).mT.mul(g.mul(d).unsqueeze(-1).unsqueeze(-1))];
  const { U, S, Vh } = svd(A, false);
  // det(U) det(Vh) is +-1 and locally constant: no gradient flows through it
  const signs = wrap(kernels(A).det(U.impl).mul(kernels(A).det(Vh.impl)));
  const D = productOfOthers(S).mul(g.mul(signs).unsqueeze(-1));
  return [U.mul(D.unsqueeze(-2)).matmul(Vh)];
}

/** Determinant of square matrices: shape (...). Singular matrices have a gradient too (the adjugate). */
export function det(A: Tensor): Tensor {
  checkTensor(A, 'det');
  const r = wrap(kernels(A).det(A.impl));
  if (needsGrad([A])) {
    const node = record('LinalgDetBackward0', detBackward, [A], r);
    node.save(A);
    node.save(r, true);
  }
  return r;
}

function slogdetBackward(node: Node, grads: Grads): Grads {
  // the sign is locally constant: only logabsdet's gradient counts, g A^{-T}
  const g = grads[1];
  if (g === null || g === undefined) return [null];
  return [inv(node.savedTensor(0)).mT.mul(g.unsqueeze(-1).unsqueeze(-1))];
}

export interface SlogdetResult {
  sign: Tensor;
  logabsdet: Tensor;
}

/** Sign and log|det| of square matrices; a singular matrix gives sign 0 and logabsdet -inf. */
export function slogdet(A: Tensor): SlogdetResult {
  checkTensor(A, 'slogdet');
  const { sign: s, logabsdet: l } = kernels(A).slogdet(A.impl);
  const sign = wrap(s);
  const logabsdet = wrap(l);
  if (needsGrad([A])) record('LinalgSlogdetBackward0', slogdetBackward, [A], [sign, logabsdet]).save(A);
  return { sign, logabsdet };
}

/** log(det(A)): NaN where det < 0, -inf where det = 0 (torch.logdet). */
export function logdet(A: Tensor): Tensor {
  const { sign, logabsdet } = slogdet(A);
  // log(sign) is 0 for 1, -inf for 0 and NaN for -1
  return logabsdet.add(sign.log());
}

// ---- solve ----

function solveBackward(node: Node, grads: Grads): Grads {
  const A = node.savedTensor(0);
  const X = node.savedTensor(1);
  const { aShape, bShape } = node.args as { aShape: number[]; bShape: number[] };
  // X = A^{-1} B: gB = A^{-T} g, gA = -gB X^T (summed over broadcast batch dims)
  const gB = solve(A.mT, grads[0]!);
  return [node.next[0] ? sumToShape(gB.matmul(X.mT).neg(), aShape) : null, node.next[1] ? sumToShape(gB, bShape) : null];
}

/** A X = B with B a matrix (..., n, k), batch dims broadcast. */
function solveMatrix(A: Tensor, B: Tensor): Tensor {
  const r = wrap(kernels(A).solve(A.impl, B.impl));
  if (needsGrad([A, B])) {
    const node = record('LinalgSolveExBackward0', solveBackward, [A, B], r, { aShape: A.shape, bShape: B.shape });
    node.save(A);
    node.save(r, true);
  }
  return r;
}

/**
 * Solves A X = B (left, the default) or X A = B (left: false) for square A (..., n, n). B is a
 * matrix (..., n, k) or a batch of vectors (see PyTorch's rule); batch dims broadcast. A singular
 * A throws.
 */
export function solve(A: Tensor, B: Tensor, options: { left?: boolean } = {}): Tensor {
  checkTensor(A, 'solve');
  checkTensor(B, 'solve', 'B');
  if (options.left === false) {
    // X A = B  <=>  A^T X^T = B^T
    if (isVectorRhs(A, B)) return solve(A.mT, B);
    return solve(A.mT, B.mT).mT;
  }
  if (isVectorRhs(A, B)) return solveMatrix(A, B.unsqueeze(-1)).squeeze(-1);
  return solveMatrix(A, B);
}

// ---- cholesky ----

function choleskyBackward(node: Node, grads: Grads): Grads {
  const { upper } = node.args as { upper: boolean };
  const out = node.savedTensor(0);
  const L = upper ? out.mT : out;
  const gL = upper ? grads[0]!.mT : grads[0]!;
  // PyTorch's cholesky_backward: Phi = tril(L^T gL) with its diagonal halved, symmetrized;
  // gA = L^{-T} Phi L^{-1}
  let gA = L.mT.matmul(gL).tril();
  gA = gA.add(gA.tril(-1).mT).mul(0.5);
  gA = solve(L.mT, gA);
  return [solveRight(gA, L)];
}

/** Cholesky factor L (A = L L^T) of symmetric positive-definite matrices, or U (A = U^T U) with upper: true. */
export function cholesky(A: Tensor, options: { upper?: boolean } = {}): Tensor {
  checkTensor(A, 'cholesky');
  const upper = options.upper ?? false;
  const r = wrap(kernels(A).cholesky(A.impl, upper));
  if (needsGrad([A])) record('LinalgCholeskyExBackward0', choleskyBackward, [A], r, { upper }).save(r, true);
  return r;
}

// ---- qr ----

export interface QRResult {
  Q: Tensor;
  R: Tensor;
}

function qrBackward(node: Node, grads: Grads): Grads {
  const Q = node.savedTensor(0);
  const R = node.savedTensor(1);
  const gQ = grads[0] ?? null;
  const gR = grads[1] ?? null;
  // as in PyTorch, these fail when the gradient is computed, not in the forward
  if (node.args === 'r') {
    throw new Error(
      "The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.",
    );
  }
  const m = Q.shape[Q.ndim - 2];
  const n = R.shape[R.ndim - 1];
  if (node.args === 'complete' && m > n) throw new Error("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.");
  if (gQ === null && gR === null) return [null];
  // PyTorch's linalg_qr_backward
  let gA: Tensor;
  if (gQ !== null && gR !== null) gA = gR.matmul(R.mT).sub(Q.mT.matmul(gQ));
  else if (gQ !== null) gA = Q.mT.matmul(gQ).neg();
  else gA = gR!.matmul(R.mT);
  if (m >= n) {
    const T = gA.triu();
    gA = Q.matmul(T.add(T.triu(1).mT)); // syminvadj: T + T^T with the diagonal once
    if (gQ !== null) gA = gA.add(gQ);
    return [solveRight(gA, R.mT)];
  }
  // m < n: Q is square, R = [R1 | R2] with R1 square
  const X = gA.neg();
  gA = Q.matmul(X.sub(X.mT).tril());
  gA = solveRight(gA, R.narrow(-1, 0, m).mT);
  gA = cat([gA, constant(gA, [...gA.shape.slice(0, -1), n - m], 0)], -1);
  if (gR !== null) gA = gA.add(Q.matmul(gR));
  return [gA];
}

/**
 * QR decomposition; mode 'reduced' (default), 'complete' or 'r' (Q empty). Differentiable for
 * 'reduced', and for 'complete' when m <= n (as in PyTorch).
 */
export function qr(A: Tensor, mode: 'reduced' | 'complete' | 'r' = 'reduced'): QRResult {
  checkTensor(A, 'qr');
  if (A.ndim < 2) throw new Error(`linalg.qr: The input tensor A must have at least 2 dimensions.`);
  const res = kernels(A).qr(A.impl, mode);
  const Q = wrap(res.Q);
  const R = wrap(res.R);
  if (needsGrad([A])) {
    const node = record('LinalgQrBackward0', qrBackward, [A], [Q, R], mode);
    node.save(Q, true);
    node.save(R, true);
  }
  return { Q, R };
}

// ---- svd, svdvals ----

export interface SVDResult {
  U: Tensor;
  S: Tensor;
  Vh: Tensor;
}

/**
 * PyTorch's svd_backward (real case). Assumes distinct singular values (and, for rectangular A
 * with gU or gVh, full rank); the loss must not depend on the signs of the singular vectors.
 */
function svdBackwardFormula(gU: Tensor | null, gS: Tensor | null, gVh: Tensor | null, U: Tensor, S: Tensor, Vh: Tensor): Tensor | null {
  if (gU === null && gS === null && gVh === null) return null;
  const m = U.shape[U.ndim - 2];
  const n = Vh.shape[Vh.ndim - 1];
  if (gU === null && gVh === null) {
    // svdvals: U diag(gS) Vh
    return m >= n ? U.matmul(gS!.unsqueeze(-1).mul(Vh)) : U.mul(gS!.unsqueeze(-2)).matmul(Vh);
  }
  const skew = (X: Tensor): Tensor => X.sub(X.mT);
  const k = S.shape[S.ndim - 1];
  const S2 = S.mul(S);
  // E_jk = S_k^2 - S_j^2 off the diagonal, 1 on it (the diagonal of the numerators is 0)
  const E = S2.unsqueeze(-2).sub(S2.unsqueeze(-1)).add(eyeLike(S, k));
  let inner: Tensor;
  if (gU !== null && gVh !== null) {
    inner = skew(U.mT.matmul(gU)).mul(S.unsqueeze(-2)).add(S.unsqueeze(-1).mul(skew(Vh.matmul(gVh.mT)))).div(E);
  } else if (gU !== null) {
    inner = skew(U.mT.matmul(gU)).div(E).mul(S.unsqueeze(-2));
  } else {
    inner = S.unsqueeze(-1).mul(skew(Vh.matmul(gVh!.mT)).div(E));
  }
  if (gS !== null) inner = inner.add(diagOf(gS));
  if (m > n && gU !== null) {
    // + (I - U U^T) gU S^{-1}
    const gUSinv = gU.div(S.unsqueeze(-2));
    return U.matmul(inner).add(gUSinv).sub(U.matmul(U.mT.matmul(gUSinv))).matmul(Vh);
  }
  if (m < n && gVh !== null) {
    // + S^{-1} gVh (I - V V^T)
    const SinvgVh = gVh.div(S.unsqueeze(-1));
    return U.matmul(inner.matmul(Vh).add(SinvgVh).sub(SinvgVh.matmul(Vh.mT).matmul(Vh)));
  }
  return m >= n ? U.matmul(inner.matmul(Vh)) : U.matmul(inner).matmul(Vh);
}

function svdBackward(node: Node, grads: Grads): Grads {
  const { full, k } = node.args as { full: boolean; k: number };
  let U = node.savedTensor(0);
  const S = node.savedTensor(1);
  let Vh = node.savedTensor(2);
  let gU = grads[0] ?? null;
  let gVh = grads[2] ?? null;
  if (full) {
    // full matrices: only the first k singular vectors are determined by A (as PyTorch does)
    U = U.narrow(-1, 0, k);
    Vh = Vh.narrow(-2, 0, k);
    if (gU !== null) gU = gU.narrow(-1, 0, k);
    if (gVh !== null) gVh = gVh.narrow(-2, 0, k);
  }
  return [svdBackwardFormula(gU, grads[1] ?? null, gVh, U, S, Vh)];
}

/**
 * Singular value decomposition A = U diag(S) Vh (fullMatrices defaults to true, as in PyTorch).
 * Gradients need distinct singular values, and a loss that does not depend on the singular
 * vectors' signs (e.g. U diag(S) Vh, U U^T, S).
 */
export function svd(A: Tensor, fullMatrices: boolean | { fullMatrices?: boolean } = true): SVDResult {
  checkTensor(A, 'svd');
  const full = typeof fullMatrices === 'boolean' ? fullMatrices : (fullMatrices.fullMatrices ?? true);
  if (A.ndim < 2) throw new Error(`linalg.svd: The input tensor A must have at least 2 dimensions.`);
  const res = kernels(A).svd(A.impl, full);
  const U = wrap(res.U);
  const S = wrap(res.S);
  const Vh = wrap(res.Vh);
  if (needsGrad([A])) {
    const node = record('LinalgSvdBackward0', svdBackward, [A], [U, S, Vh], { full, k: S.shape[S.ndim - 1] });
    node.save(U, true);
    node.save(S, true);
    node.save(Vh, true);
  }
  return { U, S, Vh };
}

/** Singular values, descending (differentiable through the reduced SVD). */
export function svdvals(A: Tensor): Tensor {
  checkTensor(A, 'svdvals');
  if (needsGrad([A])) return svd(A, false).S;
  return wrap(kernels(A).svdvals(A.impl));
}

// ---- eigh, eigvalsh ----

export interface EighResult {
  eigenvalues: Tensor;
  eigenvectors: Tensor;
}

function eighBackward(node: Node, grads: Grads): Grads {
  const L = node.savedTensor(0);
  const V = node.savedTensor(1);
  const gL = grads[0] ?? null;
  const gV = grads[1] ?? null;
  if (gL === null && gV === null) return [null];
  // PyTorch's linalg_eig_backward, hermitian case: gA = V (diag(gL) + skew(V^T gV) / E) V^T
  if (gV === null) return [V.mul(gL!.unsqueeze(-2)).matmul(V.mT)];
  const n = L.shape[L.ndim - 1];
  const VhgV = V.mT.matmul(gV);
  const E = L.unsqueeze(-2).sub(L.unsqueeze(-1)).add(eyeLike(L, n));
  let inner = VhgV.sub(VhgV.mT).mul(0.5).div(E);
  if (gL !== null) inner = inner.add(diagOf(gL));
  return [V.matmul(inner.matmul(V.mT))];
}

/**
 * Eigenvalues (ascending) and eigenvectors (columns) of symmetric matrices, reading the UPLO
 * triangle. Gradients need distinct eigenvalues and a loss that does not depend on the
 * eigenvectors' signs.
 */
export function eigh(A: Tensor, UPLO: 'L' | 'U' = 'L'): EighResult {
  checkTensor(A, 'eigh');
  checkSquare(A, 'eigh');
  const res = kernels(A).eigh(A.impl, UPLO);
  const eigenvalues = wrap(res.eigenvalues);
  const eigenvectors = wrap(res.eigenvectors);
  if (needsGrad([A])) {
    const node = record('LinalgEighBackward0', eighBackward, [A], [eigenvalues, eigenvectors]);
    node.save(eigenvalues, true);
    node.save(eigenvectors, true);
  }
  return { eigenvalues, eigenvectors };
}

/** Eigenvalues (ascending) of symmetric matrices (differentiable through eigh). */
export function eigvalsh(A: Tensor, UPLO: 'L' | 'U' = 'L'): Tensor {
  checkTensor(A, 'eigvalsh');
  if (needsGrad([A])) return eigh(A, UPLO).eigenvalues;
  return wrap(kernels(A).eigvalsh(A.impl, UPLO));
}

// ---- pinv ----

/** PyTorch's pinv_backward (real case), in terms of A and A^+ only (no SVD). */
function pinvBackwardFormula(g: Tensor, A: Tensor, P: Tensor): Tensor {
  const [m, n] = A.shape.slice(-2);
  const Pt = P.mT;
  const gt = g.mT;
  if (m <= n) {
    const K = gt.matmul(P);
    const KPt = K.matmul(Pt);
    return P.matmul(K).mT.neg().add(KPt).sub(A.matmul(P).matmul(KPt)).add(Pt.matmul(P).matmul(gt.sub(K.matmul(A))));
  }
  const K = P.matmul(gt);
  const PtK = Pt.matmul(K);
  return K.matmul(P).mT.neg().add(gt.sub(A.matmul(K)).matmul(P).matmul(Pt)).add(PtK).sub(PtK.matmul(P).matmul(A));
}

function pinvBackward(node: Node, grads: Grads): Grads {
  return [pinvBackwardFormula(grads[0]!, node.savedTensor(0), node.savedTensor(1))];
}

export interface PinvOptions {
  /** singular values below max(atol, rtol * largest) are treated as zero */
  atol?: number | null;
  rtol?: number | null;
  /** A is symmetric (uses eigh) */
  hermitian?: boolean;
}

/** Moore-Penrose pseudo-inverse (..., n, m). The gradient assumes A's rank is locally constant. */
export function pinv(A: Tensor, options: PinvOptions = {}): Tensor {
  checkTensor(A, 'pinv');
  const r = wrap(kernels(A).pinv(A.impl, options.atol ?? null, options.rtol ?? null, options.hermitian ?? false));
  if (needsGrad([A])) {
    const node = record('LinalgPinvBackward0', pinvBackward, [A], r);
    node.save(A);
    node.save(r, true);
  }
  return r;
}

// ---- lstsq ----

export interface LstsqResult {
  solution: Tensor;
  residuals: Tensor;
  rank: Tensor;
  singularValues: Tensor;
}

function lstsqBackward(node: Node, grads: Grads): Grads {
  const A = node.savedTensor(0);
  const B = node.savedTensor(1);
  const { vector } = node.args as { vector: boolean };
  const gX = vector ? grads[0]!.unsqueeze(-1) : grads[0]!;
  const Bm = vector ? B.unsqueeze(-1) : B;
  // the solution is pinv(A) B (PyTorch's linalg_lstsq_backward)
  const P = pinv(A);
  // batch dims broadcast in the forward: the gradients are summed back to each input's shape
  const gA = node.next[0] ? sumToShape(pinvBackwardFormula(gX.matmul(Bm.mT), A, P), A.shape) : null;
  let gB: Tensor | null = null;
  if (node.next[1]) {
    gB = P.mT.matmul(gX);
    gB = sumToShape(vector ? gB.squeeze(-1) : gB, B.shape);
  }
  return [gA, gB];
}

export interface LstsqOptions {
  /** singular values below rcond * largest are treated as zero */
  rcond?: number | null;
  /** LAPACK driver: 'gelsy' (default), 'gels', 'gelsd' or 'gelss' */
  driver?: 'gels' | 'gelsy' | 'gelsd' | 'gelss' | null;
}

/**
 * Least-squares solution of A X = B (B (..., m, k), or (..., m) for a vector); rcond is PyTorch's
 * positional rcond or comes in the options. Only the solution is differentiable (as pinv(A) B: A
 * of full rank); batch dims broadcast.
 */
export function lstsq(A: Tensor, B: Tensor, rcond?: number | null | LstsqOptions, maybeOptions?: LstsqOptions): LstsqResult {
  checkTensor(A, 'lstsq');
  checkTensor(B, 'lstsq', 'B');
  const options: LstsqOptions = isOptions(rcond) ? (rcond as LstsqOptions) : { ...maybeOptions, rcond: (rcond as number | null | undefined) ?? maybeOptions?.rcond };
  const res = kernels(A).lstsq(A.impl, B.impl, options.rcond ?? null, options.driver ?? null);
  const solution = wrap(res.solution);
  if (needsGrad([A, B])) {
    const vector = B.ndim === A.ndim - 1;
    const node = record('LinalgLstsqBackward0', lstsqBackward, [A, B], solution, { vector });
    node.save(A);
    node.save(B);
  }
  return { solution, residuals: wrap(res.residuals), rank: wrap(res.rank), singularValues: wrap(res.singularValues) };
}

// ---- norms ----

export interface NormOptions {
  keepdim?: boolean;
  /** compute in this dtype (the input is converted first) */
  dtype?: DType;
}
/** The norms' options, which may also carry dim (as TH's do). */
export interface VectorNormOptions extends NormOptions {
  dim?: number | readonly number[] | null;
}
export interface MatrixNormOptions extends NormOptions {
  dim?: readonly [number, number];
}

const isOptions = (x: unknown): x is object => x !== null && typeof x === 'object' && !Array.isArray(x);

/** dim given positionally (PyTorch) or in the options (TH): [dim, the options]. */
function splitDim<D, O extends { dim?: D }>(dim: D | O | undefined, options: O | undefined): [D | undefined, O] {
  if (isOptions(dim)) return [(dim as O).dim, dim as O];
  return [(dim as D | undefined) ?? options?.dim, options ?? ({} as O)];
}

function vectorNormBackward(node: Node, grads: Grads): Grads {
  const { ord, dims, keepdim } = node.args as { ord: number; dims: number[]; keepdim: boolean };
  const x = node.savedTensor(0);
  let norm = node.savedTensor(1);
  let g = grads[0]!;
  if (!keepdim && x.ndim > 0) {
    const shape = x.shape.map((s, i) => (dims.includes(i) ? 1 : s));
    norm = norm.reshape(shape);
    g = g.reshape(shape);
  }
  // PyTorch's norm_backward
  if (ord === 0) return [x.mul(0)];
  if (ord === 1) return [x.sign().mul(g)];
  if (ord === 2) return [x.mul(g.div(norm)).maskedFill(norm.eq(0), 0)];
  if (ord === Infinity || ord === -Infinity) {
    // split evenly among the elements that reach the extremum
    const hits = x.abs().eq(norm).to(x.dtype);
    const count = dims.length > 0 ? hits.sum(dims, { keepdim: true }) : hits;
    return [x.sign().mul(hits).div(count).mul(g)];
  }
  const scaled = ord < 1 ? x.sign().mul(x.abs().pow(ord - 1)).maskedFill(x.eq(0), 0) : x.sign().mul(x.abs().pow(ord - 1));
  return [scaled.mul(g.div(norm.pow(ord - 1)).maskedFill(norm.eq(0), 0))];
}

/**
 * The p-norm of x over dim (default: all elements): ord 2 (default), any p, Infinity, -Infinity, 0.
 * dim may also come in the options.
 */
export function vectorNorm(
  x: Tensor,
  ord = 2,
  dimOrOptions?: number | readonly number[] | null | VectorNormOptions,
  maybeOptions?: VectorNormOptions,
): Tensor {
  checkTensor(x, 'vector_norm', 'x');
  const [d, options] = splitDim<number | readonly number[] | null, VectorNormOptions>(dimOrOptions, maybeOptions);
  const dim = d ?? null;
  if (options.dtype !== undefined && options.dtype !== x.dtype) x = x.to(options.dtype);
  const keepdim = options.keepdim ?? false;
  const n = x.ndim;
  const list = dim === null ? null : typeof dim === 'number' ? [dim] : [...dim];
  const dimList = list === null || list.length === 0 ? null : list;
  const r = wrap(kernels(x).vectorNorm(x.impl, ord, dimList, keepdim));
  if (needsGrad([x])) {
    const dims = dimList === null ? x.shape.map((_, i) => i) : dimList.map((d) => (d < 0 ? d + Math.max(n, 1) : d));
    const node = record('LinalgVectorNormBackward0', vectorNormBackward, [x], r, { ord, dims, keepdim });
    node.save(x);
    node.save(r, true);
  }
  return r;
}

export type MatrixNormOrd = 'fro' | 'nuc' | number;

/**
 * Matrix norm over dim (default [-2, -1]): 'fro' (default), 'nuc', 2, -2 (singular values), 1, -1,
 * Infinity, -Infinity (column / row sums of |A|). Composed, as in PyTorch. dim may also come in the
 * options.
 */
export function matrixNorm(
  A: Tensor,
  ord: MatrixNormOrd = 'fro',
  dimOrOptions?: readonly [number, number] | MatrixNormOptions,
  maybeOptions?: MatrixNormOptions,
): Tensor {
  checkTensor(A, 'matrix_norm');
  const [d, options] = splitDim<readonly [number, number], MatrixNormOptions>(dimOrOptions, maybeOptions);
  const dim = d ?? [-2, -1];
  if (A.ndim < 2) throw new Error(`linalg.matrix_norm: The input tensor A must have at least 2 dimensions.`);
  if (options.dtype !== undefined && options.dtype !== A.dtype) A = A.to(options.dtype);
  const keepdim = options.keepdim ?? false;
  const n = A.ndim;
  const d0 = dim[0] < 0 ? dim[0] + n : dim[0];
  const d1 = dim[1] < 0 ? dim[1] + n : dim[1];
  if (d0 === d1 || d0 < 0 || d1 < 0 || d0 >= n || d1 >= n) throw new Error(`linalg.matrix_norm: dims must be different and in range, got [${dim.join(', ')}]`);
  if (ord === 'fro') return vectorNorm(A, 2, [d0, d1], { keepdim });
  // the rest reduce the matrices' two dims to one each, kept; squeezed at the end
  let r: Tensor;
  if (ord === 'nuc' || ord === 2 || ord === -2) {
    const S = svdvals(A.movedim([d0, d1], [-2, -1]));
    const reduced = ord === 'nuc' ? S.sum(-1) : ord === 2 ? S.amax(-1) : S.amin(-1);
    r = reduced.unsqueeze(-1).unsqueeze(-1).movedim([-2, -1], [d0, d1]);
  } else if (ord === 1 || ord === -1 || ord === Infinity || ord === -Infinity) {
    // 1: the largest column sum (sum over rows, d0); inf: the largest row sum
    const [sumDim, extremeDim] = ord === 1 || ord === -1 ? [d0, d1] : [d1, d0];
    const sums = A.abs().sum(sumDim, true);
    r = ord > 0 ? sums.amax(extremeDim, true) : sums.amin(extremeDim, true);
  } else {
    throw new Error(`linalg.matrix_norm: Order ${ord} not supported.`);
  }
  return keepdim ? r : r.squeeze(Math.max(d0, d1)).squeeze(Math.min(d0, d1));
}

/**
 * PyTorch's linalg.norm: a vector norm when dim is one dim or ord a number with a 1-D input (or
 * no ord: all elements), a matrix norm for two dims or a 2-D input with ord. dim may also come in
 * the options.
 */
export function norm(
  A: Tensor,
  ord: MatrixNormOrd | null = null,
  dimOrOptions?: number | readonly number[] | null | VectorNormOptions,
  maybeOptions?: VectorNormOptions,
): Tensor {
  checkTensor(A, 'norm');
  const [d, withDim] = splitDim<number | readonly number[] | null, VectorNormOptions>(dimOrOptions, maybeOptions);
  const dim = d ?? null;
  const options: NormOptions = { keepdim: withDim.keepdim, dtype: withDim.dtype };
  if (dim !== null) {
    const dims = typeof dim === 'number' ? [dim] : [...dim];
    if (dims.length === 2) return matrixNorm(A, ord ?? 'fro', [dims[0], dims[1]], options);
    if (typeof ord === 'string') throw new Error(`linalg.norm: ord '${ord}' needs a 2-D input or a pair of dims`);
    return vectorNorm(A, ord ?? 2, dims, options);
  }
  if (ord === null) return vectorNorm(A, 2, null, options);
  if (A.ndim === 2) return matrixNorm(A, ord, [-2, -1], options);
  if (A.ndim === 1 && typeof ord === 'number') return vectorNorm(A, ord, null, options);
  throw new Error(`linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got ${A.ndim}D.`);
}

// ---- matrixPower ----

function zeroGradBackward(_node: Node, grads: Grads): Grads {
  return [grads[0]!.mul(0)];
}

/** A^n for square matrices (repeated squaring); n < 0 inverts first; n = 0 gives identities. */
export function matrixPower(A: Tensor, n: number): Tensor {
  checkTensor(A, 'matrix_power');
  if (!Number.isInteger(n)) throw new Error(`linalg.matrix_power: the exponent must be an integer, got ${n}`);
  checkSquare(A, 'matrix_power');
  if (n === 0) {
    // identities, recorded so that the result requires grad like A (with a zero gradient)
    const size = A.shape[A.ndim - 1];
    const r = wrap(eyeLike(A, size).impl.expand(A.shape).contiguous());
    if (needsGrad([A])) record('CopyBackwards', zeroGradBackward, [A], r);
    return r;
  }
  let base = n < 0 ? inv(A) : A;
  let k = Math.abs(n);
  if (k === 1) return n < 0 ? base : A.clone();
  let result: Tensor | null = null;
  for (;;) {
    if (k & 1) result = result === null ? base : result.matmul(base);
    k >>= 1;
    if (k === 0) return result!;
    base = base.matmul(base);
  }
}

// ---- cross ----

/** The cross product of 3-vectors along dim (default -1); batch dims broadcast. */
export function cross(a: Tensor, b: Tensor, dim = -1): Tensor {
  checkTensor(a, 'cross', 'input');
  return crossImpl(a, b, dim);
}

// ---- Tensor methods PyTorch has ----

declare module '../tensor' {
  interface Tensor {
    /** linalg.inv */
    inverse(): Tensor;
    /** linalg.det */
    det(): Tensor;
    /** linalg.slogdet */
    slogdet(): SlogdetResult;
    /** log(det): NaN where det < 0, -inf where det = 0 */
    logdet(): Tensor;
    /** linalg.pinv with rtol = rcond (default 1e-15) */
    pinverse(rcond?: number): Tensor;
    /** linalg.matrixPower */
    matrixPower(n: number): Tensor;
  }
}

Object.assign(Tensor.prototype as unknown as Record<string, unknown>, {
  inverse(this: Tensor): Tensor {
    return inv(this);
  },
  det(this: Tensor): Tensor {
    return det(this);
  },
  slogdet(this: Tensor): SlogdetResult {
    return slogdet(this);
  },
  logdet(this: Tensor): Tensor {
    return logdet(this);
  },
  pinverse(this: Tensor, rcond = 1e-15): Tensor {
    return pinv(this, { rtol: rcond });
  },
  matrixPower(this: Tensor, n: number): Tensor {
    return matrixPower(this, n);
  },
});


// ---- eig, eigvals, matrixRank: not differentiable here ----

export interface ComplexParts {
  real: Tensor;
  imag: Tensor;
}
/** Whether TypeTorch was built with LAPACK (the factorizations need it). */
export function lapackAvailable(): boolean {
  return backendOf({ device: 'cpu' }).linalg.lapackAvailable();
}
function refuseGrad(name: string, A: Tensor): void {
  if (needsGrad([A])) {
    throw new Error(
      `linalg.${name}: the gradient of a general eigen decomposition is complex, and TypeTorch has no complex dtype; ` +
        'use linalg.eigh for symmetric matrices, or call it under noGrad',
    );
  }
}
/** Eigenvalues and eigenvectors of real square matrices, each as { real, imag } (no gradient). */
export function eig(A: Tensor): { eigenvalues: ComplexParts; eigenvectors: ComplexParts } {
  refuseGrad('eig', A);
  const r = backendOf(A).linalg.eig(A.impl);
  return {
    eigenvalues: { real: wrap(r.eigenvalues.real), imag: wrap(r.eigenvalues.imag) },
    eigenvectors: { real: wrap(r.eigenvectors.real), imag: wrap(r.eigenvectors.imag) },
  };
}
/** Eigenvalues of real square matrices as { real, imag } (no gradient). */
export function eigvals(A: Tensor): ComplexParts {
  refuseGrad('eigvals', A);
  return eig(A).eigenvalues;
}
/** The numerical rank (int64; not differentiable). */
export function matrixRank(A: Tensor, options?: th.linalg.MatrixRankOptions): Tensor {
  return wrap(backendOf(A).linalg.matrixRank(A.impl, options));
}
