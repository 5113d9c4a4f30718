// `tribench runtimes` (list, sizes, JSON) and `tribench runtimes prune`, and their one-line errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../core/usage.ts";
import { main, RUNTIMES_USAGE } from "./runtimes_cli.ts";

// Each test removes its folders itself: Deno's runner emits no "exit" and skips after() hooks in a
// file with an ignored test (the verb test below is ignored until cli/cli.ts has the verb).
const made: string[] = [];
const fresh = () => (made.push(mkdtempSync(join(tmpdir(), "tribench-runtimes-cli-"))), made.at(-1)!);
const cleaning = (body: () => Promise<void> | void) => async () => {
  try {
    await body();
  } finally {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
};

/** A cache entry as an install leaves it: an executable of `bytes` bytes and the manifest. */
function entry(cache: string, name: string, version: string, target: string, bytes: number): void {
  const dir = join(cache, "runtimes", name, version, target);
  mkdirSync(join(dir, "node_modules", "pkg"), { recursive: true });
  writeFileSync(join(dir, "node_modules", "pkg", name), "x".repeat(bytes));
  chmodSync(join(dir, "node_modules", "pkg", name), 0o755);
  writeFileSync(join(dir, "tribench-runtime.json"), JSON.stringify({ schema: "tribench/runtime-cache@1", name, version, package: `@x/${name}-${target}`, target, executable: `node_modules/pkg/${name}`, installedAt: "2026-11-30T12:00:00.000Z" }));
}

function populated(): string {
  const cache = fresh();
  entry(cache, "bun", "1.3.14", "linux-x64", 2_000_000);
  entry(cache, "bun", "1.4.5", "linux-x64", 3_000_000);
  entry(cache, "node", "22.11.0", "linux-x64", 5_000_000);
  mkdirSync(join(cache, "runtimes", "deno", "2.8.1", ".tmp-linux-x64-glibc-999999999-abc"), { recursive: true });
  return cache;
}

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await main(args, { stdout: { write: (s: string) => ((out += s), true) }, env });
  return { code, out };
}
const usage = (re: RegExp) => (e: unknown) => e instanceof UsageError && re.test(e.message) && !e.message.includes("\n");

// Loaded so, not imported: when the verb table does not load (another file mid-edit), only this test skips.
const loaded = await Promise.all([import("./cli.ts"), import("../testing/e2e.ts"), import("../runtimes/registry.ts")]).catch(() => undefined);
const noVerb = !loaded ? "cli/cli.ts does not load" : !("runtimes" in loaded[0].VERBS) && "the runtimes verb is not in cli/cli.ts VERBS yet";
test("the built tribench runtimes: bad input is one line on stderr and exit 2", { skip: noVerb }, cleaning(() => {
  const [{}, { tribenchArgv }, { currentRuntimeName }] = loaded!;
  const [command, ...argv] = tribenchArgv(currentRuntimeName());
  const r = spawnSync(command!, [...argv, "runtimes", "prune", "nodee", "--runtime-cache", fresh()], { encoding: "utf8" });
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^tribench: unknown runtime 'nodee' \(did you mean 'node'\?\); valid: node, deno, bun, python\n$/);
}));

test("runtimes lists cached versions newest first with sizes, and counts unusable folders", { skip: process.platform === "win32" && "execute bits" }, cleaning(async () => {
  const cache = populated();
  const { code, out } = await run(["--runtime-cache", cache]);
  assert.equal(code, 0);
  const lines = out.trimEnd().split("\n");
  assert.match(lines[0]!, new RegExp(`^3 runtime version\\(s\\) cached in ${cache}, 10 MB:$`));
  assert.match(lines[1]!, /^ {2}bun@1\.4\.5 +linux-x64 +@x\/bun-linux-x64 +3 MB +2026-11-30$/);
  assert.match(lines[2]!, /^ {2}bun@1\.3\.14 +linux-x64 +@x\/bun-linux-x64 +2 MB +2026-11-30$/);
  assert.match(lines[3]!, /^ {2}node@22\.11\.0 +linux-x64 +@x\/node-linux-x64 +5 MB +2026-11-30$/);
  assert.match(lines[4]!, /^1 unusable folder\(s\) \(unfinished or broken installs\), 0 B: tribench runtimes prune removes them$/);
  assert.equal(lines.length, 5);
  assert.deepEqual(await run(["list", "--runtime-cache", cache]), { code, out });
}));

test("runtimes --json, the empty cache, and the default folder from $XDG_CACHE_HOME", { skip: process.platform === "win32" && "execute bits" }, cleaning(async () => {
  const cache = populated();
  const json = JSON.parse((await run(["--json", "--runtime-cache", cache])).out);
  assert.equal(json.schema, "tribench/runtime-cache-list@1");
  assert.deepEqual(json.runtimes.map((r: { label: string; sizeBytes: number }) => [r.label, r.sizeBytes > 1e6]), [["bun@1.4.5", true], ["bun@1.3.14", true], ["node@22.11.0", true]]);
  assert.equal(json.runtimes[0].executable, join(cache, "runtimes", "bun", "1.4.5", "linux-x64", "node_modules", "pkg", "bun"));
  assert.equal(json.unusable.length, 1);
  const xdg = fresh();
  assert.deepEqual(await run([], { XDG_CACHE_HOME: xdg }), { code: 0, out: `no runtime versions cached in ${join(xdg, "tribench")}\n` });
}));

test("runtimes prune: a prefix, a runtime, then everything (unfinished installs too)", { skip: process.platform === "win32" && "execute bits" }, cleaning(async () => {
  const cache = populated();
  assert.deepEqual(await run(["prune", "bun@1.3", "--runtime-cache", cache]), { code: 0, out: `removed bun@1.3.14 (linux-x64), 2 MB\nfreed 2 MB in ${cache}\n` });
  assert.equal(existsSync(join(cache, "runtimes", "bun", "1.3.14")), false);
  assert.deepEqual(await run(["prune", "node", "--runtime-cache", cache]), { code: 0, out: `removed node@22.11.0 (linux-x64), 5 MB\nfreed 5 MB in ${cache}\n` });
  const all = await run(["prune", "--runtime-cache", cache]);
  assert.deepEqual(all.out.split("\n").sort(), ["", `freed 3 MB in ${cache}`, "removed bun@1.4.5 (linux-x64), 3 MB", "removed unfinished install, 0 B"].sort());
  assert.deepEqual(await run(["prune", "--runtime-cache", cache]), { code: 0, out: `the runtime cache is empty (${cache})\n` });
}));

test("runtimes bad usage: one-line usage errors", cleaning(async () => {
  const cache = populated();
  const c = ["--runtime-cache", cache];
  await assert.rejects(run(["purge", ...c]), usage(/^unknown runtimes command 'purge' \(did you mean 'prune'\?\); valid: list, prune$/));
  await assert.rejects(run(["prune", "deno@3", ...c]), usage(/^nothing in the runtime cache matches deno@3; cached: bun@1\.4\.5, bun@1\.3\.14, node@22\.11\.0$/));
  await assert.rejects(run(["prune", "bunn", ...c]), usage(/^unknown runtime 'bunn' \(did you mean 'bun'\?\)/));
  await assert.rejects(run(["prune", "bun=/x/bun", ...c]), usage(/^prune takes NAME or NAME@VERSION, not a path/));
  await assert.rejects(run(["prune", "python", ...c]), usage(/^the runtime cache holds no python/));
  await assert.rejects(run(["prune", "--json", ...c]), usage(/^--json applies to runtimes list, not prune$/));
  await assert.rejects(run(["list", "extra", ...c]), usage(/^runtimes list takes no arguments, not 'extra'/));
  await assert.rejects(run(["--runtime-cache"]), usage(/^--runtime-cache needs a value$/));
  await assert.rejects(run(["--runtime-cache="]), usage(/^--runtime-cache needs a folder$/));
  await assert.rejects(run(["--cache", cache]), usage(/^unknown option for runtimes '--cache'/));
  assert.deepEqual(await run(["--help"]), { code: 0, out: RUNTIMES_USAGE });
  assert.equal(existsSync(join(cache, "runtimes", "bun", "1.4.5")), true, "a failed prune removes nothing");
}));
