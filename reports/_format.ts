/**
 * Private helpers shared by the report renderers (Markdown, terminal, charts): number formats, the
 * plan in words, and the order in which suites, runtimes and rows are shown. Plain strings, no
 * escaping: each renderer escapes for its own medium.
 *
 * @module
 */
import type { CellFailure, CellResult, Report } from "./report.ts";

/** A duration in ms with precision that suits its size: `0.42`, `12.3`, `1234`. */
export function formatMs(ms: number): string {
  if (ms >= 1000) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

/** A ratio such as a speedup: `1.96`. */
export const formatRatio = (x: number): string => x.toFixed(2);

/** A Karp–Flatt fraction: `0.021`. */
export const formatFraction = (x: number): string => x.toFixed(3);

/** An interval `low–high` in the format of its point estimate. */
export const formatInterval = (low: number, high: number, format: (x: number) => string): string => `${format(low)}–${format(high)}`;

/** Bytes in GiB: `7.8 GiB`. */
export const formatGiB = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

/** `createdAt` as `2026-11-25 18:42 UTC`; the input unchanged when it is not a date. */
export function formatCreatedAt(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Unique values in first-seen order, `preferred` first. */
function ordered(preferred: readonly string[], seen: Iterable<string>): string[] {
  const out = new Set<string>(preferred);
  for (const s of seen) out.add(s);
  return [...out];
}

type Cell = CellResult | CellFailure;
const cellsOf = (report: Report): Cell[] => [...report.results, ...report.failures];

/** Suites in the order they were asked for, then any others present in the report. */
export function suitesOf(report: Report): string[] {
  const present = new Set(cellsOf(report).map((c) => c.suite));
  return ordered(report.config.suites, present).filter((s) => present.has(s));
}

/** Runtimes in report order, then any others present in the cells. */
export function runtimesOf(report: Report): string[] {
  const present = new Set(cellsOf(report).map((c) => c.runtime));
  return ordered(report.runtimes.map((r) => r.name), present).filter((r) => present.has(r));
}

/** One table row: a variant at a worker count. */
export interface RowKey {
  variant: string;
  workers: number;
}

/** The rows of a suite's table: variants in the order asked for, workers ascending. */
export function rowsOf(report: Report, suite: string): RowKey[] {
  const cells = cellsOf(report).filter((c) => c.suite === suite);
  const variants = ordered(report.config.variants, cells.map((c) => c.variant));
  const rows: RowKey[] = [];
  for (const variant of variants) {
    const workers = [...new Set(cells.filter((c) => c.variant === variant).map((c) => c.workers))].sort((a, b) => a - b);
    for (const w of workers) rows.push({ variant, workers: w });
  }
  return rows;
}

/** The result of one cell, if it was measured. */
export function resultAt(report: Report, runtime: string, suite: string, row: RowKey): CellResult | undefined {
  return report.results.find((r) => r.runtime === runtime && r.suite === suite && r.variant === row.variant && r.workers === row.workers);
}

/** The failure of one cell, if it failed. */
export function failureAt(report: Report, runtime: string, suite: string, row: RowKey): CellFailure | undefined {
  return report.failures.find((f) => f.runtime === runtime && f.suite === suite && f.variant === row.variant && f.workers === row.workers);
}

/** `node threads ×2` — how a cell is named in lists. */
export const cellName = (c: { runtime: string; variant: string; workers: number }, suite?: string): string =>
  `${c.runtime}${suite ? ` ${suite}` : ""} ${c.variant} ×${c.workers}`;

/** Whether a variant is the serial baseline (its speedup is 1 by definition). */
export const isBaseline = (variant: string): boolean => variant === "serial";

/** One row of a long table: a runtime's variant at a worker count. */
export interface CellKey extends RowKey {
  runtime: string;
}

/** The rows of a suite's long table: runtimes in report order, then {@link rowsOf}, only cells the report has. */
export function cellRowsOf(report: Report, suite: string): CellKey[] {
  const out: CellKey[] = [];
  for (const runtime of runtimesOf(report)) {
    for (const row of rowsOf(report, suite)) {
      if (resultAt(report, runtime, suite, row) || failureAt(report, runtime, suite, row)) out.push({ runtime, ...row });
    }
  }
  return out;
}

/** Seconds the block processes took, first start to last end; `null` without a block log. */
export function measuredSeconds(report: Report): number | null {
  if (report.blocks.length === 0) return null;
  return Math.max(...report.blocks.map((b) => b.startedAtMs + b.wallMs)) / 1000;
}

/**
 * The plan in words, e.g. `3 rounds × 10 runs after 2 warm-up · seed 42 · budget 180 s · measured
 * for 171 s`; an upgraded report shows no seed (it had none).
 */
export function planSummary(report: Report): string {
  const p = report.plan;
  const rounds = p.roundsDone < p.rounds ? `${p.roundsDone} of ${p.rounds} rounds` : `${p.rounds} round${p.rounds === 1 ? "" : "s"}`;
  const parts = [`${rounds} × ${p.runs} runs after ${p.warmup} warm-up`];
  if (report.upgradedFrom === undefined) parts.push(`seed ${p.seed}`);
  parts.push(p.budgetS !== null ? `budget ${p.budgetS} s` : "no budget");
  const measured = measuredSeconds(report);
  if (measured !== null) parts.push(`measured for ${measured.toFixed(0)} s`);
  return parts.join(" · ");
}
