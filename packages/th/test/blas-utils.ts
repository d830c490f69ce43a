// Helpers for the matrix-product fixture tests (blas*.test.ts): building inputs (the "pat" form of
// tools/fixtures/gen_th_blas.py), calling the op a case names, and comparing with PyTorch.
import * as th from '@typetorch/th';
import { FixtureCase, TensorSpec, applyView, buildTensor, decode, tensorCaseProblems, tensorProblems, isError } from './fixture-utils';

export interface BlasSpec extends TensorSpec {
  /** data[i] = (i * mul) % mod + add */
  pat?: [number, number, number];
}

export function buildBlasTensor(spec: BlasSpec): th.Tensor {
  if (!spec.pat) return buildTensor(spec);
  const [mul, mod, add] = spec.pat;
  const n = spec.shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, (_, i) => ((i * mul) % mod) + add);
  let t = th.tensor(values, { dtype: spec.dtype }).reshape(spec.shape);
  for (const v of spec.views ?? []) t = applyView(t, v);
  return t;
}

type Kw = Record<string, unknown>;
type Fn = (...args: unknown[]) => th.Tensor;

/** The call a case describes (inputs built outside it, so that their errors are not mistaken for the op's). */
export function prepareBlas(c: FixtureCase): () => th.Tensor {
  const args = (c.args as BlasSpec[]).map(buildBlasTensor);
  const kw = (c.kwargs ?? {}) as Kw;
  const out = c.out ? buildBlasTensor(c.out as BlasSpec) : undefined;
  const [a, b, d] = args;
  const inplace = c.mode === 'inplace';
  const method = (name: string): Fn => {
    const f = (a as unknown as Record<string, Fn>)[name];
    if (typeof f !== 'function') throw new Error(`fixture ${c.id}: no Tensor method ${name}`);
    return f.bind(a);
  };
  const ab = { beta: kw.beta as number | undefined, alpha: kw.alpha as number | undefined };
  switch (c.op) {
    case 'mm':
    case 'matmul':
    case 'bmm':
    case 'mv':
    case 'dot':
    case 'vdot':
    case 'outer':
    case 'ger':
    case 'kron': {
      const f = (th as unknown as Record<string, Fn>)[c.op];
      return () => f(a, b, out ? { out } : undefined);
    }
    case 'addmm':
    case 'addmv':
    case 'addr':
    case 'baddbmm':
    case 'addbmm':
      if (inplace) return () => method(`${c.op}_`)(b, d, ab);
      return () => (th as unknown as Record<string, Fn>)[c.op](a, b, d, { ...ab, out });
    case 'tensordot':
      return () => th.tensordot(a, b, kw.dims as number | [number[], number[]], out ? { out } : undefined);
    case 'einsum':
      return () => th.einsum(kw.equation as string, ...args);
    case 'trace':
      return () => a.trace();
    case 'tril':
    case 'triu':
    case 'diag':
      if (inplace) return () => method(`${c.op}_`)(kw.diagonal as number | undefined);
      return () => method(c.op)(kw.diagonal as number | undefined, out ? { out } : undefined);
    case 'diagEmbed':
      return () => th.diagEmbed(a, kw.offset as number | undefined, kw.dim1 as number | undefined, kw.dim2 as number | undefined);
    case 'cross':
      return () => th.cross(a, b, kw.dim as number | undefined, out ? { out } : undefined);
    default:
      throw new Error(`fixture ${c.id}: unknown op ${c.op}`);
  }
}

/**
 * How TypeTorch differs from PyTorch on a case (empty: it matches). Inputs are small integers, so
 * products are exact in every dtype: floats are compared with the "arith" tolerance (about one
 * unit in the last place), "approx" cases with "approx"; the sign of a zero is not compared (it
 * depends on the summation order). In-place and out= cases also check that the op returned the
 * tensor it wrote into.
 */
export function blasProblems(c: FixtureCase): string[] {
  const fn = prepareBlas(c);
  if (isError(c.expected)) return tensorCaseProblems(c, fn);
  const e = c.expected;
  if ('str' in e) return ['unexpected print case'];
  const r = fn();
  const tol = c.tol === 'approx' ? 'approx' : 'arith';
  return tensorProblems(r, e, tol, c.id, false);
}

export { decode };
