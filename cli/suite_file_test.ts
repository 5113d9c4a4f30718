/**
 * `--suite-file`: a suite file (TS or JS) is bundled and its suites join the run (and the default
 * suite list); a path that names nothing is one line of usage error, a file that does not bundle or
 * load is recorded as failed and the run goes on.
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

test("a suite file's suites join the default list after the built-ins; its bundle goes to suiteModules", async () => {
  const args = ["--suite-file", "mine.mjs", "--size", "quick"];
  const ctx = await withSuiteFiles(args, base);
  assert.deepEqual(ctx.suites.map((s) => s.name), [...SUITE_NAMES, "mine"]);
  const cmd = parseBenchArgs(args, ctx);
  assert.ok(cmd.kind === "run");
  assert.deepEqual(cmd.options.suites, [...SUITE_NAMES, "mine"]);
  // Every runtime loads the one bundled ES module, not the file as written.
  assert.equal(cmd.options.suiteModules.length, 1);
  assert.match(cmd.options.suiteModules[0]!, /[0-9a-f]{64}\.mjs$/);
  assert.notEqual(cmd.options.suiteModules[0], mine);
  assert.deepEqual(cmd.options.suiteFailures, []);
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

test("repeatable, each file once, globs expand; the tests' fault suites load the same way; --list may carry it", async () => {
  const args = ["--suite-file", mine, "--suite-file", FAULT_SUITE_MODULE, "--suite-file", "./mine.mjs"];
  const ctx = await withSuiteFiles(args, base);
  assert.deepEqual(ctx.suites.map((s) => s.name), [...SUITE_NAMES, "mine", ...FAULT_SUITES.map((s) => s.name)]);
  assert.equal(ctx.suiteModules!.length, 2);
  const cmd = parseBenchArgs([...args, "--suites", "fault-throw"], ctx);
  assert.ok(cmd.kind === "run");
  assert.equal(parseBenchArgs(["--list", ...args], ctx).kind, "list");
  const globbed = await withSuiteFiles(["--suite-file", join(tmp, "mi*.mjs")], base);
  assert.deepEqual(globbed.suites.map((s) => s.name), [...SUITE_NAMES, "mine"]);
});

test("a path that names nothing, a folder, or a name already taken is one line of UsageError", async () => {
  mkdirSync(join(tmp, "folder.js"));
  const cases: [string, RegExp][] = [
    [join(tmp, "absent.js"), /absent\.js does not exist$/],
    [join(tmp, "folder.js"), /folder\.js is a folder; name the suite files/],
    [join(tmp, "nothing-*.suite.ts"), /nothing-\*\.suite\.ts matches no file$/],
    [file("builtin.mjs", `export const SUITES = [${suiteSource("gcd")}];\n`), /builtin\.mjs: suite name gcd is already taken by a built-in suite$/],
  ];
  for (const [path, message] of cases) {
    await assert.rejects(withSuiteFiles(["--suite-file", path], base), (e: unknown) => e instanceof UsageError && message.test(e.message) && !e.message.includes("\n"), path);
  }
  const twin = file("twin.mjs", `export const SUITES = [${suiteSource("mine")}];\n`);
  await assert.rejects(withSuiteFiles(["--suite-file", mine, "--suite-file", twin], base), { message: `--suite-file ${twin}: suite name mine is already taken` });
});

test("a file that does not bundle or load is recorded with a one-line reason, and the others still load", async () => {
  const cases: [string, RegExp][] = [
    [file("broken.mjs", "export const SUITES = [;\n"), /^broken\.mjs does not bundle: /],
    [file("missing-import.ts", 'import x from "no-such-package-here";\nexport const SUITES = [x];\n'), /^missing-import\.ts does not bundle: .*no-such-package-here/],
    [file("noverify.mjs", `export const SUITES = [${suiteSource("nv", ", verify: undefined")}];\n`), /^noverify\.mjs does not load: .*nv.*verify/],
    [file("nosuites.mjs", "export const X = 1;\n"), /^nosuites\.mjs does not load: /],
    [file("throws.mjs", 'throw new Error("top-level boom");\n'), /^throws\.mjs does not load: .*top-level boom/],
  ];
  for (const [path, reason] of cases) {
    const ctx = await withSuiteFiles(["--suite-file", path, "--suite-file", mine], base);
    assert.equal(ctx.suiteFailures!.length, 1, path);
    assert.equal(ctx.suiteFailures![0]!.file, path);
    assert.match(ctx.suiteFailures![0]!.reason, reason);
    assert.ok(!ctx.suiteFailures![0]!.reason.includes("\n"));
    assert.deepEqual(ctx.suites.map((s) => s.name), [...SUITE_NAMES, "mine"], "the good file still loads");
  }
});

test("parsing a --suite-file that was never loaded is a caller bug, not a usage error", () => {
  assert.throws(() => parseBenchArgs(["--suite-file", mine], base), (e: unknown) => !(e instanceof UsageError) && /call withSuiteFiles first/.test(String(e)));
  assert.throws(() => parseBenchArgs(["--suite-file"], base), (e: unknown) => e instanceof UsageError && /--suite-file needs a value/.test(e.message));
});
