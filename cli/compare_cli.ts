/**
 * `tribench compare BASE.json HEAD.json`: exit 0 when no cell regressed, 1 when at least one did (or
 * failed in HEAD), 2 for bad input (thrown as {@link UsageError}; the entry prints it as one line).
 *
 * @module
 */
import { oneOf, UsageError } from "../core/usage.ts";
import { appendStepSummary, numberFlag, parseVerbArgs, writeOutput } from "./report_args.ts";
import { compareReports, DEFAULT_COMPARE_OPTIONS } from "../analysis/compare.ts";
import { renderCompareMarkdown } from "../analysis/compare_markdown.ts";
import { EXPORT_FORMATS, exportReport } from "../reports/exports.ts";
import { loadReport } from "../reports/load.ts";

/** Usage text of `tribench compare --help`. */
export const COMPARE_USAGE = `Usage: tribench compare BASE.json HEAD.json [options]

Says, per cell, whether HEAD regressed, improved or is unchanged against BASE. A change counts only when
it is significant (two-sided Mann-Whitney U p < alpha, and its bootstrap interval excludes 0) AND at least
the threshold. Speedup (and efficiency) over each runtime's serial cell is compared the same way.

Options:
  --threshold PCT        smallest change that counts, in percent (default ${DEFAULT_COMPARE_OPTIONS.thresholdPct})
  --alpha P              significance level (default ${DEFAULT_COMPARE_OPTIONS.alpha})
  --cross-machine        allow reports from different machines (the output says so)
  --json                 print the comparison as JSON (tribench/compare@1) instead of Markdown
  --markdown FILE        also write the Markdown to FILE
  --export FORMAT        also export HEAD as ${EXPORT_FORMATS.join(" or ")} ...
  --export-out FILE      ... to FILE
  --help                 this text

Exit code: 0 no regression, 1 at least one regression, 2 bad input.
The Markdown is appended to $GITHUB_STEP_SUMMARY when that is set.
`;

const OPTIONS = {
  threshold: { type: "string" },
  alpha: { type: "string" },
  "cross-machine": { type: "boolean" },
  json: { type: "boolean" },
  markdown: { type: "string" },
  export: { type: "string" },
  "export-out": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Run `tribench compare` with the arguments after the verb; `stdout` is where the table or JSON goes.
 *
 * @example
 * ```ts
 * process.exitCode = await main(["results/main.json", "results/latest.json", "--threshold", "3"]);
 * ```
 */
export async function main(args: string[], stdout: Pick<NodeJS.WritableStream, "write"> = process.stdout): Promise<number> {
  const { values, positionals } = parseVerbArgs("compare", args, OPTIONS);
  if (values.help) {
    stdout.write(COMPARE_USAGE);
    return 0;
  }
  if (positionals.length !== 2) {
    throw new UsageError(`compare needs exactly two reports, BASE and HEAD (got ${positionals.length}); see tribench compare --help`);
  }
  const thresholdPct = numberFlag("threshold", values.threshold, DEFAULT_COMPARE_OPTIONS.thresholdPct, 0, 1000);
  const alpha = numberFlag("alpha", values.alpha, DEFAULT_COMPARE_OPTIONS.alpha, 1e-6, 0.5);
  const format = values.export === undefined ? undefined : oneOf("export format", values.export, EXPORT_FORMATS);
  if ((format === undefined) !== (values["export-out"] === undefined)) {
    throw new UsageError("--export and --export-out go together: --export FORMAT --export-out FILE");
  }

  const [basePath, headPath] = positionals as [string, string];
  const base = await loadReport(basePath);
  const head = await loadReport(headPath);
  const comparison = compareReports(base, head, {
    ...DEFAULT_COMPARE_OPTIONS,
    thresholdPct,
    alpha,
    crossMachine: values["cross-machine"] ?? false,
  });
  const markdown = renderCompareMarkdown(comparison, { base: basePath, head: headPath });

  if (values.markdown !== undefined) await writeOutput(values.markdown, `${markdown}\n`);
  if (format !== undefined) await writeOutput(values["export-out"]!, exportReport(head, format));
  await appendStepSummary(markdown);
  stdout.write(values.json ? `${JSON.stringify(comparison, null, 2)}\n` : `${markdown}\n`);
  return comparison.regression ? 1 : 0;
}
