// Helpers for the indexing fixture tests (fixtures/index.json, tools/fixtures/gen_th_index.py):
// decoding a case's arguments and running the op in TypeTorch.
import * as th from '@typetorch/th';
import { ExpectedTensor, TensorSpec, Tol, buildTensor, loadFixture, tensorProblems } from './fixture-utils';

export type IndexArg = { t: TensorSpec } | { ts: TensorSpec[] } | { slice: [number | null, number | null, number] } | string | number | boolean | null | IndexArg[];
export type IndexExpected = ExpectedTensor | { list: ExpectedTensor[] } | { error: string };

export interface IndexCase {
  id: string;
  op: string;
  fn?: boolean;
  self?: TensorSpec;
  args: IndexArg[];
  kwargs?: Record<string, unknown>;
  mode?: 'inplace' | 'out';
  out?: TensorSpec;
  tol: Tol;
  expected: IndexExpected;
}

export function loadIndexFixture(): { torch: string; cases: IndexCase[] } {
  const f = loadFixture('index');
  return { torch: f.torch, cases: f.cases as unknown as IndexCase[] };
}

type Decoded = th.Tensor | th.Tensor[] | th.Slice | string | number | boolean | null | Decoded[];

export function decodeArg(a: IndexArg): Decoded {
  if (a === null || typeof a === 'boolean') return a;
  if (typeof a === 'number') return a;
  if (typeof a === 'string') {
    if (a === 'nan') return NaN;
    if (a === 'inf') return Infinity;
    if (a === '-inf') return -Infinity;
    return a;
  }
  if (Array.isArray(a)) return a.map(decodeArg);
  if ('t' in a) return buildTensor(a.t);
  if ('ts' in a) return a.ts.map(buildTensor);
  return th.slice(a.slice[0], a.slice[1], a.slice[2]);
}

type AnyFn = (...args: unknown[]) => unknown;

/**
 * Builds a case's inputs (outside any error check) and returns the call; in-place ops return
 * self, list results come back as arrays.
 */
export function prepareIndexCase(c: IndexCase): () => th.Tensor | th.Tensor[] {
  const self = c.self ? buildTensor(c.self) : undefined;
  const args = c.args.map(decodeArg);
  const kw = { ...(c.kwargs ?? {}) } as Record<string, unknown>;
  const out = c.out ? buildTensor(c.out) : undefined;
  const options = (extra: Record<string, unknown> = {}): Record<string, unknown> | undefined => {
    const o: Record<string, unknown> = { ...extra };
    if (out) o.out = out;
    return Object.keys(o).length ? o : undefined;
  };
  const fnOf = (name: string): AnyFn => {
    const f = (th as unknown as Record<string, AnyFn>)[name];
    if (typeof f !== 'function') throw new Error(`fixture ${c.id}: @typetorch/th has no function '${name}'`);
    return f;
  };
  const method = (name: string): AnyFn => {
    if (!self) throw new Error(`fixture ${c.id}: no self`);
    const f = (self as unknown as Record<string, AnyFn>)[name];
    if (typeof f !== 'function') throw new Error(`fixture ${c.id}: TypeTorch has no Tensor method '${name}'`);
    return f.bind(self);
  };
  const a = args as unknown[];
  const x = self as th.Tensor;
  switch (c.op) {
    case 'index':
      return () => x.index(...(a as th.IndexItem[]));
    case 'indexPut_':
      return () => x.indexPut_(a[0] as (th.Tensor | null)[], a[1] as th.Tensor, { accumulate: kw.accumulate as boolean | undefined });
    case 'indexAdd':
    case 'indexAdd_':
      return () => method(c.op)(a[0], a[1], a[2], options({ alpha: kw.alpha })) as th.Tensor;
    case 'scatter':
    case 'scatter_':
      return () => method(c.op)(a[0], a[1], a[2], options({ reduce: kw.reduce })) as th.Tensor;
    case 'scatterReduce':
    case 'scatterReduce_':
      return () => method(c.op)(a[0], a[1], a[2], a[3], options({ includeSelf: kw.includeSelf })) as th.Tensor;
    case 'put_':
    case 'put':
      return () => method(c.op)(a[0], a[1], { accumulate: kw.accumulate }) as th.Tensor;
    case 'nonzeroTuple':
      return () => x.nonzero({ asTuple: true });
    case 'roll':
      return () => x.roll(a[0] as number | number[], a[1] as number | number[] | null);
    case 'repeatInterleave':
      if (c.fn) return () => th.repeatInterleave(a[0] as th.Tensor);
      return () => x.repeatInterleave(a[0] as number | th.Tensor, a[1] as number | null, options());
    case 'meshgrid':
      return () => th.meshgrid(a[0] as th.Tensor[], { indexing: a[1] as 'ij' | 'xy' });
    case 'cat':
    case 'stack':
      return () => fnOf(c.op)(a[0], a[1], options()) as th.Tensor;
    default:
      if (c.fn) return () => fnOf(c.op)(...a, ...(options() ? [options()] : [])) as th.Tensor;
      return () => method(c.op)(...a, ...(options() ? [options()] : [])) as th.Tensor;
  }
}

function describeSpec(t: TensorSpec): string {
  const data = t.gen ? `gen(${JSON.stringify(t.gen)})` : JSON.stringify(t.data ?? []).slice(0, 100);
  return `${t.dtype}[${t.shape}]${t.views ? ' views ' + JSON.stringify(t.views) : ''} ${data}`;
}
function describeArg(a: IndexArg): string {
  if (a === null || typeof a !== 'object') return JSON.stringify(a);
  if (Array.isArray(a)) return `[${a.map(describeArg).join(', ')}]`;
  if ('t' in a) return describeSpec(a.t);
  if ('ts' in a) return `[${a.ts.map(describeSpec).join(', ')}]`;
  return `slice(${a.slice.join(', ')})`;
}
/** self and args of a case, for failure messages. */
export function describeIndexInputs(c: IndexCase): string {
  return [c.self ? `self ${describeSpec(c.self)}` : '', ...c.args.map(describeArg)].filter(Boolean).join(', ');
}

/** How the case's result differs from PyTorch's (empty: it matches, or both raise). */
export function indexCaseProblems(c: IndexCase): string[] {
  const run = prepareIndexCase(c);
  const e = c.expected;
  const inputs = describeIndexInputs(c);
  if ('error' in e) {
    let r: th.Tensor | th.Tensor[];
    try {
      r = run();
    } catch (err) {
      const tag = Object.prototype.toString.call(err);
      return tag === '[object Error]' ? [] : [`threw ${tag} instead of an Error`];
    }
    const got = Array.isArray(r) ? `${r.length} tensors` : `${r.dtype}[${r.shape}]`;
    return [`PyTorch raises "${e.error}" but TypeTorch returned ${got} (inputs: ${inputs})`];
  }
  const r = run();
  if ('list' in e) {
    if (!Array.isArray(r)) return [`expected a list of ${e.list.length} tensors, got a tensor`];
    if (r.length !== e.list.length) return [`expected ${e.list.length} tensors, got ${r.length}`];
    return r.flatMap((t, i) => tensorProblems(t, e.list[i], c.tol, `${inputs} [result ${i}]`));
  }
  if (Array.isArray(r)) return [`expected a tensor, got a list of ${r.length}`];
  const problems = tensorProblems(r, e, c.tol, inputs);
  if (c.mode === 'out' && c.out) {
    // out= must be the tensor returned
    if (!(r instanceof th.Tensor)) problems.push('out= did not return a tensor');
  }
  return problems;
}
