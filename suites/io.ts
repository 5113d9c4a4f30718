/**
 * io: the I/O-bound tasks. Each task waits on a timer (the tutorial's task slept 2 s) and does nothing
 * else, so concurrency, not cores, decides the time: `async` (all waits awaited together in one thread)
 * should match threads and processes with no extra core. This suite is the only one with `async`.
 *
 * A timer may fire a little early by the clock we read (engines round timer deadlines), so the kernel
 * re-waits for any remainder: every wait it reports is at least the requested time by
 * `performance.now()`, and the verifier checks exactly that.
 *
 * @module
 */
import { evenRanges } from "./_split.ts";
import type { Suite, Verdict } from "./types.ts";

/** An io size: `tasks` waits of `waitMs` each. */
export interface IoSize {
  /** Number of waits (one per task). */
  readonly tasks: number;
  /** Milliseconds each wait lasts. */
  readonly waitMs: number;
}

/** `waits` consecutive waits of `waitMs` each (one wait per task at the preset split). */
export interface IoTask {
  /** How many waits, one after another. */
  readonly waits: number;
  /** Milliseconds per wait. */
  readonly waitMs: number;
}

/** Measured length of each wait, in milliseconds, in task order. */
export type IoWaits = number[];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The kernel: wait, without using the CPU, and report how long each wait took. */
async function waitTask(task: IoTask): Promise<IoWaits> {
  const waited: number[] = [];
  for (let i = 0; i < task.waits; i++) {
    const start = performance.now();
    let elapsed = 0;
    while ((elapsed = performance.now() - start) < task.waitMs) await sleep(task.waitMs - elapsed);
    waited.push(elapsed);
  }
  return waited;
}

/** The io suite. */
export const io: Suite<IoSize, IoTask, IoWaits, IoWaits> = {
  name: "io",
  description: "I/O-bound tasks: timer waits that need concurrency, not cores",
  variants: ["serial", "async", "threads", "processes"],
  bound: "io",
  sizes: {
    // Wall time (waiting costs no CPU: 0-4 ms of CPU a run), median of runs 2-8 in one process, 2026-12-01,
    // Node 20.20 / Deno 2.9 / Bun 1.4: quick 41/47/54 ms, default 98/98/98 ms, large 964/982/983 ms;
    // seed 8.0 s (2026-11-26). Default cut from 8 x 70 ms (0.56 s) to 8 x 12 ms so that one serial run takes
    // about 100 ms: the benchmark interleaves serial and parallel runs in many short sweeps within its budget.
    quick: { tasks: 4, waitMs: 10 },
    seed: { tasks: 4, waitMs: 2000 },
    default: { tasks: 8, waitMs: 12 },
    large: { tasks: 16, waitMs: 60 },
  },
  tasksFor: (size) => size.tasks,
  split(size, parts) {
    if (!(size.waitMs >= 0)) throw new RangeError(`io waitMs must be >= 0, got ${size.waitMs}`);
    return evenRanges(size.tasks, parts).map((r) => ({ waits: r.end - r.start, waitMs: size.waitMs }));
  },
  kernel: waitTask,
  combine: (partials) => partials.flat(),
  verify(result, size): Verdict {
    if (result.length !== size.tasks) return { ok: false, reason: `${result.length} waits done, expected ${size.tasks}` };
    const short = result.findIndex((ms) => !(ms >= size.waitMs));
    if (short >= 0) return { ok: false, reason: `wait ${short} lasted ${result[short]} ms, less than the ${size.waitMs} ms asked` };
    return { ok: true };
  },
  // Only the count: the lengths are measured times, different every run, so an answer that quoted them
  // would read as "answer changed" in every compare.
  describeAnswer: (r) => `${r.length} waits`,
};
