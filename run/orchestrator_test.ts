/**
 * End to end: the built `tribench`, with the orchestrator on the runtime running this file (`npm
 * test` runs it under Node, Deno and Bun, so what `npm run bench`, `deno task bench` and `bun run
 * bench` run is each tested), runs a small `--size quick` matrix with blocks of all three runtimes, a
 * `--api node-compat` run, a run whose blocks hit their time limit, and one interrupted with SIGINT.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { Report } from "../reports/report.ts";
import { validateReport } from "../reports/validate.ts";
import { runtimeNameOf } from "../runtimes/versions/label.ts";
import { HAVE_PROC, leftoversOf, ORCHESTRATOR, signalRun, startTribench, type E2eRun } from "../testing/e2e.ts";
import { oneCpu } from "../runtimes/cpu_pinning.ts";
import { suiteByName } from "../suites/registry.ts";
import { limitFor, machineWarnings } from "./orchestrator.ts";

const skip = process.platform === "win32" ? "process groups and signals: POSIX only" : false;
const work = mkdtempSync(join(tmpdir(), "tribench-e2e-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** Run the built CLI on this runtime with a marker in its environment, so every process it starts can be found. */
function tribench(args: string[], mark: string, onStderr?: Parameters<typeof startTribench>[0]["onStderr"]): Promise<E2eRun> {
  return startTribench({ runtime: ORCHESTRATOR, args, mark, onStderr }).done;
}

async function assertNothingLeft(mark: string): Promise<void> {
  if (!HAVE_PROC) return;
  assert.deepEqual(await leftoversOf(mark), [], "processes of the run are still alive");
}

test(`orchestrator on ${ORCHESTRATOR}: --size quick on node, deno and bun: every answer verified, a valid report on stdout and on disk`, { skip, timeout: 240_000 }, async () => {
  const out = join(work, "quick");
  const mark = `e2e-${process.pid}-${ORCHESTRATOR}-quick`;
  const run = await tribench(["--size", "quick", "--runtimes", "node,deno,bun", "--suites", "collatz,io", "--workers", "2", "--runs", "2", "--warmup", "0", "--rounds", "2", "--seed", "11", "--out", out, "--json"], mark);
  assert.equal(run.code, 0, run.stderr);
  const report: Report = validateReport(JSON.parse(run.stdout));
  assert.equal(report.partial, false);
  assert.deepEqual(report.failures, []);
  assert.deepEqual(report.runtimes.map((r) => r.name), ["node", "deno", "bun"]);
  // collatz: serial, threads, processes; io: those and async; on three runtimes.
  assert.equal(report.results.length, 3 * (3 + 4));
  for (const r of report.results) {
    assert.equal(r.verified, true);
    // Two rounds: two fresh processes per cell, two paired runs each.
    assert.equal(r.processes.length, 2);
    assert.deepEqual(r.processes.map((p) => p.round), [0, 1]);
    assert.equal(r.samplesMs.length, 4);
    assert.ok(r.speedup !== null && r.speedup > 0, `${r.runtime} ${r.suite} ${r.variant} has a speedup`);
    assert.equal(r.size, "quick");
    assert.equal(r.spawnMs === null, r.variant === "serial" || r.variant === "async");
  }
  for (const suite of ["collatz", "io"]) {
    const answers = new Set(report.results.filter((r) => r.suite === suite).map((r) => r.answer));
    assert.equal(answers.size, 1, `${suite}: one answer on every runtime and variant, got ${[...answers].join(" / ")}`);
  }
  assert.equal(report.config.size, "quick");
  assert.deepEqual(report.config.workers, [2]);
  // The same report on disk, plus latest.json and the Markdown.
  const files = readdirSync(out);
  const json = files.find((f) => /^tribench-.*\.json$/.test(f))!;
  assert.deepEqual(validateReport(JSON.parse(readFileSync(join(out, json), "utf8"))), report);
  assert.ok(existsSync(join(out, "latest.json")));
  assert.ok(files.some((f) => f.endsWith(".md")));
  assert.equal(report.plan.seed, 11);
  assert.equal(report.plan.roundsDone, 2);
  assert.equal(report.blocks.length, 12);
  // Each round runs all 6 blocks, each once, in its own order.
  for (const round of [0, 1]) {
    // A block names its runtime by label (node@22.11.0): one install of each runtime here.
    const names = report.blocks.filter((b) => b.round === round).map((b) => `${runtimeNameOf(b.runtime)} ${b.suite}`);
    assert.deepEqual([...names].sort(), ["bun collatz", "bun io", "deno collatz", "deno io", "node collatz", "node io"]);
  }
  assert.match(run.stderr, /^tribench: seed 11 /m);
  assert.match(run.stderr, /^\[12\/12\] round 2\/2 (node|deno|bun)@\S+ \w+ +ok /m);
  assert.deepEqual(report.config.runtimes, report.runtimes.map((r) => `${r.name}@${r.version}`));
  assert.deepEqual(report.runtimes.map((r) => r.label), report.config.runtimes);
  await assertNothingLeft(mark);
});

test(`orchestrator on ${ORCHESTRATOR}: --api node-compat: Deno and Bun pools run on node:worker_threads and node:child_process.fork, answers verified`, { skip, timeout: 120_000 }, async () => {
  const out = join(work, "node-compat");
  const mark = `e2e-${process.pid}-${ORCHESTRATOR}-compat`;
  const run = await tribench(["--size", "quick", "--runtimes", "deno,bun", "--suites", "primes", "--variants", "serial,threads,processes", "--workers", "2", "--runs", "1", "--warmup", "0", "--rounds", "1", "--api", "node-compat", "--out", out, "--json"], mark);
  assert.equal(run.code, 0, run.stderr);
  const report: Report = validateReport(JSON.parse(run.stdout));
  assert.equal(report.config.api, "node-compat");
  assert.deepEqual(report.runtimes.map((r) => [r.name, r.mechanisms]), [
    ["deno", { threads: "deno/node:worker_threads", processes: "deno/node:child_process.fork" }],
    ["bun", { threads: "bun/node:worker_threads", processes: "bun/node:child_process.fork" }],
  ]);
  assert.ok(report.results.length === 6 && report.results.every((r) => r.verified));
  await assertNothingLeft(mark);
});

test(`orchestrator on ${ORCHESTRATOR}: a block over its time limit is killed and recorded; the run goes on, does not retry it, and exits 1`, { skip, timeout: 60_000 }, async () => {
  const out = join(work, "timeout");
  const mark = `e2e-${process.pid}-${ORCHESTRATOR}-timeout`;
  const run = await tribench(["--size", "quick", "--runtimes", "node,deno", "--suites", "collatz", "--variants", "serial", "--cell-timeout", "0.05", "--out", out, "--json"], mark);
  assert.equal(run.code, 1, run.stderr);
  const report = validateReport(JSON.parse(run.stdout));
  assert.equal(report.failures.length, 2, "both blocks ran despite the first failing, and neither was run again");
  assert.ok(report.warnings.some((w) => /not run again after it failed in round 1/.test(w)), report.warnings.join("; "));
  for (const f of report.failures) {
    assert.equal(f.kind, "timeout");
    assert.equal(f.reason, "timed out after 0.1 s; its process tree was killed");
  }
  assert.equal(report.config.cellTimeoutMs, 50);
  await assertNothingLeft(mark);
});

test(`orchestrator on ${ORCHESTRATOR}: SIGINT: children killed, a valid partial report written, exit 130`, { skip, timeout: 90_000 }, async () => {
  const out = join(work, "sigint");
  const mark = `e2e-${process.pid}-${ORCHESTRATOR}-sigint`;
  let sentAt = 0;
  const run = await tribench(["--size", "quick", "--runtimes", "node,deno,bun", "--suites", "collatz,pi", "--runs", "10", "--out", out], mark, (text, child) => {
    // Interrupt once the first block is done and the second is running.
    if (!sentAt && /^\[ *1\/\d+\]/m.test(text)) {
      sentAt = performance.now();
      setTimeout(() => signalRun(child, "SIGINT"), 200);
    }
  });
  assert.ok(sentAt > 0, "the run never finished its first block");
  assert.equal(run.code, 130, run.stderr);
  const report = validateReport(JSON.parse(readFileSync(join(out, "latest.json"), "utf8")));
  assert.equal(report.partial, true);
  assert.ok(report.results.length >= 1);
  assert.ok(report.failures.some((f) => f.kind === "interrupted"));
  assert.ok(report.warnings.some((w) => /^interrupted by SIGINT after \d+ block processes$/.test(w)));
  await assertNothingLeft(mark);
});

test("limitFor: explicit wins; otherwise 10x the block's first round, floor 30 s, at most the cap; the cap in round 1", () => {
  assert.equal(limitFor(1000, 5000, 300_000), 5000);
  assert.equal(limitFor(1000, undefined, 300_000), 30_000);
  assert.equal(limitFor(20_000, undefined, 300_000), 200_000);
  assert.equal(limitFor(20_000, undefined, 100_000), 100_000);
  assert.equal(limitFor(undefined, undefined, 300_000), 300_000);
});

test("machineWarnings: busy machine, container quota, oversubscription", () => {
  assert.deepEqual(machineWarnings({ logicalCores: 4, loadAvg: [0.5, 0, 0], cpuQuota: null }, [2, 4]), []);
  const w = machineWarnings({ logicalCores: 2, loadAvg: [3, 0, 0], cpuQuota: 1.5 }, [1, 2, 4]);
  assert.equal(w.length, 3);
  assert.match(w[0]!, /busy at start \(1-minute load 3\.00 on 2 cores\)/);
  assert.match(w[1]!, /quota grants 1\.5 CPUs/);
  assert.match(w[2]!, /--workers 4 exceeds the 2 logical cores/);
});

const pinnable = oneCpu();
test(`orchestrator on ${ORCHESTRATOR}: ping-pong blocks run on one CPU (the report says which and why), every block with --no-pin where the OS puts it`, { skip: skip || ("cpu" in pinnable ? false : pinnable.unavailable), timeout: 120_000 }, async () => {
  const base = ["--size", "quick", "--runtimes", "node", "--suites", "ping-pong", "--variants", "threads", "--runs", "1", "--warmup", "0", "--rounds", "1", "--json"];
  const mark = `e2e-${process.pid}-${ORCHESTRATOR}-pin`;
  const run = await tribench([...base, "--out", join(work, "pinned")], mark);
  assert.equal(run.code, 0, run.stderr);
  const report: Report = validateReport(JSON.parse(run.stdout));
  const cpu = (pinnable as { cpu: string }).cpu;
  // One block per case (ping-pong has its own measure), each on the CPU.
  assert.deepEqual(report.blocks.map((b) => b.cpus), Array(8).fill(cpu));
  assert.equal(report.results.length, 8);
  assert.ok(report.results.every((r) => r.verified && r.pinned?.cpus === cpu && r.pinned.why === suiteByName("ping-pong")!.oneCpu));
  assert.match(run.stderr, new RegExp(`^tribench: ping-pong blocks run on CPU ${cpu} \\(taskset`, "m"));
  const free = await tribench([...base, "--no-pin", "--out", join(work, "unpinned")], mark);
  assert.equal(free.code, 0, free.stderr);
  const freeReport: Report = validateReport(JSON.parse(free.stdout));
  assert.ok(freeReport.blocks.every((b) => b.cpus === undefined) && freeReport.results.every((r) => r.pinned === undefined));
  await assertNothingLeft(mark);
});
