/**
 * Private helpers for the suites' tests: run a suite serially for a given split, and which runtime the
 * tests run on (some checks are too slow for every runtime).
 *
 * @module
 */
import type { AnySuite } from "../suites/types.ts";

/** The runtime running the tests. */
export const RUNTIME: "node" | "deno" | "bun" = "Deno" in globalThis ? "deno" : "Bun" in globalThis ? "bun" : "node";

/** Split `size` into `parts` tasks, run each kernel in turn and return the partials. */
export async function partialsOf(suite: AnySuite, size: unknown, parts: number): Promise<unknown[]> {
  const partials: unknown[] = [];
  for (const task of suite.split(size, parts)) partials.push(await suite.kernel(structuredClone(task)));
  return partials;
}

/** Split `size` into `parts` tasks, run them serially and combine. */
export async function answerOf(suite: AnySuite, size: unknown, parts: number): Promise<unknown> {
  return suite.combine(await partialsOf(suite, size, parts));
}
