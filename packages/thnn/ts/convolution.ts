// Convolutions (conv1d/2d/3d), transposed convolutions (convTranspose1d/2d/3d), fold and unfold,
// with their backward functions. Options take numbers or per-dim arrays as PyTorch does; the
// im2col work buffer is kept per dtype here and passed to every call, so that steady-state calls
// allocate no column buffer.
import { Tensor, empty, zeros } from '@typetorch/th';
import type { DType, Handle } from '@typetorch/th';
import { native } from './native';
import { isInt, optionsArg, resultFor, tensorArg } from './args';

export interface ConvolutionNative {
  /** output = conv(input, weight) + bias; third is paddingEnd (conv) or outputPadding (transposed) */
  conv(transposed: boolean, input: Handle, output: Handle, weight: Handle, bias: Handle | null, columns: Handle,
    stride: number[], padding: number[], third: number[], dilation: number[], groups: number): void;
  /** gradInput (resized) = d(sum(output * gradOutput)) / d(input) */
  convBackwardInput(transposed: boolean, input: Handle, gradOutput: Handle, gradInput: Handle, weight: Handle,
    columns: Handle, stride: number[], padding: number[], third: number[], dilation: number[], groups: number): void;
  /** gradWeight += scale * dL/dweight, gradBias (if given) += scale * dL/dbias */
  convBackwardParams(transposed: boolean, input: Handle, gradOutput: Handle, gradWeight: Handle, gradBias: Handle | null,
    columns: Handle, stride: number[], padding: number[], third: number[], dilation: number[], groups: number,
    scale: number): void;
  unfold(input: Handle, output: Handle, kernelSize: number[], dilation: number[], padding: number[], stride: number[]): void;
  unfoldBackward(gradOutput: Handle, gradInput: Handle, inputSize: number[], kernelSize: number[], dilation: number[],
    padding: number[], stride: number[]): void;
  fold(input: Handle, output: Handle, outputSize: number[], kernelSize: number[], dilation: number[], padding: number[],
    stride: number[]): void;
  foldBackward(gradOutput: Handle, gradInput: Handle, kernelSize: number[], dilation: number[], padding: number[],
    stride: number[]): void;
}

/** A size per spatial dim: one number for all of them, or one per dim. */
export type SpatialArg = number | readonly number[];

export interface ConvOptions {
  /** default 1 */
  stride?: SpatialArg;
  /** zero padding on both sides of each spatial dim (default 0); 'valid' is 0; 'same' keeps the
   * input's size (stride 1 only), padding an odd total one more at the end */
  padding?: SpatialArg | 'same' | 'valid';
  /** default 1 */
  dilation?: SpatialArg;
  /** default 1 */
  groups?: number;
}
export interface ConvTransposeOptions {
  /** default 1 */
  stride?: SpatialArg;
  /** removes dilation * (kernelSize - 1) - padding from both sides of the output (default 0) */
  padding?: SpatialArg;
  /** extra size on one side of the output (default 0; smaller than stride or dilation) */
  outputPadding?: SpatialArg;
  /** default 1 */
  groups?: number;
  /** default 1 */
  dilation?: SpatialArg;
}
/** Which gradients to compute: [input, weight, bias] (default all); the others are null. The bias
 * gradient comes with the weight's (libTHNN computes them in one pass), so asking for it alone
 * costs a weight gradient too. */
export type OutputMask = readonly [boolean, boolean, boolean];
export interface ConvBackwardOptions extends ConvOptions {
  outputMask?: OutputMask;
}
export interface ConvTransposeBackwardOptions extends ConvTransposeOptions {
  outputMask?: OutputMask;
}
export interface ConvGradients {
  gradInput: Tensor | null;
  gradWeight: Tensor | null;
  gradBias: Tensor | null;
}
export interface FoldOptions {
  /** default 1 */
  dilation?: SpatialArg;
  /** default 0 */
  padding?: SpatialArg;
  /** default 1 */
  stride?: SpatialArg;
}

// ---- the column buffer: one per dtype, grown by libTHNN when too small ----

const columnBuffers = new Map<DType, Tensor>();

function columnsFor(dtype: DType): Handle {
  let c = columnBuffers.get(dtype);
  if (!c) {
    c = empty([0], { dtype });
    columnBuffers.set(dtype, c);
  }
  return c.handle;
}

/** Frees the im2col buffers kept between convolution calls (the next call allocates again). */
export function releaseConvolutionBuffers(): void {
  for (const c of columnBuffers.values()) c.dispose();
  columnBuffers.clear();
}

// ---- arguments ----

/** n entries from a number or an array (of n entries, or of 1 repeated), as PyTorch expands them. */
function spatialArg(op: string, what: string, v: unknown, n: number, dflt: number): number[] {
  if (v === undefined) return new Array<number>(n).fill(dflt);
  if (isInt(v)) return new Array<number>(n).fill(v);
  if (!Array.isArray(v) || !v.every(isInt)) throw new TypeError(`${op}: expected ${what} to be an integer or an array of integers`);
  if (v.length === 1) return new Array<number>(n).fill(v[0]);
  if (v.length !== n)
    throw new RangeError(`${op}: expected ${what} to be a single integer value or a list of ${n} values to match the ` +
      `convolution dimensions, but got ${what}=[${v.join(', ')}]`);
  return [...v];
}

/** A fold/unfold size: a number or exactly 2 entries. */
function pairArg(op: string, what: string, v: unknown, dflt?: number): number[] {
  if (v === undefined && dflt !== undefined) return [dflt, dflt];
  if (isInt(v)) return [v, v];
  if (!Array.isArray(v) || !v.every(isInt)) throw new TypeError(`${op}: expected ${what} to be an integer or an array of integers`);
  if (v.length !== 2) throw new RangeError(`${op}: It is expected ${what} equals to 2, but got size ${v.length}`);
  return [...v];
}

function groupsArg(op: string, v: unknown): number {
  if (v === undefined) return 1;
  if (!isInt(v)) throw new TypeError(`${op}: expected groups to be an integer`);
  return v;
}

/** The padding before and after each spatial dim. */
function convPadding(op: string, v: unknown, weight: Tensor, stride: number[], dilation: number[]): [number[], number[]] {
  const n = stride.length;
  if (v === 'valid') return [new Array<number>(n).fill(0), new Array<number>(n).fill(0)];
  if (v === 'same') {
    if (stride.some((s) => s !== 1)) throw new Error(`${op}: padding='same' is not supported for strided convolutions`);
    // a weight of the wrong rank is reported by libTHNN; its kernel counts as 1 here
    const total = dilation.map((d, i) => d * ((weight.ndim === n + 2 ? weight.shape[2 + i] : 1) - 1));
    const before = total.map((t) => Math.floor(t / 2));
    return [before, total.map((t, i) => t - before[i])];
  }
  if (typeof v === 'string') throw new RangeError(`${op}: Invalid padding string: '${v}'`);
  const p = spatialArg(op, 'padding', v, n, 0);
  return [p, p];
}

// ---- convolutions ----

interface ConvGeometry {
  stride: number[];
  padding: number[];
  third: number[]; // paddingEnd (convolution) or outputPadding (transposed)
  dilation: number[];
  groups: number;
}

function convGeometry(op: string, n: number, weight: Tensor, options: ConvOptions | undefined): ConvGeometry {
  const o = optionsArg(op, options);
  const stride = spatialArg(op, 'stride', o.stride, n, 1);
  const dilation = spatialArg(op, 'dilation', o.dilation, n, 1);
  const [padding, third] = convPadding(op, o.padding, weight, stride, dilation);
  return { stride, padding, third, dilation, groups: groupsArg(op, o.groups) };
}

function convTransposeGeometry(op: string, n: number, options: ConvTransposeOptions | undefined): ConvGeometry {
  const o = optionsArg(op, options);
  return {
    stride: spatialArg(op, 'stride', o.stride, n, 1),
    padding: spatialArg(op, 'padding', o.padding, n, 0),
    third: spatialArg(op, 'outputPadding', o.outputPadding, n, 0),
    dilation: spatialArg(op, 'dilation', o.dilation, n, 1),
    groups: groupsArg(op, o.groups),
  };
}

function convForward(op: string, transposed: boolean, x: unknown, w: unknown, b: unknown, g: (weight: Tensor) => ConvGeometry): Tensor {
  const input = tensorArg(op, 'input', x);
  const weight = tensorArg(op, 'weight', w);
  const bias = b === undefined || b === null ? null : tensorArg(op, 'bias', b);
  const geo = g(weight);
  const out = resultFor(input);
  native.conv(transposed, input.handle, out.handle, weight.handle, bias ? bias.handle : null, columnsFor(input.dtype),
    geo.stride, geo.padding, geo.third, geo.dilation, geo.groups);
  return out;
}

function maskArg(op: string, v: unknown): OutputMask {
  if (v === undefined) return [true, true, true];
  if (!Array.isArray(v) || v.length !== 3 || !v.every((e) => typeof e === 'boolean'))
    throw new TypeError(`${op}: expected outputMask to be an array of 3 booleans`);
  return v as unknown as OutputMask;
}

function convBackward(op: string, transposed: boolean, gy: unknown, x: unknown, w: unknown, mask: OutputMask,
  geo: ConvGeometry): ConvGradients {
  const gradOutput = tensorArg(op, 'gradOutput', gy);
  const input = tensorArg(op, 'input', x);
  const weight = tensorArg(op, 'weight', w);
  const columns = columnsFor(input.dtype);
  const args = [geo.stride, geo.padding, geo.third, geo.dilation, geo.groups] as const;
  let gradInput: Tensor | null = null;
  if (mask[0]) {
    gradInput = resultFor(input);
    native.convBackwardInput(transposed, input.handle, gradOutput.handle, gradInput.handle, weight.handle, columns, ...args);
  }
  let gradWeight: Tensor | null = null;
  let gradBias: Tensor | null = null;
  if (mask[1] || mask[2]) {
    // libTHNN accumulates the parameter gradients; the bias has one entry per output channel
    const outChannels = transposed ? (weight.shape[1] ?? 0) * geo.groups : (weight.shape[0] ?? 0);
    gradWeight = zeros(weight.shape, { dtype: weight.dtype });
    gradBias = mask[2] ? zeros([outChannels], { dtype: weight.dtype }) : null;
    native.convBackwardParams(transposed, input.handle, gradOutput.handle, gradWeight.handle,
      gradBias ? gradBias.handle : null, columns, ...args, 1);
    if (!mask[1]) {
      gradWeight.dispose();
      gradWeight = null;
    }
  }
  return { gradInput, gradWeight, gradBias };
}

const makeConv = (n: number) => (input: Tensor, weight: Tensor, bias?: Tensor | null, options?: ConvOptions): Tensor => {
  const op = `conv${n}d`;
  return convForward(op, false, input, weight, bias, (w) => convGeometry(op, n, w, options));
};
const makeConvBackward = (n: number) =>
  (gradOutput: Tensor, input: Tensor, weight: Tensor, options?: ConvBackwardOptions): ConvGradients => {
    const op = `conv${n}dBackward`;
    const w = tensorArg(op, 'weight', weight);
    const o = optionsArg(op, options);
    return convBackward(op, false, gradOutput, input, w, maskArg(op, o.outputMask), convGeometry(op, n, w, o));
  };
const makeConvTranspose = (n: number) =>
  (input: Tensor, weight: Tensor, bias?: Tensor | null, options?: ConvTransposeOptions): Tensor => {
    const op = `convTranspose${n}d`;
    return convForward(op, true, input, weight, bias, () => convTransposeGeometry(op, n, options));
  };
const makeConvTransposeBackward = (n: number) =>
  (gradOutput: Tensor, input: Tensor, weight: Tensor, options?: ConvTransposeBackwardOptions): ConvGradients => {
    const op = `convTranspose${n}dBackward`;
    const o = optionsArg(op, options);
    return convBackward(op, true, gradOutput, input, weight, maskArg(op, o.outputMask), convTransposeGeometry(op, n, o));
  };

/** 1-D convolution: input [N, Cin, L] (or [Cin, L]), weight [Cout, Cin / groups, k], bias [Cout]. */
export const conv1d = makeConv(1);
/** 2-D convolution: input [N, Cin, H, W] (or [Cin, H, W]), weight [Cout, Cin / groups, kH, kW], bias [Cout]. */
export const conv2d = makeConv(2);
/** 3-D convolution: input [N, Cin, D, H, W] (or unbatched), weight [Cout, Cin / groups, kD, kH, kW], bias [Cout]. */
export const conv3d = makeConv(3);
/** Gradients of conv1d given the gradient of its output. */
export const conv1dBackward = makeConvBackward(1);
/** Gradients of conv2d given the gradient of its output. */
export const conv2dBackward = makeConvBackward(2);
/** Gradients of conv3d given the gradient of its output. */
export const conv3dBackward = makeConvBackward(3);
/** 1-D transposed convolution: input [N, Cin, L], weight [Cin, Cout / groups, k], bias [Cout]. */
export const convTranspose1d = makeConvTranspose(1);
/** 2-D transposed convolution: input [N, Cin, H, W], weight [Cin, Cout / groups, kH, kW], bias [Cout]. */
export const convTranspose2d = makeConvTranspose(2);
/** 3-D transposed convolution: input [N, Cin, D, H, W], weight [Cin, Cout / groups, kD, kH, kW], bias [Cout]. */
export const convTranspose3d = makeConvTranspose(3);
/** Gradients of convTranspose1d given the gradient of its output. */
export const convTranspose1dBackward = makeConvTransposeBackward(1);
/** Gradients of convTranspose2d given the gradient of its output. */
export const convTranspose2dBackward = makeConvTransposeBackward(2);
/** Gradients of convTranspose3d given the gradient of its output. */
export const convTranspose3dBackward = makeConvTransposeBackward(3);

// ---- fold / unfold ----

function foldParams(op: string, kernelSize: unknown, options: FoldOptions | undefined): number[][] {
  const o = optionsArg(op, options);
  return [
    pairArg(op, 'kernel_size', kernelSize),
    pairArg(op, 'dilation', o.dilation, 1),
    pairArg(op, 'padding', o.padding, 0),
    pairArg(op, 'stride', o.stride, 1),
  ];
}

/** Sliding blocks of an image: input [N, C, H, W] (or [C, H, W]) -> [N, C * kH * kW, L]. */
export function unfold(input: Tensor, kernelSize: SpatialArg, options?: FoldOptions): Tensor {
  const x = tensorArg('unfold', 'input', input);
  const [k, d, p, s] = foldParams('unfold', kernelSize, options);
  const out = resultFor(x);
  native.unfold(x.handle, out.handle, k, d, p, s);
  return out;
}

/** Gradient of unfold: sums gradOutput's blocks back into an image of spatial size inputSize. */
export function unfoldBackward(gradOutput: Tensor, inputSize: SpatialArg, kernelSize: SpatialArg, options?: FoldOptions): Tensor {
  const g = tensorArg('unfoldBackward', 'gradOutput', gradOutput);
  const size = pairArg('unfoldBackward', 'input_size', inputSize);
  const [k, d, p, s] = foldParams('unfoldBackward', kernelSize, options);
  const gi = resultFor(g);
  native.unfoldBackward(g.handle, gi.handle, size, k, d, p, s);
  return gi;
}

/** Sums sliding blocks into an image: input [N, C * kH * kW, L] (or unbatched) -> [N, C, outputSize...]. */
export function fold(input: Tensor, outputSize: SpatialArg, kernelSize: SpatialArg, options?: FoldOptions): Tensor {
  const x = tensorArg('fold', 'input', input);
  const size = pairArg('fold', 'output_size', outputSize);
  const [k, d, p, s] = foldParams('fold', kernelSize, options);
  const out = resultFor(x);
  native.fold(x.handle, out.handle, size, k, d, p, s);
  return out;
}

/** Gradient of fold: the blocks of gradOutput. */
export function foldBackward(gradOutput: Tensor, kernelSize: SpatialArg, options?: FoldOptions): Tensor {
  const g = tensorArg('foldBackward', 'gradOutput', gradOutput);
  const [k, d, p, s] = foldParams('foldBackward', kernelSize, options);
  const gi = resultFor(g);
  native.foldBackward(g.handle, gi.handle, k, d, p, s);
  return gi;
}
