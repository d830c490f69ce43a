// einsum, tensordot, kron, trace, tril/triu, diag, diagEmbed, cross: values and gradients against
// PyTorch (fixtures), gradcheck and gradgradcheck, in-place forms, node names, errors.
import * as ag from '@typetorch/autograd';
import { cross, diag, diagEmbed, einsum, kron, tensordot, trace, tril, triu } from '../ts/ops/tensor_algebra';
import type { TensordotDims } from '../ts/ops/tensor_algebra';
import { FixtureOp, gradgradcheck, leaf, loadCases, runCase } from './linalg-utils';

type T = ag.Tensor;
const { gradcheck } = ag;

// ---- PyTorch fixtures ----

/** The fixture's op names (tools/fixtures/gen_autograd_linalg.py's OPS) as TypeTorch calls. */
const OPS: Record<string, FixtureOp> = {
  einsum: (xs, kw) => [einsum(kw.equation as string, ...xs)],
  tensordot: ([a, b], kw) => [tensordot(a, b, kw.dims as TensordotDims)],
  kron: ([a, b]) => [kron(a, b)],
  trace: ([a]) => [trace(a)],
  tril: ([a], kw) => [tril(a, kw.diagonal as number)],
  triu: ([a], kw) => [triu(a, kw.diagonal as number)],
  diag: ([a], kw) => [diag(a, kw.diagonal as number)],
  diagEmbed: ([a], kw) => [diagEmbed(a, kw.offset as number | undefined, kw.dim1 as number | undefined, kw.dim2 as number | undefined)],
  cross: ([a, b], kw) => [cross(a, b, (kw.dim as number | undefined) ?? null)],
};

describe('PyTorch fixtures (values and gradients)', () => {
  const cases = loadCases(OPS);
  test('the fixture has cases for every op', () => {
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(Object.keys(OPS)));
  });
  test.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => runCase(c, OPS[c.op]));
});

// ---- gradcheck and gradgradcheck ----

type Check = [string, (...xs: T[]) => T | T[], () => T[]];
const CHECKS: Check[] = [
  ['einsum matrix product', (a, b) => einsum('ij,jk->ik', a, b), () => [leaf([2, 3], 1), leaf([3, 2], 2)]],
  ['einsum batched, operands as an array', (a, b) => einsum('bij,bjk->bik', [a, b]), () => [leaf([2, 2, 3], 3), leaf([2, 3, 2], 4)]],
  ['einsum diagonal and ellipsis', (a, b) => einsum('ii,i...->...', a, b), () => [leaf([3, 3], 5), leaf([3, 2], 6)]],
  ['einsum broadcast ellipsis', (a, b) => einsum('...ij,jk', a, b), () => [leaf([2, 2, 3], 7), leaf([3, 2], 8)]],
  ['einsum size-1 broadcast', (a, b) => einsum('ij,ij->ij', a, b), () => [leaf([2, 1], 9), leaf([2, 3], 10)]],
  ['einsum three operands', (a, b, c) => einsum('ij,jk,kl->il', a, b, c), () => [leaf([2, 2], 11), leaf([2, 3], 12), leaf([3, 2], 13)]],
  ['einsum trace', (a) => einsum('ii', a), () => [leaf([3, 3], 14)]],
  ['einsum with a 0-d operand', (v, s) => einsum('i,->i', v, s), () => [leaf([3], 14), leaf([], 15)]],
  ['tensordot dims 1', (a, b) => tensordot(a, b, 1), () => [leaf([2, 3], 15), leaf([3, 2], 16)]],
  ['tensordot dim lists', (a, b) => tensordot(a, b, [[0, 2], [1, 0]]), () => [leaf([2, 2, 3], 17), leaf([3, 2, 2], 18)]],
  ['kron', (a, b) => kron(a, b), () => [leaf([2, 2], 19), leaf([3], 20)]],
  ['trace', (a) => a.trace(), () => [leaf([2, 3], 21)]],
  ['tril and triu', (a) => [a.tril(-1), a.triu(1)], () => [leaf([2, 3, 3], 22)]],
  ['diag of a vector and of a matrix', (a, b) => [a.diag(1), b.diag(-1)], () => [leaf([2], 23), leaf([3, 3], 24)]],
  ['diagEmbed', (a) => a.diagEmbed(1, 0, 2), () => [leaf([2, 3], 25)]],
  ['cross (broadcast)', (a, b) => a.cross(b, -1), () => [leaf([2, 3], 26), leaf([1, 3], 27)]],
  ['cross (first dim of size 3)', (a, b) => a.cross(b), () => [leaf([3, 2], 28), leaf([3, 2], 29)]],
];

describe('gradcheck', () => {
  test.each(CHECKS)('%s', (_name, fn, inputs) => {
    expect(gradcheck(fn, inputs())).toBe(true);
  });
});

describe('gradgradcheck', () => {
  // kept to one of each kind: every op here is composed or has a linear backward
  const picks = ['einsum batched, operands as an array', 'einsum diagonal and ellipsis', 'tensordot dim lists', 'kron', 'trace', 'tril and triu', 'diag of a vector and of a matrix', 'diagEmbed', 'cross (broadcast)'];
  test.each(CHECKS.filter(([name]) => picks.includes(name)))('%s', (_name, fn, inputs) => {
    expect(gradgradcheck(fn, inputs())).toBe(true);
  });
});

// ---- behaviour ----

describe('tensor algebra', () => {
  const close = (x: T, y: T) => expect(x.sub(y).abs().amax().item()).toBeLessThan(1e-12);

  test('einsum agrees with matmul, sum, diagonal and transpose', () => {
    const a = leaf([2, 3, 4], 30);
    const b = leaf([2, 4, 2], 31);
    const s = leaf([3, 3], 32);
    close(einsum('bij,bjk->bik', a, b), a.matmul(b));
    close(einsum('bij->', a), a.sum());
    close(einsum('ii->i', s), s.diagonal());
    close(einsum('ij->ji', s), s.t());
    close(einsum('bij->jbi', a), a.permute(2, 0, 1));
  });

  test('einsum returns a new tensor even when it only relabels one operand', () => {
    const a = leaf([2, 2], 38);
    const r = einsum('ij->ij', a);
    expect(r).not.toBe(a);
    close(r, a);
    const s = leaf([], 39);
    expect(einsum('->', s)).not.toBe(s);
  });

  test('tensordot agrees with einsum', () => {
    const a = leaf([2, 3, 4], 33);
    const b = leaf([4, 3, 2], 34);
    close(tensordot(a, b, [[1, 2], [1, 0]]), einsum('ijk,kjl->il', a, b));
    close(tensordot(a, b.permute(1, 0, 2), 2), einsum('ijk,jkl->il', a, b.permute(1, 0, 2)));
  });

  test('tril_ / triu_ record in place: the gradient is the triangle', () => {
    const x = leaf([3, 3], 35);
    const y = x.mul(1);
    y.tril_();
    expect(y.gradFn!.name).toBe('TrilBackward0');
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([[1, 0, 0], [1, 1, 0], [1, 1, 1]]);
    const z = leaf([2, 3], 36).detach();
    const upper = z.triu(1);
    z.triu_(1);
    expect(z.toArray()).toEqual(upper.toArray());
    expect((z.toArray() as number[][])[1].slice(0, 2)).toEqual([0, 0]);
  });

  test('tril_ on a leaf that requires grad throws', () => {
    expect(() => leaf([2, 2], 37).tril_()).toThrow(/leaf Variable that requires grad/);
  });

  const names: [string, () => T][] = [
    ['TrilBackward0', () => leaf([2, 2], 40).tril()],
    ['TriuBackward0', () => leaf([2, 2], 40).triu()],
    ['TraceBackward0', () => leaf([2, 2], 40).trace()],
    ['DiagEmbedBackward0', () => leaf([2], 40).diagEmbed()],
    ['DiagEmbedBackward0', () => leaf([2], 40).diag()],
    ['LinalgCrossBackward0', () => leaf([3], 40).cross(leaf([3], 41))],
  ];
  test.each(names)('%s', (name, make) => {
    expect(make().gradFn!.name).toBe(name);
  });

  test('einsum is composed from recorded ops (no einsum node)', () => {
    const r = einsum('ij,jk->ik', leaf([2, 3], 42), leaf([3, 2], 43));
    const seen = new Set<string>();
    const walk = (n: ag.Node | null) => {
      if (n === null || seen.has(n.name)) return;
      seen.add(n.name);
      for (const e of n.next) if (e) walk(e[0]);
    };
    walk(r.gradFn);
    expect(seen.has('BmmBackward0')).toBe(true);
  });

  test('function forms and methods agree', () => {
    const a = leaf([3, 3], 44);
    const b = leaf([3, 3], 45);
    close(kron(a, b), a.kron(b));
    close(trace(a), a.trace());
    close(diag(a, 1), a.diag(1));
    close(cross(a, b, 0), a.cross(b, 0));
  });
});

describe('errors', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['einsum: a label with two sizes', () => einsum('ij,jk->ik', leaf([2, 3], 50), leaf([2, 2], 51)), /subscript j has size 2 for operand 1/],
    ['einsum: more operands than terms', () => einsum('i->i', leaf([2], 50), leaf([2], 51)), /more operands were provided/],
    ['einsum: fewer operands than terms', () => einsum('i,i->i', leaf([2], 50)), /fewer operands were provided/],
    ['einsum: a repeated output label', () => einsum('i->ii', leaf([2], 50)), /appears more than once in the output/],
    ['einsum: an output label not in the inputs', () => einsum('i->j', leaf([2], 50)), /does not appear in the equation/],
    ['einsum: too few labels for the dims', () => einsum('i->i', leaf([2, 2], 50)), /does not match the number of dimensions/],
    ['einsum: two ellipses in a term', () => einsum('......->', leaf([2], 50)), /more than one ellipsis/],
    ['einsum: a stray dot', () => einsum('i.->i', leaf([2], 50)), /not part of any ellipsis/],
    ['einsum: a non-letter label', () => einsum('i1->i', leaf([2, 2], 50)), /subscripts must be in \[a-zA-Z\]/],
    ['einsum: a repeated label with two sizes', () => einsum('ii->i', leaf([2, 3], 50)), /repeated for operand 0 but the sizes don't match/],
    ['einsum: no operands', () => einsum('->'), /at least one operand/],
    ['tensordot: mismatched sizes', () => tensordot(leaf([2, 3], 50), leaf([2, 3], 51), 1), /contracted dimensions need to match/],
    ['tensordot: lists of different lengths', () => tensordot(leaf([2, 3], 50), leaf([2, 3], 51), [[0, 1], [0]]), /same length/],
    ['trace of a 3-D tensor', () => leaf([2, 2, 2], 52).trace(), /expected a matrix/],
    ['tril of a vector', () => leaf([2], 52).tril(), /at least 2 dimensions/],
    ['diag of a 3-D tensor', () => leaf([2, 2, 2], 52).diag(), /Supports 1D or 2D tensors/],
    ['cross without a dim of size 3', () => leaf([2, 2], 53).cross(leaf([2, 2], 54)), /no dimension of size 3/],
    ['cross along a dim not of size 3', () => leaf([2, 3], 53).cross(leaf([2, 3], 54), 0), /must have length 3/],
    ['kron with a non-tensor', () => kron(leaf([2], 55), 2 as unknown as T), /must be a Tensor/],
  ];
  test.each(cases)('%s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });
});
