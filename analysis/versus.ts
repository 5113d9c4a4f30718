/**
 * The versus section of a run that holds two or more versions of one runtime
 * (`--runtimes bun@1.3.14,bun@1.4.5`): each newer version against the oldest of its runtime, cell by
 * cell. The versions ran in the same randomized rounds on the same machine, so this is `tribench
 * compare` inside one run, and it *is* compare: each version's cells become a one-report side and
 * {@link compareReports} judges them (per-process medians, Welch's t on logs, Holm or
 * Benjamini–Hochberg across the cells of the pair, the threshold, the capacity witness). One more
 * measure compare does not have: the pool's start-up (`spawnMs`, one per process), tested the same
 * way as its own informational family, because "did Node 26 start workers faster?" is a question a
 * version comparison is asked. Presentation is in versus_markdown.ts; no I/O here.
 *
 * @module
 */
import type { CellFailure, CellResult, Report } from "../reports/report.ts";
import { splitRuntimeLabel } from "../runtimes/versions/label.ts";
import { compareVersions } from "../runtimes/versions/version.ts";
import { adjustP } from "../stats/multiple.ts";
import { logContrastTest } from "../stats/two_sample.ts";
import { compareReports, correctionFor, DEFAULT_COMPARE_OPTIONS, verdictOf, type CellComparison, type CompareOptions, type Comparison, type Verdict } from "./compare.ts";
import { geoMean, positive } from "./compare_sides.ts";

/** One version of a runtime in the run. */
export interface VersusSide {
  /** The column's label, e.g. `bun@1.3.14`. */
  label: string;
  version: string;
}

/** The pool start-up of one cell, newer against oldest: per-process `spawnMs`, Welch's t on logs. */
export interface StartUpChange {
  suite: string;
  variant: string;
  workers: number;
  /** Geometric means of the processes' start-up, ms. */
  baseMs: number;
  headMs: number;
  baseProcesses: number;
  headProcesses: number;
  /** (HEAD / BASE - 1) x 100; its interval at level 1 - alpha (per cell, not adjusted). */
  changePct: number;
  lowPct: number;
  highPct: number;
  p: number;
  /** Adjusted across the start-up tests of the pair (Holm below 10 tests, else Benjamini–Hochberg, as compare). */
  pAdjusted: number;
  verdict: Verdict;
}

/** One newer version against the oldest. */
export interface VersusPair {
  /** The runtime, e.g. `bun`. */
  name: string;
  base: VersusSide;
  head: VersusSide;
  /** compare's judgement, BASE = the oldest version; cells of suites with cases are named `suite case`. */
  comparison: Comparison;
  /** Cells with a pool measured in 2+ processes on each side. */
  startUp: StartUpChange[];
}

/** Every pair of a run, runtimes in report order, newer versions in ascending order. */
export interface Versus {
  options: CompareOptions;
  pairs: VersusPair[];
}

/**
 * The versus pairs of `report`: for each runtime with two or more versions, every newer one against
 * the oldest (ties, e.g. a `+local` build of a release, keep report order). Empty without such a runtime.
 *
 * @example
 * ```ts
 * const versus = versusOfReport(report);
 * versus.pairs.map((p) => `${p.head.label} vs ${p.base.label}`); // ["bun@1.4.5 vs bun@1.3.14"]
 * ```
 */
export function versusOfReport(report: Report, options: CompareOptions = DEFAULT_COMPARE_OPTIONS): Versus {
  // Only versions that measured something: an old version whose every cell was unsupported is no baseline.
  const columns: string[] = [];
  for (const c of report.results) if (!columns.includes(c.runtime)) columns.push(c.runtime);
  const pairs: VersusPair[] = [];
  for (const name of [...new Set(columns.map((c) => splitRuntimeLabel(c).name))]) {
    const versions = columns
      .map((label) => ({ label, version: splitRuntimeLabel(label).version }))
      .filter((v): v is VersusSide => v.version !== undefined && splitRuntimeLabel(v.label).name === name)
      .sort((a, b) => compareVersions(a.version, b.version));
    if (versions.length < 2) continue;
    const [oldest, ...newer] = versions as [VersusSide, ...VersusSide[]];
    const base = sideReport(report, oldest.label);
    for (const head of newer) {
      const headReport = sideReport(report, head.label);
      const comparison = compareReports(base, headReport, { ...options, crossMachine: true });
      pairs.push({ name, base: oldest, head, comparison, startUp: startUpChanges(base, headReport, comparison.cells, options) });
    }
  }
  return { options, pairs };
}

/**
 * The report as if only `label` had run: its cells, records and blocks. A cell with a case gets its
 * case folded into its suite name (`ping-pong 8 B`), so compare, which keys cells without cases,
 * pairs each case with itself.
 */
function sideReport(report: Report, label: string): Report {
  const fold = <T extends CellResult | CellFailure>(c: T): T => {
    if (c.case === undefined) return c;
    const { case: kase, ...rest } = c;
    return { ...rest, suite: `${c.suite} ${kase}` } as T;
  };
  return {
    ...report,
    runtimes: report.runtimes.filter((r) => (r.label ?? r.name) === label),
    config: { ...report.config, runtimes: [label] },
    blocks: report.blocks.filter((b) => b.runtime === label),
    results: report.results.filter((r) => r.runtime === label).map(fold),
    failures: report.failures.filter((f) => f.runtime === label).map(fold),
  };
}

/** Start-up changes of the compared cells that have a pool, tested as one family. */
function startUpChanges(base: Report, head: Report, cells: readonly CellComparison[], options: CompareOptions): StartUpChange[] {
  const level = 1 - options.alpha;
  const find = (r: Report, c: CellComparison) => r.results.find((x) => x.suite === c.suite && x.variant === c.variant && x.workers === c.workers);
  const spawns = (cell: CellResult | undefined) => positive((cell?.processes ?? []).flatMap((p) => (p.spawnMs === null ? [] : [p.spawnMs])));
  const tested = cells.flatMap((c) => {
    const [b, h] = [spawns(find(base, c)), spawns(find(head, c))];
    if (!c.time || b.length < 2 || h.length < 2) return [];
    const test = logContrastTest([{ values: h, sign: 1 }, { values: b, sign: -1 }], level);
    return [{ c, b, h, test }];
  });
  const adjusted = adjustP(tested.map((t) => t.test.p), correctionFor(tested.length));
  const pct = (ratio: number) => (ratio - 1) * 100;
  return tested.map(({ c, b, h, test }, i) => ({
    suite: c.suite, variant: c.variant, workers: c.workers,
    baseMs: geoMean(b), headMs: geoMean(h), baseProcesses: b.length, headProcesses: h.length,
    changePct: pct(test.ratio), lowPct: pct(test.low), highPct: pct(test.high), p: test.p, pAdjusted: adjusted[i]!,
    verdict: verdictOf(pct(test.ratio), adjusted[i]!, options, true),
  }));
}

/** `serial`, `threads ×2`: a cell's variant as the summary names it. */
const how = (c: { variant: string; workers: number }) => (c.variant === "serial" || c.variant === "async" ? c.variant : `${c.variant} ×${c.workers}`);

/** `12% faster` / `8% slower`, from a change in time (positive = slower). */
const faster = (changePct: number) => `${Math.abs(changePct).toFixed(0)}% ${changePct < 0 ? "faster" : "slower"}`;

/**
 * One plain-text line per pair: what changed, suite by suite, e.g. `bun 1.4.5 vs 1.3.14: collatz:
 * threads ×2 12% faster, processes ×2 start-up 18% faster; gcd unchanged`. Only verdicts (a
 * significant change of at least the threshold) are named; the rest of a suite is unchanged.
 */
export function versusSummary(pair: VersusPair): string {
  const { cells, added, removed } = pair.comparison;
  const suites = [...new Set([...cells, ...added, ...removed].map((c) => c.suite))];
  const parts = suites.map((suite) => {
    const ofSuite = cells.filter((c) => c.suite === suite);
    const items: string[] = [];
    for (const c of ofSuite) {
      if (c.verdict === "improved" || c.verdict === "regressed") items.push(`${how(c)} ${faster(c.time!.changePct)}`);
      else if (c.verdict === "failed") items.push(`${how(c)} failed on ${pair.head.version}`);
      else if (c.verdict === "inconclusive") items.push(`${how(c)} inconclusive (the machine changed)`);
      const s = pair.startUp.find((x) => x.suite === c.suite && x.variant === c.variant && x.workers === c.workers);
      if (s && s.verdict !== "unchanged") items.push(`${how(c)} start-up ${faster(s.changePct)}`);
    }
    for (const c of added.filter((k) => k.suite === suite)) items.push(`${how(c)} only on ${pair.head.version}`);
    for (const c of removed.filter((k) => k.suite === suite)) items.push(`${how(c)} only on ${pair.base.version}`);
    const incomparable = ofSuite.filter((c) => c.verdict === "incomparable");
    if (ofSuite.length && incomparable.length === ofSuite.length) items.unshift(`not comparable (${incomparable[0]!.reason})`);
    else if (!items.length) return `${suite} unchanged`;
    return `${suite}: ${items.join(", ")}`;
  });
  return `${pair.name} ${pair.head.version} vs ${pair.base.version}: ${parts.length ? parts.join("; ") : "no cell measured"}`;
}

/** The run notes of a pair worth showing (judged from runs, few processes …), without the ones a versus run always has. */
export function versusNotes(pair: VersusPair): string[] {
  return pair.comparison.notes.filter((n) => !n.startsWith("versions changed:") && !/report\(s\) partial/.test(n));
}
