/**
 * Paired speedup: a parallel cell's speedup from runs interleaved with its serial baseline's runs.
 *
 * In a block process the runs of a cell and of its baseline alternate seconds apart, so sweep k of
 * process p gives one pair (serialMs[k], cellMs[k]) measured on (nearly) the same machine state.
 * The ratio serialMs[k] / cellMs[k] cancels whatever slowed both runs of that pair; a ratio of the
 * two sides' separate summaries does not.
 *
 * Estimator: the median of all paired ratios of all processes. Its interval: the two-stage
 * {@link hierarchicalBootstrap} over processes, then ratios inside each drawn process.
 *
 * Why not the minimum. Chen & Revels ("Robust benchmarking in noisy environments", 2016) argue that
 * under positive additive noise the minimum time estimates the noise-free time best. We considered
 * it and chose the median of paired ratios, because for a speedup:
 * - the minimum of each side picks two different moments, which undoes the pairing and brings back
 *   exactly the drift the interleaving was built to cancel;
 * - the minimum of the ratios is not the ratio of noise-free times: noise on either run moves a
 *   ratio both ways, so its minimum is just its most extreme low draw;
 * - a parallel run is hit by noise on any of its cores and a serial run on one, so the parallel side
 *   is the noisier; its minimum lies further below its typical time than the serial side's, so a
 *   min(serial) / min(parallel) speedup is biased upward against the speedup runs actually get —
 *   toward the superlinear figures this project set out to remove.
 * The median of paired ratios is robust to the occasional disturbed pair and reports the speedup a
 * user gets on this machine as it was, which the capacity probe beside it puts in context.
 *
 * Pure: no I/O, no clock; deterministic for a seed.
 *
 * @module
 */
import { hierarchicalBootstrap } from "./bootstrap.ts";
import { pooledMedian } from "./_pool.ts";

/** Default interval level of {@link pairedSpeedup}. */
export const PAIRED_SPEEDUP_LEVEL = 0.95;
/** Default seed of {@link pairedSpeedup}: fixed, so a report's intervals replay. */
export const PAIRED_SPEEDUP_SEED = 20260101;

/** The paired runs of one block process: `serialMs[k]` and `cellMs[k]` are sweep k's pair. */
export interface PairedProcessRuns {
  serialMs: readonly number[];
  cellMs: readonly number[];
}

/** A paired speedup with its interval and the ratios it came from. */
export interface PairedSpeedup {
  /** Median of all paired ratios serial / cell. */
  value: number;
  low: number;
  high: number;
  /** `ratios[p][k]` = serialMs[k] / cellMs[k] of process p. */
  ratios: number[][];
}

/** Options of {@link pairedSpeedup}. */
export interface PairedSpeedupOptions {
  /** Interval level (default {@link PAIRED_SPEEDUP_LEVEL}). */
  level?: number;
  /** Bootstrap seed (default {@link PAIRED_SPEEDUP_SEED}). */
  seed?: number;
  /** Bootstrap resamples (default that of {@link hierarchicalBootstrap}). */
  resamples?: number;
}

/**
 * Speedup of a cell over its baseline from paired runs: median of serialMs[k] / cellMs[k] over all
 * sweeps of all processes, with a process-then-pair bootstrap interval.
 *
 * @throws RangeError with no process, a process without pairs, sides of unequal length, or a time
 *   that is not finite and positive
 *
 * @example
 * ```ts
 * pairedSpeedup([{ serialMs: [100, 150, 100], cellMs: [50, 75, 50] }]).value; // 2
 * ```
 */
export function pairedSpeedup(processes: readonly PairedProcessRuns[], options: PairedSpeedupOptions = {}): PairedSpeedup {
  if (processes.length === 0) throw new RangeError("pairedSpeedup: no processes");
  const ratios = processes.map(({ serialMs, cellMs }, p) => {
    if (serialMs.length !== cellMs.length) {
      throw new RangeError(`pairedSpeedup: process ${p} has ${serialMs.length} serial runs but ${cellMs.length} cell runs`);
    }
    if (serialMs.length === 0) throw new RangeError(`pairedSpeedup: process ${p} has no pairs`);
    return serialMs.map((s, k) => {
      const c = cellMs[k]!;
      if (!(s > 0 && Number.isFinite(s) && c > 0 && Number.isFinite(c))) {
        throw new RangeError(`pairedSpeedup: process ${p}, sweep ${k}: times ${s} and ${c} ms are not finite and positive`);
      }
      return s / c;
    });
  });
  const boot = hierarchicalBootstrap([ratios], pooledMedian, {
    level: options.level ?? PAIRED_SPEEDUP_LEVEL,
    seed: options.seed ?? PAIRED_SPEEDUP_SEED,
    resamples: options.resamples,
  });
  return { value: boot.value, low: boot.low, high: boot.high, ratios };
}
