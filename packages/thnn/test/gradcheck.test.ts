// Every backward against central finite differences of its forward, in float64.
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { BACKWARD, FORWARD, Params, make } from './utils';
import { checkGradients } from './finite-diff';

// Points away from every kink (0, ±0.5, ±1, ±1.5, ±3, 6, the thresholds below).
const POINTS = [-7.3, -4.1, -2.6, -1.8, -1.2, -0.8, -0.3, -0.1, 0.2, 0.4, 0.7, 1.3, 1.7, 2.2, 3.6, 5.5, 8.2];
const VARIANTS: [string, Params][] = [
  ...nn.activationNames.filter((n) => n !== 'threshold').map((n): [string, Params] => [n, null]),
  ['leakyRelu', { negativeSlope: 0.2 }],
  ['elu', { alpha: 1.5, scale: 2, inputScale: 0.5 }],
  ['celu', { alpha: 2 }],
  ['gelu', { approximate: 'tanh' }],
  ['softplus', { beta: 2, threshold: 3 }],
  ['hardtanh', { minVal: -2, maxVal: 3 }],
  ['threshold', { threshold: 1, value: -3 }],
  ['softshrink', { lambd: 1 }],
  ['hardshrink', { lambd: 1 }],
];
const H = 1e-6;

function values(t: th.Tensor): number[] {
  return Array.from(t.toTypedArray() as Float64Array);
}

describe('activation backward = finite differences (float64)', () => {
  test.each(VARIANTS.map(([n, p]) => [`${n}${p ? ' ' + JSON.stringify(p) : ''}`, n, p] as const))('%s', (_l, name, p) => {
    const x = make(POINTS, [POINTS.length], 'float64');
    const g = make(POINTS.map((_, i) => 0.3 + 0.11 * i), [POINTS.length], 'float64');
    const gi = values(BACKWARD[name](g, x, p));
    const fp = values(FORWARD[name](make(POINTS.map((v) => v + H), [POINTS.length], 'float64'), p));
    const fm = values(FORWARD[name](make(POINTS.map((v) => v - H), [POINTS.length], 'float64'), p));
    const gv = values(g);
    POINTS.forEach((_, i) => {
      const fd = ((fp[i] - fm[i]) / (2 * H)) * gv[i];
      expect(Math.abs(gi[i] - fd)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(fd)));
    });
  });
});

describe('softmax backward = finite differences (float64)', () => {
  const shape = [2, 3, 4];
  const x = make(Array.from({ length: 24 }, (_, i) => Math.sin(i * 1.7) * 3), shape, 'float64');
  const FNS = {
    softmax: [nn.softmax, nn.softmaxBackward],
    logSoftmax: [nn.logSoftmax, nn.logSoftmaxBackward],
    softmin: [nn.softmin, nn.softminBackward],
  } as const;
  const cases = Object.keys(FNS).flatMap((name) => [0, 1, -1].map((dim) => [name as keyof typeof FNS, dim] as const));
  test.each(cases)('%s dim %d', (name, dim) => {
    const [f, b] = FNS[name];
    expect(checkGradients(([a]) => f(a, dim), (g, [a]) => [b(g, f(a, dim), dim)], [x])).toBeNull();
  });
});
