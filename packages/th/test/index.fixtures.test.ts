// Indexing and joining vs PyTorch: every case of fixtures/index.json (tools/fixtures/gen_th_index.py)
// runs in TypeTorch and must give PyTorch's dtype, shape and values (strides and storage offsets
// too for the ops that return views), or throw where PyTorch raises.
import { fixtureTests } from './fixture-utils';
import { indexCaseProblems, loadIndexFixture } from './index-utils';
import { FixtureCase } from './fixture-utils';

const fixture = loadIndexFixture();

describe('indexing and joining match PyTorch ' + fixture.torch, () => {
  fixtureTests('index', fixture.cases as unknown as FixtureCase[], (c) => {
    expect(indexCaseProblems(c as unknown as Parameters<typeof indexCaseProblems>[0])).toEqual([]);
  });
});
