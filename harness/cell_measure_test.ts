import assert from "node:assert/strict";
import { test } from "node:test";
import type { AnySuite } from "../suites/types.ts";
import { measureCell, type CellDeps, type CellPool } from "./cell_measure.ts";
import type { CellRequest } from "./cell_protocol.ts";

/** A tiny suite: sum of 1..n split into tasks; `sizes.quick` = 1000. */
const sum: AnySuite = {
  name: "sum",
  description: "sum of 1..n",
  variants: ["serial", "threads"],
  sizes: { quick: { n: 1000 }, seed: { n: 10 }, default: { n: 1000 }, large: { n: 1000 } },
  tasksFor: () => 4,
  split: (size: { n: number }, parts: number) => Array.from({ length: parts }, (_, i) => ({ from: (i * size.n) / parts + 1, to: ((i + 1) * size.n) / parts })),
  kernel: (t: { from: number; to: number }) => {
    let s = 0;
    for (let x = t.from; x <= t.to; x++) s += x;
    return s;
  },
  combine: (parts: number[]) => parts.reduce((a, b) => a + b, 0),
  verify: (r: number, size: { n: number }) => (r === (size.n * (size.n + 1)) / 2 ? { ok: true } : { ok: false, reason: `expected ${(size.n * (size.n + 1)) / 2}, got ${r}` }),
  describeAnswer: (r: number) => String(r),
};

function request(over: Partial<CellRequest> = {}): CellRequest {
  return { "tribench-cell-request": 1, suite: "sum", variant: "serial", workers: 1, size: "quick", runs: 5, warmup: 2, ...over };
}

function deps(over: Partial<CellDeps> = {}, events: string[] = []): CellDeps {
  const fakePool = (): CellPool => ({
    ready: async () => void events.push("ready"),
    close: async () => void events.push("close"),
    terminate: async () => void events.push("terminate"),
    pids: [4242],
    mechanism: "fake/pool",
  });
  return {
    runtime: "node",
    runtimeVersion: "20",
    suiteByName: (n) => (n === "sum" ? sum : undefined),
    prepareTasks: (suite, size) => suite.split(size, suite.tasksFor(size)),
    runTasks: async (suite, tasks) => suite.combine(tasks.map((t) => suite.kernel(t))),
    createPool: fakePool,
    ...over,
  };
}

test("a serial cell: runs and warm-ups counted, samples in order, answer verified", async () => {
  const record = await measureCell(request(), deps());
  assert.ok(record.ok, JSON.stringify(record));
  assert.equal(record.samplesMs.length, 5);
  assert.equal(record.warmupMs.length, 2);
  assert.ok(record.samplesMs.every((x) => x >= 0));
  assert.equal(record.answer, "500500");
  assert.equal(record.spawnMs, null);
  assert.equal(record.mechanism, null);
  assert.equal(record.harness.name, "tinybench");
  assert.ok(record.harness.phaseMs >= record.samplesMs.reduce((a, b) => a + b, 0));
});

test("samples keep run order (a slow first run stays first)", async () => {
  let calls = 0;
  const slowFirst = deps({
    runTasks: async (suite, tasks) => {
      calls++;
      await new Promise((r) => setTimeout(r, calls === 1 ? 60 : 5));
      return suite.combine(tasks.map((t) => suite.kernel(t)));
    },
  });
  const record = await measureCell(request({ runs: 4, warmup: 0 }), slowFirst);
  assert.ok(record.ok);
  assert.ok(record.samplesMs[0]! > Math.max(...record.samplesMs.slice(1)), JSON.stringify(record.samplesMs));
});

test("a pooled cell times the pool start and closes the pool", async () => {
  const events: string[] = [];
  const record = await measureCell(request({ variant: "threads", workers: 2 }), deps({}, events));
  assert.ok(record.ok);
  assert.ok(record.spawnMs !== null && record.spawnMs >= 0);
  assert.equal(record.mechanism, "fake/pool");
  assert.deepEqual(record.pids, [4242]);
  assert.deepEqual(events, ["ready", "close"]);
});

test("a wrong answer on any run fails the cell, and the pool is terminated", async () => {
  const events: string[] = [];
  let calls = 0;
  const record = await measureCell(
    request({ variant: "threads", workers: 2 }),
    deps({ runTasks: async () => (++calls === 4 ? 1 : 500500) }, events),
  );
  assert.ok(!record.ok);
  assert.equal(record.kind, "wrong-answer");
  assert.match(record.reason, /^wrong answer from node sum threads: expected 500500, got 1$/);
  assert.deepEqual(events, ["ready", "terminate"]);
});

test("pool errors are crashes, other errors errors, unknown names refused", async () => {
  const crashed = Object.assign(new Error("worker died while running task sum on node (fake): exit code 7"), { name: "WorkerCrashedError" });
  const a = await measureCell(request(), deps({ runTasks: async () => { throw crashed; } }));
  assert.ok(!a.ok, JSON.stringify(a));
  assert.equal(a.kind, "crash");
  assert.match(a.reason, /exit code 7/);
  const b = await measureCell(request(), deps({ runTasks: async () => { throw new TypeError("x is not a function\n  at y"); } }));
  assert.ok(!b.ok && b.kind === "error" && b.reason === "x is not a function");
  const c = await measureCell(request({ suite: "nope" }), deps());
  assert.ok(!c.ok && /unknown suite 'nope'/.test(c.reason));
  const d = await measureCell(request({ variant: "async" }), deps());
  assert.ok(!d.ok && /no variant 'async'/.test(d.reason));
  const e = await measureCell(request({ variant: "threads" }), deps({ createPool: () => ({ ready: () => Promise.reject(Object.assign(new Error("worker could not start"), { name: "WorkerStartError" })), close: async () => {}, terminate: async () => {}, pids: [], mechanism: "x" }) }));
  assert.ok(!e.ok && e.kind === "crash");
});
