/**
 * The versioned JSON report, `tribench/report@2`: a contract that CI scripts read. Change a field's
 * meaning only with a new schema version. Its JSON Schema is `reports/report.schema.json`; files of
 * the previous version (`report_v1.ts`) are read too and upgraded to this model on load.
 *
 * What changed from report@1: a cell is measured in several fresh processes (**rounds** of
 * **blocks**: one block process per runtime x suite holds the serial baseline and the pools of its
 * parallel variants, their runs interleaved in a seeded random order), so every cell lists its
 * processes, its speedup is paired run by run, the machine's parallel capacity is measured beside the
 * work, and the run's plan (rounds, runs, seed, budget) and its block log are recorded.
 *
 * **Runtime identity.** A run may measure several versions of one runtime side by side
 * (`--runtimes bun@1.3.14,bun@1.4.5`), so a column is a runtime *at a version*: every `runtime`
 * field of a cell, failure and block, and `config.runtimes`, holds the runtime's **label**,
 * `name@version` (`bun@1.4.5`; a user's build of a released version is `bun@1.4.5+local`), which is
 * also {@link RuntimeRecord.label}; the record's `name` says which runtime (adapter) it is. Files
 * written before labels (report@1, upgraded, and early report@2 files) hold the plain name there
 * (`bun`) and their records have no `label`: the name alone then identifies the column, and readers
 * (compare, merge) pair such cells by name.
 *
 * @module
 */

/** Schema identifier of this version of the report. */
export const REPORT_SCHEMA = "tribench/report@2";

/** The machine a report was measured on. */
export interface MachineInfo {
  cpuModel: string;
  logicalCores: number;
  /** Cores this process may use: min(affinity, container quota rounded down, logical cores), at least 1. */
  usableCores: number;
  memoryBytes: number;
  /** e.g. `linux`. */
  os: string;
  arch: string;
  /** Kernel release, e.g. `6.1.0-18-amd64`. */
  kernel: string;
  hostname: string;
  /** 1, 5 and 15 minute load averages when the run started. */
  loadAvg: [number, number, number];
  /** CPUs granted by a container quota (cgroup cpu.max), or `null` when there is none. */
  cpuQuota: number | null;
}

/** A runtime used in a run, exactly as it was used. */
export interface RuntimeRecord {
  /** Which runtime: `node`, `deno`, `bun`, `python`. */
  name: string;
  version: string;
  /**
   * The column's identity, `name@version` (`bun@1.4.5`, `+local` for a user's build of a released
   * version): what the cells' `runtime` fields hold. Absent in files written before labels.
   */
  label?: string;
  executable: string;
  /** Mechanisms used per worker kind, e.g. `{ "threads": "bun/Worker", "processes": "bun/Bun.spawn+ipc" }`. */
  mechanisms: Record<string, string>;
}

/** A point estimate with its interval (95% unless a field says otherwise). */
export interface Estimate {
  value: number;
  low: number;
  high: number;
}

/** One process's measurement of one cell. */
export interface ProcessSample {
  /** Round (0-based) of the block this process was. */
  round: number;
  /** Index into {@link Report.blocks}. */
  block: number;
  /** Measured runs, one per sweep, in sweep order. */
  samplesMs: number[];
  /** Median of `samplesMs`. */
  medianMs: number;
  /** Pool start-up in this process; `null` without a pool. */
  spawnMs: number | null;
  /**
   * Paired speedups, one per sweep: the serial run of that sweep / this cell's run of that sweep.
   * `null` for serial cells and where the block had no serial cell.
   */
  pairedSpeedups: number[] | null;
  /** Capacity probe of each sweep (same indexes); `null` when the block probed none. */
  capacity: number[] | null;
}

/** One measured cell of the matrix: runtime x suite x variant x workers at one size, over all its processes. */
export interface CellResult {
  /** The runtime's label, `name@version` (a plain name in files written before labels; see the module note). */
  runtime: string;
  suite: string;
  variant: string;
  /** Workers in the pool; 1 for serial and async. */
  workers: number;
  size: string;
  /** The answer, in the suite's short human form. */
  answer: string;
  /** True only when every run's answer (warm-up included) was verified. */
  verified: boolean;
  /** Mechanism that ran the workers, e.g. `deno/Worker`; `null` for serial and async. */
  mechanism: string | null;
  /** Whether the suite is CPU-bound (its speedup cannot exceed the usable cores) or waits on I/O. */
  bound: "cpu" | "io";
  /** Every process that measured this cell, in the order they ran. */
  processes: ProcessSample[];
  /** Every measured run of every process, concatenated in process order (for renderers and exports). */
  samplesMs: number[];
  /** Median over all runs; its interval from the hierarchical bootstrap (processes, then runs). */
  medianMs: number;
  ciLowMs: number;
  ciHighMs: number;
  /** Over all runs. */
  meanMs: number;
  stddevMs: number;
  minMs: number;
  maxMs: number;
  /** Indexes into `samplesMs` flagged by the outlier rule named in `stats/` (warned about, never dropped). */
  outliers: number[];
  /**
   * Share of the variance of a run's time that lies between processes (one-way random-effects
   * variance components on log times); `null` with fewer than 2 processes. Near 1: more rounds help;
   * near 0: more runs per process help.
   */
  betweenProcessShare: number | null;
  /** Median pool start-up over processes; `null` without a pool. */
  spawnMs: number | null;
  /** Paired speedup (median over every sweep of every process) and its interval; `null` without a baseline. */
  speedup: number | null;
  speedupCiLow: number | null;
  speedupCiHigh: number | null;
  /** The machine's measured parallel capacity beside this cell's runs: median and 10th–90th percentile; `null` when not probed. */
  capacity: { median: number; p10: number; p90: number; workers: number } | null;
  /** speedup / median capacity, with the speedup's interval scaled alike; `null` when either is missing. */
  speedupPerCapacity: Estimate | null;
  /** speedup / min(workers, usable cores); `null` when speedup is. */
  efficiency: number | null;
  /** Karp–Flatt experimentally determined serial fraction; `null` for 1 worker or no speedup. */
  karpFlatt: number | null;
  /** Warnings about this cell, one line each. */
  warnings: string[];
  /** The suite's case this cell measured (suites with cases only, e.g. ping-pong's `8 B`); part of its identity. */
  case?: string;
  /**
   * The suite's own measure, when it declares one (communication suites): latency per round trip,
   * items per second … Its renderers show this instead of a speedup. Absent: a time to solution.
   */
  metric?: CellMetric;
  /**
   * Set when every process of this cell ran on one CPU because its suite asks for that
   * (`Suite.oneCpu`): the CPU (`taskset -c`) and the suite's reason. Absent: where the OS put it.
   */
  pinned?: { cpus: string; why: string };
}

/**
 * A cell's runs in the unit of its suite's measure. A run of `perRun` operations taking t ms gives a
 * time per operation t / perRun (in `unit`) or a rate perRun / t; the value and interval are the
 * median run time and its interval (the hierarchical bootstrap of `medianMs`) so converted, the bounds
 * swapping for a rate. No other statistic is computed from them.
 */
export interface CellMetric {
  /** One operation, e.g. `round trip`. */
  name: string;
  /** e.g. `µs` (a time per operation) or `items/s` (a rate). */
  unit: string;
  /** `lower` for a time per operation, `higher` for a rate. */
  better: "lower" | "higher";
  /** Operations in one timed run. */
  perRun: number;
  /** The median run, in `unit`, with the 95% interval. */
  value: number;
  low: number;
  high: number;
  /** Payload bytes per operation, both ways; `null` when the suite moves none it declares. */
  bytesPerOp: number | null;
  /** Payload throughput at the median run, in MB/s (10^6 bytes), with its interval; `null` without `bytesPerOp`. */
  mbPerS: Estimate | null;
}

/** A cell that could not be measured in some process, and why. */
export interface CellFailure {
  /** The runtime's label, as {@link CellResult.runtime}. */
  runtime: string;
  suite: string;
  variant: string;
  workers: number;
  size: string;
  /** Round of the failing block; absent in upgraded report@1 files. */
  round?: number;
  /** One line a person understands, e.g. `worker crashed running collatz task 17 (exit code 1)`. */
  reason: string;
  /**
   * Machine-readable kind of failure; `unsupported`: never run, because the variant lacks what the
   * case needs or the runtime version lacks an API its adapter uses (the reason says which).
   */
  kind: "wrong-answer" | "crash" | "timeout" | "error" | "protocol" | "interrupted" | "unsupported";
  /** The suite's case (suites with cases only). */
  case?: string;
}

/** How the run was planned, and what the time budget allowed. */
export interface RunPlan {
  /** Seed of the block order of every round and of each block's sweep order (`--seed` replays it). */
  seed: number;
  /** Rounds planned (each runs every block once, in its own random order). */
  rounds: number;
  /** Measured sweeps per block. */
  runs: number;
  /** Warm-up sweeps per block. */
  warmup: number;
  /** The time budget in seconds; `null` when the plan was fixed by `--rounds` without a budget. */
  budgetS: number | null;
  /** What the first round cost, in seconds, from which the rest was planned; `null` when not planned from it. */
  firstRoundS: number | null;
  /** Rounds actually completed (fewer than planned when interrupted or the budget ran out). */
  roundsDone: number;
  /** Why the plan is what it is, one line (e.g. "3 rounds fit the 150 s budget"). */
  reason: string;
}

/** What is needed to rerun the same matrix. */
export interface RunConfig {
  /** The runtimes' labels, in report order (plain names in files written before labels). */
  runtimes: string[];
  suites: string[];
  variants: string[];
  workers: number[];
  size: string;
  /** `--runs` as given (sweeps per block), or `null` when the plan chose it. */
  runs: number | null;
  warmup: number;
  /** `--rounds` as given, or `null` when the budget chose it. */
  rounds: number | null;
  /** `--budget` in seconds. */
  budgetS: number | null;
  /** `--seed` as given, or `null` when it was drawn. */
  seed: number | null;
  /** Per-block time limit in ms. */
  cellTimeoutMs: number;
  /** Worker API of the JS runtimes' pools. */
  api: "native" | "node-compat";
  /** The command line as typed. */
  argv: string[];
}

/** One block process, as it ran. */
export interface BlockLog {
  round: number;
  /** The runtime's label, as {@link CellResult.runtime}. */
  runtime: string;
  suite: string;
  /** Seed given to the block (its sweep orders). */
  seed: number;
  /** Start, in ms from the start of the run. */
  startedAtMs: number;
  /** Wall time of the process, start-up included. */
  wallMs: number;
  ok: boolean;
  /** Why the whole block failed, when it did. */
  reason?: string;
  /** The cells of the block, as `variant` or `variant xN`, in the block's own index order. */
  cells: string[];
  /** The order of each measured sweep, as indexes into `cells`. */
  order: number[][];
  /** Capacity probes of the block, one per measured sweep (empty when not probed). */
  probes: { atMs: number; workers: number; oneMs: number; allMs: number; capacity: number }[];
  /** What the harness added around the runs in this block, as a share of its measured phase. */
  harnessShare: number | null;
  /** The CPUs the block process (and every worker it started) was limited to, when it was pinned (`taskset -c`). */
  cpus?: string;
}

/** A whole report. */
export interface Report {
  schema: typeof REPORT_SCHEMA;
  /** ISO 8601. */
  createdAt: string;
  /** tribench version that wrote it. */
  tool: { name: "tribench"; version: string };
  /** True when the run was interrupted and this holds only what was gathered so far. */
  partial: boolean;
  machine: MachineInfo;
  runtimes: RuntimeRecord[];
  config: RunConfig;
  plan: RunPlan;
  /** Every block process in the order it ran (empty in upgraded report@1 files). */
  blocks: BlockLog[];
  results: CellResult[];
  failures: CellFailure[];
  /** Run-level warnings (e.g. machine busy at start, plan too small). */
  warnings: string[];
  /** Set on reports upgraded from an older schema on load (never written by a run): which one. */
  upgradedFrom?: string;
}
