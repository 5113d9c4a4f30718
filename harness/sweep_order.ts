/**
 * The order in which a block runs its cells: one random permutation per sweep, from a seeded
 * generator, so a seed replays the block's whole order on any runtime (stats/random.ts).
 *
 * Why a fresh permutation every sweep and no fixed place for the serial baseline: a fixed order would
 * put each cell at the same offset from its baseline in every sweep, so a periodic slowdown of the
 * machine (a timer, a neighbour's cron) could land on one of them every time; shuffling spreads drift
 * over all cells alike, and the pairing of runs by sweep index keeps each cell's run within one sweep
 * of its baseline's.
 *
 * @module
 */
import { seededRandom, shuffle } from "../stats/random.ts";

/** Mixed into the seed for the warm-up sweeps, so measured orders do not depend on how many warm-ups ran. */
const WARMUP_SEED_SALT = 0x9e3779b9;

/**
 * The orders of `sweeps` measured sweeps over `cellCount` cells: sweep k's order is the k-th
 * Fisher–Yates permutation of `0..cellCount-1` drawn from one generator seeded with `seed`.
 *
 * @example
 * ```ts
 * sweepOrders(3, 2, 7); // two permutations of [0, 1, 2], the same two for seed 7 every time
 * ```
 */
export function sweepOrders(cellCount: number, sweeps: number, seed: number): number[][] {
  return drawOrders(cellCount, sweeps, seed);
}

/**
 * The orders of the warm-up sweeps: like {@link sweepOrders} but from a separate stream derived from
 * `seed`, so the measured orders depend only on the seed and the sweep index.
 *
 * @example
 * ```ts
 * warmupOrders(3, 1, 7); // one permutation of [0, 1, 2]
 * ```
 */
export function warmupOrders(cellCount: number, sweeps: number, seed: number): number[][] {
  return drawOrders(cellCount, sweeps, (seed ^ WARMUP_SEED_SALT) >>> 0);
}

function drawOrders(cellCount: number, sweeps: number, seed: number): number[][] {
  if (!Number.isInteger(cellCount) || cellCount < 0) throw new RangeError(`cell count must be a whole number >= 0, got ${cellCount}`);
  if (!Number.isInteger(sweeps) || sweeps < 0) throw new RangeError(`sweep count must be a whole number >= 0, got ${sweeps}`);
  const random = seededRandom(seed);
  const orders: number[][] = [];
  for (let k = 0; k < sweeps; k++) orders.push(shuffle(Array.from({ length: cellCount }, (_, i) => i), random));
  return orders;
}
