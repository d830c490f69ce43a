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
  return new Run(opts).run(roots, rootGrads);
}

function isFloat(d: string): boolean {
  return d === 'float32' || d === 'float64' || d === 'float16' || d === 'bfloat16';
}

function sameShape(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** One backward pass: the graph's bookkeeping and the gradients in flight. */
class Run {
  private readonly retainGraph: boolean;
  /** gradients waiting at each node, per output slot */
  private readonly buffers = new Map<Node, Grads>();
  /** for grad()/inputs: node -> output slot -> index in opts.inputs */
  private readonly targets = new Map<Node, Map<number, number>>();
  /** with wanted inputs: the nodes that lead to one of them */
  private needed: Set<Node> | null = null;
  private captured: (Tensor | null)[] = [];
  /** gradients the caller or a leaf can see: a leaf's .grad must not alias them */
  private readonly handedOut = new Set<Tensor>();
  /**
   * Gradients the engine made (without createGraph) and how many buffer slots hold each. Nobody
   * else can reach one once no slot holds it, so its memory is freed right away instead of at
   * the next GC (most of backward's allocations). Sums in here also take later terms in place.
   */
  private readonly made: Map<Tensor, number> | null;

  constructor(private readonly opts: RunOptions) {
    this.retainGraph = opts.retainGraph ?? opts.createGraph;
    this.made = opts.createGraph ? null : new Map();
  }

  run(roots: Tensor[], rootGrads: (Tensor | null)[]): (Tensor | null)[] {
    const opts = this.opts;
    // 1. the roots' gradients
    const rootNodes: Node[] = [];
    roots.forEach((root, i) => {
      if (!root._requiresGrad) {
        throw new Error(`element ${i} of tensors does not require grad and does not have a grad_fn`);
      }
      let g = rootGrads[i];
      if (g === null || g === undefined) {
        if (root.numel() !== 1) throw new Error('grad can be implicitly created only for scalar outputs');
        g = root.onesLikeNoGrad();
      } else if (g.numel() !== root.numel() || !sameShape(g.shape, root.shape)) {
        throw new Error(
          `Mismatch in shape: grad_output[${i}] has a shape of [${g.shape.join(', ')}] and output[${i}] has a shape of [${root.shape.join(', ')}].`,
        );
      } else if (g.dtype !== root.dtype && !(isFloat(g.dtype) && isFloat(root.dtype))) {
        throw new Error(`For grad_output[${i}]: expected a floating point gradient for ${describe(root)}, got ${g.dtype}`);
      } else {
        this.handedOut.add(g);
      }
      const [node, slot] = rootEdge(root);
      this.store(node, slot, g, !this.handedOut.has(g));
      rootNodes.push(node);
    });

    // 2. the graph below the roots: dependency counts, and which nodes lead to wanted inputs
    const wanted = opts.inputs;
    if (wanted) {
      wanted.forEach((t, k) => {
        if (!t._requiresGrad) throw new Error(`One of the differentiated Tensors (input ${k}) does not require grad`);
        const [node, slot] = rootEdge(t);
        if (!this.targets.has(node)) this.targets.set(node, new Map());
        this.targets.get(node)!.set(slot, k);
      });
      this.captured = wanted.map(() => null);
    }
    const { deps, order } = dependencies(rootNodes);
    if (wanted) {
      const needed = new Set<Node>();
      for (const node of order) {
        if (this.targets.has(node) || node.next.some((e) => e !== null && needed.has(e[0]))) needed.add(node);
      }
      this.needed = needed;
    }

    // 3. run
    const ready = new ReadyQueue();
    for (const r of new Set(rootNodes)) if (!deps.has(r)) ready.push(r);
    const previousMode = swapGradEnabled(opts.createGraph);
    try {
      while (ready.size > 0) {
        const node = ready.pop();
        const grads = this.buffers.get(node) ?? [];
        this.buffers.delete(node);
        if (this.needed === null || this.needed.has(node)) this.runNode(node, grads);
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
      this.captured.forEach((g, k) => {
        if (g === null && !opts.allowUnused) {
          throw new Error(
            `One of the differentiated Tensors (input ${k}) appears to not have been used in the graph. Set allowUnused: true if this is the desired behavior.`,
          );
        }
      });
    }
    return this.captured;
  }

  private runNode(node: Node, grads: Grads): void {
    const opts = this.opts;
    // hooks and custom Functions may keep what they see: those gradients are never freed here
    if (node.preHooks !== null || node.postHooks !== null || node.external) for (const g of grads) if (g) this.keep(g);
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
    const targetSlots = this.targets.get(node);
    if (targetSlots !== undefined) {
      for (const [slot, k] of targetSlots) {
        const g = grads[slot] ?? null;
        if (g === null) continue;
        if (opts.accumulate) {
          if (!(node instanceof AccumulateGrad)) this.accumulateInto(opts.inputs![k], g);
        } else if (this.captured[k] === null) {
          this.captured[k] = g;
          this.keep(g);
        } else {
          this.captured[k] = this.captured[k]!.add(g);
        }
      }
    }
    if (node instanceof AccumulateGrad) {
      const g = grads[0];
      if (g !== null && g !== undefined && opts.accumulate && (opts.inputs === undefined || targetSlots !== undefined)) {
        this.accumulateInto(node.variable, g);
      }
      this.consumed(grads);
      return;
    }
    if (this.needed !== null && !node.next.some((e) => e !== null && this.needed!.has(e[0]))) {
      this.consumed(grads);
      return;
    }
    const out = node.backwardFn(node, grads);
    if (isAnomalyEnabled()) checkNaN(node, out);
    if (node.postHooks !== null) {
      for (const hook of node.postHooks) {
        const r = hook(out, grads);
        if (Array.isArray(r)) for (let i = 0; i < out.length; i++) out[i] = r[i] ?? null;
      }
    }
    if (!this.retainGraph) node.release();
    // what built-in backward formulas return is theirs to give; custom Functions and hooks may
    // return tensors the user holds
    const fresh = !node.external && node.postHooks === null;
    const next = node.next;
    for (let i = 0; i < next.length; i++) {
      const e = next[i];
      const g = out[i];
      if (e === null || g === null || g === undefined) continue;
      if (this.needed !== null && !this.needed.has(e[0])) continue;
      this.store(e[0], e[1], g, fresh);
    }
    this.consumed(grads);
  }

  /** Puts g into node's buffer at slot (a sum when several edges meet there). */
  private store(node: Node, slot: number, g: Tensor, fresh: boolean): void {
    const made = this.made;
    // a tensor already in flight is counted again wherever it goes
    if (made !== null && !this.handedOut.has(g) && (fresh || made.has(g))) made.set(g, (made.get(g) ?? 0) + 1);
    let buf = this.buffers.get(node);
    if (buf === undefined) {
      buf = [];
      this.buffers.set(node, buf);
    }
    const old = buf[slot];
    if (old === null || old === undefined) {
      buf[slot] = g;
    } else if (made !== null && made.get(old) === 1 && sameShape(old.shape, g.shape) && old.dtype === g.dtype && old.impl.storageUseCount() === 1) {
      // a gradient only this slot holds, whose memory no other tensor shares: the term is added in place
      old.impl.add_(g.impl);
      this.release(g);
    } else {
      const sum = old.add(g);
      if (made !== null) made.set(sum, 1);
      buf[slot] = sum;
      this.release(old);
      this.release(g);
    }
  }

  /** A node has used its incoming gradients. */
  private consumed(grads: Grads): void {
    for (const g of grads) if (g) this.release(g);
  }

  /** One holder less; the engine frees what nobody holds any more. */
  private release(g: Tensor): void {
    const made = this.made;
    if (made === null) return;
    const n = made.get(g);
    if (n === undefined) return;
    if (n > 1) {
      made.set(g, n - 1);
      return;
    }
    made.delete(g);
    g.impl.dispose();
  }

  /** g goes where the user can see it: never freed by the engine. */
  private keep(g: Tensor): void {
    this.made?.delete(g);
    this.handedOut.add(g);
  }

  /** Adds g into t.grad (a leaf, or a non-leaf named in backward's inputs). */
  private accumulateInto(t: Tensor, g: Tensor): void {
    const old = t._grad;
    if (old === null) {
      // keep g itself when nothing else can see its memory (PyTorch steals it the same way)
      const createGraph = this.opts.createGraph;
      const steal = createGraph || (!this.handedOut.has(g) && g.impl.storageUseCount() === 1 && !g._requiresGrad);
      if (steal) {
        t._grad = g;
        this.keep(g);
      } else {
        t._grad = g.cloneNoGrad();
      }
    } else if (this.opts.createGraph || old._requiresGrad) {
      t._grad = old.add(g);
    } else {
      old.impl.add_(g.impl);
      old.bumpVersion();
    }
  }
}

/** Dependency counts of the nodes below the roots, and the nodes in DFS post-order. */
function dependencies(rootNodes: Node[]): { deps: Map<Node, number>; order: Node[] } {
  const deps = new Map<Node, number>();
  const order: Node[] = [];
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
  return { deps, order };
}

function checkNaN(node: Node, out: Grads): void {
  out.forEach((g, i) => {
    if (g !== null && g !== undefined && g.impl.isnan().any().item()) {
      const where = node.trace ? `\nThe forward op was called at:\n${node.trace}` : '';
      throw new Error(`Function '${node.name}' returned nan values in its ${i}th output.${where}`);
    }
  });
}
