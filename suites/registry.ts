/**
 * Every workload suite, in report order. Adding a workload = one file in `suites/` + one line here.
 *
 * @module
 */
import { collatz } from "./collatz.ts";
import { countdown } from "./countdown.ts";
import { enabledFaultSuites } from "../testing/fault_suites.ts";
import { gcd } from "./gcd.ts";
import { io } from "./io.ts";
import { pi } from "./pi.ts";
import { primes } from "./primes.ts";
import type { AnySuite } from "./types.ts";

/** All suites (plus the test-only fault suites when TRIBENCH_TEST_FAULTS=1; see fault_suites.ts). */
export const SUITES: readonly AnySuite[] = [
  collatz,
  pi,
  gcd,
  countdown,
  primes,
  io,
  ...enabledFaultSuites(),
];

/** Suite names, in report order. */
export const SUITE_NAMES: readonly string[] = SUITES.map((s) => s.name);

/** The suite called `name`, or `undefined`. */
export function suiteByName(name: string): AnySuite | undefined {
  return SUITES.find((s) => s.name === name);
}
