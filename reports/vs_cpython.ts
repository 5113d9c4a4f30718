/**
 * The "vs CPython" line of a suite in the Markdown report: the question readers of the Python
 * multiprocessing tutorials bring — what does the best JS runtime gain over CPython here, and do
 * CPython's threads scale at all (the GIL)? Read only from verified cells; nothing is printed when
 * the run has no CPython cell or no JS cell for the suite.
 *
 * @module
 */
import { escapeMarkdown as esc } from "./escape.ts";
import { formatMs, formatRatio, isBaseline } from "./_format.ts";
import type { CellResult, Report } from "./report.ts";
import { runtimeNameOf } from "../runtimes/versions/label.ts";

/** The runtime name of CPython in reports (cells hold its label, `python@3.12.3`, whose name this is). */
export const CPYTHON = "python";

/** The fastest verified cell (lowest median) of `results`, or `undefined`. */
export function fastestCell(results: readonly CellResult[]): CellResult | undefined {
  let best: CellResult | undefined;
  for (const r of results) if (r.verified && (!best || r.medianMs < best.medianMs)) best = r;
  return best;
}

/** `processes ×2` / `serial`: how a cell ran. */
function how(r: CellResult): string {
  return isBaseline(r.variant) || r.variant === "async" ? r.variant : `${r.variant} ×${r.workers}`;
}

/** `45.1 ms, ×1.90 over serial` (the speedup only when there is one). */
function timeAndSpeedup(r: CellResult): string {
  const speedup = !isBaseline(r.variant) && r.speedup !== null ? `, ×${formatRatio(r.speedup)} over its serial` : "";
  return `${formatMs(r.medianMs)} ms${speedup}`;
}

/**
 * The Markdown line comparing the fastest JS cell with the fastest CPython cell of `suite` (plain
 * text, already escaped), or `undefined` when either side has no verified cell.
 *
 * @example
 * ```ts
 * vsCpythonLine(report, "countdown");
 * // "**vs CPython:** fastest JS: bun processes ×2, 410 ms, ×1.90 over its serial; fastest CPython: processes ×2, 2690 ms, ×1.85 over its serial;
 * //  CPython takes ×6.56 the time of the best JS. CPython threads: ×0.97 at best."
 * ```
 */
export function vsCpythonLine(report: Report, suite: string): string | undefined {
  const results = report.results.filter((r) => r.suite === suite && r.verified);
  const isPython = (r: CellResult) => runtimeNameOf(r.runtime) === CPYTHON;
  const python = results.filter(isPython);
  const js = fastestCell(results.filter((r) => !isPython(r)));
  const py = fastestCell(python);
  if (!js || !py) return undefined;
  const parts = [
    `fastest JS: ${esc(js.runtime)} ${esc(how(js))}, ${timeAndSpeedup(js)}`,
    `fastest CPython: ${esc(how(py))}, ${timeAndSpeedup(py)}`,
  ];
  const ratio = py.medianMs / js.medianMs;
  const verdict = ratio >= 1 ? `CPython takes ×${formatRatio(ratio)} the time of the best JS` : `the best JS takes ×${formatRatio(1 / ratio)} the time of CPython`;
  const threads = python.filter((r) => r.variant === "threads" && r.speedup !== null);
  const threadsNote = threads.length ? ` CPython threads: ×${formatRatio(Math.max(...threads.map((r) => r.speedup!)))} over serial at best.` : "";
  return `**vs CPython:** ${parts.join("; ")}; ${verdict}.${threadsNote}`;
}

/** The lines {@link vsCpythonLine} adds to a suite section: a blank line and the line, or nothing. */
export function vsCpythonBlock(report: Report, suite: string): string[] {
  const line = vsCpythonLine(report, suite);
  return line === undefined ? [] : ["", line];
}
