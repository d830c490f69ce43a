// Helpers for the reduction fixture tests (reduce*.fixtures.test.ts): run one case of
// tools/fixtures/gen_th_reduce.py in TypeTorch and say how it differs from PyTorch.
import * as th from '@typetorch/th';
import {
  ExpectedTensor,
  FixtureCase,
  TensorSpec,
  buildTensor,
  describeInputs,
  loadFixture,
  tensorCaseProblems,
  tensorProblems,
} from './fixture-utils';

export interface ReduceCase extends Omit<FixtureCase, 'expected' | 'out'> {
  out?: TensorSpec | [TensorSpec, TensorSpec];
  expected: ExpectedTensor | { error: string } | { outputs: [ExpectedTensor, ExpectedTensor] };
}
export interface ReduceFixture {
  generator: string;
  torch: string;
  cases: ReduceCase[];
}

export const loadReduceFixture = (name: string): ReduceFixture => loadFixture(name) as unknown as ReduceFixture;

interface Kw {
  dim?: number | number[];
  keepdim?: boolean;
  dtype?: th.DType;
  p?: number | 'inf' | '-inf' | 'fro';
  correction?: number;
  unbiased?: boolean;
}

type Result = th.Tensor | [th.Tensor, th.Tensor];

/** The TypeTorch call for a case (inputs are built before, so their errors are not mistaken for the op's). */
export function prepareReduce(c: ReduceCase): () => Result {
  const x = buildTensor(c.args[0] as TensorSpec);
  const kw = (c.kwargs ?? {}) as Kw;
  const pairOut = Array.isArray(c.out) ? ([buildTensor(c.out[0]), buildTensor(c.out[1])] as [th.Tensor, th.Tensor]) : undefined;
  const out = c.out && !Array.isArray(c.out) ? buildTensor(c.out) : undefined;
  const dim = kw.dim ?? null;
  const keepdim = kw.keepdim ?? false;
  const pair = (r: th.ValuesIndices): [th.Tensor, th.Tensor] => [r.values, r.indices];
  switch (c.op) {
    case 'sum':
    case 'nansum':
    case 'mean':
    case 'nanmean':
      return () => x[c.op as 'sum'](dim, { keepdim, dtype: kw.dtype, out });
    case 'prod':
      return () => x.prod(dim as number | null, { keepdim, dtype: kw.dtype, out });
    case 'amax':
    case 'amin':
      return () => x[c.op as 'amax'](dim, keepdim, { out });
    case 'logsumexp':
      return () => th.logsumexp(x, dim as th.Dims, keepdim, { out });
    case 'all':
    case 'any':
      return () => x[c.op as 'all'](dim as number | null, { keepdim, out });
    case 'countNonzero':
      return () => th.countNonzero(x, dim);
    case 'max':
    case 'min':
      if (kw.dim === undefined) return () => (c.op === 'max' ? x.max() : x.min());
      return () => pair(x[c.op as 'max'](kw.dim as number, keepdim, { out: pairOut }));
    case 'argmax':
    case 'argmin':
      return () => x[c.op as 'argmax'](dim as number | null, keepdim);
    case 'aminmax':
      return () => {
        const r = x.aminmax({ dim: dim as number | null, keepdim, out: pairOut });
        return [r.min, r.max];
      };
    case 'var':
    case 'std': {
      const o = kw.unbiased !== undefined ? { unbiased: kw.unbiased, keepdim, out } : { correction: kw.correction, keepdim, out };
      return () => x[c.op as 'var'](dim, o);
    }
    case 'varMean':
    case 'stdMean': {
      const o = kw.unbiased !== undefined ? { unbiased: kw.unbiased, keepdim } : { correction: kw.correction, keepdim };
      return () => (c.op === 'varMean' ? th.varMean : th.stdMean)(x, dim, { ...o, out: pairOut } as th.VarOptions);
    }
    case 'norm': {
      const p = kw.p === 'inf' ? Infinity : kw.p === '-inf' ? -Infinity : kw.p;
      return () => x.norm(p ?? 2, dim, keepdim, { dtype: kw.dtype, out });
    }
    case 'cumsum':
    case 'cumprod':
      if (c.mode === 'inplace') return () => x[`${c.op as 'cumsum'}_`](kw.dim as number, { dtype: kw.dtype });
      return () => x[c.op as 'cumsum'](kw.dim as number, { dtype: kw.dtype, out });
    case 'cummax':
    case 'cummin':
      return () => pair(x[c.op as 'cummax'](kw.dim as number, { out: pairOut }));
    default:
      throw new Error(`fixture ${c.id}: unknown op '${c.op}'`);
  }
}

/** How TypeTorch differs from PyTorch on a case (empty: it matches). */
export function reduceProblems(c: ReduceCase): string[] {
  const run = prepareReduce(c);
  const e = c.expected;
  const signedZero = c.signedZero !== false;
  if ('outputs' in e) {
    const r = run();
    if (!Array.isArray(r)) return ['expected two results, got one tensor'];
    return [...tensorProblems(r[0], e.outputs[0], c.tol, describeInputs(c as unknown as FixtureCase), signedZero),
      ...tensorProblems(r[1], e.outputs[1], c.tol, undefined, signedZero)];
  }
  return tensorCaseProblems(c as unknown as FixtureCase, () => {
    const r = run();
    if (Array.isArray(r)) throw new Error('expected one result, got two');
    return r;
  });
}
