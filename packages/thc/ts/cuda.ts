// torch.cuda: devices, streams, events and the caching allocator's memory functions.
// Without a built addon or a usable GPU, isAvailable() is false, deviceCount() is 0 and
// unavailableReason() says why; everything that needs a device throws with that reason.
import { loaded } from './native';
import type { EventHandle, Native, StreamHandle } from './native';

let info: ReturnType<Native['deviceInfo']> | undefined;
/** @internal The addon's deviceInfo(), read once: the device count, why CUDA is unavailable and the
 * versions are fixed when libTHC's state is made, and creation functions ask for them every call. */
export function deviceInfo(): ReturnType<Native['deviceInfo']> {
  return (info ??= loaded.native!.deviceInfo());
}

/** Why CUDA cannot be used here (not built, no driver, no device), or null when it can. */
export function unavailableReason(): string | null {
  if (!loaded.native) return loaded.reason;
  const [count, reason] = deviceInfo();
  return count > 0 ? null : `CUDA is not available: ${reason ?? 'no CUDA device found'}`;
}

/** Whether @typetorch/thc was built (with nvcc) and its addon loads: torch.backends.cuda.is_built(). */
export function isBuilt(): boolean {
  return loaded.native !== null;
}

/** Whether at least one CUDA device can be used. */
export function isAvailable(): boolean {
  return unavailableReason() === null;
}

/** @internal The addon, when CUDA is usable; else throws the reason (PyTorch's "not compiled/available" errors). */
export function usable(): Native {
  const why = unavailableReason();
  if (why !== null) throw new Error(loaded.native ? why : `Torch not compiled with CUDA enabled: ${why}`);
  return loaded.native!;
}

export function deviceCount(): number {
  return loaded.native ? deviceInfo()[0] : 0;
}

/** The CUDA runtime version THC was built with, as 12040 for 12.4 (null when not built). */
export function runtimeVersion(): number | null {
  return loaded.native ? deviceInfo()[2] : null;
}

/** The driver's CUDA version (0 when there is no driver; null when not built). */
export function driverVersion(): number | null {
  return loaded.native ? deviceInfo()[3] : null;
}

type DeviceArg = number | string | null | undefined;
/** A device index from 0, 'cuda:1' or nothing (the current device: null). */
function index(d: DeviceArg, op: string): number | null {
  if (d === undefined || d === null || d === 'cuda') return null;
  if (typeof d === 'number') {
    if (!Number.isInteger(d)) throw new TypeError(`${op}: expected device to be an integer, got ${d}`);
    return d;
  }
  const m = /^cuda:(\d+)$/.exec(d);
  if (!m) throw new Error(`${op}: Invalid device, must be cuda device, got ${d}`);
  return Number(m[1]);
}

/** The addon and a device index, the argument checked first (argument errors before availability). */
function at(d: DeviceArg, op: string): [Native, number | null] {
  const i = index(d, op);
  return [usable(), i];
}

export function currentDevice(): number {
  return usable().currentDevice();
}

export function setDevice(device: number | string): void {
  const d = index(device, 'setDevice');
  if (d !== null) usable().setDevice(d);
}

/** Runs fn with `device` current, restoring the previous device after (PyTorch's `with torch.cuda.device(d)`). */
export function deviceContext<T>(device: number | string, fn: () => T): T {
  const n = usable();
  const previous = n.currentDevice();
  setDevice(device);
  try {
    return fn();
  } finally {
    n.setDevice(previous);
  }
}

/** Waits for all work on a device (default: the current one). */
export function synchronize(device?: DeviceArg): void {
  const [n, d] = at(device, 'synchronize');
  n.synchronize(d);
}

export interface DeviceProperties {
  name: string;
  major: number;
  minor: number;
  multiProcessorCount: number;
  totalMemory: number;
  maxThreadsPerBlock: number;
  warpSize: number;
}

export function getDeviceProperties(device?: DeviceArg): DeviceProperties {
  const [name, major, minor, multiProcessorCount, totalMemory, maxThreadsPerBlock, warpSize] = usable().deviceProperties(
    index(device, 'getDeviceProperties'),
  );
  return { name, major, minor, multiProcessorCount, totalMemory, maxThreadsPerBlock, warpSize };
}
export function getDeviceName(device?: DeviceArg): string {
  return getDeviceProperties(device).name;
}
export function getDeviceCapability(device?: DeviceArg): [number, number] {
  const p = getDeviceProperties(device);
  return [p.major, p.minor];
}
/** [free, total] bytes of device memory, as the driver reports them. */
export function memGetInfo(device?: DeviceArg): [number, number] {
  const [n, d] = at(device, 'memGetInfo');
  return n.memGetInfo(d);
}

// ---- streams and events ----

export class Stream {
  /** @internal */
  readonly handle: StreamHandle;
  /** A new stream on a device (default: the current one); lower priority numbers run first. */
  constructor(options: { device?: DeviceArg; priority?: number } = {}, handle?: StreamHandle) {
    if (handle) {
      this.handle = handle;
      return;
    }
    const [n, d] = at(options.device, 'Stream');
    this.handle = n.streamNew(d, options.priority ?? 0);
  }
  private get info(): [number, number, number, number] {
    return usable().streamInfo(this.handle);
  }
  get device(): string {
    return `cuda:${this.info[0]}`;
  }
  get priority(): number {
    return this.info[1];
  }
  /** The cudaStream_t (0 for the default stream). */
  get cudaStream(): number {
    return this.info[3];
  }
  synchronize(): void {
    usable().streamSynchronize(this.handle);
  }
  /** Whether all work queued on it is done. */
  query(): boolean {
    return usable().streamQuery(this.handle);
  }
  waitEvent(event: Event): void {
    usable().streamWaitEvent(this.handle, event.handle);
  }
  waitStream(stream: Stream): void {
    usable().streamWaitStream(this.handle, stream.handle);
  }
  /** Records an event (a new one when none is given) on this stream. */
  recordEvent(event: Event = new Event()): Event {
    event.record(this);
    return event;
  }
  equals(other: Stream): boolean {
    return this.cudaStream === other.cudaStream && this.device === other.device;
  }
}

export class Event {
  /** @internal */
  readonly handle: EventHandle;
  constructor(options: { enableTiming?: boolean; blocking?: boolean; interprocess?: boolean } = {}) {
    this.handle = usable().eventNew(options.enableTiming ?? false, options.blocking ?? false, options.interprocess ?? false);
  }
  /** Records the event on a stream (default: the current stream). */
  record(stream?: Stream): void {
    usable().eventRecord(this.handle, stream ? stream.handle : null);
  }
  /** Makes later work on `stream` (default: the current one) wait for this event. */
  wait(stream: Stream = currentStream()): void {
    stream.waitEvent(this);
  }
  query(): boolean {
    return usable().eventQuery(this.handle);
  }
  synchronize(): void {
    usable().eventSynchronize(this.handle);
  }
  /** Milliseconds between this event and `end` (both recorded with enableTiming, and completed). */
  elapsedTime(end: Event): number {
    return usable().eventElapsedTime(this.handle, end.handle);
  }
}

export function currentStream(device?: DeviceArg): Stream {
  const [n, d] = at(device, 'currentStream');
  return new Stream({}, n.currentStream(d));
}
export function defaultStream(device?: DeviceArg): Stream {
  const [n, d] = at(device, 'defaultStream');
  return new Stream({}, n.defaultStream(d));
}
/** Makes `stream` the current stream of its device. */
export function setStream(stream: Stream): void {
  if (!(stream instanceof Stream)) throw new TypeError('setStream: expected a torch.cuda.Stream');
  usable().setStream(stream.handle);
}

/**
 * Runs fn with `stream` current on its device (and that device current), restoring both after —
 * PyTorch's `with torch.cuda.stream(s):`. A null stream runs fn unchanged.
 */
export function streamContext<T>(stream: Stream | null, fn: () => T): T {
  if (stream === null) return fn();
  if (!(stream instanceof Stream)) throw new TypeError('streamContext: expected a torch.cuda.Stream or null');
  const n = usable();
  const previousDevice = n.currentDevice();
  const device = n.streamInfo(stream.handle)[0];
  const previousStream = n.currentStream(device);
  n.setDevice(device);
  n.setStream(stream.handle);
  try {
    return fn();
  } finally {
    n.setStream(previousStream);
    n.setDevice(previousDevice);
  }
}

// ---- memory ----

const STAT_NAMES = [
  'allocated_bytes',
  'reserved_bytes',
  'active_bytes',
  'inactive_split_bytes',
  'allocation',
  'segment',
  'active',
  'inactive_split',
] as const;
const COUNTERS = ['num_alloc_retries', 'num_ooms', 'num_device_alloc', 'num_device_free'] as const;

/** PyTorch's torch.cuda.memory_stats keys ("allocated_bytes.all.current", ...) for a device; {} when CUDA is unavailable. */
export function memoryStats(device?: DeviceArg): Record<string, number> {
  if (!isAvailable()) return {};
  const [n, d] = at(device, 'memoryStats');
  const v = n.cudaMemoryStats(d);
  const r: Record<string, number> = {};
  STAT_NAMES.forEach((name, k) => {
    (['current', 'peak', 'allocated', 'freed'] as const).forEach((field, j) => (r[`${name}.all.${field}`] = v[4 * k + j]));
  });
  COUNTERS.forEach((name, k) => (r[name] = v[4 * STAT_NAMES.length + k]));
  return r;
}

const stat = (key: string, device: DeviceArg): number => memoryStats(device)[key] ?? 0;
/** Bytes in live tensors on a device (0 when CUDA is unavailable). */
export const memoryAllocated = (device?: DeviceArg): number => stat('allocated_bytes.all.current', device);
export const maxMemoryAllocated = (device?: DeviceArg): number => stat('allocated_bytes.all.peak', device);
/** Bytes the caching allocator holds from the driver (live and cached). */
export const memoryReserved = (device?: DeviceArg): number => stat('reserved_bytes.all.current', device);
export const maxMemoryReserved = (device?: DeviceArg): number => stat('reserved_bytes.all.peak', device);

export function resetPeakMemoryStats(device?: DeviceArg): void {
  const [n, d] = at(device, 'resetPeakMemoryStats');
  n.resetPeakMemoryStats(d);
}
export function resetAccumulatedMemoryStats(device?: DeviceArg): void {
  const [n, d] = at(device, 'resetAccumulatedMemoryStats');
  n.resetAccumulatedMemoryStats(d);
}
/** Returns every cached (unused) block, device and pinned host, to the driver. A no-op without CUDA. */
export function emptyCache(): void {
  if (isAvailable()) loaded.native!.cudaEmptyCache();
}
/** The pinned host allocator's bytes: held (cached and live) and live. */
export function hostMemoryStats(): { reservedBytes: number; allocatedBytes: number } {
  if (!loaded.native) return { reservedBytes: 0, allocatedBytes: 0 };
  const [reservedBytes, allocatedBytes] = loaded.native.hostMemoryStats();
  return { reservedBytes, allocatedBytes };
}
