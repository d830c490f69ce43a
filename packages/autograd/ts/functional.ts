// Function forms of the ops (torch.add(a, b), torch.cat([...]), ...): each calls the method.
import { cat as catImpl, stack as stackImpl } from './ops/joining';
import { where as whereImpl } from './ops/elementwise';
import type { TensorOrScalar } from './ops/elementwise';
import { Tensor } from './tensor';

export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  return catImpl(tensors, dim);
}
export const concat = cat;
export const concatenate = cat;
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  return stackImpl(tensors, dim);
}
export function hstack(tensors: readonly Tensor[]): Tensor {
  return cat(tensors, tensors[0]?.ndim === 1 ? 0 : 1);
}
export function vstack(tensors: readonly Tensor[]): Tensor {
  return cat(tensors.map((t) => (t.ndim < 2 ? t.reshape([1, -1]) : t)), 0);
}
/** where(cond, a, b): a where cond, else b; where(cond): the indices of nonzero elements. */
export function where(condition: Tensor, a?: TensorOrScalar, b?: TensorOrScalar): Tensor | Tensor[] {
  if (a === undefined && b === undefined) return condition.nonzero().unbind(1);
  return whereImpl(condition, a as TensorOrScalar, b as TensorOrScalar);
}
export function matmul(a: Tensor, b: Tensor): Tensor {
  return a.matmul(b);
}
