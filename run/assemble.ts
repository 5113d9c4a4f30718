/**
 * Turns the cells' outcomes into the versioned report: statistics per cell (bench/statistics.ts),
 * speedup against the serial cell of the same runtime, suite and size, failures, warnings. Pure: no
 * processes, no files, so a partial run and a full one are assembled the same way.
 *
 * @module
 */
import { REPORT_SCHEMA, type CellFailure, type CellResult, type MachineInfo, type Report, type RunConfig, type RuntimeRecord } from "../reports/report.ts";
import type { BenchRuntimeName, RuntimeInstall } from "../runtimes/types.ts";
import type { CellSuccessRecord } from "../harness/cell_protocol.ts";
import type { CellProcessOutcome } from "./cell_runner.ts";
import { baselineKey, type Cell } from "./matrix.ts";
import { cellWarnings, karpFlatt, speedupOf, summarize } from "../stats/summary.ts";

/** The harness may add at most this share of a cell's measured phase before we warn (issue 4: < 1%). */
export const HARNESS_OVERHEAD_LIMIT = 0.01;

/** One cell and what happened to it. */
export interface CellOutcome {
  readonly cell: Cell;
  readonly outcome: CellProcessOutcome;
}

/** Inputs of {@link assembleReport}. */
export interface AssembleInput {
  readonly createdAt: Date;
  readonly toolVersion: string;
  readonly partial: boolean;
  readonly machine: MachineInfo;
  readonly installs: readonly RuntimeInstall<BenchRuntimeName>[];
  readonly config: RunConfig;
  readonly outcomes: readonly CellOutcome[];
  /** Run-level warnings gathered before and during the run. */
  readonly warnings: readonly string[];
}

/**
 * Build the report.
 *
 * @example
 * ```ts
 * const report = assembleReport({ createdAt: new Date(), toolVersion: "0.1.0", partial: false, machine, installs, config, outcomes, warnings: [] });
 * report.results.length + report.failures.length === outcomes.length; // true
 * ```
 */
export function assembleReport(input: AssembleInput): Report {
  const serial = new Map<string, number[]>();
  for (const { cell, outcome } of input.outcomes) {
    if (outcome.ok && cell.variant === "serial") serial.set(baselineKey(cell), outcome.record.samplesMs);
  }
  const results: CellResult[] = [];
  const failures: CellFailure[] = [];
  const warnings = [...input.warnings];
  for (const { cell, outcome } of input.outcomes) {
    if (!outcome.ok) {
      failures.push({ runtime: cell.runtime, suite: cell.suite, variant: cell.variant, workers: cell.workers, size: cell.size, reason: outcome.reason, kind: outcome.kind });
      if (outcome.leftovers) warnings.push(leftoverWarning(cell, outcome.leftovers));
      continue;
    }
    results.push(cellResult(cell, outcome.record, serial.get(baselineKey(cell)), outcome.leftovers));
    const install = input.installs.find((i) => i.name === cell.runtime);
    if (install && install.version !== outcome.record.runtimeVersion) {
      const w = `${cell.runtime} reported version ${outcome.record.runtimeVersion} in its cells, but ${install.version} was located`;
      if (!warnings.includes(w)) warnings.push(w);
    }
  }
  return {
    schema: REPORT_SCHEMA,
    createdAt: input.createdAt.toISOString(),
    tool: { name: "tribench", version: input.toolVersion },
    partial: input.partial,
    machine: input.machine,
    runtimes: runtimeRecords(input.installs, input.outcomes),
    config: input.config,
    results,
    failures,
    warnings,
  };
}

function cellResult(cell: Cell, record: CellSuccessRecord, baseline: number[] | undefined, leftovers: number): CellResult {
  const s = summarize(record.samplesMs);
  const warnings = cellWarnings(record.samplesMs, s);
  const phase = record.harness.phaseMs;
  if (phase > 0 && record.harness.overheadMs / phase > HARNESS_OVERHEAD_LIMIT) {
    warnings.push(`harness: ${record.harness.name} added ${((record.harness.overheadMs / phase) * 100).toFixed(1)}% around the runs (limit ${HARNESS_OVERHEAD_LIMIT * 100}%)`);
  }
  if (leftovers) warnings.push(`the cell left ${leftovers} process${leftovers === 1 ? "" : "es"} running after it exited; they were killed`);
  // The serial cell is the baseline itself: its speedup is 1 by definition, with no interval to estimate.
  const speed = !baseline ? undefined : cell.variant === "serial" ? { speedup: 1, low: 1, high: 1 } : speedupOf(baseline, record.samplesMs);
  return {
    runtime: cell.runtime,
    suite: cell.suite,
    variant: cell.variant,
    workers: cell.workers,
    size: cell.size,
    answer: record.answer,
    verified: record.verified,
    samplesMs: record.samplesMs,
    medianMs: s.median,
    meanMs: s.mean,
    stddevMs: s.stddev,
    minMs: s.min,
    maxMs: s.max,
    ciLowMs: s.ciLow,
    ciHighMs: s.ciHigh,
    outliers: s.outliers,
    spawnMs: record.spawnMs,
    speedup: speed ? speed.speedup : null,
    speedupCiLow: speed ? speed.low : null,
    speedupCiHigh: speed ? speed.high : null,
    efficiency: speed ? speed.speedup / cell.workers : null,
    karpFlatt: speed ? karpFlatt(speed.speedup, cell.workers) : null,
    mechanism: record.mechanism,
    warnings,
  };
}

function leftoverWarning(cell: Cell, n: number): string {
  return `${cell.runtime} ${cell.suite} ${cell.variant}: the failed cell left ${n} process${n === 1 ? "" : "es"} running; they were killed`;
}

/** Each runtime used, with the mechanisms its cells reported per worker kind. */
function runtimeRecords(installs: readonly RuntimeInstall<BenchRuntimeName>[], outcomes: readonly CellOutcome[]): RuntimeRecord[] {
  return installs.map((install) => {
    const mechanisms: Record<string, string> = {};
    for (const { cell, outcome } of outcomes) {
      if (cell.runtime === install.name && outcome.ok && outcome.record.mechanism) mechanisms[cell.variant] = outcome.record.mechanism;
    }
    return { name: install.name, version: install.version, executable: install.executable, mechanisms };
  });
}
