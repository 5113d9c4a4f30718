// The committed report@2 fixture is exactly what its builder makes (on every runtime), and valid.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { validateReport } from "../../reports/validate.ts";
import { buildV2Fixture, fixtureJson, V2_FIXTURE_PATH } from "./report_v2_fixture.ts";

test("report-2runtimes-v2.json is what report_v2_fixture.ts builds (regenerate it after a change)", () => {
  assert.equal(readFileSync(V2_FIXTURE_PATH, "utf8"), fixtureJson(buildV2Fixture()),
    "run: npx tsc -p tsconfig.json && node dist/testing/testdata/report_v2_fixture.js");
});

test("the fixture is a valid report@2 with the cases the renderer tests rely on", () => {
  const report = validateReport(buildV2Fixture());
  assert.equal(report.results.length, 19);
  assert.ok(report.results.every((r) => r.processes.length === 3));
  assert.deepEqual(report.failures.map((f) => `${f.runtime} ${f.suite} ${f.variant} ${f.workers} round ${f.round} ${f.kind}`), ["deno pi processes 2 round 1 timeout"]);
  assert.ok(report.results.some((r) => r.capacity !== null && r.capacity.median < 0.9 * r.workers && r.warnings.some((w) => /the machine gave/.test(w))));
  // The plan is consistent with the blocks it describes.
  const totalS = report.blocks.reduce((s, b) => s + b.wallMs, 0) / 1000;
  assert.ok(report.plan.budgetS! >= totalS, `budget ${report.plan.budgetS} s < ${totalS} s of blocks`);
  assert.equal(report.plan.rounds, new Set(report.blocks.map((b) => b.round)).size);
});
