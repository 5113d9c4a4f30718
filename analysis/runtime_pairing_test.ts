// Pairing runtime columns across reports (compare and merge): by label, or by name when each side has
// one version of a runtime (an upgrade, or a file written before labels), with the versions that
// changed said once; a side with two versions of a runtime pairs by label.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compareReports, DEFAULT_COMPARE_OPTIONS } from "./compare.ts";
import { renderCompareMarkdown } from "./compare_markdown.ts";
import { mergeReports } from "./merge.ts";
import { pairRuntimes, versionsChangedNote } from "./runtime_pairing.ts";
import { syntheticRoundsReport, type RoundsCellSpec } from "../testing/synthetic_rounds.ts";
import { withLabelRecords } from "../testing/labelled_reports.ts";

/** serial and threads x2 of collatz on each runtime label given. */
const cells = (runtimes: string[], medianMs = 100): RoundsCellSpec[] =>
  runtimes.flatMap((runtime) => [{ runtime, medianMs }, { runtime, variant: "threads", workers: 2, medianMs: medianMs / 2 }]);
const report = (runtimes: string[], seed: number, medianMs?: number) => withLabelRecords(syntheticRoundsReport(cells(runtimes, medianMs), { seed }));

test("an upgrade pairs by name: bun@1.4.5 against bun@1.4.6, cell by cell, and says which versions changed", () => {
  const c = compareReports(report(["bun@1.4.5", "node@22.11.0"], 1), report(["bun@1.4.6", "node@22.11.0"], 2), DEFAULT_COMPARE_OPTIONS);
  assert.deepEqual(c.cells.map((x) => `${x.runtime} ${x.variant}`), ["bun serial", "bun threads", "node@22.11.0 serial", "node@22.11.0 threads"]);
  assert.deepEqual([c.added, c.removed], [[], []]);
  assert.ok(c.cells.every((x) => x.time !== null), "every pair was tested");
  assert.deepEqual(c.notes.filter((n) => n.startsWith("versions")), ["versions changed: bun 1.4.5 → 1.4.6"]);
  assert.match(renderCompareMarkdown(c, { base: ["a.json"], head: ["b.json"] }), /^- versions changed: bun 1\.4\.5 → 1\.4\.6$/m);
});

test("a file without labels (report@1, upgraded, or written before labels) pairs with a labelled one by name; its version comes from its record", () => {
  const old = syntheticRoundsReport(cells(["bun"]), { seed: 3, runtimeVersions: { bun: "1.3.14" }, upgradedFrom: "tribench/report@1" });
  const c = compareReports(old, report(["bun@1.4.5"], 4), DEFAULT_COMPARE_OPTIONS);
  assert.deepEqual(c.cells.map((x) => `${x.runtime} ${x.variant} ${x.verdict !== "incomparable"}`), ["bun serial true", "bun threads true"]);
  assert.ok(c.notes.includes("versions changed: bun 1.3.14 → 1.4.5"), c.notes.join("; "));
  // Two old files pair by name as before, and the same version is no change.
  const same = compareReports(old, syntheticRoundsReport(cells(["bun"]), { seed: 5, runtimeVersions: { bun: "1.3.14" } }), DEFAULT_COMPARE_OPTIONS);
  assert.deepEqual([same.cells.map((x) => x.runtime), same.notes.filter((n) => n.startsWith("versions"))], [["bun", "bun"], []]);
});

test("sides with two versions of a runtime pair by label: the shared version is compared, the others are added and removed", () => {
  const c = compareReports(report(["bun@1.3.14", "bun@1.4.5"], 6), report(["bun@1.4.5", "bun@1.4.6"], 7), DEFAULT_COMPARE_OPTIONS);
  assert.deepEqual(c.cells.map((x) => `${x.runtime} ${x.variant}`), ["bun@1.4.5 serial", "bun@1.4.5 threads"]);
  assert.deepEqual(c.added.map((x) => x.runtime), ["bun@1.4.6", "bun@1.4.6"]);
  assert.deepEqual(c.removed.map((x) => x.runtime), ["bun@1.3.14", "bun@1.3.14"]);
  assert.deepEqual(c.notes.filter((n) => n.startsWith("versions")), []);
});

test("the same label on both sides stays the key, with no note", () => {
  const pairing = pairRuntimes([[report(["deno@2.9.6"], 8)], [report(["deno@2.9.6"], 9)]]);
  assert.equal(pairing.keyOf("deno@2.9.6"), "deno@2.9.6");
  assert.deepEqual([pairing.changed, versionsChangedNote(pairing.changed)], [[], undefined]);
});

test("merge lines rows up across versions by name when each source has one, and keeps labels for a source with two", () => {
  const merged = mergeReports([{ file: "a.json", report: report(["bun@1.4.5"], 10) }, { file: "b.json", report: report(["bun@1.4.6"], 11, 90) }]);
  assert.deepEqual(merged.rows.map((r) => `${r.runtime} ${r.variant} ${r.values.filter((v) => v !== null).length}`), ["bun serial 2", "bun threads 2"]);
  assert.ok(Math.abs((merged.rows[0]!.values[1] as { ratioToFirst: number }).ratioToFirst - 0.9) < 0.05);
  assert.deepEqual(merged.sources.map((s) => s.runtimes), ["bun 1.4.5", "bun 1.4.6"]);
  const versus = mergeReports([{ file: "a.json", report: report(["bun@1.3.14", "bun@1.4.5"], 12) }, { file: "b.json", report: report(["bun@1.4.5"], 13) }]);
  assert.deepEqual(versus.rows.map((r) => `${r.runtime} ${r.variant} ${r.values.map((v) => (v === null ? "-" : "x")).join("")}`), [
    "bun@1.3.14 serial x-", "bun@1.4.5 serial xx", "bun@1.3.14 threads x-", "bun@1.4.5 threads xx",
  ]);
});
