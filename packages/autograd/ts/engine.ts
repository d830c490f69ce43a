// The backward engine: runs the nodes reachable from the roots in dependency order (later-made
// nodes first among those ready), summing the gradients that meet at a node, and either
// accumulating into leaves' .grad (backward) or returning the gradients of given inputs (grad).
import { isAnomalyEnabled } from './anomaly';
import { swapGradEnabled } from './grad_mode';
import { Grads, Node } from './node';
import type { Tensor } from './tensor';

/** The node that adds incoming gradients into a leaf's .grad. */
export class AccumulateGrad extends Node {
  constructor(readonly variable: Tensor) {
    super('AccumulateGrad', () => [], []);
  }
}

export interface RunOptions {
  retainGraph?: boolean;
  createGraph: boolean;
  /** backward(inputs) / grad(inputs): only these tensors' gradients are wanted */
  inputs?: Tensor[];
  /** true: add into .grad (backward); false: return the inputs' gradients (grad) */
  accumulate: boolean;
  allowUnused?: boolean;
}

/** A max-heap of nodes by sequence number. */
class ReadyQueue {
  private heap: Node[] = [];
  get size(): number {
    return this.heap.length;
  }
  push(n: Node): void {
    const h = this.heap;
    h.push(n);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].seq >= n.seq) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = n;
  }
  pop(): Node {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const c = l + 1 < h.length && h[l + 1].seq > h[l].seq ? l + 1 : l;
        if (h[c].seq <= last.seq) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

/** The node and output slot a tensor's gradient flows into. */
function rootEdge(t: Tensor): [Node, number] {
  return t.gradFn !== null ? [t.gradFn, t.outputNr] : [t.gradAccumulator(), 0];
}

function describe(t: Tensor): string {
  return `[${t.dtype} [${t.shape.join(', ')}]]`;
}

/** Runs backward from roots; returns the gradients of opts.inputs when !opts.accumulate. */
export function runBackward(roots: Tensor[], rootGrads: (Tensor | null)[], opts: RunOptions): (Tensor | null)[] {
  const retainGraph = opts.retainGraph ?? opts.createGraph;
  // 1. the roots' gradients
  const buffers = new Map<Node, Grads>();
  const rootNodes: Node[] = [];
  // gradients the caller or another leaf can see: a leaf's .grad must not alias them
  const handedOut = new Set<Tensor>();
  // sums the engine made itself: later contributions are added into them in place
  const owned = opts.createGraph ? null : new Set<Tensor>();
  roots.forEach((root, i) => {
    if (!root._requiresGrad) {
      throw new Error(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    }
    let g = rootGrads[i];
    if (g !== null && g !== undefined) handedOut.add(g);
    if (g === null || g === undefined) {
      if (root.numel() !== 1) throw new Error('grad can be implicitly created only for scalar outputs');
      g = root.onesLikeNoGrad();
    } else if (g.numel() !== root.numel() || g.shape.length !== root.shape.length || g.shape.some((s, d) => s !== root.shape[d])) {
      throw new Error(
        `Mismatch in shape: grad_output[${i}] has a shape of [${g.shape.join(', ')}] and output[${i}] has a shape of [${root.shape.join(', ')}].`,
      );
    } else if (g.dtype !== root.dtype && !(isFloat(g.dtype) && isFloat(root.dtype))) {
      throw new Error(`For grad_output[${i}]: expected a floating point gradient for ${describe(root)}, got ${g.dtype}`);
    }
    const [node, slot] = rootEdge(root);
    addGrad(buffers, node, slot, g, owned);
    rootNodes.push(node);
  });

  // 2. the graph below the roots: dependency counts, and which nodes lead to wanted inputs
  const targets = new Map<Node, Map<number, number>>(); // node -> output slot -> index in inputs
  const wanted = opts.inputs;
  if (wanted) {
    wanted.forEach((t, k) => {
      if (!t._requiresGrad) throw new Error(`One of the differentiated Tensors (input ${k}) does not require grad`);
      const [node, slot] = rootEdge(t);
      if (!targets.has(node)) targets.set(node, new Map());
      targets.get(node)!.set(slot, k);
    });
  }
  const deps = new Map<Node, number>();
  const order: Node[] = []; // nodes in DFS post-order (inputs before their users)
  const seen = new Set<Node>();
  for (const r of rootNodes) {
    if (seen.has(r)) continue;
    seen.add(r);
    const stack: [Node, number][] = [[r, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [node, i] = top;
      if (i < node.next.length) {
        top[1]++;
        const e = node.next[i];
        if (e === null) continue;
        const child = e[0];
        deps.set(child, (deps.get(child) ?? 0) + 1);
        if (!seen.has(child)) {
          seen.add(child);
          stack.push([child, 0]);
        }
      } else {
        stack.pop();
        order.push(node);
      }
    }
  }
  // with wanted inputs, run only nodes with a path to one of them
  let needed: Set<Node> | null = null;
  if (wanted) {
    needed = new Set();
    for (const node of order) {
      if (targets.has(node) || node.next.some((e) => e !== null && needed!.has(e[0]))) needed.add(node);
    }
  }

  // 3. run
  const captured: (Tensor | null)[] = wanted ? wanted.map(() => null) : [];
  const ready = new ReadyQueue();
  for (const r of new Set(rootNodes)) if (!deps.has(r)) ready.push(r);
  const previousMode = swapGradEnabled(opts.createGraph);
  try {
    while (ready.size > 0) {
      const node = ready.pop();
      const grads = buffers.get(node) ?? [];
      buffers.delete(node);
      const skip = needed !== null && !needed.has(node);
      if (!skip) runNode(node, grads, opts, targets.get(node), captured, retainGraph, buffers, needed, handedOut, owned);
      for (const e of node.next) {
        if (e === null) continue;
        const left = deps.get(e[0])! - 1;
        deps.set(e[0], left);
        if (left === 0) ready.push(e[0]);
      }
    }
  } finally {
    swapGradEnabled(previousMode);
  }
  if (wanted && !opts.accumulate) {
    captured.forEach((g, k) => {
      if (g === null && !opts.allowUnused) {
        throw new Error(
          `One of the differentiated Tensors (input ${k}) appears to not have been used in the graph. Set allowUnused: true if this is the desired behavior.`,
        );
      }
    });
  }
  return captured;
}

function isFloat(d: string): boolean {
  return d === 'float32' || d === 'float64' || d === 'float16' || d === 'bfloat16';
}

/**
 * Adds g into node's buffer at slot (a sum when several edges meet there). Without createGraph,
 * the first sum is a new tensor the engine owns, and later gradients are added into it in place.
 */
function addGrad(buffers: Map<Node, Grads>, node: Node, slot: number, g: Tensor, owned: Set<Tensor> | null): void {
  let buf = buffers.get(node);
  if (buf === undefined) {
    buf = [];
    buffers.set(node, buf);
  }
  const old = buf[slot];
  if (old === null || old === undefined) {
    buf[slot] = g;
  } else if (owned !== null && owned.has(old) && sameShape(old.shape, g.shape)) {
    old.impl.add_(g.impl);
  } else {
    const sum = old.add(g);
    owned?.add(sum);
    buf[slot] = sum;
  }
}

function sameShape(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function runNode(
  node: Node,
  grads: Grads,
  opts: RunOptions,
  targetSlots: Map<number, number> | undefined,
  captured: (Tensor | null)[],
  retainGraph: boolean,
  buffers: Map<Node, Grads>,
  needed: Set<Node> | null,
  handedOut: Set<Tensor>,
  owned: Set<Tensor> | null,
): void {
  // tensor hooks, retained and captured gradients
  if (node.preHooks !== null) {
    for (const [slot, hooks] of node.preHooks) {
      for (const hook of hooks) {
        const g = grads[slot];
        if (g === null || g === undefined) continue;
        const r = hook(g);
        if (r !== undefined && r !== null) grads[slot] = r;
      }
    }
  }
  if (node.retained !== null) {
    for (const [slot, ref] of node.retained) {
      const t = ref.deref();
      const g = grads[slot];
      if (t === undefined || g === null || g === undefined) continue;
      t._grad = t._grad === null ? (opts.createGraph ? g : g.detach().cloneNoGrad()) : t._grad.add(g);
    }
  }
  if (targetSlots !== undefined) {
    for (const [slot, k] of targetSlots) {
      const g = grads[slot] ?? null;
      if (opts.accumulate) {
        if (!(node instanceof AccumulateGrad) && g !== null) accumulateInto(opts.inputs![k], g, opts.createGraph, handedOut);
      } else {
        captured[k] = g === null ? null : captured[k] === null ? g : captured[k]!.add(g);
      }
    }
  }
  if (node instanceof AccumulateGrad) {
    const g = grads[0];
    if (g !== null && g !== undefined && opts.accumulate && (opts.inputs === undefined || targetSlots !== undefined)) {
      accumulateInto(node.variable, g, opts.createGraph, handedOut);
    }
    return;
  }
  if (needed !== null && !node.next.some((e) => e !== null && needed.has(e[0]))) return;
  const out = node.backwardFn(node, grads);
  if (isAnomalyEnabled()) checkNaN(node, out);
  if (node.postHooks !== null) {
    for (const hook of node.postHooks) {
      const r = hook(out, grads);
      if (Array.isArray(r)) for (let i = 0; i < out.length; i++) out[i] = r[i] ?? null;
    }
  }
  if (!retainGraph) node.release();
  const next = node.next;
  for (let i = 0; i < next.length; i++) {
    const e = next[i];
    const g = out[i];
    if (e === null || g === null || g === undefined) continue;
    if (needed !== null && !needed.has(e[0])) continue;
    addGrad(buffers, e[0], e[1], g, owned);
  }
}

/** Adds g into t.grad (a leaf, or a non-leaf named in backward's inputs). */
function accumulateInto(t: Tensor, g: Tensor, createGraph: boolean, handedOut: Set<Tensor>): void {
  const old = t._grad;
  if (old === null) {
    // keep g itself when nothing else can see its memory (PyTorch steals it the same way)
    const steal = createGraph || (!handedOut.has(g) && g.impl.storageUseCount() === 1 && !g._requiresGrad);
    t._grad = steal ? g : g.cloneNoGrad();
    handedOut.add(g);
  } else if (createGraph || old._requiresGrad) {
    t._grad = old.add(g);
  } else {
    old.impl.add_(g.impl);
    old.bumpVersion();
  }
}

function checkNaN(node: Node, out: Grads): void {
  out.forEach((g, i) => {
    if (g !== null && g !== undefined && g.impl.isnan().any().item()) {
      const where = node.trace ? `\nThe forward op was called at:\n${node.trace}` : '';
      throw new Error(`Function '${node.name}' returned nan values in its ${i}th output.${where}`);
    }
  });
}
