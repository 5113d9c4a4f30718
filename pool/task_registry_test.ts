import { test } from "node:test";
import assert from "node:assert/strict";
import { SIZE_NAMES } from "../suites/types.ts";
import { SUITES } from "../suites/registry.ts";
import { BUILTIN_TASKS } from "./builtin_tasks.ts";
import { resolveTask, taskNames } from "./task_registry.ts";

test("built-in tasks resolve and do what they say", async () => {
  assert.equal(resolveTask("tribench:noop")(123), null);
  assert.deepEqual(resolveTask("tribench:echo")({ a: [1, 2] }), { a: [1, 2] });
  assert.equal(await resolveTask("tribench:sleep")(5), 5);
  resolveTask("tribench:remember")("kept");
  assert.equal(resolveTask("tribench:recall")(null), "kept");
  assert.equal(resolveTask("tribench:pid")(null), process.pid);
  assert.throws(() => resolveTask("fault:throw")("said this"), /said this/);
});

test("an unknown task name throws, naming it; paths are not task names", () => {
  assert.throws(() => resolveTask("nope"), /unknown task "nope"/);
  assert.throws(() => resolveTask("./runtimes/builtin_tasks.ts"), /unknown task/);
  assert.throws(() => resolveTask("toString"), /unknown task/);
});

test("every suite is a task under its own name: input one task, output suite.kernel(task)", async () => {
  const names = taskNames();
  for (const name of Object.keys(BUILTIN_TASKS)) assert.ok(names.includes(name));
  for (const suite of SUITES) {
    assert.ok(names.includes(suite.name), suite.name);
    const size = suite.sizes[SIZE_NAMES[0]!];
    const [first] = suite.split(size, suite.tasksFor(size));
    const viaRegistry = await resolveTask(suite.name)(first);
    const direct = await suite.kernel(first);
    // A kernel that measures something (io reports times) differs run to run: then compare shapes.
    if (JSON.stringify(direct) === JSON.stringify(await suite.kernel(first))) assert.deepEqual(viaRegistry, direct, suite.name);
    else assert.equal(JSON.stringify(viaRegistry).replace(/[\d.e+-]+/g, "0"), JSON.stringify(direct).replace(/[\d.e+-]+/g, "0"), suite.name);
  }
});
