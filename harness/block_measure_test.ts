import assert from "node:assert/strict";
import { test } from "node:test";
import type { AnySuite } from "../suites/types.ts";
import { measureBlock, type BlockDeps, type BlockPool, type ProbePool } from "./block_measure.ts";
import type { BlockCellSpec, BlockRequest, BlockSuccessRecord } from "./block_protocol.ts";
import { sweepOrders } from "./sweep_order.ts";

/** A tiny suite: sum of 1..n split into tasks; every size is n = 1000. */
const sum: AnySuite = {
  name: "sum",
  description: "sum of 1..n",
  variants: ["serial", "threads", "processes"],
  sizes: { quick: { n: 1000 }, seed: { n: 1000 }, default: { n: 1000 }, large: { n: 1000 } },
  tasksFor: () => 4,
  split: (size: { n: number }, parts: number) => Array.from({ length: parts }, (_, i) => ({ from: (i * size.n) / parts + 1, to: ((i + 1) * size.n) / parts })),
  kernel: (t: { from: number; to: number }) => {
    let s = 0;
    for (let x = t.from; x <= t.to; x++) s += x;
    return s;
  },
  combine: (parts: number[]) => parts.reduce((a, b) => a + b, 0),
  verify: (r: number) => (r === 500500 ? { ok: true } : { ok: false, reason: `expected 500500, got ${r}` }),
  describeAnswer: (r: number) => String(r),
};

const CELLS: BlockCellSpec[] = [
  { variant: "serial", workers: 1 },
  { variant: "threads", workers: 2 },
  { variant: "processes", workers: 2 },
];

function request(over: Partial<BlockRequest> = {}): BlockRequest {
  return { "tribench-block-request": 1, suite: "sum", size: "quick", cells: CELLS, runs: 4, warmup: 1, seed: 7, ...over };
}

/** A fake pool that logs its life (`ready 1`, `close 1`, …) under a label. */
interface FakePool extends BlockPool {
  readonly label: string;
}

/** Fakes for every dependency; `events` gets each pool event and each run, in order. */
function deps(events: string[], over: Partial<BlockDeps> & { readyMs?: number } = {}): BlockDeps {
  let made = 0;
  const createPool = (kind: string, workers: number): FakePool => {
    const label = `${kind}x${workers}#${++made}`;
    return {
      label,
      ready: async () => {
        if (over.readyMs) await new Promise((r) => setTimeout(r, over.readyMs));
        events.push(`ready ${label}`);
      },
      close: async () => void events.push(`close ${label}`),
      terminate: async () => void events.push(`terminate ${label}`),
      pids: kind === "processes" ? [4000 + made, 5000 + made] : [],
      mechanism: `fake/${kind}`,
    };
  };
  return {
    runtime: "node",
    runtimeVersion: "20",
    suiteByName: (n) => (n === "sum" ? sum : undefined),
    prepareTasks: (suite, size) => suite.split(size, suite.tasksFor(size)),
    runTasks: async (suite, tasks, _variant, pool) => {
      events.push(`run ${(pool as FakePool | undefined)?.label ?? "serial"}`);
      return suite.combine(tasks.map((t) => suite.kernel(t)));
    },
    createPool,
    createProbePool: () => fakeProbe(events),
    ...over,
  };
}

/** A probe pool whose spins return at once; its calls are logged as `probe N` (N spins). */
function fakeProbe(events: string[], readyMs = 0): ProbePool {
  return {
    ready: () => new Promise((r) => setTimeout(r, readyMs)),
    map: async (_task, inputs) => {
      events.push(`probe ${inputs.length}`);
      await new Promise((r) => setTimeout(r, 1));
      return inputs.map(() => 0);
    },
    close: async () => void events.push("close probe"),
    terminate: async () => void events.push("terminate probe"),
  };
}

function success(record: Awaited<ReturnType<typeof measureBlock>>): BlockSuccessRecord {
  assert.ok(record.ok, JSON.stringify(record));
  return record;
}

/** Wait by spinning, as a kernel or a slow verify would (a timer would let other work run). */
function busy(ms: number): void {
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    // spin
  }
}

test("the harness promise: a pool that takes 300 ms to start and a 300 ms verify stay out of a 20 ms kernel's samples", async () => {
  const slowVerify: AnySuite = { ...sum, verify: (r: number, size: unknown) => (busy(300), sum.verify(r, size)) };
  const events: string[] = [];
  const record = success(
    await measureBlock(request({ cells: CELLS.slice(0, 2), runs: 3, warmup: 1, capacity: { workers: 2 } }), deps(events, {
      readyMs: 300,
      suiteByName: () => slowVerify,
      runTasks: async (suite, tasks) => (busy(20), suite.combine(tasks.map((t) => suite.kernel(t)))),
      createProbePool: () => fakeProbe(events, 300),
    })),
  );
  for (const cell of record.cells) {
    assert.ok(cell.ok, JSON.stringify(cell));
    assert.equal(cell.samplesMs.length, 3);
    for (const ms of cell.samplesMs) assert.ok(ms >= 20 && ms < 100, `${cell.variant} sample ${ms} ms`);
    if (cell.spawnMs !== null) assert.ok(cell.spawnMs >= 300, `spawnMs ${cell.spawnMs} holds the pool start`);
  }
  assert.ok(record.harness.verifyMs >= 6 * 300, `verifyMs ${record.harness.verifyMs} holds the 6 measured verifies`);
});

test("every pool is ready before the first run and closed after the last; the probe opens each sweep", async () => {
  const events: string[] = [];
  const record = success(await measureBlock(request({ capacity: { workers: 2 } }), deps(events)));
  const firstRun = events.findIndex((e) => e.startsWith("run"));
  const lastRun = events.findLastIndex((e) => e.startsWith("run"));
  assert.deepEqual(events.slice(0, 2), ["ready threadsx2#1", "ready processesx2#2"]);
  assert.ok(events.slice(firstRun).every((e) => !e.startsWith("ready")));
  assert.deepEqual(events.slice(lastRun + 1).sort(), ["close probe", "close processesx2#2", "close threadsx2#1"]);
  // After calibration: warm-up runs (no probe), then per sweep one spin, N spins, then each cell once.
  const measured = events.slice(events.findLastIndex((e, i) => i < firstRun && e.startsWith("probe")) + 1, lastRun + 1);
  const runsOf = (es: string[]) => es.filter((e) => e.startsWith("run")).length;
  assert.equal(runsOf(measured.slice(0, 3)), 3, "warm-up sweep first");
  const sweeps = measured.slice(3).join("|").split("probe 1|probe 2|").filter(Boolean);
  assert.equal(sweeps.length, 4);
  for (const sweep of sweeps) assert.equal(runsOf(sweep.split("|")), 3);
  assert.equal(record.probes.length, 4);
  assert.deepEqual(record.probes.map((p) => p.sweep), [0, 1, 2, 3]);
  assert.ok(record.probes.every((p) => p.workers === 2 && p.oneMs > 0 && p.allMs > 0));
  // Each probe starts after the previous sweep's runs and before its own sweep's runs.
  for (const [k, probe] of record.probes.entries()) {
    const starts = record.cells.map((c) => (c.ok ? c.atMs[k]! : NaN));
    assert.ok(starts.every((t) => t > probe.atMs), `sweep ${k}`);
    if (k > 0) assert.ok(record.cells.every((c) => c.ok && c.atMs[k - 1]! < probe.atMs));
  }
  assert.ok(record.harness.probeMs > 0 && record.harness.phaseMs >= record.harness.probeMs);
});

test("the run order is the seeded permutation per sweep: replayed by the seed, independent of warm-ups", async () => {
  const orderOf = async (over: Partial<BlockRequest>) => success(await measureBlock(request(over), deps([]))).order;
  const a = await orderOf({ seed: 11, runs: 6, warmup: 0 });
  assert.deepEqual(a, sweepOrders(3, 6, 11));
  assert.deepEqual(await orderOf({ seed: 11, runs: 6, warmup: 3 }), a);
  assert.notDeepEqual(await orderOf({ seed: 12, runs: 6, warmup: 0 }), a);
});

test("pairing: samplesMs[k] of every cell is its run in sweep k, at the position the order says", async () => {
  // A fake clock: the j-th run of the block (warm-ups included) takes exactly j + 1 ms.
  let clock = 0;
  const ran: string[] = [];
  const events: string[] = [];
  const cells: BlockCellSpec[] = [...CELLS, { variant: "threads", workers: 1 }];
  const warmup = 2;
  const record = success(
    await measureBlock(request({ cells, runs: 5, warmup, seed: 3 }), deps(events, {
      now: () => clock,
      runTasks: async (suite, tasks, _variant, pool) => {
        ran.push((pool as FakePool | undefined)?.label ?? "serial");
        clock += ran.length;
        return suite.combine(tasks.map((t) => suite.kernel(t)));
      },
    })),
  );
  const labels = ["serial", "threadsx2#1", "processesx2#2", "threadsx1#3"];
  const warmRuns = warmup * cells.length;
  for (const [c, cell] of record.cells.entries()) {
    assert.ok(cell.ok);
    for (let k = 0; k < 5; k++) {
      assert.equal(cell.seq[k], k * cells.length + record.order[k]!.indexOf(c), `cell ${c} sweep ${k}`);
      assert.equal(ran[warmRuns + cell.seq[k]!], labels[c], `run ${cell.seq[k]} was cell ${c}'s`);
      assert.equal(cell.samplesMs[k], warmRuns + cell.seq[k]! + 1, `cell ${c} sweep ${k} sample`);
    }
    assert.deepEqual(cell.warmupMs.length, warmup);
    assert.ok(cell.atMs.every((t, k) => k === 0 || t > cell.atMs[k - 1]!));
  }
});

test("a cell that answers wrong is recorded failed, its pool terminated, and left out of later sweeps", async () => {
  const events: string[] = [];
  let threadRuns = 0;
  const record = success(
    await measureBlock(request({ runs: 4, warmup: 1 }), deps(events, {
      runTasks: async (suite, tasks, _variant, pool) => {
        const label = (pool as FakePool | undefined)?.label ?? "serial";
        events.push(`run ${label}`);
        const answer = suite.combine(tasks.map((t) => suite.kernel(t)));
        return label.startsWith("threads") && ++threadRuns === 2 ? answer + 1 : answer;
      },
    })),
  );
  const [serial, threads, processes] = record.cells;
  assert.ok(serial!.ok && processes!.ok);
  assert.equal(serial.samplesMs.length, 4);
  assert.equal(processes.samplesMs.length, 4);
  assert.equal(serial.answer, "500500");
  assert.ok(!threads!.ok);
  assert.equal(threads.kind, "wrong-answer");
  assert.match(threads.reason, /^wrong answer from node sum threads x2: expected 500500, got 500501$/);
  assert.ok(events.includes("terminate threadsx2#1") && !events.includes("close threadsx2#1"));
  // Its second run was in measured sweep 0; it ran in no sweep after.
  assert.ok(record.order[0]!.includes(1));
  assert.ok(record.order.slice(1).every((o) => !o.includes(1) && o.length === 2));
  assert.equal(events.filter((e) => e === "run threadsx2#1").length, 2);
  assert.ok(events.indexOf("terminate threadsx2#1") < events.lastIndexOf("run serial"), "stopped at once, not at the end");
});

test("a crashed worker, a pool that cannot start and a throwing run fail only their own cell", async () => {
  const crash = Object.assign(new Error("worker 1 of node/child_process.fork exited with code 9"), { name: "WorkerCrashedError" });
  const startFailure = Object.assign(new Error("node/worker_threads worker did not start"), { name: "WorkerStartError" });
  const events: string[] = [];
  const base = deps(events);
  const record = success(
    await measureBlock(request({ cells: [...CELLS, { variant: "threads", workers: 1 }] }), {
      ...base,
      createPool: (kind, workers, api) => {
        const pool = base.createPool(kind, workers, api);
        return workers === 1 ? { ...pool, ready: () => Promise.reject(startFailure) } : pool;
      },
      runTasks: async (suite, tasks, variant, pool) => {
        if (variant === "processes") throw crash;
        if (variant === "serial") throw new TypeError("kernel broke\nsecond line");
        return base.runTasks(suite, tasks, variant, pool);
      },
    }),
  );
  const [serial, threads, processes, lone] = record.cells;
  assert.ok(threads!.ok && threads.samplesMs.length === 4);
  assert.deepEqual([serial, processes, lone].map((c) => !c!.ok && c!.kind), ["error", "crash", "crash"]);
  assert.deepEqual([serial, processes, lone].map((c) => !c!.ok && c!.reason), ["kernel broke", crash.message, startFailure.message]);
  assert.ok(!processes!.ok && processes.pids.length === 2, "the failed pool's pids are kept for the leftover check");
  assert.ok(events.includes("terminate processesx2#2") && events.includes("terminate threadsx1#3"));
});

test("what stops the whole block gives a failure record and leaves no pool running", async () => {
  const events: string[] = [];
  const unknown = await measureBlock(request({ suite: "nope" }), deps(events));
  assert.deepEqual(unknown.ok ? null : [unknown.kind, unknown.reason], ["error", "unknown suite 'nope'"]);
  const noVariant = await measureBlock(request({ cells: [{ variant: "async", workers: 1 }] }), deps(events));
  assert.deepEqual(noVariant.ok ? null : noVariant.reason, "suite sum has no variant 'async'");
  const noSize = await measureBlock(request({ size: "huge" }), deps(events));
  assert.deepEqual(noSize.ok ? null : noSize.reason, "suite sum has no size 'huge'");
  assert.equal(events.length, 0, `nothing starts for a request that cannot run: ${events}`);

  const probeCrash = Object.assign(new Error("a probe thread died"), { name: "WorkerCrashedError" });
  const broken = await measureBlock(request({ capacity: { workers: 2 } }), deps(events, {
    createProbePool: () => ({ ...fakeProbe(events), map: () => Promise.reject(probeCrash) }),
  }));
  assert.ok(!broken.ok);
  assert.equal(broken.kind, "crash");
  assert.equal(broken.reason, "capacity probe failed: a probe thread died");
  assert.deepEqual(broken.pids, [4002, 5002]);
  assert.deepEqual(events.filter((e) => !e.startsWith("ready")).sort(), ["terminate probe", "terminate processesx2#2", "terminate threadsx2#1"]);
});

test("harness info adds up: phase = samples + verify + probes + overhead", async () => {
  const record = success(await measureBlock(request({ capacity: { workers: 2 } }), deps([])));
  const h = record.harness;
  assert.equal(h.name, "tribench-interleaved");
  const samples = record.cells.reduce((s, c) => s + (c.ok ? c.samplesMs.reduce((a, b) => a + b, 0) : 0), 0);
  assert.ok(h.overheadMs >= 0 && h.verifyMs >= 0);
  assert.ok(Math.abs(h.phaseMs - (samples + h.verifyMs + h.probeMs + h.overheadMs)) < 1e-6 * Math.max(1, h.phaseMs));
});
