// Helpers for the random area's tests: PyTorch stream fixtures (random.json) and statistics.
import * as fs from 'fs';
import * as path from 'path';
import * as th from '@typetorch/th';
import { TensorSpec, buildTensor, decode } from './fixture-utils';

export type Expected =
  | { dtype: th.DType; shape: number[]; data: (number | string | boolean)[] }
  | { error: string }
  | { bytes: number[] }
  | { state: number[]; values: { dtype: th.DType; shape: number[]; data: (number | string)[] } };

export interface RandomCase {
  id: string;
  op: string;
  seed: number;
  generator: boolean;
  args: unknown[];
  kwargs?: { dtype?: th.DType };
  input?: TensorSpec | TensorSpec[];
  expected: Expected;
}

export function loadRandomFixture(): { torch: string; cases: RandomCase[] } {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'random.json'), 'utf8'));
}

/** The elements of t as strings (int64 exactly, via BigInt) or numbers/booleans, row-major. */
export function flatValues(t: th.Tensor): (number | string | boolean)[] {
  if (t.dtype === 'int64') return Array.from(t.contiguous().toTypedArray() as BigInt64Array, (v) => v.toString());
  const a = t.toArray();
  return Array.isArray(a) ? (a as unknown[]).flat(Infinity as 1) as (number | boolean)[] : [a];
}

/** Differences between t and PyTorch's tensor (empty when bit-identical). */
export function streamProblems(t: th.Tensor, e: { dtype: string; shape: number[]; data: (number | string | boolean)[] }): string[] {
  const p: string[] = [];
  if (t.dtype !== e.dtype) p.push(`dtype ${t.dtype}, expected ${e.dtype}`);
  if (JSON.stringify(t.shape) !== JSON.stringify(e.shape)) p.push(`shape [${t.shape}], expected [${e.shape}]`);
  if (p.length) return p;
  const got = flatValues(t);
  const bad: string[] = [];
  e.data.forEach((v, i) => {
    const want = typeof v === 'string' && t.dtype !== 'int64' ? decode(v) : v;
    if (!Object.is(got[i], want) && !(Number.isNaN(want as number) && Number.isNaN(got[i] as number))) bad.push(`[${i}] ${got[i]} != ${want}`);
  });
  if (bad.length) p.push(`${bad.length} of ${e.data.length} values differ: ${bad.slice(0, 5).join('; ')}`);
  return p;
}

export function specOf(input: TensorSpec | TensorSpec[] | undefined, i = 0): TensorSpec {
  if (!input) throw new Error('fixture: the case has no input');
  return Array.isArray(input) ? input[i] : input;
}
export { buildTensor };

// ---- statistics ----

export function values(t: th.Tensor): number[] {
  return Array.from(t.to('float64').contiguous().toTypedArray() as Float64Array);
}

export function meanVar(xs: number[]): { mean: number; variance: number } {
  let m = 0;
  for (const x of xs) m += x;
  m /= xs.length;
  let v = 0;
  for (const x of xs) v += (x - m) * (x - m);
  return { mean: m, variance: v / (xs.length - 1) };
}

/** Kolmogorov–Smirnov statistic sup |F_n(x) - F(x)| of the sample against the CDF. */
export function ksStatistic(xs: number[], cdf: (x: number) => number): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}
/** The KS critical value at significance 0.001 for n samples (1.95 / sqrt(n)). */
export const ksCritical = (n: number): number => 1.95 / Math.sqrt(n);

/** Pearson's chi-square statistic of observed counts against expected counts. */
export function chiSquare(observed: number[], expected: number[]): number {
  let c = 0;
  for (let i = 0; i < observed.length; i++) c += ((observed[i] - expected[i]) * (observed[i] - expected[i])) / expected[i];
  return c;
}
/** The chi-square critical value at significance 0.001 for k degrees of freedom (Wilson–Hilferty). */
export function chiSquareCritical(k: number): number {
  const z = 3.09; // upper 0.001 quantile of N(0, 1)
  const a = 2 / (9 * k);
  return k * Math.pow(1 - a + z * Math.sqrt(a), 3);
}

export function counts(xs: number[], bins: number, bin: (x: number) => number): number[] {
  const c = new Array<number>(bins).fill(0);
  for (const x of xs) c[bin(x)]++;
  return c;
}

/** erf by Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7), enough for KS tests at n <= 1e6. */
export function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}
export const normalCdf = (mean: number, std: number) => (x: number): number => 0.5 * (1 + erf((x - mean) / (std * Math.SQRT2)));
