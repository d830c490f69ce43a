// Anomaly detection: nodes remember the stack of the forward op that made them, and backward
// checks every gradient for NaN, naming that op.
let depth = 0;

/** Whether detectAnomaly is active. */
export function isAnomalyEnabled(): boolean {
  return depth > 0;
}

/**
 * Runs fn (sync or async) with anomaly detection: a backward that produces NaN throws, naming the
 * backward function and showing the stack of the forward op that recorded it.
 */
export function detectAnomaly<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError('detectAnomaly: expected a function');
  depth++;
  let result: T;
  try {
    result = fn();
  } catch (e) {
    depth--;
    throw e;
  }
  if (result instanceof Promise) return result.finally(() => depth--) as T;
  depth--;
  return result;
}
