import { test } from "node:test";
import assert from "node:assert/strict";
import { processAlive } from "../core/process_group.ts";
import { Pool } from "../pool/pool.ts";
import { REGISTRY_MODULE, SUITES, suiteByName } from "../suites/registry.ts";
import { prepareTasks, runTasks } from "./run_variant.ts";

/** The six workloads (test-only suites never join the registry: tests load them by --suite-file). */
const WORKLOADS = SUITES;

test("the registry holds the six suites, each with serial, threads and processes", () => {
  assert.deepEqual(WORKLOADS.map((s) => s.name), ["collatz", "pi", "gcd", "countdown", "primes", "io"]);
  for (const s of WORKLOADS) for (const v of ["serial", "threads", "processes"] as const) assert.ok(s.variants.includes(v), `${s.name} ${v}`);
  assert.deepEqual(WORKLOADS.filter((s) => s.variants.includes("async")).map((s) => s.name), ["io"]);
  assert.equal(suiteByName("gcd")?.name, "gcd");
  assert.equal(suiteByName("nope"), undefined);
});

test("task counts come from the size, never from workers", () => {
  for (const s of WORKLOADS) {
    for (const size of Object.values(s.sizes)) assert.equal(prepareTasks(s, size).length, s.tasksFor(size), s.name);
  }
});

test("quick preset of every suite, serial and (io) async in this thread: verified answers", async () => {
  for (const suite of WORKLOADS) {
    const size = suite.sizes.quick;
    for (const variant of suite.variants.filter((v) => v === "serial" || v === "async")) {
      const answer = await runTasks(suite, prepareTasks(suite, size), variant);
      assert.deepEqual(suite.verify(answer, size), { ok: true }, `${suite.name} ${variant}`);
    }
  }
});

test("async starts every kernel before any ends; serial finishes each before starting the next", async () => {
  const io = suiteByName("io")!;
  const events: string[] = [];
  const traced = {
    ...io,
    kernel: async (task: unknown) => {
      const i = (task as { id: number }).id;
      events.push(`start ${i}`);
      const out = await io.kernel({ waits: 1, waitMs: 1 });
      events.push(`end ${i}`);
      return out;
    },
  };
  const tasks = [{ id: 0 }, { id: 1 }, { id: 2 }];
  assert.equal(((await runTasks(traced, tasks, "async")) as number[]).length, 3);
  assert.deepEqual(events.slice(0, 3), ["start 0", "start 1", "start 2"]);
  events.length = 0;
  assert.equal(((await runTasks(traced, tasks, "serial")) as number[]).length, 3);
  assert.deepEqual(events, ["start 0", "end 0", "start 1", "end 1", "start 2", "end 2"]);
});

test("a variant the suite lacks, or a missing or mismatched pool, is refused in one line", async () => {
  const gcd = suiteByName("gcd")!;
  const tasks = prepareTasks(gcd, gcd.sizes.seed);
  await assert.rejects(runTasks(gcd, tasks, "async"), /^Error: suite gcd has no async variant \(it has serial, threads, processes\)$/);
  await assert.rejects(runTasks(gcd, tasks, "threads"), /the threads variant of gcd needs a pool/);
  const processPool = { kind: "processes" } as unknown as Pool;
  await assert.rejects(runTasks(gcd, tasks, "threads", processPool), /was given a processes pool/);
});

for (const kind of ["threads", "processes"] as const) {
  test(`quick preset of every suite through a ${kind} pool: verified answers, pool closed`, async () => {
    // The pool knows no suite by itself: its workers get the registry as their task module.
    const pool = new Pool({ kind, workers: 2, taskModules: [REGISTRY_MODULE] });
    let pids: number[] = [];
    try {
      await pool.ready();
      pids = pool.pids;
      for (const suite of WORKLOADS) {
        const size = suite.sizes.quick;
        const tasks = prepareTasks(suite, size);
        for (const chunksize of [undefined, 1]) {
          const answer = await runTasks(suite, tasks, kind, pool, chunksize);
          assert.deepEqual(suite.verify(answer, size), { ok: true }, `${suite.name} ${kind} chunksize ${chunksize ?? "auto"}`);
        }
      }
    } finally {
      await pool.close();
    }
    assert.equal(pids.length, kind === "processes" ? 2 : 0);
    for (const pid of pids) assert.equal(processAlive(pid), false, `worker ${pid} still exists after close()`);
  });
}
