/**
 * Ctrl-C, SIGTERM and SIGKILL of a real `tribench` run (issue 5), with the orchestrator on the runtime
 * running this file (`npm test` runs it under Node, Deno and Bun, so each of `npm run bench`,
 * `deno task bench` and `bun run bench` is interrupted). The run is interrupted while a block whose
 * process workers hang is running (the test-only `fault-hang` suite, added with `--suite-file`, so
 * "mid-run" is certain, not a race): the run must end with 130 / 143, write a valid report marked
 * partial that holds the block finished before, and leave no process alive (every process the run
 * started carries a marker in its environment, found through /proc). A second Ctrl-C ends it at once.
 * A SIGKILLed orchestrator cannot clean up, but its orphaned block must end by itself, and it must
 * never leave a truncated report under its name.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { validateReport } from "../reports/validate.ts";
import { runtimeNameOf } from "../runtimes/versions/label.ts";
import { PROJECT_ROOT } from "../core/project.ts";
import { FAULT_SUITE_MODULE } from "../testing/fault_suites.ts";
import { FAULT_SUITE_ARGS, HAVE_PROC, leftoversOf, ORCHESTRATOR, processesMarked, seedFor, signalRun, startTribench, type E2eRun, type MarkedProcess } from "../testing/e2e.ts";

const runtime = ORCHESTRATOR;
const skip = HAVE_PROC ? false : "leftover checks read /proc: Linux only";
const work = mkdtempSync(join(tmpdir(), "tribench-interrupt-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** Longest we wait for a signalled run to end before calling it hung (not a timing assertion: a hang bound). */
const END_BOUND_MS = 30_000;
/** Longest we wait for the hung block's workers to appear before giving up on the run. */
const START_BOUND_MS = 60_000;
/** The process workers of a hung block; one more than the serial cell would need, so "both" is visible. */
const HUNG_WORKERS = 2;
const COMMON = [...FAULT_SUITE_ARGS, "--runtimes", runtime, "--variants", "processes", "--workers", String(HUNG_WORKERS), "--size", "quick", "--runs", "1", "--warmup", "0", "--rounds", "1", "--cell-timeout", "120"];
/** Two blocks: io with two process workers, then fault-hang with two process workers, which never ends. */
const HANG_MATRIX = [...COMMON, "--suites", "io,fault-hang", "--seed", String(seedFor(["io", "fault-hang"], (order) => order[0] === "io"))];

/** The hung block's process workers and the block itself, once all are up. */
function hungBlock(mark: string): { workers: MarkedProcess[]; all: MarkedProcess[] } | undefined {
  const all = processesMarked(mark);
  const block = all.find((p) => p.cmdline.includes("block.js") && p.cmdline.includes('"suite":"fault-hang"'));
  const workers = all.filter((p) => p.cmdline.includes("worker_entry"));
  return block && workers.length >= HUNG_WORKERS ? { workers, all } : undefined;
}

/** Call `then` once the hung block's workers are up; SIGKILL the run if they never come. */
function whenHung(mark: string, child: ChildProcess, then: (seen: { workers: MarkedProcess[]; all: MarkedProcess[] }) => void): void {
  const started = Date.now();
  const poll = setInterval(() => {
    const seen = hungBlock(mark);
    if (seen) {
      clearInterval(poll);
      then(seen);
    } else if (Date.now() - started > START_BOUND_MS) {
      clearInterval(poll);
      signalRun(child, "SIGKILL");
    }
  }, 50);
}

interface Interrupted {
  run: E2eRun;
  out: string;
  mark: string;
  /** Pids of the hung block's process workers seen alive just before the signal. */
  workers: number[];
  /** Command lines of every process of the run alive just before the signal. */
  cmdlines: string[];
}

/**
 * Start the run, wait until the first block has finished and the hung block's process workers are
 * up, then send `signals` (one after another, each once the previous one was announced).
 */
function interruptRun(name: string, signals: NodeJS.Signals[]): Promise<Interrupted> {
  const out = join(work, name);
  const mark = `int-${process.pid}-${name}`;
  let workers: number[] = [];
  let cmdlines: string[] = [];
  let sent = 0;
  let watching = false;
  const fire = (child: ChildProcess) => {
    signalRun(child, signals[sent++]!);
    if (sent === 1) setTimeout(() => child.exitCode === null && child.signalCode === null && signalRun(child, "SIGKILL"), END_BOUND_MS).unref();
  };
  const { child, done } = startTribench({
    runtime,
    args: [...HANG_MATRIX, "--out", out],
    mark,
    onStderr: (text, proc) => {
      if (!watching && /^\[ *1\/2\]/m.test(text)) {
        watching = true;
        whenHung(mark, proc, (seen) => {
          workers = seen.workers.map((p) => p.pid);
          cmdlines = seen.all.map((p) => p.cmdline);
          fire(proc);
        });
      }
      // A second signal once the first was announced (the orchestrator is now writing its report).
      if (sent === 1 && signals.length > 1 && /stopping; writing a partial report/.test(text)) fire(proc);
    },
  });
  return done.then((run) => ({ run, out, mark, workers, cmdlines }));
}

for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  test(`${signal} to a run on ${runtime}: exit ${code}, a valid partial report with the finished block, no process left`, { skip, timeout: 120_000 }, async () => {
    const { run, out, mark, workers, cmdlines } = await interruptRun(signal, [signal]);
    const left = await leftoversOf(mark);
    assert.equal(workers.length, HUNG_WORKERS, `the hung block's workers were never seen; stderr: ${run.stderr.slice(-1500)}`);
    if (runtime === "deno") assertNarrowDenoProcesses(cmdlines);
    assert.equal(run.code, code, `${run.signal ?? ""} ${run.stderr.slice(-1500)}`);
    assert.match(run.stderr, new RegExp(`tribench: ${signal}: stopping; writing a partial report`));
    const report = validateReport(JSON.parse(readFileSync(join(out, "latest.json"), "utf8")));
    assert.equal(report.partial, true);
    assert.deepEqual(report.results.map((r) => `${runtimeNameOf(r.runtime)} ${r.suite} ${r.variant} ${r.verified}`), [`${runtime} io processes true`]);
    assert.deepEqual(report.failures.map((f) => `${runtimeNameOf(f.runtime)} ${f.suite} ${f.variant} ${f.kind}`), [`${runtime} fault-hang processes interrupted`]);
    assert.ok(report.warnings.includes(`interrupted by ${signal} after 2 block processes`), report.warnings.join("; "));
    // The run JSON beside latest.json is the same report.
    const runFile = readdirSync(out).find((f) => /^tribench-.*\.json$/.test(f));
    assert.ok(runFile, readdirSync(out).join(", "));
    assert.deepEqual(validateReport(JSON.parse(readFileSync(join(out, runFile), "utf8"))), report);
    assert.deepEqual(left, [], "processes of the run are still alive");
    for (const pid of workers) assert.ok(!processesMarked(mark).some((p) => p.pid === pid), `worker ${pid} survived`);
  });
}

test(`a second Ctrl-C to a run on ${runtime} ends it at once: exit 130, no process left, no truncated file`, { skip, timeout: 120_000 }, async () => {
  const { run, out, mark, workers } = await interruptRun("twice", ["SIGINT", "SIGINT"]);
  const left = await leftoversOf(mark);
  assert.equal(workers.length, HUNG_WORKERS, run.stderr.slice(-1500));
  assert.equal(run.code, 130, run.stderr.slice(-1500));
  assert.deepEqual(left, []);
  assertNoTruncatedReport(out);
});

test(`SIGKILL of the orchestrator on ${runtime} mid-block: the orphaned block and its process workers end by themselves`, { skip, timeout: 120_000 }, async () => {
  const out = join(work, "orphan");
  const mark = `orphan-${process.pid}`;
  let seen: string[] = [];
  const { child, done } = startTribench({ runtime, args: [...COMMON, "--suites", "fault-hang", "--out", out], mark });
  whenHung(mark, child, (hung) => {
    seen = hung.all.map((p) => p.cmdline);
    signalRun(child, "SIGKILL");
  });
  const run = await done;
  assert.equal(run.signal, "SIGKILL");
  assert.ok(seen.some((c) => c.includes("block.js")), `the hung block was never seen running; stderr: ${run.stderr.slice(-1500)}`);
  // Nothing could clean up after a SIGKILL: the block notices it was orphaned and takes its workers down.
  const left = await leftoversOf(mark, 15_000);
  assert.deepEqual(left.map((p) => p.cmdline.slice(0, 120)), [], "orphans of a killed run are still alive");
});

test(`SIGKILL of the orchestrator on ${runtime} at any moment around the report write never leaves a truncated report`, { skip, timeout: 120_000 }, async () => {
  // The block's progress line appears just before the report is assembled and written; kill at spread delays after it.
  for (const delayMs of [0, 40, 120, 300]) {
    const out = join(work, `kill-${delayMs}`);
    const mark = `kill-${process.pid}-${delayMs}`;
    let armed = false;
    const { done } = startTribench({
      runtime,
      args: ["--runtimes", runtime, "--suites", "io", "--variants", "serial", "--size", "quick", "--runs", "1", "--warmup", "0", "--rounds", "1", "--out", out],
      mark,
      onStderr: (text, child) => {
        if (!armed && /^\[ *1\/1\]/m.test(text)) {
          armed = true;
          setTimeout(() => signalRun(child, "SIGKILL"), delayMs);
        }
      },
    });
    const run = await done;
    assert.ok(armed, `delay ${delayMs}: the block never finished; stderr: ${run.stderr.slice(-1500)}`);
    assert.ok(run.signal === "SIGKILL" || run.code === 0, `delay ${delayMs}: ${run.code} ${run.signal}`);
    assertNoTruncatedReport(out);
    assert.deepEqual(await leftoversOf(mark), []);
  }
});

/**
 * The Deno block and its process workers as they really ran (from /proc): the block reads the
 * project and the folder of its `--suite-file` module, runs only Deno itself; a worker reads only the
 * project (its task modules live there) and runs nothing; neither writes, uses the network or has -A.
 */
function assertNarrowDenoProcesses(cmdlines: readonly string[]): void {
  const block = cmdlines.filter((c) => c.includes("block.js"));
  const workers = cmdlines.filter((c) => c.includes("worker_entry"));
  assert.equal(block.length, 1, cmdlines.join("\n"));
  assert.equal(workers.length, HUNG_WORKERS, cmdlines.join("\n"));
  for (const line of [...block, ...workers]) {
    const words = line.split(" ");
    assert.ok(!words.some((w) => w === "-A" || w === "--allow-all" || w.startsWith("--allow-net") || w.startsWith("--allow-write")), line);
    assert.ok(words.includes("--no-prompt"), line);
  }
  const blockWords = block[0]!.split(" ");
  const reads = blockWords.filter((w) => w.startsWith("--allow-read"));
  assert.equal(reads.length, 1, block[0]);
  const readable = reads[0]!.slice("--allow-read=".length).split(",");
  assert.ok(readable.includes(PROJECT_ROOT), block[0]);
  assert.deepEqual(readable.filter((p) => p !== PROJECT_ROOT && p !== dirname(FAULT_SUITE_MODULE)), [], block[0]);
  assert.deepEqual(blockWords.filter((w) => w.startsWith("--allow-run")), [`--allow-run=${blockWords[0]}`]);
  for (const line of workers) {
    const words = line.split(" ");
    assert.deepEqual(words.filter((w) => w.startsWith("--allow-read")), [`--allow-read=${PROJECT_ROOT}`], line);
    assert.deepEqual(words.filter((w) => w.startsWith("--allow-run") || w === "--allow-env" || w === "--allow-sys"), [], line);
  }
}

/**
 * Every report file under its real name is whole: JSON parses and validates, Markdown ends with a
 * newline. A hidden temporary file may remain after SIGKILL (nothing can remove it then), but it is
 * never the name a reader opens.
 */
function assertNoTruncatedReport(out: string): void {
  if (!existsSync(out)) return;
  for (const name of readdirSync(out)) {
    if (name.startsWith(".")) {
      assert.match(name, /\.tmp$/, `unexpected hidden file ${name}`);
      continue;
    }
    const text = readFileSync(join(out, name), "utf8");
    if (name.endsWith(".json")) assert.doesNotThrow(() => validateReport(JSON.parse(text)), `${name} is truncated or invalid`);
    if (name.endsWith(".md")) assert.ok(text.endsWith("\n") && text.length > 100, `${name} looks truncated`);
    if (name.endsWith(".svg")) assert.match(text, /<\/svg>\s*$/, `${name} is truncated`);
  }
}
