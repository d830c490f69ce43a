// Bad arguments to embedding / embeddingBag and their backward give clear errors (never a crash).
import * as th from '@typetorch/th';
import * as nn from '../ts';

const w = th.randn([10, 3], { dtype: 'float64' });
const idx = (values: number[], dtype: th.DType = 'int64') => th.tensor(values, { dtype });
const indices = idx([1, 2, 4, 5]);

describe('embedding errors', () => {
  it('names an index out of range and the number of embeddings', () => {
    expect(() => nn.embedding(idx([1, 10, 3]), w)).toThrow(
      'embedding: index 10 (at position 1 of indices) is out of range for 10 embeddings (expected 0 <= index < 10)',
    );
    expect(() => nn.embedding(idx([-1]), w)).toThrow(/index -1 .* out of range for 10 embeddings/);
    expect(() => nn.embedding(idx([3, 12], 'int32'), w)).toThrow(/index 12 \(at position 1 of indices\)/);
    expect(() => nn.embeddingBackward(th.ones([2, 3], { dtype: 'float64' }), idx([0, 7]), 5)).toThrow(
      /embeddingBackward: index 7 .* out of range for 5 embeddings/,
    );
    expect(() => nn.embedding(idx([11]), w, { maxNorm: 1 })).toThrow(/embeddingRenorm: index 11 .* out of range for 10 embeddings/);
  });
  it('rejects non-integer indices and non-floating weights', () => {
    expect(() => nn.embedding(th.tensor([1, 2], { dtype: 'float32' }), w)).toThrow(
      'embedding: expected indices to be an int64 or int32 tensor, but got float32',
    );
    expect(() => nn.embedding(th.tensor([true]), w)).toThrow(/expected indices to be an int64 or int32 tensor, but got bool/);
    expect(() => nn.embedding(indices, th.ones([10, 3], { dtype: 'int64' }))).toThrow(
      'embedding: expected weight to be a float32 or float64 tensor, but got int64',
    );
  });
  it('rejects a weight that is not 2-D', () => {
    expect(() => nn.embedding(indices, th.ones([10], { dtype: 'float32' }))).toThrow("embedding: 'weight' must be 2-D, but got a 1-D tensor");
    expect(() => nn.embedding(indices, th.ones([10, 3, 2], { dtype: 'float32' }))).toThrow(/'weight' must be 2-D, but got a 3-D tensor/);
    expect(() => nn.embedding(indices, th.ones([10, 3, 2], { dtype: 'float32' }), { maxNorm: 1 })).toThrow(/embeddingRenorm: 'weight' must be 2-D/);
  });
  it('rejects paddingIdx out of range', () => {
    expect(() => nn.embedding(indices, w, { paddingIdx: 10 })).toThrow(
      'embedding: paddingIdx must be within the number of embeddings, -10 through 9, but got 10',
    );
    expect(() => nn.embedding(indices, w, { paddingIdx: -11 })).toThrow(/-10 through 9, but got -11/);
    expect(() => nn.embeddingBackward(th.ones([4, 3], { dtype: 'float64' }), indices, 10, { paddingIdx: 12 })).toThrow(
      /embeddingBackward: paddingIdx must be within .* but got 12/,
    );
    expect(() => nn.embedding(indices, w, { paddingIdx: 1.5 })).toThrow(new TypeError('embedding: expected paddingIdx to be an integer, but got 1.5'));
  });
  it('rejects a bad maxNorm and bad option types', () => {
    expect(() => nn.embedding(indices, w, { maxNorm: -1 })).toThrow('embeddingRenorm: maxNorm must be a non-negative number, but got -1');
    expect(() => nn.embedding(indices, w, { maxNorm: '1' as unknown as number })).toThrow(/expected maxNorm to be a number, but got string/);
    expect(() => nn.embedding(indices, w, { scaleGradByFreq: 1 as unknown as boolean })).toThrow(/expected scaleGradByFreq to be a boolean/);
    expect(() => nn.embedding(indices, w, 3 as unknown as nn.EmbeddingOptions)).toThrow(/expected options to be an object/);
  });
  it('checks the backward arguments', () => {
    const g = th.ones([4, 3], { dtype: 'float64' });
    expect(() => nn.embeddingBackward(th.ones([4, 2], { dtype: 'float64' }), idx([1, 2, 3]), 10)).toThrow(
      'embeddingBackward: expected gradOutput to have the shape of indices [3] plus the embedding dim 2, but got [4, 2]',
    );
    expect(() => nn.embeddingBackward(g, indices, -1)).toThrow(new TypeError('embeddingBackward: expected numWeights to be a non-negative integer, but got -1'));
    expect(() => nn.embeddingBackward(th.ones([4, 3], { dtype: 'int32' }), indices, 10)).toThrow(/expected gradOutput to be a float32 or float64 tensor/);
    expect(() => nn.embeddingBackward(g, th.ones([4], { dtype: 'float64' }), 10)).toThrow(/expected indices to be an int64 or int32 tensor/);
  });
  it('keeps working after an error', () => {
    expect(() => nn.embedding(idx([99]), w)).toThrow();
    expect(nn.embedding(idx([2]), w).shape).toEqual([1, 3]);
  });
});

describe('embeddingBag errors', () => {
  const flat = idx([1, 2, 4, 5, 4, 3, 2, 9]);
  it('checks offsets: start at 0, never decrease, stay within the input', () => {
    expect(() => nn.embeddingBag(flat, w, { offsets: idx([1, 4]) })).toThrow(
      'embeddingBag: offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, got 1',
    );
    expect(() => nn.embeddingBag(flat, w, { offsets: idx([0, 5, 3]) })).toThrow(
      'embeddingBag: offsets must be non-decreasing, but offsets[2] = 3 < offsets[1] = 5',
    );
    expect(() => nn.embeddingBag(flat, w, { offsets: idx([0, 9]) })).toThrow(
      "embeddingBag: offsets[-1] can not be greater than input's length 8 but got offsets[-1] of 9",
    );
    expect(() => nn.embeddingBag(flat, w, { offsets: idx([0, 4, 6]), includeLastOffset: true })).toThrow(
      "embeddingBag: includeLastOffset: offsets[-1] must be input's length 8 (the end of the last bag), but got 6",
    );
    expect(() => nn.embeddingBag(flat, w, { offsets: idx([]), includeLastOffset: true })).toThrow(/number of offsets should be at least 1/);
    expect(() => nn.embeddingBag(flat, w, { offsets: idx([]) })).toThrow('embeddingBag: offsets is empty, so there are no bags for the 8 indices of input');
    expect(() => nn.embeddingBag(flat, w, { offsets: th.tensor([[0, 4]], { dtype: 'int64' }) })).toThrow(
      'embeddingBag: offsets has to be a 1D Tensor, but got Tensor of dimension 2',
    );
    expect(() => nn.embeddingBag(flat, w, { offsets: th.tensor([0, 4], { dtype: 'float32' }) })).toThrow(/expected offsets to be an int64 or int32 tensor/);
  });
  it('checks the input against offsets', () => {
    expect(() => nn.embeddingBag(flat, w)).toThrow('embeddingBag: offsets has to be a 1D Tensor but got None');
    expect(() => nn.embeddingBag(idx([1, 2, 3, 4]).reshape([2, 2]), w, { offsets: idx([0]) })).toThrow(/if input is 2-D, then offsets has to be None/);
    expect(() => nn.embeddingBag(idx([1, 2, 3, 4]).reshape([2, 2]), w, { includeLastOffset: true })).toThrow(/includeLastOffset needs 1-D input with offsets/);
    expect(() => nn.embeddingBag(idx([1, 2]).reshape([1, 1, 2]), w)).toThrow('embeddingBag: input has to be 1D or 2D Tensor, but got Tensor of dimension 3');
  });
  it('names an index out of range', () => {
    expect(() => nn.embeddingBag(idx([1, 2, 30]), w, { offsets: idx([0, 1]) })).toThrow(
      'embeddingBag: index 30 (at position 2 of input) is out of range for 10 embeddings (expected 0 <= index < 10)',
    );
  });
  it('allows perSampleWeights only with mode sum, of the input shape and the weight dtype', () => {
    const psw = th.ones([8], { dtype: 'float64' });
    expect(() => nn.embeddingBag(flat, w, { offsets: idx([0, 4]), mode: 'mean', perSampleWeights: psw })).toThrow(
      "embeddingBag: perSampleWeights was not None. perSampleWeights is only supported for mode='sum' (got mode='mean')",
    );
    expect(() => nn.embeddingBag(flat, w, { offsets: idx([0, 4]), mode: 'sum', perSampleWeights: th.ones([7], { dtype: 'float64' }) })).toThrow(
      'embeddingBag: expected perSampleWeights to have the shape of input [8], but got [7]',
    );
    expect(() => nn.embeddingBag(flat, w, { offsets: idx([0, 4]), mode: 'sum', perSampleWeights: th.ones([8], { dtype: 'float32' }) })).toThrow(
      /expected perSampleWeights to have the dtype of weight \(float64\), but got float32/,
    );
  });
  it('checks mode, paddingIdx and weight', () => {
    expect(() => nn.embeddingBag(flat, w, { offsets: idx([0]), mode: 'min' as nn.EmbeddingBagMode })).toThrow(
      new TypeError('embeddingBag: mode has to be one of sum, mean or max, but got "min"'),
    );
    expect(() => nn.embeddingBag(flat, w, { offsets: idx([0]), paddingIdx: 10 })).toThrow(/paddingIdx must be within the number of embeddings, -10 through 9, but got 10/);
    expect(() => nn.embeddingBag(flat, th.ones([10], { dtype: 'float64' }), { offsets: idx([0]) })).toThrow(/'weight' must be 2-D/);
    expect(() => nn.embeddingBag(flat, w, { offsets: idx([0]), mode: 'max', scaleGradByFreq: true })).toThrow(
      'embeddingBag: max mode does not support scaling the gradient by the frequency',
    );
  });
  it('checks the backward arguments', () => {
    const offsets = idx([0, 4]);
    const r = nn.embeddingBag(flat, w, { offsets, mode: 'mean' });
    const g = th.ones([2, 3], { dtype: 'float64' });
    expect(() => nn.embeddingBagBackward(th.ones([2, 4], { dtype: 'float64' }), flat, w, r, { mode: 'mean' })).toThrow(
      'embeddingBagBackward: expected gradOutput to be [numBags, 3] (the embedding dim of gradWeight), but got [2, 4]',
    );
    expect(() => nn.embeddingBagBackward(g, flat, w, { ...r, offset2bag: idx([0, 0, 0]) }, { mode: 'mean' })).toThrow(
      'embeddingBagBackward: expected offset2bag to have shape [8], but got [3]',
    );
    expect(() => nn.embeddingBagBackward(g, flat, w, { ...r, offset2bag: idx([0, 0, 0, 0, 1, 1, 1, 2]) }, { mode: 'mean' })).toThrow(
      'embeddingBagBackward: offset2bag[7] = 2 is not a bag (expected 0 <= bag < 2)',
    );
    expect(() => nn.embeddingBagBackward(g, flat, w, { ...r, bagSize: idx([4]) }, { mode: 'mean' })).toThrow(/expected bagSize to have shape \[2\], but got \[1\]/);
    const m = nn.embeddingBag(flat, w, { offsets, mode: 'max' });
    expect(() => nn.embeddingBagBackward(g, flat, w, { ...m, maxIndices: null }, { mode: 'max' })).toThrow(/maxIndices is NULL/);
    const badMax = th.tensor([[1, 2, 3], [4, 50, 6]], { dtype: 'int64' });
    expect(() => nn.embeddingBagBackward(g, flat, w, { ...m, maxIndices: badMax }, { mode: 'max' })).toThrow(
      'embeddingBagBackward: maxIndices[1][1] = 50 is out of range for 10 embeddings',
    );
    expect(() => nn.embeddingBagBackward(g, flat, w, m, { mode: 'max', scaleGradByFreq: true })).toThrow(/max mode does not support scaling/);
    expect(() => nn.embeddingBagBackward(g, flat, th.ones([10, 3, 1], { dtype: 'float64' }), r, { mode: 'mean' })).toThrow(
      "embeddingBagBackward: 'gradWeight' must be 2-D, but got a 3-D tensor",
    );
    expect(() => nn.embeddingBagBackward(g, flat, w, r, { mode: 'mean', perSampleWeights: th.ones([8], { dtype: 'float64' }) })).toThrow(
      /perSampleWeights is only supported for mode='sum' \(got mode='mean'\)/,
    );
  });
});
