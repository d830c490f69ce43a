// Helpers for the sorting area's PyTorch fixture tests (test/fixtures/sort.json, written by
// tools/fixtures/gen_th_sort.py). Inputs use fixture-utils' encoding; results are one tensor,
// PyTorch's (values, indices) pairs, or unique's lists (see the generator for the format).
import * as th from '@typetorch/th';
import { Expected, ExpectedTensor, FixtureCase, buildOperand, describeInputs, isError, tensorProblems } from './fixture-utils';

export type SortExpected = Expected | { values: ExpectedTensor; indices: ExpectedTensor } | { list: ExpectedTensor[] };
export interface SortCase extends Omit<FixtureCase, 'expected'> {
  expected: SortExpected;
  /** 'gather': the input has ties, so only the indices' validity is checked */
  indices?: 'gather';
}

type Result = th.Tensor | th.ValuesIndices | th.Tensor[];
type Kw = {
  dim?: number;
  descending?: boolean;
  stable?: boolean;
  k?: number;
  largest?: boolean;
  sorted?: boolean;
  keepdim?: boolean;
  q?: number;
  interpolation?: th.QuantileInterpolation;
  returnInverse?: boolean;
  returnCounts?: boolean;
  right?: boolean;
  side?: 'left' | 'right';
  outInt32?: boolean;
  bins?: number;
  min?: number;
  max?: number;
  minlength?: number;
};

const PAIR_OPS = new Set(['sort', 'topk', 'kthvalue', 'median', 'nanmedian', 'mode']);

function flat(x: th.NestedArray<number | boolean>): (number | boolean)[] {
  return Array.isArray(x) ? x.flatMap((v) => flat(v)) : [x];
}

/** out= tensors for a case: dtypes of PyTorch's results, no elements (they get resized). */
function makeOut(c: SortCase): th.Tensor | th.ValuesIndices {
  const e = c.expected;
  if ('values' in e) return { values: th.empty([0], { dtype: e.values.dtype }), indices: th.empty([0], { dtype: 'int64' }) };
  if ('dtype' in e) return th.empty([0], { dtype: e.dtype });
  // an error case: out tensors of the input's dtype
  const first = buildOperand(c.args[0]);
  const dtype = first instanceof th.Tensor ? first.dtype : 'float32';
  return PAIR_OPS.has(c.op) ? { values: th.empty([0], { dtype }), indices: th.empty([0], { dtype: 'int64' }) } : th.empty([0], { dtype });
}

/** Builds the inputs, then returns the call of the op (so input errors are never mistaken for the op's). */
export function prepareSortCase(c: SortCase): { call: () => Result; input: th.Tensor | null; out?: th.Tensor | th.ValuesIndices } {
  const args = c.args.map(buildOperand);
  const kw = (c.kwargs ?? {}) as Kw;
  const x = args[0] as th.Tensor;
  const out = c.mode === 'out' ? makeOut(c) : undefined;
  const outT = out instanceof th.Tensor ? out : undefined;
  const outP = out && !(out instanceof th.Tensor) ? out : undefined;
  const input = x instanceof th.Tensor ? x : null;
  const ret = (call: () => Result) => ({ call, input, out });
  switch (c.op) {
    case 'sort':
      return ret(() => x.sort({ dim: kw.dim, descending: kw.descending, stable: kw.stable, out: outP }));
    case 'argsort':
      return ret(() => x.argsort({ dim: kw.dim, descending: kw.descending, stable: kw.stable }));
    case 'msort':
      return ret(() => th.msort(x, { out: outT }));
    case 'topk':
      return ret(() => th.topk(x, kw.k as number, kw.dim, kw.largest, kw.sorted, { out: outP }));
    case 'kthvalue':
      return ret(() => x.kthvalue(kw.k as number, kw.dim, kw.keepdim, { out: outP }));
    case 'median':
    case 'nanmedian': {
      const f = c.op === 'median' ? th.median : th.nanmedian;
      return ret(() => (kw.dim === undefined ? f(x) : f(x, kw.dim, kw.keepdim, { out: outP })));
    }
    case 'mode':
      return ret(() => th.mode(x, kw.dim, kw.keepdim, { out: outP }));
    case 'quantile':
    case 'nanquantile': {
      const q = args[1] instanceof th.Tensor ? args[1] : (kw.q as number);
      const f = c.op === 'quantile' ? th.quantile : th.nanquantile;
      return ret(() => f(x, q, kw.dim ?? null, kw.keepdim, { interpolation: kw.interpolation, out: outT }));
    }
    case 'unique':
      return ret(() => th.unique(x, { sorted: kw.sorted, returnInverse: kw.returnInverse, returnCounts: kw.returnCounts, dim: kw.dim }));
    case 'uniqueConsecutive':
      return ret(() => th.uniqueConsecutive(x, { returnInverse: kw.returnInverse, returnCounts: kw.returnCounts, dim: kw.dim }));
    case 'searchsorted': {
      const sorter = args[2] instanceof th.Tensor ? args[2] : undefined;
      const opts = { right: kw.right, side: kw.side, outInt32: kw.outInt32, sorter, out: outT };
      return ret(() => th.searchsorted(x, args[1] as th.Tensor | number, opts));
    }
    case 'bucketize':
      return {
        call: () => th.bucketize(args[0] as th.Tensor | number, args[1] as th.Tensor, { right: kw.right, outInt32: kw.outInt32, out: outT }),
        input: null,
        out,
      };
    case 'histc':
      return ret(() => x.histc(kw.bins, kw.min, kw.max, { out: outT }));
    case 'bincount':
      return ret(() => x.bincount(args[1] as th.Tensor | null | undefined, kw.minlength));
    default:
      throw new Error(`fixture ${c.id}: unknown op '${c.op}'`);
  }
}

/**
 * For inputs with ties: every index must point at an input element equal to its value (the
 * values themselves are compared with PyTorch's separately).
 */
export function gatherProblems(input: th.Tensor, values: th.Tensor, indices: th.Tensor, dim: number, reduced: boolean): string[] {
  const xs = input.shape;
  const xv = flat(input.toArray());
  const vv = flat(values.toArray());
  const iv = flat(indices.toArray()) as number[];
  const vshape = values.shape;
  if (indices.dtype !== 'int64') return [`indices dtype ${indices.dtype}, expected int64`];
  if (JSON.stringify(indices.shape) !== JSON.stringify(vshape)) return [`indices shape [${indices.shape}] != values shape [${vshape}]`];
  const d = xs.length === 0 ? 0 : dim < 0 ? dim + xs.length : dim;
  const bad: string[] = [];
  for (let p = 0; p < vv.length; p++) {
    const coords: number[] = [];
    let r = p;
    for (let k = vshape.length - 1; k >= 0; k--) {
      coords.unshift(r % vshape[k]);
      r = Math.floor(r / vshape[k]);
    }
    if (xs.length === 0) coords.length = 0;
    else if (reduced && coords.length < xs.length) coords.splice(d, 0, iv[p]);
    else coords[d] = iv[p];
    let q = 0;
    for (let k = 0; k < xs.length; k++) {
      if (!(coords[k] >= 0 && coords[k] < xs[k])) {
        bad.push(`[${p}] index ${iv[p]} out of range`);
        q = -1;
        break;
      }
      q = q * xs[k] + coords[k];
    }
    if (q < 0) continue;
    const a = xv[xs.length === 0 ? 0 : q];
    const e = vv[p];
    const same = typeof a === 'number' && typeof e === 'number' && Number.isNaN(a) ? Number.isNaN(e) : a === e;
    if (!same) bad.push(`[${p}] input at index ${iv[p]} is ${String(a)}, value is ${String(e)}`);
  }
  return bad.length ? [`indices do not point at their values: ${bad.slice(0, 6).join('; ')}`] : [];
}

const isPair = (r: Result): r is th.ValuesIndices => !(r instanceof th.Tensor) && !Array.isArray(r);

/** How the case's result differs from PyTorch's (empty when it matches). */
export function sortCaseProblems(c: SortCase): string[] {
  const { call, input, out } = prepareSortCase(c);
  const e = c.expected;
  const inputs = describeInputs(c as FixtureCase);
  if (isError(e as Expected)) {
    let r: Result;
    try {
      r = call();
    } catch (err) {
      const tag = Object.prototype.toString.call(err);
      return tag === '[object Error]' ? [] : [`threw ${tag} instead of an Error`];
    }
    const shown = r instanceof th.Tensor ? `${r.dtype}[${r.shape}]` : 'a result';
    return [`PyTorch raises "${(e as { error: string }).error}" but TypeTorch returned ${shown} (inputs: ${inputs})`];
  }
  const r = call();
  const problems: string[] = [];
  if ('values' in e) {
    if (!isPair(r)) return ['expected a { values, indices } result'];
    if (out && !(out instanceof th.Tensor) && (r.values !== out.values || r.indices !== out.indices))
      problems.push('out= tensors were not returned');
    problems.push(...tensorProblems(r.values, e.values, c.tol, inputs, c.signedZero !== false));
    if (c.indices === 'gather') {
      const kw = (c.kwargs ?? {}) as Kw;
      const reduced = c.op !== 'sort' && c.op !== 'topk' && !kw.keepdim;
      if (input) problems.push(...gatherProblems(input, r.values, r.indices, kw.dim ?? -1, reduced));
    } else {
      problems.push(...tensorProblems(r.indices, e.indices, 'exact', inputs));
    }
    return problems;
  }
  if ('list' in e) {
    const rs = Array.isArray(r) ? r : [r as th.Tensor];
    if (rs.length !== e.list.length) return [`${rs.length} results, expected ${e.list.length}`];
    rs.forEach((t, i) => problems.push(...tensorProblems(t, e.list[i], c.tol, inputs)));
    return problems;
  }
  if (!(r instanceof th.Tensor)) return ['expected one tensor'];
  if (out instanceof th.Tensor && r !== out) problems.push('out= tensor was not returned');
  problems.push(...tensorProblems(r, e as ExpectedTensor, c.tol, inputs));
  return problems;
}
