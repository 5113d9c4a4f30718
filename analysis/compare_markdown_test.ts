// The compare Markdown: content assertions (no snapshots): headline per exit code, the method line
// (test, correction, rate), "could detect" beside "unchanged", capacities, order, escaping.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compareReports, DEFAULT_COMPARE_OPTIONS } from "./compare.ts";
import { formatP, formatRate, renderCompareMarkdown, signedPct } from "./compare_markdown.ts";
import { matrixSpecs, syntheticRoundsReport, type RoundsCellSpec } from "../testing/synthetic_rounds.ts";

const OPTS = DEFAULT_COMPARE_OPTIONS;
const NAMES = { base: ["a.json"], head: ["b.json"] };
const rowsOf = (md: string) => md.split("\n").filter((l) => /^\| (🔴|🟡|🟢|❌|⚪|unchanged)/.test(l));

test("signedPct, formatP and formatRate", () => {
  assert.equal(signedPct(12.345), "+12.3%");
  assert.equal(signedPct(-4), "-4.0%");
  assert.equal(formatP(0.0342), "0.034");
  assert.equal(formatP(0.00001), "<0.001");
  assert.equal(formatRate(0.01), "1%");
  assert.equal(formatRate(0.005), "0.5%");
});

test("a regression leads the table with its numbers; unchanged cells say what they could have detected", () => {
  const base = syntheticRoundsReport([{ medianMs: 100 }, { suite: "pi", medianMs: 50 }], { seed: 1 });
  const head = syntheticRoundsReport([{ medianMs: 100 }, { suite: "pi", medianMs: 65 }], { seed: 2 });
  const c = compareReports(base, head, OPTS);
  const md = renderCompareMarkdown(c, NAMES);
  const rows = rowsOf(md);
  assert.equal(rows.length, 2);
  const pi = c.cells.find((x) => x.suite === "pi")!.time!;
  assert.equal(rows[0], `| 🔴 **regressed** | node | pi | serial | 1 | 5 / 5 proc. | ${pi.baseMs.toFixed(2)} | ${pi.headMs.toFixed(2)} | ` +
    `${signedPct(pi.changePct)} | ${signedPct(pi.lowPct)} … ${signedPct(pi.highPct)} | ${formatP(pi.p)} (${formatP(pi.pAdjusted!)}) |  |  |  |  |  |`);
  const collatz = c.cells.find((x) => x.suite === "collatz")!.time!;
  assert.ok(rows[1]!.startsWith(`| unchanged, could detect ≥ ${Math.max(5, collatz.detectablePct!).toFixed(0)}% | node | collatz |`), rows[1]);
  assert.match(md, /\*\*Result: 1 regressed\*\*, 0 improved, 1 unchanged \(2 cells compared\)/);
  assert.match(md, /\| report \| a\.json \| b\.json \|/);
  assert.match(md, /99% interval/);
});

test("the method line names the test, the correction and the rate, and changes with them", () => {
  const small = compareReports(syntheticRoundsReport([{ medianMs: 100 }], { seed: 1 }), syntheticRoundsReport([{ medianMs: 100 }], { seed: 2 }), OPTS);
  assert.match(renderCompareMarkdown(small, NAMES),
    /^Verdicts: Welch's t test on the logs of per-process medians \(the process is the unit\); Holm across 1 time test keeps the chance of any false verdict at 1%; a verdict also needs a change of at least 5%/m);
  const specs = matrixSpecs(57, { medianMs: 100 });
  const big = compareReports(syntheticRoundsReport(specs, { seed: 1 }), syntheticRoundsReport(specs, { seed: 2 }), { ...OPTS, alpha: 0.05, failOn: ["time", "speedup"] });
  const md = renderCompareMarkdown(big, NAMES);
  assert.match(md, /Benjamini–Hochberg across 95 time and speedup tests keeps the expected share of false verdicts among flagged cells at 5%/);
  assert.doesNotMatch(md, /informational/);
  assert.match(md, /"Could detect" is the smallest slowdown a lone change would show with 80% power/);
});

test("inconclusive: the headline says the machine changed, rows show both capacities", () => {
  const cells = (capacity?: number): RoundsCellSpec[] => [
    { variant: "serial", medianMs: 200 }, { variant: "threads", workers: 2, medianMs: capacity ? 180 : 102, ...(capacity ? { capacity } : {}) },
  ];
  const c = compareReports(syntheticRoundsReport(cells(), { seed: 3 }), syntheticRoundsReport(cells(1.0), { seed: 4 }), OPTS);
  const md = renderCompareMarkdown(c, NAMES);
  assert.match(md, /\*\*Result: inconclusive, the machine changed\*\* for 1 parallel cell \(rerun on a quieter machine\); no regression: 0 improved, 1 unchanged/);
  const row = rowsOf(md)[0]!;
  assert.match(row, /^\| 🟡 inconclusive \| node \| collatz \| threads \| 2 \|.*\(set aside\) \|.*\| 1\.9\d → 1\.0\d of 2 🟡 \| the machine changed: BASE had 1\.9\d of 2 cores, HEAD 1\.0\d \|$/);
});

test("several reports per side are listed; a speedup-only regression heads the result with --fail-on speedup", () => {
  const block = (serial: number): RoundsCellSpec[] => [{ variant: "serial", medianMs: serial }, { variant: "threads", workers: 2, medianMs: 102 }];
  const bases = [5, 6].map((seed) => syntheticRoundsReport(block(200), { seed }));
  const heads = [7, 8].map((seed) => syntheticRoundsReport(block(150), { seed }));
  const names = { base: ["b1.json", "b2.json"], head: ["h1.json", "h2.json"] };
  const md = renderCompareMarkdown(compareReports(bases, heads, { ...OPTS, failOn: ["speedup"] }, names), names);
  assert.match(md, /\| reports \| b1\.json, b2\.json \| h1\.json, h2\.json \|/);
  assert.match(md, /\*\*Result: 1 speedup regressed\*\*/);
  assert.match(md, /The time verdicts are informational/);
  assert.match(md, /\| 10 \/ 10 proc\. \|/);
});

test("strings from the machine cannot break the tables", () => {
  const evil = { cpuModel: "Xeon | vCPU `kvm` <b>", hostname: "host|1\nnext" };
  const base = syntheticRoundsReport([{ medianMs: 100 }], { seed: 3, machine: evil });
  const head = syntheticRoundsReport([{ medianMs: 100 }], { seed: 4, machine: evil });
  const md = renderCompareMarkdown(compareReports(base, head, OPTS), { base: ["x|y.json"], head: ["b.json"] });
  const machineRow = md.split("\n").find((l) => l.startsWith("| machine"))!;
  assert.equal(machineRow.split(/(?<!\\)\|/).length, 5, machineRow); // 3 cells -> 4 unescaped pipes
  assert.match(machineRow, /Xeon \\\| vCPU \\`kvm\\` &lt;b&gt;/);
  assert.match(md, /\| host \| host\\\|1 next \|/);
  assert.match(md, /\| report \| x\\\|y\.json \|/);
});

test("cross-machine, notes, failed, added and removed all show", () => {
  const base = syntheticRoundsReport([{ medianMs: 100 }, { suite: "pi", medianMs: 50 }, { suite: "gcd", medianMs: 20 }], { seed: 5 });
  const head = syntheticRoundsReport([{ medianMs: 100 }, { suite: "nbody", medianMs: 10 }], { seed: 6, machine: { cpuModel: "Other" } });
  head.failures.push({ runtime: "node", suite: "gcd", variant: "serial", workers: 1, size: "default", round: 0, reason: "timed out after 60 s", kind: "timeout" });
  const md = renderCompareMarkdown(compareReports(base, head, { ...OPTS, crossMachine: true }), NAMES);
  assert.match(md, /> \*\*Cross-machine comparison\*\*/);
  assert.match(md, /^- cross-machine comparison: BASE on Test CPU 3000/m);
  assert.match(md, /^\| ❌ \*\*failed\*\* \| node \| gcd \| serial \| 1 \|.*\| timed out after 60 s \|$/m);
  assert.match(md, /\*\*Only in HEAD \(added\):\*\* node\/nbody\/serial\/1w/);
  assert.match(md, /\*\*Only in BASE \(removed\):\*\* node\/pi\/serial\/1w/);
  assert.match(md, /\*\*Result: 1 failed\*\*/);
});
