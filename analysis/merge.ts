/**
 * `tribench merge` as data: several reports (machines, runtime versions) side by side, cell by cell,
 * each number carried over unchanged from its source and tagged with the source's index, plus the
 * ratio of each median to the first source's. Inputs are the report@2 model (`loadReport` upgrades
 * report@1 files; such a source says so in `upgradedFrom`). Presentation is in merge_markdown.ts;
 * no I/O here.
 *
 * @module
 */
import { UsageError } from "../core/usage.ts";
import type { CellResult, Report } from "../reports/report.ts";
import { pairRuntimes } from "./runtime_pairing.ts";

/** Schema of the merged JSON. */
export const MERGE_SCHEMA = "tribench/merge@1";
/** Fewest and most reports one merge takes. */
export const MERGE_MIN_INPUTS = 2;
export const MERGE_MAX_INPUTS = 20;

/** A report to merge, with where it came from. */
export interface MergeInput {
  file: string;
  report: Report;
  /** Column label; default: machine and runtime versions. */
  label?: string;
}

/** One source as the merged report describes it. */
export interface MergeSource {
  /** 1-based position, as shown in column headers (`[1]`, `[2]` …). */
  index: number;
  label: string;
  file: string;
  createdAt: string;
  /** e.g. `AMD EPYC 7763, 4 cores, linux/x64`. */
  machine: string;
  hostname: string;
  /** e.g. `node 20.20.0, deno 2.9.6`. */
  runtimes: string;
  partial: boolean;
  /** The schema the source was upgraded from (e.g. `tribench/report@1`), or `null` when it was read as written. */
  upgradedFrom: string | null;
}

/** A cell's numbers from one source, copied from its `results[]` entry. */
export interface MergedValue {
  /** 1-based index of the source. */
  source: number;
  medianMs: number;
  ciLowMs: number;
  ciHighMs: number;
  /** Every run of every process. */
  runs: number;
  /** Processes that measured the cell (1 for report@1 sources). */
  processes: number;
  speedup: number | null;
  efficiency: number | null;
  /** This median / the first source's median of the same cell; `null` when the first has none. */
  ratioToFirst: number | null;
  /** The cell's own measure (communication suites), copied: its unit, the figure and interval, which way is better. */
  metric?: { unit: string; better: "lower" | "higher"; value: number; low: number; high: number };
}

/** A cell that a source could not measure. */
export interface MergedFailure {
  source: number;
  failed: string;
}

/** One row: a cell key and, per source (in order), its value, its failure, or `null` when absent. */
export interface MergedRow {
  suite: string;
  variant: string;
  workers: number;
  /**
   * The runtime's label (`bun@1.4.5`), or its name (`bun`) when every source has one version of it
   * and they differ (each source's label says which): rows line up across versions then.
   */
  runtime: string;
  /** The suite's case (suites with cases only); part of the row's identity. */
  case?: string;
  values: (MergedValue | MergedFailure | null)[];
}

/** The merged report, as written by `--json`. */
export interface MergedReport {
  schema: typeof MERGE_SCHEMA;
  size: string;
  sources: MergeSource[];
  rows: MergedRow[];
}

type RowIdentity = { suite: string; variant: string; workers: number; runtime: string; case?: string };
const rowKey = (c: RowIdentity) => `${c.suite}/${c.variant}/${c.workers}/${c.runtime}${c.case !== undefined ? `/${c.case}` : ""}`;

function defaultLabel(r: Report): string {
  const cpu = r.machine.cpuModel.replace(/\((R|TM)\)/gi, "").replace(/\s+(CPU\s+)?@.*$/, "").replace(/\s+/g, " ").trim();
  return `${cpu} ×${r.machine.logicalCores} · ${r.runtimes.map((x) => `${x.name} ${x.version}`).join(", ")}`;
}

/** True when `v` is a measured value, not a failure. */
export const isMeasured = (v: MergedValue | MergedFailure | null): v is MergedValue => v !== null && "medianMs" in v;

/**
 * Merge 2 to 20 reports of the same size.
 *
 * @throws {UsageError} for too few or too many inputs, labels that do not match the inputs, or mixed sizes
 * @example
 * ```ts
 * const merged = mergeReports([{ file: "a.json", report: a }, { file: "b.json", report: b }]);
 * ```
 */
export function mergeReports(inputs: readonly MergeInput[]): MergedReport {
  if (inputs.length < MERGE_MIN_INPUTS || inputs.length > MERGE_MAX_INPUTS) {
    throw new UsageError(`merge takes ${MERGE_MIN_INPUTS} to ${MERGE_MAX_INPUTS} reports, not ${inputs.length}`);
  }
  const size = inputs[0]!.report.config.size;
  const odd = inputs.find((i) => i.report.config.size !== size);
  if (odd) {
    throw new UsageError(`cannot merge reports of different sizes: '${inputs[0]!.file}' ran at '${size}', '${odd.file}' at '${odd.report.config.size}'`);
  }

  const labels = inputs.map((i) => i.label ?? defaultLabel(i.report));
  // Two runs on one machine with the same versions would get the same label: number the repeats.
  const seen = new Map<string, number>();
  const unique = labels.map((l) => {
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return n === 1 ? l : `${l} (#${n})`;
  });
  const sources: MergeSource[] = inputs.map((input, i) => ({
    index: i + 1,
    label: unique[i]!,
    file: input.file,
    createdAt: input.report.createdAt,
    machine: `${input.report.machine.cpuModel}, ${input.report.machine.logicalCores} cores, ${input.report.machine.os}/${input.report.machine.arch}`,
    hostname: input.report.machine.hostname,
    runtimes: input.report.runtimes.map((x) => `${x.name} ${x.version}`).join(", "),
    partial: input.report.partial,
    upgradedFrom: input.report.upgradedFrom ?? null,
  }));

  // Rows in order of first appearance across sources, then sorted by suite, variant, workers, runtime
  // keeping each field's first-seen order (so serial comes before threads as the runs list them).
  const order = { suite: new Map<string, number>(), variant: new Map<string, number>(), runtime: new Map<string, number>(), case: new Map<string, number>() };
  const rows = new Map<string, MergedRow>();
  // Cells pair by label, or by runtime name when every source has at most one version of it (runtime_pairing.ts).
  const pairing = pairRuntimes(inputs.map((i) => [i.report]));
  const ensureRow = (cell: RowIdentity) => {
    const c = { ...cell, runtime: pairing.keyOf(cell.runtime) };
    for (const f of ["suite", "variant", "runtime"] as const) if (!order[f].has(c[f])) order[f].set(c[f], order[f].size);
    if (!order.case.has(c.case ?? "")) order.case.set(c.case ?? "", order.case.size);
    let row = rows.get(rowKey(c));
    if (!row) {
      row = { suite: c.suite, variant: c.variant, workers: c.workers, runtime: c.runtime, ...(c.case !== undefined ? { case: c.case } : {}), values: inputs.map(() => null) };
      rows.set(rowKey(c), row);
    }
    return row;
  };
  inputs.forEach(({ report }, i) => {
    for (const cell of report.results) {
      const row = ensureRow(cell);
      if (row.values[i] === null) row.values[i] = valueOf(cell, i + 1);
    }
    for (const f of report.failures) {
      const row = ensureRow(f);
      if (row.values[i] === null) row.values[i] = { source: i + 1, failed: f.reason };
    }
  });
  for (const row of rows.values()) {
    const first = row.values[0];
    for (const v of row.values) if (isMeasured(v)) v.ratioToFirst = isMeasured(first) ? v.medianMs / first.medianMs : null;
  }
  const sorted = [...rows.values()].sort((a, b) =>
    order.suite.get(a.suite)! - order.suite.get(b.suite)! || order.variant.get(a.variant)! - order.variant.get(b.variant)! ||
    order.case.get(a.case ?? "")! - order.case.get(b.case ?? "")! || a.workers - b.workers || order.runtime.get(a.runtime)! - order.runtime.get(b.runtime)!);
  return { schema: MERGE_SCHEMA, size, sources, rows: sorted };
}

function valueOf(cell: CellResult, source: number): MergedValue {
  return {
    source,
    medianMs: cell.medianMs,
    ciLowMs: cell.ciLowMs,
    ciHighMs: cell.ciHighMs,
    runs: cell.samplesMs.length,
    processes: cell.processes.length,
    speedup: cell.speedup,
    efficiency: cell.efficiency,
    ratioToFirst: null,
    ...(cell.metric ? { metric: { unit: cell.metric.unit, better: cell.metric.better, value: cell.metric.value, low: cell.metric.low, high: cell.metric.high } } : {}),
  };
}
