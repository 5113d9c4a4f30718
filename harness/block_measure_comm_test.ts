/**
 * A block of a communication suite, with fakes: each cell gets its own session (never a pool) with
 * its case, the session's run() is what is timed and verified, a cell whose variant lacks what its
 * case needs fails "unsupported: <why>" without starting anything, and a cell that names no case of
 * a suite with cases stops the block with one line (so a plan that lost the case cannot go unnoticed).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { AnySuite } from "../suites/types.ts";
import { measureBlock, type BlockDeps, type CommBlockPool } from "./block_measure.ts";
import type { BlockRequest, BlockSuccessRecord } from "./block_protocol.ts";

/** A communication suite whose answer is the case's name; "big" cannot run on processes. */
const echo: AnySuite = {
  name: "echo",
  description: "echo",
  variants: ["threads", "processes"],
  sizes: { quick: 1, seed: 1, default: 1, large: 1 },
  tasksFor: () => 0,
  split: () => [],
  kernel: () => {
    throw new Error("no tasks");
  },
  combine: () => undefined,
  verify: (r: { case: string }) => (r.case === "small" || r.case === "big" ? { ok: true } : { ok: false, reason: `no case ${r.case}` }),
  describeAnswer: (r: { case: string }) => `echo ${r.case}`,
  cases: [{ name: "small", description: "s" }, { name: "big", description: "b", unsupported: { processes: "too big for a pipe" } }],
  comm: { prepare: () => ({ workers: [], local: null }), run: async () => undefined, serve: () => {} },
};

function deps(events: string[], answers: (c: string) => unknown = (c) => ({ case: c })): BlockDeps {
  return {
    runtime: "node",
    runtimeVersion: "20",
    suiteByName: (name) => (name === "echo" ? echo : undefined),
    prepareTasks: () => [],
    runTasks: async () => {
      throw new Error("a communication cell must not run tasks");
    },
    createPool: () => {
      throw new Error("a communication cell must not get a pool");
    },
    createCommPool: (suite, _size, caseName, kind, workers): CommBlockPool => {
      events.push(`start ${suite.name} ${kind} x${workers} ${caseName}`);
      return {
        ready: async () => undefined,
        run: async () => {
          events.push(`run ${kind} ${caseName}`);
          return answers(caseName!);
        },
        close: async () => void events.push(`close ${kind} ${caseName}`),
        terminate: async () => void events.push(`terminate ${kind} ${caseName}`),
        pids: kind === "processes" ? [4242] : [],
        mechanism: `fake/${kind}`,
      };
    },
    createProbePool: () => {
      throw new Error("no probe asked");
    },
  };
}

const request = (cells: object[]): BlockRequest =>
  ({ "tribench-block-request": 1, suite: "echo", size: "quick", cells, runs: 3, warmup: 1, seed: 5 }) as BlockRequest;

test("each cell gets a session with its case; its run() is timed and verified; the unsupported one starts nothing", async () => {
  const events: string[] = [];
  const record = (await measureBlock(request([
    { variant: "threads", workers: 1, case: "small" },
    { variant: "threads", workers: 1, case: "big" },
    { variant: "processes", workers: 1, case: "big" },
  ]), deps(events))) as BlockSuccessRecord;
  assert.ok(record.ok);
  const [small, big, bigProcesses] = record.cells;
  assert.ok(small!.ok && big!.ok);
  assert.deepEqual([small.answer, big.answer, small.samplesMs.length, big.warmupMs.length], ["echo small", "echo big", 3, 1]);
  assert.deepEqual(bigProcesses, { ok: false, variant: "processes", workers: 1, kind: "error", reason: "unsupported: too big for a pipe", pids: [] });
  assert.deepEqual(events.filter((e) => e.startsWith("start")), ["start echo threads x1 small", "start echo threads x1 big"]);
  assert.equal(events.filter((e) => e === "run threads small").length, 4, "1 warm-up + 3 measured runs");
  assert.deepEqual(events.filter((e) => e.startsWith("close")), ["close threads small", "close threads big"]);
});

test("a wrong answer names the case; the cell's session is stopped", async () => {
  const events: string[] = [];
  const record = (await measureBlock(request([{ variant: "threads", workers: 1, case: "small" }]), deps(events, () => ({ case: "huge" })))) as BlockSuccessRecord;
  const [cell] = record.cells;
  assert.ok(cell && !cell.ok && cell.kind === "wrong-answer");
  assert.equal(cell.reason, "wrong answer from node echo threads x1 small: no case huge");
  assert.ok(events.includes("terminate threads small"));
});

test("a cell without a case, or with one the suite lacks, stops the block with one line", async () => {
  for (const [cells, reason] of [
    [[{ variant: "threads", workers: 1 }], "suite echo measures cases (small, big); a cell must name one"],
    [[{ variant: "threads", workers: 1, case: "medium" }], "suite echo has no case 'medium' (it has small, big)"],
  ] as const) {
    const record = await measureBlock(request([...cells]), deps([]));
    assert.ok(!record.ok);
    assert.equal(record.reason, reason);
  }
});
