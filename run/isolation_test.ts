/**
 * Isolation (issue 5): the Deno command lines tribench runs carry the narrowest permissions that work
 * (no -A, no network, reads only of the project and of the folders of the suite / task modules it was
 * given, run only of Deno itself), and a worker imports only the task modules its pool named in INIT:
 * a task name in a RUN message is looked up in that table and can never make a worker import
 * anything. Runs on every runtime (each starts its own pools); the check of a Deno process worker's
 * real command line runs where Deno starts them, in the Deno pass of `npm test`.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { after, test } from "node:test";
import { TaskError } from "../pool/errors.ts";
import { Pool } from "../pool/pool.ts";
import { compiledPath, PROJECT_ROOT } from "../core/project.ts";
import { ADAPTERS, currentRuntimeName } from "../runtimes/registry.ts";
import type { RuntimeInstall, WorkerApi, WorkerKind } from "../runtimes/types.ts";
import { WORKER_ENTRY } from "../runtimes/worker_handle.ts";
import { REGISTRY_MODULE } from "../suites/registry.ts";
import { commandLineOf, HAVE_PROC } from "../testing/e2e.ts";
import { blockCommand } from "./orchestrator.ts";

const tmp = mkdtempSync(join(tmpdir(), "tribench-isolation-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A task module outside the project, as a `--suite-file` module would be: one suite, no imports. */
const OUTSIDE_MODULE = join(tmp, "outside.suite.mjs");
writeFileSync(OUTSIDE_MODULE, 'export const SUITES = [{ name: "isolation-double", kernel: (n) => 2 * n }];\n');

/** Flags that would widen Deno past what tribench needs. */
function assertNoBlanketPermission(argv: readonly string[], what: string): void {
  for (const a of argv) {
    assert.ok(a !== "-A" && a !== "--allow-all" && !a.startsWith("--allow-net") && !a.startsWith("--allow-ffi") && !a.startsWith("--allow-import"), `${what} has ${a}`);
  }
}

test("a Deno block's command line: read only the project and Deno itself, run only Deno itself, no write, no network, no prompt", () => {
  const deno: RuntimeInstall = { name: "deno", version: "2.9.6", executable: "/opt/deno/bin/deno", source: "explicit" };
  const request = '{"tribench-block-request":1}';
  const argv = blockCommand(deno, compiledPath("scripts/block.ts"), request);
  assertNoBlanketPermission(argv, "the block command");
  assert.equal(argv[0], deno.executable);
  assert.equal(argv[1], "run");
  assert.ok(argv.includes("--no-prompt"));
  // Its own executable too when it lies outside the project (a cached version): old Denos check it on Deno.execPath().
  assert.deepEqual(argv.filter((a) => a.startsWith("--allow-read")), [`--allow-read=${PROJECT_ROOT},${deno.executable}`]);
  assert.deepEqual(argv.filter((a) => a.startsWith("--allow-run")), [`--allow-run=${deno.executable}`]);
  const local: RuntimeInstall = { ...deno, executable: `${PROJECT_ROOT}/node_modules/deno/deno` };
  assert.deepEqual(blockCommand(local, compiledPath("scripts/block.ts"), request).filter((a) => a.startsWith("--allow-read")), [`--allow-read=${PROJECT_ROOT}`]);
  assert.deepEqual(argv.filter((a) => a.startsWith("--allow-write")), []);
  assert.deepEqual(argv.slice(-2), [compiledPath("scripts/block.ts"), request]);
  // A suite module outside the project adds a read of its folder, and nothing more.
  const withSuite = blockCommand(deno, compiledPath("scripts/block.ts"), request, ["/home/u/bench/hash.suite.js"]);
  assert.deepEqual(withSuite.filter((a) => a.startsWith("--allow-read")), [`--allow-read=${PROJECT_ROOT},/home/u/bench,${deno.executable}`]);
  // Node and Bun have no permission model worth the name here: their blocks run the script as is.
  const node: RuntimeInstall = { name: "node", version: "20", executable: "/usr/bin/node", source: "path" };
  assert.deepEqual(blockCommand(node, "/p/block.js", request), ["/usr/bin/node", "/p/block.js", request]);
});

test("the adapter's defaults for any other Deno script are as narrow", () => {
  const install: RuntimeInstall = { name: "deno", version: "2.9.6", executable: "/opt/deno", source: "explicit" };
  const argv = ADAPTERS.deno.commandFor(install, "/p/x.js", []);
  assertNoBlanketPermission(argv, "commandFor");
  assert.deepEqual(argv.filter((a) => a.startsWith("--allow-read")), [`--allow-read=${PROJECT_ROOT}`]);
  assert.deepEqual(argv.filter((a) => a.startsWith("--allow-run")), ["--allow-run=/opt/deno"]);
  assert.ok(!argv.some((a) => a.startsWith("--allow-write")));
});

test("deno.json tasks: no -A and no network; the product task (bench) names its sys permissions", () => {
  const tasks = (JSON.parse(readFileSync(join(PROJECT_ROOT, "deno.json"), "utf8")) as { tasks: Record<string, string | { command: string }> }).tasks;
  for (const [name, task] of Object.entries(tasks)) {
    const words = (typeof task === "string" ? task : task.command).split(/\s+/);
    assertNoBlanketPermission(words, `deno task ${name}`);
    assert.ok(words.includes("--no-prompt"), `deno task ${name} may prompt`);
  }
  const bench = (tasks.bench as { command: string }).command.split(/\s+/);
  assert.ok(bench.some((w) => /^--allow-sys=\w/.test(w)), "the bench task lists the sys information it reads");
  assert.match(bench[bench.length - 1]!, /dist\/scripts\/tribench\.js$/);
});

/** The compiled text of `file` without comments (so a JSDoc example is not taken for code). */
function code(file: string): string {
  return readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/[^\n]*/g, "$1");
}

/** [start, end) of the top-level function `name` in compiled text (tsc closes it with a `}` at column 0). */
function functionSpan(text: string, name: string): [number, number] {
  const start = text.search(new RegExp(`(^|\\n)(export )?(async )?function ${name}\\(`));
  assert.ok(start >= 0, `function ${name} not found`);
  const end = text.indexOf("\n}", start + 1);
  return [start, end < 0 ? text.length : end];
}

/** The argument text of every `import(...)` in `text`, parentheses balanced. */
function dynamicImports(text: string): { at: number; arg: string }[] {
  const found: { at: number; arg: string }[] = [];
  for (const m of text.matchAll(/\bimport\s*\(/g)) {
    let depth = 1;
    let i = m.index! + m[0].length;
    const from = i;
    for (; i < text.length && depth > 0; i++) depth += text[i] === "(" ? 1 : text[i] === ")" ? -1 : 0;
    found.push({ at: m.index!, arg: text.slice(from, i - 1).trim() });
  }
  return found;
}

/** Every module a worker loads: the compiled worker entry and everything along its static imports. */
function workerModules(): Map<string, string> {
  const seen = new Map<string, string>();
  const stack = [WORKER_ENTRY];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    const text = code(file);
    seen.set(file, text);
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["'](\.{1,2}\/[^"']+)["']|(?:^|\n)\s*import\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      stack.push(resolve(dirname(file), (m[1] ?? m[2])!));
    }
  }
  return seen;
}

test("statically: the worker's only dynamic import of a path is the task-module loader, fed only by the pool's INIT message", () => {
  const modules = workerModules();
  const rel = (file: string) => relative(PROJECT_ROOT, file);
  // The pool knows no concrete registry: no suite (and no fault suite) is in the worker's code.
  assert.ok(modules.has(compiledPath("pool/task_registry.ts")), [...modules.keys()].map(rel).join("\n"));
  assert.deepEqual([...modules.keys()].map(rel).filter((f) => /^dist\/(suites|testing)\//.test(f)), []);
  // Every dynamic import is a node: built-in, except one: the loader in importTaskModules(paths).
  const registry = compiledPath("pool/task_registry.ts");
  const pathImports: string[] = [];
  for (const [file, text] of modules) {
    for (const { at, arg } of dynamicImports(text)) {
      if (/^["']node:[\w/]+["']$/.test(arg)) continue;
      const [from, to] = file === registry ? functionSpan(text, "importTaskModules") : [-1, -1];
      pathImports.push(`${rel(file)}${at > from && at < to ? " importTaskModules" : ""}: import(${arg})`);
    }
  }
  assert.equal(pathImports.length, 1, pathImports.join("\n"));
  assert.match(pathImports[0]!, /^dist\/pool\/task_registry\.js importTaskModules: import\(.*pathToFileURL\(path\)\.href\)*\)$/);
  // importTaskModules is called only by loadTaskTable; loadTaskTable only by the worker's initialize(),
  // on its `modules` argument; initialize() only for the INIT message, with the list INIT carries.
  const callers = (name: string) => [...modules].flatMap(([file, text]) =>
    [...text.matchAll(new RegExp(`(?<!function )\\b${name}\\(([^)]*)\\)`, "g"))].map((m) => {
      const inside = ["loadTaskTable", "initialize"].find((f) => {
        if (!new RegExp(`function ${f}\\(`).test(text)) return false;
        const [from, to] = functionSpan(text, f);
        return m.index! > from && m.index! < to;
      });
      return `${rel(file)} ${inside ?? "top level"}: ${name}(${m[1]})`;
    }));
  assert.deepEqual(callers("importTaskModules"), ["dist/pool/task_registry.js loadTaskTable: importTaskModules(paths)"]);
  assert.deepEqual(callers("loadTaskTable"), ["dist/pool/worker_entry.js initialize: loadTaskTable(modules)"]);
  assert.deepEqual(callers("initialize"), ["dist/pool/worker_entry.js top level: initialize(message[1], message[2], message[3])"]);
  assert.match(modules.get(WORKER_ENTRY)!, /case INIT:\s*void initialize\(message\[1\], message\[2\], message\[3\]\);/);
});

for (const kind of ["threads", "processes"] as WorkerKind[]) {
  test(`${kind}: the worker imports the task modules INIT names, and a task name never makes it import anything`, { timeout: 60_000 }, async () => {
    // A module that leaves a mark when anything imports it.
    const marker = join(tmp, `${kind}-imported`);
    const module = join(tmp, `${kind}-evil.mjs`);
    writeFileSync(module, `import { writeFileSync } from "node:fs"; writeFileSync(${JSON.stringify(marker)}, "imported");\nexport default () => "ran";\nexport const SUITES = [{ name: "evil", kernel: () => "ran" }];\n`);
    const names = [module, pathToFileURL(module).href, relative(dirname(WORKER_ENTRY), module), `./${kind}-evil.mjs`, "evil", "node:fs", "__proto__", "constructor", "toString", "collatz/../../x", "isolation-double/../x"];
    const pool = new Pool({ kind, workers: 1, taskModules: [REGISTRY_MODULE, OUTSIDE_MODULE] });
    try {
      await pool.ready();
      // What INIT named was imported: the outside module's suite runs.
      assert.equal(await pool.submit("isolation-double", 21), 42);
      for (const name of names) {
        const error = await pool.submit(name, null).catch((e: unknown) => e);
        assert.ok(error instanceof TaskError, `${name}: ${String(error)}`);
        assert.equal(error.message, `task ${name} failed: unknown task ${JSON.stringify(name)}: not a suite or tribench built-in`);
      }
      // The worker is unharmed and still serves its tasks.
      assert.equal(await pool.submit("tribench:echo", "fine"), "fine");
      assert.equal(await pool.submit("isolation-double", 4), 8);
    } finally {
      await pool.terminate();
    }
    assert.equal(existsSync(marker), false, "a task name made the worker import a file");
  });
}

const notDeno = currentRuntimeName() === "deno" ? (HAVE_PROC ? false : "reads the worker's command line from /proc: Linux only") : "Deno process workers start only from Deno: checked in the Deno pass of npm test";
for (const api of ["native", "node-compat"] as WorkerApi[]) {
  test(`a Deno process worker (${api}) may read only the project and its task modules' folders, and nothing else`, { skip: notDeno, timeout: 60_000 }, async () => {
    const pool = new Pool({ kind: "processes", workers: 1, api, taskModules: [REGISTRY_MODULE, OUTSIDE_MODULE] });
    try {
      await pool.ready();
      assert.equal(await pool.submit("isolation-double", 5), 10);
      assert.equal(pool.pids.length, 1);
      const argv = commandLineOf(pool.pids[0]!);
      assert.ok(argv.some((a) => a.endsWith("worker_entry.js")), argv.join(" "));
      assertNoBlanketPermission(argv, `the ${api} worker`);
      // The registry lives in the project; only the outside module's folder is added.
      assert.deepEqual(argv.filter((a) => a.startsWith("--allow-read")), [`--allow-read=${PROJECT_ROOT},${tmp}`], argv.join(" "));
      assert.deepEqual(argv.filter((a) => /^--allow-(write|run|sys)/.test(a) || a === "--allow-env"), [], argv.join(" "));
    } finally {
      await pool.terminate();
    }
  });
}
