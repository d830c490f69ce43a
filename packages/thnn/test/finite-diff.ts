// Finite-difference checks of backward kernels, in float64: the analytic gradient of
// L = sum(f(inputs) * gradOutput) with respect to each checked input must equal central differences
// (L(x + h e_i) - L(x - h e_i)) / 2h, element by element.
import * as th from '@typetorch/th';

export interface FiniteDiffOptions {
  /** indices of the inputs to check (default: every floating input) */
  wrt?: number[];
  /** step (default 1e-6) */
  h?: number;
  /** tolerance: |analytic - numeric| <= tol * (1 + |numeric|) (default 1e-6) */
  tol?: number;
}

const values = (t: th.Tensor): Float64Array => Float64Array.from(t.contiguous().toTypedArray() as ArrayLike<number>);

/** A deterministic gradOutput with distinct, non-round values (so no two outputs weigh the same). */
export function patternLike(t: th.Tensor): th.Tensor {
  const n = t.numel();
  const v = Float64Array.from({ length: n }, (_, i) => 0.3 + 0.7 * Math.sin(1.7 * i + 0.4));
  return th.fromTypedArray(v, t.shape, { dtype: 'float64' });
}

/**
 * Checks backward against forward. forward(inputs) returns the output; backward(gradOutput, inputs)
 * returns one gradient per input (null where not differentiable). Returns the first mismatch as a
 * message, or null (use `expect(checkGradients(...)).toBeNull()`).
 */
export function checkGradients(
  forward: (inputs: th.Tensor[]) => th.Tensor,
  backward: (gradOutput: th.Tensor, inputs: th.Tensor[]) => (th.Tensor | null)[],
  inputs: th.Tensor[],
  options: FiniteDiffOptions = {},
): string | null {
  const h = options.h ?? 1e-6;
  const tol = options.tol ?? 1e-6;
  const gradOutput = patternLike(forward(inputs));
  const g = values(gradOutput);
  const loss = (xs: th.Tensor[]): number => {
    const y = values(forward(xs));
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i] * g[i];
    return s;
  };
  const grads = backward(gradOutput, inputs);
  const wrt = options.wrt ?? inputs.map((t, i) => (t.dtype === 'float64' ? i : -1)).filter((i) => i >= 0);
  for (const k of wrt) {
    const x = inputs[k];
    if (x.dtype !== 'float64') return `input ${k}: finite differences need float64, got ${x.dtype}`;
    const gk = grads[k];
    if (!gk) return `input ${k}: backward returned no gradient`;
    if (JSON.stringify(gk.shape) !== JSON.stringify(x.shape)) return `input ${k}: gradient shape [${gk.shape}], expected [${x.shape}]`;
    const analytic = values(gk);
    const base = values(x);
    for (let i = 0; i < base.length; i++) {
      const at = (d: number): number => {
        const v = base.slice();
        v[i] += d;
        const xs = inputs.slice();
        xs[k] = th.fromTypedArray(v, x.shape, { dtype: 'float64' });
        return loss(xs);
      };
      const numeric = (at(h) - at(-h)) / (2 * h);
      if (!(Math.abs(analytic[i] - numeric) <= tol * (1 + Math.abs(numeric))))
        return `input ${k} element ${i}: analytic ${analytic[i]}, numeric ${numeric}`;
    }
  }
  return null;
}
