// Bad input gives clear errors (never a crash), and the process holds one libTH.
import * as fs from 'fs';
import * as th from '@typetorch/th';
import * as nn from '../ts';

const x = th.tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' });

describe('errors', () => {
  it('rejects non-floating dtypes', () => {
    const i = th.tensor([1, 2, 3], { dtype: 'int64' });
    expect(() => nn.relu(i)).toThrow('relu: expected input to be a float32 or float64 tensor, but got int64');
    expect(() => nn.gelu(th.tensor([true, false]))).toThrow('gelu: expected input to be a float32 or float64 tensor, but got bool');
    expect(() => nn.softmax(i, 0)).toThrow('softmax: expected input to be a float32 or float64 tensor, but got int64');
    expect(() => nn.logSoftmaxBackward(i, i, 0)).toThrow('logSoftmaxBackward: expected output to be a float32 or float64 tensor, but got int64');
  });
  it('rejects dims out of range', () => {
    expect(() => nn.softmax(x, 2)).toThrow('softmax: Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    expect(() => nn.logSoftmax(x, -3)).toThrow('logSoftmax: Dimension out of range (expected to be in range of [-2, 1], but got -3)');
    expect(() => nn.softmax(th.tensor(1, { dtype: 'float64' }), 1)).toThrow(/Dimension out of range/);
    expect(() => nn.softmaxBackward(x, x, 5)).toThrow('softmaxBackward: Dimension out of range');
    expect(() => nn.softmax(x, 0.5)).toThrow('softmax: expected dim to be an integer');
  });
  it('rejects a gradOutput of another shape or dtype', () => {
    const g = th.ones([3, 2], { dtype: 'float64' });
    expect(() => nn.reluBackward(g, x)).toThrow('reluBackward: expected gradOutput to have the shape of input [2, 3], but got [3, 2]');
    expect(() => nn.softmaxBackward(g, x, 1)).toThrow('softmaxBackward: expected gradOutput to have the shape of output [2, 3], but got [3, 2]');
    const g32 = th.ones([2, 3], { dtype: 'float32' });
    expect(() => nn.eluBackward(g32, x)).toThrow('eluBackward: expected gradOutput to have the dtype of input (float64), but got float32');
    expect(() => nn.logSoftmaxBackward(g32, x, 1)).toThrow('expected gradOutput to have the dtype of output (float64), but got float32');
  });
  it('rejects bad parameters', () => {
    expect(() => nn.hardtanh(x, { minVal: 2, maxVal: 1 })).toThrow('hardtanh: expected minVal <= maxVal, but got minVal=2 and maxVal=1');
    expect(() => nn.softshrink(x, { lambd: -1 })).toThrow('softshrink: lambda must be greater or equal to 0, but found to be -1');
    expect(() => nn.celu(x, { alpha: 0 })).toThrow('celu: alpha must not be 0');
    expect(() => nn.gelu(x, { approximate: 'fast' as 'tanh' })).toThrow("gelu: approximate must be 'none' or 'tanh', but got \"fast\"");
    expect(() => nn.leakyRelu(x, { negativeSlope: '0.1' as unknown as number })).toThrow('leakyRelu: expected negativeSlope to be a number, but got string');
    expect(() => nn.threshold(x, 1, undefined as unknown as number)).toThrow('threshold: expected value to be a number');
  });
  it('rejects what is not a tensor, and disposed tensors', () => {
    expect(() => nn.relu([1, 2] as unknown as th.Tensor)).toThrow(new TypeError('relu: expected input to be a Tensor'));
    expect(() => nn.softmaxBackward(x, null as unknown as th.Tensor, 0)).toThrow('softmaxBackward: expected output to be a Tensor');
    const d = th.ones([2], { dtype: 'float64' });
    d.dispose();
    expect(() => nn.silu(d)).toThrow(/disposed/);
  });
  it('keeps working after errors (nothing left parked)', () => {
    expect(() => nn.relu(th.tensor([1], { dtype: 'int32' }))).toThrow();
    expect(Array.from(nn.relu(th.tensor([-1, 2], { dtype: 'float64' })).toTypedArray() as Float64Array)).toEqual([0, 2]);
  });
});

describe('loading', () => {
  it('loads one libTH, the one th.node loaded, and libTHNN next to thnn.node', () => {
    const maps = fs.readFileSync('/proc/self/maps', 'utf8').split('\n');
    const files = (re: RegExp) => new Set(maps.map((l) => l.split(/\s+/)[5]).filter((f) => f && re.test(f)));
    const th1 = files(/\/libTH\.so/);
    expect(th1.size).toBe(1);
    expect([...th1][0]).toMatch(/packages\/th\/build\/Release\/libTH\.so/);
    expect([...files(/\/libTHNN\.so/)][0]).toMatch(/packages\/thnn\/build\/Release\/libTHNN\.so/);
  });
  it('reports its version', () => {
    expect(nn.libVersion).toBe('0.1.0');
  });
  it('works on empty and 0-d tensors', () => {
    expect(nn.relu(th.zeros([0, 3], { dtype: 'float32' })).shape).toEqual([0, 3]);
    expect(nn.softmax(th.tensor(3, { dtype: 'float64' }), 0).item()).toBe(1);
    expect(nn.logSoftmax(th.zeros([2, 0], { dtype: 'float32' }), 1).shape).toEqual([2, 0]);
  });
});
