// clamp, lerp, addcmul, addcdiv, where and nanToNum vs PyTorch.
// Fixtures: test/fixtures/ternary.json (tools/fixtures/gen_th_fixtures.py); tolerances: fixture-utils.ts.
import { fixtureTests, loadFixture, runElementwise } from './fixture-utils';

const fixture = loadFixture('ternary');

describe('ternary ops match PyTorch ' + fixture.torch, () => {
  fixtureTests('ternary', fixture.cases, runElementwise);
});
