/**
 * countdown: `while (n > 0) n--` split over tasks (seed: 10,000,000 in 4). The pure CPU loop on which
 * CPython threads get slower (the GIL); here the report shows whether JS threads scale.
 *
 * So that no JIT can delete or shortcut the loop, every iteration also adds the current `n` into a
 * 32-bit checksum that the task returns: the answer then depends on every value the loop visits. That
 * is one integer add per iteration more than the tutorial's loop. The verifier checks the checksum
 * against the closed form: a task counting down from `c` visits c-1, …, 0 after each decrement, whose
 * sum is c(c-1)/2, taken modulo 2^32 as a signed int32.
 *
 * @module
 */
import { evenRanges } from "./_split.ts";
import type { Suite, Verdict } from "./types.ts";

/** A countdown size: count `n` down to zero in `parts` tasks. */
export interface CountdownSize {
  /** Total decrements. */
  readonly n: number;
  /** Number of tasks. Each task's count must stay below 2^31 so its counter is a small integer. */
  readonly parts: number;
}

/** Count down from `count`. */
export interface CountdownTask {
  /** Where this task's countdown starts. */
  readonly count: number;
}

/** Decrements done and the int32 sum of the values visited. */
export interface CountdownTally {
  /** Decrements done. */
  readonly iterations: number;
  /** Sum, modulo 2^32 as a signed int32, of `n` after each decrement. */
  readonly checksum: number;
}

/** The kernel. */
function countDown(task: CountdownTask): CountdownTally {
  let n = task.count;
  let checksum = 0;
  while (n > 0) {
    n--;
    checksum = (checksum + n) | 0;
  }
  return { iterations: task.count - n, checksum };
}

/** The closed form of one task's checksum: c(c-1)/2 as an int32. */
export function expectedChecksum(count: number): number {
  const c = BigInt(count);
  return Number(BigInt.asIntN(32, (c * (c - 1n)) / 2n));
}

const MAX_TASK_COUNT = 2 ** 31 - 1;

/** The countdown suite. */
export const countdown: Suite<CountdownSize, CountdownTask, CountdownTally, CountdownTally> = {
  name: "countdown",
  description: "Count a number down to zero (pure CPU loop; CPython threads cannot scale it)",
  variants: ["serial", "threads", "processes"],
  sizes: {
    quick: { n: 50_000_000, parts: 4 },
    seed: { n: 10_000_000, parts: 4 },
    default: { n: 2_000_000_000, parts: 16 },
    large: { n: 20_000_000_000, parts: 64 },
  },
  tasksFor: (size) => size.parts,
  split(size, parts) {
    const tasks = evenRanges(size.n, parts).map((r) => ({ count: r.end - r.start }));
    const tooBig = tasks.find((t) => t.count > MAX_TASK_COUNT);
    if (tooBig) throw new RangeError(`countdown task of ${tooBig.count} exceeds 2^31-1: use more parts`);
    return tasks;
  },
  kernel: countDown,
  combine(partials) {
    let iterations = 0;
    let checksum = 0;
    for (const p of partials) {
      iterations += p.iterations;
      checksum = (checksum + p.checksum) | 0;
    }
    return { iterations, checksum };
  },
  verify(result, size): Verdict {
    if (result.iterations !== size.n) return { ok: false, reason: `counted ${result.iterations} decrements, expected ${size.n}` };
    let want = 0;
    for (const r of evenRanges(size.n, size.parts)) want = (want + expectedChecksum(r.end - r.start)) | 0;
    if (result.checksum !== want) return { ok: false, reason: `checksum ${result.checksum}, expected ${want}: some values were skipped` };
    return { ok: true };
  },
  describeAnswer: (r) => `${r.iterations} decrements (checksum ${r.checksum})`,
};
