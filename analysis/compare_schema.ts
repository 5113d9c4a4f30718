/**
 * The `tribench/compare@2` contract: what `tribench compare --json` writes and what
 * {@link compareReports} returns. CI scripts read it; change a field's meaning only with a new schema
 * version. How the values are reached is `compare.ts`.
 *
 * @module
 */
import type { Correction } from "../stats/multiple.ts";

/**
 * Schema of the `--json` output. What changed from `tribench/compare@1`: `base` and `head` are lists
 * (one entry per report pooled on that side); `options` lost `resamples` (no bootstrap) and gained
 * `failOn` and `power`; a new `method` says the test and the correction; a cell can be `inconclusive`
 * (the machine changed) and carries `capacity`; time and speedup changes carry `unit`, process and run
 * counts, `pAdjusted`, `df` and `detectablePct`, and their `base`/`head` values are geometric means of
 * the units (time: `baseMs`/`headMs`); the time test is Welch's t on logs (`test` is gone); summary
 * counts `inconclusive` and `counted`; the top level has `inconclusive` and `exitCode`.
 */
export const COMPARE_SCHEMA = "tribench/compare@2";

/** Measures whose regressions can fail the run. */
export type FailOn = "time" | "speedup";
/** Every measure, in the order flags list them. */
export const FAIL_ON_MEASURES: readonly FailOn[] = ["time", "speedup"];

/** How strict compare is. */
export interface CompareOptions {
  /** Smallest change, in percent, that counts as a regression or an improvement. */
  thresholdPct: number;
  /** False discovery rate (Benjamini–Hochberg) or family-wise error rate (Holm) of the verdicts. */
  alpha: number;
  /** Allow reports measured on different machines (the output says so). */
  crossMachine: boolean;
  /** Measures whose regressions make the run exit 1. */
  failOn: FailOn[];
  /** Power at which the detectable change of each cell is stated. */
  power: number;
}


/** Defaults used by the CLI. */
export const DEFAULT_COMPARE_OPTIONS: CompareOptions = { thresholdPct: 5, alpha: 0.01, crossMachine: false, failOn: ["time"], power: 0.8 };

/** Outcome of one measure of one cell. */
export type Verdict = "regressed" | "improved" | "unchanged";

/** What identifies a cell across reports. */
export interface CellKey {
  runtime: string;
  suite: string;
  variant: string;
  workers: number;
  size: string;
  /** The suite's case (communication suites: a payload, a counter strategy); absent for the others. */
  case?: string;
}

/** A measure's change, HEAD against BASE, from the units of each side. */
export interface Change {
  /** Whether the units were processes (their medians) or, lacking 2 processes per side, runs. */
  unit: "process" | "run";
  baseUnits: number;
  headUnits: number;
  /** (HEAD / BASE - 1) x 100 of the geometric means of the units. */
  changePct: number;
  /** The t interval of `changePct` at level 1 - alpha (per cell, not adjusted). */
  lowPct: number;
  highPct: number;
  /** Two-sided p of Welch's t test on logs. */
  p: number;
  /** p adjusted by the correction of its family; `null` when the cell was set aside (machine changed). */
  pAdjusted: number | null;
  df: number;
  /**
   * Smallest change in the worse direction (slower, or less speedup), in percent, that this cell's
   * spread would detect with probability `power` at the level a lone change must reach in its family
   * (alpha / tests, the first step of both BH and Holm). The threshold applies on top of it. `null`
   * when the cell was set aside.
   */
  detectablePct: number | null;
  verdict: Verdict | "inconclusive";
}

/** Change of the cell's time. Positive change = slower. */
export interface TimeChange extends Change {
  /** Geometric mean of the units (per-process medians, or runs), ms. */
  baseMs: number;
  headMs: number;
  baseProcesses: number;
  headProcesses: number;
  baseRuns: number;
  headRuns: number;
}

/** Change of the cell's speedup over its runtime's serial cell. Negative change = less speedup. */
export interface SpeedupChange extends Change {
  base: number;
  head: number;
  /** True when each process's own paired speedups were the units; false for serial / cell medians. */
  paired: boolean;
  baseEfficiency: number | null;
  headEfficiency: number | null;
}

/** The machine's parallel capacity beside a cell, on one side. */
export interface CapacityRange {
  median: number;
  p10: number;
  p90: number;
}

/** The capacity each side saw, and whether the machine changed between them. */
export interface CapacityWitness {
  workers: number;
  base: CapacityRange | null;
  head: CapacityRange | null;
  changed: boolean;
}

/** One paired cell. */
export interface CellComparison extends CellKey {
  /**
   * From the time: `regressed`/`improved`/`unchanged`; `inconclusive` when the machine changed;
   * `failed` when HEAD could not measure a cell BASE did; `incomparable` when there is nothing to test.
   */
  verdict: Verdict | "inconclusive" | "incomparable" | "failed";
  /** Why the cell is inconclusive, incomparable or failed; `null` otherwise. */
  reason: string | null;
  time: TimeChange | null;
  /** `null` for serial cells and where a side has no serial baseline. */
  speedup: SpeedupChange | null;
  /** `null` for serial cells and cells without probes on both sides. */
  capacity: CapacityWitness | null;
  /** Things a reader should know about this pair (answer changed, unverified …), one line each. */
  notes: string[];
}

/** Where one report of a side came from. */
export interface SourceInfo {
  createdAt: string;
  /** e.g. `AMD EPYC 7763, 2 cores, linux/x64`. */
  machine: string;
  hostname: string;
  /** e.g. `node 20.20.0, deno 2.9.6`. */
  runtimes: string;
  size: string;
  partial: boolean;
  /** The schema it was written in when it was upgraded on load (report@1), else `null`. */
  upgradedFrom: string | null;
}

/** One family of tests and its correction. */
export interface TestFamily {
  measures: FailOn[];
  tests: number;
  correction: Correction;
}

/** How the verdicts were reached. */
export interface CompareMethod {
  test: "welch-t-on-logs";
  /** The tests that can fail the run. */
  counted: TestFamily;
  /** The other measure's tests, corrected alike; `null` when every measure counts. */
  informational: TestFamily | null;
}

/** Counts over all cells. */
export interface CompareSummary {
  compared: number;
  regressed: number;
  improved: number;
  unchanged: number;
  inconclusive: number;
  incomparable: number;
  failed: number;
  added: number;
  removed: number;
  /** Cells whose speedup fell significantly and by more than the threshold. */
  speedupRegressed: number;
  /** Regressions of the measures in `failOn`, plus failed cells: what makes the run exit 1. */
  counted: number;
  /** Largest |time change| over compared cells, in percent; `null` when none. */
  maxAbsChangePct: number | null;
}

/** The whole comparison, as written by `--json`. */
export interface Comparison {
  schema: typeof COMPARE_SCHEMA;
  options: CompareOptions;
  method: CompareMethod;
  base: SourceInfo[];
  head: SourceInfo[];
  /** True when the two sides come from different machines (only with `crossMachine`). */
  crossMachine: boolean;
  cells: CellComparison[];
  /** Cells only HEAD has. */
  added: CellKey[];
  /** Cells only BASE has. */
  removed: CellKey[];
  /** Run-level remarks (runtime versions changed, report@1 inputs, few processes …). */
  notes: string[];
  summary: CompareSummary;
  /** At least one counted regression or failed cell. */
  regression: boolean;
  /** At least one cell set aside because the machine changed. */
  inconclusive: boolean;
  /** 1 on a regression, else 3 when inconclusive, else 0. */
  exitCode: 0 | 1 | 3;
}

/** The file names of each side's reports, for messages. */
export interface SideNames {
  base: string[];
  head: string[];
}
