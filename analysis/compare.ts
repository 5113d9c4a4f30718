/**
 * `tribench compare` as data: pair the cells of two reports and decide, per cell, whether HEAD regressed,
 * improved or is unchanged against BASE. A verdict other than "unchanged" needs BOTH a statistically
 * significant difference (two-sided Mann–Whitney U on the raw samples, p < alpha, and the bootstrap
 * interval of the change on one side of zero) AND a change of at least the practical threshold (default
 * 5%) in the ratio of medians, so noise does not fail a build and a significant 0.3% drift does not
 * either. Speedup (and so efficiency) is compared too, with a bootstrap of the ratio of speedups.
 * Presentation lives in compare_markdown.ts; no I/O here.
 *
 * Over 300 lines on purpose: what is comparable (pairing, machine and size checks) and how a pair is
 * judged (time and speedup verdicts) are one contract that CI scripts rely on, read together.
 *
 * @module
 */
import { bootstrapRatio, mannWhitneyU, seedFromString, smallestPossibleP } from "../stats/significance.ts";
import { median } from "simple-statistics";
import { UsageError } from "../core/usage.ts";
import type { CellResult, MachineInfo, Report } from "../reports/report.ts";

/** Schema of the `--json` output of compare. */
export const COMPARE_SCHEMA = "tribench/compare@1";

/** How strict compare is. */
export interface CompareOptions {
  /** Smallest change, in percent, that counts as a regression or an improvement. */
  thresholdPct: number;
  /** Significance level of the tests. */
  alpha: number;
  /** Allow reports measured on different machines (the output says so). */
  crossMachine: boolean;
  /** Bootstrap resamples per interval. */
  resamples: number;
}

/** Defaults used by the CLI. */
export const DEFAULT_COMPARE_OPTIONS: CompareOptions = { thresholdPct: 5, alpha: 0.01, crossMachine: false, resamples: 2000 };

/** Outcome of one measure of one cell. */
export type Verdict = "regressed" | "improved" | "unchanged";

/** What identifies a cell across reports. */
export interface CellKey {
  runtime: string;
  suite: string;
  variant: string;
  workers: number;
  size: string;
}

/** Change of the cell's time (HEAD against BASE). Positive change = slower. */
export interface TimeChange {
  baseMedianMs: number;
  headMedianMs: number;
  baseRuns: number;
  headRuns: number;
  /** (head median / base median - 1) x 100. */
  changePct: number;
  /** Bootstrap interval of `changePct` at level 1 - alpha. */
  lowPct: number;
  highPct: number;
  /** Two-sided Mann–Whitney U p value. */
  p: number;
  test: "exact" | "normal";
  verdict: Verdict;
}

/** Change of the cell's speedup over its runtime's serial cell. Negative change = less speedup. */
export interface SpeedupChange {
  base: number;
  head: number;
  /** (head speedup / base speedup - 1) x 100; with equal workers this is also the change of efficiency. */
  changePct: number;
  lowPct: number;
  highPct: number;
  /** Two-sided bootstrap p value. */
  p: number;
  /** `regressed` when the speedup fell. */
  verdict: Verdict;
  baseEfficiency: number | null;
  headEfficiency: number | null;
}

/** One paired cell. */
export interface CellComparison extends CellKey {
  /** `regressed`/`improved`/`unchanged` from the time; `failed` when HEAD could not measure a cell BASE did. */
  verdict: Verdict | "incomparable" | "failed";
  /** Why the cell is incomparable or failed; `null` otherwise. */
  reason: string | null;
  time: TimeChange | null;
  /** `null` for serial cells and where a side has no serial baseline. */
  speedup: SpeedupChange | null;
  /** Things a reader should know about this pair (answer changed, unverified …), one line each. */
  notes: string[];
}

/** Where a side of the comparison came from. */
export interface SourceInfo {
  createdAt: string;
  /** e.g. `AMD EPYC 7763, 2 cores, linux/x64`. */
  machine: string;
  hostname: string;
  /** e.g. `node 20.20.0, deno 2.9.6`. */
  runtimes: string;
  size: string;
  partial: boolean;
}

/** Counts over all cells. */
export interface CompareSummary {
  compared: number;
  regressed: number;
  improved: number;
  unchanged: number;
  incomparable: number;
  failed: number;
  added: number;
  removed: number;
  /** Cells whose speedup fell significantly and by more than the threshold. */
  speedupRegressed: number;
  /** Largest |time change| over compared cells, in percent; `null` when none. */
  maxAbsChangePct: number | null;
}

/** The whole comparison, as written by `--json`. */
export interface Comparison {
  schema: typeof COMPARE_SCHEMA;
  options: CompareOptions;
  base: SourceInfo;
  head: SourceInfo;
  /** True when the two reports come from different machines (only with `--cross-machine`). */
  crossMachine: boolean;
  cells: CellComparison[];
  /** Cells only HEAD has. */
  added: CellKey[];
  /** Cells only BASE has. */
  removed: CellKey[];
  /** Run-level remarks (runtime versions changed, partial reports, too few runs …). */
  notes: string[];
  summary: CompareSummary;
  /** True when at least one cell regressed or failed: `tribench compare` exits 1. */
  regression: boolean;
}

const keyOf = (c: Omit<CellKey, "size">) => `${c.runtime}/${c.suite}/${c.variant}/${c.workers}`;
const keyFields = (c: CellKey): CellKey => ({ runtime: c.runtime, suite: c.suite, variant: c.variant, workers: c.workers, size: c.size });
const machineLabel = (m: MachineInfo) =>
  `${m.cpuModel}, ${m.logicalCores} cores${m.cpuQuota !== null ? ` (quota ${m.cpuQuota})` : ""}, ${m.os}/${m.arch}`;

/** Same hardware as far as timings go. Hostname is ignored: CI runners of one type get random names. */
export function sameMachine(a: MachineInfo, b: MachineInfo): boolean {
  return machineLabel(a) === machineLabel(b);
}

function sourceInfo(r: Report): SourceInfo {
  return {
    createdAt: r.createdAt,
    machine: machineLabel(r.machine),
    hostname: r.machine.hostname,
    runtimes: r.runtimes.map((x) => `${x.name} ${x.version}`).join(", "),
    size: r.config.size,
    partial: r.partial,
  };
}

/**
 * Verdict of a change (percent) with its (1 - alpha) interval [lowPct, highPct] and p value: anything but
 * "unchanged" needs p < alpha, an interval on one side of zero (so the table never shows a verdict whose
 * interval says "could be nothing") and |change| >= the threshold. `worseIsUp` says which way is worse.
 */
export function verdictOf(changePct: number, lowPct: number, highPct: number, p: number, options: CompareOptions, worseIsUp: boolean): Verdict {
  if (!(p < options.alpha) || Math.abs(changePct) < options.thresholdPct) return "unchanged";
  if (changePct > 0 ? !(lowPct > 0) : !(highPct < 0)) return "unchanged";
  return changePct > 0 === worseIsUp ? "regressed" : "improved";
}

const pct = (ratio: number) => (ratio - 1) * 100;

function compareTime(base: CellResult, head: CellResult, options: CompareOptions): TimeChange {
  const test = mannWhitneyU(base.samplesMs, head.samplesMs);
  const boot = bootstrapRatio([base.samplesMs, head.samplesMs], ([b, h]) => h! / b!, {
    level: 1 - options.alpha,
    resamples: options.resamples,
    seed: seedFromString(`time/${keyOf(head)}`),
  });
  const changePct = pct(boot.ratio);
  return {
    baseMedianMs: medianOf(base.samplesMs),
    headMedianMs: medianOf(head.samplesMs),
    baseRuns: base.samplesMs.length,
    headRuns: head.samplesMs.length,
    changePct,
    lowPct: pct(boot.low),
    highPct: pct(boot.high),
    p: test.p,
    test: test.method,
    verdict: verdictOf(changePct, pct(boot.low), pct(boot.high), test.p, options, true),
  };
}

/** Medians from the raw samples (not the stored `medianMs`), so they match the test and the interval. */
const medianOf = (xs: readonly number[]) => median(xs as number[]);

function compareSpeedup(
  base: CellResult, head: CellResult, baseSerial: CellResult | undefined, headSerial: CellResult | undefined, options: CompareOptions,
): SpeedupChange | null {
  if (base.variant === "serial" || !baseSerial || !headSerial) return null;
  if (!baseSerial.samplesMs.length || !headSerial.samplesMs.length) return null;
  // speedup = serial median / cell median; the ratio of HEAD's to BASE's, resampling all four groups.
  const boot = bootstrapRatio(
    [baseSerial.samplesMs, base.samplesMs, headSerial.samplesMs, head.samplesMs],
    ([bs, bp, hs, hp]) => (hs! / hp!) / (bs! / bp!),
    { level: 1 - options.alpha, resamples: options.resamples, seed: seedFromString(`speedup/${keyOf(head)}`) },
  );
  const changePct = pct(boot.ratio);
  return {
    base: medianOf(baseSerial.samplesMs) / medianOf(base.samplesMs),
    head: medianOf(headSerial.samplesMs) / medianOf(head.samplesMs),
    changePct,
    lowPct: pct(boot.low),
    highPct: pct(boot.high),
    p: boot.p,
    verdict: verdictOf(changePct, pct(boot.low), pct(boot.high), boot.p, options, false),
    baseEfficiency: base.efficiency,
    headEfficiency: head.efficiency,
  };
}

/** Fewest runs per side for which the exact test can reach p < alpha. */
export function minimumRunsFor(alpha: number): number {
  let n = 2;
  while (smallestPossibleP(n, n) >= alpha && n < 1000) n++;
  return n;
}

/**
 * Compare HEAD against BASE.
 *
 * @throws {UsageError} when the reports cannot be compared at all: different schema, different size,
 *   different machines without `crossMachine`
 * @example
 * ```ts
 * const c = compareReports(base, head, DEFAULT_COMPARE_OPTIONS);
 * process.exitCode = c.regression ? 1 : 0;
 * ```
 */
export function compareReports(base: Report, head: Report, options: CompareOptions): Comparison {
  if (base.schema !== head.schema) {
    throw new UsageError(`cannot compare a ${base.schema} report with a ${head.schema} report`);
  }
  if (base.config.size !== head.config.size) {
    throw new UsageError(`cannot compare: BASE ran at size '${base.config.size}' and HEAD at '${head.config.size}'; compare runs of the same size`);
  }
  const differentMachines = !sameMachine(base.machine, head.machine);
  if (differentMachines && !options.crossMachine) {
    throw new UsageError(
      `BASE and HEAD were measured on different machines (${machineLabel(base.machine)} vs ${machineLabel(head.machine)}); pass --cross-machine to compare them anyway`,
    );
  }

  const baseCells = indexCells(base.results);
  const headCells = indexCells(head.results);
  const serialOf = (cells: Map<string, CellResult>, c: CellKey) =>
    [...cells.values()].find((x) => x.variant === "serial" && x.runtime === c.runtime && x.suite === c.suite && x.size === c.size);

  const cells: CellComparison[] = [];
  const added: CellKey[] = [];
  const removed: CellKey[] = [];
  let fewRuns = 0;
  for (const [key, h] of headCells) {
    const b = baseCells.get(key);
    if (!b) {
      added.push(keyFields(h));
      continue;
    }
    const pair: CellComparison = { ...keyFields(h), verdict: "incomparable", reason: null, time: null, speedup: null, notes: [] };
    cells.push(pair);
    if (b.size !== h.size) {
      pair.reason = `size '${b.size}' in BASE, '${h.size}' in HEAD`;
      continue;
    }
    if (!b.samplesMs.length || !h.samplesMs.length) {
      pair.reason = `no samples in ${b.samplesMs.length ? "HEAD" : "BASE"}`;
      continue;
    }
    pair.time = compareTime(b, h, options);
    pair.verdict = pair.time.verdict;
    pair.speedup = compareSpeedup(b, h, serialOf(baseCells, b), serialOf(headCells, h), options);
    if (smallestPossibleP(b.samplesMs.length, h.samplesMs.length) >= options.alpha) fewRuns++;
    if (b.answer !== h.answer) pair.notes.push(`answer changed: '${b.answer}' -> '${h.answer}'`);
    if (!h.verified) pair.notes.push("HEAD answer not verified");
    // Same cell, other worker API (`--api`): the change is the mechanism's, not the code's.
    if (b.mechanism !== h.mechanism) pair.notes.push(`mechanism changed: ${b.mechanism} -> ${h.mechanism}`);
  }
  for (const [key, b] of baseCells) {
    if (headCells.has(key)) continue;
    const failure = head.failures.find((f) => keyOf(f) === key);
    if (failure) {
      cells.push({ ...keyFields(b), verdict: "failed", reason: failure.reason, time: null, speedup: null, notes: [] });
    } else {
      removed.push(keyFields(b));
    }
  }

  const notes = runNotes(base, head, differentMachines, fewRuns, options);
  const count = (v: CellComparison["verdict"]) => cells.filter((c) => c.verdict === v).length;
  const changes = cells.flatMap((c) => (c.time ? [Math.abs(c.time.changePct)] : []));
  const summary: CompareSummary = {
    compared: cells.filter((c) => c.time).length,
    regressed: count("regressed"),
    improved: count("improved"),
    unchanged: count("unchanged"),
    incomparable: count("incomparable"),
    failed: count("failed"),
    added: added.length,
    removed: removed.length,
    speedupRegressed: cells.filter((c) => c.speedup?.verdict === "regressed").length,
    maxAbsChangePct: changes.length ? Math.max(...changes) : null,
  };
  return {
    schema: COMPARE_SCHEMA,
    options,
    base: sourceInfo(base),
    head: sourceInfo(head),
    crossMachine: differentMachines,
    cells,
    added,
    removed,
    notes,
    summary,
    regression: summary.regressed + summary.failed > 0,
  };
}

/** Cells by key; a report should not hold a key twice, and if it does the first one counts. */
function indexCells(results: readonly CellResult[]): Map<string, CellResult> {
  const map = new Map<string, CellResult>();
  for (const c of results) if (!map.has(keyOf(c))) map.set(keyOf(c), c);
  return map;
}

function runNotes(base: Report, head: Report, differentMachines: boolean, fewRuns: number, options: CompareOptions): string[] {
  const notes: string[] = [];
  if (differentMachines) {
    notes.push(`cross-machine comparison: BASE on ${machineLabel(base.machine)}, HEAD on ${machineLabel(head.machine)}; changes include the hardware, not only the code`);
  }
  for (const h of head.runtimes) {
    const b = base.runtimes.find((x) => x.name === h.name);
    if (b && b.version !== h.version) notes.push(`${h.name} version changed: ${b.version} -> ${h.version}`);
  }
  if (base.partial) notes.push("BASE is a partial report (the run was interrupted)");
  if (head.partial) notes.push("HEAD is a partial report (the run was interrupted)");
  if (fewRuns) {
    notes.push(`${fewRuns} cell(s) have too few runs to ever reach p < ${options.alpha}; use --runs ${minimumRunsFor(options.alpha)} or more`);
  }
  return notes;
}
