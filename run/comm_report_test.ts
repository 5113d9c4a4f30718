/**
 * A communication suite through the plan, the report and its renderers: cells per case (a case may
 * fix its workers), unsupported cells planned but never sent, each cell's own measure converted from
 * its run times, and tables, terminal and chart that show that measure in its unit instead of a
 * speedup. Synthetic block records: no process is started.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { BlockCellRecord, BlockSuccessRecord } from "../harness/block_protocol.ts";
import { metricChartSpec, renderSpeedupCharts } from "../reports/charts.ts";
import { renderMarkdown } from "../reports/markdown.ts";
import type { MachineInfo, RunConfig, RunPlan } from "../reports/report.ts";
import { renderTerminal, TERMINAL_WIDTH } from "../reports/terminal.ts";
import { validateReport } from "../reports/validate.ts";
import { suiteByName } from "../suites/registry.ts";
import { assembleReport, type BlockOutcome } from "./assemble.ts";
import { metricOfRuns } from "./cell_metric.ts";
import { blockLabel, blockSeed, cellKey, expandBlocks, variantLabel, type Block } from "./plan.ts";

const pingPong = suiteByName("ping-pong")!;
const counter = suiteByName("shared-counter")!;
const variants = ["serial", "threads", "processes"] as const;

test("the plan: one cell per variant x case x workers, one block per case; a case's own worker count wins; unsupported cells are kept apart", () => {
  const blocks = expandBlocks({ runtimes: ["node"], suites: [pingPong, counter], variants: [...variants], workers: [2, 4], size: "quick" });
  const ppBlocks = blocks.filter((b) => b.suite === "ping-pong");
  const scBlocks = blocks.filter((b) => b.suite === "shared-counter");
  // A suite with its own measure has no serial run to pair with: each case runs in processes of its own.
  assert.deepEqual(ppBlocks.map((b) => b.case), pingPong.cases!.map((c) => c.name));
  assert.deepEqual(scBlocks.map((b) => b.case), counter.cases!.map((c) => c.name));
  for (const b of blocks) assert.ok(b.cells.every((c) => c.case === b.case) && (b.unsupported ?? []).every((u) => u.cell.case === b.case), `${b.case}: only its own cells`);
  const pp = { cells: ppBlocks.flatMap((b) => b.cells), unsupported: ppBlocks.flatMap((b) => b.unsupported ?? []) };
  const sc = { cells: scBlocks.flatMap((b) => b.cells), unsupported: scBlocks.flatMap((b) => b.unsupported ?? []) };
  // ping-pong: 8 thread cases + 4 process cases, each with its one worker; 4 transfers unsupported on processes.
  assert.equal(pp.cells.length, 12);
  assert.ok(pp.cells.every((c) => c.workers === 1 && c.case !== undefined && c.variant !== "serial"));
  assert.deepEqual(pp.unsupported.map((u) => `${u.cell.variant} ${u.cell.case}`), ["processes 8 B transfer", "processes 1 KiB transfer", "processes 64 KiB transfer", "processes 1 MiB transfer"]);
  assert.match(pp.unsupported[0]!.reason, /copied/);
  assert.deepEqual(ppBlocks[0]!.cells.map(variantLabel), ["threads x1 8 B", "processes x1 8 B"]);
  assert.equal(blockLabel(ppBlocks[0]!), "node ping-pong 8 B");
  assert.notEqual(blockSeed(1, 0, ppBlocks[0]!), blockSeed(1, 0, ppBlocks[1]!), "each case's block draws its own orders");
  // shared-counter: 5 cases x 2 worker counts on threads, message only on processes.
  assert.equal(sc.cells.filter((c) => c.variant === "threads").length, 10);
  assert.deepEqual(sc.cells.filter((c) => c.variant === "processes").map((c) => `${c.case} x${c.workers}`), ["message x2", "message x4"]);
  assert.equal(sc.unsupported.length, 8);
  assert.equal(new Set(pp.cells.map(cellKey)).size, pp.cells.length, "the case is part of a cell's identity");
  // A suite without cases keeps its old keys, its one block and its block seed.
  assert.equal(cellKey({ runtime: "node", suite: "pi", variant: "serial", workers: 1, size: "quick" }), ["node", "pi", "serial", 1, "quick"].join("\u0000"));
  const [pi] = expandBlocks({ runtimes: ["node"], suites: [suiteByName("pi")!], variants: [...variants], workers: [2], size: "quick" });
  assert.equal(pi!.case, undefined);
  assert.equal(blockSeed(1, 0, pi!), blockSeed(1, 0, { runtime: "node", suite: "pi" }));
});

test("a measure from run times: a time per operation divides, a rate inverts (its bounds swap), MB/s from the bytes", () => {
  const latency = metricOfRuns({ name: "round trip", unit: "µs", better: "lower", perRun: 1000, bytesPerOp: 16 }, 20, 18, 25);
  assert.deepEqual([latency.value, latency.low, latency.high], [20, 18, 25]); // 20 ms / 1000 trips = 20 µs
  assert.ok(Math.abs(latency.mbPerS!.value - 0.8) < 1e-12); // 16 B x 50,000/s
  assert.ok(latency.mbPerS!.low < latency.mbPerS!.value && latency.mbPerS!.high > latency.mbPerS!.value);
  const rate = metricOfRuns({ name: "item", unit: "items/s", better: "higher", perRun: 5000, bytesPerOp: null }, 50, 40, 100);
  assert.deepEqual([rate.value, rate.low, rate.high], [100_000, 50_000, 125_000]);
  assert.equal(rate.mbPerS, null);
});

const machine: MachineInfo = {
  cpuModel: "Test CPU", logicalCores: 2, usableCores: 2, memoryBytes: 2 ** 33, os: "linux", arch: "x64", kernel: "6.1", hostname: "box",
  loadAvg: [0.1, 0.2, 0.3], cpuQuota: null,
};
const config: RunConfig = {
  runtimes: ["node"], suites: ["ping-pong"], variants: [...variants], workers: [2], size: "quick", runs: null, warmup: 1,
  rounds: null, budgetS: 30, seed: null, cellTimeoutMs: 300_000, api: "native", argv: [],
};
const plan: RunPlan = { seed: 7, rounds: 3, runs: 3, warmup: 1, budgetS: 30, firstRoundS: 3, roundsDone: 3, reason: "3 rounds fit" };
const planned = expandBlocks({ runtimes: ["node"], suites: [pingPong], variants: [...variants], workers: [2], size: "quick" });
/** Every ping-pong cell in one synthetic block: how the plan groups cells into processes does not change the report. */
const block: Block = { runtime: "node", suite: "ping-pong", size: "quick", cells: planned.flatMap((b) => b.cells), unsupported: planned.flatMap((b) => b.unsupported ?? []) };

/** A ping-pong block whose cell i took (i + 1) ms a run. */
function outcome(round: number): BlockOutcome {
  const cells: BlockCellRecord[] = block.cells.map((c, i) => ({
    ok: true, variant: c.variant, workers: c.workers, answer: `answer of ${c.case}`, samplesMs: [i + 1, i + 1, i + 1], atMs: [0, 10, 20], seq: [i, i + 12, i + 24],
    warmupMs: [], spawnMs: 30, mechanism: `node/${c.variant}`, pids: [],
  }));
  const record: BlockSuccessRecord = {
    "tribench-block": 1, ok: true, runtime: "node", runtimeVersion: "20.20.2", suite: "ping-pong", size: "quick", seed: round, cells, probes: [],
    order: [0, 1, 2].map(() => cells.map((_, i) => i)), harness: { name: "tribench-interleaved", phaseMs: 1000, verifyMs: 1, probeMs: 0, overheadMs: 1 },
  };
  return { block, round, seed: round, startedAtMs: round * 1000, outcome: { ok: true, record, wallMs: 900, leftovers: 0 } };
}

const report = assembleReport({
  createdAt: new Date("2026-12-01T08:00:00Z"), toolVersion: "0.2.0", partial: false, machine,
  installs: [{ name: "node", version: "20.20.2", executable: "/usr/bin/node", source: "self" }], config, plan, blocks: [block],
  outcomes: [0, 1, 2].map(outcome), boundOf: () => "io", warnings: [],
});

test("the report: each cell keeps its case and its measure in µs per round trip; unsupported cells once, with why; schema-valid", () => {
  assert.equal(validateReport(JSON.parse(JSON.stringify(report))).schema, "tribench/report@2");
  const first = report.results[0]!;
  assert.equal(first.case, "8 B");
  assert.equal(first.speedup, null, "no serial baseline: no speedup");
  // 1 ms for 100 round trips = 10 µs each; 8 B there and back per round trip.
  assert.equal(first.metric!.unit, "µs");
  assert.ok(Math.abs(first.metric!.value - (1000 * first.medianMs) / pingPong.sizes.quick.trips["8 B"]) < 1e-9);
  assert.equal(first.metric!.bytesPerOp, 16);
  assert.deepEqual(report.failures.map((f) => [f.kind, f.variant, f.case, f.round]), [
    ["unsupported", "processes", "8 B transfer", undefined], ["unsupported", "processes", "1 KiB transfer", undefined],
    ["unsupported", "processes", "64 KiB transfer", undefined], ["unsupported", "processes", "1 MiB transfer", undefined],
  ]);
  assert.deepEqual(report.blocks[0]!.cells.slice(0, 2), ["threads x1 8 B", "processes x1 8 B"]);
});

test("Markdown: a table of the measure by case, MB/s, unsupported cells saying why; no speedup, answers compared per case", () => {
  const md = renderMarkdown(report);
  assert.ok(md.includes("| Runtime | Variant | Case | Workers | µs per round trip (95% CI) | MB/s (95% CI) | Processes | Notes |"), md);
  assert.match(md, /\| node \| processes \| 1 MiB transfer \| 1 \| unsupported: a process cannot take a transferred ArrayBuffer/);
  assert.match(md, /\| node \| threads \| 8 B \| 1 \| 10\.0 \(/);
  assert.ok(!/Speedup \(95% CI\)/.test(md) && !/Answers differ/.test(md), md);
  assert.match(md, /12 cells measured, 12 verified, 0 failed, 4 unsupported/);
  assert.ok(!md.includes("**Failures**"), "unsupported cells are no failures");
});

test("terminal: the measure in its unit per case, unsupported said once per reason, every line within the width", () => {
  const text = renderTerminal(report);
  for (const line of text.split("\n")) assert.ok(line.length <= TERMINAL_WIDTH, line);
  assert.match(text, /ping-pong\s+threads\s+8 B\s+1\s+10\.0 µs/);
  assert.match(text, /ping-pong\s+processes\s+1 MiB transfer\s+1\s+unsupported/);
  assert.match(text, /^unsupported ping-pong processes 8 B transfer, 1 KiB transfer/m);
  assert.match(text, /12 cells measured, 12 verified, 0 failed, 4 unsupported\./);
  assert.match(text, /ping-pong: µs per round trip/);
  assert.ok(!/FAILED/.test(text));
});

test("chart: the measure per case on a log scale when it spans more than 30x; drawn as SVG", async () => {
  const spec = metricChartSpec(report, "ping-pong") as { layer: { encoding: { y: { scale?: { type?: string }; title?: string } } }[]; data: { values: unknown[] } };
  assert.equal(spec.data.values.length, 12);
  assert.equal(spec.layer[1]!.encoding.y.scale?.type, "log");
  assert.match(spec.layer[1]!.encoding.y.title!, /µs per round trip \(log scale\)/);
  const charts = await renderSpeedupCharts(report);
  assert.deepEqual(Object.keys(charts), ["ping-pong"]);
  assert.match(charts["ping-pong"]!, /^<svg/);
});

test("pinned blocks: the block log keeps its CPU, each cell says it ran on one CPU and why; Markdown says so once; schema-valid", () => {
  const pinned = assembleReport({
    createdAt: new Date("2026-12-01T08:00:00Z"), toolVersion: "0.2.0", partial: false, machine,
    installs: [{ name: "node", version: "20.20.2", executable: "/usr/bin/node", source: "self" }], config, plan, blocks: [block],
    outcomes: [0, 1, 2].map((r) => ({ ...outcome(r), cpus: "1" })), boundOf: () => "io", warnings: [],
  });
  assert.equal(validateReport(JSON.parse(JSON.stringify(pinned))).schema, "tribench/report@2");
  assert.deepEqual(pinned.blocks.map((b) => b.cpus), ["1", "1", "1"]);
  assert.ok(pinned.results.every((r) => r.pinned?.cpus === "1" && r.pinned.why === pingPong.oneCpu));
  const md = renderMarkdown(pinned);
  assert.equal(md.split("**On one CPU**").length - 1, 1, md);
  assert.match(md, /\*\*On one CPU\*\*: CPU 1 \(`taskset -c`\), because parent and worker take turns/);
  // Unpinned blocks say nothing; a cell whose processes ran on different CPUs is not called pinned.
  assert.ok(report.results.every((r) => r.pinned === undefined) && !renderMarkdown(report).includes("On one CPU"));
  const mixed = assembleReport({
    createdAt: new Date("2026-12-01T08:00:00Z"), toolVersion: "0.2.0", partial: false, machine,
    installs: [{ name: "node", version: "20.20.2", executable: "/usr/bin/node", source: "self" }], config, plan, blocks: [block],
    outcomes: [0, 1, 2].map((r) => (r === 1 ? outcome(r) : { ...outcome(r), cpus: "1" })), boundOf: () => "io", warnings: [],
  });
  assert.ok(mixed.results.every((r) => r.pinned === undefined));
});
