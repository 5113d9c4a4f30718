/**
 * Statistics of one cell's samples within one process, and the Karp–Flatt serial fraction. Pure
 * functions, no I/O and no clock.
 *
 * Methods, all textbook:
 * - 95% interval of the median: the distribution-free order-statistic interval
 *   [x(k), x(n−k+1)] with k from the Binomial(n, ½) distribution (e.g. Conover, *Practical
 *   Nonparametric Statistics*, §3.2). It needs no assumption about the shape of the timings, which
 *   are skewed. With n ≤ 5 no such interval reaches 95%; then it is [min, max] and `ciCoverage`
 *   says how much it does cover.
 * - Outliers: {@link OUTLIER_RULE}, the modified z-score 0.6745 |x − median| / MAD > 3.5 of
 *   Iglewicz & Hoaglin (1993), i.e. more than about 5.2 MADs from the median. This is not
 *   hyperfine's rule: hyperfine (src/outlier_detection.rs) scores |x − median| / MAD without the
 *   0.6745 and flags above OUTLIER_THRESHOLD = 1.4826 × 10 = 14.826, i.e. 10 robust standard
 *   deviations — a threshold about 2.9 times ours. Ours flags more, which suits a warning that
 *   only says "add --warmup".
 * - Speedup interval: {@link speedupOf} is kept for report@1-style cells (separate processes, no
 *   pairing) as a thin wrapper over the project's one bootstrap (bootstrap.ts); paired runs use
 *   `pairedSpeedup` (paired.ts).
 * - Karp–Flatt serial fraction e = (1/s − 1/p) / (1 − 1/p) (Karp & Flatt, 1990).
 *
 * @module
 */
import binomialCdf from "@stdlib/stats-base-dists-binomial-cdf";
import {
  max as maxOf,
  mean as meanOf,
  median as medianOf,
  medianAbsoluteDeviation,
  min as minOf,
  sampleStandardDeviation,
} from "simple-statistics";
import { hierarchicalBootstrap } from "./bootstrap.ts";

/** Confidence level of every interval in a report. */
export const CONFIDENCE_LEVEL = 0.95;
/** A cell whose coefficient of variation is above this is called noisy. */
export const NOISY_CV = 0.05;
/** A cell whose median is below this (ms) is called too short to time well. */
export const SHORT_CELL_MS = 50;
/** Modified z-score above which a sample is an outlier (Iglewicz & Hoaglin). */
export const OUTLIER_Z = 3.5;
/** The outlier rule by name, for warnings and reports to print. */
export const OUTLIER_RULE = "modified z-score > 3.5 (Iglewicz & Hoaglin 1993)";
/**
 * The first run is reported as much slower only when it is an outlier *and* at least this much
 * slower than the median of the others: with a tiny MAD a 2% slower first run is an outlier too,
 * but not one worth a warning.
 */
export const SLOW_FIRST_RUN_RATIO = 1.1;
/** Bootstrap resamples for the speedup interval of {@link speedupOf}. */
export const BOOTSTRAP_RESAMPLES = 3999;
const BOOTSTRAP_SEED = 20260101;

/** Everything the report says about one cell's samples. */
export interface SampleSummary {
  median: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for one sample. */
  stddev: number;
  min: number;
  max: number;
  /** The 95% interval of the median (see `ciCoverage` when there are 5 samples or fewer). */
  ciLow: number;
  ciHigh: number;
  /** The exact coverage of [ciLow, ciHigh]: ≥ 0.95 from 6 samples on, less below. */
  ciCoverage: number;
  /** Coefficient of variation, stddev / mean. */
  cv: number;
  /** Indexes of the samples flagged as outliers by {@link OUTLIER_RULE}, ascending. */
  outliers: number[];
}

function checkSamples(samplesMs: readonly number[], what: string): void {
  if (samplesMs.length === 0) throw new RangeError(`${what}: no samples`);
  for (const x of samplesMs) {
    if (!Number.isFinite(x) || x < 0) throw new RangeError(`${what}: sample ${x} is not a finite non-negative time`);
  }
}

/**
 * The order-statistic interval of the median of sorted samples, at {@link CONFIDENCE_LEVEL} or as
 * close as the sample size allows.
 *
 * @example
 * medianInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]); // { low: 2, high: 9, coverage: 0.978515625 }
 */
export function medianInterval(sorted: readonly number[]): { low: number; high: number; coverage: number } {
  const n = sorted.length;
  const tail = (1 - CONFIDENCE_LEVEL) / 2;
  // Largest k with P(B <= k - 1) <= tail, B ~ Binomial(n, 1/2); at least 1 (the whole range).
  let k = 1;
  while (k + 1 <= Math.ceil(n / 2) && binomialCdf(k, n, 0.5) <= tail) k++;
  const coverage = 1 - 2 * binomialCdf(k - 1, n, 0.5);
  return { low: sorted[k - 1]!, high: sorted[n - k]!, coverage };
}

/**
 * Indexes of the outliers by {@link OUTLIER_RULE}. When the MAD is 0 (more than half the samples
 * are equal) the mean absolute deviation from the median, times 1.253314 (≈ √(π/2), so that it
 * estimates σ for normal data), stands in for MAD / 0.6745 — the fallback of IBM's documented
 * modified z-score. (hyperfine instead replaces a zero MAD by machine epsilon.)
 *
 * @example
 * madOutliers([10, 10.1, 9.9, 10, 30]); // [4]
 */
export function madOutliers(samples: readonly number[]): number[] {
  if (samples.length < 3) return [];
  const med = medianOf(samples as number[]);
  const mad = medianAbsoluteDeviation(samples as number[]);
  let scale: number;
  if (mad > 0) scale = mad / 0.6745;
  else {
    const meanAbs = meanOf(samples.map((x) => Math.abs(x - med)));
    if (meanAbs === 0) return [];
    scale = 1.253314 * meanAbs;
  }
  const out: number[] = [];
  samples.forEach((x, i) => {
    if (Math.abs(x - med) / scale > OUTLIER_Z) out.push(i);
  });
  return out;
}

/**
 * Summarise one cell's samples (ms).
 *
 * @example
 * summarize([10, 11, 12]).median; // 11
 */
export function summarize(samplesMs: readonly number[]): SampleSummary {
  checkSamples(samplesMs, "summarize");
  const samples = samplesMs as number[];
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = meanOf(samples);
  const stddev = samples.length > 1 ? sampleStandardDeviation(samples) : 0;
  const ci = medianInterval(sorted);
  return {
    median: medianOf(samples),
    mean,
    stddev,
    min: minOf(samples),
    max: maxOf(samples),
    ciLow: ci.low,
    ciHigh: ci.high,
    ciCoverage: ci.coverage,
    cv: mean > 0 ? stddev / mean : 0,
    outliers: madOutliers(samples),
  };
}

/**
 * Speedup of a parallel cell over its serial baseline measured in separate processes: serial
 * median / parallel median, with a 95% percentile-bootstrap interval (each side one group,
 * resampled independently; deterministic: seeded).
 *
 * @deprecated Runs paired in one block process give a far steadier figure: use `pairedSpeedup`
 * (paired.ts). This wrapper over `hierarchicalBootstrap` stays for cells without pairs.
 *
 * @example
 * speedupOf([100, 101, 99], [50, 51, 49]).speedup; // 2
 */
export function speedupOf(serialSamplesMs: readonly number[], parallelSamplesMs: readonly number[]): { speedup: number; low: number; high: number } {
  checkSamples(serialSamplesMs, "speedupOf (serial)");
  checkSamples(parallelSamplesMs, "speedupOf (parallel)");
  const boot = hierarchicalBootstrap(
    [[serialSamplesMs], [parallelSamplesMs]],
    ([s, p]) => medianOf(s![0]!) / medianOf(p![0]!),
    { level: CONFIDENCE_LEVEL, resamples: BOOTSTRAP_RESAMPLES, seed: BOOTSTRAP_SEED },
  );
  return { speedup: boot.value, low: boot.low, high: boot.high };
}

/**
 * Karp–Flatt experimentally determined serial fraction for speedup `speedup` on `workers` workers;
 * `null` when it is undefined (one worker, or no positive finite speedup).
 *
 * @example
 * karpFlatt(1.9, 2); // ≈ 0.0526
 */
export function karpFlatt(speedup: number, workers: number): number | null {
  if (!(workers > 1) || !Number.isFinite(workers) || !(speedup > 0) || !Number.isFinite(speedup)) return null;
  return (1 / speedup - 1 / workers) / (1 - 1 / workers);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * Warnings about one cell's runs in one process, one line each: noisy (CV > 5%), shorter than
 * 50 ms, first run much slower than the rest (an outlier by {@link OUTLIER_RULE}, named in the
 * line), too few runs for a 95% interval.
 *
 * @example
 * cellWarnings([10, 10, 10], summarize([10, 10, 10])); // ["short: median 10.0 ms < 50 ms, …", "few runs: …"]
 */
export function cellWarnings(samplesMs: readonly number[], summary: SampleSummary): string[] {
  const warnings: string[] = [];
  if (summary.cv > NOISY_CV) {
    warnings.push(`noisy: CV ${pct(summary.cv)} > ${NOISY_CV * 100}%; close other programs or add --runs`);
  }
  if (summary.median < SHORT_CELL_MS) {
    warnings.push(`short: median ${summary.median.toFixed(1)} ms < ${SHORT_CELL_MS} ms, timer noise weighs more; use a larger --size`);
  }
  if (samplesMs.length >= 3 && summary.outliers.includes(0)) {
    const restMedian = medianOf(samplesMs.slice(1) as number[]);
    const first = samplesMs[0]!;
    if (first >= SLOW_FIRST_RUN_RATIO * restMedian) {
      warnings.push(`first run ${(first / restMedian).toFixed(2)}x slower than the rest (${first.toFixed(1)} vs ${restMedian.toFixed(1)} ms), an outlier by ${OUTLIER_RULE}; add --warmup`);
    }
  }
  if (summary.ciCoverage < CONFIDENCE_LEVEL) {
    warnings.push(`few runs: with ${samplesMs.length} runs the median's interval covers ${pct(summary.ciCoverage)}, not 95%; use --runs 6 or more`);
  }
  return warnings;
}
