// Helpers for thnn's tests: fixtures, tensors from them, comparisons.
import * as fs from 'fs';
import * as path from 'path';
import * as th from '@typetorch/th';
import * as nn from '../ts';

export type Num = number | 'nan' | 'inf' | '-inf';
export type Params = Record<string, number | string> | null;
export interface Case {
  op: string;
  params: Params;
  dtype: 'float32' | 'float64';
  shape: number[];
  transpose: boolean;
  input: Num[];
  gradOutput: Num[];
  output: Num[];
  gradInput: Num[];
  dim?: number;
}
export interface Fixtures {
  torch: string;
  activations: Case[];
  softmax: Case[];
}

export const fixtures: Fixtures = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'activations.json'), 'utf8'));

export const decode = (v: Num): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);

/** A tensor of the given dtype and shape holding values (row-major). */
export function make(values: readonly number[], shape: readonly number[], dtype: 'float32' | 'float64'): th.Tensor {
  const arr = dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
  return th.fromTypedArray(arr, shape, { dtype });
}

/** The case's input (base.t() when transposed: a non-contiguous view). */
export function inputOf(c: Case): th.Tensor {
  const base = make(c.input.map(decode), c.shape, c.dtype);
  return c.transpose ? base.t() : base;
}

export function gradOutputOf(c: Case, x: th.Tensor): th.Tensor {
  return make(c.gradOutput.map(decode), x.shape, c.dtype);
}

/** First mismatch between a tensor and expected values, or null. NaN matches NaN, inf matches inf. */
export function mismatch(t: th.Tensor, want: readonly Num[], rtol: number, atol: number): string | null {
  const got = Array.from(t.toTypedArray() as Float64Array | Float32Array);
  if (got.length !== want.length) return `length ${got.length}, expected ${want.length}`;
  for (let i = 0; i < got.length; i++) {
    const a = got[i];
    const b = decode(want[i]);
    if (Number.isNaN(b) ? Number.isNaN(a) : !Number.isFinite(b) ? a === b : Math.abs(a - b) <= atol + rtol * Math.abs(b)) continue;
    return `element ${i}: got ${a}, expected ${b}`;
  }
  return null;
}

export const tolerances = (dtype: string): [number, number] => (dtype === 'float64' ? [1e-12, 1e-14] : [1e-5, 1e-6]);

type Fn = (x: th.Tensor, p: Params) => th.Tensor;
type Bwd = (g: th.Tensor, x: th.Tensor, p: Params) => th.Tensor;
// The functions under test by fixture name; params are the TypeScript options as written by the generator.
const o = <T>(p: Params): T | undefined => (p ?? undefined) as T | undefined;
export const FORWARD: Record<string, Fn> = {
  relu: (x) => nn.relu(x),
  relu6: (x) => nn.relu6(x),
  leakyRelu: (x, p) => nn.leakyRelu(x, o(p)),
  elu: (x, p) => nn.elu(x, o(p)),
  selu: (x) => nn.selu(x),
  celu: (x, p) => nn.celu(x, o(p)),
  gelu: (x, p) => nn.gelu(x, o(p)),
  silu: (x) => nn.silu(x),
  mish: (x) => nn.mish(x),
  softplus: (x, p) => nn.softplus(x, o(p)),
  softsign: (x) => nn.softsign(x),
  hardtanh: (x, p) => nn.hardtanh(x, o(p)),
  hardsigmoid: (x) => nn.hardsigmoid(x),
  hardswish: (x) => nn.hardswish(x),
  logsigmoid: (x) => nn.logsigmoid(x),
  threshold: (x, p) => nn.threshold(x, Number(p?.threshold), Number(p?.value)),
  softshrink: (x, p) => nn.softshrink(x, o(p)),
  hardshrink: (x, p) => nn.hardshrink(x, o(p)),
  tanhshrink: (x) => nn.tanhshrink(x),
};
export const BACKWARD: Record<string, Bwd> = {
  relu: (g, x) => nn.reluBackward(g, x),
  relu6: (g, x) => nn.relu6Backward(g, x),
  leakyRelu: (g, x, p) => nn.leakyReluBackward(g, x, o(p)),
  elu: (g, x, p) => nn.eluBackward(g, x, o(p)),
  selu: (g, x) => nn.seluBackward(g, x),
  celu: (g, x, p) => nn.celuBackward(g, x, o(p)),
  gelu: (g, x, p) => nn.geluBackward(g, x, o(p)),
  silu: (g, x) => nn.siluBackward(g, x),
  mish: (g, x) => nn.mishBackward(g, x),
  softplus: (g, x, p) => nn.softplusBackward(g, x, o(p)),
  softsign: (g, x) => nn.softsignBackward(g, x),
  hardtanh: (g, x, p) => nn.hardtanhBackward(g, x, o(p)),
  hardsigmoid: (g, x) => nn.hardsigmoidBackward(g, x),
  hardswish: (g, x) => nn.hardswishBackward(g, x),
  logsigmoid: (g, x) => nn.logsigmoidBackward(g, x),
  threshold: (g, x, p) => nn.thresholdBackward(g, x, Number(p?.threshold)),
  softshrink: (g, x, p) => nn.softshrinkBackward(g, x, o(p)),
  hardshrink: (g, x, p) => nn.hardshrinkBackward(g, x, o(p)),
  tanhshrink: (g, x) => nn.tanhshrinkBackward(g, x),
};
