// The user-facing Tensor: a backend tensor plus what autograd needs (requiresGrad, grad, gradFn,
// a version counter shared with views). The ops live in ops/*.ts and are added to the class there.
import { TIDY_KEEP } from '@typetorch/th';
import type { DType, NestedArray } from '@typetorch/th';
import type { BackendTensor } from './backend';
import { isInferenceModeEnabled } from './grad_mode';
import type { GradHook, Node } from './node';
import { AccumulateGrad, runBackward } from './engine';

/** 'cpu', or 'cuda' / 'cuda:N' (through @typetorch/thc). */
export type Device = 'cpu' | 'cuda' | `cuda:${number}`;

/** Counts in-place writes; views share their base's counter. */
export class VersionCounter {
  value = 0;
}

export interface BackwardOptions {
  /** keep saved tensors so that backward can run through the graph again */
  retainGraph?: boolean;
  /** record the backward itself, for higher-order gradients */
  createGraph?: boolean;
  /** accumulate only into these leaves */
  inputs?: Tensor | Tensor[];
}

export class Tensor {
  /** The backend tensor (TH's on the CPU). Writing through it bypasses autograd. */
  readonly impl: BackendTensor;
  /** @internal */ _requiresGrad: boolean;
  /** @internal */ _grad: Tensor | null = null;
  private node: Node | null = null;
  /** @internal for views: the version of their memory when their history was last set */
  viewVersion = 0;
  /** @internal which output of gradFn this is */ outputNr = 0;
  /** @internal made when first needed (most tensors are never written in place or viewed) */
  private counter: VersionCounter | null;
  /** @internal the tensor this one is a view of (views share its memory and version counter) */
  base: Tensor | null = null;
  /** @internal the AccumulateGrad node of a leaf that requires grad */ accNode: AccumulateGrad | null = null;
  /** @internal */ retainsGradFlag = false;
  /** Made in inferenceMode: never saved for backward. */
  readonly isInference: boolean;

  /** @internal Wraps a backend tensor; use the creation functions instead. */
  constructor(impl: BackendTensor, requiresGrad = false, vc?: VersionCounter) {
    this.impl = impl;
    this._requiresGrad = requiresGrad;
    this.counter = vc ?? null;
    this.isInference = isInferenceModeEnabled();
  }

  // ---- autograd state ----
  /** The node that made this tensor (null for leaves and tensors that do not require grad). */
  get gradFn(): Node | null {
    if (this.base !== null) this.refreshView();
    return this.node;
  }
  set gradFn(node: Node | null) {
    this.node = node;
    this.viewVersion = this.version;
  }
  /**
   * @internal A view whose memory was written in place since its history was set follows its
   * base's new history (PyTorch regenerates a view's grad_fn the same way).
   */
  refreshView(): void {
    if (this.counter !== null && this.counter.value !== this.viewVersion) regenerateView(this);
  }
  get requiresGrad(): boolean {
    if (this.base !== null) this.refreshView();
    return this._requiresGrad;
  }
  set requiresGrad(value: boolean) {
    this.requiresGrad_(value);
  }
  /** Sets requiresGrad on a leaf (in place); returns this. */
  requiresGrad_(requiresGrad = true): this {
    if (typeof requiresGrad !== 'boolean') throw new TypeError(`requiresGrad_: expected a boolean, got ${typeof requiresGrad}`);
    if (!this.isLeaf) {
      throw new Error(
        'you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that ' +
          "doesn't require differentiation use varNoGrad = var.detach().",
      );
    }
    if (requiresGrad && !isDifferentiableDtype(this.dtype)) {
      throw new Error(`only Tensors of floating point dtype can require gradients (got ${this.dtype})`);
    }
    this._requiresGrad = requiresGrad;
    if (!requiresGrad) this.accNode = null;
    return this;
  }
  /** A leaf: made by the user (not by a recorded op). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }
  /** The accumulated gradient (leaves, and non-leaves after retainGrad()). */
  get grad(): Tensor | null {
    return this._grad;
  }
  set grad(g: Tensor | null) {
    if (g !== null && !(g instanceof Tensor)) throw new TypeError('grad: expected a Tensor or null');
    if (g !== null && !sameShape(g.shape, this.shape)) {
      throw new Error(`assigned grad has data of a different size: [${g.shape.join(', ')}] vs [${this.shape.join(', ')}]`);
    }
    this._grad = g;
  }
  /** Keeps this non-leaf's gradient in .grad during backward. */
  retainGrad(): void {
    if (!this._requiresGrad) throw new Error("can't retain_grad on Tensor that has requires_grad=False");
    if (this.isLeaf || this.retainsGradFlag) return;
    this.retainsGradFlag = true;
    const node = this.gradFn!;
    (node.retained ??= new Map()).set(this.outputNr, new WeakRef(this));
  }
  get retainsGrad(): boolean {
    return this.retainsGradFlag;
  }
  /** Calls hook with this tensor's gradient during backward; it may return a replacement. */
  registerHook(hook: GradHook): { remove(): void } {
    if (typeof hook !== 'function') throw new TypeError('registerHook: expected a function');
    if (!this._requiresGrad) throw new Error("cannot register a hook on a tensor that doesn't require gradient");
    const remove = this.isLeaf ? this.gradAccumulator().addPreHook(0, hook) : this.gradFn!.addPreHook(this.outputNr, hook);
    return { remove };
  }
  /** @internal The node that accumulates into this leaf's .grad. */
  gradAccumulator(): AccumulateGrad {
    return (this.accNode ??= new AccumulateGrad(this));
  }
  /** A tensor sharing this one's memory, cut from the graph (never requires grad). */
  detach(): Tensor {
    // shares memory and version counter, but is not a view for autograd (PyTorch: _is_view() is false)
    return new Tensor(this.impl.view(this.impl.shape), false, this.vc);
  }
  /** Cuts this tensor from the graph, in place. */
  detach_(): this {
    if (this.base !== null && this.base.requiresGrad) {
      throw new Error("Can't detach views in-place. Use detach() instead.");
    }
    this.gradFn = null;
    this._requiresGrad = false;
    this.accNode = null;
    return this;
  }
  /** PyTorch's .data: a detached alias of this tensor. */
  get data(): Tensor {
    return this.detach();
  }
  /** @internal the version counter, shared with views */
  get vc(): VersionCounter {
    return (this.counter ??= new VersionCounter());
  }
  /** Writes in place so far (shared with views). */
  get version(): number {
    return this.counter === null ? 0 : this.counter.value;
  }
  /** @internal Marks an in-place write. */
  bumpVersion(): void {
    this.vc.value++;
  }

  /**
   * Computes the gradient of this tensor with respect to the graph's leaves, accumulating into
   * their .grad. gradient: d(something)/d(this); may be omitted for a single-element tensor.
   */
  backward(gradient?: Tensor | null, options: BackwardOptions = {}): void {
    if (options === null || typeof options !== 'object') throw new TypeError('backward: options must be an object');
    if (gradient !== undefined && gradient !== null && !(gradient instanceof Tensor)) throw new TypeError('backward: gradient must be a Tensor or null');
    const inputs = options.inputs === undefined ? undefined : Array.isArray(options.inputs) ? options.inputs : [options.inputs];
    if (inputs !== undefined && inputs.length === 0) throw new Error("backward: 'inputs' argument to backward() cannot be empty.");
    runBackward([this], [gradient ?? null], {
      retainGraph: options.retainGraph,
      createGraph: options.createGraph ?? false,
      inputs,
      accumulate: true,
    });
  }

  // ---- metadata and data out (no graph) ----
  get shape(): number[] {
    return this.impl.shape;
  }
  get dtype(): DType {
    return this.impl.dtype;
  }
  get device(): Device {
    return this.impl.device as Device;
  }
  get ndim(): number {
    return this.impl.ndim;
  }
  dim(): number {
    return this.impl.ndim;
  }
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number | number[] {
    return dim === undefined ? this.impl.size() : this.impl.size(dim);
  }
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number | number[] {
    return dim === undefined ? this.impl.stride() : this.impl.stride(dim);
  }
  storageOffset(): number {
    return this.impl.storageOffset();
  }
  numel(): number {
    return this.impl.numel();
  }
  isContiguous(): boolean {
    return this.impl.isContiguous();
  }
  isFloatingPoint(): boolean {
    return isDifferentiableDtype(this.dtype);
  }
  item(): number | boolean {
    return this.impl.item();
  }
  toArray(): NestedArray<number | boolean> {
    return this.impl.toArray();
  }
  toTypedArray(): ReturnType<BackendTensor['toTypedArray']> {
    return this.impl.toTypedArray();
  }
  /** A TypedArray over this tensor's memory (contiguous CPU tensors); writes through it bypass autograd. */
  asTypedArray(): ArrayBufferView {
    return this.impl.asTypedArray();
  }
  /** Frees the backend memory now; using this tensor afterwards throws. */
  dispose(): void {
    this.impl.dispose();
  }
  get isDisposed(): boolean {
    return this.impl.isDisposed;
  }
  /**
   * What tidy() keeps when it returns this tensor: its backend tensor, its gradient, and every
   * tensor its graph holds for backward (so that backward still works after the tidy).
   */
  [TIDY_KEEP](): unknown[] {
    const kept: unknown[] = [this.impl];
    if (this._grad !== null) kept.push(this._grad);
    const seen = new Set<Node>();
    const stack: Node[] = this.gradFn ? [this.gradFn] : [];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (seen.has(node)) continue;
      seen.add(node);
      kept.push(...node.heldTensors());
      for (const e of node.next) if (e !== null) stack.push(e[0]);
    }
    return kept;
  }
  toString(): string {
    const s = this.impl.toString();
    const extra = this.gradFn ? `, gradFn=<${this.gradFn.name}>` : this._requiresGrad ? ', requiresGrad=true' : '';
    return extra ? s.replace(/\)$/, `${extra})`) : s;
  }
}

/** Set by ops/views.ts: gives a stale view the history "view of its base" (or just marks it checked). */
let regenerateView: (view: Tensor) => void = (view) => {
  view.viewVersion = view.version;
};
/** @internal */
export function setRegenerateView(fn: (view: Tensor) => void): void {
  regenerateView = fn;
}

export function isDifferentiableDtype(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16' || dtype === 'bfloat16';
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
