// pad / padBackward against PyTorch (test/fixtures/padding.json, written by
// tools/fixtures/gen_thnn_padding.py), with contiguous and strided inputs, and backward against
// finite differences of the forward.
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { checkGradients } from './finite-diff';
import { expectTensor, loadFixture, tensorOf, TensorJson } from './fixture-utils';

interface PaddingCase {
  id: string;
  pad: number[];
  options: nn.PadOptions;
  input: TensorJson;
  gradOutput: TensorJson;
  output: TensorJson;
  gradInput: TensorJson;
}

const fixture = loadFixture<PaddingCase>('padding');

describe(`pad matches PyTorch ${fixture.torch}`, () => {
  test.each(fixture.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    for (const nonContiguous of [false, true]) {
      expectTensor(nn.pad(tensorOf(c.input, { nonContiguous }), c.pad, c.options), c.output);
      expectTensor(nn.padBackward(tensorOf(c.gradOutput, { nonContiguous }), c.pad, c.options), c.gradInput);
    }
  });
});

describe('padBackward = finite differences of pad (float64)', () => {
  const variants: [string, number[], number[], nn.PadOptions][] = [
    ['constant', [2, 3], [1, -1, 2, 1], { value: 0.5 }],
    ['reflect 1d', [1, 2, 4], [3, 2], { mode: 'reflect' }],
    ['reflect 2d crop', [1, 3, 4], [-1, 2, 2, 1], { mode: 'reflect' }],
    ['reflect 3d', [1, 1, 2, 3, 3], [1, 2, 2, 1, 1, 0], { mode: 'reflect' }],
    ['replicate 2d', [1, 1, 3, 3], [4, 1, 0, 2], { mode: 'replicate' }],
    ['replicate 3d', [2, 2, 2, 3], [1, 0, 2, 1, 1, 1], { mode: 'replicate' }],
    ['circular 1d', [1, 2, 3], [3, 2], { mode: 'circular' }],
    ['circular 2d crop', [1, 1, 3, 4], [-1, 3, 2, -1], { mode: 'circular' }],
  ];
  test.each(variants)('%s', (_name, shape, pad, options) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const x = th.tensor(Array.from({ length: n }, (_, i) => Math.cos(0.7 * i + 0.1)), { dtype: 'float64' }).reshape(shape);
    expect(checkGradients(([t]) => nn.pad(t, pad, options), (g) => [nn.padBackward(g, pad, options)], [x])).toBeNull();
  });
});

describe('pad details', () => {
  it('pads with the value, crops with negative padding, and writes into the right places', () => {
    const x = th.tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float32' });
    expect(nn.pad(x, [1, 0, 0, 1], { value: 9 }).toArray()).toEqual([[9, 1, 2, 3], [9, 4, 5, 6], [9, 9, 9, 9]]);
    expect(nn.pad(x, [-1, -1]).toArray()).toEqual([[2], [5]]);
    expect(nn.pad(x, [2, 2], { mode: 'reflect' }).toArray()).toEqual([[3, 2, 1, 2, 3, 2, 1], [6, 5, 4, 5, 6, 5, 4]]);
    expect(nn.pad(x, [2, 1], { mode: 'replicate' }).toArray()).toEqual([[1, 1, 1, 2, 3, 3], [4, 4, 4, 5, 6, 6]]);
    expect(nn.pad(x.reshape([1, 2, 3]), [2, 3], { mode: 'circular' }).toArray()).toEqual([[[2, 3, 1, 2, 3, 1, 2, 3], [5, 6, 4, 5, 6, 4, 5, 6]]]);
  });
  it('sums the gradient of every output that reads an element', () => {
    const g = th.ones([1, 7], { dtype: 'float64' });
    expect(nn.padBackward(g, [2, 2], { mode: 'reflect' }).toArray()).toEqual([[2, 3, 2]]);
    expect(nn.padBackward(g, [3, 1], { mode: 'replicate' }).toArray()).toEqual([[4, 1, 2]]);
    expect(nn.padBackward(g.reshape([1, 1, 7]), [2, 2], { mode: 'circular' }).toArray()).toEqual([[[2, 3, 2]]]);
  });
  it('handles empty batches and empty results', () => {
    expect(nn.pad(th.zeros([0, 2, 3], { dtype: 'float64' }), [1, 1], { mode: 'reflect' }).shape).toEqual([0, 2, 5]);
    expect(nn.pad(th.zeros([2, 3], { dtype: 'float64' }), [-2, -1]).shape).toEqual([2, 0]);
    expect(nn.padBackward(th.zeros([2, 0], { dtype: 'float64' }), [-2, -1]).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
  });
});
