// Matrix products and friends (mm, bmm, matmul, einsum, tril, ...): Tensor methods and function forms.
import { Handle, native } from './native';
import { OutOptions, Tensor, outHandle, wrapResult } from './tensor';

declare module './native' {
  interface Native {
    product(kind: number, a: Handle, b: Handle, out: Handle | null): Handle;
    addProduct(kind: number, self: Handle, a: Handle, b: Handle, beta: number | null, alpha: number | null, out: Handle | null): Handle;
    tensordot(a: Handle, b: Handle, dimsA: number[], dimsB: number[], out: Handle | null): Handle;
    einsum(equation: string, operands: Handle[], out: Handle | null): Handle;
    triangle(kind: number, a: Handle, diagonal: number | null, out: Handle | null): Handle;
    diagEmbed(a: Handle, offset: number, dim1: number, dim2: number, out: Handle | null): Handle;
    cross(a: Handle, b: Handle, dim: number | null, out: Handle | null): Handle;
    trace(a: Handle): Handle;
    setBlasBackend(name: string): void;
    blasInfo(): [string, boolean, string];
  }
}

/** beta * input + alpha * product (PyTorch's addmm, addmv, addr, baddbmm, addbmm). */
export interface AddProductOptions extends OutOptions {
  beta?: number;
  alpha?: number;
}
export type InplaceAddProductOptions = Omit<AddProductOptions, 'out'>;

const PRODUCT = { mm: 0, matmul: 1, bmm: 2, mv: 3, dot: 4, vdot: 5, outer: 6, kron: 7 } as const;
type ProductOp = keyof typeof PRODUCT;
const ADD_PRODUCT = { addmm: 0, addmv: 1, addr: 2, baddbmm: 3, addbmm: 4 } as const;
type AddProductOp = keyof typeof ADD_PRODUCT;

function checkTensor(x: unknown, op: string, what: string): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`${op}: expected ${what} to be a Tensor`);
}

function product(op: ProductOp, a: Tensor, b: Tensor, options?: OutOptions): Tensor {
  checkTensor(b, op, 'other');
  const out = options?.out;
  return wrapResult(native.product(PRODUCT[op], a.handle, b.handle, outHandle(out)), out);
}

function addProduct(op: AddProductOp, self: Tensor, a: Tensor, b: Tensor, options: AddProductOptions | undefined, inplace: boolean): Tensor {
  checkTensor(a, op, 'the first operand');
  checkTensor(b, op, 'the second operand');
  const out = inplace ? self : options?.out;
  const h = native.addProduct(ADD_PRODUCT[op], self.handle, a.handle, b.handle, options?.beta ?? null, options?.alpha ?? null, outHandle(out));
  return wrapResult(h, out);
}

declare module './tensor' {
  interface Tensor {
    /** Matrix product of two 2-D tensors. */
    mm(mat2: Tensor, options?: OutOptions): Tensor;
    /** PyTorch's matmul: dot, mv, mm, or batched with broadcast batch dims. */
    matmul(other: Tensor, options?: OutOptions): Tensor;
    /** Batched matrix product of two 3-D tensors. */
    bmm(mat2: Tensor, options?: OutOptions): Tensor;
    mv(vec: Tensor, options?: OutOptions): Tensor;
    dot(other: Tensor, options?: OutOptions): Tensor;
    vdot(other: Tensor, options?: OutOptions): Tensor;
    outer(vec2: Tensor, options?: OutOptions): Tensor;
    /** Alias of outer. */
    ger(vec2: Tensor, options?: OutOptions): Tensor;
    kron(other: Tensor, options?: OutOptions): Tensor;
    addmm(mat1: Tensor, mat2: Tensor, options?: AddProductOptions): Tensor;
    addmm_(mat1: Tensor, mat2: Tensor, options?: InplaceAddProductOptions): Tensor;
    addmv(mat: Tensor, vec: Tensor, options?: AddProductOptions): Tensor;
    addmv_(mat: Tensor, vec: Tensor, options?: InplaceAddProductOptions): Tensor;
    addr(vec1: Tensor, vec2: Tensor, options?: AddProductOptions): Tensor;
    addr_(vec1: Tensor, vec2: Tensor, options?: InplaceAddProductOptions): Tensor;
    baddbmm(batch1: Tensor, batch2: Tensor, options?: AddProductOptions): Tensor;
    baddbmm_(batch1: Tensor, batch2: Tensor, options?: InplaceAddProductOptions): Tensor;
    addbmm(batch1: Tensor, batch2: Tensor, options?: AddProductOptions): Tensor;
    addbmm_(batch1: Tensor, batch2: Tensor, options?: InplaceAddProductOptions): Tensor;
    /** Sum of the main diagonal of a 2-D tensor (integers sum to int64). */
    trace(): Tensor;
    tril(diagonal?: number, options?: OutOptions): Tensor;
    tril_(diagonal?: number): Tensor;
    triu(diagonal?: number, options?: OutOptions): Tensor;
    triu_(diagonal?: number): Tensor;
    /** 1-D: a matrix with this on a diagonal; 2-D: that diagonal. */
    diag(diagonal?: number, options?: OutOptions): Tensor;
    diagEmbed(offset?: number, dim1?: number, dim2?: number): Tensor;
    /** Cross product along dim (default: the first dim of size 3). */
    cross(other: Tensor, dim?: number | null, options?: OutOptions): Tensor;
  }
}

const proto = Tensor.prototype;
for (const op of Object.keys(PRODUCT) as ProductOp[]) {
  (proto as unknown as Record<string, unknown>)[op] = function (this: Tensor, other: Tensor, options?: OutOptions): Tensor {
    return product(op, this, other, options);
  };
}
proto.ger = function (this: Tensor, vec2: Tensor, options?: OutOptions): Tensor {
  return product('outer', this, vec2, options);
};
for (const op of Object.keys(ADD_PRODUCT) as AddProductOp[]) {
  const methods = proto as unknown as Record<string, unknown>;
  methods[op] = function (this: Tensor, a: Tensor, b: Tensor, options?: AddProductOptions): Tensor {
    return addProduct(op, this, a, b, options, false);
  };
  methods[`${op}_`] = function (this: Tensor, a: Tensor, b: Tensor, options?: InplaceAddProductOptions): Tensor {
    return addProduct(op, this, a, b, options, true);
  };
}
proto.trace = function (this: Tensor): Tensor {
  return wrapResult(native.trace(this.handle));
};
const TRIANGLE = { tril: 0, triu: 1, diag: 2 } as const;
function triangle(kind: keyof typeof TRIANGLE, self: Tensor, diagonal: number | undefined, out: Tensor | undefined): Tensor {
  return wrapResult(native.triangle(TRIANGLE[kind], self.handle, diagonal ?? 0, outHandle(out)), out);
}
proto.tril = function (this: Tensor, diagonal?: number, options?: OutOptions): Tensor {
  return triangle('tril', this, diagonal, options?.out);
};
proto.tril_ = function (this: Tensor, diagonal?: number): Tensor {
  return triangle('tril', this, diagonal, this);
};
proto.triu = function (this: Tensor, diagonal?: number, options?: OutOptions): Tensor {
  return triangle('triu', this, diagonal, options?.out);
};
proto.triu_ = function (this: Tensor, diagonal?: number): Tensor {
  return triangle('triu', this, diagonal, this);
};
proto.diag = function (this: Tensor, diagonal?: number, options?: OutOptions): Tensor {
  return triangle('diag', this, diagonal, options?.out);
};
proto.diagEmbed = function (this: Tensor, offset = 0, dim1 = -2, dim2 = -1): Tensor {
  return wrapResult(native.diagEmbed(this.handle, offset, dim1, dim2, null));
};
proto.cross = function (this: Tensor, other: Tensor, dim?: number | null, options?: OutOptions): Tensor {
  checkTensor(other, 'cross', 'other');
  const out = options?.out;
  return wrapResult(native.cross(this.handle, other.handle, dim ?? null, outHandle(out)), out);
};

// ---- function forms ----

export const mm = (input: Tensor, mat2: Tensor, options?: OutOptions): Tensor => product('mm', input, mat2, options);
export const matmul = (input: Tensor, other: Tensor, options?: OutOptions): Tensor => product('matmul', input, other, options);
export const bmm = (input: Tensor, mat2: Tensor, options?: OutOptions): Tensor => product('bmm', input, mat2, options);
export const mv = (input: Tensor, vec: Tensor, options?: OutOptions): Tensor => product('mv', input, vec, options);
export const dot = (input: Tensor, other: Tensor, options?: OutOptions): Tensor => product('dot', input, other, options);
export const vdot = (input: Tensor, other: Tensor, options?: OutOptions): Tensor => product('vdot', input, other, options);
export const outer = (input: Tensor, vec2: Tensor, options?: OutOptions): Tensor => product('outer', input, vec2, options);
export const ger = outer;
export const kron = (input: Tensor, other: Tensor, options?: OutOptions): Tensor => product('kron', input, other, options);
export const addmm = (input: Tensor, mat1: Tensor, mat2: Tensor, options?: AddProductOptions): Tensor =>
  addProduct('addmm', input, mat1, mat2, options, false);
export const addmv = (input: Tensor, mat: Tensor, vec: Tensor, options?: AddProductOptions): Tensor =>
  addProduct('addmv', input, mat, vec, options, false);
export const addr = (input: Tensor, vec1: Tensor, vec2: Tensor, options?: AddProductOptions): Tensor =>
  addProduct('addr', input, vec1, vec2, options, false);
export const baddbmm = (input: Tensor, batch1: Tensor, batch2: Tensor, options?: AddProductOptions): Tensor =>
  addProduct('baddbmm', input, batch1, batch2, options, false);
export const addbmm = (input: Tensor, batch1: Tensor, batch2: Tensor, options?: AddProductOptions): Tensor =>
  addProduct('addbmm', input, batch1, batch2, options, false);
export const trace = (input: Tensor): Tensor => input.trace();
export const tril = (input: Tensor, diagonal?: number, options?: OutOptions): Tensor => input.tril(diagonal, options);
export const triu = (input: Tensor, diagonal?: number, options?: OutOptions): Tensor => input.triu(diagonal, options);
export const diag = (input: Tensor, diagonal?: number, options?: OutOptions): Tensor => input.diag(diagonal, options);
export const diagEmbed = (input: Tensor, offset?: number, dim1?: number, dim2?: number): Tensor =>
  input.diagEmbed(offset, dim1, dim2);
export const cross = (input: Tensor, other: Tensor, dim?: number | null, options?: OutOptions): Tensor =>
  input.cross(other, dim, options);

/**
 * Sums the products of the elements of a and b over dims: a number n contracts a's last n dims
 * with b's first n; a pair of lists contracts a's dims[0][i] with b's dims[1][i].
 */
export function tensordot(a: Tensor, b: Tensor, dims: number | [number[], number[]] | [number, number] = 2, options?: OutOptions): Tensor {
  checkTensor(a, 'tensordot', 'a');
  checkTensor(b, 'tensordot', 'b');
  let da: number[];
  let db: number[];
  if (typeof dims === 'number') {
    if (!Number.isInteger(dims) || dims < 0) throw new RangeError(`tensordot expects dims >= 0, but got dims=${dims}`);
    if (dims > a.ndim || dims > b.ndim)
      throw new RangeError(`tensordot: dims=${dims} is more than the dims of a (${a.ndim}) or b (${b.ndim})`);
    da = Array.from({ length: dims }, (_, i) => a.ndim - dims + i);
    db = Array.from({ length: dims }, (_, i) => i);
  } else if (Array.isArray(dims) && dims.length === 2) {
    da = typeof dims[0] === 'number' ? [dims[0]] : dims[0];
    db = typeof dims[1] === 'number' ? [dims[1]] : dims[1];
  } else {
    throw new TypeError('tensordot: expected dims to be a number or a pair of lists of dims');
  }
  const out = options?.out;
  return wrapResult(native.tensordot(a.handle, b.handle, da, db, outHandle(out)), out);
}

/**
 * Einstein summation: `einsum('ij,jk->ik', a, b)` or `einsum('ij,jk', [a, b])`. Repeated indices
 * (diagonals), `...`, implicit and explicit outputs as in PyTorch; operands are contracted
 * pairwise, the pair with the smallest intermediate first, each through one bmm.
 */
export function einsum(equation: string, ...operands: (Tensor | Tensor[])[]): Tensor {
  if (typeof equation !== 'string') throw new TypeError('einsum: expected the equation to be a string');
  const list = operands.length === 1 && Array.isArray(operands[0]) ? operands[0] : (operands as Tensor[]);
  list.forEach((t, i) => checkTensor(t, 'einsum', `operand ${i}`));
  return wrapResult(native.einsum(equation, list.map((t) => t.handle), null));
}

// ---- backend ----

export type BlasName = 'openblas' | 'cblas' | 'builtin';
export interface BuildInfo {
  /** The BLAS libTH was built with ('builtin': none, the built-in GEMM serves every product). */
  blas: BlasName;
  /** Whether libTH was built with LAPACKE (torch.linalg's factorizations). */
  lapack: boolean;
}
export function buildInfo(): BuildInfo {
  const [blas, lapack] = native.blasInfo();
  return { blas: blas as BlasName, lapack };
}

/**
 * For benchmarks and tests: 'builtin' makes float32/float64 products use the built-in blocked GEMM
 * even when libTH has a BLAS; 'blas' goes back to the BLAS (an error when built without one).
 */
export function setBlasBackend(backend: 'blas' | 'builtin'): void {
  native.setBlasBackend(backend);
}
/** The GEMM in use for float32/float64: 'blas' or 'builtin'. */
export function getBlasBackend(): 'blas' | 'builtin' {
  return native.blasInfo()[2] as 'blas' | 'builtin';
}
