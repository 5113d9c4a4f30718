import { test } from "node:test";
import assert from "node:assert/strict";
import type { CellResult, Report } from "./report.ts";
import { renderTerminal, TERMINAL_WIDTH } from "./terminal.ts";
import { upgradeReport } from "./upgrade.ts";
import { loadFixture, loadThreeRuntimeFixture, loadV1Fixture } from "../testing/testdata/fixtures.ts";

const widest = (text: string) => Math.max(...text.split("\n").map((l) => l.length));
const cellOf = (report: Report, runtime: string, suite: string, variant: string, workers: number): CellResult =>
  report.results.find((c) => c.runtime === runtime && c.suite === suite && c.variant === variant && c.workers === workers)!;
const ms = (x: number) => `${x >= 1000 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)} ms`;
const re = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

test("one line per suite, variant and worker count with median, paired speedup and speedup / capacity", () => {
  const report = loadFixture();
  const out = renderTerminal(report);
  const lines = out.split("\n");
  assert.match(out, /^suite +variant +w +node +deno$/m);
  const node = cellOf(report, "node", "collatz", "threads", 2);
  const deno = cellOf(report, "deno", "collatz", "threads", 2);
  const part = (c: CellResult) => `${re(ms(c.medianMs))} +${c.speedup!.toFixed(2)}x ${c.speedupPerCapacity!.value.toFixed(2)}c`;
  assert.match(out, new RegExp(`^collatz +threads +2 +${part(node)} +${part(deno)}$`, "m"));
  // No capacity at one worker: the speedup alone.
  const one = cellOf(report, "node", "pi", "threads", 1);
  assert.match(out, new RegExp(`^pi +threads +1 +${re(ms(one.medianMs))} +${one.speedup!.toFixed(2)}x +\\S`, "m"));
  assert.match(out, /^collatz +serial +1 +\S+ ms +baseline +\S+ ms +baseline$/m);
  assert.match(out, /^pi +processes +2 +\S+ ms +\d\.\d\dx \d\.\d\dc ! +FAILED timeout$/m);
  assert.equal(lines.filter((l) => /^(collatz|pi) /.test(l)).length, 10);
});

test("the plan and the usable cores are in the header; the footer says what x and c are", () => {
  const report = loadFixture();
  const lines = renderTerminal(report).split("\n");
  assert.match(lines[1]!, new RegExp(`^3 rounds × 10 runs after 2 warm-up · seed ${report.plan.seed} · budget ${report.plan.budgetS} s · measured for \\d+ s$`));
  report.machine.logicalCores = 8;
  report.machine.usableCores = 2;
  assert.match(renderTerminal(report), / · 8 cores \(2 usable\) · linux x64$/m);
  assert.match(renderTerminal(report), /x = paired speedup over serial;\nc = speedup \/ the capacity the machine gave beside the cell/);
  // An upgraded report@1 did not pair its runs and has no capacity.
  const old = renderTerminal(upgradeReport(loadV1Fixture()));
  assert.match(old, /x = speedup over serial;/);
  assert.match(old, /^collatz +threads +2 +415\.6 ms +1\.96x +458\.3 ms +1\.89x$/m);
  assert.match(old, /^! report@1: one process per cell, so the variance between processes is unknown$/m);
});

test("warnings (one note per cell) and failures are listed, wrapped at the width, with the counts", () => {
  const out = renderTerminal(loadFixture());
  assert.match(out, /^! deno collatz threads ×1: noisy: CV 17\.9% > 5%; close other programs or add --runs; first run 1\.60x\n {4}slower than the rest \(1408\.6 vs 878\.5 ms\); add --warmup$/m);
  assert.match(out, /^! node pi processes ×2: noisy: CV 9\.1% > 5%/m);
  assert.match(out, /^! deno collatz processes ×2: the machine gave 1\.40 of 2 cores/m);
  assert.match(out, /^FAILED deno pi processes ×2 \(timeout\): cell timed out after 60000 ms \(deno pi processes, 2 workers\);\n {4}its process tree was killed$/m);
  assert.match(out, /^! load average 0\.42 at start/m);
  assert.match(out, /^19 cells measured, 19 verified, 1 failed\.$/m);
});

test(`every line fits ${TERMINAL_WIDTH} columns, with three runtimes and long names too`, () => {
  assert.ok(widest(renderTerminal(loadFixture())) <= TERMINAL_WIDTH);
  const three = loadThreeRuntimeFixture();
  // The widest cells in every runtime column: a double-digit speedup with capacity and a warning.
  for (const r of three.results.filter((x) => x.variant === "processes" && x.workers === 2)) {
    Object.assign(r, { speedup: 12.34, speedupPerCapacity: { value: 6.17, low: 6, high: 6.3 }, warnings: ["w"], medianMs: 9999 });
  }
  three.machine.cpuModel = "A very long CPU model name ".repeat(10);
  three.results[0]!.suite = "a-suite-with-a-rather-long-name";
  three.config.suites.push("a-suite-with-a-rather-long-name");
  const out = renderTerminal(three);
  assert.ok(widest(out) <= TERMINAL_WIDTH, out);
  // The table itself is not cut: every row ends with the bun cell's figures, baseline or failure.
  const rows = out.split("\n").filter((l) => /^\S+ +(serial|threads|processes) +\d+ /.test(l));
  assert.equal(rows.length, 11);
  for (const line of rows) assert.match(line, /(\dx|\dc|baseline|FAILED timeout| -)( !)?$/, line);
  assert.ok(rows.some((l) => / 12\.34x 6\.17c !$/.test(l)), out);
  assert.match(out, /^suite +variant +w +node +deno +bun$/m);
});

test("a fourth runtime gets a table of its own below the first three, every cell whole", () => {
  const four = loadThreeRuntimeFixture();
  four.runtimes.push({ name: "python", version: "3.11.7", executable: "/usr/bin/python3", mechanisms: { threads: "python/ThreadPoolExecutor", processes: "python/multiprocessing.Pool" } });
  four.config.runtimes.push("python");
  four.results.push(...four.results.filter((r) => r.runtime === "node").map((r) => ({ ...r, runtime: "python", medianMs: r.medianMs * 41 })));
  const out = renderTerminal(four);
  assert.ok(widest(out) <= TERMINAL_WIDTH, out);
  assert.match(out, /^suite +variant +w +node +deno +bun$/m);
  assert.match(out, /^suite +variant +w +python$/m);
  const pythonRows = out.split("\n").slice(out.split("\n").findIndex((l) => /^suite +variant +w +python$/.test(l)) + 1);
  const serial = four.results.find((r) => r.runtime === "python" && r.variant === "serial")!;
  assert.ok(pythonRows.some((l) => l.startsWith(serial.suite) && / serial +1 +\S+ (ms|s) +baseline/.test(l)), out);
  // A CPython-sized median (over 100 s) is shown in seconds and the cell is not cut.
  four.results.find((r) => r.runtime === "python" && r.variant === "processes" && r.workers === 2)!.medianMs = 103_687;
  const slow = renderTerminal(four);
  assert.match(slow, / 103\.7 s +\d+\.\d\dx \d\.\d\dc/);
  assert.doesNotMatch(slow.split("\n").filter((l) => / (serial|threads|processes|async) +\d+ /.test(l)).join("\n"), /…/);
});

test("control characters from the machine never reach the terminal", () => {
  const report = loadFixture();
  report.machine.cpuModel = "Evil\u001b[2J\u001b[31mCPU\nsecond line";
  report.failures[0]!.reason = "crashed\r\noverwritten";
  report.plan.reason = "evil\u001b[2J";
  const out = renderTerminal(report);
  assert.ok(!out.includes("\u001b"));
  assert.ok(!out.includes("\r"));
  assert.match(out, /^Evil\[2J\[31mCPU second line · 2 cores/m);
  assert.match(out, /crashed overwritten/);
});

test("partial and unverified runs are marked", () => {
  const report = loadFixture();
  report.partial = true;
  const wrong = cellOf(report, "node", "collatz", "threads", 1);
  wrong.verified = false;
  const out = renderTerminal(report);
  assert.match(out.split("\n")[0]!, /PARTIAL \(interrupted\)/);
  assert.match(out, new RegExp(`^collatz +threads +1 +${re(ms(wrong.medianMs))} +WRONG +\\S+ ms`, "m"));
  assert.match(out, /^WRONG node collatz threads ×1: answered 837799/m);
});
