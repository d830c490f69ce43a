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
  meta(h: Handle): [number, number[], number[], number, boolean, number];
  item(h: Handle): number;
  copyOut(h: Handle, dtype: number): ArrayBufferView;
  storageView(h: Handle): ArrayBuffer;
  dispose(h: Handle): void;
  isDisposed(h: Handle): boolean;
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

export const native: Native = load();

/** name -> index for a name list exported by the addon. */
export function indexOf<T extends string>(names: readonly string[]): Record<T, number> {
  const r: Record<string, number> = {};
  names.forEach((n, i) => (r[n] = i));
  return r as Record<T, number>;
}

export const VIEW = indexOf<string>(native.viewKinds);
