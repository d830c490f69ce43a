// Bad arguments to the poolings give clear errors (PyTorch's words where PyTorch has them), never
// a crash; edge shapes PyTorch accepts work.
import * as th from '@typetorch/th';
import * as nn from '../ts';

const f64 = (shape: number[]) => th.randn(shape, { dtype: 'float64' });
const x4 = f64([2, 3, 5, 5]);

describe('pooling errors', () => {
  it('rejects wrong ranks and empty non-batch dims', () => {
    expect(() => nn.maxPool2d(f64([3, 5]), 2)).toThrow(
      /^maxPool2d: Expected 3D or 4D \(batch mode\) tensor with optional 0 dim batch size for input, but got: \[3, 5\]$/);
    expect(() => nn.maxPool1d(x4, 2)).toThrow(/maxPool1d: Expected 2D or 3D \(batch mode\) tensor .* but got: \[2, 3, 5, 5\]/);
    expect(() => nn.avgPool3d(f64([3, 5, 5]), 2)).toThrow(/avgPool3d: Expected 4D or 5D \(batch mode\) tensor/);
    expect(() => nn.adaptiveAvgPool2d(f64([1, 2, 3, 4, 5]), 2)).toThrow(/adaptiveAvgPool2d: Expected 3D or 4D/);
    expect(() => nn.maxUnpool2d(f64([2, 2]), th.zeros([2, 2], { dtype: 'int64' }), 2)).toThrow(/maxUnpool2d: Expected 3D or 4D/);
    expect(() => nn.fractionalMaxPool2d(f64([7, 9]), 2, { outputSize: 3 })).toThrow(/fractionalMaxPool2d: Expected 3D or 4D/);
    expect(() => nn.maxPool2d(f64([2, 3, 0, 5]), 2)).toThrow(
      'maxPool2d: Expected input to have non-zero size for non-batch dimensions, but input has sizes [2, 3, 0, 5] with dimension 2 being empty');
    expect(() => nn.adaptiveMaxPool2d(f64([2, 0, 5, 5]), 2)).toThrow(/dimension 1 being empty/);
  });
  it('rejects non-floating inputs and what is not a tensor', () => {
    expect(() => nn.maxPool2d(th.ones([1, 4, 4], { dtype: 'int64' }), 2)).toThrow(
      'maxPool2d: expected input to be a float32 or float64 tensor, but got int64');
    expect(() => nn.avgPool1d([1, 2, 3] as unknown as th.Tensor, 2)).toThrow(new TypeError('avgPool1d: expected input to be a Tensor'));
    expect(() => nn.maxPool2dBackward(x4, x4, null as unknown as th.Tensor, 2)).toThrow(
      new TypeError('maxPool2dBackward: expected indices to be a Tensor'));
  });
  it('rejects zero or negative kernels, strides and dilations', () => {
    expect(() => nn.maxPool2d(x4, 0)).toThrow('maxPool2d: kernel size should be greater than zero, but got kH: 0 kW: 0');
    expect(() => nn.avgPool3d(f64([1, 2, 5, 5, 5]), [2, -1, 2])).toThrow(
      'avgPool3d: kernel size should be greater than zero, but got kT: 2 kH: -1 kW: 2');
    expect(() => nn.maxPool2d(x4, 2, { stride: [0, 2] })).toThrow('maxPool2d: stride should be greater than zero, but got dH: 0 dW: 2');
    expect(() => nn.avgPool1d(f64([3, 5]), 2, { stride: -1 })).toThrow('avgPool1d: stride should be greater than zero, but got dW: -1');
    expect(() => nn.maxPool3d(f64([1, 2, 5, 5, 5]), 2, { dilation: 0 })).toThrow(
      'maxPool3d: dilation should be greater than zero, but got dilationT: 0 dilationH: 0 dilationW: 0');
    expect(() => nn.fractionalMaxPool2d(x4, 0, { outputSize: 2, randomSamples: th.rand([2, 3, 2], { dtype: 'float64' }) })).toThrow(
      /fractionalMaxPool2d: kernel size should be greater than zero/);
    expect(() => nn.maxPool2d(x4, 3e9)).toThrow('maxPool2d: kernel size must be at most 2147483647 in magnitude, but got 3000000000');
  });
  it('rejects padding beyond half the kernel, in PyTorch words', () => {
    expect(() => nn.maxPool2d(x4, 3, { stride: 1, padding: 2 })).toThrow(
      'maxPool2d: pad should be at most half of kernel size, but got pad=2 and kernel_size=3');
    expect(() => nn.avgPool1d(f64([3, 5]), 3, { padding: 2 })).toThrow(/pad should be at most half of kernel size, but got pad=2 and kernel_size=3/);
    expect(() => nn.maxPool3d(f64([1, 2, 5, 5, 5]), [3, 3, 2], { padding: [1, 1, 2] })).toThrow(/pad=2 and kernel_size=2/);
    expect(() => nn.avgPool2d(x4, 3, { padding: -1 })).toThrow('avgPool2d: pad must be non-negative, but got pad: -1');
  });
  it('rejects outputs that would be empty', () => {
    expect(() => nn.maxPool2d(x4, 6)).toThrow(
      'maxPool2d: Given input size: (3x5x5). Calculated output size: (3x0x0). Output size is too small');
    expect(() => nn.avgPool1d(f64([3, 5]), 6)).toThrow('avgPool1d: Given input size: (3x5). Calculated output size: (3x0). Output size is too small');
    expect(() => nn.maxPool3d(f64([1, 2, 3, 5, 5]), 4)).toThrow(/\(2x3x5x5\)\. Calculated output size: \(2x0x1x1\)\. Output size is too small/);
    // LP pooling reports its average pooling's errors (as PyTorch's lp_pool2d reports avg_pool2d's)
    expect(() => nn.lpPool2d(x4, 2, 6)).toThrow(/avgPool2d: Given input size: \(3x5x5\)/);
  });
  it('rejects a divisor of zero and negative adaptive sizes', () => {
    expect(() => nn.avgPool2d(x4, 2, { divisorOverride: 0 })).toThrow('avgPool2d: divisor must be not zero');
    expect(() => nn.avgPool2d(x4, 2, { divisorOverride: 1.5 })).toThrow(new TypeError('avgPool2d: expected divisorOverride to be an integer, but got 1.5'));
    expect(() => nn.adaptiveAvgPool2d(x4, [-1, 2])).toThrow(
      'adaptiveAvgPool2d: elements of output_size must be greater than or equal to 0 but received {-1, 2}');
    expect(() => nn.adaptiveMaxPool3d(f64([1, 2, 3, 3, 3]), -2)).toThrow(/received \{-2, -2, -2\}/);
  });
  it('rejects malformed per-dim arguments and options (TypeError)', () => {
    expect(() => nn.maxPool2d(x4, [1, 2, 3])).toThrow(new TypeError('maxPool2d: expected kernelSize to be an integer or an array of 2 integers, but got [1,2,3]'));
    expect(() => nn.maxPool1d(f64([3, 5]), 2.5)).toThrow(new TypeError('maxPool1d: expected kernelSize to be an integer or an array of 1 integer, but got 2.5'));
    expect(() => nn.avgPool2d(x4, 2, { padding: '1' as unknown as number })).toThrow(/avgPool2d: expected padding to be an integer or an array of 2 integers, but got string/);
    expect(() => nn.maxPool2d(x4, 2, { ceilMode: 1 as unknown as boolean })).toThrow(new TypeError('maxPool2d: expected ceilMode to be a boolean, but got 1'));
    expect(() => nn.adaptiveAvgPool2d(x4, [2])).toThrow(/adaptiveAvgPool2d: expected outputSize to be an integer or an array of 2 integers or nulls/);
    expect(() => nn.lpPool1d(f64([3, 5]), '2' as unknown as number, 2)).toThrow(new TypeError('lpPool1d: expected normType to be a number, but got string'));
    expect(() => nn.avgPool2d(x4, 2, 3 as unknown as nn.AvgPoolOptions)).toThrow(new TypeError('avgPool2d: expected options to be an object, but got number'));
  });
  it('checks backward arguments: shapes, dtypes and indices in range', () => {
    const { output, indices } = nn.maxPool2d(x4, 2, { returnIndices: true });
    expect(() => nn.maxPool2dBackward(f64([2, 3, 3, 3]), x4, indices, 2)).toThrow(
      'maxPool2dBackward: expected gradOutput of shape [2, 3, 2, 2], but got [2, 3, 3, 3]');
    expect(() => nn.maxPool2dBackward(output.float(), x4, indices, 2)).toThrow(
      'maxPool2dBackward: expected gradOutput to have the dtype of input (float64), but got float32');
    expect(() => nn.maxPool2dBackward(output, x4, indices.int(), 2)).toThrow('maxPool2dBackward: expected indices to be an int64 tensor, but got int32');
    const bad = indices.clone();
    bad.view([-1]).indexPut_([th.tensor([5], { dtype: 'int64' })], th.tensor(25, { dtype: 'int64' }));
    expect(() => nn.maxPool2dBackward(output, x4, bad, 2)).toThrow(
      'maxPool2dBackward: index 25 is out of range for an input plane of size 5x5 (expected 0 <= index < 25)');
    expect(() => nn.adaptiveMaxPool2dBackward(output, x4, bad)).toThrow(/adaptiveMaxPool2dBackward: index 25 is out of range/);
    expect(() => nn.avgPool2dBackward(f64([2, 3, 2, 3]), x4, 2)).toThrow('avgPool2dBackward: expected gradOutput of shape [2, 3, 2, 2], but got [2, 3, 2, 3]');
    expect(() => nn.adaptiveAvgPool2dBackward(f64([2, 3, 2]), x4)).toThrow(
      'adaptiveAvgPool2dBackward: expected gradOutput to have 4 dims, as the input, but got [2, 3, 2]');
  });
  it('max unpooling: indices in range, int64, of the input shape; outputSize within a stride of the default', () => {
    const { output, indices } = nn.maxPool2d(f64([2, 3, 4, 4]), 2, { returnIndices: true });
    const bad = indices.clone();
    bad.view([-1]).indexPut_([th.tensor([0], { dtype: 'int64' })], th.tensor(16, { dtype: 'int64' }));
    expect(() => nn.maxUnpool2d(output, bad, 2)).toThrow('maxUnpool2d: Found an invalid max index: 16 (output volumes are of size 4x4)');
    expect(() => nn.maxUnpool2dBackward(f64([2, 3, 4, 4]), bad)).toThrow('maxUnpool2dBackward: Found an invalid max index: 16 (output volumes are of size 4x4)');
    bad.view([-1]).indexPut_([th.tensor([0], { dtype: 'int64' })], th.tensor(-1, { dtype: 'int64' }));
    expect(() => nn.maxUnpool2d(output, bad, 2)).toThrow(/Found an invalid max index: -1/);
    expect(() => nn.maxUnpool2d(output, indices.int(), 2)).toThrow('maxUnpool2d: expected indices to be an int64 tensor, but got int32');
    expect(() => nn.maxUnpool2d(output, indices.narrow(2, 0, 1), 2)).toThrow(
      'maxUnpool2d: expected indices of shape [2, 3, 2, 2], but got [2, 3, 1, 2]');
    expect(() => nn.maxUnpool2d(output, indices, 2, { outputSize: [7, 5] })).toThrow(
      new RangeError('maxUnpool2d: invalid outputSize [7, 5] (dim 0 must be between 2 and 6)'));
    expect(() => nn.maxUnpool2d(output, indices, 2, { outputSize: [5] })).toThrow(
      new RangeError('maxUnpool2d: outputSize should be a sequence containing 2 or 4 elements, but it has a length of 1'));
    expect(nn.maxUnpool2d(output, indices, 2, { outputSize: [2, 3, 5, 5] }).shape).toEqual([2, 3, 5, 5]);
    const o1 = nn.maxPool1d(f64([2, 3, 6]), 2, { returnIndices: true });
    const bad1 = o1.indices.clone();
    bad1.view([-1]).indexPut_([th.tensor([1], { dtype: 'int64' })], th.tensor(99, { dtype: 'int64' }));
    expect(() => nn.maxUnpool1d(o1.output, bad1, 2)).toThrow('maxUnpool1d: Found an invalid max index: 99 (output volumes are of size 6)');
  });
  it('fractional max pooling: output size or ratio, samples of the right shape, dtype and range', () => {
    const x = f64([2, 3, 7, 9]);
    const s = th.rand([2, 3, 2], { dtype: 'float64' });
    expect(() => nn.fractionalMaxPool2d(x, 2, {})).toThrow('fractionalMaxPool2d requires specifying either an outputSize or an outputRatio');
    expect(() => nn.fractionalMaxPool2d(x, 2, { outputSize: 3, outputRatio: 0.5 })).toThrow(
      'fractionalMaxPool2d: only one of outputSize and outputRatio may be specified');
    expect(() => nn.fractionalMaxPool2d(x, 2, { outputRatio: 1.5 })).toThrow(new RangeError('fractionalMaxPool2d: outputRatio must be between 0 and 1 (got 1.5)'));
    expect(() => nn.fractionalMaxPool3d(f64([1, 2, 5, 5, 5]), 2, { outputRatio: [0.5, 0, 0.5] })).toThrow(/outputRatio must be between 0 and 1 \(got 0\)/);
    expect(() => nn.fractionalMaxPool2d(x, 4, { outputSize: [5, 5], randomSamples: s })).toThrow(
      'fractionalMaxPool2d: pool height 4 too large relative to input height 7 and output height 5');
    expect(() => nn.fractionalMaxPool3d(f64([2, 3, 7, 8, 9]), 5, { outputSize: [4, 4, 4] })).toThrow(/pool time 5 too large relative to input time 7/);
    expect(() => nn.fractionalMaxPool2d(x, 2, { outputSize: 3, randomSamples: s.narrow(0, 0, 1) })).toThrow(
      'fractionalMaxPool2d: expected randomSamples of shape [2, 3, 2], but got [1, 3, 2]');
    expect(() => nn.fractionalMaxPool2d(x, 2, { outputSize: 3, randomSamples: s.float() })).toThrow(
      'fractionalMaxPool2d: expected randomSamples to have the dtype of input (float64), but got float32');
    expect(() => nn.fractionalMaxPool2d(x, 2, { outputSize: 3, randomSamples: s.mul(5) })).toThrow(/fractionalMaxPool2d: expected randomSamples in \[0, 1\], but got [0-9.]+/);
    expect(() => nn.fractionalMaxPool2d(x, 2, { outputSize: [-1, 3], randomSamples: s })).toThrow(/output size should not be negative, but got -1/);
  });
});

describe('pooling edge shapes', () => {
  it('accepts an empty batch, and adaptive sizes of 0', () => {
    expect(nn.maxPool2d(f64([0, 3, 5, 5]), 2).shape).toEqual([0, 3, 2, 2]);
    expect(nn.avgPool1d(f64([0, 3, 5]), 2).shape).toEqual([0, 3, 2]);
    expect(nn.adaptiveAvgPool2d(x4, [0, 2]).shape).toEqual([2, 3, 0, 2]);
    expect(nn.adaptiveMaxPool1d(f64([3, 5]), 0).shape).toEqual([3, 0]);
    expect(nn.adaptiveAvgPool2d(f64([2, 0, 5, 5]), 2).shape).toEqual([2, 0, 2, 2]);
    const { output, indices } = nn.maxPool2d(f64([0, 3, 4, 4]), 2, { returnIndices: true });
    expect(nn.maxPool2dBackward(output, f64([0, 3, 4, 4]), indices, 2).shape).toEqual([0, 3, 4, 4]);
  });
  it('gives a window that holds no input -inf and the index PyTorch gives; its backward refuses that index', () => {
    // padding 1, dilation 3: the only window holds positions -1 and 2, both outside [0, 2)
    const x = th.tensor([[[5, 6]]], { dtype: 'float64' });
    const r = nn.maxPool1d(x, 2, { padding: 1, dilation: 3, returnIndices: true });
    expect(Array.from(r.output.toTypedArray() as Float64Array)).toEqual([-Infinity]);
    expect(Number(r.indices.item())).toBe(2);
    expect(() => nn.maxPool1dBackward(th.ones([1, 1, 1], { dtype: 'float64' }), x, r.indices, 2, { padding: 1, dilation: 3 })).toThrow(
      /index 2 is out of range for an input plane of size 2/);
  });
  it('returns only the output unless returnIndices, and draws fractional samples from the given generator', () => {
    expect(nn.maxPool2d(x4, 2)).toBeInstanceOf(th.Tensor);
    expect(nn.adaptiveMaxPool2d(x4, 2)).toBeInstanceOf(th.Tensor);
    const draw = (seed: number) => nn.fractionalMaxPool2d(x4, 2, { outputSize: 3, generator: new th.Generator().manualSeed(seed) });
    expect(draw(7).toArray()).toEqual(draw(7).toArray());
    expect(draw(7).toArray()).not.toEqual(draw(8).toArray());
    th.manualSeed(11);
    const fromDefault = nn.fractionalMaxPool2d(x4, 2, { outputSize: 3 });
    expect(fromDefault.toArray()).toEqual(draw(11).toArray());
  });
  it('keeps working after errors', () => {
    expect(() => nn.maxPool2d(x4, 0)).toThrow();
    expect(Array.from(nn.maxPool1d(th.tensor([[1, 3, 2, 0]], { dtype: 'float32' }), 2).toTypedArray() as Float32Array)).toEqual([3, 2]);
  });
});
