import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { SUITES } from "../suites/registry.ts";
import { prepareTasks } from "../harness/run_variant.ts";
import { SIZE_NAMES } from "../suites/types.ts";
import {
  PYTHON_BLOCK_HOST_SCRIPT,
  PYTHON_BLOCK_SCRIPT,
  PYTHON_DIR,
  PYTHON_ENV_VAR,
  PYTHON_FLAGS,
  PYTHON_SUITES_DIR,
  probePython,
  pythonRuntime,
} from "./python.ts";
import { BENCH_RUNTIMES, currentRuntimeName } from "./registry.ts";

const install = await pythonRuntime.locate();
const NO_PYTHON = install ? false : `no CPython ${"3.8+"} found (python3 / python on PATH, or $${PYTHON_ENV_VAR}); the python runtime is skipped`;

test("python is registered as a bench runtime (blocks only, no worker factory)", () => {
  assert.equal(BENCH_RUNTIMES.python, pythonRuntime);
  assert.equal(typeof pythonRuntime.blockCommand, "function");
  assert.match(pythonRuntime.installHint ?? "", /Python 3\.8/);
  assert.equal(pythonRuntime.optional, true, "absent, it is skipped with a note");
});

test("absent: an explicit executable that does not exist is not installed", async () => {
  assert.equal(await pythonRuntime.locate({ executable: "/nonexistent/python3" }), undefined);
  assert.equal(await probePython("/nonexistent/python3"), undefined);
});

test("absent: $TRIBENCH_PYTHON naming a missing interpreter wins over PATH (no fallback)", async () => {
  const saved = process.env[PYTHON_ENV_VAR];
  process.env[PYTHON_ENV_VAR] = "/nonexistent/python3";
  try {
    assert.equal(await pythonRuntime.locate(), undefined);
  } finally {
    if (saved === undefined) delete process.env[PYTHON_ENV_VAR];
    else process.env[PYTHON_ENV_VAR] = saved;
  }
});

test("absent: an executable that is not Python is not taken for one", { skip: existsSync("/bin/echo") ? false : "no /bin/echo here" }, async () => {
  // echo runs fine and prints its arguments, which hold no Python version.
  assert.equal(await pythonRuntime.locate({ executable: "/bin/echo" }), undefined);
});

test("present: located with its exact version and real executable", { skip: NO_PYTHON }, async () => {
  assert.equal(install!.name, "python");
  assert.match(install!.version, /^3\.\d+\.\d+/);
  assert.ok(isAbsolute(install!.executable) && existsSync(install!.executable));
  const again = await pythonRuntime.locate({ executable: install!.executable });
  assert.deepEqual({ ...again, source: "path" }, { ...install, source: "path" });
  assert.equal(again!.source, "explicit");
});

test("commandFor runs a Python script; blockCommand runs the JS host with the interpreter and request", () => {
  const fake = { name: "python" as const, version: "3.11.0", executable: "/opt/py/bin/python3", source: "explicit" as const };
  assert.deepEqual(pythonRuntime.commandFor(fake, PYTHON_BLOCK_SCRIPT, ["{}"]), ["/opt/py/bin/python3", ...PYTHON_FLAGS, PYTHON_BLOCK_SCRIPT, "{}"]);
  const argv = pythonRuntime.blockCommand(fake, '{"x":1}');
  assert.deepEqual(argv.slice(-3), [PYTHON_BLOCK_HOST_SCRIPT, "/opt/py/bin/python3", '{"x":1}']);
  assert.ok(existsSync(PYTHON_BLOCK_HOST_SCRIPT), `the JS host ${PYTHON_BLOCK_HOST_SCRIPT} is built`);
  // The host runs on the JS runtime running this code; Deno's gets the npm packages of node_modules.
  if (currentRuntimeName() === "deno") assert.ok(argv.includes("--node-modules-dir=manual") && argv.includes("--allow-run=/opt/py/bin/python3"), argv.join(" "));
  // tsc copies no .py: the Python entry is run from the source tree.
  assert.ok(existsSync(PYTHON_BLOCK_SCRIPT) && !PYTHON_BLOCK_SCRIPT.includes("/dist/"), PYTHON_BLOCK_SCRIPT);
});

test("every workload's CPython port sits beside its JS suite", () => {
  for (const suite of SUITES) {
    assert.ok(existsSync(join(PYTHON_SUITES_DIR, `${suite.name}.py`)), `suites/${suite.name}.py beside suites/${suite.name}.ts`);
  }
});

test("the Python split is the JS split: same variants and the same tasks for every suite and size", { skip: NO_PYTHON }, () => {
  const sizes = Object.fromEntries(SUITES.map((s) => [s.name, s.sizes]));
  const out = execFileSync(install!.executable, [...PYTHON_FLAGS, `${PYTHON_DIR}/split_tasks.py`], { input: JSON.stringify(sizes), encoding: "utf8", maxBuffer: 64 << 20 });
  const py = JSON.parse(out) as Record<string, { variants: string[]; tasks: Record<string, unknown[]> }>;
  assert.deepEqual(Object.keys(py).sort(), SUITES.map((s) => s.name).sort(), "the same suites");
  for (const suite of SUITES) {
    assert.deepEqual(py[suite.name]!.variants, [...suite.variants], `${suite.name} variants`);
    for (const size of SIZE_NAMES) {
      // JSON round trip: the JS tasks as the Python side would receive them.
      const js = JSON.parse(JSON.stringify(prepareTasks(suite, suite.sizes[size]))) as unknown[];
      assert.deepEqual(py[suite.name]!.tasks[size], js, `${suite.name} ${size} tasks`);
    }
  }
});
