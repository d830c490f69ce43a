// Convolutions, transposed convolutions, fold and unfold against PyTorch: forward and every gradient
// (test/fixtures/convolution.json, written by tools/fixtures/gen_thnn_convolution.py), with
// contiguous and with non-contiguous inputs, on 1 and 2 threads (libTHNN splits small GEMM work
// over OpenMP threads, and leaves big GEMMs to the BLAS threads).
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { expectTensor, loadFixture, tensorOf, TensorJson } from './fixture-utils';

interface ConvCase {
  id: string;
  op: 'conv' | 'convTranspose';
  nd: 1 | 2 | 3;
  options: nn.ConvOptions & nn.ConvTransposeOptions;
  input: TensorJson;
  weight: TensorJson;
  bias: TensorJson | null;
  gradOutput: TensorJson;
  output: TensorJson;
  gradInput: TensorJson;
  gradWeight: TensorJson;
  gradBias: TensorJson | null;
}
interface FoldCase {
  id: string;
  op: 'fold' | 'unfold';
  kernelSize: nn.SpatialArg;
  size: number[] | null;
  options: nn.FoldOptions;
  input: TensorJson;
  gradOutput: TensorJson;
  output: TensorJson;
  gradInput: TensorJson;
}
type Case = ConvCase | FoldCase;

const fixture = loadFixture<Case>('convolution');
const convCases = fixture.cases.filter((c): c is ConvCase => c.op === 'conv' || c.op === 'convTranspose');
const foldCases = fixture.cases.filter((c): c is FoldCase => c.op === 'fold' || c.op === 'unfold');

const FORWARD = {
  conv: [nn.conv1d, nn.conv2d, nn.conv3d],
  convTranspose: [nn.convTranspose1d, nn.convTranspose2d, nn.convTranspose3d],
};
const BACKWARD = {
  conv: [nn.conv1dBackward, nn.conv2dBackward, nn.conv3dBackward],
  convTranspose: [nn.convTranspose1dBackward, nn.convTranspose2dBackward, nn.convTranspose3dBackward],
};

// float32 sums over up to a few hundred products: a little looser than the default
const tolerance = (dtype: string): [number, number] => (dtype === 'float64' ? [1e-10, 1e-11] : [1e-4, 1e-5]);

const threadsBefore = th.getNumThreads();
afterAll(() => th.setNumThreads(threadsBefore));

describe.each([
  [1, false],
  [2, false],
  [1, true],
  [2, true],
])('convolutions match PyTorch (%i thread(s), nonContiguous: %s)', (threads, nonContiguous) => {
  beforeAll(() => th.setNumThreads(threads));
  test.each(convCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const t = (j: TensorJson) => tensorOf(j, { nonContiguous });
    const x = t(c.input);
    const w = t(c.weight);
    const b = c.bias ? t(c.bias) : null;
    const tol = tolerance(c.input.dtype);
    const y = (FORWARD[c.op][c.nd - 1] as (x: th.Tensor, w: th.Tensor, b: th.Tensor | null, o: object) => th.Tensor)(x, w, b, c.options);
    expectTensor(y, c.output, tol);
    const g = (BACKWARD[c.op][c.nd - 1] as (g: th.Tensor, x: th.Tensor, w: th.Tensor, o: object) => nn.ConvGradients)(
      t(c.gradOutput), x, w, c.options);
    expectTensor(g.gradInput as th.Tensor, c.gradInput, tol);
    expectTensor(g.gradWeight as th.Tensor, c.gradWeight, tol);
    if (c.gradBias) expectTensor(g.gradBias as th.Tensor, c.gradBias, tol);
  });
});

it('the fixtures cover every convolution, 1-D to 3-D, and fold and unfold', () => {
  const kinds = new Set(fixture.cases.map((c) => (c.op === 'conv' || c.op === 'convTranspose' ? `${c.op}${c.nd}d` : c.op)));
  expect([...kinds].sort()).toEqual(['conv1d', 'conv2d', 'conv3d', 'convTranspose1d', 'convTranspose2d', 'convTranspose3d', 'fold', 'unfold']);
});

describe.each([false, true])('fold and unfold match PyTorch (nonContiguous: %s)', (nonContiguous) => {
  test.each(foldCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const x = tensorOf(c.input, { nonContiguous });
    const go = tensorOf(c.gradOutput, { nonContiguous });
    const tol = tolerance(c.input.dtype);
    if (c.op === 'unfold') {
      expectTensor(nn.unfold(x, c.kernelSize, c.options), c.output, tol);
      const hw = c.input.shape.slice(-2);
      expectTensor(nn.unfoldBackward(go, hw, c.kernelSize, c.options), c.gradInput, tol);
    } else {
      expectTensor(nn.fold(x, c.size as number[], c.kernelSize, c.options), c.output, tol);
      expectTensor(nn.foldBackward(go, c.kernelSize, c.options), c.gradInput, tol);
    }
  });
});
