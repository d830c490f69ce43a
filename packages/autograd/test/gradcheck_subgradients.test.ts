// Gradients at points where an op is not differentiable (ties, zeros, bounds), which gradcheck
// cannot check: each expected value follows the rule PyTorch's derivatives.yaml uses there (named
// per case), worked out by hand for the input.
import * as ag from '@typetorch/autograd';
import type { NestedArray } from '@typetorch/th';

const f64 = (v: NestedArray<number>): ag.Tensor => ag.tensor(v, { dtype: 'float64' });
const third = 1 / 3;

/** [name and rule, input, fn, expected gradient of fn(x).sum()] */
const CASES: [string, NestedArray<number>, (x: ag.Tensor) => ag.Tensor, NestedArray<number>][] = [
  ['std of a constant: 0 where std is 0 (std_backward masks result == 0)', [1, 1, 1], (x) => x.std(), [0, 0, 0]],
  ['std(dim) of constant rows', [[2, 2], [1, 3]], (x) => x.std(1), [[0, 0], [-Math.SQRT1_2, Math.SQRT1_2]]],
  ['median() with three ties: evenly_distribute_backward', [2, 1, 2, 2], (x) => x.median(), [third, 0, third, third]],
  ['amax() with three ties: shared evenly', [2, 2, 2], (x) => x.amax(), [third, third, third]],
  ['max() with two ties: shared evenly', [2, -1, 2], (x) => x.max(), [0.5, 0, 0.5]],
  ['max(dim) with ties: to the index returned', [[1, 3, 3]], (x) => x.max(1).values, [[0, 1, 0]]],
  ['norm 2 of zeros: 0 (masked where the norm is 0)', [0, 0, 0], (x) => x.norm(), [0, 0, 0]],
  ['norm 3 of zeros: 0', [0, 0], (x) => x.norm(3), [0, 0]],
  ['norm 1 at 0: sgn(0) = 0', [0, -2], (x) => x.norm(1), [0, -1]],
  ['norm inf with |x| ties: sgn(x) shared evenly', [-2, 2, 1], (x) => x.norm(Infinity), [-0.5, 0.5, 0]],
  ['abs at 0: sgn(0) = 0', [0, -1.5], (x) => x.abs(), [0, -1]],
  ['clamp at its bounds: 1 (self >= min and self <= max)', [-1, 0, 1], (x) => x.clamp(-1, 1), [1, 1, 1]],
  ['maximum with ties: half each', [1, 2], (x) => x.maximum(f64([1, 0])), [0.5, 1]],
  ['pow(x, 0) at 0: 0 (masked where the exponent is 0)', [0, 3], (x) => x.pow(0), [0, 0]],
  ['pow(0, b) w.r.t. b: 0 where the base is 0 and b >= 0', [0, 2], (b) => f64([0, 0]).pow(b), [0, 0]],
  ['sqrt at 0: inf', [0, 4], (x) => x.sqrt(), [Infinity, 0.25]],
  ['cumprod of zeros: products of the other elements', [0, 0, 0], (x) => x.cumprod(0), [1, 0, 0]],
  ['prod with two zeros: 0', [0, 2, 0], (x) => x.prod(), [0, 0, 0]],
  ['nanToNum: 0 for the replaced values', [NaN, Infinity, 1], (x) => x.nanToNum(), [0, 0, 1]],
];

describe('gradients at non-differentiable points (PyTorch conventions)', () => {
  test.each(CASES)('%s', (_name, input, fn, expected) => {
    const x = f64(input).requiresGrad_();
    fn(x).sum().backward();
    const got = (x.grad!.toTypedArray() as Float64Array).map((v) => v);
    const want = (f64(expected).toTypedArray() as Float64Array).map((v) => v);
    expect(got.length).toBe(want.length);
    want.forEach((w, i) => (Number.isFinite(w) ? expect(got[i]).toBeCloseTo(w, 12) : expect(got[i]).toBe(w)));
  });
});
