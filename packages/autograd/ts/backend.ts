// The backend interface: what autograd needs from a device's tensor library, declared once. TH's
// Tensor and module satisfy it (test/backend.test.ts checks that at the type level); THC's will.
import type { DType, NestedArray } from '@typetorch/th';
import * as th from '@typetorch/th';

type Scalar = number | boolean;
type Operand = BackendTensor | Scalar;
type Out = { out?: BackendTensor };
type Dims = number | readonly number[];

interface ValuesIndices {
  values: BackendTensor;
  indices: BackendTensor;
}

/** A device tensor: metadata, views, elementwise math, reductions, products, indexing, sorting. */
export interface BackendTensor {
  readonly shape: number[];
  readonly dtype: DType;
  readonly device: string;
  readonly ndim: number;
  readonly isDisposed: boolean;
  size(): number[];
  size(dim: number): number;
  stride(): number[];
  stride(dim: number): number;
  storageOffset(): number;
  numel(): number;
  isContiguous(): boolean;
  item(): number | boolean;
  toArray(): NestedArray<number | boolean>;
  toTypedArray(): ArrayBufferView;
  dispose(): void;
  toString(): string;
  /** how many tensors share this one's memory (1: nobody else can see it) */
  storageUseCount(): number;

  // views and copies
  view(shape: readonly number[]): BackendTensor;
  reshape(shape: readonly number[]): BackendTensor;
  flatten(startDim?: number, endDim?: number): BackendTensor;
  unflatten(dim: number, sizes: readonly number[]): BackendTensor;
  squeeze(dim?: number): BackendTensor;
  unsqueeze(dim: number): BackendTensor;
  transpose(dim0: number, dim1: number): BackendTensor;
  permute(dims: readonly number[]): BackendTensor;
  t(): BackendTensor;
  movedim(source: number | readonly number[], destination: number | readonly number[]): BackendTensor;
  expand(sizes: readonly number[]): BackendTensor;
  narrow(dim: number, start: number, length: number): BackendTensor;
  select(dim: number, index: number): BackendTensor;
  slice(dim: number, start?: number | null, end?: number | null, step?: number): BackendTensor;
  diagonal(offset?: number, dim1?: number, dim2?: number): BackendTensor;
  asStrided(size: readonly number[], stride: readonly number[], storageOffset?: number): BackendTensor;
  unfold(dimension: number, size: number, step: number): BackendTensor;
  contiguous(): BackendTensor;
  clone(): BackendTensor;
  copy_(src: BackendTensor): BackendTensor;
  fill_(value: Scalar): BackendTensor;
  to(dtype: DType, options?: { copy?: boolean }): BackendTensor;
  /** a copy in page-locked host memory (itself when already pinned) */
  pinMemory(): BackendTensor;
  isPinned(): boolean;

  // the unary and binary families (methods, so that parameters compare bivariantly)
  exp(options?: Out): BackendTensor;
  exp_(): BackendTensor;
  exp2(options?: Out): BackendTensor;
  exp2_(): BackendTensor;
  expm1(options?: Out): BackendTensor;
  expm1_(): BackendTensor;
  log(options?: Out): BackendTensor;
  log_(): BackendTensor;
  log2(options?: Out): BackendTensor;
  log2_(): BackendTensor;
  log10(options?: Out): BackendTensor;
  log10_(): BackendTensor;
  log1p(options?: Out): BackendTensor;
  log1p_(): BackendTensor;
  sin(options?: Out): BackendTensor;
  sin_(): BackendTensor;
  cos(options?: Out): BackendTensor;
  cos_(): BackendTensor;
  tan(options?: Out): BackendTensor;
  tan_(): BackendTensor;
  asin(options?: Out): BackendTensor;
  asin_(): BackendTensor;
  acos(options?: Out): BackendTensor;
  acos_(): BackendTensor;
  atan(options?: Out): BackendTensor;
  atan_(): BackendTensor;
  sinh(options?: Out): BackendTensor;
  sinh_(): BackendTensor;
  cosh(options?: Out): BackendTensor;
  cosh_(): BackendTensor;
  tanh(options?: Out): BackendTensor;
  tanh_(): BackendTensor;
  sigmoid(options?: Out): BackendTensor;
  sigmoid_(): BackendTensor;
  erf(options?: Out): BackendTensor;
  erf_(): BackendTensor;
  erfc(options?: Out): BackendTensor;
  erfc_(): BackendTensor;
  sqrt(options?: Out): BackendTensor;
  sqrt_(): BackendTensor;
  rsqrt(options?: Out): BackendTensor;
  rsqrt_(): BackendTensor;
  reciprocal(options?: Out): BackendTensor;
  reciprocal_(): BackendTensor;
  neg(options?: Out): BackendTensor;
  neg_(): BackendTensor;
  abs(options?: Out): BackendTensor;
  abs_(): BackendTensor;
  sign(options?: Out): BackendTensor;
  sign_(): BackendTensor;
  floor(options?: Out): BackendTensor;
  floor_(): BackendTensor;
  ceil(options?: Out): BackendTensor;
  ceil_(): BackendTensor;
  round(options?: Out): BackendTensor;
  round_(): BackendTensor;
  trunc(options?: Out): BackendTensor;
  trunc_(): BackendTensor;
  frac(options?: Out): BackendTensor;
  frac_(): BackendTensor;
  logicalNot(options?: Out): BackendTensor;
  logicalNot_(): BackendTensor;
  bitwiseNot(options?: Out): BackendTensor;
  bitwiseNot_(): BackendTensor;
  mul(other: Operand, options?: Out): BackendTensor;
  mul_(other: Operand): BackendTensor;
  remainder(other: Operand, options?: Out): BackendTensor;
  remainder_(other: Operand): BackendTensor;
  fmod(other: Operand, options?: Out): BackendTensor;
  fmod_(other: Operand): BackendTensor;
  pow(other: Operand, options?: Out): BackendTensor;
  pow_(other: Operand): BackendTensor;
  atan2(other: Operand, options?: Out): BackendTensor;
  atan2_(other: Operand): BackendTensor;
  maximum(other: Operand, options?: Out): BackendTensor;
  maximum_(other: Operand): BackendTensor;
  minimum(other: Operand, options?: Out): BackendTensor;
  minimum_(other: Operand): BackendTensor;
  eq(other: Operand, options?: Out): BackendTensor;
  eq_(other: Operand): BackendTensor;
  ne(other: Operand, options?: Out): BackendTensor;
  ne_(other: Operand): BackendTensor;
  lt(other: Operand, options?: Out): BackendTensor;
  lt_(other: Operand): BackendTensor;
  le(other: Operand, options?: Out): BackendTensor;
  le_(other: Operand): BackendTensor;
  gt(other: Operand, options?: Out): BackendTensor;
  gt_(other: Operand): BackendTensor;
  ge(other: Operand, options?: Out): BackendTensor;
  ge_(other: Operand): BackendTensor;
  logicalAnd(other: Operand, options?: Out): BackendTensor;
  logicalAnd_(other: Operand): BackendTensor;
  logicalOr(other: Operand, options?: Out): BackendTensor;
  logicalOr_(other: Operand): BackendTensor;
  logicalXor(other: Operand, options?: Out): BackendTensor;
  logicalXor_(other: Operand): BackendTensor;
  bitwiseAnd(other: Operand, options?: Out): BackendTensor;
  bitwiseAnd_(other: Operand): BackendTensor;
  bitwiseOr(other: Operand, options?: Out): BackendTensor;
  bitwiseOr_(other: Operand): BackendTensor;
  bitwiseXor(other: Operand, options?: Out): BackendTensor;
  bitwiseXor_(other: Operand): BackendTensor;
  bitwiseLeftShift(other: Operand, options?: Out): BackendTensor;
  bitwiseLeftShift_(other: Operand): BackendTensor;
  bitwiseRightShift(other: Operand, options?: Out): BackendTensor;
  bitwiseRightShift_(other: Operand): BackendTensor;

  // elementwise
  add(other: Operand, options?: { alpha?: number; out?: BackendTensor }): BackendTensor;
  sub(other: Operand, options?: { alpha?: number; out?: BackendTensor }): BackendTensor;
  add_(other: Operand, options?: { alpha?: number }): BackendTensor;
  sub_(other: Operand, options?: { alpha?: number }): BackendTensor;
  div(other: Operand, options?: { roundingMode?: 'trunc' | 'floor' | null; out?: BackendTensor }): BackendTensor;
  div_(other: Operand, options?: { roundingMode?: 'trunc' | 'floor' | null }): BackendTensor;
  isnan(): BackendTensor;
  isinf(): BackendTensor;
  isfinite(): BackendTensor;
  clamp(min?: Operand | null, max?: Operand | null, options?: Out): BackendTensor;
  clamp_(min?: Operand | null, max?: Operand | null): BackendTensor;
  lerp(end: BackendTensor, weight: Operand, options?: Out): BackendTensor;
  lerp_(end: BackendTensor, weight: Operand): BackendTensor;
  addcmul(t1: Operand, t2: Operand, options?: { value?: number; out?: BackendTensor }): BackendTensor;
  addcmul_(t1: Operand, t2: Operand, options?: { value?: number }): BackendTensor;
  addcdiv(t1: Operand, t2: Operand, options?: { value?: number; out?: BackendTensor }): BackendTensor;
  addcdiv_(t1: Operand, t2: Operand, options?: { value?: number }): BackendTensor;
  where(condition: BackendTensor, other: Operand, options?: Out): BackendTensor;
  maskedFill(mask: BackendTensor, value: Operand): BackendTensor;
  maskedFill_(mask: BackendTensor, value: Operand): BackendTensor;
  nanToNum(options?: { nan?: number; posinf?: number; neginf?: number; out?: BackendTensor }): BackendTensor;
  nanToNum_(options?: { nan?: number; posinf?: number; neginf?: number }): BackendTensor;

  // reductions
  sum(dim?: Dims | null, keepdim?: boolean, options?: { dtype?: DType; out?: BackendTensor }): BackendTensor;
  mean(dim?: Dims | null, keepdim?: boolean, options?: { dtype?: DType; out?: BackendTensor }): BackendTensor;
  nansum(dim?: Dims | null, keepdim?: boolean, options?: { dtype?: DType; out?: BackendTensor }): BackendTensor;
  nanmean(dim?: Dims | null, keepdim?: boolean, options?: { dtype?: DType; out?: BackendTensor }): BackendTensor;
  prod(dim?: number | null, keepdim?: boolean, options?: { dtype?: DType; out?: BackendTensor }): BackendTensor;
  amax(dim?: Dims | null, keepdim?: boolean, options?: Out): BackendTensor;
  amin(dim?: Dims | null, keepdim?: boolean, options?: Out): BackendTensor;
  max(): BackendTensor;
  max(dim: number, keepdim?: boolean): ValuesIndices;
  min(): BackendTensor;
  min(dim: number, keepdim?: boolean): ValuesIndices;
  argmax(dim?: number | null, keepdim?: boolean): BackendTensor;
  argmin(dim?: number | null, keepdim?: boolean): BackendTensor;
  var(dim?: Dims | null, unbiased?: boolean, keepdim?: boolean, options?: { correction?: number; out?: BackendTensor }): BackendTensor;
  std(dim?: Dims | null, unbiased?: boolean, keepdim?: boolean, options?: { correction?: number; out?: BackendTensor }): BackendTensor;
  norm(p?: number | 'fro' | 'nuc' | null, dim?: Dims | null, keepdim?: boolean, options?: { dtype?: DType; out?: BackendTensor }): BackendTensor;
  logsumexp(dim: Dims, keepdim?: boolean, options?: Out): BackendTensor;
  all(dim?: number | null, keepdim?: boolean): BackendTensor;
  any(dim?: number | null, keepdim?: boolean): BackendTensor;
  countNonzero(dim?: Dims | null): BackendTensor;
  cumsum(dim: number, options?: { dtype?: DType; out?: BackendTensor }): BackendTensor;
  cumprod(dim: number, options?: { dtype?: DType; out?: BackendTensor }): BackendTensor;
  cummax(dim: number): ValuesIndices;
  cummin(dim: number): ValuesIndices;

  // products
  mm(other: BackendTensor, options?: Out): BackendTensor;
  bmm(other: BackendTensor, options?: Out): BackendTensor;
  mv(vec: BackendTensor, options?: Out): BackendTensor;
  dot(other: BackendTensor, options?: Out): BackendTensor;
  matmul(other: BackendTensor, options?: Out): BackendTensor;
  outer(other: BackendTensor, options?: Out): BackendTensor;

  // indexing
  index(...items: (number | th.Slice | null | '...' | BackendTensor)[]): BackendTensor;
  indexPut_(indices: readonly (number | th.Slice | null | '...' | BackendTensor)[], values: Operand, options?: { accumulate?: boolean }): BackendTensor;
  indexSelect(dim: number, index: BackendTensor, options?: Out): BackendTensor;
  indexAdd(dim: number, index: BackendTensor, source: BackendTensor, options?: { alpha?: number; out?: BackendTensor }): BackendTensor;
  indexAdd_(dim: number, index: BackendTensor, source: BackendTensor, options?: { alpha?: number }): BackendTensor;
  gather(dim: number, index: BackendTensor, options?: { sparseGrad?: boolean; out?: BackendTensor }): BackendTensor;
  scatterAdd(dim: number, index: BackendTensor, src: BackendTensor, options?: Out): BackendTensor;
  take(index: BackendTensor, options?: Out): BackendTensor;
  indexCopy(dim: number, index: BackendTensor, source: BackendTensor): BackendTensor;
  indexFill(dim: number, index: BackendTensor, value: Scalar): BackendTensor;
  scatter(dim: number, index: BackendTensor, src: Operand): BackendTensor;
  flip(dims: Dims): BackendTensor;
  roll(shifts: number | readonly number[], dims?: number | readonly number[] | null): BackendTensor;
  nonzero(): BackendTensor;
  argwhere(): BackendTensor;

  // sorting and selection
  sort(options: { dim?: number; descending?: boolean; stable?: boolean }): ValuesIndices;
  argsort(dim?: number, descending?: boolean): BackendTensor;
  topk(k: number, dim?: number, largest?: boolean, sorted?: boolean): ValuesIndices;
  kthvalue(k: number, dim?: number, keepdim?: boolean): ValuesIndices;
  median(): BackendTensor;
  median(dim: number, keepdim?: boolean): ValuesIndices;
  mode(dim?: number, keepdim?: boolean): ValuesIndices;

  quantile(q: number | BackendTensor, dim?: number | null, keepdim?: boolean, options?: { interpolation?: 'linear' | 'lower' | 'higher' | 'midpoint' | 'nearest' }): BackendTensor;
  nanquantile(q: number | BackendTensor, dim?: number | null, keepdim?: boolean, options?: { interpolation?: 'linear' | 'lower' | 'higher' | 'midpoint' | 'nearest' }): BackendTensor;
  nanmedian(): BackendTensor;
  nanmedian(dim: number, keepdim?: boolean): ValuesIndices;
  unique(options?: th.UniqueOptions): BackendTensor | BackendTensor[];
  uniqueConsecutive(options?: th.UniqueConsecutiveOptions): BackendTensor | BackendTensor[];
  histc(bins?: number, min?: number, max?: number): BackendTensor;
  bincount(weights?: BackendTensor | null, minlength?: number): BackendTensor;
  scatterReduce(dim: number, index: BackendTensor, src: BackendTensor, reduce: 'sum' | 'prod' | 'mean' | 'amax' | 'amin', options?: { includeSelf?: boolean }): BackendTensor;
  put(index: BackendTensor, source: BackendTensor, options?: { accumulate?: boolean }): BackendTensor;
  maskedScatter(mask: BackendTensor, source: BackendTensor): BackendTensor;
  repeatInterleave(repeats: number | BackendTensor, dim?: number | null): BackendTensor;
  asTypedArray(): ArrayBufferView;

  // random fills
  uniform_(from?: number, to?: number, options?: { generator?: th.Generator }): BackendTensor;
  normal_(mean?: number, std?: number, options?: { generator?: th.Generator }): BackendTensor;
  bernoulli_(p?: number | BackendTensor, options?: { generator?: th.Generator }): BackendTensor;
  random_(from?: number, to?: number | null, options?: { generator?: th.Generator }): BackendTensor;
  exponential_(lambd?: number, options?: { generator?: th.Generator }): BackendTensor;
  geometric_(p: number, options?: { generator?: th.Generator }): BackendTensor;
  logNormal_(mean?: number, std?: number, options?: { generator?: th.Generator }): BackendTensor;
  cauchy_(median?: number, sigma?: number, options?: { generator?: th.Generator }): BackendTensor;
  bernoulli(p?: number | { generator?: th.Generator }, options?: { generator?: th.Generator }): BackendTensor;
  multinomial(numSamples: number, replacement?: boolean, options?: { generator?: th.Generator }): BackendTensor;

  // ---- linalg (ops/tensor_algebra.ts): triangles, diagonals, cross product ----
  tril(diagonal?: number): BackendTensor;
  tril_(diagonal?: number): BackendTensor;
  triu(diagonal?: number): BackendTensor;
  triu_(diagonal?: number): BackendTensor;
  trace(): BackendTensor;
  diagEmbed(offset?: number, dim1?: number, dim2?: number): BackendTensor;
  cross(other: BackendTensor, dim?: number | null): BackendTensor;
  // ---- end linalg ----
}

type CreateOptions = { dtype?: DType };
type RandomOptions = CreateOptions & { generator?: th.Generator };
/** A device's module functions: creation and the ops that take several tensors. */
export interface Backend {
  readonly device: string;
  /** a copy of a tensor of another device on this one */
  fromOther(t: BackendTensor): BackendTensor;
  zeros(shape: readonly number[], options?: CreateOptions): BackendTensor;
  ones(shape: readonly number[], options?: CreateOptions): BackendTensor;
  empty(shape: readonly number[], options?: CreateOptions): BackendTensor;
  full(shape: readonly number[], value: Scalar, options?: CreateOptions): BackendTensor;
  arange(start: number, end: number, step: number, options?: CreateOptions): BackendTensor;
  linspace(start: number, end: number, steps: number, options?: CreateOptions): BackendTensor;
  logspace(start: number, end: number, steps: number, options?: CreateOptions & { base?: number }): BackendTensor;
  eye(n: number, m: number, options?: CreateOptions): BackendTensor;
  tensor(data: NestedArray<number | boolean | bigint> | ArrayBufferView, options?: CreateOptions): BackendTensor;
  fromTypedArray(array: ArrayBufferView, shape?: readonly number[], options?: CreateOptions): BackendTensor;
  rand(shape: readonly number[], options?: RandomOptions): BackendTensor;
  randn(shape: readonly number[], options?: RandomOptions): BackendTensor;
  randint(low: number, high: number, shape: readonly number[], options?: RandomOptions): BackendTensor;
  randperm(n: number, options?: RandomOptions): BackendTensor;
  cat(tensors: readonly BackendTensor[], dim?: number): BackendTensor;
  stack(tensors: readonly BackendTensor[], dim?: number): BackendTensor;
  einsum(equation: string, operands: readonly BackendTensor[]): BackendTensor;
  searchsorted(sortedSequence: BackendTensor, values: BackendTensor | number, options?: th.SearchsortedOptions): BackendTensor;
  bucketize(input: BackendTensor | number, boundaries: BackendTensor, options?: th.BucketizeOptions): BackendTensor;
  // ---- linalg (ops/linalg.ts) ----
  readonly linalg: BackendLinalg;
}

// ---- linalg: the factorizations and solvers behind autograd's `linalg` namespace (ops/linalg.ts) ----
/** torch.linalg's kernels of a device (LAPACK on the CPU). Matrices are batched (..., m, n). */
export interface BackendLinalg {
  inv(A: BackendTensor): BackendTensor;
  det(A: BackendTensor): BackendTensor;
  slogdet(A: BackendTensor): { sign: BackendTensor; logabsdet: BackendTensor };
  /** A X = B (B a matrix (..., n, k); batch dims broadcast) */
  solve(A: BackendTensor, B: BackendTensor): BackendTensor;
  lstsq(
    A: BackendTensor,
    B: BackendTensor,
    rcond: number | null,
    driver: 'gels' | 'gelsy' | 'gelsd' | 'gelss' | null,
  ): { solution: BackendTensor; residuals: BackendTensor; rank: BackendTensor; singularValues: BackendTensor };
  cholesky(A: BackendTensor, upper: boolean): BackendTensor;
  qr(A: BackendTensor, mode: 'reduced' | 'complete' | 'r'): { Q: BackendTensor; R: BackendTensor };
  svd(A: BackendTensor, fullMatrices: boolean): { U: BackendTensor; S: BackendTensor; Vh: BackendTensor };
  svdvals(A: BackendTensor): BackendTensor;
  eigh(A: BackendTensor, UPLO: 'L' | 'U'): { eigenvalues: BackendTensor; eigenvectors: BackendTensor };
  eigvalsh(A: BackendTensor, UPLO: 'L' | 'U'): BackendTensor;
  pinv(A: BackendTensor, atol: number | null, rtol: number | null, hermitian: boolean): BackendTensor;
  vectorNorm(x: BackendTensor, ord: number, dim: readonly number[] | null, keepdim: boolean): BackendTensor;
  /** real matrices' eigen decomposition as { real, imag } parts (no complex dtype) */
  eig(A: BackendTensor): { eigenvalues: { real: BackendTensor; imag: BackendTensor }; eigenvectors: { real: BackendTensor; imag: BackendTensor } };
  matrixRank(A: BackendTensor, options?: th.linalg.MatrixRankOptions): BackendTensor;
  lapackAvailable(): boolean;
}

const thLinalg: BackendLinalg = {
  eig: (A) => th.linalg.eig(A as th.Tensor),
  matrixRank: (A, options) => th.linalg.matrixRank(A as th.Tensor, options),
  lapackAvailable: () => th.linalg.lapackAvailable(),
  inv: (A) => th.linalg.inv(A as th.Tensor),
  det: (A) => th.linalg.det(A as th.Tensor),
  slogdet: (A) => th.linalg.slogdet(A as th.Tensor),
  solve: (A, B) => th.linalg.solve(A as th.Tensor, B as th.Tensor),
  lstsq: (A, B, rcond, driver) => th.linalg.lstsq(A as th.Tensor, B as th.Tensor, { rcond, driver }),
  cholesky: (A, upper) => th.linalg.cholesky(A as th.Tensor, { upper }),
  qr: (A, mode) => th.linalg.qr(A as th.Tensor, mode),
  svd: (A, fullMatrices) => th.linalg.svd(A as th.Tensor, fullMatrices),
  svdvals: (A) => th.linalg.svdvals(A as th.Tensor),
  eigh: (A, UPLO) => th.linalg.eigh(A as th.Tensor, UPLO),
  eigvalsh: (A, UPLO) => th.linalg.eigvalsh(A as th.Tensor, UPLO),
  pinv: (A, atol, rtol, hermitian) => th.linalg.pinv(A as th.Tensor, { atol, rtol, hermitian }),
  vectorNorm: (x, ord, dim, keepdim) => th.linalg.vectorNorm(x as th.Tensor, ord, { dim: dim === null ? null : [...dim], keepdim }),
};
// ---- end linalg ----

/** TH, as a Backend. */
const cpu: Backend = {
  device: 'cpu',
  fromOther: (t) => {
    if (t.device === 'cpu') return t;
    const toCpu = (t as { cpu?: () => BackendTensor }).cpu;
    if (typeof toCpu !== 'function') throw new Error(`cannot copy a tensor of device '${t.device}' to the CPU`);
    return toCpu.call(t);
  },
  zeros: (shape, options) => th.zeros(shape, options),
  ones: (shape, options) => th.ones(shape, options),
  empty: (shape, options) => th.empty(shape, options),
  full: (shape, value, options) => th.full(shape, value, options),
  arange: (start, end, step, options) => th.arange(start, end, step, options),
  linspace: (start, end, steps, options) => th.linspace(start, end, steps, options),
  logspace: (start, end, steps, options) => th.logspace(start, end, steps, options),
  eye: (n, m, options) => th.eye(n, m, options),
  tensor: (data, options) => th.tensor(data, options),
  fromTypedArray: (array, shape, options) => th.fromTypedArray(array, shape, options),
  rand: (shape, options) => th.rand(shape, options),
  randn: (shape, options) => th.randn(shape, options),
  randint: (low, high, shape, options) => th.randint(low, high, shape, options),
  randperm: (n, options) => th.randperm(n, options),
  einsum: (equation, operands) => th.einsum(equation, ...(operands as th.Tensor[])),
  searchsorted: (seq, values, options) => th.searchsorted(seq as th.Tensor, values as th.Tensor | number, options),
  bucketize: (input, boundaries, options) => th.bucketize(input as th.Tensor | number, boundaries as th.Tensor, options),
  cat: (tensors, dim) => th.cat(tensors as th.Tensor[], dim),
  stack: (tensors, dim) => th.stack(tensors as th.Tensor[], dim),
  linalg: thLinalg, // linalg
};

const devices = new Map<string, Backend>();

/**
 * A CUDA device's backend: TH's functions creating on that device. A CUDA tensor is a TH Tensor
 * too, and TH sends the ops on it to @typetorch/thc (which registers 'cuda' when it loads).
 */
function deviceBackend(device: string): Backend {
  th.device(device); // PyTorch's error for a malformed device string
  const on = <O extends object>(options?: O) => ({ ...options, device });
  const move = (t: th.Tensor): th.Tensor => {
    const r = t.to(device);
    if (r !== t) t.dispose();
    return r;
  };
  return {
    ...cpu,
    device,
    fromOther: (t) => (t as th.Tensor).to(device),
    zeros: (shape, options) => th.zeros(shape, on(options)),
    ones: (shape, options) => th.ones(shape, on(options)),
    empty: (shape, options) => th.empty(shape, on(options)),
    full: (shape, value, options) => th.full(shape, value, on(options)),
    arange: (start, end, step, options) => th.arange(start, end, step, on(options)),
    linspace: (start, end, steps, options) => th.linspace(start, end, steps, on(options)),
    logspace: (start, end, steps, options) => th.logspace(start, end, steps, on(options)),
    eye: (n, m, options) => th.eye(n, m, on(options)),
    tensor: (data, options) => th.tensor(data, on(options)),
    fromTypedArray: (array, shape, options) => move(th.fromTypedArray(array, shape, options)),
    rand: (shape, options) => th.rand(shape, on(options)),
    randn: (shape, options) => th.randn(shape, on(options)),
    randint: (low, high, shape, options) => th.randint(low, high, shape, on(options)),
    randperm: (n, options) => th.randperm(n, on(options)),
  };
}

/** The backend for a device: 'cpu' is TH; 'cuda' and 'cuda:N' are TH's tensors on THC's devices. */
export function backendFor(device: string): Backend {
  if (device === 'cpu') return cpu;
  let b = devices.get(device);
  if (!b) {
    if (device !== 'cuda' && !/^cuda:\d+$/.test(device)) throw new Error(`Expected one of cpu, cuda device type at start of device string: ${device}`);
    // loads @typetorch/thc (or says how to get it) and checks that the device can be used
    th.empty([0], { device }).dispose();
    devices.set(device, (b = deviceBackend(device)));
  }
  return b;
}

/** The backend of a tensor's device. */
export function backendOf(t: { device: string }): Backend {
  return t.device === 'cpu' ? cpu : backendFor(t.device);
}

