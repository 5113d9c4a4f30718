/**
 * Faults inside a real run (issue 5), in blocks: the built `tribench`, with the orchestrator and its
 * blocks on the runtime running this file (`npm test` runs it under Node, Deno and Bun) and the
 * test-only fault suites added with `--suite-file` (testing/fault_suites.ts). Two kinds of fault:
 * - a cell's fault the block survives (a kernel that throws; a pool worker that exits or is killed):
 *   that cell is recorded in `failures[]` with its own reason and the block goes on with its other
 *   cells, which are measured;
 * - a fault that ends the block process (process.exit, SIGKILL or out of memory in the block's own
 *   thread, garbage instead of the record, a hang past the time limit): every cell of that block is
 *   recorded failed with the block's reason.
 * Either way the healthy suite is still measured and verified, the run exits 1, and no process of
 * the run is left alive.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { CellFailure, Report } from "../reports/report.ts";
import { validateReport } from "../reports/validate.ts";
import type { RuntimeName } from "../runtimes/types.ts";
import { runtimeNameOf } from "../runtimes/versions/label.ts";
import { FAULT_EXIT_CODE, FAULT_GARBAGE_LINE } from "../testing/fault_suites.ts";
import { FAULT_SUITE_ARGS, HAVE_PROC, leftoversOf, ORCHESTRATOR, seedFor, startTribench, type E2eRun } from "../testing/e2e.ts";

const rt = ORCHESTRATOR;
const skip = HAVE_PROC ? false : "leftover checks read /proc: Linux only";
const work = mkdtempSync(join(tmpdir(), "tribench-faults-"));
after(() => rmSync(work, { recursive: true, force: true }));

const FAULTY = ["fault-throw", "fault-worker", "fault-exit", "fault-kill", "fault-oom", "fault-garbage"];
const SUITES = ["io", ...FAULTY];
const COMMON = [...FAULT_SUITE_ARGS, "--runtimes", rt, "--variants", "serial,threads,processes", "--size", "quick", "--workers", "1", "--runs", "1", "--warmup", "0", "--rounds", "1", "--json"];

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

/** Why each faulty cell must fail: [suite, variant, kind, reason]. */
function expectations(): [string, string, RegExp, RegExp][] {
  const died = (what: string) => new RegExp(`^worker died while running task fault-worker on ${rt} \\(${rt}/[^)]+\\): ${what}$`);
  // How a runtime dies of memory differs: V8 aborts or traps the block; Bun throws RangeError in the
  // thread that hit the limit, or a process worker crashes.
  const oom = /out of memory|memory limit|killed by SIG(ABRT|SEGV|TRAP|KILL)|signal SIG(ABRT|SEGV|TRAP|KILL)/i;
  const exited = new RegExp(`^block process exited with code ${FAULT_EXIT_CODE} before answering`);
  const killed = /^block process was killed by SIGKILL before answering/;
  return [
    // Cell faults: the block lives on.
    ["fault-throw", "serial", /^error$/, /^fault-throw: injected error in task 0$/],
    ["fault-throw", "threads", /^error$/, /^task fault-throw failed: fault-throw: injected error in task 0$/],
    ["fault-throw", "processes", /^error$/, /^task fault-throw failed: fault-throw: injected error in task 0$/],
    ["fault-worker", "threads", /^crash$/, died(`exit code ${FAULT_EXIT_CODE}`)],
    ["fault-worker", "processes", /^crash$/, died("signal SIGKILL")],
    // Block faults: the serial kernel runs in the block's own thread, so the block process ends, and
    // with it every cell of the block (a signal reaches a process, never one thread: threads too).
    ["fault-exit", "serial", /^crash$/, exited],
    ["fault-exit", "threads", /^crash$/, exited],
    ["fault-exit", "processes", /^crash$/, exited],
    ["fault-kill", "serial", /^crash$/, killed],
    ["fault-kill", "threads", /^crash$/, killed],
    ["fault-kill", "processes", /^crash$/, killed],
    ["fault-oom", "serial", /^(crash|error)$/, oom],
    ["fault-oom", "threads", /^(crash|error)$/, oom],
    ["fault-oom", "processes", /^(crash|error)$/, oom],
    ["fault-garbage", "serial", /^protocol$/, new RegExp(`^block process printed no tribench-block record \\(stdout: '${FAULT_GARBAGE_LINE}'\\)$`)],
  ];
}

function failureOf(report: Report, suite: string, variant: string): CellFailure | undefined {
  return report.failures.find((f) => f.suite === suite && f.variant === variant);
}

function reportOf(run: E2eRun): Report {
  assert.ok(run.stdout.trim().startsWith("{"), `no JSON report on stdout; stderr: ${run.stderr.slice(-2000)}`);
  return validateReport(JSON.parse(run.stdout));
}

test(`${rt}: cell faults recorded with their reasons while their blocks go on; block faults fail every cell of the block; the healthy suite measured; exit 1; nothing left`, { skip, timeout: 180_000 }, async () => {
  // io runs last, after every faulty block: the run goes on past crashed block processes.
  const seed = seedFor(SUITES, (order) => order[order.length - 1] === "io");
  const mark = `faults-${process.pid}-${rt}`;
  const args = [...COMMON, "--suites", SUITES.join(","), "--seed", String(seed), "--out", join(work, "faults")];
  const run = await startTribench({ runtime: rt, args, mark, ...memoryLimit(rt) }).done;
  const left = await leftoversOf(mark);
  const report = reportOf(run);
  assert.equal(run.code, 1, run.stderr.slice(-2000));
  assert.equal(report.partial, false);
  assert.deepEqual(report.blocks.map((b) => b.suite).slice(-1), ["io"], "io ran last");
  // The healthy suite, and the serial cell of the block whose workers died, were measured and verified.
  assert.deepEqual(
    report.results.map((r) => `${r.suite} ${r.variant} ${r.verified}`).sort(),
    ["fault-worker serial true", "io processes true", "io serial true", "io threads true"],
  );
  const expected = expectations();
  assert.equal(report.failures.length, expected.length, JSON.stringify(report.failures, null, 1));
  for (const [suite, variant, kind, reason] of expected) {
    const f = failureOf(report, suite, variant);
    assert.ok(f, `${rt} ${suite} ${variant} is not in failures[]`);
    assert.equal(runtimeNameOf(f.runtime), rt);
    assert.equal(f.size, "quick");
    assert.equal(f.workers, 1);
    assert.equal(f.round, 0);
    assert.match(f.kind, kind, `${rt} ${suite} ${variant}: ${f.kind}: ${f.reason}`);
    assert.match(f.reason, reason, `${rt} ${suite} ${variant}`);
    assert.ok(!f.reason.includes("\n"), f.reason);
  }
  // A block that survived its faulty cells answered; one whose process ended did not.
  // (fault-oom may go either way: Bun throws RangeError where V8 aborts the process.)
  assert.equal(report.blocks.length, SUITES.length);
  const blockOk = new Map(report.blocks.map((b) => [b.suite, b.ok]));
  for (const suite of ["io", "fault-throw", "fault-worker"]) assert.equal(blockOk.get(suite), true, `${suite}'s block answered`);
  for (const suite of ["fault-exit", "fault-kill", "fault-garbage"]) assert.equal(blockOk.get(suite), false, `${suite}'s block process ended`);
  for (const suite of ["fault-exit", "fault-kill", "fault-garbage"]) {
    const reasons = new Set(report.failures.filter((f) => f.suite === suite).map((f) => f.reason));
    assert.equal(reasons.size, 1, `${suite}: every cell carries the block's one reason, got ${[...reasons].join(" / ")}`);
  }
  // The terminal got one line per block, and no stack trace.
  assert.doesNotMatch(run.stderr, /^\s+at \S+ \(/m);
  assert.deepEqual(left, [], `processes of the ${rt} run are still alive`);
});

test(`${rt}: a hung block (serial, threads, processes) is killed at the time limit with its process tree, every cell recorded as a timeout`, { skip, timeout: 120_000 }, async () => {
  const mark = `hang-${process.pid}-${rt}`;
  const args = [...COMMON, "--suites", "fault-hang", "--cell-timeout", "1.5", "--out", join(work, "hang")];
  const run = await startTribench({ runtime: rt, args, mark }).done;
  // The hung kernels wait ten minutes on a timer: anything of the run still alive now was not killed.
  const left = await leftoversOf(mark);
  assert.equal(run.code, 1, run.stderr.slice(-2000));
  const report = reportOf(run);
  assert.equal(report.results.length, 0);
  assert.deepEqual(report.failures.map((f) => `${runtimeNameOf(f.runtime)} ${f.suite} ${f.variant} ${f.kind}`), ["serial", "threads", "processes"].map((v) => `${rt} fault-hang ${v} timeout`));
  for (const f of report.failures) assert.equal(f.reason, "timed out after 1.5 s; its process tree was killed");
  assert.equal(report.config.cellTimeoutMs, 1500);
  assert.deepEqual(report.blocks.map((b) => [b.suite, b.ok]), [["fault-hang", false]]);
  assert.deepEqual(left, [], `processes of the ${rt} hang run are still alive`);
});
