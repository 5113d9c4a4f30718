/**
 * The Markdown report of one run, for a person to read or paste into a write-up (and for
 * `$GITHUB_STEP_SUMMARY`): machine and runtimes first, then per suite a table with one row per
 * variant and worker count and one column per runtime (median with its interval, speedup with its
 * interval, efficiency, Karp–Flatt fraction, pool start-up), the verified answer, the cell warnings,
 * the failures and a link to the suite's chart. Every string from the environment goes through
 * {@link escapeMarkdown} so no CPU name or hostname can break a table.
 *
 * @module
 */
import { escapeMarkdown as esc } from "./escape.ts";
import {
  cellName, failureAt, formatCreatedAt, formatFraction, formatGiB, formatMs, formatRatio, isBaseline, resultAt,
  rowsOf, runtimesOf, suitesOf, type RowKey,
} from "./_format.ts";
import type { CellResult, Report } from "./report.ts";
import { vsCpythonBlock } from "./vs_cpython.ts";

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Suite name -> path of its SVG chart, relative to the Markdown file. */
  chartFiles?: Record<string, string>;
  /** One line shown where the charts would be, e.g. why they could not be drawn. */
  chartNote?: string;
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
    ["Memory", formatGiB(m.memoryBytes)],
    ["OS", `${esc(m.os)} ${esc(m.arch)}, kernel ${esc(m.kernel)}`],
    ["Host", esc(m.hostname)],
    ["Load average at start", m.loadAvg.map((x) => x.toFixed(2)).join(", ")],
  ];
  return ["## Machine", "", table(["", ""], [false, false], rows)].join("\n");
}

function runtimesSection(report: Report): string {
  const kinds = [...new Set(report.runtimes.flatMap((r) => Object.keys(r.mechanisms)))];
  const rows = report.runtimes.map((r) => [
    esc(r.name), esc(r.version), ...kinds.map((k) => (r.mechanisms[k] ? esc(r.mechanisms[k]!) : "–")), esc(r.executable),
  ]);
  const header = ["Runtime", "Version", ...kinds.map(esc), "Executable"];
  return ["## Runtimes", "", table(header, header.map(() => false), rows)].join("\n");
}

function measuredCell(r: CellResult): string {
  const lines = [`${formatMs(r.medianMs)} ms (${formatMs(r.ciLowMs)}–${formatMs(r.ciHighMs)})`];
  if (isBaseline(r.variant)) lines.push("baseline");
  else if (r.speedup !== null) {
    const interval = r.speedupCiLow !== null && r.speedupCiHigh !== null ? ` (${formatRatio(r.speedupCiLow)}–${formatRatio(r.speedupCiHigh)})` : "";
    const parts = [`×${formatRatio(r.speedup)}${interval}`];
    if (r.efficiency !== null) parts.push(`eff ${formatRatio(r.efficiency)}`);
    if (r.karpFlatt !== null) parts.push(`KF ${formatFraction(r.karpFlatt)}`);
    lines.push(parts.join(" · "));
  } else lines.push("no serial baseline");
  if (r.spawnMs !== null) lines.push(`spawn ${formatMs(r.spawnMs)} ms`);
  const marks = [r.verified ? "" : "✗ not verified", r.warnings.length ? "⚠" : ""].filter(Boolean);
  if (marks.length) lines.push(marks.join(" "));
  return lines.join("<br>");
}

function suiteTable(report: Report, suite: string, runtimes: string[]): string {
  const label = (name: string) => {
    const rt = report.runtimes.find((r) => r.name === name);
    return esc(rt ? `${rt.name} ${rt.version}` : name);
  };
  const rows = rowsOf(report, suite).map((row: RowKey) => [
    esc(row.variant),
    String(row.workers),
    ...runtimes.map((rt) => {
      const result = resultAt(report, rt, suite, row);
      if (result) return measuredCell(result);
      const failure = failureAt(report, rt, suite, row);
      return failure ? `**failed** (${esc(failure.kind)})` : "–";
    }),
  ]);
  return table(["Variant", "Workers", ...runtimes.map(label)], [false, true, ...runtimes.map(() => false)], rows);
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
  for (const r of results.filter((x) => !x.verified)) parts.push(`**Not verified:** ${esc(cellName(r))} answered ${esc(r.answer)}.`);
  return parts.join("\n\n");
}

function suiteSection(report: Report, suite: string, runtimes: string[], options: MarkdownOptions): string {
  const results = report.results.filter((r) => r.suite === suite);
  const failures = report.failures.filter((f) => f.suite === suite);
  const out = [`## ${esc(suite)}`, "", answerLine(results), ...vsCpythonBlock(report, suite), "", suiteTable(report, suite, runtimes)];
  const chart = options.chartFiles?.[suite];
  if (chart) out.push("", `![Speedup vs workers for ${esc(suite)}](${linkTarget(chart)})`);
  const warned = results.filter((r) => r.warnings.length);
  if (warned.length) {
    out.push("", "**Warnings**", "");
    for (const r of warned) for (const w of r.warnings) out.push(`- ${esc(cellName(r))}: ${esc(w)}`);
  }
  if (failures.length) {
    out.push("", "**Failures**", "");
    for (const f of failures) out.push(`- ${esc(cellName(f))} (${esc(f.kind)}): ${esc(f.reason)}`);
  }
  return out.join("\n");
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
  const runtimes = runtimesOf(report);
  const c = report.config;
  const measured = report.results.length;
  const verified = report.results.filter((r) => r.verified).length;
  const out = [
    `# tribench report — ${esc(formatCreatedAt(report.createdAt))}`,
    "",
    `Size **${esc(c.size)}** · ${c.runs} runs after ${c.warmup} warm-up · workers ${c.workers.join(", ")} · ` +
      `${measured} cells measured, ${verified} verified, ${report.failures.length} failed · ${esc(report.tool.name)} ${esc(report.tool.version)}`,
  ];
  if (report.partial) out.push("", "**Partial report:** the run was interrupted; only the cells measured before that are here.");
  out.push("", machineSection(report), "", runtimesSection(report));
  if (report.warnings.length) out.push("", "## Run warnings", "", ...report.warnings.map((w) => `- ${esc(w)}`));
  out.push(
    "",
    "Each cell: median of the measured runs (95% interval of the median); speedup = serial median / this median " +
      "(95% bootstrap interval); eff = speedup / workers; KF = Karp–Flatt serial fraction; spawn = pool start-up, " +
      "timed apart from the work. ⚠ = see the warnings below the table.",
  );
  if (options.chartNote) out.push("", `_${esc(options.chartNote)}_`);
  for (const suite of suitesOf(report)) out.push("", suiteSection(report, suite, runtimes, options));
  return out.join("\n") + "\n";
}
