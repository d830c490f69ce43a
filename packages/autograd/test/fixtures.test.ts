// Forward values and gradients of every differentiable op against PyTorch's, on the CPU (the
// runner and the fixture: fixture_runner.ts).
import { FIXTURE_OPS, KNOWN_FAILURES } from './fixture_ops';
import { describeFixtures, fixture } from './fixture_runner';

test('the fixture covers every op of the table, and only those', () => {
  expect([...new Set(fixture.cases.map((c) => c.op))].sort()).toEqual(Object.keys(FIXTURE_OPS).sort());
  expect(Object.keys(KNOWN_FAILURES).filter((id) => !fixture.cases.some((c) => c.id === id))).toEqual([]);
});

describeFixtures('cpu');
