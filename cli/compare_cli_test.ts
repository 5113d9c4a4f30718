// `tribench compare` end to end: the built entry as a child process (exit codes 0, 1, 2, 3, one-line
// stderr, no stack trace) and main() in-process, over synthetic report@2 files written to a temporary
// folder, several reports per side, and the report@1 fixtures (upgraded on load).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import { UsageError } from "../core/usage.ts";
import { PROJECT_ROOT } from "../core/project.ts";
import { main, parseFailOn } from "./compare_cli.ts";
import { BMF_SCHEMA, GITHUB_ACTION_BENCHMARK_SCHEMA } from "../testing/export_schemas.ts";
import { syntheticRoundsReport, type RoundsCellSpec, type SyntheticRoundsOptions } from "../testing/synthetic_rounds.ts";

const ENTRY = join(PROJECT_ROOT, "dist", "scripts", "tribench.js");
const V1 = join(PROJECT_ROOT, "testing", "testdata", "compare");
const tmp = mkdtempSync(join(tmpdir(), "tribench-compare-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));

/** A synthetic report written to the temporary folder; returns its path. */
function reportFile(name: string, specs: RoundsCellSpec[], options: SyntheticRoundsOptions): string {
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify(syntheticRoundsReport(specs, options)));
  return path;
}
const CELLS: RoundsCellSpec[] = [{ variant: "serial", medianMs: 200 }, { variant: "threads", workers: 2, medianMs: 103 }, { suite: "pi", medianMs: 50 }];
const BASE = reportFile("base.json", CELLS, { seed: 1 });
const HEAD = reportFile("head.json", CELLS.map((c) => (c.suite === "pi" ? { ...c, medianMs: 65 } : c)), { seed: 2 });
const HEAD2 = reportFile("head2.json", CELLS.map((c) => (c.suite === "pi" ? { ...c, medianMs: 65 } : c)), { seed: 7 });
const SAME = reportFile("same.json", CELLS, { seed: 3 });
const BUSY = reportFile("busy.json", CELLS.map((c) => (c.variant === "threads" ? { ...c, medianMs: 180, capacity: 1 } : c)), { seed: 4 });

function badFile(name: string, content: string): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}
const BAD_INPUTS: { name: string; path: () => string; message: RegExp }[] = [
  { name: "missing file", path: () => join(tmp, "nope.json"), message: /^cannot read report '.*nope\.json': no such file$/ },
  { name: "directory", path: () => tmp, message: /^'.*' is a directory, not a report file$/ },
  { name: "empty file", path: () => badFile("empty.json", ""), message: /^'.*empty\.json' is empty, not a tribench report$/ },
  { name: "corrupt JSON", path: () => badFile("corrupt.json", '{"schema": "tribench/report@2", "results": [1, 2'), message: /^'.*corrupt\.json' is not valid JSON \(.+\)$/ },
  { name: "JSON that is not a report", path: () => badFile("pkg.json", '{"name": "x", "version": "1.0.0"}'), message: /^'.*pkg\.json': .*not a tribench report/ },
  { name: "newer schema", path: () => badFile("newer.json", JSON.stringify({ ...JSON.parse(readFileSync(BASE, "utf8")), schema: "tribench/report@9" })), message: /newer than this tribench reads/ },
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
  assert.ok(lines[0]!.startsWith("tribench: "));
  assert.match(lines[0]!.replace(/^tribench: /, ""), message);
}

const noEntry = !existsSync(ENTRY) && "dist/scripts/tribench.js not built";

test("bad input on either side, alone or among several: main() throws a one-line UsageError", async () => {
  for (const c of BAD_INPUTS) {
    for (const args of [[c.path(), HEAD], [BASE, c.path()], [BASE, SAME, "--", HEAD, c.path()]]) {
      await assert.rejects(main(args), (e: unknown) => e instanceof UsageError && c.message.test(e.message) && !e.message.includes("\n"), `${c.name}: ${args.join(" ")}`);
    }
  }
});

test("bad input through the built CLI: one line, exit 2", { skip: noEntry }, () => {
  for (const c of BAD_INPUTS.slice(0, 3)) assertUsage(run([c.path(), HEAD]), c.message);
});

test("bad flags and positionals exit 2 with one line", { skip: noEntry }, () => {
  assertUsage(run([BASE]), /^compare needs exactly two reports, BASE and HEAD \(got 1\), or BASE\.\.\. -- HEAD\.\.\./);
  assertUsage(run([BASE, SAME, HEAD]), /^compare needs exactly two reports, BASE and HEAD \(got 3\)/);
  assertUsage(run([BASE, SAME, "--"]), /^compare needs at least one report on each side of '--' \(got 2 BASE, 0 HEAD\)$/);
  assertUsage(run([BASE, HEAD, "--threshold=-3"]), /^--threshold must be a number from 0 to 1000, not '-3'$/);
  assertUsage(run([BASE, HEAD, "--alpha", "2"]), /^--alpha must be a number from 0.000001 to 0\.5, not '2'$/);
  assertUsage(run([BASE, HEAD, "--fail-on", "memory"]), /^unknown --fail-on measure 'memory' \(did you mean '.*'\?\); valid: time, speedup$/);
  assertUsage(run([BASE, HEAD, "--fail-on", ","]), /^--fail-on needs time, speedup or time,speedup$/);
  assertUsage(run([BASE, HEAD, "--thresold", "3"]), /^unknown option for compare '--thresold' \(did you mean '--threshold'\?\)/);
  assertUsage(run([BASE, HEAD, "--export", "bmf"]), /^--export and --export-out go together/);
  assertUsage(run([BASE, HEAD, "--markdown", join(tmp, "no", "such", "dir.md")]), /^cannot write '.*dir\.md': its folder does not exist$/);
});

test("parseFailOn: default time; lists in the documented order; duplicates collapse", () => {
  assert.deepEqual(parseFailOn(undefined), ["time"]);
  assert.deepEqual(parseFailOn("speedup"), ["speedup"]);
  assert.deepEqual(parseFailOn("speedup, time,speedup"), ["time", "speedup"]);
});

test("reports that cannot be compared or pooled are refused with exit 2", { skip: noEntry }, () => {
  const other = reportFile("other-machine.json", CELLS, { seed: 5, machine: { cpuModel: "AMD EPYC 7763", logicalCores: 4 } });
  assertUsage(run([BASE, other]), /^BASE and HEAD were measured on different machines \(Test CPU 3000, 2 cores, linux\/x64 vs AMD EPYC 7763, 4 cores, linux\/x64\); pass --cross-machine/);
  const cross = run([BASE, other, "--cross-machine"]);
  assert.ok(cross.code === 0 || cross.code === 1, cross.stderr);
  assert.match(cross.stdout, /\*\*Cross-machine comparison\*\*/);
  const quick = reportFile("quick.json", CELLS, { seed: 6, size: "quick" });
  assertUsage(run([BASE, quick]), /^cannot compare: BASE ran at size 'default' and HEAD at 'quick'; compare runs of the same size$/);
  assertUsage(run([BASE, quick, "--", HEAD]), /^cannot pool the BASE reports: .*base\.json has size 'default' and .*quick\.json 'quick'; pool only runs of the same machine and config$/);
});

test("exit codes: 1 on a regression (it leads the table), 0 for the same commit, 3 when the machine changed", { skip: noEntry }, () => {
  const r = run([BASE, HEAD]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /\*\*Result: 1 regressed\*\*, 0 improved, 2 unchanged \(3 cells compared\)/);
  const rows = r.stdout.split("\n").filter((l) => /^\| (🔴|🟡|unchanged)/.test(l));
  assert.match(rows[0]!, /^\| 🔴 \*\*regressed\*\* \| node \| pi \| serial \| 1 \|/);
  assert.ok(rows.slice(1).every((l) => /^\| unchanged, could detect ≥ \d+% \|/.test(l)), rows.join("\n"));
  const same = run([BASE, SAME]);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stdout, /\*\*Result: no regression\*\*: 0 improved, 3 unchanged/);
  const busy = run([BASE, BUSY]);
  assert.equal(busy.code, 3, busy.stdout);
  assert.match(busy.stdout, /\*\*Result: inconclusive, the machine changed\*\* for 1 parallel cell/);
  assert.match(busy.stdout, /the machine changed: BASE had 1\.9\d of 2 cores, HEAD 1\.0\d/);
});

test("several reports per side: `BASE1 BASE2 -- HEAD1 HEAD2` pools processes; flags may stand after the files", { skip: noEntry }, () => {
  const r = run([BASE, SAME, "--", HEAD, HEAD2, "--json", "--fail-on", "time,speedup"]);
  assert.equal(r.code, 1, r.stderr);
  const json = JSON.parse(r.stdout) as { schema: string; base: unknown[]; head: unknown[]; options: { failOn: string[] }; cells: { suite: string; time: { baseUnits: number; headUnits: number } | null }[] };
  assert.equal(json.schema, "tribench/compare@2");
  assert.deepEqual([json.base.length, json.head.length], [2, 2]);
  assert.deepEqual(json.options.failOn, ["time", "speedup"]);
  const pi = json.cells.find((c) => c.suite === "pi")!;
  assert.deepEqual([pi.time!.baseUnits, pi.time!.headUnits], [10, 10]);
});

test("report@1 files still compare, with the warning that process variance is unknown", { skip: noEntry }, () => {
  const r = run([join(V1, "base.json"), join(V1, "head.json")]);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  assert.match(r.stdout, /^- BASE: 1 report\(s\) in the older format tribench\/report@1 \(one process per cell\): the variance between processes is unknown$/m);
  assert.match(r.stdout, /^- 12 cell\(s\) judged from runs, not processes/m);
  assert.match(r.stdout, /\| 10 \/ 10 runs \|/);
});

test("--json, --markdown and $GITHUB_STEP_SUMMARY carry the same comparison", { skip: noEntry }, () => {
  const md = join(tmp, "cmp.md");
  const summary = badFile("summary.md", "# earlier step\n");
  const r = run([BASE, HEAD, "--json", "--markdown", md], { GITHUB_STEP_SUMMARY: summary });
  assert.equal(r.code, 1, r.stderr);
  const json = JSON.parse(r.stdout) as { schema: string; exitCode: number; regression: boolean; summary: { regressed: number; compared: number } };
  assert.deepEqual([json.schema, json.exitCode, json.regression], ["tribench/compare@2", 1, true]);
  assert.deepEqual([json.summary.regressed, json.summary.compared], [1, 3]);
  const written = readFileSync(md, "utf8");
  assert.match(written, /^## tribench compare/);
  assert.equal(readFileSync(summary, "utf8"), `# earlier step\n${written}`);
});

test("--export writes files that match the documented formats", { skip: noEntry }, () => {
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
  assert.equal(await main([BASE, HEAD, "--threshold", "40"], out), 0); // a 30% change is below a 40% threshold
  assert.match(printed, /\*\*Result: no regression\*\*/);
  assert.equal(await main([BASE, HEAD], out), 1);
  assert.match(printed, /\*\*Result: 1 regressed\*\*/);
  assert.equal(await main([BASE, BUSY], out), 3);
  assert.equal(await main(["--help"], out), 0);
  assert.match(printed, /Usage: tribench compare BASE\.json HEAD\.json/);
  assert.match(printed, /BASE1\.json BASE2\.json \.\.\. -- HEAD1\.json HEAD2\.json/);
});
