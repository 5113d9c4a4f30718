/**
 * The statistics room: pure functions, no I/O, no clock, deterministic for a seed. One concern per
 * file; this module re-exports the public API.
 *
 * - bootstrap.ts: the project's one bootstrap (two-stage, percentile) and its p value
 * - paired.ts: speedup from paired serial / cell runs
 * - levels.ts: process-level median, variance components, bimodal processes
 * - warnings.ts: one-line warnings on process-level figures
 * - summary.ts: one process's samples (median interval, outliers), Karp–Flatt, cell warnings
 * - significance.ts: Mann–Whitney U
 * - two_sample.ts, multiple.ts: compare's process-level test and multiple-comparison corrections
 * - random.ts: seeded generator, seeds from strings, shuffle
 *
 * @module
 */
export {
  bootstrapP,
  DEFAULT_RESAMPLES,
  hierarchicalBootstrap,
  percentileInterval,
  type BootstrapEstimate,
  type HierarchicalBootstrapOptions,
} from "./bootstrap.ts";
export {
  PAIRED_SPEEDUP_LEVEL,
  PAIRED_SPEEDUP_SEED,
  pairedSpeedup,
  type PairedProcessRuns,
  type PairedSpeedup,
  type PairedSpeedupOptions,
} from "./paired.ts";
export {
  BIMODAL_GAP_FACTOR,
  BIMODAL_MIN_GAP_SHARE,
  bimodalProcesses,
  PROCESS_LEVEL,
  PROCESS_LEVEL_SEED,
  processLevelSummary,
  varianceComponents,
  withinProcessSpread,
  type BimodalProcesses,
  type ProcessLevelSummary,
  type ProcessMode,
  type VarianceComponents,
} from "./levels.ts";
export {
  bimodalWarning,
  capacityWarning,
  fewProcessesWarning,
  LOW_CAPACITY_SHARE,
  MIN_PROCESSES,
  superlinearWarning,
} from "./warnings.ts";
export {
  cellWarnings,
  CONFIDENCE_LEVEL,
  karpFlatt,
  madOutliers,
  medianInterval,
  NOISY_CV,
  OUTLIER_RULE,
  OUTLIER_Z,
  SHORT_CELL_MS,
  SLOW_FIRST_RUN_RATIO,
  speedupOf,
  summarize,
  type SampleSummary,
} from "./summary.ts";
export {
  bootstrapRatio,
  EXACT_MAX_TOTAL,
  mannWhitneyU,
  midranks,
  smallestPossibleP,
  type BootstrapOptions,
  type MannWhitneyResult,
  type RatioInterval,
} from "./significance.ts";
export { seededRandom, seedFromString, shuffle, type RandomSource } from "./random.ts";
// Owned by compare's helper; re-exported whole so this list need not follow their changes.
export * from "./two_sample.ts";
export * from "./multiple.ts";
