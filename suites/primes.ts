/**
 * primes: trial-division primality. `seed` is the `concurrent.futures` tutorial's numbers: 112272535095293,
 * 112582705942171, 112272535095293, 115280095190773, 115797848077099 (prime) and 1099726899285419 (not
 * prime); `default` and `large` are 15 primes just above a power of two and one product of two primes
 * whose smaller factor, about a third of the square root, stops the division early, as the tutorial's
 * composite does (sizes below). One number per task, exactly the tutorial's `is_prime` (odd divisors
 * from 3 up to floor(sqrt n)); the kernel also returns the divisor it stopped at, which costs nothing and
 * lets the verifier check it.
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
  description: "Trial-division primality of 12- to 16-digit numbers (uneven task costs)",
  variants: ["serial", "threads", "processes"],
  bound: "cpu",
  sizes: {
    // Calibration 2026-12-01 (serial, CPU time of one run by process.cpuUsage, so the other jobs loading this
    // 2-core machine do not count; median of runs 2-8 in one process, large of run 2), Node 20.20 / Deno 2.9 / Bun 1.4:
    // quick 24/24/3 ms, seed 488/491/55 ms, default 93/82/11 ms, large 1.12/1.11/0.13 s (Bun's JIT divides
    // these doubles as integers; V8 calls fmod, about 17 ns a division).
    // Default was the tutorial's six and the first two primes above 2^47 (0.70/0.66/0.08 s); now 16 numbers
    // of ~6 ms each on Node, so that one serial run takes about 100 ms there: the benchmark interleaves
    // serial and parallel runs in many short sweeps within its time budget. How the numbers were found and
    // checked (2026-12-01, Python exact integers): a deterministic Miller–Rabin picked them, and full trial
    // division by every odd d <= isqrt(n) confirmed each verdict and each composite's smallest factor.
    // The primes just below and just above 10^12, and 1000003 x 1000033 (both factors prime).
    quick: { numbers: [999999999989, 1000000000039, 1000036000099] },
    seed: { numbers: TUTORIAL_NUMBERS },
    // The first 15 primes above 2^39 (~370,000 divisions each) and 247183 x 2224099 (both prime, the
    // first above isqrt(2^39)/3 and above 2^39/247183), which stops after a third of a prime's work,
    // as the tutorial's composite does.
    default: {
      numbers: [
        549755813911, 549755813927, 549755813933, 549755813951, 549755813963, 549755814037, 549755814043,
        549755814071, 549755814109, 549755814121, 549755814143, 549755814197, 549755814211, 549755814221,
        549755814233, 549759463117,
      ],
    },
    // The same shape at 2^46 (~4.2M divisions a prime, 11.3x default's): the first 15 primes above 2^46
    // and 2796203 x 25165843 (the first primes above isqrt(2^46)/3 and above 2^46/2796203).
    large: {
      numbers: [
        70368744177679, 70368744177791, 70368744177803, 70368744177829, 70368744177857, 70368744177899,
        70368744177911, 70368744177937, 70368744177983, 70368744178001, 70368744178037, 70368744178043,
        70368744178067, 70368744178079, 70368744178081, 70368805694129,
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
