// interpolate / interpolateBackward against PyTorch (test/fixtures/upsampling.json, written by
// tools/fixtures/gen_thnn_upsampling.py), with contiguous and strided inputs, and backward against
// finite differences of the forward.
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { checkGradients } from './finite-diff';
import { expectTensor, loadFixture, tensorOf, TensorJson } from './fixture-utils';

interface UpsamplingCase {
  id: string;
  options: nn.InterpolateOptions;
  input: TensorJson;
  gradOutput: TensorJson;
  output: TensorJson;
  gradInput: TensorJson;
}

const fixture = loadFixture<UpsamplingCase>('upsampling');

describe(`interpolate matches PyTorch ${fixture.torch}`, () => {
  test.each(fixture.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    for (const nonContiguous of [false, true]) {
      const x = tensorOf(c.input, { nonContiguous });
      expectTensor(nn.interpolate(x, c.options), c.output);
      const gi = nn.interpolateBackward(tensorOf(c.gradOutput, { nonContiguous }), x.shape, c.options);
      expectTensor(gi, c.gradInput);
    }
  });
});

describe('interpolateBackward = finite differences of interpolate (float64)', () => {
  const variants: [string, number[], nn.InterpolateOptions][] = [
    ['linear', [1, 2, 4], { mode: 'linear', size: 7 }],
    ['linear alignCorners', [1, 2, 4], { mode: 'linear', size: 3, alignCorners: true }],
    ['bilinear scale', [1, 2, 3, 4], { mode: 'bilinear', scaleFactor: [1.7, 0.6] }],
    ['bilinear alignCorners', [2, 1, 3, 3], { mode: 'bilinear', size: [4, 5], alignCorners: true }],
    ['bicubic', [1, 2, 3, 4], { mode: 'bicubic', size: [5, 3] }],
    ['bicubic alignCorners', [1, 1, 4, 3], { mode: 'bicubic', scaleFactor: 1.5, alignCorners: true }],
    ['trilinear', [1, 1, 2, 3, 2], { mode: 'trilinear', size: [3, 2, 4] }],
    ['nearest 2d', [1, 2, 3, 4], { mode: 'nearest', size: [5, 3] }],
    ['nearest-exact 3d', [1, 1, 2, 3, 3], { mode: 'nearest-exact', scaleFactor: [1.5, 0.7, 2] }],
    ['area 1d', [2, 1, 7], { mode: 'area', size: 3 }],
    ['area 2d', [1, 2, 5, 4], { mode: 'area', size: [3, 6] }],
  ];
  test.each(variants)('%s', (_name, shape, options) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const x = th.tensor(Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + 0.2)), { dtype: 'float64' }).reshape(shape);
    const error = checkGradients(
      ([t]) => nn.interpolate(t, options),
      (g, [t]) => [nn.interpolateBackward(g, t.shape, options)],
      [x],
    );
    expect(error).toBeNull();
  });
});

describe('interpolate details', () => {
  it('keeps values exactly in nearest mode and copies a dim whose size does not change in linear mode', () => {
    const x = th.tensor([[[[1.5, -2.25, 3.125], [4, 5, 6]]]], { dtype: 'float32' });
    const y = nn.interpolate(x, { size: [4, 6], mode: 'nearest' });
    expect(y.toArray()).toEqual([[[[1.5, 1.5, -2.25, -2.25, 3.125, 3.125], [1.5, 1.5, -2.25, -2.25, 3.125, 3.125], [4, 4, 5, 5, 6, 6], [4, 4, 5, 5, 6, 6]]]]);
    const l = nn.interpolate(x.reshape([1, 2, 3]), { scaleFactor: 1.2, mode: 'linear' }); // floor(3 * 1.2) = 3
    expect(l.toArray()).toEqual(x.reshape([1, 2, 3]).toArray());
  });
  it('gives a [N, C, ...] result of the input dtype, also for an empty batch', () => {
    const x = th.zeros([0, 2, 3, 3], { dtype: 'float64' });
    const y = nn.interpolate(x, { scaleFactor: 2, mode: 'bilinear' });
    expect(y.shape).toEqual([0, 2, 6, 6]);
    expect(y.dtype).toBe('float64');
    expect(nn.interpolateBackward(th.zeros([0, 2, 6, 6], { dtype: 'float64' }), [0, 2, 3, 3], { scaleFactor: 2, mode: 'bilinear' }).shape).toEqual([0, 2, 3, 3]);
  });
  it('area mode is adaptive average pooling', () => {
    const x = th.arange(0, 12, 1, { dtype: 'float64' }).reshape([1, 1, 3, 4]);
    expect(nn.interpolate(x, { size: [1, 2], mode: 'area' }).toArray()).toEqual([[[[4.5, 6.5]]]]);
    expect(nn.interpolate(x, { scaleFactor: 0.5, mode: 'area' }).shape).toEqual([1, 1, 1, 2]);
  });
});
