// The synthetic builder: deterministic, schema-valid, and its numbers hang together as a run's would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { median } from "simple-statistics";
import { validateReport } from "../reports/validate.ts";
import { seededRandom } from "../stats/random.ts";
import { drawSamples, syntheticReport, type CellSpec } from "./synthetic_reports.ts";

const SPECS: CellSpec[] = [
  { medianMs: 100, processes: 4 },
  { variant: "threads", workers: 2, medianMs: 52, processes: 4 },
  { variant: "processes", workers: 2, medianMs: 70, processes: 3, capacity: 1.4 },
  { runtime: "deno", suite: "pi", medianMs: 40, processes: 2 },
  { runtime: "deno", suite: "pi", variant: "threads", workers: 1, medianMs: 41, processes: 2 },
];

test("the same seed gives the same report; another seed other run times; every report is valid", () => {
  const a = syntheticReport(SPECS, { seed: 7 });
  assert.deepEqual(syntheticReport(SPECS, { seed: 7 }), a);
  assert.notDeepEqual(syntheticReport(SPECS, { seed: 8 }).results[0]!.samplesMs, a.results[0]!.samplesMs);
  assert.equal(validateReport(a), a);
  assert.equal(validateReport(syntheticReport([{ medianMs: 10 }], { seed: 1, machine: { logicalCores: 8, cpuQuota: 2.5 } })).machine.usableCores, 2);
});

test("with the defaults the run times are the report@1 builder's draws, spec after spec", () => {
  const report = syntheticReport([{ medianMs: 100 }, { medianMs: 50, cv: 0.1, runs: 5 }], { seed: 42 });
  const random = seededRandom(42);
  assert.deepEqual(report.results[0]!.samplesMs, drawSamples(random, 100, 0.02, 10));
  assert.deepEqual(report.results[1]!.samplesMs, drawSamples(random, 50, 0.1, 5));
  assert.deepEqual(report.results.map((r) => r.processes.length), [1, 1]);
});

test("processes sit in blocks of their round, each sweep's order is a permutation, speedups are paired", () => {
  const report = syntheticReport(SPECS, { seed: 3 });
  const serial = report.results[0]!;
  const threads = report.results[1]!;
  assert.equal(report.plan.rounds, 4);
  threads.processes.forEach((p, i) => {
    const block = report.blocks[p.block]!;
    assert.deepEqual([block.round, block.runtime, block.suite], [p.round, "node", "collatz"]);
    assert.ok(block.cells.includes("threads x2"));
    for (const order of block.order) assert.deepEqual([...order].sort(), block.cells.map((_, k) => k));
    // The serial run and the cell's run of the same sweep of the same process.
    const base = serial.processes[i]!;
    assert.equal(base.block, p.block);
    assert.deepEqual(p.pairedSpeedups, p.samplesMs.map((ms, k) => Math.round((base.samplesMs[k]! / ms) * 1e4) / 1e4));
  });
  assert.equal(serial.processes[0]!.pairedSpeedups, null);
  assert.equal(threads.speedup, Math.round(median(threads.processes.flatMap((p) => p.pairedSpeedups!)) * 1e4) / 1e4);
  assert.deepEqual(threads.samplesMs, threads.processes.flatMap((p) => p.samplesMs));
  // Blocks run one after another.
  for (let i = 1; i < report.blocks.length; i++) {
    const prev = report.blocks[i - 1]!;
    assert.ok(report.blocks[i]!.startedAtMs >= prev.startedAtMs + prev.wallMs - 1e-6);
  }
});

test("capacity is drawn around the cell's, at most its workers, and speedup / capacity divides by its median", () => {
  const report = syntheticReport(SPECS, { seed: 5 });
  const [, threads, processes, , oneWorker] = report.results;
  assert.ok(Math.abs(threads!.capacity!.median - 1.94) < 0.05, JSON.stringify(threads!.capacity));
  assert.ok(Math.abs(processes!.capacity!.median - 1.4) < 0.05, JSON.stringify(processes!.capacity));
  for (const c of [threads!, processes!]) {
    assert.ok(c.capacity!.p10 <= c.capacity!.median && c.capacity!.median <= c.capacity!.p90 && c.capacity!.p90 <= 2);
    assert.ok(Math.abs(c.speedupPerCapacity!.value - c.speedup! / c.capacity!.median) < 1e-3);
  }
  assert.equal(oneWorker!.capacity, null);
  assert.equal(oneWorker!.speedupPerCapacity, null);
  assert.ok(report.blocks.filter((b) => b.suite === "collatz").every((b) => b.probes.length === 10 && b.probes.every((p) => p.workers === 2)));
});

test("between-process noise spreads the process medians as asked, and the true share is recorded", () => {
  const report = syntheticReport([{ medianMs: 100, processes: 30, betweenCv: 0.05, cv: 0.01 }], { seed: 11 });
  const cell = report.results[0]!;
  const logs = cell.processes.map((p) => Math.log(p.medianMs));
  const mean = logs.reduce((s, x) => s + x, 0) / logs.length;
  const sd = Math.sqrt(logs.reduce((s, x) => s + (x - mean) ** 2, 0) / (logs.length - 1));
  assert.ok(sd > 0.03 && sd < 0.075, `sd of log process medians ${sd}`);
  assert.equal(cell.betweenProcessShare, Math.round((0.05 ** 2 / (0.05 ** 2 + 0.01 ** 2)) * 1e4) / 1e4);
  assert.equal(syntheticReport([{ medianMs: 100 }], { seed: 11 }).results[0]!.betweenProcessShare, null);
});
