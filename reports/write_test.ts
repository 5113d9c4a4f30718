import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { validateReport } from "./validate.ts";
import { runBaseName, writeFileAtomic, writeReportFiles } from "./write.ts";
import { loadFixture } from "../testing/testdata/fixtures.ts";

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "tribench-write-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const noTempFiles = async (dir: string) => assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith(".tmp")), []);

test("run file names come from the start time", () => {
  assert.equal(runBaseName("2026-11-25T18:42:07.512Z"), "tribench-20261125T184207Z");
  assert.equal(runBaseName("2026-11-25T19:42:07+01:00"), "tribench-20261125T184207Z");
  assert.match(runBaseName("not a date"), /^tribench-\d{8}T\d{6}Z$/);
});

test("writes the run JSON, latest.json, the Markdown and one linked SVG per suite", async () => {
  await withTempDir(async (dir) => {
    const report = loadFixture();
    const out = join(dir, "results", "nested");
    const files = await writeReportFiles(report, out, { stepSummary: null });
    assert.equal(files.json, join(out, "tribench-20261125T184207Z.json"));
    assert.equal(files.latest, join(out, "latest.json"));
    assert.equal(files.markdown, join(out, "tribench-20261125T184207Z.md"));
    assert.deepEqual(files.charts.map((c) => basename(c)), ["tribench-20261125T184207Z-collatz.svg", "tribench-20261125T184207Z-pi.svg"]);

    const json = await readFile(files.json, "utf8");
    assert.deepEqual(validateReport(JSON.parse(json)), report);
    assert.equal(await readFile(files.latest, "utf8"), json);
    const md = await readFile(files.markdown, "utf8");
    for (const chart of files.charts) {
      assert.ok(md.includes(`](${basename(chart)})`), `Markdown links ${basename(chart)}`);
      assert.match(await readFile(chart, "utf8"), /^<svg /);
    }
    await noTempFiles(out);
  });
});

test("never overwrites another run's file: a suffix is added", async () => {
  await withTempDir(async (dir) => {
    const report = loadFixture();
    // Another run's file with the same name, already there.
    const other = join(dir, "tribench-20261125T184207Z.json");
    await writeFile(other, "another run\n");
    const first = await writeReportFiles(report, dir, { stepSummary: null, charts: false });
    const second = await writeReportFiles(report, dir, { stepSummary: null, charts: false });
    assert.equal(await readFile(other, "utf8"), "another run\n");
    assert.equal(basename(first.json), "tribench-20261125T184207Z-2.json");
    assert.equal(basename(second.json), "tribench-20261125T184207Z-3.json");
    assert.equal(basename(second.markdown), "tribench-20261125T184207Z-3.md");
    assert.deepEqual(first.charts, []);
    // latest.json follows the newest run.
    report.partial = true;
    const third = await writeReportFiles(report, dir, { stepSummary: null, charts: false });
    assert.equal(JSON.parse(await readFile(third.latest, "utf8")).partial, true);
    assert.equal(JSON.parse(await readFile(first.json, "utf8")).partial, false);
    await noTempFiles(dir);
  });
});

test("the Markdown is appended to the step summary (argument or $GITHUB_STEP_SUMMARY)", async () => {
  await withTempDir(async (dir) => {
    const summary = join(dir, "summary.md");
    await writeFile(summary, "# earlier step\n");
    await writeReportFiles(loadFixture(), join(dir, "a"), { stepSummary: summary, charts: false });
    const text = await readFile(summary, "utf8");
    assert.ok(text.startsWith("# earlier step\n# tribench report — 2026-11-25 18:42 UTC\n"), text.slice(0, 200));
    assert.ok(!text.includes(".svg)"), "no chart links that would not resolve in the summary");

    const saved = process.env.GITHUB_STEP_SUMMARY;
    process.env.GITHUB_STEP_SUMMARY = summary;
    try {
      await writeReportFiles(loadFixture(), join(dir, "b"), { charts: false });
    } finally {
      if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY;
      else process.env.GITHUB_STEP_SUMMARY = saved;
    }
    assert.equal((await readFile(summary, "utf8")).split("# tribench report").length, 3);
  });
});

test("writeFileAtomic replaces the file by rename, never in place, and leaves no temporary file", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "latest.json");
    await writeFileAtomic(path, "old");
    const before = await stat(path);
    await writeFileAtomic(path, "new content");
    const after = await stat(path);
    assert.equal(await readFile(path, "utf8"), "new content");
    // A new inode: readers holding the old file kept a whole old file; nobody saw a half-written one.
    assert.notEqual(after.ino, before.ino);
    await noTempFiles(dir);
  });
});

test("a folder that cannot be written gives an error and leaves nothing behind", async () => {
  await withTempDir(async (dir) => {
    const blocker = join(dir, "file");
    await writeFile(blocker, "x");
    await assert.rejects(writeReportFiles(loadFixture(), join(blocker, "results"), { stepSummary: null }), /ENOTDIR|EEXIST/);
    await assert.rejects(writeFileAtomic(join(dir, "missing", "x.json"), "{}"), /ENOENT/);
    assert.deepEqual(await readdir(dir), ["file"]);
  });
});
