/**
 * `--suite-file`: a compiled ES module's suites join the run (and the default suite list); anything
 * that is not such a module is one line of usage error, before any work.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SUITE_NAMES, SUITES } from "../suites/registry.ts";
import { FAULT_SUITE_MODULE, SUITES as FAULT_SUITES } from "../testing/fault_suites.ts";
import { UsageError } from "../core/usage.ts";
import { parseBenchArgs, type ParseContext } from "./bench_args.ts";
import { withSuiteFiles } from "./suite_files.ts";

const tmp = mkdtempSync(join(tmpdir(), "tribench-suite-file-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const base: ParseContext = { suites: SUITES, logicalCores: 2, cwd: tmp };

const suiteSource = (name: string, patch = "") => `{ name: ${JSON.stringify(name)}, description: "d", variants: ["serial", "threads"],
  sizes: { quick: 1, seed: 1, default: 1, large: 1 }, tasksFor: (n) => n, split: (n) => [n], kernel: (n) => n,
  combine: (p) => p[0], verify: () => ({ ok: true }), describeAnswer: String${patch} }`;

function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

const mine = file("mine.mjs", `export const SUITES = [${suiteSource("mine")}];\n`);

test("a suite file's suites join the default list after the built-ins; its absolute path goes to suiteModules", async () => {
  const args = ["--suite-file", "mine.mjs", "--size", "quick"];
  const ctx = await withSuiteFiles(args, base);
  assert.deepEqual(ctx.suites.map((s) => s.name), [...SUITE_NAMES, "mine"]);
  const cmd = parseBenchArgs(args, ctx);
  assert.ok(cmd.kind === "run");
  assert.deepEqual(cmd.options.suites, [...SUITE_NAMES, "mine"]);
  assert.deepEqual(cmd.options.suiteModules, [mine]);
  // --suites picks among built-ins and file suites alike.
  const picked = parseBenchArgs([...args, "--suites", "mine,gcd"], await withSuiteFiles([...args, "--suites", "mine,gcd"], base));
  assert.ok(picked.kind === "run");
  assert.deepEqual(picked.options.suites, ["mine", "gcd"]);
  // Without the file, its suite is unknown; without --suite-file nothing is loaded.
  assert.throws(() => parseBenchArgs(["--suites", "mine"], base), UsageError);
  assert.equal(await withSuiteFiles(["--size", "quick"], base), base);
  const plain = parseBenchArgs([], base);
  assert.ok(plain.kind === "run");
  assert.deepEqual(plain.options.suiteModules, []);
});

test("repeatable, each file once; the tests' fault suites load the same way; --list may carry it", async () => {
  const args = ["--suite-file", mine, "--suite-file", FAULT_SUITE_MODULE, "--suite-file", "./mine.mjs"];
  const ctx = await withSuiteFiles(args, base);
  assert.deepEqual(ctx.suites.map((s) => s.name), [...SUITE_NAMES, "mine", ...FAULT_SUITES.map((s) => s.name)]);
  assert.deepEqual(ctx.suiteModules, [mine, FAULT_SUITE_MODULE]);
  const cmd = parseBenchArgs([...args, "--suites", "fault-throw"], ctx);
  assert.ok(cmd.kind === "run");
  assert.deepEqual(cmd.options.suiteModules, [mine, FAULT_SUITE_MODULE]);
  assert.deepEqual(parseBenchArgs(["--list", ...args], ctx), { kind: "list" });
});

test("a file that is not a compiled module of complete, new suites is one line of UsageError", async () => {
  mkdirSync(join(tmp, "folder.js"));
  const cases: [string, RegExp][] = [
    [file("suite.ts", "export const SUITES = [];\n"), /suite\.ts: TypeScript suite files need bundling \(issue 15\); pass the compiled \.js$/],
    [join(tmp, "absent.js"), /absent\.js does not exist$/],
    [join(tmp, "folder.js"), /folder\.js is a folder; pass the compiled \.js module$/],
    [file("data.json", "{}\n"), /data\.json is not a compiled ES module \(\.js or \.mjs\)$/],
    [file("noverify.mjs", `export const SUITES = [${suiteSource("nv", ", verify: undefined")}];\n`), /noverify\.mjs: suite nv has no verify function$/],
    [file("nosuites.mjs", "export const X = 1;\n"), /nosuites\.mjs: exports no SUITES array of suites$/],
    [file("broken.mjs", "export const SUITES = [;\n"), /broken\.mjs: could not be imported: /],
    [file("builtin.mjs", `export const SUITES = [${suiteSource("gcd")}];\n`), /builtin\.mjs: suite name gcd is already taken by a built-in suite$/],
  ];
  for (const [path, message] of cases) {
    await assert.rejects(withSuiteFiles(["--suite-file", path], base), (e: unknown) => e instanceof UsageError && message.test(e.message) && !e.message.includes("\n"), path);
  }
  const twin = file("twin.mjs", `export const SUITES = [${suiteSource("mine")}];\n`);
  await assert.rejects(withSuiteFiles(["--suite-file", mine, "--suite-file", twin], base), { message: `--suite-file ${twin}: suite name mine is already taken` });
});

test("parsing a --suite-file that was never loaded is a caller bug, not a usage error", () => {
  assert.throws(() => parseBenchArgs(["--suite-file", mine], base), (e: unknown) => !(e instanceof UsageError) && /call withSuiteFiles first/.test(String(e)));
  assert.throws(() => parseBenchArgs(["--suite-file"], base), (e: unknown) => e instanceof UsageError && /--suite-file needs a value/.test(e.message));
});
