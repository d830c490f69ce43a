// Gradients come back in their input's dtype, also when the op computes in another one (type
// promotion between float32 and float64 inputs, or a reduction's dtype option). gradcheck itself
// needs float64 inputs, so these check the dtypes (and one value each, worked out by hand).
import * as ag from '@typetorch/autograd';
import { idx, mask } from './gradcheck_utils';

type Tensor = ag.Tensor;
const leaf = (v: number[], dtype: 'float32' | 'float64'): Tensor => ag.tensor(v, { dtype, requiresGrad: true });

/** Ops on two inputs of different float dtypes (each way round). */
const MIXED: [string, (a: Tensor, b: Tensor) => Tensor][] = [
  ['add', (a, b) => a.add(b)],
  ['sub alpha', (a, b) => a.sub(b, { alpha: 2 })],
  ['mul', (a, b) => a.mul(b)],
  ['div', (a, b) => a.div(b)],
  ['pow', (a, b) => a.abs().add(0.5).pow(b)],
  ['atan2', (a, b) => a.atan2(b)],
  ['maximum', (a, b) => a.maximum(b)],
  ['remainder', (a, b) => a.remainder(b)],
  ['where', (a, b) => a.where(mask([true, false]), b)],
  ['addcmul', (a, b) => a.addcmul(b, b)],
  ['addcdiv', (a, b) => a.addcdiv(b, b, { value: 2 })],
  ['clamp(tensor min, tensor max)', (a, b) => a.clamp(b, b.add(1))],
  ['cat', (a, b) => ag.cat([a, b])],
  ['stack', (a, b) => ag.stack([a, b])],
  ['copy_', (a, b) => a.mul(1).copy_(b)],
  ['maskedFill(0-d tensor)', (a, b) => a.maskedFill(mask([true, false]), b.sum())],
];
describe('mixed float dtypes: each gradient in its input dtype', () => {
  const orders: ['float32' | 'float64', 'float32' | 'float64'][] = [
    ['float64', 'float32'],
    ['float32', 'float64'],
  ];
  test.each(MIXED.flatMap(([name, fn]) => orders.map(([da, db]) => [`${name} (${da}, ${db})`, fn, da, db] as const)))('%s', (_name, fn, da, db) => {
    const a = leaf([0.3, -1.2], da);
    const b = leaf([0.7, 1.5], db);
    const grads = ag.grad([fn(a, b).sum()], [a, b], { allowUnused: true });
    expect(grads.map((g, i) => g?.dtype ?? [a, b][i].dtype)).toEqual([da, db]);
  });
  test('add: the values survive the casts', () => {
    const a = leaf([0.3, -1.2], 'float32');
    const b = leaf([0.7, 1.5], 'float64');
    a.add(b, { alpha: 3 }).sum().backward();
    expect(a.grad!.toArray()).toEqual([1, 1]);
    expect(b.grad!.toArray()).toEqual([3, 3]);
  });
});

/** Reductions and scans with a dtype option: float32 in, float64 out. */
const WITH_DTYPE: [string, (a: Tensor) => Tensor][] = [
  ['sum', (a) => a.sum({ dtype: 'float64' })],
  ['sum(0)', (a) => a.sum(0, { dtype: 'float64' })],
  ['mean', (a) => a.mean({ dtype: 'float64' })],
  ['nansum', (a) => a.nansum({ dtype: 'float64' })],
  ['nanmean', (a) => a.nanmean({ dtype: 'float64' })],
  ['prod', (a) => a.prod({ dtype: 'float64' })],
  ['prod(0)', (a) => a.prod(0, { dtype: 'float64' })],
  ['prod with a zero', (a) => a.mul(ag.tensor([0, 1], { dtype: 'float32' })).prod({ dtype: 'float64' })],
  ['norm', (a) => a.norm(2, { dtype: 'float64' })],
  ['norm(3)', (a) => a.norm(3, null, { dtype: 'float64' })],
  ['cumsum', (a) => a.cumsum(0, { dtype: 'float64' })],
  ['cumprod', (a) => a.cumprod(0, { dtype: 'float64' })],
  ['cumprod with a zero', (a) => a.mul(ag.tensor([0, 1], { dtype: 'float32' })).cumprod(0, { dtype: 'float64' })],
];
describe('a reduction dtype option: the gradient in the input dtype', () => {
  test.each(WITH_DTYPE)('%s', (_name, fn) => {
    const a = leaf([0.5, -2], 'float32');
    const y = fn(a);
    expect(y.dtype).toBe('float64');
    const [g] = ag.grad([y.sum()], [a]);
    expect(g!.dtype).toBe('float32');
  });
  test('prod: the values survive the casts (d/da0 = a1, d/da1 = a0)', () => {
    const a = leaf([0.5, -2], 'float32');
    a.prod({ dtype: 'float64' }).backward();
    expect(a.grad!.toArray()).toEqual([-2, 0.5]);
  });
});

describe('index tensors: gradients of values in their dtype', () => {
  test('indexPut with broadcast float32 values into float32', () => {
    const x = leaf([1, 2, 3], 'float32');
    const v = leaf([5], 'float32');
    x.indexPut([idx([0, 2])], v).sum().backward();
    expect([x.grad!.dtype, v.grad!.dtype]).toEqual(['float32', 'float32']);
    expect(v.grad!.toArray()).toEqual([2]);
  });
});
