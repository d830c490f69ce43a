// Every pooling's forward (output, indices) and backward (gradInput) against PyTorch
// (test/fixtures/pooling.json, written by tools/fixtures/gen_thnn_pooling.py), with contiguous
// and with strided (non-contiguous) inputs.
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { TensorJson, expectTensor, loadFixture, tensorOf } from './fixture-utils';

interface PoolCase {
  id: string;
  kind: 'maxPool' | 'avgPool' | 'adaptiveAvgPool' | 'adaptiveMaxPool' | 'lpPool' | 'fractionalMaxPool' | 'maxUnpool';
  nDims: 1 | 2 | 3;
  args: { kernelSize?: number | number[]; outputSize?: number | (number | null)[]; normType?: number; options?: Record<string, unknown> };
  input: TensorJson;
  gradOutput: TensorJson;
  output: TensorJson;
  indices?: TensorJson;
  gradInput: TensorJson;
  randomSamples?: TensorJson;
  /** no randomSamples: they are drawn from a generator with this seed */
  seed?: number;
}
interface Results {
  output: th.Tensor;
  indices?: th.Tensor;
  gradInput: th.Tensor;
  /** the forward again without indices (max poolings) */
  outputOnly?: th.Tensor;
}

const fx = loadFixture<PoolCase>('pooling');
// the functions by name (maxPool2d, maxPool2dBackward, ...): the fixture says which
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fn = (name: string): ((...args: any[]) => any) => {
  const f = (nn as unknown as Record<string, unknown>)[name];
  if (typeof f !== 'function') throw new Error(`no function ${name}`);
  return f as (...args: unknown[]) => unknown;
};

function run(c: PoolCase, nonContiguous: boolean): Results {
  const x = tensorOf(c.input, { nonContiguous });
  const g = tensorOf(c.gradOutput, { nonContiguous });
  const name = `${c.kind}${c.nDims}d`;
  const { kernelSize: k, outputSize: size, normType: p } = c.args;
  const o = { ...c.args.options };
  switch (c.kind) {
    case 'maxPool': {
      const r = fn(name)(x, k, o) as nn.PoolWithIndices;
      return { ...r, gradInput: fn(`${name}Backward`)(g, x, r.indices, k, o), outputOnly: fn(name)(x, k, { ...o, returnIndices: false }) };
    }
    case 'adaptiveMaxPool': {
      const r = fn(name)(x, size, o) as nn.PoolWithIndices;
      return { ...r, gradInput: fn(`${name}Backward`)(g, x, r.indices), outputOnly: fn(name)(x, size) };
    }
    case 'fractionalMaxPool': {
      // explicit samples, or a generator seeded as PyTorch's was (the same draws: th.rand is PyTorch's)
      const samples = () =>
        c.seed !== undefined
          ? { generator: new th.Generator().manualSeed(c.seed) }
          : { randomSamples: tensorOf(c.randomSamples as TensorJson, { nonContiguous }) };
      const r = fn(name)(x, k, { ...o, ...samples() }) as nn.PoolWithIndices;
      return {
        ...r,
        gradInput: fn(`${name}Backward`)(g, x, r.indices),
        outputOnly: fn(name)(x, k, { ...o, ...samples(), returnIndices: false }),
      };
    }
    case 'avgPool':
      return { output: fn(name)(x, k, o), gradInput: fn(`${name}Backward`)(g, x, k, o) };
    case 'adaptiveAvgPool':
      return { output: fn(name)(x, size), gradInput: fn(`${name}Backward`)(g, x) };
    case 'lpPool':
      return { output: fn(name)(x, p, k, o), gradInput: fn(`${name}Backward`)(g, x, p, k, o) };
    case 'maxUnpool': {
      const indices = tensorOf(c.indices as TensorJson, { nonContiguous });
      return { output: fn(name)(x, indices, k, o), gradInput: fn(`${name}Backward`)(g, indices) };
    }
  }
}

describe(`pooling matches PyTorch ${fx.torch}`, () => {
  it('covers every kind in 1-d, 2-d and 3-d where PyTorch has it', () => {
    const seen = new Set(fx.cases.map((c) => `${c.kind}${c.nDims}d`));
    for (const kind of ['maxPool', 'avgPool', 'adaptiveAvgPool', 'adaptiveMaxPool', 'maxUnpool'])
      for (const n of [1, 2, 3]) expect(seen).toContain(`${kind}${n}d`);
    for (const name of ['lpPool1d', 'lpPool2d', 'fractionalMaxPool2d', 'fractionalMaxPool3d']) expect(seen).toContain(name);
  });
  describe.each([false, true])('nonContiguous: %s', (nonContiguous) => {
    test.each(fx.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
      const r = run(c, nonContiguous);
      expectTensor(r.output, c.output);
      if (c.indices && c.kind !== 'maxUnpool') expectTensor(r.indices as th.Tensor, c.indices, [0, 0]);
      if (r.outputOnly) expectTensor(r.outputOnly, c.output);
      expectTensor(r.gradInput, c.gradInput);
    });
  });
});
