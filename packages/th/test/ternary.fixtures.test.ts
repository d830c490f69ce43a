// clamp, lerp, addcmul, addcdiv, where and nanToNum vs PyTorch.
// Fixtures: test/fixtures/ternary.json (tools/fixtures/gen_th_fixtures.py); tolerances: fixture-utils.ts.
import { elementwiseProblems, fixtureTests, loadFixture } from './fixture-utils';

const fixture = loadFixture('ternary');

describe('ternary ops match PyTorch ' + fixture.torch, () => {
  fixtureTests('ternary', fixture.cases, (c) => expect(elementwiseProblems(c)).toEqual([]));
});
