// autograd.grad: gradients of outputs with respect to given inputs, returned instead of
// accumulated into .grad.
import { runBackward } from './engine';
import { Tensor } from './tensor';

export interface GradOptions {
  /** d(something)/d(output) for each output; may be omitted for single-element outputs */
  gradOutputs?: Tensor | (Tensor | null)[] | null;
  retainGraph?: boolean;
  /** record the backward, for higher-order gradients */
  createGraph?: boolean;
  /** return null for inputs the outputs do not depend on, instead of throwing */
  allowUnused?: boolean;
  /** with allowUnused: zeros instead of null */
  materializeGrads?: boolean;
}

const list = (x: Tensor | readonly Tensor[], what: string): Tensor[] => {
  const l = x instanceof Tensor ? [x] : Array.isArray(x) ? [...x] : null;
  if (l === null || l.some((t) => !(t instanceof Tensor))) throw new TypeError(`grad: ${what} must be a Tensor or an array of Tensors`);
  return l;
};

/** The gradients of outputs with respect to inputs (PyTorch's torch.autograd.grad). */
export function grad(outputs: Tensor | readonly Tensor[], inputs: Tensor | readonly Tensor[], options: GradOptions = {}): (Tensor | null)[] {
  const outs = list(outputs, 'outputs');
  const ins = list(inputs, 'inputs');
  if (ins.length === 0) throw new Error('grad requires non-empty inputs.');
  const go = options.gradOutputs;
  const gradOutputs = go === undefined || go === null ? outs.map(() => null) : go instanceof Tensor ? [go] : [...go];
  if (gradOutputs.some((g) => g !== null && !(g instanceof Tensor))) throw new TypeError('grad: gradOutputs must be Tensors (or null)');
  if (gradOutputs.length !== outs.length) {
    throw new Error(`grad_outputs must have the same length as outputs: got ${gradOutputs.length} and ${outs.length}`);
  }
  const r = runBackward(outs, gradOutputs, {
    retainGraph: options.retainGraph,
    createGraph: options.createGraph ?? false,
    inputs: ins,
    accumulate: false,
    allowUnused: options.allowUnused || options.materializeGrads,
  });
  if (options.materializeGrads) return r.map((g, i) => g ?? ins[i].onesLikeNoGrad().mul(0));
  return r;
}
