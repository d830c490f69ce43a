// Bad arguments to normalization, prelu / rrelu / glu and dropout: PyTorch's messages, never a crash.
import * as th from '@typetorch/th';
import * as nn from '../ts';

const f32 = (shape: number[]) => th.ones(shape, { dtype: 'float32' });
const x = th.randn([4, 3, 5], { dtype: 'float32', generator: new th.Generator().manualSeed(0) });
const c3 = f32([3]);

describe('batchNorm and instanceNorm errors', () => {
  it('rejects running stats, weight and bias of the wrong size', () => {
    expect(() => nn.batchNorm(x, f32([4]), c3, { training: true })).toThrow(/^batchNorm: running_mean should contain 3 elements not 4$/);
    expect(() => nn.batchNorm(x, c3, f32([2]))).toThrow(/running_var should contain 3 elements not 2/);
    expect(() => nn.batchNorm(x, c3, c3, { weight: f32([4]) })).toThrow(/weight should contain 3 elements not 4/);
    expect(() => nn.batchNorm(x, c3, c3, { bias: f32([1]) })).toThrow(/bias should contain 3 elements not 1/);
    expect(() => nn.instanceNorm(x, { weight: f32([5]) })).toThrow(/^instanceNorm: weight should contain 3 elements not 5$/);
    expect(() => nn.instanceNorm(x, { runningMean: f32([2]), runningVar: c3 })).toThrow(/running_mean should contain 3 elements not 2/);
  });
  it('needs more than one value per channel when training', () => {
    expect(() => nn.batchNorm(f32([1, 3]), null, null, { training: true })).toThrow(
      'batchNorm: Expected more than 1 value per channel when training, got input size [1, 3]',
    );
    expect(() => nn.batchNorm(f32([1, 3, 1, 1]), c3, c3, { training: true })).toThrow(/more than 1 value per channel.*\[1, 3, 1, 1\]/);
    expect(nn.batchNorm(f32([1, 3]), c3, c3).output.shape).toEqual([1, 3]); // evaluation is fine
    expect(() => nn.instanceNorm(f32([2, 3, 1]))).toThrow('instanceNorm: Expected more than 1 spatial element when training, got input size [2, 3, 1]');
  });
  it('needs running stats in evaluation', () => {
    expect(() => nn.batchNorm(x, null, null)).toThrow('batchNorm: running_mean must be defined in evaluation mode');
    expect(() => nn.batchNorm(x, c3, null)).toThrow('batchNorm: running_var must be defined in evaluation mode');
    expect(() => nn.instanceNorm(x, { useInputStats: false })).toThrow(
      'instanceNorm: Expected running_mean and running_var to be defined when use_input_stats is false',
    );
    expect(() => nn.batchNormBackward(x, x, null, null, null, null, null, false)).toThrow(/running_mean must be defined in evaluation mode/);
  });
  it('rejects inputs without a channel dim, other dtypes and bad saved statistics', () => {
    expect(() => nn.batchNorm(f32([3]), c3, c3)).toThrow('batchNorm: expected input with at least 2 dimensions (N, C, *), but got input of size [3]');
    expect(() => nn.batchNorm(th.ones([2, 3], { dtype: 'int64' }), null, null, { training: true })).toThrow(/expected input to be a float32 or float64 tensor, but got int64/);
    expect(() => nn.batchNorm(x, null, null, { training: true, weight: th.ones([3], { dtype: 'float64' }) })).toThrow(
      /expected weight to have the dtype of input \(float32\), but got float64/,
    );
    expect(() => nn.batchNormBackward(x, x, null, null, null, null, null, true)).toThrow('batchNormBackward: saveMean and saveInvstd must be given when training');
    expect(() => nn.batchNormBackward(x, x, null, null, null, f32([2]), c3, true)).toThrow(/saveMean should contain 3 elements not 2/);
    expect(() => nn.batchNormBackward(f32([4, 3]), x, null, null, null, c3, c3, true)).toThrow(
      'batchNormBackward: expected gradOutput to have the shape of input [4, 3, 5], but got [4, 3]',
    );
  });
  it('checks argument types in TypeScript', () => {
    expect(() => nn.batchNorm([1, 2] as unknown as th.Tensor, null, null)).toThrow(new TypeError('batchNorm: expected input to be a Tensor'));
    expect(() => nn.batchNorm(x, c3, c3, { training: 1 as unknown as boolean })).toThrow(new TypeError('batchNorm: expected training to be a boolean, but got 1'));
    expect(() => nn.batchNorm(x, c3, c3, { momentum: '0.1' as unknown as number })).toThrow(/expected momentum to be a number/);
    expect(() => nn.batchNorm(x, c3, c3, { weight: [1, 1, 1] as unknown as th.Tensor })).toThrow(/expected weight to be a Tensor/);
    expect(() => nn.instanceNorm(x, 3 as unknown as nn.InstanceNormOptions)).toThrow(/expected options to be an object/);
  });
});

describe('layerNorm, groupNorm and localResponseNorm errors', () => {
  it('rejects a normalizedShape that is not the input trailing shape', () => {
    expect(() => nn.layerNorm(x, [4])).toThrow('layerNorm: Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[4, 3, 5]');
    expect(() => nn.layerNorm(x, [2, 3, 4, 5])).toThrow(/Given normalized_shape=\[2, 3, 4, 5\]/);
    expect(() => nn.layerNorm(x, [])).toThrow(/Expected normalized_shape to be at least 1-dimensional/);
    expect(() => nn.layerNorm(x, [5.5])).toThrow(new TypeError('layerNorm: expected normalizedShape to be an integer or an array of integers'));
  });
  it('rejects weight / bias not of the normalized shape', () => {
    expect(() => nn.layerNorm(x, [3, 5], { weight: f32([15]) })).toThrow(
      'layerNorm: Expected weight to be of same shape as normalized_shape, but got weight of shape [15] and normalized_shape = [3, 5]',
    );
    expect(() => nn.layerNorm(x, 5, { bias: f32([4]) })).toThrow(/Expected bias to be of same shape as normalized_shape, but got bias of shape \[4\]/);
    const s = nn.layerNorm(x, 5);
    expect(() => nn.layerNormBackward(x, x, 5, s.mean, f32([3]))).toThrow(/saveRstd should contain 12 elements not 3/);
  });
  it('rejects groups that do not divide the channels', () => {
    expect(() => nn.groupNorm(x, 2)).toThrow(
      'groupNorm: Expected number of channels in input to be divisible by num_groups, but got input of shape [4, 3, 5] and num_groups=2',
    );
    expect(() => nn.groupNorm(x, 0)).toThrow('groupNorm: expected numGroups to be positive, but got 0');
    expect(() => nn.groupNorm(x, 1.5)).toThrow(/expected numGroups to be an integer/);
    expect(() => nn.groupNorm(x, 3, { weight: f32([4]) })).toThrow(
      'groupNorm: Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape [4] and input of shape [4, 3, 5]',
    );
    expect(() => nn.groupNorm(f32([6]), 3)).toThrow(/expected input with at least 2 dimensions/);
  });
  it('localResponseNorm needs 3 dims and a positive size', () => {
    expect(() => nn.localResponseNorm(f32([2, 3]), 2)).toThrow('localResponseNorm: Expected 3D or higher dimensionality input (got 2 dimensions)');
    expect(() => nn.localResponseNorm(x, 0)).toThrow('localResponseNorm: expected size to be positive, but got 0');
    expect(() => nn.localResponseNormBackward(f32([4, 3]), x, 2)).toThrow(/expected gradOutput to have the shape of input/);
  });
});

describe('prelu, rrelu and glu errors', () => {
  it('prelu: weight of 1 or C elements, at most 1-d', () => {
    expect(() => nn.prelu(x, f32([4]))).toThrow('prelu: Mismatch of parameter numbers and input channel size. Found parameter numbers = 4 and channel size = 3.');
    expect(() => nn.prelu(f32([3]), c3)).toThrow(/Found parameter numbers = 3 and channel size = 1/);
    expect(() => nn.prelu(x, f32([3, 1]))).toThrow('prelu: Expected `weight` to be a scalar or 1D tensor, but got ndim = 2');
    expect(() => nn.preluBackward(f32([4, 3]), x, c3)).toThrow(/expected gradOutput to have the shape of input/);
  });
  it('rrelu: lower <= upper, a Generator', () => {
    expect(() => nn.rrelu(x, { lower: 0.5, upper: 0.2, training: true })).toThrow('rrelu: Lower bound should be less than or equal to the upper bound');
    expect(() => nn.rrelu(x, { training: true, generator: {} as th.Generator })).toThrow(new TypeError('rrelu: expected generator to be a Generator'));
    const g = new th.Generator();
    g.dispose();
    expect(() => nn.rrelu(x, { training: true, generator: g })).toThrow('rrelu: the generator has been disposed and cannot be used any more');
    expect(() => nn.rreluBackward(x, x, null, { training: true })).toThrow(/noise must not be NULL/);
  });
  it('glu: an even size along dim', () => {
    expect(() => nn.glu(x)).toThrow('glu: Halving dimension must be even, but dimension 2 is size 5');
    expect(() => nn.glu(x, 1)).toThrow('glu: Halving dimension must be even, but dimension 1 is size 3');
    expect(() => nn.glu(th.tensor(1, { dtype: 'float32' }), 0)).toThrow('glu: glu does not support scalars because halving size must be even');
    expect(() => nn.glu(x, 3)).toThrow(/glu: Dimension out of range/);
    expect(() => nn.gluBackward(f32([4, 1, 5]), f32([4, 6, 5]), 1)).toThrow(
      'gluBackward: expected gradOutput to have the shape of the output [4, 3, 5], but got [4, 1, 5]',
    );
  });
});

describe('dropout errors', () => {
  it.each([1.5, -0.1, NaN])('rejects p = %s, also when not training', (p) => {
    expect(() => nn.dropout(x, { p })).toThrow(`dropout: dropout probability has to be between 0 and 1, but got ${p}`);
    expect(() => nn.alphaDropout(x, { p })).toThrow(/alphaDropout: dropout probability has to be between 0 and 1/);
  });
  it('feature dropout needs a channel dim; dropout1d 2 or 3 dims', () => {
    expect(() => nn.dropout2d(f32([3]))).toThrow(/^featureDropout: Feature dropout requires at least 2 dimensions in the input$/);
    expect(nn.dropout2d(f32([3]), { training: false }).mask).toBeNull(); // PyTorch checks the rank only when it draws
    expect(() => nn.dropout1d(f32([2, 3, 4, 5]))).toThrow(/^dropout1d: Expected 2D or 3D input, but received a 4D input/);
  });
  it('rejects a generator that is not one, or disposed', () => {
    expect(() => nn.dropout(x, { generator: 7 as unknown as th.Generator })).toThrow(new TypeError('dropout: expected generator to be a Generator'));
    const g = new th.Generator();
    g.dispose();
    expect(() => nn.dropout(x, { generator: g })).toThrow('dropout: the generator has been disposed and cannot be used any more');
    expect(() => nn.dropoutBackward(x, f32([4, 2, 1]))).toThrow(/dropoutBackward: expected noise to have the shape of gradOutput \[4, 3, 5\]/);
  });
});

describe('empty inputs', () => {
  const e = (s: number[]) => th.zeros(s, { dtype: 'float64' });
  it('give empty results (and PyTorch statistics) without touching the running stats', () => {
    const rm = th.zeros([3], { dtype: 'float64' });
    const bn = nn.batchNorm(e([0, 3]), rm, th.ones([3], { dtype: 'float64' }), { training: true });
    expect([bn.output.shape, bn.saveMean.shape]).toEqual([[0, 3], [0]]);
    expect(Array.from(rm.toTypedArray() as Float64Array)).toEqual([0, 0, 0]);
    expect(nn.batchNormBackward(e([0, 3]), e([0, 3]), null, null, null, bn.saveMean, bn.saveInvstd, true).gradWeight.shape).toEqual([3]);
    const ln = nn.layerNorm(e([2, 0]), [0]);
    expect(Array.from(ln.mean.toTypedArray() as Float64Array)).toEqual([0, 0]); // as native_layer_norm
    expect(Number.isNaN((ln.rstd.toTypedArray() as Float64Array)[0])).toBe(true);
    expect(nn.groupNorm(e([0, 4, 3]), 2).mean.shape).toEqual([0, 2]);
    expect(nn.localResponseNorm(e([0, 3, 4]), 2).shape).toEqual([0, 3, 4]);
    expect(nn.glu(e([4, 0]), 0).shape).toEqual([2, 0]);
    expect(nn.rrelu(e([0]), { training: true }).noise!.shape).toEqual([0]);
  });
});
