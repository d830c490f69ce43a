// dtype and device conversion (differentiable: the gradient converts back), fills and random
// fills (in place, never recorded: they replace the values).
import type { DType, Generator } from '@typetorch/th';
import { BackendTensor, backendFor } from '../backend';
import type { Grads, Node } from '../node';
import { needsGrad, record, replaceValues, wrap } from '../tape';
import { Device, Tensor, isDifferentiableDtype } from '../tensor';

const DTYPES = new Set(['bool', 'uint8', 'int8', 'int16', 'int32', 'int64', 'float16', 'bfloat16', 'float32', 'float64']);
const isDevice = (s: string): s is Device => s === 'cpu' || s === 'cuda' || /^cuda:\d+$/.test(s);

function toBackward(node: Node, grads: Grads): Grads {
  const a = node.args as { dtype: DType; device: Device };
  let g = grads[0]!;
  if (g.device !== a.device) g = g.to(a.device);
  return [g.dtype === a.dtype ? g : g.to(a.dtype)];
}

function convert(x: Tensor, dtype: DType, device: Device, copy: boolean): Tensor {
  if (!DTYPES.has(dtype)) throw new TypeError(`to(): unknown dtype '${String(dtype)}'`);
  if (!isDevice(device)) throw new Error(`Expected one of cpu, cuda device type at start of device string: ${String(device)}`);
  if (dtype === x.dtype && device === x.device && !copy) return x;
  let impl = x.impl;
  if (device !== x.device) impl = backendFor(device).fromOther(impl);
  if (impl === x.impl && dtype === x.dtype && !copy) return x; // 'cuda' named the device x is on
  impl = impl.to(dtype, { copy: copy && impl === x.impl });
  const r = wrap(impl);
  if (needsGrad([x]) && isDifferentiableDtype(dtype)) record('ToCopyBackward0', toBackward, [x], r, { dtype: x.dtype, device: x.device });
  return r;
}

type ToArg = DType | Device | { dtype?: DType; device?: Device; copy?: boolean };

declare module '../tensor' {
  interface Tensor {
    /** to(dtype), to(device), to({ dtype, device, copy }) */
    to(target: ToArg, options?: { copy?: boolean }): Tensor;
    type(dtype: DType): Tensor;
    float(): Tensor;
    double(): Tensor;
    half(): Tensor;
    bfloat16(): Tensor;
    long(): Tensor;
    int(): Tensor;
    short(): Tensor;
    char(): Tensor;
    byte(): Tensor;
    bool(): Tensor;
    cpu(): Tensor;
    cuda(device?: number): Tensor;
    /** whether it lives in a CUDA device's memory */
    readonly isCuda: boolean;
    /** a copy in page-locked host memory (fast, asynchronous copies to a GPU); this when already pinned */
    pinMemory(): Tensor;
    isPinned(): boolean;
    fill_(value: number | boolean | Tensor): Tensor;
    zero_(): Tensor;
    uniform_(from?: number, to?: number, options?: { generator?: Generator }): Tensor;
    normal_(mean?: number, std?: number, options?: { generator?: Generator }): Tensor;
    bernoulli_(p?: number | Tensor, options?: { generator?: Generator }): Tensor;
    /** @internal ones like this tensor, unrecorded */
    onesLikeNoGrad(): Tensor;
    /** @internal a copy, unrecorded */
    cloneNoGrad(): Tensor;
  }
}


Object.defineProperty(Tensor.prototype, 'isCuda', {
  get(this: Tensor): boolean {
    return this.device !== 'cpu';
  },
});

Object.assign(Tensor.prototype as unknown as Record<string, unknown>, {
  to(this: Tensor, target: ToArg, options?: { copy?: boolean }): Tensor {
    if (typeof target === 'string') {
      return isDevice(target) ? convert(this, this.dtype, target, options?.copy ?? false) : convert(this, target as DType, this.device, options?.copy ?? false);
    }
    if (target === null || typeof target !== 'object') throw new TypeError('to(): expected a dtype, a device or { dtype, device }');
    return convert(this, target.dtype ?? this.dtype, target.device ?? this.device, target.copy ?? options?.copy ?? false);
  },
  type(this: Tensor, dtype: DType): Tensor {
    return this.to(dtype);
  },
  float(this: Tensor): Tensor {
    return this.to('float32');
  },
  double(this: Tensor): Tensor {
    return this.to('float64');
  },
  half(this: Tensor): Tensor {
    return this.to('float16');
  },
  bfloat16(this: Tensor): Tensor {
    return this.to('bfloat16');
  },
  long(this: Tensor): Tensor {
    return this.to('int64');
  },
  int(this: Tensor): Tensor {
    return this.to('int32');
  },
  short(this: Tensor): Tensor {
    return this.to('int16');
  },
  char(this: Tensor): Tensor {
    return this.to('int8');
  },
  byte(this: Tensor): Tensor {
    return this.to('uint8');
  },
  bool(this: Tensor): Tensor {
    return this.to('bool');
  },
  cpu(this: Tensor): Tensor {
    return this.to('cpu');
  },
  cuda(this: Tensor, device?: number): Tensor {
    return this.to(device === undefined ? 'cuda' : (`cuda:${device}` as Device));
  },
  pinMemory(this: Tensor): Tensor {
    const impl = this.impl.pinMemory();
    if (impl === this.impl) return this;
    const r = wrap(impl);
    if (needsGrad([this])) record('ToCopyBackward0', toBackward, [this], r, { dtype: this.dtype, device: this.device });
    return r;
  },
  isPinned(this: Tensor): boolean {
    return this.impl.isPinned();
  },
  fill_(this: Tensor, value: number | boolean | Tensor): Tensor {
    if (value instanceof Tensor) {
      if (value.ndim !== 0) throw new Error(`fill_ only supports 0-dimension value tensor but got tensor with ${value.ndim} dimensions.`);
      return this.copy_(value.expand(this.shape));
    }
    return replaceValues('FillBackward0', this, (t) => t.fill_(value));
  },
  zero_(this: Tensor): Tensor {
    return replaceValues('ZeroBackward0', this, (t) => t.fill_(0));
  },
  uniform_(this: Tensor, from = 0, to = 1, options?: { generator?: Generator }): Tensor {
    return replaceValues('UniformBackward0', this, (t) => t.uniform_(from, to, options));
  },
  normal_(this: Tensor, mean = 0, std = 1, options?: { generator?: Generator }): Tensor {
    return replaceValues('NormalBackward0', this, (t) => t.normal_(mean, std, options));
  },
  bernoulli_(this: Tensor, p: number | Tensor = 0.5, options?: { generator?: Generator }): Tensor {
    return replaceValues('BernoulliBackward0', this, (t) => t.bernoulli_(p instanceof Tensor ? p.impl : p, options));
  },
  onesLikeNoGrad(this: Tensor): Tensor {
    return wrap(backendFor(this.device).ones(this.shape, { dtype: this.dtype }));
  },
  cloneNoGrad(this: Tensor): Tensor {
    return wrap(this.impl.clone());
  },
});
