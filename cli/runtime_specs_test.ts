/**
 * `--runtimes` entries at the command line: the parser (names, `name@version`, `name=PATH`, mixed;
 * `--runtime-cache`; every bad entry one line), and the built `tribench` against the fake registry
 * (testing/fake_registry.ts): an exact and a prefix version installed and run side by side with a
 * user's build (`name=PATH`, a fake runtime script), their labels in the JSON and the Markdown, the
 * versus section, `--list` showing the cache, and a version the registry lacks: one line, exit 2.
 *
 * The fake releases are shell scripts that answer `--version` with their version and hand every
 * other command to the real runtime, so the blocks really run (and the report warns that the blocks
 * reported the real version).
 */
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { UsageError } from "../core/usage.ts";
import type { Report } from "../reports/report.ts";
import { onPath, projectBin } from "../runtimes/locate.ts";
import { currentRuntimeName } from "../runtimes/registry.ts";
import { hostFacts, platformPackage } from "../runtimes/versions/platform.ts";
import { isolatedNpmEnv, spawnFakeRegistry } from "../testing/fake_registry.ts";
import { runTribench } from "../testing/e2e.ts";
import { parseBenchArgs, type ParseContext } from "./bench_args.ts";

const ctx: ParseContext = { suites: [{ name: "gcd", variants: ["serial", "threads", "processes"] }], logicalCores: 2, cwd: "/work/here" };
const usage = (re: RegExp) => (e: unknown) => e instanceof UsageError && re.test(e.message) && !e.message.includes("\n");

test("--runtimes: names, name@version (exact or prefix), name=PATH, mixed; the run's names once each; --runtime-cache from the current folder", () => {
  const cmd = parseBenchArgs(["--runtimes", "node@22,node@26, bun@1.3.14,bun@1.4.5,deno@2.8,deno=./build/deno,python,bun@1.4.5", "--runtime-cache", "cache"], ctx);
  assert.ok(cmd.kind === "run");
  assert.deepEqual(cmd.options.runtimes, ["node", "bun", "deno", "python"]);
  assert.deepEqual(cmd.runtimes, {
    specs: ["node@22", "node@26", "bun@1.3.14", "bun@1.4.5", "deno@2.8", "deno=./build/deno", "python"],
    cacheDir: "/work/here/cache",
  });
  const plain = parseBenchArgs([], ctx);
  assert.ok(plain.kind === "run");
  assert.deepEqual(plain.runtimes, { specs: undefined, cacheDir: undefined });
  assert.deepEqual(parseBenchArgs(["--list", "--runtime-cache", "/c"], ctx), { kind: "list", runtimes: { specs: undefined, cacheDir: "/c" } });
});

test("--runtimes: every bad entry is one line", () => {
  const bad: [string, RegExp][] = [
    ["nodee@22", /^unknown runtime 'nodee' \(did you mean 'node'\?\)/],
    ["bun@", /^runtime 'bun@' needs a version after '@', e\.g\. bun@1\.3\.14$/],
    ["node@twenty", /^'twenty' in 'node@twenty' is not a version; write e\.g\. node@22/],
    ["deno=", /^runtime 'deno=' needs a path after '=', e\.g\. deno=\.\/build\/deno$/],
    ["python@3.12", /^tribench installs only node, deno, bun versions; for python give a path instead/],
    [" , ", /^--runtimes needs at least one runtime/],
  ];
  for (const [value, message] of bad) assert.throws(() => parseBenchArgs(["--runtimes", value], ctx), usage(message), value);
  assert.throws(() => parseBenchArgs(["--runtime-cache", " "], ctx), usage(/^--runtime-cache needs a folder$/));
});

const SKIP = process.platform === "win32" ? "the fake runtimes are shell scripts" : !projectBin("bun") ? "bun is not in node_modules/.bin" : false;
const NPM_ENV = (dir: string) => Object.fromEntries(Object.entries(isolatedNpmEnv(dir)).filter((e): e is [string, string] => e[1] !== undefined));

/** A runtime executable that says it is `version` and runs everything else on `real`. */
function wrapper(version: string, real: string): string {
  return `#!/bin/sh\nif [ "$1" = "--version" ]; then echo '${version}'; exit 0; fi\nexec '${real}' "$@"\n`;
}

test("the built CLI: bun@1.2 (prefix) and bun@1.2.0 (exact) installed and run side by side with node=PATH; labels everywhere; versus section; --list shows the cache", { skip: SKIP, timeout: 180_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), "tribench-specs-"));
  const bun = platformPackage("bun", hostFacts());
  const realBun = projectBin("bun")!;
  const registry = await spawnFakeRegistry({
    packages: { [bun.package]: Object.fromEntries(["1.2.0", "1.2.3", "1.3.0-canary.1"].map((v) => [v, { files: [{ path: bun.executable, mode: 0o755, content: wrapper(v, realBun) }] }])) },
  });
  try {
    const node = join(work, "my-node");
    // The Node running this test, or the one on PATH under Deno and Bun (tribench's own search).
    writeFileSync(node, wrapper("v99.1.0", currentRuntimeName() === "node" ? process.execPath : onPath("node")!));
    chmodSync(node, 0o755);
    const cache = join(work, "cache"), out = join(work, "out");
    const env = { ...NPM_ENV(join(work, "npm")), npm_config_registry: registry.url };
    const args = ["--runtimes", `bun@1.2,bun@1.2.0,node=${node}`, "--runtime-cache", cache, "--suites", "gcd", "--variants", "serial",
      "--size", "quick", "--runs", "2", "--warmup", "0", "--rounds", "2", "--out", out, "--json"];
    const run = await runTribench(args, env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^tribench: bun@1\.2 → 1\.2\.3 \(newest published\)$/m);
    assert.match(run.stderr, new RegExp(`^tribench: node=${node}: node 99\\.1\\.0$`, "m"));
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(report.runtimes.map((r) => [r.name, r.version, r.label]), [["bun", "1.2.3", "bun@1.2.3"], ["bun", "1.2.0", "bun@1.2.0"], ["node", "99.1.0", "node@99.1.0"]]);
    assert.deepEqual(report.config.runtimes, ["bun@1.2.3", "bun@1.2.0", "node@99.1.0"]);
    assert.deepEqual(report.results.map((r) => `${r.runtime} ${r.verified}`), ["bun@1.2.3 true", "bun@1.2.0 true", "node@99.1.0 true"]);
    // Two versions of bun are two blocks per round, both in every round.
    for (const round of [0, 1]) assert.deepEqual(report.blocks.filter((b) => b.round === round).map((b) => b.runtime).sort(), ["bun@1.2.0", "bun@1.2.3", "node@99.1.0"]);
    assert.equal(report.runtimes[0]!.executable, realpathSync(join(cache, "runtimes", "bun", "1.2.3", bun.target, "node_modules", ...bun.package.split("/"), ...bun.executable.split("/"))));
    assert.ok(report.warnings.some((w) => /^bun@1\.2\.3 reported version \S+ in its blocks, but 1\.2\.3 was located$/.test(w)), report.warnings.join("; "));
    const md = readFileSync(join(out, readdirSync(out).find((f) => f.endsWith(".md"))!), "utf8");
    assert.match(md, /^\| bun@1\.2\.0 \| serial \| 1 \|/m);
    assert.match(md, /^## Versions side by side$/m);
    assert.match(md, /^\*\*bun 1\.2\.3 vs 1\.2\.0: gcd/m);

    const list = await runTribench(["--list", "--runtime-cache", cache], env);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^ {2}bun@1\.2\.0, bun@1\.2\.3$/m);

    // Cached exact versions need no registry: the same run with the registry gone still starts.
    await registry.close();
    const again = await runTribench(["--runtimes", "bun@1.2.0", "--runtime-cache", cache, "--suites", "gcd", "--variants", "serial", "--size", "quick",
      "--runs", "1", "--warmup", "0", "--rounds", "1", "--out", out, "--json"], { ...env, npm_config_registry: "http://127.0.0.1:9/" });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /^tribench: bun@1\.2\.0: cached$/m);
  } finally {
    await registry.close();
    rmSync(work, { recursive: true, force: true });
  }
});

test("the built CLI: a version the registry lacks, a missing build: one line on stderr, nothing on stdout, exit 2", { skip: SKIP, timeout: 120_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), "tribench-specs-bad-"));
  const bun = platformPackage("bun", hostFacts());
  const registry = await spawnFakeRegistry({ packages: { [bun.package]: { "1.2.0": { files: [{ path: bun.executable, mode: 0o755, content: wrapper("1.2.0", "/bin/false") }] } } } });
  try {
    const env = { ...NPM_ENV(join(work, "npm")), npm_config_registry: registry.url };
    const cases: [string, RegExp][] = [
      ["bun@1.9.9", new RegExp(`^tribench: bun 1\\.9\\.9 is not published as ${bun.package.replace("/", "\\/")} for \\S+ \\(newest: 1\\.2\\.0\\)$`)],
      ["bun@2", /^tribench: bun 2 is not published as /],
      [`bun=${join(work, "nope")}`, /^tribench: bun=.*nope: '.*nope' does not exist$/],
    ];
    for (const [spec, message] of cases) {
      const run = await runTribench(["--runtimes", spec, "--runtime-cache", join(work, "cache"), "--suites", "gcd", "--size", "quick", "--out", join(work, "out")], env);
      assert.equal(run.code, 2, `${spec}: ${run.stderr}`);
      assert.equal(run.stdout, "", spec);
      assert.equal(run.stderr.split("\n").length, 2, `${spec}: one line: ${JSON.stringify(run.stderr)}`);
      assert.match(run.stderr.trimEnd(), message, spec);
    }
    // Nothing was installed: no usable-looking folder of the missing versions.
    assert.deepEqual(readdirSync(join(work, "cache"), { recursive: true }).filter((p) => String(p).includes("1.9.9")), []);
  } finally {
    await registry.close();
    rmSync(work, { recursive: true, force: true });
  }
});
