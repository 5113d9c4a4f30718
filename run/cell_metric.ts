/**
 * A cell's runs in the unit of its suite's own measure ({@link AnySuite.metric}): what the report
 * shows for a communication suite instead of a speedup. Pure conversion of statistics `stats/`
 * already computed.
 *
 * @module
 */
import type { CellMetric } from "../reports/report.ts";
import { cellMetric, type CellMetricSpec } from "../suites/cases.ts";
import type { AnySuite } from "../suites/types.ts";
import type { Cell } from "./plan.ts";

/** The declared measure of a cell, or `null` (no suite found, none declared, or a declaration that gives no count). */
export function metricSpecOf(suite: AnySuite | undefined, cell: Cell): CellMetricSpec | null {
  try {
    return suite ? cellMetric(suite, cell.size, cell.case, cell.workers) : null;
  } catch {
    return null;
  }
}

/** Time units of a measure, in ms. */
const MS_PER_UNIT: Readonly<Record<string, number>> = { ns: 1e-6, "µs": 1e-3, ms: 1 };

/**
 * A cell's median run and interval in its measure's unit: a monotone change of unit, so the median and
 * the interval of the run time carry over (for a rate the bounds swap). No new statistic.
 */
export function metricOfRuns(spec: CellMetricSpec, medianMs: number, lowMs: number, highMs: number): CellMetric {
  // A run is never 0 ms long; the floor only keeps a degenerate input from dividing by zero.
  const perSecond = (ms: number) => spec.perRun / (Math.max(ms, 1e-9) / 1000);
  const perOp = (ms: number) => ms / spec.perRun / (MS_PER_UNIT[spec.unit] ?? 1);
  const rate = spec.better === "higher";
  const convert = rate ? perSecond : perOp;
  const mb = (ms: number) => (spec.bytesPerOp! * perSecond(ms)) / 1e6;
  return {
    name: spec.name,
    unit: spec.unit,
    better: spec.better,
    perRun: spec.perRun,
    value: convert(medianMs),
    low: convert(rate ? highMs : lowMs),
    high: convert(rate ? lowMs : highMs),
    bytesPerOp: spec.bytesPerOp,
    mbPerS: spec.bytesPerOp !== null ? { value: mb(medianMs), low: mb(highMs), high: mb(lowMs) } : null,
  };
}
