/**
 * A block process whose orchestrator died without cleaning up (SIGKILL, an OOM kill) must not run on,
 * with its workers, for as long as its block would (or forever, if it hangs). The block watches its
 * parent and, once orphaned, kills its own process group (the orchestrator made it the leader, so that
 * holds its process workers) and itself. Deno grants a block no right to signal its group; there it
 * kills only itself, and its `Deno.Command` workers leave when their stdin closes.
 *
 * @module
 */

/** How often the parent is checked. */
export const ORPHAN_CHECK_MS = 500;

/**
 * Start watching for the parent's death; never keeps the process alive by itself.
 *
 * @example
 * ```ts
 * exitWhenOrphaned(); // first thing in a block process
 * ```
 */
export function exitWhenOrphaned(intervalMs = ORPHAN_CHECK_MS): void {
  const parent = process.ppid;
  const timer: unknown = setInterval(() => {
    if (process.ppid === parent) return;
    try {
      process.kill(-process.pid, "SIGKILL");
    } catch {
      // Not a group leader, or not permitted (Deno): at least this process goes.
    }
    process.kill(process.pid, "SIGKILL");
  }, intervalMs);
  // Node and Bun return a Timeout object; Deno a number, unref'd through Deno.unrefTimer.
  const deno = (globalThis as { Deno?: { unrefTimer?(id: number): void } }).Deno;
  if (typeof timer === "number") deno?.unrefTimer?.(timer);
  else (timer as { unref?(): void }).unref?.();
}
