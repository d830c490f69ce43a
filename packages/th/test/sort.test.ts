// Sorting area: bad input gets PyTorch's errors (messages asserted), and properties the fixtures
// cannot show: stability on long inputs, thread-count independence, selection vs full sort,
// out= handling, aliasing, function forms. Values from PyTorch are in sort.fixtures.test.ts.
import * as th from '@typetorch/th';

const f32 = (v: number[], shape?: number[]): th.Tensor => {
  const t = th.tensor(v, { dtype: 'float32' });
  return shape ? t.reshape(shape) : t;
};
const i64 = (v: number[]): th.Tensor => th.tensor(v, { dtype: 'int64' });
const arr = (t: th.Tensor): (number | boolean)[] => (t.toArray() as (number | boolean)[]).flat(Infinity as 1) as (number | boolean)[];

/** Deterministic pseudo-random integers in [0, m). */
function ints(n: number, m: number, seed = 1): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % m;
  });
}

describe('bad input throws PyTorch-style errors', () => {
  const x = f32([3, 1, 2]);
  test.each<[string, () => unknown, string | RegExp]>([
    ['sort: dim out of range', () => x.sort(2), 'Dimension out of range (expected to be in range of [-1, 0], but got 2)'],
    ['argsort: dim out of range', () => x.argsort(-3), 'but got -3'],
    ['topk: k too large', () => x.topk(4), 'selected index k out of range (k = 4, dimension 0 has size 3)'],
    ['topk: negative k', () => x.topk(-1), 'selected index k out of range'],
    ['topk: bool', () => th.tensor([true, false]).topk(1), `"topk_cpu" not implemented for 'Bool'`],
    ['topk: float16', () => x.half().topk(1), `"topk_cpu" not implemented for 'Half'`],
    ['topk: k not an integer', () => x.topk(1.5), 'topk: expected k to be an integer'],
    ['kthvalue: k = 0', () => x.kthvalue(0), 'kthvalue(): selected number k out of range for dimension 0'],
    ['kthvalue: k > size', () => x.kthvalue(4), 'kthvalue(): selected number k out of range for dimension 0 (k = 4, size 3)'],
    ['kthvalue: empty dim', () => th.zeros([3, 0]).kthvalue(1), 'kthvalue(): Expected reduction dim 1 to have non-zero size.'],
    ['median: bool', () => th.tensor([true]).median(), `"median_cpu" not implemented for 'Bool'`],
    ['median: empty dim', () => th.zeros([3, 0]).median(1), 'median(): Expected reduction dim 1 to have non-zero size.'],
    ['nanmedian: empty dim', () => th.zeros([2, 0]).nanmedian(-1), 'nanmedian(): Expected reduction dim 1 to have non-zero size.'],
    ['mode: empty dim', () => th.zeros([0]).mode(), 'mode(): Expected reduction dim 0 to have non-zero size.'],
    ['quantile: integer input', () => i64([1, 2]).quantile(0.5), 'quantile() input tensor must be either float or double dtype (got int64)'],
    ['quantile: q > 1', () => x.quantile(1.5), 'quantile() q must be in the range [0, 1] but got 1.5'],
    ['quantile: q tensor out of range', () => x.quantile(f32([0.5, -0.5])), 'quantile() q values must be in the range [0, 1]'],
    ['quantile: q 2-d', () => x.quantile(f32([0.5], [1, 1])), 'quantile() q must be a scalar or 1D tensor (got 2 dims)'],
    ['quantile: q dtype', () => x.quantile(th.tensor([0.5], { dtype: 'float64' })), 'quantile() q tensor must be same dtype as the input tensor (input float32, q float64)'],
    ['quantile: empty', () => th.zeros([0]).quantile(0.5), 'quantile() input tensor must be non-empty'],
    ['quantile: interpolation', () => x.quantile(0.5, null, false, { interpolation: 'cubic' as th.QuantileInterpolation }),
      'quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, but got cubic'],
    ['unique: dim of a 0-d tensor', () => th.tensor(5).unique({ dim: 0 }), 'Dimension specified as 0 but tensor has no dimensions'],
    ['unique: zero-size other dim', () => th.zeros([0, 3]).unique({ dim: 1 }), "There are 0 sized dimensions, and they aren't selected, so unique cannot be applied"],
    ['unique: float16', () => x.half().unique(), `"unique" not implemented for 'Half'`],
    ['searchsorted: leading dims', () => th.searchsorted(f32([1, 2, 3, 4], [2, 2]), f32([1, 2, 3], [3, 1])),
      'the first N-1 dimensions of boundaries tensor and input value tensor must match, but we got boundaries tensor [2, 2] and input value tensor [3, 1]'],
    ['searchsorted: scalar with 2-d boundaries', () => th.searchsorted(f32([1, 2], [1, 2]), 1),
      'input value can be a scalar only when boundaries tensor dimension is 1, but we got boundaries tensor dim(2)'],
    ['searchsorted: sorter size', () => th.searchsorted(f32([1, 2, 3]), f32([1]), { sorter: i64([0, 1]) }),
      'boundary and sorter must have the same size, but got boundary tensor [3] and got sorter tensor [2]'],
    ['searchsorted: sorter dtype', () => th.searchsorted(f32([1, 2]), f32([1]), { sorter: f32([0, 1]) }), 'sorter must be a tensor of long dtype but got dtype float32'],
    ['searchsorted: sorter out of range', () => th.searchsorted(f32([1, 2]), f32([1]), { sorter: i64([0, 2]) }),
      'sorter index 2 is out of range for a sorted sequence of size 2'],
    ['searchsorted: side and right', () => th.searchsorted(x, x, { side: 'left', right: true }), "side and right can't be set to opposites"],
    ['searchsorted: out dtype', () => th.searchsorted(x, x, { out: th.zeros([3]) }),
      "output tensor's dtype is wrong, it can only be Int(int32) or Long(int64) depending on whether out_int32 flag is True, but we got output tensor's dtype float32"],
    ['bucketize: 2-d boundaries', () => th.bucketize(x, f32([1, 2], [1, 2])), 'boundaries tensor must be 1 dimension, but got dim(2)'],
    ['histc: bins', () => x.histc(0), 'torch.histogram(): bins must be > 0, but got 0 for dimension 0'],
    ['histc: max < min', () => x.histc(3, 2, 1), 'torch.histc: max must be larger than min'],
    ['histc: infinite range', () => f32([1, Infinity]).histc(3), 'torch.histc: range of [1, inf] is not finite'],
    ['histc: integers', () => i64([1]).histc(), `"histogram_cpu" not implemented for 'Long'`],
    ['bincount: negative', () => i64([1, -1]).bincount(), 'bincount only supports 1-d non-negative integral inputs.'],
    ['bincount: 2-d', () => i64([1, 1]).reshape([1, 2]).bincount(), 'bincount only supports 1-d non-negative integral inputs.'],
    ['bincount: float', () => x.bincount(), `"bincount_cpu" not implemented for 'Float'`],
    ['bincount: minlength', () => i64([1]).bincount(null, -1), 'minlength should be >= 0'],
    ['bincount: weights length', () => i64([1, 2]).bincount(f32([1])), 'weights should be 1-d and have the same length as input'],
    ['sort: out dtype', () => x.sort({ out: [th.zeros([3], { dtype: 'float64' }), th.zeros([3], { dtype: 'int64' })] }),
      'sort: expected out tensor to have dtype float32, but got float64 instead'],
    ['sort: out indices dtype', () => x.sort({ out: [th.zeros([3]), th.zeros([3], { dtype: 'int32' })] }),
      'sort: expected out tensor to have dtype int64, but got int32 instead'],
    ['topk: out dtype', () => x.topk(1, -1, true, true, { out: { values: th.zeros([1], { dtype: 'int32' }), indices: th.zeros([1], { dtype: 'int64' }) } }),
      'topk: expected out tensor to have dtype float32, but got int32 instead'],
    ['topk: out shares memory with the input', () => { const y = f32([3, 1, 2]); return y.topk(1, 0, true, true, { out: [y, th.empty([0], { dtype: 'int64' })] }); },
      'topk: unsupported operation: the output tensor shares memory with the input'],
    ['median: out is a view of the input', () => { const y = f32([3, 1, 2, 4], [2, 2]); return y.median(1, false, { out: [y.select(1, 0), th.empty([0], { dtype: 'int64' })] }); },
      'median: unsupported operation: the output tensor shares memory with the input'],
    ['sort: out with aliased elements', () => x.sort(0, false, { out: [th.zeros([1]).expand([3]), th.empty([0], { dtype: 'int64' })] }),
      'more than one element of the written-to tensor refers to a single memory location'],
  ])('%s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });

  test('a disposed tensor is rejected, not read', () => {
    const t = f32([2, 1]);
    t.dispose();
    expect(() => t.sort()).toThrow(/disposed/);
    expect(() => th.searchsorted(f32([1, 2]), t)).toThrow(/disposed/);
  });

  test('non-tensor arguments get a TypeError naming them', () => {
    expect(() => th.sort(42 as unknown as th.Tensor)).toThrow(TypeError);
    expect(() => i64([1]).bincount(3 as unknown as th.Tensor)).toThrow(/weights/);
  });
});

describe('sort', () => {
  test('stable: equal keys keep their order on long inputs, ascending and descending', () => {
    const vals = ints(5000, 7);
    const x = th.tensor(vals, { dtype: 'int16' });
    for (const descending of [false, true]) {
      const { values, indices } = x.sort({ descending, stable: true });
      const expected = vals.map((v, i) => [v, i]).sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]) || a[1] - b[1]);
      expect(arr(indices)).toEqual(expected.map((p) => p[1]));
      expect(arr(values)).toEqual(expected.map((p) => p[0]));
    }
  });

  test('float keys: -0 equals +0 (input order kept), NaN last ascending and first descending', () => {
    const x = th.tensor([0, -0, NaN, -0, 0, -Infinity, NaN], { dtype: 'float64' });
    const asc = x.sort({ stable: true });
    expect(arr(asc.indices)).toEqual([5, 0, 1, 3, 4, 2, 6]);
    expect(Object.is(arr(asc.values)[2], -0)).toBe(true);
    expect(arr(x.argsort({ descending: true, stable: true }))).toEqual([2, 6, 0, 1, 3, 4, 5]);
  });

  test('results do not depend on the thread count', () => {
    // [640, 4000]: above the parallel grain of selections (2^21 elements) as well as of sorts
    const x = th.fromTypedArray(Float32Array.from(ints(640 * 4000, 1000), (v) => v / 7 - 50), [640, 4000]);
    const before = th.getNumThreads();
    try {
      th.setNumThreads(1);
      const one = [x.sort(1, true), x.topk(5, 1), x.median(1), x.kthvalue(10, 0)];
      th.setNumThreads(2);
      const two = [x.sort(1, true), x.topk(5, 1), x.median(1), x.kthvalue(10, 0)];
      const differ = (a: th.Tensor, b: th.Tensor): number => {
        const x = a.toTypedArray();
        const y = b.toTypedArray();
        let n = x.length === y.length ? 0 : 1;
        for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) n++;
        return n;
      };
      one.forEach((r, k) => {
        expect(differ(two[k].values, r.values)).toBe(0);
        expect(differ(two[k].indices, r.indices)).toBe(0);
      });
    } finally {
      th.setNumThreads(before);
    }
  });

  test('out= tensors are resized and returned; same-shape out keeps its strides', () => {
    const x = f32([3, 1, 2, 6, 5, 4], [2, 3]);
    const values = th.empty([0]);
    const indices = th.empty([0], { dtype: 'int64' });
    const r = x.sort(1, false, { out: { values, indices } });
    expect(r.values).toBe(values);
    expect(r.indices).toBe(indices);
    expect(values.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    const vt = th.empty([3, 2]).t();
    const it = th.empty([3, 2], { dtype: 'int64' }).t();
    x.sort(1, true, { out: [vt, it] });
    expect(vt.stride()).toEqual([1, 2]);
    expect(vt.toArray()).toEqual([[3, 2, 1], [6, 5, 4]]);
    expect(it.toArray()).toEqual([[0, 2, 1], [0, 1, 2]]);
  });

  test('sorting into the input itself (out = input) reads every slice before writing it', () => {
    const x = f32([3, 1, 2, 9, 7, 8], [2, 3]);
    const idx = th.empty([0], { dtype: 'int64' });
    x.sort(1, false, { out: [x, idx] });
    expect(x.toArray()).toEqual([[1, 2, 3], [7, 8, 9]]);
    expect(idx.toArray()).toEqual([[1, 2, 0], [1, 2, 0]]);
  });

  test('function forms, msort and argsort agree with the methods', () => {
    const x = f32([4, 2, 9, 1, 7, 3], [3, 2]);
    expect(th.sort(x, 0).values.toArray()).toEqual(x.sort(0).values.toArray());
    expect(th.msort(x).toArray()).toEqual(x.sort(0).values.toArray());
    const out = th.empty([0]);
    expect(th.msort(x, { out })).toBe(out);
    expect(out.toArray()).toEqual([[4, 1], [7, 2], [9, 3]]);
    expect(th.argsort(x, { dim: 0, descending: true }).toArray()).toEqual([[1, 2], [2, 0], [0, 1]]);
  });
});

describe('selection', () => {
  test('topk equals the head of a stable descending sort for small and large k, every key width', () => {
    for (const dtype of ['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'bfloat16'] as th.DType[]) {
      const x = th.tensor(ints(3000, 100), { dtype }).reshape([2, 1500]);
      for (const k of [1, 10, 64, 65, 700, 1500]) {
        for (const largest of [true, false]) {
          const t = x.topk(k, 1, largest);
          const s = x.sort(1, largest, { stable: true });
          expect(arr(t.values)).toEqual(arr(s.values.narrow(1, 0, k)));
          expect(arr(t.indices)).toEqual(arr(s.indices.narrow(1, 0, k)));
        }
      }
    }
  });

  test('topk on long slices (sampled threshold) equals the head of a stable sort, ties included', () => {
    const x = th.tensor(ints(2 * 30000, 5000, 3), { dtype: 'float32' }).reshape([2, 30000]);
    for (const k of [65, 500, 1875, 5000]) {
      for (const largest of [true, false]) {
        const t = x.topk(k, 1, largest);
        const s = x.sort(1, largest, { stable: true });
        expect(arr(t.indices)).toEqual(arr(s.indices.narrow(1, 0, k)));
        expect(arr(t.values)).toEqual(arr(s.values.narrow(1, 0, k)));
      }
    }
  });

  test('kthvalue and median pick the k-th element of the stable order', () => {
    const vals = ints(2001, 50);
    const x = th.tensor(vals, { dtype: 'int32' });
    const s = x.sort({ stable: true });
    for (const k of [1, 2, 500, 1001, 2001]) {
      const r = x.kthvalue(k);
      expect(r.values.item()).toBe(arr(s.values)[k - 1]);
      expect(r.indices.item()).toBe(arr(s.indices)[k - 1]);
    }
    expect(x.median().item()).toBe(arr(s.values)[1000]);
    expect(th.median(x, 0).indices.item()).toBe(arr(s.indices)[1000]);
    expect(th.nanmedian(f32([NaN, 3, 1, NaN, 2]), 0).values.item()).toBe(2);
  });

  test('mode: the most frequent value, the smallest on a tie, at its last index', () => {
    const r = th.mode(i64([5, 1, 2, 2, 1, 7]));
    expect([r.values.item(), r.indices.item()]).toEqual([1, 4]);
    const k = th.mode(f32([1, 2, 2, 3, 3, 3], [2, 3]), 1, true);
    expect(k.values.shape).toEqual([2, 1]);
    expect(k.values.toArray()).toEqual([[2], [3]]);
  });

  test('quantile: scalar and tensor q, keepdim shapes, every interpolation', () => {
    const x = th.tensor([[1, 2, 3, 4], [10, 20, 30, 40]], { dtype: 'float64' });
    expect(x.quantile(0.5, 1).toArray()).toEqual([2.5, 25]);
    expect(th.quantile(x, th.tensor([0.25, 0.5], { dtype: 'float64' }), 1, true).shape).toEqual([2, 2, 1]);
    expect(x.quantile(0.5, null, true).shape).toEqual([1, 1]);
    const modes: [th.QuantileInterpolation, number][] = [['linear', 2.5], ['lower', 2], ['higher', 3], ['midpoint', 2.5], ['nearest', 3]];
    for (const [interpolation, v] of modes) expect(x.select(0, 0).quantile(0.5, null, false, { interpolation }).item()).toBe(v);
    expect(th.nanquantile(th.tensor([1, NaN, 3], { dtype: 'float64' }), 0.5).item()).toBe(2);
    expect(th.quantile(th.tensor([1, NaN, 3], { dtype: 'float64' }), 0.5).item()).toBeNaN();
  });
});

describe('unique, search, histograms', () => {
  test('unique: tuple results follow PyTorch, sorted=false still sorts', () => {
    const x = i64([3, 1, 2, 1, 3]);
    expect(th.unique(x).toArray()).toEqual([1, 2, 3]);
    const [u, inv, counts] = th.unique(x, { returnInverse: true, returnCounts: true });
    expect([u.toArray(), inv.toArray(), counts.toArray()]).toEqual([[1, 2, 3], [2, 0, 1, 0, 2], [2, 1, 2]]);
    const [u2, c2] = x.unique({ returnCounts: true });
    expect([u2.toArray(), c2.toArray()]).toEqual([[1, 2, 3], [2, 1, 2]]);
    expect(x.unique({ sorted: false }).toArray()).toEqual([1, 2, 3]);
    const [uc, ic] = th.uniqueConsecutive(x.sort().values, { returnInverse: true });
    expect([uc.toArray(), ic.toArray()]).toEqual([[1, 2, 3], [0, 0, 1, 2, 2]]);
  });

  test('unique of narrow-range and wide-range integers agree with a JS reference', () => {
    for (const [m, dtype] of [[300, 'int64'], [2 ** 31 - 1, 'int64'], [200, 'uint8'], [60000, 'int32']] as [number, th.DType][]) {
      const vals = ints(5000, m, 7);
      const [u, inv, counts] = th.unique(th.tensor(vals, { dtype }), { returnInverse: true, returnCounts: true });
      const ref = [...new Set(vals)].sort((a, b) => a - b);
      expect(arr(u)).toEqual(ref);
      expect(arr(inv)).toEqual(vals.map((v) => ref.indexOf(v)));
      expect((arr(counts) as number[]).reduce((a, b) => a + b, 0)).toBe(5000);
    }
  });

  test('searchsorted: side, scalar values, out= and int32 results', () => {
    const b = f32([1, 3, 3, 5]);
    expect(th.searchsorted(b, f32([3, 4])).toArray()).toEqual([1, 3]);
    expect(th.searchsorted(b, f32([3, 4]), { side: 'right' }).toArray()).toEqual([3, 3]);
    expect(th.searchsorted(b, 3, { right: true }).item()).toBe(3);
    expect(th.searchsorted(b, f32([0]), { outInt32: true }).dtype).toBe('int32');
    const out = th.empty([0], { dtype: 'int64' });
    expect(th.searchsorted(b, f32([9, -1]), { out })).toBe(out);
    expect(out.toArray()).toEqual([4, 0]);
    expect(th.bucketize(f32([0, 3, 6]), b, { right: true }).toArray()).toEqual([0, 3, 4]);
    expect(th.bucketize(2, b).shape).toEqual([]);
  });

  test('histc and bincount', () => {
    expect(th.histc(f32([1, 2, 1]), 4).toArray()).toEqual([2, 0, 0, 1]);
    expect(f32([0, 1, 2, 3, 4, 5]).histc(2, 1, 4).toArray()).toEqual([2, 2]);
    expect(th.bincount(i64([0, 2, 2])).toArray()).toEqual([1, 0, 2]);
    const w = th.bincount(i64([0, 2, 2]), f32([0.5, 1, 2]), 5);
    expect([w.dtype, w.toArray()]).toEqual(['float32', [0.5, 0, 3, 0, 0]]);
    expect(th.bincount(i64([1]), i64([3])).dtype).toBe('float64');
  });
});
