// Function forms of the tensor methods, as torch.add(a, b) is a.add(b).
import { native } from './native';
import { BINARY, BinaryOp, UnaryOp } from './ops';
import { AlphaOptions, DivOptions, OutOptions, Tensor, TensorOrScalar, outHandle } from './tensor';

const unary =
  (name: UnaryOp) =>
  (input: Tensor, options?: OutOptions): Tensor =>
    input[name](options);
const binary =
  (name: Exclude<BinaryOp, 'add' | 'sub' | 'div'>) =>
  (input: Tensor, other: TensorOrScalar, options?: OutOptions): Tensor =>
    input[name](other, options);

export const exp = unary('exp');
export const exp2 = unary('exp2');
export const expm1 = unary('expm1');
export const log = unary('log');
export const log2 = unary('log2');
export const log10 = unary('log10');
export const log1p = unary('log1p');
export const sin = unary('sin');
export const cos = unary('cos');
export const tan = unary('tan');
export const asin = unary('asin');
export const acos = unary('acos');
export const atan = unary('atan');
export const sinh = unary('sinh');
export const cosh = unary('cosh');
export const tanh = unary('tanh');
export const sigmoid = unary('sigmoid');
export const erf = unary('erf');
export const erfc = unary('erfc');
export const sqrt = unary('sqrt');
export const rsqrt = unary('rsqrt');
export const reciprocal = unary('reciprocal');
export const neg = unary('neg');
export const abs = unary('abs');
export const sign = unary('sign');
export const floor = unary('floor');
export const ceil = unary('ceil');
export const round = unary('round');
export const trunc = unary('trunc');
export const frac = unary('frac');
export const isnan = unary('isnan');
export const isinf = unary('isinf');
export const isfinite = unary('isfinite');
export const logicalNot = unary('logicalNot');
export const bitwiseNot = unary('bitwiseNot');

export const mul = binary('mul');
export const remainder = binary('remainder');
export const fmod = binary('fmod');
export const atan2 = binary('atan2');
export const maximum = binary('maximum');
export const minimum = binary('minimum');
export const eq = binary('eq');
export const ne = binary('ne');
export const lt = binary('lt');
export const le = binary('le');
export const gt = binary('gt');
export const ge = binary('ge');
export const logicalAnd = binary('logicalAnd');
export const logicalOr = binary('logicalOr');
export const logicalXor = binary('logicalXor');
export const bitwiseAnd = binary('bitwiseAnd');
export const bitwiseOr = binary('bitwiseOr');
export const bitwiseXor = binary('bitwiseXor');
export const bitwiseLeftShift = binary('bitwiseLeftShift');
export const bitwiseRightShift = binary('bitwiseRightShift');

export const add = (input: Tensor, other: TensorOrScalar, options?: AlphaOptions): Tensor => input.add(other, options);
export const sub = (input: Tensor, other: TensorOrScalar, options?: AlphaOptions): Tensor => input.sub(other, options);
export const div = (input: Tensor, other: TensorOrScalar, options?: DivOptions): Tensor => input.div(other, options);
export const clamp = (input: Tensor, min?: TensorOrScalar | null, max?: TensorOrScalar | null, options?: OutOptions): Tensor =>
  input.clamp(min, max, options);
export const lerp = (input: Tensor, end: Tensor, weight: TensorOrScalar, options?: OutOptions): Tensor => input.lerp(end, weight, options);
export const addcmul = (input: Tensor, t1: TensorOrScalar, t2: TensorOrScalar, options?: { value?: number; out?: Tensor }): Tensor =>
  input.addcmul(t1, t2, options);
export const addcdiv = (input: Tensor, t1: TensorOrScalar, t2: TensorOrScalar, options?: { value?: number; out?: Tensor }): Tensor =>
  input.addcdiv(t1, t2, options);
/**
 * torch.where in both forms: where(condition, input, other) is condition ? input : other,
 * elementwise; where(condition) gives the indices of the true elements, as
 * nonzero(condition, { asTuple: true }).
 */
export function where(condition: Tensor): Tensor[];
export function where(condition: Tensor, input: Tensor, other: TensorOrScalar, options?: OutOptions): Tensor;
export function where(condition: Tensor, input?: Tensor, other?: TensorOrScalar, options?: OutOptions): Tensor | Tensor[] {
  if (input === undefined && other === undefined) return condition.nonzero({ asTuple: true });
  if (!(input instanceof Tensor) || other === undefined) throw new TypeError('where: expected both input and other (or neither)');
  return input.where(condition, other, options);
}
/** input ** exponent; input may be a number (torch.pow(2, x)). */
export function pow(input: TensorOrScalar, exponent: TensorOrScalar, options?: OutOptions): Tensor {
  if (input instanceof Tensor) return input.pow(exponent, options);
  if (!(exponent instanceof Tensor)) throw new TypeError('pow: expected input or exponent to be a Tensor');
  const out = options?.out;
  const h = native.binary(BINARY.pow, input, exponent.handle, outHandle(out));
  return out ?? new Tensor(h);
}
export const nanToNum = (input: Tensor, options?: { nan?: number; posinf?: number; neginf?: number; out?: Tensor }): Tensor =>
  input.nanToNum(options);
