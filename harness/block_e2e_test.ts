/**
 * The block process end to end: the built `scripts/block.js` on Node, Deno (with the permissions a
 * cell process gets, run/orchestrator.ts `cellCommand`) and Bun measures a small real block — serial,
 * two threads, two processes, three sweeps, a capacity probe — prints one record line and leaves no
 * process behind.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";
import { compiledPath, PROJECT_ROOT } from "../core/project.ts";
import { ADAPTERS } from "../runtimes/registry.ts";
import type { RuntimeName } from "../runtimes/types.ts";
import { suiteByName } from "../suites/registry.ts";
import { HAVE_PROC, MARK_ENV, processesMarked } from "../testing/e2e.ts";
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

/** The argv a block gets on `runtime`: what the orchestrator gives a cell process. */
async function blockArgv(runtime: RuntimeName): Promise<string[] | undefined> {
  const install = await ADAPTERS[runtime].locate();
  if (!install) return undefined;
  const argv = ADAPTERS[runtime].commandFor(install, compiledPath("scripts/block.ts"), [REQUEST], { read: [PROJECT_ROOT], write: [], run: [install.executable], env: true });
  if (runtime === "deno" && argv[1] === "run" && !argv.some((a) => a.startsWith("--node-modules-dir"))) argv.splice(2, 0, "--node-modules-dir=manual");
  return argv;
}

function run(argv: string[], mark: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, [MARK_ENV]: mark } });
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const gcd = suiteByName("gcd")!;
const expectedAnswer = gcd.describeAnswer(await runTasks(gcd, prepareTasks(gcd, gcd.sizes.quick), "serial"));

for (const runtime of ["node", "deno", "bun"] as const) {
  const argv = await blockArgv(runtime);
  test(`a real block on ${runtime}: three verified cells, one sample per sweep, a probe per sweep, nothing left running`, { skip: argv ? false : `${runtime} not found`, timeout: 120_000 }, async () => {
    const mark = `block-e2e-${runtime}-${process.pid}-${Date.now()}`;
    const { code, stdout, stderr } = await run(argv!, mark);
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
    assert.deepEqual(processes.pids.filter(alive), []);
    if (HAVE_PROC) assert.deepEqual(processesMarked(mark), []);
  });
}
