import * as th from '@typetorch/th';

// Bad input must throw an Error that says what was expected and what was given, never crash.
describe('bad input throws clear errors', () => {
  const a = th.ones([2, 3]);

  test('shape mismatch names both shapes', () => {
    expect(() => a.add(th.ones([4]))).toThrow(
      'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1 (shapes [2, 3] and [4])',
    );
    expect(() => a.mul(th.ones([3, 3]))).toThrow(/\[2, 3\] and \[3, 3\]/);
  });
  test('in-place ops cannot change the shape of self', () => {
    expect(() => th.ones([3]).add_(a)).toThrow(/output with shape \[3\] doesn't match the broadcast shape \[2, 3\]/);
  });
  test('out= must be able to hold the result dtype', () => {
    expect(() => a.div(2, { out: th.empty([2, 3], { dtype: 'int64' }) })).toThrow(
      /result type float32 can't be cast to the desired output type int64/,
    );
    expect(() => th.ones([2], { dtype: 'int32' }).exp_()).toThrow(/can't be cast to the desired output type int32/);
  });
  test('writes into memory that inputs also read partially are refused', () => {
    const sq = th.ones([3, 3]);
    expect(() => sq.add_(sq.t())).toThrow(/some elements of the input tensor and the written-to tensor refer to a single memory location/);
    expect(() => th.ones([1]).expand(3).add_(1)).toThrow(/more than one element of the written-to tensor refers to a single memory location/);
  });
  test('out-of-range dims name the valid range', () => {
    expect(() => a.transpose(0, 2)).toThrow('Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    expect(() => a.select(-3, 0)).toThrow(/expected to be in range of \[-2, 1\], but got -3/);
    expect(() => a.flatten(1, 0)).toThrow(/start_dim cannot come after end_dim/);
  });
  test('wrong dtypes for bitwise and float-only ops', () => {
    expect(() => a.bitwiseAnd(a)).toThrow(/bitwise_and: not implemented for 'float32' \(expected integral or bool tensors\)/);
    expect(() => a.bitwiseNot()).toThrow(/bitwise_not: not implemented for 'float32'/);
    expect(() => th.ones([2], { dtype: 'int32' }).frac()).toThrow(/frac: not implemented for 'int32'/);
    expect(() => th.tensor([true]).neg()).toThrow(/Negation, the `-` operator, on a bool tensor is not supported/);
    expect(() => th.tensor([true]).sub(th.tensor([false]))).toThrow(/Subtraction, the `-` operator, with two bool tensors/);
    expect(() => th.ones([2], { dtype: 'int32' }).lerp(a, 0.5)).toThrow(/lerp: not implemented for 'int32'/);
    expect(() => th.where(a, a, a)).toThrow(/where expected condition to be a boolean tensor, but got a tensor with dtype float32/);
  });
  test('integer division by zero raises instead of crashing', () => {
    const i = th.tensor([1, 2], { dtype: 'int64' });
    expect(() => i.div(0, { roundingMode: 'floor' })).toThrow(/ZeroDivisionError/);
    expect(() => i.remainder(th.zeros([2], { dtype: 'int64' }))).toThrow(/ZeroDivisionError/);
    expect(i.div(0).toArray()).toEqual([Infinity, Infinity]); // true division is floating
    expect(() => i.pow(-1)).toThrow(/Integers to negative integer powers are not allowed/);
  });
  test('invalid views', () => {
    expect(() => a.view(4)).toThrow(/shape '\[4\]' is invalid for input of size 6/);
    expect(() => a.view(-1, -1)).toThrow(/only one dimension can be inferred/);
    expect(() => a.expand(3, 3)).toThrow(/The expanded size of the tensor/);
    expect(() => a.unfold(1, 4, 1)).toThrow(/maximum size for tensor at dimension 1 is 3 but size is 4/);
    expect(() => a.diagonal(0, 0, 0)).toThrow(/diagonal dimensions cannot be identical/);
    expect(() => a.view(Array(30).fill(1))).toThrow(/at most 25 entries are supported/);
  });
  test('wrong JS argument types', () => {
    expect(() => a.add('1' as unknown as number)).toThrow('add: expected other to be a Tensor');
    expect(() => a.exp({ out: {} as th.Tensor })).toThrow('exp: expected out to be a Tensor');
    expect(() => a.clamp(th.ones(1), '2' as unknown as number)).toThrow('clamp: expected max to be a Tensor');
    expect(() => a.add({} as unknown as th.Tensor)).toThrow(/expected other to be a Tensor/);
    expect(() => a.transpose(0.5, 1)).toThrow('transpose: expected dim to be an integer');
    expect(() => a.view('2' as unknown as number)).toThrow(/expected the shape to be integers/);
    expect(() => a.to('float' as th.DType)).toThrow(/invalid dtype "float"/);
    expect(() => a.div(2, { roundingMode: 'round' as 'floor' })).toThrow(/rounding_mode to be one of/);
    expect(() => a.index({} as unknown as number)).toThrow(/unsupported index/);
    expect(() => th.tidy(42 as unknown as () => void)).toThrow(/expected a function/);
  });
  test('non-finite values flow through math as in IEEE arithmetic', () => {
    const x = th.tensor([NaN, Infinity, -Infinity, 0]);
    expect(x.mul(0).toArray()).toEqual([NaN, NaN, NaN, 0]);
    expect(x.isnan().toArray()).toEqual([true, false, false, false]);
    expect(x.nanToNum().toArray()).toEqual([0, 3.4028234663852886e38, -3.4028234663852886e38, 0]);
    expect(x.clamp(-1, 1).toArray()).toEqual([NaN, 1, -1, 0]);
  });
  test('errors carry a stack that points at the caller', () => {
    let stack = '';
    try {
      a.add(th.ones([5]));
    } catch (e) {
      stack = (e as Error).stack ?? '';
    }
    expect(stack).toMatch(/errors\.test\.ts/);
  });
});
