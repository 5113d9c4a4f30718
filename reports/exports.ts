/**
 * A report's measured cells in the formats existing CI dashboards ingest, so tribench results can go where
 * a team already looks:
 *
 * - `github-action-benchmark`: the array its `tool: customSmallerIsBetter` reads, entries
 *   `{ name, unit, value, range?, extra? }` (benchmark-action/github-action-benchmark, "Examples" for
 *   custom benchmarks).
 * - `bmf`: Bencher Metric Format, `{ <benchmark>: { <measure slug>: { value, lower_value?, upper_value? } } }`
 *   (bencher.dev reference); `latency` is Bencher's built-in measure, in nanoseconds; `speedup` and
 *   `speedup-per-capacity` are custom measures, which Bencher creates on first sight of their slug
 *   ("How to Track Custom Benchmarks").
 *
 * Every value is the cell's median over all its processes, and lower/upper its 95% interval.
 *
 * Only cells that were measured are exported; failed cells have no number to give.
 *
 * @module
 */
import type { CellResult, Report } from "./report.ts";

/** The export formats `--export` accepts. */
export const EXPORT_FORMATS = ["github-action-benchmark", "bmf"] as const;
/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One entry of github-action-benchmark's custom JSON. */
export interface GithubActionBenchmarkEntry {
  name: string;
  unit: string;
  value: number;
  range?: string;
  extra?: string;
}

/** One Bencher metric. */
export interface BencherMetric {
  value: number;
  lower_value?: number;
  upper_value?: number;
}

/** Bencher Metric Format: benchmark name -> measure slug -> metric. */
export type BencherMetricFormat = Record<string, Record<string, BencherMetric>>;

const NS_PER_MS = 1e6;
const round = (x: number, digits: number) => Number(x.toFixed(digits));

/**
 * Stable, unique benchmark name of a cell, e.g. `node/collatz/threads/2w (default)`. The runtime is
 * named without its version when `runtime` is given as the name (see {@link runtimeNamer}), so a
 * history tool keeps one series across runtime upgrades; with two versions in one report each keeps
 * its label.
 */
export function benchmarkName(c: Pick<CellResult, "runtime" | "suite" | "variant" | "workers" | "size"> & { case?: string }, runtime: string = c.runtime): string {
  return `${runtime}/${c.suite}/${c.variant}/${c.workers}w${c.case !== undefined ? `/${c.case}` : ""} (${c.size})`;
}

/** How a report's cells name their runtime in exports: the bare name when it holds one version of it. */
export function runtimeNamer(report: Pick<Report, "results">): (label: string) => string {
  const versions = new Map<string, Set<string>>();
  for (const r of report.results) {
    const name = r.runtime.split("@")[0]!;
    versions.set(name, (versions.get(name) ?? new Set()).add(r.runtime));
  }
  return (label) => {
    const name = label.split("@")[0]!;
    return (versions.get(name)?.size ?? 0) > 1 ? label : name;
  };
}

/**
 * github-action-benchmark `customSmallerIsBetter` entries: the median in ms, the half-width of its 95%
 * interval as `range`, and the interval, runs and processes, speedup, speedup / capacity and runtime
 * version in `extra`.
 *
 * @example
 * ```ts
 * await writeFile("bench.json", JSON.stringify(toGithubActionBenchmark(report), null, 2));
 * ```
 */
export function toGithubActionBenchmark(report: Report): GithubActionBenchmarkEntry[] {
  const nameOf = runtimeNamer(report);
  return report.results.map((c) => {
    // Cells hold the runtime's label (`bun@1.4.5`); files written before labels, its name.
    const version = report.runtimes.find((r) => (r.label ?? r.name) === c.runtime)?.version ?? "?";
    const processes = c.processes.length;
    const extra = [
      `95% CI of the median ${round(c.ciLowMs, 3)}-${round(c.ciHighMs, 3)} ms`,
      `${c.samplesMs.length} runs in ${processes} process${processes === 1 ? "" : "es"}`,
      ...(c.speedup !== null ? [`speedup ${round(c.speedup, 3)}${c.efficiency !== null ? ` (efficiency ${round(c.efficiency, 3)})` : ""}`] : []),
      ...(c.speedupPerCapacity !== null
        ? [`speedup/capacity ${round(c.speedupPerCapacity.value, 3)}${c.capacity ? ` (capacity ${round(c.capacity.median, 3)})` : ""}`] : []),
      `${c.runtime} ${version}`,
    ].join("; ");
    return {
      name: benchmarkName(c, nameOf(c.runtime)),
      unit: "ms",
      value: round(c.medianMs, 4),
      range: `± ${round((c.ciHighMs - c.ciLowMs) / 2, 4)}`,
      extra,
    };
  });
}

/**
 * Bencher Metric Format: `latency` (ns, the median with its 95% interval) for every cell, a custom
 * `speedup` measure for cells that have one, and `speedup-per-capacity` where capacity was measured.
 *
 * @example
 * ```ts
 * await writeFile("bmf.json", JSON.stringify(toBencherMetricFormat(report)));
 * ```
 */
export function toBencherMetricFormat(report: Report): BencherMetricFormat {
  const nameOf = runtimeNamer(report);
  const out: BencherMetricFormat = {};
  for (const c of report.results) {
    const measures: Record<string, BencherMetric> = {
      latency: { value: round(c.medianMs * NS_PER_MS, 0), lower_value: round(c.ciLowMs * NS_PER_MS, 0), upper_value: round(c.ciHighMs * NS_PER_MS, 0) },
    };
    if (c.speedup !== null) {
      measures.speedup = {
        value: round(c.speedup, 4),
        ...(c.speedupCiLow !== null ? { lower_value: round(c.speedupCiLow, 4) } : {}),
        ...(c.speedupCiHigh !== null ? { upper_value: round(c.speedupCiHigh, 4) } : {}),
      };
    }
    if (c.speedupPerCapacity !== null) {
      const e = c.speedupPerCapacity;
      measures["speedup-per-capacity"] = { value: round(e.value, 4), lower_value: round(e.low, 4), upper_value: round(e.high, 4) };
    }
    out[benchmarkName(c, nameOf(c.runtime))] = measures;
  }
  return out;
}

/** The export of `report` in `format`, as the JSON text to write. */
export function exportReport(report: Report, format: ExportFormat): string {
  const data = format === "bmf" ? toBencherMetricFormat(report) : toGithubActionBenchmark(report);
  return `${JSON.stringify(data, null, 2)}\n`;
}
