// Grad mode: whether ops record the tape. Like PyTorch's thread-local modes, but scoped to the
// async context: noGrad(async () => { ...await... }) keeps gradients off across its awaits.
import { AsyncLocalStorage } from 'node:async_hooks';

interface Mode {
  enabled: boolean;
  inference: boolean;
}

const contexts = new AsyncLocalStorage<Mode>();
const global: Mode = { enabled: true, inference: false };
// getStore() costs a little on every op; skip it until some scope has been entered.
let scoped = false;

function current(): Mode {
  return scoped ? (contexts.getStore() ?? global) : global;
}

function runWith<T>(mode: Mode, fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError('expected a function to run');
  scoped = true;
  return contexts.run(mode, fn);
}

/** Whether ops on tensors that require grad are recorded for backward. */
export function isGradEnabled(): boolean {
  return current().enabled;
}

/** Whether the current scope is an inferenceMode scope. */
export function isInferenceModeEnabled(): boolean {
  return current().inference;
}

/** Turns recording on or off for the rest of the current scope (the process, outside any scope). */
export function setGradEnabled(enabled: boolean): void {
  if (typeof enabled !== 'boolean') throw new TypeError(`setGradEnabled: expected a boolean, got ${typeof enabled}`);
  current().enabled = enabled;
}

/** Runs fn (sync or async) without recording: results do not require grad. */
export function noGrad<T>(fn: () => T): T {
  return runWith({ enabled: false, inference: current().inference }, fn);
}

/** Runs fn (sync or async) with recording on, also inside noGrad. */
export function enableGrad<T>(fn: () => T): T {
  return runWith({ enabled: true, inference: current().inference }, fn);
}

/**
 * Runs fn (sync or async) with recording off; tensors made inside are inference tensors, which
 * can never be saved for backward (using one in a recorded op later throws).
 */
export function inferenceMode<T>(fn: () => T, mode = true): T {
  return runWith({ enabled: !mode && current().enabled, inference: mode }, fn);
}

/** @internal For synchronous work (the engine): sets recording, returns the previous setting. */
export function swapGradEnabled(enabled: boolean): boolean {
  const mode = current();
  const previous = mode.enabled;
  mode.enabled = enabled;
  return previous;
}
