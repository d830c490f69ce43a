// In-place (op_) and out= forms vs PyTorch: which result dtypes may be written where, resizing, overlap errors.
// Fixtures: test/fixtures/inplace.json (tools/fixtures/gen_th_fixtures.py); tolerances: fixture-utils.ts.
import { elementwiseProblems, fixtureTests, loadFixture } from './fixture-utils';

const fixture = loadFixture('inplace');

describe('inplace ops match PyTorch ' + fixture.torch, () => {
  fixtureTests('inplace', fixture.cases, (c) => expect(elementwiseProblems(c)).toEqual([]));
});
