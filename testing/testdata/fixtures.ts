/**
 * Test helpers: load the hand-made fixture reports of this folder, each as a fresh deep copy that a
 * test may change freely.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/project.ts";
import type { Report } from "../../reports/report.ts";

/** The fixture reports in `reports/testdata/`. */
export type FixtureName = "report-2runtimes";

/** A fresh copy of a fixture report (not validated: tests of the validator use it raw). */
export function loadFixture(name: FixtureName = "report-2runtimes"): Report {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, "testing", "testdata", `${name}.json`), "utf8")) as Report;
}

/** The fixture with a third runtime (`bun`), a copy of the node cells, for width and layout tests. */
export function loadThreeRuntimeFixture(): Report {
  const report = loadFixture();
  report.runtimes.push({ name: "bun", version: "1.4.5", executable: "/work/main/node_modules/.bin/bun", mechanisms: { threads: "bun/Worker", processes: "bun/Bun.spawn+ipc" } });
  report.config.runtimes.push("bun");
  report.results.push(...report.results.filter((r) => r.runtime === "node").map((r) => ({ ...r, runtime: "bun", medianMs: r.medianMs * 0.93 })));
  return report;
}

/**
 * Split a Markdown table row into its cells the way GFM does: a `|` preceded by a backslash does not
 * end a cell.
 */
export function splitTableRow(line: string): string[] {
  const cells: string[] = [];
  let current = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "\\" && i + 1 < line.length) {
      current += c + line[i + 1];
      i++;
    } else if (c === "|") {
      cells.push(current);
      current = "";
    } else current += c;
  }
  cells.push(current);
  // A row starts and ends with a pipe: drop the empty edges.
  return cells.slice(1, -1).map((s) => s.trim());
}
