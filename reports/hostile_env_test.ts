/**
 * Strings from the environment are data, never markup (issue 5): a malicious CPU name, hostname,
 * kernel string and merge label go through the real renderers (run Markdown, merge Markdown, terminal)
 * and come out as one escaped line each, with every table keeping its shape.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { mergeReports } from "../analysis/merge.ts";
import { renderMergeMarkdown } from "../analysis/merge_markdown.ts";
import { renderMarkdown } from "./markdown.ts";
import { renderTerminal } from "./terminal.ts";
import { loadFixture, splitTableRow } from "../testing/testdata/fixtures.ts";

/** Everything an attacker-controlled string could try in GitHub Markdown and a terminal. */
const EVIL = [
  "Evil CPU\n# pwned heading",
  "<script>alert(1)</script><img src=x onerror=alert(2)>",
  "| x | y |",
  "`code` **bold** [click](javascript:alert(3)) ![img](http://example.invalid/t.png)",
  "\u001b[2J\u001b[31mred\u0007",
  "\u202egnp.exe",
  "\r\n- list item\r\n1. ordered",
].join(" ");

/** Lines of a Markdown document that are table rows, grouped per table. */
function tables(md: string): string[][][] {
  const out: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of md.split("\n")) {
    if (line.startsWith("|")) (current ??= (out.push([]), out[out.length - 1]!)).push(splitTableRow(line));
    else current = undefined;
  }
  return out;
}

function assertInert(md: string, what: string): void {
  for (const line of md.split("\n")) {
    assert.ok(!/^#+ pwned/.test(line) && !/^\s*[-*] list item/.test(line) && !/^\s*1\. ordered/.test(line), `${what}: injected block: ${line}`);
  }
  assert.ok(!/<script|<img/i.test(md), `${what}: raw HTML got through`);
  assert.ok(!/\]\(javascript:/.test(md.replace(/\\\]\(javascript:/g, "")), `${what}: a live link got through`);
  assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f\u202e]/.test(md), `${what}: control or bidi characters got through`);
  for (const t of tables(md)) for (const row of t) assert.equal(row.length, t[0]!.length, `${what}: a table lost its shape: ${JSON.stringify(row)}`);
}

test("a malicious CPU name, hostname and kernel stay one escaped line in the run Markdown", () => {
  const report = loadFixture();
  report.machine.cpuModel = EVIL;
  report.machine.hostname = EVIL;
  report.machine.kernel = EVIL;
  const md = renderMarkdown(report);
  assertInert(md, "run Markdown");
  const cpuRow = md.split("\n").find((l) => l.startsWith("| CPU |"));
  assert.ok(cpuRow, "the machine table has its CPU row");
  assert.match(cpuRow, /Evil CPU \\# pwned heading &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(cpuRow, /\\\| x \\\| y \\\|/);
});

test("a malicious merge label and hostname stay inert in the merge Markdown", () => {
  const a = loadFixture();
  const b = loadFixture();
  b.machine.cpuModel = EVIL;
  b.machine.hostname = EVIL;
  const md = renderMergeMarkdown(mergeReports([{ file: "a.json", report: a, label: EVIL }, { file: "b.json", report: b }]));
  assertInert(md, "merge Markdown");
  assert.match(md, /Evil CPU \\# pwned heading/);
});

test("a malicious CPU name cannot move the cursor or recolour the terminal", () => {
  const report = loadFixture();
  report.machine.cpuModel = EVIL;
  report.machine.hostname = EVIL;
  const text = renderTerminal(report);
  // The renderer may colour its own output, but nothing from the CPU name: no clear-screen, bell or bidi.
  assert.ok(!text.includes("\u001b[2J") && !text.includes("\u0007") && !text.includes("\u202e"), JSON.stringify(text.slice(0, 400)));
  assert.ok(!/^# pwned/m.test(text));
});
