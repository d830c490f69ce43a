import * as th from '@typetorch/th';

const grid = (): th.Tensor => th.arange(12).view([3, 4]);

describe('views share storage and never copy', () => {
  test('writes through a view are seen by the base', () => {
    const x = grid().float();
    x.select(0, 1).fill_(-1);
    x.t().narrow(0, 0, 1).zero_(); // first column
    expect(x.toArray()).toEqual([[0, 1, 2, 3], [0, -1, -1, -1], [0, 9, 10, 11]]);
  });
  test('view / reshape / flatten / unflatten', () => {
    const x = grid();
    expect(x.view(2, -1).shape).toEqual([2, 6]);
    expect(x.view([12]).toArray()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(x.flatten().shape).toEqual([12]);
    expect(x.unflatten(1, [2, 2]).shape).toEqual([3, 2, 2]);
    expect(() => x.t().view(12)).toThrow(/view size is not compatible .* Use \.reshape\(\.\.\.\) instead/);
    const r = x.t().reshape(12); // copies
    expect(r.toArray()).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    expect(() => x.view(5, -1)).toThrow(/shape '\[5, -1\]' is invalid for input of size 12/);
  });
  test('transpose / permute / t / mT / movedim', () => {
    const x = th.arange(24).view(2, 3, 4);
    expect(x.transpose(0, 2).shape).toEqual([4, 3, 2]);
    expect(x.transpose(0, 2).stride()).toEqual([1, 4, 12]);
    expect(x.permute(2, 0, 1).shape).toEqual([4, 2, 3]);
    expect(x.mT.shape).toEqual([2, 4, 3]);
    expect(x.movedim(0, -1).shape).toEqual([3, 4, 2]);
    expect(grid().t().isContiguous()).toBe(false);
    expect(() => x.t()).toThrow(/t\(\) expects a tensor with <= 2 dimensions, but self is 3D/);
    expect(() => x.permute(0, 0, 1)).toThrow(/duplicate dims/);
  });
  test('narrow / select / slice with step / index', () => {
    const x = grid();
    expect(x.narrow(1, 1, 2).toArray()).toEqual([[1, 2], [5, 6], [9, 10]]);
    expect(x.select(1, -1).toArray()).toEqual([3, 7, 11]);
    const s = x.slice(1, 0, null, 2);
    expect(s.toArray()).toEqual([[0, 2], [4, 6], [8, 10]]);
    expect(s.stride()).toEqual([4, 2]);
    expect(x.slice(0, -2).toArray()).toEqual([[4, 5, 6, 7], [8, 9, 10, 11]]);
    expect(x.index(th.slice(1), '...', 0).toArray()).toEqual([4, 8]);
    expect(x.index(null, 0).shape).toEqual([1, 4]);
    expect(x.index(-1, th.slice(null, null, 3)).toArray()).toEqual([8, 11]);
    expect(() => x.select(0, 3)).toThrow(/index 3 out of range/);
    expect(() => x.narrow(1, 3, 2)).toThrow(/start \(3\) \+ length \(2\) exceeds dimension size \(4\)/);
    expect(() => x.slice(1, 0, 4, 0)).toThrow(/slice step must be positive/);
    expect(() => x.index(0, 0, 0)).toThrow(/too many indices/);
  });
  test('expand / broadcastTo / squeeze / unsqueeze', () => {
    const col = th.tensor([[1], [2]]);
    const e = col.expand(2, 3);
    expect(e.stride()).toEqual([1, 0]);
    expect(e.toArray()).toEqual([[1, 1, 1], [2, 2, 2]]);
    expect(col.expand(-1, 2).shape).toEqual([2, 2]);
    expect(th.tensor([1, 2, 3]).broadcastTo([2, 3]).shape).toEqual([2, 3]);
    expect(() => col.expand(3, 3)).toThrow(/The expanded size of the tensor \(3\) must match the existing size \(2\)/);
    const u = th.zeros(3).unsqueeze(0).unsqueeze(-1);
    expect(u.shape).toEqual([1, 3, 1]);
    expect(u.squeeze().shape).toEqual([3]);
    expect(u.squeeze(0).shape).toEqual([3, 1]);
    expect(u.squeeze(1).shape).toEqual([1, 3, 1]);
    expect(() => u.unsqueeze(5)).toThrow(/Dimension out of range \(expected to be in range of \[-4, 3\], but got 5\)/);
  });
  test('unfold / asStrided / diagonal', () => {
    const x = th.arange(7);
    expect(x.unfold(0, 3, 2).toArray()).toEqual([[0, 1, 2], [2, 3, 4], [4, 5, 6]]);
    expect(x.asStrided([2, 2], [1, 2], 1).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(() => x.asStrided([4], [3])).toThrow(/need .* bytes but the storage has/);
    const g = grid();
    expect(g.diagonal().toArray()).toEqual([0, 5, 10]);
    expect(g.diagonal(1).toArray()).toEqual([1, 6, 11]);
    expect(g.diagonal(-1).toArray()).toEqual([4, 9]);
  });
  test('contiguous / clone / copy_', () => {
    const x = grid().float();
    expect(x.contiguous().storageOffset()).toBe(0);
    const c = x.t().contiguous();
    expect(c.isContiguous()).toBe(true);
    expect(c.toArray()).toEqual(x.t().toArray());
    const k = x.clone();
    k.fill_(0);
    expect((x.toArray() as number[][])[0]).toEqual([0, 1, 2, 3]);
    const dst = th.zeros([2, 3], { dtype: 'int32' });
    dst.copy_(th.tensor([1.9, -2.9, 3]));
    expect(dst.toArray()).toEqual([[1, -2, 3], [1, -2, 3]]);
    expect(() => dst.copy_(th.zeros(4))).toThrow(/The size of tensor a \(3\) must match the size of tensor b \(4\)/);
  });
  test('zero-size and 0-d tensors', () => {
    const z = th.zeros([0, 3]);
    expect(z.t().shape).toEqual([3, 0]);
    expect(z.view(-1, 3).shape).toEqual([0, 3]);
    expect(z.add(1).shape).toEqual([0, 3]);
    const s = th.tensor(5);
    expect(s.view([1, 1]).shape).toEqual([1, 1]);
    expect(s.unsqueeze(0).shape).toEqual([1]);
    expect(() => s.select(0, 0)).toThrow(/cannot be applied to a 0-dim tensor/);
  });
});

describe('metadata', () => {
  test('size / stride / dim / numel / device', () => {
    const x = th.zeros(2, 3, 4);
    expect(x.size()).toEqual([2, 3, 4]);
    expect(x.size(-1)).toBe(4);
    expect(x.stride()).toEqual([12, 4, 1]);
    expect(x.dim()).toBe(3);
    expect(x.numel()).toBe(24);
    expect(x.device).toBe('cpu');
    expect(() => x.size(3)).toThrow(/Dimension out of range/);
  });
  test('in-place ops bump the version counter', () => {
    const x = th.zeros(3);
    const v = x.version;
    x.add_(1);
    x.select(0, 0).fill_(2);
    expect(x.version).toBeGreaterThanOrEqual(v + 1);
  });
});

describe('copies of transposed matrices (tiled)', () => {
  // Large enough 2-d transposes are copied through square tiles: check every element size, sizes
  // that are not multiples of the tile, and an offset view, against a transpose done in JS.
  test.each([
    ['uint8', 70, 130],
    ['int16', 16, 200],
    ['float32', 129, 65],
    ['float64', 300, 17],
  ] as const)('%s [%d, %d]', (dtype, rows, cols) => {
    const values = Array.from({ length: rows * cols }, (_, i) => (i * 37) % 101);
    const x = th.tensor(values, { dtype }).view([rows, cols]);
    const expected: number[] = [];
    for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) expected.push(values[r * cols + c]);
    expect(Array.from(x.t().contiguous().toTypedArray() as ArrayLike<number>)).toEqual(expected);
    const into = th.empty([cols, rows], { dtype }).copy_(x.t());
    expect(Array.from(into.toTypedArray() as ArrayLike<number>)).toEqual(expected);
    const inner = x.slice(0, 1, rows - 1).slice(1, 2, cols); // an offset, non-contiguous source
    const sub: number[] = [];
    for (let c = 2; c < cols; c++) for (let r = 1; r < rows - 1; r++) sub.push(values[r * cols + c]);
    expect(Array.from(inner.t().contiguous().toTypedArray() as ArrayLike<number>)).toEqual(sub);
  });
});
