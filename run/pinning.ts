/**
 * Which of a run's blocks are pinned to one CPU: those of a suite that asks ({@link AnySuite.oneCpu}),
 * unless `--no-pin`. How to pin is found once per run (runtimes/cpu_pinning.ts).
 *
 * @module
 */
import { oneCpu, type NoPinning, type OneCpu } from "../runtimes/cpu_pinning.ts";
import type { AnySuite } from "../suites/types.ts";

/**
 * Which suites' blocks run on one CPU ({@link AnySuite.oneCpu}), decided once per run: the pinning
 * for a suite's blocks, or `undefined`. Where pinning is not possible (not Linux, no `taskset`) the
 * suite runs unpinned and one warning per suite says what that means for its figures.
 */
export function blockPinning(suites: readonly AnySuite[], pin: boolean, warnings: string[], how: () => OneCpu | NoPinning = oneCpu): (suite: string) => OneCpu | undefined {
  let decided: OneCpu | NoPinning | undefined;
  const warned = new Set<string>();
  return (name) => {
    const suite = suites.find((s) => s.name === name);
    if (!pin || !suite?.oneCpu) return undefined;
    decided ??= how();
    if ("cpu" in decided) return decided;
    if (!warned.has(name)) {
      warned.add(name);
      warnings.push(`${name} ran unpinned: ${decided.unavailable}; its figures include waits for another CPU to wake, which vary from run to run`);
    }
    return undefined;
  };
}
