// Fused LSTM / GRU cells against PyTorch's cells written out with autograd
// (test/fixtures/fused_rnn.json, written by tools/fixtures/gen_thnn_fused_rnn.py), forward and
// every gradient, each case also with non-contiguous inputs.
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { TensorJson, expectTensor, loadFixture, tensorOf } from './fixture-utils';

interface Case {
  id: string;
  cell: 'lstm' | 'gru';
  inputGates: TensorJson;
  hiddenGates: TensorJson;
  inputBias?: TensorJson;
  hiddenBias?: TensorJson;
  gradHy: TensorJson | null;
  hy: TensorJson;
  workspace: TensorJson;
  // lstm
  cx?: TensorJson;
  gradCy?: TensorJson | null;
  cy?: TensorJson;
  gradGates?: TensorJson;
  gradCx?: TensorJson;
  gradBias?: TensorJson;
  // gru
  hx?: TensorJson;
  gradInputGates?: TensorJson;
  gradHiddenGates?: TensorJson;
  gradHx?: TensorJson;
  gradInputBias?: TensorJson;
  gradHiddenBias?: TensorJson;
}

const fixtures = loadFixture<Case>('fused_rnn');
const cases = (cell: Case['cell']) =>
  fixtures.cases.filter((c) => c.cell === cell).flatMap((c) => [false, true].map((nc) => [`${c.id}${nc ? ' (non-contiguous)' : ''}`, c, nc] as const));
const maybe = (j: TensorJson | null | undefined, nonContiguous: boolean): th.Tensor | null => (j ? tensorOf(j, { nonContiguous }) : null);

describe('fusedLstmCell matches PyTorch ' + fixtures.torch, () => {
  test.each(cases('lstm'))('%s', (_name, c, nc) => {
    const t = (j: TensorJson) => tensorOf(j, { nonContiguous: nc });
    const cx = t(c.cx as TensorJson);
    const r = nn.fusedLstmCell(t(c.inputGates), t(c.hiddenGates), cx, maybe(c.inputBias, nc), maybe(c.hiddenBias, nc));
    expectTensor(r.hy, c.hy);
    expectTensor(r.cy, c.cy as TensorJson);
    expectTensor(r.workspace, c.workspace);
    const g = nn.fusedLstmCellBackward(maybe(c.gradHy, nc), maybe(c.gradCy, nc), cx, r.cy, r.workspace, c.inputBias !== undefined);
    expectTensor(g.gradGates, c.gradGates as TensorJson);
    expectTensor(g.gradCx, c.gradCx as TensorJson);
    if (c.gradBias) expectTensor(g.gradBias as th.Tensor, c.gradBias);
    else expect(g.gradBias).toBeNull();
  });
});

describe('fusedGruCell matches PyTorch ' + fixtures.torch, () => {
  test.each(cases('gru'))('%s', (_name, c, nc) => {
    const t = (j: TensorJson) => tensorOf(j, { nonContiguous: nc });
    const r = nn.fusedGruCell(t(c.inputGates), t(c.hiddenGates), t(c.hx as TensorJson), maybe(c.inputBias, nc), maybe(c.hiddenBias, nc));
    expectTensor(r.hy, c.hy);
    expectTensor(r.workspace, c.workspace);
    const g = nn.fusedGruCellBackward(t(c.gradHy as TensorJson), r.workspace, c.inputBias !== undefined);
    expectTensor(g.gradInputGates, c.gradInputGates as TensorJson);
    expectTensor(g.gradHiddenGates, c.gradHiddenGates as TensorJson);
    expectTensor(g.gradHx, c.gradHx as TensorJson);
    if (c.gradInputBias) {
      expectTensor(g.gradInputBias as th.Tensor, c.gradInputBias);
      expectTensor(g.gradHiddenBias as th.Tensor, c.gradHiddenBias as TensorJson);
    } else {
      expect(g.gradInputBias).toBeNull();
      expect(g.gradHiddenBias).toBeNull();
    }
  });
});
