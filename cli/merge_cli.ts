/**
 * `tribench merge A.json B.json … [--label NAME …] [--out DIR] [--json]`: several reports side by side.
 * Exit 0, or 2 for bad input (thrown as {@link UsageError}; the entry prints it as one line).
 *
 * @module
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../core/usage.ts";
import { appendStepSummary, parseVerbArgs, writeOutput } from "./report_args.ts";
import { loadReport } from "../reports/load.ts";
import { MERGE_MAX_INPUTS, MERGE_MIN_INPUTS, mergeReports, type MergeInput } from "../analysis/merge.ts";
import { renderMergeMarkdown } from "../analysis/merge_markdown.ts";

/** Usage text of `tribench merge --help`. */
export const MERGE_USAGE = `Usage: tribench merge A.json B.json ... [options]

Puts ${MERGE_MIN_INPUTS} to ${MERGE_MAX_INPUTS} reports of the same size side by side: per suite, variant and workers, each
source's median, speedup, efficiency and the ratio to the first source.

Options:
  --label NAME    label of a source, once per report in order (default: machine and runtime versions)
  --out DIR       write merge.md, merge.json and speedup charts (SVG, one per source and suite) to DIR
  --json          print the merged report as JSON (tribench/merge@1) instead of Markdown
  --help          this text

Reads tribench/report@2 files, and tribench/report@1 files (measured one process per cell).
The Markdown is appended to $GITHUB_STEP_SUMMARY when that is set.
`;

const OPTIONS = {
  label: { type: "string", multiple: true },
  out: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** File-name-safe form of a suite name. */
const slug = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, "_");

/**
 * Run `tribench merge` with the arguments after the verb; `stdout` is where the Markdown or JSON goes.
 *
 * @example
 * ```ts
 * process.exitCode = await main(["a.json", "b.json", "--label", "laptop", "--label", "ci", "--out", "merged"]);
 * ```
 */
export async function main(args: string[], stdout: Pick<NodeJS.WritableStream, "write"> = process.stdout): Promise<number> {
  const { values, positionals } = parseVerbArgs("merge", args, OPTIONS);
  if (values.help) {
    stdout.write(MERGE_USAGE);
    return 0;
  }
  if (positionals.length < MERGE_MIN_INPUTS || positionals.length > MERGE_MAX_INPUTS) {
    throw new UsageError(`merge takes ${MERGE_MIN_INPUTS} to ${MERGE_MAX_INPUTS} reports, not ${positionals.length}; see tribench merge --help`);
  }
  const labels = values.label ?? [];
  if (labels.length && labels.length !== positionals.length) {
    throw new UsageError(`--label given ${labels.length} time(s) for ${positionals.length} reports; give one per report, in order, or none`);
  }
  if (labels.some((l) => l.trim() === "")) throw new UsageError("--label must not be empty");

  const inputs: MergeInput[] = [];
  for (const [i, file] of positionals.entries()) inputs.push({ file, report: await loadReport(file), ...(labels[i] ? { label: labels[i] } : {}) });
  const merged = mergeReports(inputs);
  const markdown = renderMergeMarkdown(merged);

  if (values.out !== undefined) {
    const dir = values.out;
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new UsageError(`cannot create --out folder '${dir}': ${(error as Error).message.replace(/\s+/g, " ")}`);
    }
    // Loaded only here: the charting libraries are large and only --out draws charts.
    const { renderSpeedupCharts } = await import("../reports/charts.ts");
    const charts = new Map<number, Record<string, string>>();
    for (const [i, input] of inputs.entries()) {
      const files: Record<string, string> = {};
      for (const [suite, svg] of Object.entries(await renderSpeedupCharts(input.report))) {
        files[suite] = `speedup-${i + 1}-${slug(suite)}.svg`;
        await writeOutput(join(dir, files[suite]), svg);
      }
      charts.set(i + 1, files);
    }
    await writeOutput(join(dir, "merge.json"), `${JSON.stringify(merged, null, 2)}\n`);
    await writeOutput(join(dir, "merge.md"), `${renderMergeMarkdown(merged, { charts })}\n`);
  }
  await appendStepSummary(markdown);
  stdout.write(values.json ? `${JSON.stringify(merged, null, 2)}\n` : `${markdown}\n`);
  return 0;
}
