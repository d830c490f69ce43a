// dtypes as strings (PyTorch's names), their native codes and TypedArray types.
import { native } from './native';

export type DType = 'bool' | 'uint8' | 'int8' | 'int16' | 'int32' | 'int64' | 'float16' | 'bfloat16' | 'float32' | 'float64';

export const bool: DType = 'bool';
export const uint8: DType = 'uint8';
export const int8: DType = 'int8';
export const int16: DType = 'int16';
export const int32: DType = 'int32';
export const int64: DType = 'int64';
export const float16: DType = 'float16';
export const half: DType = 'float16';
export const bfloat16: DType = 'bfloat16';
export const float32: DType = 'float32';
export const float: DType = 'float32';
export const float64: DType = 'float64';
export const double: DType = 'float64';
export const long: DType = 'int64';

const codes = new Map<string, number>(native.dtypes.map((n, i) => [n, i]));

/** The native code of a dtype; throws a clear error for anything else. */
export function dtypeCode(d: unknown): number {
  const c = typeof d === 'string' ? codes.get(d) : undefined;
  if (c === undefined) throw new TypeError(`invalid dtype ${JSON.stringify(d)} (expected one of ${native.dtypes.join(', ')})`);
  return c;
}

export function dtypeName(code: number): DType {
  return native.dtypes[code] as DType;
}

export function isFloating(d: DType): boolean {
  return d === 'float16' || d === 'bfloat16' || d === 'float32' || d === 'float64';
}

export type AnyTypedArray =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint16Array
  | Float32Array
  | Float64Array;

const ARRAY_DTYPES: Record<string, DType> = {
  Float32Array: 'float32',
  Float64Array: 'float64',
  Int32Array: 'int32',
  BigInt64Array: 'int64',
  Int16Array: 'int16',
  Int8Array: 'int8',
  Uint8Array: 'uint8',
  Uint8ClampedArray: 'uint8',
};

/** The dtype a TypedArray's elements are, for fromTypedArray (by tag, so arrays from any realm work). */
export function dtypeOfArray(a: ArrayBufferView): DType {
  const tag = Object.prototype.toString.call(a).slice(8, -1);
  const d = ARRAY_DTYPES[tag];
  if (d === undefined)
    throw new TypeError(`fromTypedArray: unsupported array type ${tag}; pass { dtype } for a Uint16Array of float16/bfloat16 bits`);
  return d;
}

/** The dtype toTypedArray returns for a tensor of dtype d (half types come back as float32). */
export function arrayDtype(d: DType): DType {
  return d === 'float16' || d === 'bfloat16' ? 'float32' : d;
}
