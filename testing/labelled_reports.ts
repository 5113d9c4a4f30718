/**
 * Test helper (not product code): synthetic reports whose cells name their runtime by label
 * (`bun@1.4.5`), as a run writes them. The synthetic builders make one record per distinct cell
 * runtime and call it by that string; this turns each such record into the run's shape: the name
 * and version split from the label, and the label kept.
 *
 * @module
 */
import type { Report } from "../reports/report.ts";
import { splitRuntimeLabel } from "../runtimes/versions/label.ts";

/**
 * `report` with labelled records (changed in place and returned); records of plain names are left as they are.
 *
 * @example
 * ```ts
 * const report = withLabelRecords(syntheticRoundsReport([{ runtime: "bun@1.4.5", medianMs: 100 }], { seed: 1 }));
 * report.runtimes[0]; // { name: "bun", version: "1.4.5", label: "bun@1.4.5", … }
 * ```
 */
export function withLabelRecords(report: Report): Report {
  report.runtimes = report.runtimes.map((r) => {
    const { name, version } = splitRuntimeLabel(r.name);
    return version === undefined ? r : { ...r, name, version, label: r.name, executable: `/cache/${name}/${version}/${name}` };
  });
  return report;
}
