// The native addon (build/Release/thc.node), or why there is none: THC is built only where the
// CUDA toolkit was found at install time (scripts/build-native.js writes build/not-built.json).
import { guardAddon } from '@typetorch/th';
import type { Handle, ParkedErrors } from '@typetorch/th';
import * as fs from 'fs';
import * as path from 'path';
import { retryOutOfMemory } from './out_of_memory';

/** An opaque handle of a torch.cuda.Stream or Event. */
export type StreamHandle = { readonly __thcStream: unique symbol };
export type EventHandle = { readonly __thcEvent: unique symbol };

export interface Native extends ParkedErrors {
  version: string;
  /** [deviceCount, unavailableReason | null, runtimeVersion, driverVersion] */
  deviceInfo(): [number, string | null, number, number];
  currentDevice(): number;
  setDevice(device: number): void;
  synchronize(device: number | null): void;
  /** [name, major, minor, multiProcessorCount, totalMemory, maxThreadsPerBlock, warpSize] */
  deviceProperties(device: number | null): [string, number, number, number, number, number, number];
  memGetInfo(device: number | null): [number, number];
  streamNew(device: number | null, priority: number | null): StreamHandle;
  currentStream(device: number | null): StreamHandle;
  defaultStream(device: number | null): StreamHandle;
  setStream(stream: StreamHandle): void;
  /** [device, priority, isDefault, cudaStream_t] */
  streamInfo(stream: StreamHandle): [number, number, number, number];
  streamSynchronize(stream: StreamHandle): void;
  streamQuery(stream: StreamHandle): boolean;
  streamWaitEvent(stream: StreamHandle, event: EventHandle): void;
  streamWaitStream(stream: StreamHandle, other: StreamHandle): void;
  eventNew(enableTiming: boolean, blocking: boolean, interprocess: boolean): EventHandle;
  eventRecord(event: EventHandle, stream: StreamHandle | null): void;
  eventSynchronize(event: EventHandle): void;
  eventQuery(event: EventHandle): boolean;
  eventElapsedTime(start: EventHandle, end: EventHandle): number;
  cudaMemoryStats(device: number | null): number[];
  resetPeakMemoryStats(device: number | null): void;
  resetAccumulatedMemoryStats(device: number | null): void;
  cudaEmptyCache(): void;
  hostMemoryStats(): [number, number];
  toDevice(h: Handle, device: number, nonBlocking: boolean, pinned: boolean): Handle;
  isPinned(h: Handle): boolean;
}

/** The addon, or null with the reason it is missing. */
export type Loaded = { native: Native; reason: null } | { native: null; reason: string };

/** @internal Loads the addon of a package folder (`addon` overrides the file, as TYPETORCH_THC_ADDON does). */
export function loadFrom(root: string, addon?: string): Loaded {
  const marker = path.join(root, 'build', 'not-built.json');
  const file = addon || path.join(root, 'build', 'Release', 'thc.node');
  if (!addon && fs.existsSync(marker)) {
    const why = (JSON.parse(fs.readFileSync(marker, 'utf8')) as { reason?: string }).reason ?? 'unknown reason';
    return { native: null, reason: `@typetorch/thc was not built: ${why}` };
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { native: retryOutOfMemory(guardAddon(require(file) as Native)), reason: null };
  } catch (e) {
    return {
      native: null,
      reason: `@typetorch/thc could not load its addon at ${file} (${(e as Error).message}); build it with \`npm run build:native -w @typetorch/thc\``,
    };
  }
}

// ts/ (tests) and dist/ (built) are both one level below the package root.
export const loaded: Loaded = loadFrom(path.join(__dirname, '..'), process.env.TYPETORCH_THC_ADDON);
