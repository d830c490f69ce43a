// Bad arguments to the fused LSTM / GRU cells give clear errors (never a crash).
import * as th from '@typetorch/th';
import * as nn from '../ts';

const f64 = (shape: number[]) => th.ones(shape, { dtype: 'float64' });

describe('fusedLstmCell errors', () => {
  it('checks the gate tensors', () => {
    expect(() => nn.fusedLstmCell(f64([2, 10]), f64([2, 10]), f64([2, 2]))).toThrow(
      "fusedLstmCell: expected inputGates's size(1) to be a multiple of 4 (4 gates: i, f, g, o), but got 10",
    );
    expect(() => nn.fusedLstmCell(f64([8]), f64([8]), f64([2]))).toThrow('fusedLstmCell: expected inputGates to be 2-D [batch, 4 * hiddenSize], but got [8]');
    expect(() => nn.fusedLstmCell(f64([2, 8]), f64([3, 8]), f64([2, 2]))).toThrow('fusedLstmCell: expected hiddenGates to have shape [2, 8], but got [3, 8]');
    expect(() => nn.fusedLstmCell(f64([2, 8]), f64([2, 8]), f64([2, 3]))).toThrow('fusedLstmCell: expected cx to have shape [2, 2], but got [2, 3]');
    expect(() => nn.fusedLstmCell(th.ones([2, 8], { dtype: 'int64' }), f64([2, 8]), f64([2, 2]))).toThrow(/expected inputGates to be a float32 or float64 tensor, but got int64/);
    expect(() => nn.fusedLstmCell(f64([2, 8]), th.ones([2, 8], { dtype: 'float32' }), f64([2, 2]))).toThrow(
      'fusedLstmCell: expected hiddenGates to be a float64 tensor, but got float32',
    );
  });
  it('checks the biases', () => {
    expect(() => nn.fusedLstmCell(f64([2, 8]), f64([2, 8]), f64([2, 2]), f64([8]))).toThrow(
      'fusedLstmCell: inputBias and hiddenBias must both be given or both be null',
    );
    expect(() => nn.fusedLstmCell(f64([2, 8]), f64([2, 8]), f64([2, 2]), f64([8]), f64([4]))).toThrow('fusedLstmCell: expected hiddenBias to have shape [8], but got [4]');
    expect(() => nn.fusedLstmCell(f64([2, 8]), f64([2, 8]), f64([2, 2]), [1] as unknown as th.Tensor, f64([8]))).toThrow(
      new TypeError('fusedLstmCell: expected inputBias to be a Tensor'),
    );
  });
  it('checks the backward arguments', () => {
    const r = nn.fusedLstmCell(f64([2, 8]), f64([2, 8]), f64([2, 2]));
    expect(() => nn.fusedLstmCellBackward(f64([2, 3]), null, f64([2, 2]), r.cy, r.workspace, false)).toThrow(
      'fusedLstmCellBackward: expected gradHy to have shape [2, 2], but got [2, 3]',
    );
    expect(() => nn.fusedLstmCellBackward(f64([2, 2]), null, f64([2, 2]), r.cy, f64([2, 6]), false)).toThrow(/expected workspace's size\(1\) to be a multiple of 4/);
    expect(() => nn.fusedLstmCellBackward(f64([2, 2]), null, f64([1, 2]), r.cy, r.workspace, false)).toThrow(/expected cx to have shape \[2, 2\], but got \[1, 2\]/);
    expect(() => nn.fusedLstmCellBackward(f64([2, 2]), null, f64([2, 2]), r.cy, r.workspace, 1 as unknown as boolean)).toThrow(
      new TypeError('fusedLstmCellBackward: expected hasBias to be a boolean, but got number'),
    );
  });
});

describe('fusedGruCell errors', () => {
  it('checks the gate tensors and biases', () => {
    expect(() => nn.fusedGruCell(f64([2, 8]), f64([2, 8]), f64([2, 2]))).toThrow(
      "fusedGruCell: expected inputGates's size(1) to be a multiple of 3 (3 gates: r, z, n), but got 8",
    );
    expect(() => nn.fusedGruCell(f64([2, 6]), f64([2, 9]), f64([2, 2]))).toThrow('fusedGruCell: expected hiddenGates to have shape [2, 6], but got [2, 9]');
    expect(() => nn.fusedGruCell(f64([2, 6]), f64([2, 6]), f64([2]))).toThrow('fusedGruCell: expected hx to have shape [2, 2], but got [2]');
    expect(() => nn.fusedGruCell(f64([2, 6]), f64([2, 6]), f64([2, 2]), null, f64([6]))).toThrow(/inputBias and hiddenBias must both be given or both be null/);
    expect(() => nn.fusedGruCell(f64([2, 6]), f64([2, 6]), f64([2, 2]), f64([2, 3]), f64([6]))).toThrow(/expected inputBias to have shape \[6\], but got \[2, 3\]/);
  });
  it('checks the backward arguments', () => {
    const r = nn.fusedGruCell(f64([2, 6]), f64([2, 6]), f64([2, 2]));
    expect(() => nn.fusedGruCellBackward(f64([2, 3]), r.workspace, false)).toThrow('fusedGruCellBackward: expected gradHy to have shape [2, 2], but got [2, 3]');
    expect(() => nn.fusedGruCellBackward(f64([2, 2]), f64([2, 6]), false)).toThrow(/expected workspace's size\(1\) to be a multiple of 5/);
    expect(() => nn.fusedGruCellBackward(null as unknown as th.Tensor, r.workspace, false)).toThrow(new TypeError('fusedGruCellBackward: expected gradHy to be a Tensor'));
  });
});
