// `tribench merge` end to end: bad inputs (built entry and main()), --label, --out, --json.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../core/usage.ts";
import { PROJECT_ROOT } from "../core/project.ts";
import { main } from "./merge_cli.ts";
import type { MergedReport } from "../analysis/merge.ts";
import { V2_FIXTURE_PATH } from "../testing/testdata/report_v2_fixture.ts";
import { V1_FIXTURE_PATH } from "../testing/testdata/fixtures.ts";

const ENTRY = join(PROJECT_ROOT, "dist", "scripts", "tribench.js");
const FIXTURES = join(PROJECT_ROOT, "testing", "testdata", "compare");
const [A, B, C] = ["machine-a.json", "machine-b.json", "machine-c.json"].map((f) => join(FIXTURES, f)) as [string, string, string];
const tmp = mkdtempSync(join(tmpdir(), "tribench-merge-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, content: string) => (writeFileSync(join(tmp, name), content), join(tmp, name));
const report = readFileSync(A, "utf8");

const BAD_INPUTS: { name: string; path: () => string; message: RegExp }[] = [
  { name: "missing file", path: () => join(tmp, "nope.json"), message: /^cannot read report '.*nope\.json': no such file$/ },
  { name: "directory", path: () => tmp, message: /is a directory, not a report file$/ },
  { name: "empty file", path: () => file("empty.json", ""), message: /is empty, not a tribench report$/ },
  { name: "corrupt JSON", path: () => file("corrupt.json", report.slice(0, 200)), message: /is not valid JSON \(.+\)$/ },
  { name: "not a tribench report", path: () => file("other.json", '{"hello": "world"}'), message: /not a tribench report/ },
  { name: "newer schema", path: () => file("newer.json", report.replace("tribench/report@1", "tribench/report@7")), message: /report schema tribench\/report@7 is newer than this tribench reads/ },
];

function run(args: string[]) {
  const r = spawnSync(process.execPath, [ENTRY, "merge", ...args], { encoding: "utf8", env: { ...process.env, GITHUB_STEP_SUMMARY: "" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function assertUsage(r: ReturnType<typeof run>, message: RegExp) {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, "");
  const lines = r.stderr.split("\n").filter(Boolean);
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^tribench: /);
  assert.match(lines[0]!.slice("tribench: ".length), message);
}
const noEntry = !existsSync(ENTRY) && "dist/scripts/tribench.js not built";
const sink = () => {
  let text = "";
  return { out: { write: (s: string) => ((text += s), true) } as Pick<NodeJS.WritableStream, "write">, text: () => text };
};

for (const c of BAD_INPUTS) {
  test(`merge bad input, ${c.name}: main() throws a one-line UsageError`, async () => {
    await assert.rejects(main([A, c.path(), C], sink().out), (e: unknown) => e instanceof UsageError && c.message.test(e.message) && !e.message.includes("\n"));
  });
  test(`merge bad input, ${c.name}: the built CLI prints one line and exits 2`, { skip: noEntry }, () => {
    assertUsage(run([A, c.path()]), c.message);
  });
}

test("merge bad usage: counts, labels, sizes, --out", { skip: noEntry }, () => {
  assertUsage(run([A]), /^merge takes 2 to 20 reports, not 1; see tribench merge --help$/);
  assertUsage(run([A, B, "--label", "x"]), /^--label given 1 time\(s\) for 2 reports; give one per report, in order, or none$/);
  assertUsage(run([A, B, "--lable", "x"]), /^unknown option for merge '--lable' \(did you mean '--label'\?\)/);
  const quick = file("quick.json", report.replace(/"size": "default"/g, '"size": "quick"'));
  assertUsage(run([A, quick]), /^cannot merge reports of different sizes: '.*machine-a\.json' ran at 'default', '.*quick\.json' at 'quick'$/);
  const blocker = file("blocker", "a file where a folder should be");
  assertUsage(run([A, B, "--out", join(blocker, "sub")]), /^cannot create --out folder '.*blocker\/sub'/);
});

test("merge --out writes merge.md, merge.json and one speedup SVG per source and suite", { skip: noEntry }, () => {
  const out = join(tmp, "merged");
  const r = run([A, B, C, "--label", "xeon", "--label", "epyc", "--label", "m2 <laptop>", "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /^## tribench merge: 3 reports \(size default\)/);
  assert.deepEqual(readdirSync(out).sort(), ["merge.json", "merge.md", "speedup-1-collatz.svg", "speedup-1-pi.svg", "speedup-2-collatz.svg", "speedup-2-pi.svg", "speedup-3-collatz.svg", "speedup-3-pi.svg"]);
  const json = JSON.parse(readFileSync(join(out, "merge.json"), "utf8")) as MergedReport;
  assert.deepEqual(json.sources.map((s) => s.label), ["xeon", "epyc", "m2 <laptop>"]);
  const md = readFileSync(join(out, "merge.md"), "utf8");
  assert.match(md, /\| \[3\] \| m2 &lt;laptop&gt; \|/);
  assert.match(md, /Charts: \[\[1\] speedup\]\(speedup-1-collatz\.svg\) · \[\[2\] speedup\]\(speedup-2-collatz\.svg\) · \[\[3\] speedup\]\(speedup-3-collatz\.svg\)/);
  assert.match(readFileSync(join(out, "speedup-2-pi.svg"), "utf8"), /^<svg[\s\S]*<\/svg>\s*$/);
});

test("merge of a report@2 and a report@1 file: both load, the old one is marked, charts for both", { skip: noEntry }, () => {
  const out = join(tmp, "mixed");
  const r = run([V2_FIXTURE_PATH, V1_FIXTURE_PATH, "--out", out, "--json"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  const json = JSON.parse(r.stdout) as MergedReport;
  assert.deepEqual(json.sources.map((s) => s.upgradedFrom), [null, "tribench/report@1"]);
  const row = json.rows.find((x) => x.runtime === "node" && x.suite === "collatz" && x.variant === "threads" && x.workers === 2)!;
  assert.deepEqual(row.values.map((v) => (v && "processes" in v ? v.processes : null)), [3, 1]);
  assert.match(readFileSync(join(out, "merge.md"), "utf8"), /report-2runtimes\.json \(report@1, one process per cell\)/);
  assert.deepEqual(readdirSync(out).filter((f) => f.endsWith(".svg")).sort(),
    ["speedup-1-collatz.svg", "speedup-1-pi.svg", "speedup-2-collatz.svg", "speedup-2-pi.svg"]);
});

test("merge main(): --json prints the merged report; --help prints usage", async () => {
  const s = sink();
  assert.equal(await main([A, B, "--json"], s.out), 0);
  const json = JSON.parse(s.text()) as MergedReport;
  assert.equal(json.schema, "tribench/merge@1");
  assert.equal(json.sources[1]!.file, B);
  const h = sink();
  assert.equal(await main(["--help"], h.out), 0);
  assert.match(h.text(), /^Usage: tribench merge A\.json B\.json/);
  assert.match(h.text(), /tribench\/report@1 files/);
});
