// gridSample / affineGrid and their backward against PyTorch (test/fixtures/grid_sample.json,
// written by tools/fixtures/gen_thnn_grid_sample.py), with contiguous and strided inputs, and
// backward against finite differences of the forward.
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { checkGradients } from './finite-diff';
import { expectTensor, loadFixture, tensorOf, TensorJson } from './fixture-utils';

interface SampleCase {
  id: string;
  options: nn.GridSampleOptions;
  input: TensorJson;
  grid: TensorJson;
  gradOutput: TensorJson;
  output: TensorJson;
  gradInput: TensorJson;
  gradGrid: TensorJson;
}
interface AffineCase {
  id: string;
  size: number[];
  alignCorners: boolean;
  theta: TensorJson;
  gradGrid: TensorJson;
  grid: TensorJson;
  gradTheta: TensorJson;
}

const fixture = loadFixture<SampleCase | AffineCase>('grid_sample');
const samples = fixture.cases.filter((c): c is SampleCase => 'grid' in c && 'input' in c);
const affines = fixture.cases.filter((c): c is AffineCase => 'theta' in c);

describe(`gridSample matches PyTorch ${fixture.torch}`, () => {
  it('covers every mode, padding and alignment', () => {
    const kinds = new Set(samples.map((c) => `${c.options.mode} ${c.options.paddingMode} ${c.options.alignCorners}`));
    expect(kinds.size).toBe(18);
  });
  test.each(samples.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    for (const nonContiguous of [false, true]) {
      const x = tensorOf(c.input, { nonContiguous });
      const grid = tensorOf(c.grid, { nonContiguous });
      expectTensor(nn.gridSample(x, grid, c.options), c.output);
      const { gradInput, gradGrid } = nn.gridSampleBackward(tensorOf(c.gradOutput, { nonContiguous }), x, grid, c.options);
      expectTensor(gradInput, c.gradInput);
      expectTensor(gradGrid, c.gradGrid);
    }
  });
});

describe(`affineGrid matches PyTorch ${fixture.torch}`, () => {
  test.each(affines.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const options = { alignCorners: c.alignCorners };
    expectTensor(nn.affineGrid(tensorOf(c.theta, { nonContiguous: true }), c.size, options), c.grid);
    expectTensor(nn.affineGridBackward(tensorOf(c.gradGrid, { nonContiguous: true }), c.size, options), c.gradTheta);
  });
});

describe('gridSampleBackward and affineGridBackward = finite differences (float64)', () => {
  const values = (shape: number[], f: (i: number) => number) =>
    th.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => f(i)), { dtype: 'float64' }).reshape(shape);
  // grid positions away from pixel boundaries and from the padding's kinks (where the gradient jumps)
  const grid2d = values([1, 2, 3, 2], (i) => -1.17 + 0.211 * i);
  const grid3d = values([1, 2, 1, 2, 3], (i) => -0.93 + 0.157 * i);
  const variants: [string, number[], th.Tensor, nn.GridSampleOptions][] = [
    ['bilinear zeros', [1, 2, 3, 4], grid2d, {}],
    ['bilinear border align', [1, 2, 3, 4], grid2d, { paddingMode: 'border', alignCorners: true }],
    ['bilinear reflection', [1, 1, 3, 4], grid2d, { paddingMode: 'reflection' }],
    ['bicubic zeros', [1, 2, 3, 4], grid2d, { mode: 'bicubic' }],
    ['bicubic reflection align', [1, 1, 4, 3], grid2d, { mode: 'bicubic', paddingMode: 'reflection', alignCorners: true }],
    ['nearest border', [1, 2, 3, 4], grid2d, { mode: 'nearest', paddingMode: 'border' }],
    ['trilinear zeros', [1, 2, 2, 3, 2], grid3d, {}],
    ['trilinear reflection align', [1, 1, 3, 2, 3], grid3d, { paddingMode: 'reflection', alignCorners: true }],
  ];
  test.each(variants)('%s', (_name, shape, grid, options) => {
    const x = values(shape, (i) => Math.sin(0.9 * i + 0.3));
    const error = checkGradients(
      ([t, g]) => nn.gridSample(t, g, options),
      (go, [t, g]) => {
        const { gradInput, gradGrid } = nn.gridSampleBackward(go, t, g, options);
        return [gradInput, gradGrid];
      },
      [x, grid],
    );
    expect(error).toBeNull();
  });
  test.each([
    ['2d', [2, 1, 3, 4], false],
    ['3d aligned', [1, 1, 2, 3, 2], true],
  ] as const)('affineGrid %s', (_name, size, alignCorners) => {
    const k = size.length - 2;
    const theta = values([size[0], k, k + 1], (i) => 0.4 * Math.cos(1.1 * i));
    const error = checkGradients(
      ([t]) => nn.affineGrid(t, size, { alignCorners }),
      (g) => [nn.affineGridBackward(g, size, { alignCorners })],
      [theta],
    );
    expect(error).toBeNull();
  });
});

describe('gridSample details', () => {
  it('with the identity grid, bilinear sampling returns the input', () => {
    const x = th.tensor([[[[1, 2, 3], [4, 5, 6]]]], { dtype: 'float64' });
    const grid = nn.affineGrid(th.tensor([[[1, 0, 0], [0, 1, 0]]], { dtype: 'float64' }), [1, 1, 2, 3], { alignCorners: true });
    expect(nn.gridSample(x, grid, { alignCorners: true }).toArray()).toEqual(x.toArray());
  });
  it('reads zeros (and gives zero gradients) at NaN positions, and the padding far outside', () => {
    const x = th.tensor([[[[1, 2], [3, 4]]]], { dtype: 'float32' });
    const grid = th.tensor([[[[NaN, 0], [1e30, -1e30]]]], { dtype: 'float32' });
    expect(nn.gridSample(x, grid).toArray()).toEqual([[[[0, 0]]]]);
    expect(nn.gridSample(x, grid, { paddingMode: 'border' }).toArray()).toEqual([[[[0, 2]]]]);
    expect(nn.gridSample(x, grid, { mode: 'bicubic', paddingMode: 'border' }).toArray()).toEqual([[[[0, 2]]]]);
    const { gradGrid } = nn.gridSampleBackward(th.ones([1, 1, 1, 2], { dtype: 'float32' }), x, grid, { paddingMode: 'border' });
    expect(Array.from(gradGrid.toTypedArray() as Float32Array).map(Math.abs)).toEqual([0, 0, 0, 0]);
  });
  it('handles an empty batch and zero channels', () => {
    const x = th.zeros([2, 0, 3, 3], { dtype: 'float64' });
    const grid = th.zeros([2, 4, 5, 2], { dtype: 'float64' });
    expect(nn.gridSample(x, grid).shape).toEqual([2, 0, 4, 5]);
    const { gradInput, gradGrid } = nn.gridSampleBackward(th.zeros([2, 0, 4, 5], { dtype: 'float64' }), x, grid);
    expect(gradInput.shape).toEqual([2, 0, 3, 3]);
    expect(gradGrid.toArray()).toEqual(th.zeros([2, 4, 5, 2], { dtype: 'float64' }).toArray());
  });
});
