// The runner of fixtures/autograd_grads.json (forward values and gradients of every differentiable
// op against PyTorch's), on the CPU (fixtures.test.ts) or on a CUDA device (cuda_fixtures.test.ts).
//
// The fixture is written by tools/fixtures/gen_autograd_fixtures.py (its docstring describes the
// encoding). Each case builds its float64 inputs on the device (requiresGrad as in PyTorch; some
// non-contiguous), runs the op through fixture_ops.ts, compares the result(s), runs backward with
// PyTorch's gradOutput, and compares every input's .grad: PyTorch's tensor, or null where PyTorch
// left .grad unset. Results and gradients must be on the inputs' device. Values: |got - want| <=
// 1e-10 + 1e-9 * |want|; NaN must be NaN, infinities exact.
import * as fs from 'fs';
import * as path from 'path';
import * as ag from '@typetorch/autograd';
import { FIXTURE_OPS, KNOWN_FAILURES } from './fixture_ops';

type JsonValue = number | boolean | string;
interface TensorJson {
  shape: number[];
  values: JsonValue[];
}
interface InputJson extends TensorJson {
  dtype?: 'int64' | 'bool';
  requiresGrad?: boolean;
  transpose?: boolean;
}
interface GradCase {
  id: string;
  op: string;
  inputs: InputJson[];
  kwargs: Record<string, unknown>;
  out: TensorJson | TensorJson[];
  gradOutput: TensorJson | (TensorJson | null)[];
  grads: (TensorJson | null)[];
}

const RTOL = 1e-9;
const ATOL = 1e-10;

export const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'autograd_grads.json'), 'utf8')) as {
  torch: string;
  cases: GradCase[];
};

function decode(v: JsonValue): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (typeof v !== 'number') throw new Error(`fixture: cannot decode ${JSON.stringify(v)}`);
  return v;
}

function float64(t: TensorJson, device: ag.Device): ag.Tensor {
  return ag.fromTypedArray(Float64Array.from(t.values, decode), t.shape, { device });
}

/** A leaf as the case describes it; "transpose": memory holds the transpose of the last two dims. */
function makeInput(spec: InputJson, device: ag.Device): ag.Tensor {
  if (spec.dtype === 'int64') {
    return ag.fromTypedArray(BigInt64Array.from(spec.values, (v) => BigInt(v as number)), spec.shape, { device });
  }
  if (spec.dtype === 'bool') {
    return ag.fromTypedArray(Uint8Array.from(spec.values, (v) => (v ? 1 : 0)), spec.shape, { dtype: 'bool', device });
  }
  const t = spec.transpose ? transposedInMemory(spec, device) : float64(spec, device);
  return t.requiresGrad_(spec.requiresGrad ?? false);
}

/** A leaf of the spec's shape whose memory holds the transpose of its last two dims (non-contiguous). */
function transposedInMemory(spec: TensorJson, device: ag.Device): ag.Tensor {
  const shape = spec.shape;
  const [m, n] = shape.slice(-2);
  const memory = new Float64Array(spec.values.length);
  spec.values.forEach((v, k) => {
    const [batch, i, j] = [Math.floor(k / (m * n)), Math.floor(k / n) % m, k % n];
    memory[batch * m * n + j * m + i] = decode(v);
  });
  const t = ag.fromTypedArray(memory, [...shape.slice(0, -2), n, m], { device }).transpose(-2, -1);
  if (t.isContiguous()) throw new Error('fixture: a transposed input should not be contiguous');
  return t;
}

/** kwargs with {"input": k} replaced by input k and "inf" / "-inf" by infinities. */
function resolve(v: unknown, xs: ag.Tensor[]): unknown {
  if (Array.isArray(v)) return v.map((w) => resolve(w, xs));
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === 'input') return xs[o.input as number];
    return Object.fromEntries(keys.map((k) => [k, resolve(o[k], xs)]));
  }
  if (v === 'inf' || v === '-inf') return decode(v);
  return v;
}

function close(got: number, want: number): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= ATOL + RTOL * Math.abs(want);
}

/** Shape, dtype and every value of t against PyTorch's; the message lists the first mismatches. */
function expectTensor(t: ag.Tensor, want: TensorJson, what: string, device: ag.Device): void {
  expect({ what, shape: t.shape, dtype: t.dtype, device: t.device }).toEqual({ what, shape: want.shape, dtype: 'float64', device });
  const got = Array.from(t.cpu().toTypedArray() as Float64Array);
  const wanted = want.values.map(decode);
  const bad = wanted.flatMap((w, i) => (close(got[i], w) ? [] : [`[${i}] got ${got[i]}, want ${w}`]));
  expect({ what, mismatches: bad.slice(0, 6), count: bad.length }).toEqual({ what, mismatches: [], count: 0 });
}

const asList = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

function runCase(c: GradCase, device: ag.Device): void {
  const op = FIXTURE_OPS[c.op];
  if (op === undefined) throw new Error(`fixture: no entry for op '${c.op}' in fixture_ops.ts`);
  const xs = c.inputs.map((spec) => makeInput(spec, device));
  const result = op(xs, resolve(c.kwargs, xs) as Record<string, unknown>);
  const outs = asList(result);
  const wantOuts = asList(c.out);
  expect(outs.length).toBe(wantOuts.length);
  outs.forEach((o, i) => expectTensor(o, wantOuts[i], `out[${i}]`, device));

  // several results: one backward each (gradients add up), the graph kept for the next
  const gradOutputs = asList(c.gradOutput);
  const roots = outs.flatMap((o, i) => (gradOutputs[i] === null ? [] : [[o, float64(gradOutputs[i]!, device)] as const]));
  roots.forEach(([o, g], k) => o.backward(g, { retainGraph: k < roots.length - 1 }));

  c.grads.forEach((want, i) => {
    const g = xs[i].grad;
    if (want === null) expect({ input: i, grad: g === null ? null : g.shape }).toEqual({ input: i, grad: null });
    else {
      expect({ input: i, hasGrad: g !== null }).toEqual({ input: i, hasGrad: true });
      expectTensor(g!, want, `grad of input ${i}`, device);
    }
  });
}

/** The fixture's cases as jest tests, with every tensor on `device` ('cpu', 'cuda:0', ...). */
export function describeFixtures(device: ag.Device, describeFn: jest.Describe = describe): void {
  describeFn(`gradients against PyTorch ${fixture.torch} (${device})`, () => {
    const byOp = new Map<string, GradCase[]>();
    for (const c of fixture.cases) byOp.set(c.op, [...(byOp.get(c.op) ?? []), c]);
    for (const [op, cases] of byOp) {
      describe(op, () => {
        for (const c of cases) {
          if (c.id in KNOWN_FAILURES) test.failing(`${c.id} (known failure: see KNOWN_FAILURES)`, () => runCase(c, device));
          else test(c.id, () => runCase(c, device));
        }
      });
    }
  });
}
