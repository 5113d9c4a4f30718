/**
 * The sides of a comparison: one or more reports each, checked to be poolable (same machine and
 * config), their cells pooled by key with every process of every report, and the units a test of a
 * cell uses (per-process medians, or runs where a side has a single process).
 *
 * @module
 */
import { median, quantileSorted } from "simple-statistics";
import { UsageError } from "../core/usage.ts";
import type { CellResult, MachineInfo, ProcessSample, Report } from "../reports/report.ts";
import type { CapacityRange, CellKey, SourceInfo } from "./compare_schema.ts";

/** The key of a cell across reports (size is checked apart). */
export const keyOf = (c: Omit<CellKey, "size">) => `${c.runtime}/${c.suite}/${c.variant}/${c.workers}${c.case !== undefined ? `/${c.case}` : ""}`;
/** Just the identifying fields of a cell. */
export const keyFields = (c: CellKey): CellKey => ({ runtime: c.runtime, suite: c.suite, variant: c.variant, workers: c.workers, size: c.size });
/** The hardware as one label; two reports with the same label count as the same machine. */
export const machineLabel = (m: MachineInfo) =>
  `${m.cpuModel}, ${m.logicalCores} cores${m.cpuQuota !== null ? ` (quota ${m.cpuQuota})` : ""}, ${m.os}/${m.arch}`;
/** e.g. `node 20.20.0, deno 2.9.6`. */
export const runtimesLabel = (r: Report) => r.runtimes.map((x) => `${x.name} ${x.version}`).join(", ");

/** Same hardware as far as timings go. Hostname is ignored: CI runners of one type get random names. */
export function sameMachine(a: MachineInfo, b: MachineInfo): boolean {
  return machineLabel(a) === machineLabel(b);
}

/** A cell pooled over the reports of one side. */
export interface PooledCell {
  cell: CellResult;
  processes: ProcessSample[];
  /** From the processes' probes, or the cell's own summary when there were none. */
  capacity: CapacityRange | null;
  /** How many of the side's reports had it. */
  reports: number;
}

/** One side: its reports pooled by cell. */
export interface Side {
  reports: readonly Report[];
  cells: Map<string, PooledCell>;
  usableCores: number;
}

/**
 * Check that the reports of one side can be pooled: same machine, size, worker API, warm-up and
 * runtime versions.
 *
 * @throws {UsageError} one line naming the two files and the field that differs
 */
export function checkSide(reports: readonly Report[], names: readonly string[], label: string): void {
  if (!reports.length) throw new UsageError(`compare needs at least one ${label} report`);
  const first = reports[0]!;
  const describe = (r: Report) => [
    ["machine", machineLabel(r.machine)], ["size", r.config.size], ["worker API", r.config.api],
    ["warm-up", String(r.config.warmup)], ["runtimes", runtimesLabel(r)],
  ] as const;
  for (let i = 1; i < reports.length; i++) {
    const a = describe(first);
    const b = describe(reports[i]!);
    const at = a.findIndex(([, v], k) => v !== b[k]![1]);
    if (at >= 0) {
      throw new UsageError(`cannot pool the ${label} reports: ${names[0] ?? "the first"} has ${a[at]![0]} '${a[at]![1]}' and ` +
        `${names[i] ?? `report ${i + 1}`} '${b[at]![1]}'; pool only runs of the same machine and config`);
    }
  }
}

function capacityOf(processes: readonly ProcessSample[], cell: CellResult, reports: number): CapacityRange | null {
  const probes = processes.flatMap((p) => p.capacity ?? []).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (probes.length) return { median: median(probes), p10: quantileSorted(probes, 0.1), p90: quantileSorted(probes, 0.9) };
  return reports === 1 && cell.capacity ? { median: cell.capacity.median, p10: cell.capacity.p10, p90: cell.capacity.p90 } : null;
}

/**
 * Pool the reports of one side by cell: every process of every report that measured it. `runtimeKey`
 * gives each cell's runtime its pairing key (analysis/runtime_pairing.ts: the label, or the runtime's
 * name when the sides pair across versions); the pooled cell carries that key as its `runtime`.
 */
export function poolSide(reports: readonly Report[], runtimeKey: (runtime: string) => string = (r) => r): Side {
  const cells = new Map<string, PooledCell>();
  for (const r of reports) {
    const seen = new Set<string>();
    for (const original of r.results) {
      const c = { ...original, runtime: runtimeKey(original.runtime) };
      const key = keyOf(c);
      if (seen.has(key)) continue; // a report should not hold a key twice; if it does the first counts
      seen.add(key);
      const pooled = cells.get(key);
      if (pooled) {
        pooled.processes.push(...c.processes);
        pooled.reports++;
      } else {
        cells.set(key, { cell: c, processes: [...c.processes], capacity: null, reports: 1 });
      }
    }
  }
  for (const p of cells.values()) p.capacity = capacityOf(p.processes, p.cell, p.reports);
  return { reports, cells, usableCores: reports[0]!.machine.usableCores || reports[0]!.machine.logicalCores };
}

/** Where one report came from, for the output. */
export function sourceInfo(r: Report): SourceInfo {
  return {
    createdAt: r.createdAt, machine: machineLabel(r.machine), hostname: r.machine.hostname, runtimes: runtimesLabel(r),
    size: r.config.size, partial: r.partial, upgradedFrom: r.upgradedFrom ?? null,
  };
}

/** The positive finite values (a log test needs them). */
export const positive = (xs: readonly number[]) => xs.filter((x) => x > 0 && Number.isFinite(x));
/** Each process's median run (processes without runs are left out). */
export const processMedians = (ps: readonly ProcessSample[]) => positive(ps.filter((p) => p.samplesMs.length).map((p) => median(p.samplesMs)));
/** Every run of every process. */
export const allRuns = (ps: readonly ProcessSample[]) => positive(ps.flatMap((p) => p.samplesMs));
/** Geometric mean: the centre the log t test compares. */
export const geoMean = (xs: readonly number[]) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);

/** The units of a set of groups: process medians when every group has 2, else runs when every group has 2, else none. */
export function unitsOf(groups: readonly (readonly ProcessSample[])[]): { unit: "process" | "run"; values: number[][] } | null {
  const byProcess = groups.map(processMedians);
  if (byProcess.every((v) => v.length >= 2)) return { unit: "process", values: byProcess };
  const byRun = groups.map(allRuns);
  return byRun.every((v) => v.length >= 2) ? { unit: "run", values: byRun } : null;
}

/** Each process's median paired speedup (processes without pairs are left out). */
export const pairedUnits = (ps: readonly ProcessSample[]) => positive(ps.filter((p) => p.pairedSpeedups?.length).map((p) => median(p.pairedSpeedups!)));
