// View ops (no copy): results share their input's memory and version counter. Their backward is
// either a reshaping of the gradient (view, transpose, permute, expand, ...) or "the same view of a
// zero gradient, filled with g" (select, narrow, slice, diagonal, ...). A view also remembers how
// to replay itself on its base, which in-place ops on views use (PyTorch's CopySlices).
import type { DType } from '@typetorch/th';
import type { BackendTensor } from '../backend';
import type { Grads, Node } from '../node';
import { backendOf } from '../backend';
import { isGradEnabled } from '../grad_mode';
import { applyInplace, needsGrad, record, setInplaceOnView, wrap, writeResult } from '../tape';
import { Tensor, setRegenerateView } from '../tensor';
import { sumToShape } from './grad_utils';

/** How a view is made from a tensor of its input's shape (replayed on gradients and bases). */
type ViewFn = (t: Tensor) => Tensor;
const viewFns = new WeakMap<Tensor, ViewFn>();

/** A view result: shares x's version counter and base, and remembers how to replay it on the base. */
function viewOf(x: Tensor, impl: BackendTensor, replay: ViewFn): Tensor {
  const r = new Tensor(impl, false, x.vc);
  r.base = x.base ?? x;
  r.viewVersion = x.version;
  rememberView(x, r, replay);
  return r;
}

/** Records a view op whose backward reshapes the gradient: gradFn(g, args) -> grad of x. */
function reshaping(name: string, x: Tensor, impl: BackendTensor, backward: (g: Tensor, args: unknown) => Tensor, args: unknown, replay: ViewFn): Tensor {
  const r = viewOf(x, impl, replay);
  if (needsGrad([x])) record(name, reshapeBackward, [x], r, { backward, args });
  return r;
}
function reshapeBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { backward: (g: Tensor, args: unknown) => Tensor; args: unknown };
  return [a.backward(grads[0]!, a.args)];
}

/** Records a view op that picks part of x: backward writes g into that part of zeros. */
function picking(name: string, x: Tensor, impl: BackendTensor, fn: ViewFn): Tensor {
  const r = viewOf(x, impl, fn);
  if (needsGrad([x])) record(name, pickBackward, [x], r, { fn, shape: x.shape, dtype: x.dtype });
  return r;
}
function pickBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { fn: ViewFn; shape: number[]; dtype: DType };
  return [scatterIntoView(grads[0]!, a.shape, a.dtype, a.fn)];
}

/** zeros(shape) with fn(zeros) = g; differentiable in g (its backward is fn). */
export function scatterIntoView(g: Tensor, shape: number[], dtype: DType, fn: ViewFn): Tensor {
  const z = wrap(backendOf(g).zeros(shape, { dtype }));
  fn(wrapView(z)).impl.copy_(g.impl);
  if (needsGrad([g])) record('ViewScatterBackward', viewScatterBackward, [g], z, fn);
  return z;
}
function viewScatterBackward(node: Node, grads: Grads): Grads {
  return [(node.args as ViewFn)(grads[0]!)];
}
/** A plain alias to apply view functions to without recording. */
function wrapView(t: Tensor): Tensor {
  return new Tensor(t.impl, false, t.vc);
}

/**
 * Kept whenever grad mode is on (also when nothing requires grad yet: a value that does may be
 * written into the view later). Under noGrad none is kept: PyTorch refuses in-place ops with grad
 * on such views.
 */
function rememberView(x: Tensor, r: Tensor, fn: ViewFn): void {
  if (!isGradEnabled()) return;
  if (x.base === null) {
    viewFns.set(r, fn);
    return;
  }
  // a view of a view: compose with the parent's replay. A parent without one (made by detach(),
  // by unbind/split, or under noGrad) has an unknown relation to the base: replaying fn alone on
  // the base would write the gradient to the wrong place, so r gets none either
  const parent = viewFns.get(x);
  if (parent !== undefined) {
    viewFns.set(r, (b: Tensor) => fn(parent(b)));
  }
}

/** Makes t's history "fn of base" (after an in-place write changed base's history). */
function asViewOfBase(t: Tensor, base: Tensor, fn: ViewFn): void {
  t.gradFn = record('AsStridedBackward0', pickBackward, [base], [], { fn, shape: base.shape, dtype: base.dtype });
  t.outputNr = 0;
  t._requiresGrad = true;
}

// In-place on a view of a tensor that requires grad: the base's history becomes "base with that
// region replaced by the op's result" (CopySlices), and the view's history a view of that.
setInplaceOnView((view: Tensor, functional: (old: Tensor) => Tensor): Tensor | null => {
  const base = view.base!;
  const fn = viewFns.get(view);
  if (fn === undefined && !base.requiresGrad) return null; // nothing to keep in step: a tensor of its own
  if (fn === undefined) {
    throw new Error(
      'a view of a tensor that requires grad is being modified in-place, but how it was made from its base is unknown: ' +
        'it was made under noGrad, or from an output of a function that returns several views (unbind, split, chunk), or from a detach()ed alias. ' +
        'Make the view with grad enabled, or clone() it before the in-place operation.',
    );
  }
  if (base.isLeaf && base._requiresGrad) throw new Error('a view of a leaf Variable that requires grad is being used in an in-place operation.');
  const y = writeResult(view, functional);
  // the base: [its history before the write, the op's result] -> CopySlices
  const baseBefore = new Tensor(base.impl, base._requiresGrad, base.vc);
  baseBefore.gradFn = base.gradFn;
  baseBefore.outputNr = base.outputNr;
  const node = record('CopySlices', copySlicesBackward, [baseBefore, y], [], { fn, shape: base.shape, dtype: base.dtype });
  base._requiresGrad = true;
  base.gradFn = node;
  base.outputNr = 0;
  // the view: a view of the new base. Every other view of the base follows when it is next used
  // (its version changed: Tensor.refreshView)
  asViewOfBase(view, base, fn);
  return view;
});

// A view whose memory was written in place (through its base or another view) since its history
// was set: when its base has a history, it becomes "its replay of the base".
setRegenerateView((view: Tensor): void => {
  view.viewVersion = view.version;
  const base = view.base!;
  const fn = viewFns.get(view);
  // a leaf's history never changes (in-place writes to it are unrecorded): its views stay valid
  if (fn !== undefined && base.requiresGrad && !base.isLeaf && isGradEnabled()) asViewOfBase(view, base, fn);
});
function copySlicesBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { fn: ViewFn; shape: number[]; dtype: DType };
  const g = grads[0]!;
  const gy = node.next[1] ? a.fn(g).clone() : null;
  let gb: Tensor | null = null;
  if (node.next[0]) {
    const mask = wrap(backendOf(g).ones(a.shape, { dtype: a.dtype }));
    a.fn(wrapView(mask)).impl.fill_(0);
    gb = g.mul(mask);
  }
  return [gb, gy];
}

// ---- the view ops ----

const shapeArgs = (shape: (number | readonly number[])[]): number[] =>
  shape.length === 1 && Array.isArray(shape[0]) ? [...(shape[0] as number[])] : (shape as number[]);

const backToShape = (g: Tensor, shape: unknown): Tensor => g.reshape(shape as number[]);

declare module '../tensor' {
  interface Tensor {
    view(...shape: (number | readonly number[])[]): Tensor;
    reshape(...shape: (number | readonly number[])[]): Tensor;
    viewAs(other: Tensor): Tensor;
    reshapeAs(other: Tensor): Tensor;
    flatten(startDim?: number, endDim?: number): Tensor;
    unflatten(dim: number, sizes: readonly number[]): Tensor;
    squeeze(dim?: number): Tensor;
    unsqueeze(dim: number): Tensor;
    transpose(dim0: number, dim1: number): Tensor;
    swapaxes(dim0: number, dim1: number): Tensor;
    permute(...dims: (number | readonly number[])[]): Tensor;
    t(): Tensor;
    readonly mT: Tensor;
    readonly T: Tensor;
    movedim(source: number | readonly number[], destination: number | readonly number[]): Tensor;
    moveaxis(source: number | readonly number[], destination: number | readonly number[]): Tensor;
    expand(...sizes: (number | readonly number[])[]): Tensor;
    expandAs(other: Tensor): Tensor;
    broadcastTo(...shape: (number | readonly number[])[]): Tensor;
    narrow(dim: number, start: number, length: number): Tensor;
    select(dim: number, index: number): Tensor;
    slice(dim: number, start?: number | null, end?: number | null, step?: number): Tensor;
    diagonal(offset?: number, dim1?: number, dim2?: number): Tensor;
    unfold(dimension: number, size: number, step: number): Tensor;
    asStrided(size: readonly number[], stride: readonly number[], storageOffset?: number): Tensor;
    contiguous(): Tensor;
    clone(): Tensor;
    /** Copies src (broadcast, converted) into this tensor. */
    copy_(src: Tensor): Tensor;
  }
}

const proto = Tensor.prototype as unknown as Record<string, unknown>;

Object.assign(proto, {
  view(this: Tensor, ...shape: (number | readonly number[])[]): Tensor {
    const s = shapeArgs(shape);
    return reshaping('ViewBackward0', this, this.impl.view(s), backToShape, this.shape, (t) => t.view(s));
  },
  reshape(this: Tensor, ...shape: (number | readonly number[])[]): Tensor {
    const s = shapeArgs(shape);
    let impl: BackendTensor;
    try {
      impl = this.impl.view(s);
    } catch {
      // reshape copies when the layout allows no view: then the result is not a view
      const r = wrap(this.impl.reshape(s));
      if (needsGrad([this])) record('ReshapeAliasBackward0', reshapeBackward, [this], r, { backward: backToShape, args: this.shape });
      return r;
    }
    return reshaping('ViewBackward0', this, impl, backToShape, this.shape, (t) => t.reshape(s));
  },
  viewAs(this: Tensor, other: Tensor): Tensor {
    return this.view(other.shape);
  },
  reshapeAs(this: Tensor, other: Tensor): Tensor {
    return this.reshape(other.shape);
  },
  flatten(this: Tensor, startDim = 0, endDim = -1): Tensor {
    const impl = this.impl.flatten(startDim, endDim);
    return this.reshape(impl.shape);
  },
  unflatten(this: Tensor, dim: number, sizes: readonly number[]): Tensor {
    return this.view(this.impl.unflatten(dim, sizes).shape);
  },
  squeeze(this: Tensor, dim?: number): Tensor {
    return reshaping('SqueezeBackward0', this, this.impl.squeeze(dim), backToShape, this.shape, (t) => t.squeeze(dim));
  },
  unsqueeze(this: Tensor, dim: number): Tensor {
    return reshaping('UnsqueezeBackward0', this, this.impl.unsqueeze(dim), backToShape, this.shape, (t) => t.unsqueeze(dim));
  },
  transpose(this: Tensor, dim0: number, dim1: number): Tensor {
    return reshaping(
      'TransposeBackward0',
      this,
      this.impl.transpose(dim0, dim1),
      (g) => g.transpose(dim0, dim1),
      null,
      (t) => t.transpose(dim0, dim1),
    );
  },
  swapaxes(this: Tensor, dim0: number, dim1: number): Tensor {
    return this.transpose(dim0, dim1);
  },
  permute(this: Tensor, ...dims: (number | readonly number[])[]): Tensor {
    const p = shapeArgs(dims);
    const impl = this.impl.permute(p);
    const n = this.ndim;
    const inverse = new Array<number>(n);
    p.forEach((d, i) => (inverse[d < 0 ? d + n : d] = i));
    return reshaping('PermuteBackward0', this, impl, (g) => g.permute(inverse), null, (t) => t.permute(p));
  },
  t(this: Tensor): Tensor {
    return reshaping('TBackward0', this, this.impl.t(), (g) => g.t(), null, (t) => t.t());
  },
  movedim(this: Tensor, source: number | readonly number[], destination: number | readonly number[]): Tensor {
    const impl = this.impl.movedim(source, destination);
    return reshaping('MovedimBackward0', this, impl, (g) => g.movedim(destination, source), null, (t) => t.movedim(source, destination));
  },
  moveaxis(this: Tensor, source: number | readonly number[], destination: number | readonly number[]): Tensor {
    return this.movedim(source, destination);
  },
  expand(this: Tensor, ...sizes: (number | readonly number[])[]): Tensor {
    const s = shapeArgs(sizes);
    const shape = this.shape;
    const dtype = this.dtype;
    return reshaping('ExpandBackward0', this, this.impl.expand(s), (g) => sumToShape(g, shape, dtype), null, (t) => t.expand(s));
  },
  expandAs(this: Tensor, other: Tensor): Tensor {
    return this.expand(other.shape);
  },
  broadcastTo(this: Tensor, ...shape: (number | readonly number[])[]): Tensor {
    return this.expand(shapeArgs(shape));
  },
  narrow(this: Tensor, dim: number, start: number, length: number): Tensor {
    return picking('NarrowBackward0', this, this.impl.narrow(dim, start, length), (t) => t.narrow(dim, start, length));
  },
  select(this: Tensor, dim: number, index: number): Tensor {
    return picking('SelectBackward0', this, this.impl.select(dim, index), (t) => t.select(dim, index));
  },
  slice(this: Tensor, dim: number, start: number | null = null, end: number | null = null, step = 1): Tensor {
    return picking('SliceBackward0', this, this.impl.slice(dim, start, end, step), (t) => t.slice(dim, start, end, step));
  },
  diagonal(this: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
    return picking('DiagonalBackward0', this, this.impl.diagonal(offset, dim1, dim2), (t) => t.diagonal(offset, dim1, dim2));
  },
  asStrided(this: Tensor, size: readonly number[], stride: readonly number[], storageOffset?: number): Tensor {
    const impl = this.impl.asStrided(size, stride, storageOffset);
    const r = viewOf(this, impl, (t) => t.asStrided(size, stride, storageOffset));
    if (needsGrad([this])) {
      // the gradient of every element of the strided view is added where it reads (overlaps add up)
      record('AsStridedBackward0', asStridedBackward, [this], r, {
        size,
        stride,
        storageOffset,
        shape: this.shape,
        dtype: this.dtype,
        inStride: this.stride(),
        inOffset: this.storageOffset(),
      });
    }
    return r;
  },
  unfold(this: Tensor, dimension: number, size: number, step: number): Tensor {
    const impl = this.impl.unfold(dimension, size, step);
    const r = viewOf(this, impl, (t) => t.unfold(dimension, size, step));
    if (needsGrad([this])) record('UnfoldBackward0', unfoldBackward, [this], r, { dimension, size, step, shape: this.shape, dtype: this.dtype });
    return r;
  },
  contiguous(this: Tensor): Tensor {
    if (this.isContiguous()) return this;
    // a copy in row-major layout (clone keeps the strides)
    const r = wrap(this.impl.contiguous());
    if (needsGrad([this])) record('CloneBackward0', identityBackward, [this], r);
    return r;
  },
  clone(this: Tensor): Tensor {
    const r = wrap(this.impl.clone());
    if (needsGrad([this])) record('CloneBackward0', identityBackward, [this], r);
    return r;
  },
  copy_(this: Tensor, src: Tensor): Tensor {
    if (!(src instanceof Tensor)) throw new TypeError('copy_(): argument src must be a Tensor');
    const shape = this.shape;
    const dtype = this.dtype;
    return applyCopy(this, src, shape, dtype);
  },
});

Object.defineProperty(proto, 'mT', {
  get(this: Tensor): Tensor {
    return this.transpose(-2, -1);
  },
});
Object.defineProperty(proto, 'T', {
  get(this: Tensor): Tensor {
    const n = this.ndim;
    return n < 2 ? this : this.permute(Array.from({ length: n }, (_, i) => n - 1 - i));
  },
});

function identityBackward(_node: Node, grads: Grads): Grads {
  return [grads[0]];
}

function applyCopy(self: Tensor, src: Tensor, shape: number[], dtype: DType): Tensor {
  return applyInplace(
    self,
    [src],
    () => self.impl.copy_(src.impl),
    (old) => {
      // the result: src broadcast to self's shape, converted to self's dtype; old contributes nothing
      const r = wrap(backendOf(old).empty(shape, { dtype }).copy_(src.impl));
      if (needsGrad([old, src])) record('CopyBackwards', copyBackward, [old, src], r, { srcShape: src.shape, srcDtype: src.dtype });
      return r;
    },
  );
}
function copyBackward(node: Node, grads: Grads): Grads {
  const g = grads[0]!;
  const a = node.args as { srcShape: number[]; srcDtype: DType };
  return [node.next[0] ? g.mul(0) : null, node.next[1] ? sumToShape(g, a.srcShape, a.srcDtype) : null];
}

function unfoldBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { dimension: number; size: number; step: number; shape: number[]; dtype: DType };
  const g = grads[0]!;
  const n = a.shape.length;
  const d = n === 0 ? 0 : a.dimension < 0 ? a.dimension + n : a.dimension;
  const windows = g.shape[d] ?? 1;
  let z = wrap(backendOf(g).zeros(a.shape, { dtype: a.dtype }));
  // element k of window w came from position w*step + k: for each k, the windows do not overlap
  for (let k = 0; k < a.size; k++) {
    const part = g.select(-1, k);
    const fn: ViewFn = (t) => (n === 0 ? t : t.narrow(d, k, (windows - 1) * a.step + 1).slice(d, null, null, a.step));
    z = z.add(scatterIntoView(part, a.shape, a.dtype, fn));
  }
  return [z];
}

function asStridedBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { size: number[]; stride: number[]; storageOffset?: number; shape: number[]; dtype: DType; inStride: number[]; inOffset: number };
  const g = grads[0]!;
  // storage positions read by the view's elements and held by the input's: the view's gradient is
  // added up per position (overlapping windows add), then read back at the input's positions
  const be = backendOf(g);
  const extent = Math.max(storageExtent(a.size, a.stride, a.storageOffset ?? a.inOffset), storageExtent(a.shape, a.inStride, a.inOffset));
  const positions = be.arange(0, extent, 1, { dtype: 'int64' });
  const read = wrap(positions.asStrided(a.size, a.stride, a.storageOffset ?? a.inOffset).reshape([-1]));
  const held = wrap(positions.asStrided(a.shape, a.inStride, a.inOffset).contiguous());
  const acc = wrap(be.zeros([extent], { dtype: a.dtype })).indexAdd(0, read, g.reshape([-1]));
  return [acc.take(held)];
}
function storageExtent(shape: number[], stride: number[], offset: number): number {
  let m = offset;
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 0) return 0;
    m += (shape[i] - 1) * stride[i];
  }
  return m + 1;
}
