// toString() vs PyTorch's str(tensor): number formats, sci mode, summarising, line wrapping, suffixes.
// Fixtures: test/fixtures/print.json (tools/fixtures/gen_th_fixtures.py); compared exactly.
import { TensorSpec, buildTensor, fixtureTests, loadFixture } from './fixture-utils';

const fixture = loadFixture('print');

describe('toString matches PyTorch ' + fixture.torch + ' str()', () => {
  fixtureTests('print', fixture.cases, (c) => {
    const e = c.expected as { str: string };
    const t = buildTensor(c.args[0] as TensorSpec);
    expect(t.toString()).toBe(e.str);
  });
});
