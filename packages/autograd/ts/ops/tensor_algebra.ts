// Tensor algebra: tril/triu, trace, diag/diagEmbed and cross are primitives (TH kernels, PyTorch's
// derivatives); einsum, tensordot and kron are composed from views, mul, sum and bmm (as PyTorch's
// CompositeImplicit versions are), so every order of derivative comes for free.
import type { Grads, Node } from '../node';
import { backendOf } from '../backend';
import { applyInplace, needsGrad, record, wrap } from '../tape';
import { Tensor } from '../tensor';
import { sumToShape } from './grad_utils';

const wrapDim = (d: number, ndim: number): number => {
  const n = Math.max(ndim, 1);
  if (d < -n || d >= n) throw new Error(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${d})`);
  return d < 0 ? d + n : d;
};
const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);
function checkTensor(x: unknown, op: string, what: string): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`${op}(): argument '${what}' must be a Tensor, got ${x === null ? 'null' : typeof x}`);
}

// ---- tril / triu ----

type Triangle = 'tril' | 'triu';
const TRIANGLE_NODE: Record<Triangle, string> = { tril: 'TrilBackward0', triu: 'TriuBackward0' };

function triangleBackward(node: Node, grads: Grads): Grads {
  const { kind, diagonal } = node.args as { kind: Triangle; diagonal: number };
  return [grads[0]![kind](diagonal)];
}

function triangle(kind: Triangle, x: Tensor, diagonal: number): Tensor {
  if (x.ndim < 2) throw new Error(`${kind}: input tensor must have at least 2 dimensions`);
  const r = wrap(x.impl[kind](diagonal));
  if (needsGrad([x])) record(TRIANGLE_NODE[kind], triangleBackward, [x], r, { kind, diagonal });
  return r;
}

function triangleInplace(kind: Triangle, x: Tensor, diagonal: number): Tensor {
  if (x.ndim < 2) throw new Error(`${kind}_: input tensor must have at least 2 dimensions`);
  return applyInplace(
    x,
    [],
    () => (kind === 'tril' ? x.impl.tril_(diagonal) : x.impl.triu_(diagonal)),
    (old) => triangle(kind, old, diagonal),
  );
}

// ---- trace ----

function traceBackward(node: Node, grads: Grads): Grads {
  const { shape, dtype } = node.args as { shape: number[]; dtype: Tensor['dtype'] };
  const eye = wrap(backendOf(grads[0]!).eye(shape[0], shape[1], { dtype }));
  return [eye.mul(grads[0]!)];
}

function traceOp(x: Tensor): Tensor {
  if (x.ndim !== 2) throw new Error(`trace: expected a matrix, but got tensor with dim ${x.ndim}`);
  const r = wrap(x.impl.trace());
  if (needsGrad([x])) record('TraceBackward0', traceBackward, [x], r, { shape: x.shape, dtype: x.dtype });
  return r;
}

// ---- diagEmbed / diag ----

function diagEmbedBackward(node: Node, grads: Grads): Grads {
  const { offset, dim1, dim2 } = node.args as { offset: number; dim1: number; dim2: number };
  return [grads[0]!.diagonal(offset, dim1, dim2)];
}

function diagEmbedOp(x: Tensor, offset: number, dim1: number, dim2: number): Tensor {
  const r = wrap(x.impl.diagEmbed(offset, dim1, dim2));
  if (needsGrad([x])) {
    // the result's dims, so that the backward's diagonal reads the same positions
    record('DiagEmbedBackward0', diagEmbedBackward, [x], r, { offset, dim1: wrapDim(dim1, r.ndim), dim2: wrapDim(dim2, r.ndim) });
  }
  return r;
}

/** 1-D: the matrix with x on its offset-th diagonal; 2-D: the offset-th diagonal (a copy). */
function diagOp(x: Tensor, offset: number): Tensor {
  if (x.ndim === 1) return diagEmbedOp(x, offset, 0, 1);
  if (x.ndim === 2) return x.diagonal(offset, 0, 1).clone();
  throw new Error(`diag(): Supports 1D or 2D tensors. Got ${x.ndim}D`);
}

// ---- cross ----

function crossBackward(node: Node, grads: Grads): Grads {
  const { dim, aShape, bShape } = node.args as { dim: number; aShape: number[]; bShape: number[] };
  const g = grads[0]!;
  const a = node.savedTensor(0);
  const b = node.savedTensor(1);
  return [node.next[0] ? sumToShape(cross(b, g, dim), aShape) : null, node.next[1] ? sumToShape(cross(g, a, dim), bShape) : null];
}

/**
 * The cross product along dim (of size 3). dim null: the first dim of size 3 (torch.cross's
 * deprecated default); linalg.cross passes -1. Batch dims broadcast.
 */
export function cross(a: Tensor, b: Tensor, dim: number | null = null): Tensor {
  checkTensor(b, 'cross', 'other');
  let d: number;
  if (dim === null) {
    d = a.shape.indexOf(3);
    if (d < 0) throw new Error(`no dimension of size 3 in input (shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}])`);
  } else {
    if (a.ndim === 0) throw new Error('linalg.cross: expected tensors with at least 1 dimension');
    d = wrapDim(dim, a.ndim);
  }
  const r = wrap(a.impl.cross(b.impl, d));
  if (needsGrad([a, b])) {
    const node = record('LinalgCrossBackward0', crossBackward, [a, b], r, { dim: d, aShape: a.shape, bShape: b.shape });
    node.save(a);
    node.save(b);
  }
  return r;
}

// ---- kron ----

/** Kronecker product: a's and b's dims interleaved, multiplied, and merged pairwise. */
export function kron(a: Tensor, b: Tensor): Tensor {
  checkTensor(b, 'kron', 'other');
  const n = Math.max(a.ndim, b.ndim);
  const sa = [...new Array<number>(n - a.ndim).fill(1), ...a.shape];
  const sb = [...new Array<number>(n - b.ndim).fill(1), ...b.shape];
  const ai = sa.flatMap((s) => [s, 1]);
  const bi = sb.flatMap((s) => [1, s]);
  return a.reshape(ai).mul(b.reshape(bi)).reshape(sa.map((s, i) => s * sb[i]));
}

// ---- tensordot ----

export type TensordotDims = number | [number | readonly number[], number | readonly number[]];

/**
 * Sums the products of a's and b's elements over pairs of dims: a number n contracts a's last n
 * dims with b's first n; [dimsA, dimsB] contracts a's dimsA[i] with b's dimsB[i]. The result has
 * a's free dims, then b's. (One mm on permuted, flattened operands.)
 */
export function tensordot(a: Tensor, b: Tensor, dims: TensordotDims = 2): Tensor {
  checkTensor(b, 'tensordot', 'b');
  let da: number[];
  let db: number[];
  if (typeof dims === 'number') {
    if (!Number.isInteger(dims) || dims < 0) throw new Error(`tensordot expects dims >= 0, but got dims=${dims}`);
    if (dims > a.ndim || dims > b.ndim) throw new Error(`tensordot expects dims < ndim_a or ndim_b, but got dims=${dims}`);
    da = Array.from({ length: dims }, (_, i) => a.ndim - dims + i);
    db = Array.from({ length: dims }, (_, i) => i);
  } else if (Array.isArray(dims) && dims.length === 2) {
    const list = (d: number | readonly number[]): number[] => (typeof d === 'number' ? [d] : [...d]);
    da = list(dims[0]).map((d) => wrapDim(d, a.ndim));
    db = list(dims[1]).map((d) => wrapDim(d, b.ndim));
  } else {
    throw new TypeError('tensordot: dims must be a number or a pair [dimsA, dimsB]');
  }
  if (da.length !== db.length) throw new Error('both dimension lists should have same length');
  if (new Set(da).size !== da.length || new Set(db).size !== db.length) throw new Error('tensordot: a dim appears twice in dims');
  da.forEach((d, i) => {
    if (a.shape[d] !== b.shape[db[i]]) {
      throw new Error(`contracted dimensions need to match, but first has size ${a.shape[d]} in dim ${d} and second has size ${b.shape[db[i]]} in dim ${db[i]}`);
    }
  });
  const freeA = a.shape.map((_, i) => i).filter((i) => !da.includes(i));
  const freeB = b.shape.map((_, i) => i).filter((i) => !db.includes(i));
  const k = product(da.map((d) => a.shape[d]));
  const m = product(freeA.map((d) => a.shape[d]));
  const n = product(freeB.map((d) => b.shape[d]));
  const left = a.permute([...freeA, ...da]).reshape([m, k]);
  const right = b.permute([...db, ...freeB]).reshape([k, n]);
  return left.mm(right).view([...freeA.map((d) => a.shape[d]), ...freeB.map((d) => b.shape[d])]);
}

// ---- einsum ----

/** A label: letters are 0..51 (uppercase first, PyTorch's order), ellipsis dims 52 + i. */
type Label = number;
const ELLIPSIS_BASE = 52;
const letterLabel = (c: string): Label => {
  const code = c.charCodeAt(0);
  if (code >= 65 && code <= 90) return code - 65;
  if (code >= 97 && code <= 122) return code - 97 + 26;
  throw new Error(`einsum(): invalid subscript '${c}' in the equation string, subscripts must be in [a-zA-Z]`);
};

/** One term of the equation ("ij", "...k"): its letters around an optional ellipsis. */
interface Term {
  before: Label[];
  ellipsis: boolean;
  after: Label[];
}

function parseTerm(s: string, what: string): Term {
  const parts = s.split('...');
  if (parts.length > 2) throw new Error(`einsum(): found more than one ellipsis ("...") in ${what}`);
  if (parts.some((p) => p.includes('.'))) throw new Error(`einsum(): found '.' for ${what} that is not part of any ellipsis`);
  return { before: [...parts[0]].map(letterLabel), ellipsis: parts.length === 2, after: parts.length === 2 ? [...parts[1]].map(letterLabel) : [] };
}

/** An operand during the contraction: a tensor and the label of each of its dims. */
interface Labeled {
  t: Tensor;
  labels: Label[];
}

/** Sums the dims whose labels are not wanted. */
function sumOut(x: Labeled, wanted: (l: Label) => boolean): Labeled {
  const dims = x.labels.map((l, i) => (wanted(l) ? -1 : i)).filter((i) => i >= 0);
  if (dims.length === 0) return x;
  return { t: x.t.sum(dims), labels: x.labels.filter((l) => wanted(l)) };
}

/** Repeated labels within one operand: their diagonal (PyTorch's einsum does the same). */
function takeDiagonals(x: Labeled): Labeled {
  let { t, labels } = x;
  for (;;) {
    const q = labels.findIndex((l, i) => labels.indexOf(l) !== i);
    if (q < 0) return { t, labels };
    const p = labels.indexOf(labels[q]);
    t = t.diagonal(0, p, q); // sizes checked by einsum
    labels = [...labels.filter((_, i) => i !== p && i !== q), labels[p]];
  }
}

const labelName = (l: Label): string => (l >= ELLIPSIS_BASE ? '...' : String.fromCharCode(l < 26 ? 65 + l : 97 + l - 26));

/**
 * Contracts two operands with one bmm, [batch, left, contract] x [batch, contract, right]: labels
 * both have are batch dims when keep (the output and later operands) needs them, else summed;
 * labels only one has stay when needed (else they are summed first). Size-1 dims broadcast.
 */
function contractPair(a: Labeled, b: Labeled, keep: Set<Label>): Labeled {
  const inB = new Set(b.labels);
  const inA = new Set(a.labels);
  a = sumOut(a, (l) => inB.has(l) || keep.has(l));
  b = sumOut(b, (l) => inA.has(l) || keep.has(l));
  const batch = a.labels.filter((l) => inB.has(l) && keep.has(l));
  const contract = a.labels.filter((l) => inB.has(l) && !keep.has(l));
  const left = a.labels.filter((l) => !inB.has(l));
  const right = b.labels.filter((l) => !inA.has(l));
  const sizeA = (l: Label): number => a.t.shape[a.labels.indexOf(l)];
  const sizeB = (l: Label): number => b.t.shape[b.labels.indexOf(l)];
  const shared = (l: Label): number => Math.max(sizeA(l), sizeB(l));
  const batchSizes = batch.map(shared);
  const contractSizes = contract.map(shared);
  const leftSizes = left.map(sizeA);
  const rightSizes = right.map(sizeB);
  const permA = [...batch, ...left, ...contract].map((l) => a.labels.indexOf(l));
  const permB = [...batch, ...contract, ...right].map((l) => b.labels.indexOf(l));
  const bs = product(batchSizes);
  const cs = product(contractSizes);
  const ta = a.t.permute(permA).expand([...batchSizes, ...leftSizes, ...contractSizes]).reshape([bs, product(leftSizes), cs]);
  const tb = b.t.permute(permB).expand([...batchSizes, ...contractSizes, ...rightSizes]).reshape([bs, cs, product(rightSizes)]);
  return { t: ta.bmm(tb).view([...batchSizes, ...leftSizes, ...rightSizes]), labels: [...batch, ...left, ...right] };
}

/**
 * Einstein summation (torch.einsum): "ij,jk->ik", implicit output ("ij,jk"), repeated labels in
 * an operand (diagonals: "ii->i"), and an ellipsis ("...ij,...jk->...ik", broadcast). Operands are
 * contracted left to right, each pair with one bmm, so the result is differentiable to any order.
 */
export function einsum(equation: string, ...operands: (Tensor | readonly Tensor[])[]): Tensor {
  if (typeof equation !== 'string') throw new TypeError('einsum(): the equation must be a string');
  const ops: Tensor[] = operands.length === 1 && Array.isArray(operands[0]) ? [...(operands[0] as Tensor[])] : (operands as Tensor[]);
  if (ops.length === 0) throw new Error('einsum(): must provide at least one operand');
  ops.forEach((t, i) => checkTensor(t, 'einsum', `operands[${i}]`));
  const eq = equation.replace(/\s+/g, '');
  const arrow = eq.indexOf('->');
  const lhs = arrow < 0 ? eq : eq.slice(0, arrow);
  const terms = lhs.split(',').map((s, i) => parseTerm(s, `operand ${i}`));
  if (terms.length !== ops.length) {
    throw new Error(`einsum(): ${terms.length < ops.length ? 'more' : 'fewer'} operands were provided than specified in the equation`);
  }
  // the ellipsis: right-aligned dims shared by every operand that has one
  const ellipsisDims = terms.map((term, i) => {
    const n = ops[i].ndim - term.before.length - term.after.length;
    if (term.ellipsis ? n < 0 : n !== 0) {
      throw new Error(
        `einsum(): the number of subscripts in the equation (${term.before.length + term.after.length}) ` +
          `${term.ellipsis ? 'is more than' : 'does not match'} the number of dimensions (${ops[i].ndim}) for operand ${i}${term.ellipsis ? '' : ' and no ellipsis was given'}`,
      );
    }
    return n;
  });
  const maxEllipsis = Math.max(0, ...ellipsisDims);
  const ellipsisLabels = (n: number): Label[] => Array.from({ length: n }, (_, k) => ELLIPSIS_BASE + maxEllipsis - n + k);
  let current: Labeled[] = ops.map((t, i) => ({ t, labels: [...terms[i].before, ...ellipsisLabels(ellipsisDims[i]), ...terms[i].after] }));

  // the output's labels
  let output: Label[];
  if (arrow >= 0) {
    const out = parseTerm(eq.slice(arrow + 2), 'the output');
    output = [...out.before, ...(out.ellipsis ? ellipsisLabels(maxEllipsis) : []), ...out.after];
    const seenIn = new Set(current.flatMap((x) => x.labels));
    const seenOut = new Set<Label>();
    for (const l of output) {
      if (seenOut.has(l)) throw new Error(`einsum(): output subscript ${labelName(l)} appears more than once in the output`);
      seenOut.add(l);
      if (!seenIn.has(l)) throw new Error(`einsum(): output subscript ${labelName(l)} does not appear in the equation for any input operand`);
    }
  } else {
    const counts = new Map<Label, number>();
    for (const x of current) for (const l of x.labels) if (l < ELLIPSIS_BASE) counts.set(l, (counts.get(l) ?? 0) + 1);
    const once = [...counts].filter(([, c]) => c === 1).map(([l]) => l).sort((p, q) => p - q);
    output = [...ellipsisLabels(maxEllipsis), ...once];
  }

  // a label repeated within an operand must have one size; across operands, sizes agree or are 1 (broadcast)
  const sizes = new Map<Label, number>();
  current.forEach((x, i) => {
    x.labels.forEach((l, d) => {
      const first = x.labels.indexOf(l);
      if (first !== d && x.t.shape[first] !== x.t.shape[d]) {
        throw new Error(`einsum(): subscript ${labelName(l)} is repeated for operand ${i} but the sizes don't match, ${x.t.shape[d]} != ${x.t.shape[first]}`);
      }
    });
    x.labels.forEach((l, d) => {
      const s = x.t.shape[d];
      const seen = sizes.get(l);
      if (seen === undefined || seen === 1) sizes.set(l, s);
      else if (s !== 1 && s !== seen) {
        throw new Error(`einsum(): subscript ${labelName(l)} has size ${s} for operand ${i} which does not broadcast with previously seen size ${seen}`);
      }
    });
  });

  current = current.map(takeDiagonals);
  const outSet = new Set(output);
  // labels used by no other operand and not in the output are summed first
  current = current.map((x, i) => sumOut(x, (l) => outSet.has(l) || current.some((y, j) => j !== i && y.labels.includes(l))));
  let acc = current[0];
  for (let i = 1; i < current.length; i++) {
    const keep = new Set(output);
    for (let j = i + 1; j < current.length; j++) for (const l of current[j].labels) keep.add(l);
    acc = contractPair(acc, current[i], keep);
  }
  acc = sumOut(acc, (l) => outSet.has(l));
  // always a new view: the result is never one of the operands itself
  return acc.t.permute(output.map((l) => acc.labels.indexOf(l)));
}

// ---- Tensor methods ----

declare module '../tensor' {
  interface Tensor {
    /** The lower triangle (elements on and below the diagonal-th diagonal); the rest zero. */
    tril(diagonal?: number): Tensor;
    tril_(diagonal?: number): Tensor;
    /** The upper triangle (elements on and above the diagonal-th diagonal); the rest zero. */
    triu(diagonal?: number): Tensor;
    triu_(diagonal?: number): Tensor;
    /** The sum of a matrix's main diagonal. */
    trace(): Tensor;
    /** 1-D: a matrix with this on its diagonal-th diagonal; 2-D: that diagonal. */
    diag(diagonal?: number): Tensor;
    /** Matrices (in dims dim1, dim2) with the last dim on their offset-th diagonal. */
    diagEmbed(offset?: number, dim1?: number, dim2?: number): Tensor;
    /** Cross product along dim (default: the first dim of size 3). */
    cross(other: Tensor, dim?: number | null): Tensor;
    /** Kronecker product. */
    kron(other: Tensor): Tensor;
  }
}

Object.assign(Tensor.prototype as unknown as Record<string, unknown>, {
  tril(this: Tensor, diagonal = 0): Tensor {
    return triangle('tril', this, diagonal);
  },
  tril_(this: Tensor, diagonal = 0): Tensor {
    return triangleInplace('tril', this, diagonal);
  },
  triu(this: Tensor, diagonal = 0): Tensor {
    return triangle('triu', this, diagonal);
  },
  triu_(this: Tensor, diagonal = 0): Tensor {
    return triangleInplace('triu', this, diagonal);
  },
  trace(this: Tensor): Tensor {
    return traceOp(this);
  },
  diag(this: Tensor, diagonal = 0): Tensor {
    return diagOp(this, diagonal);
  },
  diagEmbed(this: Tensor, offset = 0, dim1 = -2, dim2 = -1): Tensor {
    return diagEmbedOp(this, offset, dim1, dim2);
  },
  cross(this: Tensor, other: Tensor, dim: number | null = null): Tensor {
    return cross(this, other, dim);
  },
  kron(this: Tensor, other: Tensor): Tensor {
    return kron(this, other);
  },
});

// ---- function forms (torch.tril(x), ...) ----

export const tril = (input: Tensor, diagonal = 0): Tensor => input.tril(diagonal);
export const triu = (input: Tensor, diagonal = 0): Tensor => input.triu(diagonal);
export const trace = (input: Tensor): Tensor => input.trace();
export const diag = (input: Tensor, diagonal = 0): Tensor => input.diag(diagonal);
export const diagEmbed = (input: Tensor, offset = 0, dim1 = -2, dim2 = -1): Tensor => input.diagEmbed(offset, dim1, dim2);
