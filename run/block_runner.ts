/**
 * Runs one block process (a runtime x suite: its serial baseline and pools, see
 * harness/block_protocol.ts) and turns whatever it did into an outcome: a record, or a failure with a
 * one-line reason. The block is started in its own process group (POSIX), so a time limit, Ctrl-C or
 * a leftover check can reach every process it started (pool workers included) at once.
 *
 * Works when the orchestrator itself runs on Node, Deno or Bun (`node:child_process` everywhere).
 *
 * @module
 */
import { spawn } from "node:child_process";
import { killGroup, reapGroup } from "../core/process_group.ts";
import { trackChild, untrackChild } from "../runtimes/child_tracker.ts";
import type { CellFailure } from "../reports/report.ts";
import { clip } from "../core/text.ts";
import { parseBlockOutput, type BlockFailureRecord, type BlockSuccessRecord } from "../harness/block_protocol.ts";

/** How one block process went. */
export type BlockProcessOutcome =
  | { readonly ok: true; readonly record: BlockSuccessRecord; readonly wallMs: number; readonly leftovers: number; readonly pid?: number }
  | {
      readonly ok: false;
      readonly pid?: number;
      readonly kind: CellFailure["kind"];
      readonly reason: string;
      readonly wallMs: number;
      readonly leftovers: number;
      readonly record?: BlockFailureRecord;
    };

/** Options of {@link runBlockProcess}. */
export interface BlockProcessOptions {
  /** Executable first, as built by the adapter's `commandFor`. */
  readonly argv: readonly string[];
  /** Kill the block's process tree after this long. */
  readonly timeoutMs: number;
  readonly cwd?: string;
}

const POSIX = process.platform !== "win32";
const STDOUT_CAP = 8 * 1024 * 1024;
const STDERR_TAIL = 16 * 1024;

/** Process-group leaders (= block pids) of blocks still running, with a hook to mark them interrupted. */
const running = new Map<number, () => void>();

/**
 * Start a block process and wait for it. Never rejects: every fault becomes a failed outcome.
 *
 * @example
 * ```ts
 * const out = await runBlockProcess({ argv: [process.execPath, "dist/scripts/block.js", request], timeoutMs: 60_000 });
 * if (!out.ok) console.error(out.reason);
 * ```
 */
export function runBlockProcess(options: BlockProcessOptions): Promise<BlockProcessOutcome> {
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
    // When the block itself exits, anything still in its group is a leftover: count and kill it now.
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

/** What a finished block process left behind, judged. Exported for tests. */
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
}): BlockProcessOutcome {
  const base = { wallMs: p.wallMs, leftovers: p.leftovers };
  if (p.interrupted) return { ok: false, kind: "interrupted", reason: "interrupted before the block finished", ...base };
  if (p.timedOut) {
    return { ok: false, kind: "timeout", reason: `timed out after ${formatSeconds(p.timeoutMs)}; its process tree was killed`, ...base };
  }
  const how = p.signal ? `was killed by ${p.signal}` : `exited with code ${p.code}`;
  const parsed = parseBlockOutput(p.stdout);
  if ("record" in parsed) {
    const record = parsed.record;
    if (!record.ok) return { ok: false, kind: record.kind, reason: record.reason, record, ...base };
    if (p.code === 0 && !p.signal) return { ok: true, record, ...base };
    return { ok: false, kind: "crash", reason: `block process ${how} after answering${stderrHint(p.stderr)}`, ...base };
  }
  if (p.code !== 0 || p.signal) return { ok: false, kind: "crash", reason: `block process ${how} before answering${stderrHint(p.stderr)}`, ...base };
  return { ok: false, kind: "protocol", reason: `block process ${parsed.problem}`, ...base };
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

/**
 * Ctrl-C / SIGTERM: mark every running block interrupted and SIGKILL its process group now
 * (synchronously, so it also works from a signal handler). Returns how many blocks were running.
 */
export function killRunningBlocks(): number {
  const pids = [...running.keys()];
  for (const pid of pids) {
    running.get(pid)!();
    killGroup(pid);
  }
  return pids.length;
}

/** Pids of the block processes running now. */
export function runningBlockPids(): number[] {
  return [...running.keys()];
}
