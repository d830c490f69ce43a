// The linalg namespace: values and gradients against PyTorch (fixtures), gradcheck for every
// function, gradgradcheck for those with simple backward formulas, node names, errors.
import * as ag from '@typetorch/autograd';
import * as linalg from '../ts/ops/linalg';
import { gradgradcheck, leaf, loadCases, runCase, spdOf, square, symOf } from './linalg-utils';
import { LINALG_OPS } from './linalg_ops';

type T = ag.Tensor;
const { gradcheck } = ag;

// ---- PyTorch fixtures ----


describe('PyTorch fixtures (values and gradients)', () => {
  const cases = loadCases(LINALG_OPS);
  test('the fixture has cases for every op', () => {
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(Object.keys(LINALG_OPS)));
  });
  test.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => runCase(c, LINALG_OPS[c.op]));
});

// ---- gradcheck: every function ----

type Check = [string, (...xs: T[]) => T | T[], () => T[]];
const qrParts = (A: T, mode: 'reduced' | 'complete' = 'reduced') => {
  const { Q, R } = linalg.qr(A, mode);
  return [Q, R];
};

const GRADCHECKS: Check[] = [
  ['inv (batched)', (a) => linalg.inv(a), () => [square(3, 1, [2])]],
  ['det', (a) => linalg.det(a), () => [square(3, 2)]],
  ['det of singular matrices (adjugate), batched with a regular one', (a) => linalg.det(a), () => [
    ag.tensor([[[1, 2], [2, 4]], [[1, 0], [0, 0]], [[2, 1], [-1, 3]]], { dtype: 'float64' }).requiresGrad_(true),
  ]],
  ['slogdet', (a) => linalg.slogdet(a).logabsdet, () => [square(3, 3, [2])]],
  ['logdet', (x) => linalg.logdet(spdOf(x)), () => [leaf([3, 3], 3)]],
  ['solve', (a, b) => linalg.solve(a, b), () => [square(3, 4), leaf([3, 2], 5)]],
  ['solve: batch of vectors', (a, b) => linalg.solve(a, b), () => [square(3, 4, [2]), leaf([2, 3], 5)]],
  ['solve: broadcast batch dims', (a, b) => linalg.solve(a, b), () => [square(2, 4, [2, 1]), leaf([3, 2, 1], 5)]],
  ['solve: left false', (a, b) => linalg.solve(a, b, { left: false }), () => [square(3, 4), leaf([2, 3], 5)]],
  ['cholesky', (x) => linalg.cholesky(spdOf(x)), () => [leaf([3, 3], 6)]],
  ['cholesky upper (batched)', (x) => linalg.cholesky(spdOf(x), { upper: true }), () => [leaf([2, 3, 3], 6)]],
  ['qr tall', (a) => qrParts(a), () => [leaf([4, 3], 7)]],
  ['qr wide', (a) => qrParts(a), () => [leaf([3, 4], 8)]],
  ['qr complete wide', (a) => qrParts(a, 'complete'), () => [leaf([2, 3], 8)]],
  ['qr: Q only', (a) => linalg.qr(a).Q, () => [leaf([4, 3], 7)]],
  ['qr: R only', (a) => linalg.qr(a).R, () => [leaf([3, 4], 8)]],
  ['svd: U diag(S) Vh (tall)', (a) => {
    const { U, S, Vh } = linalg.svd(a, false);
    return U.mul(S.unsqueeze(-2)).matmul(Vh);
  }, () => [leaf([4, 3], 9)]],
  ['svd: projections U U^T, V V^T and S (wide)', (a) => {
    const { U, S, Vh } = linalg.svd(a, false);
    return [U.matmul(U.mT), Vh.mT.matmul(Vh), S];
  }, () => [leaf([3, 4], 10)]],
  ['svd: projections, full matrices (tall)', (a) => {
    const { U, S } = linalg.svd(a);
    const Uk = U.narrow(-1, 0, 2);
    return [Uk.matmul(Uk.mT), S];
  }, () => [leaf([4, 2], 10)]],
  ['svd: |U|^2 only (batched square)', (a) => {
    const { U } = linalg.svd(a, false);
    return U.mul(U);
  }, () => [leaf([2, 3, 3], 11)]],
  ['svdvals', (a) => linalg.svdvals(a), () => [leaf([3, 4], 11)]],
  ['eigh: eigenvalues and |V|^2', (x) => {
    const { eigenvalues, eigenvectors } = linalg.eigh(symOf(x));
    return [eigenvalues, eigenvectors.mul(eigenvectors)];
  }, () => [leaf([3, 3], 12)]],
  ['eigh: V diag(L) V^T (batched, UPLO U)', (x) => {
    const { eigenvalues, eigenvectors: V } = linalg.eigh(symOf(x), 'U');
    return V.mul(eigenvalues.unsqueeze(-2)).matmul(V.mT);
  }, () => [leaf([2, 3, 3], 13)]],
  ['eigvalsh', (x) => linalg.eigvalsh(symOf(x)), () => [leaf([3, 3], 12)]],
  ['pinv wide', (a) => linalg.pinv(a), () => [leaf([3, 4], 13)]],
  ['pinv tall (batched)', (a) => linalg.pinv(a), () => [leaf([2, 4, 3], 13)]],
  ['pinv hermitian', (x) => linalg.pinv(spdOf(x), { hermitian: true }), () => [leaf([3, 3], 13)]],
  ['lstsq', (a, b) => linalg.lstsq(a, b).solution, () => [leaf([4, 3], 14), leaf([4, 2], 15)]],
  ['lstsq: vector B', (a, b) => linalg.lstsq(a, b).solution, () => [leaf([4, 3], 14), leaf([4], 15)]],
  ['lstsq: broadcast batch dims', (a, b) => linalg.lstsq(a, b).solution, () => [leaf([1, 3, 2], 14), leaf([2, 3, 1], 15)]],
  ...[2, 1, 3, 0.5, Infinity, -Infinity].map(
    (ord): Check => [`vectorNorm ord ${ord}`, (x) => linalg.vectorNorm(x, ord, 1), () => [leaf([2, 3], 16)]],
  ),
  ['vectorNorm: all elements, keepdim', (x) => linalg.vectorNorm(x, 2, null, { keepdim: true }), () => [leaf([2, 3], 16)]],
  ...(['fro', 'nuc', 2, -2, 1, -1, Infinity, -Infinity] as linalg.MatrixNormOrd[]).map(
    (ord): Check => [`matrixNorm ord ${ord}`, (x) => linalg.matrixNorm(x, ord), () => [leaf([2, 3, 4], 17)]],
  ),
  ['matrixNorm: dims [2, 0], keepdim', (x) => linalg.matrixNorm(x, 'nuc', [2, 0], { keepdim: true }), () => [leaf([3, 2, 4], 17)]],
  ['norm: vector', (x) => linalg.norm(x), () => [leaf([4], 18)]],
  ['norm: matrix 2', (x) => linalg.norm(x, 2), () => [leaf([3, 3], 18)]],
  ...[-3, -1, 0, 1, 2, 5].map((n): Check => [`matrixPower ${n}`, (a) => linalg.matrixPower(a, n), () => [square(2, 18, [2])]]),
  ['linalg.cross (broadcast)', (a, b) => linalg.cross(a, b), () => [leaf([2, 3], 19), leaf([1, 3], 20)]],
];

describe('gradcheck', () => {
  test.each(GRADCHECKS)('%s', (_name, fn, inputs) => {
    expect(gradcheck(fn, inputs())).toBe(true);
  });
});

// ---- gradgradcheck: the formulas written with differentiable ops ----

const GRADGRADCHECKS: Check[] = [
  ['inv', (a) => linalg.inv(a), () => [square(2, 1, [2])]],
  ['det', (a) => linalg.det(a), () => [square(3, 2)]],
  ['slogdet', (a) => linalg.slogdet(a).logabsdet, () => [square(3, 3)]],
  ['solve', (a, b) => linalg.solve(a, b), () => [square(2, 4), leaf([2, 2], 5)]],
  ['cholesky', (x) => linalg.cholesky(spdOf(x)), () => [leaf([2, 2], 6)]],
  ['qr', (a) => qrParts(a), () => [leaf([3, 2], 7)]],
  ['svdvals', (a) => linalg.svdvals(a), () => [leaf([2, 3], 11)]],
  ['eigvalsh', (x) => linalg.eigvalsh(symOf(x)), () => [leaf([3, 3], 12)]],
  ['pinv', (a) => linalg.pinv(a), () => [leaf([2, 3], 13)]],
  ['vectorNorm', (x) => linalg.vectorNorm(x, 3, 1), () => [leaf([2, 3], 16)]],
  ['matrixNorm fro', (x) => linalg.matrixNorm(x), () => [leaf([2, 3], 17)]],
  ['matrixPower -2', (a) => linalg.matrixPower(a, -2), () => [square(2, 18)]],
];

describe('gradgradcheck', () => {
  test.each(GRADGRADCHECKS)('%s', (_name, fn, inputs) => {
    expect(gradgradcheck(fn, inputs())).toBe(true);
  });
});

// ---- the tape ----

describe('recorded nodes', () => {
  const A = () => square(3, 30);
  const names: [string, () => T][] = [
    ['LinalgInvExBackward0', () => linalg.inv(A())],
    ['LinalgDetBackward0', () => linalg.det(A())],
    ['LinalgSlogdetBackward0', () => linalg.slogdet(A()).logabsdet],
    ['LinalgSolveExBackward0', () => linalg.solve(A(), leaf([3, 2], 31))],
    ['LinalgCholeskyExBackward0', () => linalg.cholesky(spdOf(A()))],
    ['LinalgQrBackward0', () => linalg.qr(A()).R],
    ['LinalgSvdBackward0', () => linalg.svd(A()).S],
    ['LinalgSvdBackward0', () => linalg.svdvals(A())],
    ['LinalgEighBackward0', () => linalg.eigh(A()).eigenvectors],
    ['LinalgEighBackward0', () => linalg.eigvalsh(A())],
    ['LinalgPinvBackward0', () => linalg.pinv(A())],
    ['LinalgLstsqBackward0', () => linalg.lstsq(A(), leaf([3], 32)).solution],
    ['LinalgVectorNormBackward0', () => linalg.vectorNorm(A())],
    ['LinalgVectorNormBackward0', () => linalg.matrixNorm(A())],
    ['LinalgCrossBackward0', () => linalg.cross(leaf([3], 33), leaf([3], 34))],
  ];
  test.each(names)('%s', (name, make) => {
    expect(make().gradFn!.name).toBe(name);
  });

  test('slogdet: both results come from one node; the sign gets no gradient', () => {
    const a = square(3, 35);
    const { sign, logabsdet } = linalg.slogdet(a);
    expect(sign.gradFn).toBe(logabsdet.gradFn);
    expect(sign.outputNr).toBe(0);
    expect(logabsdet.outputNr).toBe(1);
    const [g] = ag.grad([sign.sum()], [a], { allowUnused: true });
    expect(g).toBeNull();
  });

  test('nothing is recorded without requiresGrad or under noGrad', () => {
    const plain = square(3, 36).detach();
    expect(linalg.inv(plain).requiresGrad).toBe(false);
    const a = square(3, 36);
    ag.noGrad(() => {
      for (const r of [linalg.inv(a), linalg.svdvals(a), linalg.eigvalsh(a), linalg.det(a)]) expect(r.gradFn).toBeNull();
    });
  });

  test('svdvals and eigvalsh give the same values with and without recording', () => {
    const a = square(3, 37);
    const sym = symOf(a).detach();
    const close = (x: T, y: T) => expect(x.sub(y).abs().amax().item()).toBeLessThan(1e-12);
    close(linalg.svdvals(a), ag.noGrad(() => linalg.svdvals(a)));
    close(linalg.eigvalsh(sym.requiresGrad_(true)), ag.noGrad(() => linalg.eigvalsh(sym)));
  });

  test('a saved result modified in place makes backward throw', () => {
    const a = square(2, 38);
    const b = linalg.inv(a);
    b.mul_(2);
    expect(() => b.sum().backward()).toThrow(/modified by an inplace operation/);
  });

  test('float32 inputs get float32 gradients', () => {
    const a = square(3, 39).detach().to('float32').requiresGrad_(true);
    linalg.det(a).backward();
    expect(a.grad!.dtype).toBe('float32');
    // d det / dA = det(A) A^{-T}
    const want = linalg.inv(a.detach()).mT.mul(linalg.det(a.detach()));
    expect(a.grad!.sub(want).abs().amax().item()).toBeLessThan(1e-4);
  });

  test('Tensor methods: inverse, det, slogdet, logdet, pinverse, matrixPower', () => {
    const a = square(3, 40);
    const same = (x: T, y: T) => expect(x.sub(y).abs().amax().item()).toBe(0);
    same(a.inverse(), linalg.inv(a));
    same(a.det(), linalg.det(a));
    same(a.slogdet().logabsdet, linalg.slogdet(a).logabsdet);
    same(a.logdet(), linalg.logdet(a));
    same(a.pinverse(), linalg.pinv(a, { rtol: 1e-15 }));
    same(a.matrixPower(3), linalg.matrixPower(a, 3));
    expect(a.inverse().gradFn!.name).toBe('LinalgInvExBackward0');
  });

  test('norms and lstsq take dim / rcond positionally (PyTorch) or in the options (TH)', () => {
    const x = leaf([2, 3, 4], 42);
    const same = (p: T, q: T) => {
      expect(p.shape).toEqual(q.shape);
      expect(p.sub(q).abs().amax().item()).toBe(0);
    };
    same(linalg.vectorNorm(x, 3, { dim: 1, keepdim: true }), linalg.vectorNorm(x, 3, 1, { keepdim: true }));
    same(linalg.matrixNorm(x, 'nuc', { dim: [0, 2] }), linalg.matrixNorm(x, 'nuc', [0, 2]));
    same(linalg.norm(x, 2, { dim: [1, 2], keepdim: true }), linalg.norm(x, 2, [1, 2], { keepdim: true }));
    const a = leaf([4, 2], 43);
    const b = leaf([4, 1], 44);
    same(linalg.lstsq(a, b, { rcond: 1e-10, driver: 'gelsd' }).solution, linalg.lstsq(a, b, 1e-10, { driver: 'gelsd' }).solution);
  });

  test('matrixPower 0: identities that require grad, with a zero gradient', () => {
    const a = square(2, 41, [3]);
    const r = linalg.matrixPower(a, 0);
    expect(r.toArray()).toEqual([[[1, 0], [0, 1]], [[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
    expect(r.requiresGrad).toBe(true);
    r.sum().backward();
    expect(a.grad!.abs().sum().item()).toBe(0);
  });
});

// ---- errors ----

describe('errors', () => {
  const singular = () => ag.tensor([[1, 2], [2, 4]], { dtype: 'float64', requiresGrad: true });
  const cases: [string, () => unknown, RegExp][] = [
    ['inv of a non-square matrix', () => linalg.inv(leaf([2, 3], 50)), /square matrices, but they are 2 by 3/],
    ['inv of a singular matrix', () => linalg.inv(singular()), /singular/],
    ['solve with a singular matrix', () => linalg.solve(singular(), leaf([2], 51)), /singular/],
    ['solve with a non-square matrix', () => linalg.solve(leaf([2, 3], 50), leaf([2], 51)), /square/],
    ['det of a non-square matrix', () => linalg.det(leaf([3, 2], 52)), /square matrices/],
    ['cholesky of a matrix that is not positive-definite', () => linalg.cholesky(singular()), /positive-definite/],
    ['eigh of a non-square matrix', () => linalg.eigh(leaf([2, 3], 53)), /square/],
    ['matrixPower of a non-square matrix', () => linalg.matrixPower(leaf([2, 3], 53), 2), /square/],
    ['matrixPower with a fractional exponent', () => linalg.matrixPower(square(2, 53), 0.5), /integer/],
    ['inv of an integer tensor', () => linalg.inv(ag.tensor([[1, 0], [0, 1]], { dtype: 'int64' })), /floating point/],
    ['matrixNorm of a vector', () => linalg.matrixNorm(leaf([3], 54)), /at least 2 dimensions/],
    ['matrixNorm with an unknown ord', () => linalg.matrixNorm(leaf([2, 2], 54), 3), /not supported/],
    ['norm with a string ord and one dim', () => linalg.norm(leaf([2, 2], 54), 'nuc', 1), /needs a 2-D input/],
    ['a non-tensor argument', () => linalg.inv([[1, 0], [0, 1]] as unknown as T), /must be a Tensor/],
  ];
  test.each(cases)('%s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });

  test("qr mode 'r' records, but its gradient throws (as in PyTorch)", () => {
    const a = leaf([3, 3], 55);
    const { R } = linalg.qr(a, 'r');
    expect(R.requiresGrad).toBe(true);
    expect(() => R.sum().backward()).toThrow(/mode='r'/);
  });

  test("qr mode 'complete' of a tall matrix: its gradient throws", () => {
    const { Q } = linalg.qr(leaf([3, 2], 56), 'complete');
    expect(() => Q.sum().backward()).toThrow(/not differentiable when mode='complete'/);
  });
});
