/**
 * The previous report schema, `tribench/report@1` (one process per cell), kept so that files written by
 * earlier versions still load: `reports/upgrade.ts` turns one into the current model. Its JSON Schema is
 * `reports/report_v1.schema.json`. Do not change it.
 *
 * @module
 */

/** Schema identifier of report@1. */
export const REPORT_SCHEMA_V1 = "tribench/report@1";

/** The machine a report was measured on. */
export interface V1MachineInfo {
  cpuModel: string;
  logicalCores: number;
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
export interface V1RuntimeRecord {
  name: string;
  version: string;
  executable: string;
  /** Mechanisms used per worker kind, e.g. `{ "threads": "bun/Worker", "processes": "bun/Bun.spawn+ipc" }`. */
  mechanisms: Record<string, string>;
}

/** One measured cell of the matrix: runtime x suite x variant x workers at one size. */
export interface V1CellResult {
  runtime: string;
  suite: string;
  variant: string;
  /** Workers in the pool; 1 for serial and async. */
  workers: number;
  size: string;
  /** The answer, in the suite's short human form. */
  answer: string;
  /** True only when every measured run's answer was verified. */
  verified: boolean;
  /** Every measured run, in order (warm-up runs excluded). */
  samplesMs: number[];
  medianMs: number;
  meanMs: number;
  stddevMs: number;
  minMs: number;
  maxMs: number;
  /** 95% confidence interval of the median. */
  ciLowMs: number;
  ciHighMs: number;
  /** Indexes into `samplesMs` flagged as outliers (MAD-based). */
  outliers: number[];
  /** Pool start-up (until every worker is ready), timed apart from the work; `null` without a pool. */
  spawnMs: number | null;
  /** Serial median / this median, with its 95% interval; `null` when no serial baseline exists. */
  speedup: number | null;
  speedupCiLow: number | null;
  speedupCiHigh: number | null;
  /** speedup / workers; `null` when speedup is. */
  efficiency: number | null;
  /** Karp–Flatt experimentally determined serial fraction; `null` for 1 worker or no speedup. */
  karpFlatt: number | null;
  /** Mechanism that ran the workers, e.g. `deno/Worker`; `null` for serial and async. */
  mechanism: string | null;
  /** Warnings about this cell (noisy, too short, slow first run …), one line each. */
  warnings: string[];
}

/** A cell that could not be measured, and why. */
export interface V1CellFailure {
  runtime: string;
  suite: string;
  variant: string;
  workers: number;
  size: string;
  /** One line a person understands, e.g. `worker crashed running collatz task 17 (exit code 1)`. */
  reason: string;
  /** Machine-readable kind of failure. */
  kind: "wrong-answer" | "crash" | "timeout" | "error" | "protocol" | "interrupted";
}

/** What is needed to rerun the same matrix. */
export interface V1RunConfig {
  runtimes: string[];
  suites: string[];
  variants: string[];
  workers: number[];
  size: string;
  runs: number;
  warmup: number;
  /** Per-cell time limit in ms. */
  cellTimeoutMs: number;
  /** Worker API the JS runtimes' pools used (`native` or `node-compat`); absent in older reports = native. */
  api?: "native" | "node-compat";
  /** The command line as typed. */
  argv: string[];
}

/** A whole report. */
export interface V1Report {
  schema: typeof REPORT_SCHEMA_V1;
  /** ISO 8601. */
  createdAt: string;
  /** tribench version that wrote it. */
  tool: { name: "tribench"; version: string };
  /** True when the run was interrupted and this holds only what was gathered so far. */
  partial: boolean;
  machine: V1MachineInfo;
  runtimes: V1RuntimeRecord[];
  config: V1RunConfig;
  results: V1CellResult[];
  failures: V1CellFailure[];
  /** Run-level warnings (e.g. machine busy at start). */
  warnings: string[];
}
