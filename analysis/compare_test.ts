// compare as data: power and false-alarm rate on synthetic reports with known distributions, and the
// rules for pairing, refusing and flagging cells.
import { test } from "node:test";
import assert from "node:assert/strict";
import { UsageError } from "../core/usage.ts";
import { compareReports, DEFAULT_COMPARE_OPTIONS, minimumRunsFor, verdictOf, type CompareOptions } from "./compare.ts";
import { syntheticReport, type CellSpec } from "../testing/synthetic_reports.ts";

const TRIALS = 200;
// Fewer resamples than the CLI default: the verdict comes from the rank test, the interval only informs.
const OPTS: CompareOptions = { ...DEFAULT_COMPARE_OPTIONS, resamples: 500 };

/** Share of trials whose single cell got `verdict`, base and head drawn with different seeds. */
function verdictRate(base: CellSpec, head: CellSpec, verdict: string, options = OPTS): number {
  let hits = 0;
  for (let t = 0; t < TRIALS; t++) {
    const c = compareReports(syntheticReport([base], { seed: 1000 + t }), syntheticReport([head], { seed: 5000 + t }), options);
    if (c.cells[0]!.verdict === verdict) hits++;
  }
  return hits / TRIALS;
}

test("A/A: same distribution, different draws -> unchanged in >= 95% of 200 trials (CV 2% and CV 10%)", () => {
  const quiet = verdictRate({ medianMs: 100, cv: 0.02 }, { medianMs: 100, cv: 0.02 }, "unchanged");
  const noisy = verdictRate({ medianMs: 100, cv: 0.1 }, { medianMs: 100, cv: 0.1 }, "unchanged");
  assert.ok(quiet >= 0.95, `quiet A/A unchanged rate ${quiet}`);
  assert.ok(noisy >= 0.95, `noisy A/A unchanged rate ${noisy}`);
});

test("A/A with threshold 0: the rank test alone keeps false alarms near alpha", () => {
  const rate = verdictRate({ medianMs: 100, cv: 0.1 }, { medianMs: 100, cv: 0.1 }, "unchanged", { ...OPTS, thresholdPct: 0 });
  assert.ok(rate >= 0.96, `A/A unchanged rate without a threshold ${rate} (alpha 0.01)`);
});

test("the rank test is calibrated: A/A gives p < 0.05 in about 5% of 400 trials, not never", () => {
  let rejections = 0;
  for (let t = 0; t < 400; t++) {
    const c = compareReports(
      syntheticReport([{ medianMs: 100, cv: 0.1 }], { seed: 20000 + t }),
      syntheticReport([{ medianMs: 100, cv: 0.1 }], { seed: 60000 + t }),
      { ...OPTS, resamples: 50 },
    );
    if (c.cells[0]!.time!.p < 0.05) rejections++;
  }
  assert.ok(rejections >= 4 && rejections <= 36, `${rejections} of 400 A/A trials had p < 0.05`);
});

test("a 10% slowdown with CV 2% and 10 runs is flagged as regressed in >= 95% of 200 trials", () => {
  const rate = verdictRate({ medianMs: 100, cv: 0.02 }, { medianMs: 110, cv: 0.02 }, "regressed");
  assert.ok(rate >= 0.95, `regressed rate ${rate}`);
});

test("a 10% speed-up with CV 2% and 10 runs is flagged as improved in >= 95% of 200 trials", () => {
  const rate = verdictRate({ medianMs: 110, cv: 0.02 }, { medianMs: 100, cv: 0.02 }, "improved");
  assert.ok(rate >= 0.95, `improved rate ${rate}`);
});

test("both conditions are needed: significant but small, or large but not significant, is unchanged", () => {
  // 2% slower with CV 0.2%: always significant, below the 5% threshold.
  const small = verdictRate({ medianMs: 100, cv: 0.002 }, { medianMs: 102, cv: 0.002 }, "unchanged");
  assert.ok(small >= 0.95, `small-but-significant unchanged rate ${small}`);
  // 3 runs against 3 can never reach p < 0.01 (smallest p is 0.1), even for a 50% change.
  const c = compareReports(
    syntheticReport([{ medianMs: 100, runs: 3 }], { seed: 1 }),
    syntheticReport([{ medianMs: 150, runs: 3 }], { seed: 2 }),
    OPTS,
  );
  assert.equal(c.cells[0]!.verdict, "unchanged");
  assert.ok(c.cells[0]!.time!.changePct > 40);
  assert.match(c.notes.join("\n"), /too few runs to ever reach p < 0\.01; use --runs 5 or more/);
  assert.equal(minimumRunsFor(0.01), 5);
});

test("verdictOf needs p < alpha, an interval on one side of zero and the threshold, all three", () => {
  const o = DEFAULT_COMPARE_OPTIONS;
  assert.equal(verdictOf(12, 8, 16, 0.001, o, true), "regressed");
  assert.equal(verdictOf(-12, -16, -8, 0.001, o, true), "improved");
  assert.equal(verdictOf(-12, -16, -8, 0.001, o, false), "regressed"); // speedup fell
  assert.equal(verdictOf(12, 8, 16, 0.02, o, true), "unchanged"); // not significant
  assert.equal(verdictOf(12, -3, 30, 0.005, o, true), "unchanged"); // interval reaches zero
  assert.equal(verdictOf(4, 3, 5, 0.001, o, true), "unchanged"); // below the threshold
  assert.equal(verdictOf(5, 4, 6, 0.001, o, true), "regressed"); // at the threshold counts
});

test("interval and change agree with the medians; the interval holds the change", () => {
  const c = compareReports(
    syntheticReport([{ medianMs: 100 }], { seed: 3 }),
    syntheticReport([{ medianMs: 120 }], { seed: 4 }),
    OPTS,
  );
  const t = c.cells[0]!.time!;
  assert.ok(Math.abs(t.changePct - (t.headMedianMs / t.baseMedianMs - 1) * 100) < 1e-9);
  assert.ok(t.lowPct <= t.changePct && t.changePct <= t.highPct, JSON.stringify(t));
  assert.equal(t.test, "exact");
  assert.ok(t.p < 0.001);
  assert.equal(c.regression, true);
  assert.equal(c.summary.regressed, 1);
});

test("a process pool that got slower while serial did not: time and speedup both regress", () => {
  const cells = (poolMs: number): CellSpec[] => [
    { variant: "serial", medianMs: 200 },
    { variant: "processes", workers: 2, medianMs: poolMs },
  ];
  const c = compareReports(syntheticReport(cells(102), { seed: 10 }), syntheticReport(cells(130), { seed: 11 }), OPTS);
  const serial = c.cells.find((x) => x.variant === "serial")!;
  const pool = c.cells.find((x) => x.variant === "processes")!;
  assert.equal(serial.verdict, "unchanged");
  assert.equal(serial.speedup, null);
  assert.equal(pool.verdict, "regressed");
  assert.equal(pool.speedup!.verdict, "regressed");
  assert.ok(pool.speedup!.base > 1.9 && pool.speedup!.head < 1.6, JSON.stringify(pool.speedup));
  assert.ok(pool.speedup!.baseEfficiency! > 0.95);
  assert.equal(c.summary.speedupRegressed, 1);
});

test("same draws give the same comparison (seeded bootstrap)", () => {
  const a = syntheticReport([{ medianMs: 100 }], { seed: 20 });
  const b = syntheticReport([{ medianMs: 104 }], { seed: 21 });
  assert.deepEqual(compareReports(a, b, OPTS), compareReports(a, b, OPTS));
});

test("cells only on one side are added/removed; a cell HEAD failed is a regression", () => {
  const base = syntheticReport([{ medianMs: 100 }, { suite: "pi", medianMs: 50 }, { suite: "gcd", medianMs: 70 }], { seed: 30 });
  const head = syntheticReport([{ medianMs: 100 }, { suite: "nbody", medianMs: 80 }], { seed: 31 });
  head.failures.push({ runtime: "node", suite: "gcd", variant: "serial", workers: 1, size: "default", reason: "worker crashed (exit code 1)", kind: "crash" });
  const c = compareReports(base, head, OPTS);
  assert.deepEqual(c.added.map((k) => k.suite), ["nbody"]);
  assert.deepEqual(c.removed.map((k) => k.suite), ["pi"]);
  const failed = c.cells.find((x) => x.suite === "gcd")!;
  assert.equal(failed.verdict, "failed");
  assert.equal(failed.reason, "worker crashed (exit code 1)");
  assert.equal(c.regression, true);
  assert.deepEqual([c.summary.added, c.summary.removed, c.summary.failed, c.summary.compared], [1, 1, 1, 1]);
});

test("a cell without samples is incomparable, with the reason", () => {
  const base = syntheticReport([{ medianMs: 100 }], { seed: 40 });
  const head = syntheticReport([{ medianMs: 100 }], { seed: 41 });
  head.results[0]!.samplesMs = [];
  const c = compareReports(base, head, OPTS);
  assert.equal(c.cells[0]!.verdict, "incomparable");
  assert.equal(c.cells[0]!.reason, "no samples in HEAD");
  assert.equal(c.regression, false);
});

test("answer, mechanism and runtime version changes and partial reports are noted", () => {
  const base = syntheticReport([{ medianMs: 100 }], { seed: 50, runtimeVersions: { node: "20.20.0" } });
  const head = syntheticReport([{ medianMs: 100 }], { seed: 51, runtimeVersions: { node: "22.1.0" } });
  head.results[0]!.answer = "43";
  head.results[0]!.mechanism = "deno/node:child_process.fork";
  head.partial = true;
  const c = compareReports(base, head, OPTS);
  assert.deepEqual(c.cells[0]!.notes, ["answer changed: '42' -> '43'", `mechanism changed: ${base.results[0]!.mechanism} -> deno/node:child_process.fork`]);
  assert.ok(c.notes.includes("node version changed: 20.20.0 -> 22.1.0"), c.notes.join("; "));
  assert.ok(c.notes.includes("HEAD is a partial report (the run was interrupted)"));
});

test("reports of different sizes are refused", () => {
  const base = syntheticReport([{ medianMs: 100 }], { seed: 60, size: "quick" });
  const head = syntheticReport([{ medianMs: 100 }], { seed: 61, size: "default" });
  assert.throws(() => compareReports(base, head, OPTS), (e: unknown) =>
    e instanceof UsageError && /BASE ran at size 'quick' and HEAD at 'default'/.test(e.message));
});

test("reports of different schema versions are refused", () => {
  const base = syntheticReport([{ medianMs: 100 }], { seed: 62 });
  const head = { ...syntheticReport([{ medianMs: 100 }], { seed: 63 }), schema: "tribench/report@2" } as never;
  assert.throws(() => compareReports(base, head, OPTS), (e: unknown) =>
    e instanceof UsageError && /cannot compare a tribench\/report@1 report with a tribench\/report@2 report/.test(e.message));
});

test("different machines are refused unless crossMachine, and then said so", () => {
  const base = syntheticReport([{ medianMs: 100 }], { seed: 70 });
  const head = syntheticReport([{ medianMs: 100 }], { seed: 71, machine: { cpuModel: "Other CPU 9000", logicalCores: 8 } });
  assert.throws(() => compareReports(base, head, OPTS), (e: unknown) =>
    e instanceof UsageError && /different machines .*pass --cross-machine/.test(e.message) && !e.message.includes("\n"));
  const c = compareReports(base, head, { ...OPTS, crossMachine: true });
  assert.equal(c.crossMachine, true);
  assert.match(c.notes[0]!, /^cross-machine comparison: BASE on Test CPU 3000, 2 cores, linux\/x64, HEAD on Other CPU 9000, 8 cores/);
  // A different hostname alone is the same machine type (CI runners get random names).
  const renamed = syntheticReport([{ medianMs: 100 }], { seed: 72, machine: { hostname: "runner-7" } });
  assert.equal(compareReports(base, renamed, OPTS).crossMachine, false);
});
