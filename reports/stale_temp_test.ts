/**
 * A run SIGKILLed between writing a temporary file and renaming it leaves that hidden file behind
 * (nothing can remove it then); the next run writing into the same folder removes it, and leaves alone
 * the temporary files of a writer that is still alive.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { loadFixture } from "../testing/testdata/fixtures.ts";
import { writeReportFiles } from "./write.ts";

const tmp = mkdtempSync(join(tmpdir(), "tribench-stale-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

test("temporary files of dead writers are removed by the next write; a live writer's are kept", async () => {
  // Above Linux's largest pid (2^22), so surely no live process.
  const dead = 2 ** 22 + 12345;
  const stale = [`.latest.json.${dead}.0badf00d.tmp`, `.tribench-20261125T000000Z.md.${dead}.deadbeef.tmp`];
  const live = `.latest.json.${process.pid}.cafe0123.tmp`;
  const unrelated = ".notes.tmp";
  for (const name of [...stale, live, unrelated]) writeFileSync(join(tmp, name), '{"truncat');
  await writeReportFiles(loadFixture(), tmp, { charts: false, stepSummary: null });
  const left = readdirSync(tmp);
  for (const name of stale) assert.ok(!left.includes(name), `${name} was not removed`);
  assert.ok(left.includes(live), "a live writer's temporary file was removed");
  assert.ok(left.includes(unrelated), "a file that is not ours was removed");
  assert.ok(left.includes("latest.json"));
});
