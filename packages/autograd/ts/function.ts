// Custom differentiable functions written in TypeScript: PyTorch's torch.autograd.Function.
//   class Square extends Function {
//     static forward(ctx: FunctionCtx, x: Tensor) { ctx.saveForBackward(x); return x.mul(x); }
//     static backward(ctx: FunctionCtx, g: Tensor) { const [x] = ctx.savedTensors; return g.mul(x).mul(2); }
//   }
//   const y = Square.apply(x);
import { noGrad } from './grad_mode';
import type { Grads, Node } from './node';
import { needsGrad, record } from './tape';
import { Tensor } from './tensor';

type GradResult = Tensor | null | undefined | (Tensor | null | undefined)[];

/** What forward and backward share (PyTorch's ctx). */
export class FunctionCtx {
  /** For each forward argument: whether it is a Tensor whose gradient is needed. */
  needsInputGrad: boolean[] = [];
  /** @internal */ toSave: Tensor[] = [];
  /** @internal */ dirty = new Set<Tensor>();
  /** @internal */ nonDifferentiable = new Set<Tensor>();
  /** @internal */ node: Node | null = null;
  /** @internal */ materializeGrads = true;
  /** @internal index of each saved entry among the node's saved tensors (-1: null) */ savedIndex: number[] = [];
  [key: string]: unknown;

  /** Saves tensors (inputs or outputs) for backward; read them back with savedTensors. */
  saveForBackward(...tensors: (Tensor | null)[]): void {
    tensors.forEach((t, i) => {
      if (t !== null && !(t instanceof Tensor)) throw new TypeError(`saveForBackward: argument ${i} is not a Tensor`);
    });
    this.toSave = tensors as Tensor[];
  }
  /** The tensors given to saveForBackward (checked against in-place changes since). */
  get savedTensors(): (Tensor | null)[] {
    if (this.node === null) return this.toSave;
    return this.toSave.map((t, i) => (t === null ? null : this.node!.savedTensor(this.savedIndex[i])));
  }
  /** Declares inputs that forward modified in place. */
  markDirty(...tensors: Tensor[]): void {
    for (const t of tensors) this.dirty.add(t);
  }
  /** Declares outputs that have no gradient (indices, masks). */
  markNonDifferentiable(...tensors: Tensor[]): void {
    for (const t of tensors) this.nonDifferentiable.add(t);
  }
  /** false: backward gets null (not zeros) for outputs that received no gradient. */
  setMaterializeGrads(value: boolean): void {
    this.materializeGrads = value;
  }
}

interface FunctionClass {
  name: string;
  forward(ctx: FunctionCtx, ...args: never[]): unknown;
  backward(ctx: FunctionCtx, ...grads: never[]): GradResult;
}

/** Subclass with static forward(ctx, ...args) and backward(ctx, ...grads); call with apply. */
export class Function {
  static forward(_ctx: FunctionCtx, ..._args: unknown[]): Tensor | Tensor[] {
    throw new Error(`You must implement the forward function for custom autograd.Function.`);
  }
  static backward(_ctx: FunctionCtx, ..._grads: (Tensor | null)[]): GradResult {
    throw new Error(`You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.`);
  }

  /** Runs forward (without recording inside) and records one node whose backward is backward. */
  static apply<T extends typeof Function>(this: T, ...args: Parameters<T['forward']> extends [FunctionCtx, ...infer A] ? A : never): ReturnType<T['forward']> {
    const cls = this as unknown as FunctionClass;
    if (cls.forward === Function.forward) throw new Error(`You must implement the forward function for custom autograd.Function.`);
    const ctx = new FunctionCtx();
    const inputs = args.map((a) => (a instanceof Tensor ? a : null));
    ctx.needsInputGrad = inputs.map((t) => t !== null && t.requiresGrad);
    const result = noGrad(() => cls.forward(ctx, ...(args as unknown as never[])));
    const outputs = Array.isArray(result) ? result : [result];
    outputs.forEach((o, i) => {
      if (!(o instanceof Tensor)) throw new TypeError(`${cls.name}.forward must return a Tensor or an array of Tensors (output ${i} is not)`);
    });
    for (const t of ctx.dirty) {
      if (!inputs.includes(t)) throw new Error('markDirty: only input tensors can be marked dirty');
      if (t.isLeaf && t.requiresGrad && needsGrad(inputs)) throw new Error('a leaf Variable that requires grad has been used in an in-place operation.');
      t.bumpVersion();
    }
    if (!needsGrad(inputs)) return result as ReturnType<T['forward']>;
    // an input returned as is (and not dirty) gets a fresh alias to carry the new history
    const outs = outputs.map((o) => (inputs.includes(o) && !ctx.dirty.has(o) ? o.detach() : o));
    const differentiable = outs.filter((o, i) => !ctx.nonDifferentiable.has(outputs[i]));
    const node = record(`${cls.name}Backward`, functionBackward, inputs, differentiable, { cls, ctx, nIn: args.length });
    node.outputMeta = differentiable.map((o) => ({ shape: o.shape, dtype: o.dtype }));
    node.external = true;
    ctx.node = node;
    let k = 0;
    ctx.savedIndex = ctx.toSave.map((t) => (t === null ? -1 : k++));
    for (const t of ctx.toSave) if (t !== null) node.save(t, outs.includes(t));
    const final = outs.map((o) => (ctx.nonDifferentiable.has(o) ? o.detach() : o));
    return (Array.isArray(result) ? final : final[0]) as ReturnType<T['forward']>;
  }
}

function functionBackward(node: Node, grads: Grads): Grads {
  const { cls, ctx, nIn } = node.args as { cls: FunctionClass; ctx: FunctionCtx; nIn: number };
  const gs = grads.slice(0, node.numOutputs);
  for (let i = 0; i < node.numOutputs; i++) {
    if ((gs[i] === null || gs[i] === undefined) && ctx.materializeGrads) {
      const m = node.outputMeta![i];
      gs[i] = (grads.find((g) => g) ?? null)?.newZerosLike(m.shape, m.dtype as Tensor['dtype']) ?? null;
    } else if (gs[i] === undefined) gs[i] = null;
  }
  const r = cls.backward(ctx, ...(gs as never[]));
  const out = Array.isArray(r) ? r : [r];
  // PyTorch allows extra trailing nulls; fewer is an error
  if (out.length < nIn || out.slice(nIn).some((g) => g !== null && g !== undefined)) {
    throw new Error(`function ${node.name} returned an incorrect number of gradients (expected ${nIn}, got ${out.length})`);
  }
  return out.slice(0, nIn).map((g, i) => {
    if (g === null || g === undefined || node.next[i] === null) return null;
    if (!(g instanceof Tensor)) throw new TypeError(`function ${node.name} returned a gradient at index ${i} that is not a Tensor`);
    return g;
  });
}
