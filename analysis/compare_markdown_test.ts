// The compare Markdown: content assertions (no snapshots): order, numbers, notes, escaping.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compareReports, DEFAULT_COMPARE_OPTIONS } from "./compare.ts";
import { formatP, renderCompareMarkdown, signedPct } from "./compare_markdown.ts";
import { syntheticReport } from "../testing/synthetic_reports.ts";

const OPTS = { ...DEFAULT_COMPARE_OPTIONS, resamples: 300 };

test("signedPct and formatP", () => {
  assert.equal(signedPct(12.345), "+12.3%");
  assert.equal(signedPct(-4), "-4.0%");
  assert.equal(formatP(0.0342), "0.034");
  assert.equal(formatP(0.00001), "<0.001");
});

test("regressions lead the table, with change, interval and p as computed", () => {
  const base = syntheticReport([{ medianMs: 100 }, { suite: "pi", medianMs: 50 }], { seed: 1 });
  const head = syntheticReport([{ medianMs: 100 }, { suite: "pi", medianMs: 60 }], { seed: 2 });
  const c = compareReports(base, head, OPTS);
  const md = renderCompareMarkdown(c, { base: "a.json", head: "b.json" });
  const rows = md.split("\n").filter((l) => /^\| (🔴|unchanged)/.test(l));
  assert.equal(rows.length, 2);
  const pi = c.cells.find((x) => x.suite === "pi")!.time!;
  assert.equal(rows[0], `| 🔴 **regressed** | node | pi | serial | 1 | ${pi.baseMedianMs.toFixed(2)} | ${pi.headMedianMs.toFixed(2)} | ` +
    `${signedPct(pi.changePct)} | ${signedPct(pi.lowPct)} … ${signedPct(pi.highPct)} | ${formatP(pi.p)} |  |  |  |  |`);
  assert.match(md, /\*\*Result: 1 regressed\*\*, 0 improved, 1 unchanged \(2 cells compared\)/);
  assert.match(md, /\| report \| a\.json \| b\.json \|/);
  assert.match(md, /99% interval/);
});

test("strings from the machine cannot break the tables", () => {
  const evil = { cpuModel: "Xeon | vCPU `kvm` <b>", hostname: "host|1\nnext" };
  const base = syntheticReport([{ medianMs: 100 }], { seed: 3, machine: evil });
  const head = syntheticReport([{ medianMs: 100 }], { seed: 4, machine: evil });
  const md = renderCompareMarkdown(compareReports(base, head, OPTS), { base: "x|y.json", head: "b.json" });
  const machineRow = md.split("\n").find((l) => l.startsWith("| machine"))!;
  assert.equal(machineRow.split(/(?<!\\)\|/).length, 5, machineRow); // 3 cells -> 4 unescaped pipes
  assert.match(machineRow, /Xeon \\\| vCPU \\`kvm\\` &lt;b&gt;/);
  assert.match(md, /\| host \| host\\\|1 next \|/);
  assert.match(md, /\| report \| x\\\|y\.json \|/);
});

test("cross-machine, notes, failed, added and removed all show", () => {
  const base = syntheticReport([{ medianMs: 100 }, { suite: "pi", medianMs: 50 }, { suite: "gcd", medianMs: 20 }], { seed: 5 });
  const head = syntheticReport([{ medianMs: 100 }, { suite: "nbody", medianMs: 10 }], { seed: 6, machine: { cpuModel: "Other" } });
  head.failures.push({ runtime: "node", suite: "gcd", variant: "serial", workers: 1, size: "default", reason: "timed out after 60 s", kind: "timeout" });
  const md = renderCompareMarkdown(compareReports(base, head, { ...OPTS, crossMachine: true }), { base: "a", head: "b" });
  assert.match(md, /> \*\*Cross-machine comparison\*\*/);
  assert.match(md, /^- cross-machine comparison: BASE on Test CPU 3000/m);
  assert.match(md, /^\| ❌ \*\*failed\*\* \| node \| gcd \| serial \| 1 \|.*\| timed out after 60 s \|$/m);
  assert.match(md, /\*\*Only in HEAD \(added\):\*\* node\/nbody\/serial\/1w/);
  assert.match(md, /\*\*Only in BASE \(removed\):\*\* node\/pi\/serial\/1w/);
  assert.match(md, /\*\*Result: 0 regressed, 1 failed\*\*/);
});
