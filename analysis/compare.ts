/**
 * `tribench compare` as data: pool the processes of each cell over one or more reports per side, and
 * decide, per cell, whether HEAD regressed, improved, is unchanged or cannot be judged against BASE.
 * Presentation lives in compare_markdown.ts; no I/O here.
 *
 * Cells pair by runtime label (`bun@1.4.5`), or by runtime name when each side has one version of
 * it, so an upgrade compares, and the versions that changed are a run note (runtime_pairing.ts).
 *
 * How a cell is judged (the method and why: `stats/two_sample.ts`, `stats/multiple.ts`):
 * - **The process is the unit.** Each side's per-process medians (every round of every report given for
 *   that side) are compared by Welch's t test on their logs; the speedup likewise from each process's
 *   median paired speedup. A side with a single process (a report@1 file, or `--rounds 1`) leaves the
 *   variance between processes unknown: that cell falls back to its runs as units, and says so.
 * - **False discoveries are controlled across cells.** The tests whose regressions can fail the run
 *   (`--fail-on`, default the time) form one family, corrected by Benjamini–Hochberg (false discovery
 *   rate at `alpha`) from {@link HOLM_BELOW} tests on, by Holm (chance of any false verdict at `alpha`)
 *   below; the other measure is corrected alike as its own, informational, family.
 * - A verdict other than "unchanged" needs the adjusted p < alpha AND a change of at least the
 *   threshold, so noise does not fail a build and a significant 0.3% drift does not either.
 * - **The machine is a witness**: see {@link machineChanged}.
 * - Beside every verdict: the smallest change the cell could have detected, so "unchanged" never
 *   hides "could not tell".
 *
 * The compare@2 types are in compare_schema.ts (re-exported here), pooling the sides in
 * compare_sides.ts. Just over 300 lines: the judging (tests, the two families and their corrections,
 * the capacity witness, the exit code) is one rule that reads best in one place.
 *
 * @module
 */
import type { Report } from "../reports/report.ts";
import { adjustP, type Correction } from "../stats/multiple.ts";
import { logContrastTest, minimumDetectableLogChange, type LogTTest } from "../stats/two_sample.ts";
import { UsageError } from "../core/usage.ts";
import {
  COMPARE_SCHEMA, FAIL_ON_MEASURES, type CapacityRange, type CapacityWitness, type CellComparison, type CellKey, type Change, type CompareMethod,
  type CompareOptions, type CompareSummary, type Comparison, type FailOn, type SideNames, type SpeedupChange, type TestFamily, type TimeChange, type Verdict,
} from "./compare_schema.ts";
import {
  allRuns, checkSide, geoMean, keyFields, keyOf, machineLabel, pairedUnits, poolSide, sameMachine, sourceInfo, unitsOf, type PooledCell, type Side,
} from "./compare_sides.ts";
import { pairRuntimes, versionsChangedNote, type RuntimePairing } from "./runtime_pairing.ts";

export * from "./compare_schema.ts";
export { sameMachine } from "./compare_sides.ts";

/**
 * Families of fewer tests than this are corrected by Holm, larger ones by Benjamini–Hochberg. With a
 * handful of cells (one suite, one runtime) a single false verdict is the whole result, so the
 * family-wise guarantee is the one a reader assumes, and it costs little: Holm's thresholds
 * (alpha / m, alpha / (m - 1), …) and BH's (alpha / m, 2 alpha / m, …) start equal and part only from
 * the second flagged cell on, when several cells really changed. With a matrix (57 cells by default)
 * that case matters (a runtime upgrade moves a third of the cells) and BH keeps its power there.
 */
export const HOLM_BELOW = 10;

/**
 * A parallel cell's sides saw different machines when their median capacities differ by more than
 * this share of the workers (0.2 cores of 2) and each median lies outside the other side's 10th–90th
 * percentile range: a sustained change, not two draws from one noisy machine.
 */
export const CAPACITY_CHANGE_SHARE = 0.1;

/**
 * Did the machine change between the sides of a parallel cell? Both medians must differ by more than
 * {@link CAPACITY_CHANGE_SHARE} x workers, and each must lie outside the other's 10th–90th range.
 */
export function machineChanged(base: CapacityRange, head: CapacityRange, workers: number): boolean {
  const outside = (x: number, r: CapacityRange) => x < r.p10 || x > r.p90;
  return Math.abs(base.median - head.median) > CAPACITY_CHANGE_SHARE * workers && outside(base.median, head) && outside(head.median, base);
}

/** The correction a family of `tests` tests gets (see {@link HOLM_BELOW}). */
export function correctionFor(tests: number): Correction {
  return tests < HOLM_BELOW ? "holm" : "bh";
}

/** A test waiting for its family's correction. */
interface Pending {
  change: Change;
  measure: FailOn;
  test: LogTTest;
}

const pct = (ratio: number) => (ratio - 1) * 100;

function changeOf(test: LogTTest, unit: Change["unit"], baseUnits: number, headUnits: number): Change {
  return {
    unit, baseUnits, headUnits, changePct: pct(test.ratio), lowPct: pct(test.low), highPct: pct(test.high),
    p: test.p, pAdjusted: null, df: test.df, detectablePct: null, verdict: "unchanged",
  };
}

function timeChange(b: PooledCell, h: PooledCell, level: number): { change: TimeChange; test: LogTTest } | null {
  const units = unitsOf([b.processes, h.processes]);
  if (!units) return null;
  const [bv, hv] = units.values as [number[], number[]];
  const test = logContrastTest([{ values: hv, sign: 1 }, { values: bv, sign: -1 }], level);
  const change: TimeChange = {
    ...changeOf(test, units.unit, bv.length, hv.length),
    baseMs: geoMean(bv), headMs: geoMean(hv),
    baseProcesses: b.processes.length, headProcesses: h.processes.length,
    baseRuns: allRuns(b.processes).length, headRuns: allRuns(h.processes).length,
  };
  return { change, test };
}

function speedupChange(
  b: PooledCell, h: PooledCell, bs: PooledCell | undefined, hs: PooledCell | undefined, base: Side, head: Side, level: number,
): { change: SpeedupChange; test: LogTTest } | null {
  if (b.cell.variant === "serial") return null;
  const efficiency = (s: number, side: Side) => s / Math.min(b.cell.workers, side.usableCores);
  const bp = pairedUnits(b.processes);
  const hp = pairedUnits(h.processes);
  if (bp.length >= 2 && hp.length >= 2) {
    const test = logContrastTest([{ values: hp, sign: 1 }, { values: bp, sign: -1 }], level);
    const [bsu, hsu] = [geoMean(bp), geoMean(hp)];
    return {
      test,
      change: { ...changeOf(test, "process", bp.length, hp.length), base: bsu, head: hsu, paired: true, baseEfficiency: efficiency(bsu, base), headEfficiency: efficiency(hsu, head) },
    };
  }
  // Without pairs on both sides (report@1, or a block without its serial cell): serial / cell of each side.
  if (!bs || !hs) return null;
  const units = unitsOf([hs.processes, h.processes, bs.processes, b.processes]);
  if (!units) return null;
  const [hsv, hv, bsv, bv] = units.values as [number[], number[], number[], number[]];
  const test = logContrastTest([{ values: hsv, sign: 1 }, { values: hv, sign: -1 }, { values: bsv, sign: -1 }, { values: bv, sign: 1 }], level);
  const [bsu, hsu] = [geoMean(bsv) / geoMean(bv), geoMean(hsv) / geoMean(hv)];
  return {
    test,
    change: { ...changeOf(test, units.unit, bv.length, hv.length), base: bsu, head: hsu, paired: false, baseEfficiency: efficiency(bsu, base), headEfficiency: efficiency(hsu, head) },
  };
}

/**
 * Compare HEAD against BASE; each side is one report or several whose processes are pooled per cell.
 *
 * @throws {UsageError} when the reports cannot be compared at all: reports of one side from different
 *   machines or configs, different sizes, different machines without `crossMachine`
 * @example
 * ```ts
 * const c = compareReports([base1, base2], [head1, head2], DEFAULT_COMPARE_OPTIONS);
 * process.exitCode = c.exitCode;
 * ```
 */
export function compareReports(
  baseReports: Report | readonly Report[], headReports: Report | readonly Report[], options: CompareOptions, names?: SideNames,
): Comparison {
  const baseList = Array.isArray(baseReports) ? baseReports : [baseReports as Report];
  const headList = Array.isArray(headReports) ? headReports : [headReports as Report];
  checkSide(baseList, names?.base ?? [], "BASE");
  checkSide(headList, names?.head ?? [], "HEAD");
  const [b0, h0] = [baseList[0]!, headList[0]!];
  if (b0.config.size !== h0.config.size) {
    throw new UsageError(`cannot compare: BASE ran at size '${b0.config.size}' and HEAD at '${h0.config.size}'; compare runs of the same size`);
  }
  const differentMachines = !sameMachine(b0.machine, h0.machine);
  if (differentMachines && !options.crossMachine) {
    throw new UsageError(
      `BASE and HEAD were measured on different machines (${machineLabel(b0.machine)} vs ${machineLabel(h0.machine)}); pass --cross-machine to compare them anyway`,
    );
  }
  // Cells pair by runtime label, or by runtime name when each side has one version of it (an upgrade).
  const pairing = pairRuntimes([baseList, headList]);
  const base = poolSide(baseList, pairing.keyOf);
  const head = poolSide(headList, pairing.keyOf);
  const failureKey = (f: Parameters<typeof keyOf>[0]) => keyOf({ ...f, runtime: pairing.keyOf(f.runtime) });
  const serialOf = (side: Side, c: CellKey) => side.cells.get(keyOf({ runtime: c.runtime, suite: c.suite, variant: "serial", workers: 1 }));
  const level = 1 - options.alpha;

  const cells: CellComparison[] = [];
  const added: CellKey[] = [];
  const removed: CellKey[] = [];
  const pending: Pending[] = [];
  let fromRuns = 0;
  let fewProcesses = 0;
  for (const [key, h] of head.cells) {
    const b = base.cells.get(key);
    if (!b) {
      added.push(keyFields(h.cell));
      continue;
    }
    const pair: CellComparison = { ...keyFields(h.cell), verdict: "incomparable", reason: null, time: null, speedup: null, capacity: null, notes: [] };
    cells.push(pair);
    if (b.cell.size !== h.cell.size) {
      pair.reason = `size '${b.cell.size}' in BASE, '${h.cell.size}' in HEAD`;
      continue;
    }
    const time = timeChange(b, h, level);
    if (!time) {
      pair.reason = `fewer than 2 runs in ${allRuns(b.processes).length < 2 ? "BASE" : "HEAD"}`;
      continue;
    }
    pair.time = time.change;
    pair.verdict = "unchanged";
    const speedup = speedupChange(b, h, serialOf(base, b.cell), serialOf(head, h.cell), base, head, level);
    pair.speedup = speedup?.change ?? null;
    // A cell judged from runs says so in its units column and in one run-level note.
    if (time.change.unit === "run") fromRuns++;
    else if (Math.min(time.change.baseUnits, time.change.headUnits) < 3) fewProcesses++;
    pair.capacity = witnessOf(b, h);
    if (pair.capacity?.changed) {
      const show = (r: CapacityRange) => r.median.toFixed(2);
      pair.verdict = "inconclusive";
      pair.reason = `the machine changed: BASE had ${show(pair.capacity.base!)} of ${pair.capacity.workers} cores, HEAD ${show(pair.capacity.head!)}`;
      time.change.verdict = "inconclusive";
      if (speedup) speedup.change.verdict = "inconclusive";
    } else {
      pending.push({ change: time.change, measure: "time", test: time.test });
      if (speedup) pending.push({ change: speedup.change, measure: "speedup", test: speedup.test });
    }
    cellNotes(pair, b, h, headList, failureKey);
  }
  for (const [key, b] of base.cells) {
    if (head.cells.has(key)) continue;
    const failure = headList.flatMap((r) => r.failures).find((f) => failureKey(f) === key && f.size === b.cell.size);
    if (failure) {
      cells.push({ ...keyFields(b.cell), verdict: "failed", reason: failure.reason, time: null, speedup: null, capacity: null, notes: [] });
    } else {
      removed.push(keyFields(b.cell));
    }
  }

  const method = judge(pending, options);
  for (const c of cells) if (c.time && c.verdict === "unchanged") c.verdict = c.time.verdict;
  const notes = runNotes(baseList, headList, differentMachines, pairing, { fromRuns, fewProcesses, inconclusive: cells.filter((c) => c.verdict === "inconclusive").length });
  const summary = summarize(cells, added, removed, options);
  const regression = summary.counted > 0;
  const inconclusive = summary.inconclusive > 0;
  return {
    schema: COMPARE_SCHEMA, options, method, base: baseList.map(sourceInfo), head: headList.map(sourceInfo), crossMachine: differentMachines,
    cells, added, removed, notes, summary, regression, inconclusive, exitCode: regression ? 1 : inconclusive ? 3 : 0,
  };
}

function witnessOf(b: PooledCell, h: PooledCell): CapacityWitness | null {
  // Serial cells use one core and I/O-bound cells wait: neither depends on the parallel capacity.
  if (b.cell.variant === "serial" || b.cell.workers < 2 || h.cell.bound !== "cpu") return null;
  if (!b.capacity && !h.capacity) return null;
  const workers = b.cell.capacity?.workers ?? b.cell.workers;
  const changed = b.capacity !== null && h.capacity !== null && machineChanged(b.capacity, h.capacity, workers);
  return { workers, base: b.capacity, head: h.capacity, changed };
}

/**
 * Correct each family, then give every pending test its adjusted p, detectable change and verdict.
 * No --alpha is refused here: the t test has no floor under its p (see `stats/two_sample.ts`), so
 * every level the CLI accepts is reachable by every tested cell; a cell without 2 units per side is
 * not tested at all but incomparable, with its reason.
 */
function judge(pending: Pending[], options: CompareOptions): CompareMethod {
  const countedMeasures = FAIL_ON_MEASURES.filter((m) => options.failOn.includes(m));
  const otherMeasures = FAIL_ON_MEASURES.filter((m) => !options.failOn.includes(m));
  const familyOf = (measures: FailOn[]): TestFamily => {
    const members = pending.filter((x) => measures.includes(x.measure));
    const family: TestFamily = { measures, tests: members.length, correction: correctionFor(members.length) };
    const adjusted = adjustP(members.map((x) => x.test.p), family.correction);
    const lone = options.alpha / Math.max(1, members.length);
    members.forEach((x, i) => {
      const worseIsUp = x.measure === "time";
      const d = minimumDetectableLogChange(x.test.se, x.test.df, lone, options.power);
      x.change.detectablePct = worseIsUp ? pct(Math.exp(d)) : -pct(Math.exp(-d));
      x.change.pAdjusted = adjusted[i]!;
      x.change.verdict = verdictOf(x.change.changePct, adjusted[i]!, options, worseIsUp);
    });
    return family;
  };
  return { test: "welch-t-on-logs", counted: familyOf(countedMeasures), informational: otherMeasures.length ? familyOf(otherMeasures) : null };
}

/**
 * Verdict of a change (percent) with its adjusted p: anything but "unchanged" needs pAdjusted < alpha
 * and |change| >= the threshold. `worseIsUp` says which way is worse (time: up; speedup: down).
 */
export function verdictOf(changePct: number, pAdjusted: number, options: Pick<CompareOptions, "alpha" | "thresholdPct">, worseIsUp: boolean): Verdict {
  if (!(pAdjusted < options.alpha) || Math.abs(changePct) < options.thresholdPct) return "unchanged";
  return changePct > 0 === worseIsUp ? "regressed" : "improved";
}

function cellNotes(pair: CellComparison, b: PooledCell, h: PooledCell, headList: readonly Report[], failureKey: (f: Parameters<typeof keyOf>[0]) => string): void {
  if (b.cell.answer !== h.cell.answer) pair.notes.push(`answer changed: '${b.cell.answer}' -> '${h.cell.answer}'`);
  if (!h.cell.verified) pair.notes.push("HEAD answer not verified");
  // Same cell, other worker API (`--api`): the change is the mechanism's, not the code's.
  if (b.cell.mechanism !== h.cell.mechanism) pair.notes.push(`mechanism changed: ${b.cell.mechanism} -> ${h.cell.mechanism}`);
  // One side on one CPU, the other spread (`--no-pin`, or no taskset on one machine): not the same measurement.
  const where = (c: PooledCell) => (c.cell.pinned ? `CPU ${c.cell.pinned.cpus}` : "unpinned");
  if (where(b) !== where(h)) pair.notes.push(`placement changed: ${where(b)} -> ${where(h)}`);
  const failed = headList.flatMap((r) => r.failures).filter((f) => failureKey(f) === keyOf(pair) && f.size === pair.size);
  if (failed.length) pair.notes.push(`HEAD failed in ${failed.length} process(es) besides the ${h.processes.length} measured: ${failed[0]!.reason}`);
}

function summarize(cells: CellComparison[], added: CellKey[], removed: CellKey[], options: CompareOptions): CompareSummary {
  const count = (v: CellComparison["verdict"]) => cells.filter((c) => c.verdict === v).length;
  const changes = cells.flatMap((c) => (c.time ? [Math.abs(c.time.changePct)] : []));
  const speedupRegressed = cells.filter((c) => c.speedup?.verdict === "regressed").length;
  const counts = (m: FailOn) => options.failOn.includes(m);
  const counted = cells.filter((c) => c.verdict === "failed" || (counts("time") && c.time?.verdict === "regressed") ||
    (counts("speedup") && c.speedup?.verdict === "regressed")).length;
  return {
    compared: cells.filter((c) => c.time).length, regressed: count("regressed"), improved: count("improved"), unchanged: count("unchanged"),
    inconclusive: count("inconclusive"), incomparable: count("incomparable"), failed: count("failed"), added: added.length, removed: removed.length,
    speedupRegressed, counted, maxAbsChangePct: changes.length ? Math.max(...changes) : null,
  };
}

function runNotes(
  base: readonly Report[], head: readonly Report[], differentMachines: boolean, pairing: RuntimePairing,
  counts: { fromRuns: number; fewProcesses: number; inconclusive: number },
): string[] {
  const notes: string[] = [];
  const [b0, h0] = [base[0]!, head[0]!];
  if (differentMachines) {
    notes.push(`cross-machine comparison: BASE on ${machineLabel(b0.machine)}, HEAD on ${machineLabel(h0.machine)}; changes include the hardware, not only the code`);
  }
  // Only runtimes paired by name can have changed versions: a versus run's columns pair by label.
  const versions = versionsChangedNote(pairing.changed);
  if (versions) notes.push(versions);
  if (b0.config.api !== h0.config.api) notes.push(`worker API changed: ${b0.config.api} -> ${h0.config.api}`);
  for (const [label, side] of [["BASE", base], ["HEAD", head]] as const) {
    const partial = side.filter((r) => r.partial).length;
    if (partial) notes.push(`${label}: ${partial} of ${side.length} report(s) partial (the run was interrupted)`);
    const old = side.filter((r) => r.upgradedFrom).length;
    if (old) notes.push(`${label}: ${old} report(s) in the older format ${side.find((r) => r.upgradedFrom)!.upgradedFrom} (one process per cell): the variance between processes is unknown`);
  }
  if (counts.fromRuns) {
    notes.push(`${counts.fromRuns} cell(s) judged from runs, not processes (one process on a side): a difference between two processes can look like a change; give each side 2 or more rounds or reports`);
  }
  if (counts.fewProcesses) notes.push(`${counts.fewProcesses} cell(s) have only 2 processes on a side: their spread, and so their verdicts, rest on little`);
  if (counts.inconclusive) notes.push(`the machine changed for ${counts.inconclusive} parallel cell(s): they are inconclusive; rerun on a quieter machine`);
  return notes;
}
