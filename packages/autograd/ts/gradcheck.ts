// gradcheck / gradgradcheck: compare autograd's Jacobian with central finite differences, as
// PyTorch does (float64 inputs; every output element against every input element).
import { grad } from './grad';
import { noGrad } from './grad_mode';
import { Tensor } from './tensor';

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** throw with details on a mismatch (default), or return false */
  raiseException?: boolean;
}

type Fn = (...inputs: Tensor[]) => Tensor | Tensor[];

const asList = (r: Tensor | Tensor[]): Tensor[] => (Array.isArray(r) ? r : [r]);

/** The element of t at flat (row-major) position i, as a 0-d view. */
function element(t: Tensor, i: number): Tensor['impl'] {
  let v = t.impl;
  const shape = t.shape;
  for (let d = 0; d < shape.length; d++) {
    const inner = shape.slice(d + 1).reduce((a, b) => a * b, 1);
    v = v.select(0, Math.floor(i / inner) % shape[d]);
  }
  return v;
}

function flatValues(t: Tensor): number[] {
  return Array.from(t.impl.to('float64').contiguous().toTypedArray() as Float64Array);
}

/** Numerical Jacobians: J[k][i][j] = d out_k[j] / d in[i] by central differences (grad mode stays
 * as it is: gradgradcheck's function differentiates inside). */
function numerical(fn: Fn, inputs: Tensor[], wrt: Tensor[], eps: number): number[][][] {
  return wrt.map((x) => {
    const rows: number[][] = [];
    for (let i = 0; i < x.numel(); i++) {
      const e = element(x, i);
      const orig = Number(e.item());
      e.fill_(orig + eps);
      const plus = asList(fn(...inputs)).map(flatValues);
      e.fill_(orig - eps);
      const minus = asList(fn(...inputs)).map(flatValues);
      e.fill_(orig);
      rows.push(plus.flatMap((p, k) => p.map((v, j) => (v - minus[k][j]) / (2 * eps))));
    }
    return rows;
  });
}

/** Analytical Jacobians through autograd: one backward per output element. */
function analytical(outputs: Tensor[], wrt: Tensor[], createGraph: boolean): number[][][] {
  const J: number[][][] = wrt.map((x) => Array.from({ length: x.numel() }, () => [] as number[]));
  for (const out of outputs) {
    const n = out.numel();
    for (let j = 0; j < n; j++) {
      if (!out.requiresGrad) {
        for (const rows of J) for (const row of rows) row.push(0);
        continue;
      }
      const onehot = noGrad(() => out.onesLikeNoGrad().mul(0));
      element(onehot, j).fill_(1);
      const gs = grad([out], wrt, { gradOutputs: [onehot], retainGraph: true, allowUnused: true, createGraph });
      gs.forEach((g, k) => {
        const x = wrt[k];
        if (g !== null && (g.dtype !== x.dtype || g.shape.length !== x.shape.length || g.shape.some((s, d) => s !== x.shape[d]))) {
          throw new Error(
            `gradcheck: the gradient of input ${k} has ${g.dtype} [${g.shape.join(', ')}], but the input is ${x.dtype} [${x.shape.join(', ')}]`,
          );
        }
        const vals = g === null ? new Array(wrt[k].numel()).fill(0) : flatValues(g);
        vals.forEach((v, i) => J[k][i].push(v));
      });
    }
  }
  return J;
}

/** Checks fn's gradients with respect to its float64 inputs that require grad. */
export function gradcheck(fn: Fn, inputs: Tensor | Tensor[], options: GradcheckOptions = {}): boolean {
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  const raise = options.raiseException ?? true;
  const wrt = ins.filter((t) => t instanceof Tensor && t.requiresGrad);
  if (wrt.length === 0) throw new Error('gradcheck expects at least one input tensor to require gradient, but none of the them have requires_grad=True.');
  for (const t of wrt) {
    if (t.dtype !== 'float64') {
      throw new Error(`gradcheck: input of dtype ${t.dtype} requires grad; gradcheck needs float64 inputs (finite differences in float32 are too coarse)`);
    }
  }
  const outputs = asList(fn(...ins));
  const A = analytical(outputs, wrt, false);
  const N = numerical(fn, ins, wrt, eps);
  for (let k = 0; k < wrt.length; k++) {
    for (let i = 0; i < A[k].length; i++) {
      for (let j = 0; j < A[k][i].length; j++) {
        const a = A[k][i][j];
        const n = N[k][i][j];
        if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n)) && !(Number.isNaN(a) && Number.isNaN(n))) {
          const msg =
            `Jacobian mismatch for output ${j} with respect to input ${k}, element ${i}:\n` +
            `numerical: ${n}\nanalytical: ${a}\n` +
            `(input ${k} has shape [${wrt[k].shape.join(', ')}]; atol ${atol}, rtol ${rtol}, eps ${eps})`;
          if (raise) throw new Error(msg);
          return false;
        }
      }
    }
  }
  return true;
}

/** Checks second derivatives: gradcheck of (inputs, gradOutputs) -> autograd.grad(fn(inputs), inputs, gradOutputs). */
export function gradgradcheck(fn: Fn, inputs: Tensor | Tensor[], gradOutputs?: Tensor[] | null, options: GradcheckOptions = {}): boolean {
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const wrtIdx = ins.map((t, i) => (t instanceof Tensor && t.requiresGrad ? i : -1)).filter((i) => i >= 0);
  const outs = asList(fn(...ins));
  const gos =
    gradOutputs ??
    noGrad(() =>
      outs.map((o) => {
        const g = o.onesLikeNoGrad().mul(0);
        // random-ish but reproducible gradient outputs
        const n = o.numel();
        for (let j = 0; j < n; j++) element(g, j).fill_(Math.sin(j + 1) * 0.5 + 0.25);
        return g.requiresGrad_(true);
      }),
    );
  const nIn = ins.length;
  const second = (...all: Tensor[]): Tensor[] => {
    const xs = all.slice(0, nIn);
    const go = all.slice(nIn);
    const ys = asList(fn(...xs));
    const gs = grad(ys, wrtIdx.map((i) => xs[i]), { gradOutputs: go, createGraph: true, allowUnused: true });
    return gs.map((g, k) => g ?? xs[wrtIdx[k]].onesLikeNoGrad().mul(0));
  };
  return gradcheck(second, [...ins, ...gos], options);
}
