/**
 * collatz: the starting number below N with the longest Collatz chain (seed: N = 1,000,000, answer
 * 837799 with 524 steps). A step is `n -> n/2` (n even) or `n -> 3n+1` (n odd); a chain's steps are
 * counted until it reaches 1. Ties go to the smaller start, which is how the known record holders
 * (OEIS A006877) are defined. Tasks are ranges of {@link CHUNK} consecutive starts, the tutorial's
 * chunksize, so the uneven cost of chains balances across workers.
 *
 * Exactness: the chain runs on doubles, which are exact up to 2^53. For every start below 30,000,000
 * (above the `large` preset) the highest value any chain reaches is 306,296,925,203,752 (< 2^49, start
 * 19,638,399), measured with Python's exact integers (see {@link RECORDS}). The kernel still
 * guards: an odd value above {@link SAFE_ODD}, where `3n+1` could round, finishes the chain in BigInt,
 * so a larger N stays correct instead of silently wrong.
 *
 * Known effect, left visible on purpose: on Node 20 (V8 11.3) `3n+1` first overflows int32 at start
 * 113,383 (the first chain above 2^31), the optimized kernel deoptimizes ("overflow") and is
 * recompiled. In worker_threads the recompiled code is sometimes ~1.4x slower for the rest of the
 * process (about half of the cell processes measured 2026-11-26; always with
 * `--no-concurrent-recompilation`), so Node's collatz threads cell is bimodal. Processes and serial
 * cells were not affected.
 *
 * @module
 */
import { evenRanges } from "./_split.ts";
import type { Suite, Verdict } from "./types.ts";

/** A collatz size: starting numbers 1 .. limit-1, cut into tasks of `chunk` starts. */
export interface CollatzSize {
  /** Exclusive upper bound of the starting numbers. */
  readonly limit: number;
  /** Starting numbers per task (the tutorial's chunksize is 1000). */
  readonly chunk: number;
}

/** Starting numbers `start .. end-1`. */
export interface CollatzTask {
  /** First starting number. */
  readonly start: number;
  /** One past the last starting number. */
  readonly end: number;
}

/** The start with the longest chain and its step count. */
export interface CollatzBest {
  /** Starting number (the smallest one when several share the longest chain). */
  readonly start: number;
  /** Steps from `start` down to 1. */
  readonly steps: number;
}

/** The tutorial's chunksize. */
export const CHUNK = 1000;

/** The largest odd n for which 3n+1 <= 2^53, so it is computed exactly in a double. */
export const SAFE_ODD = (2 ** 53 - 1) / 3;

/** Steps of the chain from `n` (exact, any size) in BigInt: the slow path for huge values. */
function bigSteps(n: bigint): number {
  let steps = 0;
  while (n !== 1n) {
    n = (n & 1n) === 0n ? n >> 1n : 3n * n + 1n;
    steps++;
  }
  return steps;
}

/** Steps of the chain from `start` down to 1. */
export function chainSteps(start: number): number {
  let n = start;
  let steps = 0;
  while (n !== 1) {
    // `n & 1` reads the low bit of any integer double below 2^53 (ToInt32 keeps n mod 2^32).
    if ((n & 1) === 0) {
      n = n / 2;
    } else {
      if (n > SAFE_ODD) return steps + bigSteps(BigInt(n));
      n = 3 * n + 1;
    }
    steps++;
  }
  return steps;
}

/** The kernel: the longest chain among starts `start .. end-1`. */
function longestInRange(task: CollatzTask): CollatzBest {
  let best = task.start;
  let bestSteps = -1;
  for (let n = task.start; n < task.end; n++) {
    const steps = chainSteps(n);
    if (steps > bestSteps) {
      bestSteps = steps;
      best = n;
    }
  }
  return { start: best, steps: bestSteps };
}

/**
 * Record holders: each start has a longer chain than every smaller start (OEIS A006877 with step counts
 * A006878), up to {@link RECORDS_CHECKED_BELOW}. The answer for a limit is the last record holder below
 * it. The table was checked against an exhaustive exact-integer Python run over every start below that
 * bound (2026-11-25), a different algorithm from the kernel (memoized stopping times); the same run
 * found the highest value any of those chains reaches: 306,296,925,203,752, from 19,638,399.
 */
export const RECORDS: readonly (readonly [start: number, steps: number])[] = [
  [1, 0], [2, 1], [3, 7], [6, 8], [7, 16], [9, 19], [18, 20], [25, 23], [27, 111], [54, 112], [73, 115],
  [97, 118], [129, 121], [171, 124], [231, 127], [313, 130], [327, 143], [649, 144], [703, 170],
  [871, 178], [1161, 181], [2223, 182], [2463, 208], [2919, 216], [3711, 237], [6171, 261],
  [10971, 267], [13255, 275], [17647, 278], [23529, 281], [26623, 307], [34239, 310], [35655, 323],
  [52527, 339], [77031, 350], [106239, 353], [142587, 374], [156159, 382], [216367, 385],
  [230631, 442], [410011, 448], [511935, 469], [626331, 508], [837799, 524], [1117065, 527],
  [1501353, 530], [1723519, 556], [2298025, 559], [3064033, 562], [3542887, 583], [3732423, 596],
  [5649499, 612], [6649279, 664], [8400511, 685], [11200681, 688], [14934241, 691], [15733191, 704],
];

/** The record table is complete for limits up to this bound (the next record is 31,466,382). */
export const RECORDS_CHECKED_BELOW = 30_000_000;

/** The known answer for starts below `limit`, or `undefined` beyond the checked table. */
export function knownLongest(limit: number): CollatzBest | undefined {
  if (limit > RECORDS_CHECKED_BELOW || limit < 2) return undefined;
  let found: CollatzBest | undefined;
  for (const [start, steps] of RECORDS) if (start < limit) found = { start, steps };
  return found;
}

/** The collatz suite. */
export const collatz: Suite<CollatzSize, CollatzTask, CollatzBest, CollatzBest> = {
  name: "collatz",
  description: "Longest Collatz chain for starting numbers below N",
  variants: ["serial", "threads", "processes"],
  bound: "cpu",
  sizes: {
    // Calibration 2026-12-01 (serial, CPU time of one run by process.cpuUsage, so the other jobs loading this
    // 2-core machine do not count; median of runs 2-8 in one process, large of run 2), Node 20.20 / Deno 2.9 / Bun 1.4:
    // quick 19/19/27 ms, seed 348/490/670 ms, default 95/136/184 ms, large 1.20/1.56/2.16 s. Bun's first run
    // is faster than the rest (default 103 ms, seed 561 ms): its kernel is recompiled into slower code after it.
    // Default cut from 1.5e6 (0.53/0.76/1.02 s) to 3e5, 300 tasks, so that one serial run takes about 100 ms:
    // the benchmark interleaves serial and parallel runs in many short sweeps within its time budget.
    // Known answers: 230631 (442 steps) below 3e5 and 2298025 (559 steps) below 3e6, from RECORDS and
    // re-derived 2026-12-01 in Python with exact integers: every chain run to 1 without memo for every start
    // below 3e5, and memoized stopping times for every start below 3e6.
    quick: { limit: 100_000, chunk: CHUNK },
    seed: { limit: 1_000_000, chunk: CHUNK },
    default: { limit: 300_000, chunk: CHUNK },
    large: { limit: 3_000_000, chunk: CHUNK },
  },
  tasksFor: (size) => Math.ceil((size.limit - 1) / size.chunk),
  split(size, parts) {
    if (!Number.isSafeInteger(size.limit) || size.limit < 2) throw new RangeError(`collatz limit must be a whole number >= 2, got ${size.limit}`);
    return evenRanges(size.limit - 1, parts).map((r) => ({ start: r.start + 1, end: r.end + 1 }));
  },
  kernel: longestInRange,
  combine(partials) {
    let best: CollatzBest = { start: 0, steps: -1 };
    for (const p of partials) if (p.steps > best.steps || (p.steps === best.steps && p.start < best.start)) best = p;
    return { start: best.start, steps: best.steps };
  },
  verify(result, size): Verdict {
    const known = knownLongest(size.limit);
    if (known === undefined) return { ok: false, reason: `no known answer for limit ${size.limit} (the record table is checked below ${RECORDS_CHECKED_BELOW})` };
    if (result.start !== known.start || result.steps !== known.steps) {
      return { ok: false, reason: `got ${result.start} (${result.steps} steps), expected ${known.start} (${known.steps} steps)` };
    }
    return { ok: true };
  },
  describeAnswer: (r) => `${r.start} (${r.steps} steps)`,
};
