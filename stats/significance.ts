/**
 * Is a change between two sets of timings real? Tests and intervals for `tribench compare`, suited to the
 * small, right-skewed samples a benchmark gives (10 runs, a few slow outliers): no normality assumed.
 *
 * - {@link mannWhitneyU}: two-sided Mann–Whitney U (Wilcoxon rank-sum) test. Exact permutation
 *   distribution of the midrank sum for small samples (correct with ties), the normal approximation with
 *   tie and continuity correction for large ones.
 * - {@link bootstrapRatio} (deprecated): percentile bootstrap interval of a ratio of medians (or of
 *   speedups), now a thin wrapper over the project's one bootstrap, `hierarchicalBootstrap`
 *   (bootstrap.ts), with one process per group.
 *
 * Pure: no I/O, no clock, no `Math.random`.
 *
 * @module
 */
import { errorFunction, median } from "simple-statistics";
import { bootstrapP, hierarchicalBootstrap } from "./bootstrap.ts";

export { seededRandom, seedFromString, type RandomSource } from "./random.ts";

/** Largest n1 + n2 for which the exact distribution is computed (about 7M steps at the limit). */
export const EXACT_MAX_TOTAL = 60;

/** Result of a two-sided Mann–Whitney U test. */
export interface MannWhitneyResult {
  /** U statistic of the second sample (`head`): pairs (b, h) with h > b, ties counting one half. */
  u: number;
  /** Two-sided p value. */
  p: number;
  /** `exact` permutation distribution or `normal` approximation. */
  method: "exact" | "normal";
}

/** Midranks (1-based; tied values share the mean of their ranks) of `values`, in input order. */
export function midranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = rank;
    i = j + 1;
  }
  return ranks;
}

/** Standard normal CDF from the error function (max error ~1.2e-7, plenty for p values). */
function normalCdf(z: number): number {
  return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}

/**
 * Two-sided Mann–Whitney U test of `base` against `head`.
 *
 * @example
 * ```ts
 * mannWhitneyU([1, 2, 3], [4, 5, 6]); // { u: 9, p: 0.1, method: "exact" }
 * ```
 */
export function mannWhitneyU(base: readonly number[], head: readonly number[]): MannWhitneyResult {
  const n1 = base.length;
  const n2 = head.length;
  if (n1 === 0 || n2 === 0) throw new RangeError("mannWhitneyU needs at least one sample on each side");
  const ranks = midranks([...base, ...head]);
  const headRankSum = ranks.slice(n1).reduce((s, r) => s + r, 0);
  const u = headRankSum - (n2 * (n2 + 1)) / 2;
  if (n1 + n2 <= EXACT_MAX_TOTAL) return { u, p: exactRankSumP(ranks, n2, headRankSum), method: "exact" };

  const n = n1 + n2;
  const tieCounts = new Map<number, number>();
  for (const r of ranks) tieCounts.set(r, (tieCounts.get(r) ?? 0) + 1);
  let tieSum = 0;
  for (const t of tieCounts.values()) tieSum += t * t * t - t;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieSum / (n * (n - 1)));
  if (variance <= 0) return { u, p: 1, method: "normal" }; // every value equal
  const z = Math.max(0, Math.abs(u - (n1 * n2) / 2) - 0.5) / Math.sqrt(variance);
  return { u, p: Math.min(1, 2 * (1 - normalCdf(z))), method: "normal" };
}

/**
 * Exact two-sided p of a rank sum: the share of all ways to pick `k` of the pooled midranks whose sum is
 * at least as extreme. Ranks are doubled so midranks (x.5) become integers usable as array indexes.
 */
function exactRankSumP(ranks: readonly number[], k: number, observedSum: number): number {
  const doubled = ranks.map((r) => Math.round(r * 2));
  const maxSum = doubled.reduce((s, r) => s + r, 0);
  // ways[j][s]: number of j-subsets of the ranks seen so far with doubled sum s (as float: C(60,30) > 2^53).
  const ways = Array.from({ length: k + 1 }, () => new Float64Array(maxSum + 1));
  ways[0]![0] = 1;
  let seen = 0;
  for (const r of doubled) {
    seen++;
    for (let j = Math.min(seen, k); j >= 1; j--) {
      const from = ways[j - 1]!;
      const to = ways[j]!;
      for (let s = maxSum - r; s >= 0; s--) if (from[s]) to[s + r]! += from[s]!;
    }
  }
  const dist = ways[k]!;
  const target = Math.round(observedSum * 2);
  let total = 0;
  let atMost = 0;
  let atLeast = 0;
  for (let s = 0; s <= maxSum; s++) {
    const w = dist[s]!;
    if (!w) continue;
    total += w;
    if (s <= target) atMost += w;
    if (s >= target) atLeast += w;
  }
  return Math.min(1, (2 * Math.min(atMost, atLeast)) / total);
}

/**
 * Smallest two-sided p the exact test can give for these sample sizes: with 3 runs against 3 it is 0.1,
 * so no change can ever be significant at 0.01. The compare report says so instead of staying silent.
 */
export function smallestPossibleP(n1: number, n2: number): number {
  // 2 / C(n1 + n2, n1), computed as a running product to stay in range.
  let c = 1;
  for (let i = 1; i <= n1; i++) c = (c * (n2 + i)) / i;
  return Math.min(1, 2 / c);
}

/** A bootstrap estimate: the point value, its percentile interval and a two-sided bootstrap p against 1. */
export interface RatioInterval {
  /** The statistic on the original samples. */
  ratio: number;
  low: number;
  high: number;
  /** Two-sided bootstrap p value of "the ratio is 1" (share of resamples on the other side of 1, doubled). */
  p: number;
}

/** Options of {@link bootstrapRatio}. */
export interface BootstrapOptions {
  /** Interval level, e.g. 0.99. */
  level: number;
  /** Number of resamples (default 2000). */
  resamples?: number;
  seed: number;
}

/**
 * Percentile bootstrap of `statistic(medians of each group)`: every group is resampled with replacement
 * independently, the statistic recomputed from the resampled medians; p from `bootstrapP` against 1.
 *
 * @deprecated Call `hierarchicalBootstrap` (bootstrap.ts) with one side per group, so processes are
 * resampled too; this wrapper treats each group as a single process.
 *
 * @param groups samples, one array per group (e.g. `[base, head]`)
 * @param statistic maps the groups' medians to the ratio of interest, e.g. `([b, h]) => h / b`
 *
 * @example
 * ```ts
 * const r = bootstrapRatio([[10, 11, 10.5], [20, 21, 20.5]], ([b, h]) => h! / b!, { level: 0.95, seed: 1 });
 * r.ratio; // 20.5 / 10.5
 * ```
 */
export function bootstrapRatio(
  groups: readonly (readonly number[])[],
  statistic: (medians: number[]) => number,
  options: BootstrapOptions,
): RatioInterval {
  if (groups.some((g) => g.length === 0)) throw new RangeError("bootstrapRatio needs at least one sample in every group");
  const boot = hierarchicalBootstrap(
    groups.map((g) => [g]),
    (sides) => statistic(sides.map((side) => median(side[0]!))),
    { level: options.level, resamples: options.resamples ?? 2000, seed: options.seed },
  );
  return { ratio: boot.value, low: boot.low, high: boot.high, p: bootstrapP(boot.draws, 1) };
}
