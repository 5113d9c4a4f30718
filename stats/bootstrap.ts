/**
 * The one bootstrap of tribench: a two-stage (hierarchical) percentile bootstrap over sides made of
 * processes made of values. Every interval and bootstrap p in the project comes from here, so they
 * all share one convention for resampling, for the percentile and for the p value.
 *
 * Why two stages: a cell is measured in several processes (rounds), and runs inside one process
 * share that process's JIT decisions and memory layout, so they are not independent. Resampling the
 * processes first samples the variance between processes; resampling the values inside each drawn
 * process then samples the variance within it. This is the two-stage bootstrap of Davison & Hinkley,
 * *Bootstrap Methods and their Application* (1997), §3.8 "Hierarchical data" (their "Strategy 2");
 * Ren et al., "Nonparametric bootstrapping for hierarchical data" (J. Appl. Stat. 37(9), 2010)
 * compare the same strategies.
 *
 * What those sources also say, and why we still resample both stages by default: with many groups,
 * resampling the groups only (Davison & Hinkley's "Strategy 1"; Ren et al. recommend replacement at
 * the top level only) reproduces the variance of a mean more closely, while the second stage adds
 * the within-group variance about once more, so the two-stage interval is somewhat wide
 * (conservative). tribench has few processes per cell (3 to 5): groups-only resampling then has
 * very few distinct resamples (10 for 3 processes) and an interval that is too narrow and lumpy. We
 * prefer an interval that is a little too wide to one that is too narrow; `innerResample: false`
 * gives the groups-only bootstrap where there are many groups.
 *
 * Percentile interval at the ((B + 1)·α)-th order statistics (the convention of Davison & Hinkley,
 * ch. 5), so with the default B = 1999 a 95% interval is the 50th smallest and 50th largest draw.
 *
 * Pure: no I/O, no clock; the draws come from {@link seededRandom}, so a seed gives the same
 * interval on every runtime.
 *
 * @module
 */
import { seededRandom, type RandomSource } from "./random.ts";

/** Default number of resamples: (B + 1)·α is a whole number for the usual levels. */
export const DEFAULT_RESAMPLES = 1999;

/** Options of {@link hierarchicalBootstrap}. */
export interface HierarchicalBootstrapOptions {
  /** Interval level in (0, 1), e.g. 0.95. */
  level: number;
  /** Number of resamples B (default {@link DEFAULT_RESAMPLES}). */
  resamples?: number;
  /** Seed of the generator: the same seed gives the same draws. */
  seed: number;
  /** Resample the values inside each drawn process too (default true; see the module note). */
  innerResample?: boolean;
}

/** A bootstrap estimate: the statistic on the data, its percentile interval and all draws. */
export interface BootstrapEstimate {
  /** The statistic on the original data. */
  value: number;
  low: number;
  high: number;
  /** The statistic on each resample, sorted ascending (for a p value or a histogram). */
  draws: Float64Array;
}

/** One resample of one side: processes drawn with replacement, then (optionally) their values. */
function resampleSide(side: readonly (readonly number[])[], inner: boolean, random: RandomSource): number[][] {
  const out = new Array<number[]>(side.length);
  for (let i = 0; i < side.length; i++) {
    const process = side[Math.floor(random() * side.length)]!;
    if (!inner) {
      out[i] = process.slice();
      continue;
    }
    const values = new Array<number>(process.length);
    for (let j = 0; j < process.length; j++) values[j] = process[Math.floor(random() * process.length)]!;
    out[i] = values;
  }
  return out;
}

/**
 * Two-stage percentile bootstrap of `statistic` over `sides` (each side a list of processes, each
 * process a list of values). Sides are resampled independently, in order; in each side, each slot
 * draws a process, then (unless `innerResample` is false) as many values from it as it has.
 *
 * @param sides e.g. `[baseProcesses, headProcesses]`, or one side for a one-sample interval
 * @param statistic the number of interest from (resampled) sides, e.g. a ratio of pooled medians
 * @throws RangeError on an empty side or process, a level outside (0, 1), a bad resample count, or
 *   a statistic that is NaN
 *
 * @example
 * ```ts
 * const pooledMedian = (s: number[][][]) => median(s[0]!.flat());
 * const r = hierarchicalBootstrap([[[10, 11, 12], [11, 12, 13], [10, 12, 14]]], pooledMedian, { level: 0.95, seed: 1 });
 * r.value; // 12
 * ```
 */
export function hierarchicalBootstrap(
  sides: readonly (readonly (readonly number[])[])[],
  statistic: (sides: number[][][]) => number,
  options: HierarchicalBootstrapOptions,
): BootstrapEstimate {
  const { level, seed } = options;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const inner = options.innerResample ?? true;
  if (!(level > 0 && level < 1)) throw new RangeError(`hierarchicalBootstrap: level ${level} is not in (0, 1)`);
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`hierarchicalBootstrap: resamples ${resamples} is not a positive integer`);
  if (sides.length === 0) throw new RangeError("hierarchicalBootstrap: no sides");
  sides.forEach((side, s) => {
    if (side.length === 0) throw new RangeError(`hierarchicalBootstrap: side ${s} has no processes`);
    side.forEach((p, i) => {
      if (p.length === 0) throw new RangeError(`hierarchicalBootstrap: side ${s}, process ${i} has no values`);
    });
  });

  // Copies, so a statistic that sorts its input in place cannot change the caller's data.
  const value = statistic(sides.map((side) => side.map((p) => p.slice())));
  if (Number.isNaN(value)) throw new RangeError("hierarchicalBootstrap: the statistic is NaN on the data");
  const random = seededRandom(seed);
  const draws = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    const draw = statistic(sides.map((side) => resampleSide(side, inner, random)));
    if (Number.isNaN(draw)) throw new RangeError("hierarchicalBootstrap: the statistic is NaN on a resample");
    draws[b] = draw;
  }
  draws.sort();
  const { low, high } = percentileInterval(draws, level);
  return { value, low, high, draws };
}

/**
 * The percentile interval from sorted draws: the k-th smallest and k-th largest draw with
 * k = max(1, ⌊(B + 1)·(1 − level)/2⌋).
 *
 * @example
 * ```ts
 * percentileInterval(Float64Array.from({ length: 1999 }, (_, i) => i), 0.95); // { low: 49, high: 1949 }
 * ```
 */
export function percentileInterval(sortedDraws: Float64Array, level: number): { low: number; high: number } {
  const n = sortedDraws.length;
  if (n === 0) throw new RangeError("percentileInterval: no draws");
  // The 1e-9 keeps (1 − 0.9) / 2 = 0.04999… from landing one draw short of the 100th of 1999.
  const k = Math.min(n, Math.max(1, Math.floor((n + 1) * ((1 - level) / 2) + 1e-9)));
  return { low: sortedDraws[k - 1]!, high: sortedDraws[n - k]! };
}

/**
 * Two-sided bootstrap p of "the statistic equals `nullValue`": the share of draws on the far side
 * of the null (ties count on both sides), as (count + 1) / (B + 1) so it is never 0, doubled and
 * capped at 1.
 *
 * @example
 * ```ts
 * bootstrapP(Float64Array.from([1.1, 1.2, 1.3]), 1); // 2 · (0 + 1) / 4 = 0.5
 * ```
 */
export function bootstrapP(draws: Float64Array, nullValue: number): number {
  let below = 0;
  let above = 0;
  for (const d of draws) {
    if (d <= nullValue) below++;
    if (d >= nullValue) above++;
  }
  return Math.min(1, (2 * (Math.min(below, above) + 1)) / (draws.length + 1));
}
