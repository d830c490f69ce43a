// Devices. 'cpu' is libTH. Another device's library (THC for 'cuda') registers here with native
// functions named and shaped as th.node's; from then on every native call that receives one of
// its tensors goes to it (PyTorch's dispatch on the device of the arguments). One Tensor class
// serves every device: views and metadata are libTH's own, since a device tensor is a THTensor.
import type { Handle } from './native';
import { native } from './native';

export type DeviceType = 'cpu' | 'cuda';
/** A device as PyTorch names it: 'cpu', 'cuda' (the current CUDA device) or 'cuda:N'. */
export type DeviceLike = string | Device;

export class Device {
  constructor(
    readonly type: DeviceType,
    /** null: the current device of that type */
    readonly index: number | null = null,
  ) {}
  toString(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }
}

/** Devices parsed from strings (Devices are immutable): creation functions parse one every call. */
const parsed = new Map<string, Device>();

/** Parses 'cpu', 'cuda', 'cuda:1' (or a Device) with PyTorch's error for anything else. */
export function device(d: DeviceLike): Device {
  if (d instanceof Device) return d;
  if (typeof d !== 'string') throw new TypeError(`expected a device (a string such as 'cpu' or 'cuda:0'), got ${typeof d}`);
  const known = parsed.get(d);
  if (known) return known;
  const m = /^(cpu|cuda)(?::(\d+))?$/.exec(d);
  if (!m) throw new Error(`Expected one of cpu, cuda device type at start of device string: ${d}`);
  if (m[1] === 'cpu' && m[2] !== undefined && m[2] !== '0') throw new Error(`CPU device index must be 0, got ${m[2]}`);
  const r = new Device(m[1] as DeviceType, m[1] === 'cpu' || m[2] === undefined ? null : Number(m[2]));
  if (parsed.size < 64) parsed.set(d, r);
  return r;
}

type NativeFn = (...args: unknown[]) => unknown;

/** What a device library gives TH (THC implements it for 'cuda'). */
export interface DeviceLibrary {
  readonly type: Exclude<DeviceType, 'cpu'>;
  /** its functions named and shaped as th.node's (empty, full, unary, binary, reduce, ...) */
  readonly native: Record<string, unknown>;
  /** the device index for `index` (null: the current one); throws when it is not available */
  resolve(index: number | null): number;
  /** runs fn with `device` as the current device (where the library's functions create tensors) */
  onDevice<T>(device: number, fn: () => T): T;
  /** a copy of h on `device` (-1: the host; pinned: in page-locked host memory) */
  toDevice(h: Handle, device: number, nonBlocking: boolean, pinned: boolean): Handle;
  /** whether a host tensor's memory is page-locked by this library */
  isPinned(h: Handle): boolean;
}

const libraries = new Map<string, DeviceLibrary>();

/**
 * Device tensors' handles carry a mark; everything else is a host tensor. The mark is a private
 * field added to the handle itself (by a constructor that returns its argument): a few ns, where
 * an entry in a WeakSet costs about 1 us per CUDA result (V8's ephemeron tables), as much as the
 * rest of a tiny op's host work. Handles are napi externals, which are not extensible; an engine
 * that refuses private fields on those (as a TC39 proposal would have it) gets the WeakSet.
 */
class ReturnsArgument {
  constructor(o: object) {
    return o;
  }
}
class DeviceMark extends ReturnsArgument {
  #device = true;
  static has(o: object): boolean {
    return #device in o;
  }
}

/** @internal Whether this engine adds private fields to non-extensible objects. */
export const marksInPlace = ((): boolean => {
  const probe = Object.preventExtensions({});
  try {
    new DeviceMark(probe);
    return DeviceMark.has(probe);
  } catch {
    return false;
  }
})();

/** @internal A set of marked objects: marks in the objects themselves, or a WeakSet. */
export function deviceMarks(inPlace: boolean): { has(o: object): boolean; add(o: object): void } {
  if (!inPlace) return new WeakSet<object>();
  return {
    has: (o) => DeviceMark.has(o),
    add: (o) => {
      if (!DeviceMark.has(o)) new DeviceMark(o);
    },
  };
}

const deviceHandles = deviceMarks(marksInPlace);

/** Calls that stay in th.node for device tensors: they read or make metadata only. */
const METADATA = new Set(['metaInto', 'dispose', 'isDisposed', 'storageUseCount', 'slice', 'resultType']);
/** Calls without tensor arguments, or host-only by nature: never dispatched. */
const NEVER = new Set(['takeError', 'setNumThreads', 'getNumThreads', 'memoryStats', 'emptyCache', 'blasInfo']);

function isDeviceHandle(a: unknown): boolean {
  return typeof a === 'object' && a !== null && deviceHandles.has(a);
}

function hasDeviceTensor(args: unknown[]): boolean {
  for (const a of args) {
    if (typeof a !== 'object' || a === null) continue;
    if (deviceHandles.has(a)) return true;
    if (Array.isArray(a)) for (const b of a) if (isDeviceHandle(b)) return true;
  }
  return false;
}

/** Records the handle(s) a device call returned as device tensors. */
function markDevice<T>(r: T): T {
  if (typeof r === 'object' && r !== null && !ArrayBuffer.isView(r)) {
    if (Array.isArray(r)) r.forEach(markDevice);
    else deviceHandles.add(r as object);
  }
  return r;
}

/** @internal Whether a handle is a device tensor's. */
export function onDevice(h: Handle): boolean {
  return deviceHandles.has(h as unknown as object);
}

/**
 * @internal Routes the functions of an addon object (th.node's, or a layer above: thnn.node's) to
 * `lib` whenever an argument is one of its tensors. `stay` lists functions that keep running in
 * the addon itself (metadata). Functions the device library lacks throw a clear error.
 */
export function dispatchToDevice(addon: Record<string, unknown>, lib: DeviceLibrary, layer: string, stay: ReadonlySet<string>): void {
  for (const [name, value] of Object.entries(addon)) {
    if (typeof value !== 'function' || NEVER.has(name)) continue;
    const host = value as NativeFn;
    const dev = lib.native[name] as NativeFn | undefined;
    const route = stay.has(name)
      ? (args: unknown[]) => markDevice(host(...args))
      : dev
        ? (args: unknown[]) => markDevice(dev(...args))
        : () => {
            throw new Error(`${layer}.${name}: not implemented for ${lib.type} tensors yet`);
          };
    addon[name] = (...args: unknown[]): unknown => (hasDeviceTensor(args) ? route(args) : host(...args));
  }
}

/** Views that may copy (reshape, flatten, contiguous, clone) need the device's copy kernels. */
function routeViews(lib: DeviceLibrary): void {
  const hostView = native.view as NativeFn;
  const devView = lib.native.view as NativeFn | undefined;
  const copying = new Set(['reshape', 'flatten', 'contiguous', 'clone'].map((k) => native.viewKinds.indexOf(k)));
  native.view = ((kind: number, h: Handle, ...rest: unknown[]) => {
    if (!deviceHandles.has(h as unknown as object)) return hostView(kind, h, ...rest);
    if (copying.has(kind)) {
      if (!devView) throw new Error(`th.view: ${native.viewKinds[kind]} is not implemented for ${lib.type} tensors yet`);
      return markDevice(devView(kind, h, ...rest));
    }
    return markDevice(hostView(kind, h, ...rest));
  }) as typeof native.view;
}

/** @internal Registers a device library (THC calls this when it loads). */
export function registerDevice(lib: DeviceLibrary): void {
  if (libraries.has(lib.type)) return;
  libraries.set(lib.type, lib);
  const addon = native as unknown as Record<string, unknown>;
  const { view } = native;
  delete addon.view;
  dispatchToDevice(addon, lib, 'th', METADATA);
  addon.view = view;
  routeViews(lib);
}

/** The library of a device type; 'cuda' loads @typetorch/thc on first use. */
export function deviceLibrary(type: Exclude<DeviceType, 'cpu'>): DeviceLibrary {
  let lib = libraries.get(type);
  if (!lib && type === 'cuda') {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('@typetorch/thc');
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== 'MODULE_NOT_FOUND') throw e;
      throw new Error('CUDA tensors need @typetorch/thc, which is not installed (npm install @typetorch/thc)');
    }
    lib = libraries.get(type);
  }
  if (!lib) throw new Error(`no library for device type '${type}' is registered`);
  return lib;
}

/** @internal The library of a device type when it has been loaded, else null (loads nothing). */
export function loadedDeviceLibrary(type: Exclude<DeviceType, 'cpu'>): DeviceLibrary | null {
  return libraries.get(type) ?? null;
}

/** @internal Where a creation function puts its result: a device library and index, or null for the host. */
export interface Placement {
  lib: DeviceLibrary;
  index: number;
  /** no index was given: `index` is the current device, so a call made at once needs no switch */
  current: boolean;
}
export function placement(d: DeviceLike | undefined): Placement | null {
  if (d === undefined || d === null) return null;
  const parsed = device(d);
  if (parsed.type === 'cpu') return null;
  const lib = deviceLibrary(parsed.type);
  return { lib, index: lib.resolve(parsed.index), current: parsed.index === null };
}

/** @internal Calls a device library's native function on a device and records what it returns as device tensors. */
export function deviceCall<T>(p: Placement, name: string, ...args: unknown[]): T {
  const fn = p.lib.native[name] as NativeFn | undefined;
  if (!fn) throw new Error(`${name}: not implemented for ${p.lib.type} tensors yet`);
  return markDevice(p.current ? fn(...args) : p.lib.onDevice(p.index, () => fn(...args))) as T;
}

/** @internal Marks a handle a device library made outside deviceCall (toDevice). */
export function adoptDeviceHandle(h: Handle): Handle {
  return markDevice(h);
}
