// Bad arguments to the convolutions, fold and unfold: PyTorch's messages, never a crash.
import * as th from '@typetorch/th';
import * as nn from '../ts';

const f32 = (shape: number[]) => th.ones(shape, { dtype: 'float32' });
const f64 = (shape: number[]) => th.ones(shape, { dtype: 'float64' });
const w4 = f32([4, 4, 3, 3]);

describe('convolution errors', () => {
  it('rejects inputs and weights of the wrong rank', () => {
    expect(() => nn.conv2d(f32([2, 3]), w4)).toThrow(
      /^conv2d: Expected 3D \(unbatched\) or 4D \(batched\) input to conv2d, but got input of size: \[2, 3\]$/);
    expect(() => nn.conv1d(f32([2, 3, 4, 5]), f32([2, 3, 3]))).toThrow(
      'conv1d: Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [2, 3, 4, 5]');
    expect(() => nn.conv3d(f32([1, 1, 2]), f32([1, 1, 1, 1, 1]))).toThrow(/Expected 4D \(unbatched\) or 5D \(batched\) input to conv3d/);
    expect(() => nn.convTranspose2d(f32([4, 7]), w4)).toThrow(/Expected 3D \(unbatched\) or 4D \(batched\) input to convTranspose2d/);
    expect(() => nn.conv2d(f32([1, 4, 7, 7]), f32([4, 4, 3]))).toThrow(
      'conv2d: expected weight to be 4-dimensional, but got weight of size [4, 4, 3]');
  });
  it('rejects an input whose channels do not match the weight', () => {
    expect(() => nn.conv2d(f32([1, 5, 7, 7]), w4)).toThrow(
      'conv2d: Given groups=1, weight of size [4, 4, 3, 3], expected input[1, 5, 7, 7] to have 4 channels, but got 5 channels instead');
    // an unbatched input is named by its batched shape, as PyTorch does
    expect(() => nn.conv2d(f32([5, 7, 7]), w4)).toThrow(/expected input\[1, 5, 7, 7\] to have 4 channels, but got 5 channels instead/);
    expect(() => nn.conv2d(f32([1, 5, 7, 7]), f32([4, 1, 3, 3]), null, { groups: 4 })).toThrow(
      /Given groups=4, weight of size \[4, 1, 3, 3\], expected input\[1, 5, 7, 7\] to have 4 channels, but got 5/);
    expect(() => nn.convTranspose2d(f32([1, 5, 7, 7]), w4)).toThrow(
      'convTranspose2d: Given transposed=1, weight of size [4, 4, 3, 3], expected input[1, 5, 7, 7] to have 4 channels, but got 5 channels instead');
  });
  it('rejects groups that do not divide the channels, and non-positive groups', () => {
    expect(() => nn.conv2d(f32([1, 6, 7, 7]), f32([4, 2, 3, 3]), null, { groups: 3 })).toThrow(
      'conv2d: Given groups=3, expected weight to be divisible by 3 at dimension 0, but got weight of size [4, 2, 3, 3] instead');
    expect(() => nn.convTranspose2d(f32([1, 6, 7, 7]), f32([6, 4, 3, 3]), null, { groups: 4 })).toThrow(
      /Given groups=4, expected weight to be divisible by 4 at dimension 0/);
    expect(() => nn.conv2d(f32([1, 4, 7, 7]), w4, null, { groups: 0 })).toThrow('conv2d: non-positive groups is not supported');
    expect(() => nn.conv2d(f32([1, 4, 7, 7]), f32([0, 4, 3, 3]))).toThrow(
      'conv2d: Given groups=1, expected weight to be at least 1 at dimension 0, but got weight of size [0, 4, 3, 3] instead');
  });
  it('rejects a kernel larger than the padded input, and a too small transposed output', () => {
    expect(() => nn.conv2d(f32([1, 4, 2, 2]), w4)).toThrow(
      "conv2d: Calculated padded input size per channel: (2 x 2). Kernel size: (3 x 3). Kernel size can't be greater than actual input size");
    expect(() => nn.conv2d(f32([1, 4, 4, 4]), w4, null, { dilation: 2 })).toThrow(/padded input size per channel: \(4 x 4\)\. Kernel size: \(5 x 5\)/);
    expect(() => nn.conv1d(f32([1, 1, 0]), f32([1, 1, 1]))).toThrow(/padded input size per channel: \(0\)\. Kernel size: \(1\)/);
    expect(() => nn.convTranspose2d(f32([1, 4, 1, 1]), f32([4, 4, 1, 1]), null, { padding: 2 })).toThrow(
      'convTranspose2d: Given input size per channel: (1 x 1). Calculated output size per channel: (-3 x -3). Output size is too small');
    expect(() => nn.conv2d(f32([1, 4, 7, 7]), f32([4, 4, 0, 3]))).toThrow('conv2d: kernel size should be greater than zero, but got (0 x 3)');
  });
  it('rejects bad stride, padding, dilation and output padding', () => {
    const x = f32([1, 4, 7, 7]);
    expect(() => nn.conv2d(x, w4, null, { stride: 0 })).toThrow('conv2d: non-positive stride is not supported');
    expect(() => nn.conv2d(x, w4, null, { stride: [1, -1] })).toThrow('conv2d: non-positive stride is not supported');
    expect(() => nn.conv2d(x, w4, null, { padding: -1 })).toThrow('conv2d: negative padding is not supported');
    expect(() => nn.convTranspose2d(x, w4, null, { padding: -1 })).toThrow('convTranspose2d: negative padding is not supported');
    expect(() => nn.conv2d(x, w4, null, { dilation: 0 })).toThrow('conv2d: dilation should be greater than zero, but got [0, 0]');
    expect(() => nn.conv3d(f32([1, 1, 3, 3, 3]), f32([1, 1, 1, 1, 1]), null, { dilation: [1, -1, 1] })).toThrow(
      'conv3d: dilation should be greater than zero, but got [1, -1, 1]');
    expect(() => nn.convTranspose2d(x, w4, null, { outputPadding: 1 })).toThrow(
      'convTranspose2d: output padding must be smaller than either stride or dilation, but got outputPadding=[1, 1], stride=[1, 1], dilation=[1, 1]');
    expect(() => nn.convTranspose1d(f32([1, 4, 5]), f32([4, 2, 3]), null, { outputPadding: -1 })).toThrow(
      'convTranspose1d: negative output padding is not supported');
    expect(() => nn.conv2d(x, w4, null, { padding: 'same', stride: 2 })).toThrow(
      "conv2d: padding='same' is not supported for strided convolutions");
    expect(() => nn.conv2d(x, w4, null, { padding: 'full' as 'same' })).toThrow("conv2d: Invalid padding string: 'full'");
    expect(() => nn.conv2d(x, w4, null, { stride: [1, 1, 1] })).toThrow(
      'conv2d: expected stride to be a single integer value or a list of 2 values to match the convolution dimensions, but got stride=[1, 1, 1]');
  });
  it('rejects a bias of the wrong size', () => {
    const x = f32([1, 4, 7, 7]);
    expect(() => nn.conv2d(x, w4, f32([3]))).toThrow(
      'conv2d: Given weight of size [4, 4, 3, 3], expected bias to be 1-dimensional with 4 elements, but got bias of size [3] instead');
    expect(() => nn.conv2d(x, w4, f32([4, 1]))).toThrow(/expected bias to be 1-dimensional with 4 elements, but got bias of size \[4, 1\]/);
    // a transposed convolution's bias has weight.size(1) * groups entries
    expect(() => nn.convTranspose2d(x, f32([4, 2, 3, 3]), f32([2]), { groups: 2 })).toThrow(
      'convTranspose2d: Given transposed=1, weight of size [4, 2, 3, 3], expected bias to be 1-dimensional with 4 elements, but got bias of size [2] instead');
  });
  it('rejects mixed dtypes and non-floating dtypes', () => {
    const x = f32([1, 4, 7, 7]);
    expect(() => nn.conv2d(f64([1, 4, 7, 7]), w4)).toThrow('conv2d: expected weight to have the dtype of input (float64), but got float32');
    expect(() => nn.conv2d(x, w4, f64([4]))).toThrow('conv2d: expected bias to have the dtype of input (float32), but got float64');
    const i = th.ones([1, 4, 7, 7], { dtype: 'int64' });
    expect(() => nn.conv2d(i, th.ones([4, 4, 3, 3], { dtype: 'int64' }))).toThrow(
      'conv2d: expected input to be a float32 or float64 tensor, but got int64');
    const y = nn.conv2d(x, w4);
    expect(() => nn.conv2dBackward(th.ones(y.shape, { dtype: 'float64' }), x, w4)).toThrow(
      'conv2dBackward: expected gradOutput to have the dtype of input (float32), but got float64');
  });
  it('rejects a gradOutput that is not the output shape', () => {
    const x = f32([2, 4, 7, 7]);
    expect(() => nn.conv2dBackward(f32([2, 4, 5, 6]), x, w4)).toThrow(
      "conv2dBackward: expected gradOutput to have the output's shape [2, 4, 5, 5], but got [2, 4, 5, 6]");
    expect(() => nn.convTranspose2dBackward(f32([2, 4, 5, 5]), x, w4, { outputMask: [false, true, true] })).toThrow(
      "convTranspose2dBackward: expected gradOutput to have the output's shape [2, 4, 9, 9], but got [2, 4, 5, 5]");
  });
  it('rejects arguments of the wrong type', () => {
    const x = f32([1, 4, 7, 7]);
    expect(() => nn.conv2d([1] as unknown as th.Tensor, w4)).toThrow(new TypeError('conv2d: expected input to be a Tensor'));
    expect(() => nn.conv2d(x, w4, 3 as unknown as th.Tensor)).toThrow(new TypeError('conv2d: expected bias to be a Tensor'));
    expect(() => nn.conv2d(x, w4, null, { stride: 1.5 })).toThrow(new TypeError('conv2d: expected stride to be an integer or an array of integers'));
    expect(() => nn.conv2d(x, w4, null, { groups: '2' as unknown as number })).toThrow(new TypeError('conv2d: expected groups to be an integer'));
    expect(() => nn.conv2dBackward(x, x, w4, { outputMask: [true, true] as unknown as nn.OutputMask })).toThrow(
      new TypeError('conv2dBackward: expected outputMask to be an array of 3 booleans'));
  });
});

describe('fold / unfold errors', () => {
  it('rejects wrong ranks and empty dims', () => {
    expect(() => nn.unfold(f32([1, 3, 4, 5, 6]), 2)).toThrow(
      'unfold: Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [1, 3, 4, 5, 6]');
    expect(() => nn.unfold(f32([1, 0, 4, 5]), 2)).toThrow(/other non-zero dimensions for input, but got: \[1, 0, 4, 5\]/);
    expect(() => nn.fold(f32([1, 1, 11, 12]), [4, 5], 2)).toThrow(
      'fold: Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: [1, 1, 11, 12]');
  });
  it('rejects bad kernel, stride, dilation and padding', () => {
    const x = f32([1, 3, 4, 5]);
    expect(() => nn.unfold(x, [0, 2])).toThrow('unfold: kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 2');
    expect(() => nn.unfold(x, 2, { stride: 0 })).toThrow('unfold: stride should be greater than zero, but got stride_height: 0 stride_width: 0');
    expect(() => nn.unfold(x, 2, { dilation: 0 })).toThrow('unfold: dilation should be greater than zero, but got dilation_height: 0 dilation_width: 0');
    expect(() => nn.unfold(x, 2, { padding: -1 })).toThrow('unfold: padding should be non-negative, but got pad_height: -1 pad_width: -1');
    expect(() => nn.unfold(x, [5, 2])).toThrow(
      'unfold: Given input with spatial size (4, 5), kernel_size=(5, 2), dilation=(1, 1), padding=(0, 0), calculated shape of the array of sliding blocks as (0, 4), but its components must be at least one.');
    expect(() => nn.unfold(x, [2, 2, 1])).toThrow(new RangeError('unfold: It is expected kernel_size equals to 2, but got size 3'));
  });
  it('rejects blocks that do not match the output size', () => {
    expect(() => nn.fold(f32([1, 11, 12]), [4, 5], 2)).toThrow(
      "fold: Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=11 and kernel_size=(2, 2).");
    expect(() => nn.fold(f32([1, 12, 10]), [4, 5], 2)).toThrow(
      "fold: Given output_size=(4, 5), kernel_size=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(1, 1), expected size of input's dimension 2 to match the calculated number of sliding blocks 3 * 4 = 12, but got input.size(2)=10.");
    expect(() => nn.unfoldBackward(f32([1, 12, 10]), [4, 5], 2)).toThrow(/^unfoldBackward: Given output_size=\(4, 5\)/);
    expect(() => nn.fold(f32([1, 12, 12]), [0, 5], 2)).toThrow('fold: expected output_size to be positive, but got (0, 5)');
  });
  it('rejects non-floating dtypes', () => {
    expect(() => nn.unfold(th.ones([1, 3, 4, 5], { dtype: 'int64' }), 2)).toThrow('unfold: expected input to be a float32 or float64 tensor, but got int64');
  });
});

describe('the column buffer', () => {
  it('is allocated once per dtype, reused, and can be released', () => {
    const x = th.randn([2, 3, 6, 6]);
    const w = th.randn([4, 3, 3, 3]);
    const gy = th.ones([2, 4, 4, 4]);
    const live = () => th.memoryStats().liveTensors;
    const run = () => {
      nn.conv2d(x, w).dispose();
      const g = nn.conv2dBackward(gy, x, w);
      for (const t of [g.gradInput, g.gradWeight, g.gradBias]) t?.dispose();
    };
    nn.releaseConvolutionBuffers();
    const before = live();
    run();
    expect(live()).toBe(before + 1); // the float32 buffer
    run();
    expect(live()).toBe(before + 1);
    nn.releaseConvolutionBuffers();
    expect(live()).toBe(before);
  });
});
