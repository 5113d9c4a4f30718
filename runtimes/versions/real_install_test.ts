// Opt-in (TRIBENCH_REAL_INSTALL=1): install a real old Bun from the registry npm is configured for,
// run it, check npm's integrity record, then resolve a prefix offline from the cache. It downloads
// ~35 MB (npm's own cache makes a second run fast), so it is not part of the default `npm test`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MANIFEST_FILE } from "./cache.ts";
import { hostFacts, platformPackage } from "./platform.ts";
import { resolveRuntimeSpecs } from "./resolve.ts";

const OPT_IN = process.env.TRIBENCH_REAL_INSTALL === "1";
const VERSION = "1.1.0";

test(`real install of bun@${VERSION}: runs, reports its version, records npm's integrity, then resolves offline`, { skip: !OPT_IN && "set TRIBENCH_REAL_INSTALL=1 to download a real Bun (~35 MB)", timeout: 600_000 }, async () => {
  const cache = mkdtempSync(join(tmpdir(), "tribench-real-install-"));
  try {
    const lines: string[] = [];
    const locate = async () => undefined;
    const { installs } = await resolveRuntimeSpecs([`bun@${VERSION}`], { cacheDir: cache, log: (l) => lines.push(l), locate });
    const install = installs[0]!;
    assert.equal(install.label, `bun@${VERSION}`);
    assert.equal(execFileSync(install.executable, ["--version"], { encoding: "utf8" }).trim(), VERSION);
    const pkg = platformPackage("bun", hostFacts());
    const manifest = JSON.parse(readFileSync(join(cache, "runtimes", "bun", VERSION, pkg.target, MANIFEST_FILE), "utf8"));
    const published = execFileSync(process.platform === "win32" ? "npm.cmd" : "npm", ["view", `${pkg.package}@${VERSION}`, "dist.integrity"], { encoding: "utf8", shell: process.platform === "win32" }).trim();
    assert.equal(manifest.integrity, published);

    const offline: string[] = [];
    const again = await resolveRuntimeSpecs(["bun@1.1"], { cacheDir: cache, offline: true, log: (l) => offline.push(l), locate, npm: { command: "/nonexistent/npm" } });
    assert.equal(again.installs[0]!.executable, install.executable);
    assert.deepEqual(offline, [`bun@1.1 → ${VERSION} (newest cached; offline)`]);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});
