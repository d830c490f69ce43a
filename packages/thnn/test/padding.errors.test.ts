// pad / padBackward reject bad arguments with PyTorch's messages (never a crash).
import * as th from '@typetorch/th';
import * as nn from '../ts';

const x = th.zeros([1, 2, 3, 4], { dtype: 'float32' });

describe('pad errors', () => {
  it('checks the pad list', () => {
    expect(() => nn.pad(x, [1, 2, 3])).toThrow(/Padding length must be divisible by 2/);
    expect(() => nn.pad(x, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toThrow(/Padding length too large/);
    expect(() => nn.pad(x, [1.5, 1])).toThrow(TypeError);
    expect(() => nn.pad(x, 2 as unknown as number[])).toThrow(new TypeError('pad: expected pad to be an array of integers, but got 2'));
    expect(() => nn.pad(x, [1, 1], { mode: 'mirror' as nn.PadMode })).toThrow(/Unrecognised padding mode mirror/);
    expect(() => nn.pad(x, [1, 1], { value: '1' as unknown as number })).toThrow(TypeError);
  });
  it('rejects a value for the modes that take none', () => {
    expect(() => nn.pad(x, [1, 1, 1, 1], { mode: 'reflect', value: 2 })).toThrow(/Padding mode "reflect" doesn't take in value argument/);
    expect(() => nn.pad(x, [1, 1, 1, 1], { mode: 'reflect', value: 0 })).not.toThrow();
  });
  it('rejects ranks the non-constant modes do not take', () => {
    expect(() => nn.pad(x, [1, 1], { mode: 'reflect' })).toThrow(/Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now/);
    expect(() => nn.pad(th.zeros([4]), [1, 1], { mode: 'replicate' })).toThrow(/Only 2D, 3D, 4D, 5D padding/);
    expect(() => nn.pad(x.select(0, 0), [1, 1, 1, 1], { mode: 'circular' })).toThrow(/circularPad2d: Invalid padding size, expected 2 but got 4/);
  });
  it('rejects reflection padding as large as the dim, and circular padding that wraps more than once', () => {
    expect(() => nn.pad(x, [4, 0, 0, 0], { mode: 'reflect' })).toThrow(
      'reflectionPad2d: Padding size should be less than the corresponding input dimension, but got: padding (4, 0) at dimension 3 of input [1, 2, 3, 4]',
    );
    expect(() => nn.pad(x, [0, 0, 1, 3], { mode: 'reflect' })).toThrow(/padding \(1, 3\) at dimension 2/);
    expect(() => nn.pad(x, [5, 0], { mode: 'circular' })).toThrow(/circularPad1d: Only 2D, 3D, 4D, 5D padding/);
    expect(() => nn.pad(x.reshape([1, 6, 4]), [5, 0], { mode: 'circular' })).toThrow(/circularPad1d: Padding value causes wrapping around more than once/);
    expect(() => nn.pad(x.reshape([1, 6, 4]), [-3, 3], { mode: 'circular' })).toThrow(/wraps around the 1 elements left after cropping/);
  });
  it('rejects negative output sizes and empty non-batch dims', () => {
    expect(() => nn.pad(x, [-3, -2])).toThrow(
      'constantPadNd: The input size 4, plus negative padding -3 and -2 resulted in a negative output size, which is invalid. Check dimension 3 of your input.',
    );
    expect(() => nn.pad(x, [-3, -2, 0, 0], { mode: 'replicate' })).toThrow(/negative output size/);
    expect(() => nn.pad(th.zeros([2, 0, 3]), [1, 1], { mode: 'replicate' })).toThrow(
      'replicationPad1d: Expected 2D or 3D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [2, 0, 3]',
    );
  });
  it('checks dtypes and the backward arguments', () => {
    expect(() => nn.pad(th.zeros([2, 3], { dtype: 'int32' }), [1, 1])).toThrow('constantPadNd: expected input to be a float32 or float64 tensor, but got int32');
    expect(() => nn.padBackward(th.zeros([2, 3]), [2, 2])).toThrow(/constantPadNdBackward: gradOutput size 3 at dimension 1 is smaller than the padding \(2, 2\)/);
    expect(() => nn.padBackward(th.zeros([1, 2, 5]), [2, 2], { mode: 'reflect' })).toThrow(/reflectionPad1dBackward: Padding size should be less than/);
    expect(() => nn.padBackward(null as unknown as th.Tensor, [1, 1])).toThrow(new TypeError('padBackward: expected gradOutput to be a Tensor'));
  });
});
