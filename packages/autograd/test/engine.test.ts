// The tape and the engine: graph structure, accumulation, hooks, retainGraph/createGraph,
// autograd.grad, version counters, in-place rules and the errors PyTorch gives.
import * as th from '@typetorch/th';
import * as ag from '@typetorch/autograd';
import type { BackendTensor } from '@typetorch/autograd';

const { tensor } = ag;
const values = (t: ag.Tensor | null): unknown => (t === null ? null : t.toArray());
const f64 = { dtype: 'float64' as const, requiresGrad: true };

function expectClose(t: ag.Tensor | null, expected: number[] | number, digits = 10): void {
  expect(t).not.toBeNull();
  const got = t!.toArray();
  const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
  const g = flat(got);
  const e = flat(expected);
  expect(g.length).toBe(e.length);
  g.forEach((v, i) => expect(v).toBeCloseTo(e[i], digits));
}

describe('graph structure', () => {
  test('gradFn names, nextFunctions and isLeaf', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2).exp();
    expect(x.isLeaf).toBe(true);
    expect(y.isLeaf).toBe(false);
    expect(y.gradFn!.name).toBe('ExpBackward0');
    const [[mul, nr]] = y.gradFn!.nextFunctions;
    expect(mul!.name).toBe('MulBackward0');
    expect(nr).toBe(0);
    expect(mul!.nextFunctions[0][0]!.name).toBe('AccumulateGrad');
    expect(mul!.nextFunctions).toHaveLength(2);
    expect(mul!.nextFunctions[1][0]).toBeNull(); // the scalar
  });
  test('ops on tensors that do not require grad record nothing', () => {
    const x = tensor([1, 2]);
    const y = x.mul(3);
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
  });
  test('integer results of differentiable inputs do not require grad', () => {
    const x = tensor([1, 3, 2], { requiresGrad: true });
    expect(x.argmax().requiresGrad).toBe(false);
    expect(x.gt(1).requiresGrad).toBe(false);
    const { values: v, indices } = x.max(0);
    expect(v.requiresGrad).toBe(true);
    expect(indices.requiresGrad).toBe(false);
  });
  test('requiresGrad only on leaves and floating dtypes', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => x.mul(2).requiresGrad_(false)).toThrow(/only change requires_grad flags of leaf variables/);
    expect(() => tensor([1, 2], { dtype: 'int64' }).requiresGrad_()).toThrow(/only Tensors of floating point dtype can require gradients/);
    const z = tensor([1.5]);
    z.requiresGrad = true;
    expect(z.requiresGrad).toBe(true);
  });
  test('detach shares memory and leaves the graph; detach_ cuts in place', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    const d = y.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.gradFn).toBeNull();
    d.impl.fill_(7);
    expect(values(y)).toEqual([7, 7]);
    y.detach_();
    expect(y.isLeaf).toBe(true);
    expect(y.requiresGrad).toBe(false);
  });
});

describe('backward', () => {
  test('gradients of a shared input add up', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.mul(x).add(x).sum().backward();
    expect(values(x.grad)).toEqual([3, 5, 7]);
  });
  test('gradients accumulate across backward calls', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.mul(3).sum().backward();
    x.mul(3).sum().backward();
    expect(values(x.grad)).toEqual([6, 6]);
  });
  test('leaf gradients are never aliases of each other or of the given gradient', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    const g = tensor([1, 1]);
    a.add(b).backward(g);
    a.grad!.impl.fill_(0);
    expect(values(b.grad)).toEqual([1, 1]);
    expect(values(g)).toEqual([1, 1]);
  });
  test('a non-scalar root needs a gradient; shapes must match', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => x.mul(2).backward()).toThrow('grad can be implicitly created only for scalar outputs');
    expect(() => x.mul(2).backward(tensor([1, 2, 3]))).toThrow(/Mismatch in shape: grad_output\[0\] has a shape of \[3\] and output\[0\] has a shape of \[2\]/);
    x.mul(2).backward(tensor([1, -1]));
    expect(values(x.grad)).toEqual([2, -2]);
  });
  test('backward of a tensor that does not require grad throws', () => {
    expect(() => tensor([1]).sum().backward()).toThrow('element 0 of tensors does not require grad and does not have a grad_fn');
  });
  test('a second backward needs retainGraph', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.exp().sum();
    y.backward(null, { retainGraph: true });
    y.backward();
    expectClose(x.grad, [2 * Math.E, 2 * Math.exp(2)], 5);
    expect(() => y.backward()).toThrow(/Trying to backward through the graph a second time/);
  });
  test('backward with inputs accumulates only into them', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    a.mul(b).sum().backward(null, { inputs: [a] });
    expect(values(a.grad)).toEqual([3, 4]);
    expect(b.grad).toBeNull();
  });
  test('saved tensors are released after backward', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.exp();
    const node = y.gradFn!;
    y.sum().backward();
    expect(() => node.savedTensor(0)).toThrow(/backward through the graph a second time/);
  });
});

describe('retainGrad and hooks', () => {
  test('retainGrad keeps a non-leaf gradient', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(3);
    y.retainGrad();
    expect(y.retainsGrad).toBe(true);
    y.mul(y).sum().backward();
    expect(values(y.grad)).toEqual([6, 12]);
    expect(values(x.grad)).toEqual([18, 36]);
  });
  test('tensor hooks see and replace gradients, in registration order, and can be removed', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    const seen: string[] = [];
    y.registerHook((g) => {
      seen.push(`first ${JSON.stringify(g.toArray())}`);
      return g.mul(10);
    });
    y.registerHook((g) => {
      seen.push(`second ${JSON.stringify(g.toArray())}`);
    });
    const leafHook = x.registerHook((g) => g.add(1));
    y.sum().backward();
    expect(seen).toEqual(['first [1,1]', 'second [10,10]']);
    expect(values(x.grad)).toEqual([21, 21]);
    leafHook.remove();
    x.grad = null;
    x.mul(2).sum().backward();
    expect(values(x.grad)).toEqual([2, 2]);
  });
  test('node hooks get input and output gradients', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(4);
    let got: unknown = null;
    y.gradFn!.registerHook((gradInputs, gradOutputs) => {
      got = [values(gradInputs[0]), values(gradOutputs[0])];
    });
    y.sum().backward();
    expect(got).toEqual([[4, 4], [1, 1]]);
  });
  test('hooks need requiresGrad', () => {
    expect(() => tensor([1]).registerHook((g) => g)).toThrow(/doesn't require gradient/);
    expect(() => tensor([1]).retainGrad()).toThrow(/can't retain_grad/);
  });
});

describe('autograd.grad and higher order', () => {
  test('grad returns gradients without touching .grad', () => {
    const x = tensor([1, 2, 3], f64);
    const [g] = ag.grad(x.pow(3).sum(), x);
    expectClose(g, [3, 12, 27]);
    expect(x.grad).toBeNull();
  });
  test('createGraph gives second and third derivatives', () => {
    const x = tensor([0.5, 2], f64);
    const [g1] = ag.grad(x.pow(4).sum(), x, { createGraph: true });
    expect(g1!.requiresGrad).toBe(true);
    const [g2] = ag.grad(g1!.sum(), x, { createGraph: true });
    expectClose(g2, [12 * 0.25, 12 * 4]);
    const [g3] = ag.grad(g2!.sum(), x);
    expectClose(g3, [24 * 0.5, 24 * 2]);
  });
  test('unused inputs: error, or null with allowUnused, or zeros with materializeGrads', () => {
    const x = tensor([1, 2], f64);
    const y = tensor([3, 4], f64);
    const out = x.mul(2).sum();
    expect(() => ag.grad(out, [x, y], { retainGraph: true })).toThrow(/appears to not have been used in the graph/);
    const [gx, gy] = ag.grad(out, [x, y], { allowUnused: true, retainGraph: true });
    expectClose(gx, [2, 2]);
    expect(gy).toBeNull();
    expect(values(ag.grad(out, [y], { materializeGrads: true })[0])).toEqual([0, 0]);
  });
  test('grad with respect to a non-leaf', () => {
    const x = tensor([1, 2], f64);
    const h = x.mul(3);
    const [gh] = ag.grad(h.pow(2).sum(), h);
    expectClose(gh, [6, 12]);
  });
  test('backward with createGraph makes .grad differentiable', () => {
    const x = tensor([1, 2], f64);
    x.pow(3).sum().backward(null, { createGraph: true });
    const gg = x.grad!.sum();
    const [h] = ag.grad(gg, x);
    expectClose(h, [6, 12]);
  });
});

describe('in-place operations and versions', () => {
  test('modifying a saved tensor in place is caught with PyTorch message', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(1);
    const z = y.sin();
    y.add_(1);
    expect(() => z.sum().backward()).toThrow(
      /one of the variables needed for gradient computation has been modified by an inplace operation: \[float32 \[2\]\], which is output 0 of MulBackward0, is at version 1; expected version 0 instead/,
    );
  });
  test('in-place on a leaf that requires grad throws; under noGrad it is allowed', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    expect(() => w.add_(1)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    ag.noGrad(() => w.sub_(tensor([0.5, 0.5])));
    expect(values(w)).toEqual([0.5, 1.5]);
    expect(w.version).toBe(1);
  });
  test('in-place on a non-leaf rebases its history', () => {
    const x = tensor([0.5, 1], f64);
    const y = x.mul(2);
    y.exp_();
    expect(y.gradFn!.name).toBe('ExpBackward0');
    y.sum().backward();
    expectClose(x.grad, [2 * Math.exp(1), 2 * Math.exp(2)]);
  });
  test('in-place on a view of a non-leaf (CopySlices)', () => {
    const x = tensor([1, 2, 3, 4], f64);
    const y = x.mul(1);
    y.narrow(0, 1, 2).mul_(10);
    expect(y.gradFn!.name).toBe('CopySlices');
    expect(values(y)).toEqual([1, 20, 30, 4]);
    y.mul(tensor([1, 2, 3, 4], { dtype: 'float64' })).sum().backward();
    expectClose(x.grad, [1, 20, 30, 4]);
  });
  test('views share the version counter of their base', () => {
    const x = tensor([1, 2, 3]);
    const v = x.narrow(0, 0, 2);
    v.mul_(2);
    expect(x.version).toBe(1);
    expect(values(x)).toEqual([2, 4, 3]);
  });
  test('out= is refused when a gradient is needed', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => x.exp({ out: ag.zeros([2]) })).toThrow(/don't support automatic differentiation/);
    const out = ag.zeros([2]);
    ag.noGrad(() => x.exp({ out }));
    expectClose(out, [Math.E, Math.exp(2)], 5);
  });
});

describe('grad modes', () => {
  test('noGrad, enableGrad, setGradEnabled', () => {
    const x = tensor([1], { requiresGrad: true });
    expect(ag.isGradEnabled()).toBe(true);
    const y = ag.noGrad(() => {
      expect(ag.isGradEnabled()).toBe(false);
      const inner = ag.enableGrad(() => x.mul(2));
      expect(inner.requiresGrad).toBe(true);
      return x.mul(2);
    });
    expect(y.requiresGrad).toBe(false);
    expect(ag.isGradEnabled()).toBe(true);
    ag.noGrad(() => {
      ag.setGradEnabled(true);
      expect(x.mul(2).requiresGrad).toBe(true);
    });
    expect(() => ag.setGradEnabled('no' as never)).toThrow(TypeError);
  });
  test('the mode follows awaited work', async () => {
    const x = tensor([1], { requiresGrad: true });
    const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 1));
    const inside = ag.noGrad(async () => {
      await tick();
      const a = x.mul(2);
      await tick();
      return [a, ag.isGradEnabled()] as const;
    });
    // meanwhile, outside the scope, recording is on
    expect(x.mul(2).requiresGrad).toBe(true);
    const [a, enabled] = await inside;
    expect(a.requiresGrad).toBe(false);
    expect(enabled).toBe(false);
    expect(ag.isGradEnabled()).toBe(true);
  });
  test('inferenceMode makes inference tensors that cannot be saved', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const t = ag.inferenceMode(() => {
      expect(ag.isInferenceModeEnabled()).toBe(true);
      return w.mul(2);
    });
    expect(t.isInference).toBe(true);
    expect(t.requiresGrad).toBe(false);
    expect(() => w.mul(t)).toThrow(/Inference tensors cannot be saved for backward/);
  });
});

describe('detectAnomaly', () => {
  test('names the backward that produced NaN and where the forward ran', () => {
    const x = tensor([0, 1], { requiresGrad: true });
    const loss = ag.detectAnomaly(() => x.sqrt().mul(0).sum());
    expect(() => ag.detectAnomaly(() => loss.backward())).toThrow(/Function 'SqrtBackward0' returned nan values in its 0th output\.[\s\S]*The forward op was called at/);
  });
  test('without it, NaN gradients pass silently like PyTorch', () => {
    const x = tensor([0, 1], { requiresGrad: true });
    x.sqrt().mul(0).sum().backward();
    expect(Number.isNaN((x.grad!.toArray() as number[])[0])).toBe(true);
  });
});

describe('custom Function', () => {
  class Cube extends ag.Function {
    static forward(ctx: ag.FunctionCtx, x: ag.Tensor, k: number): ag.Tensor {
      ctx.saveForBackward(x);
      ctx.k = k;
      return x.pow(3).mul(k);
    }
    static backward(ctx: ag.FunctionCtx, g: ag.Tensor): (ag.Tensor | null)[] {
      const [x] = ctx.savedTensors;
      return [g.mul(x!.pow(2)).mul(3 * (ctx.k as number)), null];
    }
  }
  test('forward, backward, saved tensors, needsInputGrad, gradcheck and gradgradcheck', () => {
    const x = tensor([0.5, -1.5, 2], f64);
    const y = Cube.apply(x, 2);
    expect(y.gradFn!.name).toBe('CubeBackward');
    expect(ag.gradcheck((t) => Cube.apply(t, 2), [x])).toBe(true);
    expect(ag.gradgradcheck((t) => Cube.apply(t, 2), [x])).toBe(true);
    let needs: boolean[] = [];
    class Probe extends ag.Function {
      static forward(ctx: ag.FunctionCtx, a: ag.Tensor, b: ag.Tensor): ag.Tensor {
        needs = ctx.needsInputGrad;
        return a.add(b);
      }
      static backward(_ctx: ag.FunctionCtx, g: ag.Tensor): ag.Tensor[] {
        return [g, g];
      }
    }
    Probe.apply(x, tensor([1, 1, 1], { dtype: 'float64' }));
    expect(needs).toEqual([true, false]);
  });
  test('a wrong backward is caught by gradcheck', () => {
    class Wrong extends ag.Function {
      static forward(_ctx: ag.FunctionCtx, x: ag.Tensor): ag.Tensor {
        return x.mul(x);
      }
      static backward(_ctx: ag.FunctionCtx, g: ag.Tensor): ag.Tensor {
        return g;
      }
    }
    const x = tensor([1, 2], f64);
    expect(() => ag.gradcheck((t) => Wrong.apply(t), [x])).toThrow(/Jacobian mismatch/);
    expect(ag.gradcheck((t) => Wrong.apply(t), [x], { raiseException: false })).toBe(false);
  });
  test('markDirty, markNonDifferentiable, wrong gradient counts', () => {
    class AddOneInPlace extends ag.Function {
      static forward(ctx: ag.FunctionCtx, x: ag.Tensor): ag.Tensor {
        x.impl.add_(1);
        ctx.markDirty(x);
        return x;
      }
      static backward(_ctx: ag.FunctionCtx, g: ag.Tensor): ag.Tensor {
        return g;
      }
    }
    const x = tensor([1, 2], f64);
    const y = x.mul(2);
    const r = AddOneInPlace.apply(y);
    expect(r).toBe(y);
    expect(y.version).toBe(1);
    expect(y.gradFn!.name).toBe('AddOneInPlaceBackward');
    y.sum().backward();
    expectClose(x.grad, [2, 2]);

    class SortWithIndex extends ag.Function {
      static forward(ctx: ag.FunctionCtx, x: ag.Tensor): ag.Tensor[] {
        const { values: v, indices } = x.sort(0);
        ctx.markNonDifferentiable(indices);
        ctx.saveForBackward(indices);
        return [v, indices];
      }
      static backward(ctx: ag.FunctionCtx, g: ag.Tensor): ag.Tensor {
        const [idx] = ctx.savedTensors;
        return g.newZerosLike(g.shape, g.dtype).scatter(0, idx!, g);
      }
    }
    const z = tensor([3, 1, 2], f64);
    const [v, i] = SortWithIndex.apply(z);
    expect(i.requiresGrad).toBe(false);
    v.mul(tensor([1, 2, 3], { dtype: 'float64' })).sum().backward();
    expectClose(z.grad, [3, 1, 2]);

    class TooFew extends ag.Function {
      static forward(_ctx: ag.FunctionCtx, a: ag.Tensor, b: ag.Tensor): ag.Tensor {
        return a.add(b);
      }
      static backward(_ctx: ag.FunctionCtx, g: ag.Tensor): ag.Tensor {
        return g;
      }
    }
    const p = tensor([1], f64);
    expect(() => TooFew.apply(p, p).sum().backward()).toThrow(/returned an incorrect number of gradients \(expected 2, got 1\)/);
  });
});

describe('backend interface', () => {
  test("TH's Tensor satisfies BackendTensor (checked by the compiler)", () => {
    const impl: BackendTensor = th.tensor([1, 2]);
    expect(new ag.Tensor(impl).shape).toEqual([2]);
  });
  const cudaUsable = (() => {
    try {
      th.empty([0], { device: 'cuda' }).dispose();
      return true;
    } catch {
      return false;
    }
  })();
  (cudaUsable ? test.skip : test)("'cuda' says why it cannot be used here", () => {
    expect(() => ag.zeros([2], { device: 'cuda' })).toThrow(/not built|CUDA is not available|not installed/);
    expect(() => ag.tensor([1]).cuda()).toThrow(/not built|CUDA is not available|not installed/);
  });
  test('a malformed device is refused', () => {
    expect(() => ag.zeros([2], { device: 'tpu' as never })).toThrow(/Expected one of cpu, cuda device type/);
  });
});

describe('the engine frees the gradients it made once nothing holds them', () => {
  test('a chain leaves only the leaves’ gradients alive (no GC needed)', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 50; i++) y = y.mul(1.01).add(0.5);
    const before = th.memoryStats().liveTensors;
    y.sum().backward();
    // x.grad, plus at most a few in-flight leftovers; without freeing, ~100 gradients stay until GC
    expect(th.memoryStats().liveTensors - before).toBeLessThan(5);
    expect((x.grad!.toArray() as number[])[0]).toBeCloseTo(1.01 ** 50, 4);
  });
  test('what hooks, custom Functions and grad() keep stays usable', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    let seen: ag.Tensor | null = null;
    const y = x.mul(2);
    y.registerHook((g) => {
      seen = g;
    });
    class Stash extends ag.Function {
      static kept: ag.Tensor | null = null;
      static forward(_ctx: ag.FunctionCtx, t: ag.Tensor): ag.Tensor {
        return t.mul(3);
      }
      static backward(_ctx: ag.FunctionCtx, g: ag.Tensor): ag.Tensor {
        Stash.kept = g;
        return g.mul(3);
      }
    }
    Stash.apply(y).exp().sum().backward();
    expect(seen!.isDisposed).toBe(false);
    expect(Stash.kept!.isDisposed).toBe(false);
    expect(seen!.toArray()).toEqual((Stash.kept!.mul(3).toArray() as number[]).map((v) => v));
    const [g] = ag.grad(x.mul(x).sum(), x);
    expect(g!.toArray()).toEqual([2, 4]);
  });
  test('one gradient sent to two leaves and on down the graph is freed only after its last use', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    const s = a.add(b); // AddBackward passes the same gradient to both
    s.mul(s).sum().backward();
    expect(a.grad!.toArray()).toEqual([8, 12]);
    expect(b.grad!.toArray()).toEqual([8, 12]);
    a.grad!.impl.fill_(0);
    expect(b.grad!.toArray()).toEqual([8, 12]);
  });
});
