/**
 * Process groups (POSIX): a block process is started as the leader of its own group, so a time limit,
 * Ctrl-C or a leftover check reaches every process it started (pool workers included) at once. Used
 * by the run and by micro; {@link processAlive} asks the same of one process. Works on Node, Deno and
 * Bun (`node:fs` and `process.kill`).
 *
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";

const POSIX = process.platform !== "win32";

/** SIGKILL a process group (POSIX) or the process (Windows). Never throws. */
export function killGroup(pid: number): void {
  try {
    process.kill(POSIX ? -pid : pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/**
 * Kill what is left of a finished block's process group, returning how many live processes were
 * still in it (zombies waiting to be reaped do not count).
 */
export function reapGroup(pgid: number): number {
  if (!POSIX) return 0;
  const alive = liveGroupMembers(pgid);
  if (alive !== 0) killGroup(pgid);
  return Math.max(alive, 0);
}

/**
 * Live (non-zombie) processes in process group `pgid`: read from /proc on Linux; elsewhere 1 when
 * the group can still be signalled, else 0.
 */
export function liveGroupMembers(pgid: number): number {
  try {
    let count = 0;
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue; // exited while we looked
      }
      // Fields after the command name (which may hold spaces and parentheses): state ppid pgrp …
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid && fields[0] !== "Z" && fields[0] !== "X") count++;
    }
    return count;
  } catch {
    try {
      process.kill(-pgid, 0);
      return 1;
    } catch {
      return 0;
    }
  }
}

/**
 * Whether process `pid` exists, by signal 0 (checks without sending; no /proc needed). A zombie
 * counts (its parent has not reaped it yet). Only `ESRCH` (no such process) means gone: any other
 * refusal (`EPERM`, a runtime that will not signal) counts as alive, because the callers remove a
 * process's files or report it gone, and doing that to a live one is the worse mistake.
 *
 * @example
 * ```ts
 * processAlive(process.pid); // true
 * ```
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}
