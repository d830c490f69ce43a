// Creation functions vs PyTorch: arange, linspace, logspace, eye, full, zeros, ones, tensor().
// Fixtures: test/fixtures/creation.json (tools/fixtures/gen_th_fixtures.py); tolerances: fixture-utils.ts.
import * as th from '@typetorch/th';
import { FixtureCase, JsonValue, decode, fixtureTests, loadFixture, tensorCaseProblems } from './fixture-utils';

const fixture = loadFixture('creation');

function create(c: FixtureCase): () => th.Tensor {
  const kw = (c.kwargs ?? {}) as { dtype?: th.DType; base?: number };
  const options = kw.dtype ? { dtype: kw.dtype } : undefined;
  const a = c.args as unknown as number[];
  switch (c.op) {
    case 'arange':
      if (a.length === 1) return () => th.arange(a[0], options);
      if (a.length === 2) return () => th.arange(a[0], a[1], options);
      return () => th.arange(a[0], a[1], a[2], options);
    case 'linspace':
      return () => th.linspace(a[0], a[1], a[2], options);
    case 'logspace':
      return () => th.logspace(a[0], a[1], a[2], { ...options, base: kw.base });
    case 'eye':
      return a.length === 1 ? () => th.eye(a[0], options) : () => th.eye(a[0], a[1], options);
    case 'full': {
      const [shape, value] = c.args as unknown as [number[], JsonValue];
      return () => th.full(shape, decode(value), options);
    }
    case 'zeros':
      return () => th.zeros(c.args[0] as unknown as number[], options);
    case 'ones':
      return () => th.ones(c.args[0] as unknown as number[], options);
    case 'tensor':
      return () => th.tensor(c.args[0] as unknown as th.NestedArray<number | boolean>, options);
    default:
      throw new Error(`fixture ${c.id}: unknown creation op '${c.op}'`);
  }
}

describe('creation functions match PyTorch ' + fixture.torch, () => {
  fixtureTests('creation', fixture.cases, (c) => expect(tensorCaseProblems(c, create(c))).toEqual([]));
});
