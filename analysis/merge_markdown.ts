/**
 * Present a {@link MergedReport} as Markdown: a table of sources (`[1]`, `[2]` … with label, file,
 * machine, runtimes), then one table per suite with one column group per source: median, speedup,
 * efficiency and the ratio to source [1]. Short `[n]` headers keep 20 sources readable; the labels
 * live in the sources table. Every string from a machine, a file name or a label is escaped.
 *
 * @module
 */
import { escapeMarkdown as esc } from "../reports/escape.ts";
import { isMeasured, type MergedReport, type MergedRow } from "./merge.ts";

/** Options of {@link renderMergeMarkdown}. */
export interface MergeMarkdownOptions {
  /** Chart file names per source index (1-based) and suite, relative to the Markdown file. */
  charts?: ReadonlyMap<number, Record<string, string>>;
}

const ms = (x: number) => (x >= 100 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toPrecision(3));
const two = (x: number | null) => (x === null ? "—" : x.toFixed(2));

function cells(row: MergedRow): string[] {
  return row.values.flatMap((v, i) => {
    const width = i === 0 ? 3 : 4;
    if (v === null) return new Array<string>(width).fill("—");
    if (!isMeasured(v)) return [`failed: ${esc(v.failed)}`, ...new Array<string>(width - 1).fill("")];
    const out = [ms(v.medianMs), two(v.speedup), two(v.efficiency)];
    if (i > 0) out.push(v.ratioToFirst === null ? "—" : `${v.ratioToFirst.toFixed(2)}×`);
    return out;
  });
}

/**
 * The merged report as Markdown.
 *
 * @example
 * ```ts
 * process.stdout.write(renderMergeMarkdown(mergeReports(inputs)));
 * ```
 */
export function renderMergeMarkdown(merged: MergedReport, options: MergeMarkdownOptions = {}): string {
  const out = [`## tribench merge: ${merged.sources.length} reports (size ${esc(merged.size)})`, ""];
  out.push("| # | label | report | machine | host | runtimes | created |", "|---|---|---|---|---|---|---|");
  for (const s of merged.sources) {
    const notes = [s.partial ? " (partial)" : "", s.upgradedFrom ? ` (${esc(s.upgradedFrom.replace(/^tribench\//, ""))}, one process per cell)` : ""].join("");
    out.push(`| [${s.index}] | ${esc(s.label)} | ${esc(s.file)}${notes} | ${esc(s.machine)} | ${esc(s.hostname)} | ${esc(s.runtimes)} | ${esc(s.createdAt)} |`);
  }
  out.push(
    "",
    "Per source: median time (ms), speedup over the same runtime's serial cell, efficiency (speedup / min(workers, usable cores)), " +
      "and `vs [1]`: this median divided by source [1]'s (below 1 = faster than [1]). — = not measured.",
    "",
  );
  const header = merged.sources.flatMap((s) =>
    [`[${s.index}] median ms`, `[${s.index}] speedup`, `[${s.index}] eff.`, ...(s.index > 1 ? [`[${s.index}] vs [1]`] : [])]);
  const align = merged.sources.flatMap((s) => (s.index > 1 ? ["---:", "---:", "---:", "---:"] : ["---:", "---:", "---:"]));
  const suites = [...new Set(merged.rows.map((r) => r.suite))];
  for (const suite of suites) {
    out.push(`### ${esc(suite)}`, "", `| variant | workers | runtime | ${header.join(" | ")} |`, `|---|---:|---| ${align.join(" | ")} |`);
    for (const row of merged.rows.filter((r) => r.suite === suite)) {
      out.push(`| ${esc(row.variant)} | ${row.workers} | ${esc(row.runtime)} | ${cells(row).join(" | ")} |`);
    }
    out.push("");
    const links = merged.sources.flatMap((s) => {
      const file = options.charts?.get(s.index)?.[suite];
      return file ? [`[[${s.index}] speedup](${encodeURI(file)})`] : [];
    });
    if (links.length) out.push(`Charts: ${links.join(" · ")}`, "");
  }
  return out.join("\n");
}
