// Reading the THNN fixtures written by tools/fixtures/gen_thnn_<module>.py (thnn_fixture_lib.py):
// test/fixtures/<module>.json = { generator, torch, cases: [{ id, ...tensors as TensorJson }] }.
import * as fs from 'fs';
import * as path from 'path';
import * as th from '@typetorch/th';

export type Num = number | 'nan' | 'inf' | '-inf';
export interface TensorJson {
  dtype: th.DType;
  shape: number[];
  data: Num[];
}
export interface FixtureFile<C> {
  generator: string;
  torch: string;
  cases: C[];
}

export const decode = (v: Num): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);

export function loadFixture<C extends { id: string }>(module: string): FixtureFile<C> {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', `${module}.json`), 'utf8'));
}

/** The same values in strided memory (every other element of a wider tensor's last dim). */
export function nonContiguous(t: th.Tensor): th.Tensor {
  if (t.ndim === 0 || t.numel() === 0) return t;
  const wide = th.zeros([...t.shape.slice(0, -1), 2 * t.shape[t.ndim - 1]], { dtype: t.dtype });
  const view = wide.slice(-1, 0, null, 2);
  view.copy_(t);
  return view;
}

/** The tensor a fixture describes; nonContiguous: the same values in strided memory. */
export function tensorOf(j: TensorJson, options: { nonContiguous?: boolean } = {}): th.Tensor {
  const t = th.tensor(j.data.map(decode), { dtype: j.dtype }).reshape(j.shape);
  return options.nonContiguous ? nonContiguous(t) : t;
}

/** [rtol, atol] for comparing with PyTorch: float32 kernels may sum in a different order. */
export const tolerancesFor = (dtype: string): [number, number] => (dtype === 'float64' ? [1e-10, 1e-12] : [2e-5, 2e-6]);

/** First value that differs beyond atol + rtol * |expected| (NaN matches NaN, inf matches inf), or null. */
export function firstMismatch(t: th.Tensor, want: TensorJson, rtol: number, atol: number): string | null {
  if (JSON.stringify(t.shape) !== JSON.stringify(want.shape)) return `shape [${t.shape}], expected [${want.shape}]`;
  if (t.dtype !== want.dtype) return `dtype ${t.dtype}, expected ${want.dtype}`;
  const got = Array.from(t.contiguous().toTypedArray() as ArrayLike<number | bigint>, Number);
  for (let i = 0; i < got.length; i++) {
    const a = got[i];
    const b = decode(want.data[i]);
    if (Number.isNaN(b) ? Number.isNaN(a) : !Number.isFinite(b) ? a === b : Math.abs(a - b) <= atol + rtol * Math.abs(b)) continue;
    return `element ${i}: got ${a}, expected ${b}`;
  }
  return null;
}

/** Expects t to match the fixture tensor (shape, dtype, values within the dtype's tolerances unless given). */
export function expectTensor(t: th.Tensor, want: TensorJson, tol: [number, number] = tolerancesFor(want.dtype)): void {
  expect(firstMismatch(t, want, tol[0], tol[1])).toBeNull();
}
