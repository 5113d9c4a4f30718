// merge as data and as Markdown: every number traceable to its source report and cell.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../core/usage.ts";
import { PROJECT_ROOT } from "../core/project.ts";
import { isMeasured, mergeReports, type MergeInput } from "./merge.ts";
import { renderMergeMarkdown } from "./merge_markdown.ts";
import { parseReport } from "../reports/load.ts";
import { syntheticReport } from "../testing/synthetic_reports.ts";
import { loadFixture } from "../testing/testdata/fixtures.ts";

const FIXTURES = join(PROJECT_ROOT, "testing", "testdata", "compare");
// The compare/ fixtures are report@1 files: loaded as any file is, upgraded to the report@2 model.
const load = (name: string): MergeInput => ({ file: name, report: parseReport(readFileSync(join(FIXTURES, name), "utf8"), name) });
const inputs = () => ["machine-a.json", "machine-b.json", "machine-c.json"].map(load);

test("merge of 3 report@1 fixture reports: every value is its source cell's, ratios are to source [1]", () => {
  const sources = inputs();
  const merged = mergeReports(sources);
  assert.equal(merged.sources.length, 3);
  assert.deepEqual(merged.sources.map((s) => s.upgradedFrom), ["tribench/report@1", "tribench/report@1", "tribench/report@1"]);
  // machine-a and -b have 2 runtimes x 2 suites x 3 variants; machine-c only node: 12 rows.
  assert.equal(merged.rows.length, 12);
  let traced = 0;
  for (const row of merged.rows) {
    row.values.forEach((v, i) => {
      const cell = sources[i]!.report.results.find((c) =>
        c.suite === row.suite && c.variant === row.variant && c.workers === row.workers && c.runtime === row.runtime);
      if (!cell) return assert.equal(v, null, `${row.runtime}/${row.suite} should be absent in source ${i + 1}`);
      assert.ok(isMeasured(v));
      assert.equal(v.source, i + 1);
      assert.deepEqual([v.medianMs, v.ciLowMs, v.ciHighMs, v.speedup, v.efficiency, v.runs, v.processes],
        [cell.medianMs, cell.ciLowMs, cell.ciHighMs, cell.speedup, cell.efficiency, cell.samplesMs.length, 1]);
      const first = row.values[0];
      assert.equal(v.ratioToFirst, isMeasured(first) ? cell.medianMs / first.medianMs : null);
      traced++;
    });
  }
  assert.equal(traced, 12 + 12 + 6);
  // The fixture machine-b ran node/collatz 40% faster (factor 0.6 on the serial cell).
  const fast = merged.rows.find((r) => r.runtime === "node" && r.suite === "collatz" && r.variant === "serial")!;
  assert.ok(isMeasured(fast.values[1]) && fast.values[1].ratioToFirst! > 0.55 && fast.values[1].ratioToFirst! < 0.65);
});

test("the Markdown shows each source's numbers in its column group, rounded from the source", () => {
  const sources = inputs();
  const merged = mergeReports(sources);
  const md = renderMergeMarkdown(merged);
  // Rows by "suite/variant/workers/runtime", read back from under each "### suite" heading.
  const byKey = new Map<string, string>();
  let suite = "";
  for (const l of md.split("\n")) {
    if (l.startsWith("### ")) suite = l.slice(4);
    const m = /^\| (\w+) \| (\d+) \| (\w+) \| /.exec(l);
    if (m && suite) byKey.set(`${suite}/${m[1]}/${m[2]}/${m[3]}`, l);
  }
  assert.equal(byKey.size, merged.rows.length);
  for (const row of merged.rows) {
    const line = byKey.get(`${row.suite}/${row.variant}/${row.workers}/${row.runtime}`)!;
    const cols = line.split(" | ").slice(3);
    row.values.forEach((v, i) => {
      const at = i === 0 ? 0 : 3 + (i - 1) * 4;
      if (!isMeasured(v)) return assert.equal(cols[at], "—");
      assert.equal(Number(cols[at]), Number(v.medianMs.toFixed(1)), `${line} source ${i + 1}`);
      assert.equal(cols[at + 1], v.speedup!.toFixed(2));
      assert.equal(cols[at + 2], v.efficiency!.toFixed(2));
      if (i > 0) assert.equal(cols[at + 3]!.replace(/ \|$/, ""), `${v.ratioToFirst!.toFixed(2)}×`);
    });
  }
  assert.match(md, /\| \[1\] \| Intel Xeon ×2 · node 20\.20\.0, deno 2\.9\.6 \| machine-a\.json \(report@1, one process per cell\) \| Intel\(R\) Xeon\(R\) CPU @ 2\.20GHz \\\| vCPU \\`kvm\\`/);
  assert.match(md, /\| laptop &lt;dev&gt; \|/);
  assert.match(md, /\| \[2\] \| [^|]+ \| machine-b\.json \(report@1, one process per cell\) \|/);
});

test("report@2 sources merge with their process counts, beside an upgraded report@1 of the same size", () => {
  const v2 = loadFixture();
  const v1 = load("machine-a.json");
  const merged = mergeReports([{ file: "v2.json", report: v2 }, v1]);
  assert.deepEqual(merged.sources.map((s) => s.upgradedFrom), [null, "tribench/report@1"]);
  const row = merged.rows.find((r) => r.runtime === "node" && r.suite === "collatz" && r.variant === "threads" && r.workers === 2)!;
  const cell = v2.results.find((c) => c.runtime === "node" && c.suite === "collatz" && c.variant === "threads" && c.workers === 2)!;
  const [mine, old] = row.values;
  assert.ok(isMeasured(mine) && isMeasured(old));
  assert.deepEqual([mine.medianMs, mine.speedup, mine.efficiency, mine.runs, mine.processes], [cell.medianMs, cell.speedup, cell.efficiency, 30, 3]);
  assert.equal(old.processes, 1);
  assert.equal(old.ratioToFirst, old.medianMs / cell.medianMs);
  // The failed report@2 cell is shown as failed in its column.
  const failed = merged.rows.find((r) => r.runtime === "deno" && r.suite === "pi" && r.variant === "processes" && r.workers === 2)!;
  assert.deepEqual(failed.values[0], { source: 1, failed: v2.failures[0]!.reason });
  const md = renderMergeMarkdown(merged);
  assert.match(md, /\| \[1\] \| [^|]+ \| v2\.json \| /);
  assert.match(md, /\| \[2\] \| [^|]+ \| machine-a\.json \(report@1, one process per cell\) \|/);
});

test("labels: --label wins, repeated default labels are numbered", () => {
  const a = syntheticReport([{ medianMs: 100 }], { seed: 1 });
  const b = syntheticReport([{ medianMs: 110 }], { seed: 2 });
  assert.deepEqual(mergeReports([{ file: "a", report: a, label: "before" }, { file: "b", report: b, label: "after" }]).sources.map((s) => s.label), ["before", "after"]);
  assert.deepEqual(mergeReports([{ file: "a", report: a }, { file: "b", report: b }]).sources.map((s) => s.label),
    ["Test CPU 3000 ×2 · node 1.0.0", "Test CPU 3000 ×2 · node 1.0.0 (#2)"]);
});

test("a cell that failed in one source is shown as failed there", () => {
  const a = syntheticReport([{ medianMs: 100 }, { suite: "pi", medianMs: 50 }], { seed: 3 });
  const b = syntheticReport([{ medianMs: 90 }], { seed: 4 });
  b.failures.push({ runtime: "node", suite: "pi", variant: "serial", workers: 1, size: "default", reason: "wrong answer 3.15", kind: "wrong-answer" });
  const merged = mergeReports([{ file: "a", report: a }, { file: "b", report: b }]);
  assert.deepEqual(merged.rows.find((r) => r.suite === "pi")!.values[1], { source: 2, failed: "wrong answer 3.15" });
  assert.match(renderMergeMarkdown(merged), /\| serial \| 1 \| node \| \d+\.\d+ \| 1\.00 \| 1\.00 \| failed: wrong answer 3\.15 \|/);
});

test("refused: fewer than 2 or more than 20 reports, mixed sizes", () => {
  const r = (size = "default") => ({ file: `${size}.json`, report: syntheticReport([{ medianMs: 10 }], { seed: 5, size }) });
  assert.throws(() => mergeReports([r()]), (e: unknown) => e instanceof UsageError && e.message === "merge takes 2 to 20 reports, not 1");
  assert.throws(() => mergeReports(Array.from({ length: 21 }, () => r())), /not 21/);
  assert.equal(mergeReports(Array.from({ length: 20 }, () => r())).sources.length, 20);
  assert.throws(() => mergeReports([r(), r("quick")]), (e: unknown) =>
    e instanceof UsageError && e.message === "cannot merge reports of different sizes: 'default.json' ran at 'default', 'quick.json' at 'quick'");
});
