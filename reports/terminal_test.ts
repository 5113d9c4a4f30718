import { test } from "node:test";
import assert from "node:assert/strict";
import { renderTerminal, TERMINAL_WIDTH } from "./terminal.ts";
import { loadFixture, loadThreeRuntimeFixture } from "../testing/testdata/fixtures.ts";

const widest = (text: string) => Math.max(...text.split("\n").map((l) => l.length));

test("the table has one line per suite, variant and worker count with median, speedup and efficiency", () => {
  const out = renderTerminal(loadFixture());
  const lines = out.split("\n");
  assert.match(out, /^suite +variant +w +node +deno$/m);
  const row = lines.find((l) => /^collatz +threads +2 /.test(l));
  assert.ok(row, out);
  assert.match(row, /415\.6 ms +1\.96x +98% +458\.3 ms +1\.89x +94%$/);
  assert.match(out, /^collatz +serial +1 +814\.2 ms +baseline +866\.1 ms +baseline$/m);
  assert.match(out, /^pi +processes +2 +160\.3 ms +1\.91x +95% ! +FAILED timeout$/m);
  assert.equal(lines.filter((l) => /^(collatz|pi) /.test(l)).length, 10);
});

test("warnings (one note per cell) and failures are listed, wrapped at the width, with the counts", () => {
  const out = renderTerminal(loadFixture());
  // One note per cell, its warnings joined, wrapped (not cut) at the width.
  assert.match(out, /^! deno collatz threads ×1: noisy: CV 17\.9% > 5%; close other programs or add --runs; first run 1\.60x\n {4}slower than the rest \(1408\.6 vs 878\.5 ms\); add --warmup$/m);
  assert.match(out, /^! node pi processes ×2: noisy: CV 9\.1% > 5%/m);
  assert.match(out, /^FAILED deno pi processes ×2 \(timeout\): cell timed out after 60000 ms \(deno pi processes, 2 workers\);\n {4}its process tree was killed$/m);
  assert.match(out, /^FAILED deno pi processes ×2 \(timeout\): cell timed out after 60000 ms/m);
  assert.match(out, /^! load average 0\.42 at start/m);
  assert.match(out, /^19 cells measured, 19 verified, 1 failed\.$/m);
});

test(`every line fits ${TERMINAL_WIDTH} columns, with three runtimes and long names too`, () => {
  assert.ok(widest(renderTerminal(loadFixture())) <= TERMINAL_WIDTH);
  const three = loadThreeRuntimeFixture();
  three.machine.cpuModel = "A very long CPU model name ".repeat(10);
  three.results[0]!.suite = "a-suite-with-a-rather-long-name";
  three.config.suites.push("a-suite-with-a-rather-long-name");
  const out = renderTerminal(three);
  assert.ok(widest(out) <= TERMINAL_WIDTH, out);
  // The table itself is not cut: every row ends with the bun cell's efficiency or baseline.
  for (const line of out.split("\n").filter((l) => /^\S+ +(serial|threads|processes) +\d+ /.test(l))) assert.match(line, /(%|baseline|FAILED timeout| -)( !)?$/, line);
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
  four.results.find((r) => r.runtime === "python" && r.variant !== "serial")!.medianMs = 103_687;
  const slow = renderTerminal(four);
  assert.match(slow, / 103\.7 s +\d+\.\d\dx +\d+%/);
  assert.doesNotMatch(slow.split("\n").filter((l) => / (serial|threads|processes|async) +\d+ /.test(l)).join("\n"), /…/);
});

test("control characters from the machine never reach the terminal", () => {
  const report = loadFixture();
  report.machine.cpuModel = "Evil\u001b[2J\u001b[31mCPU\nsecond line";
  report.failures[0]!.reason = "crashed\r\noverwritten";
  const out = renderTerminal(report);
  assert.ok(!out.includes("\u001b"));
  assert.ok(!out.includes("\r"));
  assert.match(out, /^Evil\[2J\[31mCPU second line · 2 cores/m);
  assert.match(out, /crashed overwritten/);
});

test("partial and unverified runs are marked", () => {
  const report = loadFixture();
  report.partial = true;
  report.results[1]!.verified = false;
  const out = renderTerminal(report);
  assert.match(out.split("\n")[0]!, /PARTIAL \(interrupted\)/);
  assert.match(out, /^collatz +threads +1 +817\.8 ms +WRONG +880\.8 ms/m);
  assert.match(out, /^WRONG node collatz threads ×1: answered 837799/m);
});
