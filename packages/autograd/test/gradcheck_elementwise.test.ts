// gradcheck and gradgradcheck of the elementwise ops (ops/elementwise.ts): the unary and binary
// families (with broadcasting, scalar operands, 0-d and non-contiguous inputs), the ops with extra
// arguments, and their in-place forms (which go through applyInplace).
import * as ag from '@typetorch/autograd';
import { GradCase, Layout, Rng, Tensor, assertGradChecks, leafOf, mask } from './gradcheck_utils';

// ---- unary ops ----

/** Each unary op with inputs from its domain, clear of the points where it is not differentiable. */
const UNARY_DOMAINS: [string, (r: Rng, shape: number[], layout: Layout) => Tensor][] = [
  ['exp', (r, s, l) => r.randn(s, l)],
  ['exp2', (r, s, l) => r.randn(s, l)],
  ['expm1', (r, s, l) => r.randn(s, l)],
  ['log', (r, s, l) => r.uniform(s, 0.5, 2, l)],
  ['log2', (r, s, l) => r.uniform(s, 0.5, 2, l)],
  ['log10', (r, s, l) => r.uniform(s, 0.5, 2, l)],
  ['log1p', (r, s, l) => r.uniform(s, -0.5, 2, l)],
  ['sin', (r, s, l) => r.randn(s, l)],
  ['cos', (r, s, l) => r.randn(s, l)],
  ['tan', (r, s, l) => r.uniform(s, -1, 1, l)],
  ['asin', (r, s, l) => r.uniform(s, -0.8, 0.8, l)],
  ['acos', (r, s, l) => r.uniform(s, -0.8, 0.8, l)],
  ['atan', (r, s, l) => r.randn(s, l)],
  ['sinh', (r, s, l) => r.randn(s, l)],
  ['cosh', (r, s, l) => r.randn(s, l)],
  ['tanh', (r, s, l) => r.randn(s, l)],
  ['sigmoid', (r, s, l) => r.randn(s, l)],
  ['erf', (r, s, l) => r.randn(s, l)],
  ['erfc', (r, s, l) => r.randn(s, l)],
  ['sqrt', (r, s, l) => r.uniform(s, 0.5, 2, l)],
  ['rsqrt', (r, s, l) => r.uniform(s, 0.5, 2, l)],
  ['reciprocal', (r, s, l) => r.awayFromZero(s, 0.5, 2, l)],
  ['neg', (r, s, l) => r.randn(s, l)],
  ['abs', (r, s, l) => r.awayFromZero(s, 0.5, 1.5, l)],
  // piecewise constant (gradient zero) or shifted (frac): clear of the integers and of the halves
  ['sign', (r, s, l) => r.awayFromZero(s, 0.5, 1.5, l)],
  ['floor', (r, s, l) => r.uniform(s, -1.9, -1.1, l)],
  ['ceil', (r, s, l) => r.uniform(s, 0.1, 0.9, l)],
  ['round', (r, s, l) => r.uniform(s, 1.1, 1.4, l)],
  ['trunc', (r, s, l) => r.awayFromZero(s, 0.1, 0.9, l)],
  ['frac', (r, s, l) => r.uniform(s, -1.9, -1.1, l)],
];
const UNARY_SHAPES: [string, number[], Layout][] = [
  ['2x3', [2, 3], 'contiguous'],
  ['3x2', [3, 2], 'transposed'],
  ['4', [4], 'strided'],
  ['0-d', [], 'contiguous'],
];
const callUnary = (x: Tensor, name: string): Tensor => (x as unknown as Record<string, () => Tensor>)[name]();
const callUnaryInplace = (x: Tensor, name: string): Tensor => (x as unknown as Record<string, () => Tensor>)[`${name}_`]();

const unaryCases: GradCase[] = UNARY_DOMAINS.flatMap(([name, domain]) => [
  ...UNARY_SHAPES.map(([label, shape, layout]) => ({
    name: `${name} ${label} [${layout}]`,
    fn: (x: Tensor) => callUnary(x, name),
    inputs: (r: Rng) => [domain(r, shape, layout)],
  })),
  // in place on a non-leaf copy: applyInplace records the op on the clone's history
  {
    name: `${name}_ on a clone`,
    fn: (x: Tensor) => callUnaryInplace(x.clone(), name),
    inputs: (r: Rng) => [domain(r, [2, 2], 'contiguous')],
  },
]);

// ---- binary ops ----

type BinaryName = 'add' | 'sub' | 'mul' | 'div' | 'remainder' | 'fmod' | 'pow' | 'atan2' | 'maximum' | 'minimum';
const callBinary = (a: Tensor, name: BinaryName, b: Tensor | number): Tensor =>
  (a as unknown as Record<string, (b: Tensor | number) => Tensor>)[name](b);
const callBinaryInplace = (a: Tensor, name: BinaryName, b: Tensor | number): Tensor =>
  (a as unknown as Record<string, (b: Tensor | number) => Tensor>)[`${name}_`](b);

/** Operand domains per op: [a, b] for given shapes (remainder/fmod: a/b clear of the integers). */
type Operands = (r: Rng, sa: number[], sb: number[], la: Layout) => [Tensor, Tensor];
const generic: Operands = (r, sa, sb, la) => [r.randn(sa, la), r.randn(sb)];
const positiveBase: Operands = (r, sa, sb, la) => [r.uniform(sa, 0.5, 2, la), r.randn(sb)];
const nonzeroDivisor: Operands = (r, sa, sb, la) => [r.randn(sa, la), r.awayFromZero(sb, 0.5, 2)];
// a in +-[0.1, 0.9], b in [1.1, 1.9]: a/b lies in (-0.82, 0.82) \ (-0.05, 0.05): floor and trunc are locally constant
const modulo: Operands = (r, sa, sb, la) => [r.awayFromZero(sa, 0.1, 0.9, la), r.uniform(sb, 1.1, 1.9)];
const notBothZero: Operands = (r, sa, sb, la) => [r.awayFromZero(sa, 0.5, 1.5, la), r.awayFromZero(sb, 0.5, 1.5)];

const BINARY_OPS: [BinaryName, Operands][] = [
  ['add', generic],
  ['sub', generic],
  ['mul', generic],
  ['div', nonzeroDivisor],
  ['remainder', modulo],
  ['fmod', modulo],
  ['pow', positiveBase],
  ['atan2', notBothZero],
  ['maximum', generic],
  ['minimum', generic],
];
/** [label, shape of a, shape of b, a's layout]: same shapes, both kinds of broadcasting, 0-d, non-contiguous. */
const BINARY_SHAPES: [string, number[], number[], Layout][] = [
  ['2x3 op 2x3', [2, 3], [2, 3], 'contiguous'],
  ['2x3 op 3', [2, 3], [3], 'contiguous'],
  ['2x1 op 1x3', [2, 1], [1, 3], 'contiguous'],
  ['0-d op 2x2', [], [2, 2], 'contiguous'],
  ['2x3 op 0-d', [2, 3], [], 'contiguous'],
  ['3x2 (transposed) op 2', [3, 2], [2], 'transposed'],
];

const binaryCases: GradCase[] = BINARY_OPS.flatMap(([name, operands]) => [
  ...BINARY_SHAPES.map(([label, sa, sb, layout]) => ({
    name: `${name} ${label}`,
    fn: (a: Tensor, b: Tensor) => callBinary(a, name, b),
    inputs: (r: Rng) => operands(r, sa, sb, layout),
  })),
  {
    name: `${name}_ on a clone, broadcast other`,
    fn: (a: Tensor, b: Tensor) => callBinaryInplace(a.clone(), name, b),
    inputs: (r: Rng) => operands(r, [2, 3], [3], 'contiguous'),
  },
]);

/** Scalar second operands: [op, scalar, domain of a]. */
const SCALAR_OPERANDS: [BinaryName, number, (r: Rng) => Tensor][] = [
  ['add', 2.5, (r) => r.randn([2, 3])],
  ['sub', -1.5, (r) => r.randn([2, 3])],
  ['mul', 3, (r) => r.randn([2, 3])],
  ['div', -4, (r) => r.randn([2, 3])],
  ['remainder', 1.5, (r) => r.awayFromZero([2, 3], 0.1, 0.9)],
  ['fmod', 1.5, (r) => r.awayFromZero([2, 3], 0.1, 0.9)],
  ['pow', 2, (r) => r.randn([2, 3])],
  ['pow', 3, (r) => r.randn([2, 3])],
  ['pow', 0.5, (r) => r.uniform([2, 3], 0.5, 2)],
  ['pow', -1.5, (r) => r.uniform([2, 3], 0.5, 2)],
  ['pow', 0, (r) => r.randn([2, 3])],
  ['atan2', 0.7, (r) => r.randn([2, 3])],
  ['maximum', 0.3, (r) => r.randn([2, 3])],
  ['minimum', -0.2, (r) => r.randn([2, 3])],
];
const scalarCases: GradCase[] = SCALAR_OPERANDS.flatMap(([name, s, domain]) => [
  { name: `${name} scalar ${s}`, fn: (a: Tensor) => callBinary(a, name, s), inputs: (r: Rng) => [domain(r)] },
  { name: `${name}_ scalar ${s} on a clone`, fn: (a: Tensor) => callBinaryInplace(a.clone(), name, s), inputs: (r: Rng) => [domain(r)] },
]);

const alphaCases: GradCase[] = [
  { name: 'add alpha 2.5 with broadcasting', fn: (a, b) => a.add(b, { alpha: 2.5 }), inputs: (r) => [r.randn([2, 3]), r.randn([3])] },
  { name: 'sub alpha -0.5 with broadcasting', fn: (a, b) => a.sub(b, { alpha: -0.5 }), inputs: (r) => [r.randn([2, 1]), r.randn([1, 3])] },
  { name: 'add_ alpha 2 on a clone', fn: (a, b) => a.clone().add_(b, { alpha: 2 }), inputs: (r) => [r.randn([2, 3]), r.randn([3])] },
  { name: 'sub_ alpha 3 on a clone', fn: (a, b) => a.clone().sub_(b, { alpha: 3 }), inputs: (r) => [r.randn([2, 3]), r.randn([2, 3])] },
  // a zero base: d/da = b a^(b-1) is 0 for b > 1, and d/db = a^b log(a) is 0 where a == 0 (not NaN).
  // First order only: central differences of the second derivative step to a negative base
  { name: 'pow tensor exponent, zero base', fn: (a, b) => a.pow(b), inputs: () => [leafOf([0, 0.5, 0]), leafOf([2, 1.5, 3])], gradgrad: false },
  { name: 'trueDivide', fn: (a, b) => a.trueDivide(b), inputs: (r) => [r.randn([2, 3]), r.awayFromZero([3])] },
  { name: 'div_ on a clone', fn: (a, b) => a.clone().div_(b), inputs: (r) => [r.randn([2, 3]), r.awayFromZero([2, 3])] },
  // rounded division is piecewise constant: gradient zero (a/b clear of the integers)
  { name: 'div floor', fn: (a, b) => a.div(b, { roundingMode: 'floor' }), inputs: (r) => [r.awayFromZero([2, 3], 0.1, 0.9), r.uniform([3], 1.1, 1.9)] },
  { name: 'floorDivide', fn: (a, b) => a.floorDivide(b), inputs: (r) => [r.awayFromZero([2, 3], 0.1, 0.9), r.uniform([3], 1.1, 1.9)] },
  // maximum/minimum at ties share the gradient (1/2 each, which central differences also see)
  { name: 'maximum with ties', fn: (a, b) => a.maximum(b), inputs: () => [leafOf([1, -2, 3]), leafOf([1, 0, 3])], gradgrad: false },
  { name: 'minimum with ties', fn: (a, b) => a.minimum(b), inputs: () => [leafOf([1, -2, 3]), leafOf([1, 0, 3])], gradgrad: false },
  { name: 'max(other)', fn: (a, b) => a.max(b), inputs: (r) => [r.randn([2, 3]), r.randn([3])] },
  { name: 'min(other)', fn: (a, b) => a.min(b), inputs: (r) => [r.randn([2, 3]), r.randn([3])] },
];

// ---- ops with extra arguments ----

/** Values clear of the clamp bounds used below. */
const clampValues = (): Tensor => leafOf([[-1.2, -0.3, 0.1], [0.45, 0.8, -0.7]]);
const extraCases: GradCase[] = [
  { name: 'clamp(min, max)', fn: (x) => x.clamp(-0.5, 0.5), inputs: () => [clampValues()] },
  { name: 'clamp(min)', fn: (x) => x.clamp(-0.5), inputs: () => [clampValues()] },
  { name: 'clamp(null, max)', fn: (x) => x.clamp(null, 0.5), inputs: () => [clampValues()] },
  { name: 'clampMin', fn: (x) => x.clampMin(0), inputs: () => [clampValues()] },
  { name: 'clampMax', fn: (x) => x.clampMax(0), inputs: () => [clampValues()] },
  { name: 'clip', fn: (x) => x.clip(-1, 0.2), inputs: () => [clampValues()] },
  { name: 'clamp transposed input', fn: (x) => x.clamp(-0.5, 0.5), inputs: () => [leafOf([[-1.2, -0.3], [0.1, 0.45], [0.8, -0.7]], 'transposed')] },
  { name: 'clamp_ on a clone', fn: (x) => x.clone().clamp_(-0.5, 0.5), inputs: () => [clampValues()] },
  // tensor bounds (broadcast): the gradient goes to whichever operand the result came from
  {
    name: 'clamp(tensor min, tensor max) broadcast',
    fn: (x, lo, hi) => x.clamp(lo, hi),
    inputs: () => [clampValues(), leafOf([-0.5, -0.1, 0.3]), leafOf([[0.5], [0.6]])],
  },
  { name: 'clamp(tensor min)', fn: (x, lo) => x.clamp(lo), inputs: () => [clampValues(), leafOf([-0.5, -0.1, 0.3])] },
  { name: 'clamp(null, tensor max)', fn: (x, hi) => x.clamp(null, hi), inputs: () => [clampValues(), leafOf([-0.5, -0.1, 0.3])] },
  { name: 'clamp(tensor min, scalar max)', fn: (x, lo) => x.clamp(lo, 0.6), inputs: () => [clampValues(), leafOf([-0.5, -0.1, 0.3])] },
  // min > max: the result is max everywhere (PyTorch's rule), so max gets the whole gradient
  { name: 'clamp with min > max', fn: (x, lo, hi) => x.clamp(lo, hi), inputs: () => [clampValues(), leafOf([0.9]), leafOf([0.2])] },
  { name: 'lerp scalar weight', fn: (a, b) => a.lerp(b, 0.3), inputs: (r) => [r.randn([2, 3]), r.randn([2, 3])] },
  { name: 'lerp tensor weight broadcast', fn: (a, b, w) => a.lerp(b, w), inputs: (r) => [r.randn([2, 3]), r.randn([3]), r.uniform([2, 1], 0, 1)] },
  { name: 'lerp transposed start, 0-d weight', fn: (a, b, w) => a.lerp(b, w), inputs: (r) => [r.randn([3, 2], 'transposed'), r.randn([3, 2]), r.uniform([], 0, 1)] },
  { name: 'lerp_ on a clone', fn: (a, b, w) => a.clone().lerp_(b, w), inputs: (r) => [r.randn([2, 3]), r.randn([2, 3]), r.uniform([3], 0, 1)] },
  { name: 'addcmul value 0.5 broadcast', fn: (s, a, b) => s.addcmul(a, b, { value: 0.5 }), inputs: (r) => [r.randn([3]), r.randn([2, 3]), r.randn([2, 1])] },
  { name: 'addcmul_ on a clone', fn: (s, a, b) => s.clone().addcmul_(a, b, { value: -2 }), inputs: (r) => [r.randn([2, 3]), r.randn([2, 3]), r.randn([3])] },
  { name: 'addcdiv value 2 broadcast', fn: (s, a, b) => s.addcdiv(a, b, { value: 2 }), inputs: (r) => [r.randn([2, 3]), r.randn([3]), r.awayFromZero([2, 1])] },
  { name: 'addcdiv_ on a clone', fn: (s, a, b) => s.clone().addcdiv_(a, b), inputs: (r) => [r.randn([2, 3]), r.randn([2, 3]), r.awayFromZero([2, 3])] },
  {
    name: 'where broadcast condition and operands',
    fn: (a, b) => a.where(mask([[true, false, true], [false, false, true]]), b),
    inputs: (r) => [r.randn([3]), r.randn([2, 1])],
  },
  { name: 'where scalar other', fn: (a) => a.where(mask([true, false, true]), 2), inputs: (r) => [r.randn([2, 3])] },
  { name: 'ag.where scalar first operand', fn: (b) => ag.where(mask([true, false]), 1.5, b) as Tensor, inputs: (r) => [r.randn([3, 2], 'transposed')] },
  { name: 'maskedFill scalar, broadcast mask', fn: (x) => x.maskedFill(mask([false, true, false]), 7), inputs: (r) => [r.randn([2, 3])] },
  { name: 'maskedFill 0-d tensor value', fn: (x, v) => x.maskedFill(mask([[true, false], [false, true]]), v), inputs: (r) => [r.randn([2, 2]), r.randn([])] },
  // the mask, the condition or a bound may broadcast self (or start) to a larger result
  { name: 'maskedFill mask larger than self', fn: (x) => x.maskedFill(mask([[true, false, true], [false, false, true]]), 2), inputs: (r) => [r.randn([3])] },
  { name: 'maskedFill 0-d tensor value, mask larger than self', fn: (x, v) => x.maskedFill(mask([[true, false], [false, false]]), v), inputs: (r) => [r.randn([2]), r.randn([])] },
  { name: 'where condition larger than both operands', fn: (a, b) => a.where(mask([[true, false, true], [false, false, true]]), b), inputs: (r) => [r.randn([3]), r.randn([])] },
  { name: 'lerp start smaller than end', fn: (a, b) => a.lerp(b, 0.3), inputs: (r) => [r.randn([3]), r.randn([2, 3])] },
  { name: 'clamp self smaller than the tensor min', fn: (x, lo) => x.clamp(lo, 0.5), inputs: () => [leafOf([-1.2, 0.1, 0.9]), leafOf([[-0.5, -0.2, 0.3], [0.2, 0.4, -1]])] },
  { name: 'maskedFill_ on a clone', fn: (x) => x.clone().maskedFill_(mask([true, false, true]), -1), inputs: (r) => [r.randn([2, 3])] },
  // non-finite inputs are replaced by constants: gradient zero there, one elsewhere
  {
    name: 'nanToNum',
    fn: (x) => x.nanToNum({ nan: 0.5, posinf: 9, neginf: -9 }),
    inputs: () => [leafOf([0.3, NaN, Infinity, -1.2, -Infinity, 2])],
  },
  { name: 'nanToNum_ on a clone', fn: (x) => x.clone().nanToNum_(), inputs: () => [leafOf([[NaN, 1.5], [-0.5, -Infinity]])] },
];

assertGradChecks('unary', unaryCases);
assertGradChecks('binary', [...binaryCases, ...scalarCases, ...alphaCases]);
assertGradChecks('elementwise with extra arguments', extraCases);
