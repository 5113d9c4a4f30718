// A run with two versions of one runtime: every renderer names a column by the runtime's label
// (`bun@1.4.5`), as the cells do; the runtimes table ties labels to versions; a cell an old version
// cannot run reads "unsupported" with its reason; the Markdown takes sections from the analyses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { speedupChartSpec } from "./charts.ts";
import { renderMarkdown } from "./markdown.ts";
import type { Report } from "./report.ts";
import { renderTerminal, TERMINAL_WIDTH } from "./terminal.ts";
import { syntheticReport } from "../testing/synthetic_reports.ts";
import { withLabelRecords } from "../testing/labelled_reports.ts";

function versusRun(): Report {
  const specs = ["bun@1.3.14", "bun@1.4.5", "node@22.11.0"].flatMap((runtime) => [
    { runtime, medianMs: 100, processes: 3 },
    { runtime, variant: "threads", workers: 2, medianMs: 55, processes: 3 },
    ...(runtime === "bun@1.3.14" ? [] : [{ runtime, variant: "processes", workers: 2, medianMs: 60, processes: 3 }]),
  ]);
  const report = withLabelRecords(syntheticReport(specs, { seed: 4 }));
  report.failures.push({ runtime: "bun@1.3.14", suite: "collatz", variant: "processes", workers: 2, size: report.config.size, kind: "unsupported", reason: "bun 1.3.14 lacks X; it works from 1.4.0" });
  return report;
}

test("Markdown: labels in the runtimes table and the suite table, an unsupported cell with its reason, analyses' sections before the suites", () => {
  const md = renderMarkdown(versusRun(), { sections: ["## Versions side by side\n\n**bun 1.4.5 vs 1.3.14: collatz unchanged**"] });
  assert.match(md, /^\| bun@1\.3\.14 \| 1\.3\.14 \| bun@1\.3\.14\/Worker \|/m);
  assert.match(md, /^\| bun@1\.4\.5 \| 1\.4\.5 \|/m);
  for (const label of ["bun@1.3.14", "bun@1.4.5", "node@22.11.0"]) assert.match(md, new RegExp(`^\\| ${label.replace(/\./g, "\\.")} \\| threads \\| 2 \\| \\d`, "m"));
  assert.match(md, /^\| bun@1\.3\.14 \| processes \| 2 \| unsupported: bun 1\.3\.14 lacks X; it works from 1\.4\.0 \| – \| – \| – \| – \| 0 \|  \|$/m);
  const versus = md.indexOf("## Versions side by side"), suite = md.indexOf("## collatz");
  assert.ok(versus > 0 && suite > versus, "the section comes before the suites");
  assert.match(md, / 8 cells measured, 8 verified, 0 failed, 1 unsupported /);
});

test("terminal: one column per label, 'unsupported' where an old version cannot run a cell, the reason in the notes, every line within the width", () => {
  const text = renderTerminal(versusRun());
  const lines = text.split("\n");
  assert.match(lines.find((l) => l.startsWith("suite"))!, /^suite +variant +w +bun@1\.3\.14 +bun@1\.4\.5 +node@22\.11\.0$/);
  assert.match(lines.find((l) => l.startsWith("collatz  processes"))!, /^collatz +processes +2 +unsupported +\d/);
  assert.ok(lines.some((l) => /^unsupported collatz processes ×2 \(bun@1\.3\.14\): bun 1\.3\.14 lacks X/.test(l)), text);
  assert.ok(lines.every((l) => l.length <= TERMINAL_WIDTH));
  assert.match(text, /^bun 1\.3\.14, bun 1\.4\.5, node 22\.11\.0$/m);
});

test("charts: runtimes are ordered and coloured by label, each version its own bars", () => {
  const spec = speedupChartSpec(versusRun(), "collatz") as { layer: { data: { values: { runtime: string }[] }; layer: { encoding: { x: { sort: string[] } } }[] }[] };
  const points = spec.layer[0]!.data.values;
  assert.deepEqual([...new Set(points.map((p) => p.runtime))], ["bun@1.3.14", "bun@1.4.5", "node@22.11.0"]);
  assert.deepEqual(spec.layer[0]!.layer[0]!.encoding.x.sort, ["bun@1.3.14", "bun@1.4.5", "node@22.11.0"]);
});
