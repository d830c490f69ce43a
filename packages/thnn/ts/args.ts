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

/** A boolean option (undefined: false). */
export function booleanArg(op: string, what: string, v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new TypeError(`${op}: expected ${what} to be a boolean, but got ${typeof v}`);
  return v;
}

/** An options object (undefined/null: {}). */
export function optionsArg<T extends object>(op: string, o: T | undefined | null): Partial<T> {
  if (o === undefined || o === null) return {};
  if (typeof o !== 'object') throw new TypeError(`${op}: expected options to be an object`);
  return o;
}
