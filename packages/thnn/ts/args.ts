// Argument checks and result allocation shared by the wrappers: TypeErrors in PyTorch's words,
// before anything reaches native code.
import { Tensor, empty } from '@typetorch/th';

export function tensorArg(op: string, what: string, v: unknown): Tensor {
  if (!(v instanceof Tensor)) throw new TypeError(`${op}: expected ${what} to be a Tensor`);
  return v;
}

export function numberArg(op: string, what: string, v: unknown): number {
  if (typeof v !== 'number') throw new TypeError(`${op}: expected ${what} to be a number, but got ${typeof v}`);
  return v;
}

/** A number option (undefined: dflt). */
export function numberOption(op: string, what: string, v: unknown, dflt: number): number {
  return v === undefined ? dflt : numberArg(op, what, v);
}

/** A fresh result for x (libTHNN resizes it; it must have x's dtype). */
export const resultFor = (x: Tensor): Tensor => empty([0], { dtype: x.dtype });

/** Optional numbers from an options object, in order (defaults come from libTHNN). */
export function opts(op: string, o: object | undefined, keys: readonly string[], defaults: readonly number[]): number[] | null {
  if (o === undefined || o === null) return null;
  if (typeof o !== 'object') throw new TypeError(`${op}: expected options to be an object`);
  const rec = o as Record<string, unknown>;
  return keys.map((k, i) => (rec[k] === undefined ? defaults[i] : numberArg(op, k, rec[k])));
}


/** A tensor, or null for null/undefined (an optional weight, bias, ...). */
export function optionalTensorArg(op: string, what: string, v: unknown): Tensor | null {
  return v === undefined || v === null ? null : tensorArg(op, what, v);
}

export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** A value as an error message shows it: arrays and objects as JSON, numbers as they are, else the type. */
export const show = (v: unknown): string =>
  typeof v === 'object' && v !== null ? JSON.stringify(v) : typeof v === 'number' ? String(v) : typeof v;

/** n integers from a number or an array of 1 or n integers (PyTorch's _single/_pair/_triple). */
export function perDim(op: string, what: string, v: unknown, n: number): number[] {
  if (isInt(v)) return new Array<number>(n).fill(v);
  if (Array.isArray(v) && (v.length === n || v.length === 1) && v.every(isInt))
    return v.length === n ? [...v] : new Array<number>(n).fill(v[0]);
  const ints = n > 1 ? 'integers' : 'integer';
  throw new TypeError(`${op}: expected ${what} to be an integer or an array of ${n} ${ints}, but got ${show(v)}`);
}

/** A boolean option (undefined: dflt). */
export function booleanArg(op: string, what: string, v: unknown, dflt = false): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new TypeError(`${op}: expected ${what} to be a boolean, but got ${show(v)}`);
  return v;
}

/** An options object (undefined/null: {}). */
export function optionsArg<T extends object>(op: string, o: T | undefined | null): Partial<T> {
  if (o === undefined || o === null) return {};
  if (typeof o !== 'object') throw new TypeError(`${op}: expected options to be an object, but got ${typeof o}`);
  return o;
}
