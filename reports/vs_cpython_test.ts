import { test } from "node:test";
import assert from "node:assert/strict";
import { renderMarkdown } from "./markdown.ts";
import type { CellResult, Report } from "./report.ts";
import { loadFixture } from "../testing/testdata/fixtures.ts";
import { fastestCell, vsCpythonLine } from "./vs_cpython.ts";

/** The fixture (node and deno) plus CPython cells for collatz: 20x node's times, threads that do not scale. */
function withPython(): Report {
  const report = loadFixture();
  report.runtimes.push({ name: "python", version: "3.11.7", executable: "/usr/bin/python3", mechanisms: {} });
  report.config.runtimes.push("python");
  const cells = report.results.filter((r) => r.runtime === "node" && r.suite === "collatz").map((r): CellResult => {
    const threads = r.variant === "threads";
    const speedup = threads ? (r.workers === 2 ? 0.94 : 0.99) : r.speedup;
    return { ...r, runtime: "python", medianMs: threads ? (814.23 * 20) / speedup! : r.medianMs * 20, speedup };
  });
  report.results.push(...cells);
  return report;
}

const section = (md: string, suite: string) => md.split(`\n## ${suite}\n`)[1]!.split("\n## ")[0]!;

test("no CPython cell, no line: a run without python reads as before", () => {
  const report = loadFixture();
  assert.equal(vsCpythonLine(report, "collatz"), undefined);
  assert.doesNotMatch(renderMarkdown(report), /vs CPython/);
});

test("the line compares the fastest verified JS cell with CPython's fastest, with the ratio", () => {
  const line = vsCpythonLine(withPython(), "collatz")!;
  // node threads x2 (415.64 ms) is the fastest JS cell; CPython's fastest is processes x2 (20 x 421.87 ms).
  assert.match(line, /^\*\*vs CPython:\*\* fastest JS: node threads ×2, 415\.6 ms, ×1\.96 over its serial; /);
  assert.match(line, /fastest CPython: processes ×2, 8437 ms, ×1\.93 over its serial; /);
  assert.match(line, new RegExp(`CPython takes ×${((421.87 * 20) / 415.64).toFixed(2)} the time of the best JS\\.`));
  assert.match(line, /CPython threads: ×0\.99 over serial at best\.$/);
});

test("the Markdown shows it under the suite's answer, only for suites CPython ran", () => {
  const md = renderMarkdown(withPython());
  const collatz = section(md, "collatz");
  assert.ok(collatz.indexOf("**Answer:**") < collatz.indexOf("**vs CPython:**"));
  assert.ok(collatz.indexOf("**vs CPython:**") < collatz.indexOf("| Variant"));
  assert.doesNotMatch(section(md, "pi"), /vs CPython/);
});

test("unverified cells never count as fastest", () => {
  const report = withPython();
  const nodeThreads2 = report.results.find((r) => r.runtime === "node" && r.suite === "collatz" && r.variant === "threads" && r.workers === 2)!;
  nodeThreads2.verified = false;
  assert.match(vsCpythonLine(report, "collatz")!, /fastest JS: node processes ×2, 421\.9 ms/);
  report.results.filter((r) => r.runtime !== "python" && r.suite === "collatz").forEach((r) => (r.verified = false));
  assert.equal(vsCpythonLine(report, "collatz"), undefined, "no verified JS cell: nothing to compare");
  assert.equal(fastestCell([]), undefined);
});

test("when CPython is the faster one the sentence turns around", () => {
  const report = withPython();
  for (const r of report.results) if (r.runtime === "python") r.medianMs /= 100;
  assert.match(vsCpythonLine(report, "collatz")!, /the best JS takes ×\d+\.\d\d the time of CPython\./);
});
