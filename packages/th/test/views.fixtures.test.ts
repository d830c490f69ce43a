// View functions vs PyTorch: shape, strides, storage offset, isContiguous and values of the result
// of each view op (and chains of them), or that it throws where PyTorch does.
// Fixtures: test/fixtures/views.json (tools/fixtures/gen_th_fixtures.py).
import * as th from '@typetorch/th';
import { TensorSpec, applyView, buildBase, fixtureTests, loadFixture, tensorCaseProblems } from './fixture-utils';

const fixture = loadFixture('views');

describe('view functions match PyTorch ' + fixture.torch, () => {
  fixtureTests('views', fixture.cases, (c) => {
    const spec = c.args[0] as TensorSpec;
    const steps = spec.views ?? [];
    // every step but the last is built outside the error check: an expected error comes from the last
    let t: th.Tensor = buildBase(spec);
    for (const s of steps.slice(0, -1)) t = applyView(t, s);
    const last = steps[steps.length - 1];
    expect(tensorCaseProblems(c, () => (last ? applyView(t, last) : t))).toEqual([]);
  });
});
