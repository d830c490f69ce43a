// Shared helpers for the PyTorch fixture tests (*.fixtures.test.ts).
//
// The fixtures are JSON files in test/fixtures/, written by tools/fixtures/gen_th_fixtures.py
// with PyTorch (see that file for the encoding). Each case becomes one jest row: the inputs are
// built in TypeTorch with the same dtype, shape and views (non-contiguity), the op runs, and the
// result's dtype, shape and values are compared -- or, when PyTorch raised, TypeTorch must throw.
//
// Tolerances (by the result's dtype and the case's "tol" class, chosen by the generator):
//   integer and bool results: always exact.
//   "exact"  : floats bit-for-bit (NaN equals NaN, -0 differs from +0).
//   "arith"  : ops whose results are correctly rounded in both libraries (+ - * /, sqrt, floor,
//              remainder, comparisons, clamp, ...): |a - e| <= rel * |e| with rel = 1e-12 (float64),
//              1e-6 (float32), 1e-3 (float16), 8e-3 (bfloat16) -- about one unit in the last
//              place for the half types, where a scalar operand may be rounded differently.
//   "approx" : transcendental and compound ops (exp, sin, pow, atan2, lerp, addcmul, linspace...),
//              computed by different libm / SLEEF code paths: |a - e| <= rel * |e| + abs with
//              float64 rel 1e-12, abs 1e-14; float32 rel 1e-6, abs 1e-6; float16 rel 1e-3,
//              abs 1e-3; bfloat16 rel 8e-3, abs 1e-3.
//   In every class: NaN must be NaN, infinities must match exactly, and when both values are
//   zero their signs must match (except in cases marked "signedZero": false: maximum, minimum,
//   clamp, where PyTorch's own code paths disagree on the sign of max(0, -0)).
import * as fs from 'fs';
import * as path from 'path';
import * as th from '@typetorch/th';

export type JsonValue = number | boolean | string | null;
export type Tol = 'exact' | 'arith' | 'approx';

export interface TensorSpec {
  dtype: th.DType;
  shape: number[];
  data?: JsonValue[];
  gen?: { n: number; mul: number; add: number };
  views?: ViewStep[];
}
export type ViewStep = [string, ...unknown[]];
export type Operand = TensorSpec | { scalar: JsonValue } | null;

export interface ExpectedTensor {
  dtype: th.DType;
  shape: number[];
  data: JsonValue[];
  stride?: number[];
  storageOffset?: number;
  isContiguous?: boolean;
}
export type Expected = ExpectedTensor | { error: string } | { str: string };

export interface FixtureCase {
  id: string;
  op: string;
  args: Operand[];
  kwargs?: Record<string, unknown>;
  mode?: 'inplace' | 'out';
  out?: TensorSpec;
  tol: Tol;
  /** false: the sign of zero results is not compared (ops where PyTorch leaves it unspecified) */
  signedZero?: boolean;
  note?: string;
  expected: Expected;
}

export interface FixtureFile {
  generator: string;
  torch: string;
  cases: FixtureCase[];
}

export function loadFixture(name: string): FixtureFile {
  const file = path.join(__dirname, 'fixtures', `${name}.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as FixtureFile;
}

export function decode(v: JsonValue): number | boolean {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  throw new Error(`fixture: cannot decode value ${JSON.stringify(v)}`);
}

export function isError(e: Expected): e is { error: string } {
  return 'error' in e;
}

// ---- building inputs ----

type AnyFn = (...args: unknown[]) => th.Tensor;
type Methods = Record<string, AnyFn>;
const method = (t: th.Tensor, name: string): AnyFn => {
  const f = (t as unknown as Methods)[name];
  if (typeof f !== 'function') throw new Error(`fixture: TypeTorch has no Tensor method '${name}'`);
  return f.bind(t);
};

export function applyView(t: th.Tensor, step: ViewStep): th.Tensor {
  const [name, ...a] = step;
  const n = (i: number): number => a[i] as number;
  const opt = (i: number): number | undefined => (a[i] === undefined || a[i] === null ? undefined : (a[i] as number));
  const list = (i: number): number[] => a[i] as number[];
  switch (name) {
    case 'view':
      return t.view(list(0));
    case 'reshape':
      return t.reshape(list(0));
    case 'flatten':
      return t.flatten(opt(0), opt(1));
    case 'unflatten':
      return t.unflatten(n(0), list(1));
    case 'transpose':
      return t.transpose(n(0), n(1));
    case 'permute':
      return t.permute(list(0));
    case 't':
      return t.t();
    case 'mT':
      return t.mT;
    case 'narrow':
      return t.narrow(n(0), n(1), n(2));
    case 'select':
      return t.select(n(0), n(1));
    case 'slice':
      return t.slice(n(0), a[1] as number | null, a[2] as number | null, n(3));
    case 'expand':
      return t.expand(list(0));
    case 'squeeze':
      return t.squeeze(opt(0));
    case 'unsqueeze':
      return t.unsqueeze(n(0));
    case 'unfold':
      return t.unfold(n(0), n(1), n(2));
    case 'asStrided':
      return t.asStrided(list(0), list(1), opt(2));
    case 'movedim':
      return t.movedim(list(0), list(1));
    case 'diagonal':
      return t.diagonal(opt(0), opt(1), opt(2));
    case 'contiguous':
      return t.contiguous();
    case 'clone':
      return t.clone();
    default:
      throw new Error(`fixture: unknown view step '${name}'`);
  }
}

/** The base tensor of a spec (data or gen, reshaped), before its views. */
export function buildBase(spec: TensorSpec): th.Tensor {
  let values: (number | boolean)[];
  if (spec.gen) {
    const { n, mul, add } = spec.gen;
    values = Array.from({ length: n }, (_, i) => i * mul + add);
  } else {
    values = (spec.data ?? []).map(decode);
  }
  const flat = th.tensor(values as number[], { dtype: spec.dtype });
  return flat.reshape(spec.shape);
}

export function buildTensor(spec: TensorSpec): th.Tensor {
  let t = buildBase(spec);
  for (const v of spec.views ?? []) t = applyView(t, v);
  return t;
}

export function buildOperand(op: Operand): th.Tensor | number | boolean | null {
  if (op === null) return null;
  if ('scalar' in op) return decode(op.scalar);
  return buildTensor(op);
}

// ---- comparing results ----

const REL: Record<string, [number, number]> = {
  // dtype: [rel, abs] for "approx"; "arith" uses the same rel and abs 0
  float64: [1e-12, 1e-14],
  float32: [1e-6, 1e-6],
  float16: [1e-3, 1e-3],
  bfloat16: [8e-3, 1e-3],
};

function flatten(x: th.NestedArray<number | boolean>): (number | boolean)[] {
  if (!Array.isArray(x)) return [x];
  const out: (number | boolean)[] = [];
  const walk = (v: th.NestedArray<number | boolean>): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else out.push(v);
  };
  walk(x);
  return out;
}

const show = (v: number | boolean): string => (Object.is(v, -0) ? '-0' : String(v));

/** Mismatch descriptions (empty when the values agree within the tolerance). */
export function compareValues(
  actual: (number | boolean)[],
  expected: (number | boolean)[],
  dtype: string,
  tol: Tol,
  signedZero = true,
): string[] {
  const bad: string[] = [];
  if (actual.length !== expected.length) return [`length ${actual.length} != expected ${expected.length}`];
  const floating = dtype in REL;
  const [rel, abs] = floating ? REL[dtype] : [0, 0];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    let ok: boolean;
    if (typeof e === 'boolean' || typeof a === 'boolean' || !floating || tol === 'exact') ok = Object.is(a, e);
    else if (Number.isNaN(e)) ok = Number.isNaN(a);
    else if (!Number.isFinite(e)) ok = a === e;
    else if (e === 0 && a === 0) ok = !signedZero || Object.is(a, e);
    else ok = Number.isFinite(a) && Math.abs(a - e) <= rel * Math.abs(e) + (tol === 'approx' ? abs : 0);
    if (!ok) bad.push(`[${i}] expected ${show(e)}, got ${show(a)}`);
  }
  return bad;
}

/** How t differs from the PyTorch result (empty when it matches), each with the inputs. */
export function tensorProblems(t: th.Tensor, e: ExpectedTensor, tol: Tol, inputs?: string, signedZero = true): string[] {
  const problems: string[] = [];
  if (t.dtype !== e.dtype) problems.push(`dtype ${t.dtype}, expected ${e.dtype}`);
  if (JSON.stringify(t.shape) !== JSON.stringify(e.shape)) problems.push(`shape [${t.shape}], expected [${e.shape}]`);
  if (e.stride && JSON.stringify(t.stride()) !== JSON.stringify(e.stride)) problems.push(`stride [${t.stride()}], expected [${e.stride}]`);
  if (e.storageOffset !== undefined && t.storageOffset() !== e.storageOffset)
    problems.push(`storage offset ${t.storageOffset()}, expected ${e.storageOffset}`);
  if (e.isContiguous !== undefined && t.isContiguous() !== e.isContiguous)
    problems.push(`isContiguous ${t.isContiguous()}, expected ${e.isContiguous}`);
  if (problems.length === 0 || (t.numel() === e.data.length && problems.every((p) => p.startsWith('stride') || p.startsWith('dtype')))) {
    const bad = compareValues(flatten(t.toArray()), e.data.map(decode), e.dtype, tol, signedZero);
    if (bad.length) problems.push(`${bad.length} value(s) differ: ${bad.slice(0, 6).join('; ')}${bad.length > 6 ? '; ...' : ''}`);
  }
  return problems.map((p) => `TypeTorch differs from PyTorch: ${p}${inputs ? ` (inputs: ${inputs})` : ''}`);
}

/** A short description of a case's inputs, for failure messages. */
export function describeInputs(c: FixtureCase): string {
  return c.args
    .map((a) => {
      if (a === null || typeof a !== 'object' || Array.isArray(a)) return JSON.stringify(a);
      if ('scalar' in a) return `scalar ${JSON.stringify(a.scalar)}`;
      const data = a.gen ? `gen(${JSON.stringify(a.gen)})` : JSON.stringify(a.data).slice(0, 160);
      return `${a.dtype}[${a.shape}]${a.views ? ' views ' + JSON.stringify(a.views) : ''} ${data}`;
    })
    .join(', ');
}

// ---- registering rows ----

/** One jest row per case; run must compare the result (or check the throw) itself. */
export function fixtureTests(file: string, cases: FixtureCase[], run: (c: FixtureCase) => void): void {
  const ids = new Set(cases.map((c) => c.id));
  test(`${file}: fixture file is well-formed`, () => {
    expect(cases.length).toBeGreaterThan(0);
    expect(ids.size).toBe(cases.length);
  });
  test.each(cases)('$id', (c) => run(c));
}

/**
 * Runs fn and says how it differs from PyTorch (empty: it matches): either PyTorch raises and fn
 * must throw an Error, or fn's tensor is compared with the expected one. Tests assert the list
 * is empty, so a failure shows every difference with the inputs.
 */
export function tensorCaseProblems(c: FixtureCase, fn: () => th.Tensor): string[] {
  const e = c.expected;
  if (isError(e)) {
    let result: th.Tensor;
    try {
      result = fn();
    } catch (err) {
      // errors thrown by the native addon come from another realm than jest's, so no instanceof
      const tag = Object.prototype.toString.call(err);
      return tag === '[object Error]' ? [] : [`threw ${tag} instead of an Error`];
    }
    const got = `${result.dtype}[${result.shape}] ${JSON.stringify(result.toArray()).slice(0, 200)}`;
    return [`PyTorch raises "${e.error}" but TypeTorch returned ${got} (inputs: ${describeInputs(c)})`];
  }
  if ('str' in e) return ['tensorCaseProblems: a print case has no tensor to compare'];
  return tensorProblems(fn(), e, c.tol, describeInputs(c), c.signedZero !== false);
}

// ---- elementwise ops (unary, binary, clamp, lerp, addcmul, addcdiv, where, nanToNum) ----

const UNARY = new Set<string>([
  'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh',
  'tanh', 'sigmoid', 'erf', 'erfc', 'sqrt', 'rsqrt', 'reciprocal', 'neg', 'abs', 'sign', 'floor', 'ceil', 'round',
  'trunc', 'frac', 'isnan', 'isinf', 'isfinite', 'logicalNot', 'bitwiseNot',
]);
const BINARY = new Set<string>([
  'add', 'sub', 'mul', 'div', 'divTrunc', 'divFloor', 'remainder', 'fmod', 'pow', 'atan2', 'maximum', 'minimum', 'eq',
  'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'logicalXor', 'bitwiseAnd', 'bitwiseOr', 'bitwiseXor',
  'bitwiseLeftShift', 'bitwiseRightShift',
]);

type Arg = th.Tensor | number | boolean | null;

/**
 * Builds a case's inputs (outside the error check, so a failure there is never mistaken for the
 * expected error) and returns the call of the op; for in-place cases the call returns self.
 */
export function prepareElementwise(c: FixtureCase): () => th.Tensor {
  const args: Arg[] = c.args.map(buildOperand);
  const kw = (c.kwargs ?? {}) as Record<string, number | undefined>;
  const out = c.out ? buildTensor(c.out) : undefined;
  const inplace = c.mode === 'inplace';
  const self = args[0];
  if (!(self instanceof th.Tensor)) throw new Error(`fixture ${c.id}: the first argument must be a tensor`);
  const x: th.Tensor = self;
  const b = args[1] as th.Tensor | number | boolean;
  const op = c.op;
  if (UNARY.has(op)) {
    if (inplace) return () => (method(x, op + '_')(), x);
    return () => method(x, op)(out ? { out } : undefined);
  }
  if (BINARY.has(op)) {
    if (op === 'divTrunc' || op === 'divFloor') {
      const roundingMode = op === 'divTrunc' ? 'trunc' : 'floor';
      if (inplace) return () => (x.div_(b, { roundingMode }), x);
      return () => x.div(b, { roundingMode, out });
    }
    if (op === 'add' || op === 'sub') {
      if (inplace) return () => (x[`${op}_`](b, { alpha: kw.alpha }), x);
      return () => x[op](b, { alpha: kw.alpha, out });
    }
    if (inplace) return () => (method(x, op + '_')(b), x);
    return () => method(x, op)(b, out ? { out } : undefined);
  }
  const c2 = args[2] as th.Tensor | number | boolean;
  switch (op) {
    case 'clamp':
      return () => x.clamp(args[1], args[2], out ? { out } : undefined);
    case 'lerp':
      return () => x.lerp(b as th.Tensor, c2, out ? { out } : undefined);
    case 'addcmul':
      return () => x.addcmul(b, c2, { value: kw.value, out });
    case 'addcdiv':
      return () => x.addcdiv(b, c2, { value: kw.value, out });
    case 'where':
      // args: condition, input, other (as torch.where)
      return () => th.where(x, b as th.Tensor, c2);
    case 'nanToNum':
      return () => x.nanToNum({ nan: kw.nan, posinf: kw.posinf, neginf: kw.neginf, out });
    default:
      throw new Error(`fixture ${c.id}: unknown op '${op}'`);
  }
}

export function elementwiseProblems(c: FixtureCase): string[] {
  return tensorCaseProblems(c, prepareElementwise(c));
}
