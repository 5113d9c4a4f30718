/**
 * Isolation (issue 5): the Deno command lines tribench runs carry the narrowest permissions that work
 * (no -A, no network, reads only of the project, run only of Deno itself), and a worker runs tasks from
 * the registry by name only: an unknown or path-like name is refused with a clear error and nothing is
 * imported. Runs on every runtime (each starts its own pools).
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
import { ADAPTERS } from "../runtimes/registry.ts";
import type { RuntimeInstall, WorkerKind } from "../runtimes/types.ts";
import { WORKER_ENTRY } from "../runtimes/worker_handle.ts";
import { blockCommand } from "./orchestrator.ts";

const tmp = mkdtempSync(join(tmpdir(), "tribench-isolation-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Flags that would widen Deno past what tribench needs. */
function assertNoBlanketPermission(argv: readonly string[], what: string): void {
  for (const a of argv) {
    assert.ok(a !== "-A" && a !== "--allow-all" && !a.startsWith("--allow-net") && !a.startsWith("--allow-ffi") && !a.startsWith("--allow-import"), `${what} has ${a}`);
  }
}

test("a Deno block's command line: read only the project, run only Deno itself, no write, no network, no prompt", () => {
  const deno: RuntimeInstall = { name: "deno", version: "2.9.6", executable: "/opt/deno/bin/deno", source: "explicit" };
  const request = '{"tribench-block-request":1}';
  const argv = blockCommand(deno, compiledPath("scripts/block.ts"), request);
  assertNoBlanketPermission(argv, "the block command");
  assert.equal(argv[0], deno.executable);
  assert.equal(argv[1], "run");
  assert.ok(argv.includes("--no-prompt"));
  assert.deepEqual(argv.filter((a) => a.startsWith("--allow-read")), [`--allow-read=${PROJECT_ROOT}`]);
  assert.deepEqual(argv.filter((a) => a.startsWith("--allow-run")), [`--allow-run=${deno.executable}`]);
  assert.deepEqual(argv.filter((a) => a.startsWith("--allow-write")), []);
  assert.deepEqual(argv.slice(-2), [compiledPath("scripts/block.ts"), request]);
  // A suite module outside the project adds a read of its folder, and nothing more.
  const withSuite = blockCommand(deno, compiledPath("scripts/block.ts"), request, ["/home/u/bench/hash.suite.js"]);
  assert.deepEqual(withSuite.filter((a) => a.startsWith("--allow-read")), [`--allow-read=${PROJECT_ROOT},/home/u/bench`]);
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

/**
 * Every module a worker loads, from the compiled worker entry along its static imports: none may
 * import anything dynamically except a `node:` built-in, so no message can steer it to a path.
 */
test("the worker's code imports nothing dynamically except node: built-ins", () => {
  const seen = new Set<string>();
  const stack = [WORKER_ENTRY];
  const dynamic: string[] = [];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["'](\.{1,2}\/[^"']+)["']|(?:^|\n)\s*import\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      stack.push(resolve(dirname(file), (m[1] ?? m[2])!));
    }
    for (const m of text.matchAll(/\bimport\s*\(([^)]*)\)/g)) {
      if (!/^\s*["']node:[\w/]+["']\s*$/.test(m[1]!)) dynamic.push(`${relative(PROJECT_ROOT, file)}: import(${m[1]})`);
    }
  }
  assert.ok(seen.has(compiledPath("pool/task_registry.ts")) && seen.has(compiledPath("suites/registry.ts")), [...seen].join("\n"));
  assert.deepEqual(dynamic, []);
});

for (const kind of ["threads", "processes"] as WorkerKind[]) {
  test(`${kind}: an unknown or path-like task name is refused with a clear error, and nothing is imported`, { timeout: 60_000 }, async () => {
    // A module that leaves a mark when anything imports it.
    const marker = join(tmp, `${kind}-imported`);
    const module = join(tmp, `${kind}-evil.mjs`);
    writeFileSync(module, `import { writeFileSync } from "node:fs"; writeFileSync(${JSON.stringify(marker)}, "imported");\nexport default () => "ran";\n`);
    const names = [module, pathToFileURL(module).href, relative(dirname(WORKER_ENTRY), module), `./${kind}-evil.mjs`, "node:fs", "__proto__", "constructor", "toString", "collatz/../../x"];
    const pool = new Pool({ kind, workers: 1 });
    try {
      await pool.ready();
      for (const name of names) {
        const error = await pool.submit(name, null).catch((e: unknown) => e);
        assert.ok(error instanceof TaskError, `${name}: ${String(error)}`);
        assert.equal(error.message, `task ${name} failed: unknown task ${JSON.stringify(name)}: not a suite or tribench built-in`);
      }
      // The worker is unharmed and still serves registry tasks.
      assert.equal(await pool.submit("tribench:echo", "fine"), "fine");
    } finally {
      await pool.terminate();
    }
    assert.equal(existsSync(marker), false, "a task name made the worker import a file");
  });
}
