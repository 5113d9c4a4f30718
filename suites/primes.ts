/**
 * primes: trial-division primality of the `concurrent.futures` tutorial's numbers: 112272535095293,
 * 112582705942171, 112272535095293, 115280095190773, 115797848077099 (prime) and 1099726899285419 (not
 * prime). One number per task, exactly the tutorial's `is_prime` (odd divisors from 3 up to
 * floor(sqrt n)); the kernel also returns the divisor it stopped at, which costs nothing and lets the
 * verifier check it.
 *
 * Cost is uneven and that limits speedup, so {@link primes}.notes reports, from the answer, which number
 * costs most and the bound `total / largest task` on the speedup of any worker count. (At `seed` size the
 * five primes cost about the same, ~5.3M divisions each, and 1099726899285419 = 3306091 x 332636609 stops
 * after 1.65M, so no single number dominates there; the bound is 5.3x.)
 *
 * All numbers are below 2^53, so `n % i` is exact on doubles and `Math.floor(Math.sqrt(n))` is the exact
 * integer square root (true for n < 2^52 with a correctly rounded sqrt; ours are below 2^51).
 * Verification is a different method: deterministic Miller–Rabin in BigInt.
 *
 * @module
 */
import { evenRanges } from "./_split.ts";
import type { Suite, Verdict } from "./types.ts";

/** A primes size: the numbers to test, one task each. */
export interface PrimesSize {
  /** Odd-or-even integers in [0, 2^51). */
  readonly numbers: readonly number[];
}

/** A run of numbers to test. */
export interface PrimesTask {
  /** The numbers. */
  readonly numbers: readonly number[];
}

/** The verdict on one number. */
export interface PrimeVerdict {
  /** The number tested. */
  readonly n: number;
  /** Whether trial division found no divisor. */
  readonly prime: boolean;
  /** The divisor trial division stopped at: the smallest divisor > 1 (n itself when prime), 0 for n < 2. */
  readonly divisor: number;
}

/** The kernel's test: the tutorial's `is_prime`, returning where it stopped. */
function smallestDivisor(n: number): number {
  if (n < 2) return 0;
  if (n % 2 === 0) return 2;
  const root = Math.floor(Math.sqrt(n));
  for (let i = 3; i <= root; i += 2) {
    if (n % i === 0) return i;
  }
  return n;
}

/** The kernel: test each number of the task. */
function testNumbers(task: PrimesTask): PrimeVerdict[] {
  return task.numbers.map((n) => {
    const divisor = smallestDivisor(n);
    return { n, prime: divisor >= 2 && divisor === n, divisor };
  });
}

/** Trial divisions the kernel does for a verdict (the cost model behind {@link primes}.notes). */
export function trialDivisions(v: PrimeVerdict): number {
  if (v.n < 2 || v.divisor === 2) return v.n < 2 ? 0 : 1;
  const last = v.prime ? Math.floor(Math.sqrt(v.n)) : v.divisor;
  return 1 + Math.max(0, Math.floor((last - 3) / 2) + 1);
}

const MR_BASES = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n];

function powMod(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  base %= mod;
  for (; exp > 0n; exp >>= 1n) {
    if (exp & 1n) result = (result * base) % mod;
    base = (base * base) % mod;
  }
  return result;
}

/**
 * Deterministic Miller–Rabin: with the first twelve primes as bases it is exact for every n below
 * 3.3 x 10^24 (Sorenson & Webster 2015), far above 2^53.
 */
export function isPrimeMillerRabin(value: number): boolean {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
  const n = BigInt(value);
  if (n < 2n) return false;
  for (const p of MR_BASES) if (n % p === 0n) return n === p;
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  witness: for (const a of MR_BASES) {
    let x = powMod(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let r = 1; r < s; r++) {
      x = (x * x) % n;
      if (x === n - 1n) continue witness;
    }
    return false;
  }
  return true;
}

/** The tutorial's list. */
export const TUTORIAL_NUMBERS: readonly number[] = [
  112272535095293, 112582705942171, 112272535095293, 115280095190773, 115797848077099, 1099726899285419,
];

/** The primes suite. */
export const primes: Suite<PrimesSize, PrimesTask, PrimeVerdict[], PrimeVerdict[]> & {
  notes(result: PrimeVerdict[]): readonly string[];
} = {
  name: "primes",
  description: "Trial-division primality of 15- and 16-digit numbers (uneven task costs)",
  variants: ["serial", "threads", "processes"],
  sizes: {
    // Calibration (serial, CPU time of the run, min of 3; large once), 2026-11-25 on this 2-core machine
    // while shared and heavily loaded (wall time was 2-4x CPU time then), Node 20.20 / Deno 2.9 / Bun 1.4:
    // quick 25/24/3 ms, seed 0.48/0.48/0.06 s, default 0.63/0.66/0.08 s, large 6.91/7.11/0.77 s (Bun's JIT
    // divides these doubles as integers; V8 calls fmod, about 18 ns a division).
    // The primes just below and just above 10^12, and 1000003 x 1000033 (both factors prime).
    quick: { numbers: [999999999989, 1000000000039, 1000036000099] },
    seed: { numbers: TUTORIAL_NUMBERS },
    // The tutorial's six and the first two primes above 2^47.
    default: { numbers: [...TUTORIAL_NUMBERS, 140737488355333, 140737488355337] },
    // The tutorial's six and the first 22 primes above 2^50 (each about 3.2x a tutorial prime's cost).
    large: {
      numbers: [
        ...TUTORIAL_NUMBERS,
        1125899906842679, 1125899906842723, 1125899906842769, 1125899906842783, 1125899906842817, 1125899906842829,
        1125899906842847, 1125899906842889, 1125899906842961, 1125899906842969, 1125899906843009, 1125899906843021,
        1125899906843059, 1125899906843123, 1125899906843189, 1125899906843209, 1125899906843221, 1125899906843233,
        1125899906843263, 1125899906843267, 1125899906843269, 1125899906843287,
      ],
    },
  },
  tasksFor: (size) => size.numbers.length,
  split(size, parts) {
    for (const n of size.numbers) {
      if (!Number.isSafeInteger(n) || n < 0 || n >= 2 ** 51) throw new RangeError(`primes: ${n} is not a whole number in [0, 2^51)`);
    }
    return evenRanges(size.numbers.length, parts).map((r) => ({ numbers: size.numbers.slice(r.start, r.end) }));
  },
  kernel: testNumbers,
  combine: (partials) => partials.flat(),
  verify(result, size): Verdict {
    if (result.length !== size.numbers.length) return { ok: false, reason: `got ${result.length} verdicts for ${size.numbers.length} numbers` };
    for (let i = 0; i < result.length; i++) {
      const v = result[i]!;
      const n = size.numbers[i]!;
      if (v.n !== n) return { ok: false, reason: `verdict ${i} is for ${v.n}, expected ${n}` };
      const prime = isPrimeMillerRabin(n);
      if (v.prime !== prime) return { ok: false, reason: `${n} is ${prime ? "" : "not "}prime, the answer says otherwise` };
      if (prime ? v.divisor !== n : n >= 2 && (v.divisor < 2 || v.divisor >= n || BigInt(n) % BigInt(v.divisor) !== 0n || !isPrimeMillerRabin(v.divisor))) {
        return { ok: false, reason: `${v.divisor} is not the smallest divisor of ${n}` };
      }
    }
    return { ok: true };
  },
  describeAnswer: (r) => `${r.filter((v) => v.prime).length} of ${r.length} prime`,
  notes(result) {
    if (result.length === 0) return [];
    const costs = result.map(trialDivisions);
    const total = costs.reduce((a, b) => a + b, 0);
    const top = costs.indexOf(Math.max(...costs));
    const v = result[top]!;
    const share = ((100 * costs[top]!) / total).toFixed(0);
    return [
      `costliest number ${v.n} (${v.prime ? "prime" : `divisor ${v.divisor}`}): ${costs[top]} of ${total} trial divisions (${share}%); ` +
        `no worker count can beat a ${(total / costs[top]!).toFixed(1)}x speedup`,
    ];
  },
};
