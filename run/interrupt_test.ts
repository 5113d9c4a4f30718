/**
 * Ctrl-C, SIGTERM and SIGKILL of a real `tribench` run (issue 5), with the orchestrator itself on
 * Node, Deno and Bun. The run is interrupted while a cell with process workers hangs (a test-only
 * fault suite, so "mid-run" is certain, not a race): the run must end with 130 / 143 within a generous
 * bound, write a valid report marked partial, and leave no process alive (every process the run
 * started carries a marker in its environment, found through /proc). A second Ctrl-C ends it at once.
 * A SIGKILLed orchestrator cannot clean up, but must never leave a truncated report under its name.
 *
 * Runs only under Node: the tests start the orchestrator on all three runtimes themselves, so running
 * the file again under Deno and Bun would only repeat them.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { validateReport } from "../reports/validate.ts";
import { PROJECT_ROOT } from "../core/project.ts";
import { currentRuntimeName } from "../runtimes/registry.ts";
import type { RuntimeName } from "../runtimes/types.ts";
import { TEST_FAULTS_ENV } from "../testing/fault_suites.ts";
import { HAVE_PROC, leftoversOf, processesMarked, startTribench, type E2eRun } from "../testing/e2e.ts";

const skip = currentRuntimeName() !== "node" || !HAVE_PROC ? "orchestration test: runs under Node on Linux only" : false;
const work = mkdtempSync(join(tmpdir(), "tribench-interrupt-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** Longest we wait for a signalled run to end before calling it hung (not a timing assertion: a hang bound). */
const END_BOUND_MS = 30_000;
/** Two cells: io with two process workers, then fault-hang with two process workers, which never ends. */
const HANG_MATRIX = ["--suites", "io,fault-hang", "--variants", "processes", "--workers", "2", "--size", "quick", "--runs", "1", "--warmup", "0", "--cell-timeout", "120"];

interface Interrupted {
  run: E2eRun;
  out: string;
  mark: string;
  /** Pids of the hung cell's process workers seen alive just before the signal. */
  workers: number[];
  /** Command lines of every process of the run alive just before the signal. */
  cmdlines: string[];
}

/**
 * Start a run on `runtime`, wait until the first cell has finished and the hung cell's two process
 * workers are up, then send `signals` (one after another, each once the previous one was announced).
 */
function interruptRun(runtime: RuntimeName, name: string, signals: NodeJS.Signals[]): Promise<Interrupted> {
  const out = join(work, name);
  const mark = `int-${process.pid}-${name}`;
  let workers: number[] = [];
  let cmdlines: string[] = [];
  let sent = 0;
  let watching = false;
  const fire = (child: ChildProcess) => {
    child.kill(signals[sent++]!);
    if (sent === 1) setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"), END_BOUND_MS).unref();
  };
  const { child, done } = startTribench({
    runtime,
    args: ["--runtimes", runtime, ...HANG_MATRIX, "--out", out],
    mark,
    env: { [TEST_FAULTS_ENV]: "1" },
    onStderr: (text, proc) => {
      if (!watching && /^\[ *1\/2\]/m.test(text)) {
        watching = true;
        // The second cell is starting: wait for its pool's two workers, then interrupt.
        const poll = setInterval(() => {
          const all = processesMarked(mark);
          const found = all.filter((p) => p.cmdline.includes("worker_entry"));
          if (found.length >= 2) {
            clearInterval(poll);
            workers = found.map((p) => p.pid);
            cmdlines = all.map((p) => p.cmdline);
            fire(proc);
          }
        }, 50);
        setTimeout(() => clearInterval(poll), 60_000).unref();
      }
      // A second signal once the first was announced (the orchestrator is now writing its report).
      if (sent === 1 && signals.length > 1 && /stopping; writing a partial report/.test(text)) fire(proc);
    },
  });
  return done.then((run) => ({ run, out, mark, workers, cmdlines }));
}

for (const [runtime, signal, code] of [["node", "SIGINT", 130], ["node", "SIGTERM", 143], ["deno", "SIGINT", 130], ["bun", "SIGINT", 130]] as const) {
  test(`${signal} to a run on ${runtime}: exit ${code}, a valid partial report, no process left`, { skip, timeout: 120_000 }, async () => {
    const { run, out, mark, workers, cmdlines } = await interruptRun(runtime, `${runtime}-${signal}`, [signal]);
    assert.equal(workers.length, 2, `the hung cell's workers were never seen; stderr: ${run.stderr.slice(-1500)}`);
    if (runtime === "deno") assertNarrowDenoProcesses(cmdlines);
    assert.equal(run.code, code, `${run.signal ?? ""} ${run.stderr.slice(-1500)}`);
    assert.match(run.stderr, new RegExp(`tribench: ${signal}: stopping; writing a partial report`));
    const report = validateReport(JSON.parse(readFileSync(join(out, "latest.json"), "utf8")));
    assert.equal(report.partial, true);
    assert.deepEqual(report.results.map((r) => `${r.runtime} ${r.suite} ${r.variant} ${r.verified}`), [`${runtime} io processes true`]);
    assert.deepEqual(report.failures.map((f) => `${f.runtime} ${f.suite} ${f.variant} ${f.kind}`), [`${runtime} fault-hang processes interrupted`]);
    assert.ok(report.warnings.some((w) => new RegExp(`^interrupted by ${signal} after \\d of 2 cells$`).test(w)), report.warnings.join("; "));
    // The run JSON beside latest.json is the same report.
    const runFile = readdirSync(out).find((f) => /^tribench-.*\.json$/.test(f));
    assert.ok(runFile, readdirSync(out).join(", "));
    assert.deepEqual(validateReport(JSON.parse(readFileSync(join(out, runFile), "utf8"))), report);
    assert.deepEqual(await leftoversOf(mark), [], "processes of the run are still alive");
    for (const pid of workers) assert.ok(!existsSync(`/proc/${pid}/environ`) || !processesMarked(mark).some((p) => p.pid === pid), `worker ${pid} survived`);
  });
}

test("a second Ctrl-C ends the run at once: exit 130, no process left, no truncated file", { skip, timeout: 120_000 }, async () => {
  const { run, out, mark, workers } = await interruptRun("node", "twice", ["SIGINT", "SIGINT"]);
  assert.equal(workers.length, 2, run.stderr.slice(-1500));
  assert.equal(run.code, 130, run.stderr.slice(-1500));
  assert.deepEqual(await leftoversOf(mark), []);
  assertNoTruncatedReport(out);
});

test("SIGKILL of the orchestrator mid-cell on node, deno and bun: the orphaned cell and its process workers end by themselves", { skip, timeout: 120_000 }, async () => {
  for (const runtime of ["node", "deno", "bun"] as const) {
    const out = join(work, `orphan-${runtime}`);
    const mark = `orphan-${process.pid}-${runtime}`;
    let seen: string[] = [];
    const { child, done } = startTribench({ runtime, args: ["--runtimes", runtime, ...HANG_MATRIX.slice(0, 1), "fault-hang", ...HANG_MATRIX.slice(2), "--out", out], mark, env: { [TEST_FAULTS_ENV]: "1" } });
    const poll = setInterval(() => {
      const all = processesMarked(mark);
      if (all.filter((p) => p.cmdline.includes("worker_entry")).length >= 2) {
        clearInterval(poll);
        seen = all.map((p) => p.cmdline);
        child.kill("SIGKILL");
      }
    }, 50);
    const bound = setTimeout(() => child.kill("SIGKILL"), 60_000);
    const run = await done;
    clearInterval(poll);
    clearTimeout(bound);
    assert.equal(run.signal, "SIGKILL");
    assert.ok(seen.some((c) => c.includes("scripts/cell.js")), `${runtime}: the hung cell was never seen running`);
    // Nothing could clean up after a SIGKILL: the cell notices it was orphaned and takes its workers down.
    const left = await leftoversOf(mark, 15_000);
    assert.deepEqual(left.map((p) => p.cmdline.slice(0, 120)), [], `${runtime}: orphans of a killed run are still alive`);
  }
});

test("SIGKILL of the orchestrator at any moment around the report write never leaves a truncated report", { skip, timeout: 120_000 }, async () => {
  // The first cell line appears just before the report is assembled and written; kill at spread delays after it.
  for (const delayMs of [0, 25, 60, 120, 250]) {
    const out = join(work, `kill-${delayMs}`);
    const mark = `kill-${process.pid}-${delayMs}`;
    let armed = false;
    const { done } = startTribench({
      runtime: "node",
      args: ["--runtimes", "node", "--suites", "io", "--variants", "serial", "--size", "quick", "--runs", "1", "--warmup", "0", "--out", out],
      mark,
      onStderr: (text, child) => {
        if (!armed && /^\[ *1\/1\]/m.test(text)) {
          armed = true;
          setTimeout(() => child.kill("SIGKILL"), delayMs);
        }
      },
    });
    const run = await done;
    assert.ok(run.signal === "SIGKILL" || run.code === 0, `delay ${delayMs}: ${run.code} ${run.signal}`);
    assertNoTruncatedReport(out);
    assert.deepEqual(await leftoversOf(mark), []);
  }
});

/**
 * The Deno cell and its process workers as they really ran (from /proc): reads of the project only,
 * run of Deno itself only for the cell and of nothing for a worker, no write, no network, no -A.
 */
function assertNarrowDenoProcesses(cmdlines: readonly string[]): void {
  const cell = cmdlines.filter((c) => c.includes("scripts/cell.js"));
  const workers = cmdlines.filter((c) => c.includes("worker_entry"));
  assert.equal(cell.length, 1, cmdlines.join("\n"));
  assert.equal(workers.length, 2, cmdlines.join("\n"));
  for (const line of [...cell, ...workers]) {
    const words = line.split(" ");
    assert.ok(!words.some((w) => w === "-A" || w === "--allow-all" || w.startsWith("--allow-net") || w.startsWith("--allow-write")), line);
    assert.deepEqual(words.filter((w) => w.startsWith("--allow-read")), [`--allow-read=${PROJECT_ROOT}`], line);
    assert.ok(words.includes("--no-prompt"), line);
  }
  const deno = cell[0]!.split(" ")[0]!;
  assert.deepEqual(cell[0]!.split(" ").filter((w) => w.startsWith("--allow-run")), [`--allow-run=${deno}`]);
  for (const line of workers) assert.deepEqual(line.split(" ").filter((w) => w.startsWith("--allow-run") || w === "--allow-env" || w === "--allow-sys"), [], line);
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
