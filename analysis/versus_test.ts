// The versus section on synthetic runs with known truth: two versions of Bun in one run, the newer
// one's threads 20% faster and its process pool's start-up 18% faster, the rest the same; pairs and
// their order with three versions; cases kept apart; the Markdown and the terminal lines.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Report } from "../reports/report.ts";
import { seededRandom } from "../stats/random.ts";
import { normalDraw, syntheticRoundsReport, type RoundsCellSpec } from "../testing/synthetic_rounds.ts";
import { withLabelRecords } from "../testing/labelled_reports.ts";
import { versusOfReport, versusSummary } from "./versus.ts";
import { versusLines, versusMarkdown } from "./versus_markdown.ts";

const NOISE = { betweenCv: 0.02, withinCv: 0.01, processes: 5, runs: 6 };

/** collatz serial / threads x2 / processes x2 and gcd serial on `runtime`, threads `threadsFactor` times the base. */
function cellsOf(runtime: string, threadsFactor = 1): RoundsCellSpec[] {
  return [
    { runtime, medianMs: 100, ...NOISE }, { runtime, variant: "threads", workers: 2, medianMs: 52 * threadsFactor, ...NOISE },
    { runtime, variant: "processes", workers: 2, medianMs: 55, ...NOISE }, { runtime, suite: "gcd", medianMs: 40, ...NOISE },
  ];
}

/** Per-process pool start-up of `runtime`'s processes cell: around `ms`, 2% noise. */
function setStartUp(report: Report, runtime: string, ms: number, seed: number): void {
  const random = seededRandom(seed);
  const cell = report.results.find((r) => r.runtime === runtime && r.variant === "processes")!;
  for (const p of cell.processes) p.spawnMs = ms * Math.exp(0.02 * normalDraw(random));
}

function run(): Report {
  const report = withLabelRecords(syntheticRoundsReport([...cellsOf("bun@1.3.14"), ...cellsOf("bun@1.4.5", 0.8), ...cellsOf("node@22.11.0")], { seed: 21 }));
  setStartUp(report, "bun@1.3.14", 40, 1);
  setStartUp(report, "bun@1.4.5", 40 * 0.82, 2);
  return report;
}

test("two versions of bun: the newer against the older, cell by cell, with compare's statistics and the pool start-up", () => {
  const versus = versusOfReport(run());
  assert.equal(versus.pairs.length, 1, "node has one version: no pair");
  const pair = versus.pairs[0]!;
  assert.deepEqual([pair.name, pair.base, pair.head], ["bun", { label: "bun@1.3.14", version: "1.3.14" }, { label: "bun@1.4.5", version: "1.4.5" }]);
  assert.deepEqual(pair.comparison.cells.map((c) => `${c.suite} ${c.variant} ${c.verdict}`), [
    "collatz serial unchanged", "collatz threads improved", "collatz processes unchanged", "gcd serial unchanged",
  ]);
  const threads = pair.comparison.cells[1]!.time!;
  assert.ok(threads.changePct < -15 && threads.changePct > -25 && threads.highPct < 0, `${threads.changePct} (${threads.lowPct} … ${threads.highPct})`);
  assert.equal(threads.unit, "process");
  assert.equal(pair.comparison.method.counted.correction, "holm");
  assert.deepEqual(pair.startUp.map((s) => `${s.variant} ${s.verdict} ${s.baseProcesses}/${s.headProcesses}`), ["threads unchanged 5/5", "processes improved 5/5"]);
  const start = pair.startUp[1]!;
  assert.ok(start.changePct < -14 && start.changePct > -22, String(start.changePct));
  assert.match(versusSummary(pair), /^bun 1\.4\.5 vs 1\.3\.14: collatz: threads ×2 (19|20|21|22)% faster, processes ×2 start-up (16|17|18|19|20)% faster; gcd unchanged$/);
});

test("three versions: each newer one against the oldest, in version order; a version that measured nothing is no baseline", () => {
  const report = withLabelRecords(syntheticRoundsReport([...cellsOf("bun@1.4.5"), ...cellsOf("bun@1.10.0"), ...cellsOf("bun@1.3.14")], { seed: 22 }));
  const versus = versusOfReport(report);
  assert.deepEqual(versus.pairs.map((p) => `${p.head.label} vs ${p.base.label}`), ["bun@1.4.5 vs bun@1.3.14", "bun@1.10.0 vs bun@1.3.14"]);
  // The oldest version's cells all unsupported (an old Deno): it is left out.
  report.failures = report.results.filter((r) => r.runtime === "bun@1.3.14").map((r) => ({ runtime: r.runtime, suite: r.suite, variant: r.variant, workers: r.workers, size: r.size, kind: "unsupported" as const, reason: "too old" }));
  report.results = report.results.filter((r) => r.runtime !== "bun@1.3.14");
  assert.deepEqual(versusOfReport(report).pairs.map((p) => `${p.head.label} vs ${p.base.label}`), ["bun@1.10.0 vs bun@1.4.5"]);
  assert.deepEqual(versusOfReport(withLabelRecords(syntheticRoundsReport(cellsOf("bun@1.4.5"), { seed: 23 }))).pairs, []);
});

test("cells unsupported on the older version and cases are named, not mixed: a case is compared with the same case", () => {
  const report = run();
  // The older bun could not run processes (an old Bun without IPC): that cell exists on the newer one only.
  const old = report.results.findIndex((r) => r.runtime === "bun@1.3.14" && r.variant === "processes");
  const [gone] = report.results.splice(old, 1);
  report.failures.push({ runtime: gone!.runtime, suite: gone!.suite, variant: gone!.variant, workers: 2, size: gone!.size, kind: "unsupported", reason: "no IPC" });
  for (const r of report.results) if (r.suite === "gcd") r.case = "8 B";
  const extra = { ...report.results.find((r) => r.runtime === "bun@1.4.5" && r.suite === "gcd")!, case: "1 MiB", medianMs: 400 };
  report.results.push(extra);
  const pair = versusOfReport(report).pairs[0]!;
  assert.deepEqual(pair.comparison.cells.map((c) => `${c.suite} ${c.variant}`), ["collatz serial", "collatz threads", "gcd 8 B serial"]);
  assert.deepEqual(pair.comparison.added.map((c) => `${c.suite} ${c.variant}`), ["collatz processes", "gcd 1 MiB serial"]);
  assert.match(versusSummary(pair), /collatz: threads ×2 \d+% faster, processes ×2 only on 1\.4\.5; gcd 8 B unchanged; gcd 1 MiB: serial only on 1\.4\.5$/);
});

test("the Markdown section and the terminal lines", () => {
  const versus = versusOfReport(run());
  const md = versusMarkdown(versus);
  assert.match(md, /^## Versions side by side$/m);
  assert.match(md, /^Verdicts: Welch's t test on the logs of per-process medians/m);
  assert.match(md, /^\*\*bun 1\.4\.5 vs 1\.3\.14: collatz: threads ×2 \d+% faster, processes ×2 start-up \d+% faster; gcd unchanged\*\*$/m);
  assert.match(md, /^\| Verdict \| Suite \| Variant \| Workers \| 1\.3\.14 ms \| 1\.4\.5 ms \| Change \| 99% CI \| Adj\. p \| Speedup \| Start-up ms \| Start-up change \| Notes \|$/m);
  assert.match(md, /^\| 🟢 faster \| collatz \| threads \| 2 \| 5\d\.\d\d \| 4\d\.\d\d \| -\d+\.\d% \| /m);
  assert.match(md, /^\| unchanged \| collatz \| processes \| 2 \|.*\| 4\d\.\d\d → 3\d\.\d\d \| -\d+\.\d% 🟢 \(adj\. p [<0-9.]+\) \|  \|$/m);
  const lines = versusLines(versus);
  assert.ok(lines.length >= 1 && lines.every((l) => l.length <= 100), lines.join("\n"));
  assert.match(lines.join(" ").replace(/\s+/g, " "), /^versus: bun 1\.4\.5 vs 1\.3\.14: collatz: threads ×2 \d+% faster, processes ×2 start-up \d+% faster; gcd unchanged$/);
});
