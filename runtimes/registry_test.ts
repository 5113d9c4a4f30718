import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compiledPath, PROJECT_ROOT } from "../core/project.ts";
import { ADAPTERS, currentAdapter, currentRuntimeName } from "./registry.ts";
import { RUNTIME_NAMES } from "./types.ts";

test("currentRuntimeName names the runtime executing the tests", () => {
  const versions = process.versions as { bun?: string };
  const expected = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined" ? "deno" : versions.bun ? "bun" : "node";
  assert.equal(currentRuntimeName(), expected);
  assert.equal(currentAdapter().name, expected);
});

test("there is one adapter per runtime, under its own name", () => {
  assert.deepEqual(Object.keys(ADAPTERS).sort(), [...RUNTIME_NAMES].sort());
  for (const name of RUNTIME_NAMES) assert.equal(ADAPTERS[name].name, name);
});

test("Deno's command line has --no-prompt and narrow permissions, never -A", async () => {
  const install = { name: "deno" as const, version: "2", executable: "/x/deno", source: "explicit" as const };
  const argv = ADAPTERS.deno.commandFor(install, "/p/s.js", ["a", "b"], { read: ["/p"], run: [], env: ["ONE"], sys: false });
  assert.deepEqual(argv, ["/x/deno", "run", "--no-prompt", "--no-config", "--allow-read=/p", "--allow-env=ONE", "/p/s.js", "a", "b"]);
  const defaults = ADAPTERS.deno.commandFor(install, "/p/s.js", []);
  assert.ok(defaults.includes("--no-prompt"));
  assert.ok(defaults.includes(`--allow-read=${PROJECT_ROOT}`));
  assert.ok(defaults.includes("--allow-run=/x/deno"));
  assert.ok(!defaults.some((a) => a === "-A" || a === "--allow-all" || a.startsWith("--allow-net") || a.startsWith("--allow-write")));
});

const runProbe = (argv: string[]): Promise<{ runtime: string; version: string; read: string }> =>
  new Promise((resolve, reject) => {
    execFile(argv[0]!, argv.slice(1), { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${argv.join(" ")} failed: ${stderr || error.message}`));
      resolve(JSON.parse(stdout.trim().split("\n").pop()!));
    });
  });

for (const name of RUNTIME_NAMES) {
  test(`${name}: locate() finds it, and commandFor() runs a script on it`, async (t) => {
    const install = await ADAPTERS[name].locate();
    if (!install) return t.skip(`${name} is not installed`);
    assert.equal(install.name, name);
    assert.match(install.version, /^\d+\.\d+\.\d+/);
    assert.ok(existsSync(install.executable), install.executable);
    if (name !== "node") assert.equal(install.source, "node_modules");
    if (name === "node" && currentRuntimeName() === "node") assert.equal(install.executable, process.execPath);
    // A file outside the project: Deno must refuse it (without prompting: stdin is not a terminal here).
    const outside = mkdtempSync(join(tmpdir(), "tribench-probe-"));
    const secret = join(outside, "secret.txt");
    writeFileSync(secret, "x");
    try {
      const report = await runProbe(ADAPTERS[name].commandFor(install, compiledPath("testing/runtime_probe_fixture.ts"), [secret]));
      assert.equal(report.runtime, name);
      assert.equal(report.version, install.version);
      assert.equal(report.read, name === "deno" ? "denied" : "allowed");
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
}

test("locate() with an explicit executable that does not exist finds nothing", async () => {
  assert.equal(await ADAPTERS.bun.locate({ executable: "/nonexistent/bun" }), undefined);
});
