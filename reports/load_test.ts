// Reading report files: always the report@2 model, report@1 files upgraded, every refusal one line.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../core/usage.ts";
import { loadReport, parseReport } from "./load.ts";
import { renderMarkdown } from "./markdown.ts";
import { V1_PROCESS_WARNING } from "./upgrade.ts";
import { loadFixture, V1_FIXTURE_PATH } from "../testing/testdata/fixtures.ts";
import { V2_FIXTURE_PATH } from "../testing/testdata/report_v2_fixture.ts";

const tmp = mkdtempSync(join(tmpdir(), "tribench-load-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const refuses = async (load: () => unknown, message: RegExp) =>
  assert.rejects(async () => load(), (e: unknown) => e instanceof UsageError && message.test(e.message) && !e.message.includes("\n"));

test("a report@2 file loads as written", async () => {
  assert.deepEqual(await loadReport(V2_FIXTURE_PATH), loadFixture());
});

test("a report@1 file still loads: the report@2 model, upgraded, with the warning, and it renders", async () => {
  const report = await loadReport(V1_FIXTURE_PATH);
  assert.equal(report.schema, "tribench/report@2");
  assert.equal(report.upgradedFrom, "tribench/report@1");
  assert.ok(report.warnings.includes(V1_PROCESS_WARNING));
  assert.equal(report.results.length, 19);
  assert.ok(report.results.every((r) => r.processes.length === 1));
  const md = renderMarkdown(report);
  assert.match(md, /\*\*Plan:\*\* 1 round × 10 runs after 2 warm-up · no budget — upgraded from tribench/);
  assert.match(md, /- report@1: one process per cell, so the variance between processes is unknown/);
  assert.match(md, /speedup = serial median \/ this median \(95% bootstrap interval; tribench\/report@1, not paired run by run\)/);
  assert.match(md, /\| node \| threads \| 2 \| 415\.6 \(412\.8–420\.1\) \| 1\.96× \(1\.94–1\.98\) \| – \| – \| 0\.98 \| 1 \| spawn 49\.0 ms \|/);
});

test("every way a file can be wrong is one line naming it", async () => {
  const text = readFileSync(V1_FIXTURE_PATH, "utf8");
  const file = (name: string, content: string) => (writeFileSync(join(tmp, name), content), join(tmp, name));
  await refuses(() => loadReport(join(tmp, "nope.json")), /^cannot read report '.*nope\.json': no such file$/);
  await refuses(() => loadReport(tmp), /is a directory, not a report file$/);
  await refuses(() => loadReport(file("empty.json", " \n")), /^'.*empty\.json' is empty, not a tribench report$/);
  await refuses(() => loadReport(file("cut.json", text.slice(0, 300))), /^'.*cut\.json' is not valid JSON \(.+\)$/);
  await refuses(() => parseReport('{"hello": 1}', "x.json"), /^'x\.json': not a tribench report: no "schema": "tribench\/report@2" field$/);
  await refuses(() => parseReport(text.replace("tribench/report@1", "tribench/report@3"), "new.json"),
    /^'new\.json': report schema tribench\/report@3 is newer than this tribench reads \(tribench\/report@2\); upgrade tribench$/);
  await refuses(() => parseReport(text.replace('"medianMs": 814.23', '"medianMs": "slow"'), "bad.json"),
    /^'bad\.json': not a valid tribench report: field results\[0\]\.medianMs must be number$/);
  // A report@1 is held to the report@1 schema before it is upgraded.
  await refuses(() => parseReport(text.replace('"argv"', '"argv-gone"'), "v1.json"), /^'v1\.json': not a valid tribench report: field config\.argv is missing$/);
});
