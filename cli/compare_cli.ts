/**
 * `tribench compare BASE.json HEAD.json`, or several reports per side with `--` between the sides:
 * exit 0 when nothing counted regressed, 1 when a counted measure regressed (or a cell failed in HEAD),
 * 3 when no cell regressed but the machine changed under some (rerun on a quieter machine), 2 for bad
 * input (thrown as {@link UsageError}; the entry prints it as one line).
 *
 * @module
 */
import { oneOf, UsageError } from "../core/usage.ts";
import { appendStepSummary, numberFlag, parseVerbArgs, writeOutput } from "./report_args.ts";
import { compareReports, DEFAULT_COMPARE_OPTIONS, FAIL_ON_MEASURES, HOLM_BELOW, type FailOn } from "../analysis/compare.ts";
import { renderCompareMarkdown } from "../analysis/compare_markdown.ts";
import { EXPORT_FORMATS, exportReport } from "../reports/exports.ts";
import { loadReport } from "../reports/load.ts";

/** Usage text of `tribench compare --help`. */
export const COMPARE_USAGE = `Usage: tribench compare BASE.json HEAD.json [options]
       tribench compare BASE1.json BASE2.json ... -- HEAD1.json HEAD2.json ... [options]

Says, per cell, whether HEAD regressed, improved or is unchanged against BASE, and the smallest change
each cell could have detected. Several reports per side (same machine and config) pool their processes
per cell. The unit is the process: Welch's t test on the logs of per-process medians (a side with one
process falls back to its runs, with a warning). A change counts only when it is significant after a
correction across cells (Benjamini-Hochberg from ${HOLM_BELOW} tests on, Holm below) AND at least the threshold.
A parallel cell whose sides saw different machine capacity is inconclusive: the machine changed.

Options:
  --threshold PCT        smallest change that counts, in percent (default ${DEFAULT_COMPARE_OPTIONS.thresholdPct})
  --alpha P              false discovery rate (Holm: chance of any false verdict) (default ${DEFAULT_COMPARE_OPTIONS.alpha})
  --fail-on LIST         regressions that fail the run: time, speedup or time,speedup (default ${DEFAULT_COMPARE_OPTIONS.failOn.join(",")})
  --cross-machine        allow reports from different machines (the output says so)
  --json                 print the comparison as JSON (tribench/compare@2) instead of Markdown
  --markdown FILE        also write the Markdown to FILE
  --export FORMAT        also export the (first) HEAD report as ${EXPORT_FORMATS.join(" or ")} ...
  --export-out FILE      ... to FILE
  --help                 this text

Exit code: 0 no regression, 1 at least one regression, 3 inconclusive (the machine changed), 2 bad input.
The Markdown is appended to $GITHUB_STEP_SUMMARY when that is set.
`;

const OPTIONS = {
  threshold: { type: "string" },
  alpha: { type: "string" },
  "fail-on": { type: "string" },
  "cross-machine": { type: "boolean" },
  json: { type: "boolean" },
  markdown: { type: "string" },
  export: { type: "string" },
  "export-out": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** `--fail-on time,speedup` as a list of measures, each checked. */
export function parseFailOn(value: string | undefined): FailOn[] {
  if (value === undefined) return [...DEFAULT_COMPARE_OPTIONS.failOn];
  const names = value.split(",").map((s) => s.trim()).filter(Boolean);
  if (!names.length) throw new UsageError(`--fail-on needs time, speedup or time,speedup`);
  const chosen = new Set(names.map((n) => oneOf("--fail-on measure", n, FAIL_ON_MEASURES)));
  return FAIL_ON_MEASURES.filter((m) => chosen.has(m));
}

/**
 * The report paths of each side: two positionals (BASE HEAD), or any number on each side of `--`.
 * Flags may stand anywhere; each part is parsed on its own so a flag's value is never taken for a file.
 */
function sides(args: string[]) {
  const cut = args.indexOf("--");
  const parts = cut < 0 ? [args] : [args.slice(0, cut), args.slice(cut + 1)];
  const parsed = parts.map((p) => parseVerbArgs("compare", p, OPTIONS));
  const values = Object.assign({}, ...parsed.map((p) => p.values)) as (typeof parsed)[number]["values"];
  if (values.help) return { values, base: [], head: [] };
  if (cut < 0) {
    const positionals = parsed[0]!.positionals;
    if (positionals.length !== 2) {
      throw new UsageError(`compare needs exactly two reports, BASE and HEAD (got ${positionals.length}), or BASE... -- HEAD...; see tribench compare --help`);
    }
    return { values, base: [positionals[0]!], head: [positionals[1]!] };
  }
  const [base, head] = [parsed[0]!.positionals, parsed[1]!.positionals];
  if (!base.length || !head.length) {
    throw new UsageError(`compare needs at least one report on each side of '--' (got ${base.length} BASE, ${head.length} HEAD)`);
  }
  return { values, base, head };
}

/**
 * Run `tribench compare` with the arguments after the verb; `stdout` is where the table or JSON goes.
 *
 * @example
 * ```ts
 * process.exitCode = await main(["base1.json", "base2.json", "--", "head1.json", "head2.json", "--threshold", "3"]);
 * ```
 */
export async function main(args: string[], stdout: Pick<NodeJS.WritableStream, "write"> = process.stdout): Promise<number> {
  const { values, base: basePaths, head: headPaths } = sides(args);
  if (values.help) {
    stdout.write(COMPARE_USAGE);
    return 0;
  }
  const thresholdPct = numberFlag("threshold", values.threshold, DEFAULT_COMPARE_OPTIONS.thresholdPct, 0, 1000);
  const alpha = numberFlag("alpha", values.alpha, DEFAULT_COMPARE_OPTIONS.alpha, 1e-6, 0.5);
  const failOn = parseFailOn(values["fail-on"]);
  const format = values.export === undefined ? undefined : oneOf("export format", values.export, EXPORT_FORMATS);
  if ((format === undefined) !== (values["export-out"] === undefined)) {
    throw new UsageError("--export and --export-out go together: --export FORMAT --export-out FILE");
  }

  const base = [];
  for (const p of basePaths) base.push(await loadReport(p));
  const head = [];
  for (const p of headPaths) head.push(await loadReport(p));
  const comparison = compareReports(base, head, {
    ...DEFAULT_COMPARE_OPTIONS,
    thresholdPct,
    alpha,
    failOn,
    crossMachine: values["cross-machine"] ?? false,
  }, { base: basePaths, head: headPaths });
  const markdown = renderCompareMarkdown(comparison, { base: basePaths, head: headPaths });

  if (values.markdown !== undefined) await writeOutput(values.markdown, `${markdown}\n`);
  if (format !== undefined) await writeOutput(values["export-out"]!, exportReport(head[0]!, format));
  await appendStepSummary(markdown);
  stdout.write(values.json ? `${JSON.stringify(comparison, null, 2)}\n` : `${markdown}\n`);
  return comparison.exitCode;
}
