// Reductions and scans vs PyTorch: fixtures test/fixtures/reduce-big.json (tools/fixtures/gen_th_reduce.py).
import { fixtureTests } from './fixture-utils';
import { FixtureCase } from './fixture-utils';
import { ReduceCase, loadReduceFixture, reduceProblems } from './reduce-utils';

const fixture = loadReduceFixture('reduce-big');

describe('reductions (big) match PyTorch ' + fixture.torch, () => {
  fixtureTests('reduce-big', fixture.cases as unknown as FixtureCase[], (c) => expect(reduceProblems(c as unknown as ReduceCase)).toEqual([]));
});
