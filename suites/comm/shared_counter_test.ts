import { test } from "node:test";
import assert from "node:assert/strict";
import { loopback } from "../../testing/comm_loopback.ts";
import { cellMetric } from "../cases.ts";
import { suiteProblem } from "../registry.ts";
import { COUNTER_CASES, lock, sharedCounter, unlock, type SharedCounterAnswer } from "./shared_counter.ts";

const size = sharedCounter.sizes.quick;

test("shared-counter has the Suite shape; only counting by message runs between processes", () => {
  assert.equal(suiteProblem(sharedCounter), undefined);
  assert.deepEqual(sharedCounter.cases!.map((c) => c.name), [...COUNTER_CASES]);
  for (const c of sharedCounter.cases!) assert.equal(c.unsupported?.processes === undefined, c.name === "message", c.name);
  assert.throws(() => sharedCounter.comm!.prepare({ size, case: "atomics", kind: "processes", workers: 2 }), /processes share no memory/);
});

test("every case counts exactly the size's total with 1, 2 and 3 workers (threads; message also as processes)", async () => {
  for (const name of COUNTER_CASES) {
    for (const workers of [1, 2, 3]) {
      for (const kind of name === "message" ? (["threads", "processes"] as const) : (["threads"] as const)) {
        const run = loopback(sharedCounter, { size, case: name, kind, workers });
        for (let k = 0; k < 2; k++) {
          const answer = (await run.run()) as SharedCounterAnswer;
          assert.deepEqual(sharedCounter.verify(answer, size), { ok: true }, `${name} x${workers} ${kind} run ${k}`);
          assert.equal(answer.count, size.increments[name]);
          assert.equal(answer.workers, workers);
        }
      }
    }
  }
});

test("a lost increment message or an extra one is a wrong answer", async () => {
  const drop = loopback(sharedCounter, { size, case: "message", kind: "threads", workers: 2 }, (dir, w, i, m) => (dir === "to-parent" && w === 1 && i === 10 ? [] : [m]));
  assert.match((sharedCounter.verify((await drop.run()) as SharedCounterAnswer, size) as { reason: string }).reason, /updates were lost/);
  const twice = loopback(sharedCounter, { size, case: "message", kind: "threads", workers: 2 }, (dir, w, i, m) => (dir === "to-parent" && w === 0 && i === 3 ? [m, m] : [m]));
  assert.match((sharedCounter.verify((await twice.run()) as SharedCounterAnswer, size) as { reason: string }).reason, /extra updates/);
});

test("the lock: free, held, held with waiters; unlock of an uncontended lock leaves it free", () => {
  const a = new Int32Array(new SharedArrayBuffer(8));
  lock(a);
  assert.equal(Atomics.load(a, 0), 1);
  unlock(a);
  assert.equal(Atomics.load(a, 0), 0);
  Atomics.store(a, 0, 2); // held, a waiter announced: unlock must clear it and notify
  unlock(a);
  assert.equal(Atomics.load(a, 0), 0);
});

test("its measure: increments per second, the case's total per run", () => {
  assert.deepEqual(cellMetric(sharedCounter, "default", "atomics", 2), {
    name: "increment", unit: "increments/s", better: "higher", perRun: sharedCounter.sizes.default.increments.atomics, bytesPerOp: null,
  });
});
