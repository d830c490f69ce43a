// The finite-difference checker itself: it accepts a correct backward and rejects wrong ones.
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { checkGradients } from './finite-diff';

const x = th.tensor([-1.3, 0.4, 2.1, -0.2, 0.9, 1.7], { dtype: 'float64' }).reshape([2, 3]);

describe('checkGradients', () => {
  it('accepts a correct backward', () => {
    expect(checkGradients(([a]) => nn.softmax(a, 1), (g, [a]) => [nn.softmaxBackward(g, nn.softmax(a, 1), 1)], [x])).toBeNull();
  });
  it('rejects a wrong gradient, a wrong shape and a missing gradient', () => {
    expect(checkGradients(([a]) => nn.softmax(a, 1), (g, [a]) => [nn.softmaxBackward(g, nn.softmax(a, 0), 0)], [x])).toMatch(
      /analytic .* numeric/,
    );
    expect(checkGradients(([a]) => nn.silu(a), (g) => [g.reshape([6])], [x])).toMatch(/gradient shape \[6\]/);
    expect(checkGradients(([a]) => nn.silu(a), () => [null], [x])).toMatch(/no gradient/);
  });
});
