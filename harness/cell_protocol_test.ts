import assert from "node:assert/strict";
import { test } from "node:test";
import { CELL_RECORD_PREFIX, decodeCellRequest, encodeCellRecord, encodeCellRequest, parseCellOutput, type CellFailureRecord, type CellSuccessRecord } from "./cell_protocol.ts";

const good: CellSuccessRecord = {
  "tribench-cell": 1,
  ok: true,
  runtime: "node",
  runtimeVersion: "20.20.2",
  suite: "pi",
  variant: "threads",
  workers: 2,
  size: "quick",
  answer: "pi ~ 3.14",
  verified: true,
  samplesMs: [10, 11, 12],
  warmupMs: [15],
  spawnMs: 40,
  mechanism: "node/worker_threads",
  pids: [],
  harness: { name: "python-loop", phaseMs: 34, verifyMs: 0.1, overheadMs: 0.9 },
};

test("request round-trips through the single argument", () => {
  const text = encodeCellRequest({ suite: "pi", variant: "serial", workers: 1, size: "quick", runs: 3, warmup: 0 });
  assert.deepEqual(decodeCellRequest(text), { "tribench-cell-request": 1, suite: "pi", variant: "serial", workers: 1, size: "quick", runs: 3, warmup: 0 });
});

test("bad requests are refused with one line", () => {
  assert.throws(() => decodeCellRequest(undefined), /needs one argument/);
  assert.throws(() => decodeCellRequest("{"), /not valid JSON/);
  assert.throws(() => decodeCellRequest('{"suite":"pi"}'), /not a tribench-cell-request/);
  assert.throws(() => decodeCellRequest('{"tribench-cell-request":1,"suite":"pi","variant":"serial","workers":0,"size":"quick","runs":3,"warmup":0}'), /workers/);
  assert.throws(() => decodeCellRequest('{"tribench-cell-request":1,"suite":"pi","variant":"serial","workers":1,"size":"quick","runs":0,"warmup":0}'), /runs/);
});

test("a record is one line with the prefix, found among other output", () => {
  const line = encodeCellRecord(good);
  assert.ok(line.startsWith(CELL_RECORD_PREFIX) && line.endsWith("\n") && !line.slice(0, -1).includes("\n"));
  const parsed = parseCellOutput(`warming up\n${line}(node:1) ExperimentalWarning: x\n`);
  assert.ok("record" in parsed);
  assert.deepEqual(parsed.record, good);
});

test("garbage, nothing, two records, broken JSON and missing fields are problems, not throws", () => {
  const cases: [string, RegExp][] = [
    ["", /printed nothing/],
    ["hello world\n", /no tribench-cell record \(stdout: 'hello world'\)/],
    [encodeCellRecord(good) + encodeCellRecord(good), /2 tribench-cell records/],
    [`${CELL_RECORD_PREFIX},"ok":tru\n`, /not valid JSON/],
    [JSON.stringify({ ...good, samplesMs: [] }) + "\n", /samplesMs/],
    [JSON.stringify({ ...good, samplesMs: [1, -2] }) + "\n", /negative/],
    [JSON.stringify({ ...good, verified: false }) + "\n", /verified/],
    [JSON.stringify({ ...good, harness: undefined }) + "\n", /harness/],
    [JSON.stringify({ ...good, spawnMs: "fast" }) + "\n", /spawnMs/],
    [JSON.stringify({ "tribench-cell": 1, ok: false, runtime: "bun", runtimeVersion: "1", kind: "melted", reason: "x", pids: [] }) + "\n", /kind/],
    [JSON.stringify({ "tribench-cell": 1, ok: false, runtime: "bun", runtimeVersion: "1", kind: "crash", reason: "", pids: [] }) + "\n", /reason/],
  ];
  for (const [stdout, expected] of cases) {
    const parsed = parseCellOutput(stdout);
    assert.ok("problem" in parsed, `expected a problem for ${JSON.stringify(stdout).slice(0, 60)}`);
    assert.match(parsed.problem, expected);
    assert.ok(!parsed.problem.includes("\n"));
  }
});

test("a failure record is accepted", () => {
  const failure: CellFailureRecord = { "tribench-cell": 1, ok: false, runtime: "deno", runtimeVersion: "2.9.6", kind: "wrong-answer", reason: "expected 42, got 41", pids: [12] };
  const parsed = parseCellOutput(encodeCellRecord(failure));
  assert.ok("record" in parsed && !parsed.record.ok && parsed.record.reason === "expected 42, got 41");
});
