// Every pooling backward against central finite differences of its forward, in float64, on tiny
// inputs with distinct values (so that no maximum is tied within the step).
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { checkGradients } from './finite-diff';

/** Distinct, non-round values; positive when asked (LP pooling: a negative mean of x ^ p has no real p-th root). */
function input(shape: number[], positive = false): th.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Float64Array.from({ length: n }, (_, i) => (positive ? 1.2 + Math.sin(1.3 * i) : 3 * Math.sin(1.7 * i + 0.3)));
  return th.fromTypedArray(v, shape, { dtype: 'float64' });
}

type Fwd = (x: th.Tensor) => th.Tensor;
type Bwd = (g: th.Tensor, x: th.Tensor) => th.Tensor;
const check = (fwd: Fwd, bwd: Bwd, x: th.Tensor) =>
  expect(checkGradients(([t]) => fwd(t), (g, [t]) => [bwd(g, t)], [x])).toBeNull();

describe('pooling gradients match finite differences', () => {
  const maxCases: [1 | 2 | 3, number[], number | number[], Omit<nn.MaxPoolOptions, 'returnIndices'>][] = [
    [1, [2, 3, 9], 3, { stride: 2, padding: 1, ceilMode: true }],
    [1, [3, 10], 2, { dilation: 3, padding: 1 }],
    [2, [1, 2, 6, 7], [3, 2], { stride: [2, 1], padding: [1, 1] }],
    [2, [2, 5, 6], 3, { stride: 2, dilation: [1, 2], ceilMode: true, padding: 1 }],
    [3, [1, 2, 4, 5, 4], [2, 3, 2], { stride: [1, 2, 2], padding: [1, 1, 0] }],
  ];
  const maxFns = { 1: [nn.maxPool1d, nn.maxPool1dBackward], 2: [nn.maxPool2d, nn.maxPool2dBackward], 3: [nn.maxPool3d, nn.maxPool3dBackward] } as const;
  test.each(maxCases)('maxPool%dd [%s] k=%j %j', (n, shape, k, o) => {
    const [fwd, bwd] = maxFns[n];
    check(
      (x) => fwd(x, k, o),
      (g, x) => bwd(g, x, fwd(x, k, { ...o, returnIndices: true }).indices, k, o),
      input(shape),
    );
  });

  const avgCases: [1 | 2 | 3, number[], number | number[], nn.AvgPoolOptions][] = [
    [1, [2, 3, 9], 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }],
    [1, [3, 8], 2, { divisorOverride: 3 }],
    [2, [1, 2, 6, 7], [3, 2], { stride: [2, 1], padding: [1, 1] }],
    [2, [2, 5, 6], 3, { stride: 2, ceilMode: true, padding: 1, countIncludePad: false }],
    [3, [1, 2, 4, 5, 4], [2, 3, 2], { stride: [1, 2, 2], padding: [1, 1, 0], divisorOverride: -4 }],
  ];
  const avgFns = { 1: [nn.avgPool1d, nn.avgPool1dBackward], 2: [nn.avgPool2d, nn.avgPool2dBackward], 3: [nn.avgPool3d, nn.avgPool3dBackward] } as const;
  test.each(avgCases)('avgPool%dd [%s] k=%j %j', (n, shape, k, o) => {
    const [fwd, bwd] = avgFns[n];
    check((x) => fwd(x, k, o), (g, x) => bwd(g, x, k, o), input(shape));
  });

  const adaptiveCases: [1 | 2 | 3, number[], nn.AdaptiveSize][] = [
    [1, [2, 3, 7], 3],
    [2, [1, 2, 5, 7], [3, 4]],
    [2, [2, 3, 4], [6, null]],
    [3, [1, 2, 3, 4, 5], [2, 3, 2]],
    [2, [2, 3, 4, 4], 1],
  ];
  const adaptiveFns = {
    1: [nn.adaptiveAvgPool1d, nn.adaptiveAvgPool1dBackward, nn.adaptiveMaxPool1d, nn.adaptiveMaxPool1dBackward],
    2: [nn.adaptiveAvgPool2d, nn.adaptiveAvgPool2dBackward, nn.adaptiveMaxPool2d, nn.adaptiveMaxPool2dBackward],
    3: [nn.adaptiveAvgPool3d, nn.adaptiveAvgPool3dBackward, nn.adaptiveMaxPool3d, nn.adaptiveMaxPool3dBackward],
  } as const;
  test.each(adaptiveCases)('adaptiveAvgPool and adaptiveMaxPool %dd [%s] -> %j', (n, shape, size) => {
    const [avg, avgBwd, max, maxBwd] = adaptiveFns[n];
    check((x) => avg(x, size), (g, x) => avgBwd(g, x), input(shape));
    check((x) => max(x, size), (g, x) => maxBwd(g, x, max(x, size, { returnIndices: true }).indices), input(shape));
  });

  const lpCases: [1 | 2, number[], number, number | number[], nn.LpPoolOptions, boolean][] = [
    [1, [2, 3, 9], 2, 3, { stride: 2, ceilMode: true }, false],
    [1, [3, 8], 1.5, 2, {}, true],
    [2, [1, 2, 6, 7], 3, [3, 2], { stride: [2, 1] }, true],
    [2, [2, 5, 6], 2.5, 2, { ceilMode: true, stride: 2 }, true],
  ];
  test.each(lpCases)('lpPool%dd [%s] p=%d k=%j %j', (n, shape, p, k, o, positive) => {
    const [fwd, bwd] = n === 1 ? [nn.lpPool1d, nn.lpPool1dBackward] : [nn.lpPool2d, nn.lpPool2dBackward];
    check((x) => fwd(x, p, k, o), (g, x) => bwd(g, x, p, k, o), input(shape, positive));
  });

  it('fractionalMaxPool2d and 3d', () => {
    const s2 = th.tensor([[[0.3, 0.7], [0.9, 0.1]]], { dtype: 'float64' });
    const o2 = { outputSize: [3, 4], randomSamples: s2 };
    check(
      (x) => nn.fractionalMaxPool2d(x, 2, o2),
      (g, x) => nn.fractionalMaxPool2dBackward(g, x, nn.fractionalMaxPool2d(x, 2, { ...o2, returnIndices: true }).indices),
      input([1, 2, 6, 7]),
    );
    const s3 = th.tensor([[[0.3, 0.7, 0.5], [0.9, 0.1, 0.2]]], { dtype: 'float64' });
    const o3 = { outputSize: [2, 3, 2], randomSamples: s3 };
    check(
      (x) => nn.fractionalMaxPool3d(x, [2, 2, 3], o3),
      (g, x) => nn.fractionalMaxPool3dBackward(g, x, nn.fractionalMaxPool3d(x, [2, 2, 3], { ...o3, returnIndices: true }).indices),
      input([2, 4, 5, 6]),
    );
  });

  test.each([1, 2, 3] as const)('maxUnpool%dd', (n) => {
    const pool = [nn.maxPool1d, nn.maxPool2d, nn.maxPool3d][n - 1];
    const unpool = [nn.maxUnpool1d, nn.maxUnpool2d, nn.maxUnpool3d][n - 1];
    const unpoolBwd = [nn.maxUnpool1dBackward, nn.maxUnpool2dBackward, nn.maxUnpool3dBackward][n - 1];
    const src = input([2, 3, 4, 5, 6].slice(0, n + 2).map((s, i) => (i < 2 ? s : s - i + 2)));
    const { output, indices } = pool(src, 2, { returnIndices: true });
    check((x) => unpool(x, indices, 2), (g) => unpoolBwd(g, indices), output);
  });
});
