// The cache on disk: default folder, what counts as a usable entry, unfinished installs, prune.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cachedEntry, cachedVersions, cleanStaleTemps, defaultCacheDir, entryDir, formatSize, MANIFEST_FILE, MANIFEST_SCHEMA, pruneCache, readEntry, scanCache, tempName, versionDir } from "./cache.ts";
import { parseVersionSpec } from "./version.ts";
import type { RuntimeName } from "../types.ts";

const tmp = mkdtempSync(join(tmpdir(), "tribench-cache-"));
// after(), not process.on("exit"): Deno's test runner does not emit "exit".
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const freshCache = () => join(tmp, `c${n++}`);

/** Write a cache entry the way install.ts leaves one: package files, an executable, the manifest last. */
function fakeEntry(cache: string, name: RuntimeName, version: string, target = "linux-x64", bytes = 1000, manifest = true): string {
  const dir = entryDir(cache, name, version, target);
  mkdirSync(join(dir, "node_modules", "pkg", "bin"), { recursive: true });
  writeFileSync(join(dir, "node_modules", "pkg", "bin", name), "x".repeat(bytes));
  chmodSync(join(dir, "node_modules", "pkg", "bin", name), 0o755);
  if (manifest) writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ schema: MANIFEST_SCHEMA, name, version, package: `pkg-${target}`, target, executable: `node_modules/pkg/bin/${name}`, installedAt: "2026-12-01T00:00:00.000Z" }));
  return dir;
}

/** A pid that is certainly not running: a child that has exited and been reaped. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["--version"]);
  return r.pid!;
}

test("defaultCacheDir: $XDG_CACHE_HOME (absolute only), %LOCALAPPDATA% on Windows, else ~/.cache", () => {
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: "/var/cache" }, "/home/me", "linux"), "/var/cache/tribench");
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: "relative/cache" }, "/home/me", "linux"), "/home/me/.cache/tribench");
  assert.equal(defaultCacheDir({}, "/home/me", "darwin"), "/home/me/.cache/tribench");
  assert.equal(defaultCacheDir({ LOCALAPPDATA: "C:\\Users\\me\\AppData\\Local" }, "C:\\Users\\me", "win32"), join("C:\\Users\\me\\AppData\\Local", "tribench"));
});

test("an entry is usable only with a manifest of our schema and an executable that exists", { skip: process.platform === "win32" && "execute bits" }, () => {
  const cache = freshCache();
  const good = fakeEntry(cache, "bun", "1.4.5");
  assert.equal(readEntry(good)?.executable, join(good, "node_modules", "pkg", "bin", "bun"));
  assert.equal(cachedEntry(cache, "bun", "1.4.5", "linux-x64")?.manifest.version, "1.4.5");
  assert.equal(cachedEntry(cache, "bun", "1.4.5", "linux-x64-baseline"), undefined, "another CPU's build is not this one");
  assert.equal(readEntry(fakeEntry(cache, "bun", "1.4.4", "linux-x64", 10, false)), undefined, "no manifest");
  const noExe = fakeEntry(cache, "bun", "1.4.3");
  rmSync(join(noExe, "node_modules", "pkg", "bin", "bun"));
  assert.equal(readEntry(noExe), undefined, "executable gone");
  const notExecutable = fakeEntry(cache, "bun", "1.4.2");
  chmodSync(join(notExecutable, "node_modules", "pkg", "bin", "bun"), 0o644);
  assert.equal(readEntry(notExecutable), undefined, "not executable");
  const otherSchema = fakeEntry(cache, "bun", "1.4.1");
  writeFileSync(join(otherSchema, MANIFEST_FILE), JSON.stringify({ schema: "tribench/runtime-cache@9", executable: "node_modules/pkg/bin/bun", version: "1.4.1" }));
  assert.equal(readEntry(otherSchema), undefined, "a newer schema is not trusted");
  assert.deepEqual(cachedVersions(cache, "bun", "linux-x64").map((e) => e.manifest.version), ["1.4.5"]);
});

test("a killed install's temporary folder is never an entry, is listed as unfinished, and is cleaned; a live one is kept", () => {
  const cache = freshCache();
  fakeEntry(cache, "deno", "2.8.3", "linux-x64-glibc");
  const parent = versionDir(cache, "deno", "2.8.3");
  const dead = join(parent, tempName("linux-x64-glibc", deadPid()));
  const live = join(parent, tempName("linux-x64-glibc", process.pid));
  const old = join(parent, tempName("linux-x64-glibc", process.pid));
  for (const dir of [dead, live, old]) {
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    // A killed install may even have written its manifest before the rename: still not an entry.
    writeFileSync(join(dir, MANIFEST_FILE), "{}");
  }
  const twoDaysAgo = (Date.now() - 48 * 3600_000) / 1000;
  utimesSync(old, twoDaysAgo, twoDaysAgo);
  const scan = scanCache(cache);
  assert.deepEqual(scan.entries.map((e) => e.manifest.version), ["2.8.3"]);
  assert.deepEqual(scan.unfinished.map((u) => u.dir).sort(), [dead, old].sort(), "the live install is not 'unfinished'");
  assert.equal(cachedVersions(cache, "deno", "linux-x64-glibc").length, 1);
  assert.equal(cleanStaleTemps(parent), 2);
  assert.deepEqual(readdirSync(parent).sort(), [live.slice(parent.length + 1), "linux-x64-glibc"].sort());
});

test("scanCache lists entries by name then newest version, with sizes; broken folders apart", () => {
  const cache = freshCache();
  fakeEntry(cache, "node", "22.9.0", "linux-x64", 2000);
  fakeEntry(cache, "node", "22.10.0", "linux-x64", 3000);
  fakeEntry(cache, "bun", "1.4.5", "linux-x64", 1000);
  fakeEntry(cache, "bun", "1.4.5", "linux-x64-baseline", 1000);
  fakeEntry(cache, "deno", "2.8.0", "linux-x64-glibc", 10, false);
  const scan = scanCache(cache);
  assert.deepEqual(scan.entries.map((e) => `${e.manifest.name}@${e.manifest.version}/${e.manifest.target}`), ["bun@1.4.5/linux-x64", "bun@1.4.5/linux-x64-baseline", "node@22.10.0/linux-x64", "node@22.9.0/linux-x64"]);
  const node22_10 = scan.entries.find((e) => e.manifest.version === "22.10.0")!;
  assert.equal(node22_10.sizeBytes > 3000 && node22_10.sizeBytes < 4000, true, `${node22_10.sizeBytes}: the executable plus a small manifest`);
  assert.deepEqual(scan.broken.map((b) => `${b.name}@${b.version}`), ["deno@2.8.0"]);
  assert.deepEqual(scanCache(join(tmp, "does-not-exist")), { entries: [], broken: [], unfinished: [] });
});

test("pruneCache: one exact version, every version a prefix matches (pre-releases too), a runtime, everything", () => {
  const cache = freshCache();
  for (const v of ["1.3.13", "1.3.14", "1.3.14-canary.1", "1.4.5"]) fakeEntry(cache, "bun", v);
  fakeEntry(cache, "node", "22.10.0");
  fakeEntry(cache, "deno", "2.8.0", "linux-x64-glibc", 10, false);
  const what = (r: { what: string }[]) => r.map((x) => x.what).sort();
  assert.deepEqual(what(pruneCache(cache, [{ name: "bun", version: parseVersionSpec("1.4.5")! }])), ["bun@1.4.5 (linux-x64)"]);
  assert.equal(existsSync(versionDir(cache, "bun", "1.4.5")), false, "the emptied version folder goes too");
  assert.deepEqual(what(pruneCache(cache, [{ name: "bun", version: parseVersionSpec("1.3")! }])), ["bun@1.3.13 (linux-x64)", "bun@1.3.14 (linux-x64)", "bun@1.3.14-canary.1 (linux-x64)"]);
  assert.equal(existsSync(join(cache, "runtimes", "bun")), false);
  assert.deepEqual(what(pruneCache(cache, [{ name: "node", version: parseVersionSpec("20")! }])), []);
  assert.deepEqual(what(pruneCache(cache)), ["deno@2.8.0 (broken)", "node@22.10.0 (linux-x64)"]);
  assert.deepEqual(readdirSync(join(cache, "runtimes")), []);
});

test("formatSize uses decimal units", () => {
  assert.equal(formatSize(94_668_824), "95 MB");
  assert.equal(formatSize(1_234_000_000), "1.2 GB");
  assert.equal(formatSize(873), "873 B");
  assert.equal(formatSize(51_200), "51 kB");
});
