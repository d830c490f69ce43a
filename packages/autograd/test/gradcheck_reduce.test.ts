// gradcheck and gradgradcheck of the reductions and scans (ops/reduce.ts), global and along dims,
// with keepdim, 0-d and non-contiguous inputs, zeros for prod/cumprod, NaNs for the nan* forms, and
// softmax-like compositions (softmax, log-softmax, cross-entropy through gather).
import { GradCase, Layout, Rng, Tensor, assertGradChecks, idx, inLayouts, leafOf } from './gradcheck_utils';

type DimsArg = number | number[] | null;
/** [label, dims, keepdim] for a [2, 3, 2] input. */
const DIM_FORMS: [string, DimsArg, boolean][] = [
  ['all', null, false],
  ['dim 1', 1, false],
  ['dim -1 keepdim', -1, true],
  ['dims [0, 2]', [0, 2], false],
  ['dims [0, 1] keepdim', [0, 1], true],
];

type Reduce = 'sum' | 'mean' | 'logsumexp' | 'amax' | 'amin';
const reduce = (x: Tensor, op: Reduce, dims: DimsArg, keepdim: boolean): Tensor =>
  (x as unknown as Record<Reduce, (d: DimsArg, k: boolean) => Tensor>)[op](dims, keepdim);

/** sum, mean, logsumexp and amax/amin over each dim form, on random (amax/amin: distinct) values. */
const dimCases: GradCase[] = (['sum', 'mean', 'logsumexp', 'amax', 'amin'] as Reduce[]).flatMap((op) => {
  const values = (r: Rng, shape: number[], layout: Layout): Tensor =>
    op === 'amax' || op === 'amin' ? r.distinct(shape, layout) : r.randn(shape, layout);
  return [
    ...DIM_FORMS.filter(([, dims]) => dims !== null || op !== 'logsumexp').map(([label, dims, keepdim]) => ({
      name: `${op} ${label}`,
      fn: (x: Tensor) => reduce(x, op, dims, keepdim),
      inputs: (r: Rng) => [values(r, [2, 3, 2], 'contiguous')],
    })),
    { name: `${op} dim 0 of a transposed input`, fn: (x: Tensor) => reduce(x, op, 0, false), inputs: (r: Rng) => [values(r, [3, 4], 'transposed')] },
    { name: `${op} of a 0-d input`, fn: (x: Tensor) => reduce(x, op, op === 'logsumexp' ? 0 : null, false), inputs: (r: Rng) => [values(r, [], 'contiguous')] },
  ];
});

const optionCases: GradCase[] = [
  { name: 'sum() no arguments', fn: (x) => x.sum(), inputs: (r) => [r.randn([2, 3], 'strided')] },
  { name: 'sum({ dim via options keepdim })', fn: (x) => x.sum(1, { keepdim: true }), inputs: (r) => [r.randn([2, 3])] },
  { name: 'mean() no arguments', fn: (x) => x.mean(), inputs: (r) => [r.randn([2, 3], 'transposed')] },
  // an empty dim list reduces every dim (PyTorch's convention)
  { name: 'sum([])', fn: (x) => x.sum([]), inputs: (r) => [r.randn([2, 3])] },
  { name: 'amax([])', fn: (x) => x.amax([]), inputs: (r) => [r.distinct([2, 3])] },
  { name: 'logsumexp([])', fn: (x) => x.logsumexp([]), inputs: (r) => [r.randn([2, 3])] },
  { name: 'var([])', fn: (x) => x.var([]), inputs: (r) => [r.randn([2, 3])] },
  { name: 'norm(2, [])', fn: (x) => x.norm(2, []), inputs: (r) => [r.randn([2, 3])] },
  { name: 'mean(0, keepdim) of a 0-d input', fn: (x) => x.mean(0, true), inputs: (r) => [r.randn([])] },
  { name: 'logsumexp large values (stable)', fn: (x) => x.logsumexp(1), inputs: () => [leafOf([[800, 801, 799], [-700, -701, -699.5]])] },
];

// ---- NaN-skipping forms: NaNs get gradient zero, the others as if the NaNs were absent ----
const withNaNs = (): Tensor[] => [leafOf([[0.3, NaN, -1.2], [NaN, NaN, 0.8]])];
const nanCases: GradCase[] = [
  { name: 'nansum all', fn: (x) => x.nansum(), inputs: withNaNs },
  { name: 'nansum dim 1', fn: (x) => x.nansum(1), inputs: withNaNs },
  { name: 'nanmean all', fn: (x) => x.nanmean(), inputs: withNaNs },
  { name: 'nanmean dim 0 keepdim', fn: (x) => x.nanmean(0, true), inputs: () => [leafOf([[0.3, NaN, -1.2], [1.5, 2, 0.8]])] },
  { name: 'nanmean dim 1', fn: (x) => x.nanmean(1), inputs: withNaNs },
  { name: 'nansum without NaNs, transposed', fn: (x) => x.nansum(0), inputs: (r) => [r.randn([3, 2], 'transposed')] },
];

// ---- prod: zeros need the products of the other elements ----
const prodCases: GradCase[] = [
  { name: 'prod all', fn: (x) => x.prod(), inputs: (r) => [r.randn([2, 3])] },
  { name: 'prod dim 1', fn: (x) => x.prod(1), inputs: (r) => [r.randn([2, 3])] },
  { name: 'prod dim 0 keepdim, transposed', fn: (x) => x.prod(0, true), inputs: (r) => [r.randn([3, 2], 'transposed')] },
  { name: 'prod of a 0-d input', fn: (x) => x.prod(), inputs: (r) => [r.randn([])] },
  { name: 'prod all, one zero', fn: (x) => x.prod(), inputs: () => [leafOf([[0.5, 0, -1.5], [2, 0.7, 1.1]])] },
  { name: 'prod all, two zeros', fn: (x) => x.prod(), inputs: () => [leafOf([[0.5, 0, -1.5], [2, 0, 1.1]])] },
  { name: 'prod dim 1, one zero per row', fn: (x) => x.prod(1), inputs: () => [leafOf([[0.5, 0, -1.5], [0, 0.7, 1.1]])] },
  { name: 'prod dim 1, two zeros in a row', fn: (x) => x.prod(1), inputs: () => [leafOf([[0, 0, -1.5], [2, 0.7, 0]])] },
  { name: 'prod dim 0 keepdim, zeros', fn: (x) => x.prod(0, true), inputs: () => [leafOf([[0, 0.4], [1.3, 0], [0, 0.9]])] },
  { name: 'prod dim 0 of a 0-d input', fn: (x) => x.prod(0), inputs: (r) => [r.randn([])] },
  { name: 'prod over a size-1 dim holding a zero', fn: (x) => x.prod(1), inputs: () => [leafOf([[0], [2]])] },
  { name: 'prod dim -1 of a 3-d input with a zero', fn: (x) => x.prod(-1), inputs: () => [leafOf([[[0, 2], [1, 3]], [[0.5, -1], [0.25, 0]]])] },
  { name: 'prod dim 1 of a 3-d input with zeros', fn: (x) => x.prod(1), inputs: () => [leafOf([[[0, 2], [1, 3], [0.5, 0]], [[0.5, -1], [0, 0], [2, 1]]])] },
];

// ---- extrema: one element, or a pair of ties (which central differences see as 1/2 each) ----
type Extremum = 'max' | 'min';
const extremum = (x: Tensor, op: Extremum): Tensor => (x as unknown as Record<Extremum, () => Tensor>)[op]();
const extremumDim = (x: Tensor, op: Extremum, dim: number, keepdim: boolean): Tensor =>
  (x as unknown as Record<Extremum, (d: number, k: boolean) => { values: Tensor }>)[op](dim, keepdim).values;
const extremaCases: GradCase[] = (['max', 'min'] as Extremum[]).flatMap((op) => [
  { name: `${op}()`, fn: (x: Tensor) => extremum(x, op), inputs: (r: Rng) => [r.distinct([2, 3])] },
  { name: `${op}() of a 0-d input`, fn: (x: Tensor) => extremum(x, op), inputs: (r: Rng) => [r.randn([])] },
  { name: `${op}(dim 1)`, fn: (x: Tensor) => extremumDim(x, op, 1, false), inputs: (r: Rng) => [r.distinct([2, 3])] },
  { name: `${op}(dim 0, keepdim) transposed`, fn: (x: Tensor) => extremumDim(x, op, 0, true), inputs: (r: Rng) => [r.distinct([3, 2], 'transposed')] },
  { name: `${op}(dim -1) of a 3-d input`, fn: (x: Tensor) => extremumDim(x, op, -1, false), inputs: (r: Rng) => [r.distinct([2, 2, 3])] },
  { name: `${op}(dim 0) of a 0-d input`, fn: (x: Tensor) => extremumDim(x, op, 0, false), inputs: (r: Rng) => [r.randn([])] },
  // at a tie the gradient is not differentiable a second time: first order only
  { name: `${op}() with a pair of ties`, fn: (x: Tensor) => extremum(x, op), inputs: () => [leafOf(op === 'max' ? [2, -1, 2, 0.5] : [-2, 1, -2, 0.5])], gradgrad: false },
  { name: `a${op} dim 1 with a pair of ties`, fn: (x: Tensor) => reduce(x, `a${op}` as Reduce, 1, false), inputs: () => [leafOf(op === 'max' ? [[1, 1, 0.5], [0.2, 0.3, 0.3]] : [[-1, -1, -0.5], [-0.2, -0.3, -0.3]])], gradgrad: false },
]);

// ---- var and std: every form of the arguments ----
type Moment = 'var' | 'std';
const MOMENT_FORMS: [string, (x: Tensor, op: Moment) => Tensor][] = [
  ['()', (x, op) => x[op]()],
  ['(unbiased false)', (x, op) => x[op](false)],
  ['(dim 1)', (x, op) => x[op](1)],
  ['(dim 0, unbiased false, keepdim)', (x, op) => x[op](0, false, true)],
  ['(dims [0, 2], { correction 2 })', (x, op) => x[op]([0, 2], { correction: 2 })],
  ['(dim -1, { correction 0, keepdim })', (x, op) => x[op](-1, { correction: 0, keepdim: true })],
  ['({ unbiased true })', (x, op) => x[op]({ unbiased: true })],
];
const momentCases: GradCase[] = (['var', 'std'] as Moment[]).flatMap((op) => [
  ...MOMENT_FORMS.map(([label, call]) => ({ name: `${op}${label}`, fn: (x: Tensor) => call(x, op), inputs: (r: Rng) => [r.randn([2, 3, 2])] })),
  { name: `${op}(dim 0) transposed`, fn: (x: Tensor) => x[op](0), inputs: (r: Rng) => [r.randn([3, 4], 'transposed')] },
]);

// ---- norm: several orders (inputs clear of 0, distinct magnitudes for the infinity norms) ----
const NORM_ORDERS: [string, number | 'fro' | undefined][] = [
  ['default', undefined],
  ['fro', 'fro'],
  ['p 2', 2],
  ['p 1', 1],
  ['p 3', 3],
  ['p 0.5', 0.5],
  ['p -1', -1],
  ['p inf', Infinity],
  ['p -inf', -Infinity],
  ['p 0', 0],
];
const normCases: GradCase[] = NORM_ORDERS.flatMap(([label, p]) => [
  { name: `norm ${label}`, fn: (x: Tensor) => x.norm(p), inputs: (r: Rng) => [r.awayFromZero([2, 3])] },
  { name: `norm ${label} dim 1`, fn: (x: Tensor) => x.norm(p ?? 2, 1), inputs: (r: Rng) => [r.awayFromZero([2, 3])] },
  { name: `norm ${label} dims [0, 1] keepdim, transposed`, fn: (x: Tensor) => x.norm(p ?? 2, [0, 1], true), inputs: (r: Rng) => [r.awayFromZero([3, 2], 0.5, 1.5, 'transposed')] },
]);
normCases.push(
  { name: 'norm p 2 of a 0-d input', fn: (x) => x.norm(), inputs: (r) => [r.awayFromZero([])] },
  { name: 'norm({ keepdim }) options only', fn: (x) => x.norm({ keepdim: true }), inputs: (r) => [r.randn([2, 2])] },
);

// ---- scans ----
type Scan = 'cumsum' | 'cumprod';
const scanCases: GradCase[] = (['cumsum', 'cumprod'] as Scan[]).flatMap((op) => [
  ...[0, 1, -1].map((dim) => ({ name: `${op} dim ${dim}`, fn: (x: Tensor) => x[op](dim), inputs: (r: Rng) => [r.randn([2, 3])] })),
  ...inLayouts(`${op} dim 1 of 3x2`, ['transposed', 'strided'], (layout) => ({ fn: (x: Tensor) => x[op](1), inputs: (r: Rng) => [r.randn([3, 2], layout)] })),
  { name: `${op} of a 0-d input`, fn: (x: Tensor) => x[op](0), inputs: (r: Rng) => [r.randn([])] },
]);
scanCases.push(
  { name: 'cumprod, one zero', fn: (x) => x.cumprod(0), inputs: () => [leafOf([0.5, -1.5, 0, 2, 0.7])] },
  { name: 'cumprod, zero first', fn: (x) => x.cumprod(0), inputs: () => [leafOf([0, -1.5, 1.3, 2])] },
  { name: 'cumprod, zero last', fn: (x) => x.cumprod(0), inputs: () => [leafOf([0.9, -1.5, 1.3, 0])] },
  { name: 'cumprod over a size-1 dim holding a zero', fn: (x) => x.cumprod(1), inputs: () => [leafOf([[0], [2]])] },
  { name: 'cumsum dim -2 of a 3-d input', fn: (x) => x.cumsum(-2), inputs: (r) => [r.randn([2, 2, 2])] },
  { name: 'cumprod, two zeros', fn: (x) => x.cumprod(0), inputs: () => [leafOf([0.5, 0, 1.5, 0, 0.7])] },
  { name: 'cumprod dim 1, zeros in some rows', fn: (x) => x.cumprod(1), inputs: () => [leafOf([[0.5, 0, 1.5], [1.2, -0.4, 2], [0, 0, 3]])] },
  { name: 'cumprod dim 0, zeros, transposed', fn: (x) => x.cumprod(0), inputs: () => [leafOf([[0.5, 0, 1.5], [1.2, -0.4, 0]], 'transposed')] },
);

// ---- softmax-like compositions ----
const target = idx([[2], [0], [1]]);
const softmaxCases: GradCase[] = [
  { name: 'log-softmax then exp (softmax)', fn: (x) => x.sub(x.logsumexp(-1, true)).exp(), inputs: (r) => [r.randn([3, 4])] },
  { name: 'softmax as exp / sum exp', fn: (x) => x.exp().div(x.exp().sum(-1, { keepdim: true })), inputs: (r) => [r.randn([3, 4])] },
  { name: 'softmax over dim 0, transposed', fn: (x) => x.exp().div(x.exp().sum(0, true)), inputs: (r) => [r.randn([3, 2], 'transposed')] },
  { name: 'log-softmax', fn: (x) => x.sub(x.logsumexp(1, true)), inputs: (r) => [r.randn([2, 3])] },
  {
    name: 'cross-entropy: log-softmax + gather + mean',
    fn: (x) => x.sub(x.logsumexp(-1, true)).gather(-1, target).neg().mean(),
    inputs: (r) => [r.randn([3, 4])],
  },
  {
    name: 'stable softmax (minus the detached max)',
    fn: (x) => {
      const shifted = x.sub(x.amax(-1, true).detach());
      return shifted.exp().div(shifted.exp().sum(-1, true));
    },
    inputs: (r) => [r.randn([2, 3])],
  },
];

assertGradChecks('reductions over dims', [...dimCases, ...optionCases]);
assertGradChecks('nan reductions', nanCases);
assertGradChecks('prod', prodCases);
assertGradChecks('max and min', extremaCases);
assertGradChecks('var and std', momentCases);
assertGradChecks('norm', normCases);
assertGradChecks('scans', scanCases);
assertGradChecks('softmax compositions', softmaxCases);
