// Exports checked against the formats' documented schemas, and every number against the report cell.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Ajv } from "ajv";
import { BMF_SCHEMA, GITHUB_ACTION_BENCHMARK_SCHEMA } from "../testing/export_schemas.ts";
import { benchmarkName, exportReport, toBencherMetricFormat, toGithubActionBenchmark } from "./exports.ts";
import type { Report } from "./report.ts";
import { upgradeReport } from "./upgrade.ts";
import { loadFixture, loadV1Fixture } from "../testing/testdata/fixtures.ts";

const report = loadFixture();
const ajv = new Ajv({ strict: false });

test("github-action-benchmark export: valid customSmallerIsBetter entries, one per measured cell", () => {
  const entries = toGithubActionBenchmark(report);
  assert.ok(ajv.validate(GITHUB_ACTION_BENCHMARK_SCHEMA, entries), ajv.errorsText());
  assert.equal(entries.length, report.results.length);
  assert.equal(new Set(entries.map((e) => e.name)).size, entries.length, "names must be unique: the action keys series by name");
  report.results.forEach((cell, i) => {
    const e = entries[i]!;
    assert.equal(e.name, benchmarkName(cell));
    assert.equal(e.unit, "ms");
    assert.ok(Math.abs(e.value - cell.medianMs) < 1e-4);
    assert.equal(e.range, `± ${Number(((cell.ciHighMs - cell.ciLowMs) / 2).toFixed(4))}`);
    assert.match(e.extra!, new RegExp(`${cell.samplesMs.length} runs in ${cell.processes.length} processes`));
  });
  const threads = report.results.find((c) => benchmarkName(c) === "node/collatz/threads/2w (default)")!;
  assert.match(entries.find((e) => e.name === benchmarkName(threads))!.extra!,
    new RegExp(`speedup ${Number(threads.speedup!.toFixed(3))} \\(efficiency \\d\\.\\d+\\); speedup/capacity ${Number(threads.speedupPerCapacity!.value.toFixed(3))} ` +
      `\\(capacity ${Number(threads.capacity!.median.toFixed(3))}\\); node 20\\.20\\.0$`));
  // A report@1 loaded through the upgrade exports too: one process per cell, no capacity.
  const old = toGithubActionBenchmark(upgradeReport(loadV1Fixture()));
  assert.ok(ajv.validate(GITHUB_ACTION_BENCHMARK_SCHEMA, old), ajv.errorsText());
  assert.match(old.find((e) => e.name === "node/collatz/threads/2w (default)")!.extra!, /; 10 runs in 1 process; speedup 1\.959 \(efficiency 0\.98\); node 20\.20\.0$/);
});

test("BMF export: valid against Bencher's schema; latency in ns with the median's interval; speedup where known", () => {
  const bmf = toBencherMetricFormat(report);
  assert.ok(ajv.validate(BMF_SCHEMA, bmf), ajv.errorsText());
  assert.equal(Object.keys(bmf).length, report.results.length);
  for (const cell of report.results) {
    const m = bmf[benchmarkName(cell)]!;
    assert.equal(m.latency!.value, Math.round(cell.medianMs * 1e6));
    assert.equal(m.latency!.lower_value, Math.round(cell.ciLowMs * 1e6));
    assert.equal(m.latency!.upper_value, Math.round(cell.ciHighMs * 1e6));
    assert.ok(m.latency!.lower_value! <= m.latency!.value && m.latency!.value <= m.latency!.upper_value!);
    if (cell.speedup === null) assert.equal(m.speedup, undefined);
    else assert.equal(m.speedup!.value, Number(cell.speedup.toFixed(4)));
    const e = cell.speedupPerCapacity;
    if (e === null) assert.equal(m["speedup-per-capacity"], undefined);
    else assert.deepEqual(m["speedup-per-capacity"], { value: Number(e.value.toFixed(4)), lower_value: Number(e.low.toFixed(4)), upper_value: Number(e.high.toFixed(4)) });
  }
  assert.ok(Object.values(bmf).some((m) => m["speedup-per-capacity"] !== undefined), "the fixture has cells with capacity");
});

test("failed cells are not exported (they have no number) and the text ends with a newline", () => {
  const failing: Report = { ...report, results: report.results.slice(0, 2), failures: [{ runtime: "bun", suite: "pi", variant: "serial", workers: 1, size: "default", reason: "crash", kind: "crash" }] };
  for (const format of ["github-action-benchmark", "bmf"] as const) {
    const text = exportReport(failing, format);
    assert.ok(text.endsWith("}\n") || text.endsWith("]\n"));
    assert.doesNotMatch(text, /bun/);
    assert.equal(Object.keys(JSON.parse(text) as object).length, 2);
  }
});
