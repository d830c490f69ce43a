// Sampling an input at grid positions (F.grid_sample) and building affine grids (F.affine_grid),
// with their backward. gridSample runs libTHNN's kernels (THNNGridSampler.h); affineGrid is a
// batched matrix product with a fixed base grid, composed from @typetorch/th ops as ATen does.
import * as th from '@typetorch/th';
import { Tensor } from '@typetorch/th';
import type { Handle } from '@typetorch/th';
import { native } from './native';
import { resultFor, tensorArg } from './args';

export interface GridSamplerNative {
  /** output [N, C, ...grid's spatial sizes] = input sampled at grid */
  gridSampler(input: Handle, grid: Handle, output: Handle, mode: number, padding: number, alignCorners: boolean): void;
  /** gradInput (null: skipped) and gradGrid, resized to the input's and the grid's shapes */
  gridSamplerBackward(
    input: Handle,
    grid: Handle,
    gradOutput: Handle,
    gradInput: Handle | null,
    gradGrid: Handle,
    mode: number,
    padding: number,
    alignCorners: boolean,
  ): void;
}

export type GridSampleMode = 'bilinear' | 'nearest' | 'bicubic';
export type GridSamplePadding = 'zeros' | 'border' | 'reflection';

export interface GridSampleOptions {
  /** default 'bilinear' (trilinear for 5-d input); 'bicubic' needs 4-d input */
  mode?: GridSampleMode;
  /** where positions outside the input read: default 'zeros' */
  paddingMode?: GridSamplePadding;
  /** -1 and 1 are the corner pixels' centers (true) or their outer edges (false, the default) */
  alignCorners?: boolean;
}

export interface GridSampleGradients {
  gradInput: Tensor;
  gradGrid: Tensor;
}

// THNNGridSamplerInterpolation and THNNGridSamplerPadding
const MODES: Record<GridSampleMode, number> = { bilinear: 0, nearest: 1, bicubic: 2 };
const PADDINGS: Record<GridSamplePadding, number> = { zeros: 0, border: 1, reflection: 2 };

function gridOptions(op: string, o: GridSampleOptions | undefined): [number, number, boolean] {
  if (o !== undefined && (o === null || typeof o !== 'object')) throw new TypeError(`${op}: expected options to be an object`);
  const mode = o?.mode ?? 'bilinear';
  const padding = o?.paddingMode ?? 'zeros';
  const align = o?.alignCorners ?? false;
  if (!Object.prototype.hasOwnProperty.call(MODES, mode))
    throw new Error(`${op}: expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '${String(mode)}'`);
  if (!Object.prototype.hasOwnProperty.call(PADDINGS, padding))
    throw new Error(`${op}: expected paddingMode to be 'zeros', 'border', or 'reflection', but got: '${String(padding)}'`);
  if (typeof align !== 'boolean') throw new TypeError(`${op}: expected alignCorners to be a boolean`);
  return [MODES[mode], PADDINGS[padding], align];
}

/**
 * F.grid_sample: input [N, C, H, W] sampled at grid [N, Ho, Wo, 2] (x, y in [-1, 1]) gives
 * [N, C, Ho, Wo]; input [N, C, D, H, W] with grid [N, Do, Ho, Wo, 3] gives [N, C, Do, Ho, Wo].
 */
export function gridSample(input: Tensor, grid: Tensor, options?: GridSampleOptions): Tensor {
  const op = 'gridSample';
  const x = tensorArg(op, 'input', input);
  const g = tensorArg(op, 'grid', grid);
  const [mode, padding, align] = gridOptions(op, options);
  const out = resultFor(x);
  native.gridSampler(x.handle, g.handle, out.handle, mode, padding, align);
  return out;
}

/** The gradients of gridSample(input, grid, options) with respect to the input and the grid. */
export function gridSampleBackward(gradOutput: Tensor, input: Tensor, grid: Tensor, options?: GridSampleOptions): GridSampleGradients {
  const op = 'gridSampleBackward';
  const go = tensorArg(op, 'gradOutput', gradOutput);
  const x = tensorArg(op, 'input', input);
  const g = tensorArg(op, 'grid', grid);
  const [mode, padding, align] = gridOptions(op, options);
  const gradInput = resultFor(x);
  const gradGrid = resultFor(g);
  native.gridSamplerBackward(x.handle, g.handle, go.handle, gradInput.handle, gradGrid.handle, mode, padding, align);
  return { gradInput, gradGrid };
}

export interface AffineGridOptions {
  /** as in gridSample (default false) */
  alignCorners?: boolean;
}

/** ATen's linspace_from_neg_one: n points from -1 to 1, shrunk by (n - 1) / n without alignCorners. */
function positions(n: number, align: boolean, dtype: th.DType): Tensor {
  if (n <= 1) return th.zeros([1], { dtype });
  const range = th.linspace(-1, 1, n, { dtype });
  return align ? range : range.mul(n - 1).div(n);
}

/** The base grid [spatial, k + 1] of (x, y[, z], 1) rows for the spatial sizes of size (k = 2 or 3). */
function baseGrid(size: readonly number[], align: boolean, dtype: th.DType): Tensor {
  const spatial = size.slice(2); // [H, W] or [D, H, W]
  const k = spatial.length;
  const columns: Tensor[] = [];
  for (let c = 0; c < k; c++) {
    // column c is the coordinate along spatial dim k - 1 - c (x runs along the last dim)
    const d = k - 1 - c;
    const shape = spatial.map((s, i) => (i === d ? s : 1));
    columns.push(positions(spatial[d], align, dtype).reshape(shape).expand(spatial));
  }
  columns.push(th.ones(spatial, { dtype }));
  return th.stack(columns, -1).reshape([-1, k + 1]);
}

/** size ([N, C, H, W] or [N, C, D, H, W], positive) and alignCorners, checked as F.affine_grid does. */
function affineSize(op: string, size: unknown, options: AffineGridOptions | undefined): [number[], boolean] {
  if (!Array.isArray(size) || !size.every((s) => Number.isInteger(s)))
    throw new TypeError(`${op}: expected size to be an array of integers`);
  if (options !== undefined && (options === null || typeof options !== 'object'))
    throw new TypeError(`${op}: expected options to be an object`);
  const align = options?.alignCorners ?? false;
  if (typeof align !== 'boolean') throw new TypeError(`${op}: expected alignCorners to be a boolean`);
  if (size.length !== 4 && size.length !== 5)
    throw new Error(
      `${op}: affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size [${size.join(', ')}].`,
    );
  if (Math.min(...size) <= 0) throw new Error(`${op}: Expected non-zero, positive output size. Got [${size.join(', ')}]`);
  return [size, align];
}

/**
 * F.affine_grid: the sampling grid [N, H, W, 2] (size [N, C, H, W], theta [N, 2, 3]) or
 * [N, D, H, W, 3] (size [N, C, D, H, W], theta [N, 3, 4]) of the affine maps theta.
 */
export function affineGrid(theta: Tensor, size: readonly number[], options?: AffineGridOptions): Tensor {
  const op = 'affineGrid';
  const t = tensorArg(op, 'theta', theta);
  if (t.dtype !== 'float32' && t.dtype !== 'float64')
    throw new TypeError(`${op}: Expected theta to have floating point type, but got ${t.dtype}`);
  const [s, align] = affineSize(op, size, options);
  const k = s.length - 2;
  if (t.ndim !== 3 || t.shape[1] !== k || t.shape[2] !== k + 1)
    throw new Error(
      `${op}: Expected a batch of ${k}D affine matrices of shape Nx${k}x${k + 1} for size [${s.join(', ')}]. Got [${t.shape.join(', ')}].`,
    );
  if (t.shape[0] !== s[0]) throw new Error(`${op}: Expected theta's batch size ${t.shape[0]} to equal size[0] = ${s[0]}`);
  const grid = baseGrid(s, align, t.dtype).matmul(t.transpose(1, 2)); // [N, points, k]
  return grid.reshape([s[0], ...s.slice(2), k]);
}

/** The gradient of affineGrid(theta, size, options) with respect to theta ([N, 2, 3] or [N, 3, 4]). */
export function affineGridBackward(gradGrid: Tensor, size: readonly number[], options?: AffineGridOptions): Tensor {
  const op = 'affineGridBackward';
  const g = tensorArg(op, 'gradGrid', gradGrid);
  if (g.dtype !== 'float32' && g.dtype !== 'float64')
    throw new TypeError(`${op}: Expected gradGrid to have floating point type, but got ${g.dtype}`);
  const [s, align] = affineSize(op, size, options);
  const k = s.length - 2;
  const expected = [s[0], ...s.slice(2), k];
  if (g.shape.join() !== expected.join())
    throw new Error(`${op}: expected gradGrid to have shape [${expected.join(', ')}], but got [${g.shape.join(', ')}]`);
  const points = s.slice(2).reduce((a, b) => a * b, 1);
  const base = baseGrid(s, align, g.dtype); // [points, k + 1]
  return base.t().matmul(g.reshape([s[0], points, k])).transpose(1, 2).contiguous();
}
