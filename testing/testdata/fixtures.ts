/**
 * Test helpers: load the fixture reports of this folder, each as a fresh deep copy that a test may
 * change freely. `report-2runtimes-v2.json` is the current model (made by `report_v2_fixture.ts`);
 * `report-2runtimes.json` and `compare/*.json` are report@1 files, kept to prove old files still load.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/project.ts";
import type { Report } from "../../reports/report.ts";
import type { V1Report } from "../../reports/report_v1.ts";

const DIR = join(PROJECT_ROOT, "testing", "testdata");

/** Path of the report@1 fixture with node and deno (the same matrix as the report@2 one). */
export const V1_FIXTURE_PATH = join(DIR, "report-2runtimes.json");

/** A fresh copy of the report@2 fixture (not validated: tests of the validator use it raw). */
export function loadFixture(): Report {
  return JSON.parse(readFileSync(join(DIR, "report-2runtimes-v2.json"), "utf8")) as Report;
}

/** A fresh copy of a report@1 fixture, raw: `report-2runtimes` or one of `compare/` (e.g. `compare/machine-a`). */
export function loadV1Fixture(name = "report-2runtimes"): V1Report {
  return JSON.parse(readFileSync(join(DIR, `${name}.json`), "utf8")) as V1Report;
}

/** The report@2 fixture with a third runtime (`bun`), a copy of the node cells, for width and layout tests. */
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
