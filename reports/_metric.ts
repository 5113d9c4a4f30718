/**
 * Private helpers for the renderers (Markdown, terminal, charts) of suites that report their own
 * measure ({@link CellResult.metric}: latency per round trip, items per second) or measure cases
 * side by side ({@link CellResult.case}). Which suite is one is read from the report's cells, never
 * from a suite's name. Plain strings, no escaping: each renderer escapes for its own medium.
 *
 * @module
 */
import { isRateUnit } from "../suites/cases.ts";
import type { CellFailure, CellMetric, CellResult, Report } from "./report.ts";

type AnyCell = CellResult | CellFailure;
const cellsOf = (report: Report, suite: string): AnyCell[] => [...report.results, ...report.failures].filter((c) => c.suite === suite);

/** Whether `suite`'s cells report their own measure or cases: its tables show those, not speedups. */
export function isMetricSuite(report: Report, suite: string): boolean {
  return cellsOf(report, suite).some((c) => c.case !== undefined || ("metric" in c && c.metric !== undefined));
}

/** One row of a measure table: a variant, a case and a worker count. */
export interface MetricRow {
  variant: string;
  case: string | undefined;
  workers: number;
}

/** Unique values in first-seen order, `preferred` first (only those seen). */
function ordered<T>(preferred: readonly T[], seen: readonly T[]): T[] {
  return [...new Set([...preferred.filter((p) => seen.includes(p)), ...seen])];
}

/** The rows of `suite`: variants in the order asked for, cases in the order the cells came, workers ascending. */
export function metricRowsOf(report: Report, suite: string): MetricRow[] {
  const cells = cellsOf(report, suite);
  const rows: MetricRow[] = [];
  for (const variant of ordered(report.config.variants, cells.map((c) => c.variant))) {
    const ofVariant = cells.filter((c) => c.variant === variant);
    for (const kase of ordered<string | undefined>([], ofVariant.map((c) => c.case))) {
      const workers = [...new Set(ofVariant.filter((c) => c.case === kase).map((c) => c.workers))].sort((a, b) => a - b);
      for (const w of workers) rows.push({ variant, case: kase, workers: w });
    }
  }
  return rows;
}

const sameCell = (c: AnyCell, runtime: string, suite: string, row: MetricRow) =>
  c.runtime === runtime && c.suite === suite && c.variant === row.variant && c.workers === row.workers && c.case === row.case;

/** The result of one cell of a measure table, if measured. */
export function metricResultAt(report: Report, runtime: string, suite: string, row: MetricRow): CellResult | undefined {
  return report.results.find((r) => sameCell(r, runtime, suite, row));
}

/** The failures of one cell of a measure table (an unsupported cell has exactly one). */
export function metricFailuresAt(report: Report, runtime: string, suite: string, row: MetricRow): CellFailure[] {
  return report.failures.filter((f) => sameCell(f, runtime, suite, row));
}

/** `node ping-pong threads ×1 8 B` — a cell's name in lists, with its case when it has one. */
export function caseCellName(c: AnyCell, withSuite = true): string {
  return `${c.runtime}${withSuite ? ` ${c.suite}` : ""} ${c.variant} ×${c.workers}${c.case !== undefined ? ` ${c.case}` : ""}`;
}

/** A number with three significant digits or so: `0.423`, `12.3`, `456`, `1234`. */
function threeDigits(x: number): string {
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  if (x >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

/** A rate with an SI prefix: `1.23M`, `456k`, `78.9`. */
function siPrefixed(x: number): string {
  for (const [scale, prefix] of [[1e9, "G"], [1e6, "M"], [1e3, "k"]] as const) if (x >= scale) return `${threeDigits(x / scale)}${prefix}`;
  return threeDigits(x);
}

/** Whether a unit is a rate (`items/s`) rather than a time per operation. */
export const isRate = isRateUnit;

/** A figure in its unit's style, without the unit: `23.4` (µs), `1.23M` (items/s). */
export function formatMetricNumber(x: number, unit: string): string {
  return isRate(unit) ? siPrefixed(x) : threeDigits(x);
}

/** A figure with its unit: `23.4 µs`, `1.23M items/s`. */
export function formatMetricValue(x: number, unit: string): string {
  return `${formatMetricNumber(x, unit)} ${unit}`;
}

/** The header of a measure column: `µs per round trip`, `items/s`. */
export function metricHeading(m: Pick<CellMetric, "name" | "unit">): string {
  return isRate(m.unit) ? m.unit : `${m.unit} per ${m.name}`;
}

/** The measure of `suite`'s cells (the first that has one), for headings; `undefined` when none was measured. */
export function suiteMetric(report: Report, suite: string): CellMetric | undefined {
  return report.results.find((r) => r.suite === suite && r.metric !== undefined)?.metric;
}

/** A cell's unsupported failures grouped by variant and reason: which cases, on which runtimes. */
export function unsupportedGroups(report: Report, suite: string): { variant: string; reason: string; cases: string[]; runtimes: string[] }[] {
  const groups = new Map<string, { variant: string; reason: string; cases: string[]; runtimes: string[] }>();
  for (const f of report.failures) {
    if (f.suite !== suite || f.kind !== "unsupported") continue;
    const key = `${f.variant}\u0000${f.reason}`;
    const g = groups.get(key) ?? { variant: f.variant, reason: f.reason, cases: [], runtimes: [] };
    const name = f.case ?? `×${f.workers}`;
    if (!g.cases.includes(name)) g.cases.push(name);
    if (!g.runtimes.includes(f.runtime)) g.runtimes.push(f.runtime);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** Failures that are not `unsupported` (those are planned gaps, not faults). */
export const realFailures = (report: Report): CellFailure[] => report.failures.filter((f) => f.kind !== "unsupported");
