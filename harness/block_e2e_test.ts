/**
 * The block process end to end: the built `scripts/block.js`, started with the command line the
 * orchestrator gives a block (run/orchestrator.ts `blockCommand`), on Node, Deno and Bun measures a
 * small real block — serial, two threads, two processes, three sweeps, a capacity probe — prints one
 * record line and leaves no process behind.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { processAlive } from "../core/process_group.ts";
import { suiteByName } from "../suites/registry.ts";
import { blockProcessArgv, runMarkedProcess } from "../testing/block_process.ts";
import { HAVE_PROC, processesMarked } from "../testing/e2e.ts";
import { encodeBlockRequest, parseBlockOutput } from "./block_protocol.ts";
import { prepareTasks, runTasks } from "./run_variant.ts";

const REQUEST = encodeBlockRequest({
  suite: "gcd",
  size: "quick",
  cells: [
    { variant: "serial", workers: 1 },
    { variant: "threads", workers: 2 },
    { variant: "processes", workers: 2 },
  ],
  runs: 3,
  warmup: 1,
  seed: 12345,
  capacity: { workers: 2 },
});

const gcd = suiteByName("gcd")!;
const expectedAnswer = gcd.describeAnswer(await runTasks(gcd, prepareTasks(gcd, gcd.sizes.quick), "serial"));

for (const runtime of ["node", "deno", "bun"] as const) {
  const argv = await blockProcessArgv(runtime, REQUEST);
  test(`a real block on ${runtime}: three verified cells, one sample per sweep, a probe per sweep, nothing left running`, { skip: argv ? false : `${runtime} not found`, timeout: 120_000 }, async () => {
    const mark = `block-e2e-${runtime}-${process.pid}-${Date.now()}`;
    const { code, stdout, stderr } = await runMarkedProcess(argv!, mark);
    assert.equal(code, 0, `exit ${code}; stderr: ${stderr}`);
    const parsed = parseBlockOutput(stdout);
    assert.ok("record" in parsed, "problem" in parsed ? parsed.problem : "");
    const record = parsed.record;
    assert.ok(record.ok, JSON.stringify(record));
    assert.equal(record.runtime, runtime);
    assert.equal(record.seed, 12345);
    assert.equal(record.cells.length, 3);
    for (const cell of record.cells) {
      assert.ok(cell.ok, JSON.stringify(cell));
      assert.equal(cell.answer, expectedAnswer);
      assert.equal(cell.samplesMs.length, 3);
      assert.equal(cell.warmupMs.length, 1);
      assert.equal((cell.spawnMs === null) === (cell.variant === "serial"), true);
    }
    const [, threads, processes] = record.cells;
    assert.ok(threads!.ok && processes!.ok);
    assert.match(threads.mechanism ?? "", new RegExp(`^${runtime}/`));
    assert.equal(processes.pids.length, 2);
    assert.equal(record.probes.length, 3);
    assert.ok(record.probes.every((p, k) => p.sweep === k && p.workers === 2 && p.capacity > 0));
    assert.ok(record.order.every((o) => [...o].sort().join() === "0,1,2"));
    assert.equal(record.harness.name, "tribench-interleaved");
    // Every worker went with the block: none of its pids lives, no process carries its mark.
    assert.deepEqual(processes.pids.filter(processAlive), []);
    if (HAVE_PROC) assert.deepEqual(processesMarked(mark), []);
  });
}
