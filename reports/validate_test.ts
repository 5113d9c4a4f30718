import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../core/project.ts";
import type {
  BlockLog, CellFailure, CellResult, MachineInfo, ProcessSample, Report, RunConfig, RunPlan, RuntimeRecord,
} from "./report.ts";
import type { V1CellResult, V1Report } from "./report_v1.ts";
import { ReportValidationError, validateAnyReport, validateReport } from "./validate.ts";
import { loadFixture, loadV1Fixture } from "../testing/testdata/fixtures.ts";

const rejects = (value: unknown, problem: string, message: RegExp, validate: (v: unknown) => unknown = validateReport) =>
  assert.throws(() => validate(value), (error: unknown) => {
    assert.ok(error instanceof ReportValidationError, String(error));
    assert.equal(error.problem, problem);
    assert.match(error.message, message);
    assert.ok(!error.message.includes("\n"), "one line");
    return true;
  });

test("the report@2 fixture validates and comes back as it was", () => {
  const report = loadFixture();
  assert.equal(validateReport(report), report);
  assert.equal(validateAnyReport(report), report);
  assert.equal(report.results.length, 19);
  assert.equal(report.failures.length, 1);
  assert.equal(report.blocks.length, 12);
});

test("report@1 files validate against the report@1 schema, and only through validateAnyReport", () => {
  const v1 = loadV1Fixture();
  assert.equal(validateAnyReport(v1), v1);
  for (const name of ["compare/base", "compare/head", "compare/machine-a", "compare/machine-b", "compare/machine-c"]) {
    assert.doesNotThrow(() => validateAnyReport(loadV1Fixture(name)), name);
  }
  rejects(v1, "older-schema", /^report schema tribench\/report@1 is older than tribench\/report@2; loadReport upgrades it$/);
  // Each version is held to its own schema: a report@1 lacks report@2's fields and is still valid…
  assert.ok(!("processes" in v1.results[0]!));
  // …and a broken report@1 is named by the report@1 schema's rules.
  const broken = loadV1Fixture() as unknown as { results: Record<string, unknown>[] };
  delete broken.results[2]!.speedup;
  rejects(broken, "invalid", /^field results\[2\]\.speedup is missing$/, validateAnyReport);
  // A report@2 field is not required of a report@1, but a report@1 cannot claim to be a report@2.
  rejects({ ...loadV1Fixture(), schema: "tribench/report@2" }, "invalid", /^field plan is missing$/);
});

test("not a report: wrong JSON values and other schemas", () => {
  for (const value of [null, [], "tribench", 42]) rejects(value, "not-a-report", /^not a tribench report: not a JSON object$/);
  rejects({ results: [] }, "not-a-report", /no "schema": "tribench\/report@2" field/);
  rejects({ ...loadFixture(), schema: "hyperfine" }, "not-a-report", /not a tribench report/);
  rejects({ ...loadFixture(), schema: "tribench/compare@1" }, "not-a-report", /its schema is tribench\/compare@1, not tribench\/report@2/);
});

test("newer and older schema versions say which", () => {
  for (const validate of [validateReport, validateAnyReport]) {
    rejects({ ...loadFixture(), schema: "tribench/report@3" }, "newer-schema", /tribench\/report@3 is newer than this tribench reads \(tribench\/report@2\); upgrade tribench$/, validate);
    rejects({ ...loadFixture(), schema: "tribench/report@0" }, "older-schema", /tribench\/report@0 is older than this tribench reads \(tribench\/report@1 to tribench\/report@2\)/, validate);
  }
});

test("a missing field is named with its path", () => {
  const report = loadFixture() as unknown as { results: Record<string, unknown>[]; machine: Record<string, unknown> };
  delete report.results[3]!.medianMs;
  rejects(report, "invalid", /^field results\[3\]\.medianMs is missing$/);
  const noMachine = loadFixture() as unknown as Record<string, unknown>;
  delete noMachine.machine;
  rejects(noMachine, "invalid", /^field machine is missing$/);
  const noCores = loadFixture() as unknown as { machine: Record<string, unknown> };
  delete noCores.machine.usableCores;
  rejects(noCores, "invalid", /^field machine\.usableCores is missing$/);
  const noProcesses = loadFixture() as unknown as { results: { processes: Record<string, unknown>[] }[] };
  delete noProcesses.results[2]!.processes[1]!.pairedSpeedups;
  rejects(noProcesses, "invalid", /^field results\[2\]\.processes\[1\]\.pairedSpeedups is missing$/);
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
  empty.results[0]!.processes = [];
  rejects(empty, "invalid", /^field results\[0\]\.processes must NOT have fewer than 1 items$/);
  const capacity = loadFixture() as unknown as { results: Record<string, unknown>[] };
  capacity.results[2]!.capacity = "1.9";
  rejects(capacity, "invalid", /^field results\[2\]\.capacity must be object or null$/);
  const perCapacity = loadFixture() as unknown as { results: { speedupPerCapacity: Record<string, unknown> }[] };
  delete perCapacity.results[2]!.speedupPerCapacity.low;
  rejects(perCapacity, "invalid", /^field results\[2\]\.speedupPerCapacity\.low is missing$/);
  const bound = loadFixture() as unknown as { results: Record<string, unknown>[] };
  bound.results[0]!.bound = "gpu";
  rejects(bound, "invalid", /^field results\[0\]\.bound must be one of "cpu", "io"$/);
  const share = loadFixture();
  share.results[0]!.betweenProcessShare = 1.5;
  rejects(share, "invalid", /^field results\[0\]\.betweenProcessShare must be <= 1$/);
  const seed = loadFixture();
  seed.plan.seed = -1;
  rejects(seed, "invalid", /^field plan\.seed must be >= 0$/);
  const order = loadFixture() as unknown as { blocks: { order: unknown[][] }[] };
  order.blocks[0]!.order[3]![1] = "x";
  rejects(order, "invalid", /^field blocks\[0\]\.order\[3\]\[1\] must be integer$/);
});

test("fields added within version 2 are accepted (readers ignore what they do not know)", () => {
  const report = loadFixture() as Report & { durationMs?: number };
  report.durationMs = 1234;
  assert.equal(validateReport(report), report);
  report.upgradedFrom = "tribench/report@1";
  assert.equal(validateReport(report), report);
});

// Every key of each report type, checked by the compiler both ways (a missing or extra key does not
// compile), so these lists and reports/report.ts cannot drift apart; the test then holds the schema
// to the same lists.
const cellKeys: Record<keyof CellResult, true> = {
  runtime: true, suite: true, variant: true, workers: true, size: true, answer: true, verified: true, mechanism: true, bound: true,
  processes: true, samplesMs: true, medianMs: true, ciLowMs: true, ciHighMs: true, meanMs: true, stddevMs: true, minMs: true, maxMs: true,
  outliers: true, betweenProcessShare: true, spawnMs: true, speedup: true, speedupCiLow: true, speedupCiHigh: true, capacity: true,
  speedupPerCapacity: true, efficiency: true, karpFlatt: true, warnings: true, case: true, metric: true,
  pinned: true,
};
const metricKeys: Record<keyof NonNullable<CellResult["metric"]>, true> = {
  name: true, unit: true, better: true, perRun: true, value: true, low: true, high: true, bytesPerOp: true, mbPerS: true,
};
const processKeys: Record<keyof ProcessSample, true> = {
  round: true, block: true, samplesMs: true, medianMs: true, spawnMs: true, pairedSpeedups: true, capacity: true,
};
const failureKeys: Record<keyof CellFailure, true> = { runtime: true, suite: true, variant: true, workers: true, size: true, round: true, reason: true, kind: true, case: true };
const machineKeys: Record<keyof MachineInfo, true> = {
  cpuModel: true, logicalCores: true, usableCores: true, memoryBytes: true, os: true, arch: true, kernel: true, hostname: true, loadAvg: true, cpuQuota: true,
};
const runtimeKeys: Record<keyof RuntimeRecord, true> = { name: true, version: true, label: true, executable: true, mechanisms: true };
const configKeys: Record<keyof RunConfig, true> = {
  runtimes: true, suites: true, variants: true, workers: true, size: true, runs: true, warmup: true, rounds: true, budgetS: true, seed: true,
  cellTimeoutMs: true, api: true, argv: true,
};
const planKeys: Record<keyof RunPlan, true> = { seed: true, rounds: true, runs: true, warmup: true, budgetS: true, firstRoundS: true, roundsDone: true, reason: true };
const blockKeys: Record<keyof BlockLog, true> = {
  round: true, runtime: true, suite: true, seed: true, startedAtMs: true, wallMs: true, ok: true, reason: true, cells: true, order: true, probes: true,
  harnessShare: true, cpus: true,
};
const probeKeys: Record<keyof BlockLog["probes"][number], true> = { atMs: true, workers: true, oneMs: true, allMs: true, capacity: true };
const capacityKeys: Record<keyof NonNullable<CellResult["capacity"]>, true> = { median: true, p10: true, p90: true, workers: true };
const reportKeys: Record<keyof Report, true> = {
  schema: true, createdAt: true, tool: true, partial: true, machine: true, runtimes: true, config: true, plan: true, blocks: true, results: true,
  failures: true, warnings: true, upgradedFrom: true,
};

test("the schema requires exactly the fields of reports/report.ts (optional ones are declared, not required)", () => {
  const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, "reports", "report.schema.json"), "utf8"));
  const check = (def: { required: string[]; properties: object }, keys: object, optional: string[] = []) => {
    assert.deepEqual(Object.keys(def.properties).sort(), Object.keys(keys).sort(), "properties = the type's keys");
    assert.deepEqual([...def.required].sort(), Object.keys(keys).filter((k) => !optional.includes(k)).sort(), "required = keys - optional");
  };
  const d = schema.definitions;
  check(schema, reportKeys, ["upgradedFrom"]);
  check(d.cellResult, cellKeys, ["case", "metric", "pinned"]);
  check(d.metric, metricKeys);
  check(d.processSample, processKeys);
  check(d.cellFailure, failureKeys, ["round", "case"]);
  check(d.machine, machineKeys);
  check(d.runtime, runtimeKeys, ["label"]);
  check(d.config, configKeys);
  check(d.plan, planKeys);
  check(d.block, blockKeys, ["reason", "cpus"]);
  check(d.probe, probeKeys);
  check(d.capacity, capacityKeys);
});

test("the report@1 schema still requires exactly the fields of reports/report_v1.ts", () => {
  const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, "reports", "report_v1.schema.json"), "utf8"));
  const v1CellKeys: Record<keyof V1CellResult, true> = {
    runtime: true, suite: true, variant: true, workers: true, size: true, answer: true, verified: true, samplesMs: true, medianMs: true,
    meanMs: true, stddevMs: true, minMs: true, maxMs: true, ciLowMs: true, ciHighMs: true, outliers: true, spawnMs: true, speedup: true,
    speedupCiLow: true, speedupCiHigh: true, efficiency: true, karpFlatt: true, mechanism: true, warnings: true,
  };
  const v1ReportKeys: Record<keyof V1Report, true> = {
    schema: true, createdAt: true, tool: true, partial: true, machine: true, runtimes: true, config: true, results: true, failures: true, warnings: true,
  };
  assert.equal(schema.properties.schema.const, "tribench/report@1");
  assert.match(schema.$id, /report@1/);
  assert.deepEqual([...schema.required].sort(), Object.keys(v1ReportKeys).sort());
  assert.deepEqual([...schema.definitions.cellResult.required].sort(), Object.keys(v1CellKeys).sort());
});
