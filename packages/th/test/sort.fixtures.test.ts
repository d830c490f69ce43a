// Sorting, selection and search vs PyTorch: sort/argsort/msort, topk, kthvalue, median, nanmedian,
// mode, quantile, nanquantile, unique, uniqueConsecutive, searchsorted, bucketize, histc, bincount.
// Fixtures: test/fixtures/sort.json (tools/fixtures/gen_th_sort.py); format: sort-utils.ts.
import { FixtureCase, fixtureTests, loadFixture } from './fixture-utils';
import { SortCase, sortCaseProblems } from './sort-utils';

const fixture = loadFixture('sort');
const cases = fixture.cases as unknown as SortCase[];

describe('sorting ops match PyTorch ' + fixture.torch, () => {
  fixtureTests('sort', cases as unknown as FixtureCase[], (c) => expect(sortCaseProblems(c as unknown as SortCase)).toEqual([]));
});
