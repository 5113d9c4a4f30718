import { test } from "node:test";
import assert from "node:assert/strict";
import { renderMarkdown } from "./markdown.ts";
import type { CellResult, Report } from "./report.ts";
import { loadFixture } from "../testing/testdata/fixtures.ts";
import { fastestCell, vsCpythonLine } from "./vs_cpython.ts";

const cellOf = (report: Report, runtime: string, variant: string, workers: number): CellResult =>
  report.results.find((c) => c.runtime === runtime && c.suite === "collatz" && c.variant === variant && c.workers === workers)!;

/** The fixture (node and deno) plus CPython cells for collatz: 20x node's times, threads that do not scale. */
function withPython(): Report {
  const report = loadFixture();
  report.runtimes.push({ name: "python", version: "3.11.7", executable: "/usr/bin/python3", mechanisms: {} });
  report.config.runtimes.push("python");
  const serialMs = cellOf(report, "node", "serial", 1).medianMs * 20;
  const cells = report.results.filter((r) => r.runtime === "node" && r.suite === "collatz").map((r): CellResult => {
    const threads = r.variant === "threads";
    const speedup = threads ? (r.workers === 2 ? 0.94 : 0.99) : r.speedup;
    return { ...r, runtime: "python", medianMs: threads ? serialMs / speedup! : r.medianMs * 20, speedup };
  });
  report.results.push(...cells);
  return report;
}

const section = (md: string, suite: string) => md.split(`\n## ${suite}\n`)[1]!.split("\n## ")[0]!;
const ms = (x: number) => (x >= 1000 ? x.toFixed(0) : x.toFixed(1));

test("no CPython cell, no line: a run without python reads as before", () => {
  const report = loadFixture();
  assert.equal(vsCpythonLine(report, "collatz"), undefined);
  assert.doesNotMatch(renderMarkdown(report), /vs CPython/);
});

test("the line compares the fastest verified JS cell with CPython's fastest, with the ratio", () => {
  const report = withPython();
  const line = vsCpythonLine(report, "collatz")!;
  // node threads x2 is the fastest JS cell of the fixture; CPython's fastest is its processes x2 (20 x node's).
  const js = cellOf(report, "node", "threads", 2);
  const py = cellOf(report, "python", "processes", 2);
  assert.equal(fastestCell(report.results.filter((r) => r.suite === "collatz" && r.runtime !== "python")), js);
  assert.ok(line.startsWith(`**vs CPython:** fastest JS: node threads ×2, ${ms(js.medianMs)} ms, ×${js.speedup!.toFixed(2)} over its serial; `), line);
  assert.ok(line.includes(`fastest CPython: processes ×2, ${ms(py.medianMs)} ms, ×${py.speedup!.toFixed(2)} over its serial; `), line);
  assert.ok(line.includes(`CPython takes ×${(py.medianMs / js.medianMs).toFixed(2)} the time of the best JS.`), line);
  assert.match(line, /CPython threads: ×0\.99 over serial at best\.$/);
});

test("the Markdown shows it under the suite's answer, only for suites CPython ran", () => {
  const md = renderMarkdown(withPython());
  const collatz = section(md, "collatz");
  assert.ok(collatz.indexOf("**Answer:**") < collatz.indexOf("**vs CPython:**"));
  assert.ok(collatz.indexOf("**vs CPython:**") < collatz.indexOf("| Runtime"));
  assert.doesNotMatch(section(md, "pi"), /vs CPython/);
});

test("unverified cells never count as fastest", () => {
  const report = withPython();
  cellOf(report, "node", "threads", 2).verified = false;
  const next = cellOf(report, "node", "processes", 2);
  assert.ok(vsCpythonLine(report, "collatz")!.includes(`fastest JS: node processes ×2, ${ms(next.medianMs)} ms`));
  report.results.filter((r) => r.runtime !== "python" && r.suite === "collatz").forEach((r) => (r.verified = false));
  assert.equal(vsCpythonLine(report, "collatz"), undefined, "no verified JS cell: nothing to compare");
  assert.equal(fastestCell([]), undefined);
});

test("when CPython is the faster one the sentence turns around", () => {
  const report = withPython();
  for (const r of report.results) if (r.runtime === "python") r.medianMs /= 100;
  assert.match(vsCpythonLine(report, "collatz")!, /the best JS takes ×\d+\.\d\d the time of CPython\./);
});
