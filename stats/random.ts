/**
 * Seeded randomness for everything tribench draws: run orders, block orders, bootstrap resamples.
 * One generator (Mersenne Twister, from stdlib) so a seed replays the same order on every runtime.
 *
 * @module
 */
import mt19937 from "@stdlib/random-base-mt19937";

/** A seeded source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/** A Mersenne Twister seeded with `seed` (a positive 32-bit integer is best; 0 is mapped to 1). */
export function seededRandom(seed: number): RandomSource {
  const safe = (Math.abs(Math.trunc(seed)) % 0xffffffff) || 1;
  const next = mt19937.factory({ seed: safe });
  // 32-bit integers in [0, MAX] scaled to [0, 1) (the typed API does not expose `.normalized`).
  return () => next() / (next.MAX + 1);
}

/** A stable 32-bit seed from a string (FNV-1a), so each cell gets its own reproducible stream. */
export function seedFromString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h || 1;
}


/**
 * Shuffle `items` in place with the Fisher–Yates algorithm (every permutation equally likely) and
 * return it.
 *
 * @example
 * ```ts
 * shuffle([0, 1, 2, 3], seededRandom(7)); // a permutation of 0..3, the same one for seed 7 every time
 * ```
 */
export function shuffle<T>(items: T[], random: RandomSource): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
  return items;
}
