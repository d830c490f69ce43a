// Helpers shared by the backward formulas. They use Tensor ops, so with createGraph the backward
// is itself recorded (higher-order gradients).
import { Tensor } from '../tensor';

/** Sums a broadcast gradient back to `shape` (the input's), and casts it to the input's dtype. */
export function sumToShape(g: Tensor, shape: readonly number[], dtype?: string): Tensor {
  const gs = g.shape;
  let r = g;
  if (gs.length !== shape.length || gs.some((s, i) => s !== shape[i])) {
    const lead = gs.length - shape.length;
    const dims: number[] = [];
    for (let i = 0; i < gs.length; i++) {
      if (i < lead || (shape[i - lead] === 1 && gs[i] !== 1)) dims.push(i);
    }
    if (dims.length > 0) r = r.sum(dims, { keepdim: true });
    if (lead > 0 || r.shape.length !== shape.length) r = r.view(shape as number[]);
  }
  if (dtype !== undefined && r.dtype !== dtype) r = r.to(dtype as Tensor['dtype']);
  return r;
}

/** Wraps negative dims and sorts them. */
export function normDims(dims: number | readonly number[] | null | undefined, ndim: number): number[] {
  const n = Math.max(ndim, 1);
  if (dims === null || dims === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dims === 'number' ? [dims] : [...dims];
  if (list.length === 0) return Array.from({ length: ndim }, (_, i) => i);
  return list.map((d) => (d < 0 ? d + n : d)).sort((a, b) => a - b);
}

/** Re-inserts reduced dims (size 1) into a gradient computed without keepdim. */
export function unsqueezeDims(g: Tensor, dims: readonly number[], keepdim: boolean, ndim: number): Tensor {
  if (keepdim || ndim === 0) return g;
  const shape = [...g.shape];
  for (const d of dims) shape.splice(d, 0, 1);
  return g.view(shape);
}

/** The broadcast of two shapes; mismatch(i, x, y) makes the error for dim i. */
export function broadcastShapes(a: readonly number[], b: readonly number[], mismatch?: (i: number, x: number, y: number) => string): number[] {
  const n = Math.max(a.length, b.length);
  const r: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new Error(
        mismatch ? mismatch(i, x, y) : `The size of tensor a (${x}) must match the size of tensor b (${y}) at non-singleton dimension ${i}`,
      );
    }
    r.push(x === 1 ? y : x);
  }
  return r;
}
