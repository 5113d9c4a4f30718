/**
 * Private helpers for the suites' tests: run a suite serially for a given split.
 *
 * @module
 */
import type { AnySuite } from "../suites/types.ts";

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
