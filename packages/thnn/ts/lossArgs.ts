// Option checks shared by the loss wrappers (loss*.ts): reductions, optional tensors, numbers and
// integers, with TypeErrors in PyTorch's words. Shape and value errors come from libTHNN.
import { Tensor, empty } from '@typetorch/th';
import type { Handle } from '@typetorch/th';
import { numberOption, optionsArg } from './args';

/** How a loss reduces its per-element (or per-sample) values. */
export type Reduction = 'none' | 'mean' | 'sum';

export interface ReductionOptions {
  /** 'none' | 'mean' | 'sum' (default 'mean') */
  reduction?: Reduction;
}

/** THNNReduction codes. */
const REDUCTION_CODES = new Map<unknown, number>([['none', 0], ['mean', 1], ['sum', 2]]);

/** The THNNReduction code of options.reduction (default 'mean'). */
export function reductionCode(op: string, options: ReductionOptions | undefined): number {
  const r = optionsArg(op, options).reduction ?? 'mean';
  const code = REDUCTION_CODES.get(r);
  if (code === undefined)
    throw new TypeError(`${op}: ${String(r)} is not a valid value for reduction (expected 'none', 'mean' or 'sum')`);
  return code;
}




export function integerOption(op: string, name: string, v: unknown, dflt: number): number {
  const n = numberOption(op, name, v, dflt);
  if (!Number.isInteger(n)) throw new TypeError(`${op}: expected ${name} to be an integer, but got ${n}`);
  return n;
}

/** An optional tensor option (weight, posWeight): its handle, or null. */
export function tensorOption(op: string, name: string, v: unknown): Handle | null {
  if (v === undefined || v === null) return null;
  if (!(v instanceof Tensor)) throw new TypeError(`${op}: expected ${name} to be a Tensor or null`);
  return v.handle;
}

/** A fresh result for a loss of x: 0-d when reduced (no resize needed), else resized by libTHNN. */
export const lossResultFor = (x: Tensor, reduction: number): Tensor => empty(reduction === 0 ? [0] : [], { dtype: x.dtype });
