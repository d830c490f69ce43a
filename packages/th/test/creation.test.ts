import * as th from '@typetorch/th';

describe('tensor()', () => {
  test('infers shape and gives float32 for JS numbers', () => {
    const x = th.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(x.shape).toEqual([2, 3]);
    expect(x.dtype).toBe('float32');
    expect(x.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });
  test('booleans give bool, bigints give int64, scalars give 0-d tensors', () => {
    expect(th.tensor([true, false]).dtype).toBe('bool');
    expect(th.tensor([true, false]).toArray()).toEqual([true, false]);
    const big = th.tensor([9007199254740993n]);
    expect(big.dtype).toBe('int64');
    expect((big.toTypedArray() as BigInt64Array)[0]).toBe(9007199254740993n);
    const s = th.tensor(3.5);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(3.5);
  });
  test('honours an explicit dtype (truncating like PyTorch)', () => {
    const x = th.tensor([1.7, -1.7, 3], { dtype: 'int32' });
    expect(x.dtype).toBe('int32');
    expect(x.toArray()).toEqual([1, -1, 3]);
    expect(th.tensor([0, 2, 0], { dtype: 'bool' }).toArray()).toEqual([false, true, false]);
  });
  test('rejects ragged arrays, non-numbers and NaN for integer dtypes', () => {
    expect(() => th.tensor([[1, 2], [3]])).toThrow(/expected sequence of length 2 at dim 1/);
    expect(() => th.tensor([1, 'a' as unknown as number])).toThrow(/could not convert "a"/);
    expect(() => th.tensor([NaN], { dtype: 'int64' })).toThrow(/NaN/);
    expect(() => th.tensor([1], { dtype: 'float128' as th.DType })).toThrow(/invalid dtype "float128"/);
  });
  test('an empty list is a float32 tensor of shape [0]', () => {
    const x = th.tensor([]);
    expect(x.shape).toEqual([0]);
    expect(x.numel()).toBe(0);
    expect(x.toArray()).toEqual([]);
  });
});

describe('fromTypedArray()', () => {
  test('shares memory both ways, like torch.from_numpy', () => {
    const a = new Float32Array([1, 2, 3, 4, 5, 6]);
    const x = th.fromTypedArray(a, [2, 3]);
    expect(x.dtype).toBe('float32');
    a[0] = 100;
    expect(x.toArray()).toEqual([[100, 2, 3], [4, 5, 6]]);
    x.mul_(2);
    expect(Array.from(a)).toEqual([200, 4, 6, 8, 10, 12]);
  });
  test('takes the dtype from the array type', () => {
    expect(th.fromTypedArray(new Int32Array(3)).dtype).toBe('int32');
    expect(th.fromTypedArray(new BigInt64Array(3)).dtype).toBe('int64');
    expect(th.fromTypedArray(new Uint8Array(3)).dtype).toBe('uint8');
    expect(th.fromTypedArray(new Float64Array(3)).dtype).toBe('float64');
  });
  test('keeps the array alive after the caller drops it', () => {
    const x = th.fromTypedArray(new Float64Array([1, 2, 3]));
    global.gc?.();
    expect(x.toArray()).toEqual([1, 2, 3]);
  });
  test('rejects a shape larger than the array', () => {
    expect(() => th.fromTypedArray(new Float32Array(4), [5])).toThrow(/need 20 bytes but the storage has 16/);
    expect(() => th.fromTypedArray([1, 2] as unknown as Float32Array)).toThrow(/expected a TypedArray/);
  });
  test('asTypedArray() views a contiguous tensor without a copy', () => {
    const x = th.zeros([2, 2]);
    const view = x.asTypedArray() as Float32Array;
    view[3] = 7;
    expect(x.toArray()).toEqual([[0, 0], [0, 7]]);
    const row = x.select(0, 1).asTypedArray();
    expect(Array.from(row as Float32Array)).toEqual([0, 7]);
    expect(() => x.t().asTypedArray()).toThrow(/not contiguous/);
  });
});

describe('creation functions', () => {
  test('zeros / ones / full / empty accept shapes as arrays or varargs', () => {
    expect(th.zeros(2, 3).shape).toEqual([2, 3]);
    expect(th.ones([2], { dtype: 'int32' }).toArray()).toEqual([1, 1]);
    expect(th.full([2, 2], 7).toArray()).toEqual([[7, 7], [7, 7]]);
    expect(th.full([1], true).dtype).toBe('bool');
    expect(th.empty([3, 0]).numel()).toBe(0);
    expect(th.zeros([]).shape).toEqual([]);
  });
  test('*Like functions copy shape and dtype', () => {
    const x = th.ones([2, 3], { dtype: 'float64' });
    expect(th.zerosLike(x).dtype).toBe('float64');
    expect(th.onesLike(x, { dtype: 'int8' }).dtype).toBe('int8');
    expect(th.fullLike(x, 2).toArray()).toEqual([[2, 2, 2], [2, 2, 2]]);
    expect(th.emptyLike(x).shape).toEqual([2, 3]);
  });
  test('arange is int64 for integer arguments and float32 otherwise', () => {
    expect(th.arange(4).dtype).toBe('int64');
    expect(th.arange(1, 7, 2).toArray()).toEqual([1, 3, 5]);
    expect(th.arange(0, 1, 0.25).toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(th.arange(0, 1, 0.25).dtype).toBe('float32');
    expect(th.arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
  });
  test('linspace, logspace and eye', () => {
    expect(th.linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(th.logspace(0, 3, 4, { base: 2 }).toArray()).toEqual([1, 2, 4, 8]);
    expect(th.eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
  });
  test('bad ranges and sizes throw clear errors', () => {
    expect(() => th.arange(0, 5, 0)).toThrow(/step must be nonzero/);
    expect(() => th.arange(5, 0, 1)).toThrow(/inconsistent with step sign/);
    expect(() => th.arange(NaN)).toThrow(/must be finite/);
    expect(() => th.zeros([-1, 2])).toThrow(/negative dimension -1/);
    expect(() => th.zeros([1.5])).toThrow(/expected the shape to be integers/);
    expect(() => th.linspace(0, 1, -1)).toThrow(/non-negative/);
    expect(() => th.eye(-1)).toThrow(/n must be greater or equal to 0/);
    expect(() => th.zeros([2], { device: 'gpu' })).toThrow(/Expected one of cpu, cuda device type at start of device string: gpu/);
    expect(() => th.zeros([2], { device: 'cpu:1' })).toThrow(/CPU device index must be 0, got 1/);
  });
});

describe('conversion', () => {
  test('to(dtype) and the short forms', () => {
    const x = th.tensor([1.5, -2.5, 0]);
    expect(x.to('int32').toArray()).toEqual([1, -2, 0]);
    expect(x.long().dtype).toBe('int64');
    expect(x.double().dtype).toBe('float64');
    expect(x.bool().toArray()).toEqual([true, true, false]);
    expect(x.float()).toBe(x);
    expect(x.to('float32', { copy: true })).not.toBe(x);
  });
  test('float16 and bfloat16 store with rounding and convert back', () => {
    const h = th.tensor([1, 65504, 65520, 1e-8, 0.1]).half();
    expect(h.dtype).toBe('float16');
    expect(h.toArray()).toEqual([1, 65504, Infinity, 0, 0.0999755859375]);
    const b = th.tensor([1, 0.1, 3.0e38]).to('bfloat16');
    expect(b.toArray()).toEqual([1, 0.10009765625, 3.00405527047391e38]); // PyTorch 1.13
    // native arrays come from the main realm, so compare by tag rather than instanceof (jest realms)
    expect(Object.prototype.toString.call(b.toTypedArray())).toBe('[object Float32Array]');
  });
  test('item() of bool gives a boolean and of a multi-element tensor throws', () => {
    expect(th.tensor([true]).item()).toBe(true);
    expect(() => th.tensor([1, 2]).item()).toThrow(/a Tensor with 2 elements cannot be converted to Scalar/);
  });
});

describe('printing', () => {
  test('util.inspect and console.log show the PyTorch form', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { inspect } = require('util') as typeof import('util');
    const x = th.tensor([[1, 2.5], [3, 4]], { dtype: 'float64' });
    expect(inspect(x)).toBe('tensor([[1.0000, 2.5000],\n        [3.0000, 4.0000]], dtype=torch.float64)');
    expect(`${th.arange(3)}`).toBe('tensor([0, 1, 2])');
  });
});
