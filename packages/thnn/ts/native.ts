// The native addon (build/Release/thnn.node) and the shape of what it exports.
// @typetorch/th is loaded first: thnn.node and libTHNN then find the libTH that th.node already
// loaded (their RUNPATH points at th/build/Release), so the process holds one libTH.
import '@typetorch/th';
import type { Handle } from '@typetorch/th';
import * as path from 'path';

export interface Native {
  /** output = f(input); output is resized */
  activation(kind: number, input: Handle, output: Handle, params: number[] | null): void;
  /** gradInput = gradOutput * f'(input); gradInput is resized */
  activationBackward(kind: number, input: Handle, gradOutput: Handle, gradInput: Handle, params: number[] | null): void;
  softmax(log: boolean, input: Handle, output: Handle, dim: number): void;
  softmaxBackward(log: boolean, gradOutput: Handle, output: Handle, gradInput: Handle, dim: number): void;
  /** the activation kinds, in libTHNN's order (THNN_FOR_EACH_ACTIVATION) */
  activationNames: string[];
  version: string;
  /** Int32Array view: nonzero while a native error is parked (see guard below). */
  errorState: ArrayBuffer;
  takeError(): Error;
}

function load(): Native {
  // ts/ (tests) and dist/ (built) are both one level below the package root.
  const file = process.env.TYPETORCH_THNN_ADDON || path.join(__dirname, '..', 'build', 'Release', 'thnn.node');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as Native;
  } catch (e) {
    throw new Error(
      `@typetorch/thnn: could not load the native addon at ${file} (${(e as Error).message}). ` +
        'Build it with `npm run build:native -w @typetorch/thnn` after @typetorch/th (needs CMake and a C compiler).',
    );
  }
}

/**
 * The addon's functions, each followed by a check for a parked error: as in @typetorch/th
 * (packages/th/binding/handle.h), native code never leaves a JS exception pending; it parks the
 * error in this addon's own slot, and this throws it from the caller's frame.
 */
function guard(raw: Native): Native {
  const pending = new Int32Array(raw.errorState);
  const guarded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'function' || name === 'takeError') {
      guarded[name] = value;
      continue;
    }
    const fn = value as (...args: unknown[]) => unknown;
    guarded[name] = (...args: unknown[]): unknown => {
      const r = fn(...args);
      if (pending[0] !== 0) throw raw.takeError();
      return r;
    };
  }
  return guarded as unknown as Native;
}

export const native: Native = guard(load());
