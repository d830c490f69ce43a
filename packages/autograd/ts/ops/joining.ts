// Joining and splitting: cat/stack (backward splits the gradient) and split/chunk/unbind
// (views, one node with several outputs; backward joins the gradients, zeros where none came).
import { backendOf } from '../backend';
import type { Grads, Node } from '../node';
import { needsGrad, record, wrap } from '../tape';
import { Tensor } from '../tensor';

function checkTensors(name: string, tensors: readonly Tensor[]): void {
  if (!Array.isArray(tensors)) throw new TypeError(`${name}(): expected an array of Tensors`);
  if (tensors.length === 0) throw new Error(`${name}(): expected a non-empty list of Tensors`);
  tensors.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`${name}(): expected a Tensor at position ${i}, got ${t === null ? 'null' : typeof t}`);
  });
}

function wrapDim(dim: number, ndim: number): number {
  return dim < 0 ? dim + ndim : dim;
}

function catBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { dim: number; sizes: number[]; dtypes: string[] };
  const g = grads[0]!;
  const out: Grads = [];
  let start = 0;
  a.sizes.forEach((size, i) => {
    // PyTorch's cat skips 1-d empty tensors: they get empty gradients
    out.push(node.next[i] ? (size < 0 ? g.mul(0).reshape([-1]).narrow(0, 0, 0) : g.narrow(a.dim, start, size).to(a.dtypes[i] as Tensor['dtype'])) : null);
    if (size > 0) start += size;
  });
  return out;
}

/** @internal cat along dim. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  checkTensors('cat', tensors);
  const impl = backendOf(tensors[0]).cat(
    tensors.map((t) => t.impl),
    dim,
  );
  const r = wrap(impl);
  if (needsGrad(tensors)) {
    const d = wrapDim(dim, r.ndim);
    const sizes = tensors.map((t) => (t.ndim === 1 && t.shape[0] === 0 && r.ndim > 1 ? -1 : t.shape[d]));
    record('CatBackward0', catBackward, tensors, r, { dim: d, sizes, dtypes: tensors.map((t) => t.dtype) });
  }
  return r;
}

function stackBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { dim: number; dtypes: Tensor['dtype'][] };
  const g = grads[0]!;
  // (the inputs may differ in dtype: each gets its gradient in its own)
  return a.dtypes.map((dtype, i) => (node.next[i] ? g.select(a.dim, i).to(dtype) : null));
}

/** @internal stack along a new dim. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  checkTensors('stack', tensors);
  const r = wrap(
    backendOf(tensors[0]).stack(
      tensors.map((t) => t.impl),
      dim,
    ),
  );
  if (needsGrad(tensors)) record('StackBackward0', stackBackward, tensors, r, { dim: wrapDim(dim, r.ndim), dtypes: tensors.map((t) => t.dtype) });
  return r;
}

function splitBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { dim: number; sizes: number[]; shape: number[] };
  const parts = a.sizes.map((size, i) => {
    const g = grads[i];
    if (g !== null && g !== undefined) return g;
    const shape = [...a.shape];
    shape[a.dim] = size;
    return (grads.find((x) => x) as Tensor).newZerosLike(shape, (grads.find((x) => x) as Tensor).dtype);
  });
  return [cat(parts, a.dim)];
}

/** Views of consecutive pieces of x along dim, of the given sizes, as one node. */
function pieces(name: string, x: Tensor, dim: number, sizes: number[], squeeze: boolean): Tensor[] {
  const d = wrapDim(dim, x.ndim);
  if (d < 0 || d >= Math.max(x.ndim, 1)) {
    throw new RangeError(`Dimension out of range (expected to be in range of [${-x.ndim}, ${x.ndim - 1}], but got ${dim})`);
  }
  const outs: Tensor[] = [];
  let start = 0;
  for (const size of sizes) {
    let impl = x.impl.narrow(d, start, size);
    if (squeeze) impl = impl.squeeze(d);
    const t = new Tensor(impl, false, x.vc);
    t.base = x.base ?? x;
    outs.push(t);
    start += size;
  }
  if (needsGrad([x]) && outs.length > 0) {
    const node = record(name, squeeze ? unbindBackward : splitBackward, [x], outs, { dim: d, sizes, shape: x.shape });
    node.outputMeta = outs.map((o) => ({ shape: o.shape, dtype: o.dtype }));
  }
  return outs;
}

function unbindBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { dim: number; sizes: number[]; shape: number[] };
  const some = grads.find((g) => g) as Tensor;
  const parts = a.sizes.map((_, i) => grads[i] ?? some.mul(0));
  return [stack(parts, a.dim)];
}

declare module '../tensor' {
  interface Tensor {
    split(splitSize: number | readonly number[], dim?: number): Tensor[];
    chunk(chunks: number, dim?: number): Tensor[];
    tensorSplit(indicesOrSections: number | readonly number[], dim?: number): Tensor[];
    unbind(dim?: number): Tensor[];
  }
}

Object.assign(Tensor.prototype as unknown as Record<string, unknown>, {
  cat1(this: Tensor, other: Tensor, dim: number): Tensor {
    return cat([this, other], dim);
  },
  split(this: Tensor, splitSize: number | readonly number[], dim = 0): Tensor[] {
    const d = wrapDim(dim, this.ndim);
    const n = this.shape[d];
    let sizes: number[];
    if (typeof splitSize === 'number') {
      if (!Number.isInteger(splitSize) || splitSize < 0) throw new RangeError(`split expects split_size be non-negative, but got split_size=${splitSize}`);
      sizes = [];
      if (splitSize === 0) {
        if (n !== 0) throw new RangeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`);
        sizes = [0];
      } else for (let s = 0; s < Math.max(n, 1) && (s < n || n === 0); s += splitSize) sizes.push(Math.min(splitSize, n - s));
      if (n === 0) sizes = [0];
    } else {
      sizes = [...splitSize];
      const total = sizes.reduce((a, b) => a + b, 0);
      if (total !== n) {
        throw new RangeError(`split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${dim}), but got split_sizes=[${sizes.join(', ')}]`);
      }
    }
    return pieces(typeof splitSize === 'number' ? 'SplitBackward0' : 'SplitWithSizesBackward0', this, d, sizes, false);
  },
  chunk(this: Tensor, chunks: number, dim = 0): Tensor[] {
    if (!Number.isInteger(chunks) || chunks <= 0) throw new RangeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
    const n = this.shape[wrapDim(dim, this.ndim)];
    const size = Math.ceil(n / chunks);
    return this.split(size === 0 ? 0 : size, dim);
  },
  tensorSplit(this: Tensor, indicesOrSections: number | readonly number[], dim = 0): Tensor[] {
    const d = wrapDim(dim, this.ndim);
    const n = this.shape[d];
    const sizes: number[] = [];
    if (typeof indicesOrSections === 'number') {
      const k = indicesOrSections;
      if (!Number.isInteger(k) || k <= 0) throw new RangeError(`number of sections must be larger than 0, got ${k}`);
      const base = Math.floor(n / k);
      const extra = n % k;
      for (let i = 0; i < k; i++) sizes.push(base + (i < extra ? 1 : 0));
    } else {
      let prev = 0;
      for (const idx of [...indicesOrSections, n]) {
        const e = Math.min(Math.max(idx < 0 ? idx + n : idx, prev), n);
        sizes.push(e - prev);
        prev = e;
      }
    }
    return pieces('SplitWithSizesBackward0', this, d, sizes, false);
  },
  unbind(this: Tensor, dim = 0): Tensor[] {
    const d = wrapDim(dim, this.ndim);
    if (this.ndim === 0) throw new Error('Dimension specified as 0 but tensor has no dimensions');
    return pieces('UnbindBackward0', this, d, new Array(this.shape[d]).fill(1), true);
  },
});
