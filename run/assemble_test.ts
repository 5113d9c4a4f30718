import assert from "node:assert/strict";
import { test } from "node:test";
import type { BlockCellRecord, BlockSuccessRecord } from "../harness/block_protocol.ts";
import type { MachineInfo, RunConfig, RunPlan } from "../reports/report.ts";
import type { RuntimeInstall } from "../runtimes/types.ts";
import { assembleReport, type BlockOutcome } from "./assemble.ts";
import { expandBlocks, withoutUnsupported, type Block } from "./plan.ts";

const machine: MachineInfo = {
  cpuModel: "Test CPU", logicalCores: 2, usableCores: 2, memoryBytes: 2 ** 33, os: "linux", arch: "x64", kernel: "6.1", hostname: "box",
  loadAvg: [0.1, 0.2, 0.3], cpuQuota: null,
};
const installs: RuntimeInstall[] = [{ name: "node", version: "20.20.2", executable: "/usr/bin/node", source: "self" }];
const config: RunConfig = {
  runtimes: ["node"], suites: ["pi"], variants: ["serial", "threads", "processes"], workers: [2], size: "quick", runs: null, warmup: 1,
  rounds: null, budgetS: 140, seed: null, cellTimeoutMs: 300_000, api: "native", argv: [],
};
const plan: RunPlan = { seed: 7, rounds: 3, runs: 4, warmup: 1, budgetS: 140, firstRoundS: 3, roundsDone: 3, reason: "3 rounds fit" };
const [block] = expandBlocks({ runtimes: ["node"], suites: [{ name: "pi", variants: ["serial", "threads", "processes"] }], variants: ["serial", "threads", "processes"], workers: [2], size: "quick" }) as [Block];

function cellRecord(variant: string, samplesMs: number[]): BlockCellRecord {
  const pooled = variant !== "serial";
  return {
    ok: true, variant, workers: pooled ? 2 : 1, answer: "pi ~ 3.14", samplesMs, atMs: samplesMs.map((_, k) => k * 300), seq: samplesMs.map((_, k) => k * 3),
    warmupMs: [], spawnMs: pooled ? 30 : null, mechanism: pooled ? `node/${variant}` : null, pids: [],
  };
}

/** One block process: per sweep k, serial = base*slow[k], threads = base/2*slow[k] (a perfect 2x), processes 1.8x. */
function blockOutcome(round: number, slow: number[], probe: number[], over: { cells?: BlockCellRecord[] } = {}): BlockOutcome {
  const serial = slow.map((f) => 100 * f);
  const record: BlockSuccessRecord = {
    "tribench-block": 1, ok: true, runtime: "node", runtimeVersion: "20.20.2", suite: "pi", size: "quick", seed: round,
    cells: over.cells ?? [cellRecord("serial", serial), cellRecord("threads", serial.map((s) => s / 2)), cellRecord("processes", serial.map((s) => s / 1.8))],
    probes: probe.map((capacity, sweep) => ({ sweep, atMs: sweep * 300, workers: 2, oneMs: 10, allMs: 20 / capacity, capacity })),
    order: slow.map(() => [2, 0, 1]),
    harness: { name: "tribench-interleaved", phaseMs: 1000, verifyMs: 1, probeMs: 20, overheadMs: 1 },
  };
  return { block, round, seed: round, startedAtMs: round * 2000, outcome: { ok: true, record, wallMs: 1500, leftovers: 0 } };
}

const input = (outcomes: BlockOutcome[]) => ({
  createdAt: new Date("2026-12-01T08:00:00Z"), toolVersion: "0.2.0", partial: false, machine, installs, config, plan, blocks: [block], outcomes,
  boundOf: () => "cpu" as const, warnings: [],
});

test("paired speedup survives a machine that slows every other sweep; processes and capacity are recorded", () => {
  // Every other sweep the whole machine is 1.6x slower: unpaired medians would mix the two states.
  const slow = [1, 1.6, 1, 1.6];
  const report = assembleReport(input([0, 1, 2].map((r) => blockOutcome(r, slow, [1.95, 1.9, 2, 1.96]))));
  assert.equal(report.schema, "tribench/report@2");
  const [serial, threads, processes] = report.results;
  assert.equal(serial!.speedup, 1);
  assert.ok(Math.abs(threads!.speedup! - 2) < 1e-9, String(threads!.speedup));
  assert.ok(Math.abs(processes!.speedup! - 1.8) < 1e-9);
  assert.ok(threads!.speedupCiLow! <= 2 && threads!.speedupCiHigh! >= 2);
  assert.equal(threads!.processes.length, 3);
  assert.deepEqual(threads!.processes[0]!.pairedSpeedups!.map((x) => Math.round(x * 1e9) / 1e9), [2, 2, 2, 2]);
  assert.equal(threads!.capacity!.workers, 2);
  assert.ok(threads!.capacity!.median > 1.9 && threads!.capacity!.median < 2);
  assert.ok(threads!.speedupPerCapacity!.value > 1 && threads!.speedupPerCapacity!.value < 1.06);
  assert.equal(threads!.efficiency, threads!.speedup! / 2);
  assert.equal(serial!.capacity, null, "serial cells use no pool: no capacity");
  assert.equal(report.blocks.length, 3);
  assert.deepEqual(report.blocks[0]!.cells, ["serial", "threads x2", "processes x2"]);
  assert.equal(report.failures.length, 0);
  assert.ok(!threads!.warnings.some((w) => /process/.test(w) && /reliable/.test(w)), threads!.warnings.join("; "));
});

test("a machine that gave 1.3 of 2 cores is named in the cell's warnings", () => {
  const report = assembleReport(input([0, 1, 2].map((r) => blockOutcome(r, [1, 1, 1], [1.3, 1.25, 1.35]))));
  const threads = report.results[1]!;
  assert.ok(threads.warnings.some((w) => /1\.3 of 2 cores/.test(w)), threads.warnings.join("; "));
});

test("one process is flagged as too few for a reliable interval", () => {
  const report = assembleReport(input([blockOutcome(0, [1, 1, 1], [2, 2, 2])]));
  assert.ok(report.results[1]!.warnings.some((w) => /reliable/.test(w)));
});

test("a cell that failed in one block is a failure with its round; its other processes still count", () => {
  const failedThreads: BlockCellRecord = { ok: false, variant: "threads", workers: 2, kind: "wrong-answer", reason: "expected 3, got 4", pids: [] };
  const good = blockOutcome(0, [1, 1, 1], [2, 2, 2]);
  const bad = blockOutcome(1, [1, 1, 1], [2, 2, 2], { cells: [cellRecord("serial", [100, 100, 100]), failedThreads, cellRecord("processes", [56, 56, 56])] });
  const report = assembleReport(input([good, bad]));
  assert.deepEqual(report.failures.map((f) => [f.variant, f.round, f.kind, f.reason]), [["threads", 1, "wrong-answer", "expected 3, got 4"]]);
  assert.equal(report.results.find((r) => r.variant === "threads")!.processes.length, 1);
  assert.equal(report.results.find((r) => r.variant === "processes")!.processes.length, 2);
});

test("a block that failed as a whole fails every cell of it, and is logged", () => {
  const crashed: BlockOutcome = { block, round: 0, seed: 1, startedAtMs: 0, outcome: { ok: false, kind: "crash", reason: "block process was killed by SIGSEGV before answering", wallMs: 20, leftovers: 0 } };
  const report = assembleReport(input([crashed]));
  assert.equal(report.results.length, 0);
  assert.equal(report.failures.length, 3);
  assert.ok(report.failures.every((f) => f.kind === "crash" && f.round === 0));
  assert.equal(report.blocks[0]!.ok, false);
});

test("two versions of one runtime: cells, blocks and records carry each install's label; mechanisms and the version check are per install; unsupported cells are reported", () => {
  const bunInstalls: RuntimeInstall[] = [
    { name: "bun", version: "1.3.14", executable: "/cache/bun-1.3.14/bun", source: "cache", label: "bun@1.3.14" },
    { name: "bun", version: "1.4.5", executable: "/cache/bun-1.4.5/bun", source: "cache" },
  ];
  const planned = expandBlocks({ runtimes: ["bun@1.3.14", "bun@1.4.5"], suites: [{ name: "pi", variants: ["serial", "threads", "processes"] }], variants: ["serial", "threads", "processes"], workers: [2], size: "quick" });
  const { blocks, dropped } = withoutUnsupported(planned, (c) => (c.runtime === "bun@1.3.14" && c.variant === "processes" ? "no IPC before 1.4" : undefined));
  const outcome = (b: Block, round: number, runtimeVersion: string, mechanism: string): BlockOutcome => {
    const cells = b.cells.map((c) => ({ ...cellRecord(c.variant, [100, 101, 99]), mechanism: c.variant === "serial" ? null : `${mechanism}/${c.variant}` }));
    const record: BlockSuccessRecord = {
      "tribench-block": 1, ok: true, runtime: "bun", runtimeVersion, suite: "pi", size: "quick", seed: round, cells, probes: [], order: [[0, 1]],
      harness: { name: "tribench-interleaved", phaseMs: 1000, verifyMs: 1, probeMs: 0, overheadMs: 1 },
    };
    return { block: b, round, seed: round, startedAtMs: round * 1000, outcome: { ok: true, record, wallMs: 900, leftovers: 0 } };
  };
  const [old, now] = blocks as [Block, Block];
  const report = assembleReport({
    ...input([outcome(old, 0, "1.3.14", "old"), outcome(now, 0, "1.4.6", "new"), outcome(old, 1, "1.3.14", "old"), outcome(now, 1, "1.4.6", "new")]),
    installs: bunInstalls, blocks, unsupported: dropped,
  });
  assert.deepEqual(report.runtimes.map((r) => [r.name, r.version, r.label, r.mechanisms]), [
    ["bun", "1.3.14", "bun@1.3.14", { threads: "old/threads" }],
    ["bun", "1.4.5", "bun@1.4.5", { threads: "new/threads", processes: "new/processes" }],
  ]);
  assert.deepEqual(report.results.map((r) => `${r.runtime} ${r.variant} ${r.processes.length}`), [
    "bun@1.3.14 serial 2", "bun@1.3.14 threads 2", "bun@1.4.5 serial 2", "bun@1.4.5 threads 2", "bun@1.4.5 processes 2",
  ]);
  assert.deepEqual(report.blocks.map((b) => b.runtime), ["bun@1.3.14", "bun@1.4.5", "bun@1.3.14", "bun@1.4.5"]);
  assert.deepEqual(report.failures.map((f) => [f.runtime, f.variant, f.kind, f.reason]), [["bun@1.3.14", "processes", "unsupported", "no IPC before 1.4"]]);
  assert.deepEqual(report.warnings, ["bun@1.4.5 reported version 1.4.6 in its blocks, but 1.4.5 was located"]);
});

test("cells of a version that runs none of them are reported unsupported once each, with no block and no round", () => {
  const [deno] = expandBlocks({ runtimes: ["deno@1.46.0"], suites: [{ name: "pi", variants: ["serial", "threads"] }], variants: ["serial", "threads"], workers: [2], size: "quick" }) as [Block];
  const { blocks, dropped } = withoutUnsupported([deno], () => "deno 1.46.0 is older than 2.0.0");
  const report = assembleReport({ ...input([]), installs: [{ name: "deno", version: "1.46.0", executable: "/c/deno", source: "cache" }], blocks, unsupported: dropped });
  assert.deepEqual(report.failures.map((f) => `${f.runtime} ${f.variant} ${f.kind} ${f.round ?? "-"}: ${f.reason}`), [
    "deno@1.46.0 serial unsupported -: deno 1.46.0 is older than 2.0.0", "deno@1.46.0 threads unsupported -: deno 1.46.0 is older than 2.0.0",
  ]);
  assert.deepEqual([report.results, report.blocks, report.runtimes.map((r) => r.label)], [[], [], ["deno@1.46.0"]]);
});
