// gridSample / affineGrid and their backward reject bad arguments with PyTorch's messages.
import * as th from '@typetorch/th';
import * as nn from '../ts';

const x = th.zeros([2, 3, 4, 5], { dtype: 'float32' });
const grid = th.zeros([2, 3, 3, 2], { dtype: 'float32' });

describe('gridSample errors', () => {
  it('checks the options', () => {
    expect(() => nn.gridSample(x, grid, { mode: 'area' as nn.GridSampleMode })).toThrow(
      "gridSample: expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: 'area'",
    );
    expect(() => nn.gridSample(x, grid, { paddingMode: 'wrap' as nn.GridSamplePadding })).toThrow(
      "gridSample: expected paddingMode to be 'zeros', 'border', or 'reflection', but got: 'wrap'",
    );
    expect(() => nn.gridSample(x, grid, { alignCorners: 1 as unknown as boolean })).toThrow(TypeError);
  });
  it('checks the shapes and dtypes of input and grid (libTHNN)', () => {
    expect(() => nn.gridSample(x, grid.narrow(0, 0, 1))).toThrow(
      'gridSampler: expected grid and input to have same batch size, but got input with sizes [2, 3, 4, 5] and grid with sizes [1, 3, 3, 2]',
    );
    expect(() => nn.gridSample(x, th.zeros([2, 3, 3, 3]))).toThrow(/expected grid to have size 2 in last dimension, but got grid with sizes \[2, 3, 3, 3\]/);
    expect(() => nn.gridSample(x, th.zeros([2, 3, 2]))).toThrow(/expected 4D or 5D input and grid with same number of dimensions/);
    expect(() => nn.gridSample(x.select(0, 0), grid.select(0, 0))).toThrow(/expected 4D or 5D input/);
    expect(() => nn.gridSample(x, grid.double())).toThrow('gridSampler: expected input and grid to have same dtype, but input has float32 and grid has float64');
    expect(() => nn.gridSample(x.narrow(2, 0, 0), grid)).toThrow(/expected input to have non-empty spatial dimensions, but input has sizes \[2, 3, 0, 5\] with dimension 2 being empty/);
    expect(() => nn.gridSample(th.zeros([1, 1, 2, 2, 2]), th.zeros([1, 1, 1, 1, 3]), { mode: 'bicubic' })).toThrow(
      'gridSampler: bicubic interpolation only supports 4D input',
    );
    expect(() => nn.gridSample(x.long(), grid.long())).toThrow(/expected input to be a float32 or float64 tensor, but got int64/);
  });
  it('checks gradOutput', () => {
    expect(() => nn.gridSampleBackward(th.zeros([2, 3, 3, 4]), x, grid)).toThrow(
      "gridSamplerBackward: expected gradOutput to have sizes [2, 3, 3, 3] (the output's), but got [2, 3, 3, 4]",
    );
    expect(() => nn.gridSampleBackward(th.zeros([2, 3, 3, 3], { dtype: 'float64' }), x, grid)).toThrow(
      /expected gradOutput to have the dtype of input \(float32\), but got float64/,
    );
  });
});

describe('affineGrid errors', () => {
  const theta = th.zeros([2, 2, 3], { dtype: 'float32' });
  it("checks theta's dtype and shape against size", () => {
    expect(() => nn.affineGrid(theta.long(), [2, 1, 4, 4])).toThrow(new TypeError('affineGrid: Expected theta to have floating point type, but got int64'));
    expect(() => nn.affineGrid(theta, [2, 1, 4, 4, 4])).toThrow('affineGrid: Expected a batch of 3D affine matrices of shape Nx3x4 for size [2, 1, 4, 4, 4]. Got [2, 2, 3].');
    expect(() => nn.affineGrid(th.zeros([2, 3, 4]), [2, 1, 4, 4])).toThrow(/Expected a batch of 2D affine matrices of shape Nx2x3/);
    expect(() => nn.affineGrid(theta, [3, 1, 4, 4])).toThrow(/Expected theta's batch size 2 to equal size\[0\] = 3/);
  });
  it('checks size', () => {
    expect(() => nn.affineGrid(theta, [2, 1, 4])).toThrow(
      'affineGrid: affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size [2, 1, 4].',
    );
    expect(() => nn.affineGrid(theta, [2, 1, 0, 4])).toThrow('affineGrid: Expected non-zero, positive output size. Got [2, 1, 0, 4]');
    expect(() => nn.affineGrid(theta, [2, 1, 4.5, 4])).toThrow(TypeError);
    expect(() => nn.affineGridBackward(th.zeros([2, 4, 4, 3]), [2, 1, 4, 4])).toThrow(
      'affineGridBackward: expected gradGrid to have shape [2, 4, 4, 2], but got [2, 4, 4, 3]',
    );
  });
});
