// Pointwise activations: forward f(x) and backward gradOutput * f'(x), one native table behind them.
import { Tensor } from '@typetorch/th';
import type { Handle } from '@typetorch/th';
import { native } from './native';
import { numberArg, opts, resultFor, tensorArg } from './args';

export interface ActivationNative {
  /** output = f(input); output is resized */
  activation(kind: number, input: Handle, output: Handle, params: number[] | null): void;
  /** gradInput = gradOutput * f'(input); gradInput is resized */
  activationBackward(kind: number, input: Handle, gradOutput: Handle, gradInput: Handle, params: number[] | null): void;
  /** the activation kinds, in libTHNN's order (THNN_FOR_EACH_ACTIVATION) */
  activationNames: string[];
}

const KIND: Record<string, number> = {};
native.activationNames.forEach((n, i) => (KIND[n] = i));

function forward(name: string, x: unknown, params: number[] | null): Tensor {
  const input = tensorArg(name, 'input', x);
  const out = resultFor(input);
  native.activation(KIND[name], input.handle, out.handle, params);
  return out;
}

function backward(name: string, gradOutput: unknown, x: unknown, params: number[] | null): Tensor {
  const op = `${name}Backward`;
  const g = tensorArg(op, 'gradOutput', gradOutput);
  const input = tensorArg(op, 'input', x);
  const gi = resultFor(input);
  native.activationBackward(KIND[name], input.handle, g.handle, gi.handle, params);
  return gi;
}

export interface LeakyReluOptions {
  /** default 0.01 */
  negativeSlope?: number;
}
export interface EluOptions {
  /** default 1 */
  alpha?: number;
  /** default 1 */
  scale?: number;
  /** default 1 */
  inputScale?: number;
}
export interface CeluOptions {
  /** default 1 */
  alpha?: number;
}
export interface GeluOptions {
  /** 'none' (exact, with erf; the default) or 'tanh' */
  approximate?: 'none' | 'tanh';
}
export interface SoftplusOptions {
  /** default 1 */
  beta?: number;
  /** above this, beta * x is returned as is (default 20) */
  threshold?: number;
}
export interface HardtanhOptions {
  /** default -1 */
  minVal?: number;
  /** default 1 */
  maxVal?: number;
}
export interface ShrinkOptions {
  /** default 0.5 */
  lambd?: number;
}

const leakyP = (op: string, o?: LeakyReluOptions) => opts(op, o, ['negativeSlope'], [0.01]);
const eluP = (op: string, o?: EluOptions) => opts(op, o, ['alpha', 'scale', 'inputScale'], [1, 1, 1]);
const celuP = (op: string, o?: CeluOptions) => opts(op, o, ['alpha'], [1]);
const softplusP = (op: string, o?: SoftplusOptions) => opts(op, o, ['beta', 'threshold'], [1, 20]);
const hardtanhP = (op: string, o?: HardtanhOptions) => opts(op, o, ['minVal', 'maxVal'], [-1, 1]);
const shrinkP = (op: string, o?: ShrinkOptions) => opts(op, o, ['lambd'], [0.5]);
function geluP(op: string, o?: GeluOptions): number[] | null {
  if (o === undefined || o === null) return null;
  const a = o.approximate ?? 'none';
  if (a !== 'none' && a !== 'tanh') throw new TypeError(`${op}: approximate must be 'none' or 'tanh', but got ${JSON.stringify(a)}`);
  return [a === 'tanh' ? 1 : 0];
}
function thresholdP(op: string, threshold: unknown, value: unknown): number[] {
  return [numberArg(op, 'threshold', threshold), numberArg(op, 'value', value)];
}

/** max(x, 0) */
export const relu = (x: Tensor): Tensor => forward('relu', x, null);
export const reluBackward = (gradOutput: Tensor, x: Tensor): Tensor => backward('relu', gradOutput, x, null);
/** min(max(x, 0), 6) */
export const relu6 = (x: Tensor): Tensor => forward('relu6', x, null);
export const relu6Backward = (gradOutput: Tensor, x: Tensor): Tensor => backward('relu6', gradOutput, x, null);
/** x > 0 ? x : negativeSlope * x */
export const leakyRelu = (x: Tensor, options?: LeakyReluOptions): Tensor => forward('leakyRelu', x, leakyP('leakyRelu', options));
export const leakyReluBackward = (gradOutput: Tensor, x: Tensor, options?: LeakyReluOptions): Tensor =>
  backward('leakyRelu', gradOutput, x, leakyP('leakyReluBackward', options));
/** x > 0 ? scale * x : scale * alpha * (exp(inputScale * x) - 1) */
export const elu = (x: Tensor, options?: EluOptions): Tensor => forward('elu', x, eluP('elu', options));
export const eluBackward = (gradOutput: Tensor, x: Tensor, options?: EluOptions): Tensor =>
  backward('elu', gradOutput, x, eluP('eluBackward', options));
/** elu with alpha = 1.6732632423543772, scale = 1.0507009873554805 */
export const selu = (x: Tensor): Tensor => forward('selu', x, null);
export const seluBackward = (gradOutput: Tensor, x: Tensor): Tensor => backward('selu', gradOutput, x, null);
/** max(0, x) + min(0, alpha * (exp(x / alpha) - 1)) */
export const celu = (x: Tensor, options?: CeluOptions): Tensor => forward('celu', x, celuP('celu', options));
export const celuBackward = (gradOutput: Tensor, x: Tensor, options?: CeluOptions): Tensor =>
  backward('celu', gradOutput, x, celuP('celuBackward', options));
/** x * Phi(x), or its tanh approximation */
export const gelu = (x: Tensor, options?: GeluOptions): Tensor => forward('gelu', x, geluP('gelu', options));
export const geluBackward = (gradOutput: Tensor, x: Tensor, options?: GeluOptions): Tensor =>
  backward('gelu', gradOutput, x, geluP('geluBackward', options));
/** x * sigmoid(x) */
export const silu = (x: Tensor): Tensor => forward('silu', x, null);
export const siluBackward = (gradOutput: Tensor, x: Tensor): Tensor => backward('silu', gradOutput, x, null);
/** x * tanh(softplus(x)) */
export const mish = (x: Tensor): Tensor => forward('mish', x, null);
export const mishBackward = (gradOutput: Tensor, x: Tensor): Tensor => backward('mish', gradOutput, x, null);
/** log(1 + exp(beta * x)) / beta, and x where beta * x > threshold */
export const softplus = (x: Tensor, options?: SoftplusOptions): Tensor => forward('softplus', x, softplusP('softplus', options));
export const softplusBackward = (gradOutput: Tensor, x: Tensor, options?: SoftplusOptions): Tensor =>
  backward('softplus', gradOutput, x, softplusP('softplusBackward', options));
/** x / (1 + |x|) */
export const softsign = (x: Tensor): Tensor => forward('softsign', x, null);
export const softsignBackward = (gradOutput: Tensor, x: Tensor): Tensor => backward('softsign', gradOutput, x, null);
/** min(max(x, minVal), maxVal) */
export const hardtanh = (x: Tensor, options?: HardtanhOptions): Tensor => forward('hardtanh', x, hardtanhP('hardtanh', options));
export const hardtanhBackward = (gradOutput: Tensor, x: Tensor, options?: HardtanhOptions): Tensor =>
  backward('hardtanh', gradOutput, x, hardtanhP('hardtanhBackward', options));
/** min(max(x + 3, 0), 6) / 6 */
export const hardsigmoid = (x: Tensor): Tensor => forward('hardsigmoid', x, null);
export const hardsigmoidBackward = (gradOutput: Tensor, x: Tensor): Tensor => backward('hardsigmoid', gradOutput, x, null);
/** x * min(max(x + 3, 0), 6) / 6 */
export const hardswish = (x: Tensor): Tensor => forward('hardswish', x, null);
export const hardswishBackward = (gradOutput: Tensor, x: Tensor): Tensor => backward('hardswish', gradOutput, x, null);
/** log(sigmoid(x)), computed stably */
export const logsigmoid = (x: Tensor): Tensor => forward('logsigmoid', x, null);
export const logsigmoidBackward = (gradOutput: Tensor, x: Tensor): Tensor => backward('logsigmoid', gradOutput, x, null);
/** x > threshold ? x : value */
export const threshold = (x: Tensor, threshold: number, value: number): Tensor =>
  forward('threshold', x, thresholdP('threshold', threshold, value));
export const thresholdBackward = (gradOutput: Tensor, x: Tensor, threshold: number): Tensor =>
  backward('threshold', gradOutput, x, thresholdP('thresholdBackward', threshold, 0));
/** x - lambd above lambd, x + lambd below -lambd, else 0 */
export const softshrink = (x: Tensor, options?: ShrinkOptions): Tensor => forward('softshrink', x, shrinkP('softshrink', options));
export const softshrinkBackward = (gradOutput: Tensor, x: Tensor, options?: ShrinkOptions): Tensor =>
  backward('softshrink', gradOutput, x, shrinkP('softshrinkBackward', options));
/** x where |x| > lambd, else 0 */
export const hardshrink = (x: Tensor, options?: ShrinkOptions): Tensor => forward('hardshrink', x, shrinkP('hardshrink', options));
export const hardshrinkBackward = (gradOutput: Tensor, x: Tensor, options?: ShrinkOptions): Tensor =>
  backward('hardshrink', gradOutput, x, shrinkP('hardshrinkBackward', options));
/** x - tanh(x) */
export const tanhshrink = (x: Tensor): Tensor => forward('tanhshrink', x, null);
export const tanhshrinkBackward = (gradOutput: Tensor, x: Tensor): Tensor => backward('tanhshrink', gradOutput, x, null);

/** The activations by name, each with its backward (for table-driven callers such as nn). */
export const activationNames: readonly string[] = [...native.activationNames];
