/**
 * The built CLI end to end, with and without CPython, with the orchestrator on the runtime running
 * this file (`npm test` runs it under Node, Deno and Bun). CPython runs as a block like any runtime
 * (runtimes/python.ts `blockCommand`: a JS host starts `runtimes/python/block.py`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Report } from "../reports/report.ts";
import { PYTHON_BLOCK_HOST_SCRIPT, PYTHON_BLOCK_SCRIPT, PYTHON_ENV_VAR, pythonRuntime } from "../runtimes/python.ts";
import { runtimeNameOf } from "../runtimes/versions/label.ts";
import { ORCHESTRATOR, startTribench } from "../testing/e2e.ts";

const install = await pythonRuntime.locate();
/** The CPython block path (its host script and block.py) may still be being built: say so rather than fail. */
const noBlockPath = typeof pythonRuntime.blockCommand === "function" && existsSync(PYTHON_BLOCK_HOST_SCRIPT) && existsSync(PYTHON_BLOCK_SCRIPT)
  ? false
  : "the CPython block path (runtimes/python.ts blockCommand, scripts/python_block.ts, runtimes/python/block.py) is not built yet";
const noPython = noBlockPath || (install ? false : "no CPython 3.8+ found; the python runtime is skipped");

function tribench(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return startTribench({ runtime: ORCHESTRATOR, args, mark: `python-${process.pid}`, env }).done;
}

async function withOut<T>(fn: (out: string) => Promise<T>): Promise<T> {
  const out = mkdtempSync(join(tmpdir(), "tribench-python-"));
  try {
    return await fn(out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const MISSING = { [PYTHON_ENV_VAR]: "/nonexistent/python3" };

test(`orchestrator on ${ORCHESTRATOR}: without CPython, a run that asks for it beside node skips python with a note and still succeeds`, { timeout: 60_000 }, async () => {
  await withOut(async (out) => {
    const run = await tribench(["--runtimes", "node,python", "--suites", "gcd", "--variants", "serial", "--size", "seed", "--runs", "1", "--warmup", "0", "--rounds", "1", "--json", "--out", out], MISSING);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.ok(!report.runtimes.some((r) => r.name === "python"));
    assert.ok(report.results.length > 0 && !report.results.some((r) => runtimeNameOf(r.runtime) === "python"));
    assert.ok(report.warnings.includes(`python is not installed and was skipped (${pythonRuntime.installHint})`), report.warnings.join(" / "));
  });
});

test(`orchestrator on ${ORCHESTRATOR}: without CPython, asking for it alone is a one-line usage error that says how to get it`, { timeout: 60_000 }, async () => {
  const run = await tribench(["--runtimes", "python", "--size", "quick"], MISSING);
  assert.equal(run.code, 2);
  assert.equal(run.stderr.trim().split("\n").length, 1);
  assert.match(run.stderr, /runtime 'python' is not installed; install Python 3\.8 or newer/);
  const list = await tribench(["--list"], MISSING);
  assert.match(list.stdout, /\n {2}python +not installed \(install Python 3\.8/);
});

test(`orchestrator on ${ORCHESTRATOR}: with CPython: python cells sit in the report like any other, and the Markdown compares them`, { skip: noPython, timeout: 90_000 }, async () => {
  await withOut(async (out) => {
    const args = ["--runtimes", "node,python", "--suites", "gcd", "--variants", "serial,processes", "--workers", "2", "--size", "seed", "--runs", "2", "--warmup", "0", "--rounds", "1", "--json", "--out", out];
    const run = await tribench(args);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    const python = report.runtimes.find((r) => r.name === "python");
    assert.ok(python, "python is listed among the runtimes");
    assert.equal(python.version, install!.version);
    assert.match(python.mechanisms.processes ?? "", /^python\/multiprocessing\.Pool/);
    const cells = report.results.filter((r) => r.runtime === `python@${install!.version}`);
    assert.deepEqual(cells.map((r) => [r.variant, r.workers, r.verified, r.answer]), [["serial", 1, true, "gcds 1, 1, 5, 1"], ["processes", 2, true, "gcds 1, 1, 5, 1"]]);
    assert.ok(cells[1]!.speedup !== null, "the processes cell has its CPython serial baseline");
    assert.deepEqual(report.failures, []);
    const md = readFileSync(join(out, readdirSync(out).find((f) => f.startsWith("tribench-") && f.endsWith(".md"))!), "utf8");
    assert.match(md, /\*\*vs CPython:\*\* fastest JS: node@\S+ .*; fastest CPython: .*the time of/);
  });
});
