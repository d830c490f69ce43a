// Indexing and joining beyond the PyTorch fixtures: error messages (what, the index and the size,
// both shapes, the dtype), views that must not copy, copies that must not alias, int32 indices,
// non-contiguous and expanded index tensors, thread-count independence, disposed inputs.
import * as th from '@typetorch/th';

const L = (v: number[] | number[][], shape?: number[]): th.Tensor => {
  const t = th.tensor(v as number[], { dtype: 'int64' });
  return shape ? t.reshape(shape) : t;
};
const x34 = (): th.Tensor => th.arange(12, { dtype: 'float32' }).reshape([3, 4]);

describe('index errors name the index, the dim and the size', () => {
  test('out-of-range tensor index (PyTorch wording)', () => {
    expect(() => th.arange(3).index(L([5]))).toThrow('index 5 is out of bounds for dimension 0 with size 3');
    expect(() => x34().index(th.slice(), L([-5]))).toThrow('index -5 is out of bounds for dimension 1 with size 4');
    expect(() => x34().indexPut_([L([3])], 1)).toThrow('index 3 is out of bounds for dimension 0 with size 3');
  });
  test('wrong index dtype', () => {
    expect(() => x34().index(th.tensor([1.0]))).toThrow(/tensors used as indices must be long, int, byte or bool tensors, but got float32/);
    expect(() => x34().indexPut_([th.tensor([1], { dtype: 'int16' })], 0)).toThrow('tensors used as indices must be long, int, byte or bool tensors');
  });
  test('mask shape mismatch gives both shapes', () => {
    expect(() => x34().index(th.tensor([true, false]))).toThrow(
      'The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3, 4] at index 0',
    );
  });
  test('index tensors that do not broadcast', () => {
    expect(() => x34().index(L([0, 1]), L([0, 1, 2]))).toThrow(
      'shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]',
    );
  });
  test('values that do not broadcast to the indexing result', () => {
    expect(() => x34().indexPut_([L([1])], th.ones([2]))).toThrow(
      'shape mismatch: value tensor of shape [2] cannot be broadcast to indexing result of shape [1, 4]',
    );
    expect(() => x34().indexPut_([L([1])], th.ones([4], { dtype: 'float64' }))).toThrow(
      'Index put requires the source and destination dtypes match, got float32 for the destination and float64 for the source.',
    );
  });
  test('too many indices', () => {
    expect(() => x34().index(0, 0, 0)).toThrow('too many indices for tensor of dimension 2');
    expect(() => x34().index(L([0]), L([0]), L([0]))).toThrow('too many indices for tensor of dimension 2');
  });
  test('non-contiguous and expanded index tensors are checked too, no crash', () => {
    const bad = L([0, 1, 7, 2], [2, 2]).t();
    expect(() => x34().index(th.slice(), bad)).toThrow('index 7 is out of bounds for dimension 1 with size 4');
    const expanded = L([9], [1]).expand([5]);
    expect(() => x34().index(expanded)).toThrow('index 9 is out of bounds for dimension 0 with size 3');
    expect(() => x34().gather(1, L([[9]]).expand([3, 2]))).toThrow('index 9 is out of bounds for dimension 1 with size 4');
    expect(() => x34().indexSelect(0, L([0, 9, 5]).slice(0, null, null, 2))).toThrow('index 5 is out of bounds for dimension 0 with size 3');
  });
  test('index_select, index_add, index_copy, index_fill', () => {
    expect(() => x34().indexSelect(0, L([3]))).toThrow('index 3 is out of bounds for dimension 0 with size 3 (index out of range in self)');
    expect(() => x34().indexSelect(0, th.tensor([0.0]))).toThrow('Expected dtype int32 or int64 for index, but got float32');
    expect(() => x34().indexSelect(2, L([0]))).toThrow('Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    expect(() => x34().indexAdd(0, L([1]), th.ones([2, 4]))).toThrow(
      'Number of indices (1) should be equal to source.size(dim): (2), for dim: 0',
    );
    expect(() => x34().indexAdd(0, L([1]), th.ones([1, 4], { dtype: 'float64' }))).toThrow('self (float32) and source (float64) must have the same scalar type');
    expect(() => x34().indexCopy(0, L([1]), th.ones([1, 3]))).toThrow(/same slice shapes.*self \[3, 4\], source \[1, 3\]/);
    expect(() => x34().indexFill(0, L([1]), th.ones([2]))).toThrow('only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s)');
    expect(() => th.arange(4).indexAdd(0, L([1]), th.arange(1), { alpha: 0.5 })).toThrow('alpha must not be a floating point number');
  });
  test('gather and scatter: dim, dtype and shape errors', () => {
    expect(() => x34().gather(2, L([[0]]))).toThrow('Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    expect(() => x34().gather(1, L([1]))).toThrow('Index tensor must have the same number of dimensions as input tensor (index [1], input [3, 4])');
    expect(() => x34().gather(1, th.tensor([[1]], { dtype: 'int32' }))).toThrow('gather(): Expected dtype int64 for index, but got int32');
    expect(() => x34().gather(0, L(Array(10).fill(0), [2, 5]))).toThrow(
      'Size does not match at dimension 1 expected index [2, 5] to be smaller than self [3, 4] apart from dimension 0',
    );
    expect(() => x34().scatter(1, L([[4]]), 1)).toThrow('index 4 is out of bounds for dimension 1 with size 4');
    expect(() => x34().scatter(1, L([[-1]]), 1)).toThrow('index -1 is out of bounds for dimension 1 with size 4');
    expect(() => x34().scatterAdd(1, L([[1, 2]]), th.ones([1, 1]))).toThrow(
      'Expected index [1, 2] to be smaller than self [3, 4] apart from dimension 1 and to be smaller size than src [1, 1]',
    );
    expect(() => x34().scatter(1, L([[1]]), th.ones([1, 1], { dtype: 'float64' }))).toThrow('Expected self.dtype to be equal to src.dtype');
    expect(() => x34().scatterReduce(1, L([[1]]), th.ones([1, 1]), 'max' as th.ScatterReduceMode)).toThrow(
      'reduce argument must be either sum, prod, mean, amax or amin',
    );
    expect(() => x34().scatter(1, L([[1]]), 1, { reduce: 'sum' as th.ScatterMode })).toThrow('reduce argument must be either add or multiply');
  });
  test('take, put, masks', () => {
    expect(() => x34().take(L([12]))).toThrow('out of range: tried to access index 12 on a tensor of 12 elements.');
    expect(() => x34().put_(L([-13]), th.ones([1]))).toThrow('out of range: tried to access index -13 on a tensor of 12 elements.');
    expect(() => x34().put_(L([1]), th.ones([2]))).toThrow('Expected source and index to have the same number of elements');
    expect(() => x34().maskedFill(th.ones([3, 4]), 1)).toThrow('masked_fill_ only supports boolean masks, but got mask with dtype float32');
    expect(() => x34().maskedFill(th.tensor([true, false]), 1)).toThrow(
      'The size of tensor a (4) must match the size of tensor b (2) at non-singleton dimension 1 (shapes [3, 4] and [2])',
    );
    expect(() => x34().maskedScatter(th.ones([3, 4], { dtype: 'bool' }), th.ones([3]))).toThrow(
      'Number of elements of source < number of ones in mask (3 < 12)',
    );
    expect(() => x34().maskedSelect(th.ones([4], { dtype: 'int64' }))).toThrow('masked_select only supports boolean masks');
  });
  test('cat and stack name both shapes and the dim', () => {
    expect(() => th.cat([x34(), th.ones([2, 3])], 0)).toThrow(
      'Sizes of tensors must match except in dimension 0. Expected size 4 but got size 3 for tensor number 1 in the list (shapes [3, 4] and [2, 3]).',
    );
    expect(() => th.cat([x34(), th.ones([3])], 1)).toThrow('Tensors must have same number of dimensions: got 2 and 1');
    expect(() => th.cat([x34(), th.tensor(1)], 0)).toThrow('zero-dimensional tensor (at position 1) cannot be concatenated');
    expect(() => th.cat([], 0)).toThrow('torch.cat(): expected a non-empty list of Tensors');
    expect(() => th.cat([x34(), x34()], 0, { out: th.empty([0], { dtype: 'int64' }) })).toThrow(
      "torch.cat(): input types can't be cast to the desired output type int64",
    );
    const a = x34();
    expect(() => th.cat([a, a], 0, { out: a })).toThrow('refer to a single memory location');
    expect(() => th.stack([x34(), th.ones([2, 3])])).toThrow('stack expects each tensor to be equal size, but got [3, 4] at entry 0 and [2, 3] at entry 1');
  });
  test('split, flip, roll, rot90, repeat errors', () => {
    expect(() => x34().split([1, 1])).toThrow('split_with_sizes expects split_sizes to sum exactly to 3');
    expect(() => x34().chunk(0)).toThrow('chunk expects `chunks` to be greater than 0, got: 0');
    expect(() => x34().flip(0, 0)).toThrow('dim 0 appears multiple times in the list of dims');
    expect(() => x34().roll([1, 2], [0])).toThrow('shifts and dimensions must align. shifts: 2, dims:1');
    expect(() => x34().rot90(1, [1, 1])).toThrow('expected rotation dims to be different, but got dim0 = 1 and dim1 = 1');
    expect(() => x34().repeat(2)).toThrow('Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
    expect(() => x34().repeatInterleave(L([1, 2]), 0)).toThrow('repeats must have the same size as input along dim');
    expect(() => x34().takeAlongDim(L([0]), 0)).toThrow('input and indices should have the same number of dimensions');
    expect(() => th.meshgrid([x34()])).toThrow('Expected 0D or 1D tensor in the tensor list but got: 2D tensor');
  });
  test('disposed inputs throw, never crash', () => {
    const i = L([0]);
    i.dispose();
    expect(() => x34().index(i)).toThrow(/disposed/);
    expect(() => x34().gather(0, i)).toThrow(/disposed/);
    const a = x34();
    a.dispose();
    expect(() => th.cat([a])).toThrow(/disposed/);
  });
});

describe('views and copies', () => {
  test('basic indexing is a view, advanced indexing a copy', () => {
    const x = x34();
    const v = x.index(1, th.slice(1, 3));
    v.fill_(-1);
    expect(x.toArray()).toEqual([[0, 1, 2, 3], [4, -1, -1, 7], [8, 9, 10, 11]]);
    const c = x.index(L([1]));
    c.fill_(100);
    expect(x.index(1).toArray()).toEqual([4, -1, -1, 7]);
  });
  test('split, chunk, tensorSplit and unbind return views on the same memory', () => {
    const x = x34();
    const parts = [...x.split(2), ...x.chunk(2, 1), ...x.tensorSplit([1, 3], 1), ...x.unbind(0)];
    for (const p of parts) expect(p.storageOffset()).toBeGreaterThanOrEqual(0);
    x.split(2)[1].fill_(7);
    expect(x.index(2).toArray()).toEqual([7, 7, 7, 7]);
    x.chunk(2, 1)[0].fill_(5);
    expect(x.index(th.slice(), 0).toArray()).toEqual([5, 5, 5]);
    x.unbind(1)[3].fill_(9);
    expect(x.index(th.slice(), 3).toArray()).toEqual([9, 9, 9]);
    x.tensorSplit([1, 3], 1)[1].fill_(2);
    expect(x.index(0).toArray()).toEqual([5, 2, 2, 9]);
  });
  test('clone of views keeps the values and owns its memory', () => {
    const x = x34();
    const views = [x.t(), x.slice(1, 0, null, 2), x.index(th.slice(), null, 1).expand([3, 2])];
    for (const v of views) {
      const c = v.clone();
      expect(c.toArray()).toEqual(v.toArray());
      c.fill_(0);
      expect(v.toArray()).not.toEqual(c.toArray());
    }
  });
  test('indexPut_ with index() items writes through basic indices', () => {
    const x = x34();
    x.indexPut_([th.slice(1), L([0, 3])], th.tensor([100, 200]));
    expect(x.toArray()).toEqual([[0, 1, 2, 3], [100, 5, 6, 200], [100, 9, 10, 200]]);
    x.indexPut_(['...', L([1])], 0);
    expect(x.index(th.slice(), 1).toArray()).toEqual([0, 0, 0]);
    const y = x34();
    expect(y.indexPut([L([0, 0])], th.tensor(1), { accumulate: true }).index(0).toArray()).toEqual([2, 3, 4, 5]);
    expect(y.index(0).toArray()).toEqual([0, 1, 2, 3]); // indexPut is out of place
  });
  test('inputs that share memory with the written tensor are read as they were before the op', () => {
    // PyTorch raises for these overlaps; TypeTorch reads such inputs from a copy: the same
    // result as passing source.clone()
    const run = (f: (x: th.Tensor, src: th.Tensor) => th.Tensor): unknown[] => {
      const a = th.arange(6, { dtype: 'float32' });
      const b = th.arange(6, { dtype: 'float32' });
      return [f(a, a.narrow(0, 0, 3)).toArray(), f(b, b.narrow(0, 0, 3).clone()).toArray()];
    };
    const [p1, q1] = run((x, s) => x.indexPut_([L([1, 2, 3])], s));
    expect(p1).toEqual(q1);
    expect(p1).toEqual([0, 0, 1, 2, 4, 5]);
    const [p2, q2] = run((x, s) => x.indexAdd_(0, L([1, 2, 3]), s));
    expect(p2).toEqual(q2);
    const [p3, q3] = run((x, s) => x.scatter_(0, L([1, 2, 3]), s));
    expect(p3).toEqual(q3);
    const [p4, q4] = run((x, s) => x.put_(L([1, 2, 3]), s));
    expect(p4).toEqual(q4);
    const [p5, q5] = run((x, s) => x.maskedScatter_(th.tensor([false, true, true, true, false, false]), s));
    expect(p5).toEqual(q5);
    const y = th.arange(6);
    y.scatter_(0, y.narrow(0, 0, 3), y.narrow(0, 3, 3)); // the index itself is overwritten
    expect(y.toArray()).toEqual([3, 4, 5, 3, 4, 5]);
  });
  test('in-place forms return self; out= returns out', () => {
    const x = x34();
    expect(x.indexFill_(0, L([0]), 1)).toBe(x);
    expect(x.scatter_(1, L([[0]]), 2)).toBe(x);
    expect(x.maskedFill_(x.gt(100), 0)).toBe(x);
    const out = th.empty([0]);
    expect(x.gather(1, L([[0]]), { out })).toBe(out);
    expect(out.shape).toEqual([1, 1]);
    expect(th.cat([x, x], 0, { out }).shape).toEqual([6, 4]);
    expect(out.shape).toEqual([6, 4]);
  });
});

describe('semantics', () => {
  test('int32 indices index like int64 (newer PyTorch accepts them)', () => {
    const x = x34();
    const i64 = L([2, 0, -1]);
    expect(x.index(i64.int()).toArray()).toEqual(x.index(i64).toArray());
    expect(x.index(th.slice(), i64.int(), null).shape).toEqual([3, 3, 1]);
  });
  test('accumulate sums duplicates; the non-adjacent rule moves the indexed dims first', () => {
    const z = th.zeros([3]);
    z.indexPut_([L([0, 0, 2, 0])], th.tensor([1, 2, 3, 4]), { accumulate: true });
    expect(z.toArray()).toEqual([7, 0, 3]);
    const x = th.arange(60, { dtype: 'float32' }).reshape([3, 4, 5]);
    expect(x.index(L([0, 2]), th.slice(), L([1, 4])).shape).toEqual([2, 4]);
    expect(x.index(th.slice(), L([0, 2]), L([1, 4])).shape).toEqual([3, 2]);
    expect(x.index(L([0, 1]), null, L([0, 1])).shape).toEqual([2, 1, 5]);
  });
  test('where: one argument gives the indices, three the elementwise where', () => {
    const c = th.tensor([[true, false], [false, true]]);
    expect(th.where(c).map((t) => t.toArray())).toEqual([[0, 1], [0, 1]]);
    expect(th.where(c, th.ones([2, 2]), 0).toArray()).toEqual([[1, 0], [0, 1]]);
    expect(th.nonzero(c, { asTuple: true }).length).toBe(2);
    expect(th.argwhere(c).toArray()).toEqual([[0, 0], [1, 1]]);
  });
  test('results do not depend on the thread count', () => {
    const n = 200; // 40000 elements: above the kernels' parallel grain
    const x = th.arange(n * n, { dtype: 'float32' }).reshape([n, n]);
    const idx = th.tensor(Array.from({ length: n * n }, (_, i) => (i * 7919 + 13) % n), { dtype: 'int64' }).reshape([n, n]);
    const rows = idx.index(0);
    const run = (): unknown[] => [
      x.index(rows).toTypedArray(),
      x.index(th.slice(), rows).toTypedArray(),
      x.gather(1, idx).toTypedArray(),
      x.gather(0, idx).toTypedArray(),
      th.zeros([n, n]).scatterAdd_(1, idx, x).toTypedArray(),
      th.cat([x, x, x], 1).toTypedArray(),
      x.remainder(3).eq(0).nonzero().toTypedArray(),
      x.take(idx.reshape([-1])).toTypedArray(),
      x.maskedSelect(x.remainder(5).eq(1)).toTypedArray(),
    ];
    const before = th.getNumThreads();
    try {
      th.setNumThreads(1);
      const one = run();
      th.setNumThreads(2);
      const two = run();
      expect(two.length).toBe(one.length);
      two.forEach((t, k) => {
        const a = Buffer.from((one[k] as Uint8Array).buffer);
        const b = Buffer.from((t as Uint8Array).buffer);
        expect(a.length).toBeGreaterThan(0);
        expect(b.equals(a)).toBe(true);
      });
    } finally {
      th.setNumThreads(before);
    }
  });
  test('big index_select along dim 0 and 1 against a JS reference', () => {
    const x = th.arange(300 * 200, { dtype: 'float32' }).reshape([300, 200]);
    const idx = Array.from({ length: 250 }, (_, i) => (i * 37) % 200);
    const r = x.indexSelect(1, th.tensor(idx, { dtype: 'int64' })).toArray() as number[][];
    expect(r[7][3]).toBe(7 * 200 + idx[3]);
    expect(r[299][249]).toBe(299 * 200 + idx[249]);
  });
});

describe('indexSelect along the last dim (rows gathered four at a time)', () => {
  // Rows are gathered in groups of four with one offset load per column; check every element
  // size and a row count that leaves a remainder, against the dim-0 path on the transpose.
  test.each(['uint8', 'int16', 'float32', 'float64'] as const)('%s, 7 rows x 40 columns', (dtype) => {
    const x = th.arange(7 * 40, { dtype: 'int64' }).remainder(97).to(dtype).view([7, 40]);
    const idx = th.tensor([39, 0, 5, 5, 17, 38, 1, 2, 3, 30, 29, 28, 0, 11, 12, 13, 14, 15, 16, 39], { dtype: 'int64' });
    const viaDim0 = x.t().contiguous().indexSelect(0, idx).t();
    expect(x.indexSelect(1, idx).toArray()).toEqual(viaDim0.toArray());
    expect(x.index(th.slice(), idx).toArray()).toEqual(viaDim0.toArray());
  });
});
