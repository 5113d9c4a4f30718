// compare as data, on synthetic report@2 files with known noise at two levels (between processes,
// within one): the run verdict's false-alarm rate over whole matrices, power, the corrections across
// cells, the machine as a witness, pooling reports per side, --fail-on, and the rules for pairing and
// refusing. Seeded throughout; figures quoted in comments are what these seeds give.
import { test } from "node:test";
import assert from "node:assert/strict";
import { UsageError } from "../core/usage.ts";
import {
  CAPACITY_CHANGE_SHARE, compareReports, correctionFor, DEFAULT_COMPARE_OPTIONS, HOLM_BELOW, machineChanged, verdictOf, type CompareOptions, type Comparison,
} from "./compare.ts";
import { matrixSpecs, syntheticRoundsReport, type RoundsCellSpec } from "../testing/synthetic_rounds.ts";

const OPTS = DEFAULT_COMPARE_OPTIONS;
const one = (c: Comparison) => c.cells[0]!;

/** Share of `trials` single-cell comparisons whose cell got `verdict`. */
function verdictRate(base: RoundsCellSpec, head: RoundsCellSpec, verdict: string, options: CompareOptions, trials = 200): number {
  let hits = 0;
  for (let t = 0; t < trials; t++) {
    if (one(compareReports(syntheticRoundsReport([base], { seed: 1000 + t }), syntheticRoundsReport([head], { seed: 5000 + t }), options)).verdict === verdict) hits++;
  }
  return hits / trials;
}

test("A/A over 200 trials of 57 cells (process CV 5%, run CV 1%, 4-5 processes, 6-10 runs): the run verdict is clean in >= 95%", () => {
  let dirty = 0;
  let flagged = 0;
  for (let t = 0; t < 200; t++) {
    const specs = matrixSpecs(57, { medianMs: 100, betweenCv: 0.05, withinCv: 0.01, processes: 4 + (t % 2), runs: 6 + (t % 5) });
    const c = compareReports(syntheticRoundsReport(specs, { seed: 100 + t }), syntheticRoundsReport(specs, { seed: 700 + t }), OPTS);
    assert.equal(c.summary.compared, 57);
    if (c.exitCode !== 0) dirty++;
    flagged += c.cells.filter((x) => x.verdict !== "unchanged").length;
  }
  // These seeds: 1 of 200 runs flagged one cell (BH at 1% bounds the rate at 1%); at --alpha 0.05, 4 of 200.
  assert.ok(dirty <= 10, `${dirty} of 200 A/A runs did not exit 0`);
  assert.ok(flagged <= 10, `${flagged} cells flagged over 200 A/A runs of 57 cells`);
});

test("the same A/A noise judged from runs (one process per side, as report@1) cries wolf, and says why", () => {
  let dirty = 0;
  let c: Comparison | undefined;
  for (let t = 0; t < 40; t++) {
    const specs = matrixSpecs(57, { medianMs: 100, processes: 1, runs: 10 });
    c = compareReports(syntheticRoundsReport(specs, { seed: 100 + t }), syntheticRoundsReport(specs, { seed: 700 + t }), OPTS);
    if (c.exitCode !== 0) dirty++;
  }
  assert.ok(dirty >= 30, `only ${dirty} of 40 run-level A/A comparisons flagged something`);
  assert.equal(one(c!).time!.unit, "run");
  assert.ok(c!.notes.some((n) => /^57 cell\(s\) judged from runs, not processes/.test(n)), c!.notes.join("\n"));
});

test("a lone 10% slowdown, 5 processes per side, alpha 0.05: found in about 74% of 200 trials (short of 90%: see two_sample.ts)", () => {
  const at05 = { ...OPTS, alpha: 0.05 };
  const rate = verdictRate({ medianMs: 100 }, { medianMs: 110 }, "regressed", at05);
  // These seeds give 0.735 (6 per side 0.81, 8 per side 0.94); an oracle z test (variance known)
  // would give 0.88, the Welch t with ~8 df about 0.75: no valid test with 5 per side reaches 0.9.
  assert.ok(rate >= 0.65, `10% slowdown found in ${rate} of trials with 5 processes`);
  const eight = verdictRate({ medianMs: 100, processes: 8 }, { medianMs: 110, processes: 8 }, "regressed", at05);
  assert.ok(eight >= 0.9, `10% slowdown found in ${eight} of trials with 8 processes`);
  // And the other way round, an improvement.
  assert.ok(verdictRate({ medianMs: 110, processes: 8 }, { medianMs: 100, processes: 8 }, "improved", at05) >= 0.9);
});

test("BH across cells: a whole runtime 20% slower is found where a lone cell that size mostly is not", () => {
  let whole = 0;
  let lone = 0;
  for (let t = 0; t < 40; t++) {
    const specs = matrixSpecs(57, { medianMs: 100 });
    const slowNode = specs.map((s) => (s.runtime === "node" ? { ...s, medianMs: 120 } : s));
    const slowOne = specs.map((s, i) => (i === 0 ? { ...s, medianMs: 120 } : s));
    const base = syntheticRoundsReport(specs, { seed: 200 + t });
    const c = compareReports(base, syntheticRoundsReport(slowNode, { seed: 900 + t }), OPTS);
    assert.equal(c.method.counted.correction, "bh");
    whole += c.cells.filter((x) => x.runtime === "node" && x.verdict === "regressed").length / 19;
    lone += Number(compareReports(base, syntheticRoundsReport(slowOne, { seed: 900 + t }), OPTS).cells[0]!.verdict === "regressed");
  }
  assert.ok(whole / 40 > 0.5, `share of node's 19 cells found: ${whole / 40}`);
  assert.ok(lone / 40 < whole / 40 - 0.2, `lone ${lone / 40} vs whole ${whole / 40}`);
});

test("'could detect' matches what the cell's spread allows, and shrinks with more processes", () => {
  const c5 = compareReports(syntheticRoundsReport(matrixSpecs(57, { medianMs: 100 }), { seed: 1 }), syntheticRoundsReport(matrixSpecs(57, { medianMs: 100 }), { seed: 2 }), OPTS);
  const c10 = compareReports(
    syntheticRoundsReport(matrixSpecs(57, { medianMs: 100, processes: 10 }), { seed: 1 }),
    syntheticRoundsReport(matrixSpecs(57, { medianMs: 100, processes: 10 }), { seed: 2 }), OPTS);
  const med = (c: Comparison) => c.cells.map((x) => x.time!.detectablePct!).sort((a, b) => a - b)[28]!;
  // 5 processes, CV 5%, a lone change among 57 at 1%: about 30% (t with ~8 df at 0.01/57 is 6.6).
  assert.ok(med(c5) > 20 && med(c5) < 45, `median detectable change ${med(c5)}`);
  assert.ok(med(c10) < med(c5) / 1.8, `${med(c10)} with 10 processes vs ${med(c5)} with 5`);
  for (const x of c5.cells) {
    assert.ok(x.time!.detectablePct! > 0);
    assert.ok(x.speedup === null || x.speedup.detectablePct! > 0);
  }
});

test("the correction: Holm below HOLM_BELOW tests, Benjamini–Hochberg from there; stated in the method", () => {
  assert.equal(correctionFor(HOLM_BELOW - 1), "holm");
  assert.equal(correctionFor(HOLM_BELOW), "bh");
  const small = compareReports(syntheticRoundsReport(matrixSpecs(3, { medianMs: 100 }), { seed: 1 }), syntheticRoundsReport(matrixSpecs(3, { medianMs: 100 }), { seed: 2 }), OPTS);
  assert.deepEqual(small.method.counted, { measures: ["time"], tests: 3, correction: "holm" });
  assert.deepEqual(small.method.informational, { measures: ["speedup"], tests: 2, correction: "holm" });
  // Holm's adjusted p of the smallest of m is m x p.
  const smallest = small.cells.map((x) => x.time!).sort((a, b) => a.p - b.p)[0]!;
  assert.ok(Math.abs(smallest.pAdjusted! - Math.min(1, 3 * smallest.p)) < 1e-12);
  const both = compareReports(syntheticRoundsReport(matrixSpecs(6, { medianMs: 100 }), { seed: 1 }), syntheticRoundsReport(matrixSpecs(6, { medianMs: 100 }), { seed: 2 }),
    { ...OPTS, failOn: ["time", "speedup"] });
  assert.deepEqual(both.method.counted, { measures: ["time", "speedup"], tests: 10, correction: "bh" });
  assert.equal(both.method.informational, null);
});

test("verdictOf needs adjusted p < alpha and the threshold, both", () => {
  assert.equal(verdictOf(12, 0.001, OPTS, true), "regressed");
  assert.equal(verdictOf(-12, 0.001, OPTS, true), "improved");
  assert.equal(verdictOf(-12, 0.001, OPTS, false), "regressed"); // speedup fell
  assert.equal(verdictOf(12, 0.02, OPTS, true), "unchanged"); // not significant after correction
  assert.equal(verdictOf(4, 0.001, OPTS, true), "unchanged"); // below the threshold
  assert.equal(verdictOf(5, 0.001, OPTS, true), "regressed"); // at the threshold counts
});

/** A block's cells: serial, threads x2, processes x2 (both CPU-bound) and an I/O-bound pool. */
const block = (overrides: Partial<Record<"serial" | "threads" | "processes" | "io", Partial<RoundsCellSpec>>> = {}): RoundsCellSpec[] => [
  { variant: "serial", medianMs: 200, ...overrides.serial },
  { variant: "threads", workers: 2, medianMs: 103, ...overrides.threads },
  { variant: "processes", workers: 2, medianMs: 105, ...overrides.processes },
  { suite: "io", variant: "threads", workers: 2, bound: "io", medianMs: 50, ...overrides.io },
];
const cellOf = (c: Comparison, variant: string, suite = "collatz") => c.cells.find((x) => x.variant === variant && x.suite === suite)!;

test("the machine is a witness: HEAD with half the capacity makes CPU-bound parallel cells inconclusive, exit 3", () => {
  const busy = { capacity: 1.0, medianMs: 190 };
  const c = compareReports(syntheticRoundsReport(block(), { seed: 1 }),
    syntheticRoundsReport(block({ threads: busy, processes: busy, io: { capacity: 1.0 } }), { seed: 2 }), OPTS);
  for (const v of ["threads", "processes"]) {
    const x = cellOf(c, v);
    assert.equal(x.verdict, "inconclusive");
    assert.match(x.reason!, /^the machine changed: BASE had 1\.9\d of 2 cores, HEAD 1\.0\d$/);
    assert.equal(x.time!.verdict, "inconclusive");
    assert.equal(x.time!.pAdjusted, null);
    assert.equal(x.time!.detectablePct, null);
    assert.equal(x.capacity!.changed, true);
  }
  assert.equal(cellOf(c, "serial").verdict, "unchanged"); // serial cells are judged as before
  assert.equal(cellOf(c, "threads", "io").capacity, null); // an I/O-bound cell does not depend on the cores
  assert.deepEqual([c.exitCode, c.inconclusive, c.regression], [3, true, false]);
  assert.equal(c.method.counted.tests, 2, "set-aside cells leave the family");
  assert.ok(c.notes.includes("the machine changed for 2 parallel cell(s): they are inconclusive; rerun on a quieter machine"));
  // A cell that regressed outright still fails the run.
  const worse = compareReports(syntheticRoundsReport(block(), { seed: 1 }),
    syntheticRoundsReport(block({ serial: { medianMs: 260 }, threads: busy, processes: busy }), { seed: 2 }), OPTS);
  assert.equal(cellOf(worse, "serial").verdict, "regressed");
  assert.equal(worse.exitCode, 1);
});

test("a busy core for HEAD only over a whole matrix: >= 90% of CPU-bound parallel cells are not 'unchanged', serial cells stay clean", () => {
  for (let t = 0; t < 10; t++) {
    const specs = matrixSpecs(57, { medianMs: 100 });
    // One core busy beside HEAD: the machine offers about 1.33 of 2 cores, pools take ~45% longer.
    const busy = specs.map((s) => (s.variant === "serial" ? s : { ...s, capacity: 1.33, medianMs: 145 }));
    const c = compareReports(syntheticRoundsReport(specs, { seed: 40 + t }), syntheticRoundsReport(busy, { seed: 80 + t }), OPTS);
    const parallel = c.cells.filter((x) => x.variant !== "serial");
    assert.ok(parallel.filter((x) => x.verdict !== "unchanged").length >= 0.9 * parallel.length);
    assert.notEqual(c.exitCode, 0);
    assert.ok(c.cells.filter((x) => x.variant === "serial" && x.verdict !== "unchanged").length <= 2);
  }
});

test("machineChanged needs both a material difference and separated ranges", () => {
  const r = (median: number, p10: number, p90: number) => ({ median, p10, p90 });
  assert.equal(CAPACITY_CHANGE_SHARE, 0.1);
  assert.equal(machineChanged(r(1.9, 1.8, 1.97), r(1.0, 0.95, 1.1), 2), true);
  assert.equal(machineChanged(r(1.9, 1.8, 1.97), r(1.75, 1.6, 1.85), 2), false); // 0.15 < 0.2 cores
  assert.equal(machineChanged(r(1.9, 1.2, 1.97), r(1.6, 1.1, 1.95), 2), false); // 0.3 apart, but one noisy machine
  assert.equal(machineChanged(r(3.8, 3.6, 3.9), r(3.3, 3.2, 3.5), 4), true);
});

test("several reports per side pool their processes per cell; the single-report form still works", () => {
  const specs: RoundsCellSpec[] = [{ medianMs: 100, processes: 3 }, { variant: "threads", workers: 2, medianMs: 52, processes: 3 }];
  const bases = [1, 2].map((seed) => syntheticRoundsReport(specs, { seed }));
  const heads = [3, 4].map((seed) => syntheticRoundsReport(specs, { seed }));
  const c = compareReports(bases, heads, OPTS, { base: ["b1.json", "b2.json"], head: ["h1.json", "h2.json"] });
  const t = one(c).time!;
  assert.deepEqual([t.baseProcesses, t.headProcesses, t.baseUnits, t.headUnits, t.unit], [6, 6, 6, 6, "process"]);
  assert.equal(c.base.length, 2);
  assert.equal(cellOf(c, "threads").speedup!.paired, true);
  assert.equal(cellOf(c, "threads").speedup!.baseUnits, 6);
  const single = compareReports(bases[0]!, heads[0]!, OPTS);
  assert.deepEqual([one(single).time!.baseUnits, single.base.length], [3, 1]);
});

test("reports of one side must share machine and config: refused with one line naming the files", () => {
  const a = syntheticRoundsReport([{ medianMs: 100 }], { seed: 1 });
  const refusals: [Parameters<typeof syntheticRoundsReport>[1], RegExp][] = [
    [{ seed: 2, size: "quick" }, /^cannot pool the BASE reports: b1\.json has size 'default' and b2\.json 'quick'; pool only runs of the same machine and config$/],
    [{ seed: 2, machine: { cpuModel: "Other" } }, /has machine 'Test CPU 3000, 2 cores, linux\/x64' and b2\.json 'Other, 2 cores/],
    [{ seed: 2, api: "node-compat" }, /has worker API 'native' and b2\.json 'node-compat'/],
    [{ seed: 2, runtimeVersions: { node: "2.0.0" } }, /has runtimes 'node 1\.0\.0' and b2\.json 'node 2\.0\.0'/],
  ];
  for (const [options, message] of refusals) {
    const b = syntheticRoundsReport([{ medianMs: 100 }], options);
    assert.throws(() => compareReports([a, b], [a], OPTS, { base: ["b1.json", "b2.json"], head: ["h.json"] }),
      (e: unknown) => e instanceof UsageError && message.test(e.message) && !e.message.includes("\n"), String(message));
  }
});

test("report@1 inputs (one process per cell) compare, with a note that process variance is unknown", () => {
  const v1 = (seed: number) => syntheticRoundsReport([{ medianMs: 100, processes: 1, runs: 10 }], { seed, upgradedFrom: "tribench/report@1" });
  const c = compareReports(v1(1), syntheticRoundsReport([{ medianMs: 100 }], { seed: 2 }), OPTS);
  assert.equal(one(c).time!.unit, "run");
  assert.deepEqual([one(c).time!.baseUnits, one(c).time!.headUnits], [10, 40]);
  assert.ok(c.notes.includes("BASE: 1 report(s) in the older format tribench/report@1 (one process per cell): the variance between processes is unknown"), c.notes.join("\n"));
  assert.equal(c.base[0]!.upgradedFrom, "tribench/report@1");
});

test("--fail-on: a fallen speedup is informational by default and fails the run with speedup", () => {
  // The pool got 30% slower while serial did not: time and speedup both regress.
  const base = syntheticRoundsReport(block(), { seed: 10 });
  const head = syntheticRoundsReport(block({ threads: { medianMs: 135 } }), { seed: 11 });
  const time = compareReports(base, head, OPTS);
  assert.equal(cellOf(time, "threads").speedup!.verdict, "regressed");
  assert.equal(cellOf(time, "threads").verdict, "regressed");
  // Serial got 30% faster, the pools did not: only the speedup fell.
  const fasterSerial = syntheticRoundsReport(block({ serial: { medianMs: 150 } }), { seed: 11 });
  const byTime = compareReports(base, fasterSerial, OPTS);
  assert.equal(cellOf(byTime, "threads").verdict, "unchanged");
  assert.equal(cellOf(byTime, "threads").speedup!.verdict, "regressed");
  assert.equal(byTime.exitCode, 0);
  assert.equal(byTime.summary.speedupRegressed, 2); // threads and processes; the I/O suite has no serial cell here
  const bySpeedup = compareReports(base, fasterSerial, { ...OPTS, failOn: ["speedup"] });
  assert.equal(bySpeedup.exitCode, 1);
  assert.equal(bySpeedup.summary.counted, 2);
  assert.deepEqual(bySpeedup.method.counted.measures, ["speedup"]);
});

test("without paired speedups on a side, the speedup compares serial / cell of each side", () => {
  const base = syntheticRoundsReport(block(), { seed: 10 });
  const head = syntheticRoundsReport(block({ threads: { medianMs: 135 } }), { seed: 11 });
  for (const r of [base, head]) for (const cell of r.results) for (const p of cell.processes) p.pairedSpeedups = null;
  const s = cellOf(compareReports(base, head, OPTS), "threads").speedup!;
  assert.equal(s.paired, false);
  assert.ok(s.base > 1.8 && s.head < 1.6, JSON.stringify(s));
  assert.equal(s.verdict, "regressed");
});

test("same inputs give the same comparison", () => {
  const a = syntheticRoundsReport(block(), { seed: 20 });
  const b = syntheticRoundsReport(block({ threads: { medianMs: 110 } }), { seed: 21 });
  assert.deepEqual(compareReports(a, b, OPTS), compareReports(a, b, OPTS));
});

test("cells only on one side are added/removed; a cell HEAD failed is a regression; a partial failure is noted", () => {
  const base = syntheticRoundsReport([{ medianMs: 100 }, { suite: "pi", medianMs: 50 }, { suite: "gcd", medianMs: 70 }], { seed: 30 });
  const head = syntheticRoundsReport([{ medianMs: 100 }, { suite: "nbody", medianMs: 80 }], { seed: 31 });
  head.failures.push({ runtime: "node", suite: "gcd", variant: "serial", workers: 1, size: "default", round: 0, reason: "worker crashed (exit code 1)", kind: "crash" });
  head.failures.push({ runtime: "node", suite: "collatz", variant: "serial", workers: 1, size: "default", round: 2, reason: "timed out after 60 s", kind: "timeout" });
  const c = compareReports(base, head, OPTS);
  assert.deepEqual(c.added.map((k) => k.suite), ["nbody"]);
  assert.deepEqual(c.removed.map((k) => k.suite), ["pi"]);
  const failed = c.cells.find((x) => x.suite === "gcd")!;
  assert.deepEqual([failed.verdict, failed.reason], ["failed", "worker crashed (exit code 1)"]);
  assert.ok(one(c).notes.includes("HEAD failed in 1 process(es) besides the 5 measured: timed out after 60 s"));
  assert.deepEqual([c.exitCode, c.summary.added, c.summary.removed, c.summary.failed, c.summary.compared], [1, 1, 1, 1, 1]);
});

test("a cell with fewer than 2 runs on a side is incomparable, with the reason", () => {
  const base = syntheticRoundsReport([{ medianMs: 100 }], { seed: 40 });
  const head = syntheticRoundsReport([{ medianMs: 100, processes: 1, runs: 1 }], { seed: 41 });
  const c = compareReports(base, head, OPTS);
  assert.deepEqual([one(c).verdict, one(c).reason, c.exitCode], ["incomparable", "fewer than 2 runs in HEAD", 0]);
});

test("answer, mechanism, runtime version and API changes and partial reports are noted", () => {
  const base = syntheticRoundsReport([{ medianMs: 100 }], { seed: 50, runtimeVersions: { node: "20.20.0" } });
  const head = syntheticRoundsReport([{ medianMs: 100 }], { seed: 51, runtimeVersions: { node: "22.1.0" }, api: "node-compat" });
  head.results[0]!.answer = "43";
  head.results[0]!.mechanism = "deno/node:child_process.fork";
  head.partial = true;
  head.results[0]!.pinned = { cpus: "1", why: "its sides take turns" };
  const c = compareReports(base, head, OPTS);
  assert.deepEqual(one(c).notes, ["answer changed: '42' -> '43'", "mechanism changed: null -> deno/node:child_process.fork", "placement changed: unpinned -> CPU 1"]);
  for (const n of ["versions changed: node 20.20.0 → 22.1.0", "worker API changed: native -> node-compat", "HEAD: 1 of 1 report(s) partial (the run was interrupted)"]) {
    assert.ok(c.notes.includes(n), `${n} in ${c.notes.join("; ")}`);
  }
});

test("sides of different sizes are refused; different machines unless crossMachine, and then said so", () => {
  const base = syntheticRoundsReport([{ medianMs: 100 }], { seed: 60 });
  assert.throws(() => compareReports(base, syntheticRoundsReport([{ medianMs: 100 }], { seed: 61, size: "quick" }), OPTS),
    (e: unknown) => e instanceof UsageError && /^cannot compare: BASE ran at size 'default' and HEAD at 'quick'/.test(e.message));
  const other = syntheticRoundsReport([{ medianMs: 100 }], { seed: 62, machine: { cpuModel: "Other CPU 9000", logicalCores: 8 } });
  assert.throws(() => compareReports(base, other, OPTS), (e: unknown) =>
    e instanceof UsageError && /different machines .*pass --cross-machine/.test(e.message) && !e.message.includes("\n"));
  const c = compareReports(base, other, { ...OPTS, crossMachine: true });
  assert.equal(c.crossMachine, true);
  assert.match(c.notes[0]!, /^cross-machine comparison: BASE on Test CPU 3000, 2 cores, linux\/x64, HEAD on Other CPU 9000, 8 cores/);
  // A different hostname alone is the same machine type (CI runners get random names).
  assert.equal(compareReports(base, syntheticRoundsReport([{ medianMs: 100 }], { seed: 63, machine: { hostname: "runner-7" } }), OPTS).crossMachine, false);
});
