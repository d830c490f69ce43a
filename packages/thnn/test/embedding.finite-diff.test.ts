// embedding / embeddingBag backward against central finite differences (float64), and the
// weight gradient's determinism: the same bits whatever the thread count.
import * as th from '@typetorch/th';
import * as nn from '../ts';
import { checkGradients } from './finite-diff';

const f64 = (values: number[], shape: number[]) => th.fromTypedArray(Float64Array.from(values), shape, { dtype: 'float64' });
/** Distinct, irregular values (no ties for mode max). */
const table = (rows: number, dim: number) => f64(Array.from({ length: rows * dim }, (_, i) => Math.sin(2.3 * i + 0.7) * (1 + i / 7)), [rows, dim]);
const idx = (values: number[], shape = [values.length]) => th.tensor(values, { dtype: 'int64' }).reshape(shape);

describe('embedding backward = finite differences (float64)', () => {
  it('2-D indices with repeats', () => {
    const indices = idx([1, 4, 4, 0, 2, 1], [2, 3]);
    expect(
      checkGradients(
        ([w]) => nn.embedding(indices, w),
        (g, [w]) => [nn.embeddingBackward(g, indices, w.shape[0])],
        [table(5, 3)],
      ),
    ).toBeNull();
  });
});

describe('embeddingBag backward = finite differences (float64)', () => {
  const indices = idx([1, 2, 4, 5, 4, 3, 2, 5, 0]);
  const offsets = idx([0, 3, 3, 7]); // bag 1 is empty
  const bagCases: [string, nn.EmbeddingBagOptions][] = [
    ['sum', { offsets, mode: 'sum' }],
    ['mean', { offsets, mode: 'mean' }],
    ['max', { offsets, mode: 'max' }],
    ['mean, paddingIdx', { offsets, mode: 'mean', paddingIdx: 4 }],
    ['max, paddingIdx', { offsets, mode: 'max', paddingIdx: 2 }],
    ['includeLastOffset', { offsets: idx([0, 2, 9]), mode: 'mean', includeLastOffset: true }],
  ];
  test.each(bagCases)('%s', (_name, options) => {
    expect(
      checkGradients(
        ([w]) => nn.embeddingBag(indices, w, options).output,
        (g, [w]) => [nn.embeddingBagBackward(g, indices, w, nn.embeddingBag(indices, w, options), options).gradWeight],
        [table(6, 3)],
      ),
    ).toBeNull();
  });
  it('2-D indices, sum with perSampleWeights and paddingIdx (weight and perSampleWeights)', () => {
    const bags = idx([1, 2, 4, 4, 3, 2], [2, 3]);
    const options = (psw: th.Tensor): nn.EmbeddingBagOptions => ({ mode: 'sum', perSampleWeights: psw, paddingIdx: 3 });
    expect(
      checkGradients(
        ([w, psw]) => nn.embeddingBag(bags, w, options(psw)).output,
        (g, [w, psw]) => {
          const r = nn.embeddingBagBackward(g, bags, w, nn.embeddingBag(bags, w, options(psw)), options(psw));
          return [r.gradWeight, r.gradPerSampleWeights];
        },
        [table(5, 4), f64([0.5, -1.2, 2.0, 0.7, 1.1, -0.3], [2, 3])],
      ),
    ).toBeNull();
  });
});

describe('the weight gradient is deterministic', () => {
  const rows = 50;
  const n = 4096;
  const dim = 64; // n * dim is above the kernels' one-thread grain
  const indices = idx(Array.from({ length: n }, (_, i) => (i * i * 7 + 3) % rows));
  const bits = (t: th.Tensor) => Buffer.from((t.toTypedArray() as Float32Array).buffer);
  const run = (threads: number, f: () => th.Tensor) => {
    const before = th.getNumThreads();
    th.setNumThreads(threads);
    try {
      return bits(f());
    } finally {
      th.setNumThreads(before);
    }
  };
  const g = th.randn([n, dim], { dtype: 'float32' });
  it('embedding: the same bits on 1 thread and on 4', () => {
    const f = () => nn.embeddingBackward(g, indices, rows, { scaleGradByFreq: true });
    expect(run(4, f).equals(run(1, f))).toBe(true);
  });
  it('embeddingBag (mean and max): the same bits on 1 thread and on 4', () => {
    const w = th.randn([rows, dim], { dtype: 'float32' });
    const offsets = idx(Array.from({ length: 64 }, (_, i) => i * 64));
    for (const mode of ['mean', 'max'] as const) {
      const r = nn.embeddingBag(indices, w, { offsets, mode });
      const go = th.randn([64, dim], { dtype: 'float32' });
      const f = () => nn.embeddingBagBackward(go, indices, w, r, { mode }).gradWeight;
      expect(run(4, f).equals(run(1, f))).toBe(true);
    }
  });
});
