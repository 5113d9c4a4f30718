/**
 * The task half of a {@link Suite} that a communication suite has no use for: it measures a channel
 * on its own workers ({@link Suite.comm}), never tasks through the pool. These satisfy the Suite shape
 * and say so, in one line, if anything calls them.
 *
 * @module
 */
import type { Suite } from "../types.ts";

/** `tasksFor`, `split`, `kernel` and `combine` of communication suite `name`: no tasks, and a refusal if run. */
export function noTasks(name: string): Pick<Suite<unknown, never, never, never>, "tasksFor" | "split" | "kernel" | "combine"> {
  const refuse = (): never => {
    throw new Error(`${name} measures a channel between workers, not tasks: it runs on its own workers, never through the pool`);
  };
  return { tasksFor: () => 0, split: () => [], kernel: refuse, combine: refuse };
}
