// Resizing by interpolation (F.interpolate) and its backward. The option handling (size or scale
// factors, recomputeScaleFactor, which mode needs which rank) is PyTorch's F.interpolate; the
// source indices, weights and their precision are libTHNN's (THNNUpsampling.h), which follows
// PyTorch 1.13's kernels.
import { Tensor } from '@typetorch/th';
import type { Handle } from '@typetorch/th';
import { native } from './native';
import { resultFor, tensorArg } from './args';

export interface UpsamplingNative {
  /** output = the input resized to [N, C, ...outputSize]; scales: the scale factors the indices use, or null */
  upsampling(mode: number, input: Handle, output: Handle, outputSize: number[], scales: number[] | null, alignCorners: boolean): void;
  /** gradInput (resized to inputSize) = the transpose of upsampling applied to gradOutput */
  upsamplingBackward(
    mode: number,
    gradOutput: Handle,
    gradInput: Handle,
    inputSize: number[],
    outputSize: number[],
    scales: number[] | null,
    alignCorners: boolean,
  ): void;
}

export type InterpolateMode = 'nearest' | 'nearest-exact' | 'linear' | 'bilinear' | 'bicubic' | 'trilinear' | 'area';

export interface InterpolateOptions {
  /** the output's spatial size: one number for every spatial dim, or one per dim */
  size?: number | number[];
  /** multiplier of the spatial size: one number, or one per spatial dim (exactly one of size and scaleFactor) */
  scaleFactor?: number | number[];
  /** default 'nearest' */
  mode?: InterpolateMode;
  /** linear, bilinear, bicubic and trilinear only (default false): -1 and 1 are the corner pixels' centers */
  alignCorners?: boolean;
  /** with scaleFactor: compute the indices from the sizes instead of the given factors (default false) */
  recomputeScaleFactor?: boolean;
}

// THNNUpsamplingMode, and the input rank a mode needs (null: 3, 4 or 5)
const MODES: Record<InterpolateMode, { code: number; rank: number | null }> = {
  nearest: { code: 0, rank: null },
  'nearest-exact': { code: 1, rank: null },
  linear: { code: 2, rank: 3 },
  bilinear: { code: 2, rank: 4 },
  trilinear: { code: 2, rank: 5 },
  bicubic: { code: 3, rank: 4 },
  area: { code: 4, rank: null },
};
const MODE_LIST = 'nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact';

interface Plan {
  mode: number;
  outputSize: number[];
  scales: number[] | null;
  alignCorners: boolean;
}

function listArg(op: string, what: string, v: number | number[], dims: number, integer: boolean, inShape: number[]): number[] {
  const list = Array.isArray(v) ? v : Array.from({ length: Math.max(dims, 0) }, () => v);
  for (const x of Array.isArray(v) ? v : [v])
    if (typeof x !== 'number' || (integer && !Number.isInteger(x)) || Number.isNaN(x))
      throw new TypeError(
        `${op}: expected ${what} to be ${integer ? 'an integer' : 'a number'} or an array of them, but got ${JSON.stringify(v)}`,
      );
  if (Array.isArray(v) && list.length !== dims) {
    const kind = integer ? 'output size' : 'scaleFactor';
    throw new Error(
      `${op}: Input and ${integer ? 'output' : 'scaleFactor'} must have the same number of spatial dimensions, but got input with ` +
        `spatial dimensions of [${inShape.slice(2).join(', ')}] and ${kind} of [${list.join(', ')}]. Please provide input tensor in ` +
        `(N, C, d1, d2, ...,dK) format and ${kind} in (o1, o2, ...,oK) format.`,
    );
  }
  return list;
}

/** PyTorch's F.interpolate argument handling, for an input of shape inShape. */
function plan(op: string, inShape: number[], options: InterpolateOptions | undefined): Plan {
  if (options === undefined || options === null || typeof options !== 'object')
    throw new TypeError(`${op}: expected options to be an object with size or scaleFactor`);
  const modeName = options.mode ?? 'nearest';
  const mode = Object.prototype.hasOwnProperty.call(MODES, modeName) ? MODES[modeName as InterpolateMode] : undefined;
  const align = options.alignCorners ?? null;
  if (align !== null && typeof align !== 'boolean') throw new TypeError(`${op}: expected alignCorners to be a boolean`);
  if (mode && (mode.code <= 1 || mode.code === 4) && align !== null)
    throw new Error(`${op}: alignCorners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear`);
  if ((options as { antialias?: unknown }).antialias) throw new Error(`${op}: antialias is not supported`);
  const dims = inShape.length - 2;
  const { size, scaleFactor } = options;
  const recompute = options.recomputeScaleFactor ?? false;
  if (typeof recompute !== 'boolean') throw new TypeError(`${op}: expected recomputeScaleFactor to be a boolean`);
  let outputSize: number[];
  let scales: number[] | null = null;
  if (size !== undefined && size !== null && scaleFactor !== undefined && scaleFactor !== null)
    throw new Error(`${op}: only one of size or scaleFactor should be defined`);
  if (size !== undefined && size !== null) {
    if (recompute) throw new Error(`${op}: recomputeScaleFactor is not meaningful with an explicit size.`);
    outputSize = listArg(op, 'size', size, dims, true, inShape);
  } else if (scaleFactor !== undefined && scaleFactor !== null) {
    const factors = listArg(op, 'scaleFactor', scaleFactor, dims, false, inShape);
    outputSize = factors.map((s, d) => Math.floor(inShape[2 + d] * s));
    // area always works from the sizes; otherwise the given factors drive the indices unless recomputed
    if (!recompute && modeName !== 'area') scales = factors;
  } else {
    throw new Error(`${op}: either size or scaleFactor should be defined`);
  }
  if (!mode || (mode.rank === null ? dims < 1 || dims > 3 : dims !== mode.rank - 2)) {
    if (mode && mode.rank !== null && mode.code !== 3 && dims >= 1 && dims <= 3)
      throw new Error(`${op}: Got ${dims + 2}D input, but ${modeName} mode needs ${mode.rank}D input`);
    throw new Error(
      `${op}: Input Error: Only 3D, 4D and 5D input Tensors supported (got ${dims + 2}D) for the modes: ${MODE_LIST} ` +
        `(got ${String(modeName)})`,
    );
  }
  return { mode: mode.code, outputSize, scales, alignCorners: align ?? false };
}

/**
 * F.interpolate: resizes the spatial dims of input ([N, C, L], [N, C, H, W] or [N, C, D, H, W]) to
 * `size`, or by `scaleFactor`, with `mode` (linear needs 3-d input, bilinear and bicubic 4-d,
 * trilinear 5-d; area is adaptive average pooling).
 */
export function interpolate(input: Tensor, options: InterpolateOptions): Tensor {
  const x = tensorArg('interpolate', 'input', input);
  const p = plan('interpolate', x.shape, options);
  const out = resultFor(x);
  native.upsampling(p.mode, x.handle, out.handle, p.outputSize, p.scales, p.alignCorners);
  return out;
}

/** The gradient of interpolate(input, options) with respect to an input of shape inputShape. */
export function interpolateBackward(gradOutput: Tensor, inputShape: readonly number[], options: InterpolateOptions): Tensor {
  const op = 'interpolateBackward';
  const g = tensorArg(op, 'gradOutput', gradOutput);
  if (!Array.isArray(inputShape) || !inputShape.every((s) => Number.isInteger(s) && s >= 0))
    throw new TypeError(`${op}: expected inputShape to be an array of non-negative integers`);
  const p = plan(op, [...inputShape], options);
  const gi = resultFor(g);
  native.upsamplingBackward(p.mode, g.handle, gi.handle, [...inputShape], p.outputSize, p.scales, p.alignCorners);
  return gi;
}
