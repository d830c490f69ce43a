// The native addon (build/Release/th.node) and the shape of what it exports.
import * as path from 'path';

/** An opaque, type-tagged handle owning one reference to a native THTensor. */
export type Handle = { readonly __thHandle: unique symbol };
type Operand = Handle | number | boolean;

export interface Native {
  empty(dtype: number, shape: number[]): Handle;
  fromBuffer(data: ArrayBufferView, dtype: number, shape: number[]): Handle;
  full(dtype: number, shape: number[], value: number): Handle;
  range(kind: number, dtype: number, a: number, b: number, c: number | null, d: number | null, out: Handle | null): Handle;
  /** writes [dtype, ndim, offset, isContiguous, version, sizes..., strides...] into metaBuffer */
  metaInto(h: Handle): void;
  item(h: Handle): number;
  copyOut(h: Handle, dtype: number): ArrayBufferView;
  storageView(h: Handle): ArrayBuffer;
  dispose(h: Handle): void;
  isDisposed(h: Handle): boolean;
  storageUseCount(h: Handle): number;
  view(kind: number, h: Handle, ...args: (number | number[] | null | undefined)[]): Handle;
  slice(h: Handle, dim: number, start: number | null, end: number | null, step: number): Handle;
  to(h: Handle, dtype: number, copy: boolean): Handle;
  copy(dst: Handle, src: Handle): Handle;
  fill(h: Handle, value: number): Handle;
  unary(op: number, a: Handle, out: Handle | null): Handle;
  binary(op: number, a: Operand, b: Operand, out: Handle | null, alpha?: number): Handle;
  ternary(kind: number, a: Operand, b: Operand | null, c: Operand | null, out: Handle | null, value?: number): Handle;
  nanToNum(a: Handle, nan: number | null, posinf: number | null, neginf: number | null, out: Handle | null): Handle;
  resultType(...operands: Operand[]): number;
  setNumThreads(n: number): void;
  getNumThreads(): number;
  memoryStats(): [number, number, number, number];
  emptyCache(): void;
  /** Int32Array view: nonzero while a native error is parked (see guard below). */
  errorState: ArrayBuffer;
  /** Float64Array storage that metaInto fills */
  metaBuffer: ArrayBuffer;
  takeError(): Error;
  dtypes: string[];
  unaryOps: string[];
  binaryOps: string[];
  viewKinds: string[];
  version: string;
}

function load(): Native {
  // ts/ (tests) and dist/ (built) are both one level below the package root. TYPETORCH_TH_ADDON
  // names another build of the addon (the tests of the no-BLAS build use it).
  const file = process.env.TYPETORCH_TH_ADDON || path.join(__dirname, '..', 'build', 'Release', 'th.node');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as Native;
  } catch (e) {
    throw new Error(
      `@typetorch/th: could not load the native addon at ${file} (${(e as Error).message}). ` +
        'Build it with `npm run build:native -w @typetorch/th` (needs CMake and a C compiler).',
    );
  }
}

/** What every TypeTorch addon exports for its parked errors (binding/handle.h). */
export interface ParkedErrors {
  /** Int32Array view: nonzero while a native error is parked */
  errorState: ArrayBuffer;
  takeError(): Error;
}

/**
 * @internal An addon's functions, each followed by a check for a parked error. Native code never
 * leaves a JS exception pending (binding/handle.h says why): it parks the error, and this throws
 * it from the caller's frame. The other native layers (thnn, ...) guard their addons with it too.
 */
export function guardAddon<T extends ParkedErrors>(raw: T): T {
  const pending = new Int32Array(raw.errorState);
  const take = raw.takeError;
  const guarded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'function' || name === 'takeError') {
      guarded[name] = value;
      continue;
    }
    const fn = value as (...args: unknown[]) => unknown;
    guarded[name] = (...args: unknown[]): unknown => {
      const r = fn(...args);
      if (pending[0] !== 0) throw take();
      return r;
    };
  }
  return guarded as unknown as T;
}

export const native: Native = guardAddon(load());

/** name -> index for a name list exported by the addon. */
export function indexOf<T extends string>(names: readonly string[]): Record<T, number> {
  const r: Record<string, number> = {};
  names.forEach((n, i) => (r[n] = i));
  return r as Record<T, number>;
}

export const VIEW = indexOf<string>(native.viewKinds);
