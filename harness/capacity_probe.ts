/**
 * The machine's parallel capacity at a moment: a calibrated spin (`tribench:spin`, pure integer work)
 * on one thread, then the same spin on N threads at once; `N * oneMs / allMs` is how many cores' worth
 * of work the machine gave. A block runs one probe at the start of every measured sweep, so each run
 * has a capacity reading from seconds before it.
 *
 * Why a spin of {@link PROBE_SPIN_MS} (10 ms): it must be long against what surrounds it — a timer read
 * and a message to a worker and back cost about 0.1 ms, so they are ~1% of the spin — and short
 * against a run (a probe per sweep must not dominate the block) and against the ~0.5 s dips in
 * capacity seen on a shared machine, so one probe sees one state of the machine, not an average of two.
 *
 * The N spins land one per worker: the pool's dispatcher hands a queue of N chunks (chunksize 1) to N
 * idle workers round-robin, one chunk per worker per round, so the first round takes them all.
 *
 * @module
 */

/** Target duration of one spin. */
export const PROBE_SPIN_MS = 10;

/** The built-in task the probe runs. */
export const SPIN_TASK = "tribench:spin";

/** Iterations of the first calibration spin (well under a millisecond on any machine we know). */
const START_ITERATIONS = 1 << 16;
/**
 * Calibration stops growing once one spin takes this share of the target (5 ms): a message's ~0.1 ms
 * and a coarse timer's 0.1 ms are then at most a few percent of the reading it rescales from.
 */
const GROWN_ENOUGH = 0.5;
/** Calibration gives up growing after this many steps (a fake or broken clock must not loop forever). */
const MAX_GROWTH_STEPS = 16;
/** Single spins timed at each calibration step; the fastest counts. */
const TIMINGS_PER_STEP = 3;
/** Largest spin asked for (a couple of seconds even on a slow machine): a guard against a clock reading 0. */
const MAX_ITERATIONS = 2 ** 31;

/** The part of a threads pool the probe uses (a real `Pool` fits; tests pass fakes). */
export interface ProbePool {
  ready(): Promise<unknown>;
  map(task: string, inputs: readonly unknown[], options: { chunksize?: number }): Promise<unknown[]>;
  close(): Promise<unknown>;
  terminate(): Promise<unknown>;
}

/** One reading of the probe (the block adds the sweep and the time it started). */
export interface CapacityReading {
  oneMs: number;
  allMs: number;
  /** `workers * oneMs / allMs`. */
  capacity: number;
}

/** Wall time of `count` spins of `iterations`, started at once, one per worker. */
async function timeSpins(pool: ProbePool, iterations: number, count: number, now: () => number): Promise<number> {
  const inputs = new Array<number>(count).fill(iterations);
  const t0 = now();
  await pool.map(SPIN_TASK, inputs, { chunksize: 1 });
  return now() - t0;
}

/** `iterations` rescaled so the spin takes `targetMs`, given it took `ms`. */
function rescale(iterations: number, ms: number, targetMs: number): number {
  if (!(ms > 0)) return Math.min(MAX_ITERATIONS, iterations * 16);
  return Math.max(1, Math.min(MAX_ITERATIONS, Math.round((iterations * targetMs) / ms)));
}

/**
 * Find the iteration count at which one spin takes about `targetMs` on a ready pool of `workers`
 * threads. Each step first lets every worker run the spin (the first runs in a fresh worker are
 * interpreted and would make the estimate too small), then times a few single spins and keeps the
 * fastest: on a shared machine noise only ever adds time, so the minimum is the spin's own cost. Once
 * that is long enough to time well, the count is rescaled to the target; until then it grows. Costs
 * a few spins of the target length, under 0.1 s on an idle machine.
 *
 * @example
 * ```ts
 * const iterations = await calibrateSpin(pool, 2, () => performance.now());
 * ```
 */
export async function calibrateSpin(pool: ProbePool, workers: number, now: () => number, targetMs = PROBE_SPIN_MS): Promise<number> {
  let iterations = START_ITERATIONS;
  for (let step = 0; step < MAX_GROWTH_STEPS; step++) {
    await timeSpins(pool, iterations, workers, now);
    let fastest = Infinity;
    for (let i = 0; i < TIMINGS_PER_STEP; i++) fastest = Math.min(fastest, await timeSpins(pool, iterations, 1, now));
    if (fastest >= GROWN_ENOUGH * targetMs) return rescale(iterations, fastest, targetMs);
    // Aim past the grown-enough mark in one step when the reading is usable, at most x16 at a time.
    iterations = fastest > 0 ? Math.min(MAX_ITERATIONS, iterations * Math.min(16, Math.ceil((GROWN_ENOUGH * targetMs) / fastest) + 1)) : rescale(iterations, 0, targetMs);
  }
  return iterations;
}

/**
 * One probe: a spin of `iterations` on one worker, then `workers` spins at once, one per worker.
 *
 * @example
 * ```ts
 * const { capacity } = await measureCapacity(pool, 2, iterations, () => performance.now()); // ~2 on an idle 2-core machine
 * ```
 */
export async function measureCapacity(pool: ProbePool, workers: number, iterations: number, now: () => number): Promise<CapacityReading> {
  const oneMs = await timeSpins(pool, iterations, 1, now);
  const allMs = await timeSpins(pool, iterations, workers, now);
  return { oneMs, allMs, capacity: allMs > 0 ? (workers * oneMs) / allMs : workers };
}
