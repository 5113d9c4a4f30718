/**
 * The block protocol: how the orchestrator asks a fresh runtime process to measure one **block** — one
 * runtime x suite with its serial baseline and the pools of its parallel variants — and how that
 * process answers. It replaces the one-cell-per-process protocol (`cell_protocol.ts`) for the
 * benchmark matrix: the runs of a cell and of its baseline are interleaved within seconds, so drift of
 * a shared machine lands on both alike.
 *
 * ## Request
 * `<runtime> <block script> <request JSON>`: exactly one argument after the script, a
 * {@link BlockRequest}.
 *
 * ## What the block does
 * 1. Prepares the tasks of the size once; starts every pool its cells need (each timed as `spawnMs`,
 *    never inside a sample) and, when `capacity` is set, a probe pool of `capacity.workers` threads;
 *    calibrates the probe's spin once (not recorded as a probe).
 * 2. Runs `warmup` warm-up sweeps, then `runs` measured sweeps. A sweep runs every cell once, in an
 *    order drawn from a generator seeded with `seed` (sweep k's order is the k-th draw, so the same
 *    seed replays the same order); a sweep starts with one capacity probe when `capacity` is set.
 *    Every run's answer is verified outside its timed region.
 * 3. Closes every pool and prints one record line.
 *
 * A cell that fails (wrong answer, crashed worker) is recorded failed and left out of later sweeps;
 * the other cells go on. Only what stops the whole block (unknown suite, a throw while preparing)
 * gives a {@link BlockFailureRecord}.
 *
 * ## Answer
 * Exactly one stdout line starting with `{"tribench-block":1`, one JSON object, `\n`-terminated;
 * other stdout lines are ignored, stderr is free text. Exit 0 with a success record (even if some
 * cells failed: they say so), 1 with a failure record; anything else is a protocol failure.
 *
 * Times are milliseconds from a monotonic clock; `atMs` is measured from the block's start.
 *
 * @module
 */
import type { WorkerApi } from "../runtimes/types.ts";

/** Version of this protocol (both the request key and the answer key carry it). */
export const BLOCK_PROTOCOL_VERSION = 1;

/** Every answer line starts with exactly this. */
export const BLOCK_RECORD_PREFIX = `{"tribench-block":${BLOCK_PROTOCOL_VERSION}`;

/** One cell of a block: a variant and its pool size (1 for serial and async). */
export interface BlockCellSpec {
  variant: string;
  workers: number;
}

/** What the orchestrator asks a block process to measure. */
export interface BlockRequest {
  "tribench-block-request": typeof BLOCK_PROTOCOL_VERSION;
  suite: string;
  size: string;
  /** The cells, serial first when present (it is the baseline of the others). */
  cells: BlockCellSpec[];
  /** Measured sweeps (>= 1): each runs every cell once. */
  runs: number;
  /** Warm-up sweeps (>= 0), verified, not recorded as samples. */
  warmup: number;
  /** Seed of the sweep orders (a 32-bit unsigned integer). */
  seed: number;
  /** Worker API of the pools; absent means `native`. */
  api?: WorkerApi;
  /** Probe the machine's parallel capacity on this many threads at the start of every sweep; absent = no probe. */
  capacity?: { workers: number };
  /** Extra suite modules (absolute paths of compiled ES modules exporting `SUITES`), loaded in the block and in its workers. */
  suiteModules?: string[];
}

/** One capacity probe: a calibrated spin on one thread, then the same spin on N threads at once. */
export interface CapacityProbe {
  /** The sweep it opened (0-based; measured sweeps only). */
  sweep: number;
  /** Start, from the block's start. */
  atMs: number;
  /** Threads of the parallel spin. */
  workers: number;
  /** Wall time of the spin on one thread. */
  oneMs: number;
  /** Wall time until all `workers` spins finished. */
  allMs: number;
  /** `workers * oneMs / allMs`: how many cores' worth of work the machine gave at that moment. */
  capacity: number;
}

/** A measured cell of a block. `samplesMs[k]` is its run in sweep k (so index k pairs runs across cells). */
export interface BlockCellSuccess {
  ok: true;
  variant: string;
  workers: number;
  /** The suite's short human form of the answer (of the last run). */
  answer: string;
  /** Measured runs, one per sweep, in sweep order. */
  samplesMs: number[];
  /** Start of each measured run, from the block's start (same indexes as `samplesMs`). */
  atMs: number[];
  /** Position of each measured run in the block's whole run order (0-based, over all cells). */
  seq: number[];
  /** Warm-up runs, in order. */
  warmupMs: number[];
  /** Pool start-up until every worker was ready; `null` without a pool. */
  spawnMs: number | null;
  /** e.g. `node/worker_threads`; `null` without a pool. */
  mechanism: string | null;
  /** OS pids of the pool's process workers (empty for threads). */
  pids: number[];
}

/** A cell of a block that could not be measured; the rest of the block went on. */
export interface BlockCellFailure {
  ok: false;
  variant: string;
  workers: number;
  kind: "wrong-answer" | "crash" | "error";
  /** One line a person understands. */
  reason: string;
  pids: number[];
}

/** Either outcome of a cell. */
export type BlockCellRecord = BlockCellSuccess | BlockCellFailure;

/** How the runs were driven and what driving them cost (the "harness adds < 1%" figure). */
export interface BlockHarnessInfo {
  /** e.g. `tribench-interleaved`. */
  name: string;
  /** Wall time of the measured sweeps (runs, their verification, probes, the harness itself). */
  phaseMs: number;
  /** Time spent verifying answers during the measured sweeps. */
  verifyMs: number;
  /** Time spent in capacity probes during the measured sweeps. */
  probeMs: number;
  /** `phaseMs - sum(all samples) - verifyMs - probeMs`. */
  overheadMs: number;
}

/** The block's answer when it ran (some cells may still have failed). */
export interface BlockSuccessRecord {
  "tribench-block": typeof BLOCK_PROTOCOL_VERSION;
  ok: true;
  runtime: string;
  runtimeVersion: string;
  suite: string;
  size: string;
  seed: number;
  /** Same order as the request's cells. */
  cells: BlockCellRecord[];
  /** One per measured sweep when the request asked for capacity, else empty. */
  probes: CapacityProbe[];
  /** The order of each measured sweep, as indexes into `cells`. */
  order: number[][];
  harness: BlockHarnessInfo;
}

/** The block could not run at all. */
export interface BlockFailureRecord {
  "tribench-block": typeof BLOCK_PROTOCOL_VERSION;
  ok: false;
  runtime: string;
  runtimeVersion: string;
  kind: "wrong-answer" | "crash" | "error";
  reason: string;
  pids: number[];
}

/** Either answer. */
export type BlockRecord = BlockSuccessRecord | BlockFailureRecord;
