/**
 * Turns the block processes' outcomes into the versioned report (report@2): each cell's processes,
 * its process-level statistics, its paired speedup against the serial runs of the same sweeps, the
 * machine's capacity measured beside it, failures and warnings. Pure: no processes, no files, so a
 * partial run and a full one are assembled the same way. The statistics are `stats/`'s; this file
 * only decides what is paired with what.
 *
 * @module
 */
import type { BlockCellSuccess, BlockSuccessRecord } from "../harness/block_protocol.ts";
import type { BlockLog, CellFailure, CellResult, MachineInfo, ProcessSample, Report, RunConfig, RunPlan, RuntimeRecord } from "../reports/report.ts";
import { REPORT_SCHEMA } from "../reports/report.ts";
import type { BenchRuntimeName, RuntimeInstall } from "../runtimes/types.ts";
import { installLabel } from "../runtimes/versions/label.ts";
import type { CellMetricSpec } from "../suites/cases.ts";
import { suiteByName } from "../suites/registry.ts";
import type { AnySuite } from "../suites/types.ts";
import { metricOfRuns, metricSpecOf } from "./cell_metric.ts";
import { median as medianOf, quantile as quantileOf } from "simple-statistics";
import { pairedSpeedup } from "../stats/paired.ts";
import { bimodalProcesses, processLevelSummary } from "../stats/levels.ts";
import { cellWarnings, karpFlatt, summarize } from "../stats/summary.ts";
import { bimodalWarning, capacityWarning, fewProcessesWarning, superlinearWarning } from "../stats/warnings.ts";
import type { BlockProcessOutcome } from "./block_runner.ts";
import { blockLabel, cellKey, isPooled, variantLabel, type Block, type Cell, type UnsupportedCell } from "./plan.ts";

/** The harness may add at most this share of a block's measured phase before we warn (issue 4: < 1%). */
export const HARNESS_OVERHEAD_LIMIT = 0.01;

/** One block process and what happened to it. */
export interface BlockOutcome {
  readonly block: Block;
  readonly round: number;
  readonly seed: number;
  /** Start, in ms from the start of the run. */
  readonly startedAtMs: number;
  readonly outcome: BlockProcessOutcome;
  /** The CPUs the block process was pinned to (`taskset -c`), when its suite asked for one CPU. */
  readonly cpus?: string;
}

/** Inputs of {@link assembleReport}. */
export interface AssembleInput {
  readonly createdAt: Date;
  readonly toolVersion: string;
  readonly partial: boolean;
  readonly machine: MachineInfo;
  readonly installs: readonly RuntimeInstall<BenchRuntimeName>[];
  readonly config: RunConfig;
  readonly plan: RunPlan;
  /** Every block of the plan (so cells keep plan order even when some never ran). */
  readonly blocks: readonly Block[];
  readonly outcomes: readonly BlockOutcome[];
  /** Whether each suite is CPU-bound or waits on I/O (absent = cpu). */
  readonly boundOf: (suite: string) => "cpu" | "io";
  /** Run-level warnings gathered before and during the run. */
  readonly warnings: readonly string[];
  /** Failures found before any block ran (a `--suite-file` that did not bundle or load), already in report form. */
  readonly earlyFailures?: readonly CellFailure[];
  /** Cells of blocks never run because their runtime version cannot run any of them (`withoutUnsupported`, run/plan.ts). */
  readonly unsupported?: readonly UnsupportedCell[];
  /**
   * The suite called `name`, for its own measure ({@link AnySuite.metric}); default: the built-in
   * suites. A run with `--suite-file` suites passes its own lookup so theirs are found too.
   */
  readonly suiteOf?: (name: string) => AnySuite | undefined;
}

/** One process's raw measurement of one cell, before statistics. */
interface RawProcess {
  readonly sample: ProcessSample;
  readonly cell: BlockCellSuccess;
  /** The serial runs of the same sweeps, when the block had a measured serial cell. */
  readonly serialMs: readonly number[] | null;
  readonly answer: string;
  /** Its block's pinning, when it had one. */
  readonly cpus: string | undefined;
}

/**
 * Build the report.
 *
 * @example
 * ```ts
 * const report = assembleReport({ createdAt: new Date(), toolVersion: "0.2.0", partial: false, machine, installs, config, plan, blocks, outcomes, boundOf: () => "cpu", warnings: [] });
 * report.schema; // "tribench/report@2"
 * ```
 */
export function assembleReport(input: AssembleInput): Report {
  const raw = new Map<string, RawProcess[]>();
  const failures: CellFailure[] = [...(input.earlyFailures ?? [])];
  const warnings = [...input.warnings];
  const blockLogs: BlockLog[] = [];
  input.outcomes.forEach(({ block, round, seed, startedAtMs, outcome, cpus }, blockIndex) => {
    const pinned = cpus !== undefined ? { cpus } : {};
    const cellNames = block.cells.map(variantLabel);
    if (!outcome.ok) {
      for (const cell of block.cells) failures.push({ ...identity(cell), round, reason: outcome.reason, kind: outcome.kind });
      if (outcome.leftovers) warnings.push(`${blockLabel(block)} round ${round + 1}: the failed block left ${plural(outcome.leftovers, "process", "processes")} running; they were killed`);
      blockLogs.push({ round, runtime: block.runtime, suite: block.suite, seed, startedAtMs, wallMs: outcome.wallMs, ok: false, reason: outcome.reason, cells: cellNames, order: [], probes: [], harnessShare: null, ...pinned });
      return;
    }
    const record = outcome.record;
    if (outcome.leftovers) warnings.push(`${blockLabel(block)} round ${round + 1}: the block left ${plural(outcome.leftovers, "process", "processes")} running after it exited; they were killed`);
    const share = record.harness.phaseMs > 0 ? record.harness.overheadMs / record.harness.phaseMs : null;
    if (share !== null && share > HARNESS_OVERHEAD_LIMIT) {
      warnings.push(`harness: ${record.harness.name} added ${(share * 100).toFixed(1)}% around the runs of ${blockLabel(block)} round ${round + 1} (limit ${HARNESS_OVERHEAD_LIMIT * 100}%)`);
    }
    blockLogs.push({
      round, runtime: block.runtime, suite: block.suite, seed, startedAtMs, wallMs: outcome.wallMs, ok: true, cells: cellNames, order: record.order,
      probes: record.probes.map(({ atMs, workers, oneMs, allMs, capacity }) => ({ atMs, workers, oneMs, allMs, capacity })), harnessShare: share, ...pinned,
    });
    collectProcesses(block, round, blockIndex, record, raw, failures, cpus);
    const install = input.installs.find((i) => installLabel(i) === block.runtime);
    if (install && install.version !== record.runtimeVersion) {
      const w = `${block.runtime} reported version ${record.runtimeVersion} in its blocks, but ${install.version} was located`;
      if (!warnings.includes(w)) warnings.push(w);
    }
  });

  const results: CellResult[] = [];
  const suiteOf = input.suiteOf ?? suiteByName;
  for (const block of input.blocks) {
    for (const cell of block.cells) {
      const processes = raw.get(cellKey(cell));
      if (processes?.length) {
        const suite = suiteOf(cell.suite);
        results.push(cellResult(cell, processes, input.machine.usableCores, input.boundOf(cell.suite), metricSpecOf(suite, cell), suite?.oneCpu));
      }
    }
    // Planned, never run: the variant lacks what the case needs. Said once per cell, not per round.
    for (const { cell, reason } of block.unsupported ?? []) failures.push({ ...identity(cell), kind: "unsupported", reason });
  }
  for (const { cell, reason } of input.unsupported ?? []) failures.push({ ...identity(cell), kind: "unsupported", reason });
  return {
    schema: REPORT_SCHEMA,
    createdAt: input.createdAt.toISOString(),
    tool: { name: "tribench", version: input.toolVersion },
    partial: input.partial,
    machine: input.machine,
    runtimes: runtimeRecords(input.installs, input.outcomes),
    config: input.config,
    plan: input.plan,
    blocks: blockLogs,
    results,
    failures,
    warnings,
  };
}

/** Add every measured cell of one block record to `raw`, and its failed cells to `failures`. */
function collectProcesses(block: Block, round: number, blockIndex: number, record: BlockSuccessRecord, raw: Map<string, RawProcess[]>, failures: CellFailure[], cpus: string | undefined): void {
  const serialIndex = block.cells.findIndex((c) => c.variant === "serial");
  const serialRecord = serialIndex >= 0 ? record.cells[serialIndex] : undefined;
  const serialMs = serialRecord?.ok ? serialRecord.samplesMs : null;
  const capacity = record.probes.length ? record.probes.map((p) => p.capacity) : null;
  block.cells.forEach((cell, i) => {
    const got = record.cells[i];
    if (!got) {
      failures.push({ ...identity(cell), round, kind: "protocol", reason: "the block's record has no entry for this cell" });
      return;
    }
    if (!got.ok) {
      failures.push({ ...identity(cell), round, kind: got.kind, reason: got.reason });
      return;
    }
    // Pairs exist only for sweeps both cells ran (a serial cell that failed mid-block leaves none).
    const paired = cell.variant === "serial" || serialMs === null || serialMs.length !== got.samplesMs.length ? null : got.samplesMs.map((ms, k) => serialMs[k]! / ms);
    const sample: ProcessSample = {
      round,
      block: blockIndex,
      samplesMs: got.samplesMs,
      medianMs: median(got.samplesMs),
      spawnMs: got.spawnMs,
      pairedSpeedups: paired,
      capacity: capacity && capacity.length === got.samplesMs.length ? capacity : null,
    };
    const key = cellKey(cell);
    raw.set(key, [...(raw.get(key) ?? []), { sample, cell: got, serialMs: paired ? serialMs : null, answer: got.answer, cpus }]);
  });
}

/** The statistics of one cell over its processes. */
function cellResult(cell: Cell, processes: readonly RawProcess[], usableCores: number, bound: "cpu" | "io", metric: CellMetricSpec | null, oneCpuWhy: string | undefined): CellResult {
  const groups = processes.map((p) => p.sample.samplesMs);
  const all = groups.flat();
  const s = summarize(all);
  const level = processLevelSummary(groups);
  const warnings = cellWarnings(all, s);
  const few = fewProcessesWarning(processes.length);
  if (few) warnings.push(few);
  const modes = bimodalProcesses(level.processMedians, level.withinSpread);
  if (modes) warnings.push(bimodalWarning(modes, "ms"));

  const cores = Math.min(cell.workers, usableCores);
  let speed: { value: number; low: number; high: number } | null = null;
  if (cell.variant === "serial") speed = { value: 1, low: 1, high: 1 };
  else {
    const pairs = processes.filter((p) => p.serialMs !== null).map((p) => ({ serialMs: p.serialMs!, cellMs: p.sample.samplesMs }));
    if (pairs.length) speed = pairedSpeedup(pairs);
  }
  // Capacity is probed on the block's largest pool; a smaller pool is offered at most its own size.
  const capacities = processes.flatMap((p) => p.sample.capacity ?? []).map((c) => Math.min(c, cell.workers));
  const capacity = isPooled(cell.variant) && capacities.length
    ? { median: median(capacities), p10: quantile(capacities, 0.1), p90: quantile(capacities, 0.9), workers: cell.workers }
    : null;
  let perCapacity: CellResult["speedupPerCapacity"] = null;
  // Only a CPU-bound suite's speedup is bounded by the cores the machine gave; an I/O-bound one waits.
  if (speed && capacity && cell.variant !== "serial" && bound === "cpu") {
    // Per sweep: that sweep's speedup over that sweep's capacity, so a dip of the machine divides out.
    const pairs = processes
      .filter((p) => p.sample.pairedSpeedups && p.sample.capacity)
      .map((p) => ({ serialMs: p.sample.pairedSpeedups!, cellMs: p.sample.capacity!.map((c) => Math.min(c, cell.workers)) }));
    if (pairs.length) perCapacity = pairedSpeedup(pairs);
    // A suite that waits on I/O needs no cores to reach its speedup: the machine cannot be its limit.
    const lowCapacity = bound === "cpu" ? capacityWarning(capacity.median, cell.workers) : null;
    if (lowCapacity) warnings.push(lowCapacity);
  }
  if (speed && cell.variant !== "serial") {
    const superlinear = superlinearWarning(speed.low, cores, bound);
    if (superlinear) warnings.push(superlinear);
  }
  const spawns = processes.map((p) => p.sample.spawnMs).filter((x): x is number => x !== null);
  return {
    ...identity(cell),
    answer: processes[processes.length - 1]!.answer,
    verified: true,
    mechanism: processes[0]!.cell.mechanism,
    bound,
    processes: processes.map((p) => p.sample),
    samplesMs: all,
    medianMs: level.median,
    ciLowMs: level.low,
    ciHighMs: level.high,
    meanMs: s.mean,
    stddevMs: s.stddev,
    minMs: s.min,
    maxMs: s.max,
    outliers: s.outliers,
    betweenProcessShare: level.betweenShare,
    spawnMs: spawns.length ? median(spawns) : null,
    speedup: speed ? speed.value : null,
    speedupCiLow: speed ? speed.low : null,
    speedupCiHigh: speed ? speed.high : null,
    capacity,
    speedupPerCapacity: perCapacity ? { value: perCapacity.value, low: perCapacity.low, high: perCapacity.high } : null,
    efficiency: speed ? speed.value / cores : null,
    karpFlatt: speed ? karpFlatt(speed.value, cell.workers) : null,
    warnings,
    ...(cell.case !== undefined ? { case: cell.case } : {}),
    ...(metric ? { metric: metricOfRuns(metric, level.median, level.low, level.high) } : {}),
    ...pinningOf(processes, oneCpuWhy),
  };
}

/** A cell is pinned when every process of it ran on the same CPUs (a run mixes them only if pinning failed midway). */
function pinningOf(processes: readonly RawProcess[], why: string | undefined): Pick<CellResult, "pinned"> {
  const cpus = processes[0]?.cpus;
  if (cpus === undefined || why === undefined || processes.some((p) => p.cpus !== cpus)) return {};
  return { pinned: { cpus, why } };
}

function identity(cell: Cell): Pick<CellFailure, "runtime" | "suite" | "variant" | "workers" | "size" | "case"> {
  return { runtime: cell.runtime, suite: cell.suite, variant: cell.variant, workers: cell.workers, size: cell.size, ...(cell.case !== undefined ? { case: cell.case } : {}) };
}

/** Each runtime used, with the mechanisms its cells reported per worker kind. */
function runtimeRecords(installs: readonly RuntimeInstall<BenchRuntimeName>[], outcomes: readonly BlockOutcome[]): RuntimeRecord[] {
  return installs.map((install) => {
    const mechanisms: Record<string, string> = {};
    for (const { block, outcome } of outcomes) {
      if (block.runtime !== installLabel(install) || !outcome.ok) continue;
      outcome.record.cells.forEach((c, i) => {
        if (c.ok && c.mechanism) mechanisms[block.cells[i]?.variant ?? c.variant] = c.mechanism;
      });
    }
    return { name: install.name, version: install.version, label: installLabel(install), executable: install.executable, mechanisms };
  });
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function median(xs: readonly number[]): number {
  return medianOf(xs as number[]);
}

/** Quantile by linear interpolation (simple-statistics' `quantile`, R's type 7). */
function quantile(xs: readonly number[], q: number): number {
  return quantileOf(xs as number[], q);
}
