// The autograd Tensor has every op of TH's Tensor, and the package every TH function: a Tensor
// user never needs to drop to the backend. Plus the ops added last (pairs of reductions,
// in-place products and scans, normal, eig).
import * as th from '@typetorch/th';
import * as ag from '@typetorch/autograd';

/** TH Tensor members and functions that are plumbing for the layers above, not API. */
const INTERNAL = new Set(['constructor', 'meta', 'touched', 'wrapDim', 'viewOp', 'binaryOp', 'ternaryOp', 'storageUseCount', 'toDevice']);
const INTERNAL_FUNCTIONS = new Set(['guardAddon', 'registerDevice', 'dispatchToDevice', 'deviceCall', 'adoptDeviceHandle', 'loadedDeviceLibrary', 'placement']);

function methodsOf(proto: object): Set<string> {
  const names = new Set<string>();
  for (let p: object | null = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const n of Object.getOwnPropertyNames(p)) names.add(n);
  }
  return names;
}

describe('API coverage', () => {
  test("every TH Tensor method has an autograd Tensor counterpart", () => {
    const ours = methodsOf(ag.Tensor.prototype);
    const missing = Object.getOwnPropertyNames(th.Tensor.prototype).filter((n) => !INTERNAL.has(n) && !ours.has(n));
    expect(missing).toEqual([]);
  });
  test('every TH function and linalg function has an autograd counterpart', () => {
    const fns = Object.keys(th).filter((k) => typeof (th as Record<string, unknown>)[k] === 'function' && /^[a-z]/.test(k) && !INTERNAL_FUNCTIONS.has(k));
    expect(fns.filter((k) => !(k in ag))).toEqual([]);
    expect(Object.keys(th.linalg).filter((k) => !(k in ag.linalg))).toEqual([]);
  });
});

const gen = new th.Generator().manualSeed(3);
const rand = (shape: number[]): ag.Tensor => ag.randn(shape, { dtype: 'float64', generator: gen, requiresGrad: true });

describe('late additions', () => {
  test('aminmax, varMean, stdMean differentiate like their parts', () => {
    expect(ag.gradcheck((x) => { const r = x.aminmax({ dim: 1 }); return [r.min, r.max]; }, [rand([3, 4])])).toBe(true);
    expect(ag.gradcheck((x) => x.varMean(1, { correction: 0 }), [rand([3, 4])])).toBe(true);
    expect(ag.gradcheck((x) => x.stdMean([0], true, true), [rand([3, 4])])).toBe(true);
    const [v, m] = rand([3, 4]).varMean(1, { keepdim: true });
    expect(v.shape).toEqual([3, 1]);
    expect(m.shape).toEqual([3, 1]);
  });
  test('in-place scans and products on non-leaves', () => {
    expect(ag.gradcheck((x) => x.mul(1).cumsum_(1), [rand([2, 3])])).toBe(true);
    expect(ag.gradcheck((x) => x.mul(1).cumprod_(0), [rand([2, 3])])).toBe(true);
    expect(ag.gradcheck((s, m, v) => s.mul(1).addmv_(m, v, { beta: 0.5, alpha: 2 }), [rand([2]), rand([2, 3]), rand([3])])).toBe(true);
    expect(ag.gradcheck((s, a, b) => s.mul(1).addr_(a, b), [rand([2, 3]), rand([2]), rand([3])])).toBe(true);
    expect(ag.gradcheck((s, a, b) => s.mul(1).baddbmm_(a, b), [rand([2, 2, 2]), rand([2, 2, 3]), rand([2, 3, 2])])).toBe(true);
    expect(ag.gradcheck((s, a, b) => s.mul(1).addbmm_(a, b), [rand([2, 2]), rand([3, 2, 3]), rand([3, 3, 2])])).toBe(true);
  });
  test('normal(mean, std): dmean = 1, dstd = (sample - mean) / std, values as TH draws them', () => {
    const mean = ag.tensor([0, 10, -5], { dtype: 'float64', requiresGrad: true });
    const std = ag.tensor([1, 2, 0.5], { dtype: 'float64', requiresGrad: true });
    const sample = ag.normal(mean, std, { generator: new th.Generator().manualSeed(9) });
    const expected = th.normal(th.tensor([0, 10, -5], { dtype: 'float64' }), th.tensor([1, 2, 0.5], { dtype: 'float64' }), { generator: new th.Generator().manualSeed(9) });
    expect(sample.toArray()).toEqual(expected.toArray());
    sample.sum().backward();
    expect(mean.grad!.toArray()).toEqual([1, 1, 1]);
    const eps = (sample.toArray() as number[]).map((s, i) => (s - [0, 10, -5][i]) / [1, 2, 0.5][i]);
    (std.grad!.toArray() as number[]).forEach((g, i) => expect(g).toBeCloseTo(eps[i], 12));
  });
  test('eig has no gradient (complex); under noGrad it gives TH values', () => {
    const a = ag.tensor([[2, 1], [1, 3]], { dtype: 'float64', requiresGrad: true });
    expect(() => ag.linalg.eig(a)).toThrow(/no complex dtype/);
    const { eigenvalues } = ag.noGrad(() => ag.linalg.eig(a));
    const sorted = (eigenvalues.real.toArray() as number[]).slice().sort((x, y) => x - y);
    expect(sorted[0]).toBeCloseTo((5 - Math.sqrt(5)) / 2, 12);
    expect(ag.linalg.matrixRank(a).item()).toBe(2);
  });
  test('asTypedArray shares memory; resultType promotes like TH', () => {
    const x = ag.zeros([3]);
    (x.asTypedArray() as Float32Array)[1] = 7;
    expect(x.toArray()).toEqual([0, 7, 0]);
    expect(ag.resultType(x, ag.zeros([1], { dtype: 'float64' }))).toBe('float64');
  });
});
