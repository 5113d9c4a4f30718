import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Report } from "../reports/report.ts";
import { compiledPath, PROJECT_ROOT } from "../core/project.ts";
import { PYTHON_ENV_VAR, pythonRuntime } from "../runtimes/python.ts";
import { currentRuntimeName } from "../runtimes/registry.ts";

// The built CLI end to end, with and without CPython. Run under Node only: the CLI itself is tested on
// every runtime in cli_test.ts, and these runs start cells of several runtimes each.
const ON_NODE = currentRuntimeName() === "node" ? false : `the CLI runs with CPython are checked under node, not again on ${currentRuntimeName()}`;
const install = await pythonRuntime.locate();

function tribench(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [compiledPath("scripts/tribench.ts"), ...args], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
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

test("without CPython, a run that asks for it beside node skips python with a note and still succeeds", { skip: ON_NODE }, async () => {
  await withOut(async (out) => {
    const run = await tribench(["--runtimes", "node,python", "--suites", "gcd", "--variants", "serial", "--size", "seed", "--runs", "1", "--warmup", "0", "--json", "--out", out], MISSING);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.ok(!report.runtimes.some((r) => r.name === "python"));
    assert.ok(report.results.length > 0 && !report.results.some((r) => r.runtime === "python"));
    assert.ok(report.warnings.includes(`python is not installed and was skipped (${pythonRuntime.installHint})`), report.warnings.join(" / "));
  });
});

test("without CPython, asking for it alone is a one-line usage error that says how to get it", { skip: ON_NODE }, async () => {
  const run = await tribench(["--runtimes", "python", "--size", "quick"], MISSING);
  assert.equal(run.code, 2);
  assert.equal(run.stderr.trim().split("\n").length, 1);
  assert.match(run.stderr, /runtime 'python' is not installed; install Python 3\.8 or newer/);
  const list = await tribench(["--list"], MISSING);
  assert.match(list.stdout, /\n {2}python +not installed \(install Python 3\.8/);
});

test("with CPython: python cells sit in the report like any other, and the Markdown compares them", { skip: ON_NODE || (install ? false : "no CPython 3.8+ found; the python runtime is skipped") }, async () => {
  await withOut(async (out) => {
    const args = ["--runtimes", "node,python", "--suites", "gcd", "--variants", "serial,processes", "--workers", "2", "--size", "seed", "--runs", "2", "--warmup", "0", "--json", "--out", out];
    const run = await tribench(args);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    const python = report.runtimes.find((r) => r.name === "python");
    assert.ok(python, "python is listed among the runtimes");
    assert.equal(python.version, install!.version);
    assert.match(python.mechanisms.processes ?? "", /^python\/multiprocessing\.Pool/);
    const cells = report.results.filter((r) => r.runtime === "python");
    assert.deepEqual(cells.map((r) => [r.variant, r.workers, r.verified, r.answer]), [["serial", 1, true, "gcds 1, 1, 5, 1"], ["processes", 2, true, "gcds 1, 1, 5, 1"]]);
    assert.ok(cells[1]!.speedup !== null, "the processes cell has its CPython serial baseline");
    assert.deepEqual(report.failures, []);
    const md = readFileSync(join(out, readdirSync(out).find((f) => f.startsWith("tribench-") && f.endsWith(".md"))!), "utf8");
    assert.match(md, /\*\*vs CPython:\*\* fastest JS: node .*; fastest CPython: .*the time of/);
  });
});
