// Reductions and scans vs PyTorch: fixtures test/fixtures/reduce-special.json (tools/fixtures/gen_th_reduce.py).
import { fixtureTests } from './fixture-utils';
import { FixtureCase } from './fixture-utils';
import { ReduceCase, loadReduceFixture, reduceProblems } from './reduce-utils';

const fixture = loadReduceFixture('reduce-special');

describe('reductions (special) match PyTorch ' + fixture.torch, () => {
  fixtureTests('reduce-special', fixture.cases as unknown as FixtureCase[], (c) => expect(reduceProblems(c as unknown as ReduceCase)).toEqual([]));
});
