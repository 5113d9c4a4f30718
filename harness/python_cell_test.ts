import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { currentRuntimeName } from "../runtimes/registry.ts";
import { PYTHON_CELL_SCRIPT, PYTHON_FLAGS, pythonRuntime } from "../runtimes/python.ts";
import { suiteByName } from "../suites/registry.ts";
import type { SizeName } from "../suites/types.ts";
import { encodeCellRecord, encodeCellRequest, parseCellOutput, type CellRequest, type CellSuccessRecord } from "./cell_protocol.ts";
import { completePythonRecord, runPythonCell } from "./python_cell.ts";

const install = await pythonRuntime.locate();
const NO_PYTHON = install ? false : "no CPython 3.8+ found (python3 / python on PATH, or $TRIBENCH_PYTHON): python cells are skipped";
// The answers are checked once, under Node: the Python side does not depend on the JS runtime, and the
// full set takes tens of seconds of CPython. Deno and Bun run one cell each, to prove the JS host works there.
const ON_NODE = currentRuntimeName() === "node";
const FULL = NO_PYTHON || (ON_NODE ? false : `CPython answers are checked under node; ${currentRuntimeName()} runs one python cell only`);

function request(suite: string, size: string, variant = "serial", workers = 1, runs = 1, warmup = 0): CellRequest {
  return { "tribench-cell-request": 1, suite, variant, workers, size, runs, warmup };
}

/** A raw Python success line for gcd seed, as cell.py prints it. */
function rawGcdLine(results: unknown[], runs = 2, warmup = 1): string {
  return JSON.stringify({
    "tribench-cell": 1, ok: true, runtime: "python", runtimeVersion: "3.11.7", suite: "gcd", variant: "serial", workers: 1, size: "seed",
    answer: "", verified: false, samplesMs: Array(runs).fill(100), warmupMs: Array(warmup).fill(110), spawnMs: null, mechanism: null, pids: [],
    harness: { name: "python-loop", phaseMs: 201, verifyMs: 0, overheadMs: 1 }, results,
  });
}

const clean = { code: 0, signal: null };

test("a raw Python record is verified by the JS suite and becomes an ordinary cell record", () => {
  const good = [1, 1, 5, 1];
  const record = completePythonRecord(`noise\n${rawGcdLine([good, good, good])}\n`, request("gcd", "seed", "serial", 1, 2, 1), suiteByName, clean);
  assert.equal(record.ok, true);
  const r = record as CellSuccessRecord;
  assert.equal(r.verified, true);
  assert.equal(r.answer, "gcds 1, 1, 5, 1");
  assert.ok(!("results" in r), "raw results stay out of the record");
  assert.ok(r.harness.verifyMs >= 0);
  assert.ok(Math.abs(r.harness.phaseMs - r.harness.verifyMs - 201) < 1e-9, "verification counts in the phase");
  // What the orchestrator reads back is accepted as is.
  assert.deepEqual(parseCellOutput(encodeCellRecord(record)), { record });
});

test("a wrong Python answer fails with the JS verifier's reason, in a warm-up run as in a measured one", () => {
  const good = [1, 1, 5, 1];
  const bad = [1, 1, 5, 2];
  for (const results of [[good, good, bad], [bad, good, good]]) {
    const record = completePythonRecord(rawGcdLine(results), request("gcd", "seed", "serial", 1, 2, 1), suiteByName, clean);
    assert.equal(record.ok, false);
    assert.equal(record.ok === false && record.kind, "wrong-answer");
    assert.match(record.ok === false ? record.reason : "", /^wrong answer from python gcd serial: gcd\(2039045, 2020802\) is 1, got 2$/);
  }
});

test("a Python failure record passes through; missing, doubled, broken or short records fail with one line", () => {
  const failure = { "tribench-cell": 1, ok: false, runtime: "python", runtimeVersion: "3.11.7", kind: "crash", reason: "python cell stopped by SIGTERM", pids: [12] };
  assert.deepEqual(completePythonRecord(JSON.stringify(failure) + "\n", request("gcd", "seed"), suiteByName, { code: 1, signal: null }), failure);

  const none = completePythonRecord("", request("gcd", "seed"), suiteByName, { code: 1, signal: null, stderr: "Traceback …\nMemoryError: out\n" });
  assert.deepEqual([none.ok, none.ok === false && none.kind, none.ok === false && none.reason], [false, "crash", "python cell exited with code 1 before answering: MemoryError: out"]);

  const killed = completePythonRecord("", request("gcd", "seed"), suiteByName, { code: null, signal: "SIGKILL" });
  assert.match(killed.ok === false ? killed.reason : "", /was killed by SIGKILL before answering$/);

  const line = rawGcdLine([[1, 1, 5, 1]], 1, 0);
  assert.match((completePythonRecord(`${line}\n${line}\n`, request("gcd", "seed"), suiteByName, clean) as { reason: string }).reason, /printed 2 records/);
  assert.match((completePythonRecord('{"tribench-cell":1,oops\n', request("gcd", "seed"), suiteByName, clean) as { reason: string }).reason, /not valid JSON/);
  const short = completePythonRecord(line, request("gcd", "seed", "serial", 1, 3, 0), suiteByName, clean);
  assert.match(short.ok === false ? short.reason : "", /answered 1 results for 0 warm-up and 3 measured runs/);
});

test("a request the JS side cannot serve never reaches Python", async () => {
  const unknown = await runPythonCell("/nonexistent/python3", encodeCellRequest({ suite: "nope", variant: "serial", workers: 1, size: "quick", runs: 1, warmup: 0 }), suiteByName);
  assert.match(unknown.ok === false ? unknown.reason : "", /unknown suite 'nope'/);
  const bad = await runPythonCell("/nonexistent/python3", "{", suiteByName);
  assert.match(bad.ok === false ? bad.reason : "", /not valid JSON/);
  const missing = await runPythonCell("/nonexistent/python3", encodeCellRequest({ suite: "gcd", variant: "serial", workers: 1, size: "seed", runs: 1, warmup: 0 }), suiteByName);
  assert.match(missing.ok === false ? missing.reason : "", /could not start \/nonexistent\/python3/);
});

/** Run one Python cell through the JS host and insist it verified. */
async function verifiedCell(r: CellRequest): Promise<CellSuccessRecord> {
  const record = await runPythonCell(install!.executable, JSON.stringify(r), suiteByName);
  assert.ok(record.ok, `python ${r.suite} ${r.size} ${r.variant}: ${record.ok ? "" : record.reason}`);
  return record as CellSuccessRecord;
}

test("this runtime hosts a python cell: gcd seed, the tutorial's pairs", { skip: NO_PYTHON }, async () => {
  const r = await verifiedCell(request("gcd", "seed"));
  assert.equal(r.answer, "gcds 1, 1, 5, 1");
  assert.equal(r.runtime, "python");
  assert.equal(r.runtimeVersion, install!.version);
});

test("threads, processes and async on CPython: same answers, pools of the asked size, no worker left", { skip: FULL }, async () => {
  const threads = await verifiedCell(request("countdown", "seed", "threads", 2));
  assert.equal(threads.mechanism, "python/concurrent.futures.ThreadPoolExecutor");
  assert.deepEqual(threads.pids, []);
  const processes = await verifiedCell(request("gcd", "quick", "processes", 2, 2, 1));
  assert.match(processes.mechanism!, /^python\/multiprocessing\.Pool\(/);
  assert.equal(processes.pids.length, 2);
  assert.ok(processes.spawnMs! > 0);
  for (const pid of processes.pids) assert.equal(isAlive(pid), false, `worker ${pid} outlived its cell`);
  await verifiedCell(request("io", "quick", "async"));
  await verifiedCell(request("io", "quick", "threads", 2));
  await verifiedCell(request("primes", "quick", "processes", 2));
});

test("SIGTERM stops a CPython cell: it answers with a failure record naming its workers, and they are gone", { skip: FULL || (existsSync("/proc/self/stat") ? false : "needs /proc") }, async () => {
  const suite = suiteByName("countdown")!;
  const req = { ...request("countdown", "quick", "processes", 2, 50, 0), sizeParams: suite.sizes["quick" as SizeName] };
  const child = spawn(install!.executable, [...PYTHON_FLAGS, PYTHON_CELL_SCRIPT, JSON.stringify(req)], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  const closed = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  let workers: number[] = [];
  while (workers.length < 2 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    workers = childrenOf(child.pid!);
  }
  assert.equal(workers.length, 2, "the pool's two workers started");
  await new Promise((r) => setTimeout(r, 200)); // let the pool's ready barrier pass, so the cell knows its workers
  child.kill("SIGTERM");
  assert.equal(await closed, 1);
  const parsed = parseCellOutput(stdout);
  assert.ok("record" in parsed && parsed.record.ok === false, `a failure record, got: ${stdout}`);
  const record = (parsed as unknown as { record: { kind: string; reason: string; pids: number[] } }).record;
  assert.equal(record.kind, "crash");
  assert.equal(record.reason, "python cell stopped by SIGTERM");
  assert.deepEqual([...record.pids].sort(), [...workers].sort());
  for (const pid of workers) assert.equal(isAlive(pid), false, `worker ${pid} outlived its cell`);
});

/** Live (non-zombie) children of `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) === pid && fields[0] !== "Z") out.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return out;
}

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\S+ \(.*\) [ZX] /.test(stat);
  } catch {
    return false;
  }
}
