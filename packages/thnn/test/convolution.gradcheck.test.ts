// Every convolution backward (input, weight, bias), and fold/unfold's, against central finite
// differences of the forward, in float64, on tiny tensors that reach every path: im2col + GEMM
// (several samples per GEMM), 1x1 (identity columns), depthwise, groups, stride, dilation,
// asymmetric 'same' padding, output padding.
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { checkGradients } from './finite-diff';

/** Deterministic values with no two alike. */
function filled(shape: number[], seed: number): th.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Float64Array.from({ length: n }, (_, i) => Math.sin(seed + 1.37 * i) + 0.1 * Math.cos(3.1 * i));
  return th.fromTypedArray(v, shape, { dtype: 'float64' });
}

type Fwd = (x: th.Tensor, w: th.Tensor, b: th.Tensor | null, o: object) => th.Tensor;
type Bwd = (g: th.Tensor, x: th.Tensor, w: th.Tensor, o: object) => nn.ConvGradients;
const OPS: Record<string, [Fwd, Bwd]> = {
  conv1d: [nn.conv1d, nn.conv1dBackward],
  conv2d: [nn.conv2d, nn.conv2dBackward],
  conv3d: [nn.conv3d, nn.conv3dBackward],
  convTranspose1d: [nn.convTranspose1d, nn.convTranspose1dBackward],
  convTranspose2d: [nn.convTranspose2d, nn.convTranspose2dBackward],
  convTranspose3d: [nn.convTranspose3d, nn.convTranspose3dBackward],
};

// [label, op, input shape, weight shape, options]; every case has a bias
const CASES: [string, string, number[], number[], object][] = [
  ['conv1d stride 2 padding 1', 'conv1d', [2, 3, 7], [2, 3, 3], { stride: 2, padding: 1 }],
  ['conv1d same even kernel dilation 1', 'conv1d', [1, 2, 6], [2, 2, 4], { padding: 'same' }],
  ['conv2d groups 2 dilation 2', 'conv2d', [2, 4, 5, 5], [4, 2, 2, 2], { groups: 2, dilation: 2, padding: 1 }],
  ['conv2d non-square stride 2x1', 'conv2d', [1, 3, 5, 4], [2, 3, 3, 2], { stride: [2, 1], padding: [0, 1] }],
  ['conv2d 1x1', 'conv2d', [2, 3, 3, 2], [2, 3, 1, 1], {}],
  ['conv2d depthwise multiplier 2 stride 2', 'conv2d', [2, 2, 5, 5], [4, 1, 3, 3], { groups: 2, stride: 2, padding: 1 }],
  ['conv2d unbatched same', 'conv2d', [2, 4, 4], [2, 2, 2, 3], { padding: 'same' }],
  ['conv3d stride 2 padding 1', 'conv3d', [1, 2, 3, 4, 3], [2, 2, 2, 2, 2], { stride: 2, padding: 1 }],
  ['conv3d depthwise', 'conv3d', [1, 2, 3, 3, 3], [2, 1, 2, 2, 2], { groups: 2 }],
  ['convTranspose1d stride 2 outputPadding 1', 'convTranspose1d', [2, 2, 4], [2, 3, 3], { stride: 2, padding: 1, outputPadding: 1 }],
  ['convTranspose2d groups 2 dilation 2', 'convTranspose2d', [1, 4, 3, 3], [4, 1, 2, 2], { groups: 2, dilation: 2, outputPadding: 1 }],
  ['convTranspose2d depthwise stride 2', 'convTranspose2d', [2, 3, 3, 3], [3, 1, 3, 3], { groups: 3, stride: 2, padding: 1 }],
  ['convTranspose2d 1x1', 'convTranspose2d', [2, 3, 2, 3], [3, 2, 1, 1], {}],
  ['convTranspose3d stride 2x1x2', 'convTranspose3d', [1, 2, 2, 3, 2], [2, 2, 2, 2, 2], { stride: [2, 1, 2], padding: [0, 1, 0] }],
];

describe('convolution backward = finite differences (float64)', () => {
  test.each(CASES)('%s', (_label, op, xs, ws, options) => {
    const [forward, backward] = OPS[op];
    const transposed = op.startsWith('convTranspose');
    const groups = (options as { groups?: number }).groups ?? 1;
    const x = filled(xs, 1);
    const w = filled(ws, 2);
    const b = filled([transposed ? ws[1] * groups : ws[0]], 3);
    const problem = checkGradients(
      ([xi, wi, bi]) => forward(xi, wi, bi, options),
      (g, [xi, wi]) => {
        const r = backward(g, xi, wi, options);
        return [r.gradInput, r.gradWeight, r.gradBias];
      },
      [x, w, b],
    );
    expect(problem).toBeNull();
  });
});

describe('fold / unfold backward = finite differences (float64)', () => {
  const options = { dilation: [1, 2], padding: 1, stride: [2, 1] };
  it('unfold', () => {
    const x = filled([2, 2, 4, 5], 4);
    expect(checkGradients(([xi]) => nn.unfold(xi, [2, 2], options), (g) => [nn.unfoldBackward(g, [4, 5], [2, 2], options)], [x])).toBeNull();
  });
  it('fold', () => {
    const blocks = nn.unfold(filled([1, 2, 4, 5], 5), [2, 2], options);
    expect(checkGradients(([xi]) => nn.fold(xi, [4, 5], [2, 2], options), (g) => [nn.foldBackward(g, [2, 2], options)], [blocks])).toBeNull();
  });
});
