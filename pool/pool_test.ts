/**
 * Pool behaviour on the runtime running the tests, for threads and processes, with the native API
 * and (on Deno and Bun, where it differs) the node-compat one. Every test ends by checking that no
 * worker is left: process pids answer ESRCH; thread counts fall back.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { processAlive } from "../core/process_group.ts";
import { PoolClosedError, TaskError, TaskTimeoutError, WorkerCrashedError, WorkerStartError } from "./errors.ts";
import { chunkSizeFor, Pool, type PoolOptions } from "./pool.ts";
import { currentRuntimeName } from "../runtimes/registry.ts";
import { workerThreadNames } from "../runtimes/thread_reaper.ts";
import type { WorkerApi, WorkerKind } from "../runtimes/types.ts";
import { gcd } from "../suites/gcd.ts";
import { REGISTRY_MODULE } from "../suites/registry.ts";

const runtime = currentRuntimeName();
const apis: WorkerApi[] = runtime === "node" ? ["native"] : ["native", "node-compat"];
const kinds: WorkerKind[] = ["threads", "processes"];

/**
 * A task module outside the project (the system's temp folder), importing a sibling file: a Deno
 * process worker may read only the project, so this proves the pool grants the module's folder.
 */
const outside = mkdtempSync(join(tmpdir(), "tribench-pool-modules-"));
after(() => rmSync(outside, { recursive: true, force: true }));
writeFileSync(join(outside, "triple_helper.mjs"), "export const triple = (n) => 3 * n;\n");
const OUTSIDE_MODULE = join(outside, "triple.mjs");
writeFileSync(OUTSIDE_MODULE, "import { triple } from './triple_helper.mjs';\nexport const SUITES = [{ name: 'triple', kernel: triple }];\n");

/** Thread count of this process (Node only: Deno needs --allow-all to read /proc). */
const threadCount = (): number | undefined => (runtime === "node" && existsSync("/proc/self/task") ? readdirSync("/proc/self/task").length : undefined);

/**
 * Node's thread count once it is back to `limit`, or after 3 s. Node joins a worker's thread before its
 * exit event, but under coverage (NODE_V8_COVERAGE, as c8 runs the tests) a short-lived helper thread
 * can still be ending just then, so a count taken at once is sometimes one too many; a thread the pool
 * really left behind stays and still fails the check.
 */
async function threadCountSettled(limit: number | undefined): Promise<number | undefined> {
  const deadline = performance.now() + 3000;
  for (;;) {
    const count = threadCount();
    if (count === undefined || limit === undefined || count <= limit || performance.now() >= deadline) return count;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Run `body` with a fresh pool, then terminate it (if the body did not stop it) and check that
 * nothing is left: every process worker ever started is gone; no worker thread is left (on Linux:
 * Deno and Bun name their worker threads, so none of those may remain; Node does not, so its thread
 * count must be back where it was). Deno shows /proc only to --allow-all runs; elsewhere the thread
 * check is skipped there.
 */
async function withPool(options: PoolOptions, body: (pool: Pool) => Promise<void>): Promise<void> {
  const threadsBefore = threadCount();
  const pool = new Pool(options);
  try {
    await body(pool);
  } finally {
    await pool.terminate();
  }
  assert.equal(pool.pids.length, 0, "pool still lists workers after terminate");
  for (const pid of pool.startedPids) assert.ok(!processAlive(pid), `worker process ${pid} is still running`);
  if (options.kind === "processes") assert.ok(pool.startedPids.length >= options.workers);
  if (runtime === "node") {
    const threadsAfter = await threadCountSettled(threadsBefore);
    if (threadsBefore !== undefined && threadsAfter !== undefined) assert.ok(threadsAfter <= threadsBefore, `threads before ${threadsBefore}, after ${threadsAfter}`);
  } else {
    assert.deepEqual(workerThreadNames() ?? [], [], "worker threads still running after terminate");
  }
}

test("chunkSizeFor is ceil(items / (4 * workers)), at least 1", () => {
  assert.equal(chunkSizeFor(1000, 2), 125);
  assert.equal(chunkSizeFor(1001, 2), 126);
  assert.equal(chunkSizeFor(3, 2), 1);
  assert.equal(chunkSizeFor(0, 4), 1);
});

test("a pool refuses a worker count that is not a whole number >= 1, and a task module that is not an absolute path", () => {
  assert.throws(() => new Pool({ kind: "threads", workers: 0 }), RangeError);
  assert.throws(() => new Pool({ kind: "threads", workers: 1, taskModules: ["dist/suites/registry.js"] }), /task modules must be absolute paths/);
});

for (const api of apis) {
  for (const kind of kinds) {
    describe(`${runtime} ${kind} (${api})`, () => {
      const base: PoolOptions = { kind, workers: 2, api };

      test("ready() then map keeps input order for any chunksize; mechanism names runtime and API", async () => {
        await withPool(base, async (pool) => {
          await pool.ready();
          assert.ok(pool.mechanism.startsWith(`${runtime}/`), pool.mechanism);
          if (api === "node-compat" || runtime === "node") assert.match(pool.mechanism, kind === "threads" ? /worker_threads/ : /child_process/);
          else assert.doesNotMatch(pool.mechanism, /node:/);
          assert.equal(pool.kind, kind);
          assert.equal(pool.size, 2);
          assert.equal(pool.pids.length, kind === "processes" ? 2 : 0);
          const inputs = Array.from({ length: 101 }, (_, i) => ({ i, s: `x${i}` }));
          for (const chunksize of [1, 7, 200, undefined]) {
            assert.deepEqual(await pool.map("tribench:echo", inputs, { chunksize }), inputs, `chunksize ${chunksize}`);
          }
          assert.deepEqual(await pool.map("tribench:echo", []), []);
          // Work really is spread: both workers answer when there are enough chunks.
          if (kind === "processes") {
            const pids = new Set(await pool.map<number>("tribench:pid", Array.from({ length: 64 }, () => 0), { chunksize: 1 }));
            assert.deepEqual([...pids].sort(), [...pool.pids].sort());
          }
          await assert.rejects(pool.map("tribench:echo", [1], { chunksize: 0 }), RangeError);
        });
      });

      test("imapUnordered yields every index once with its value; async tasks work", async () => {
        await withPool(base, async (pool) => {
          const inputs = [30, 1, 20, 2, 10, 3];
          const seen = new Map<number, unknown>();
          for await (const { index, value } of pool.imapUnordered("tribench:sleep", inputs, { chunksize: 1 })) seen.set(index, value);
          assert.deepEqual([...seen.keys()].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5]);
          for (const [index, value] of seen) assert.equal(value, inputs[index]);
          // A failing task surfaces as the iterator's error.
          await assert.rejects(async () => {
            for await (const _ of pool.imapUnordered("fault:throw", ["from imap"], { chunksize: 1 })) assert.fail("no value expected");
          }, (e: unknown) => e instanceof TaskError && e.originalMessage === "from imap");
          // Stopping early must not leave the pool busy.
          for await (const _ of pool.imapUnordered("tribench:echo", [1, 2, 3, 4], { chunksize: 1 })) break;
          await pool.close();
        });
      });

      test("a task that throws rejects with its original message; the worker stays", async () => {
        await withPool(base, async (pool) => {
          await pool.ready();
          const pidsBefore = pool.pids;
          const error = await pool.submit("fault:throw", "original message 42").catch((e: unknown) => e);
          assert.ok(error instanceof TaskError, String(error));
          assert.equal(error.task, "fault:throw");
          assert.equal(error.originalMessage, "original message 42");
          assert.ok(!error.message.includes("\n"), "error prints as one line");
          await assert.rejects(pool.map("fault:throw", ["a", "b", "c"], { chunksize: 1 }), TaskError);
          await assert.rejects(pool.submit("no such task", 1), /unknown task "no such task"/);
          assert.deepEqual(pool.pids, pidsBefore);
          assert.deepEqual(await pool.map("tribench:echo", [1, 2, 3]), [1, 2, 3]);
        });
      });

      test("a task calling process.exit rejects with WorkerCrashedError (task, runtime, code); the worker is replaced", async () => {
        await withPool(base, async (pool) => {
          await pool.ready();
          const error = await pool.submit("fault:exit", 7).catch((e: unknown) => e);
          assert.ok(error instanceof WorkerCrashedError, String(error));
          assert.equal(error.task, "fault:exit");
          assert.equal(error.runtime, runtime);
          assert.equal(error.code, 7);
          assert.match(error.message, /fault:exit.*exit code 7/);
          assert.ok(!error.message.includes("\n"));
          // Chunks queued behind the crashed one on the same worker are not lost.
          const results = await pool.map("tribench:echo", Array.from({ length: 50 }, (_, i) => i), { chunksize: 1 });
          assert.equal(results.length, 50);
          assert.equal(pool.pids.length, kind === "processes" ? 2 : 0);
        });
      });

      test("a killed worker rejects its task with WorkerCrashedError naming signal or error; the worker is replaced", async () => {
        await withPool(base, async (pool) => {
          await pool.ready();
          const other = pool.map("tribench:sleep", [20, 20, 20, 20], { chunksize: 1 });
          const error = await pool.submit("fault:kill", null).catch((e: unknown) => e);
          assert.ok(error instanceof WorkerCrashedError, String(error));
          assert.equal(error.task, "fault:kill");
          if (kind === "processes") assert.equal(error.signal, "SIGKILL");
          else assert.ok(error.workerError, "the thread's uncaught error is reported");
          assert.deepEqual(await other, [20, 20, 20, 20]);
          assert.deepEqual(await pool.map("tribench:echo", [1, 2]), [1, 2]);
        });
      });

      test("a task over its timeout rejects with TaskTimeoutError; its worker is killed and replaced", async () => {
        await withPool(base, async (pool) => {
          await pool.ready();
          const pidsBefore = pool.pids;
          const error = await pool.submit("tribench:sleep", 60_000, { timeoutMs: 50 }).catch((e: unknown) => e);
          assert.ok(error instanceof TaskTimeoutError, String(error));
          assert.equal(error.task, "tribench:sleep");
          assert.equal(error.timeoutMs, 50);
          // Deno cannot stop a Web Worker spinning in JS (denoland/deno#35657): only test that elsewhere.
          if (!(runtime === "deno" && kind === "threads")) {
            await assert.rejects(pool.submit("fault:hang", null, { timeoutMs: 50 }), TaskTimeoutError);
          }
          assert.equal(await pool.submit("tribench:echo", "still works", { timeoutMs: 10_000 }), "still works");
          if (kind === "processes") {
            assert.equal(pool.pids.length, 2);
            assert.notDeepEqual(pool.pids, pidsBefore);
          }
        });
      });

      // Only where one worker's heap can be limited: elsewhere fault:oom would grow the whole test process.
      const heapLimitable = runtime === "node" || (runtime === "deno" && kind === "processes");
      const noHeapLimit = heapLimitable ? false : `${runtime} cannot limit one ${kind === "threads" ? "thread's" : "process worker's"} heap; fault:oom would grow the test process`;
      test("a worker out of memory (small heap limit) rejects with WorkerCrashedError and is replaced", { skip: noHeapLimit }, async () => {
        await withPool({ ...base, workers: 1, maxHeapMb: 48 }, async (pool) => {
          const error = await pool.submit("fault:oom", null).catch((e: unknown) => e);
          assert.ok(error instanceof WorkerCrashedError, String(error));
          assert.equal(error.task, "fault:oom");
          assert.deepEqual(await pool.map("tribench:echo", [1, 2]), [1, 2]);
        });
      });

      test("an abort signal rejects a queued or running task with its reason", async () => {
        await withPool({ ...base, workers: 1 }, async (pool) => {
          await pool.ready();
          const before = new AbortController();
          before.abort(new Error("aborted early"));
          await assert.rejects(pool.submit("tribench:echo", 1, { signal: before.signal }), /aborted early/);
          const running = new AbortController();
          const pending = pool.submit("tribench:sleep", 60_000, { signal: running.signal });
          setTimeout(() => running.abort(new Error("aborted while running")), 30);
          await assert.rejects(pending, /aborted while running/);
          assert.equal(await pool.submit("tribench:echo", 5), 5);
        });
      });

      test("the initializer runs in every worker before work; a failing one rejects ready() with WorkerStartError", async () => {
        await withPool({ ...base, initializer: { task: "tribench:remember", arg: "set by initializer" } }, async (pool) => {
          await pool.ready();
          const values = await pool.map("tribench:recall", Array.from({ length: 16 }, () => 0), { chunksize: 1 });
          assert.deepEqual(new Set(values), new Set(["set by initializer"]));
        });
        await withPool({ ...base, initializer: { task: "fault:throw", arg: "init broke" } }, async (pool) => {
          await assert.rejects(pool.ready(), (e: unknown) => e instanceof WorkerStartError && /init broke/.test(e.message));
          await assert.rejects(pool.map("tribench:echo", [1]), WorkerStartError);
        });
      });

      test("workers run the suites of the task modules they are given, and only those", async () => {
        const [task] = gcd.split(gcd.sizes.quick, gcd.tasksFor(gcd.sizes.quick));
        await withPool({ ...base, taskModules: [REGISTRY_MODULE, OUTSIDE_MODULE] }, async (pool) => {
          assert.deepEqual(await pool.submit("gcd", task), await gcd.kernel(task!));
          assert.deepEqual(await pool.map("triple", [1, 2, 3], { chunksize: 1 }), [3, 6, 9]);
          assert.equal(await pool.submit("tribench:echo", "built-ins stay"), "built-ins stay");
        });
        await withPool(base, async (pool) => {
          await assert.rejects(pool.submit("gcd", task), /unknown task "gcd": not a suite or tribench built-in/);
        });
        // An initializer may be a task of a module: the modules load first.
        await withPool({ ...base, initializer: { task: "triple", arg: 1 }, taskModules: [OUTSIDE_MODULE] }, async (pool) => {
          await pool.ready();
          assert.deepEqual(await pool.map("triple", [5]), [15]);
        });
      });

      test("a task module that cannot load, or a name taken twice, rejects ready() with one line", async () => {
        await withPool({ ...base, workers: 1, taskModules: [join(outside, "absent.mjs")] }, async (pool) => {
          await assert.rejects(pool.ready(), (e: unknown) => e instanceof WorkerStartError && /task module .*absent\.mjs could not be imported/.test(e.message) && !e.message.includes("\n"));
          await assert.rejects(pool.map("tribench:echo", [1]), WorkerStartError);
        });
        await withPool({ ...base, workers: 1, taskModules: [OUTSIDE_MODULE, OUTSIDE_MODULE] }, async (pool) => {
          await assert.rejects(pool.ready(), (e: unknown) => e instanceof WorkerStartError && /suite name triple is defined twice/.test(e.message));
        });
      });

      test("close() drains queued work then stops; terminate() stops now and rejects pending work", async () => {
        await withPool(base, async (pool) => {
          const work = pool.map("tribench:sleep", [30, 30, 30, 30, 30], { chunksize: 1 });
          const closed = pool.close();
          await assert.rejects(pool.submit("tribench:echo", 1), PoolClosedError);
          assert.deepEqual(await work, [30, 30, 30, 30, 30]);
          await closed;
          assert.deepEqual(pool.pids, []);
        });
        await withPool(base, async (pool) => {
          await pool.ready();
          const pending = pool.submit("tribench:sleep", 60_000);
          const queued = pool.map("tribench:echo", Array.from({ length: 100 }, (_, i) => i), { chunksize: 1 });
          const rejected = Promise.all([assert.rejects(pending, PoolClosedError), assert.rejects(queued, PoolClosedError)]);
          await pool.terminate();
          await rejected;
          await assert.rejects(pool.map("tribench:echo", [1]), PoolClosedError);
        });
      });
    });
  }
}
