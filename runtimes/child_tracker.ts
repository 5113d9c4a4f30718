/**
 * Child processes we started, so none outlives us: they are SIGKILLed when this process exits
 * normally and when it gets SIGINT or SIGTERM. Used by the pool for process workers and by the
 * orchestrator for cell processes.
 *
 * @module
 */

const tracked = new Set<number>();
let installed = false;

/**
 * Remember `pid` so it is killed if we exit or are interrupted before it ends.
 *
 * @example
 * ```ts
 * trackChild(child.pid!);
 * child.on("exit", () => untrackChild(child.pid!));
 * ```
 */
export function trackChild(pid: number): void {
  tracked.add(pid);
  if (!installed) install();
}

/** Forget `pid` (it has exited, or someone else now owns it). */
export function untrackChild(pid: number): void {
  tracked.delete(pid);
}

/** The pids currently tracked. */
export function trackedChildren(): number[] {
  return [...tracked];
}

/** SIGKILL every tracked child now (synchronously) and forget them. Returns how many were signalled. */
export function killAllTracked(signal: NodeJS.Signals = "SIGKILL"): number {
  let count = 0;
  for (const pid of tracked) {
    try {
      process.kill(pid, signal);
      count++;
    } catch {
      // Already gone.
    }
  }
  tracked.clear();
  return count;
}

function install(): void {
  installed = true;
  // 'exit' handlers may only do synchronous work, which process.kill is.
  process.on("exit", () => killAllTracked());
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    const onSignal = () => {
      killAllTracked();
      // Listening to a signal cancels its default action. When nobody else handles it, restore the
      // default and re-raise, so we still die of the signal as the sender intended.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    try {
      process.on(signal, onSignal);
    } catch {
      // A runtime without signal listeners (Windows subsets): the exit hook still runs.
    }
  }
}
