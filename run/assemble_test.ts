import assert from "node:assert/strict";
import { test } from "node:test";
import type { MachineInfo, RunConfig } from "../reports/report.ts";
import { validateReport } from "../reports/validate.ts";
import type { RuntimeInstall } from "../runtimes/types.ts";
import { assembleReport, type CellOutcome } from "./assemble.ts";
import type { CellSuccessRecord } from "../harness/cell_protocol.ts";
import type { Cell } from "./matrix.ts";

const machine: MachineInfo = { cpuModel: "Test | CPU *1*", logicalCores: 2, memoryBytes: 2 ** 33, os: "linux", arch: "x64", kernel: "6.1", hostname: "box", loadAvg: [0.1, 0.2, 0.3], cpuQuota: null };
const installs: RuntimeInstall[] = [{ name: "node", version: "20.20.2", executable: "/usr/bin/node", source: "self" }];
const config: RunConfig = { runtimes: ["node"], suites: ["pi"], variants: ["serial", "threads", "processes"], workers: [2], size: "quick", runs: 6, warmup: 1, cellTimeoutMs: 300_000, argv: ["--size", "quick"] };

function cell(variant: Cell["variant"], workers = variant === "serial" ? 1 : 2): Cell {
  return { runtime: "node", suite: "pi", variant, workers, size: "quick" };
}

function success(c: Cell, samplesMs: number[], over: Partial<CellSuccessRecord> = {}): CellOutcome {
  const sum = samplesMs.reduce((a, b) => a + b, 0);
  const record: CellSuccessRecord = {
    "tribench-cell": 1, ok: true, runtime: c.runtime, runtimeVersion: "20.20.2", suite: c.suite, variant: c.variant, workers: c.workers, size: c.size,
    answer: "pi ~ 3.14", verified: true, samplesMs, warmupMs: [samplesMs[0]! * 2], spawnMs: c.variant === "serial" ? null : 30,
    mechanism: c.variant === "serial" ? null : `node/${c.variant === "threads" ? "worker_threads" : "child_process.fork"}`, pids: [],
    harness: { name: "tinybench", phaseMs: sum + 0.5, verifyMs: 0.1, overheadMs: 0.4 }, ...over,
  };
  return { cell: c, outcome: { ok: true, record, wallMs: sum + 100, leftovers: 0 } };
}

const base = { createdAt: new Date("2026-11-25T19:00:00Z"), toolVersion: "0.1.0", partial: false, machine, installs, config, warnings: [] };

test("speedup, efficiency and Karp–Flatt against the serial cell; a valid report", () => {
  const outcomes = [
    success(cell("serial"), [100, 101, 99, 100, 102, 98]),
    success(cell("threads"), [50, 51, 49, 50, 52, 48]),
    success(cell("processes"), [60, 61, 59, 60, 62, 58]),
  ];
  const report = validateReport(assembleReport({ ...base, outcomes }));
  assert.equal(report.results.length, 3);
  const [serial, threads, processes] = report.results;
  assert.equal(serial!.speedup, 1);
  assert.deepEqual([serial!.speedupCiLow, serial!.speedupCiHigh], [1, 1]);
  assert.equal(serial!.karpFlatt, null);
  assert.equal(threads!.medianMs, 50);
  assert.equal(threads!.speedup, 2);
  assert.equal(threads!.efficiency, 1);
  assert.ok(Math.abs(threads!.karpFlatt!) < 1e-12);
  assert.ok(threads!.speedupCiLow! <= 2 && threads!.speedupCiHigh! >= 2);
  assert.ok(Math.abs(processes!.speedup! - 100 / 60) < 1e-12);
  assert.equal(processes!.spawnMs, 30);
  assert.deepEqual(report.runtimes, [{ name: "node", version: "20.20.2", executable: "/usr/bin/node", mechanisms: { threads: "node/worker_threads", processes: "node/child_process.fork" } }]);
  assert.deepEqual(report.failures, []);
  assert.equal(report.createdAt, "2026-11-25T19:00:00.000Z");
});

test("no serial baseline: speedup and its relatives are null", () => {
  const report = validateReport(assembleReport({ ...base, outcomes: [success(cell("threads"), [50, 51, 49, 50, 52, 48])] }));
  const r = report.results[0]!;
  assert.deepEqual([r.speedup, r.speedupCiLow, r.speedupCiHigh, r.efficiency, r.karpFlatt], [null, null, null, null, null]);
});

test("failures keep their kind and reason; leftovers, harness overhead and version drift become warnings", () => {
  const outcomes: CellOutcome[] = [
    success(cell("serial"), [100, 100, 100, 100, 100, 100], { runtimeVersion: "20.99.0", harness: { name: "tinybench", phaseMs: 700, verifyMs: 0, overheadMs: 100 } }),
    { cell: cell("threads"), outcome: { ok: false, kind: "crash", reason: "worker died while running task pi on node (node/worker_threads): exit code 1", wallMs: 10, leftovers: 2 } },
    { cell: cell("processes"), outcome: { ok: false, kind: "timeout", reason: "timed out after 30 s; its process tree was killed", wallMs: 30_000, leftovers: 0 } },
  ];
  const report = validateReport(assembleReport({ ...base, partial: true, outcomes, warnings: ["run-level"] }));
  assert.equal(report.partial, true);
  assert.deepEqual(report.failures.map((f) => [f.variant, f.workers, f.kind]), [["threads", 2, "crash"], ["processes", 2, "timeout"]]);
  assert.match(report.failures[0]!.reason, /exit code 1$/);
  assert.ok(report.results[0]!.warnings.some((w) => /^harness: tinybench added 14\.3% around the runs/.test(w)));
  assert.equal(report.warnings[0], "run-level");
  assert.ok(report.warnings.some((w) => /threads: the failed cell left 2 processes running; they were killed$/.test(w)));
  assert.ok(report.warnings.some((w) => /node reported version 20\.99\.0 in its cells, but 20\.20\.2 was located/.test(w)));
});
