/**
 * The block runner against stand-in block processes written in /bin/sh (POSIX only: process groups),
 * so every fault can be produced exactly and the test runs the same under Node, Deno and Bun.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { liveGroupMembers } from "../core/process_group.ts";
import { encodeBlockRecord, type BlockSuccessRecord } from "../harness/block_protocol.ts";
import { judge, runBlockProcess } from "./block_runner.ts";

const posix = process.platform !== "win32";
const record: BlockSuccessRecord = {
  "tribench-block": 1, ok: true, runtime: "node", runtimeVersion: "20", suite: "pi", size: "quick", seed: 7,
  cells: [{ ok: true, variant: "serial", workers: 1, answer: "3.14", samplesMs: [5, 6, 7], atMs: [1, 7, 14], seq: [0, 1, 2], warmupMs: [], spawnMs: null, mechanism: null, pids: [] }],
  probes: [], order: [[0], [0], [0]],
  harness: { name: "tribench-interleaved", phaseMs: 18.1, verifyMs: 0, probeMs: 0, overheadMs: 0.1 },
};
const sh = (script: string, timeoutMs = 20_000) => runBlockProcess({ argv: ["/bin/sh", "-c", script], timeoutMs });
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

test("a block that answers is measured", { skip: !posix }, async () => {
  const out = await sh(`echo noise; printf '%s' ${quote(encodeBlockRecord(record))}`);
  assert.ok(out.ok, JSON.stringify(out));
  assert.deepEqual(out.record.cells[0]!.ok && out.record.cells[0]!.samplesMs, [5, 6, 7]);
  assert.equal(out.leftovers, 0);
});

test("garbage, silence, crashes and signals become one-line failures", { skip: !posix }, async () => {
  const cases: [string, string, RegExp][] = [
    ["echo '{not json'", "protocol", /printed no tribench-block record \(stdout: '\{not json'\)/],
    ["true", "protocol", /printed nothing on stdout/],
    ["echo 'Error: boom' >&2; echo '    at x (y.js:1:1)' >&2; exit 3", "crash", /exited with code 3 before answering: Error: boom$/],
    ["kill -SEGV $$", "crash", /was killed by SIGSEGV before answering/],
    [`printf '%s' ${quote(encodeBlockRecord(record))}; exit 4`, "crash", /exited with code 4 after answering/],
  ];
  for (const [script, kind, reason] of cases) {
    const out = await sh(script);
    assert.ok(!out.ok, script);
    assert.equal(out.kind, kind, script);
    assert.match(out.reason, reason);
    assert.ok(!out.reason.includes("\n"));
  }
});

test("a block's own failure record is passed on", { skip: !posix }, async () => {
  const failure = { "tribench-block": 1, ok: false, runtime: "bun", runtimeVersion: "1.4.5", kind: "wrong-answer", reason: "expected 7, got 8", pids: [] };
  const out = await sh(`printf '%s\\n' ${quote(JSON.stringify(failure))}; exit 1`);
  assert.ok(!out.ok);
  assert.equal(out.kind, "wrong-answer");
  assert.equal(out.reason, "expected 7, got 8");
});

test("a hung block is killed with its whole process tree at the time limit", { skip: !posix }, async () => {
  // The shell starts a grandchild (like a pool worker) and waits on it: the kill must reach both
  // (the test would otherwise wait 30 s for the sleeps, and the group check below would fail).
  const out = await sh("sleep 30 & sleep 30; wait", 300);
  assert.ok(!out.ok);
  assert.equal(out.kind, "timeout");
  assert.match(out.reason, /timed out after 0\.3 s; its process tree was killed/);
  await assertGroupGone(out.pid!);
});

test("processes a block leaves behind are counted and killed", { skip: !posix }, async () => {
  const out = await sh(`sleep 30 & printf '%s' ${quote(encodeBlockRecord(record))}`);
  assert.ok(out.ok);
  assert.equal(out.leftovers, 1);
  await assertGroupGone(out.pid!);
});

test("a missing executable is a failure, not a throw", async () => {
  const out = await runBlockProcess({ argv: ["/nonexistent/tribench-runtime"], timeoutMs: 5000 });
  assert.ok(!out.ok);
  assert.match(out.reason, /ENOENT|not found|No such file/i);
});

test("judge: interrupted and timeout win over whatever was printed", () => {
  const base = { code: 0, signal: null, stdout: encodeBlockRecord(record), stderr: "", timeoutMs: 1000, wallMs: 5, leftovers: 0 };
  assert.equal(judge({ ...base, timedOut: false, interrupted: false }).ok, true);
  const i = judge({ ...base, timedOut: true, interrupted: true });
  assert.ok(!i.ok && i.kind === "interrupted");
  const t = judge({ ...base, timedOut: true, interrupted: false });
  assert.ok(!t.ok && t.kind === "timeout" && /1 s/.test(t.reason));
});

test("liveGroupMembers of a group that does not exist is 0", { skip: !posix }, () => {
  assert.equal(liveGroupMembers(2 ** 22 + 12345), 0);
});

/** The SIGKILL is sent synchronously but lands asynchronously: allow it a moment. */
async function assertGroupGone(pgid: number): Promise<void> {
  for (let i = 0; i < 100 && liveGroupMembers(pgid) > 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(liveGroupMembers(pgid), 0, `process group ${pgid} still has live processes`);
}
