/**
 * Process-level statistics of one cell measured in several processes (rounds): a median with an
 * interval that accounts for both levels, how much of the variance lies between processes, and
 * whether the processes fall into two modes (e.g. a JIT that decides differently per process).
 *
 * The share of variance between processes tells a user what helps: a large share means more
 * processes (`--rounds`) narrow the interval, a small one means more runs per process would do
 * (the reasoning of Kalibera & Jones, "Rigorous Benchmarking in Reasonable Time", ISMM 2013).
 *
 * Pure: no I/O, no clock; deterministic for a seed.
 *
 * @module
 */
import { interquartileRange, median } from "simple-statistics";
import { hierarchicalBootstrap } from "./bootstrap.ts";
import { pooledMedian } from "./_pool.ts";

/** Default interval level of {@link processLevelSummary}. */
export const PROCESS_LEVEL = 0.95;
/** Default seed of {@link processLevelSummary}. */
export const PROCESS_LEVEL_SEED = 20260102;
/** Two process modes must lie at least this share of the overall median apart. */
export const BIMODAL_MIN_GAP_SHARE = 0.1;
/** …and their gap must exceed this many times the larger of the spreads (see {@link bimodalProcesses}). */
export const BIMODAL_GAP_FACTOR = 3;

/** Variance components of a one-way random-effects model, on log values. */
export interface VarianceComponents {
  /** Between-process variance of log values (clamped at 0). */
  between: number;
  /** Within-process variance of log values (the within mean square). */
  within: number;
  /** between / (between + within); 0 when both are 0. */
  share: number;
}

function checkGroups(groups: readonly (readonly number[])[], what: string): void {
  groups.forEach((g, i) => {
    if (g.length === 0) throw new RangeError(`${what}: process ${i} has no values`);
    for (const x of g) if (!(x > 0 && Number.isFinite(x))) throw new RangeError(`${what}: value ${x} in process ${i} is not finite and positive`);
  });
}

/**
 * Between- and within-process variance by the method of moments for a one-way random-effects
 * ANOVA, unbalanced groups allowed: within = MSW, between = (MSB − MSW) / n₀ with
 * n₀ = (N − Σnᵢ² / N) / (a − 1) (Searle, Casella & McCulloch, *Variance Components*, 1992, ch. 3,
 * the one-way classification; Montgomery, *Design and Analysis of Experiments*, random-effects
 * chapter). A negative estimate of the between variance is set to 0, its usual truncation.
 *
 * Computed on log values: times are multiplicative (a slower process is slower by a factor), and
 * on logs the components are relative, comparable across cells of any length.
 *
 * @returns null with fewer than 2 processes or no within-process degrees of freedom (N = a)
 * @throws RangeError on an empty process or a value that is not finite and positive
 *
 * @example
 * ```ts
 * varianceComponents([[100, 102, 101], [150, 149, 151]])!.share; // ≈ 1: nearly all between processes
 * ```
 */
export function varianceComponents(groups: readonly (readonly number[])[]): VarianceComponents | null {
  checkGroups(groups, "varianceComponents");
  const a = groups.length;
  const logs = groups.map((g) => g.map(Math.log));
  const N = logs.reduce((s, g) => s + g.length, 0);
  if (a < 2 || N - a < 1) return null;
  const means = logs.map((g) => g.reduce((s, x) => s + x, 0) / g.length);
  const grand = logs.reduce((s, g) => s + g.reduce((t, x) => t + x, 0), 0) / N;
  let ssb = 0;
  let ssw = 0;
  logs.forEach((g, i) => {
    ssb += g.length * (means[i]! - grand) ** 2;
    for (const x of g) ssw += (x - means[i]!) ** 2;
  });
  const msb = ssb / (a - 1);
  const msw = ssw / (N - a);
  const n0 = (N - logs.reduce((s, g) => s + g.length ** 2, 0) / N) / (a - 1);
  const between = Math.max(0, (msb - msw) / n0);
  const within = msw;
  const total = between + within;
  return { between, within, share: total > 0 ? between / total : 0 };
}

/** A cell's process-level summary. */
export interface ProcessLevelSummary {
  /** Median of all values of all processes. */
  median: number;
  /** Two-stage bootstrap interval of that median (processes, then values). */
  low: number;
  high: number;
  /** Median of each process, in input order. */
  processMedians: number[];
  /** Share of the (log) variance between processes; null when it cannot be estimated. */
  betweenShare: number | null;
  /** Typical spread inside one process (see {@link withinProcessSpread}), for {@link bimodalProcesses}. */
  withinSpread: number;
}

/**
 * Typical spread of values inside one process: the median over processes of each one's
 * interquartile range (robust to a process with one wild run; 0 for one-value processes).
 *
 * @example
 * ```ts
 * withinProcessSpread([[1, 2, 3, 4, 5], [10, 10, 10]]); // median of IQRs 2 and 0 = 1
 * ```
 */
export function withinProcessSpread(groups: readonly (readonly number[])[]): number {
  if (groups.length === 0) throw new RangeError("withinProcessSpread: no processes");
  return median(groups.map((g) => (g.length > 1 ? interquartileRange(g) : 0)));
}

/**
 * Median of one cell over all its processes, with an interval from {@link hierarchicalBootstrap}
 * (processes, then values inside each) so that the variance between processes counts.
 *
 * @throws RangeError with no process, an empty process, or a value that is not finite and positive
 *
 * @example
 * ```ts
 * processLevelSummary([[100, 101], [102, 103], [101, 102]]).median; // 101.5
 * ```
 */
export function processLevelSummary(
  groups: readonly (readonly number[])[],
  options: { level?: number; seed?: number } = {},
): ProcessLevelSummary {
  if (groups.length === 0) throw new RangeError("processLevelSummary: no processes");
  checkGroups(groups, "processLevelSummary");
  const boot = hierarchicalBootstrap([groups], pooledMedian, {
    level: options.level ?? PROCESS_LEVEL,
    seed: options.seed ?? PROCESS_LEVEL_SEED,
  });
  return {
    median: boot.value,
    low: boot.low,
    high: boot.high,
    processMedians: groups.map((g) => median(g as number[])),
    betweenShare: varianceComponents(groups)?.share ?? null,
    withinSpread: withinProcessSpread(groups),
  };
}

/** One mode of a bimodal cell: the median of its process medians and how many processes it has. */
export interface ProcessMode {
  median: number;
  count: number;
}

/** Two modes across processes. */
export interface BimodalProcesses {
  low: ProcessMode;
  high: ProcessMode;
  /** high.median / low.median: how much slower the slow mode is. */
  gapRatio: number;
}

/**
 * Do the processes of a cell fall into two modes? The sorted process medians are split at their
 * largest gap; the cell is called bimodal only when all of these hold:
 * - at least 3 processes (with 2, any difference would be a "gap");
 * - the gap is at least {@link BIMODAL_MIN_GAP_SHARE} (10%) of the median of the process medians,
 *   so a tight, clean cell is never split over a difference nobody would act on;
 * - the gap exceeds {@link BIMODAL_GAP_FACTOR} (3) times the largest of: the range of process
 *   medians inside either mode, and `withinSpread` (the spread of values inside one process,
 *   e.g. {@link withinProcessSpread}) — so the two groups are clearly apart, not the two ends of
 *   one spread-out mode.
 * This is a plain, conservative gap rule chosen for small counts (3 to 10 processes), where a
 * dip test or a mixture fit has no power; it may miss a weak second mode, it should not invent one.
 *
 * @param processMedians one median per process (any order)
 * @param withinSpread typical spread inside one process, in the same unit
 * @returns the two modes, or null when the rule above does not hold
 *
 * @example
 * ```ts
 * bimodalProcesses([100, 101, 99, 150, 152], 1); // { low: { median: 100, count: 3 }, high: { median: 151, count: 2 }, gapRatio: 1.51 }
 * ```
 */
export function bimodalProcesses(processMedians: readonly number[], withinSpread: number): BimodalProcesses | null {
  if (processMedians.length < 3) return null;
  const sorted = [...processMedians].sort((x, y) => x - y);
  let cut = 0; // the gap lies between sorted[cut] and sorted[cut + 1]
  for (let i = 1; i + 1 < sorted.length; i++) if (sorted[i + 1]! - sorted[i]! > sorted[cut + 1]! - sorted[cut]!) cut = i;
  const gap = sorted[cut + 1]! - sorted[cut]!;
  const lowMode = sorted.slice(0, cut + 1);
  const highMode = sorted.slice(cut + 1);
  const range = (xs: number[]) => xs[xs.length - 1]! - xs[0]!;
  const spread = Math.max(range(lowMode), range(highMode), withinSpread);
  if (!(gap >= BIMODAL_MIN_GAP_SHARE * median(sorted)) || !(gap > BIMODAL_GAP_FACTOR * spread)) return null;
  const low = { median: median(lowMode), count: lowMode.length };
  const high = { median: median(highMode), count: highMode.length };
  return { low, high, gapRatio: high.median / low.median };
}
