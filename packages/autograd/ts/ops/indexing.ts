// Indexing, gathering and scattering, and the selections that return indices (sort, topk, ...).
// Primitive ops record PyTorch's derivatives; the rest compose them (takeAlongDim, maskedSelect,
// repeat, rot90, ...), so their gradients come for free.
import * as th from '@typetorch/th';
import { backendOf } from '../backend';
import type { BackendTensor } from '../backend';
import type { Grads, Node } from '../node';
import { applyInplace, needsGrad, record, wrap } from '../tape';
import { Tensor } from '../tensor';
import { ValuesIndices, evenlyToEqual, valuesIndices } from './reduce';
import { broadcastShapes, sumToShape } from './grad_utils';
import { scatterIntoView } from './views';

export type IndexItem = number | th.Slice | null | '...' | Tensor;
export type PutIndices = readonly (Tensor | null)[];
export const slice = th.slice;

function wrapDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new RangeError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}
const implOrNull = (t: Tensor | null): BackendTensor | null => (t === null ? null : t.impl);

// ---- advanced indexing ----

/**
 * Index tensors are saved like any input a backward reads (so that modifying one in place before
 * backward is caught): the non-null entries in order; savedIndices rebuilds the list.
 */
function saveIndices(node: Node, indices: readonly (Tensor | null)[]): void {
  for (const t of indices) if (t !== null) node.save(t);
}
function savedIndices(node: Node, pattern: readonly (Tensor | null)[]): (Tensor | null)[] {
  let k = 0;
  return pattern.map((t) => (t === null ? null : node.savedTensor(k++)));
}

function indexBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { indices: (Tensor | null)[]; shape: number[]; dtype: Tensor['dtype'] };
  const z = wrap(backendOf(grads[0]!).zeros(a.shape, { dtype: a.dtype }));
  return [z.indexPut(savedIndices(node, a.indices), grads[0]!, { accumulate: true })];
}

/** x[indices] for a list of index tensors (null: a whole dim), PyTorch's advanced indexing. */
function advancedIndex(x: Tensor, indices: (Tensor | null)[]): Tensor {
  const items = indices.map((t) => (t === null ? th.slice() : t.impl));
  const r = wrap(x.impl.index(...items));
  if (needsGrad([x])) saveIndices(record('IndexBackward0', indexBackward, [x], r, { indices, shape: x.shape, dtype: x.dtype }), indices);
  return r;
}

function indexPutBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { indices: (Tensor | null)[]; accumulate: boolean; valuesShape: number[] | null; valuesDtype: Tensor['dtype'] | null };
  const g = grads[0]!;
  const indices = savedIndices(node, a.indices);
  const gSelf = node.next[0] ? (a.accumulate ? g : g.indexPut(indices, 0)) : null;
  const gValues = a.valuesShape !== null && node.next[1] ? sumToShape(advancedIndex(g, indices), a.valuesShape, a.valuesDtype!) : null;
  return [gSelf, gValues];
}

function indexPut(x: Tensor, indices: PutIndices, values: Tensor | number | boolean, accumulate: boolean): Tensor {
  if (!Array.isArray(indices)) throw new TypeError('indexPut(): indices must be an array of Tensors (or null)');
  const list = indices as (Tensor | null)[];
  const vt = values instanceof Tensor ? values : null;
  const r = wrap(x.impl.clone());
  r.impl.indexPut_(list.map(implOrNull), vt !== null ? vt.impl : (values as number), { accumulate });
  if (needsGrad([x, vt])) {
    const node = record('IndexPutBackward0', indexPutBackward, [x, vt], r, {
      indices: list,
      accumulate,
      valuesShape: vt?.shape ?? null,
      valuesDtype: vt?.dtype ?? null,
    });
    saveIndices(node, list);
  }
  return r;
}

// ---- gather and scatter ----

function gatherBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { dim: number; shape: number[]; dtype: Tensor['dtype'] };
  const index = node.savedTensor(0);
  const z = grads[0]!.newZerosLike(a.shape, a.dtype);
  return [z.scatterAdd(a.dim, index, grads[0]!)];
}
function scatterBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { dim: number; add: boolean; srcShape: number[] | null; srcDtype: Tensor['dtype'] | null };
  const index = node.savedTensor(0);
  const g = grads[0]!;
  const gSelf = node.next[0] ? (a.add ? g : g.scatter(a.dim, index, 0)) : null;
  if (a.srcShape === null || !node.next[1]) return [gSelf, null];
  // src may be larger than index in any dim: its elements past index's extent are not read (gradient zero)
  let gSrc = g.gather(a.dim, index);
  const used = index.shape;
  if (used.some((n, d) => n !== a.srcShape![d])) {
    gSrc = scatterIntoView(gSrc, a.srcShape, a.srcDtype!, (t) => used.reduce((v, n, d) => v.narrow(d, 0, n), t));
  }
  return [gSelf, gSrc];
}
function indexSelectBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { dim: number; shape: number[]; dtype: Tensor['dtype'] };
  const index = node.savedTensor(0);
  return [grads[0]!.newZerosLike(a.shape, a.dtype).indexAdd(a.dim, index, grads[0]!)];
}
function indexAddBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { dim: number; alpha: number; copy: boolean };
  const index = node.savedTensor(0);
  const g = grads[0]!;
  const gSelf = node.next[0] ? (a.copy ? g.indexFill(a.dim, index, 0) : g) : null;
  let gSrc = node.next[1] ? g.indexSelect(a.dim, index) : null;
  if (gSrc !== null && a.alpha !== 1) gSrc = gSrc.mul(a.alpha);
  return [gSelf, gSrc];
}
function indexFillBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { dim: number };
  const index = node.savedTensor(0);
  return [grads[0]!.indexFill(a.dim, index, 0), null];
}
function flipBackward(node: Node, grads: Grads): Grads {
  return [grads[0]!.flip(node.args as number[])];
}
function rollBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { shifts: number[]; dims: number[] | null };
  return [grads[0]!.roll(a.shifts.map((s) => -s), a.dims)];
}
function takeBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { shape: number[]; dtype: Tensor['dtype'] };
  const index = node.savedTensor(0);
  const n = a.shape.reduce((x, y) => x * y, 1);
  const flatIndex = index.reshape([-1]);
  const wrapped = flatIndex.add(flatIndex.lt(0).to('int64').mul(n)); // negative indices count from the end
  return [grads[0]!.newZerosLike([n], a.dtype).indexAdd(0, wrapped, grads[0]!.reshape([-1])).view(a.shape)];
}

function checkIndex(name: string, index: Tensor): void {
  if (!(index instanceof Tensor)) throw new TypeError(`${name}(): index must be a Tensor`);
}

declare module '../tensor' {
  interface Tensor {
    index(...items: IndexItem[]): Tensor;
    indexPut(indices: PutIndices, values: Tensor | number | boolean, options?: { accumulate?: boolean }): Tensor;
    indexPut_(indices: PutIndices, values: Tensor | number | boolean, options?: { accumulate?: boolean }): Tensor;
    indexSelect(dim: number, index: Tensor): Tensor;
    indexAdd(dim: number, index: Tensor, source: Tensor, options?: { alpha?: number }): Tensor;
    indexAdd_(dim: number, index: Tensor, source: Tensor, options?: { alpha?: number }): Tensor;
    indexCopy(dim: number, index: Tensor, source: Tensor): Tensor;
    indexFill(dim: number, index: Tensor, value: number | boolean): Tensor;
    gather(dim: number, index: Tensor): Tensor;
    scatter(dim: number, index: Tensor, src: Tensor | number | boolean): Tensor;
    scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
    take(index: Tensor): Tensor;
    takeAlongDim(indices: Tensor, dim?: number | null): Tensor;
    maskedSelect(mask: Tensor): Tensor;
    nonzero(): Tensor;
    argwhere(): Tensor;
    flip(...dims: (number | readonly number[])[]): Tensor;
    fliplr(): Tensor;
    flipud(): Tensor;
    roll(shifts: number | readonly number[], dims?: number | readonly number[] | null): Tensor;
    rot90(k?: number, dims?: readonly number[]): Tensor;
    repeat(...repeats: (number | readonly number[])[]): Tensor;
    tile(...dims: (number | readonly number[])[]): Tensor;
    narrowCopy(dim: number, start: number, length: number): Tensor;
    sort(dim?: number | { dim?: number; descending?: boolean; stable?: boolean }, descending?: boolean): ValuesIndices;
    argsort(dim?: number, descending?: boolean): Tensor;
    msort(): Tensor;
    topk(k: number, dim?: number, largest?: boolean, sorted?: boolean): ValuesIndices;
    kthvalue(k: number, dim?: number, keepdim?: boolean): ValuesIndices;
    median(): Tensor;
    median(dim: number, keepdim?: boolean): ValuesIndices;
    mode(dim?: number, keepdim?: boolean): ValuesIndices;
  }
}

const flatArgs = (args: (number | readonly number[])[]): number[] =>
  args.length === 1 && Array.isArray(args[0]) ? [...(args[0] as number[])] : (args as number[]);

Object.assign(Tensor.prototype as unknown as Record<string, unknown>, {
  index(this: Tensor, ...items: IndexItem[]): Tensor {
    // basic items are views (recorded as such); tensors then index what is left, in one node
    const ellipses = items.filter((i) => i === '...').length;
    if (ellipses > 1) throw new Error('index: an index can only have a single ellipsis (...)');
    const width = (i: IndexItem): number =>
      i === null || i === '...' ? 0 : i instanceof Tensor ? (i.dtype === 'bool' || i.dtype === 'uint8' ? i.ndim : 1) : 1;
    const consumed = items.reduce((n: number, i) => n + width(i), 0);
    if (consumed > this.ndim) throw new RangeError(`index: too many indices for tensor of dimension ${this.ndim} (got ${consumed})`);
    let r: Tensor = this;
    let dim = 0;
    const advanced: (Tensor | null)[] = [];
    let hasTensor = false;
    for (const item of items) {
      if (item === '...') {
        for (let k = 0; k < this.ndim - consumed; k++) advanced.push(null);
        dim += this.ndim - consumed;
      } else if (item === null) {
        r = r.unsqueeze(dim++);
        advanced.push(null);
      } else if (item instanceof th.Slice) {
        r = r.slice(dim++, item.start, item.end, item.step);
        advanced.push(null);
      } else if (item instanceof Tensor) {
        hasTensor = true;
        advanced.push(item);
        for (let k = 1; k < width(item); k++) advanced.push(null);
        dim += width(item);
      } else if (typeof item === 'number') {
        r = r.select(dim, item);
      } else throw new TypeError(`index: unsupported index ${String(item)}`);
    }
    if (!hasTensor) return r === this ? this.view(this.shape) : r;
    // a bool index covers several dims: the list holds it once, followed by nothing for the rest
    const list: (Tensor | null)[] = [];
    for (let i = 0; i < advanced.length; i++) {
      const t = advanced[i];
      list.push(t);
      if (t !== null && (t.dtype === 'bool' || t.dtype === 'uint8')) i += t.ndim - 1;
    }
    while (list.length && list[list.length - 1] === null) list.pop();
    return advancedIndex(r, list);
  },
  indexPut(this: Tensor, indices: PutIndices, values: Tensor | number | boolean, options?: { accumulate?: boolean }): Tensor {
    return indexPut(this, indices, values, options?.accumulate ?? false);
  },
  indexPut_(this: Tensor, indices: PutIndices, values: Tensor | number | boolean, options?: { accumulate?: boolean }): Tensor {
    const vt = values instanceof Tensor ? values : null;
    return applyInplace(
      this,
      [vt],
      () => this.impl.indexPut_((indices as (Tensor | null)[]).map(implOrNull), vt ? vt.impl : (values as number), options),
      (old) => indexPut(old, indices, values, options?.accumulate ?? false),
    );
  },
  indexSelect(this: Tensor, dim: number, index: Tensor): Tensor {
    checkIndex('indexSelect', index);
    const r = wrap(this.impl.indexSelect(dim, index.impl));
    if (needsGrad([this])) record('IndexSelectBackward0', indexSelectBackward, [this], r, { dim: wrapDim(dim, this.ndim), shape: this.shape, dtype: this.dtype }).save(index);
    return r;
  },
  indexAdd(this: Tensor, dim: number, index: Tensor, source: Tensor, options?: { alpha?: number }): Tensor {
    checkIndex('indexAdd', index);
    const r = wrap(this.impl.indexAdd(dim, index.impl, source.impl, options));
    if (needsGrad([this, source])) record('IndexAddBackward0', indexAddBackward, [this, source], r, { dim, alpha: options?.alpha ?? 1, copy: false }).save(index);
    return r;
  },
  indexAdd_(this: Tensor, dim: number, index: Tensor, source: Tensor, options?: { alpha?: number }): Tensor {
    return applyInplace(this, [source], () => this.impl.indexAdd_(dim, index.impl, source.impl, options), (old) => old.indexAdd(dim, index, source, options));
  },
  indexCopy(this: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
    checkIndex('indexCopy', index);
    const r = wrap(this.impl.indexCopy(dim, index.impl, source.impl));
    if (needsGrad([this, source])) record('IndexCopyBackward0', indexAddBackward, [this, source], r, { dim, alpha: 1, copy: true }).save(index);
    return r;
  },
  indexFill(this: Tensor, dim: number, index: Tensor, value: number | boolean): Tensor {
    checkIndex('indexFill', index);
    const r = wrap(this.impl.indexFill(dim, index.impl, value));
    if (needsGrad([this])) record('IndexFillBackward0', indexFillBackward, [this, null], r, { dim }).save(index);
    return r;
  },
  gather(this: Tensor, dim: number, index: Tensor): Tensor {
    checkIndex('gather', index);
    const r = wrap(this.impl.gather(dim, index.impl));
    if (needsGrad([this])) record('GatherBackward0', gatherBackward, [this], r, { dim, shape: this.shape, dtype: this.dtype }).save(index);
    return r;
  },
  scatter(this: Tensor, dim: number, index: Tensor, src: Tensor | number | boolean): Tensor {
    checkIndex('scatter', index);
    const st = src instanceof Tensor ? src : null;
    const r = wrap(this.impl.scatter(dim, index.impl, st ? st.impl : (src as number)));
    if (needsGrad([this, st])) {
      record(st ? 'ScatterBackward0' : 'ScatterBackward1', scatterBackward, [this, st], r, { dim, add: false, srcShape: st?.shape ?? null, srcDtype: st?.dtype ?? null }).save(index);
    }
    return r;
  },
  scatterAdd(this: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
    checkIndex('scatterAdd', index);
    const r = wrap(this.impl.scatterAdd(dim, index.impl, src.impl));
    if (needsGrad([this, src])) record('ScatterAddBackward0', scatterBackward, [this, src], r, { dim, add: true, srcShape: src.shape, srcDtype: src.dtype }).save(index);
    return r;
  },
  take(this: Tensor, index: Tensor): Tensor {
    checkIndex('take', index);
    const r = wrap(this.impl.take(index.impl));
    if (needsGrad([this])) record('TakeBackward0', takeBackward, [this], r, { shape: this.shape, dtype: this.dtype }).save(index);
    return r;
  },
  takeAlongDim(this: Tensor, indices: Tensor, dim?: number | null): Tensor {
    checkIndex('takeAlongDim', indices);
    if (dim === undefined || dim === null) return this.reshape([-1]).take(indices.reshape([-1]));
    const d = wrapDim(dim, this.ndim);
    if (indices.ndim !== this.ndim) {
      throw new Error(`torch.take_along_dim(): input and indices should have the same number of dimensions, but got ${this.ndim} dimensions for input, and ${indices.ndim} dimensions for indices`);
    }
    // broadcast every dim but d, then gather
    const shapeSelf = this.shape.map((s, i) => (i === d ? s : Math.max(s, indices.shape[i])));
    const shapeIdx = indices.shape.map((s, i) => (i === d ? s : Math.max(s, this.shape[i])));
    return this.expand(shapeSelf).gather(d, indices.expand(shapeIdx));
  },
  maskedSelect(this: Tensor, mask: Tensor): Tensor {
    if (!(mask instanceof Tensor)) throw new TypeError('maskedSelect(): mask must be a Tensor');
    if (mask.dtype !== 'bool') throw new TypeError(`masked_select: expected BoolTensor for mask, got ${mask.dtype}`);
    const shape = broadcastShapes(this.shape, mask.shape);
    return this.expand(shape).index(mask.expand(shape));
  },
  nonzero(this: Tensor): Tensor {
    return wrap(this.impl.nonzero());
  },
  argwhere(this: Tensor): Tensor {
    return wrap(this.impl.argwhere());
  },
  flip(this: Tensor, ...dims: (number | readonly number[])[]): Tensor {
    const ds = flatArgs(dims);
    const r = wrap(this.impl.flip(ds));
    if (needsGrad([this])) record('FlipBackward0', flipBackward, [this], r, ds);
    return r;
  },
  fliplr(this: Tensor): Tensor {
    if (this.ndim < 2) throw new Error('Input must be >= 2-d.');
    return this.flip([1]);
  },
  flipud(this: Tensor): Tensor {
    if (this.ndim < 1) throw new Error('Input must be >= 1-d.');
    return this.flip([0]);
  },
  roll(this: Tensor, shifts: number | readonly number[], dims?: number | readonly number[] | null): Tensor {
    const s = typeof shifts === 'number' ? [shifts] : [...shifts];
    const d = dims === undefined || dims === null ? null : typeof dims === 'number' ? [dims] : [...dims];
    const r = wrap(this.impl.roll(s, d));
    if (needsGrad([this])) record('RollBackward0', rollBackward, [this], r, { shifts: s, dims: d });
    return r;
  },
  rot90(this: Tensor, k = 1, dims: readonly number[] = [0, 1]): Tensor {
    if (dims.length !== 2) throw new Error(`expected total rotation dims == 2, but got dims = ${dims.length}`);
    const [d0, d1] = dims;
    const turns = ((k % 4) + 4) % 4;
    if (turns === 1) return this.flip([d1]).transpose(d0, d1);
    if (turns === 2) return this.flip([d0, d1]);
    if (turns === 3) return this.flip([d0]).transpose(d0, d1);
    return this.clone();
  },
  repeat(this: Tensor, ...repeats: (number | readonly number[])[]): Tensor {
    const reps = flatArgs(repeats);
    if (reps.length < this.ndim) {
      throw new Error('Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
    }
    // [r0, 1, r1, 1, ...] expand of x viewed as [1, s0, 1, s1, ...], then merged: composed of views
    const lead = reps.length - this.ndim;
    const shape = [...new Array(lead).fill(1), ...this.shape];
    const interleaved: number[] = [];
    const expanded: number[] = [];
    shape.forEach((s, i) => {
      interleaved.push(1, s);
      expanded.push(reps[i], s);
    });
    return this.reshape(interleaved).expand(expanded).reshape(shape.map((s, i) => s * reps[i]));
  },
  tile(this: Tensor, ...dims: (number | readonly number[])[]): Tensor {
    const reps = flatArgs(dims);
    const full = reps.length < this.ndim ? [...new Array(this.ndim - reps.length).fill(1), ...reps] : reps;
    return this.repeat(full);
  },
  narrowCopy(this: Tensor, dim: number, start: number, length: number): Tensor {
    return this.narrow(dim, start, length).clone();
  },
  sort(this: Tensor, dim?: number | { dim?: number; descending?: boolean; stable?: boolean }, descending?: boolean): ValuesIndices {
    const o = typeof dim === 'object' && dim !== null ? dim : { dim, descending };
    const d = o.dim ?? -1;
    const res = this.impl.sort({ dim: d, descending: o.descending ?? false, stable: (o as { stable?: boolean }).stable ?? false });
    return valuesIndices('SortBackward0', this, res, d, true);
  },
  argsort(this: Tensor, dim = -1, descending = false): Tensor {
    return wrap(this.impl.argsort(dim, descending));
  },
  msort(this: Tensor): Tensor {
    return this.sort(0).values;
  },
  topk(this: Tensor, k: number, dim = -1, largest = true, sorted = true): ValuesIndices {
    const res = this.impl.topk(k, dim, largest, sorted);
    return valuesIndices('TopkBackward0', this, res, dim, true);
  },
  kthvalue(this: Tensor, k: number, dim = -1, keepdim = false): ValuesIndices {
    const res = this.impl.kthvalue(k, dim, keepdim);
    return valuesIndices('KthvalueBackward0', this, res, dim, keepdim);
  },
  median(this: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
    if (dim === undefined) {
      // PyTorch's median() backward: shared evenly between the elements equal to the median
      const r = wrap(this.impl.median());
      if (needsGrad([this])) evenlyToEqual('MedianBackward0', this, r);
      return r;
    }
    const res = this.impl.median(dim, keepdim);
    return valuesIndices('MedianBackward1', this, res, dim, keepdim);
  },
  mode(this: Tensor, dim = -1, keepdim = false): ValuesIndices {
    const res = this.impl.mode(dim, keepdim);
    return valuesIndices('ModeBackward0', this, res, dim, keepdim);
  },
});


// ---- scatterReduce, put, maskedScatter, repeatInterleave, and in-place forms ----

type ScatterReduceMode = 'sum' | 'prod' | 'mean' | 'amax' | 'amin';

/**
 * PyTorch's scatter_reduce backward. sum: g to self (where included) and g gathered to src;
 * mean: the same divided by each target's count; amax/amin: shared evenly between the values
 * (of self and src) equal to the result; prod: result / value (no zeros among the factors).
 */
function scatterReduceBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { dim: number; index: Tensor; reduce: ScatterReduceMode; includeSelf: boolean };
  const g = grads[0]!;
  const self = node.savedTensor(0);
  const src = node.savedTensor(1);
  const result = node.savedTensor(2);
  const { dim, index, reduce, includeSelf } = a;
  // targets that received at least one src value
  const hit = self.newZerosLike(self.shape, self.dtype).scatter(dim, index, 1).gt(0);
  const selfPart = (gSelf: Tensor): Tensor => (includeSelf ? gSelf : gSelf.where(hit.logicalNot(), 0));
  if (reduce === 'sum') return [selfPart(g), g.gather(dim, index)];
  if (reduce === 'mean') {
    const ones = src.newZerosLike(src.shape, src.dtype).add(1);
    const counts = self.newZerosLike(self.shape, self.dtype).add(includeSelf ? 1 : 0).scatterAdd(dim, index, ones).clampMin(1);
    const gc = g.div(counts);
    return [selfPart(gc), gc.gather(dim, index)];
  }
  if (reduce === 'prod') {
    const gr = g.mul(result);
    return [selfPart(gr.div(self)), gr.gather(dim, index).div(src)];
  }
  // amax / amin: evenly between the values equal to the result (PyTorch counts self's even when
  // includeSelf is false, and then drops self's share)
  const selfHits = self.eq(result).to(self.dtype);
  const srcHits = src.eq(result.gather(dim, index)).to(src.dtype);
  const share = g.div(selfHits.scatterAdd(dim, index, srcHits));
  return [selfPart(share.mul(selfHits)), share.gather(dim, index).mul(srcHits)];
}

function maskedScatterBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { mask: Tensor; sourceShape: number[] };
  const g = grads[0]!;
  const gSelf = node.next[0] ? g.maskedFill(a.mask, 0) : null;
  let gSource: Tensor | null = null;
  if (node.next[1]) {
    // the first k elements of source went to the k masked positions, in order
    const picked = g.maskedSelect(a.mask);
    const n = a.sourceShape.reduce((x, y) => x * y, 1);
    const rest = n - picked.numel();
    gSource = (rest > 0 ? cat2(picked, picked.newZerosLike([rest], picked.dtype)) : picked).view(a.sourceShape);
  }
  return [gSelf, gSource];
}
function cat2(a: Tensor, b: Tensor): Tensor {
  return a.cat1(b, 0);
}

function putBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { index: Tensor; accumulate: boolean; sourceShape: number[] };
  const g = grads[0]!;
  const gSelf = node.next[0] ? (a.accumulate ? g : g.put(a.index, g.newZerosLike(a.index.shape, g.dtype))) : null;
  const gSource = node.next[1] ? g.take(a.index).reshape(a.sourceShape) : null;
  return [gSelf, gSource];
}

declare module '../tensor' {
  interface Tensor {
    indexCopy_(dim: number, index: Tensor, source: Tensor): Tensor;
    indexFill_(dim: number, index: Tensor, value: number | boolean): Tensor;
    scatter_(dim: number, index: Tensor, src: Tensor | number | boolean): Tensor;
    scatterAdd_(dim: number, index: Tensor, src: Tensor): Tensor;
    scatterReduce(dim: number, index: Tensor, src: Tensor, reduce: ScatterReduceMode, options?: { includeSelf?: boolean }): Tensor;
    scatterReduce_(dim: number, index: Tensor, src: Tensor, reduce: ScatterReduceMode, options?: { includeSelf?: boolean }): Tensor;
    put(index: Tensor, source: Tensor, options?: { accumulate?: boolean }): Tensor;
    put_(index: Tensor, source: Tensor, options?: { accumulate?: boolean }): Tensor;
    maskedScatter(mask: Tensor, source: Tensor): Tensor;
    maskedScatter_(mask: Tensor, source: Tensor): Tensor;
    repeatInterleave(repeats: number | Tensor, dim?: number | null): Tensor;
  }
}

Object.assign(Tensor.prototype as unknown as Record<string, unknown>, {
  indexCopy_(this: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
    return applyInplace(this, [source], () => this.impl.copy_(this.impl.indexCopy(dim, index.impl, source.impl)), (old) => old.indexCopy(dim, index, source));
  },
  indexFill_(this: Tensor, dim: number, index: Tensor, value: number | boolean): Tensor {
    return applyInplace(this, [], () => this.impl.copy_(this.impl.indexFill(dim, index.impl, value)), (old) => old.indexFill(dim, index, value));
  },
  scatter_(this: Tensor, dim: number, index: Tensor, src: Tensor | number | boolean): Tensor {
    const st = src instanceof Tensor ? src : null;
    return applyInplace(this, [st], () => this.impl.copy_(this.impl.scatter(dim, index.impl, st ? st.impl : (src as number))), (old) => old.scatter(dim, index, src));
  },
  scatterAdd_(this: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
    return applyInplace(this, [src], () => this.impl.copy_(this.impl.scatterAdd(dim, index.impl, src.impl)), (old) => old.scatterAdd(dim, index, src));
  },
  scatterReduce(this: Tensor, dim: number, index: Tensor, src: Tensor, reduce: ScatterReduceMode, options?: { includeSelf?: boolean }): Tensor {
    checkIndex('scatterReduce', index);
    const r = wrap(this.impl.scatterReduce(dim, index.impl, src.impl, reduce, options));
    if (needsGrad([this, src])) {
      const node = record('ScatterReduceBackward0', scatterReduceBackward, [this, src], r, { dim: wrapDim(dim, this.ndim), index, reduce, includeSelf: options?.includeSelf ?? true });
      node.save(this);
      node.save(src);
      node.save(r, true);
    }
    return r;
  },
  scatterReduce_(this: Tensor, dim: number, index: Tensor, src: Tensor, reduce: ScatterReduceMode, options?: { includeSelf?: boolean }): Tensor {
    return applyInplace(
      this,
      [src],
      () => this.impl.copy_(this.impl.scatterReduce(dim, index.impl, src.impl, reduce, options)),
      (old) => old.scatterReduce(dim, index, src, reduce, options),
    );
  },
  put(this: Tensor, index: Tensor, source: Tensor, options?: { accumulate?: boolean }): Tensor {
    checkIndex('put', index);
    const r = wrap(this.impl.put(index.impl, source.impl, options));
    if (needsGrad([this, source])) record('PutBackward0', putBackward, [this, source], r, { index, accumulate: options?.accumulate ?? false, sourceShape: source.shape });
    return r;
  },
  put_(this: Tensor, index: Tensor, source: Tensor, options?: { accumulate?: boolean }): Tensor {
    return applyInplace(this, [source], () => this.impl.copy_(this.impl.put(index.impl, source.impl, options)), (old) => old.put(index, source, options));
  },
  maskedScatter(this: Tensor, mask: Tensor, source: Tensor): Tensor {
    if (!(mask instanceof Tensor) || !(source instanceof Tensor)) throw new TypeError('maskedScatter(): mask and source must be Tensors');
    const r = wrap(this.impl.maskedScatter(mask.impl, source.impl));
    if (needsGrad([this, source])) {
      const shape = broadcastShapes(this.shape, mask.shape);
      record('MaskedScatterBackward0', maskedScatterBackward, [this, source], r, { mask: mask.expand(shape), sourceShape: source.shape });
    }
    return r;
  },
  maskedScatter_(this: Tensor, mask: Tensor, source: Tensor): Tensor {
    return applyInplace(this, [source], () => this.impl.copy_(this.impl.maskedScatter(mask.impl, source.impl)), (old) => old.maskedScatter(mask, source));
  },
  repeatInterleave(this: Tensor, repeats: number | Tensor, dim?: number | null): Tensor {
    // an indexSelect with the repeated positions: differentiable through indexSelect
    const flat = dim === undefined || dim === null;
    const x = flat ? this.reshape([-1]) : this;
    const d = flat ? 0 : wrapDim(dim, this.ndim);
    const positions = wrap(backendOf(x).arange(0, x.shape[d], 1, { dtype: 'int64' }));
    const index = wrap(positions.impl.repeatInterleave(repeats instanceof Tensor ? repeats.impl : repeats, 0));
    return x.indexSelect(d, index);
  },
});
