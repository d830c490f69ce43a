// Pooling over 1, 2 or 3 spatial dims, as torch.nn.functional names it: max, average, adaptive,
// LP, fractional max pooling and max unpooling, each with its backward. Inputs are [C, *spatial] or
// [N, C, *spatial]. Per-dim arguments are a number (every dim) or an array of one per dim. The
// 1-d, 2-d and 3-d functions are made by the same factories from nDims.
import { Tensor, empty, rand } from '@typetorch/th';
import type { Generator, Handle } from '@typetorch/th';
import { native } from './native';
import { booleanArg, isInt, optionsArg, perDim, resultFor, show, tensorArg } from './args';

type H = Handle;
export interface PoolingNative {
  maxPool(nDims: number, input: H, output: H, indices: H | null, kernel: number[], stride: number[], padding: number[],
    dilation: number[], ceilMode: boolean): void;
  maxPoolBackward(nDims: number, input: H, gradOutput: H, gradInput: H, indices: H, kernel: number[], stride: number[],
    padding: number[], dilation: number[], ceilMode: boolean): void;
  avgPool(nDims: number, input: H, output: H, kernel: number[], stride: number[], padding: number[], ceilMode: boolean,
    countIncludePad: boolean, divisorOverride: number | null): void;
  avgPoolBackward(nDims: number, input: H, gradOutput: H, gradInput: H, kernel: number[], stride: number[],
    padding: number[], ceilMode: boolean, countIncludePad: boolean, divisorOverride: number | null): void;
  adaptiveAvgPool(nDims: number, input: H, output: H, outputSize: number[]): void;
  adaptiveAvgPoolBackward(nDims: number, input: H, gradOutput: H, gradInput: H): void;
  adaptiveMaxPool(nDims: number, input: H, output: H, indices: H | null, outputSize: number[]): void;
  adaptiveMaxPoolBackward(nDims: number, input: H, gradOutput: H, gradInput: H, indices: H): void;
  fractionalMaxPool(nDims: number, input: H, output: H, indices: H | null, kernel: number[], outputSize: number[],
    randomSamples: H): void;
  fractionalMaxPoolBackward(nDims: number, input: H, gradOutput: H, gradInput: H, indices: H): void;
  maxUnpool(nDims: number, input: H, indices: H, output: H, outputSize: number[]): void;
  maxUnpoolBackward(nDims: number, indices: H, gradOutput: H, gradInput: H): void;
}

/** A size for every spatial dim, or one per dim. */
export type IntOrInts = number | readonly number[];
/** The output and, for the backward pass, where each maximum came from (int64, flat per plane). */
export interface PoolWithIndices {
  output: Tensor;
  indices: Tensor;
}
type NDims = 1 | 2 | 3;

// ---- argument checks (TypeErrors in PyTorch's words; shapes and values are checked in C) ----

const newIndices = (): Tensor => empty([0], { dtype: 'int64' });

/** The input's spatial size along op dim j, or 1 when its rank is wrong (C then reports the rank). */
function spatialSize(x: Tensor, n: number, j: number): number {
  return x.ndim === n + 1 || x.ndim === n + 2 ? x.shape[x.ndim - n + j] : 1;
}

// ---- max pooling ----

export interface MaxPoolOptions {
  /** default: kernelSize */
  stride?: IntOrInts | null;
  /** implicit -inf padding on both sides, at most kernelSize / 2 (default 0) */
  padding?: IntOrInts;
  /** spacing between window elements (default 1) */
  dilation?: IntOrInts;
  /** ceil instead of floor in the output size (default false) */
  ceilMode?: boolean;
  /** also return the indices of the maxima (default false) */
  returnIndices?: boolean;
}

interface Sliding {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  ceilMode: boolean;
}

function sliding(op: string, n: number, kernelSize: unknown, o: Partial<MaxPoolOptions>): Sliding {
  const kernel = perDim(op, 'kernelSize', kernelSize, n);
  const noStride = o.stride === undefined || o.stride === null || (Array.isArray(o.stride) && o.stride.length === 0);
  return {
    kernel,
    stride: noStride ? kernel : perDim(op, 'stride', o.stride, n),
    padding: perDim(op, 'padding', o.padding ?? 0, n),
    dilation: perDim(op, 'dilation', o.dilation ?? 1, n),
    ceilMode: booleanArg(op, 'ceilMode', o.ceilMode, false),
  };
}

/** maxPool1d / 2d / 3d: a tensor, or { output, indices } with returnIndices: true. */
export interface MaxPoolFn {
  (input: Tensor, kernelSize: IntOrInts, options: MaxPoolOptions & { returnIndices: true }): PoolWithIndices;
  (input: Tensor, kernelSize: IntOrInts, options?: MaxPoolOptions & { returnIndices?: false }): Tensor;
  (input: Tensor, kernelSize: IntOrInts, options?: MaxPoolOptions): Tensor | PoolWithIndices;
}
/** Gradient of max pooling with respect to its input, from the forward's indices. */
export type MaxPoolBackwardFn = (gradOutput: Tensor, input: Tensor, indices: Tensor, kernelSize: IntOrInts,
  options?: MaxPoolOptions) => Tensor;

function makeMaxPool(n: NDims): MaxPoolFn {
  const op = `maxPool${n}d`;
  return ((x: unknown, kernelSize: IntOrInts, options?: MaxPoolOptions) => {
    const input = tensorArg(op, 'input', x);
    const o = optionsArg(op, options);
    const g = sliding(op, n, kernelSize, o);
    const output = resultFor(input);
    const indices = booleanArg(op, 'returnIndices', o.returnIndices, false) ? newIndices() : null;
    native.maxPool(n, input.handle, output.handle, indices ? indices.handle : null, g.kernel, g.stride, g.padding,
      g.dilation, g.ceilMode);
    return indices ? { output, indices } : output;
  }) as MaxPoolFn;
}

function makeMaxPoolBackward(n: NDims): MaxPoolBackwardFn {
  const op = `maxPool${n}dBackward`;
  return (gradOutput, x, idx, kernelSize, options) => {
    const g = tensorArg(op, 'gradOutput', gradOutput);
    const input = tensorArg(op, 'input', x);
    const indices = tensorArg(op, 'indices', idx);
    const geo = sliding(op, n, kernelSize, optionsArg(op, options));
    const gradInput = resultFor(input);
    native.maxPoolBackward(n, input.handle, g.handle, gradInput.handle, indices.handle, geo.kernel, geo.stride, geo.padding,
      geo.dilation, geo.ceilMode);
    return gradInput;
  };
}

/** Max over sliding windows of [C, L] or [N, C, L]; NaN counts as the maximum. */
export const maxPool1d: MaxPoolFn = makeMaxPool(1);
/** Max over sliding windows of [C, H, W] or [N, C, H, W]; NaN counts as the maximum. */
export const maxPool2d: MaxPoolFn = makeMaxPool(2);
/** Max over sliding windows of [C, D, H, W] or [N, C, D, H, W]; NaN counts as the maximum. */
export const maxPool3d: MaxPoolFn = makeMaxPool(3);
export const maxPool1dBackward: MaxPoolBackwardFn = makeMaxPoolBackward(1);
export const maxPool2dBackward: MaxPoolBackwardFn = makeMaxPoolBackward(2);
export const maxPool3dBackward: MaxPoolBackwardFn = makeMaxPoolBackward(3);

// ---- average pooling ----

export interface AvgPoolOptions {
  /** default: kernelSize */
  stride?: IntOrInts | null;
  /** implicit zero padding on both sides, at most kernelSize / 2 (default 0) */
  padding?: IntOrInts;
  /** ceil instead of floor in the output size (default false) */
  ceilMode?: boolean;
  /** count the padding in the divisor (default true) */
  countIncludePad?: boolean;
  /** divide every window's sum by this instead (non-zero) */
  divisorOverride?: number | null;
}
export type AvgPoolFn = (input: Tensor, kernelSize: IntOrInts, options?: AvgPoolOptions) => Tensor;
export type AvgPoolBackwardFn = (gradOutput: Tensor, input: Tensor, kernelSize: IntOrInts, options?: AvgPoolOptions) => Tensor;

interface AvgArgs extends Sliding {
  countIncludePad: boolean;
  divisorOverride: number | null;
}
function avgArgs(op: string, n: number, kernelSize: unknown, options: AvgPoolOptions | undefined): AvgArgs {
  const o = optionsArg(op, options);
  const d = o.divisorOverride;
  if (d !== undefined && d !== null && !isInt(d))
    throw new TypeError(`${op}: expected divisorOverride to be an integer, but got ${show(d)}`);
  return {
    ...sliding(op, n, kernelSize, o),
    countIncludePad: booleanArg(op, 'countIncludePad', o.countIncludePad, true),
    divisorOverride: d ?? null,
  };
}

function makeAvgPool(n: NDims): AvgPoolFn {
  const op = `avgPool${n}d`;
  return (x, kernelSize, options) => {
    const input = tensorArg(op, 'input', x);
    const a = avgArgs(op, n, kernelSize, options);
    const output = resultFor(input);
    native.avgPool(n, input.handle, output.handle, a.kernel, a.stride, a.padding, a.ceilMode, a.countIncludePad,
      a.divisorOverride);
    return output;
  };
}

function makeAvgPoolBackward(n: NDims): AvgPoolBackwardFn {
  const op = `avgPool${n}dBackward`;
  return (gradOutput, x, kernelSize, options) => {
    const g = tensorArg(op, 'gradOutput', gradOutput);
    const input = tensorArg(op, 'input', x);
    const a = avgArgs(op, n, kernelSize, options);
    const gradInput = resultFor(input);
    native.avgPoolBackward(n, input.handle, g.handle, gradInput.handle, a.kernel, a.stride, a.padding, a.ceilMode,
      a.countIncludePad, a.divisorOverride);
    return gradInput;
  };
}

/** Mean over sliding windows of [C, L] or [N, C, L]. divisorOverride, which PyTorch's avg_pool1d lacks,
 * works as in avgPool2d over a unit height. */
export const avgPool1d: AvgPoolFn = makeAvgPool(1);
/** Mean over sliding windows of [C, H, W] or [N, C, H, W]. */
export const avgPool2d: AvgPoolFn = makeAvgPool(2);
/** Mean over sliding windows of [C, D, H, W] or [N, C, D, H, W]. */
export const avgPool3d: AvgPoolFn = makeAvgPool(3);
export const avgPool1dBackward: AvgPoolBackwardFn = makeAvgPoolBackward(1);
export const avgPool2dBackward: AvgPoolBackwardFn = makeAvgPoolBackward(2);
export const avgPool3dBackward: AvgPoolBackwardFn = makeAvgPoolBackward(3);

// ---- adaptive pooling ----

/** An output size for every spatial dim, or one per dim (null: the input's size there). */
export type AdaptiveSize = number | readonly (number | null)[];

function adaptiveSize(op: string, n: number, v: unknown, input: Tensor): number[] {
  if (isInt(v)) return new Array<number>(n).fill(v);
  if (Array.isArray(v) && v.length === n && v.every((e) => e === null || isInt(e)))
    return v.map((e: number | null, j) => (e === null ? spatialSize(input, n, j) : e));
  throw new TypeError(`${op}: expected outputSize to be an integer or an array of ${n} integers or nulls, but got ${show(v)}`);
}

export type AdaptiveAvgPoolFn = (input: Tensor, outputSize: AdaptiveSize) => Tensor;
export type AdaptiveAvgPoolBackwardFn = (gradOutput: Tensor, input: Tensor) => Tensor;

function makeAdaptiveAvgPool(n: NDims): AdaptiveAvgPoolFn {
  const op = `adaptiveAvgPool${n}d`;
  return (x, outputSize) => {
    const input = tensorArg(op, 'input', x);
    const size = adaptiveSize(op, n, outputSize, input);
    const output = resultFor(input);
    native.adaptiveAvgPool(n, input.handle, output.handle, size);
    return output;
  };
}

function makeAdaptiveAvgPoolBackward(n: NDims): AdaptiveAvgPoolBackwardFn {
  const op = `adaptiveAvgPool${n}dBackward`;
  return (gradOutput, x) => {
    const g = tensorArg(op, 'gradOutput', gradOutput);
    const input = tensorArg(op, 'input', x);
    const gradInput = resultFor(input);
    native.adaptiveAvgPoolBackward(n, input.handle, g.handle, gradInput.handle);
    return gradInput;
  };
}

/** Mean over windows chosen to give outputSize: [floor(i L / out), ceil((i + 1) L / out)). */
export const adaptiveAvgPool1d: AdaptiveAvgPoolFn = makeAdaptiveAvgPool(1);
export const adaptiveAvgPool2d: AdaptiveAvgPoolFn = makeAdaptiveAvgPool(2);
export const adaptiveAvgPool3d: AdaptiveAvgPoolFn = makeAdaptiveAvgPool(3);
/** Gradient of adaptive average pooling (the output size is gradOutput's). */
export const adaptiveAvgPool1dBackward: AdaptiveAvgPoolBackwardFn = makeAdaptiveAvgPoolBackward(1);
export const adaptiveAvgPool2dBackward: AdaptiveAvgPoolBackwardFn = makeAdaptiveAvgPoolBackward(2);
export const adaptiveAvgPool3dBackward: AdaptiveAvgPoolBackwardFn = makeAdaptiveAvgPoolBackward(3);

export interface ReturnIndicesOptions {
  /** also return the indices of the maxima (default false) */
  returnIndices?: boolean;
}
/** adaptiveMaxPool1d / 2d / 3d: a tensor, or { output, indices } with returnIndices: true. */
export interface AdaptiveMaxPoolFn {
  (input: Tensor, outputSize: AdaptiveSize, options: { returnIndices: true }): PoolWithIndices;
  (input: Tensor, outputSize: AdaptiveSize, options?: { returnIndices?: false }): Tensor;
  (input: Tensor, outputSize: AdaptiveSize, options?: ReturnIndicesOptions): Tensor | PoolWithIndices;
}
/** Gradient of a max pooling whose windows the indices say (adaptive, fractional). */
export type MaxByIndicesBackwardFn = (gradOutput: Tensor, input: Tensor, indices: Tensor) => Tensor;

function makeAdaptiveMaxPool(n: NDims): AdaptiveMaxPoolFn {
  const op = `adaptiveMaxPool${n}d`;
  return ((x: unknown, outputSize: AdaptiveSize, options?: ReturnIndicesOptions) => {
    const input = tensorArg(op, 'input', x);
    const o = optionsArg(op, options);
    const size = adaptiveSize(op, n, outputSize, input);
    const output = resultFor(input);
    const indices = booleanArg(op, 'returnIndices', o.returnIndices, false) ? newIndices() : null;
    native.adaptiveMaxPool(n, input.handle, output.handle, indices ? indices.handle : null, size);
    return indices ? { output, indices } : output;
  }) as AdaptiveMaxPoolFn;
}

type ByIndices = 'adaptiveMaxPoolBackward' | 'fractionalMaxPoolBackward';
function makeByIndicesBackward(op: string, n: NDims, fn: ByIndices): MaxByIndicesBackwardFn {
  return (gradOutput, x, idx) => {
    const g = tensorArg(op, 'gradOutput', gradOutput);
    const input = tensorArg(op, 'input', x);
    const indices = tensorArg(op, 'indices', idx);
    const gradInput = resultFor(input);
    native[fn](n, input.handle, g.handle, gradInput.handle, indices.handle);
    return gradInput;
  };
}

/** Max over windows chosen to give outputSize (as adaptiveAvgPool's); NaN counts as the maximum. */
export const adaptiveMaxPool1d: AdaptiveMaxPoolFn = makeAdaptiveMaxPool(1);
export const adaptiveMaxPool2d: AdaptiveMaxPoolFn = makeAdaptiveMaxPool(2);
export const adaptiveMaxPool3d: AdaptiveMaxPoolFn = makeAdaptiveMaxPool(3);
export const adaptiveMaxPool1dBackward = makeByIndicesBackward('adaptiveMaxPool1dBackward', 1, 'adaptiveMaxPoolBackward');
export const adaptiveMaxPool2dBackward = makeByIndicesBackward('adaptiveMaxPool2dBackward', 2, 'adaptiveMaxPoolBackward');
export const adaptiveMaxPool3dBackward = makeByIndicesBackward('adaptiveMaxPool3dBackward', 3, 'adaptiveMaxPoolBackward');

// ---- LP pooling: PyTorch's composition, (sign(a) relu(|a|) numel(kernel)) ^ (1 / p), a = avgPool(x ^ p) ----

export interface LpPoolOptions {
  /** default: kernelSize */
  stride?: IntOrInts | null;
  /** ceil instead of floor in the output size (default false) */
  ceilMode?: boolean;
}
export type LpPoolFn = (input: Tensor, normType: number, kernelSize: IntOrInts, options?: LpPoolOptions) => Tensor;
export type LpPoolBackwardFn = (gradOutput: Tensor, input: Tensor, normType: number, kernelSize: IntOrInts,
  options?: LpPoolOptions) => Tensor;

/** The forward's intermediate values (the backward replays PyTorch's autograd through them). */
function lpForward(op: string, n: 1 | 2, x: unknown, normType: unknown, kernelSize: unknown, options: LpPoolOptions | undefined) {
  const input = tensorArg(op, 'input', x);
  if (typeof normType !== 'number') throw new TypeError(`${op}: expected normType to be a number, but got ${show(normType)}`);
  const o = optionsArg(op, options);
  const a = avgArgs(op, n, kernelSize, { stride: o.stride, ceilMode: o.ceilMode });
  const numel = a.kernel.reduce((s, k) => s * k, 1);
  const powered = input.pow(normType);
  const avg = resultFor(input);
  native.avgPool(n, powered.handle, avg.handle, a.kernel, a.stride, a.padding, a.ceilMode, true, null);
  const sign = avg.sign();
  const relu = avg.abs().clampMin(0);
  const scaled = sign.mul(relu).mul(numel);
  return { input, normType, a, numel, powered, avg, sign, relu, scaled, output: scaled.pow(1 / normType) };
}

/** x.pow(p)'s backward as PyTorch's pow_backward: grad * (p * x ^ (p - 1)), zeros for p = 0. */
const powBackward = (grad: Tensor, x: Tensor, p: number): Tensor =>
  p === 0 ? grad.mul(0) : grad.mul(x.pow(p - 1).mul(p));

function makeLpPool(n: 1 | 2): LpPoolFn {
  const op = `lpPool${n}d`;
  return (x, normType, kernelSize, options) => lpForward(op, n, x, normType, kernelSize, options).output;
}

function makeLpPoolBackward(n: 1 | 2): LpPoolBackwardFn {
  const op = `lpPool${n}dBackward`;
  return (gradOutput, x, normType, kernelSize, options) => {
    const g = tensorArg(op, 'gradOutput', gradOutput);
    const f = lpForward(op, n, x, normType, kernelSize, options);
    const gScaled = powBackward(g, f.scaled, 1 / f.normType).mul(f.numel);
    // sign * relu: the sign's gradient is zero; relu's passes where its output is > 0 (NaN passes)
    const gRelu = gScaled.mul(f.sign).maskedFill(f.relu.le(0), 0);
    const gAvg = gRelu.mul(f.avg.sign());
    const gPowered = resultFor(f.input);
    native.avgPoolBackward(n, f.powered.handle, gAvg.handle, gPowered.handle, f.a.kernel, f.a.stride, f.a.padding, f.a.ceilMode,
      true, null);
    return powBackward(gPowered, f.input, f.normType);
  };
}

/** (sum over each window of x ^ p) ^ (1 / p), over [C, L] or [N, C, L] (no padding). */
export const lpPool1d: LpPoolFn = makeLpPool(1);
/** (sum over each window of x ^ p) ^ (1 / p), over [C, H, W] or [N, C, H, W] (no padding). */
export const lpPool2d: LpPoolFn = makeLpPool(2);
/** Gradient of lpPool1d, through the same composition as PyTorch's autograd. */
export const lpPool1dBackward: LpPoolBackwardFn = makeLpPoolBackward(1);
/** Gradient of lpPool2d, through the same composition as PyTorch's autograd. */
export const lpPool2dBackward: LpPoolBackwardFn = makeLpPoolBackward(2);

// ---- fractional max pooling ----

export interface FractionalMaxPoolOptions {
  /** the output's spatial size (this or outputRatio) */
  outputSize?: IntOrInts;
  /** the output's size as a fraction of the input's, in (0, 1) (this or outputSize) */
  outputRatio?: number | readonly number[];
  /** also return the indices of the maxima (default false) */
  returnIndices?: boolean;
  /** PyTorch's _random_samples: [N, C, nDims] in [0, 1] of the input's dtype (N = 1 unbatched) */
  randomSamples?: Tensor;
  /** where to draw the samples from when randomSamples is not given (default: th's default generator) */
  generator?: Generator;
}
/** fractionalMaxPool2d / 3d: a tensor, or { output, indices } with returnIndices: true. */
export interface FractionalMaxPoolFn {
  (input: Tensor, kernelSize: IntOrInts, options: FractionalMaxPoolOptions & { returnIndices: true }): PoolWithIndices;
  (input: Tensor, kernelSize: IntOrInts, options: FractionalMaxPoolOptions & { returnIndices?: false }): Tensor;
  (input: Tensor, kernelSize: IntOrInts, options: FractionalMaxPoolOptions): Tensor | PoolWithIndices;
}

function fractionalSize(op: string, n: number, o: Partial<FractionalMaxPoolOptions>, input: Tensor): number[] {
  const hasSize = o.outputSize !== undefined && o.outputSize !== null;
  const hasRatio = o.outputRatio !== undefined && o.outputRatio !== null;
  if (hasSize === hasRatio)
    throw new TypeError(hasSize ? `${op}: only one of outputSize and outputRatio may be specified`
      : `${op} requires specifying either an outputSize or an outputRatio`);
  if (hasSize) return perDim(op, 'outputSize', o.outputSize, n);
  const r = o.outputRatio;
  const ratios = typeof r === 'number' ? new Array<number>(n).fill(r)
    : Array.isArray(r) && r.length === n && r.every((v) => typeof v === 'number') ? (r as number[]) : null;
  if (!ratios) throw new TypeError(`${op}: expected outputRatio to be a number or an array of ${n} numbers, but got ${show(r)}`);
  for (const v of ratios) if (!(v > 0 && v < 1)) throw new RangeError(`${op}: outputRatio must be between 0 and 1 (got ${v})`);
  return ratios.map((v, j) => Math.trunc(spatialSize(input, n, j) * v));
}

function makeFractionalMaxPool(n: 2 | 3): FractionalMaxPoolFn {
  const op = `fractionalMaxPool${n}d`;
  return ((x: unknown, kernelSize: IntOrInts, options: FractionalMaxPoolOptions) => {
    const input = tensorArg(op, 'input', x);
    const o = optionsArg(op, options);
    const kernel = perDim(op, 'kernelSize', kernelSize, n);
    const size = fractionalSize(op, n, o, input);
    let samples: Tensor;
    if (o.randomSamples !== undefined && o.randomSamples !== null) samples = tensorArg(op, 'randomSamples', o.randomSamples);
    else {
      const rankOk = input.ndim === n + 1 || input.ndim === n + 2;
      const batch = input.ndim === n + 2 ? input.shape[0] : 1;
      // PyTorch's draw: torch.rand(N, C, nDims) in the input's dtype (a wrong rank is reported by C)
      samples = rand(rankOk ? [batch, input.shape[input.ndim - n - 1], n] : [0], { dtype: input.dtype, generator: o.generator });
    }
    const output = resultFor(input);
    const indices = booleanArg(op, 'returnIndices', o.returnIndices, false) ? newIndices() : null;
    native.fractionalMaxPool(n, input.handle, output.handle, indices ? indices.handle : null, kernel, size, samples.handle);
    return indices ? { output, indices } : output;
  }) as FractionalMaxPoolFn;
}

/** Max over pseudo-randomly placed kernelSize windows giving outputSize (Graham's fractional max pooling). */
export const fractionalMaxPool2d: FractionalMaxPoolFn = makeFractionalMaxPool(2);
export const fractionalMaxPool3d: FractionalMaxPoolFn = makeFractionalMaxPool(3);
export const fractionalMaxPool2dBackward = makeByIndicesBackward('fractionalMaxPool2dBackward', 2, 'fractionalMaxPoolBackward');
export const fractionalMaxPool3dBackward = makeByIndicesBackward('fractionalMaxPool3dBackward', 3, 'fractionalMaxPoolBackward');

// ---- max unpooling ----

export interface MaxUnpoolOptions {
  /** default: kernelSize */
  stride?: IntOrInts | null;
  /** the pooling's padding (default 0) */
  padding?: IntOrInts;
  /** the output's spatial size (or its full size); default (in - 1) stride - 2 padding + kernelSize */
  outputSize?: readonly number[] | null;
}
export type MaxUnpoolFn = (input: Tensor, indices: Tensor, kernelSize: IntOrInts, options?: MaxUnpoolOptions) => Tensor;
export type MaxUnpoolBackwardFn = (gradOutput: Tensor, indices: Tensor) => Tensor;

/** PyTorch's _unpool_output_size: the default size, or the given one if within a stride of it. */
function unpoolSize(op: string, n: number, input: Tensor, kernelSize: unknown, o: Partial<MaxUnpoolOptions>): number[] {
  const g = sliding(op, n, kernelSize, { stride: o.stride, padding: o.padding });
  const dflt = g.kernel.map((k, j) => (spatialSize(input, n, j) - 1) * g.stride[j] + k - 2 * g.padding[j]);
  if (o.outputSize === undefined || o.outputSize === null) return dflt;
  let size = o.outputSize;
  if (!Array.isArray(size) || !size.every(isInt))
    throw new TypeError(`${op}: expected outputSize to be an array of integers, but got ${show(size)}`);
  if (size.length === n + 2) size = size.slice(2);
  if (size.length !== n)
    throw new RangeError(`${op}: outputSize should be a sequence containing ${n} or ${n + 2} elements, but it has a length of ${size.length}`);
  size.forEach((s, j) => {
    const [lo, hi] = [dflt[j] - g.stride[j], dflt[j] + g.stride[j]];
    if (!(lo < s && s < hi)) throw new RangeError(`${op}: invalid outputSize [${size.join(', ')}] (dim ${j} must be between ${lo} and ${hi})`);
  });
  return [...size];
}

function makeMaxUnpool(n: NDims): MaxUnpoolFn {
  const op = `maxUnpool${n}d`;
  return (x, idx, kernelSize, options) => {
    const input = tensorArg(op, 'input', x);
    const indices = tensorArg(op, 'indices', idx);
    const size = unpoolSize(op, n, input, kernelSize, optionsArg(op, options));
    const output = resultFor(input);
    native.maxUnpool(n, input.handle, indices.handle, output.handle, size);
    return output;
  };
}

function makeMaxUnpoolBackward(n: NDims): MaxUnpoolBackwardFn {
  const op = `maxUnpool${n}dBackward`;
  return (gradOutput, idx) => {
    const g = tensorArg(op, 'gradOutput', gradOutput);
    const indices = tensorArg(op, 'indices', idx);
    const gradInput = resultFor(g);
    native.maxUnpoolBackward(n, indices.handle, g.handle, gradInput.handle);
    return gradInput;
  };
}

/** The partial inverse of maxPool1d: zeros, with input's values put back at their indices. */
export const maxUnpool1d: MaxUnpoolFn = makeMaxUnpool(1);
/** The partial inverse of maxPool2d: zeros, with input's values put back at their indices. */
export const maxUnpool2d: MaxUnpoolFn = makeMaxUnpool(2);
/** The partial inverse of maxPool3d: zeros, with input's values put back at their indices. */
export const maxUnpool3d: MaxUnpoolFn = makeMaxUnpool(3);
/** Gradient of max unpooling: gradOutput gathered at the indices (the indices' shape). */
export const maxUnpool1dBackward: MaxUnpoolBackwardFn = makeMaxUnpoolBackward(1);
export const maxUnpool2dBackward: MaxUnpoolBackwardFn = makeMaxUnpoolBackward(2);
export const maxUnpool3dBackward: MaxUnpoolBackwardFn = makeMaxUnpoolBackward(3);
