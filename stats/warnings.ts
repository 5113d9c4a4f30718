/**
 * Warnings about a cell's process-level figures, each one line a reader understands without the
 * code, or null when there is nothing to say. Pure: the report stores them, presenters print them.
 * (The per-process warnings — noisy, short, slow first run — are `cellWarnings` in summary.ts.)
 *
 * @module
 */
import type { BimodalProcesses } from "./levels.ts";

/** A cell whose median capacity is below this share of its workers gets {@link capacityWarning}. */
export const LOW_CAPACITY_SHARE = 0.9;
/** Fewer processes than this and a cell's interval is called unreliable. */
export const MIN_PROCESSES = 3;

/**
 * A speedup whose interval lies wholly above the usable cores, for a CPU-bound suite: that cannot
 * be parallel work, it is the machine changing under the measurement. I/O-bound suites can
 * legitimately overlap waits beyond the core count, so they never get it.
 *
 * @example
 * ```ts
 * superlinearWarning(2.2, 2, "cpu"); // "speedup interval from 2.20x lies above the 2 usable cores for a CPU-bound suite: measurement drift, not a result"
 * ```
 */
export function superlinearWarning(speedupLow: number, usableCores: number, bound: "cpu" | "io"): string | null {
  if (bound !== "cpu" || !(speedupLow > usableCores)) return null;
  const cores = `${usableCores} usable core${usableCores === 1 ? "" : "s"}`;
  return `speedup interval from ${speedupLow.toFixed(2)}x lies above the ${cores} for a CPU-bound suite: measurement drift, not a result`;
}

/**
 * Fewer than {@link MIN_PROCESSES} processes: the between-process variance is barely sampled, so
 * the interval is not to be trusted.
 *
 * @example
 * ```ts
 * fewProcessesWarning(2); // "only 2 processes measured this cell: interval not reliable; use --rounds 3 or more"
 * ```
 */
export function fewProcessesWarning(n: number): string | null {
  if (!(n < MIN_PROCESSES)) return null;
  return `only ${n} process${n === 1 ? "" : "es"} measured this cell: interval not reliable; use --rounds ${MIN_PROCESSES} or more`;
}

/**
 * Both modes of a cell bimodal across processes, with how many processes each holds.
 *
 * @param result what `bimodalProcesses` returned (null: nothing to say)
 * @param unit the unit of the medians, e.g. "ms"
 *
 * @example
 * ```ts
 * bimodalWarning({ low: { median: 100, count: 3 }, high: { median: 151, count: 2 }, gapRatio: 1.51 });
 * // "bimodal across processes: 3 near 100.0 ms, 2 near 151.0 ms (1.51x apart); the median mixes both"
 * ```
 */
export function bimodalWarning(result: BimodalProcesses, unit?: string): string;
export function bimodalWarning(result: BimodalProcesses | null, unit?: string): string | null;
export function bimodalWarning(result: BimodalProcesses | null, unit = "ms"): string | null {
  if (!result) return null;
  const { low, high, gapRatio } = result;
  return `bimodal across processes: ${low.count} near ${low.median.toFixed(1)} ${unit}, ${high.count} near ${high.median.toFixed(1)} ${unit} (${gapRatio.toFixed(2)}x apart); the median mixes both`;
}

/**
 * The machine offered fewer cores than the cell has workers: below {@link LOW_CAPACITY_SHARE} of
 * `workers`, the measured capacity (not the runtime) limited the speedup. Quiet for one worker and
 * for a capacity that was not measured (not finite).
 *
 * @example
 * ```ts
 * capacityWarning(1.4, 2); // "the machine gave 1.4 of 2 cores: its capacity, not the runtime, limited this speedup"
 * ```
 */
export function capacityWarning(medianCapacity: number, workers: number): string | null {
  if (!(workers > 1) || !Number.isFinite(medianCapacity)) return null;
  const limit = LOW_CAPACITY_SHARE * workers;
  if (!(medianCapacity < limit)) return null;
  // One decimal unless it rounds up to the limit ("gave 1.8 of 2" when the limit is 1.8 would puzzle).
  const shown = Number(medianCapacity.toFixed(1)) < limit ? medianCapacity.toFixed(1) : medianCapacity.toFixed(2);
  return `the machine gave ${shown} of ${workers} cores: its capacity, not the runtime, limited this speedup`;
}
