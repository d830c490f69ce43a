// Fused LSTM / GRU cell backward against central finite differences of the forward (float64):
// gradients of both gate products, the previous state and both biases.
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { checkGradients } from './finite-diff';

const B = 2;
const H = 3;
let seed = 0;
/** Deterministic values in about [-2, 2]. */
const values = (shape: number[]) => {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Float64Array.from({ length: n }, () => 2 * Math.sin(1.37 * ++seed + 0.2));
  return th.fromTypedArray(v, shape, { dtype: 'float64' });
};

describe('fusedLstmCell backward = finite differences (float64)', () => {
  const inputs = [values([B, 4 * H]), values([B, 4 * H]), values([B, H]), values([4 * H]), values([4 * H])];
  const lstm = ([ig, hg, cx, ib, hb]: th.Tensor[]) => nn.fusedLstmCell(ig, hg, cx, ib, hb);
  const grads = (gradHy: th.Tensor | null, gradCy: th.Tensor | null, xs: th.Tensor[]) => {
    const r = lstm(xs);
    const g = nn.fusedLstmCellBackward(gradHy, gradCy, xs[2], r.cy, r.workspace, true);
    return [g.gradGates, g.gradGates, g.gradCx, g.gradBias, g.gradBias];
  };
  it('of hy and cy together', () => {
    const both = (xs: th.Tensor[]) => {
      const r = lstm(xs);
      return th.cat([r.hy, r.cy], 1);
    };
    expect(checkGradients(both, (g, xs) => grads(g.narrow(1, 0, H), g.narrow(1, H, H), xs), inputs)).toBeNull();
  });
  it('of hy alone (gradCy null) and of cy alone (gradHy null)', () => {
    expect(checkGradients((xs) => lstm(xs).hy, (g, xs) => grads(g, null, xs), inputs)).toBeNull();
    expect(checkGradients((xs) => lstm(xs).cy, (g, xs) => grads(null, g, xs), inputs)).toBeNull();
  });
  it('without biases', () => {
    const noBias = inputs.slice(0, 3);
    const f = ([ig, hg, cx]: th.Tensor[]) => nn.fusedLstmCell(ig, hg, cx);
    const b = (g: th.Tensor, xs: th.Tensor[]) => {
      const r = f(xs);
      const d = nn.fusedLstmCellBackward(g, null, xs[2], r.cy, r.workspace, false);
      expect(d.gradBias).toBeNull();
      return [d.gradGates, d.gradGates, d.gradCx];
    };
    expect(checkGradients((xs) => f(xs).hy, b, noBias)).toBeNull();
  });
});

describe('fusedGruCell backward = finite differences (float64)', () => {
  const inputs = [values([B, 3 * H]), values([B, 3 * H]), values([B, H]), values([3 * H]), values([3 * H])];
  const gru = ([ig, hg, hx, ib, hb]: th.Tensor[]) => nn.fusedGruCell(ig, hg, hx, ib, hb);
  it('with biases', () => {
    const b = (g: th.Tensor, xs: th.Tensor[]) => {
      const d = nn.fusedGruCellBackward(g, gru(xs).workspace, true);
      return [d.gradInputGates, d.gradHiddenGates, d.gradHx, d.gradInputBias, d.gradHiddenBias];
    };
    expect(checkGradients((xs) => gru(xs).hy, b, inputs)).toBeNull();
  });
  it('without biases', () => {
    const f = ([ig, hg, hx]: th.Tensor[]) => nn.fusedGruCell(ig, hg, hx);
    const b = (g: th.Tensor, xs: th.Tensor[]) => {
      const d = nn.fusedGruCellBackward(g, f(xs).workspace, false);
      expect(d.gradInputBias).toBeNull();
      return [d.gradInputGates, d.gradHiddenGates, d.gradHx];
    };
    expect(checkGradients((xs) => f(xs).hy, b, inputs.slice(0, 3))).toBeNull();
  });
});
