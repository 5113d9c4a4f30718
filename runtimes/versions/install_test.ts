// Installing into the cache against testing/fake_registry.ts with the real npm: the layout, npm's
// integrity check, the version check, and atomicity (a failed or killed install leaves nothing usable).
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { killGroup, liveGroupMembers } from "../../core/process_group.ts";
import { UsageError } from "../../core/usage.ts";
import { fakeRuntimeRelease, isolatedNpmEnv, spawnFakeRegistry, type FakeRegistry } from "../../testing/fake_registry.ts";
import { cachedVersions, entryDir, MANIFEST_FILE, scanCache, versionDir } from "./cache.ts";
import { installRuntime } from "./install.ts";
import { platformPackage, type HostFacts } from "./platform.ts";
import { resolveRuntimeSpecs } from "./resolve.ts";

const SKIP = process.platform === "win32" && "the fake runtimes are shell scripts";
const tmp = mkdtempSync(join(tmpdir(), "tribench-install-"));
// after(), not process.on("exit"): Deno's test runner does not emit "exit".
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(tmp, `t${n++}`);
// Linux x64 package names on every machine: the fake packages declare no os/cpu, so npm installs them anywhere.
const HOST: HostFacts = { platform: "linux", arch: "x64", musl: false, avx2: true };
const DENO = platformPackage("deno", HOST);
const BUN = platformPackage("bun", HOST);
const npmEnv = (dir: string, extra: NodeJS.ProcessEnv = {}) => ({ env: { ...isolatedNpmEnv(dir), ...extra } });
const usage = (re: RegExp) => (e: unknown) => e instanceof UsageError && re.test(e.message) && !e.message.includes("\n");

async function withRegistry<T>(packages: Parameters<typeof spawnFakeRegistry>[0]["packages"], body: (r: FakeRegistry) => Promise<T>): Promise<T> {
  const registry = await spawnFakeRegistry({ packages });
  try {
    return await body(registry);
  } finally {
    await registry.close();
  }
}

test("install: <cache>/runtimes/<name>/<version>/<target> holds npm's install and a manifest; deno is made executable", { skip: SKIP, timeout: 120_000 }, async () => {
  const cache = fresh();
  await withRegistry({ [DENO.package]: { "2.8.1": fakeRuntimeRelease("deno", DENO.executable, "2.8.1") } }, async (registry) => {
    const lines: string[] = [];
    const entry = await installRuntime(DENO, "2.8.1", { cacheDir: cache, npm: { registry: registry.url, ...npmEnv(fresh()) }, log: (l) => lines.push(l) });
    const dir = entryDir(cache, "deno", "2.8.1", "linux-x64-glibc");
    assert.equal(entry.dir, dir);
    assert.equal(entry.executable, join(dir, "node_modules", "@deno", "linux-x64-glibc", "deno"));
    assert.equal(statSync(entry.executable).mode & 0o111, 0o111, "published 644, chmodded +x");
    assert.match(execFileSync(entry.executable, ["--version"], { encoding: "utf8" }), /^deno 2\.8\.1 /);
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), "utf8"));
    assert.equal(manifest.schema, "tribench/runtime-cache@1");
    assert.equal(manifest.package, "@deno/linux-x64-glibc");
    assert.equal(manifest.executable, "node_modules/@deno/linux-x64-glibc/deno");
    assert.match(manifest.integrity, /^sha512-[A-Za-z0-9+/]+=*$/, "the integrity npm checked");
    assert.equal(manifest.registry, registry.url);
    assert.equal(Number.isNaN(Date.parse(manifest.installedAt)), false);
    assert.deepEqual(readdirSync(versionDir(cache, "deno", "2.8.1")), ["linux-x64-glibc"], "no temporary folder left");
    assert.deepEqual(registry.requests.filter((r) => r.endsWith(".tgz")), ["/@deno/linux-x64-glibc/-/linux-x64-glibc-2.8.1.tgz"]);
    assert.match(lines.join("\n"), /^installing deno 2\.8\.1 \(@deno\/linux-x64-glibc\) with npm…\ninstalled deno 2\.8\.1 \(@deno\/linux-x64-glibc\), \d+ B, in /);
  });
});

test("install: a tarball that does not match its integrity, a failing download, a wrong version: one line, nothing cached", { skip: SKIP, timeout: 120_000 }, async () => {
  const cache = fresh();
  await withRegistry({
    [BUN.package]: {
      "1.4.5": fakeRuntimeRelease("bun", BUN.executable, "1.4.5"),
      "1.4.4": fakeRuntimeRelease("bun", BUN.executable, "1.4.4", "9.9.9"),
      "1.4.3": { files: [{ path: "README.md", content: "no binary here" }] },
      "1.4.2": { files: [{ path: BUN.executable, mode: 0o755, content: "#!/bin/sh\nkill -ILL $$\n" }] },
    },
  }, async (registry) => {
    const npm = { registry: registry.url, ...npmEnv(fresh(), { npm_config_fetch_retries: "0" }) };
    await registry.setTarballMode("corrupt");
    await assert.rejects(installRuntime(BUN, "1.4.5", { cacheDir: cache, npm }), usage(/^cannot install bun 1\.4\.5 \(@oven\/bun-linux-x64\): npm install failed \(EINTEGRITY\): .*; nothing was cached$/));
    await registry.setTarballMode("fail");
    await assert.rejects(installRuntime(BUN, "1.4.5", { cacheDir: cache, npm }), usage(/^cannot install bun 1\.4\.5 \(@oven\/bun-linux-x64\): npm install failed \(E500\): .*; nothing was cached$/));
    await registry.setTarballMode("ok");
    await assert.rejects(installRuntime(BUN, "1.4.4", { cacheDir: cache, npm }), usage(/^bun 1\.4\.4 \(@oven\/bun-linux-x64\) reports version '9\.9\.9' instead of 1\.4\.4; nothing was cached$/));
    await assert.rejects(installRuntime(BUN, "1.4.3", { cacheDir: cache, npm }), usage(/^bun 1\.4\.3 \(@oven\/bun-linux-x64\) holds no executable at node_modules\/@oven\/bun-linux-x64\/bin\/bun; nothing was cached$/));
    await assert.rejects(installRuntime(BUN, "1.4.2", { cacheDir: cache, npm }), usage(/^bun 1\.4\.2 \(@oven\/bun-linux-x64\) does not run on this machine: killed by SIGILL \(this CPU may lack AVX2: Bun's -baseline build would run\); nothing was cached$/));
    const scan = scanCache(cache);
    assert.deepEqual([scan.entries.length, scan.broken.length, scan.unfinished.length], [0, 0, 0]);
    for (const v of ["1.4.5", "1.4.4", "1.4.3", "1.4.2"]) assert.deepEqual(readdirSync(versionDir(cache, "bun", v)), [], `bun ${v}: no folder at all`);
  });
});

test("install: two installs of one version at once end with one entry and no temporary folders; a broken folder is replaced", { skip: SKIP, timeout: 120_000 }, async () => {
  const cache = fresh();
  await withRegistry({ [BUN.package]: { "1.3.14": fakeRuntimeRelease("bun", BUN.executable, "1.3.14"), "1.3.13": fakeRuntimeRelease("bun", BUN.executable, "1.3.13") } }, async (registry) => {
    const npm = { registry: registry.url, ...npmEnv(fresh()) };
    // A folder in the entry's place with no manifest (e.g. a half-finished manual delete) is not an entry.
    mkdirSync(join(entryDir(cache, "bun", "1.3.13", "linux-x64"), "node_modules"), { recursive: true });
    const replaced = await installRuntime(BUN, "1.3.13", { cacheDir: cache, npm });
    assert.match(execFileSync(replaced.executable, ["--version"], { encoding: "utf8" }), /^1\.3\.13$/m);
    const [a, b] = await Promise.all([installRuntime(BUN, "1.3.14", { cacheDir: cache, npm }), installRuntime(BUN, "1.3.14", { cacheDir: cache, npm })]);
    assert.equal(a.executable, b.executable);
    assert.deepEqual(readdirSync(versionDir(cache, "bun", "1.3.14")), ["linux-x64"]);
  });
});

test("install killed midway (SIGKILL to tribench and npm): no usable-looking folder; the next run ignores it, installs, and cleans it", { skip: SKIP, timeout: 120_000 }, async () => {
  const cache = fresh();
  await withRegistry({ [BUN.package]: { "1.4.5": fakeRuntimeRelease("bun", BUN.executable, "1.4.5") } }, async (registry) => {
    await registry.setTarballMode("stall");
    const npm = { registry: registry.url, ...npmEnv(fresh()) };
    const job = { module: new URL("./install.js", import.meta.url).href, pkg: BUN, cacheDir: cache, npm };
    const code = `const job = JSON.parse(process.env.TRIBENCH_TEST_JOB); const { installRuntime } = await import(job.module); await installRuntime(job.pkg, "1.4.5", { cacheDir: job.cacheDir, npm: job.npm });`;
    // Its own process group, so one kill reaches npm too (as Ctrl-C or a CI timeout would).
    const child = spawn("node", ["--input-type=module", "-e", code], { detached: true, stdio: "ignore", env: { ...process.env, TRIBENCH_TEST_JOB: JSON.stringify(job) } });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    await registry.waitForRequest(/\.tgz$/);
    killGroup(child.pid!);
    assert.equal(await exited, "SIGKILL");
    for (let i = 0; i < 100 && liveGroupMembers(child.pid!) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(liveGroupMembers(child.pid!), 0, "npm died with it");

    const left = readdirSync(versionDir(cache, "bun", "1.4.5"));
    assert.equal(left.length, 1);
    assert.match(left[0]!, /^\.tmp-linux-x64-\d+-[a-z0-9]+$/, "only a hidden temporary folder, never linux-x64");
    assert.deepEqual(cachedVersions(cache, "bun", "linux-x64"), []);
    assert.equal(scanCache(cache).unfinished.length, 1);

    await registry.setTarballMode("ok");
    const { installs } = await resolveRuntimeSpecs(["bun@1.4.5"], { cacheDir: cache, registry: registry.url, npm: npmEnv(fresh()), log: () => {}, locate: async () => undefined, host: HOST });
    assert.equal(installs[0]?.executable, join(entryDir(cache, "bun", "1.4.5", "linux-x64"), "node_modules", "@oven", "bun-linux-x64", "bin", "bun"));
    assert.deepEqual(readdirSync(versionDir(cache, "bun", "1.4.5")), ["linux-x64"], "the dead install's folder was cleaned");
  });
});
