import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { PYTHON_BLOCK_SCRIPT, PYTHON_FLAGS, pythonRuntime } from "../runtimes/python.ts";
import { suiteByName } from "../suites/registry.ts";
import type { AnySuite, SizeName } from "../suites/types.ts";
import { encodeBlockRecord, encodeBlockRequest, parseBlockOutput, type BlockCellSpec, type BlockRequest, type BlockSuccessRecord } from "./block_protocol.ts";
import { completePythonBlock, pythonBlockRequest, runPythonBlock } from "./python_block.ts";
import { runPythonScript } from "./python_process.ts";
import { prepareTasks, runTasks } from "./run_variant.ts";
import { sweepOrders, warmupOrders } from "./sweep_order.ts";

const install = await pythonRuntime.locate();
const NO_PYTHON = install ? false : "no CPython 3.8+ found (python3 / python on PATH, or $TRIBENCH_PYTHON): python blocks are skipped";
/** Whether /proc can be read here (Deno grants it only to a test run with every permission). */
const HAS_PROC = (() => {
  try {
    return existsSync("/proc/self/stat") && readdirSync("/proc").length > 0;
  } catch {
    return false;
  }
})();

const THREE: BlockCellSpec[] = [
  { variant: "serial", workers: 1 },
  { variant: "threads", workers: 2 },
  { variant: "processes", workers: 2 },
];

function request(suite: string, cells: BlockCellSpec[], over: Partial<BlockRequest> = {}): BlockRequest {
  return { "tribench-block-request": 1, suite, size: "seed", cells, runs: 3, warmup: 1, seed: 7, ...over };
}

/** The JS suite's own answer of a size (the serial path), so no test hard-codes one. */
async function jsAnswer(suite: AnySuite, size: SizeName): Promise<unknown> {
  return runTasks(suite, prepareTasks(suite, suite.sizes[size]), "serial");
}

/** A raw block.py success line for `req`, each cell answering `results(cell index)` for all its runs. */
function rawLine(req: BlockRequest, results: (cell: number) => unknown[]): string {
  const orders = sweepOrders(req.cells.length, req.runs, req.seed);
  return JSON.stringify({
    "tribench-python-block": 1, ok: true, runtime: "python", runtimeVersion: "3.11.7", suite: req.suite, size: req.size, seed: req.seed,
    cells: req.cells.map((c, i) => ({
      ok: true, variant: c.variant, workers: c.workers, answer: "",
      samplesMs: Array(req.runs).fill(100), atMs: orders.map((_, k) => 1000 * k + i), seq: orders.map((o, k) => k * o.length + o.indexOf(i)),
      warmupMs: Array(req.warmup).fill(110), spawnMs: c.variant === "serial" ? null : 20, mechanism: c.variant === "serial" ? null : `python/${c.variant}`,
      pids: c.variant === "processes" ? [41, 42] : [], results: results(i),
    })),
    probes: [], order: orders,
    harness: { name: "python-interleaved", phaseMs: 1000, verifyMs: 0, probeMs: 0, overheadMs: 100 },
  });
}

const clean = { code: 0, signal: null };
const gcd = suiteByName("gcd")!;
const good = (await jsAnswer(gcd, "seed")) as number[];
/** The JS answer with its last gcd off by one: a wrong answer the JS verify names. */
const bad = [...good.slice(0, -1), good[good.length - 1]! + 1];

test("block.py gets the JS sweep orders of the seed, the warm-up orders and the size's parameters", () => {
  const req = request("gcd", [...THREE, { variant: "threads", workers: 1 }], { runs: 5, warmup: 2, seed: 12345 });
  const py = pythonBlockRequest(req, suiteByName);
  assert.deepEqual(py.orders, sweepOrders(4, 5, 12345));
  assert.deepEqual(py.warmupOrders, warmupOrders(4, 2, 12345));
  assert.deepEqual(py.sizeParams, gcd.sizes.seed);
  assert.deepEqual(pythonBlockRequest(req, suiteByName).orders, py.orders, "the same seed replays the same orders");
  assert.notDeepEqual(pythonBlockRequest({ ...req, seed: 12346 }, suiteByName).orders, py.orders, "another seed, other orders");
  assert.throws(() => pythonBlockRequest({ ...req, suite: "nope" }, suiteByName), /^Error: unknown suite 'nope'$/);
  assert.throws(() => pythonBlockRequest({ ...req, size: "huge" }, suiteByName), /^Error: suite gcd has no size 'huge'$/);
});

test("a raw Python block is verified by the JS suite and becomes a block record the orchestrator accepts", () => {
  const req = request("gcd", THREE);
  const line = rawLine(req, () => [good, good, good, good]);
  assert.ok("problem" in parseBlockOutput(line), "the raw line is not a block record");
  const record = completePythonBlock(`noise\n${line}\n`, req, suiteByName, clean);
  assert.equal(record.ok, true);
  const r = record as BlockSuccessRecord;
  assert.deepEqual(r.cells.map((c) => c.ok && c.answer), Array(3).fill(gcd.describeAnswer(good)));
  assert.ok(r.cells.every((c) => !("results" in c)), "raw results stay out of the record");
  assert.ok(r.harness.verifyMs >= 0);
  assert.ok(Math.abs(r.harness.phaseMs - r.harness.verifyMs - 1000) < 1e-9, "verification counts in the phase");
  assert.deepEqual(parseBlockOutput(encodeBlockRecord(record)), { record });
});

test("a wrong answer in one run fails that cell alone, in a warm-up run as in a measured one", () => {
  const req = request("gcd", THREE);
  for (const [cell, run] of [[1, 3], [2, 0]] as const) {
    const record = completePythonBlock(rawLine(req, (i) => [good, good, good, good].map((g, k) => (i === cell && k === run ? bad : g))), req, suiteByName, clean);
    assert.equal(record.ok, true);
    const cells = (record as BlockSuccessRecord).cells;
    assert.deepEqual(cells.map((c) => c.ok), [0, 1, 2].map((i) => i !== cell));
    const failed = cells[cell]!;
    assert.ok(!failed.ok);
    assert.equal(failed.kind, "wrong-answer");
    assert.match(failed.reason, new RegExp(`^wrong answer from python gcd ${THREE[cell]!.variant} x2: `));
    assert.deepEqual(failed.pids, cell === 2 ? [41, 42] : []);
  }
});

test("a Python failure passes through; a missing, doubled, broken or malformed record fails the block with one line", () => {
  const req = request("gcd", THREE);
  const failure = { "tribench-python-block": 1, ok: false, runtime: "python", runtimeVersion: "3.11.7", kind: "crash", reason: "python block stopped by SIGTERM", pids: [12] };
  assert.deepEqual(completePythonBlock(JSON.stringify(failure) + "\n", req, suiteByName, { code: 1, signal: null }), {
    "tribench-block": 1, ok: false, runtime: "python", runtimeVersion: "3.11.7", kind: "crash", reason: "python block stopped by SIGTERM", pids: [12],
  });
  const reasonOf = (stdout: string, exit: { code: number | null; signal: string | null; stderr?: string } = clean, r = req): string => {
    const record = completePythonBlock(stdout, r, suiteByName, exit);
    assert.equal(record.ok, false);
    assert.doesNotMatch(record.ok ? "" : record.reason, /\n/);
    return record.ok ? "" : record.reason;
  };
  assert.equal(reasonOf("", { code: 1, signal: null, stderr: "Traceback …\nMemoryError: out\n" }), "python block exited with code 1 before answering: MemoryError: out");
  assert.match(reasonOf("", { code: null, signal: "SIGKILL" }), /was killed by SIGKILL before answering$/);
  const line = rawLine(req, () => [good, good, good, good]);
  assert.match(reasonOf(`${line}\n${line}\n`), /printed 2 records/);
  assert.match(reasonOf('{"tribench-python-block":1,oops\n'), /not valid JSON/);
  assert.match(reasonOf(line, clean, { ...req, runs: 4 }), /^python block answered 4 results for cell serial x1's 1 warm-up and 4 measured runs$/);
  assert.match(reasonOf(line, clean, { ...req, cells: [...THREE, THREE[0]!] }), /answered 3 cells for 4/);
  const noOrder = JSON.stringify({ ...JSON.parse(line), order: "3 sweeps" });
  assert.match(reasonOf(noOrder), /^python block printed a malformed tribench-block record: field 'order'/);
});

test("a request the JS side cannot serve never reaches Python", async () => {
  const reasonOf = async (text: string | undefined): Promise<string> => {
    const record = await runPythonBlock("/nonexistent/python3", text, suiteByName);
    return record.ok ? "" : record.reason;
  };
  assert.equal(await reasonOf(encodeBlockRequest({ suite: "nope", size: "quick", cells: THREE, runs: 1, warmup: 0, seed: 1 })), "unknown suite 'nope'");
  assert.equal(await reasonOf("{"), "block request is not valid JSON");
  assert.equal(await reasonOf(undefined), "block script needs one argument: the request JSON");
  assert.match(await reasonOf(encodeBlockRequest({ suite: "gcd", size: "seed", cells: THREE, runs: 1, warmup: 0, seed: 1 })), /^could not start \/nonexistent\/python3: /);
});

test("this runtime hosts a CPython block: orders follow the request, every run verified, a probe per sweep, no worker left", { skip: NO_PYTHON }, async () => {
  // A seed of its own, so the processes of this block are recognisable by their command line.
  const seed = 900_000_000 + (process.pid % 100_000);
  const cells: BlockCellSpec[] = [{ variant: "serial", workers: 1 }, { variant: "async", workers: 1 }, { variant: "threads", workers: 2 }, { variant: "processes", workers: 2 }];
  const req = request("io", cells, { size: "quick", runs: 3, warmup: 1, seed, capacity: { workers: 2 } });
  const record = await runPythonBlock(install!.executable, JSON.stringify(req), suiteByName);
  assert.ok(record.ok, record.ok ? "" : record.reason);
  assert.equal(record.runtimeVersion, install!.version);
  const orders = sweepOrders(cells.length, 3, seed);
  assert.deepEqual(record.order, orders);
  for (const [i, cell] of record.cells.entries()) {
    assert.ok(cell.ok, cell.ok ? "" : cell.reason);
    assert.equal(cell.answer, suiteByName("io")!.describeAnswer(await jsAnswer(suiteByName("io")!, "quick")));
    assert.equal(cell.warmupMs.length, 1);
    // Run k of cell i sits at its place in sweep k: seq and start times follow the order.
    assert.deepEqual(cell.seq, orders.map((o, k) => k * cells.length + o.indexOf(i)));
    assert.equal(cell.spawnMs === null, cell.variant === "serial" || cell.variant === "async");
  }
  const all = record.cells.flatMap((c) => (c.ok ? c.seq.map((s, k) => [s, c.atMs[k]!] as const) : [])).sort((a, b) => a[0] - b[0]);
  assert.deepEqual(all.map(([s]) => s), [...Array(12).keys()]);
  assert.ok(all.every(([, at], j) => j === 0 || at > all[j - 1]![1]), "start times grow with seq");
  assert.deepEqual(record.probes.map((p) => [p.sweep, p.workers]), [[0, 2], [1, 2], [2, 2]]);
  for (const p of record.probes) {
    assert.ok(p.oneMs > 0 && p.allMs > 0 && p.capacity > 0);
    const firstRun = Math.min(...record.cells.map((c) => (c.ok ? c.atMs[p.sweep]! : Infinity)));
    assert.ok(p.atMs < firstRun, "the probe opens its sweep");
  }
  const [serial, async_, threads, processes] = record.cells as Extract<BlockSuccessRecord["cells"][number], { ok: true }>[];
  assert.deepEqual([serial!.mechanism, async_!.mechanism, threads!.mechanism], [null, null, "python/concurrent.futures.ThreadPoolExecutor"]);
  assert.match(processes!.mechanism!, /^python\/multiprocessing\.Pool\(/);
  assert.equal(processes!.pids.length, 2);
  for (const pid of processes!.pids) assert.equal(isAlive(pid), false, `worker ${pid} outlived its block`);
  if (HAS_PROC) assert.deepEqual(processesWith(`"seed":${seed}`), [], "no python process of the block is left");
});

test("a wrong answer from CPython fails that cell alone; the other cells keep their verified answers", { skip: NO_PYTHON }, async () => {
  const primes = suiteByName("primes")!;
  const req = request("primes", THREE, { size: "quick", runs: 2, warmup: 0 });
  const exit = await runPythonScript(install!.executable, PYTHON_BLOCK_SCRIPT, JSON.stringify(pythonBlockRequest(req, suiteByName)));
  const raw = JSON.parse(exit.stdout.trim().split("\n").pop()!) as { cells: { results: { prime: boolean }[][] }[] };
  // Flip one verdict of the threads cell's last run, as a broken port would.
  raw.cells[1]!.results[1]![0]!.prime = !raw.cells[1]!.results[1]![0]!.prime;
  const record = completePythonBlock(JSON.stringify(raw), req, suiteByName, exit) as BlockSuccessRecord;
  assert.equal(record.ok, true);
  assert.deepEqual(record.cells.map((c) => c.ok), [true, false, true]);
  const failed = record.cells[1]!;
  assert.ok(!failed.ok && failed.kind === "wrong-answer" && failed.reason.startsWith("wrong answer from python primes threads x2: "), JSON.stringify(failed));
  const answer = primes.describeAnswer(await jsAnswer(primes, "quick"));
  assert.deepEqual([record.cells[0], record.cells[2]].map((c) => c!.ok && c!.answer), [answer, answer]);
});

test("SIGTERM stops a CPython block: it answers with a failure record naming its workers, and they are gone", { skip: NO_PYTHON || (HAS_PROC ? false : "needs /proc") }, async () => {
  const req = request("countdown", [{ variant: "processes", workers: 2 }], { size: "quick", runs: 50, warmup: 0, capacity: { workers: 2 } });
  const child = spawn(install!.executable, [...PYTHON_FLAGS, PYTHON_BLOCK_SCRIPT, JSON.stringify(pythonBlockRequest(req, suiteByName))], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  const closed = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  let workers: number[] = [];
  // Two probe workers, then the pool's two.
  while (workers.length < 4 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    workers = childrenOf(child.pid!);
  }
  assert.equal(workers.length, 4, "the probe's and the pool's workers started");
  await new Promise((r) => setTimeout(r, 300)); // let the pool's ready barrier pass, so the block knows its workers
  child.kill("SIGTERM");
  assert.equal(await closed, 1);
  const record = JSON.parse(stdout.trim().split("\n").pop()!) as { ok: boolean; kind: string; reason: string; pids: number[] };
  assert.deepEqual([record.ok, record.kind, record.reason], [false, "crash", "python block stopped by SIGTERM"]);
  assert.deepEqual([...record.pids].sort(), [...workers].sort());
  for (const pid of workers) assert.equal(isAlive(pid), false, `worker ${pid} outlived its block`);
});

// The timeout only keeps a regression from running the whole 50-sweep block (minutes); nothing is timed.
test("a CPython block whose host is gone stops by itself, with its workers", { timeout: 60_000, skip: NO_PYTHON || (HAS_PROC && existsSync("/bin/sh") ? false : "needs /proc and /bin/sh") }, async () => {
  const seed = 800_000_000 + (process.pid % 100_000);
  const req = request("countdown", [{ variant: "processes", workers: 2 }], { size: "quick", runs: 50, warmup: 0, seed, capacity: { workers: 2 } });
  // The shell stands in for the JS host: it starts Python in the background with the request it reads,
  // then waits for a second line; ending its stdin ends it, and Python's host is gone.
  const script = `read -r req; "$0" ${PYTHON_FLAGS.join(" ")} "$1" "$req" & read -r done`;
  const host = spawn("/bin/sh", ["-c", script, install!.executable, PYTHON_BLOCK_SCRIPT], { stdio: ["pipe", "pipe", "ignore"] });
  host.stdin.write(JSON.stringify(pythonBlockRequest(req, suiteByName, host.pid!)) + "\n");
  let stdout = "";
  host.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  // Python holds the pipe until it exits, so its end closes the stream.
  const ended = new Promise<void>((resolve) => host.stdout.on("end", () => resolve()));
  const deadline = Date.now() + 20_000;
  let workers: number[] = [];
  while (workers.length < 4 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const python = processesWith(`"seed":${seed}`).find((pid) => childrenOf(host.pid!).includes(pid));
    workers = python ? childrenOf(python) : [];
  }
  assert.equal(workers.length, 4, "the probe's and the pool's workers started");
  host.stdin.end();
  await ended;
  const record = JSON.parse(stdout.trim().split("\n").pop()!) as { ok: boolean; kind: string; reason: string };
  assert.deepEqual([record.ok, record.kind, record.reason], [false, "crash", "python block stopped by SIGTERM"]);
  for (const pid of workers) assert.equal(isAlive(pid), false, `worker ${pid} outlived its block`);
  assert.deepEqual(processesWith(`"seed":${seed}`), [], "no process of the block is left");
});

/** Live (non-zombie) children of `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  return procEntries().filter((p) => p.ppid === pid && p.state !== "Z").map((p) => p.pid);
}

/** Live processes whose command line holds `text`. */
function processesWith(text: string): number[] {
  return procEntries().filter((p) => p.state !== "Z" && p.cmdline.includes(text)).map((p) => p.pid);
}

function procEntries(): { pid: number; ppid: number; state: string; cmdline: string }[] {
  const out = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      out.push({ pid: Number(entry), ppid: Number(fields[1]), state: fields[0]!, cmdline });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** Whether `pid` runs (not a zombie): from /proc where there is one, else by signal 0. */
function isAlive(pid: number): boolean {
  if (HAS_PROC) {
    try {
      return !/^\S+ \(.*\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
