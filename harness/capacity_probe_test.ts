import assert from "node:assert/strict";
import { test } from "node:test";
import { TaskError } from "../pool/errors.ts";
import { BUILTIN_TASKS } from "../pool/builtin_tasks.ts";
import { Pool } from "../pool/pool.ts";
import { calibrateSpin, measureCapacity, PROBE_SPIN_MS, SPIN_TASK, type ProbePool } from "./capacity_probe.ts";

/**
 * A machine on a fake clock: a spin of n iterations costs `n * msPerIteration` plus `messageMs`; N
 * spins at once take as long as the machine's `capacity` (cores' worth) allows. `slowCalls` first
 * single spins run 5x slower (an interpreter before the JIT).
 */
function fakeMachine(o: { msPerIteration: number; messageMs?: number; capacity?: (call: number) => number; slowCalls?: number }) {
  let clock = 0;
  let singles = 0;
  let groups = 0;
  const calls: { inputs: unknown[]; chunksize: number | undefined; task: string }[] = [];
  const pool: ProbePool = {
    ready: async () => undefined,
    close: async () => undefined,
    terminate: async () => undefined,
    map: async (task, inputs, options) => {
      calls.push({ task, inputs: [...inputs], chunksize: options.chunksize });
      const n = inputs[0] as number;
      let work = n * o.msPerIteration;
      if (inputs.length === 1) {
        if (singles++ < (o.slowCalls ?? 0)) work *= 5;
      } else {
        work = (work * inputs.length) / Math.min(inputs.length, o.capacity?.(groups++) ?? inputs.length);
      }
      clock += work + (o.messageMs ?? 0);
      return inputs.map(() => 0);
    },
  };
  return { pool, calls, now: () => clock };
}

test("calibration finds the spin that takes the target time, even when the first spins are slow", async () => {
  for (const slowCalls of [0, 3]) {
    const m = fakeMachine({ msPerIteration: 1 / 600_000, messageMs: 0.1, slowCalls });
    const iterations = await calibrateSpin(m.pool, 2, m.now);
    const spinMs = iterations / 600_000 + 0.1;
    assert.ok(Math.abs(spinMs - PROBE_SPIN_MS) < 0.05 * PROBE_SPIN_MS, `a spin of ${iterations} takes ${spinMs} ms on the fake machine (slow first calls: ${slowCalls})`);
    assert.ok(m.calls.every((c) => c.task === SPIN_TASK && c.chunksize === 1), "every spin is one chunk per input");
    assert.ok(m.calls.some((c) => c.inputs.length === 2), "every worker ran the spin before the final timing");
  }
});

test("calibration ends on a clock that never moves", async () => {
  let calls = 0;
  const pool: ProbePool = { ready: async () => 0, close: async () => 0, terminate: async () => 0, map: async (_t, inputs) => (calls++, inputs.map(() => 0)) };
  const iterations = await calibrateSpin(pool, 2, () => 0);
  assert.ok(Number.isInteger(iterations) && iterations >= 1);
  assert.ok(calls < 100, `${calls} spins`);
});

test("capacity is workers x one-spin time / all-spins time, from one spin then one per worker", async () => {
  const given = [2, 1.5, 1, 0.5];
  const m = fakeMachine({ msPerIteration: 1e-5, capacity: (i) => given[i]! });
  const readings = [];
  for (let i = 0; i < given.length; i++) readings.push(await measureCapacity(m.pool, 2, 1_000_000, m.now));
  const round = (x: number) => Number(x.toFixed(9)); // the fake clock adds up floating-point steps
  assert.deepEqual(readings.map((r) => round(r.capacity)), given);
  assert.deepEqual(readings.map((r) => round(r.oneMs)), [10, 10, 10, 10]);
  assert.deepEqual(readings.map((r) => round(r.allMs)), [10, round(40 / 3), 20, 40]);
  // Each probe: one spin on one worker, then two at once, all of the calibrated length, one chunk each.
  assert.deepEqual(m.calls.map((c) => c.inputs), [[1e6], [1e6, 1e6], [1e6], [1e6, 1e6], [1e6], [1e6, 1e6], [1e6], [1e6, 1e6]]);
});

test("tribench:spin returns its loop's checksum from a worker and refuses a bad count", async () => {
  const pool = new Pool({ kind: "threads", workers: 2 });
  try {
    await pool.ready();
    const local = BUILTIN_TASKS[SPIN_TASK]!;
    const answers = await pool.map<number>(SPIN_TASK, [0, 1, 1000, 123_457], { chunksize: 1 });
    assert.deepEqual(answers, [0, 1, 1000, 123_457].map((n) => local(n)));
    assert.equal(new Set(answers).size, 4, "different counts give different checksums");
    await assert.rejects(pool.map(SPIN_TASK, [-1]), TaskError);
    await assert.rejects(pool.map(SPIN_TASK, ["many"]), TaskError);
  } finally {
    await pool.terminate();
  }
});

test("N inputs at chunksize 1 on N idle workers land one per worker (process pids show it)", async () => {
  const pool = new Pool({ kind: "processes", workers: 3 });
  try {
    await pool.ready();
    const pids = [...pool.pids].sort();
    for (let round = 0; round < 6; round++) {
      const got = await pool.map<number>("tribench:pid", [0, 0, 0], { chunksize: 1 });
      assert.deepEqual([...got].sort(), pids, `round ${round}: ${got}`);
    }
  } finally {
    await pool.terminate();
  }
});

test("a real probe on two threads gives a positive capacity from its two timings", async () => {
  const pool = new Pool({ kind: "threads", workers: 2 });
  try {
    await pool.ready();
    const now = () => performance.now();
    const iterations = await calibrateSpin(pool, 2, now);
    assert.ok(Number.isInteger(iterations) && iterations >= 1);
    const r = await measureCapacity(pool, 2, iterations, now);
    assert.ok(r.oneMs > 0 && r.allMs > 0 && r.capacity > 0, JSON.stringify(r));
    assert.equal(r.capacity, (2 * r.oneMs) / r.allMs);
  } finally {
    await pool.close();
  }
});

test("an idle threads pool burns no CPU: its workers wait on messages", async () => {
  const pool = new Pool({ kind: "threads", workers: 2 });
  try {
    await pool.ready();
    await pool.map(SPIN_TASK, [1000, 1000], { chunksize: 1 });
    const before = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const wallUs = (performance.now() - t0) * 1000;
    const used = process.cpuUsage(before);
    // A worker polling for work would use a whole core (>= 100% of the wall time); waiting uses ~0.
    assert.ok(used.user + used.system < 0.25 * wallUs, `idle pool used ${used.user + used.system} µs of CPU in ${wallUs.toFixed(0)} µs`);
  } finally {
    await pool.close();
  }
});
