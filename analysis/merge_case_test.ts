// merge of reports whose cells measure cases (communication suites): the case is part of a row's
// identity, and a cell's own measure travels with its value.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { CellMetric, Report } from "../reports/report.ts";
import { syntheticRoundsReport } from "../testing/synthetic_rounds.ts";
import { isMeasured, mergeReports } from "./merge.ts";

/** A report with two ping-pong cells that differ only by case, each with a measure of `us` µs per round trip. */
function report(seed: number, us: number): Report {
  const r = syntheticRoundsReport([{ suite: "ping-pong", variant: "threads", workers: 1, medianMs: 20 }, { suite: "ping-pong", variant: "threads", workers: 1, medianMs: 40 }], { seed });
  const metric = (value: number): CellMetric => ({ name: "round trip", unit: "µs", better: "lower", perRun: 1000, value, low: value * 0.9, high: value * 1.1, bytesPerOp: 16, mbPerS: null });
  r.results[0] = { ...r.results[0]!, case: "8 B", metric: metric(us) };
  r.results[1] = { ...r.results[1]!, case: "1 KiB", metric: metric(2 * us) };
  r.failures.push({ runtime: "node", suite: "ping-pong", variant: "processes", workers: 1, size: r.config.size, kind: "unsupported", reason: "no transfer between processes", case: "8 B transfer" });
  return r;
}

test("rows are keyed by case: two cases of one variant stay two rows, each with its measure", () => {
  const a = report(1, 20);
  const b = report(2, 25);
  const merged = mergeReports([{ file: "a.json", report: a }, { file: "b.json", report: b }]);
  const cells = merged.rows.filter((row) => row.variant === "threads");
  assert.deepEqual(cells.map((row) => row.case), ["8 B", "1 KiB"]);
  const [first, second] = cells[0]!.values;
  assert.ok(isMeasured(first) && isMeasured(second));
  // Copied from each source's cell, unchanged.
  const copied = (m: CellMetric) => ({ unit: m.unit, better: m.better, value: m.value, low: m.low, high: m.high });
  assert.deepEqual([first.metric, second.metric], [copied(a.results[0]!.metric!), copied(b.results[0]!.metric!)]);
  const unsupported = merged.rows.find((row) => row.case === "8 B transfer")!;
  assert.deepEqual(unsupported.values, [{ source: 1, failed: "no transfer between processes" }, { source: 2, failed: "no transfer between processes" }]);
});
