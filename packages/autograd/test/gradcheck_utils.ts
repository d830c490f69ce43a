// Shared helpers for the gradcheck_*.test.ts suites: seeded float64 inputs (random, bounded away
// from points where an op is not differentiable, in non-contiguous layouts), and a table-driven
// runner that gradchecks (and gradgradchecks) one case per test.
import * as ag from '@typetorch/autograd';
import { Generator } from '@typetorch/th';
import type { NestedArray } from '@typetorch/th';

export type Tensor = ag.Tensor;
export type Fn = (...inputs: Tensor[]) => Tensor | Tensor[];

/** How an input is laid out in memory: a plain tensor, or a non-contiguous view holding the same values. */
export type Layout = 'contiguous' | 'transposed' | 'strided';

export interface GradCase {
  name: string;
  fn: Fn;
  /** the inputs (float64 leaves requiring grad, plus any others fn takes), made from a seeded source */
  inputs: (r: Rng) => Tensor[];
  /** also check second derivatives (default true: the backward formulas must be differentiable too) */
  gradgrad?: boolean;
  options?: ag.GradcheckOptions;
}

/** Seeded float64 inputs. Every maker returns a leaf that requires grad unless told otherwise. */
export class Rng {
  private readonly gen: Generator;
  constructor(seed = 20240601) {
    this.gen = new Generator().manualSeed(seed);
  }
  /** Standard normal values. */
  randn(shape: number[], layout: Layout = 'contiguous'): Tensor {
    return leaf(ag.randn(shape, { dtype: 'float64', generator: this.gen }), layout);
  }
  /** Uniform values on [lo, hi] (choose the interval to stay clear of non-differentiable points). */
  uniform(shape: number[], lo: number, hi: number, layout: Layout = 'contiguous'): Tensor {
    return leaf(this.rawUniform(shape, lo, hi), layout);
  }
  /** Values with |x| in [lo, hi] and random signs (clear of 0, for abs, sign, norm, ...). */
  awayFromZero(shape: number[], lo = 0.5, hi = 1.5, layout: Layout = 'contiguous'): Tensor {
    const magnitude = this.rawUniform(shape, lo, hi);
    const sign = ag.rand(shape, { dtype: 'float64', generator: this.gen }).lt(0.5).to('float64').mul(2).sub(1);
    return leaf(magnitude.mul(sign), layout);
  }
  /** Distinct values at least 0.4 apart (no ties: sort, max, median, ... are differentiable there). */
  distinct(shape: number[], layout: Layout = 'contiguous'): Tensor {
    const n = shape.reduce((a, b) => a * b, 1);
    const ranks = ag.randperm(n, { generator: this.gen }).to('float64').reshape(shape);
    const jitter = this.rawUniform(shape, 0, 0.1);
    return leaf(ranks.mul(0.5).add(jitter).sub(n / 4), layout);
  }
  private rawUniform(shape: number[], lo: number, hi: number): Tensor {
    return ag.rand(shape, { dtype: 'float64', generator: this.gen }).mul(hi - lo).add(lo);
  }
}

/** A float64 leaf requiring grad with the given values (exact values for hand-picked cases). */
export function leafOf(data: NestedArray<number>, layout: Layout = 'contiguous'): Tensor {
  return leaf(ag.tensor(data, { dtype: 'float64' }), layout);
}
/** An int64 index tensor (never requires grad). */
export function idx(data: NestedArray<number>): Tensor {
  return ag.tensor(data, { dtype: 'int64' });
}
/** A bool mask tensor. */
export function mask(data: NestedArray<boolean>): Tensor {
  return ag.tensor(data, { dtype: 'bool' });
}

/** Copies values into the requested layout and makes that a leaf that requires grad. */
function leaf(values: Tensor, layout: Layout): Tensor {
  const shape = values.shape;
  let view: Tensor;
  if (layout === 'contiguous' || shape.length === 0) {
    // a tensor of its own (not an alias of another), as a leaf made by the user is
    return (values.base === null ? values : values.cloneNoGrad()).requiresGrad_(true);
  } else if (layout === 'transposed') {
    if (shape.length < 2) throw new Error('a transposed layout needs at least 2 dims');
    const swapped = [...shape.slice(0, -2), shape[shape.length - 1], shape[shape.length - 2]];
    view = ag.zeros(swapped, { dtype: values.dtype }).transpose(-1, -2);
  } else {
    // every other element of a buffer twice as long along the last dim
    const wide = [...shape.slice(0, -1), 2 * shape[shape.length - 1]];
    view = ag.zeros(wide, { dtype: values.dtype }).slice(-1, 0, null, 2);
  }
  view.impl.copy_(values.impl);
  if (view.isContiguous()) throw new Error(`layout ${layout} of shape [${shape}] came out contiguous`);
  return view.detach().requiresGrad_(true);
}

/** The same case with its float inputs in each given layout (the names say which). */
export function inLayouts(name: string, layouts: Layout[], make: (layout: Layout) => Omit<GradCase, 'name'>): GradCase[] {
  return layouts.map((layout) => ({ name: `${name} [${layout}]`, ...make(layout) }));
}

const asList = (r: Tensor | Tensor[]): Tensor[] => (Array.isArray(r) ? r : [r]);

/**
 * Gradients must have their input's shape and dtype (gradcheck compares flattened values, which
 * would not notice a gradient of the right size but a wrong shape).
 */
function expectGradShapes(fn: Fn, inputs: Tensor[]): void {
  const wrt = inputs.filter((t) => t.requiresGrad);
  const outs = asList(fn(...inputs)).filter((o) => o.requiresGrad);
  if (outs.length === 0) throw new Error('no output requires grad');
  const grads = ag.grad(
    outs,
    wrt,
    { gradOutputs: outs.map((o) => o.onesLikeNoGrad()), allowUnused: true },
  );
  grads.forEach((g, k) => {
    if (g === null) return;
    expect({ input: k, shape: g.shape, dtype: g.dtype }).toEqual({ input: k, shape: wrt[k].shape, dtype: wrt[k].dtype });
  });
}

/** Runs gradcheck on one case (with a fresh seeded source, so cases do not depend on each other). */
export function checkGrad(c: GradCase): void {
  const inputs = c.inputs(new Rng());
  expectGradShapes(c.fn, inputs);
  expect(ag.gradcheck(c.fn, inputs, c.options)).toBe(true);
}
/** Runs gradgradcheck on one case. */
export function checkGradGrad(c: GradCase): void {
  const inputs = c.inputs(new Rng());
  expect(ag.gradgradcheck(c.fn, inputs, null, c.options)).toBe(true);
}

/** One test asserting gradcheck per case, and one asserting gradgradcheck per case that asks for it. */
export function assertGradChecks(title: string, cases: GradCase[]): void {
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate case name: ${c.name}`);
    names.add(c.name);
  }
  describe(`${title}: gradcheck`, () => {
    test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => checkGrad(c));
  });
  const second = cases.filter((c) => c.gradgrad !== false);
  if (second.length > 0) {
    describe(`${title}: gradgradcheck`, () => {
      test.each(second.map((c) => [c.name, c] as const))('%s', (_name, c) => checkGradGrad(c));
    });
  }
}
