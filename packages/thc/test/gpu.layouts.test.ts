// On a GPU: every op family, on operands of every layout a view can have (permuted, strided, offset
// by one element so that vector loads are misaligned, broadcast with stride 0, empty), gives on CUDA
// tensors what TH gives on the same inputs: the same values, dtype, shape and strides, or the same
// error. Each test draws its cases from a seed made of its name: a failure lists the cases that
// differ, and the test reruns alone (jest -t) as it failed.
import * as th from '@typetorch/th';
import { describeGpu } from './gpu';

type T = th.Tensor;
type DType = th.DType;
/** What an op gives: a tensor, several, or (values, indices). */
type Result = T | T[] | th.ValuesIndices;

const FLOATS: DType[] = ['float32', 'float64', 'float16', 'bfloat16'];
const INTS: DType[] = ['int32', 'int64', 'uint8', 'int8', 'int16'];
const ALL: DType[] = [...FLOATS, ...INTS, 'bool'];
const TOL: Partial<Record<DType, number>> = { float64: 1e-9, float32: 1e-4, float16: 1e-2, bfloat16: 4e-2 };

/** A seeded stream of choices (which shapes, dims and layouts), not of tensor data. */
function chooser(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (n: number) => Math.floor(next() * n), pick: <X>(xs: readonly X[]): X => xs[Math.floor(next() * xs.length)] };
}

const SHAPES: number[][] = [[], [1], [7], [0], [5, 1, 4], [3, 0, 2], [33, 17], [2, 3, 4, 5], [130, 70], [1, 1025], [3, 4097]];

/** Layouts: the shape of the tensor allocated, and the view of it that has the wanted shape. */
const LAYOUTS = {
  contiguous: (shape: number[]) => ({ base: shape, view: (x: T) => x }),
  permuted: (shape: number[]) => ({ base: [...shape].reverse(), view: (x: T) => x.permute(shape.map((_, i) => shape.length - 1 - i)) }),
  strided: (shape: number[]) =>
    shape.length === 0 ? { base: shape, view: (x: T) => x } : { base: [...shape.slice(0, -1), 2 * shape[shape.length - 1]], view: (x: T) => x.slice(-1, 1, null, 2) },
  offset: (shape: number[]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    return { base: [n + 1], view: (x: T) => x.narrow(0, 1, n).view(shape) };
  },
  broadcast: (shape: number[]) => ({ base: shape.map((d, i) => (i % 2 === 0 ? 1 : d)), view: (x: T) => x.expand(shape) }),
} as const;
type Layout = keyof typeof LAYOUTS;
/** Layouts an op may write through: all but the broadcast one. */
const WRITABLE: Layout[] = ['contiguous', 'permuted', 'strided', 'offset'];
const READABLE = Object.keys(LAYOUTS) as Layout[];

/** Seeds for the choices and the data, set from the test's name: a test reruns alone as it ran. */
let choices = chooser(0);
let dataSeed = 1;
beforeEach(() => {
  const name = expect.getState().currentTestName ?? '';
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  choices = chooser(h);
  dataSeed = h >>> 8;
});

/** Random data of a dtype; `positive` keeps integers in [1, 6) (divisors, shifts, exponents). */
function data(shape: number[], dtype: DType, positive = false): T {
  const generator = new th.Generator().manualSeed(dataSeed++);
  if (dtype === 'bool') return th.randn(shape, { generator }).gt(0);
  if (FLOATS.includes(dtype)) return th.randn(shape, { generator, dtype: 'float64' }).mul(positive ? 1 : 3).to(dtype);
  const [lo, hi] = positive ? [1, 6] : dtype === 'uint8' ? [0, 40] : [-20, 20];
  return th.randint(lo, hi, shape, { generator, dtype });
}

/** One operand twice: on the host and, as the same view of a device copy of its storage, on the GPU. */
interface Operand {
  label: string;
  host: T;
  dev: T;
}
function placed(label: string, base: T, view: (x: T) => T): Operand {
  return { label, host: view(base), dev: view(base.cuda()) };
}
function operand(shape: number[], dtype: DType, layout: Layout, positive = false): Operand {
  const { base, view } = LAYOUTS[layout](shape);
  return placed(`${dtype} ${layout} [${shape}]`, data(base, dtype, positive), view);
}
/** Given values in a layout (broadcast, which would repeat values, gives contiguous instead). */
function values(label: string, v: T, layout: Layout): Operand {
  const { base, view } = LAYOUTS[layout === 'broadcast' ? 'contiguous' : layout](v.shape);
  const b = th.zeros(base, { dtype: v.dtype });
  view(b).copy_(v);
  return placed(`${label} ${layout} [${v.shape}]`, b, view);
}

/** A method of t by name, bound (the op tables name them as strings). */
function method(t: T, name: string): (...args: unknown[]) => T {
  const f = (t as unknown as Record<string, (...args: unknown[]) => T>)[name];
  return f.bind(t);
}

function tensors(r: Result): T[] {
  if (r instanceof th.Tensor) return [r];
  if (Array.isArray(r)) return r;
  return [r.values, r.indices];
}

/** The differences between a host result and the device's, as readable lines (none when equal). */
function differences(host: T, dev: T): string[] {
  if (dev.device !== 'cuda:0') return [`on ${dev.device}`];
  const back = dev.cpu();
  const layout = (x: T, strides: number[]) => `${x.dtype} [${x.shape}] strides [${strides}]`;
  const want = layout(host, host.stride());
  const got = layout(back, dev.stride());
  if (want !== got) return [`${got}, TH: ${want}`];
  if (host.numel() === 0) return [];
  const a = host.to('float64').contiguous().toTypedArray() as Float64Array;
  const b = back.to('float64').contiguous().toTypedArray() as Float64Array;
  const tol = TOL[host.dtype] ?? 0;
  const out: string[] = [];
  for (let i = 0; i < a.length && out.length < 3; i++) {
    const same = Number.isNaN(a[i]) ? Number.isNaN(b[i]) : a[i] === b[i] || Math.abs(b[i] - a[i]) <= tol * Math.max(1, Math.abs(a[i]));
    if (!same) out.push(`element ${i}: ${b[i]}, TH: ${a[i]}`);
  }
  return out;
}

function attempt<X>(f: () => X): { value?: X; error?: string } {
  try {
    return { value: f() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/**
 * Runs op on the host operands and on the device ones, and lists where the two disagree. An op that
 * TH refuses must be refused on the GPU with the same message. `written` are operands op writes
 * into: their contents are compared afterwards too.
 */
function compare(what: string, xs: Operand[], op: (...ts: T[]) => Result, written: Operand[] = []): string[] {
  const name = `${what}(${xs.map((x) => x.label).join(', ')})`;
  const host = attempt(() => tensors(op(...xs.map((x) => x.host))));
  const dev = attempt(() => tensors(op(...xs.map((x) => x.dev))));
  if (host.error !== undefined || dev.error !== undefined) {
    // PyTorch names a kernel by its device ("argmax_cuda"); the rest of the message is TH's
    const devError = dev.error?.replace(/_cuda\b/g, '_cpu');
    return host.error === devError ? [] : [`${name}: throws ${dev.error ?? 'nothing'}, TH: ${host.error ?? 'nothing'}`];
  }
  const pairs: [T, T][] = host.value!.map((h, i) => [h, dev.value![i]]);
  for (const w of written) pairs.push([w.host, w.dev]);
  return pairs.flatMap(([h, d], i) => differences(h, d).map((line) => `${name} result ${i}: ${line}`));
}

/** A family's cases all agree; else the test fails listing every case that differs. */
function family(cases: () => string[]): void {
  expect(cases()).toEqual([]);
}

describeGpu('CUDA ops on every layout give TH results', () => {
  const c = { int: (n: number) => choices.int(n), pick: <X>(xs: readonly X[]): X => choices.pick(xs) };
  const shape = () => c.pick(SHAPES);
  /** A shape broadcastable to s: some dims 1, or leading dims dropped. */
  const broadcastable = (s: number[]) => (c.int(2) ? s.slice(c.int(s.length + 1)) : s.map((d) => (c.int(2) ? 1 : d)));
  const dims = (s: number[]) => s.map((_, i) => i);

  test.each(th.UNARY_OPS.map((op) => [op]))('unary %s', (op) => {
    family(() =>
      ALL.flatMap((dtype) =>
        READABLE.flatMap((layout) => {
          const s = shape();
          const fresh = compare(op, [operand(s, dtype, layout)], (x) => method(x, op)());
          if (th.NO_INPLACE.has(op) || layout === 'broadcast') return fresh;
          const x = operand(s, dtype, layout);
          return [...fresh, ...compare(`${op}_`, [x], (t) => method(t, `${op}_`)(), [x])];
        }),
      ),
    );
  });

  const pairs: [DType, DType][] = [
    ...ALL.map((d) => [d, d] as [DType, DType]),
    ['float32', 'int64'], ['float16', 'float32'], ['bfloat16', 'float16'], ['int32', 'float64'], ['bool', 'float32'], ['uint8', 'int8'], ['int16', 'bool'],
  ];
  test.each(th.BINARY_OPS.map((op) => [op]))('binary %s', (op) => {
    family(() =>
      pairs.flatMap(([da, db]) => {
        const s = shape();
        const la = c.pick(READABLE);
        const lb = c.pick(READABLE);
        const sb = broadcastable(s);
        const call = (x: T, y: T) => method(x, op)(y);
        const out = [...compare(op, [operand(s, da, la), operand(sb, db, lb, true)], call)];
        out.push(...compare(`${op} scalar`, [operand(s, da, la)], (x) => method(x, op)(db === 'bool' ? true : 2)));
        const x = operand(s, da, c.pick(WRITABLE));
        out.push(...compare(`${op}_`, [x, operand(sb, db, lb, true)], (t, y) => method(t, `${op}_`)(y), [x]));
        return out;
      }),
    );
  });

  const REDUCTIONS: [string, (x: T, dim: number | null, keepdim: boolean) => Result][] = [
    ['sum', (x, d, k) => x.sum(d, k)],
    ['nansum', (x, d, k) => x.nansum(d, k)],
    ['mean', (x, d, k) => x.mean(d, k)],
    ['prod', (x, d, k) => x.prod(d, k)],
    ['amax', (x, d, k) => x.amax(d, k)],
    ['amin', (x, d, k) => x.amin(d, k)],
    ['max', (x, d, k) => (d === null ? x.max() : x.max(d, k))],
    ['min', (x, d, k) => (d === null ? x.min() : x.min(d, k))],
    ['argmax', (x, d, k) => x.argmax(d, k)],
    ['argmin', (x, d, k) => x.argmin(d, k)],
    ['var', (x, d, k) => x.var(d, true, k)],
    ['std', (x, d, k) => x.std(d, false, k)],
    ['norm', (x, d, k) => x.norm(2, d, k)],
    ['norm1', (x, d, k) => x.norm(1, d, k)],
    ['logsumexp', (x, d, k) => x.logsumexp(d ?? dims(x.shape), k)],
    ['all', (x, d, k) => x.all(d, k)],
    ['any', (x, d, k) => x.any(d, k)],
    ['countNonzero', (x, d) => x.countNonzero(d)],
    ['sum of two dims', (x, _d, k) => x.sum(x.dim() >= 2 ? [0, -1] : null, k)],
  ];
  test.each(REDUCTIONS.map(([name, f]) => [name, f] as const))('reduction %s', (name, f) => {
    family(() =>
      ['float32', 'float64', 'float16', 'int64', 'bool'].flatMap((dtype) =>
        READABLE.flatMap((layout) => {
          // long ranges: slices of one reduction over several blocks, then a second pass
          const s = c.pick([...SHAPES, [70000], [40000, 3]]);
          const x = operand(s, dtype as DType, layout);
          return [null, ...dims(s)].flatMap((d) => {
            const keepdim = c.int(2) === 1;
            return compare(`${name} dim ${d} keepdim ${keepdim}`, [x], (t) => f(t, d, keepdim));
          });
        }),
      ),
    );
  });

  const SCANS: [string, (x: T, dim: number) => Result][] = [
    ['cumsum', (x, d) => x.cumsum(d)],
    ['cumprod', (x, d) => x.cumprod(d)],
    ['cummax', (x, d) => x.cummax(d)],
    ['cummin', (x, d) => x.cummin(d)],
    ['sort', (x, d) => x.sort(d, false, { stable: true })],
    ['sort descending', (x, d) => x.sort(d, true, { stable: true })],
    ['argsort', (x, d) => x.argsort(d, false, { stable: true })],
    ['topk', (x, d) => x.topk(Math.min(3, x.shape[d] ?? 1), d)],
    ['topk smallest', (x, d) => x.topk(Math.min(5, x.shape[d] ?? 1), d, false)],
    ['kthvalue', (x, d) => x.kthvalue(Math.max(1, Math.ceil((x.shape[d] ?? 1) / 2)), d, true)],
    ['median', (x, d) => x.median(d)],
    ['mode', (x, d) => x.mode(d)],
  ];
  test.each(SCANS.map(([name, f]) => [name, f] as const))('along a dim: %s', (name, f) => {
    family(() =>
      // float64 draws no ties, so indices are defined; int32 has ties, where stable sorts still agree
      (['float64', 'float32', 'int32'] as DType[]).flatMap((dtype) =>
        READABLE.flatMap((layout) => {
          const s = shape();
          const x = operand(s, dtype, layout);
          return (s.length ? dims(s) : [0]).flatMap((d) => {
            const indicesDefined = dtype !== 'int32' || /sort|cum(sum|prod)/.test(name);
            const op = indicesDefined ? f : (t: T, dd: number) => tensors(f(t, dd))[0];
            return compare(`${name} dim ${d}`, [x], (t) => op(t, d));
          });
        }),
      ),
    );
  });

  /** An int64 index in [0, n) of the given shape and layout. */
  const index = (s: number[], n: number, layout: Layout): Operand => {
    const { base, view } = LAYOUTS[layout](s);
    const b = th.randint(0, Math.max(n, 1), base, { generator: new th.Generator().manualSeed(dataSeed++), dtype: 'int64' });
    return placed(`index<${n} ${layout} [${s}]`, b, view);
  };
  /** A permutation of [0, n) (no repeats: scatter and copy are then defined), in a layout. */
  const permutation = (n: number, layout: Layout): Operand =>
    values('permutation', th.randperm(n, { generator: new th.Generator().manualSeed(dataSeed++) }), layout);

  const INDEXING: [string, () => string[]][] = [
    ['indexSelect, indexAdd, indexCopy, indexFill', () => {
      const s = c.pick(SHAPES.filter((x) => x.length >= 1));
      const d = c.int(s.length);
      const dtype = c.pick(['float32', 'float64', 'int64', 'float16'] as DType[]);
      const x = operand(s, dtype, c.pick(READABLE));
      const i = index([5], s[d], c.pick(READABLE));
      const out = s[d] === 0 ? [] : compare(`indexSelect dim ${d}`, [x, i], (t, ix) => t.indexSelect(d, ix));
      const p = permutation(s[d], c.pick(READABLE));
      const src = operand(s, dtype, c.pick(READABLE));
      const y = operand(s, dtype, c.pick(WRITABLE));
      out.push(...compare(`indexCopy_ dim ${d}`, [y, p, src], (t, ix, v) => t.indexCopy_(d, ix, v), [y]));
      out.push(...compare(`indexAdd dim ${d}`, [x, p, src], (t, ix, v) => t.indexAdd(d, ix, v, { alpha: 2 })));
      out.push(...compare(`indexFill dim ${d}`, [x, p], (t, ix) => t.indexFill(d, ix.narrow(0, 0, Math.min(2, s[d])), -1)));
      return out;
    }],
    ['gather, scatter, scatterAdd, scatterReduce', () => {
      const s = c.pick(SHAPES.filter((x) => x.length >= 1 && !x.includes(0)));
      const d = c.int(s.length);
      const dtype = c.pick(['float32', 'float64', 'int32'] as DType[]);
      const x = operand(s, dtype, c.pick(READABLE));
      const i = index(s, s[d], c.pick(READABLE));
      const out = compare(`gather dim ${d}`, [x, i], (t, ix) => t.gather(d, ix));
      out.push(...compare(`takeAlongDim dim ${d}`, [x, i], (t, ix) => t.takeAlongDim(ix, d)));
      const src = operand(s, dtype, c.pick(READABLE));
      // a scatter index that repeats nothing along d: each row of the argsort of random data
      const perm = operand(s, 'float64', 'contiguous');
      const unique = { label: 'argsort', host: perm.host.argsort(d), dev: perm.dev.argsort(d) };
      const y = operand(s, dtype, c.pick(WRITABLE));
      out.push(...compare(`scatter_ dim ${d}`, [y, unique, src], (t, ix, v) => t.scatter_(d, ix, v), [y]));
      out.push(...compare(`scatterAdd dim ${d}`, [x, i, src], (t, ix, v) => t.scatterAdd(d, ix, v)));
      for (const mode of ['sum', 'prod', 'mean', 'amax', 'amin'] as const) {
        const includeSelf = c.int(2) === 1;
        out.push(...compare(`scatterReduce ${mode} dim ${d} includeSelf ${includeSelf}`, [x, i, src], (t, ix, v) => t.scatterReduce(d, ix, v, mode, { includeSelf })));
      }
      return out;
    }],
    ['masks, where, take, put, nonzero', () => {
      const s = shape();
      const dtype = c.pick(['float32', 'float64', 'int64', 'bool'] as DType[]);
      const x = operand(s, dtype, c.pick(READABLE));
      const m = operand(broadcastable(s), 'bool', c.pick(READABLE));
      const y = operand(s, dtype, c.pick(READABLE));
      const out = compare('maskedFill', [x, m], (t, mm) => t.maskedFill(mm, 7));
      out.push(...compare('maskedSelect', [x, m], (t, mm) => t.maskedSelect(mm)));
      out.push(...compare('where', [m, x, y], (mm, t, u) => th.where(mm, t, u)));
      out.push(...compare('nonzero', [x], (t) => t.nonzero()));
      const n = s.reduce((a, b) => a * b, 1);
      const i = index([4], n, c.pick(READABLE));
      if (n > 0) out.push(...compare('take', [x, i], (t, ix) => t.take(ix)));
      const z = operand(s, dtype, c.pick(WRITABLE));
      const p = permutation(n, 'contiguous');
      const v = operand([n], dtype, c.pick(READABLE));
      out.push(...compare('put_', [z, p, v], (t, ix, vv) => t.put_(ix, vv), [z]));
      out.push(...compare('put_ accumulate', [z, i, v], (t, ix, vv) => t.put_(ix, vv.narrow(0, 0, Math.min(4, n)), { accumulate: true }), [z]));
      return out;
    }],
    ['cat, stack, flip, roll, repeat, tril, triu', () => {
      const s = shape();
      const dtype = c.pick(ALL);
      const x = operand(s, dtype, c.pick(READABLE));
      const y = operand(s, dtype, c.pick(READABLE));
      const out: string[] = [];
      for (const d of s.length ? dims(s) : [0]) {
        out.push(...compare(`cat dim ${d}`, [x, y], (a, b) => th.cat(s.length ? [a, b] : [a.view([1]), b.view([1])], d)));
        out.push(...compare(`stack dim ${d}`, [x, y], (a, b) => th.stack([a, b], d)));
        out.push(...compare(`flip dim ${d}`, [x], (a) => a.flip(s.length ? [d] : [])));
        out.push(...compare(`roll dim ${d}`, [x], (a) => a.roll(3, s.length ? d : null)));
      }
      out.push(...compare('repeat', [x], (a) => a.repeat(s.map((_, i) => 1 + (i % 2)))));
      if (s.length >= 2) for (const k of [-1, 0, 2]) out.push(...compare(`tril ${k}, triu ${k}`, [x], (a) => [a.tril(k), a.triu(k)]));
      return out;
    }],
    ['out= into every layout, and into one of the wrong shape', () => {
      const s = c.pick(SHAPES.filter((x) => x.length >= 1));
      const d = c.int(s.length);
      const dtype = c.pick(['float32', 'float64', 'int64'] as DType[]);
      const x = operand(s, dtype, c.pick(READABLE));
      const y = operand(s, dtype, c.pick(READABLE));
      const into = (shape: number[], dt: DType = dtype) => (c.int(4) ? operand(shape, dt, c.pick(WRITABLE)) : operand([3], dt, 'contiguous'));
      const reduced = s.filter((_, i) => i !== d);
      const out: string[] = [];
      const z = [into(s), into(s), into(s, 'bool'), into(reduced), into(s), into(s), into(s, 'float32')];
      out.push(...compare('add out', [x, y, z[0]], (a, b, o) => a.add(b, { out: o }), [z[0]]));
      out.push(...compare('neg out', [x, z[1]], (a, o) => a.neg({ out: o }), [z[1]]));
      out.push(...compare('lt out', [x, y, z[2]], (a, b, o) => a.lt(b, { out: o }), [z[2]]));
      out.push(...compare(`sum dim ${d} out`, [x, z[3]], (a, o) => a.sum(d, false, { out: o }), [z[3]]));
      out.push(...compare(`cumsum dim ${d} out`, [x, z[4]], (a, o) => a.cumsum(d, { out: o }), [z[4]]));
      out.push(...compare('where out', [x, y, z[5]], (a, b, o) => th.where(a.gt(0), a, b, { out: o }), [z[5]]));
      out.push(...compare('exp out', [x, z[6]], (a, o) => a.exp({ out: o }), [z[6]]));
      return out;
    }],
    ['copies between dtypes and layouts', () => {
      const s = shape();
      const from = c.pick(ALL);
      const to = c.pick(ALL);
      const x = operand(s, from, c.pick(READABLE));
      const y = operand(s, to, c.pick(WRITABLE));
      const out = compare(`copy_ ${from} into ${to}`, [y, x], (a, b) => a.copy_(b), [y]);
      out.push(...compare(`to ${to}`, [x], (a) => a.to(to)));
      out.push(...compare('contiguous', [x], (a) => a.contiguous()));
      out.push(...compare('clone', [x], (a) => a.clone()));
      return out;
    }],
    ['products', () => {
      const dtype = c.pick(['float32', 'float64', 'float16'] as DType[]);
      const [m, k, n] = [c.pick([1, 7, 33, 64]), c.pick([1, 17, 40]), c.pick([1, 9, 65])];
      const a = operand([m, k], dtype, c.pick(READABLE));
      const b = operand([k, n], dtype, c.pick(READABLE));
      const bias = operand(broadcastable([m, n]), dtype, c.pick(READABLE));
      const v = operand([k], dtype, c.pick(READABLE));
      const out = compare('mm', [a, b], (p, q) => p.mm(q));
      out.push(...compare('addmm', [bias, a, b], (z, p, q) => th.addmm(z, p, q, { beta: 0.5, alpha: 2 })));
      out.push(...compare('mv', [a, v], (p, q) => p.mv(q)));
      const batch = c.pick([1, 3]);
      const ba = operand([batch, m, k], dtype, c.pick(READABLE));
      const bb = operand([batch, k, n], dtype, c.pick(READABLE));
      out.push(...compare('bmm', [ba, bb], (p, q) => p.bmm(q)));
      out.push(...compare('matmul broadcast', [ba, b], (p, q) => p.matmul(q)));
      return out;
    }],
  ];
  test.each(INDEXING.map(([name, f]) => [name, f] as const))('%s', (_name, f) => {
    family(() => Array.from({ length: 12 }, f).flat());
  });
});
