// Recording: wrapping backend results as Tensors and, when an input requires grad, linking them
// to a new node of the tape. Every differentiable op goes through these few functions.
import { isAnomalyEnabled } from './anomaly';
import type { BackendTensor } from './backend';
import { isGradEnabled } from './grad_mode';
import { BackwardFn, Edge, Node } from './node';
import { Tensor, isDifferentiableDtype } from './tensor';

/** A tensor for a backend result that is not recorded. */
export function wrap(impl: BackendTensor): Tensor {
  return new Tensor(impl);
}

/** The edge to t's node (its gradFn, or its AccumulateGrad when a leaf); null if t needs no grad. */
export function edgeOf(t: Tensor | null | undefined): Edge {
  if (t === null || t === undefined || !(t.base === null ? t._requiresGrad : t.requiresGrad)) return null;
  return t.gradFn !== null ? [t.gradFn, t.outputNr] : [t.gradAccumulator(), 0];
}

/** Whether an op with these tensor inputs records a node. */
export function needsGrad(inputs: readonly (Tensor | null | undefined)[]): boolean {
  if (!isGradEnabled()) return false;
  for (const t of inputs) if (t !== null && t !== undefined && (t.base === null ? t._requiresGrad : t.requiresGrad)) return true;
  return false;
}

/**
 * Makes `out` (and further outputs) the result of a node named `name` over `inputs`. Outputs of
 * non-floating dtype do not require grad. Returns the node, for saving tensors and arguments.
 */
export function record(name: string, backward: BackwardFn, inputs: readonly (Tensor | null | undefined)[], outputs: Tensor | Tensor[], args?: unknown): Node {
  const next: Edge[] = new Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) next[i] = edgeOf(inputs[i]);
  const node = new Node(name, backward, next);
  node.args = args;
  if (isAnomalyEnabled()) node.trace = new Error().stack?.split('\n').slice(2).join('\n') ?? null;
  if (Array.isArray(outputs)) {
    node.numOutputs = outputs.length;
    outputs.forEach((o, i) => attach(o, node, i));
  } else {
    attach(outputs, node, 0);
  }
  return node;
}

function attach(out: Tensor, node: Node, nr: number): void {
  if (!isDifferentiableDtype(out.dtype)) return;
  out._requiresGrad = true;
  out.gradFn = node;
  out.outputNr = nr;
}

/**
 * An in-place op on self. Unrecorded: `direct` writes into self's backend tensor. Recorded: the
 * op runs out of place (`functional`) on a copy of self that carries self's history, and the
 * result is written back, so self's gradFn becomes the op's node (saved inputs stay intact).
 */
export function applyInplace(self: Tensor, others: readonly (Tensor | null | undefined)[], direct: () => void, functional: (old: Tensor) => Tensor): Tensor {
  const recorded = isGradEnabled() && (self.requiresGrad || others.some((t) => t != null && t.requiresGrad));
  if (!recorded) {
    direct();
    self.bumpVersion();
    return self;
  }
  if (self.isLeaf && self._requiresGrad) {
    throw new Error('a leaf Variable that requires grad is being used in an in-place operation.');
  }
  if (self.base !== null) {
    const r = inplaceOnView(self, functional);
    if (r !== null) return r;
  }
  const y = writeResult(self, functional);
  self.gradFn = y.gradFn;
  self.outputNr = y.outputNr;
  self._requiresGrad = y._requiresGrad;
  return self;
}

/**
 * @internal Runs `functional` on a copy of self that carries self's history (so that what the op
 * saves is not overwritten), writes the result into self and bumps its version; returns the result.
 */
export function writeResult(self: Tensor, functional: (old: Tensor) => Tensor): Tensor {
  const old = new Tensor(self.impl.clone(), self._requiresGrad);
  old.gradFn = self.gradFn;
  old.outputNr = self.outputNr;
  const y = functional(old);
  if (y.dtype !== self.dtype) throw new Error(`result type ${y.dtype} can't be cast to the desired output type ${self.dtype}`);
  self.impl.copy_(y.impl);
  self.bumpVersion();
  return y;
}

/** An in-place op that replaces the values (fills, random samplers): the old values get gradient zero. */
export function replaceValues(name: string, x: Tensor, fill: (target: BackendTensor) => unknown): Tensor {
  return applyInplace(
    x,
    [],
    () => fill(x.impl),
    (old) => {
      const r = wrap(old.impl.clone());
      fill(r.impl);
      if (needsGrad([old])) record(name, zeroBackward, [old], r);
      return r;
    },
  );
}
function zeroBackward(_node: Node, grads: (Tensor | null)[]): (Tensor | null)[] {
  return [grads[0]!.mul(0)];
}

/**
 * Set by views.ts: in-place on a view with grad recording (PyTorch's CopySlices); null when the
 * view can be treated as a tensor of its own (its base has no history and it cannot be replayed).
 */
export let inplaceOnView: (view: Tensor, functional: (old: Tensor) => Tensor) => Tensor | null = () => null;
export function setInplaceOnView(fn: typeof inplaceOnView): void {
  inplaceOnView = fn;
}
