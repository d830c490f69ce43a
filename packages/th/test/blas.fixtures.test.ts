// Matrix products against PyTorch (fixtures from tools/fixtures/gen_th_blas.py), once through the
// BLAS libTH was built with and once through the built-in GEMM (switched at run time).
import * as th from '@typetorch/th';
import { fixtureTests, loadFixture } from './fixture-utils';
import { blasProblems } from './blas-utils';

const { cases } = loadFixture('blas');
const backends: ('blas' | 'builtin')[] = th.buildInfo().blas === 'builtin' ? ['builtin'] : ['blas', 'builtin'];

afterAll(() => th.setBlasBackend(backends[0]));

describe.each(backends)('GEMM backend %s', (backend) => {
  beforeAll(() => th.setBlasBackend(backend));
  test('the backend is in use', () => {
    expect(th.getBlasBackend()).toBe(backend);
  });
  fixtureTests('blas', cases, (c) => {
    expect(blasProblems(c)).toEqual([]);
  });
});
