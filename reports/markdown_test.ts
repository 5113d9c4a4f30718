import { test } from "node:test";
import assert from "node:assert/strict";
import { renderMarkdown } from "./markdown.ts";
import type { Report } from "./report.ts";
import { loadFixture, loadThreeRuntimeFixture, splitTableRow } from "../testing/testdata/fixtures.ts";

/** Every table in the document: header + rows, as split cells. */
function tables(md: string): string[][][] {
  const out: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of md.split("\n")) {
    if (line.startsWith("|")) (current ??= (out.push([]), out[out.length - 1]!)).push(splitTableRow(line));
    else current = undefined;
  }
  return out;
}

/** The table that follows the heading `## suite`. */
function suiteTable(md: string, suite: string): string[][] {
  const section = md.split(`\n## ${suite}\n`)[1]!.split("\n## ")[0]!;
  return tables(section)[0]!;
}

/** The cell of a suite table at a variant, worker count and runtime column. */
function cellAt(md: string, suite: string, variant: string, workers: number, runtimeColumn: number): string {
  const rows = suiteTable(md, suite);
  const row = rows.find((r) => r[0] === variant && r[1] === String(workers));
  assert.ok(row, `no row ${variant} ${workers} in ${suite}`);
  return row[2 + runtimeColumn]!;
}

test("machine and runtime versions come first, then one section per suite", () => {
  const md = renderMarkdown(loadFixture());
  const machine = md.indexOf("## Machine");
  const runtimes = md.indexOf("## Runtimes");
  assert.ok(machine > 0 && machine < runtimes && runtimes < md.indexOf("## collatz") && md.indexOf("## collatz") < md.indexOf("## pi"));
  assert.match(md, /\| node \| 20\.20\.0 \| node\/worker\\_threads \| node\/child\\_process\.fork\+ipc \| \/usr\/local\/bin\/node \|/);
  assert.match(md, /\| deno \| 2\.9\.6 \|/);
  assert.match(md, /19 cells measured, 19 verified, 1 failed/);
  assert.match(md, /\| Logical cores \| 2 \|/);
  assert.match(md, /\| Memory \| 7\.8 GiB \|/);
});

test("the CPU name with | ` < > is escaped and every table keeps its shape", () => {
  const md = renderMarkdown(loadFixture());
  assert.ok(md.includes("| CPU | Intel(R) Xeon(R) CPU @ 2.20GHz \\| vCPU \\`kvm\\` &lt;x86\\_64&gt; |"));
  const all = tables(md);
  assert.equal(all.length, 4); // machine, runtimes, collatz, pi
  for (const t of all) for (const row of t) assert.equal(row.length, t[0]!.length, JSON.stringify(row));
});

test("suite table: rows variant x workers, columns runtimes with median, CI, speedup, efficiency, Karp–Flatt", () => {
  const report = loadFixture();
  const md = renderMarkdown(report);
  const rows = suiteTable(md, "collatz");
  assert.deepEqual(rows[0], ["Variant", "Workers", "node 20.20.0", "deno 2.9.6"]);
  assert.deepEqual(rows.slice(2).map((r) => `${r[0]} ${r[1]}`), ["serial 1", "threads 1", "threads 2", "processes 1", "processes 2"]);

  // Numbers come from the fixture's cells.
  const r = report.results.find((c) => c.runtime === "node" && c.suite === "collatz" && c.variant === "threads" && c.workers === 2)!;
  const cell = cellAt(md, "collatz", "threads", 2, 0);
  assert.ok(cell.includes(`${r.medianMs.toFixed(1)} ms (${r.ciLowMs.toFixed(1)}–${r.ciHighMs.toFixed(1)})`), cell);
  assert.ok(cell.includes(`×${r.speedup!.toFixed(2)} (${r.speedupCiLow!.toFixed(2)}–${r.speedupCiHigh!.toFixed(2)})`), cell);
  assert.ok(cell.includes(`eff ${r.efficiency!.toFixed(2)}`), cell);
  assert.ok(cell.includes(`KF ${r.karpFlatt!.toFixed(3)}`), cell);
  assert.ok(cell.includes(`spawn ${r.spawnMs!.toFixed(1)} ms`), cell);
  assert.equal(cell, "415.6 ms (412.8–420.1)<br>×1.96 (1.94–1.98) · eff 0.98 · KF 0.021<br>spawn 49.0 ms");

  assert.equal(cellAt(md, "collatz", "serial", 1, 1), "866.1 ms (861.1–872.9)<br>baseline");
  // One worker: speedup and efficiency, no Karp–Flatt (undefined for p = 1).
  assert.ok(!cellAt(md, "pi", "threads", 1, 0).includes("KF"));
  // Cells with warnings are marked.
  assert.ok(cellAt(md, "pi", "processes", 2, 0).endsWith("⚠"));
});

test("answers, warnings and failures are stated per suite", () => {
  const md = renderMarkdown(loadFixture());
  assert.match(md, /\*\*Answer:\*\* 837799 \(524 steps\) below 1000000 — verified in 10 of 10 measured cells\./);
  assert.match(md, /\*\*Answer:\*\* 3\.14159265 from 200000000 terms — verified in 9 of 9 measured cells\./);
  assert.equal(cellAt(md, "pi", "processes", 2, 1), "**failed** (timeout)");
  assert.match(md, /- deno processes ×2 \(timeout\): cell timed out after 60000 ms \(deno pi processes, 2 workers\); its process tree was killed/);
  assert.match(md, /- deno threads ×1: first run 1\.60x slower than the rest \(1408\.6 vs 878\.5 ms\); add --warmup/);
  assert.match(md, /- node processes ×2: noisy: CV 9\.1% &gt; 5%; close other programs or add --runs/);
  assert.match(md, /## Run warnings\n\n- load average 0\.42 at start on 2 cores/);
});

test("chart links when chart files are given, none otherwise", () => {
  const report = loadFixture();
  assert.ok(!renderMarkdown(report).includes("!["));
  const md = renderMarkdown(report, { chartFiles: { collatz: "run 1-collatz.svg", pi: "run-pi.svg" } });
  assert.match(md, /!\[Speedup vs workers for collatz\]\(run%201-collatz\.svg\)/);
  assert.match(md, /!\[Speedup vs workers for pi\]\(run-pi\.svg\)/);
  assert.ok(md.indexOf("run-pi.svg") > md.indexOf("## pi"));
  assert.match(renderMarkdown(report, { chartNote: "The charts could not be drawn: boom" }), /_The charts could not be drawn: boom_/);
});

test("hostile strings from the environment cannot break out of their place", () => {
  const report: Report = loadFixture();
  report.machine.hostname = "evil\n# injected heading\n| a | b |";
  report.machine.kernel = "<img src=x onerror=alert(1)>";
  report.runtimes[0]!.version = "20.20.0 | extra";
  report.runtimes[0]!.executable = "/opt/`node`/bin/node";
  report.failures[0]!.reason = "died\n- and a list";
  report.results[0]!.answer = "a|b";
  report.warnings.push("*bold* [link](javascript:x)");
  const md = renderMarkdown(report);
  for (const line of md.split("\n")) {
    assert.ok(!/^# injected/.test(line) && !/^- and a list/.test(line), line);
  }
  assert.ok(!md.includes("<img"));
  assert.ok(md.includes("| Host | evil \\# injected heading \\| a \\| b \\| |"));
  assert.ok(md.includes("node 20.20.0 \\| extra"));
  assert.ok(md.includes("\\*bold\\* \\[link\\](javascript:x)"));
  for (const t of tables(md)) for (const row of t) assert.equal(row.length, t[0]!.length, JSON.stringify(row));
});

test("partial, unverified and baseline-less cells are said plainly", () => {
  const report = loadFixture();
  report.partial = true;
  const wrong = report.results.find((r) => r.runtime === "deno" && r.suite === "collatz" && r.variant === "processes" && r.workers === 2)!;
  wrong.verified = false;
  wrong.answer = "837798 (524 steps) below 1000000";
  const orphan = report.results.find((r) => r.runtime === "node" && r.suite === "pi" && r.variant === "threads" && r.workers === 2)!;
  Object.assign(orphan, { speedup: null, speedupCiLow: null, speedupCiHigh: null, efficiency: null, karpFlatt: null });
  const md = renderMarkdown(report);
  assert.match(md, /\*\*Partial report:\*\* the run was interrupted/);
  assert.match(md, /verified in 9 of 10 measured cells/);
  assert.match(md, /\*\*Not verified:\*\* deno processes ×2 answered 837798 \(524 steps\) below 1000000\./);
  assert.ok(cellAt(md, "collatz", "processes", 2, 1).includes("✗ not verified"));
  assert.ok(cellAt(md, "pi", "threads", 2, 0).includes("no serial baseline"));
});

test("three runtimes give three runtime columns", () => {
  const md = renderMarkdown(loadThreeRuntimeFixture());
  assert.deepEqual(suiteTable(md, "pi")[0], ["Variant", "Workers", "node 20.20.0", "deno 2.9.6", "bun 1.4.5"]);
  assert.equal(cellAt(md, "pi", "processes", 2, 2).split("<br>")[0]!.endsWith("ms (143.3–175.9)"), true);
});
