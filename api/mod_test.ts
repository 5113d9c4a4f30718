import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { PROJECT_ROOT } from "../core/project.ts";
import { bundleSuiteFile } from "../run/suite_bundle.ts";
import { importSuiteModule } from "../suites/registry.ts";
import { answerOf } from "../testing/suite_checks.ts";
import * as api from "./mod.ts";

/** The TypeScript of the module's `@example`, as a reader would copy it. */
function exampleSource(): string {
  const text = readFileSync(join(PROJECT_ROOT, "api", "mod.ts"), "utf8");
  const block = /@example[^\n]*\n \* ```ts\n([\s\S]*?) \* ```/.exec(text);
  assert.ok(block, "api/mod.ts has a ```ts example");
  return block[1]!.replace(/^ \* ?/gm, "");
}

test("the public entry exports defineSuite and its defaults, and nothing else at run time", () => {
  assert.deepEqual(Object.keys(api).sort(), ["DEFAULT_TASKS", "DEFAULT_VARIANTS", "defineSuite"]);
  assert.equal(typeof api.defineSuite, "function");
});

test("the README example in the module text bundles, loads and verifies at quick size", async () => {
  const project = mkdtempSync(join(tmpdir(), "tribench-api-"));
  try {
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "readme-example", private: true }));
    const file = join(project, "hash.suite.ts");
    writeFileSync(file, exampleSource());
    const bundle = await bundleSuiteFile(file);
    assert.ok(bundle.ok, bundle.ok ? "" : bundle.reason);
    const [suite] = await importSuiteModule(bundle.path);
    assert.equal(suite!.name, "sha256-chain");
    const size = suite!.sizes.quick;
    const answer = await answerOf(suite!, size, suite!.tasksFor(size));
    assert.deepEqual(suite!.verify(answer, size), { ok: true });
    assert.equal(suite!.verify("0".repeat(64), size).ok, false);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
