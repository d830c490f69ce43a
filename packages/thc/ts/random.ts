// torch.cuda's random functions: each device's default Philox generator (libTHC), seeded and read
// as PyTorch's torch.cuda.manual_seed, manual_seed_all, seed, initial_seed, get/set_rng_state.
import { Generator, Tensor, placement } from '@typetorch/th';
import { deviceCount, usable } from './cuda';

type DeviceArg = number | string | null | undefined;
const name = (d: DeviceArg): string => (d === undefined || d === null ? 'cuda' : typeof d === 'number' ? `cuda:${d}` : d);

/** The default generator of a device (default: the current one). */
export function defaultGenerator(device?: DeviceArg): Generator {
  usable();
  return Generator.ofDevice(placement(name(device))!);
}

/** Seeds the current device's default generator. */
export function manualSeed(seed: number | bigint): void {
  defaultGenerator().manualSeed(seed);
}
/** Seeds every device's default generator. */
export function manualSeedAll(seed: number | bigint): void {
  for (let d = 0; d < deviceCount(); d++) defaultGenerator(d).manualSeed(seed);
}
/** Seeds the current device's default generator from the operating system's entropy; returns the seed. */
export function seed(): number {
  return defaultGenerator().seed();
}
export function seedAll(): void {
  for (let d = 0; d < deviceCount(); d++) defaultGenerator(d).seed();
}
export function initialSeed(): number | bigint {
  return defaultGenerator().initialSeed();
}
/** The state (seed and offset) of a device's default generator, as a uint8 tensor on the host. */
export function getRngState(device?: DeviceArg): Tensor {
  return defaultGenerator(device).getState();
}
export function setRngState(state: Tensor, device?: DeviceArg): void {
  defaultGenerator(device).setState(state);
}
