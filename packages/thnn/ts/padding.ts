// Padding (F.pad) and its backward: libTHNN's kernels (THNNPadding.h) for every mode.
import { Tensor } from '@typetorch/th';
import type { Handle } from '@typetorch/th';
import { native } from './native';
import { resultFor, tensorArg } from './args';

export interface PaddingNative {
  /** output = input padded by pad (F.pad's list); value fills the constant mode */
  padding(mode: number, input: Handle, output: Handle, pad: number[], value: number): void;
  /** gradInput (resized to the output's shape minus the padding) = the gradient of padding */
  paddingBackward(mode: number, gradOutput: Handle, gradInput: Handle, pad: number[]): void;
}

export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

export interface PadOptions {
  /** default 'constant' */
  mode?: PadMode;
  /** the constant mode's fill value (default 0); other modes take none */
  value?: number;
}

// THNNPaddingMode
const MODES: Record<PadMode, number> = { constant: 0, reflect: 1, replicate: 2, circular: 3 };

function padArgs(op: string, x: Tensor, pad: unknown, options: PadOptions | undefined): [number, number[], number] {
  if (!Array.isArray(pad) || !pad.every((p) => Number.isInteger(p)))
    throw new TypeError(`${op}: expected pad to be an array of integers, but got ${JSON.stringify(pad)}`);
  if (options !== undefined && (options === null || typeof options !== 'object'))
    throw new TypeError(`${op}: expected options to be an object`);
  const mode = options?.mode ?? 'constant';
  const value = options?.value ?? 0;
  if (typeof value !== 'number') throw new TypeError(`${op}: expected value to be a number, but got ${typeof value}`);
  if (pad.length % 2 !== 0) throw new Error(`${op}: Padding length must be divisible by 2`);
  if (pad.length > 2 * x.ndim) throw new Error(`${op}: Padding length too large`);
  if (!Object.prototype.hasOwnProperty.call(MODES, mode)) throw new Error(`${op}: Unrecognised padding mode ${String(mode)}`);
  return [MODES[mode], pad, value];
}

/**
 * F.pad: pads the last pad.length / 2 dims of input by pad = [left, right] of the last dim, then
 * of the one before, ... (negative values crop). 'reflect' and 'replicate' pad 1 to 3 dims of a
 * (batched) input, 'circular' the spatial dims of an [N, C, ...] input.
 */
export function pad(input: Tensor, pad: readonly number[], options?: PadOptions): Tensor {
  const x = tensorArg('pad', 'input', input);
  const [mode, p, value] = padArgs('pad', x, pad, options);
  const out = resultFor(x);
  native.padding(mode, x.handle, out.handle, p, value);
  return out;
}

/** The gradient of pad(input, pad, options) with respect to input (whose shape is gradOutput's minus the padding). */
export function padBackward(gradOutput: Tensor, pad: readonly number[], options?: PadOptions): Tensor {
  const g = tensorArg('padBackward', 'gradOutput', gradOutput);
  const [mode, p] = padArgs('padBackward', g, pad, options);
  const gi = resultFor(g);
  native.paddingBackward(mode, g.handle, gi.handle, p);
  return gi;
}
