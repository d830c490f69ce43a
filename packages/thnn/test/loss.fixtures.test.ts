// Every loss, forward and every gradient, against PyTorch (test/fixtures/loss.json, written by
// tools/fixtures/gen_thnn_loss.py), in float32 and float64, with contiguous and strided inputs.
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { TensorJson, decode, expectTensor, loadFixture, tensorOf, tolerancesFor } from './fixture-utils';
import { LOSSES } from './loss-cases';

interface LossCase {
  id: string;
  fn: string;
  args: TensorJson[];
  options: Record<string, unknown>;
  output: TensorJson;
  gradOutput: TensorJson;
  grads: Record<string, TensorJson>;
}

const fixture = loadFixture<LossCase>('loss');
const isTensorJson = (v: unknown): v is TensorJson => typeof v === 'object' && v !== null && 'dtype' in v && 'data' in v;

/** The TypeScript options of a case: tensors built, 'inf' decoded. */
function optionsOf(c: LossCase, nonContiguous: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.options))
    o[k] = isTensorJson(v) ? tensorOf(v, { nonContiguous }) : v === 'inf' || v === '-inf' ? decode(v) : v;
  return o;
}

describe('losses match PyTorch ' + fixture.torch, () => {
  it('covers every loss function', () => {
    expect(new Set(fixture.cases.map((c) => c.fn))).toEqual(new Set(Object.keys(LOSSES)));
    for (const name of Object.keys(LOSSES)) expect(typeof (nn as Record<string, unknown>)[name + 'Backward']).toBe('function');
  });
  for (const nonContiguous of [false, true]) {
    describe(nonContiguous ? 'strided inputs' : 'contiguous inputs', () => {
      test.each(fixture.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
        const loss = LOSSES[c.fn];
        const args = c.args.map((a) => tensorOf(a, { nonContiguous }));
        const o = optionsOf(c, nonContiguous);
        const tol = tolerancesFor(c.output.dtype);
        expectTensor(loss.forward(args, o), c.output, tol);
        const grads = loss.backward(tensorOf(c.gradOutput), args, o);
        for (const [name, want] of Object.entries(c.grads)) {
          const got = grads[name];
          expect(got).toBeInstanceOf(th.Tensor);
          expectTensor(got as th.Tensor, want, tol);
        }
      });
    });
  }
});
