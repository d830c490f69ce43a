// embedding and embeddingBag (forward, in-place renormalization, gradients) against PyTorch
// (test/fixtures/embedding.json, written by tools/fixtures/gen_thnn_embedding.py); every case also
// with non-contiguous weight, indices, offsets and gradients.
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { Num, TensorJson, decode, expectTensor, loadFixture, tensorOf } from './fixture-utils';

type Options = Record<string, Num | boolean | string | TensorJson | null>;
interface Case {
  id: string;
  op: 'embedding' | 'embeddingBag';
  mode?: nn.EmbeddingBagMode;
  options: Options;
  weight: TensorJson;
  indices: TensorJson;
  gradOutput: TensorJson;
  output: TensorJson;
  gradWeight: TensorJson;
  weightAfter?: TensorJson;
  offset2bag?: TensorJson;
  bagSize?: TensorJson;
  maxIndices?: TensorJson;
  gradPerSampleWeights?: TensorJson;
}

const fixtures = loadFixture<Case>('embedding');
const isTensorJson = (v: unknown): v is TensorJson => typeof v === 'object' && v !== null && 'shape' in v;

/** The TypeScript options of a case, tensors built (strided with nonContiguous). */
function optionsOf(c: Case, nonContiguous: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.options))
    o[k] = isTensorJson(v) ? tensorOf(v, { nonContiguous }) : typeof v === 'number' || v === 'inf' || v === '-inf' ? decode(v as Num) : v;
  return o;
}

const layouts = [false, true];
const casesOf = (op: Case['op']) =>
  fixtures.cases.filter((c) => c.op === op).flatMap((c) => layouts.map((nc) => [`${c.id}${nc ? ' (non-contiguous)' : ''}`, c, nc] as const));

describe('embedding matches PyTorch ' + fixtures.torch, () => {
  test.each(casesOf('embedding'))('%s', (_name, c, nc) => {
    const weight = tensorOf(c.weight, { nonContiguous: nc });
    const indices = tensorOf(c.indices, { nonContiguous: nc });
    const options = optionsOf(c, nc) as nn.EmbeddingOptions;
    expectTensor(nn.embedding(indices, weight, options), c.output);
    if (c.weightAfter) expectTensor(weight, c.weightAfter);
    const gradWeight = nn.embeddingBackward(tensorOf(c.gradOutput, { nonContiguous: nc }), indices, weight.shape[0], options);
    expectTensor(gradWeight, c.gradWeight);
  });
});

describe('embeddingBag matches PyTorch ' + fixtures.torch, () => {
  test.each(casesOf('embeddingBag'))('%s', (_name, c, nc) => {
    const weight = tensorOf(c.weight, { nonContiguous: nc });
    const indices = tensorOf(c.indices, { nonContiguous: nc });
    const options = optionsOf(c, nc) as nn.EmbeddingBagOptions;
    const r = nn.embeddingBag(indices, weight, options);
    expectTensor(r.output, c.output);
    if (c.offset2bag) expectTensor(r.offset2bag, c.offset2bag);
    if (c.bagSize) expectTensor(r.bagSize, c.bagSize);
    if (c.maxIndices) expectTensor(r.maxIndices as th.Tensor, c.maxIndices);
    else expect(r.maxIndices).toBeNull();
    if (c.weightAfter) expectTensor(weight, c.weightAfter);
    const g = nn.embeddingBagBackward(tensorOf(c.gradOutput, { nonContiguous: nc }), indices, weight, r, options);
    expectTensor(g.gradWeight, c.gradWeight);
    if (c.gradPerSampleWeights) expectTensor(g.gradPerSampleWeights as th.Tensor, c.gradPerSampleWeights);
    else expect(g.gradPerSampleWeights).toBeNull();
  });
});
