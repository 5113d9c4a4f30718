/**
 * gcd: greatest common divisors by brute force, counting down from min(a, b) until a number divides
 * both, on the tutorial's four pairs -> 1, 1, 5, 1. Larger sizes add pairs of the same magnitude
 * (both numbers in [1,000,000, 4,000,000)), generated deterministically: pair `i >= 4` takes two draws
 * `1_000_000 + (u % 3_000_000)` (a, then b) from xoshiro128** stream `i` of seed {@link GCD_SEED}
 * (see `_prng.ts`). The cost of a pair is about min(a, b) - gcd steps, so all pairs weigh about the same.
 * Verified with Euclid's algorithm.
 *
 * @module
 */
import { streamState, Xoshiro128ss } from "./_prng.ts";
import { evenRanges } from "./_split.ts";
import type { Suite, Verdict } from "./types.ts";

/** A gcd size: the first `pairs` pairs of the sequence (the tutorial's four first). */
export interface GcdSize {
  /** Number of pairs (>= 1). */
  readonly pairs: number;
}

/** A run of consecutive pairs. */
export interface GcdTask {
  /** The pairs, as `[a, b]`. */
  readonly pairs: readonly (readonly [number, number])[];
}

/** The tutorial's pairs (their gcds are 1, 1, 5, 1). */
export const TUTORIAL_PAIRS: readonly (readonly [number, number])[] = [
  [1963309, 2265973],
  [2030677, 3814172],
  [1551645, 2229620],
  [2039045, 2020802],
];

/** Run seed of the generated pairs. */
export const GCD_SEED = 7;

/** The first `count` pairs: the tutorial's, then generated ones. */
export function pairsFor(count: number): [number, number][] {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`gcd pairs must be a whole number >= 1, got ${count}`);
  const out: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const fixed = TUTORIAL_PAIRS[i];
    if (fixed !== undefined) {
      out.push([fixed[0], fixed[1]]);
      continue;
    }
    const g = new Xoshiro128ss(streamState(GCD_SEED, i));
    // `| 0` keeps these small integers in the engines' integer form: built from a uint32 draw they would
    // otherwise be boxed doubles, and V8 then runs the kernel's `%` on floats, several times slower.
    out.push([(1_000_000 + g.below(3_000_000)) | 0, (1_000_000 + g.below(3_000_000)) | 0]);
  }
  return out;
}

/**
 * The tutorial's algorithm: try every d from min(a, b) down.
 *
 * The `| 0` keep `d` visibly a 32-bit integer. Without them Bun 1.4 (JavaScriptCore) recompiles this
 * loop after its fourth or fifth call from a caller that inlined it into code about 6x slower (measured:
 * 150 pairs 0.51 s, then 2.9 s per run for the rest of the process; Node and Deno unchanged either way),
 * which made Bun's serial gcd noisy and its parallel speedup a meaningless 4.7x.
 */
function bruteForceGcd(a: number, b: number): number {
  for (let d = Math.min(a, b) | 0; d > 1; d = (d - 1) | 0) {
    if (a % d === 0 && b % d === 0) return d;
  }
  return 1;
}

/** The kernel: brute-force gcd of each pair. */
function gcdsOf(task: GcdTask): number[] {
  return task.pairs.map(([a, b]) => bruteForceGcd(a, b));
}

/** Euclid's algorithm: the verifier's independent method. */
export function euclid(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** The gcd suite. */
export const gcd: Suite<GcdSize, GcdTask, number[], number[]> = {
  name: "gcd",
  description: "Brute-force greatest common divisors of seven-digit pairs",
  variants: ["serial", "threads", "processes"],
  bound: "cpu",
  sizes: {
    // Calibration 2026-12-01 (serial, CPU time of one run by process.cpuUsage, so the other jobs loading this
    // 2-core machine do not count; median of runs 2-8 in one process, large of run 2), Node 20.20 / Deno 2.9 / Bun 1.4:
    // quick 24/24/24 ms, seed 12/13/12 ms, default 107/108/108 ms, large 1.10/1.09/1.06 s (Bun no longer
    // slows down after a few hundred calls since the kernel's `| 0`).
    // Default cut from 150 pairs (0.51 s) to 32, so that one serial run takes about 100 ms: the benchmark
    // interleaves serial and parallel runs in many short sweeps within its time budget. Known answers,
    // besides Euclid at verify time: Python's math.gcd over pairs drawn by an independent pure-Python
    // xoshiro128** (2026-12-01) gives 20 coprime pairs, largest gcd 30, sum 91 for default, and 204 coprime,
    // largest 268, sum 1605 for large; the first generated pair is (1467256, 3918072).
    quick: { pairs: 8 },
    seed: { pairs: 4 },
    default: { pairs: 32 },
    large: { pairs: 320 },
  },
  tasksFor: (size) => size.pairs,
  split(size, parts) {
    const pairs = pairsFor(size.pairs);
    return evenRanges(pairs.length, parts).map((r) => ({ pairs: pairs.slice(r.start, r.end) }));
  },
  kernel: gcdsOf,
  combine: (partials) => partials.flat(),
  verify(result, size): Verdict {
    const pairs = pairsFor(size.pairs);
    if (result.length !== pairs.length) return { ok: false, reason: `got ${result.length} gcds for ${pairs.length} pairs` };
    for (let i = 0; i < pairs.length; i++) {
      const [a, b] = pairs[i]!;
      const want = euclid(a, b);
      if (result[i] !== want) return { ok: false, reason: `gcd(${a}, ${b}) is ${want}, got ${result[i]}` };
    }
    return { ok: true };
  },
  describeAnswer: (r) => (r.length <= 8 ? `gcds ${r.join(", ")}` : `${r.length} gcds, ${r.filter((g) => g === 1).length} coprime pairs, largest gcd ${Math.max(...r)}`),
};
