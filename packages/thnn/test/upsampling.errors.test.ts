// interpolate / interpolateBackward reject bad arguments with PyTorch's messages (never a crash).
import * as th from '@typetorch/th';
import * as nn from '../ts';

const x3 = th.zeros([1, 2, 4], { dtype: 'float32' });
const x4 = th.zeros([1, 2, 3, 4], { dtype: 'float32' });
const x5 = th.zeros([1, 2, 2, 3, 4], { dtype: 'float64' });

describe('interpolate errors', () => {
  it('needs exactly one of size and scaleFactor', () => {
    expect(() => nn.interpolate(x4, { size: 3, scaleFactor: 2 })).toThrow(/only one of size or scaleFactor should be defined/);
    expect(() => nn.interpolate(x4, {})).toThrow(/either size or scaleFactor should be defined/);
    expect(() => nn.interpolate(x4, undefined as unknown as nn.InterpolateOptions)).toThrow(TypeError);
    expect(() => nn.interpolate(x4, { size: 3, recomputeScaleFactor: true })).toThrow(/recomputeScaleFactor is not meaningful with an explicit size/);
  });
  it('needs one size or factor per spatial dim, of the right type', () => {
    expect(() => nn.interpolate(x4, { size: [3, 4, 5] })).toThrow(
      /Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of \[3, 4\] and output size of \[3, 4, 5\]/,
    );
    expect(() => nn.interpolate(x4, { scaleFactor: [2] })).toThrow(/Input and scaleFactor must have the same number of spatial dimensions/);
    expect(() => nn.interpolate(x4, { size: 2.5 })).toThrow(new TypeError('interpolate: expected size to be an integer or an array of them, but got 2.5'));
    expect(() => nn.interpolate(x4, { scaleFactor: '2' as unknown as number })).toThrow(TypeError);
  });
  it('rejects alignCorners with the non-interpolating modes', () => {
    for (const mode of ['nearest', 'nearest-exact', 'area'] as const)
      expect(() => nn.interpolate(x4, { size: 5, mode, alignCorners: false })).toThrow(
        /alignCorners option can only be set with the interpolating modes: linear \| bilinear \| bicubic \| trilinear/,
      );
  });
  it('rejects ranks a mode does not take, and unknown modes', () => {
    expect(() => nn.interpolate(x3, { size: 5, mode: 'bilinear' })).toThrow(/Got 3D input, but bilinear mode needs 4D input/);
    expect(() => nn.interpolate(x4, { size: 5, mode: 'linear' })).toThrow(/Got 4D input, but linear mode needs 3D input/);
    expect(() => nn.interpolate(x5, { size: 5, mode: 'bilinear' })).toThrow(/Got 5D input, but bilinear mode needs 4D input/);
    expect(() => nn.interpolate(x4, { size: 5, mode: 'trilinear' })).toThrow(/Got 4D input, but trilinear mode needs 5D input/);
    expect(() => nn.interpolate(x5, { size: 5, mode: 'bicubic' })).toThrow(/Only 3D, 4D and 5D input Tensors supported \(got 5D\).*\(got bicubic\)/);
    expect(() => nn.interpolate(th.zeros([2, 3]), { size: [] })).toThrow(/Only 3D, 4D and 5D input Tensors supported \(got 2D\)/);
    expect(() => nn.interpolate(x4, { size: 5, mode: 'cubic' as nn.InterpolateMode })).toThrow(/\(got cubic\)/);
    expect(() => nn.interpolate(x4, { size: 5, antialias: true } as nn.InterpolateOptions)).toThrow(/antialias is not supported/);
  });
  it('rejects empty sizes and empty channels (libTHNN)', () => {
    expect(() => nn.interpolate(x4, { scaleFactor: 0.2 })).toThrow(
      'upsampleNearest2d: Input and output sizes should be greater than 0, but got input (H: 3, W: 4) output (H: 0, W: 0)',
    );
    expect(() => nn.interpolate(th.zeros([1, 2, 0, 4]), { size: [2, 2], mode: 'bilinear' })).toThrow(/upsampleBilinear2d: Input and output sizes should be greater than 0/);
    expect(() => nn.interpolate(th.zeros([1, 0, 3]), { size: 4, mode: 'linear' })).toThrow(
      'upsampleLinear1d: Non-empty 3D data tensor expected but got a tensor with sizes [1, 0, 3]',
    );
    expect(() => nn.interpolate(th.zeros([1, 1, 3], { dtype: 'int64' }), { size: 4 })).toThrow(
      'upsampleNearest1d: expected input to be a float32 or float64 tensor, but got int64',
    );
  });
  it('checks the backward arguments', () => {
    expect(() => nn.interpolateBackward(th.zeros([1, 2, 5, 5]), [1, 2, 3, 4], { size: [5, 6], mode: 'bicubic' })).toThrow(
      'upsampleBicubic2dBackward: expected gradOutput to have sizes [1, 2, 5, 6] (the output\'s), but got [1, 2, 5, 5]',
    );
    expect(() => nn.interpolateBackward(th.zeros([1, 2, 5, 5], { dtype: 'float64' }), [1, 2, 3, 4], { size: 5, mode: 'area' })).not.toThrow();
    expect(() => nn.interpolateBackward(th.zeros([1, 2, 5]), [1, 2, -3], { size: 5 })).toThrow(TypeError);
    expect(() => nn.interpolateBackward([1] as unknown as th.Tensor, [1, 2, 3], { size: 5 })).toThrow(
      new TypeError('interpolateBackward: expected gradOutput to be a Tensor'),
    );
  });
});
