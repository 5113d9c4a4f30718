import assert from "node:assert/strict";
import { test } from "node:test";
import {
  BLOCK_RECORD_PREFIX,
  decodeBlockRequest,
  encodeBlockRecord,
  encodeBlockRequest,
  parseBlockOutput,
  type BlockFailureRecord,
  type BlockRequest,
  type BlockSuccessRecord,
} from "./block_protocol.ts";

const REQUEST: Omit<BlockRequest, "tribench-block-request"> = {
  suite: "gcd",
  size: "quick",
  cells: [
    { variant: "serial", workers: 1 },
    { variant: "threads", workers: 2 },
  ],
  runs: 2,
  warmup: 1,
  seed: 4242,
  capacity: { workers: 2 },
};

const SUCCESS: BlockSuccessRecord = {
  "tribench-block": 1,
  ok: true,
  runtime: "node",
  runtimeVersion: "20.1.0",
  suite: "gcd",
  size: "quick",
  seed: 4242,
  cells: [
    { ok: true, variant: "serial", workers: 1, answer: "a", samplesMs: [3, 4], atMs: [10, 30], seq: [0, 3], warmupMs: [5], spawnMs: null, mechanism: null, pids: [] },
    { ok: false, variant: "threads", workers: 2, kind: "crash", reason: "worker died", pids: [] },
  ],
  probes: [
    { sweep: 0, atMs: 5, workers: 2, oneMs: 10, allMs: 11, capacity: 1.8 },
    { sweep: 1, atMs: 25, workers: 2, oneMs: 10, allMs: 10, capacity: 2 },
  ],
  order: [[0, 1], [0]],
  harness: { name: "tribench-interleaved", phaseMs: 50, verifyMs: 1, probeMs: 42, overheadMs: 0 },
};

test("a request survives encode and decode, and carries its version key first", () => {
  const text = encodeBlockRequest(REQUEST);
  assert.ok(text.startsWith('{"tribench-block-request":1'));
  assert.deepEqual(decodeBlockRequest(text), { "tribench-block-request": 1, ...REQUEST });
});

test("a bad request is refused with one line naming what is wrong", () => {
  const bad = (over: Record<string, unknown>) => encodeBlockRequest({ ...REQUEST, ...over } as typeof REQUEST);
  const cases: [string | undefined, RegExp][] = [
    [undefined, /needs one argument/],
    ["{", /not valid JSON/],
    ['{"tribench-block-request":2}', /version 1/],
    [bad({ suite: 3 }), /'suite' must be a string/],
    [bad({ cells: [] }), /'cells' must be a non-empty array/],
    [bad({ cells: [{ variant: "serial", workers: 0 }] }), /cell 0 must be/],
    [bad({ runs: 0 }), /'runs'/],
    [bad({ warmup: -1 }), /'warmup'/],
    [bad({ seed: 2 ** 32 }), /'seed' must be a 32-bit unsigned integer/],
    [bad({ seed: 1.5 }), /'seed'/],
    [bad({ api: "web" }), /'api' must be one of native, node-compat/],
    [bad({ capacity: { workers: 0 } }), /'capacity'/],
    [bad({ suiteModules: ["", 1] }), /'suiteModules'/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => decodeBlockRequest(text), (e: Error) => message.test(e.message) && !e.message.includes("\n"), String(text));
  }
});

test("records encode as one line with the prefix and parse back", () => {
  const failure: BlockFailureRecord = { "tribench-block": 1, ok: false, runtime: "bun", runtimeVersion: "1.2", kind: "error", reason: "unknown suite 'x'", pids: [] };
  for (const record of [SUCCESS, failure]) {
    const line = encodeBlockRecord(record);
    assert.ok(line.startsWith(BLOCK_RECORD_PREFIX) && line.endsWith("\n") && line.split("\n").length === 2);
    assert.deepEqual(parseBlockOutput(`warning from a workload\n${line}`), { record });
  }
  const keyNotFirst = Object.assign({ ok: true }, SUCCESS); // `ok` keeps its first place
  assert.throws(() => encodeBlockRecord(keyNotFirst), /protocol key/);
});

test("a stdout that does not hold exactly one well-formed record is a problem, said in one line", () => {
  const line = encodeBlockRecord(SUCCESS);
  const malformed = (change: (r: Record<string, unknown>) => void) => {
    const r = JSON.parse(JSON.stringify(SUCCESS)) as Record<string, unknown>;
    change(r);
    return JSON.stringify(r);
  };
  const cases: [string, RegExp][] = [
    ["", /printed nothing/],
    ["hello\n", /no tribench-block record \(stdout: 'hello'\)/],
    [line + line, /2 tribench-block records/],
    [`${BLOCK_RECORD_PREFIX},\n`, /not valid JSON/],
    [malformed((r) => (r.order = "x")), /'order'/],
    [malformed((r) => ((r.cells as Record<string, unknown>[])[0]!.samplesMs = [3])), /cell 0: field 'samplesMs' must hold one number per sweep \(2\)/],
    [malformed((r) => ((r.cells as Record<string, unknown>[])[0]!.samplesMs = [3, -1])), /negative/],
    [malformed((r) => ((r.cells as Record<string, unknown>[])[1]!.kind = "oops")), /cell 1: field 'kind'/],
    [malformed((r) => (r.probes = [(r.probes as unknown[])[0]])), /one probe per sweep/],
    [malformed((r) => ((r.harness as Record<string, unknown>).probeMs = "x")), /harness.probeMs/],
  ];
  for (const [stdout, message] of cases) {
    const parsed = parseBlockOutput(stdout);
    assert.ok("problem" in parsed, stdout);
    assert.match(parsed.problem, message);
    assert.ok(!parsed.problem.includes("\n"));
  }
});
