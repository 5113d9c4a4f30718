/**
 * The fixed set of task names a worker can run: every suite under its own name (input = one task of
 * that suite, output = `suite.kernel(task)`) plus the built-ins. Workers import this registry and
 * nothing else, so a message can never make a worker load an arbitrary path.
 *
 * @module
 */
import { SUITES } from "../suites/registry.ts";
import { BUILTIN_TASKS, type TaskFunction } from "./builtin_tasks.ts";

export type { TaskFunction } from "./builtin_tasks.ts";

let table: Map<string, TaskFunction> | undefined;

function buildTable(): Map<string, TaskFunction> {
  const map = new Map<string, TaskFunction>(Object.entries(BUILTIN_TASKS));
  for (const suite of SUITES) {
    if (map.has(suite.name)) throw new Error(`suite name ${suite.name} clashes with a built-in task`);
    map.set(suite.name, (input) => suite.kernel(input));
  }
  return map;
}

/** Every task name a worker knows, suites first in report order, then built-ins. */
export function taskNames(): string[] {
  const builtins = Object.keys(BUILTIN_TASKS);
  return [...SUITES.map((s) => s.name), ...builtins];
}

/**
 * The function behind task `name`. Throws an Error naming the unknown task otherwise.
 *
 * @example
 * ```ts
 * resolveTask("tribench:echo")(42); // 42
 * ```
 */
export function resolveTask(name: string): TaskFunction {
  table ??= buildTable();
  const fn = table.get(name);
  if (fn === undefined) throw new Error(`unknown task ${JSON.stringify(name)}: not a suite or tribench built-in`);
  return fn;
}
