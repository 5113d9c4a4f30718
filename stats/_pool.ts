/**
 * Private helpers shared by the stats files (not part of the public API).
 *
 * @module
 */
import { median } from "simple-statistics";

/** All values of all processes in one array. A plain loop: `Array.prototype.flat` is several times
 * slower in V8, and the bootstrap calls this thousands of times per interval. */
export function pool(processes: readonly (readonly number[])[]): number[] {
  let n = 0;
  for (const p of processes) n += p.length;
  const out = new Array<number>(n);
  let i = 0;
  for (const p of processes) for (let j = 0; j < p.length; j++) out[i++] = p[j]!;
  return out;
}

/** The bootstrap statistic "median of the pooled values of the first (only) side". */
export const pooledMedian = (sides: number[][][]): number => median(pool(sides[0]!));
