/**
 * Turn a `tribench/report@1` (one process per cell) into the current model, so every reader
 * (renderers, `compare`, `merge`) handles one shape. Nothing is invented: each v1 cell becomes a
 * cell measured by one process, what report@1 never measured (capacity, paired speedups, the share
 * of variance between processes, the block log) is `null` or empty, the plan says it was upgraded,
 * and a run warning says the variance between processes is unknown.
 *
 * @module
 */
import { REPORT_SCHEMA, type CellFailure, type CellResult, type MachineInfo, type Report } from "./report.ts";
import { REPORT_SCHEMA_V1, type V1CellResult, type V1MachineInfo, type V1Report } from "./report_v1.ts";

/** The run warning every upgraded report@1 carries. */
export const V1_PROCESS_WARNING = "report@1: one process per cell, so the variance between processes is unknown";

/** Cores a report@1 run could use: its logical cores, capped by a container quota rounded down (at least 1). */
function usableCoresOf(m: V1MachineInfo): number {
  const byQuota = m.cpuQuota !== null ? Math.floor(m.cpuQuota) : m.logicalCores;
  return Math.max(1, Math.min(m.logicalCores, byQuota));
}

/** Only the `io` suite waits on I/O; report@1 did not record it, and no other suite did. */
const boundOf = (suite: string): "cpu" | "io" => (suite === "io" ? "io" : "cpu");

function upgradeCell(c: V1CellResult, usableCores: number): CellResult {
  return {
    runtime: c.runtime,
    suite: c.suite,
    variant: c.variant,
    workers: c.workers,
    size: c.size,
    answer: c.answer,
    verified: c.verified,
    mechanism: c.mechanism,
    bound: boundOf(c.suite),
    processes: [{ round: 0, block: -1, samplesMs: [...c.samplesMs], medianMs: c.medianMs, spawnMs: c.spawnMs, pairedSpeedups: null, capacity: null }],
    samplesMs: [...c.samplesMs],
    medianMs: c.medianMs,
    ciLowMs: c.ciLowMs,
    ciHighMs: c.ciHighMs,
    meanMs: c.meanMs,
    stddevMs: c.stddevMs,
    minMs: c.minMs,
    maxMs: c.maxMs,
    outliers: [...c.outliers],
    betweenProcessShare: null,
    spawnMs: c.spawnMs,
    speedup: c.speedup,
    speedupCiLow: c.speedupCiLow,
    speedupCiHigh: c.speedupCiHigh,
    capacity: null,
    speedupPerCapacity: null,
    // report@2 divides by the cores that could be used, not the workers; the same where workers fit.
    efficiency: c.speedup === null ? null : c.speedup / Math.min(c.workers, usableCores),
    karpFlatt: c.karpFlatt,
    warnings: [...c.warnings],
  };
}

/**
 * The report@2 model of a report@1 (a fresh object; the input is not changed).
 *
 * @example
 * ```ts
 * const report = upgradeReport(JSON.parse(await readFile("old.json", "utf8")));
 * report.upgradedFrom; // "tribench/report@1"
 * ```
 */
export function upgradeReport(v1: V1Report): Report {
  const machine: MachineInfo = { ...v1.machine, loadAvg: [...v1.machine.loadAvg], usableCores: usableCoresOf(v1.machine) };
  const c = v1.config;
  return {
    schema: REPORT_SCHEMA,
    createdAt: v1.createdAt,
    tool: { ...v1.tool },
    partial: v1.partial,
    machine,
    runtimes: v1.runtimes.map((r) => ({ ...r, mechanisms: { ...r.mechanisms } })),
    config: {
      runtimes: [...c.runtimes],
      suites: [...c.suites],
      variants: [...c.variants],
      workers: [...c.workers],
      size: c.size,
      runs: c.runs,
      warmup: c.warmup,
      rounds: null,
      budgetS: null,
      seed: null,
      cellTimeoutMs: c.cellTimeoutMs,
      api: c.api ?? "native",
      argv: [...c.argv],
    },
    plan: {
      seed: 0,
      rounds: 1,
      runs: c.runs,
      warmup: c.warmup,
      budgetS: null,
      firstRoundS: null,
      // An interrupted report@1 did not finish its one round.
      roundsDone: v1.partial ? 0 : 1,
      reason: `upgraded from ${REPORT_SCHEMA_V1}: one process per cell`,
    },
    blocks: [],
    results: v1.results.map((r) => upgradeCell(r, machine.usableCores)),
    failures: v1.failures.map((f): CellFailure => ({ ...f })),
    warnings: [...v1.warnings, V1_PROCESS_WARNING],
    upgradedFrom: REPORT_SCHEMA_V1,
  };
}
