/**
 * countdown: `while (n > 0) n--` split over tasks (seed: 10,000,000 in 4). The pure CPU loop on which
 * CPython threads get slower (the GIL); here the report shows whether JS threads scale.
 *
 * So that no JIT can delete or shortcut the loop, every iteration also adds the low 16 bits of the
 * current `n` into a checksum kept modulo 2^28, which the task returns: the answer then depends on every
 * value the loop visits. That is one add and two masks per iteration more than the tutorial's loop. The
 * verifier checks the checksum against the closed form (see {@link expectedChecksum}).
 *
 * Why this checksum: it never leaves the engines' small-integer range, and that matters. On Node 20
 * (V8 11.3) the loop with `sum = (sum + n) | 0`, whose intermediate sum overflows, ran at 4.1 ns per
 * iteration (unoptimized speed) for the first calls and, in the large preset, for all 64: its optimized
 * code was compiled but not used. This loop runs at about 0.56 ns per iteration from the first call on
 * Node, Deno and Bun alike (the bare `while (n > 0) n--` runs at 0.3–0.4 ns). An XOR checksum would be
 * as fast as the bare loop but is 0 for every count divisible by 4, so it proves nothing.
 *
 * @module
 */
import { evenRanges } from "./_split.ts";
import type { Suite, Verdict } from "./types.ts";

/** A countdown size: count `n` down to zero in `parts` tasks. */
export interface CountdownSize {
  /** Total decrements. */
  readonly n: number;
  /** Number of tasks. Each task's count must stay below 2^30 so its counter is a small integer. */
  readonly parts: number;
}

/** Count down from `count`. */
export interface CountdownTask {
  /** Where this task's countdown starts. */
  readonly count: number;
}

/** Decrements done and a checksum of the values visited. */
export interface CountdownTally {
  /** Decrements done. */
  readonly iterations: number;
  /** Sum, modulo 2^28, of the low 16 bits of `n` after each decrement (summed over tasks, modulo 2^28). */
  readonly checksum: number;
}

/** Largest count of one task: below 2^30 its counter stays a small integer (a Smi in V8) throughout. */
const MAX_TASK_COUNT = 2 ** 30 - 1;

/** The kernel. */
function countDown(task: CountdownTask): CountdownTally {
  const count = task.count;
  if (!Number.isInteger(count) || count < 0 || count > MAX_TASK_COUNT) throw new RangeError(`countdown task count must be a whole number in [0, 2^30), got ${count}`);
  // `| 0` gives the loop an integer counter even when the count arrives boxed as a double (V8 stores a
  // field as a double once any object of that shape held one), which would make every step float math.
  let n = count | 0;
  let checksum = 0;
  while (n > 0) {
    n--;
    checksum = (checksum + (n & 0xffff)) & 0xfffffff;
  }
  return { iterations: count - n, checksum };
}

/** 2^28: the checksum's modulus. */
const CHECKSUM_MOD = 2 ** 28;

/**
 * The closed form of one task's checksum: the sum of `k & 0xffff` for k = 0 .. count-1, modulo 2^28.
 * Each full block of 65536 values adds 0 + 1 + ... + 65535 = 2147450880; the rest adds r(r-1)/2. Both
 * terms are exact in a double for counts below 2^30.
 */
export function expectedChecksum(count: number): number {
  const full = Math.floor(count / 65536);
  const rest = count % 65536;
  return (full * 2147450880 + (rest * (rest - 1)) / 2) % CHECKSUM_MOD;
}

/** The countdown suite. */
export const countdown: Suite<CountdownSize, CountdownTask, CountdownTally, CountdownTally> = {
  name: "countdown",
  description: "Count a number down to zero (pure CPU loop; CPython threads cannot scale it)",
  variants: ["serial", "threads", "processes"],
  bound: "cpu",
  sizes: {
    // Calibration 2026-12-01 (serial, CPU time of one run by process.cpuUsage, so the other jobs loading this
    // 2-core machine do not count; median of runs 2-8 in one process, large of run 2), Node 20.20 / Deno 2.9 / Bun 1.4:
    // quick 28/28/27 ms, seed 5/6/6 ms, default 105/100/99 ms, large 0.99/1.04/1.01 s.
    // Default cut from 1e9 (0.55 s) to 1.8e8, still 16 tasks, so that one serial run takes about 100 ms: the
    // benchmark interleaves serial and parallel runs in many short sweeps within its time budget. Known
    // checksums, besides the closed form at verify time: a plain Python loop summing `k & 0xffff` over one
    // task's values, times the (equal) task count, mod 2^28 (2026-12-01): 175668608 for default (16 x
    // 11,250,000), 188456704 for large (64 x 28,125,000).
    quick: { n: 50_000_000, parts: 4 },
    seed: { n: 10_000_000, parts: 4 },
    default: { n: 180_000_000, parts: 16 },
    large: { n: 1_800_000_000, parts: 64 },
  },
  tasksFor: (size) => size.parts,
  split(size, parts) {
    const tasks = evenRanges(size.n, parts).map((r) => ({ count: r.end - r.start }));
    const tooBig = tasks.find((t) => t.count > MAX_TASK_COUNT);
    if (tooBig) throw new RangeError(`countdown task of ${tooBig.count} exceeds 2^30-1: use more parts`);
    return tasks;
  },
  kernel: countDown,
  combine(partials) {
    let iterations = 0;
    let checksum = 0;
    for (const p of partials) {
      iterations += p.iterations;
      checksum = (checksum + p.checksum) % CHECKSUM_MOD;
    }
    return { iterations, checksum };
  },
  verify(result, size): Verdict {
    if (result.iterations !== size.n) return { ok: false, reason: `counted ${result.iterations} decrements, expected ${size.n}` };
    let want = 0;
    for (const r of evenRanges(size.n, size.parts)) want = (want + expectedChecksum(r.end - r.start)) % CHECKSUM_MOD;
    if (result.checksum !== want) return { ok: false, reason: `checksum ${result.checksum}, expected ${want}: some values were skipped` };
    return { ok: true };
  },
  describeAnswer: (r) => `${r.iterations} decrements (checksum ${r.checksum})`,
};
