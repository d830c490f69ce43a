// A CUDA tensor is freed when V8 collects its handle, and V8 does not know how full the GPU is:
// a loop that never disposes its results can run the device out of memory while most of it is held
// by unreachable tensors. So an addon call that fails with CUDA's out-of-memory error runs a full
// garbage collection (the handles' finalizers run during it and give their blocks back to the
// caching allocator) and is tried once more. THC allocates a call's results and temporaries before
// it writes anything, so the failed attempt has changed nothing.
import * as v8 from 'v8';
import * as vm from 'vm';

let collect: (() => void) | null = null;

/** A full, synchronous garbage collection: node's `gc` where --expose-gc gave it, else made for us. */
function fullGc(): void {
  if (!collect) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) collect = exposed;
    else {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
      v8.setFlagsFromString('--no-expose-gc');
    }
  }
  collect();
}

export function isOutOfMemory(e: unknown): boolean {
  return e instanceof Error && e.message.startsWith('CUDA out of memory');
}

/** The addon's functions, each retried once after a full GC when it runs out of device memory. */
export function retryOutOfMemory<T extends object>(addon: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(addon)) {
    if (typeof value !== 'function') {
      wrapped[name] = value;
      continue;
    }
    const fn = value as (...args: unknown[]) => unknown;
    wrapped[name] = (...args: unknown[]): unknown => {
      try {
        return fn(...args);
      } catch (e) {
        if (!isOutOfMemory(e)) throw e;
        fullGc();
        return fn(...args);
      }
    };
  }
  return wrapped as T;
}
