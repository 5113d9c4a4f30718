/**
 * The measured path: run the tasks of one suite in one variant and return the combined answer.
 * Splitting happens before (in {@link prepareTasks}) and verifying after, so the timed region holds the
 * work and only the work (STYLE.md on mitata): no logging, no report objects, and no promise a variant
 * would not have by itself.
 *
 * @module
 */
import type { Pool } from "../pool/pool.ts";
import type { AnySuite, VariantName } from "../suites/types.ts";

/**
 * Split `size` of `suite` into its fixed number of tasks ({@link AnySuite.tasksFor}, never the worker
 * count). Call it outside the timed region.
 *
 * @example
 * ```ts
 * const tasks = prepareTasks(gcd, gcd.sizes.seed); // 4 tasks, one pair each
 * ```
 */
export function prepareTasks(suite: AnySuite, size: unknown): unknown[] {
  return suite.split(size, suite.tasksFor(size));
}

/**
 * Run prepared `tasks` of `suite` in `variant` and combine the partial results:
 * - `serial`: the kernel in a plain loop in this thread, awaiting only kernels that return a promise;
 * - `async`: every kernel started at once in this thread, then `Promise.all`;
 * - `threads` / `processes`: `pool.map(suite.name, tasks, { chunksize })` on a ready pool of that kind
 *   (chunksize omitted: the pool's automatic one).
 * Throws an Error (one line) for a variant the suite lacks, or a missing or mismatched pool.
 *
 * @example
 * ```ts
 * const answer = await runTasks(gcd, prepareTasks(gcd, gcd.sizes.seed), "serial");
 * gcd.verify(answer, gcd.sizes.seed); // { ok: true }
 * ```
 */
export async function runTasks(suite: AnySuite, tasks: readonly unknown[], variant: VariantName, pool?: Pool, chunksize?: number): Promise<unknown> {
  if (!suite.variants.includes(variant)) throw new Error(`suite ${suite.name} has no ${variant} variant (it has ${suite.variants.join(", ")})`);
  switch (variant) {
    case "serial": {
      const partials = new Array<unknown>(tasks.length);
      for (let i = 0; i < tasks.length; i++) {
        const partial = suite.kernel(tasks[i]);
        partials[i] = partial instanceof Promise ? await partial : partial;
      }
      return suite.combine(partials);
    }
    case "async":
      return suite.combine(await Promise.all(tasks.map((task) => suite.kernel(task))));
    case "threads":
    case "processes": {
      if (pool === undefined) throw new Error(`the ${variant} variant of ${suite.name} needs a pool`);
      if (pool.kind !== variant) throw new Error(`the ${variant} variant of ${suite.name} was given a ${pool.kind} pool`);
      const options = chunksize === undefined ? {} : { chunksize };
      return suite.combine(await pool.map(suite.name, tasks, options));
    }
    default:
      throw new Error(`unknown variant ${JSON.stringify(variant)}`);
  }
}
