/**
 * The table of task names a worker can run: the built-ins plus every suite of the task modules its
 * pool named (input = one task of that suite, output = `suite.kernel(task)`). The pool knows no
 * concrete suite registry: whoever creates a pool passes the modules (`PoolOptions.taskModules`), the
 * worker imports exactly those once, before its initializer, and afterwards a task message can only
 * pick a name from this table, never make the worker load a path.
 *
 * @module
 */
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import { BUILTIN_TASKS, type TaskFunction } from "./builtin_tasks.ts";

export type { TaskFunction } from "./builtin_tasks.ts";

/** What a task module's `SUITES` entries must have: a name and a kernel (a full Suite has both). */
export interface TaskSuite {
  readonly name: string;
  kernel(task: unknown): unknown;
}

/** A worker's tasks by name. Built with {@link buildTaskTable}; look a name up with {@link resolveTask}. */
export type TaskTable = ReadonlyMap<string, TaskFunction>;

/**
 * The built-ins plus `suites`, each under its own name. Throws one line when a name is taken twice
 * (by a built-in or by another suite), because the pool could not tell which one a task means.
 *
 * @example
 * ```ts
 * const table = buildTaskTable([{ name: "double", kernel: (n: number) => 2 * n }]);
 * resolveTask(table, "double")(21); // 42
 * ```
 */
export function buildTaskTable(suites: readonly TaskSuite[]): TaskTable {
  const table = new Map<string, TaskFunction>(Object.entries(BUILTIN_TASKS));
  for (const suite of suites) {
    if (table.has(suite.name)) {
      throw new Error(suite.name in BUILTIN_TASKS ? `suite name ${suite.name} clashes with a built-in task` : `suite name ${suite.name} is defined twice`);
    }
    table.set(suite.name, (input) => suite.kernel(input));
  }
  return table;
}

/**
 * Import each task module (an absolute path of a compiled ES module exporting `SUITES`) in order and
 * return their suites. Throws one line naming the module when it is not absolute, cannot be imported,
 * or has no array `SUITES` of `{ name, kernel }`.
 */
export async function importTaskModules(paths: readonly string[]): Promise<TaskSuite[]> {
  const suites: TaskSuite[] = [];
  for (const path of paths) {
    if (typeof path !== "string" || !isAbsolute(path)) throw new Error(`task module ${JSON.stringify(path)} is not an absolute path`);
    let module: { SUITES?: unknown };
    try {
      module = (await import(pathToFileURL(path).href)) as { SUITES?: unknown };
    } catch (error) {
      throw new Error(`task module ${path} could not be imported: ${firstLine(error)}`);
    }
    if (!Array.isArray(module.SUITES)) throw new Error(`task module ${path} exports no SUITES array`);
    for (const suite of module.SUITES as unknown[]) {
      const s = suite as Partial<TaskSuite> | null;
      if (typeof s?.name !== "string" || typeof s.kernel !== "function") {
        throw new Error(`task module ${path} has a SUITES entry without a string name and a kernel function`);
      }
      suites.push(s as TaskSuite);
    }
  }
  return suites;
}

/** The built-ins and the suites of `paths` ({@link importTaskModules}, then {@link buildTaskTable}). */
export async function loadTaskTable(paths: readonly string[]): Promise<TaskTable> {
  return buildTaskTable(await importTaskModules(paths));
}

/**
 * The function behind task `name` in `table`. Throws an Error naming the unknown task otherwise.
 *
 * @example
 * ```ts
 * resolveTask(buildTaskTable([]), "tribench:echo")(42); // 42
 * ```
 */
export function resolveTask(table: TaskTable, name: string): TaskFunction {
  const fn = table.get(name);
  if (fn === undefined) throw new Error(`unknown task ${JSON.stringify(name)}: not a suite or tribench built-in`);
  return fn;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}
