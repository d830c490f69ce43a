// Order statistics beyond sort/topk: quantile and nanquantile (differentiable: the gradient goes
// to the one or two order statistics each result interpolates), nanmedian, and the counting ops
// (unique, uniqueConsecutive, histc, bincount), which have no gradient.
import type * as th from '@typetorch/th';
import type { BackendTensor } from '../backend';
import type { Grads, Node } from '../node';
import { needsGrad, record, wrap } from '../tape';
import { Tensor } from '../tensor';
import { ValuesIndices, evenlyToEqual, valuesIndices } from './reduce';

type Interpolation = 'linear' | 'lower' | 'higher' | 'midpoint' | 'nearest';
interface QuantileArgs {
  q: number | Tensor;
  dim: number | null;
  keepdim: boolean;
  interpolation: Interpolation;
  ignoreNan: boolean;
}

/** Weights of the lower and upper order statistics at fractional position pos. */
function weights(pos: Tensor, interpolation: Interpolation): [Tensor, Tensor, Tensor, Tensor] {
  const lo = pos.floor();
  const hi = pos.ceil();
  const frac = pos.sub(lo);
  const one = frac.mul(0).add(1);
  switch (interpolation) {
    case 'lower':
      return [lo, hi, one, frac.mul(0)];
    case 'higher':
      return [lo, hi, frac.mul(0), one];
    case 'midpoint':
      return [lo, hi, frac.mul(0).add(0.5).where(hi.ne(lo), 1), frac.mul(0).add(0.5).where(hi.ne(lo), 0)];
    case 'nearest': {
      const nearest = pos.round();
      return [nearest, nearest, one, frac.mul(0)];
    }
    default:
      return [lo, hi, frac.neg().add(1), frac];
  }
}

function quantileBackward(node: Node, grads: Grads): Grads {
  const a = node.args as QuantileArgs & { shape: number[] };
  const x = node.savedTensor(0);
  const g = grads[0]!;
  const flat = a.dim === null;
  const xd = flat ? x.reshape([-1]) : x;
  const n = Math.max(xd.ndim, 1);
  const d = flat ? 0 : a.dim! < 0 ? a.dim! + n : a.dim!;
  const size = xd.ndim === 0 ? 1 : xd.shape[d];
  const order = xd.ndim === 0 ? xd.reshape([1]).argsort(0) : xd.argsort(d); // NaN sort last
  const qs = a.q instanceof Tensor ? (a.q.ndim === 0 ? [Number(a.q.item())] : (a.q.toArray() as number[])) : [a.q];
  const scalarQ = !(a.q instanceof Tensor) || a.q.ndim === 0;
  // valid elements per slice (all of them for quantile), kept as a dim of size 1
  const counts = a.ignoreNan ? xd.isnan().logicalNot().sum(xd.ndim === 0 ? null : d, { keepdim: true }).to(x.dtype) : null;
  const zeros = (): Tensor => xd.newZerosLike(xd.shape, x.dtype); // (x * 0 would keep NaN)
  let grad = zeros();
  qs.forEach((q, k) => {
    let gk = scalarQ ? g : g.select(0, k);
    if (!a.keepdim && !flat && xd.ndim > 0) gk = gk.unsqueeze(d);
    if (flat) gk = gk.reshape([1]);
    const slice = xd.ndim === 0 ? [1] : xd.shape.map((s2, i) => (i === d ? 1 : s2));
    const pos = counts !== null ? counts.sub(1).clampMin(0).mul(q) : xd.newZerosLike(slice, x.dtype).add(q * (size - 1));
    const [lo, hi, wlo, whi] = weights(pos, a.interpolation);
    const at = (p: Tensor): Tensor => order.gather(xd.ndim === 0 ? 0 : d, p.to('int64'));
    const z = zeros();
    grad = grad.add(z.scatterAdd(xd.ndim === 0 ? 0 : d, at(lo), gk.mul(wlo)).scatterAdd(xd.ndim === 0 ? 0 : d, at(hi), gk.mul(whi)));
  });
  return [flat ? grad.reshape(a.shape) : grad];
}

function quantile(x: Tensor, q: number | Tensor, dim: number | null | undefined, keepdim: boolean | undefined, options: { interpolation?: Interpolation } | undefined, ignoreNan: boolean): Tensor {
  const name = ignoreNan ? 'nanquantile' : 'quantile';
  const qImpl = q instanceof Tensor ? q.impl : q;
  const r = wrap(x.impl[name](qImpl, dim ?? null, keepdim ?? false, options));
  if (needsGrad([x])) {
    const node = record(ignoreNan ? 'NanquantileBackward0' : 'QuantileBackward0', quantileBackward, [x], r, {
      q,
      dim: dim ?? null,
      keepdim: keepdim ?? false,
      interpolation: options?.interpolation ?? 'linear',
      ignoreNan,
      shape: x.shape,
    });
    node.save(x);
  }
  return r;
}

declare module '../tensor' {
  interface Tensor {
    quantile(q: number | Tensor, dim?: number | null, keepdim?: boolean, options?: { interpolation?: Interpolation }): Tensor;
    nanquantile(q: number | Tensor, dim?: number | null, keepdim?: boolean, options?: { interpolation?: Interpolation }): Tensor;
    nanmedian(): Tensor;
    nanmedian(dim: number, keepdim?: boolean): ValuesIndices;
    unique(options?: th.UniqueOptions): Tensor | Tensor[];
    uniqueConsecutive(options?: th.UniqueConsecutiveOptions): Tensor | Tensor[];
    histc(bins?: number, min?: number, max?: number): Tensor;
    bincount(weights?: Tensor | null, minlength?: number): Tensor;
  }
}

const wrapAll = (r: BackendTensor | BackendTensor[]): Tensor | Tensor[] => (Array.isArray(r) ? r.map(wrap) : wrap(r));

Object.assign(Tensor.prototype as unknown as Record<string, unknown>, {
  quantile(this: Tensor, q: number | Tensor, dim?: number | null, keepdim?: boolean, options?: { interpolation?: Interpolation }): Tensor {
    return quantile(this, q, dim, keepdim, options, false);
  },
  nanquantile(this: Tensor, q: number | Tensor, dim?: number | null, keepdim?: boolean, options?: { interpolation?: Interpolation }): Tensor {
    return quantile(this, q, dim, keepdim, options, true);
  },
  nanmedian(this: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
    if (dim === undefined) {
      const r = wrap(this.impl.nanmedian());
      if (needsGrad([this])) evenlyToEqual('NanmedianBackward0', this, r);
      return r;
    }
    return valuesIndices('NanmedianBackward1', this, this.impl.nanmedian(dim, keepdim), dim, keepdim);
  },
  unique(this: Tensor, options?: th.UniqueOptions): Tensor | Tensor[] {
    return wrapAll(this.impl.unique(options));
  },
  uniqueConsecutive(this: Tensor, options?: th.UniqueConsecutiveOptions): Tensor | Tensor[] {
    return wrapAll(this.impl.uniqueConsecutive(options));
  },
  histc(this: Tensor, bins?: number, min?: number, max?: number): Tensor {
    return wrap(this.impl.histc(bins, min, max));
  },
  bincount(this: Tensor, weights?: Tensor | null, minlength?: number): Tensor {
    return wrap(this.impl.bincount(weights ? weights.impl : null, minlength));
  },
});
