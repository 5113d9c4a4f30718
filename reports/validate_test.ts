import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../core/project.ts";
import type { CellFailure, CellResult, MachineInfo, Report, RunConfig, RuntimeRecord } from "./report.ts";
import { ReportValidationError, validateReport } from "./validate.ts";
import { loadFixture } from "../testing/testdata/fixtures.ts";

const rejects = (value: unknown, problem: string, message: RegExp) =>
  assert.throws(() => validateReport(value), (error: unknown) => {
    assert.ok(error instanceof ReportValidationError, String(error));
    assert.equal(error.problem, problem);
    assert.match(error.message, message);
    assert.ok(!error.message.includes("\n"), "one line");
    return true;
  });

test("the fixture report validates and comes back as it was", () => {
  const report = loadFixture();
  assert.equal(validateReport(report), report);
  assert.equal(report.results.length, 19);
  assert.equal(report.failures.length, 1);
});

test("not a report: wrong JSON values and other schemas", () => {
  for (const value of [null, [], "tribench", 42]) rejects(value, "not-a-report", /^not a tribench report: not a JSON object$/);
  rejects({ results: [] }, "not-a-report", /no "schema": "tribench\/report@1" field/);
  rejects({ ...loadFixture(), schema: "hyperfine" }, "not-a-report", /not a tribench report/);
  rejects({ ...loadFixture(), schema: "tribench/compare@1" }, "not-a-report", /its schema is tribench\/compare@1, not tribench\/report@1/);
});

test("newer and older schema versions say which", () => {
  rejects({ ...loadFixture(), schema: "tribench/report@2" }, "newer-schema", /tribench\/report@2 is newer than this tribench reads \(tribench\/report@1\)/);
  rejects({ ...loadFixture(), schema: "tribench/report@0" }, "older-schema", /tribench\/report@0 is older/);
});

test("a missing field is named with its path", () => {
  const report = loadFixture() as unknown as { results: Record<string, unknown>[]; machine: Record<string, unknown> };
  delete report.results[3]!.medianMs;
  rejects(report, "invalid", /^field results\[3\]\.medianMs is missing$/);
  const noMachine = loadFixture() as unknown as Record<string, unknown>;
  delete noMachine.machine;
  rejects(noMachine, "invalid", /^field machine is missing$/);
});

test("a field of the wrong type or value is named with what it must be", () => {
  const wrongType = loadFixture() as unknown as { results: Record<string, unknown>[] };
  wrongType.results[0]!.medianMs = "fast";
  rejects(wrongType, "invalid", /^field results\[0\]\.medianMs must be number$/);
  const nullable = loadFixture() as unknown as { results: Record<string, unknown>[] };
  nullable.results[1]!.speedup = "2";
  rejects(nullable, "invalid", /^field results\[1\]\.speedup must be number or null$/);
  const kind = loadFixture() as unknown as { failures: Record<string, unknown>[] };
  kind.failures[0]!.kind = "oops";
  rejects(kind, "invalid", /^field failures\[0\]\.kind must be one of "wrong-answer", "crash"/);
  const negative = loadFixture();
  negative.results[2]!.samplesMs[4] = -1;
  rejects(negative, "invalid", /^field results\[2\]\.samplesMs\[4\] must be >= 0$/);
  const workers = loadFixture();
  workers.results[0]!.workers = 1.5;
  rejects(workers, "invalid", /^field results\[0\]\.workers must be integer$/);
  const date = loadFixture();
  date.createdAt = "yesterday";
  rejects(date, "invalid", /^field createdAt must match pattern/);
  const empty = loadFixture();
  empty.results[0]!.samplesMs = [];
  rejects(empty, "invalid", /^field results\[0\]\.samplesMs must NOT have fewer than 1 items$/);
});

test("fields added within version 1 are accepted (readers ignore what they do not know)", () => {
  const report = loadFixture() as Report & { durationMs?: number };
  report.durationMs = 1234;
  assert.equal(validateReport(report), report);
});

// Every key of each report type, checked by the compiler both ways (a missing or extra key does not
// compile), so these lists and reports/report.ts cannot drift apart; the test then holds the schema
// to the same lists.
const cellKeys: Record<keyof CellResult, true> = {
  runtime: true, suite: true, variant: true, workers: true, size: true, answer: true, verified: true, samplesMs: true,
  medianMs: true, meanMs: true, stddevMs: true, minMs: true, maxMs: true, ciLowMs: true, ciHighMs: true, outliers: true,
  spawnMs: true, speedup: true, speedupCiLow: true, speedupCiHigh: true, efficiency: true, karpFlatt: true, mechanism: true,
  warnings: true,
};
const failureKeys: Record<keyof CellFailure, true> = { runtime: true, suite: true, variant: true, workers: true, size: true, reason: true, kind: true };
const machineKeys: Record<keyof MachineInfo, true> = {
  cpuModel: true, logicalCores: true, memoryBytes: true, os: true, arch: true, kernel: true, hostname: true, loadAvg: true, cpuQuota: true,
};
const runtimeKeys: Record<keyof RuntimeRecord, true> = { name: true, version: true, executable: true, mechanisms: true };
const configKeys: Record<keyof RunConfig, true> = {
  runtimes: true, suites: true, variants: true, workers: true, size: true, runs: true, warmup: true, cellTimeoutMs: true, api: true, argv: true,
};
/** Fields added within version 1: declared in the schema, optional so older reports stay valid. */
const optionalConfigKeys = ["api"];
const reportKeys: Record<keyof Report, true> = {
  schema: true, createdAt: true, tool: true, partial: true, machine: true, runtimes: true, config: true, results: true, failures: true, warnings: true,
};

test("the schema requires exactly the fields of reports/report.ts", () => {
  const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, "reports", "report.schema.json"), "utf8"));
  const required = (def: { required: string[]; properties: object }, optional: string[] = []) => {
    assert.deepEqual([...def.required].sort(), Object.keys(def.properties).filter((k) => !optional.includes(k)).sort(), "required = properties - optional");
    return [...def.required].sort();
  };
  assert.deepEqual(required(schema), Object.keys(reportKeys).sort());
  assert.deepEqual(required(schema.definitions.cellResult), Object.keys(cellKeys).sort());
  assert.deepEqual(required(schema.definitions.cellFailure), Object.keys(failureKeys).sort());
  assert.deepEqual(required(schema.definitions.machine), Object.keys(machineKeys).sort());
  assert.deepEqual(required(schema.definitions.runtime), Object.keys(runtimeKeys).sort());
  assert.deepEqual(required(schema.definitions.config, optionalConfigKeys), Object.keys(configKeys).filter((k) => !optionalConfigKeys.includes(k)).sort());
});
