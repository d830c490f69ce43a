// Reductions and scans: the TypeScript surface (argument forms, out=, in-place, named results),
// accuracy and thread-independence of float32 sums, and bad input with clear messages.
// Expected values come from PyTorch 1.13 (noted where computed by hand from PyTorch's rules).
import * as th from '@typetorch/th';

const a = th.tensor([
  [1, 5, 2],
  [7, 0, 7],
]);

describe('argument forms', () => {
  test('dims as a number, a list, negative, absent; keepdim positional or as an option', () => {
    expect(a.sum().item()).toBe(22);
    expect(a.sum(0).toArray()).toEqual([8, 5, 9]);
    expect(a.sum([0, 1]).item()).toBe(22);
    expect(a.sum(-1, true).shape).toEqual([2, 1]);
    expect(a.sum(1, { keepdim: true }).toArray()).toEqual([[8], [14]]);
    expect(a.sum({ dtype: 'float64' }).dtype).toBe('float64');
    expect(th.sum(a, null, { keepdim: true }).shape).toEqual([1, 1]);
    expect(a.mean(0).toArray()).toEqual([4, 2.5, 4.5]);
    expect(th.mean(a, [0, 1]).item()).toBe(Math.fround(22 / 6));
  });
  test('integer sums and products are int64; mean of integers needs a dtype', () => {
    const i = th.tensor([1, 2, 3], { dtype: 'int32' });
    expect(i.sum().dtype).toBe('int64');
    expect(i.prod().item()).toBe(6);
    expect(th.tensor([true, true, false]).sum().item()).toBe(2);
    expect(i.mean({ dtype: 'float64' }).item()).toBe(2);
    expect(() => i.mean()).toThrow(
      'mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: int32',
    );
  });
  test('max/min: global, along a dim as { values, indices }, or elementwise against a tensor', () => {
    expect(a.max().item()).toBe(7);
    const { values, indices } = a.max(1);
    expect(values.toArray()).toEqual([5, 7]);
    expect(indices.toArray()).toEqual([1, 0]);
    expect(th.min(a, 0, true).indices.toArray()).toEqual([[0, 1, 0]]);
    expect(a.max(th.full([2, 3], 4)).toArray()).toEqual([
      [4, 5, 4],
      [7, 4, 7],
    ]);
    expect(a.argmax().item()).toBe(3);
    expect(a.argmin(1, true).toArray()).toEqual([[0], [1]]);
    const mm = a.aminmax({ dim: 0 });
    expect(mm.min.toArray()).toEqual([1, 0, 2]);
    expect(mm.max.toArray()).toEqual([7, 5, 7]);
  });
  test('var/std take correction or unbiased; varMean/stdMean give [var, mean]', () => {
    const x = th.tensor([1, 2, 4, 3]);
    expect(x.var().item()).toBeCloseTo(1.6666666, 6);
    expect(x.var(false).item()).toBeCloseTo(1.25, 6);
    expect(x.var(0, { correction: 0 }).item()).toBeCloseTo(1.25, 6);
    expect(x.std(0, true, true).shape).toEqual([1]);
    const [v, m] = th.varMean(x, { unbiased: false });
    expect(v.item()).toBeCloseTo(1.25, 6);
    expect(m.item()).toBe(2.5);
    expect(() => x.var(0, { correction: 0, unbiased: true })).toThrow('var: cannot pass both correction and unbiased arguments');
  });
  test('norm: p numbers, inf, fro; nuc is not supported', () => {
    const x = th.tensor([3, -4]);
    expect(x.norm().item()).toBe(5);
    expect(x.norm(1).item()).toBe(7);
    expect(x.norm(Infinity).item()).toBe(4);
    expect(x.norm(-Infinity).item()).toBe(3);
    expect(x.norm(0).item()).toBe(2);
    expect(th.norm(x, 'fro').item()).toBe(5);
    expect(() => x.norm('nuc')).toThrow(/nuclear norm\) is not supported/);
  });
  test('logsumexp, all/any, countNonzero', () => {
    expect(th.tensor([0, 0]).logsumexp(0).item()).toBeCloseTo(Math.log(2), 6);
    expect(th.tensor([-Infinity, -Infinity]).logsumexp(0).item()).toBe(-Infinity);
    expect(a.all(1).toArray()).toEqual([true, false]);
    expect(a.any().item()).toBe(true);
    expect(th.tensor([1, 0, 2], { dtype: 'uint8' }).all().dtype).toBe('uint8');
    expect(a.countNonzero(0).toArray()).toEqual([2, 1, 2]);
  });
  test('scans: out-of-place, in place (also on a transposed view), cummax/cummin', () => {
    expect(a.cumsum(1).toArray()).toEqual([
      [1, 6, 8],
      [7, 7, 14],
    ]);
    const t = th.tensor([
      [1, 2],
      [3, 4],
    ]).t();
    expect(t.cumsum_(1)).toBe(t);
    expect(t.toArray()).toEqual([
      [1, 4],
      [2, 6],
    ]);
    expect(th.cumprod(th.tensor([1, 2, 3]), 0, { dtype: 'float64' }).dtype).toBe('float64');
    const c = th.tensor([1, 3, 3, 1]).cummax(0);
    expect(c.values.toArray()).toEqual([1, 3, 3, 3]);
    expect(c.indices.toArray()).toEqual([0, 1, 2, 2]); // the last of equal maxima, as PyTorch
    expect(th.cummin(th.tensor([2, NaN, 1]), 0).values.toArray()).toEqual([2, NaN, NaN]);
  });
});

describe('out=', () => {
  test('single results are written into out and out is returned', () => {
    const out = th.empty([0], { dtype: 'float64' });
    expect(a.float().sum(1, { out })).toBe(out);
    expect(out.toArray()).toEqual([8, 14]);
    expect(out.dtype).toBe('float64');
  });
  test('two results go into a pair', () => {
    const v = th.empty([0]);
    const i = th.empty([0], { dtype: 'int64' });
    const r = a.float().max(0, { out: [v, i] });
    expect(r.values).toBe(v);
    expect(r.indices).toBe(i);
    expect(i.toArray()).toEqual([1, 0, 1]);
  });
  test('out of the wrong dtype is refused with both dtypes named', () => {
    const f = a.float();
    expect(() => f.mean(0, { out: th.empty([3], { dtype: 'int64' }) })).toThrow(
      "mean(): result type float32 can't be cast to the desired output type int64",
    );
    expect(() => f.amax(0, { out: th.empty([3], { dtype: 'float64' }) })).toThrow(
      'amax: Expected out tensor to have dtype float32, but got float64 instead',
    );
    expect(() => f.max(0, { out: [th.empty([3]), th.empty([3])] })).toThrow(
      'max: Expected out tensor to have dtype int64, but got float32 instead',
    );
    expect(() => f.sum(0, { dtype: 'float64', out: th.empty([3]) })).toThrow(
      'sum: Expected out tensor to have dtype float64, but got float32 instead',
    );
    expect(() => f.all(0, { out: th.empty([3]) })).toThrow('all only supports bool tensor for result, got: float32');
  });
});

describe('accuracy and threads', () => {
  test('float32 sum of 1e7 ones is exactly 1e7', () => {
    expect(th.ones([1e7]).sum().item()).toBe(1e7);
    expect(th.ones([1e7]).mean().item()).toBe(1);
  });
  test('a large float32 sum is within a few ulps of the float64 sum, for any thread count', () => {
    const n = 3e6;
    const data = new Float32Array(n);
    let s = 7;
    for (let i = 0; i < n; i++) {
      s = (s * 1103515245 + 12345) % 2147483648;
      data[i] = s / 2147483648;
    }
    const x = th.fromTypedArray(data, [n]);
    const exact = x.double().sum().item() as number;
    const threads = th.getNumThreads();
    const results: number[] = [];
    for (const t of [1, 2, 3]) {
      th.setNumThreads(t);
      results.push(x.sum().item() as number);
      results.push(x.view([3000, 1000]).sum(1).sum().item() as number);
    }
    th.setNumThreads(threads);
    const ulp = Math.pow(2, Math.floor(Math.log2(exact)) - 23);
    expect(Math.abs(results[0] - exact)).toBeLessThanOrEqual(4 * ulp);
    expect(new Set([results[0], results[2], results[4]]).size).toBe(1);
    expect(new Set([results[1], results[3], results[5]]).size).toBe(1);
  });
  test('reductions over an outer dim give the same bits for any thread count (column blocks vary with it)', () => {
    // Outputs are split into column blocks whose width depends on the thread count; each output
    // must still be accumulated the same way, whichever block (vector tile or tail) it lands in.
    const x = th.linspace(-3, 5, 3000 * 1003).sin().view([3000, 1003]);
    const threads = th.getNumThreads();
    const runs: Float32Array[][] = [];
    for (const t of [1, 2, 3]) {
      th.setNumThreads(t);
      runs.push([x.sum(0), x.mean(0), x.amax(0), x.norm(2, 0)].map((r) => r.toTypedArray() as Float32Array));
    }
    th.setNumThreads(threads);
    for (const run of runs.slice(1)) run.forEach((r, k) => expect(Buffer.from(r.buffer).equals(Buffer.from(runs[0][k].buffer))).toBe(true));
    expect(runs[0][0][5]).toBeCloseTo(x.index(th.slice(), 5).double().sum().item() as number, 2);
  });
});

describe('bad input throws clear errors', () => {
  test('dims out of range name the valid range; repeated dims are refused', () => {
    expect(() => a.sum(2)).toThrow('Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    expect(() => a.amax([0, -2])).toThrow('amax: dim 0 appears multiple times in the list of dims');
    expect(() => a.cumsum(-3)).toThrow('Dimension out of range (expected to be in range of [-2, 1], but got -3)');
    expect(() => a.argmax(5)).toThrow(/expected to be in range of \[-2, 1\], but got 5/);
    expect(() => th.tensor(3).sum(1)).toThrow(/expected to be in range of \[-1, 0\], but got 1/);
  });
  test('reductions with no identity refuse empty dims', () => {
    const e = th.empty([0, 3]);
    expect(() => e.max()).toThrow(
      "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.",
    );
    expect(() => e.max(0)).toThrow('max(): Expected reduction dim 0 to have non-zero size.');
    expect(() => e.amin(0)).toThrow('amin(): Expected reduction dim 0 to have non-zero size.');
    expect(() => e.argmax()).toThrow('argmax(): Expected reduction dim to be specified for input.numel() == 0.');
    expect(() => e.aminmax()).toThrow(/cannot compute aminmax over an empty dimension/);
    expect(() => e.norm(Infinity)).toThrow(/cannot compute the inf norm on an empty tensor/);
    expect(e.max(1).values.shape).toEqual([0]);
    expect(e.sum().item()).toBe(0);
    expect(e.prod().item()).toBe(1);
    expect(e.mean().item()).toBeNaN();
  });
  test('dtype errors', () => {
    const i = th.tensor([1, 2], { dtype: 'int64' });
    expect(() => i.var()).toThrow('std and var only support floating point and complex dtypes');
    expect(() => i.norm()).toThrow('linalg.vector_norm: Expected a floating point or complex tensor as input. Got int64');
    expect(() => i.nanmean()).toThrow('nanmean(): expected input to have floating point dtype but got int64');
    expect(() => th.tensor([true]).argmax()).toThrow(`"argmax_cpu" not implemented for 'bool'`);
    expect(() => i.sum(0, { dtype: 'int3' as th.DType })).toThrow(/invalid dtype "int3"/);
  });
  test('wrong argument types', () => {
    expect(() => a.sum('x' as unknown as number)).toThrow(/dim to be an array of integers/);
    expect(() => a.sum(0.5)).toThrow(/dim to be an integer/);
    expect(() => a.max(0, { out: [th.empty([0])] as unknown as [th.Tensor, th.Tensor] })).toThrow(/pair of tensors/);
    expect(() => a.logsumexp(undefined as unknown as number)).toThrow(/logsumexp: expected dim/);
    const d = th.ones([2]);
    d.dispose();
    expect(() => d.sum()).toThrow(/disposed/);
  });
});
