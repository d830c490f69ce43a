// Matrix products: error messages, both GEMM backends on sizes at the blocking edges against a
// float64 reference, thread counts, in-place/out= behaviour, the backend switch and buildInfo.
import * as th from '@typetorch/th';

const info = th.buildInfo();
const backends: ('blas' | 'builtin')[] = info.blas === 'builtin' ? ['builtin'] : ['blas', 'builtin'];
afterAll(() => {
  th.setBlasBackend(backends[0]);
  th.setNumThreads(2);
});

/** Deterministic values in [-1, 1) (a LCG), so that sums are not exact and rounding shows. */
function values(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** a [m, k] @ b [k, n] in float64, from row-major arrays. */
function reference(a: number[], b: number[], m: number, k: number, n: number): number[] {
  const c = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) {
      const x = a[i * k + p];
      for (let j = 0; j < n; j++) c[i * n + j] += x * b[p * n + j];
    }
  return c;
}

function maxError(t: th.Tensor, expected: number[]): number {
  const got = Array.from(t.contiguous().toTypedArray() as Float32Array | Float64Array);
  expect(got.length).toBe(expected.length);
  let worst = 0;
  got.forEach((g, i) => (worst = Math.max(worst, Math.abs(g - expected[i]))));
  return worst;
}

describe('buildInfo and the backend switch', () => {
  test('buildInfo reports the BLAS and LAPACK libTH was built with', () => {
    expect(['openblas', 'cblas', 'builtin']).toContain(info.blas);
    expect(typeof info.lapack).toBe('boolean');
    if (info.blas === 'builtin') expect(info.lapack).toBe(false);
  });
  test('setBlasBackend switches and rejects unknown names', () => {
    th.setBlasBackend('builtin');
    expect(th.getBlasBackend()).toBe('builtin');
    if (info.blas === 'builtin') expect(() => th.setBlasBackend('blas')).toThrow(/built without a BLAS/);
    else {
      th.setBlasBackend('blas');
      expect(th.getBlasBackend()).toBe('blas');
    }
    expect(() => th.setBlasBackend('mkl' as 'blas')).toThrow("setBlasBackend: expected 'blas' or 'builtin', but got 'mkl'");
  });
});

describe.each(backends)('GEMM %s', (backend) => {
  beforeAll(() => th.setBlasBackend(backend));
  const sizes = [1, 7, 63, 64, 65, 257];
  test.each(sizes.flatMap((m) => [[m, 65, 7], [m, 257, m], [7, m, 64]]))('float32/float64 [%i, %i] @ [%i, ...] matches a float64 reference', (m, k, n) => {
    const av = values(m * k, m * 131 + k), bv = values(k * n, n * 7 + 3);
    const ref = reference(av, bv, m, k, n);
    for (const dtype of ['float32', 'float64'] as const) {
      const a = th.tensor(av, { dtype }).reshape([m, k]);
      const b = th.tensor(bv, { dtype }).reshape([k, n]);
      const tol = (dtype === 'float32' ? 3e-6 : 1e-13) * Math.sqrt(k) * 4;
      expect(maxError(a.mm(b), ref)).toBeLessThan(tol);
      // transposed operands and a transposed out= take the same path without copies
      const at = th.tensor(av, { dtype }).reshape([m, k]).t().contiguous().t();
      const bt = th.tensor(bv, { dtype }).reshape([k, n]).t().contiguous().t();
      const out = th.empty([n, m], { dtype }).t();
      expect(th.mm(at, bt, { out })).toBe(out);
      expect(maxError(out, ref)).toBeLessThan(tol);
    }
  });
  test('int64 products wrap like PyTorch and are exact at the blocking edges', () => {
    for (const [m, k, n] of [[65, 257, 63], [1, 64, 65], [257, 7, 1]]) {
      const av = values(m * k, m + k).map((x) => Math.round(x * 100));
      const bv = values(k * n, n + 1).map((x) => Math.round(x * 100));
      const r = th.tensor(av, { dtype: 'int64' }).reshape([m, k]).mm(th.tensor(bv, { dtype: 'int64' }).reshape([k, n]));
      expect(r.dtype).toBe('int64');
      expect(Array.from(r.toTypedArray() as BigInt64Array, Number)).toEqual(reference(av, bv, m, k, n));
    }
    const big = th.tensor([[2 ** 40]], { dtype: 'int64' });
    expect(th.mm(big, th.tensor([[2 ** 30]], { dtype: 'int64' })).item()).toBe(0); // 2^70 wraps to 0 mod 2^64
  });
  test('results do not depend on the thread count', () => {
    const a = th.tensor(values(300 * 200, 1)).reshape([300, 200]);
    const b = th.tensor(values(200 * 150, 2)).reshape([200, 150]);
    // 64 small products (5M multiply-adds in all): run in parallel over the batch
    const x = th.tensor(values(64 * 40 * 50, 3)).reshape([64, 40, 50]);
    const y = th.tensor(values(64 * 50 * 40, 4)).reshape([64, 50, 40]);
    th.setNumThreads(1);
    const r1 = Array.from(a.mm(b).toTypedArray() as Float32Array);
    const s1 = Array.from(x.bmm(y).toTypedArray() as Float32Array);
    th.setNumThreads(2);
    const r2 = Array.from(a.mm(b).toTypedArray() as Float32Array);
    // one product threads inside the GEMM: ours splits only rows and columns, but OpenBLAS on
    // some CPUs sums differently with more threads (PyTorch promises no more), so there only
    // rounding may differ; the batch is split by libTH itself, which must not change a bit
    if (backend === 'builtin') expect(r2).toEqual(r1);
    else expect(Math.max(...r2.map((v, i) => Math.abs(v - r1[i]) / Math.max(1, Math.abs(r1[i]))))).toBeLessThan(1e-5);
    expect(Array.from(x.bmm(y).toTypedArray() as Float32Array)).toEqual(s1);
  });
  test('half types compute in float32', () => {
    for (const dtype of ['float16', 'bfloat16'] as const) {
      const a = th.tensor([[1, 2], [3, 4]], { dtype });
      const r = a.matmul(a);
      expect(r.dtype).toBe(dtype);
      expect(r.toArray()).toEqual([[7, 10], [15, 22]]);
    }
  });
  test('batched matmul with broadcast batch dims equals per-batch mm', () => {
    const a = th.tensor(values(2 * 1 * 5 * 6, 9)).reshape([2, 1, 5, 6]);
    const b = th.tensor(values(3 * 6 * 4, 10), { dtype: 'float32' }).reshape([3, 6, 4]);
    const r = a.matmul(b);
    expect(r.shape).toEqual([2, 3, 5, 4]);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) {
        const want = a.select(0, i).select(0, 0).mm(b.select(0, j)).toArray();
        expect(r.select(0, i).select(0, j).toArray()).toEqual(want);
      }
  });
});

describe('errors name both shapes and the dtypes', () => {
  const f = (shape: number[], dtype: th.DType = 'float32'): th.Tensor => th.zeros(shape, { dtype });
  test('mm and matmul', () => {
    expect(() => f([2, 3]).mm(f([4, 5]))).toThrow('mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)');
    expect(() => f([2, 3]).matmul(f([4, 5]))).toThrow('mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)');
    expect(() => f([2, 2, 3]).matmul(f([2, 4, 5]))).toThrow('matmul: shapes [2, 2, 3] and [2, 4, 5] cannot be multiplied (3 != 4)');
    expect(() => f([2, 2, 3]).matmul(f([3, 3, 5]))).toThrow(/\[2, 2, 3\] and \[3, 3, 5\]/);
    expect(() => f([2, 3]).mm(f([3, 4], 'float64'))).toThrow('mm: expected mat1 and mat2 to have the same dtype, but got: float32 != float64');
    expect(() => f([2, 3], 'bool').mm(f([3, 4], 'bool'))).toThrow("mm: not implemented for 'bool'");
    expect(() => f([3]).mm(f([3, 4]))).toThrow('mm: self must be a 2D tensor (a matrix), but got a 1D tensor');
    expect(() => th.mm(f([2, 3]), f([3, 4]), { out: f([2, 4], 'float64') })).toThrow(
      'mm: Expected out tensor to have dtype float32, but got float64 instead',
    );
    expect(() => th.matmul(th.tensor(2), f([3]))).toThrow('both arguments to matmul need to be at least 1D, but they are 0D and 1D');
    expect(() => f([2, 3]).mm(undefined as unknown as th.Tensor)).toThrow('mm: expected other to be a Tensor');
  });
  test('bmm, addmm family, mv, dot', () => {
    expect(() => f([2, 2, 3]).bmm(f([2, 4, 5]))).toThrow('bmm: batch1 and batch2 shapes cannot be multiplied ([2, 2, 3] and [2, 4, 5])');
    expect(() => f([2, 3]).bmm(f([3, 4]))).toThrow('bmm: batch1 must be a 3D tensor, but got a 2D tensor');
    expect(() => th.addmm(f([3]), f([2, 2]), f([2, 4]))).toThrow('addmm: the expanded size of self [3] must match the product\'s shape [2, 4]');
    expect(() => f([4]).addmm_(f([2, 2]), f([2, 4]))).toThrow('Bad in-place call: input tensor size [4] and output tensor size [2, 4] should match');
    expect(() => th.mv(f([2, 3]), f([4]))).toThrow('size mismatch, got input (2), mat (2x3), vec (4)');
    expect(() => th.dot(f([3]), f([4]))).toThrow('inconsistent tensor size, expected tensor [3] and src [4]');
    expect(() => th.dot(f([3]), f([3], 'float64'))).toThrow('dot : expected both vectors to have same dtype, but found float32 and float64');
    expect(() => th.dot(f([3, 1]), f([3]))).toThrow('1D tensors expected, but got 2D and 1D tensors');
  });
  test('einsum equations', () => {
    const a = f([2, 3]);
    expect(() => th.einsum('ij,jk,kl', a, f([3, 4]))).toThrow('einsum(): fewer operands were provided than specified in the equation');
    expect(() => th.einsum('ij', a, a)).toThrow('einsum(): more operands were provided than specified in the equation');
    expect(() => th.einsum('i.j', a)).toThrow("einsum(): found '.' for operand 0 that is not part of any ellipsis");
    expect(() => th.einsum('ijk', a)).toThrow(
      'einsum(): the number of subscripts in the equation (3) does not match the number of dimensions (2) for operand 0 and no ellipsis was given',
    );
    expect(() => th.einsum('ij->k', a)).toThrow('einsum(): output subscript k does not appear in the equation for any input operand');
    expect(() => th.einsum('ij->jj', a)).toThrow('einsum(): output subscript j appears more than once in the output');
    expect(() => th.einsum('ii', a)).toThrow("einsum(): subscript i is repeated for operand 0 but the sizes don't match, 3 != 2");
    expect(() => th.einsum('i1', a)).toThrow('einsum(): invalid subscript given at index 1 in the equation string, subscripts must be in [a-zA-Z]');
    expect(() => th.einsum('ij,ij->ij', a, f([3, 4]))).toThrow(
      'einsum(): subscript i has size 3 for operand 1 which does not broadcast with previously seen size 2',
    );
    expect(() => th.einsum('ij,jk', a, f([3, 4], 'float64'))).toThrow(
      'einsum(): expected all operands to have the same dtype, but operand 0 is float32 and operand 1 is float64',
    );
    expect(() => th.einsum('', [])).toThrow('einsum(): must provide at least one operand');
  });
  test('tensordot, cross, triangles, diagonals', () => {
    expect(() => th.tensordot(f([2, 3]), f([4, 5]), [[1], [0]])).toThrow(
      'contracted dimensions need to match, but first has size 3 in dim 1 and second has size 4 in dim 0',
    );
    expect(() => th.tensordot(f([2, 3]), f([3, 5]), [[1, 0], [0]])).toThrow('tensordot: both dimension lists should have same length, but got 2 and 1');
    expect(() => th.tensordot(f([2, 3]), f([3, 5]), 3)).toThrow('tensordot: dims=3 is more than the dims of a (2) or b (2)');
    expect(() => th.cross(f([2, 2]), f([2, 2]))).toThrow('no dimension of size 3 in input (shapes [2, 2] and [2, 2])');
    expect(() => th.cross(f([2, 3]), f([2, 3]), 0)).toThrow('linalg.cross: inputs dimension 0 must have length 3. Got 2 and 2');
    expect(() => f([3]).tril()).toThrow('tril: input tensor must have at least 2 dimensions');
    expect(() => f([2, 2, 2]).diag()).toThrow('diag: matrix or a vector expected, but got a 3D tensor');
    expect(() => f([2, 3]).diagEmbed(0, 1, 1)).toThrow('diagonal dimensions cannot be identical 1, 1');
    expect(() => f([3]).trace()).toThrow('trace: expected a matrix, but got tensor with dim 1');
    expect(() => f([2, 2], 'bool').trace()).toThrow("\"trace\" not implemented for 'bool'");
  });
  test('a disposed operand is rejected', () => {
    const a = f([2, 2]);
    const b = f([2, 2]);
    b.dispose();
    expect(() => a.mm(b)).toThrow(/disposed/);
  });
});

describe('in-place, out= and function forms', () => {
  test('addmm_ writes into self, bumps its version and returns it', () => {
    const self = th.ones([2, 2]);
    const v0 = self.version;
    const r = self.addmm_(th.tensor([[1, 2], [3, 4]]), th.eye(2), { beta: 2, alpha: 3 });
    expect(r).toBe(self);
    expect(self.toArray()).toEqual([[5, 8], [11, 14]]);
    expect(self.version).toBeGreaterThan(v0);
  });
  test('an out= aliasing an operand gets the right result', () => {
    const a = th.tensor([[1, 2], [3, 4]]);
    expect(th.mm(a, a, { out: a }).toArray()).toEqual([[7, 10], [15, 22]]);
    const b = th.tensor([[1, 2], [3, 4]]);
    expect(th.addmm(b, b, b, { out: b }).toArray()).toEqual([[8, 12], [18, 26]]);
  });
  test('tril_/triu_ in place and function forms', () => {
    const x = th.ones([3, 3]);
    expect(x.tril_(-1)).toBe(x);
    expect(x.toArray()).toEqual([[0, 0, 0], [1, 0, 0], [1, 1, 0]]);
    expect(th.triu(th.ones([2, 3]), 1).toArray()).toEqual([[0, 1, 1], [0, 0, 1]]);
    expect(th.outer(th.tensor([1, 2]), th.tensor([3, 4])).toArray()).toEqual(th.ger(th.tensor([1, 2]), th.tensor([3, 4])).toArray());
  });
  test('einsum takes operands as arguments or as one array', () => {
    const a = th.tensor([[1, 2], [3, 4]]);
    expect(th.einsum('ij,jk->ik', [a, a]).toArray()).toEqual(th.einsum('ij,jk->ik', a, a).toArray());
    expect(th.einsum('ii', a).item()).toBe(5);
  });
  test('nothing leaks', () => {
    const before = th.memoryStats().liveTensors;
    th.tidy(() => {
      const a = th.ones([3, 4, 5]);
      th.einsum('ijk,ikl->jl', a, th.ones([3, 5, 2]));
      a.matmul(th.ones([5]));
      th.tensordot(a, th.ones([4, 5]), 2);
    });
    expect(th.memoryStats().liveTensors).toBe(before);
  });
});
