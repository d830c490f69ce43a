// gradcheck and gradgradcheck of the matrix products (ops/products.ts): the primitives, matmul in
// every broadcasting case from 1-D to N-D, and the add* forms with broadcast self, beta and alpha.
import { GradCase, Layout, Rng, Tensor, assertGradChecks } from './gradcheck_utils';

const pair = (sa: number[], sb: number[], la: Layout = 'contiguous', lb: Layout = 'contiguous') => (r: Rng): Tensor[] => [r.randn(sa, la), r.randn(sb, lb)];

type Product = 'mm' | 'bmm' | 'mv' | 'dot' | 'vdot' | 'outer' | 'ger';
const product = (a: Tensor, op: Product, b: Tensor): Tensor => (a as unknown as Record<Product, (b: Tensor) => Tensor>)[op](b);
/** [op, shape of a, shape of b] */
const PRIMITIVES: [Product, number[], number[]][] = [
  ['mm', [2, 3], [3, 4]],
  ['bmm', [2, 2, 3], [2, 3, 2]],
  ['mv', [2, 3], [3]],
  ['dot', [3], [3]],
  ['vdot', [4], [4]],
  ['outer', [2], [3]],
  ['ger', [3], [2]],
];
const primitiveCases: GradCase[] = PRIMITIVES.flatMap(([op, sa, sb]) => {
  const nonContiguous: Layout = sa.length >= 2 ? 'transposed' : 'strided';
  return [
    { name: `${op} [${sa}] x [${sb}]`, fn: (a: Tensor, b: Tensor) => product(a, op, b), inputs: pair(sa, sb) },
    {
      name: `${op} [${sa}] x [${sb}], non-contiguous`,
      fn: (a: Tensor, b: Tensor) => product(a, op, b),
      inputs: pair(sa, sb, nonContiguous, sb.length >= 2 ? 'transposed' : 'strided'),
    },
  ];
});

/** matmul: every pairing of ranks, batch broadcasting (including size-1 batch dims). */
const MATMUL: [number[], number[]][] = [
  [[3], [3]],
  [[2, 3], [3]],
  [[3], [3, 2]],
  [[2, 3], [3, 2]],
  [[2, 2, 3], [3]],
  [[3], [2, 3, 2]],
  [[2, 2, 3], [3, 2]],
  [[2, 3], [2, 3, 2]],
  [[2, 2, 3], [2, 3, 2]],
  [[1, 2, 3], [2, 3, 2]],
  [[2, 1, 2, 3], [3, 3, 2]],
  [[2, 1, 2, 3], [3]],
  [[3], [2, 1, 3, 2]],
  [[2, 1, 2, 3], [1, 2, 3, 1]],
  [[2, 1, 3], [1, 3, 2]],
];
const matmulCases: GradCase[] = [
  ...MATMUL.map(([sa, sb]) => ({ name: `matmul [${sa}] x [${sb}]`, fn: (a: Tensor, b: Tensor) => a.matmul(b), inputs: pair(sa, sb) })),
  { name: 'matmul transposed [2,3] x transposed [3,2]', fn: (a, b) => a.matmul(b), inputs: pair([2, 3], [3, 2], 'transposed', 'transposed') },
  { name: 'matmul transposed [2,2,3] x [3]', fn: (a, b) => a.matmul(b), inputs: pair([2, 2, 3], [3], 'transposed', 'strided') },
  { name: 'matmul [3] x transposed [2,3,2]', fn: (a, b) => a.matmul(b), inputs: pair([3], [2, 3, 2], 'strided', 'transposed') },
  { name: 'matmul of a matrix with itself (one input, two uses)', fn: (a) => a.matmul(a), inputs: (r) => [r.randn([3, 3])] },
];

type AddProduct = 'addmm' | 'addmv' | 'addr' | 'baddbmm' | 'addbmm';
const addProduct = (s: Tensor, op: AddProduct, a: Tensor, b: Tensor, o?: { beta?: number; alpha?: number }): Tensor =>
  (s as unknown as Record<AddProduct, (a: Tensor, b: Tensor, o?: { beta?: number; alpha?: number }) => Tensor>)[op](a, b, o);
/** [op, the operands' shapes, the result's shape] */
const ADD_PRODUCTS: [AddProduct, number[], number[], number[]][] = [
  ['addmm', [2, 3], [3, 2], [2, 2]],
  ['addmv', [2, 3], [3], [2]],
  ['addr', [2], [3], [2, 3]],
  ['baddbmm', [2, 2, 3], [2, 3, 2], [2, 2, 2]],
  ['addbmm', [2, 2, 3], [2, 3, 2], [2, 2]],
];
/** [label, self's shape from the result's, options] */
const SELF_FORMS: [string, (out: number[]) => number[], { beta?: number; alpha?: number } | undefined][] = [
  ['full self', (out) => out, undefined],
  ['broadcast self (last dim)', (out) => [out[out.length - 1]], { beta: 0.5, alpha: 2 }],
  ['broadcast self of ones', (out) => out.map(() => 1), { alpha: -1 }],
  ['0-d self', () => [], { beta: 2 }],
  ['beta 0 (self ignored)', (out) => out, { beta: 0, alpha: 1.5 }],
];
const addProductCases: GradCase[] = ADD_PRODUCTS.flatMap(([op, sa, sb, out]) =>
  SELF_FORMS.map(([label, selfShape, options]) => ({
    name: `${op} ${label}${options ? ` ${JSON.stringify(options)}` : ''}`,
    fn: (s: Tensor, a: Tensor, b: Tensor) => addProduct(s, op, a, b, options),
    inputs: (r: Rng) => [r.randn(selfShape(out)), r.randn(sa), r.randn(sb)],
  })),
);
addProductCases.push(
  {
    name: 'addmm non-contiguous operands',
    fn: (s, a, b) => s.addmm(a, b, { beta: 0.5 }),
    inputs: (r) => [r.randn([2, 2], 'transposed'), r.randn([2, 3], 'transposed'), r.randn([3, 2], 'strided')],
  },
  { name: 'addmm_ on a clone', fn: (s, a, b) => s.clone().addmm_(a, b, { beta: 2, alpha: 0.5 }), inputs: (r) => [r.randn([2, 2]), r.randn([2, 3]), r.randn([3, 2])] },
);

assertGradChecks('product primitives', primitiveCases);
assertGradChecks('matmul', matmulCases);
assertGradChecks('add products', addProductCases);
