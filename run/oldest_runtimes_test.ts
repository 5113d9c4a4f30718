/**
 * The oldest runtime versions tribench supports (runtimes/versions/support.ts) really run: Node
 * 20.0.0, Deno 2.0.0 and Bun 1.1.0, every variant of one suite, every answer verified, with the
 * orchestrator on the runtime running this file. They come from the runtime cache
 * (`$XDG_CACHE_HOME/tribench`, else `~/.cache/tribench`): the test runs when all three are cached
 * (a CI cache of that folder makes it cheap: no network, a few seconds), or with
 * TRIBENCH_REAL_INSTALL=1, which installs the missing ones from the registry npm is configured for
 * (~110 MB) into that cache first.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { Report } from "../reports/report.ts";
import { cachedVersions, defaultCacheDir, hostFacts, platformPackage } from "../runtimes/versions/mod.ts";
import type { RuntimeName } from "../runtimes/types.ts";
import { runTribench } from "../testing/e2e.ts";

const OLDEST: readonly [RuntimeName, string][] = [["node", "20.0.0"], ["deno", "2.0.0"], ["bun", "1.1.0"]];
const cacheDir = defaultCacheDir();
const host = hostFacts();
const cached = OLDEST.every(([name, version]) => {
  try {
    return cachedVersions(cacheDir, name, platformPackage(name, host).target).some((e) => e.manifest.version === version);
  } catch {
    return false; // no package of it for this platform
  }
});
const skip = process.platform === "win32" ? "not on Windows" : cached || process.env.TRIBENCH_REAL_INSTALL === "1" ? false
  : `node@20.0.0, deno@2.0.0 and bun@1.1.0 are not all in ${cacheDir}; set TRIBENCH_REAL_INSTALL=1 to install them (~110 MB)`;

test("the oldest supported versions (node 20.0.0, deno 2.0.0, bun 1.1.0) run every variant with verified answers", { skip, timeout: 600_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), "tribench-oldest-"));
  try {
    const specs = OLDEST.map(([name, version]) => `${name}@${version}`);
    const run = await runTribench(["--runtimes", specs.join(","), "--runtime-cache", cacheDir, "--suites", "gcd", "--size", "quick", "--workers", "2",
      "--runs", "1", "--warmup", "0", "--rounds", "1", "--out", out, "--json"]);
    assert.equal(run.code, 0, run.stderr.slice(-2000));
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(report.runtimes.map((r) => r.label), specs);
    assert.deepEqual(report.failures, []);
    assert.deepEqual(report.results.map((r) => `${r.runtime} ${r.variant} ${r.verified}`), specs.flatMap((s) => ["serial", "threads", "processes"].map((v) => `${s} ${v} true`)));
    // Each block reported the version it was asked for: the cached executable really is that release.
    assert.ok(!report.warnings.some((w) => /reported version/.test(w)), report.warnings.join("; "));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
