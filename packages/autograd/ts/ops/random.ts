// Random sampling on tensors. In-place fills replace the values (recorded with a zero gradient
// for the old values, as PyTorch does); samples drawn from a tensor's probabilities (bernoulli,
// multinomial) are not differentiable.
import type { Generator } from '@typetorch/th';
import { replaceValues, wrap } from '../tape';
import { Tensor } from '../tensor';

type GenOpts = { generator?: Generator };

declare module '../tensor' {
  interface Tensor {
    random_(from?: number, to?: number | null, options?: GenOpts): Tensor;
    exponential_(lambd?: number, options?: GenOpts): Tensor;
    geometric_(p: number, options?: GenOpts): Tensor;
    logNormal_(mean?: number, std?: number, options?: GenOpts): Tensor;
    cauchy_(median?: number, sigma?: number, options?: GenOpts): Tensor;
    /** 0/1 samples with this tensor's probabilities (or p). */
    bernoulli(p?: number | GenOpts, options?: GenOpts): Tensor;
    multinomial(numSamples: number, replacement?: boolean, options?: GenOpts): Tensor;
  }
}

Object.assign(Tensor.prototype as unknown as Record<string, unknown>, {
  random_(this: Tensor, from?: number, to?: number | null, options?: GenOpts): Tensor {
    return replaceValues('RandomBackward0', this, (t) => t.random_(from, to, options));
  },
  exponential_(this: Tensor, lambd = 1, options?: GenOpts): Tensor {
    return replaceValues('ExponentialBackward0', this, (t) => t.exponential_(lambd, options));
  },
  geometric_(this: Tensor, p: number, options?: GenOpts): Tensor {
    return replaceValues('GeometricBackward0', this, (t) => t.geometric_(p, options));
  },
  logNormal_(this: Tensor, mean = 1, std = 2, options?: GenOpts): Tensor {
    return replaceValues('LogNormalBackward0', this, (t) => t.logNormal_(mean, std, options));
  },
  cauchy_(this: Tensor, median = 0, sigma = 1, options?: GenOpts): Tensor {
    return replaceValues('CauchyBackward0', this, (t) => t.cauchy_(median, sigma, options));
  },
  bernoulli(this: Tensor, p?: number | GenOpts, options?: GenOpts): Tensor {
    return wrap(this.impl.bernoulli(p, options));
  },
  multinomial(this: Tensor, numSamples: number, replacement = false, options?: GenOpts): Tensor {
    return wrap(this.impl.multinomial(numSamples, replacement, options));
  },
});
