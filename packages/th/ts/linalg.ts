// torch.linalg (through LAPACK): exported as the `linalg` namespace (`th.linalg.inv(x)`), plus the
// Tensor methods PyTorch has for some of them (`x.inverse()`, `x.det()`, `x.slogdet()`,
// `x.logdet()`, `x.pinverse()`, `x.matrixPower(n)`).
//
// Inputs are batches of matrices (..., m, n) in float32 or float64. Where PyTorch returns complex
// tensors (eig, eigvals) TypeTorch, which has no complex dtype, returns the real and imaginary
// parts as two tensors of the input's dtype: `{ real, imag }`.
import { DType, dtypeCode } from './dtype';
import { Handle, native } from './native';
import { OutOptions, Tensor, outHandle, wrapResult } from './tensor';

declare module './native' {
  interface Native {
    linalgLapackAvailable(): boolean;
    linalgInv(a: Handle, out: Handle | null): Handle;
    linalgDet(a: Handle, out: Handle | null): Handle;
    linalgSlogdet(a: Handle, out: Handle[] | null): [Handle, Handle];
    linalgSolve(a: Handle, b: Handle, left: boolean, out: Handle | null): Handle;
    linalgLstsq(a: Handle, b: Handle, rcond: number | null, driver: string | null): [Handle, Handle, Handle, Handle];
    linalgCholesky(a: Handle, upper: boolean, out: Handle | null): Handle;
    linalgQr(a: Handle, mode: string, out: Handle[] | null): [Handle, Handle];
    linalgSvd(a: Handle, fullMatrices: boolean, out: Handle[] | null): [Handle, Handle, Handle];
    linalgSvdvals(a: Handle, out: Handle | null): Handle;
    linalgEigh(a: Handle, uplo: string, out: Handle[] | null): [Handle, Handle];
    linalgEigvalsh(a: Handle, uplo: string, out: Handle | null): Handle;
    linalgEig(a: Handle, out: Handle[] | null): [Handle, Handle, Handle, Handle];
    linalgEigvals(a: Handle, out: Handle[] | null): [Handle, Handle];
    linalgPinv(a: Handle, atol: number | null, rtol: number | null, hermitian: boolean, out: Handle | null): Handle;
    linalgMatrixRank(a: Handle, atol: number | null, rtol: number | null, hermitian: boolean, out: Handle | null): Handle;
    linalgMatrixNorm(
      a: Handle,
      ord: string,
      dim0: number,
      dim1: number,
      keepdim: boolean,
      dtype: number | null,
      out: Handle | null,
    ): Handle;
    linalgVectorNorm(
      a: Handle,
      ord: number,
      dim: number | number[] | null,
      keepdim: boolean,
      dtype: number | null,
      out: Handle | null,
    ): Handle;
    linalgMatrixPower(a: Handle, n: number, out: Handle | null): Handle;
  }
}

/** A complex result as its real and imaginary parts (TypeTorch has no complex dtype). */
export interface ComplexParts {
  real: Tensor;
  imag: Tensor;
}
export interface SlogdetResult {
  sign: Tensor;
  logabsdet: Tensor;
}
export interface LstsqResult {
  solution: Tensor;
  residuals: Tensor;
  rank: Tensor;
  singularValues: Tensor;
}
export interface QRResult {
  Q: Tensor;
  R: Tensor;
}
export interface SVDResult {
  U: Tensor;
  S: Tensor;
  Vh: Tensor;
}
export interface EighResult {
  eigenvalues: Tensor;
  eigenvectors: Tensor;
}
export interface EigResult {
  eigenvalues: ComplexParts;
  eigenvectors: ComplexParts;
}

export interface SolveOptions extends OutOptions {
  /** true (default): solve A X = B; false: X A = B. */
  left?: boolean;
}
export interface LstsqOptions {
  /** singular values below rcond * largest are treated as zero (default eps(dtype) * max(m, n)) */
  rcond?: number | null;
  /** LAPACK driver: 'gelsy' (default), 'gels', 'gelsd' or 'gelss' */
  driver?: 'gels' | 'gelsy' | 'gelsd' | 'gelss' | null;
}
export interface CholeskyOptions extends OutOptions {
  upper?: boolean;
}
export interface SvdOptions {
  fullMatrices?: boolean;
}
export interface UploOptions {
  UPLO?: 'L' | 'U';
}
export interface ToleranceOptions extends OutOptions {
  atol?: number | null;
  rtol?: number | null;
  hermitian?: boolean;
}
export interface MatrixRankOptions extends ToleranceOptions {
  /** deprecated in PyTorch: the same as atol with rtol = 0 */
  tol?: number | null;
}
export type MatrixNormOrd = 'fro' | 'nuc' | number;
export interface MatrixNormOptions extends OutOptions {
  dim?: [number, number];
  keepdim?: boolean;
  dtype?: DType;
}
export interface VectorNormOptions extends OutOptions {
  dim?: number | number[] | null;
  keepdim?: boolean;
  dtype?: DType;
}

const out = (o?: OutOptions): Handle | null => outHandle(o?.out);
const wrap = (h: Handle): Tensor => new Tensor(h);
/** out= of a multi-result op: the given tensors in the native order, or null. */
const outs = (ts: (Tensor | undefined)[] | undefined): Handle[] | null =>
  ts ? ts.map((t) => outHandle(t) as Handle) : null;
/** The results of a multi-result op: the out tensors (metadata re-read) or new ones. */
const results = (hs: Handle[], given: Tensor[] | undefined): Tensor[] => (given ? given.map((t) => t.touched()) : hs.map(wrap));
const isOptions = (x: unknown): boolean => x !== null && typeof x === 'object' && !Array.isArray(x);

/** out= for a multi-result op: PyTorch's named tuple as an object of tensors. */
export interface MultiOut<T> {
  out?: T;
}

/** Whether this build of libTH has LAPACK (every function here but the norms needs it). */
export function lapackAvailable(): boolean {
  return native.linalgLapackAvailable();
}

/** Inverse of square matrices (..., n, n). */
export function inv(A: Tensor, options?: OutOptions): Tensor {
  return wrapResult(native.linalgInv(A.handle, out(options)), options?.out);
}

/** Determinant of square matrices: shape (...). */
export function det(A: Tensor, options?: OutOptions): Tensor {
  return wrapResult(native.linalgDet(A.handle, out(options)), options?.out);
}

/** Sign and natural log of |det|: a singular matrix gives sign 0 and logabsdet -inf. */
export function slogdet(A: Tensor, options?: MultiOut<SlogdetResult>): SlogdetResult {
  const o = options?.out ? [options.out.sign, options.out.logabsdet] : undefined;
  const [sign, logabsdet] = results(native.linalgSlogdet(A.handle, outs(o)), o);
  return { sign, logabsdet };
}

/** Solves A X = B (or X A = B with left: false); B (..., n, k) or a vector (n) / (..., n); batch dims broadcast. */
export function solve(A: Tensor, B: Tensor, options?: SolveOptions): Tensor {
  return wrapResult(native.linalgSolve(A.handle, B.handle, options?.left ?? true, out(options)), options?.out);
}

/**
 * Least-squares solution of A X = B (B may be a vector when B.dim() == A.dim() - 1). rcond is
 * PyTorch's positional rcond; it may also come in the options.
 */
export function lstsq(A: Tensor, B: Tensor, rcond?: number | null | LstsqOptions, options?: LstsqOptions): LstsqResult {
  const opts = isOptions(rcond) ? (rcond as LstsqOptions) : { ...options, rcond: (rcond as number | null | undefined) ?? options?.rcond };
  const [solution, residuals, rank, singularValues] = native
    .linalgLstsq(A.handle, B.handle, opts.rcond ?? null, opts.driver ?? null)
    .map(wrap);
  return { solution, residuals, rank, singularValues };
}

/** Cholesky factor L (A = L Lᵀ) of symmetric positive-definite matrices, or U (A = Uᵀ U) with upper: true. */
export function cholesky(A: Tensor, options?: CholeskyOptions): Tensor {
  return wrapResult(native.linalgCholesky(A.handle, options?.upper ?? false, out(options)), options?.out);
}

/** QR decomposition; mode 'reduced' (default), 'complete' or 'r' (Q is then empty). */
export function qr(A: Tensor, mode: 'reduced' | 'complete' | 'r' = 'reduced', options?: MultiOut<QRResult>): QRResult {
  const o = options?.out ? [options.out.Q, options.out.R] : undefined;
  const [Q, R] = results(native.linalgQr(A.handle, mode, outs(o)), o);
  return { Q, R };
}

/**
 * Singular value decomposition A = U diag(S) Vh through gesdd (fullMatrices defaults to true, as in
 * PyTorch; it may be given positionally or in the options).
 */
export function svd(A: Tensor, fullMatrices: boolean | (SvdOptions & MultiOut<SVDResult>) = true, options?: MultiOut<SVDResult>): SVDResult {
  const opts = typeof fullMatrices === 'boolean' ? { ...options, fullMatrices } : fullMatrices;
  const o = opts.out ? [opts.out.U, opts.out.S, opts.out.Vh] : undefined;
  const [U, S, Vh] = results(native.linalgSvd(A.handle, opts.fullMatrices ?? true, outs(o)), o);
  return { U, S, Vh };
}

/** Singular values, descending. */
export function svdvals(A: Tensor, options?: OutOptions): Tensor {
  return wrapResult(native.linalgSvdvals(A.handle, out(options)), options?.out);
}

/** Eigenvalues (ascending) and eigenvectors (columns) of symmetric matrices, reading the UPLO triangle. */
export function eigh(A: Tensor, UPLO: 'L' | 'U' = 'L', options?: MultiOut<EighResult>): EighResult {
  const o = options?.out ? [options.out.eigenvalues, options.out.eigenvectors] : undefined;
  const [eigenvalues, eigenvectors] = results(native.linalgEigh(A.handle, UPLO, outs(o)), o);
  return { eigenvalues, eigenvectors };
}

/** Eigenvalues (ascending) of symmetric matrices. */
export function eigvalsh(A: Tensor, UPLO: 'L' | 'U' = 'L', options?: OutOptions): Tensor {
  return wrapResult(native.linalgEigvalsh(A.handle, UPLO, out(options)), options?.out);
}

/**
 * Eigenvalues and eigenvectors of real square matrices. PyTorch returns complex tensors; here each is
 * `{ real, imag }`, two tensors of A's dtype (eigenvectors are columns of unit norm, as LAPACK gives them).
 */
export function eig(A: Tensor, options?: MultiOut<EigResult>): EigResult {
  const g = options?.out;
  const o = g ? [g.eigenvalues.real, g.eigenvalues.imag, g.eigenvectors.real, g.eigenvectors.imag] : undefined;
  const [wr, wi, vr, vi] = results(native.linalgEig(A.handle, outs(o)), o);
  return { eigenvalues: { real: wr, imag: wi }, eigenvectors: { real: vr, imag: vi } };
}

/** Eigenvalues of real square matrices as `{ real, imag }`. */
export function eigvals(A: Tensor, options?: MultiOut<ComplexParts>): ComplexParts {
  const o = options?.out ? [options.out.real, options.out.imag] : undefined;
  const [real, imag] = results(native.linalgEigvals(A.handle, outs(o)), o);
  return { real, imag };
}

/** Moore–Penrose pseudo-inverse (..., n, m), through the SVD (eigh when hermitian). */
export function pinv(A: Tensor, options?: ToleranceOptions): Tensor {
  return wrapResult(
    native.linalgPinv(A.handle, options?.atol ?? null, options?.rtol ?? null, options?.hermitian ?? false, out(options)),
    options?.out,
  );
}

/** Numerical rank (int64): the number of singular values above max(atol, rtol * largest). */
export function matrixRank(A: Tensor, options?: MatrixRankOptions): Tensor {
  let atol = options?.atol ?? null;
  let rtol = options?.rtol ?? null;
  if (options?.tol !== undefined && options.tol !== null) {
    atol = options.tol;
    rtol = 0;
  }
  return wrapResult(native.linalgMatrixRank(A.handle, atol, rtol, options?.hermitian ?? false, out(options)), options?.out);
}

const ordString = (ord: MatrixNormOrd): string =>
  typeof ord === 'number' ? (ord === Infinity ? 'inf' : ord === -Infinity ? '-inf' : String(ord)) : ord;

/**
 * Matrix norm over dim (default [-2, -1]): ord 'fro' (default), 'nuc', Infinity, -Infinity, 1, -1,
 * 2, -2. dim is PyTorch's positional dim; it may also come in the options.
 */
export function matrixNorm(
  A: Tensor,
  ord: MatrixNormOrd = 'fro',
  dim?: [number, number] | MatrixNormOptions,
  options?: MatrixNormOptions,
): Tensor {
  if (isOptions(dim)) options = dim as MatrixNormOptions;
  else if (dim !== undefined) options = { ...options, dim: dim as [number, number] };
  const [d0, d1] = options?.dim ?? [-2, -1];
  const dtype = options?.dtype === undefined ? null : dtypeCode(options.dtype);
  return wrapResult(
    native.linalgMatrixNorm(A.handle, ordString(ord), d0, d1, options?.keepdim ?? false, dtype, out(options)),
    options?.out,
  );
}

/**
 * Vector norm over dim (default: all elements): ord 2 (default), any p, Infinity, -Infinity, 0.
 * dim is PyTorch's positional dim; it may also come in the options.
 */
export function vectorNorm(
  x: Tensor,
  ord = 2,
  dim?: number | number[] | null | VectorNormOptions,
  options?: VectorNormOptions,
): Tensor {
  if (isOptions(dim)) options = dim as VectorNormOptions;
  else if (dim !== undefined) options = { ...options, dim: dim as number | number[] | null };
  const dtype = options?.dtype === undefined ? null : dtypeCode(options.dtype);
  return wrapResult(
    native.linalgVectorNorm(x.handle, ord, options?.dim ?? null, options?.keepdim ?? false, dtype, out(options)),
    options?.out,
  );
}

/** Vector norm when dim is a number or ord a number (or A 1-D), else matrix norm: PyTorch's linalg.norm. */
export function norm(
  A: Tensor,
  ord: MatrixNormOrd | null = null,
  options?: { dim?: number | number[] | null; keepdim?: boolean; dtype?: DType; out?: Tensor },
): Tensor {
  const dim = options?.dim ?? null;
  const keepdim = options?.keepdim;
  if (dim !== null) {
    const dims = typeof dim === 'number' ? [dim] : dim;
    if (dims.length === 2) return matrixNorm(A, ord ?? 'fro', { dim: [dims[0], dims[1]], keepdim, dtype: options?.dtype, out: options?.out });
    if (typeof ord === 'string') throw new Error(`linalg.norm: ord '${ord}' needs a 2-D input or a pair of dims`);
    return vectorNorm(A, ord ?? 2, { dim: dims, keepdim, dtype: options?.dtype, out: options?.out });
  }
  if (ord === null) return vectorNorm(A, 2, { keepdim, dtype: options?.dtype, out: options?.out });
  if (A.dim() === 2) return matrixNorm(A, ord, { keepdim, dtype: options?.dtype, out: options?.out });
  if (A.dim() === 1 && typeof ord === 'number') return vectorNorm(A, ord, { keepdim, dtype: options?.dtype, out: options?.out });
  throw new Error(`linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got ${A.dim()}D.`);
}

/** A^n for square matrices; n < 0 inverts first. */
export function matrixPower(A: Tensor, n: number, options?: OutOptions): Tensor {
  return wrapResult(native.linalgMatrixPower(A.handle, n, out(options)), options?.out);
}

// ---- Tensor methods PyTorch has ----

declare module './tensor' {
  interface Tensor {
    /** linalg.inv */
    inverse(options?: OutOptions): Tensor;
    /** linalg.det */
    det(): Tensor;
    /** linalg.slogdet */
    slogdet(): SlogdetResult;
    /** log(det): NaN where det < 0, -inf where det = 0 (PyTorch's Tensor.logdet) */
    logdet(): Tensor;
    /** linalg.pinv (PyTorch's Tensor.pinverse(rcond) is pinv with rtol = rcond, default 1e-15) */
    pinverse(rcond?: number): Tensor;
    /** linalg.matrix_power */
    matrixPower(n: number): Tensor;
  }
}

Tensor.prototype.inverse = function (this: Tensor, options?: OutOptions): Tensor {
  return inv(this, options);
};
Tensor.prototype.det = function (this: Tensor): Tensor {
  return det(this);
};
Tensor.prototype.slogdet = function (this: Tensor): SlogdetResult {
  return slogdet(this);
};
Tensor.prototype.logdet = function (this: Tensor): Tensor {
  const { sign, logabsdet } = slogdet(this);
  // log(sign) is 0 for 1, -inf for 0 and NaN for -1
  const r = logabsdet.add(sign.log());
  sign.dispose();
  logabsdet.dispose();
  return r;
};
Tensor.prototype.pinverse = function (this: Tensor, rcond = 1e-15): Tensor {
  return pinv(this, { rtol: rcond });
};
Tensor.prototype.matrixPower = function (this: Tensor, n: number): Tensor {
  return matrixPower(this, n);
};
