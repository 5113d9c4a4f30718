/**
 * Every workload suite, in report order. Adding a workload = one file in `suites/` + one line here.
 *
 * @module
 */
import type { AnySuite } from "./types.ts";

/** All suites. */
export const SUITES: readonly AnySuite[] = [];

/** Suite names, in report order. */
export const SUITE_NAMES: readonly string[] = SUITES.map((s) => s.name);

/** The suite called `name`, or `undefined`. */
export function suiteByName(name: string): AnySuite | undefined {
  return SUITES.find((s) => s.name === name);
}
