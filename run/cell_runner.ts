/**
 * Runs one cell process and turns whatever it did into an outcome: a verified record, or a failure
 * with a one-line reason. The cell is started in its own process group (POSIX), so a time limit,
 * Ctrl-C or a leftover check can reach every process it started (pool workers included) at once.
 *
 * Works when the orchestrator itself runs on Node, Deno or Bun (`node:child_process` everywhere).
 *
 * @module
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { trackChild, untrackChild } from "../runtimes/child_tracker.ts";
import type { CellFailure } from "../reports/report.ts";
import { clip, parseCellOutput, type CellFailureRecord, type CellSuccessRecord } from "../harness/cell_protocol.ts";

/** How one cell process went. */
export type CellProcessOutcome =
  | { readonly ok: true; readonly record: CellSuccessRecord; readonly wallMs: number; readonly leftovers: number; readonly pid?: number }
  | {
      readonly ok: false;
      readonly pid?: number;
      readonly kind: CellFailure["kind"];
      readonly reason: string;
      readonly wallMs: number;
      readonly leftovers: number;
      readonly record?: CellFailureRecord;
    };

/** Options of {@link runCellProcess}. */
export interface CellProcessOptions {
  /** Executable first, as built by the adapter's `commandFor`. */
  readonly argv: readonly string[];
  /** Kill the cell's process tree after this long. */
  readonly timeoutMs: number;
  readonly cwd?: string;
}

const POSIX = process.platform !== "win32";
const STDOUT_CAP = 8 * 1024 * 1024;
const STDERR_TAIL = 16 * 1024;

/** Process-group leaders (= cell pids) of cells still running, with a hook to mark them interrupted. */
const running = new Map<number, () => void>();

/**
 * Start a cell process and wait for it. Never rejects: every fault becomes a failed outcome.
 *
 * @example
 * ```ts
 * const out = await runCellProcess({ argv: [process.execPath, "dist/scripts/cell.js", request], timeoutMs: 60_000 });
 * if (!out.ok) console.error(out.reason);
 * ```
 */
export function runCellProcess(options: CellProcessOptions): Promise<CellProcessOutcome> {
  const started = performance.now();
  const [exe, ...args] = options.argv;
  return new Promise((resolve) => {
    let child;
    try {
      // NO_COLOR: a runtime's own error output (Deno colours it) stays readable in a one-line reason.
      child = spawn(exe!, args, { cwd: options.cwd, detached: POSIX, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    } catch (error) {
      resolve({ ok: false, kind: "error", reason: `could not start ${exe}: ${(error as Error).message}`, wallMs: 0, leftovers: 0 });
      return;
    }
    const pid = child.pid;
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let interrupted = false;
    let spawnError: Error | undefined;
    if (pid !== undefined) {
      trackChild(pid);
      running.set(pid, () => {
        interrupted = true;
      });
    }
    child.stdout!.setEncoding("utf8");
    child.stderr!.setEncoding("utf8");
    child.stdout!.on("data", (d: string) => {
      if (stdout.length < STDOUT_CAP) stdout += d;
    });
    child.stderr!.on("data", (d: string) => {
      stderr = (stderr + d).slice(-STDERR_TAIL);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      if (pid !== undefined) killGroup(pid);
    }, options.timeoutMs);
    child.on("error", (error) => {
      spawnError = error;
    });
    let leftovers = 0;
    let exitedAt: number | undefined;
    // When the cell itself exits, anything still in its group is a leftover: count and kill it now.
    // Waiting for 'close' first would hang, since a leftover holding stdout keeps the pipe open.
    child.on("exit", () => {
      exitedAt = performance.now();
      // After a timeout or an interrupt we killed the group ourselves: what is still dying is no leftover.
      if (pid !== undefined) {
        const alive = reapGroup(pid);
        if (!timedOut && !interrupted) leftovers = alive;
      }
    });
    child.on("close", (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      const wallMs = (exitedAt ?? performance.now()) - started;
      if (pid !== undefined) {
        running.delete(pid);
        untrackChild(pid);
        // Kill again anything that appeared since 'exit'; count only when 'exit' did not (a process
        // SIGKILLed there may still be dying now and must not be counted twice).
        const again = reapGroup(pid);
        if (exitedAt === undefined && !timedOut && !interrupted) leftovers = again;
      }
      if (spawnError && pid === undefined) {
        resolve({ ok: false, kind: "error", reason: `could not start ${exe}: ${spawnError.message}`, wallMs, leftovers });
        return;
      }
      resolve({ ...judge({ code, signal, stdout, stderr, timedOut, interrupted, timeoutMs: options.timeoutMs, wallMs, leftovers }), pid });
    });
  });
}

/** What a finished cell process left behind, judged. Exported for tests. */
export function judge(p: {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  interrupted: boolean;
  timeoutMs: number;
  wallMs: number;
  leftovers: number;
}): CellProcessOutcome {
  const base = { wallMs: p.wallMs, leftovers: p.leftovers };
  if (p.interrupted) return { ok: false, kind: "interrupted", reason: "interrupted before the cell finished", ...base };
  if (p.timedOut) {
    return { ok: false, kind: "timeout", reason: `timed out after ${formatSeconds(p.timeoutMs)}; its process tree was killed`, ...base };
  }
  const how = p.signal ? `was killed by ${p.signal}` : `exited with code ${p.code}`;
  const parsed = parseCellOutput(p.stdout);
  if ("record" in parsed) {
    const record = parsed.record;
    if (!record.ok) return { ok: false, kind: record.kind, reason: record.reason, record, ...base };
    if (p.code === 0 && !p.signal) return { ok: true, record, ...base };
    return { ok: false, kind: "crash", reason: `cell process ${how} after answering${stderrHint(p.stderr)}`, ...base };
  }
  if (p.code !== 0 || p.signal) return { ok: false, kind: "crash", reason: `cell process ${how} before answering${stderrHint(p.stderr)}`, ...base };
  return { ok: false, kind: "protocol", reason: `cell process ${parsed.problem}`, ...base };
}

function stderrHint(stderr: string): string {
  // eslint-disable-next-line no-control-regex
  const lines = stderr.replace(/\u001b\[[0-9;]*m/g, "").split("\n").map((l) => l.trim()).filter(Boolean);
  if (!lines.length) return "";
  // The most telling line is the error itself, not the stack frames under it. Out of memory first:
  // V8's native stack under it has frames like `node::OOMErrorHandler` that would match "error".
  const oom = lines.find((l) => /out of memory/i.test(l));
  const error = oom ?? [...lines].reverse().find((l) => /error|exception|panic|killed|abort/i.test(l) && !/^at\s/.test(l));
  return `: ${clip(error ?? lines[lines.length - 1]!, 160)}`;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** SIGKILL a process group (POSIX) or the process (Windows). Never throws. */
export function killGroup(pid: number): void {
  try {
    process.kill(POSIX ? -pid : pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/**
 * Kill what is left of a finished cell's process group, returning how many live processes were
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
 * Ctrl-C / SIGTERM: mark every running cell interrupted and SIGKILL its process group now
 * (synchronously, so it also works from a signal handler). Returns how many cells were running.
 */
export function killRunningCells(): number {
  const pids = [...running.keys()];
  for (const pid of pids) {
    running.get(pid)!();
    killGroup(pid);
  }
  return pids.length;
}

/** Pids of the cell processes running now. */
export function runningCellPids(): number[] {
  return [...running.keys()];
}
