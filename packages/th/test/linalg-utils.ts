// Helpers for the torch.linalg fixture tests (fixtures from tools/fixtures/gen_th_linalg.py).
//
// Tolerances: LAPACK results are not correctly rounded and TypeTorch's LAPACK build may differ from
// PyTorch's, so values compare with |a - e| <= atol + rtol * |e| where (rtol, atol) are
// (1e-9, 1e-10) for float64 and (2e-4, 2e-5) for float32 (1e-2 for float16 results); integer
// results exactly. Invariants (A = QR, A = U diag(S) Vh, orthonormal columns, A v = lambda v) are
// checked in float64 here with the same tolerances scaled by the size and magnitude of A.
import * as fs from 'fs';
import * as path from 'path';
import * as th from '@typetorch/th';
import { JsonValue, TensorSpec, buildTensor, decode } from './fixture-utils';

export interface ExpectedOut {
  dtype: th.DType;
  shape: number[];
  data: JsonValue[];
}
export interface LinalgCase {
  id: string;
  op: string;
  args: (TensorSpec | JsonValue)[];
  kwargs: Record<string, JsonValue | JsonValue[]>;
  check: 'values' | 'qr' | 'svd' | 'eigh' | 'eig';
  expected: { error: string } | { outputs: Record<string, ExpectedOut> };
}

export function loadLinalgCases(): LinalgCase[] {
  const file = path.join(__dirname, 'fixtures', 'linalg.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { cases: LinalgCase[] }).cases;
}

const TOL: Record<string, [number, number]> = {
  float64: [1e-9, 1e-10],
  float32: [2e-4, 2e-5],
  float16: [1e-2, 1e-2],
};
export const tolOf = (dtype: string): [number, number] => TOL[dtype] ?? [0, 0];

function flat(x: th.NestedArray<number | boolean>): number[] {
  const out: number[] = [];
  const walk = (v: th.NestedArray<number | boolean>): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else out.push(Number(v));
  };
  walk(x);
  return out;
}
export const values = (t: th.Tensor): number[] => flat(t.toArray());

function close(a: number, e: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e)) return a === e;
  return Number.isFinite(a) && Math.abs(a - e) <= atol + rtol * Math.abs(e);
}

/** Differences between a tensor and PyTorch's (dtype, shape, values; abs compares |values|). */
export function outputProblems(name: string, t: th.Tensor | undefined, e: ExpectedOut, abs = false): string[] {
  if (!t) return [`${name}: missing`];
  const p: string[] = [];
  if (t.dtype !== e.dtype) p.push(`${name}: dtype ${t.dtype}, expected ${e.dtype}`);
  if (JSON.stringify(t.shape) !== JSON.stringify(e.shape)) {
    p.push(`${name}: shape [${t.shape}], expected [${e.shape}]`);
    return p;
  }
  const [rtol, atol] = tolOf(e.dtype);
  const got = values(t);
  const exp = e.data.map((v) => Number(decode(v)));
  const bad: string[] = [];
  for (let i = 0; i < exp.length; i++) {
    const a = abs ? Math.abs(got[i]) : got[i];
    const x = abs ? Math.abs(exp[i]) : exp[i];
    if (!close(a, x, rtol, atol)) bad.push(`[${i}] expected ${x}, got ${a}`);
  }
  if (bad.length) p.push(`${name}: ${bad.length} value(s) differ${abs ? ' in magnitude' : ''}: ${bad.slice(0, 5).join('; ')}`);
  return p;
}

// ---- small dense matrices in float64 (test-side reference arithmetic) ----

export type Mat = number[][];

/** The matrices of a (..., m, n) tensor, batch flattened. */
export function matrices(t: th.Tensor): Mat[] {
  const s = t.shape;
  const m = s[s.length - 2], n = s[s.length - 1];
  const v = values(t);
  const out: Mat[] = [];
  const batch = s.slice(0, -2).reduce((x, y) => x * y, 1);
  for (let b = 0; b < batch; b++) {
    const M: Mat = [];
    for (let i = 0; i < m; i++) M.push(v.slice(b * m * n + i * n, b * m * n + (i + 1) * n));
    out.push(M);
  }
  return out;
}
/** The vectors of a (..., k) tensor, batch flattened. */
export function vectors(t: th.Tensor): number[][] {
  const k = t.shape[t.shape.length - 1];
  const v = values(t);
  const out: number[][] = [];
  const batch = t.shape.slice(0, -1).reduce((x, y) => x * y, 1);
  for (let b = 0; b < batch; b++) out.push(v.slice(b * k, (b + 1) * k));
  return out;
}

export function matmul(a: Mat, b: Mat): Mat {
  const m = a.length, k = b.length, n = k ? b[0].length : 0;
  const r: Mat = [];
  for (let i = 0; i < m; i++) {
    const row = new Array<number>(n).fill(0);
    for (let l = 0; l < k; l++) for (let j = 0; j < n; j++) row[j] += a[i][l] * b[l][j];
    r.push(row);
  }
  return r;
}
export const transpose = (a: Mat): Mat => (a.length ? a[0].map((_, j) => a.map((row) => row[j])) : []);
export const maxAbs = (a: Mat): number => a.reduce((m, r) => r.reduce((x, v) => Math.max(x, Math.abs(v)), m), 0);

/** Largest |a - b| (NaN on a shape mismatch). */
export function maxDiff(a: Mat, b: Mat): number {
  if (a.length !== b.length) return NaN;
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i].length !== b[i].length) return NaN;
    for (let j = 0; j < a[i].length; j++) d = Math.max(d, Math.abs(a[i][j] - b[i][j]));
  }
  return d;
}
export function identity(n: number): Mat {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}
/** The first `cols` columns / `rows` rows. */
export const leftCols = (a: Mat, cols: number): Mat => a.map((r) => r.slice(0, cols));
export const topRows = (a: Mat, rows: number): Mat => a.slice(0, rows);
export const scaleCols = (a: Mat, s: number[]): Mat => a.map((r) => r.map((v, j) => v * s[j]));

/** The tolerance for an invariant of matrices of size n and magnitude mag in dtype. */
export function invariantTol(dtype: string, n: number, mag: number): number {
  const [rtol, atol] = tolOf(dtype);
  return (atol + rtol * Math.max(1, mag)) * Math.max(1, n);
}
