// `tribench compare` end to end: the built entry as a child process (exit code, one-line stderr, no
// stack trace) and main() in-process (the UsageError it throws), over fixtures and bad inputs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import { UsageError } from "../core/usage.ts";
import { PROJECT_ROOT } from "../core/project.ts";
import { main } from "./compare_cli.ts";
import { BMF_SCHEMA, GITHUB_ACTION_BENCHMARK_SCHEMA } from "../testing/export_schemas.ts";

const ENTRY = join(PROJECT_ROOT, "dist", "scripts", "tribench.js");
const FIXTURES = join(PROJECT_ROOT, "testing", "testdata", "compare");
const BASE = join(FIXTURES, "base.json");
const HEAD = join(FIXTURES, "head.json");
const tmp = mkdtempSync(join(tmpdir(), "tribench-compare-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));

/** Bad report files, made fresh in a temporary folder. */
function badFile(name: string, content: string | null): string {
  const path = join(tmp, name);
  if (content !== null) writeFileSync(path, content);
  return path;
}
const report = JSON.parse(readFileSync(BASE, "utf8")) as Record<string, unknown>;
const BAD_INPUTS: { name: string; path: () => string; message: RegExp }[] = [
  { name: "missing file", path: () => join(tmp, "nope.json"), message: /^cannot read report '.*nope\.json': no such file$/ },
  { name: "directory", path: () => tmp, message: /^'.*' is a directory, not a report file$/ },
  { name: "empty file", path: () => badFile("empty.json", ""), message: /^'.*empty\.json' is empty, not a tribench report$/ },
  { name: "whitespace only", path: () => badFile("blank.json", " \n\n"), message: /is empty, not a tribench report$/ },
  { name: "corrupt JSON", path: () => badFile("corrupt.json", '{"schema": "tribench/report@1", "results": [1, 2'), message: /^'.*corrupt\.json' is not valid JSON \(.+\)$/ },
  { name: "JSON that is not a report", path: () => badFile("pkg.json", '{"name": "x", "version": "1.0.0"}'), message: /^'.*pkg\.json': not a tribench report: no "schema": "tribench\/report@1" field$/ },
  { name: "a JSON array", path: () => badFile("array.json", "[1, 2, 3]"), message: /not a tribench report/ },
  { name: "another tribench file", path: () => badFile("micro.json", '{"schema": "tribench/micro@1"}'), message: /not a tribench run report: its schema is tribench\/micro@1/ },
  { name: "newer schema", path: () => badFile("newer.json", JSON.stringify({ ...report, schema: "tribench/report@2" })), message: /report schema tribench\/report@2 is newer than this tribench reads \(tribench\/report@1\); upgrade tribench$/ },
  { name: "broken report", path: () => badFile("broken.json", JSON.stringify({ ...report, results: undefined })), message: /^'.*broken\.json': not a valid tribench report: field results is missing$/ },
];

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [ENTRY, "compare", ...args], { encoding: "utf8", env: { ...process.env, GITHUB_STEP_SUMMARY: "", ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The one-line contract of bad input: exit 2, `tribench: <message>` alone on stderr, nothing on stdout. */
function assertUsage(r: ReturnType<typeof run>, message: RegExp) {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, "");
  const lines = r.stderr.split("\n").filter(Boolean);
  assert.equal(lines.length, 1, `stderr should be one line: ${r.stderr}`);
  assert.match(lines[0]!.replace(/^tribench: /, ""), message);
  assert.ok(lines[0]!.startsWith("tribench: "));
}

const haveEntry = existsSync(ENTRY);

for (const c of BAD_INPUTS) {
  test(`bad input as BASE or HEAD, ${c.name}: main() throws a one-line UsageError`, async () => {
    for (const args of [[c.path(), HEAD], [BASE, c.path()]]) {
      await assert.rejects(main(args), (e: unknown) => e instanceof UsageError && c.message.test(e.message) && !e.message.includes("\n"));
    }
  });
  test(`bad input, ${c.name}: the built CLI prints one line and exits 2`, { skip: !haveEntry && "dist/scripts/tribench.js not built" }, () => {
    assertUsage(run([c.path(), HEAD]), c.message);
  });
}

test("bad flags exit 2 with one line", { skip: !haveEntry && "no entry" }, () => {
  assertUsage(run([BASE]), /^compare needs exactly two reports, BASE and HEAD \(got 1\)/);
  assertUsage(run([BASE, HEAD, "--threshold=-3"]), /^--threshold must be a number from 0 to 1000, not '-3'$/);
  assertUsage(run([BASE, HEAD, "--threshold", "-3"]), /^--threshold needs a value; for a value starting with '-' write --threshold=VALUE$/);
  assertUsage(run([BASE, HEAD, "--threshold"]), /^--threshold needs a value$/);
  assertUsage(run([BASE, HEAD, "--alpha", "2"]), /^--alpha must be a number from 0.000001 to 0\.5, not '2'$/);
  assertUsage(run([BASE, HEAD, "--thresold", "3"]), /^unknown option for compare '--thresold' \(did you mean '--threshold'\?\)/);
  assertUsage(run([BASE, HEAD, "--export", "csv", "--export-out", join(tmp, "x.json")]), /^unknown export format 'csv'/);
  assertUsage(run([BASE, HEAD, "--export", "bmf"]), /^--export and --export-out go together/);
  assertUsage(run([BASE, HEAD, "--markdown", join(tmp, "no", "such", "dir.md")]), /^cannot write '.*dir\.md': its folder does not exist$/);
});

test("incomparable reports are refused with exit 2: different machines (unless --cross-machine), sizes", { skip: !haveEntry && "no entry" }, () => {
  const other = join(FIXTURES, "machine-b.json");
  assertUsage(run([BASE, other]), /^BASE and HEAD were measured on different machines \(Test CPU 3000, 2 cores, linux\/x64 vs AMD EPYC 7763 64-Core Processor, 4 cores, linux\/x64\); pass --cross-machine/);
  const cross = run([BASE, other, "--cross-machine"]);
  assert.ok(cross.code === 0 || cross.code === 1, cross.stderr);
  assert.match(cross.stdout, /\*\*Cross-machine comparison\*\*/);
  const quick = badFile("quick.json", JSON.stringify({ ...report, config: { ...(report.config as object), size: "quick" } }));
  assertUsage(run([BASE, quick]), /^cannot compare: BASE ran at size 'default' and HEAD at 'quick'; compare runs of the same size$/);
});

test("a regression exits 1 and leads the table; the same report against itself exits 0", { skip: !haveEntry && "no entry" }, () => {
  const r = run([BASE, HEAD]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /\*\*Result: 1 regressed\*\*, 1 improved, 10 unchanged \(12 cells compared\)/);
  const rows = r.stdout.split("\n").filter((l) => l.startsWith("| ") && /regressed|improved|unchanged/.test(l));
  assert.match(rows[0]!, /^\| 🔴 \*\*regressed\*\* \| node \| collatz \| processes \| 2 \|/);
  // Serial node/pi got faster, so its parallel cells lost speedup although their time did not change.
  assert.ok(rows.some((l) => /\| unchanged \| node \| pi \| threads \| 2 \|.*-\d+\.\d% 🔴/.test(l)), rows.join("\n"));
  const same = run([BASE, BASE]);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stdout, /\*\*Result: no regression\*\*: 0 improved, 12 unchanged/);
});

test("--json, --markdown and $GITHUB_STEP_SUMMARY carry the same comparison", { skip: !haveEntry && "no entry" }, () => {
  const md = join(tmp, "cmp.md");
  const summary = badFile("summary.md", "# earlier step\n");
  const r = run([BASE, HEAD, "--json", "--markdown", md], { GITHUB_STEP_SUMMARY: summary });
  assert.equal(r.code, 1, r.stderr);
  const json = JSON.parse(r.stdout) as { schema: string; regression: boolean; summary: { regressed: number; compared: number } };
  assert.equal(json.schema, "tribench/compare@1");
  assert.equal(json.regression, true);
  assert.deepEqual([json.summary.regressed, json.summary.compared], [1, 12]);
  const written = readFileSync(md, "utf8");
  assert.match(written, /^## tribench compare/);
  assert.equal(readFileSync(summary, "utf8"), `# earlier step\n${written}`);
});

test("--export writes files that match the documented formats", { skip: !haveEntry && "no entry" }, () => {
  const ajv = new Ajv({ strict: false });
  for (const [format, schema] of [["github-action-benchmark", GITHUB_ACTION_BENCHMARK_SCHEMA], ["bmf", BMF_SCHEMA]] as const) {
    const out = join(tmp, `${format}.json`);
    const r = run([BASE, HEAD, "--export", format, "--export-out", out]);
    assert.equal(r.code, 1, r.stderr);
    const data: unknown = JSON.parse(readFileSync(out, "utf8"));
    assert.ok(ajv.validate(schema, data), `${format}: ${ajv.errorsText()}`);
  }
});

test("main() returns the exit code and writes the result to the given stdout", async () => {
  let printed = "";
  const out = { write: (chunk: string) => ((printed += chunk), true) } as Pick<NodeJS.WritableStream, "write">;
  assert.equal(await main([BASE, HEAD, "--threshold", "20"], out), 0); // a 13% change is below a 20% threshold
  assert.match(printed, /\*\*Result: no regression\*\*/);
  assert.equal(await main([BASE, HEAD], out), 1);
  assert.match(printed, /\*\*Result: 1 regressed\*\*/);
  assert.equal(await main(["--help"], out), 0);
  assert.match(printed, /Usage: tribench compare BASE\.json HEAD\.json/);
});
