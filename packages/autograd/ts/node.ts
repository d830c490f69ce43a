// A node of the tape: the backward of one recorded op (a tensor's gradFn), what it saved, and
// edges to the nodes of its inputs.
import type { Tensor } from './tensor';

/** An edge to an input's node: [node, which of its outputs]. null: the input needs no gradient. */
export type Edge = [Node, number] | null;

export type Grads = (Tensor | null)[];
/** Computes the inputs' gradients from the outputs' (one entry per edge; null: no gradient). */
export type BackwardFn = (node: Node, grads: Grads) => Grads;
/** Called with the gradients of the node's inputs and outputs once it has run. */
export type NodeHook = (gradInputs: Grads, gradOutputs: Grads) => Grads | void;
/** Called with the gradient of one output before the node runs; may return a replacement. */
export type GradHook = (grad: Tensor) => Tensor | void;

let sequence = 0;

/**
 * A value saved for backward, with the version it had (so later in-place changes are caught) and
 * the node that made it (named in that error, as PyTorch does).
 */
class Saved {
  constructor(
    readonly tensor: Tensor,
    readonly version: number,
    readonly producer: Node | null,
    readonly outputNr: number,
  ) {}
}

export class Node {
  /** PyTorch's names: 'MulBackward0', 'AccumulateGrad', ... */
  readonly name: string;
  /** Edges to the nodes of the inputs, in input order. */
  readonly next: Edge[];
  /** Creation order; backward runs later nodes first among those ready. */
  readonly seq: number;
  /** Scalars and shapes the backward needs (op-specific). */
  args: unknown;
  /** Gradient hooks per output (tensor.registerHook on a non-leaf), run before the node. */
  preHooks: Map<number, GradHook[]> | null = null;
  /** Outputs whose gradient is kept in .grad (retainGrad), by output number. */
  retained: Map<number, WeakRef<Tensor>> | null = null;
  postHooks: NodeHook[] | null = null;
  /** The op's forward stack, recorded under detectAnomaly. */
  trace: string | null = null;
  /** What save() kept (null: nothing yet); released: dropped after backward, which must not run again. */
  private saved: Saved[] | null = null;
  private released = false;
  /** A custom Function: its backward may return tensors the user holds (the engine never frees them). */
  external = false;
  /** The number of outputs (multi-output ops: unbind, split, max with indices, ...). */
  numOutputs = 1;
  /** Shapes/dtypes of the outputs of multi-output nodes, to make zero gradients for outputs that got none. */
  outputMeta: { shape: number[]; dtype: string }[] | null = null;

  constructor(
    name: string,
    readonly backwardFn: BackwardFn,
    next: Edge[],
  ) {
    this.name = name;
    this.next = next;
    this.seq = sequence++;
  }

  /** PyTorch's next_functions: (node, output number) per input; null for inputs without gradient. */
  get nextFunctions(): [Node | null, number][] {
    return this.next.map((e) => (e ? [e[0], e[1]] : [null, 0]));
  }

  /** Saves t for backward (its version is checked when it is used). */
  save(t: Tensor, isOutput = false): number {
    if (t.isInference) {
      throw new Error(
        'Inference tensors cannot be saved for backward. To work around you can make a clone to get a normal tensor and use it in autograd.',
      );
    }
    const saved = (this.saved ??= []);
    saved.push(isOutput ? new Saved(t, t.version, this, 0) : new Saved(t, t.version, t.gradFn, t.outputNr));
    return saved.length - 1;
  }

  /** The i-th saved tensor; throws if backward already freed it or it was modified in place. */
  savedTensor(i: number): Tensor {
    if (this.released || this.saved === null) {
      throw new Error(
        'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ' +
          'Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). ' +
          'Specify retainGraph: true if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.',
      );
    }
    const s = this.saved[i];
    const now = s.tensor.version;
    if (now !== s.version) {
      const t = s.tensor;
      throw new Error(
        'one of the variables needed for gradient computation has been modified by an inplace operation: ' +
          `[${t.dtype} [${t.shape.join(', ')}]]${s.producer ? `, which is output ${s.outputNr} of ${s.producer.name},` : ''} is at version ${now}; ` +
          `expected version ${s.version} instead. Hint: the backtrace further above can show the operation that failed to compute its gradient (run inside detectAnomaly).`,
      );
    }
    return s.tensor;
  }

  /** Drops what backward needed (after it has run, unless retainGraph). */
  release(): void {
    if (this.saved !== null) {
      this.saved = null;
      this.released = true;
    }
  }

  /** @internal Tensors this node holds for backward (saved ones, and tensors among its args). */
  heldTensors(): unknown[] {
    const held: unknown[] = this.saved === null ? [] : this.saved.map((s) => s.tensor);
    const add = (v: unknown): void => {
      if (v !== null && typeof v === 'object' && 'impl' in v && 'gradFn' in v) held.push(v);
    };
    const args = this.args;
    add(args);
    if (Array.isArray(args)) args.forEach(add);
    else if (args !== null && typeof args === 'object') {
      for (const v of Object.values(args)) {
        add(v);
        if (Array.isArray(v)) v.forEach(add);
      }
    }
    return held;
  }

  registerHook(hook: NodeHook): () => void {
    (this.postHooks ??= []).push(hook);
    return () => {
      const i = this.postHooks?.indexOf(hook) ?? -1;
      if (i >= 0) this.postHooks!.splice(i, 1);
    };
  }

  addPreHook(output: number, hook: GradHook): () => void {
    const map = (this.preHooks ??= new Map());
    const list = map.get(output) ?? [];
    list.push(hook);
    map.set(output, list);
    return () => {
      const i = list.indexOf(hook);
      if (i >= 0) list.splice(i, 1);
    };
  }

  toString(): string {
    return `<${this.name}>`;
  }
}
