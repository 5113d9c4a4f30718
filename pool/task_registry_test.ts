import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SIZE_NAMES } from "../suites/types.ts";
import { REGISTRY_MODULE, SUITES } from "../suites/registry.ts";
import { FAULT_SUITE_MODULE, SUITES as FAULT_SUITES } from "../testing/fault_suites.ts";
import { BUILTIN_TASKS } from "./builtin_tasks.ts";
import { buildTaskTable, importTaskModules, loadTaskTable, resolveTask } from "./task_registry.ts";

const tmp = mkdtempSync(join(tmpdir(), "tribench-task-registry-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Write a module into the temp folder and return its absolute path. */
function moduleFile(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

test("built-in tasks resolve and do what they say, with no task module at all", async () => {
  const table = buildTaskTable([]);
  assert.deepEqual([...table.keys()].sort(), Object.keys(BUILTIN_TASKS).sort());
  assert.equal(resolveTask(table, "tribench:noop")(123), null);
  assert.deepEqual(resolveTask(table, "tribench:echo")({ a: [1, 2] }), { a: [1, 2] });
  assert.equal(await resolveTask(table, "tribench:sleep")(5), 5);
  resolveTask(table, "tribench:remember")("kept");
  assert.equal(resolveTask(table, "tribench:recall")(null), "kept");
  assert.equal(resolveTask(table, "tribench:pid")(null), process.pid);
  assert.throws(() => resolveTask(table, "fault:throw")("said this"), /said this/);
});

test("an unknown task name throws, naming it; paths and suites nobody loaded are not task names", () => {
  const table = buildTaskTable([]);
  assert.throws(() => resolveTask(table, "nope"), /unknown task "nope": not a suite or tribench built-in/);
  assert.throws(() => resolveTask(table, "./pool/builtin_tasks.ts"), /unknown task/);
  assert.throws(() => resolveTask(table, "toString"), /unknown task/);
  // The pool knows no registry of its own: without the registry module, collatz is unknown.
  assert.throws(() => resolveTask(table, "collatz"), /unknown task "collatz"/);
});

test("the registry module makes every built-in suite a task under its own name: output = suite.kernel(task)", async () => {
  const table = await loadTaskTable([REGISTRY_MODULE]);
  for (const name of Object.keys(BUILTIN_TASKS)) assert.ok(table.has(name), name);
  for (const suite of SUITES) {
    const size = suite.sizes[SIZE_NAMES[0]!];
    const [first] = suite.split(size, suite.tasksFor(size));
    const viaTable = await resolveTask(table, suite.name)(first);
    const direct = await suite.kernel(first);
    // A kernel that measures something (io reports times) differs run to run: then compare shapes.
    if (JSON.stringify(direct) === JSON.stringify(await suite.kernel(first))) assert.deepEqual(viaTable, direct, suite.name);
    else assert.equal(JSON.stringify(viaTable).replace(/[\d.e+-]+/g, "0"), JSON.stringify(direct).replace(/[\d.e+-]+/g, "0"), suite.name);
  }
});

test("modules load in order and add up: registry plus the fault suites", async () => {
  const table = await loadTaskTable([REGISTRY_MODULE, FAULT_SUITE_MODULE]);
  for (const suite of [...SUITES, ...FAULT_SUITES]) assert.ok(table.has(suite.name), suite.name);
  assert.throws(() => resolveTask(table, "fault-throw")({ index: 3 }), /injected error in task 3/);
});

test("a name taken twice is refused with one line: by a built-in task, or by two suites", async () => {
  assert.throws(() => buildTaskTable([{ name: "tribench:echo", kernel: () => 1 }]), { message: "suite name tribench:echo clashes with a built-in task" });
  const twice = [{ name: "twin", kernel: () => 1 }, { name: "twin", kernel: () => 2 }];
  assert.throws(() => buildTaskTable(twice), { message: "suite name twin is defined twice" });
  await assert.rejects(loadTaskTable([REGISTRY_MODULE, REGISTRY_MODULE]), /suite name collatz is defined twice/);
});

test("a bad task module is refused with one line naming it", async () => {
  const cases: [string[], RegExp][] = [
    [["relative/x.js"], /task module "relative\/x.js" is not an absolute path/],
    [[join(tmp, "absent.js")], /task module .*absent\.js could not be imported/],
    [[moduleFile("throws.mjs", "throw new Error('broken at import\\nsecond line');\n")], /could not be imported: broken at import$/],
    [[moduleFile("no_suites.mjs", "export const OTHER = 1;\n")], /no_suites\.mjs exports no SUITES array/],
    [[moduleFile("no_kernel.mjs", "export const SUITES = [{ name: 'k' }];\n")], /no_kernel\.mjs has a SUITES entry without a string name and a kernel function/],
  ];
  for (const [paths, message] of cases) {
    await assert.rejects(importTaskModules(paths), (e: unknown) => e instanceof Error && message.test(e.message) && !e.message.includes("\n"), String(paths));
  }
  const ok = moduleFile("double.mjs", "export const SUITES = [{ name: 'double', kernel: (n) => 2 * n }];\n");
  assert.equal(resolveTask(await loadTaskTable([ok]), "double")(21), 42);
});
