// Makes 'cuda' a device of @typetorch/th: TH's Tensor, creation functions and ops then send
// calls on CUDA tensors to thc.node (functions named and shaped as th.node's).
import { registerDevice } from '@typetorch/th';
import type { DeviceLibrary, Handle } from '@typetorch/th';
import { deviceInfo, isAvailable, usable } from './cuda';
import { loaded } from './native';

const library: DeviceLibrary = {
  type: 'cuda',
  native: (loaded.native ?? {}) as unknown as Record<string, unknown>,
  resolve(index: number | null): number {
    const n = usable();
    const d = index ?? n.currentDevice();
    const count = deviceInfo()[0];
    if (d < 0 || d >= count) throw new Error(`Invalid device ordinal: cuda:${d} (this machine has ${count} CUDA device${count === 1 ? '' : 's'})`);
    return d;
  },
  onDevice<T>(device: number, fn: () => T): T {
    const n = usable();
    const previous = n.currentDevice();
    if (previous === device) return fn();
    n.setDevice(device);
    try {
      return fn();
    } finally {
      n.setDevice(previous);
    }
  },
  toDevice(h: Handle, device: number, nonBlocking: boolean, pinned: boolean): Handle {
    return usable().toDevice(h, device, nonBlocking, pinned);
  },
  isPinned(h: Handle): boolean {
    // nothing is pinned where CUDA cannot be used
    return isAvailable() ? loaded.native!.isPinned(h) : false;
  },
};

registerDevice(library);
