/**
 * The Markdown report of one run, for a person to read or paste into a write-up (and for
 * `$GITHUB_STEP_SUMMARY`): the plan, machine and runtimes first, the run warnings, then per suite
 * the verified answer, a table with one row per runtime, variant and worker count (median, paired
 * speedup, the machine's measured capacity, speedup / capacity, each with its interval, efficiency
 * and how many processes measured the cell), a link to the suite's chart, the cell warnings and the
 * failures. Every string from the environment goes through {@link escapeMarkdown} so no CPU name
 * or hostname can break a table.
 *
 * @module
 */
import { escapeMarkdown as esc } from "./escape.ts";
import {
  cellRowsOf, formatCreatedAt, formatGiB, formatInterval, formatMs, formatRatio, isBaseline, planSummary, resultAt, runtimesOf,
  suitesOf,
} from "./_format.ts";
import type { CellFailure, CellResult, Report } from "./report.ts";
import {
  caseCellName, formatMetricNumber, isMetricSuite, metricFailuresAt, metricHeading, metricResultAt, metricRowsOf, realFailures, suiteMetric,
} from "./_metric.ts";
import { vsCpythonBlock } from "./vs_cpython.ts";

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Suite name -> path of its SVG chart, relative to the Markdown file. */
  chartFiles?: Record<string, string>;
  /** One line shown where the charts would be, e.g. why they could not be drawn. */
  chartNote?: string;
  /**
   * Whole Markdown sections, already escaped, computed by the layers above reports from this report
   * (the versus section of analysis/versus.ts: reports import no analysis), placed before the suites.
   */
  sections?: readonly string[];
}

/** A GitHub-flavoured Markdown table; cells must already be escaped. */
function table(header: string[], rightAligned: boolean[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(rightAligned.map((r) => (r ? "---:" : "---"))), ...rows.map(line)].join("\n");
}

/** `/a b/c.svg` -> `/a%20b/c.svg`: a link target that no character can end early. */
const linkTarget = (path: string) => path.split("/").map(encodeURIComponent).join("/");

function machineSection(report: Report): string {
  const m = report.machine;
  const cores = `${m.logicalCores}${m.cpuQuota !== null ? ` (container quota: ${m.cpuQuota} CPUs)` : ""}`;
  const rows = [
    ["CPU", esc(m.cpuModel)],
    ["Logical cores", cores],
    ["Usable cores", String(m.usableCores)],
    ["Memory", formatGiB(m.memoryBytes)],
    ["OS", `${esc(m.os)} ${esc(m.arch)}, kernel ${esc(m.kernel)}`],
    ["Host", esc(m.hostname)],
    ["Load average at start", m.loadAvg.map((x) => x.toFixed(2)).join(", ")],
  ];
  return ["## Machine", "", table(["", ""], [false, false], rows)].join("\n");
}

function runtimesSection(report: Report): string {
  const kinds = [...new Set(report.runtimes.flatMap((r) => Object.keys(r.mechanisms)))];
  // The label is how the suite tables name the column (bun@1.4.5); older files have the name only.
  const rows = report.runtimes.map((r) => [
    esc(r.label ?? r.name), esc(r.version), ...kinds.map((k) => (r.mechanisms[k] ? esc(r.mechanisms[k]!) : "–")), esc(r.executable),
  ]);
  const header = ["Runtime", "Version", ...kinds.map(esc), "Executable"];
  return ["## Runtimes", "", table(header, header.map(() => false), rows)].join("\n");
}

const dash = "–";

/** The measured columns of a cell's row (median … notes), already escaped. */
function measuredColumns(r: CellResult, failures: CellFailure[]): string[] {
  const median = `${formatMs(r.medianMs)} (${formatInterval(r.ciLowMs, r.ciHighMs, formatMs)})`;
  const interval = (low: number | null, high: number | null) => (low !== null && high !== null ? ` (${formatInterval(low, high, formatRatio)})` : "");
  const baseline = isBaseline(r.variant);
  let speedup = "no serial baseline";
  if (baseline) speedup = "baseline";
  else if (r.speedup !== null) speedup = `${formatRatio(r.speedup)}×${interval(r.speedupCiLow, r.speedupCiHigh)}`;
  const capacity = r.capacity && !baseline ? `${formatRatio(r.capacity.median)} (${formatInterval(r.capacity.p10, r.capacity.p90, formatRatio)})` : dash;
  const perCapacity = r.speedupPerCapacity && !baseline
    ? `${formatRatio(r.speedupPerCapacity.value)}${interval(r.speedupPerCapacity.low, r.speedupPerCapacity.high)}` : dash;
  const efficiency = r.efficiency !== null && !baseline ? formatRatio(r.efficiency) : dash;
  // Rounds are counted from 1 for people (the JSON counts from 0).
  const notes: string[] = [];
  if (!r.verified) notes.push("✗ not verified");
  if (failures.length) notes.push(`✗ failed in ${failures.map((f) => (f.round !== undefined ? `round ${f.round + 1}` : "a process")).join(", ")}`);
  if (r.warnings.length) notes.push("⚠");
  if (r.spawnMs !== null) notes.push(`spawn ${formatMs(r.spawnMs)} ms`);
  return [median, speedup, capacity, perCapacity, efficiency, String(r.processes.length), notes.join(" · ")];
}

/** The exact header of every suite table (a contract for readers who parse the Markdown). */
export const SUITE_TABLE_HEADER = [
  "Runtime", "Variant", "Workers", "Median ms (95% CI)", "Speedup (95% CI)", "Capacity (p10–p90)", "Speedup / capacity (95% CI)",
  "Efficiency", "Processes", "Notes",
] as const;

function suiteTable(report: Report, suite: string): string {
  const rows = cellRowsOf(report, suite).map((key) => {
    const result = resultAt(report, key.runtime, suite, key);
    const failures = report.failures.filter((f) => f.runtime === key.runtime && f.suite === suite && f.variant === key.variant && f.workers === key.workers);
    const head = [esc(key.runtime), esc(key.variant), String(key.workers)];
    if (result) return [...head, ...measuredColumns(result, failures)];
    const unsupported = failures.find((f) => f.kind === "unsupported");
    if (unsupported) return [...head, `unsupported: ${esc(unsupported.reason)}`, dash, dash, dash, dash, "0", ""];
    const kinds = [...new Set(failures.map((f) => esc(f.kind)))].join(", ");
    return [...head, `**failed** (${kinds})`, dash, dash, dash, dash, "0", ""];
  });
  const right = SUITE_TABLE_HEADER.map((h) => !["Runtime", "Variant", "Notes"].includes(h));
  return table([...SUITE_TABLE_HEADER], right, rows);
}

/**
 * The table of a suite that reports its own measure (or measures cases): one row per runtime,
 * variant, case and worker count, the measure in its unit with its interval (and MB/s when the suite
 * moves payload), instead of speedup and capacity, which say nothing about a channel.
 */
function metricTable(report: Report, suite: string): string {
  const m = suiteMetric(report, suite);
  const bytes = report.results.some((r) => r.suite === suite && r.metric?.mbPerS);
  const figure = (x: { value: number; low: number; high: number }, u: string) =>
    `${formatMetricNumber(x.value, u)} (${formatInterval(x.low, x.high, (v) => formatMetricNumber(v, u))})`;
  const header = ["Runtime", "Variant", "Case", "Workers", `${esc(m ? metricHeading(m) : "Measure")} (95% CI)`, ...(bytes ? ["MB/s (95% CI)"] : []), "Processes", "Notes"];
  const rows: string[][] = [];
  for (const runtime of runtimesOf(report)) {
    for (const row of metricRowsOf(report, suite)) {
      const r = metricResultAt(report, runtime, suite, row);
      const failures = metricFailuresAt(report, runtime, suite, row);
      if (!r && !failures.length) continue;
      const head = [esc(runtime), esc(row.variant), esc(row.case ?? dash), String(row.workers)];
      if (r) {
        const notes: string[] = [];
        if (!r.verified) notes.push("✗ not verified");
        if (failures.length) notes.push(`✗ failed in ${failures.map((f) => (f.round !== undefined ? `round ${f.round + 1}` : "a process")).join(", ")}`);
        if (r.warnings.length) notes.push("⚠");
        if (r.spawnMs !== null) notes.push(`spawn ${formatMs(r.spawnMs)} ms`);
        const value = r.metric ? figure(r.metric, r.metric.unit) : `${formatMs(r.medianMs)} ms`;
        const mb = r.metric?.mbPerS ? figure(r.metric.mbPerS, "MB/s") : dash;
        rows.push([...head, value, ...(bytes ? [mb] : []), String(r.processes.length), notes.join(" · ")]);
      } else {
        const unsupported = failures.find((f) => f.kind === "unsupported");
        const what = unsupported ? `unsupported: ${esc(unsupported.reason)}` : `**failed** (${[...new Set(failures.map((f) => esc(f.kind)))].join(", ")})`;
        rows.push([...head, what, ...(bytes ? [dash] : []), "0", ""]);
      }
    }
  }
  const right = header.map((h) => !["Runtime", "Variant", "Case", "Notes"].includes(h));
  return table(header, right, rows);
}

/** The answer lines of a suite whose cells measure cases: the answer differs by case by design, so it is compared within each. */
function caseAnswerLines(results: CellResult[]): string {
  const cases = [...new Set(results.map((r) => r.case))];
  if (cases.length <= 1) return answerLine(results);
  return cases.map((c) => `_${esc(c ?? "no case")}:_ ${answerLine(results.filter((r) => r.case === c))}`).join("\n\n");
}

function answerLine(results: CellResult[]): string {
  if (results.length === 0) return "**Answer:** no cell of this suite was measured.";
  const verified = results.filter((r) => r.verified);
  const answers = [...new Set(verified.map((r) => r.answer))];
  const parts: string[] = [];
  if (answers.length === 1) {
    parts.push(`**Answer:** ${esc(answers[0]!)} — verified in ${verified.length} of ${results.length} measured cells.`);
  } else if (answers.length > 1) {
    parts.push(`**Answers differ between cells:** ${answers.map(esc).join("; ")}.`);
  } else parts.push("**Answer:** not verified in any cell.");
  for (const r of results.filter((x) => !x.verified)) parts.push(`**Not verified:** ${esc(caseCellName(r, false))} answered ${esc(r.answer)}.`);
  return parts.join("\n\n");
}

/** Where the suite's cells ran, when the suite pinned them to one CPU: said once, with the suite's reason. */
function pinningLine(results: CellResult[]): string[] {
  const pinned = results.filter((r) => r.pinned);
  if (pinned.length === 0) return [];
  const cpus = [...new Set(pinned.map((r) => r.pinned!.cpus))];
  const some = pinned.length < results.length ? ` (${pinned.length} of ${results.length} cells)` : "";
  return ["", `**On one CPU**${some}: CPU ${esc(cpus.join(", "))} (\`taskset -c\`), because ${esc(pinned[0]!.pinned!.why)}.`];
}

function suiteSection(report: Report, suite: string, options: MarkdownOptions): string {
  const results = report.results.filter((r) => r.suite === suite);
  const ownMeasure = isMetricSuite(report, suite);
  // Unsupported cells are planned gaps that say why in the table, not failures.
  const failures = report.failures.filter((f) => f.suite === suite && f.kind !== "unsupported");
  const out = [`## ${esc(suite)}`, "", ownMeasure ? caseAnswerLines(results) : answerLine(results), ...pinningLine(results), ...vsCpythonBlock(report, suite), "",
    ownMeasure ? metricTable(report, suite) : suiteTable(report, suite)];
  const chart = options.chartFiles?.[suite];
  if (chart) out.push("", `![${ownMeasure ? "Chart" : "Speedup chart"} for ${esc(suite)}](${linkTarget(chart)})`);
  const warned = results.filter((r) => r.warnings.length);
  if (warned.length) {
    out.push("", "**Warnings**", "");
    for (const r of warned) for (const w of r.warnings) out.push(`- ${esc(caseCellName(r, false))}: ${esc(w)}`);
  }
  if (failures.length) {
    out.push("", "**Failures**", "");
    for (const f of failures) {
      const round = f.round !== undefined ? `, round ${f.round + 1}` : "";
      out.push(`- ${esc(caseCellName(f, false))}${round} (${esc(f.kind)}): ${esc(f.reason)}`);
    }
  }
  return out.join("\n");
}

/** What the columns mean; said once, above the suites. */
function legend(report: Report): string {
  const speedup = report.upgradedFrom !== undefined
    ? `speedup = serial median / this median (95% bootstrap interval; ${esc(report.upgradedFrom)}, not paired run by run)`
    : "speedup = paired: each sweep's serial run / this cell's run in the same block process, median over sweeps and " +
      "processes (95% interval, bootstrap over processes, then pairs)";
  return "Median ms: median of every run of every process (95% interval). " + `${speedup}; ` +
    "capacity = the machine's parallel capacity measured beside the cell's runs (a calibrated spin on N threads vs 1), " +
    "median (10th–90th percentile); speedup / capacity = how much of what the machine offered the runtime achieved " +
    "(1.00 = all of it); efficiency = speedup / min(workers, usable cores); processes = fresh processes that measured " +
    "the cell; spawn = pool start-up, timed apart from the work. ⚠ = see the warnings below the table." +
    (suitesOf(report).some((s) => isMetricSuite(report, s))
      ? " A suite with its own measure (communication suites) shows it instead of a speedup: the median run in its unit, per operation " +
        "(e.g. µs per round trip) or per second (e.g. items/s), with the run time's 95% interval converted alike; MB/s = payload bytes " +
        "moved per second, both ways counted; unsupported = the variant lacks what the case needs, so it never ran."
      : "");
}

/**
 * Render a report as GitHub-flavoured Markdown.
 *
 * @example
 * ```ts
 * const md = renderMarkdown(report, { chartFiles: { collatz: "run-collatz.svg" } });
 * ```
 */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const c = report.config;
  const measured = report.results.length;
  const verified = report.results.filter((r) => r.verified).length;
  const out = [
    `# tribench report — ${esc(formatCreatedAt(report.createdAt))}`,
    "",
    `Size **${esc(c.size)}** · workers ${c.workers.join(", ")} · ` +
      `${measured} cells measured, ${verified} verified, ${realFailures(report).length} failed` +
      `${report.failures.length > realFailures(report).length ? `, ${report.failures.length - realFailures(report).length} unsupported` : ""}` +
      ` · ${esc(report.tool.name)} ${esc(report.tool.version)}`,
    "",
    `**Plan:** ${esc(planSummary(report))} — ${esc(report.plan.reason)}`,
  ];
  if (report.partial) out.push("", "**Partial report:** the run was interrupted; only the cells measured before that are here.");
  out.push("", machineSection(report), "", runtimesSection(report));
  if (report.warnings.length) out.push("", "## Run warnings", "", ...report.warnings.map((w) => `- ${esc(w)}`));
  out.push("", legend(report));
  if (options.chartNote) out.push("", `_${esc(options.chartNote)}_`);
  for (const section of options.sections ?? []) out.push("", section);
  for (const suite of suitesOf(report)) out.push("", suiteSection(report, suite, options));
  return out.join("\n") + "\n";
}
