import { test } from "node:test";
import assert from "node:assert/strict";
import { renderMarkdown, SUITE_TABLE_HEADER } from "./markdown.ts";
import type { CellResult, Report } from "./report.ts";
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

/** The row of a suite table for a runtime, variant and worker count, as a map from header to cell. */
function rowAt(md: string, suite: string, runtime: string, variant: string, workers: number): Record<string, string> {
  const [header, , ...rows] = suiteTable(md, suite);
  const row = rows.find((r) => r[0] === runtime && r[1] === variant && r[2] === String(workers));
  assert.ok(row, `no row ${runtime} ${variant} ${workers} in ${suite}`);
  return Object.fromEntries(header!.map((h, i) => [h, row[i]!]));
}

const cellOf = (report: Report, runtime: string, suite: string, variant: string, workers: number): CellResult =>
  report.results.find((c) => c.runtime === runtime && c.suite === suite && c.variant === variant && c.workers === workers)!;

const ms = (x: number) => (x >= 1000 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const two = (x: number) => x.toFixed(2);

test("plan, machine and runtime versions come first, then one section per suite", () => {
  const report = loadFixture();
  const md = renderMarkdown(report);
  const plan = md.indexOf("**Plan:**");
  const machine = md.indexOf("## Machine");
  const runtimes = md.indexOf("## Runtimes");
  assert.ok(plan > 0 && plan < machine && machine < runtimes && runtimes < md.indexOf("## collatz") && md.indexOf("## collatz") < md.indexOf("## pi"));
  const end = Math.max(...report.blocks.map((b) => b.startedAtMs + b.wallMs)) / 1000;
  assert.ok(md.includes(`**Plan:** 3 rounds × 10 runs after 2 warm-up · seed ${report.plan.seed} · budget ${report.plan.budgetS} s · ` +
    `measured for ${end.toFixed(0)} s — ${report.plan.reason}`));
  assert.match(md, /\| node \| 20\.20\.0 \| node\/worker\\_threads \| node\/child\\_process\.fork\+ipc \| \/usr\/local\/bin\/node \|/);
  assert.match(md, /\| deno \| 2\.9\.6 \|/);
  assert.match(md, /19 cells measured, 19 verified, 1 failed/);
  assert.match(md, /\| Logical cores \| 2 \|/);
  assert.match(md, /\| Usable cores \| 2 \|/);
  assert.match(md, /\| Memory \| 7\.8 GiB \|/);
});

test("the plan line says when rounds were cut short and when there was no budget", () => {
  const report = loadFixture();
  Object.assign(report.plan, { roundsDone: 2, budgetS: null });
  report.blocks = [];
  assert.match(renderMarkdown(report), new RegExp(`\\*\\*Plan:\\*\\* 2 of 3 rounds × 10 runs after 2 warm-up · seed ${report.plan.seed} · no budget — `));
});

test("the CPU name with | ` < > is escaped and every table keeps its shape", () => {
  const md = renderMarkdown(loadFixture());
  assert.ok(md.includes("| CPU | Intel(R) Xeon(R) CPU @ 2.20GHz \\| vCPU \\`kvm\\` &lt;x86\\_64&gt; |"));
  const all = tables(md);
  assert.equal(all.length, 4); // machine, runtimes, collatz, pi
  for (const t of all) for (const row of t) assert.equal(row.length, t[0]!.length, JSON.stringify(row));
});

test("suite table: one row per runtime, variant and workers; median, speedup, capacity, speedup / capacity, efficiency, processes", () => {
  const report = loadFixture();
  const md = renderMarkdown(report);
  const rows = suiteTable(md, "collatz");
  assert.deepEqual(rows[0], [...SUITE_TABLE_HEADER]);
  assert.deepEqual(rows[0], ["Runtime", "Variant", "Workers", "Median ms (95% CI)", "Speedup (95% CI)", "Capacity (p10–p90)",
    "Speedup / capacity (95% CI)", "Efficiency", "Processes", "Notes"]);
  assert.deepEqual(rows.slice(2).map((r) => `${r[0]} ${r[1]} ${r[2]}`), ["node", "deno"].flatMap((rt) =>
    ["serial 1", "threads 1", "threads 2", "processes 1", "processes 2"].map((v) => `${rt} ${v}`)));

  // Every number comes from the fixture's cell.
  const r = cellOf(report, "node", "collatz", "threads", 2);
  const row = rowAt(md, "collatz", "node", "threads", 2);
  assert.equal(row["Median ms (95% CI)"], `${ms(r.medianMs)} (${ms(r.ciLowMs)}–${ms(r.ciHighMs)})`);
  assert.equal(row["Speedup (95% CI)"], `${two(r.speedup!)}× (${two(r.speedupCiLow!)}–${two(r.speedupCiHigh!)})`);
  assert.equal(row["Capacity (p10–p90)"], `${two(r.capacity!.median)} (${two(r.capacity!.p10)}–${two(r.capacity!.p90)})`);
  const e = r.speedupPerCapacity!;
  assert.equal(row["Speedup / capacity (95% CI)"], `${two(e.value)} (${two(e.low)}–${two(e.high)})`);
  assert.equal(row.Efficiency, two(r.efficiency!));
  assert.equal(row.Processes, String(r.processes.length));
  assert.equal(row.Processes, "3");
  assert.equal(row.Notes, `spawn ${ms(r.spawnMs!)} ms`);

  // The baseline has no speedup, capacity or efficiency of its own.
  const serial = rowAt(md, "collatz", "deno", "serial", 1);
  assert.deepEqual([serial["Speedup (95% CI)"], serial["Capacity (p10–p90)"], serial["Speedup / capacity (95% CI)"], serial.Efficiency, serial.Notes],
    ["baseline", "–", "–", "–", ""]);
  // One worker: a speedup and efficiency, no capacity probed.
  const one = rowAt(md, "pi", "node", "threads", 1);
  assert.equal(one["Capacity (p10–p90)"], "–");
  assert.notEqual(one.Efficiency, "–");
  // Cells with warnings are marked.
  assert.match(rowAt(md, "pi", "node", "processes", 2).Notes!, /^⚠ · spawn/);
});

test("answers, warnings (capacity too) and failures with their round are stated per suite", () => {
  const md = renderMarkdown(loadFixture());
  assert.match(md, /\*\*Answer:\*\* 837799 \(524 steps\) below 1000000 — verified in 10 of 10 measured cells\./);
  assert.match(md, /\*\*Answer:\*\* 3\.14159265 from 200000000 terms — verified in 9 of 9 measured cells\./);
  const failed = rowAt(md, "pi", "deno", "processes", 2);
  assert.equal(failed["Median ms (95% CI)"], "**failed** (timeout)");
  assert.equal(failed.Processes, "0");
  assert.match(md, /- deno processes ×2, round 2 \(timeout\): cell timed out after 60000 ms \(deno pi processes, 2 workers\); its process tree was killed/);
  assert.match(md, /- deno threads ×1: first run 1\.60x slower than the rest \(1408\.6 vs 878\.5 ms\); add --warmup/);
  assert.match(md, /- node processes ×2: noisy: CV 9\.1% &gt; 5%; close other programs or add --runs/);
  assert.match(md, /- deno processes ×2: the machine gave 1\.40 of 2 cores beside this cell/);
  assert.match(md, /## Run warnings\n\n- load average 0\.42 at start on 2 cores/);
});

test("a cell measured in some rounds and failed in another shows its numbers and the failed round", () => {
  const report = loadFixture();
  report.failures.push({ runtime: "node", suite: "pi", variant: "threads", workers: 2, size: "default", round: 0, kind: "crash", reason: "worker crashed (exit code 1)" });
  const md = renderMarkdown(report);
  const row = rowAt(md, "pi", "node", "threads", 2);
  assert.match(row["Median ms (95% CI)"]!, /^\d+\.\d \(/);
  assert.match(row.Notes!, /^✗ failed in round 1 · spawn/);
  assert.match(md, /- node threads ×2, round 1 \(crash\): worker crashed \(exit code 1\)/);
});

test("chart links when chart files are given, none otherwise", () => {
  const report = loadFixture();
  assert.ok(!renderMarkdown(report).includes("!["));
  const md = renderMarkdown(report, { chartFiles: { collatz: "run 1-collatz.svg", pi: "run-pi.svg" } });
  assert.match(md, /!\[Speedup chart for collatz\]\(run%201-collatz\.svg\)/);
  assert.match(md, /!\[Speedup chart for pi\]\(run-pi\.svg\)/);
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
  report.plan.reason = "fits | the\n# budget";
  const md = renderMarkdown(report);
  for (const line of md.split("\n")) {
    assert.ok(!/^# injected/.test(line) && !/^- and a list/.test(line) && !/^# budget/.test(line), line);
  }
  assert.ok(!md.includes("<img"));
  assert.ok(md.includes("| Host | evil \\# injected heading \\| a \\| b \\| |"));
  assert.ok(md.includes("node | 20.20.0 \\| extra"));
  assert.ok(md.includes("\\*bold\\* \\[link\\](javascript:x)"));
  assert.ok(md.includes("fits \\| the \\# budget"));
  for (const t of tables(md)) for (const row of t) assert.equal(row.length, t[0]!.length, JSON.stringify(row));
});

test("partial, unverified and baseline-less cells are said plainly", () => {
  const report = loadFixture();
  report.partial = true;
  const wrong = cellOf(report, "deno", "collatz", "processes", 2);
  wrong.verified = false;
  wrong.answer = "837798 (524 steps) below 1000000";
  const orphan = cellOf(report, "node", "pi", "threads", 2);
  Object.assign(orphan, { speedup: null, speedupCiLow: null, speedupCiHigh: null, efficiency: null, karpFlatt: null, speedupPerCapacity: null });
  const md = renderMarkdown(report);
  assert.match(md, /\*\*Partial report:\*\* the run was interrupted/);
  assert.match(md, /verified in 9 of 10 measured cells/);
  assert.match(md, /\*\*Not verified:\*\* deno processes ×2 answered 837798 \(524 steps\) below 1000000\./);
  assert.match(rowAt(md, "collatz", "deno", "processes", 2).Notes!, /^✗ not verified · ⚠/);
  const row = rowAt(md, "pi", "node", "threads", 2);
  assert.deepEqual([row["Speedup (95% CI)"], row["Speedup / capacity (95% CI)"], row.Efficiency], ["no serial baseline", "–", "–"]);
});

test("three runtimes give three runtime blocks of rows", () => {
  const report = loadThreeRuntimeFixture();
  const md = renderMarkdown(report);
  assert.deepEqual([...new Set(suiteTable(md, "pi").slice(2).map((r) => r[0]))], ["node", "deno", "bun"]);
  const bun = cellOf(report, "bun", "pi", "processes", 2);
  assert.equal(rowAt(md, "pi", "bun", "processes", 2)["Median ms (95% CI)"], `${ms(bun.medianMs)} (${ms(bun.ciLowMs)}–${ms(bun.ciHighMs)})`);
});
