// Generators and random sampling (rand, randn, normal_, multinomial, ...). The generator is
// PyTorch's CPU generator (mt19937): the same seed gives PyTorch's numbers (see THRandom.h).
import { DType, dtypeCode } from './dtype';
import { DeviceLike, Placement, deviceCall, placement } from './device';
import { Handle, native } from './native';
import { Tensor, outHandle, wrapResult } from './tensor';

/** An opaque, type-tagged handle owning one reference to a native THGenerator. */
export type GeneratorHandle = { readonly __thGenerator: unique symbol };
type Num = number | null | undefined;

declare module './native' {
  interface Native {
    genNew(seed: number | bigint | null): GeneratorHandle;
    genDefault(): GeneratorHandle;
    genManualSeed(g: GeneratorHandle, seed: number | bigint): void;
    genSeed(g: GeneratorHandle): number;
    genInitialSeed(g: GeneratorHandle): number | bigint;
    genGetState(g: GeneratorHandle): Handle;
    genSetState(g: GeneratorHandle, state: Handle): void;
    genDispose(g: GeneratorHandle): void;
    genIsDisposed(g: GeneratorHandle): boolean;
    sample(kind: number, self: Handle, g: GeneratorHandle | null, a?: Num | Handle, b?: Num): Handle;
    randomLike(h: Handle, dtype: number): Handle;
    randperm(n: number, dtype: number, g: GeneratorHandle | null, out: Handle | null): Handle;
    multinomial(input: Handle, numSamples: number, replacement: boolean, g: GeneratorHandle | null, out: Handle | null): Handle;
    bernoulli(input: Handle, g: GeneratorHandle | null, out: Handle | null): Handle;
    normalTensor(mean: Handle | number, std: Handle | number, g: GeneratorHandle | null, out: Handle | null): Handle;
  }
}

/** A source of random numbers: PyTorch's CPU generator (mt19937 and a cached normal sample). */
export class Generator {
  /** The native handle (for other TypeTorch layers). */
  readonly handle: GeneratorHandle;
  /** 'cpu', or 'cuda:N' for a CUDA device's Philox generator (@typetorch/thc) */
  readonly device: string;

  /**
   * A new generator seeded with PyTorch's default seed (67280421310721) on the CPU, or with the
   * CUDA default seed on `{ device: 'cuda:N' }`; `manualSeed` reseeds it. (A native handle and its
   * device are for the layers that make generators.)
   */
  constructor(options?: { device?: DeviceLike } | GeneratorHandle, device = 'cpu') {
    // native handles have no prototype; anything else is an options object
    if (options === undefined || Object.getPrototypeOf(options) !== null) {
      const p = placement((options as { device?: DeviceLike } | undefined)?.device);
      this.handle = p ? deviceCall<GeneratorHandle>(p, 'genNew', null) : native.genNew(null);
      this.device = p ? `cuda:${p.index}` : 'cpu';
    } else {
      this.handle = options as GeneratorHandle;
      this.device = device;
    }
  }
  /** Seeds the generator (an integer number or a bigint; negative seeds wrap modulo 2^64) and returns it. */
  manualSeed(seed: number | bigint): this {
    native.genManualSeed(this.handle, seed);
    return this;
  }
  /** Seeds the generator from the operating system's entropy and returns that seed. */
  seed(): number {
    return native.genSeed(this.handle);
  }
  /** The seed the generator was last seeded with (a bigint when above 2^53 - 1). */
  initialSeed(): number | bigint {
    return native.genInitialSeed(this.handle);
  }
  /** The state as a uint8 tensor of 5056 bytes, in PyTorch's layout (torch's get_state()). */
  getState(): Tensor {
    return new Tensor(native.genGetState(this.handle));
  }
  /** Restores a state from getState() (or from PyTorch's get_state()); returns the generator. */
  setState(state: Tensor): this {
    if (!(state instanceof Tensor)) throw new TypeError('setState: expected the new state to be a uint8 Tensor');
    native.genSetState(this.handle, state.handle);
    return this;
  }
  /** Frees the native generator now; using it afterwards throws. (The default generator stays.) */
  dispose(): void {
    if (this !== defaultGenerator) native.genDispose(this.handle);
  }
  /** @internal A device's default generator, made by its library (thc's cuda.defaultGenerator). */
  static ofDevice(p: Placement): Generator {
    return new Generator(deviceCall<GeneratorHandle>(p, 'genDefault'), `cuda:${p.index}`);
  }
  get isDisposed(): boolean {
    return native.genIsDisposed(this.handle);
  }
}

/** The process-wide generator that sampling uses when no `generator` is given. */
export const defaultGenerator: Generator = new Generator(native.genDefault());

/** Seeds the default generator (as torch.manual_seed) and returns it. */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}
/** Seeds the default generator from the operating system's entropy and returns the seed. */
export function seed(): number {
  return defaultGenerator.seed();
}
export function initialSeed(): number | bigint {
  return defaultGenerator.initialSeed();
}
/** The default generator's state (a uint8 tensor). */
export function getRngState(): Tensor {
  return defaultGenerator.getState();
}
export function setRngState(state: Tensor): void {
  defaultGenerator.setState(state);
}

export interface GeneratorOptions {
  generator?: Generator;
}
export interface RandomCreateOptions extends GeneratorOptions {
  dtype?: DType;
  /** 'cpu' (default) or a CUDA device: its samples come from that device's generator */
  device?: DeviceLike;
}
export interface RandomOutOptions extends GeneratorOptions {
  out?: Tensor;
}

const KIND = {
  uniform: 0,
  normal: 1,
  random: 2,
  bernoulli: 3,
  bernoulliTensor: 4,
  exponential: 5,
  geometric: 6,
  logNormal: 7,
  cauchy: 8,
} as const;

function gen(options: GeneratorOptions | undefined, op: string): GeneratorHandle | null {
  const g = options?.generator;
  if (g === undefined || g === null) return null;
  if (!(g instanceof Generator)) throw new TypeError(`${op}: expected generator to be a Generator`);
  return g.handle;
}


type SizeArgs<O> = (number | readonly number[] | O | undefined)[];
/** Splits `f(2, 3)`, `f([2, 3])` and `f([2, 3], options)`. */
function sizeAndOptions<O>(args: SizeArgs<O>, op: string): [number[], O | undefined] {
  const last = args[args.length - 1];
  const hasOptions = last !== undefined && last !== null && typeof last === 'object' && !Array.isArray(last);
  const dims = (hasOptions ? args.slice(0, -1) : args).filter((a) => a !== undefined) as (number | readonly number[])[];
  const shape = dims.length === 1 && Array.isArray(dims[0]) ? [...(dims[0] as number[])] : (dims as number[]);
  for (const s of shape)
    if (typeof s !== 'number' || !Number.isInteger(s)) throw new TypeError(`${op}: expected the size to be integers, got ${JSON.stringify(dims)}`);
  return [shape, hasOptions ? (last as O) : undefined];
}

function sampleInto(t: Tensor, kind: number, options: GeneratorOptions | undefined, op: string, a?: Num | Handle, b?: Num): Tensor {
  try {
    native.sample(kind, t.handle, gen(options, op), a, b);
  } catch (e) {
    t.dispose();
    throw e;
  }
  return t;
}

function fresh(shape: number[], dtype: DType, options: RandomCreateOptions | undefined): Tensor {
  const p = placement(options?.device);
  return new Tensor(p ? deviceCall<Handle>(p, 'empty', dtypeCode(dtype), shape) : native.empty(dtypeCode(dtype), shape));
}

/** Uniform samples on [0, 1): rand(2, 3), rand([2, 3], { dtype, generator }). */
export function rand(...args: SizeArgs<RandomCreateOptions>): Tensor {
  const [shape, options] = sizeAndOptions(args, 'rand');
  return sampleInto(fresh(shape, options?.dtype ?? 'float32', options), KIND.uniform, options, 'rand', 0, 1);
}

/** Standard normal samples: randn(2, 3), randn([2, 3], { dtype, generator }). */
export function randn(...args: SizeArgs<RandomCreateOptions>): Tensor {
  const [shape, options] = sizeAndOptions(args, 'randn');
  return sampleInto(fresh(shape, options?.dtype ?? 'float32', options), KIND.normal, options, 'randn', 0, 1);
}

/** Integers uniform on [low, high) (low defaults to 0), int64 unless a dtype is given. */
export function randint(high: number, size: readonly number[], options?: RandomCreateOptions): Tensor;
export function randint(low: number, high: number, size: readonly number[], options?: RandomCreateOptions): Tensor;
export function randint(
  a: number,
  b: number | readonly number[],
  c?: readonly number[] | RandomCreateOptions,
  d?: RandomCreateOptions,
): Tensor {
  const [low, high, size, options] = Array.isArray(b) ? [0, a, b, c as RandomCreateOptions | undefined] : [a, b as number, c as readonly number[], d];
  if (!Array.isArray(size)) throw new TypeError('randint: expected size to be an array of integers');
  const [shape] = sizeAndOptions([size], 'randint');
  return sampleInto(fresh(shape, options?.dtype ?? 'int64', options), KIND.random, options, 'randint', low, high);
}

/** A random permutation of 0..n-1 (int64 unless a dtype is given). */
export function randperm(n: number, options?: RandomCreateOptions & { out?: Tensor }): Tensor {
  const out = options?.out;
  const p = out ? null : placement(options?.device);
  const args = [n, dtypeCode(options?.dtype ?? 'int64'), gen(options, 'randperm'), outHandle(out)];
  const h = p ? deviceCall<Handle>(p, 'randperm', ...args) : native.randperm(...(args as Parameters<typeof native.randperm>));
  return wrapResult(h, out);
}

function like(input: Tensor, dtype: DType | undefined, op: string): Tensor {
  if (!(input instanceof Tensor)) throw new TypeError(`${op}: expected input to be a Tensor`);
  return new Tensor(native.randomLike(input.handle, dtypeCode(dtype ?? input.dtype)));
}

/** rand with input's shape, dtype (unless given) and memory layout. */
export function randLike(input: Tensor, options?: RandomCreateOptions): Tensor {
  return sampleInto(like(input, options?.dtype, 'randLike'), KIND.uniform, options, 'randLike', 0, 1);
}
export function randnLike(input: Tensor, options?: RandomCreateOptions): Tensor {
  return sampleInto(like(input, options?.dtype, 'randnLike'), KIND.normal, options, 'randnLike', 0, 1);
}
/** randintLike(input, high) or randintLike(input, low, high). */
export function randintLike(input: Tensor, high: number, options?: RandomCreateOptions): Tensor;
export function randintLike(input: Tensor, low: number, high: number, options?: RandomCreateOptions): Tensor;
export function randintLike(input: Tensor, a: number, b?: number | RandomCreateOptions, c?: RandomCreateOptions): Tensor {
  const [low, high, options] = typeof b === 'number' ? [a, b, c] : [0, a, b];
  return sampleInto(like(input, options?.dtype, 'randintLike'), KIND.random, options, 'randintLike', low, high);
}

/**
 * torch.normal: normal(mean, std) with tensors (broadcast; one of them may be a number), or
 * normal(mean, std, size) with numbers.
 */
export function normal(mean: Tensor | number, std: Tensor | number, options?: RandomOutOptions): Tensor;
export function normal(mean: number, std: number, size: readonly number[], options?: RandomCreateOptions & { out?: Tensor }): Tensor;
export function normal(
  mean: Tensor | number,
  std: Tensor | number,
  c?: readonly number[] | RandomOutOptions,
  d?: RandomCreateOptions & { out?: Tensor },
): Tensor {
  if (Array.isArray(c)) {
    if (typeof mean !== 'number' || typeof std !== 'number') throw new TypeError('normal: with a size, mean and std must be numbers');
    const [shape] = sizeAndOptions([c], 'normal');
    if (d?.out) {
      if (JSON.stringify(d.out.shape) !== JSON.stringify(shape))
        throw new Error(`normal: out has shape [${d.out.shape}] but the size is [${shape}]`);
      native.sample(KIND.normal, d.out.handle, gen(d, 'normal'), mean, std);
      return d.out.touched();
    }
    return sampleInto(fresh(shape, d?.dtype ?? 'float32', d), KIND.normal, d, 'normal', mean, std);
  }
  const options = c as RandomOutOptions | undefined;
  if (!(mean instanceof Tensor) && !(std instanceof Tensor))
    throw new TypeError('normal: expected mean or std to be a Tensor (or pass a size: normal(mean, std, size))');
  const out = options?.out;
  const h = native.normalTensor(
    mean instanceof Tensor ? mean.handle : mean,
    std instanceof Tensor ? std.handle : std,
    gen(options, 'normal'),
    outHandle(out),
  );
  return wrapResult(h, out);
}

/** 0/1 samples with probabilities from input (bernoulli(input)), or from the number p (bernoulli(input, p)). */
export function bernoulli(input: Tensor, p?: number | RandomOutOptions, options?: RandomOutOptions): Tensor {
  return input.bernoulli(p as number, options);
}

/** numSamples category indices per row of the 1-d or 2-d probabilities input (int64). */
export function multinomial(input: Tensor, numSamples: number, replacement = false, options?: RandomOutOptions): Tensor {
  return input.multinomial(numSamples, replacement, options);
}

declare module './tensor' {
  interface Tensor {
    /** Fills with uniform samples on [from, to). */
    uniform_(from?: number, to?: number, options?: GeneratorOptions): this;
    /** Fills with normal samples. */
    normal_(mean?: number, std?: number, options?: GeneratorOptions): this;
    /** random_(): [0, 2^mantissa] or [0, max]; random_(to): [0, to); random_(from, to): [from, to); to null: up to the dtype's max. */
    random_(from?: number, to?: number | null, options?: GeneratorOptions): this;
    random_(options: GeneratorOptions): this;
    /** Fills with 1 with probability p (a number or a tensor of probabilities), else 0. */
    bernoulli_(p?: number | Tensor, options?: GeneratorOptions): this;
    /** A new tensor of 0/1 samples: with probabilities from this tensor, or p when given. */
    bernoulli(p?: number | RandomOutOptions, options?: RandomOutOptions): Tensor;
    exponential_(lambd?: number, options?: GeneratorOptions): this;
    geometric_(p: number, options?: GeneratorOptions): this;
    logNormal_(mean?: number, std?: number, options?: GeneratorOptions): this;
    cauchy_(median?: number, sigma?: number, options?: GeneratorOptions): this;
    multinomial(numSamples: number, replacement?: boolean, options?: RandomOutOptions): Tensor;
  }
}

const num = (v: unknown, name: string, op: string, dflt?: number): number => {
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== 'number') throw new TypeError(`${op}: expected ${name} to be a number, got ${typeof v}`);
  return v;
};

Tensor.prototype.uniform_ = function (this: Tensor, from?: number, to?: number, options?: GeneratorOptions) {
  native.sample(KIND.uniform, this.handle, gen(options, 'uniform_'), num(from, 'from', 'uniform_', 0), num(to, 'to', 'uniform_', 1));
  return this;
};
Tensor.prototype.normal_ = function (this: Tensor, mean?: number, std?: number, options?: GeneratorOptions) {
  native.sample(KIND.normal, this.handle, gen(options, 'normal_'), num(mean, 'mean', 'normal_', 0), num(std, 'std', 'normal_', 1));
  return this;
};
Tensor.prototype.random_ = function (this: Tensor, ...args: (number | null | GeneratorOptions | undefined)[]) {
  // random_(), random_(to), random_(from, to | null), each with an optional trailing options object
  const last = args[args.length - 1];
  const options = typeof last === 'object' && last !== null ? (args.pop() as GeneratorOptions) : undefined;
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  let from: number | null = null;
  let to: number | null = null;
  if (args.length === 1) to = num(args[0], 'to', 'random_');
  else if (args.length === 2) {
    from = num(args[0], 'from', 'random_');
    to = args[1] === null ? null : num(args[1], 'to', 'random_');
  } else if (args.length > 2) throw new TypeError('random_: expected at most (from, to, options)');
  native.sample(KIND.random, this.handle, gen(options, 'random_'), from, to);
  return this;
} as Tensor['random_'];
Tensor.prototype.bernoulli_ = function (this: Tensor, p?: number | Tensor, options?: GeneratorOptions) {
  if (p instanceof Tensor) native.sample(KIND.bernoulliTensor, this.handle, gen(options, 'bernoulli_'), p.handle);
  else native.sample(KIND.bernoulli, this.handle, gen(options, 'bernoulli_'), num(p, 'p', 'bernoulli_', 0.5));
  return this;
};
Tensor.prototype.bernoulli = function (this: Tensor, p?: number | RandomOutOptions, options?: RandomOutOptions): Tensor {
  if (typeof p === 'object' && p !== null) options = p;
  if (typeof p === 'number') {
    if (options?.out) throw new TypeError('bernoulli: out= is not supported with a number p');
    const r = new Tensor(native.empty(dtypeCode(this.dtype), this.shape));
    return sampleInto(r, KIND.bernoulli, options, 'bernoulli', p);
  }
  const out = options?.out;
  return wrapResult(native.bernoulli(this.handle, gen(options, 'bernoulli'), outHandle(out)), out);
};
Tensor.prototype.exponential_ = function (this: Tensor, lambd?: number, options?: GeneratorOptions) {
  native.sample(KIND.exponential, this.handle, gen(options, 'exponential_'), num(lambd, 'lambd', 'exponential_', 1));
  return this;
};
Tensor.prototype.geometric_ = function (this: Tensor, p: number, options?: GeneratorOptions) {
  native.sample(KIND.geometric, this.handle, gen(options, 'geometric_'), num(p, 'p', 'geometric_'));
  return this;
};
Tensor.prototype.logNormal_ = function (this: Tensor, mean?: number, std?: number, options?: GeneratorOptions) {
  native.sample(KIND.logNormal, this.handle, gen(options, 'logNormal_'), num(mean, 'mean', 'logNormal_', 1), num(std, 'std', 'logNormal_', 2));
  return this;
};
Tensor.prototype.cauchy_ = function (this: Tensor, median?: number, sigma?: number, options?: GeneratorOptions) {
  native.sample(KIND.cauchy, this.handle, gen(options, 'cauchy_'), num(median, 'median', 'cauchy_', 0), num(sigma, 'sigma', 'cauchy_', 1));
  return this;
};
Tensor.prototype.multinomial = function (this: Tensor, numSamples: number, replacement = false, options?: RandomOutOptions): Tensor {
  const out = options?.out;
  return wrapResult(native.multinomial(this.handle, numSamples, replacement, gen(options, 'multinomial'), outHandle(out)), out);
};
