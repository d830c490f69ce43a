// Elementwise ops: one table of derivatives (PyTorch's formulas) for the unary and binary
// families, and the ops with extra arguments (clamp, lerp, addcmul, addcdiv, where, ...).
import type { DType } from '@typetorch/th';
import type { BackendTensor } from '../backend';
import { isGradEnabled } from '../grad_mode';
import type { Grads, Node } from '../node';
import { applyInplace, needsGrad, record, wrap } from '../tape';
import { Tensor } from '../tensor';
import { sumToShape } from './grad_utils';

export type Scalar = number | boolean;
export type TensorOrScalar = Tensor | Scalar;
export interface OutOptions {
  out?: Tensor;
}

const LN2 = Math.LN2;
const LN10 = Math.LN10;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** A unary op: its backward node's name, what it saves, and grad_in = f(grad_out, self, result). */
interface UnarySpec {
  node: string;
  self: boolean;
  result: boolean;
  grad: ((g: Tensor, x: Tensor, y: Tensor) => Tensor) | null; // null: not differentiable
  inplace: boolean;
}
const zeros = (g: Tensor): Tensor => g.mul(0);
const U = (node: string, save: 'self' | 'result' | 'none', grad: UnarySpec['grad'], inplace = true): UnarySpec => ({
  node,
  self: save === 'self',
  result: save === 'result',
  grad,
  inplace,
});
const UNARY: Record<string, UnarySpec> = {
  exp: U('ExpBackward0', 'result', (g, _x, y) => g.mul(y)),
  exp2: U('Exp2Backward0', 'result', (g, _x, y) => g.mul(y).mul(LN2)),
  expm1: U('Expm1Backward0', 'result', (g, _x, y) => g.mul(y.add(1))),
  log: U('LogBackward0', 'self', (g, x) => g.div(x)),
  log2: U('Log2Backward0', 'self', (g, x) => g.div(x.mul(LN2))),
  log10: U('Log10Backward0', 'self', (g, x) => g.div(x.mul(LN10))),
  log1p: U('Log1pBackward0', 'self', (g, x) => g.div(x.add(1))),
  sin: U('SinBackward0', 'self', (g, x) => g.mul(x.cos())),
  cos: U('CosBackward0', 'self', (g, x) => g.mul(x.sin().neg())),
  tan: U('TanBackward0', 'result', (g, _x, y) => g.mul(y.mul(y).add(1))),
  asin: U('AsinBackward0', 'self', (g, x) => g.mul(x.mul(x).neg().add(1).rsqrt())),
  acos: U('AcosBackward0', 'self', (g, x) => g.mul(x.mul(x).neg().add(1).rsqrt()).neg()),
  atan: U('AtanBackward0', 'self', (g, x) => g.div(x.mul(x).add(1))),
  sinh: U('SinhBackward0', 'self', (g, x) => g.mul(x.cosh())),
  cosh: U('CoshBackward0', 'self', (g, x) => g.mul(x.sinh())),
  tanh: U('TanhBackward0', 'result', (g, _x, y) => g.mul(y.mul(y).neg().add(1))),
  sigmoid: U('SigmoidBackward0', 'result', (g, _x, y) => g.mul(y.mul(y.neg().add(1)))),
  erf: U('ErfBackward0', 'self', (g, x) => g.mul(x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI))),
  erfc: U('ErfcBackward0', 'self', (g, x) => g.mul(x.mul(x).neg().exp().mul(-TWO_OVER_SQRT_PI))),
  sqrt: U('SqrtBackward0', 'result', (g, _x, y) => g.div(y.mul(2))),
  rsqrt: U('RsqrtBackward0', 'result', (g, _x, y) => g.mul(y.pow(3)).mul(-0.5)),
  reciprocal: U('ReciprocalBackward0', 'result', (g, _x, y) => g.mul(y.mul(y)).neg()),
  neg: U('NegBackward0', 'none', (g) => g.neg()),
  abs: U('AbsBackward0', 'self', (g, x) => g.mul(x.sign())),
  sign: U('SignBackward0', 'none', zeros),
  floor: U('FloorBackward0', 'none', zeros),
  ceil: U('CeilBackward0', 'none', zeros),
  round: U('RoundBackward0', 'none', zeros),
  trunc: U('TruncBackward0', 'none', zeros),
  frac: U('FracBackward0', 'none', (g) => g),
  isnan: U('', 'none', null, false),
  isinf: U('', 'none', null, false),
  isfinite: U('', 'none', null, false),
  logicalNot: U('', 'none', null),
  bitwiseNot: U('', 'none', null),
};

function unaryBackward(node: Node, grads: Grads): Grads {
  const spec = node.args as UnarySpec;
  const g = grads[0]!;
  const x = spec.self ? node.savedTensor(0) : (null as unknown as Tensor);
  const y = spec.result ? node.savedTensor(0) : (null as unknown as Tensor);
  return [spec.grad!(g, x, y)];
}

/** @internal Runs unary op `name` on x (recording it when needed). */
export function unary(name: string, x: Tensor, out?: Tensor): Tensor {
  const spec = UNARY[name];
  if (out !== undefined && out !== null) return outForm(name, [x], out, (o) => (x.impl as unknown as Record<string, (o: { out: BackendTensor }) => BackendTensor>)[name]({ out: o }));
  const r = wrap((x.impl as unknown as Record<string, () => BackendTensor>)[name]());
  if (spec.grad !== null && x._requiresGrad && isGradEnabled()) {
    const node = record(spec.node, unaryBackward, [x], r, spec);
    if (spec.self) node.save(x);
    else if (spec.result) node.save(r, true);
  }
  return r;
}

/** out= forms: allowed when nothing needs a gradient (PyTorch's rule). */
export function outForm(name: string, inputs: readonly (Tensor | null | undefined)[], out: Tensor, run: (o: BackendTensor) => BackendTensor): Tensor {
  if (!(out instanceof Tensor)) throw new TypeError(`${name}(): argument 'out' must be a Tensor`);
  if (needsGrad(inputs) || (out._requiresGrad && isGradEnabled())) {
    throw new Error(`${name}(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.`);
  }
  run(out.impl);
  out.bumpVersion();
  return out;
}

// ---- binary ops ----

interface BinaryArgs {
  spec: BinarySpec;
  aShape: number[];
  aDtype: DType;
  bShape: number[] | null; // null: b is a scalar
  bDtype: DType | null;
  /** a was saved (with a scalar b, only the ops whose own gradient reads a need it) */
  hasA: boolean;
  alpha: number;
  b: number; // the scalar, when bShape is null
}
interface BinarySpec {
  node: string;
  saveA: boolean;
  /** a's own gradient reads a (so a is saved even when b is a scalar) */
  gradAReadsA: boolean;
  saveB: boolean;
  saveResult: boolean;
  /** [grad of a, grad of b] before reduction to their shapes; b is a Tensor or the scalar */
  grad: ((g: Tensor, a: Tensor, b: Tensor | number, y: Tensor, args: BinaryArgs) => [Tensor | null, Tensor | null]) | null;
}
/** save: 'a' (a, for b's gradient), 'A' (a, for its own gradient too), 'b', 'y' (the result). */
const B = (node: string, save: string, grad: BinarySpec['grad']): BinarySpec => ({
  node,
  saveA: save.toLowerCase().includes('a'),
  gradAReadsA: save.includes('A'),
  saveB: save.includes('b'),
  saveResult: save.includes('y'),
  grad,
});
const isT = (b: Tensor | number): b is Tensor => b instanceof Tensor;

/** pow: where(exponent == 0, 0, g * exponent * a^(exponent - 1)) */
function powGradBase(g: Tensor, a: Tensor, b: Tensor | number): Tensor {
  if (!isT(b)) return b === 0 ? g.mul(0) : g.mul(a.pow(b - 1).mul(b));
  return g.mul(b).mul(a.pow(b.sub(1))).maskedFill(b.eq(0), 0);
}
/** pow: d/db = g * a^b * log(a), 0 where a == 0 and b >= 0 */
function powGradExp(g: Tensor, a: Tensor | number, b: Tensor, y: Tensor): Tensor {
  if (!isT(a)) return a === 0 ? g.mul(y).mul(0).maskedFill(b.lt(0), Infinity) : g.mul(y).mul(Math.log(a));
  return g.mul(y.mul(a.log())).maskedFill(a.eq(0).logicalAnd(b.ge(0)), 0);
}

const BINARY: Record<string, BinarySpec> = {
  add: B('AddBackward0', '', (g, _a, _b, _y, args) => [g, args.bShape !== null ? (args.alpha === 1 ? g : g.mul(args.alpha)) : null]),
  sub: B('SubBackward0', '', (g, _a, _b, _y, args) => [g, args.bShape !== null ? g.mul(-args.alpha) : null]),
  mul: B('MulBackward0', 'ab', (g, a, b) => [g.mul(b), isT(b) ? g.mul(a) : null]),
  div: B('DivBackward0', 'ab', (g, a, b) => [g.div(b), isT(b) ? g.neg().mul(a).div(b.mul(b)) : null]),
  remainder: B('RemainderBackward0', 'ab', (g, a, b) => [g, isT(b) ? g.neg().mul(a.div(b, { roundingMode: 'floor' })) : null]),
  fmod: B('FmodBackward0', 'ab', (g, a, b) => [g, isT(b) ? g.neg().mul(a.div(b, { roundingMode: 'trunc' })) : null]),
  pow: B('PowBackward1', 'Aby', (g, a, b, y) => [powGradBase(g, a, b), isT(b) ? powGradExp(g, a, b, y) : null]),
  atan2: B('Atan2Backward0', 'Ab', (g, a, b) => {
    const r = a.mul(a).add(isT(b) ? b.mul(b) : b * b);
    return [g.mul(b).div(r), isT(b) ? g.mul(a.neg()).div(r) : null];
  }),
  maximum: B('MaximumBackward0', 'Ab', (g, a, b) => {
    const half = g.where(a.ne(b), g.div(2));
    return [half.maskedFill(a.lt(b), 0), isT(b) ? half.maskedFill(a.gt(b), 0) : null];
  }),
  minimum: B('MinimumBackward0', 'Ab', (g, a, b) => {
    const half = g.where(a.ne(b), g.div(2));
    return [half.maskedFill(a.gt(b), 0), isT(b) ? half.maskedFill(a.lt(b), 0) : null];
  }),
};
const NON_DIFFERENTIABLE_BINARY = [
  'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'logicalXor', 'bitwiseAnd', 'bitwiseOr', 'bitwiseXor',
  'bitwiseLeftShift', 'bitwiseRightShift',
];
for (const n of NON_DIFFERENTIABLE_BINARY) BINARY[n] = B('', '', null);

function binaryBackward(node: Node, grads: Grads): Grads {
  const args = node.args as BinaryArgs;
  const spec = args.spec;
  let k = 0;
  const a = args.hasA ? node.savedTensor(k++) : (null as unknown as Tensor);
  const b: Tensor | number = args.bShape === null ? args.b : spec.saveB ? node.savedTensor(k++) : (null as unknown as Tensor);
  const y = spec.saveResult ? node.savedTensor(k++) : (null as unknown as Tensor);
  const [ga, gb] = spec.grad!(grads[0]!, a, b, y, args);
  return [
    ga === null || !node.next[0] ? null : sumToShape(ga, args.aShape, args.aDtype),
    gb === null || args.bShape === null || !node.next[1] ? null : sumToShape(gb, args.bShape, args.bDtype!),
  ];
}

type BinaryImpl = (other: BackendTensor | Scalar, options?: { alpha?: number; out?: BackendTensor; roundingMode?: 'trunc' | 'floor' | null }) => BackendTensor;

/** @internal Runs binary op `name` (a op b), recording it when needed. */
export function binary(name: string, a: Tensor, b: TensorOrScalar, alpha: number | undefined, out: Tensor | undefined, roundingMode?: 'trunc' | 'floor' | null): Tensor {
  if (!(a instanceof Tensor)) throw new TypeError(`${name}(): expected a Tensor as the first operand`);
  const bt = b instanceof Tensor ? b : null;
  const bImpl = bt !== null ? bt.impl : (b as Scalar);
  const fn = (a.impl as unknown as Record<string, BinaryImpl>)[name];
  const opts = alpha !== undefined || roundingMode != null ? { alpha, roundingMode } : undefined;
  if (out !== undefined && out !== null) return outForm(name, [a, bt], out, (o) => fn.call(a.impl, bImpl, { ...opts, out: o }));
  const r = wrap(opts ? fn.call(a.impl, bImpl, opts) : fn.call(a.impl, bImpl));
  const spec = BINARY[name];
  if (spec.grad !== null && (a._requiresGrad || (bt !== null && bt._requiresGrad)) && isGradEnabled()) {
    const differentiable = roundingMode == null;
    const args: BinaryArgs = {
      spec: differentiable ? spec : ROUNDED_DIV,
      aShape: a.shape,
      aDtype: a.dtype,
      bShape: bt !== null ? bt.shape : null,
      bDtype: bt !== null ? bt.dtype : null,
      hasA: spec.saveA && (bt !== null || spec.gradAReadsA),
      alpha: alpha ?? 1,
      b: bt !== null ? 0 : Number(b),
    };
    const node = record(args.spec.node, binaryBackward, [a, bt], r, args);
    if (args.hasA) node.save(a);
    if (args.spec.saveB && bt !== null) node.save(bt);
    if (args.spec.saveResult) node.save(r, true);
  }
  return r;
}
/** div with a rounding mode: gradient zero almost everywhere (PyTorch's). */
const ROUNDED_DIV = B('DivBackward1', '', (g, _a, _b, _y, args) => [g.mul(0), args.bShape !== null ? g.mul(0) : null]);

// ---- ops with extra arguments ----

function clampBackward(node: Node, grads: Grads): Grads {
  const g = grads[0]!;
  const x = node.savedTensor(0);
  const { min, max } = node.args as { min: TensorOrScalar | null; max: TensorOrScalar | null };
  let mask: Tensor | null = null;
  const and = (m: Tensor): void => {
    mask = mask === null ? m : mask.logicalAnd(m);
  };
  if (min !== null) and(x.ge(min));
  if (max !== null) and(x.le(max));
  const gx = mask === null ? g : g.where(mask, 0);
  return [gx, null, null];
}

function clampTensorsBackward(node: Node, grads: Grads): Grads {
  // clamp with tensor bounds: the gradient goes to whichever operand the result came from
  const g = grads[0]!;
  const a = node.args as { hasMinT: boolean; hasMaxT: boolean; min: Scalar | null; max: Scalar | null; shapes: number[][] };
  // saved: x, then the tensor bounds that were given
  let k = 0;
  const x = node.savedTensor(k++);
  const minT = a.hasMinT ? node.savedTensor(k++) : null;
  const maxT = a.hasMaxT ? node.savedTensor(k++) : null;
  const lo = minT ?? a.min;
  const hi = maxT ?? a.max;
  const zero = g.mul(0);
  const pick = (pred: Tensor | null): Tensor => (pred === null ? g : g.where(pred, zero));
  const ge = lo === null ? null : x.ge(lo);
  const le = hi === null ? null : x.le(hi);
  const gx = sumToShape(pick(ge === null ? le : le === null ? ge : ge.logicalAnd(le)), a.shapes[0], x.dtype);
  let gmin: Tensor | null = null;
  let gmax: Tensor | null = null;
  if (minT !== null && node.next[1]) {
    const below = x.lt(minT);
    gmin = sumToShape(pick(hi === null ? below : below.logicalAnd(minT.lt(hi))), a.shapes[1], minT.dtype);
  }
  if (maxT !== null && node.next[2]) {
    const above = x.gt(maxT);
    gmax = sumToShape(pick(lo === null ? above : above.logicalOr(maxT.lt(lo))), a.shapes[2], maxT.dtype);
  }
  return [gx, gmin, gmax];
}

/** @internal clamp(x, min, max) with scalar or tensor bounds. */
export function clamp(x: Tensor, min: TensorOrScalar | null | undefined, max: TensorOrScalar | null | undefined, out?: Tensor): Tensor {
  const lo = min ?? null;
  const hi = max ?? null;
  const implOf = (v: TensorOrScalar | null): BackendTensor | Scalar | null => (v instanceof Tensor ? v.impl : v);
  const minT = lo instanceof Tensor ? lo : null;
  const maxT = hi instanceof Tensor ? hi : null;
  if (out !== undefined && out !== null) return outForm('clamp', [x, minT, maxT], out, (o) => x.impl.clamp(implOf(lo), implOf(hi), { out: o }));
  const r = wrap(x.impl.clamp(implOf(lo), implOf(hi)));
  if (needsGrad([x, minT, maxT])) {
    if (minT === null && maxT === null) {
      const node = record('ClampBackward1', clampBackward, [x], r, { min: lo, max: hi });
      node.save(x);
    } else {
      const node = record('ClampBackward0', clampTensorsBackward, [x, minT, maxT], r, {
        hasMinT: minT !== null,
        hasMaxT: maxT !== null,
        min: minT ? null : lo,
        max: maxT ? null : hi,
        shapes: [x.shape, minT?.shape ?? [], maxT?.shape ?? []],
      });
      node.save(x);
      if (minT) node.save(minT);
      if (maxT) node.save(maxT);
    }
  }
  return r;
}

function whereBackward(node: Node, grads: Grads): Grads {
  const g = grads[0]!;
  const a = node.args as { aShape: number[]; bShape: number[] | null; aDtype: DType; bDtype: DType | null };
  const cond = node.savedTensor(0);
  const ga = node.next[1] ? sumToShape(g.where(cond, 0), a.aShape, a.aDtype) : null;
  const gb = a.bShape !== null && node.next[2] ? sumToShape(g.mul(0).where(cond, g), a.bShape, a.bDtype!) : null;
  return [null, ga, gb];
}

/** @internal where(cond, a, b): a where cond, else b. */
export function where(cond: Tensor, a: TensorOrScalar, b: TensorOrScalar, out?: Tensor): Tensor {
  if (!(cond instanceof Tensor)) throw new TypeError('where(): argument condition must be a Tensor');
  const at = a instanceof Tensor ? a : null;
  const bt = b instanceof Tensor ? b : null;
  if (at === null) {
    // PyTorch allows a scalar first operand; broadcast it through b's dtype
    if (bt === null) throw new TypeError('where(): expected at least one Tensor operand');
    return where(cond.logicalNot(), bt, a, out);
  }
  const bImpl = bt !== null ? bt.impl : (b as Scalar);
  if (out !== undefined && out !== null) return outForm('where', [at, bt], out, (o) => at.impl.where(cond.impl, bImpl, { out: o }));
  const r = wrap(at.impl.where(cond.impl, bImpl));
  if (needsGrad([at, bt])) {
    record('WhereBackward0', whereBackward, [cond, at, bt], r, {
      aShape: at.shape,
      bShape: bt?.shape ?? null,
      aDtype: at.dtype,
      bDtype: bt?.dtype ?? null,
    }).save(cond);
  }
  return r;
}

function lerpBackward(node: Node, grads: Grads): Grads {
  const g = grads[0]!;
  const start = node.savedTensor(0);
  const end = node.savedTensor(1);
  const a = node.args as { w: Scalar | null; shapes: number[][] };
  const w = a.w === null ? node.savedTensor(2) : a.w; // a tensor weight is saved
  const gs = node.next[0] ? sumToShape(w instanceof Tensor ? g.mul(w.neg().add(1)) : g.mul(1 - Number(w)), a.shapes[0]) : null;
  const ge = node.next[1] ? sumToShape(g.mul(w), a.shapes[1]) : null;
  const gw = w instanceof Tensor && node.next[2] ? sumToShape(g.mul(end.sub(start)), a.shapes[2]) : null;
  return [gs, ge, gw];
}

/** @internal start + weight * (end - start) */
export function lerp(start: Tensor, end: Tensor, weight: TensorOrScalar, out?: Tensor): Tensor {
  const wt = weight instanceof Tensor ? weight : null;
  const wImpl = wt !== null ? wt.impl : (weight as Scalar);
  if (out !== undefined && out !== null) return outForm('lerp', [start, end, wt], out, (o) => start.impl.lerp(end.impl, wImpl, { out: o }));
  const r = wrap(start.impl.lerp(end.impl, wImpl));
  if (needsGrad([start, end, wt])) {
    const node = record('LerpBackward1', lerpBackward, [start, end, wt], r, {
      w: wt !== null ? null : (weight as Scalar),
      shapes: [start.shape, end.shape, wt?.shape ?? []],
    });
    node.save(start);
    node.save(end);
    if (wt) node.save(wt);
  }
  return r;
}

function addcBackward(node: Node, grads: Grads): Grads {
  const g = grads[0]!;
  const a = node.args as { div: boolean; value: number; shapes: number[][]; selfDtype: DType };
  const t1 = node.savedTensor(0);
  const t2 = node.savedTensor(1);
  // each gradient in its input's shape and dtype (the result's dtype is their promotion)
  const gs = node.next[0] ? sumToShape(g, a.shapes[0], a.selfDtype) : null;
  if (!a.div) {
    const g1 = node.next[1] ? sumToShape(g.mul(t2).mul(a.value), a.shapes[1], t1.dtype) : null;
    const g2 = node.next[2] ? sumToShape(g.mul(t1).mul(a.value), a.shapes[2], t2.dtype) : null;
    return [gs, g1, g2];
  }
  const g1 = node.next[1] ? sumToShape(g.div(t2).mul(a.value), a.shapes[1], t1.dtype) : null;
  const g2 = node.next[2] ? sumToShape(g.neg().mul(t1).div(t2.mul(t2)).mul(a.value), a.shapes[2], t2.dtype) : null;
  return [gs, g1, g2];
}

/** @internal self + value * t1 * t2 (div: t1 / t2) */
export function addc(div: boolean, self: Tensor, t1: Tensor, t2: Tensor, value: number, out?: Tensor): Tensor {
  const name = div ? 'addcdiv' : 'addcmul';
  if (!(t1 instanceof Tensor) || !(t2 instanceof Tensor)) throw new TypeError(`${name}(): tensor1 and tensor2 must be Tensors`);
  const run = (o?: BackendTensor): BackendTensor =>
    div ? self.impl.addcdiv(t1.impl, t2.impl, { value, out: o }) : self.impl.addcmul(t1.impl, t2.impl, { value, out: o });
  if (out !== undefined && out !== null) return outForm(name, [self, t1, t2], out, run);
  const r = wrap(run());
  if (needsGrad([self, t1, t2])) {
    const node = record(div ? 'AddcdivBackward0' : 'AddcmulBackward0', addcBackward, [self, t1, t2], r, {
      div,
      value,
      shapes: [self.shape, t1.shape, t2.shape],
      selfDtype: self.dtype,
    });
    node.save(t1);
    node.save(t2);
  }
  return r;
}

// ---- methods ----

declare module '../tensor' {
  interface Tensor {
    exp(options?: OutOptions): Tensor;
    exp2(options?: OutOptions): Tensor;
    expm1(options?: OutOptions): Tensor;
    log(options?: OutOptions): Tensor;
    log2(options?: OutOptions): Tensor;
    log10(options?: OutOptions): Tensor;
    log1p(options?: OutOptions): Tensor;
    sin(options?: OutOptions): Tensor;
    cos(options?: OutOptions): Tensor;
    tan(options?: OutOptions): Tensor;
    asin(options?: OutOptions): Tensor;
    acos(options?: OutOptions): Tensor;
    atan(options?: OutOptions): Tensor;
    sinh(options?: OutOptions): Tensor;
    cosh(options?: OutOptions): Tensor;
    tanh(options?: OutOptions): Tensor;
    sigmoid(options?: OutOptions): Tensor;
    erf(options?: OutOptions): Tensor;
    erfc(options?: OutOptions): Tensor;
    sqrt(options?: OutOptions): Tensor;
    rsqrt(options?: OutOptions): Tensor;
    reciprocal(options?: OutOptions): Tensor;
    neg(options?: OutOptions): Tensor;
    abs(options?: OutOptions): Tensor;
    sign(options?: OutOptions): Tensor;
    floor(options?: OutOptions): Tensor;
    ceil(options?: OutOptions): Tensor;
    round(options?: OutOptions): Tensor;
    trunc(options?: OutOptions): Tensor;
    frac(options?: OutOptions): Tensor;
    isnan(): Tensor;
    isinf(): Tensor;
    isfinite(): Tensor;
    logicalNot(options?: OutOptions): Tensor;
    bitwiseNot(options?: OutOptions): Tensor;
    exp_(): Tensor;
    exp2_(): Tensor;
    expm1_(): Tensor;
    log_(): Tensor;
    log2_(): Tensor;
    log10_(): Tensor;
    log1p_(): Tensor;
    sin_(): Tensor;
    cos_(): Tensor;
    tan_(): Tensor;
    asin_(): Tensor;
    acos_(): Tensor;
    atan_(): Tensor;
    sinh_(): Tensor;
    cosh_(): Tensor;
    tanh_(): Tensor;
    sigmoid_(): Tensor;
    erf_(): Tensor;
    erfc_(): Tensor;
    sqrt_(): Tensor;
    rsqrt_(): Tensor;
    reciprocal_(): Tensor;
    neg_(): Tensor;
    abs_(): Tensor;
    sign_(): Tensor;
    floor_(): Tensor;
    ceil_(): Tensor;
    round_(): Tensor;
    trunc_(): Tensor;
    frac_(): Tensor;
    logicalNot_(): Tensor;
    bitwiseNot_(): Tensor;

    add(other: TensorOrScalar, options?: { alpha?: number; out?: Tensor }): Tensor;
    sub(other: TensorOrScalar, options?: { alpha?: number; out?: Tensor }): Tensor;
    add_(other: TensorOrScalar, options?: { alpha?: number }): Tensor;
    sub_(other: TensorOrScalar, options?: { alpha?: number }): Tensor;
    div(other: TensorOrScalar, options?: { roundingMode?: 'trunc' | 'floor' | null; out?: Tensor }): Tensor;
    div_(other: TensorOrScalar, options?: { roundingMode?: 'trunc' | 'floor' | null }): Tensor;
    floorDivide(other: TensorOrScalar, options?: OutOptions): Tensor;
    trueDivide(other: TensorOrScalar, options?: OutOptions): Tensor;
    mul(other: TensorOrScalar, options?: OutOptions): Tensor;
    remainder(other: TensorOrScalar, options?: OutOptions): Tensor;
    fmod(other: TensorOrScalar, options?: OutOptions): Tensor;
    pow(other: TensorOrScalar, options?: OutOptions): Tensor;
    atan2(other: TensorOrScalar, options?: OutOptions): Tensor;
    maximum(other: TensorOrScalar, options?: OutOptions): Tensor;
    minimum(other: TensorOrScalar, options?: OutOptions): Tensor;
    eq(other: TensorOrScalar, options?: OutOptions): Tensor;
    ne(other: TensorOrScalar, options?: OutOptions): Tensor;
    lt(other: TensorOrScalar, options?: OutOptions): Tensor;
    le(other: TensorOrScalar, options?: OutOptions): Tensor;
    gt(other: TensorOrScalar, options?: OutOptions): Tensor;
    ge(other: TensorOrScalar, options?: OutOptions): Tensor;
    logicalAnd(other: TensorOrScalar, options?: OutOptions): Tensor;
    logicalOr(other: TensorOrScalar, options?: OutOptions): Tensor;
    logicalXor(other: TensorOrScalar, options?: OutOptions): Tensor;
    bitwiseAnd(other: TensorOrScalar, options?: OutOptions): Tensor;
    bitwiseOr(other: TensorOrScalar, options?: OutOptions): Tensor;
    bitwiseXor(other: TensorOrScalar, options?: OutOptions): Tensor;
    bitwiseLeftShift(other: TensorOrScalar, options?: OutOptions): Tensor;
    bitwiseRightShift(other: TensorOrScalar, options?: OutOptions): Tensor;
    mul_(other: TensorOrScalar): Tensor;
    remainder_(other: TensorOrScalar): Tensor;
    fmod_(other: TensorOrScalar): Tensor;
    pow_(other: TensorOrScalar): Tensor;
    atan2_(other: TensorOrScalar): Tensor;
    maximum_(other: TensorOrScalar): Tensor;
    minimum_(other: TensorOrScalar): Tensor;
    eq_(other: TensorOrScalar): Tensor;
    ne_(other: TensorOrScalar): Tensor;
    lt_(other: TensorOrScalar): Tensor;
    le_(other: TensorOrScalar): Tensor;
    gt_(other: TensorOrScalar): Tensor;
    ge_(other: TensorOrScalar): Tensor;
    logicalAnd_(other: TensorOrScalar): Tensor;
    logicalOr_(other: TensorOrScalar): Tensor;
    logicalXor_(other: TensorOrScalar): Tensor;
    bitwiseAnd_(other: TensorOrScalar): Tensor;
    bitwiseOr_(other: TensorOrScalar): Tensor;
    bitwiseXor_(other: TensorOrScalar): Tensor;
    bitwiseLeftShift_(other: TensorOrScalar): Tensor;
    bitwiseRightShift_(other: TensorOrScalar): Tensor;

    clamp(min?: TensorOrScalar | null, max?: TensorOrScalar | null, options?: OutOptions): Tensor;
    clamp_(min?: TensorOrScalar | null, max?: TensorOrScalar | null): Tensor;
    clip(min?: TensorOrScalar | null, max?: TensorOrScalar | null, options?: OutOptions): Tensor;
    clampMin(min: TensorOrScalar): Tensor;
    clampMax(max: TensorOrScalar): Tensor;
    lerp(end: Tensor, weight: TensorOrScalar, options?: OutOptions): Tensor;
    lerp_(end: Tensor, weight: TensorOrScalar): Tensor;
    addcmul(tensor1: Tensor, tensor2: Tensor, options?: { value?: number; out?: Tensor }): Tensor;
    addcmul_(tensor1: Tensor, tensor2: Tensor, options?: { value?: number }): Tensor;
    addcdiv(tensor1: Tensor, tensor2: Tensor, options?: { value?: number; out?: Tensor }): Tensor;
    addcdiv_(tensor1: Tensor, tensor2: Tensor, options?: { value?: number }): Tensor;
    /** condition ? this : other */
    where(condition: Tensor, other: TensorOrScalar, options?: OutOptions): Tensor;
    maskedFill(mask: Tensor, value: TensorOrScalar): Tensor;
    maskedFill_(mask: Tensor, value: TensorOrScalar): Tensor;
    nanToNum(options?: { nan?: number; posinf?: number; neginf?: number; out?: Tensor }): Tensor;
    nanToNum_(options?: { nan?: number; posinf?: number; neginf?: number }): Tensor;
  }
}

type Methods = Record<string, (this: Tensor, ...args: never[]) => Tensor>;
const proto = Tensor.prototype as unknown as Methods;
type ImplMethods = Record<string, (...args: unknown[]) => BackendTensor>;

for (const name of Object.keys(UNARY)) {
  proto[name] = function (this: Tensor, options?: OutOptions): Tensor {
    return unary(name, this, options?.out);
  };
  if (UNARY[name].inplace) {
    proto[`${name}_`] = function (this: Tensor): Tensor {
      return applyInplace(
        this,
        [],
        () => (this.impl as unknown as ImplMethods)[`${name}_`].call(this.impl),
        (old) => unary(name, old),
      );
    };
  }
}
for (const name of Object.keys(BINARY)) {
  if (name === 'add' || name === 'sub' || name === 'div') continue;
  proto[name] = function (this: Tensor, other: TensorOrScalar, options?: OutOptions): Tensor {
    return binary(name, this, other, undefined, options?.out);
  };
  proto[`${name}_`] = function (this: Tensor, other: TensorOrScalar): Tensor {
    return applyInplace(
      this,
      [other instanceof Tensor ? other : null],
      () => (this.impl as unknown as ImplMethods)[`${name}_`].call(this.impl, other instanceof Tensor ? other.impl : other),
      (old) => binary(name, old, other, undefined, undefined),
    );
  };
}

const implOf = (x: TensorOrScalar): BackendTensor | Scalar => (x instanceof Tensor ? x.impl : x);
const t = (x: TensorOrScalar | null | undefined): Tensor | null => (x instanceof Tensor ? x : null);

Object.assign(proto, {
  add(this: Tensor, other: TensorOrScalar, options?: { alpha?: number; out?: Tensor }): Tensor {
    return binary('add', this, other, options?.alpha, options?.out);
  },
  sub(this: Tensor, other: TensorOrScalar, options?: { alpha?: number; out?: Tensor }): Tensor {
    return binary('sub', this, other, options?.alpha, options?.out);
  },
  add_(this: Tensor, other: TensorOrScalar, options?: { alpha?: number }): Tensor {
    return applyInplace(this, [t(other)], () => this.impl.add_(implOf(other), options), (old) => binary('add', old, other, options?.alpha, undefined));
  },
  sub_(this: Tensor, other: TensorOrScalar, options?: { alpha?: number }): Tensor {
    return applyInplace(this, [t(other)], () => this.impl.sub_(implOf(other), options), (old) => binary('sub', old, other, options?.alpha, undefined));
  },
  div(this: Tensor, other: TensorOrScalar, options?: { roundingMode?: 'trunc' | 'floor' | null; out?: Tensor }): Tensor {
    return binary('div', this, other, undefined, options?.out, options?.roundingMode);
  },
  div_(this: Tensor, other: TensorOrScalar, options?: { roundingMode?: 'trunc' | 'floor' | null }): Tensor {
    return applyInplace(
      this,
      [t(other)],
      () => this.impl.div_(implOf(other), options),
      (old) => binary('div', old, other, undefined, undefined, options?.roundingMode),
    );
  },
  floorDivide(this: Tensor, other: TensorOrScalar, options?: OutOptions): Tensor {
    return binary('div', this, other, undefined, options?.out, 'floor');
  },
  trueDivide(this: Tensor, other: TensorOrScalar, options?: OutOptions): Tensor {
    return binary('div', this, other, undefined, options?.out);
  },
  clamp(this: Tensor, min?: TensorOrScalar | null, max?: TensorOrScalar | null, options?: OutOptions): Tensor {
    return clamp(this, min, max, options?.out);
  },
  clamp_(this: Tensor, min?: TensorOrScalar | null, max?: TensorOrScalar | null): Tensor {
    return applyInplace(
      this,
      [t(min), t(max)],
      () => this.impl.clamp_(min == null ? null : implOf(min), max == null ? null : implOf(max)),
      (old) => clamp(old, min, max),
    );
  },
  clip(this: Tensor, min?: TensorOrScalar | null, max?: TensorOrScalar | null, options?: OutOptions): Tensor {
    return clamp(this, min, max, options?.out);
  },
  clampMin(this: Tensor, min: TensorOrScalar): Tensor {
    return clamp(this, min, null);
  },
  clampMax(this: Tensor, max: TensorOrScalar): Tensor {
    return clamp(this, null, max);
  },
  lerp(this: Tensor, end: Tensor, weight: TensorOrScalar, options?: OutOptions): Tensor {
    return lerp(this, end, weight, options?.out);
  },
  lerp_(this: Tensor, end: Tensor, weight: TensorOrScalar): Tensor {
    return applyInplace(this, [end, t(weight)], () => this.impl.lerp_(end.impl, implOf(weight)), (old) => lerp(old, end, weight));
  },
  addcmul(this: Tensor, t1: Tensor, t2: Tensor, options?: { value?: number; out?: Tensor }): Tensor {
    return addc(false, this, t1, t2, options?.value ?? 1, options?.out);
  },
  addcmul_(this: Tensor, t1: Tensor, t2: Tensor, options?: { value?: number }): Tensor {
    return applyInplace(this, [t1, t2], () => this.impl.addcmul_(t1.impl, t2.impl, options), (old) => addc(false, old, t1, t2, options?.value ?? 1));
  },
  addcdiv(this: Tensor, t1: Tensor, t2: Tensor, options?: { value?: number; out?: Tensor }): Tensor {
    return addc(true, this, t1, t2, options?.value ?? 1, options?.out);
  },
  addcdiv_(this: Tensor, t1: Tensor, t2: Tensor, options?: { value?: number }): Tensor {
    return applyInplace(this, [t1, t2], () => this.impl.addcdiv_(t1.impl, t2.impl, options), (old) => addc(true, old, t1, t2, options?.value ?? 1));
  },
  where(this: Tensor, condition: Tensor, other: TensorOrScalar, options?: OutOptions): Tensor {
    return where(condition, this, other, options?.out);
  },
  maskedFill(this: Tensor, mask: Tensor, value: TensorOrScalar): Tensor {
    if (!(mask instanceof Tensor)) throw new TypeError('maskedFill(): argument mask must be a Tensor');
    if (value instanceof Tensor) {
      if (value.ndim !== 0) {
        throw new Error(`masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s).`);
      }
      if (mask.dtype !== 'bool') throw new TypeError(`masked_fill_ only supports boolean masks, but got mask with dtype ${mask.dtype}`);
      return where(mask, value.to(this.dtype), this);
    }
    const r = wrap(this.impl.maskedFill(mask.impl, value));
    if (needsGrad([this])) record('MaskedFillBackward0', maskedFillBackward, [this], r, { shape: this.shape, dtype: this.dtype }).save(mask);
    return r;
  },
  maskedFill_(this: Tensor, mask: Tensor, value: TensorOrScalar): Tensor {
    return applyInplace(
      this,
      [t(value)],
      () => this.impl.maskedFill_(mask.impl, implOf(value)),
      (old) => (old as Tensor).maskedFill(mask, value),
    );
  },
  nanToNum(this: Tensor, options: { nan?: number; posinf?: number; neginf?: number; out?: Tensor } = {}): Tensor {
    const { out, ...o } = options;
    if (out !== undefined) return outForm('nanToNum', [this], out, (oo) => this.impl.nanToNum({ ...o, out: oo }));
    const r = wrap(this.impl.nanToNum(o));
    if (needsGrad([this])) {
      const node = record('NanToNumBackward0', nanToNumBackward, [this], r);
      node.save(this);
    }
    return r;
  },
  nanToNum_(this: Tensor, options: { nan?: number; posinf?: number; neginf?: number } = {}): Tensor {
    return applyInplace(this, [], () => this.impl.nanToNum_(options), (old) => old.nanToNum(options));
  },
});

function maskedFillBackward(node: Node, grads: Grads): Grads {
  // the mask may broadcast self to a larger result
  const a = node.args as { shape: number[]; dtype: DType };
  return [sumToShape(grads[0]!.maskedFill(node.savedTensor(0), 0), a.shape, a.dtype)];
}

function nanToNumBackward(node: Node, grads: Grads): Grads {
  const x = node.savedTensor(0);
  return [grads[0]!.where(x.isfinite(), 0)];
}
