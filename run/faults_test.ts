/**
 * Faults inside a real run (issue 5), on Node, Deno and Bun, in the serial cell and in both worker
 * kinds: the built `tribench`, run on each runtime with the test-only fault suites enabled
 * (TRIBENCH_TEST_FAULTS=1, suites/fault_suites.ts), must record every faulty cell in `failures[]` with
 * a reason naming the task and its exit code or signal, still measure the healthy cells, exit 1, and
 * leave no process of the run alive. A hung cell is killed at its time limit with its process tree.
 *
 * Runs only under Node: each test starts the orchestrator on all three runtimes itself, so running
 * the file again under Deno and Bun would repeat the same runs (and triple the time on a 2-core box).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { CellFailure, Report } from "../reports/report.ts";
import { validateReport } from "../reports/validate.ts";
import { currentRuntimeName } from "../runtimes/registry.ts";
import type { RuntimeName } from "../runtimes/types.ts";
import { FAULT_EXIT_CODE, FAULT_GARBAGE_LINE, TEST_FAULTS_ENV } from "../testing/fault_suites.ts";
import { HAVE_PROC, leftoversOf, startTribench, type E2eRun } from "../testing/e2e.ts";

const skip = currentRuntimeName() !== "node" || !HAVE_PROC ? "orchestration test: runs under Node on Linux only" : false;
const work = mkdtempSync(join(tmpdir(), "tribench-faults-"));
after(() => rmSync(work, { recursive: true, force: true }));

const RUNTIMES: readonly RuntimeName[] = ["node", "deno", "bun"];
const FAULTY = ["fault-throw", "fault-exit", "fault-kill", "fault-oom", "fault-garbage"];
const COMMON = ["--size", "quick", "--workers", "1", "--runs", "1", "--warmup", "0", "--json"];

/**
 * A heap limit for every process of the run, so `fault-oom` hits it quickly: V8 flags through the
 * environment for Node and Deno; Bun (JavaScriptCore) has no heap flag, so its run gets an address
 * space limit instead, under which Bun itself (but not V8) still starts.
 */
function memoryLimit(runtime: RuntimeName): { env?: Record<string, string>; ulimitVirtualKb?: number } {
  if (runtime === "node") return { env: { NODE_OPTIONS: "--max-old-space-size=96" } };
  if (runtime === "deno") return { env: { DENO_V8_FLAGS: "--max-old-space-size=96" } };
  return { ulimitVirtualKb: 800_000 };
}

/** Why each fault cell must fail: [suite, variant, kind(s), reason]. */
function expectations(rt: RuntimeName): [string, string, RegExp, RegExp][] {
  const died = (task: string, what: string) => new RegExp(`^worker died while running task ${task} on ${rt} \\(${rt}/[^)]+\\): ${what}`);
  const oom = /out of memory|memory limit|killed by SIG(ABRT|SEGV|TRAP|KILL)|signal SIG(ABRT|SEGV|TRAP|KILL)/i;
  return [
    ["fault-throw", "serial", /^error$/, /^fault-throw: injected error in task 0$/],
    ["fault-throw", "threads", /^error$/, /^task fault-throw failed: fault-throw: injected error in task 0$/],
    ["fault-throw", "processes", /^error$/, /^task fault-throw failed: fault-throw: injected error in task 0$/],
    ["fault-exit", "serial", /^crash$/, new RegExp(`^cell process exited with code ${FAULT_EXIT_CODE} before answering`)],
    ["fault-exit", "threads", /^crash$/, died("fault-exit", `exit code ${FAULT_EXIT_CODE}`)],
    ["fault-exit", "processes", /^crash$/, died("fault-exit", `exit code ${FAULT_EXIT_CODE}`)],
    // A signal kills a process, never one thread: in the serial and threads cells it kills the cell.
    ["fault-kill", "serial", /^crash$/, /^cell process was killed by SIGKILL before answering/],
    ["fault-kill", "threads", /^crash$/, /^cell process was killed by SIGKILL before answering/],
    ["fault-kill", "processes", /^crash$/, died("fault-kill", "signal SIGKILL")],
    // How a runtime dies of memory differs (V8 aborts or traps; Bun throws RangeError or crashes).
    ["fault-oom", "serial", /^(crash|error)$/, oom],
    ["fault-oom", "threads", /^(crash|error)$/, oom],
    ["fault-oom", "processes", /^(crash|error)$/, oom],
    ["fault-garbage", "serial", /^protocol$/, new RegExp(`^cell process printed no tribench-cell record \\(stdout: '${FAULT_GARBAGE_LINE}'\\)$`)],
  ];
}

function failureOf(report: Report, suite: string, variant: string): CellFailure | undefined {
  return report.failures.find((f) => f.suite === suite && f.variant === variant);
}

function reportOf(run: E2eRun): Report {
  assert.ok(run.stdout.trim().startsWith("{"), `no JSON report on stdout; stderr: ${run.stderr.slice(-2000)}`);
  return validateReport(JSON.parse(run.stdout));
}

/** Every runtime's fault run, started together so the three overlap (each is mostly waiting on cells). */
const faultRuns = new Map<RuntimeName, Promise<E2eRun>>();
function faultRun(rt: RuntimeName): Promise<E2eRun> {
  if (!faultRuns.has(rt)) {
    const { env, ulimitVirtualKb } = memoryLimit(rt);
    const args = ["--runtimes", rt, "--suites", [...FAULTY, "io"].join(","), "--variants", "serial,threads,processes", ...COMMON, "--out", join(work, `faults-${rt}`)];
    faultRuns.set(rt, startTribench({ runtime: rt, args, mark: `faults-${process.pid}-${rt}`, env: { [TEST_FAULTS_ENV]: "1", ...env }, ulimitVirtualKb }).done);
  }
  return faultRuns.get(rt)!;
}

for (const rt of RUNTIMES) {
  test(`${rt}: a task that throws, exits, is killed or runs out of memory, and a cell printing garbage: each recorded, the rest still measured, exit 1, nothing left`, { skip, timeout: 240_000 }, async () => {
    for (const other of RUNTIMES) void faultRun(other).catch(() => undefined);
    const run = await faultRun(rt);
    const report = reportOf(run);
    assert.equal(run.code, 1, run.stderr.slice(-2000));
    assert.equal(report.partial, false);
    // The healthy suite ran after and between the faulty cells, and was verified.
    assert.deepEqual(report.results.map((r) => `${r.suite} ${r.variant} ${r.verified}`).sort(), ["io processes true", "io serial true", "io threads true"]);
    const expected = expectations(rt);
    assert.equal(report.failures.length, expected.length, JSON.stringify(report.failures, null, 1));
    for (const [suite, variant, kind, reason] of expected) {
      const f = failureOf(report, suite, variant);
      assert.ok(f, `${rt} ${suite} ${variant} is not in failures[]`);
      assert.equal(f.runtime, rt);
      assert.equal(f.size, "quick");
      assert.equal(f.workers, 1);
      assert.match(f.kind, kind, `${rt} ${suite} ${variant}: ${f.kind}: ${f.reason}`);
      assert.match(f.reason, reason, `${rt} ${suite} ${variant}`);
      assert.ok(!f.reason.includes("\n"), f.reason);
    }
    // The terminal got one line per cell, and no stack trace.
    assert.doesNotMatch(run.stderr, /^\s+at \S+ \(/m);
    assert.deepEqual(await leftoversOf(`faults-${process.pid}-${rt}`), [], `processes of the ${rt} run are still alive`);
  });
}

test("a hung cell on node, deno and bun, serial and both worker kinds: killed at the time limit with its process tree, recorded as a timeout", { skip, timeout: 240_000 }, async () => {
  // After the fault runs, so the short time limit is not eaten by their load.
  await Promise.all(RUNTIMES.map((rt) => faultRun(rt).catch(() => undefined)));
  const runs = await Promise.all(RUNTIMES.map(async (rt) => {
    const mark = `hang-${process.pid}-${rt}`;
    const args = ["--runtimes", rt, "--suites", "fault-hang", "--variants", "serial,threads,processes", ...COMMON, "--cell-timeout", "1.5", "--out", join(work, `hang-${rt}`)];
    const run = await startTribench({ runtime: rt, args, mark, env: { [TEST_FAULTS_ENV]: "1" } }).done;
    // The hung kernels wait ten minutes on a timer: anything of the run still alive now was not killed.
    return { rt, run, left: await leftoversOf(mark) };
  }));
  for (const { rt, run, left } of runs) {
    assert.equal(run.code, 1, run.stderr.slice(-2000));
    const report = reportOf(run);
    assert.equal(report.results.length, 0);
    assert.deepEqual(report.failures.map((f) => `${f.runtime} ${f.suite} ${f.variant} ${f.kind}`), ["serial", "threads", "processes"].map((v) => `${rt} fault-hang ${v} timeout`));
    for (const f of report.failures) assert.equal(f.reason, "timed out after 1.5 s; its process tree was killed");
    assert.equal(report.config.cellTimeoutMs, 1500);
    assert.deepEqual(left, [], `processes of the ${rt} hang run are still alive`);
  }
});
