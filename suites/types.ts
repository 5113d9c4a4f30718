/**
 * What a workload suite is. Adding a workload = one file in `suites/` exporting a {@link Suite}
 * and one line in `suites/registry.ts`.
 *
 * The work of one size is split into tasks by the *size preset*, never by the worker count, so every
 * variant (serial, async, threads, processes) and every worker count does exactly the same work and
 * must produce exactly the same answer.
 *
 * @module
 */

/** Size presets, smallest first. */
export type SizeName = "quick" | "seed" | "default" | "large";

/** Every size preset name. */
export const SIZE_NAMES: readonly SizeName[] = ["quick", "seed", "default", "large"];

/** How a variant runs the tasks. */
export type VariantName = "serial" | "async" | "threads" | "processes";

/** Every variant name, in report order. */
export const VARIANT_NAMES: readonly VariantName[] = ["serial", "async", "threads", "processes"];

/** The outcome of checking an answer. */
export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * One workload.
 *
 * @typeParam Size    the parameters of a size preset (JSON-safe)
 * @typeParam Task    one unit of work sent to a worker (JSON-safe)
 * @typeParam Partial what the kernel returns for one task (JSON-safe)
 * @typeParam Result  the combined answer (JSON-safe)
 */
export interface Suite<Size = unknown, Task = unknown, Partial = unknown, Result = unknown> {
  /** Short name used on the command line and in reports, e.g. `collatz`. */
  readonly name: string;
  /** One line saying what it computes. */
  readonly description: string;
  /** The variants this suite supports (every suite: serial, threads, processes; io adds async). */
  readonly variants: readonly VariantName[];
  /**
   * What limits the suite's speed: `"cpu"` when it computes, so a speedup above the usable cores is
   * impossible and one above them is measurement drift; `"io"` when its tasks wait on I/O (timers
   * here), so concurrency, not cores, sets the time and any speedup up to the task count is real.
   * Absent means `"cpu"`.
   */
  readonly bound?: "cpu" | "io";
  /**
   * Run this suite's blocks on one CPU, with why in one line: for a suite whose sides take turns
   * (one message in flight), so one CPU costs it no parallelism and spares each message the wait for
   * another CPU to wake. Linux with `taskset` only (runtimes/cpu_pinning.ts); `--no-pin` turns it off.
   */
  readonly oneCpu?: string;
  /** Size presets. `seed` is exactly the tutorial's parameters. */
  readonly sizes: Readonly<Record<SizeName, Size>>;
  /** How many tasks a size is split into (fixed per size, independent of the worker count). */
  tasksFor(size: Size): number;
  /** Split the work of `size` into `parts` tasks (fewer when there are fewer items than parts). */
  split(size: Size, parts: number): Task[];
  /** The kernel: the real work of one task. Identical code in every variant and runtime. */
  kernel(task: Task): Partial | Promise<Partial>;
  /** Combine partial results (in task order) into the answer. */
  combine(partials: readonly Partial[]): Result;
  /** Check an answer against an independently known one for `size`. */
  verify(result: Result, size: Size): Verdict;
  /** A short human form of the answer for reports, e.g. `837799 (524 steps)`. */
  describeAnswer(result: Result): string;
  /**
   * Optional facts a report should print beside this suite's times, one line each, e.g. which task
   * dominates the cost and so bounds the speedup (primes). Computed from a verified answer.
   */
  notes?(result: Result, size: Size): readonly string[];
  /**
   * The cases a suite measures side by side within one size (ping-pong's payloads, shared-counter's
   * primitives), each a cell of its own beside variant and workers. Absent: one cell per variant and
   * worker count, as for the compute suites.
   */
  readonly cases?: readonly SuiteCase[];
  /**
   * What a run's time means when the figure that matters is not a time to solution (latency per round
   * trip, items per second): reports then show this measure, in its unit, instead of a speedup.
   * Absent: a time to solution, shown as a paired speedup over serial.
   */
  readonly metric?: SuiteMetric<Size>;
  /**
   * A communication suite: its runs drive the runtime's own channel to dedicated workers (not tasks
   * through the pool), so what is timed is the channel and not the pool's queue. Its `tasksFor`,
   * `split`, `kernel` and `combine` are never used to measure it.
   */
  readonly comm?: SuiteComm<Size, Result>;
}

/** One case of a suite with {@link Suite.cases}. */
export interface SuiteCase {
  /** Its name in tables, e.g. `8 B`, `64 KiB transfer`, `atomics`. Unique within the suite. */
  readonly name: string;
  /** One line: what the case does. */
  readonly description: string;
  /** Workers of every cell of this case, whatever the run's worker counts are (ping-pong: 1); absent = the run's. */
  readonly workers?: number;
  /**
   * Variants that lack the primitive the case needs, each with why in one line (e.g. processes share
   * no SharedArrayBuffer). Such cells are planned, never run, and reported "unsupported: <why>".
   */
  readonly unsupported?: Partial<Readonly<Record<VariantName, string>>>;
}

/**
 * The unit of a {@link SuiteMetric}: a time per operation (`ns`, `µs`, `ms`: lower is better) or a
 * rate, operations per second (`items/s`: higher is better). The unit alone decides how a run's time
 * becomes the figure, so a declaration cannot contradict itself.
 */
export type MetricUnit = "ns" | "µs" | "ms" | `${string}/s`;

/** A suite's own measure (see {@link Suite.metric}). */
export interface SuiteMetric<Size = unknown> {
  /** One operation, singular, e.g. `round trip`, `item`, `increment`. */
  readonly name: string;
  /** The unit of the figure. */
  readonly unit: MetricUnit;
  /** Operations in one timed run of a cell (a run's time / this = the time of one operation). */
  perRun(size: Size, caseName: string | undefined, workers: number): number;
  /** Payload bytes one operation moves, both ways counted, when it moves data: the report adds MB/s. */
  bytesPerOp?(size: Size, caseName: string | undefined): number;
}

/**
 * One end of the channel between the parent and one worker of a communication suite: the runtime's
 * own `postMessage`, IPC or pipe, with nothing of the pool in between.
 */
export interface CommPort {
  /** Send `message`; `transfer` lists ArrayBuffers to move instead of copy (threads only; processes copy). */
  send(message: unknown, transfer?: ArrayBuffer[]): void;
  /** Set the one listener of incoming messages (replacing the previous one). */
  onMessage(listener: (message: unknown) => void): void;
}

/** The cell a communication session runs. */
export interface CommCell<Size = unknown> {
  readonly size: Size;
  readonly case: string | undefined;
  readonly kind: "threads" | "processes";
  readonly workers: number;
}

/**
 * The two sides of a communication suite. The parent side runs in the measuring process, the worker
 * side in each of `cell.workers` workers started with the runtime's own API; the harness wires their
 * ports and times {@link SuiteComm.run} and nothing else.
 */
export interface SuiteComm<Size = unknown, Result = unknown> {
  /**
   * Parent, once per session, before any worker starts: what each worker starts with (structured-clone
   * safe; JSON-safe for processes; a SharedArrayBuffer may ride along for threads) and what the parent
   * keeps for its runs.
   */
  prepare(cell: CommCell<Size>): { readonly workers: readonly unknown[]; readonly local: unknown };
  /** Parent: one timed run over the ports (one per worker, in worker order); resolves with the answer. */
  run(ports: readonly CommPort[], cell: CommCell<Size>, local: unknown): Promise<Result>;
  /** Worker: take up its part on `port`, given its start value from {@link SuiteComm.prepare}. */
  serve(port: CommPort, start: unknown): void;
}

/** A suite whose type parameters are erased, as held by the registry. */
// deno-lint-ignore no-explicit-any
export type AnySuite = Suite<any, any, any, any>;
