// Reductions and scans vs PyTorch: fixtures test/fixtures/reduce-dtypes.json (tools/fixtures/gen_th_reduce.py).
import { fixtureTests } from './fixture-utils';
import { FixtureCase } from './fixture-utils';
import { ReduceCase, loadReduceFixture, reduceProblems } from './reduce-utils';

const fixture = loadReduceFixture('reduce-dtypes');

describe('reductions (dtypes) match PyTorch ' + fixture.torch, () => {
  fixtureTests('reduce-dtypes', fixture.cases as unknown as FixtureCase[], (c) => expect(reduceProblems(c as unknown as ReduceCase)).toEqual([]));
});
