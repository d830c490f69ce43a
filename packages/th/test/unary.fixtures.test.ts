// Unary elementwise ops (float, half, integer and bool inputs; special values; non-contiguous inputs) vs PyTorch.
// Fixtures: test/fixtures/unary.json (tools/fixtures/gen_th_fixtures.py); tolerances: fixture-utils.ts.
import { elementwiseProblems, fixtureTests, loadFixture } from './fixture-utils';

const fixture = loadFixture('unary');

describe('unary ops match PyTorch ' + fixture.torch, () => {
  fixtureTests('unary', fixture.cases, (c) => expect(elementwiseProblems(c)).toEqual([]));
});
