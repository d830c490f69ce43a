// The tables of elementwise ops: TypeScript names (PyTorch's, camelCased) -> native op codes.
import { indexOf, native } from './native';

export const UNARY_OPS = [
  'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh',
  'tanh', 'sigmoid', 'erf', 'erfc', 'sqrt', 'rsqrt', 'reciprocal', 'neg', 'abs', 'sign', 'floor', 'ceil', 'round',
  'trunc', 'frac', 'isnan', 'isinf', 'isfinite', 'logicalNot', 'bitwiseNot',
] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];
/** Unary ops that have no in-place form in PyTorch. */
export const NO_INPLACE = new Set<string>(['isnan', 'isinf', 'isfinite']);

export const BINARY_OPS = [
  'add', 'sub', 'mul', 'div', 'remainder', 'fmod', 'pow', 'atan2', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt',
  'ge', 'logicalAnd', 'logicalOr', 'logicalXor', 'bitwiseAnd', 'bitwiseOr', 'bitwiseXor', 'bitwiseLeftShift',
  'bitwiseRightShift',
] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

function codes<T extends string>(names: readonly T[], nativeNames: string[], kind: string): Record<T, number> {
  const index = indexOf<string>(nativeNames);
  const r = {} as Record<T, number>;
  for (const n of names) {
    const code = index[snake(n)];
    if (code === undefined) throw new Error(`@typetorch/th: the native addon has no ${kind} op '${snake(n)}' (stale build?)`);
    r[n] = code;
  }
  return r;
}

export const UNARY = codes(UNARY_OPS, native.unaryOps, 'unary');
export const BINARY = codes(BINARY_OPS, native.binaryOps, 'binary');
export const DIV_TRUNC = indexOf<string>(native.binaryOps)['div_trunc'];
export const DIV_FLOOR = indexOf<string>(native.binaryOps)['div_floor'];

/** Kinds of the native `ternary` entry point. */
export const TERNARY = { clamp: 0, lerp: 1, addcmul: 2, addcdiv: 3, where: 4 } as const;
