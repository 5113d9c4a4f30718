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
}

/** A suite whose type parameters are erased, as held by the registry. */
// deno-lint-ignore no-explicit-any
export type AnySuite = Suite<any, any, any, any>;
