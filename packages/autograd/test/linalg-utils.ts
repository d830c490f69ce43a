// Helpers shared by linalg.test.ts and tensor_algebra.test.ts: reproducible float64 inputs, a
// gradgradcheck that works around gradcheck's numerical pass running under noGrad, and the runner
// of the PyTorch fixtures (test/fixtures/linalg.json, from tools/fixtures/gen_autograd_linalg.py).
import * as fs from 'fs';
import * as path from 'path';
import * as ag from '@typetorch/autograd';

type Json = number | string | boolean | null | Json[] | { [k: string]: Json };
export type Kwargs = Record<string, Json>;

// ---- inputs ----

/** Reproducible values in [-1, 1) (an LCG: no two rows are linearly related, unlike sin(a + i b)). */
function pseudoRandom(n: number, seed: number): number[] {
  let state = (seed * 2654435761) % 4294967296;
  return Array.from({ length: n }, () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return (state / 4294967296) * 2 - 1;
  });
}

/** A float64 leaf of the given shape that requires grad. */
export function leaf(shape: number[], seed: number): ag.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return ag.tensor(pseudoRandom(n, seed), { dtype: 'float64' }).reshape(shape).detach().requiresGrad_(true);
}

/** A well-conditioned square matrix (random + n I), as a leaf. */
export function square(n: number, seed: number, batch: number[] = []): ag.Tensor {
  const x = leaf([...batch, n, n], seed).detach();
  return x.add(ag.eye(n, { dtype: 'float64' }).mul(n)).detach().requiresGrad_(true);
}

/** X X^T + I: symmetric positive-definite, differentiable in X (how PyTorch gradchecks cholesky / eigh). */
export function spdOf(X: ag.Tensor): ag.Tensor {
  return X.matmul(X.mT).add(ag.eye(X.shape[X.ndim - 1], { dtype: X.dtype }));
}

/** X + X^T: symmetric, differentiable in X. */
export function symOf(X: ag.Tensor): ag.Tensor {
  return X.add(X.mT);
}

type Fn = (...xs: ag.Tensor[]) => ag.Tensor | ag.Tensor[];

export function gradgradcheck(fn: Fn, inputs: ag.Tensor[]): boolean {
  return ag.gradgradcheck(fn, inputs);
}

// ---- fixtures ----

interface TensorSpec {
  dtype: ag.DType;
  shape: number[];
  data: (number | string)[];
}
export interface FixtureCase {
  id: string;
  op: string;
  inputs: TensorSpec[];
  kwargs: Kwargs;
  expected: { error: string } | { outputs: TensorSpec[]; grads: (TensorSpec | null)[] | null };
}
/** An op as the fixture's table names it: the inputs (leaves that require grad) -> outputs. */
export type FixtureOp = (inputs: ag.Tensor[], kwargs: Kwargs) => ag.Tensor[];

const decode = (v: number | string): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : (v as number));

/** A kwarg that may be an encoded infinity. */
export const num = (v: Json | undefined, fallback: number): number => (v === undefined || v === null ? fallback : decode(v as number | string));

let cache: FixtureCase[] | null = null;
export function loadCases(ops: Record<string, FixtureOp>): FixtureCase[] {
  cache ??= (JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'linalg.json'), 'utf8')) as { cases: FixtureCase[] }).cases;
  return cache.filter((c) => c.op in ops);
}

const RTOL = 1e-8;
const ATOL = 1e-10;

function expectClose(actual: ag.Tensor, expected: TensorSpec, what: string, device: ag.Device): void {
  expect(`${what}: [${actual.shape.join(', ')}] ${actual.dtype} ${actual.device}`).toBe(
    `${what}: [${expected.shape.join(', ')}] ${expected.dtype} ${device}`,
  );
  const a = Array.from(actual.detach().cpu().contiguous().toTypedArray() as Float64Array);
  const bad: string[] = [];
  expected.data.map(decode).forEach((e, i) => {
    const ok = Number.isNaN(e) ? Number.isNaN(a[i]) : !Number.isFinite(e) ? a[i] === e : Math.abs(a[i] - e) <= ATOL + RTOL * Math.abs(e);
    if (!ok && bad.length < 3) bad.push(`at ${i}: got ${a[i]}, expected ${e}`);
  });
  expect(`${what} ${bad.join('; ')}`).toBe(`${what} `);
}

/** The loss weights of output k: cos(0.7 i + k) at flat position i (as the generator makes them). */
function weights(shape: number[], k: number, device: ag.Device): ag.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return ag.tensor(Array.from({ length: n }, (_, i) => Math.cos(0.7 * i + k)), { dtype: 'float64', device }).reshape(shape);
}

/** Runs one fixture case on `device`: PyTorch's outputs (or error) and the gradients of sum_k sum(out_k W_k). */
export function runCase(c: FixtureCase, op: FixtureOp, device: ag.Device = 'cpu'): void {
  const inputs = c.inputs.map((s) =>
    ag.tensor(s.data.map(decode), { dtype: s.dtype, device }).reshape(s.shape).detach().requiresGrad_(true),
  );
  const e = c.expected;
  if ('error' in e) {
    expect(() => op(inputs, c.kwargs)).toThrow();
    return;
  }
  const outs = op(inputs, c.kwargs);
  expect(outs.length).toBe(e.outputs.length);
  outs.forEach((o, k) => expectClose(o, e.outputs[k], `output ${k}`, device));
  if (e.grads === null) return;
  const terms = outs.map((o, k) => o.mul(weights(o.shape, k, device)).sum()).filter((t) => t.requiresGrad);
  const loss = terms.reduce((a, b) => a.add(b));
  const grads = ag.grad([loss], inputs, { allowUnused: true });
  grads.forEach((g, i) => {
    const want = e.grads![i];
    if (want === null) {
      // PyTorch's None: no gradient (ours may be null or zeros)
      if (g !== null) expect(g.abs().sum().item()).toBe(0);
      return;
    }
    expect(g).not.toBeNull();
    expectClose(g!, want, `grad ${i}`, device);
  });
}
