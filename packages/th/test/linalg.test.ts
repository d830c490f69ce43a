// torch.linalg: error messages (PyTorch's wording, checked against PyTorch 1.13), out=, layouts,
// Tensor methods, and the build without LAPACK. Values are covered by linalg.fixtures.test.ts.
import * as th from '@typetorch/th';

const L = th.linalg;
const lapack = L.lapackAvailable();
const itLapack = lapack ? it : it.skip;
const itNoLapack = lapack ? it.skip : it;
const t = (v: number[][] | number[][][], dtype: th.DType = 'float32'): th.Tensor => th.tensor(v as number[][], { dtype });

describe('linalg without LAPACK', () => {
  itNoLapack('every LAPACK-backed function says how to get it, and bad input still gets its own error', () => {
    const a = t([[2, 1], [1, 3]]);
    const fns: [string, () => unknown][] = [
      ['linalg.inv', () => L.inv(a)],
      ['linalg.det', () => L.det(a)],
      ['linalg.slogdet', () => L.slogdet(a)],
      ['linalg.solve', () => L.solve(a, th.tensor([1, 2]))],
      ['torch.linalg.lstsq', () => L.lstsq(a, a)],
      ['linalg.cholesky', () => L.cholesky(a)],
      ['linalg.qr', () => L.qr(a)],
      ['linalg.svd', () => L.svd(a)],
      ['linalg.svd', () => L.svdvals(a)],
      ['linalg.eigh', () => L.eigh(a)],
      ['linalg.eigh', () => L.eigvalsh(a)],
      ['linalg.eig', () => L.eig(a)],
      ['linalg.eig', () => L.eigvals(a)],
      ['linalg.pinv', () => L.pinv(a)],
      ['linalg.matrix_rank', () => L.matrixRank(a)],
      ['linalg.inv', () => L.matrixPower(a, -1)],
    ];
    for (const [name, fn] of fns)
      expect(fn).toThrow(`${name}: TypeTorch was built without LAPACK (install liblapacke-dev and rebuild)`);
    expect(() => L.inv(th.tensor([[1, 2]], { dtype: 'int64' }))).toThrow('linalg.inv: A must be batches of square matrices, but they are 1 by 2 matrices');
    // what needs no LAPACK still works
    expect(L.vectorNorm(th.tensor([3, 4])).item()).toBeCloseTo(5, 6);
    expect(L.matrixNorm(a, 1).item()).toBeCloseTo(4, 6);
    expect(L.matrixPower(a, 2).toArray()).toEqual([[5, 5], [5, 10]]);
  });
  itLapack('this build has LAPACK', () => {
    expect(lapack).toBe(true);
  });
});

describe('linalg errors', () => {
  itLapack('singular and not positive-definite matrices name the batch element and the pivot', () => {
    expect(() => L.inv(t([[1, 2], [2, 4]]))).toThrow(
      'linalg.inv: The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular.',
    );
    expect(() => L.inv(t([[[1, 0], [0, 1]], [[1, 2], [2, 4]]]))).toThrow(
      'linalg.inv: (Batch element 1): The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular.',
    );
    expect(() => L.cholesky(t([[1, 2], [2, 1]]))).toThrow(
      'linalg.cholesky: The factorization could not be completed because the input is not positive-definite (the leading minor of order 2 is not positive-definite).',
    );
    expect(() => L.solve(th.zeros([2, 2, 2]), th.zeros([2, 2, 2]))).toThrow(
      'torch.linalg.solve: (Batch element 0): The solver failed because the input matrix is singular.',
    );
    expect(() => L.svd(t([[NaN, 1], [1, 1]]))).toThrow(
      'linalg.svd: The algorithm failed to converge because the input matrix contained non-finite values.',
    );
    expect(() => L.eig(t([[Infinity, 1], [1, 1]]))).toThrow('torch.linalg.eig: input tensor should not contain infs or NaNs.');
    expect(() => L.matrixPower(th.zeros([2, 2]), -1)).toThrow('linalg.inv: The diagonal element 1 is zero');
  });

  it('shapes, dims and dtypes are checked before anything else, with both shapes', () => {
    expect(() => L.inv(th.zeros([2, 3]))).toThrow('linalg.inv: A must be batches of square matrices, but they are 2 by 3 matrices');
    expect(() => L.det(th.zeros([3]))).toThrow('linalg.det: The input tensor A must have at least 2 dimensions.');
    expect(() => L.inv(th.zeros([2, 2], { dtype: 'int64' }))).toThrow('linalg.inv: Expected a floating point tensor as input. Got int64');
    expect(() => L.inv(th.zeros([2, 2], { dtype: 'float16' }))).toThrow('linalg.inv: Low precision dtypes not supported. Got float16');
    expect(() => L.solve(th.eye(3), th.ones([2, 2]))).toThrow('linalg.solve: Incompatible shapes of A and B for the equation AX = B (3x3 and 2x2)');
    expect(() => L.solve(th.eye(3), th.ones([2, 2]), { left: false })).toThrow(
      'linalg.solve: Incompatible shapes of A and B for the equation XA = B (3x3 and 2x2)',
    );
    expect(() => L.solve(th.eye(3).expand([2, 3, 3]), th.ones([4, 3, 2]))).toThrow(
      'The size of tensor a (2) must match the size of tensor b (4) at non-singleton dimension 0',
    );
    expect(() => L.solve(th.eye(3), th.ones([3], { dtype: 'float64' }))).toThrow(
      'linalg.solve: Expected A and B to have the same dtype, but found A of type float32 and B of type float64 instead',
    );
    expect(() => L.lstsq(th.zeros([2, 3]), th.zeros([3, 3]))).toThrow('torch.linalg.lstsq: input.size(-2) should match other.size(-2)');
    expect(() => L.lstsq(th.zeros([2, 3]), th.zeros([2, 3]), { driver: 'foo' as 'gels' })).toThrow(
      'torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)',
    );
    expect(() => L.qr(th.zeros([2, 3]), 'foo' as 'r')).toThrow(
      "qr received unrecognized mode 'foo' but expected one of 'reduced' (default), 'r', or 'complete'",
    );
    expect(() => L.eigh(th.eye(2), 'X' as 'L')).toThrow("Expected UPLO argument to be 'L' or 'U', but got X");
    expect(() => L.matrixNorm(th.ones([2, 2]), 3)).toThrow('linalg.matrix_norm: Order 3 not supported.');
    expect(() => L.matrixNorm(th.ones([2, 2]), 'fro', { dim: [0, 0] })).toThrow('linalg.matrix_norm: dims must be different. Got (0, 0)');
    expect(() => L.matrixNorm(th.ones([2, 2]), 'fro', { dim: [0, 2] })).toThrow(
      'Dimension out of range (expected to be in range of [-2, 1], but got 2)',
    );
    expect(() => L.vectorNorm(th.zeros([0, 2]), Infinity)).toThrow(
      'linalg.vector_norm cannot compute the inf norm on an empty tensor because the operation does not have an identity',
    );
    expect(() => L.vectorNorm(th.zeros([0, 2]), -1, { dim: 0 })).toThrow(
      'linalg.vector_norm cannot compute the -1 norm on the dimension 0 because this dimension is empty',
    );
    expect(() => L.vectorNorm(th.ones([3, 3]), 2, { dim: [0, 0] })).toThrow('dim 0 appears multiple times in the list of dims');
    expect(() => L.vectorNorm(th.ones([2], { dtype: 'int64' }))).toThrow('linalg.vector_norm: Expected a floating point tensor as input. Got int64');
    expect(() => L.vectorNorm(th.ones([2]), 2, { dtype: 'int32' })).toThrow('linalg.vector_norm: dtype should be floating point, but got int32');
    expect(() => L.matrixPower(th.zeros([2, 3]), 2)).toThrow(
      'linalg.matrix_power: A must be batches of square matrices, but they are 2 by 3 matrices',
    );
    expect(() => L.matrixPower(th.ones([2, 2], { dtype: 'int64' }), -1)).toThrow('linalg.inv: Expected a floating point tensor as input. Got int64');
    expect(() => L.inv(th.zeros([2, 2]).slice(0, 0, 1) as th.Tensor)).toThrow('linalg.inv: A must be batches of square matrices');
  });

  it('rejects an out= of the wrong dtype and disposed tensors', () => {
    const a = th.eye(2);
    expect(() => L.vectorNorm(a, 2, { out: th.empty([0], { dtype: 'float64' }) })).toThrow(
      'linalg.vector_norm: Expected out tensor to have dtype float32, but got float64 instead',
    );
    if (lapack)
      expect(() => L.inv(a, { out: th.empty([0], { dtype: 'float64' }) })).toThrow(
        'linalg.inv: Expected out tensor to have dtype float32, but got float64 instead',
      );
    const d = th.eye(2);
    d.dispose();
    expect(() => L.inv(d)).toThrow(/disposed/);
    expect(() => L.vectorNorm(d)).toThrow(/disposed/);
  });
});

describe('linalg results', () => {
  itLapack('out= is resized, written and returned; a mismatched layout is copied into', () => {
    const a = t([[4, 7], [2, 6]], 'float64');
    const out = th.empty([0], { dtype: 'float64' });
    const r = L.inv(a, { out });
    expect(r).toBe(out);
    expect(out.shape).toEqual([2, 2]);
    const want = [[0.6, -0.7], [-0.2, 0.4]];
    (out.toArray() as number[][]).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 12)));
    // a contiguous out of the right shape keeps its strides
    const out2 = th.zeros([2, 2], { dtype: 'float64' });
    L.inv(a, { out: out2 });
    expect(out2.stride()).toEqual([2, 1]);
    (out2.toArray() as number[][]).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 12)));
    // the input as out (in place)
    const b = a.clone();
    L.inv(b, { out: b });
    (b.toArray() as number[][]).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 12)));
    const dout = th.empty([0], { dtype: 'float64' });
    expect(L.det(a, { out: dout })).toBe(dout);
    expect(dout.item()).toBeCloseTo(10, 12);
  });

  itLapack('multi-result ops write into out= tensors and return them', () => {
    const a = t([[2, 1], [1, 3]], 'float64');
    const sign = th.empty([0], { dtype: 'float64' }), logabsdet = th.empty([0], { dtype: 'float64' });
    const r = L.slogdet(a, { out: { sign, logabsdet } });
    expect(r.sign).toBe(sign);
    expect(r.logabsdet).toBe(logabsdet);
    expect(logabsdet.item()).toBeCloseTo(Math.log(5), 12);
    const Q = th.empty([0], { dtype: 'float64' }), R = th.empty([0], { dtype: 'float64' });
    expect(L.qr(a, 'complete', { out: { Q, R } }).Q).toBe(Q);
    expect([Q.shape, R.shape]).toEqual([[2, 2], [2, 2]]);
    const U = th.empty([0], { dtype: 'float64' }), S = th.empty([0], { dtype: 'float64' }), Vh = th.empty([0], { dtype: 'float64' });
    L.svd(a, false, { out: { U, S, Vh } });
    expect(S.shape).toEqual([2]);
    expect((S.toArray() as number[])[0]).toBeCloseTo((5 + Math.sqrt(5)) / 2, 12);
    const w = th.empty([0], { dtype: 'float64' }), v = th.empty([0], { dtype: 'float64' });
    expect(L.eigh(a, 'L', { out: { eigenvalues: w, eigenvectors: v } }).eigenvalues).toBe(w);
    expect((w.toArray() as number[])[1]).toBeCloseTo((5 + Math.sqrt(5)) / 2, 12);
    const parts = [0, 1, 2, 3].map(() => th.empty([0], { dtype: 'float64' }));
    const e = L.eig(a, { out: { eigenvalues: { real: parts[0], imag: parts[1] }, eigenvectors: { real: parts[2], imag: parts[3] } } });
    expect(e.eigenvectors.imag).toBe(parts[3]);
    expect(parts[2].shape).toEqual([2, 2]);
    expect(() => L.slogdet(a, { out: { sign: th.empty([0]), logabsdet } })).toThrow(
      'linalg.slogdet: Expected out tensor to have dtype float64, but got float32 instead',
    );
  });

  itLapack("PyTorch's positional forms: svd(A, false), lstsq(A, B, rcond), norms' dim", () => {
    const a = th.tensor([[1, 2], [3, 4], [5, 6]], { dtype: 'float64' });
    expect(L.svd(a, false).U.shape).toEqual([3, 2]);
    expect(L.svd(a).U.shape).toEqual([3, 3]);
    expect(L.svd(a, { fullMatrices: false }).U.shape).toEqual([3, 2]);
    const b = th.tensor([1, 2, 2], { dtype: 'float64' });
    expect(L.lstsq(a, b, 1e-3, { driver: 'gelsd' }).rank.item()).toBe(2);
    expect(L.lstsq(a, b, 0.5, { driver: 'gelsd' }).rank.item()).toBe(1);
    expect(L.lstsq(a, b, { driver: 'gelsd', rcond: 0.5 }).rank.item()).toBe(1);
    expect(L.vectorNorm(a, 1, 0).toArray()).toEqual([9, 12]);
    expect(L.vectorNorm(a, 1, 0, { keepdim: true }).shape).toEqual([1, 2]);
    expect(L.matrixNorm(a.unsqueeze(0), 1, [1, 2]).toArray()).toEqual([12]);
    expect(L.matrixNorm(a, 1, [1, 0], { keepdim: true }).toArray()).toEqual([[11]]);
  });

  itLapack("matrix results have PyTorch's column-major layout", () => {
    const a = th.tensor([[[4, 1, 0], [1, 3, 1], [0, 1, 2]]], { dtype: 'float32' });
    expect(L.inv(a).stride()).toEqual([9, 1, 3]);
    expect(L.cholesky(a).stride()).toEqual([9, 1, 3]);
    const { Q, R } = L.qr(th.ones([2, 4, 3]));
    expect(Q.stride()).toEqual([12, 1, 4]);
    expect(R.stride()).toEqual([9, 1, 3]);
    const { U, S, Vh } = L.svd(th.ones([2, 4, 3]), { fullMatrices: false });
    expect([U.stride(), S.stride(), Vh.stride()]).toEqual([[12, 1, 4], [3, 1], [9, 1, 3]]);
    expect(L.eigh(a).eigenvectors.stride()).toEqual([9, 1, 3]);
    expect(L.pinv(th.ones([2, 4, 3])).stride()).toEqual([12, 4, 1]);
    expect(L.solve(a, th.ones([1, 3, 2])).stride()).toEqual([6, 1, 3]);
    // lstsq's solution is the first n rows of LAPACK's max(m, n)-row buffer, as in PyTorch
    expect(L.lstsq(th.ones([2, 5, 3]), th.ones([2, 5])).solution.stride()).toEqual([5, 1]);
    const wide = L.lstsq(th.ones([3, 5]), th.ones([3, 2])).solution;
    expect([wide.shape, wide.stride()]).toEqual([[5, 2], [1, 5]]);
  });

  itLapack('Tensor methods: inverse, det, slogdet, logdet, pinverse, matrixPower', () => {
    const a = t([[2, 1], [1, 3]], 'float64');
    expect(a.det().item()).toBeCloseTo(5, 12);
    const { sign, logabsdet } = a.slogdet();
    expect(sign.item()).toBe(1);
    expect(logabsdet.item()).toBeCloseTo(Math.log(5), 12);
    const inv = a.inverse().toArray() as number[][];
    expect(inv[0][0]).toBeCloseTo(0.6, 12);
    expect(inv[0][1]).toBeCloseTo(-0.2, 12);
    const pinv = a.pinverse().toArray() as number[][];
    expect(pinv[1][1]).toBeCloseTo(0.4, 12);
    expect(a.matrixPower(-1).toArray()).toEqual(a.inverse().toArray());
    expect(a.matrixPower(3).toArray()).toEqual([[15, 20], [20, 35]]);
    // logdet as torch 1.13: [nan, 1.7918, -inf]
    const ld = th.tensor([[[0, 1], [1, 0]], [[2, 0], [0, 3]], [[0, 0], [0, 1]]]).logdet().toArray() as number[];
    expect(ld[0]).toBeNaN();
    expect(ld[1]).toBeCloseTo(Math.log(6), 6);
    expect(ld[2]).toBe(-Infinity);
  });

  itLapack('eig returns real and imaginary parts: a rotation has eigenvalues +-2i', () => {
    const { eigenvalues, eigenvectors } = L.eig(t([[0, -2], [2, 0]], 'float64'));
    expect(eigenvalues.real.toArray()).toEqual([0, 0]);
    const imag = eigenvalues.imag.toArray() as number[];
    expect(imag[0]).toBeCloseTo(2, 12);
    expect(imag[1]).toBeCloseTo(-2, 12);
    expect(eigenvectors.real.dtype).toBe('float64');
    expect(eigenvectors.imag.shape).toEqual([2, 2]);
  });

  it('norm picks vector or matrix norms as PyTorch does', () => {
    const a = t([[3, 0], [0, -4]]);
    expect(L.norm(a).item()).toBeCloseTo(5, 6); // 2-norm of all elements
    expect(L.norm(a, Infinity).item()).toBeCloseTo(4, 6); // matrix inf norm
    expect(L.norm(a, 1, { dim: 0 }).toArray()).toEqual([3, 4]);
    expect(() => L.norm(th.ones([2, 2, 2]), 'fro')).toThrow('the input must be 1D or 2D');
  });

  it('vectorNorm is the same with one thread and two on a long vector (fixed chunk order)', () => {
    const x = th.arange(200000, { dtype: 'float32' }).mul(1e-3).sin();
    const n0 = th.getNumThreads();
    th.setNumThreads(1);
    const one = L.vectorNorm(x).item();
    th.setNumThreads(2);
    const two = L.vectorNorm(x).item();
    th.setNumThreads(n0);
    expect(two).toBe(one);
  });
});
