// Forward values and gradInput of every activation and of softmax/logSoftmax against PyTorch
// (test/fixtures/activations.json, written by tools/fixtures/gen_thnn_activations.py).
import * as nn from '../ts';
import { BACKWARD, FORWARD, fixtures, gradOutputOf, inputOf, mismatch, tolerances, Case } from './utils';

const label = (c: Case): string =>
  `${c.op}${c.params ? ' ' + JSON.stringify(c.params) : ''} ${c.dtype} [${c.shape}]${c.transpose ? '.t()' : ''}` +
  `${c.input.length === 3 && c.input[0] === 'nan' ? ' nan/inf' : ''}${c.dim !== undefined ? ' dim ' + c.dim : ''}`;

describe('activations match PyTorch ' + fixtures.torch, () => {
  it('covers every activation', () => {
    expect(new Set(fixtures.activations.map((c) => c.op))).toEqual(new Set(nn.activationNames));
    expect(Object.keys(FORWARD).sort()).toEqual([...nn.activationNames].sort());
  });
  test.each(fixtures.activations.map((c) => [label(c), c] as const))('%s', (_name, c) => {
    const [rtol, atol] = tolerances(c.dtype);
    const x = inputOf(c);
    const y = FORWARD[c.op](x, c.params);
    expect(y.shape).toEqual(x.shape);
    expect(y.dtype).toBe(c.dtype);
    expect(mismatch(y, c.output, rtol, atol)).toBeNull();
    const gi = BACKWARD[c.op](gradOutputOf(c, x), x, c.params);
    expect(gi.shape).toEqual(x.shape);
    expect(mismatch(gi, c.gradInput, rtol, atol)).toBeNull();
  });
});

const SOFTMAX = {
  softmax: [nn.softmax, nn.softmaxBackward],
  logSoftmax: [nn.logSoftmax, nn.logSoftmaxBackward],
  softmin: [nn.softmin, nn.softminBackward],
} as const;

describe('softmax, logSoftmax and softmin match PyTorch', () => {
  it('covers each of them', () => expect(new Set(fixtures.softmax.map((c) => c.op))).toEqual(new Set(Object.keys(SOFTMAX))));
  test.each(fixtures.softmax.map((c) => [label(c), c] as const))('%s', (_name, c) => {
    const [rtol, atol] = tolerances(c.dtype);
    const [forward, backward] = SOFTMAX[c.op as keyof typeof SOFTMAX];
    const dim = c.dim as number;
    const x = inputOf(c);
    const y = forward(x, dim);
    expect(y.shape).toEqual(x.shape);
    expect(mismatch(y, c.output, rtol, atol)).toBeNull();
    const gi = backward(gradOutputOf(c, x), y, dim);
    expect(gi.shape).toEqual(x.shape);
    expect(mismatch(gi, c.gradInput, rtol, atol)).toBeNull();
  });
});
