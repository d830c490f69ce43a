// Matrix products. mm, bmm, mv, dot and outer are primitives with their derivatives; matmul is
// composed from them and views (as PyTorch does), so every broadcasting case differentiates.
import type { BackendTensor } from '../backend';
import type { Grads, Node } from '../node';
import { needsGrad, record, wrap } from '../tape';
import { Tensor } from '../tensor';
import { outForm } from './elementwise';
import { broadcastShapes } from './grad_utils';

type ProductName = 'mm' | 'bmm' | 'mv' | 'dot' | 'outer';

/** Each product's gradient with respect to a (given b) and to b (given a). */
const GRADS: Record<ProductName, { a: (g: Tensor, b: Tensor) => Tensor; b: (g: Tensor, a: Tensor) => Tensor }> = {
  mm: { a: (g, b) => g.mm(b.t()), b: (g, a) => a.t().mm(g) },
  bmm: { a: (g, b) => g.bmm(b.transpose(1, 2)), b: (g, a) => a.transpose(1, 2).bmm(g) },
  mv: { a: (g, b) => g.unsqueeze(1).mul(b.unsqueeze(0)), b: (g, a) => a.t().mv(g) },
  dot: { a: (g, b) => b.mul(g), b: (g, a) => a.mul(g) },
  outer: { a: (g, b) => g.mv(b), b: (g, a) => g.t().mv(a) },
};
const NAMES: Record<ProductName, string> = {
  mm: 'MmBackward0',
  bmm: 'BmmBackward0',
  mv: 'MvBackward0',
  dot: 'DotBackward0',
  outer: 'OuterBackward0',
};

function productBackward(node: Node, grads: Grads): Grads {
  // only the gradients that are needed are computed (and only what they need was saved)
  const op = node.args as ProductName;
  const g = grads[0]!;
  const needA = node.next[0] !== null;
  const needB = node.next[1] !== null;
  const saved = (i: number): Tensor => node.savedTensor(i);
  const ga = needA ? GRADS[op].a(g, saved(needB ? 1 : 0)) : null;
  const gb = needB ? GRADS[op].b(g, saved(0)) : null;
  return [ga, gb];
}

function product(op: ProductName, a: Tensor, b: Tensor, out?: Tensor): Tensor {
  if (!(b instanceof Tensor)) throw new TypeError(`${op}(): argument must be a Tensor, got ${b === null ? 'null' : typeof b}`);
  const fn = a.impl[op] as (this: BackendTensor, other: BackendTensor, options?: { out?: BackendTensor }) => BackendTensor;
  if (out !== undefined && out !== null) return outForm(op, [a, b], out, (o) => fn.call(a.impl, b.impl, { out: o }));
  const r = wrap(fn.call(a.impl, b.impl));
  if (needsGrad([a, b])) {
    const node = record(NAMES[op], productBackward, [a, b], r, op);
    // the gradient of a needs b, that of b needs a: saved in the order [a if needed, b if needed]
    if (node.next[1] !== null) node.save(a);
    if (node.next[0] !== null) node.save(b);
  }
  return r;
}

/** PyTorch's matmul, built from the primitives so that autograd sees through it. */
function matmul(a: Tensor, b: Tensor): Tensor {
  if (!(b instanceof Tensor)) throw new TypeError('matmul(): argument must be a Tensor');
  const da = a.ndim;
  const db = b.ndim;
  if (da === 0 || db === 0) {
    throw new Error(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  }
  if (da === 1 && db === 1) return a.dot(b);
  if (da === 2 && db === 1) return a.mv(b);
  if (da === 1 && db === 2) return a.unsqueeze(0).mm(b).squeeze(0);
  if (da === 2 && db === 2) return a.mm(b);
  // a is [..., n, k] (or [k]) and b is [..., k, m] (or [k]): broadcast the batch dims, one bmm
  const a2 = da === 1 ? a.unsqueeze(0) : a;
  const b2 = db === 1 ? b.unsqueeze(1) : b;
  const [n, k] = a2.shape.slice(-2);
  const [k2, m] = b2.shape.slice(-2);
  if (k !== k2) {
    throw new Error(`mat1 and mat2 shapes cannot be multiplied (${a.shape.join('x')} and ${b.shape.join('x')})`);
  }
  if (db <= 2 && da > 2) {
    // fold a's batch into its rows: one mm
    const r = a2.reshape([-1, k]).mm(b2);
    const shape = [...a2.shape.slice(0, -1), m];
    const full = r.view(shape);
    return db === 1 ? full.squeeze(-1) : full;
  }
  const batchA = a2.shape.slice(0, -2);
  const batchB = b2.shape.slice(0, -2);
  const batch = broadcastShapes(batchA, batchB, () => `matmul: the batch dims of [${a.shape.join(', ')}] and [${b.shape.join(', ')}] cannot be broadcast`);
  const count = batch.reduce((x, y) => x * y, 1);
  const ea = a2.expand([...batch, n, k]).reshape([count, n, k]);
  const eb = b2.expand([...batch, k, m]).reshape([count, k, m]);
  let r = ea.bmm(eb).view([...batch, n, m]);
  if (da === 1) r = r.squeeze(-2);
  if (db === 1) r = r.squeeze(-1);
  return r;
}


/** beta * self + alpha * (product): composed, so broadcasting of self differentiates too. */
function addProduct(self: Tensor, prod: Tensor, beta: number, alpha: number): Tensor {
  const p = alpha === 1 ? prod : prod.mul(alpha);
  if (beta === 0) return p.add(self.mul(0).maskedFill(self.isnan(), 0)); // beta 0 ignores self, even NaN
  return (beta === 1 ? self : self.mul(beta)).add(p);
}

type AddOptions = { beta?: number; alpha?: number; out?: Tensor };

declare module '../tensor' {
  interface Tensor {
    mm(mat2: Tensor, options?: { out?: Tensor }): Tensor;
    bmm(mat2: Tensor, options?: { out?: Tensor }): Tensor;
    mv(vec: Tensor, options?: { out?: Tensor }): Tensor;
    dot(other: Tensor, options?: { out?: Tensor }): Tensor;
    vdot(other: Tensor): Tensor;
    outer(other: Tensor, options?: { out?: Tensor }): Tensor;
    ger(other: Tensor): Tensor;
    matmul(other: Tensor): Tensor;
    addmm(mat1: Tensor, mat2: Tensor, options?: AddOptions): Tensor;
    addmv(mat: Tensor, vec: Tensor, options?: AddOptions): Tensor;
    addr(vec1: Tensor, vec2: Tensor, options?: AddOptions): Tensor;
    baddbmm(batch1: Tensor, batch2: Tensor, options?: AddOptions): Tensor;
    addbmm(batch1: Tensor, batch2: Tensor, options?: AddOptions): Tensor;
    addmm_(mat1: Tensor, mat2: Tensor, options?: { beta?: number; alpha?: number }): Tensor;
  }
}

const proto = Tensor.prototype as unknown as Record<string, unknown>;
for (const op of ['mm', 'bmm', 'mv', 'dot', 'outer'] as const) {
  proto[op] = function (this: Tensor, other: Tensor, options?: { out?: Tensor }): Tensor {
    return product(op, this, other, options?.out);
  };
}

function withOut(name: string, inputs: Tensor[], r: Tensor, out: Tensor | undefined): Tensor {
  if (out === undefined || out === null) return r;
  return outForm(name, inputs, out, (o) => o.copy_(r.impl));
}

Object.assign(proto, {
  vdot(this: Tensor, other: Tensor): Tensor {
    return this.dot(other);
  },
  ger(this: Tensor, other: Tensor): Tensor {
    return this.outer(other);
  },
  matmul(this: Tensor, other: Tensor): Tensor {
    return matmul(this, other);
  },
  addmm(this: Tensor, m1: Tensor, m2: Tensor, o: AddOptions = {}): Tensor {
    return withOut('addmm', [this, m1, m2], addProduct(this, m1.mm(m2), o.beta ?? 1, o.alpha ?? 1), o.out);
  },
  addmv(this: Tensor, m: Tensor, v: Tensor, o: AddOptions = {}): Tensor {
    return withOut('addmv', [this, m, v], addProduct(this, m.mv(v), o.beta ?? 1, o.alpha ?? 1), o.out);
  },
  addr(this: Tensor, v1: Tensor, v2: Tensor, o: AddOptions = {}): Tensor {
    return withOut('addr', [this, v1, v2], addProduct(this, v1.outer(v2), o.beta ?? 1, o.alpha ?? 1), o.out);
  },
  baddbmm(this: Tensor, b1: Tensor, b2: Tensor, o: AddOptions = {}): Tensor {
    return withOut('baddbmm', [this, b1, b2], addProduct(this, b1.bmm(b2), o.beta ?? 1, o.alpha ?? 1), o.out);
  },
  addbmm(this: Tensor, b1: Tensor, b2: Tensor, o: AddOptions = {}): Tensor {
    return withOut('addbmm', [this, b1, b2], addProduct(this, b1.bmm(b2).sum(0), o.beta ?? 1, o.alpha ?? 1), o.out);
  },
  addmm_(this: Tensor, m1: Tensor, m2: Tensor, o: { beta?: number; alpha?: number } = {}): Tensor {
    return this.copy_(this.addmm(m1, m2, o));
  },
});


declare module '../tensor' {
  interface Tensor {
    addmv_(mat: Tensor, vec: Tensor, options?: { beta?: number; alpha?: number }): Tensor;
    addr_(vec1: Tensor, vec2: Tensor, options?: { beta?: number; alpha?: number }): Tensor;
    baddbmm_(batch1: Tensor, batch2: Tensor, options?: { beta?: number; alpha?: number }): Tensor;
    addbmm_(batch1: Tensor, batch2: Tensor, options?: { beta?: number; alpha?: number }): Tensor;
  }
}

// the in-place forms: the out-of-place result copied in (copy_ records them like any in-place op)
Object.assign(proto, {
  addmv_(this: Tensor, m: Tensor, v: Tensor, o: { beta?: number; alpha?: number } = {}): Tensor {
    return this.copy_(this.addmv(m, v, o));
  },
  addr_(this: Tensor, v1: Tensor, v2: Tensor, o: { beta?: number; alpha?: number } = {}): Tensor {
    return this.copy_(this.addr(v1, v2, o));
  },
  baddbmm_(this: Tensor, b1: Tensor, b2: Tensor, o: { beta?: number; alpha?: number } = {}): Tensor {
    return this.copy_(this.baddbmm(b1, b2, o));
  },
  addbmm_(this: Tensor, b1: Tensor, b2: Tensor, o: { beta?: number; alpha?: number } = {}): Tensor {
    return this.copy_(this.addbmm(b1, b2, o));
  },
});
