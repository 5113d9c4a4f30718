/**
 * The compact plain-text table printed to stdout at the end of a run: one line per suite, variant
 * and worker count, one column per runtime (median, paired speedup, speedup / measured capacity),
 * then the warnings and failures, one line each. Plain text without colour or control characters, and every line
 * at most {@link TERMINAL_WIDTH} columns, so it reads the same in a CI log as in a terminal.
 *
 * @module
 */
import { plainText } from "./escape.ts";
import {
  failureAt, formatCreatedAt, formatMs, formatRatio, isBaseline, planSummary, resultAt, rowsOf, runtimesOf, suitesOf,
} from "./_format.ts";
import type { CellResult, Report } from "./report.ts";
import {
  caseCellName, formatMetricNumber, isMetricSuite, isRate, metricFailuresAt, metricHeading, metricResultAt, metricRowsOf, realFailures,
  suiteMetric, unsupportedGroups,
} from "./_metric.ts";

/** The widest line the table prints. */
export const TERMINAL_WIDTH = 100;

/** Word-wrap one line to the width, continuation lines indented by 4 spaces. */
function wrap(text: string): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const candidate = line === "" ? word : `${line} ${word}`;
    if (candidate.length <= TERMINAL_WIDTH || line.trim() === "") line = candidate;
    else {
      out.push(line);
      line = `    ${word}`;
    }
  }
  out.push(line);
  return out;
}

const fit = (line: string) => (line.length > TERMINAL_WIDTH ? line.slice(0, TERMINAL_WIDTH - 1) + "…" : line);

/** A median for the table: milliseconds, or seconds from 10 s on (CPython's cells), so it fits 8 columns. */
function durationText(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${formatMs(ms)} ms`;
}

/**
 * One runtime's cell, at most {@link CELL_WIDTH} columns: `415.6 ms  1.96x 1.01c !` — median, paired
 * speedup, and speedup / the capacity the machine gave (`c`). Efficiency is in the Markdown report:
 * three runtimes do not fit 100 columns with a fourth number each, and speedup / capacity says more
 * on a machine whose capacity moves.
 */
function cellText(r: CellResult): string {
  const median = durationText(r.medianMs).padStart(8);
  let rest = "";
  if (!r.verified) rest = "  WRONG";
  else if (isBaseline(r.variant)) rest = "  baseline";
  else if (r.speedup !== null) {
    rest = `${formatRatio(r.speedup)}x`.padStart(7);
    if (r.speedupPerCapacity !== null) rest += `${formatRatio(r.speedupPerCapacity.value)}c`.padStart(6);
  }
  return median + rest + (r.warnings.length ? " !" : "");
}

/** The widest runtime cell {@link cellText} makes. */
const CELL_WIDTH = 23;

/** Runtime columns per table: 3 runtime cells plus suite, variant and workers keep to 100. */
const RUNTIMES_PER_TABLE = 3;

/** The table rows (header first) for some runtimes' columns. */
function renderTable(report: Report, suites: readonly string[], runtimes: readonly string[]): string[] {
  const body: string[][] = [];
  for (const suite of suites) {
    for (const row of rowsOf(report, suite)) {
      body.push([
        plainText(suite), plainText(row.variant), String(row.workers),
        ...runtimes.map((rt) => {
          const result = resultAt(report, rt, suite, row);
          if (result) return cellText(result);
          const failure = failureAt(report, rt, suite, row);
          if (failure?.kind === "unsupported") return "  unsupported";
          return failure ? `  FAILED ${plainText(failure.kind)}` : "-".padStart(8);
        }),
      ]);
    }
  }
  const header = ["suite", "variant", "w", ...runtimes.map((rt) => plainText(rt))];
  // Long names are cut so the table keeps to 100 columns; the Markdown report has them whole.
  const caps = [10, 9, 2, ...runtimes.map(() => CELL_WIDTH)];
  const widths = header.map((h, i) => Math.min(caps[i]!, Math.max(h.length, ...body.map((b) => b[i]!.length))));
  const cut = (s: string, w: number) => (s.length > w ? s.slice(0, w - 1) + "…" : s);
  const format = (cells: string[]) =>
    fit(cells.map((c, i) => (i === 2 ? cut(c, widths[i]!).padStart(widths[i]!) : cut(c, widths[i]!).padEnd(widths[i]!))).join("  ").trimEnd());
  return [format(header), ...body.map(format)];
}

/** The widest runtime cell of a measure table: `1234 µs !`, `1.23M/s !`, `unsupported`, `FAILED timeout`. */
const METRIC_CELL_WIDTH = 14;

/** One runtime's cell of a measure table: the figure in its unit (a rate as `/s`; the unit's noun is in the legend). */
function metricCellText(r: CellResult): string {
  if (!r.verified) return "WRONG";
  if (!r.metric) return `${formatMs(r.medianMs)} ms`;
  const unit = isRate(r.metric.unit) ? "/s" : ` ${r.metric.unit}`;
  return `${formatMetricNumber(r.metric.value, r.metric.unit)}${unit}${r.warnings.length ? " !" : ""}`;
}

/** The rows (header first) of the suites that report their own measure: a case column, no speedup. */
function renderMetricTable(report: Report, suites: readonly string[], runtimes: readonly string[]): string[] {
  const body: string[][] = [];
  for (const suite of suites) {
    for (const row of metricRowsOf(report, suite)) {
      body.push([
        plainText(suite), plainText(row.variant), plainText(row.case ?? "-"), String(row.workers),
        ...runtimes.map((rt) => {
          const result = metricResultAt(report, rt, suite, row);
          if (result) return metricCellText(result);
          const failures = metricFailuresAt(report, rt, suite, row);
          if (failures.some((f) => f.kind === "unsupported")) return "unsupported";
          return failures.length ? `FAILED ${plainText(failures[0]!.kind)}` : "-";
        }),
      ]);
    }
  }
  const header = ["suite", "variant", "case", "w", ...runtimes.map((rt) => plainText(rt))];
  const caps = [17, 9, 15, 2, ...runtimes.map(() => METRIC_CELL_WIDTH)];
  const widths = header.map((h, i) => Math.min(caps[i]!, Math.max(h.length, ...body.map((b) => b[i]!.length))));
  const cut = (s: string, w: number) => (s.length > w ? s.slice(0, w - 1) + "…" : s);
  const format = (cells: string[]) =>
    fit(cells.map((c, i) => (i >= 3 ? cut(c, widths[i]!).padStart(widths[i]!) : cut(c, widths[i]!).padEnd(widths[i]!))).join("  ").trimEnd());
  return [format(header), ...body.map(format)];
}

/**
 * Render the end-of-run summary table.
 *
 * @example
 * ```ts
 * process.stdout.write(renderTerminal(report));
 * ```
 */
export function renderTerminal(report: Report): string {
  const runtimes = runtimesOf(report);
  const suites = suitesOf(report);
  const m = report.machine;
  const versions = report.runtimes.map((r) => `${r.name} ${r.version}`).join(", ");
  const lines = [
    fit(plainText(`tribench ${report.tool.version} · ${formatCreatedAt(report.createdAt)} · size ${report.config.size}${report.partial ? " · PARTIAL (interrupted)" : ""}`)),
    fit(plainText(planSummary(report))),
    fit(plainText(`${m.cpuModel} · ${m.logicalCores} cores${m.usableCores < m.logicalCores ? ` (${m.usableCores} usable)` : ""}${m.cpuQuota !== null ? ` (quota ${m.cpuQuota})` : ""} · ${m.os} ${m.arch}`)),
    fit(plainText(versions)),
    "",
  ];

  // Suites with their own measure get a table of their own: a case column, figures in their units.
  const own = suites.filter((s) => isMetricSuite(report, s));
  const timed = suites.filter((s) => !own.includes(s));
  // Three runtime columns fit in 100; a fourth runtime (python) gets a table of its own below.
  for (let first = 0; first < runtimes.length; first += RUNTIMES_PER_TABLE) {
    if (first > 0) lines.push("");
    if (timed.length) lines.push(...renderTable(report, timed, runtimes.slice(first, first + RUNTIMES_PER_TABLE)));
    if (timed.length && own.length) lines.push("");
    if (own.length) lines.push(...renderMetricTable(report, own, runtimes.slice(first, first + RUNTIMES_PER_TABLE)));
  }

  const notes: string[] = [];
  for (const r of report.results) {
    if (!r.verified) notes.push(`WRONG ${caseCellName(r)}: answered ${r.answer}`);
    if (r.warnings.length) notes.push(`! ${caseCellName(r)}: ${r.warnings.join("; ")}`);
  }
  for (const f of realFailures(report)) notes.push(`FAILED ${caseCellName(f)} (${f.kind}): ${f.reason}`);
  for (const suite of suites) {
    for (const g of unsupportedGroups(report, suite)) notes.push(`unsupported ${suite} ${g.variant} ${g.cases.join(", ")} (${g.runtimes.join(", ")}): ${g.reason}`);
  }
  for (const w of report.warnings) notes.push(`! ${w}`);
  // Notes are wrapped, not cut: they are the part of the output a person acts on.
  if (notes.length) lines.push("", ...notes.flatMap((n) => wrap(plainText(n))));

  const verified = report.results.filter((r) => r.verified).length;
  const gaps = report.failures.length - realFailures(report).length;
  const measures = own.flatMap((s) => {
    const m = suiteMetric(report, s);
    return m ? [`${s}: ${metricHeading(m)}`] : [];
  });
  lines.push(
    "",
    `${report.results.length} cells measured, ${verified} verified, ${realFailures(report).length} failed${gaps ? `, ${gaps} unsupported` : ""}.`,
    ...(measures.length ? wrap(plainText(`Own measures (median run, converted): ${measures.join("; ")}.`)) : []),
    // The speedup legend only where a speedup table was printed (or nothing at all was).
    ...(timed.length || !own.length
      ? [
        `Median of every run of every process; x = ${report.upgradedFrom === undefined ? "paired " : ""}speedup over serial;`,
        "c = speedup / the capacity the machine gave beside the cell (1.00c = all it offered).",
      ]
      : []),
  );
  return lines.map(fit).join("\n") + "\n";
}
