// Binary elementwise ops vs PyTorch: dtype pairs (type promotion), broadcasting, tensor x JS number, alpha, non-contiguous inputs.
// Fixtures: test/fixtures/binary.json (tools/fixtures/gen_th_fixtures.py); tolerances: fixture-utils.ts.
import { elementwiseProblems, fixtureTests, loadFixture } from './fixture-utils';

const fixture = loadFixture('binary');

describe('binary ops match PyTorch ' + fixture.torch, () => {
  fixtureTests('binary', fixture.cases, (c) => expect(elementwiseProblems(c)).toEqual([]));
});
