/**
 * Child processes we started, so none outlives us: they are SIGKILLed when this process exits
 * normally and when it gets SIGINT or SIGTERM. Used by the pool for process workers, by the block
 * runner for block processes and by `micro` for its probe processes.
 *
 * @module
 */

/** How to kill a tracked child: its own handle's kill when given, else `process.kill(pid)`. */
export type KillChild = (signal: NodeJS.Signals) => void;

const tracked = new Map<number, KillChild | undefined>();
let installed = false;

/**
 * Remember `pid` so it is killed if we exit or are interrupted before it ends. Pass `kill` (the child
 * handle's own kill method) where you have one: Deno refuses `process.kill(pid)` without full
 * `--allow-run`, but always lets a process kill a child it spawned through the child's handle.
 *
 * @example
 * ```ts
 * trackChild(child.pid!, (signal) => child.kill(signal));
 * child.on("exit", () => untrackChild(child.pid!));
 * ```
 */
export function trackChild(pid: number, kill?: KillChild): void {
  tracked.set(pid, kill);
  if (!installed) install();
}

/** Forget `pid` (it has exited, or someone else now owns it). */
export function untrackChild(pid: number): void {
  tracked.delete(pid);
}

/** The pids currently tracked. */
export function trackedChildren(): number[] {
  return [...tracked.keys()];
}

/** SIGKILL every tracked child now (synchronously) and forget them. Returns how many were signalled. */
export function killAllTracked(signal: NodeJS.Signals = "SIGKILL"): number {
  let count = 0;
  for (const [pid, kill] of tracked) {
    try {
      if (kill) kill(signal);
      else process.kill(pid, signal);
      count++;
    } catch {
      // Already gone (or not ours to kill).
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
