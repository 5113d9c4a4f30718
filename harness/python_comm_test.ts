// CPython's ports of the communication suites (suites/comm/*.py) through the JS block host: every
// cell the plan gives CPython verifies at quick size with the JS suite's own verify; a case the port
// lacks is refused before it starts, with the declared reason; and a faulty answer (a duplicated or
// lost item, a lost update, a changed echo) is rejected by the JS verify, failing that cell alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { processAlive } from "../core/process_group.ts";
import { expandBlocks } from "../run/plan.ts";
import { PYTHON_BLOCK_SCRIPT, pythonRuntime } from "../runtimes/python.ts";
import { portGaps } from "../runtimes/versions/support.ts";
import { COMM_SUITES, suiteByName } from "../suites/registry.ts";
import type { BlockCellSpec, BlockRequest, BlockSuccessRecord } from "./block_protocol.ts";
import { completePythonBlock, pythonBlockRequest, runPythonBlock } from "./python_block.ts";
import { runPythonScript } from "./python_process.ts";

const install = await pythonRuntime.locate();
const NO_PYTHON = install ? false : "no CPython 3.8+ found (python3 / python on PATH, or $TRIBENCH_PYTHON): python blocks are skipped";

function request(suite: string, cells: BlockCellSpec[], over: Partial<BlockRequest> = {}): BlockRequest {
  return { "tribench-block-request": 1, suite, size: "quick", cells, runs: 2, warmup: 1, seed: 11, ...over };
}

/** The cells a plan gives CPython for `suite` (2 workers where the case does not fix them). */
function plannedCells(suite: string): BlockCellSpec[] {
  // The plan gives each case a block of its own; here they all run in one block.
  const blocks = expandBlocks({ runtimes: ["python@3"], suites: [suiteByName(suite)!], variants: ["threads", "processes"], workers: [2], size: "quick" });
  return blocks.flatMap((b) => b.cells).map((c) => ({ variant: c.variant, workers: c.workers, case: c.case! }));
}

const why = (suite: string, caseName: string, variant: "threads" | "processes") => portGaps("python", suite)![caseName]![variant]!;

test("the request marks each cell whose case CPython's port lacks with why, and refuses a cell without a known case", () => {
  const cells: BlockCellSpec[] = [
    { variant: "threads", workers: 2, case: "atomics" },
    { variant: "processes", workers: 2, case: "lock" },
    { variant: "processes", workers: 2, case: "message" },
  ];
  const py = pythonBlockRequest(request("shared-counter", cells), suiteByName);
  assert.deepEqual(py.cells, [{ ...cells[0]!, unsupported: why("shared-counter", "atomics", "threads") }, cells[1], cells[2]]);
  assert.deepEqual(py.sizeParams, suiteByName("shared-counter")!.sizes.quick);
  assert.throws(() => pythonBlockRequest(request("shared-counter", [{ variant: "threads", workers: 2 }]), suiteByName), /^Error: suite shared-counter measures cases \(message, atomics, lock, slots padded, slots adjacent\); a cell must name one$/);
  assert.throws(() => pythonBlockRequest(request("ping-pong", [{ variant: "threads", workers: 1, case: "2 MiB" }]), suiteByName), /^Error: suite ping-pong has no case '2 MiB'/);
  assert.throws(() => pythonBlockRequest(request("gcd", [{ variant: "serial", workers: 1, case: "8 B" }], { size: "seed" }), suiteByName), /^Error: suite gcd has no cases, but a cell names case '8 B'$/);
});

for (const suite of COMM_SUITES) {
  const cells = plannedCells(suite.name);
  test(`CPython ${suite.name} at quick size: all ${cells.length} cells the plan runs verify, each on its own workers, none left running`, { skip: NO_PYTHON, timeout: 120_000 }, async () => {
    const record = await runPythonBlock(install!.executable, JSON.stringify(request(suite.name, cells, { capacity: { workers: 2 } })), suiteByName);
    assert.ok(record.ok, record.ok ? "" : record.reason);
    assert.equal(record.cells.length, cells.length);
    record.cells.forEach((cell, i) => {
      const asked = cells[i]!;
      assert.ok(cell.ok, `${asked.variant} ${asked.case}: ${cell.ok ? "" : cell.reason}`);
      assert.deepEqual([cell.samplesMs.length, cell.warmupMs.length], [2, 1]);
      assert.ok(cell.spawnMs !== null && cell.spawnMs > 0, "worker start-up is timed apart, as spawn");
      assert.match(cell.mechanism ?? "", asked.variant === "threads" ? /^python\/\S+ \+ threading\.Thread$/ : /^python\/multiprocessing\.\S+ \+ multiprocessing\.Process\(\w+\)$/);
      assert.equal(cell.pids.length, asked.variant === "processes" ? asked.workers : 0);
      for (const pid of cell.pids) assert.equal(processAlive(pid), false, `worker ${pid} outlived its block`);
    });
  });
}

test("a case CPython's port lacks is refused before it starts, with the declared reason; the JS suite's gaps do not hold CPython back", { skip: NO_PYTHON, timeout: 60_000 }, async () => {
  const cells: BlockCellSpec[] = [
    { variant: "threads", workers: 1, case: "1 KiB transfer" },
    { variant: "processes", workers: 1, case: "8 B transfer" },
    { variant: "processes", workers: 1, case: "8 B" },
  ];
  const pingPong = await runPythonBlock(install!.executable, JSON.stringify(request("ping-pong", cells)), suiteByName);
  assert.ok(pingPong.ok, pingPong.ok ? "" : pingPong.reason);
  assert.deepEqual(pingPong.cells.slice(0, 2), [
    { ok: false, variant: "threads", workers: 1, kind: "error", reason: `unsupported: ${why("ping-pong", "1 KiB transfer", "threads")}`, pids: [] },
    { ok: false, variant: "processes", workers: 1, kind: "error", reason: `unsupported: ${why("ping-pong", "8 B transfer", "processes")}`, pids: [] },
  ]);
  assert.ok(pingPong.cells[2]!.ok);
  assert.deepEqual(pingPong.order, [[2], [2]], "the refused cells are in no sweep");
  // The JS suite declares processes unable to run a lock (no SharedArrayBuffer reaches a process); CPython's Value does.
  assert.ok(suiteByName("shared-counter")!.cases!.find((c) => c.name === "lock")!.unsupported?.processes);
  const counter = await runPythonBlock(install!.executable, JSON.stringify(request("shared-counter", [{ variant: "processes", workers: 2, case: "atomics" }, { variant: "processes", workers: 2, case: "lock" }])), suiteByName);
  assert.ok(counter.ok, counter.ok ? "" : counter.reason);
  const [atomics, lock] = counter.cells;
  assert.deepEqual(atomics, { ok: false, variant: "processes", workers: 2, kind: "error", reason: `unsupported: ${why("shared-counter", "atomics", "processes")}`, pids: [] });
  assert.ok(lock!.ok && lock!.answer === "5000 increments", JSON.stringify(lock));
});

/** The raw block.py record of `req` (unverified), for a test to spoil before the JS host checks it. */
async function rawRecord(req: BlockRequest): Promise<{ raw: { cells: { results: Record<string, unknown>[] }[] }; exit: Awaited<ReturnType<typeof runPythonScript>> }> {
  const exit = await runPythonScript(install!.executable, PYTHON_BLOCK_SCRIPT, JSON.stringify(pythonBlockRequest(req, suiteByName)));
  return { raw: JSON.parse(exit.stdout.trim().split("\n").pop()!), exit };
}

/** The JS host's verdicts on a raw record: which cells verified. */
function verdicts(req: BlockRequest, raw: unknown, exit: Awaited<ReturnType<typeof runPythonScript>>): BlockSuccessRecord {
  const record = completePythonBlock(JSON.stringify(raw), req, suiteByName, exit);
  assert.ok(record.ok, record.ok ? "" : record.reason);
  return record;
}

/** Verify a spoiled raw record: the spoiled cell fails as a wrong answer with `reason`, every other cell stays verified. */
function expectRejected(req: BlockRequest, raw: unknown, exit: Awaited<ReturnType<typeof runPythonScript>>, spoiled: number, reason: RegExp): void {
  const record = verdicts(req, raw, exit);
  assert.deepEqual(record.cells.map((c) => c.ok), req.cells.map((_, i) => i !== spoiled));
  const failed = record.cells[spoiled]!;
  assert.ok(!failed.ok && failed.kind === "wrong-answer", JSON.stringify(failed));
  const c = req.cells[spoiled]!;
  assert.ok(failed.reason.startsWith(`wrong answer from python ${req.suite} ${c.variant} x${c.workers} ${c.case}: `), failed.reason);
  assert.match(failed.reason, reason);
}

const cloneOf = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

test("producer-consumer: a duplicated, a twice-taken or a lost item is a wrong answer from the JS verify", { skip: NO_PYTHON, timeout: 60_000 }, async () => {
  const cells: BlockCellSpec[] = [{ variant: "threads", workers: 4, case: "2p-2c" }, { variant: "processes", workers: 4, case: "2p-2c" }];
  const req = request("producer-consumer", cells, { runs: 1, warmup: 0 });
  const { raw, exit } = await rawRecord(req);
  assert.deepEqual(verdicts(req, raw, exit).cells.map((c) => c.ok), [true, true], "unspoiled, both verify");
  type Report = { consumed: number; duplicates: number; sum: number; seen: number[] };
  const reportsOf = (r: typeof raw, cell: number) => r.cells[cell]!.results[0]!.reports as Report[];
  for (const cell of [0, 1]) {
    // Item 7 also reported by the consumer that did not take it: taken twice.
    const twice = cloneOf(raw);
    const [a, b] = reportsOf(twice, cell);
    const [owner, other] = a!.seen[0]! & (1 << 7) ? [a!, b!] : [b!, a!];
    assert.ok(owner.seen[0]! & (1 << 7), "one consumer took item 7");
    other.seen[0]! |= 1 << 7;
    other.consumed++;
    expectRejected(req, twice, exit, cell, /item 7 was consumed by two consumers$/);
    const again = cloneOf(raw);
    reportsOf(again, cell)[1]!.duplicates = 1;
    expectRejected(req, again, exit, cell, /consumer 2 took 1 item\(s\) it had already taken$/);
    const lost = cloneOf(raw);
    for (const r of reportsOf(lost, cell)) r.seen[15]! &= ~(1 << 19);
    expectRejected(req, lost, exit, cell, /item 499 was never consumed$/);
  }
});

test("shared-counter and ping-pong: a lost update and a changed echo are wrong answers from the JS verify", { skip: NO_PYTHON, timeout: 60_000 }, async () => {
  const counterReq = request("shared-counter", [{ variant: "processes", workers: 2, case: "lock" }, { variant: "threads", workers: 2, case: "slots adjacent" }], { runs: 1, warmup: 0 });
  const counter = await rawRecord(counterReq);
  assert.deepEqual(verdicts(counterReq, counter.raw, counter.exit).cells.map((c) => c.ok), [true, true], "unspoiled, both verify");
  const lostUpdate = cloneOf(counter.raw);
  lostUpdate.cells[0]!.results[0]!.count = (lostUpdate.cells[0]!.results[0]!.count as number) - 1;
  expectRejected(counterReq, lostUpdate, counter.exit, 0, /counter reached 4999, expected 5000: updates were lost$/);
  const pingReq = request("ping-pong", [{ variant: "threads", workers: 1, case: "64 KiB" }, { variant: "processes", workers: 1, case: "1 MiB" }], { runs: 1, warmup: 0 });
  const ping = await rawRecord(pingReq);
  assert.deepEqual(verdicts(pingReq, ping.raw, ping.exit).cells.map((c) => c.ok), [true, true], "unspoiled, both verify");
  const changed = cloneOf(ping.raw);
  const last = changed.cells[1]!.results[0]!.last as string;
  changed.cells[1]!.results[0]!.last = last.slice(0, 1000) + "#" + last.slice(1001);
  expectRejected(pingReq, changed, ping.exit, 1, /the last echo differs from the payload$/);
});
