/**
 * The communication suites on CPython end to end: the built CLI, with the orchestrator on the
 * runtime running this file, measures every cell CPython's ports can run at quick size with a
 * verified answer, and reports the others "unsupported" with the port's reason (never failed,
 * exit 0).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Report } from "../reports/report.ts";
import { pythonRuntime } from "../runtimes/python.ts";
import { portGaps } from "../runtimes/versions/support.ts";
import { COMM_SUITES } from "../suites/registry.ts";
import { ORCHESTRATOR, startTribench } from "../testing/e2e.ts";

const install = await pythonRuntime.locate();
const NO_PYTHON = install ? false : "no CPython 3.8+ found; the python runtime is skipped";

test(`orchestrator on ${ORCHESTRATOR}: CPython runs every comm cell its ports have, verified, and says why for the rest`, { skip: NO_PYTHON, timeout: 120_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), "tribench-python-comm-"));
  try {
    const args = ["--runtimes", "python", "--suites", COMM_SUITES.map((s) => s.name).join(","), "--size", "quick", "--workers", "2", "--rounds", "1", "--runs", "1", "--warmup", "0", "--json", "--out", out];
    const run = await startTribench({ runtime: ORCHESTRATOR, args, mark: `python-comm-${process.pid}` }).done;
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    // Every case x variant of every comm suite is either measured and verified or unsupported with the port's reason.
    const want = COMM_SUITES.flatMap((suite) => suite.cases!.flatMap((c) => (["threads", "processes"] as const).map((variant) => ({ suite: suite.name, case: c.name, variant, why: portGaps("python", suite.name)?.[c.name]?.[variant] }))));
    const key = (x: { suite: string; case?: string; variant: string }) => `${x.suite} ${x.variant} ${x.case}`;
    assert.deepEqual(report.results.map(key).sort(), want.filter((w) => !w.why).map(key).sort());
    for (const r of report.results) assert.ok(r.verified && r.answer, `${key(r)}: ${r.answer}`);
    assert.deepEqual(report.failures.map((f) => [key(f), f.kind, f.reason]).sort(), want.filter((w) => w.why).map((w) => [key(w), "unsupported", w.why]).sort());
    assert.ok(want.some((w) => w.why) && want.some((w) => !w.why), "both kinds of cell are checked");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
