// Deterministic release: tidy() scopes and memoryStats(). GC finalizers free everything else.
import { native } from './native';

/** Anything that owns native memory and can be released early. */
export interface Disposable {
  dispose(): void;
}

const scopes: Set<Disposable>[] = [];

/** Called for every tensor object created, so that an enclosing tidy() can release it. */
export function track(t: Disposable): void {
  if (scopes.length > 0) scopes[scopes.length - 1].add(t);
}

/**
 * Objects of higher layers that wrap tensors (autograd's Tensor) name, under this key, a method
 * returning what a tidy() that returns them must keep alive too.
 */
export const TIDY_KEEP = Symbol.for('typetorch.tidy.keep');
interface KeepsOthers {
  [TIDY_KEEP](): unknown[];
}

function collectKept(value: unknown, kept: Set<unknown>, seen: Set<unknown>): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  kept.add(value);
  const inner = (value as Partial<KeepsOthers>)[TIDY_KEEP];
  if (typeof inner === 'function') for (const v of inner.call(value)) collectKept(v, kept, seen);
  if (Array.isArray(value)) for (const v of value) collectKept(v, kept, seen);
  else if (value instanceof Map) for (const v of value.values()) collectKept(v, kept, seen);
  else if (Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) collectKept(v, kept, seen);
}

/**
 * Runs fn and disposes every tensor created inside it except those it returns (directly, or in
 * arrays, Maps and plain objects). Nested scopes pass kept tensors to the enclosing one.
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError('tidy: expected a function');
  const scope = new Set<Disposable>();
  scopes.push(scope);
  let result: T | undefined;
  let ok = false;
  try {
    result = fn();
    if (result instanceof Promise) throw new TypeError('tidy: fn must be synchronous (it returned a Promise)');
    ok = true;
  } finally {
    scopes.pop();
    const kept = new Set<unknown>();
    if (ok) collectKept(result, kept, new Set());
    const parent = scopes.length > 0 ? scopes[scopes.length - 1] : undefined;
    for (const t of scope) {
      if (kept.has(t)) parent?.add(t);
      else t.dispose();
    }
  }
  return result as T;
}

export interface MemoryStats {
  /** Native tensor objects alive (including views). */
  liveTensors: number;
  /** Native storages alive. */
  liveStorages: number;
  /** Bytes of tensor data allocated by libTH and not yet freed. */
  bytes: number;
  /** Freed blocks that libTH keeps for reuse (large results made every step reuse them). */
  cachedBytes: number;
}

export function memoryStats(): MemoryStats {
  const [liveTensors, liveStorages, bytes, cachedBytes] = native.memoryStats();
  return { liveTensors, liveStorages, bytes, cachedBytes };
}

/** Returns the blocks libTH keeps for reuse to the system. */
export function emptyCache(): void {
  native.emptyCache();
}

export function setNumThreads(n: number): void {
  native.setNumThreads(n);
}

export function getNumThreads(): number {
  return native.getNumThreads();
}
