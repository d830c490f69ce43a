// Pixel shuffle (F.pixel_shuffle / F.pixel_unshuffle): channels to space and back. Each is a view
// of the input, a permutation and one copy (@typetorch/th's reshape); each one's backward is the
// other.
import { Tensor } from '@typetorch/th';
import { tensorArg } from './args';

function factorArg(op: string, what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${op}: expected ${what} to be an integer, but got ${String(v)}`);
  if (v <= 0) throw new Error(`${op} expects a positive ${what}, but got ${v}`);
  return v;
}

function rankArg(op: string, x: Tensor): void {
  if (x.ndim < 3) throw new Error(`${op} expects input to have at least 3 dimensions, but got input with ${x.ndim} dimension(s)`);
}

/** [*, C * r * r, H, W] -> [*, C, H * r, W * r] (r = upscaleFactor). */
export function pixelShuffle(input: Tensor, upscaleFactor: number): Tensor {
  const op = 'pixelShuffle';
  const x = tensorArg(op, 'input', input);
  const r = factorArg(op, 'upscaleFactor', upscaleFactor);
  rankArg(op, x);
  const [c, h, w] = x.shape.slice(-3);
  if (c % (r * r) !== 0)
    throw new Error(
      `${op} expects its input's 'channel' dimension to be divisible by the square of upscaleFactor, ` +
        `but input.size(-3)=${c} is not divisible by ${r * r}`,
    );
  const batch = x.shape.slice(0, -3);
  const b = batch.length;
  // [*, C, r, r, H, W] -> [*, C, H, r, W, r]
  const perm = [...batch.keys(), b, b + 3, b + 1, b + 4, b + 2];
  return x
    .reshape([...batch, c / (r * r), r, r, h, w])
    .permute(perm)
    .reshape([...batch, c / (r * r), h * r, w * r]);
}

/** [*, C, H * r, W * r] -> [*, C * r * r, H, W] (r = downscaleFactor). */
export function pixelUnshuffle(input: Tensor, downscaleFactor: number): Tensor {
  const op = 'pixelUnshuffle';
  const x = tensorArg(op, 'input', input);
  const r = factorArg(op, 'downscaleFactor', downscaleFactor);
  rankArg(op, x);
  const [c, h, w] = x.shape.slice(-3);
  if (h % r !== 0)
    throw new Error(`${op} expects height to be divisible by downscaleFactor, but input.size(-2)=${h} is not divisible by ${r}`);
  if (w % r !== 0)
    throw new Error(`${op} expects width to be divisible by downscaleFactor, but input.size(-1)=${w} is not divisible by ${r}`);
  const batch = x.shape.slice(0, -3);
  const b = batch.length;
  // [*, C, H, r, W, r] -> [*, C, r, r, H, W]
  const perm = [...batch.keys(), b, b + 2, b + 4, b + 1, b + 3];
  return x
    .reshape([...batch, c, h / r, r, w / r, r])
    .permute(perm)
    .reshape([...batch, c * r * r, h / r, w / r]);
}

/** The gradient of pixelShuffle(input, upscaleFactor): pixelUnshuffle of the output's gradient. */
export const pixelShuffleBackward = (gradOutput: Tensor, upscaleFactor: number): Tensor =>
  pixelUnshuffle(tensorArg('pixelShuffleBackward', 'gradOutput', gradOutput), upscaleFactor);

/** The gradient of pixelUnshuffle(input, downscaleFactor): pixelShuffle of the output's gradient. */
export const pixelUnshuffleBackward = (gradOutput: Tensor, downscaleFactor: number): Tensor =>
  pixelShuffle(tensorArg('pixelUnshuffleBackward', 'gradOutput', gradOutput), downscaleFactor);
