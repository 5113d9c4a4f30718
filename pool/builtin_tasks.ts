/**
 * Tasks every worker knows besides the suites: `tribench:*` for measuring the pool itself and for
 * initializers, and `fault:*` for tests that check how the pool survives a misbehaving task.
 *
 * @module
 */

/** A task: one input in, one output (or a promise of it) out. */
export type TaskFunction = (input: unknown) => unknown;

/** Per-worker state set by `tribench:remember` (typically as an initializer) and read back by `tribench:recall`. */
let remembered: unknown = undefined;

/** Largest heap `fault:oom` allocates before giving up, so it stays safe even where no heap limit is set. */
const OOM_CAP_BYTES = 2 * 1024 ** 3;

/** Whether this code runs in a thread worker (not the main thread of a process). */
function inThread(): boolean {
  // Web Workers (Deno, Bun) have WorkerGlobalScope; node:worker_threads workers have no `process.send`
  // and a parentPort, but the cheapest common test is the global scope object.
  const g = globalThis as { WorkerGlobalScope?: unknown; self?: unknown };
  if (typeof g.WorkerGlobalScope !== "undefined") return true;
  return threadFlag.value;
}

/**
 * Set by the worker entry: true when it serves a thread. Kept on `globalThis` (under a registered
 * symbol), not in module state, because a task module bundled for `--suite-file` carries its own copy
 * of this module: both copies must read the one flag of the worker they run in.
 */
export const threadFlag: { value: boolean } = ((globalThis as Record<symbol, { value: boolean } | undefined>)[Symbol.for("tribench.threadFlag")] ??= { value: false });

/** Built-in tasks, by name. */
export const BUILTIN_TASKS: Readonly<Record<string, TaskFunction>> = {
  /** Does nothing: measures pool overhead. */
  "tribench:noop": () => null,
  /** Returns its input: measures a round trip of the value. */
  "tribench:echo": (input) => input,
  /** Waits `input` milliseconds without blocking the worker's event loop, then returns `input`. */
  "tribench:sleep": (input) => new Promise((resolve) => setTimeout(() => resolve(input), Number(input))),
  /** Stores `input` in this worker (use as an initializer). */
  "tribench:remember": (input) => {
    remembered = input;
    return null;
  },
  /** Returns what `tribench:remember` stored in this worker, or null. */
  "tribench:recall": () => remembered ?? null,
  /** Returns the worker's process id (threads share their parent's). */
  "tribench:pid": () => process.pid,
  /**
   * Spins `input` iterations of a fixed integer loop and returns its checksum, which depends on every
   * iteration, so no compiler can drop the loop. Pure CPU with no memory traffic: the capacity probe
   * (harness/capacity_probe.ts) uses it to ask how many cores the machine gives at a moment.
   */
  "tribench:spin": (input) => {
    const n = Number(input);
    if (!Number.isInteger(n) || n < 0) throw new Error(`tribench:spin needs a whole number of iterations >= 0, got ${JSON.stringify(input)}`);
    let x = 0x2545f491;
    for (let i = 0; i < n; i++) x = (Math.imul(x, 1103515245) + 12345 + i) | 0;
    return x >>> 0;
  },

  /** Throws an Error with `input` (or a fixed text) as its message. */
  "fault:throw": (input) => {
    throw new Error(typeof input === "string" ? input : "fault:throw was asked to throw");
  },
  /** Exits the worker with code `input` (default 3) in the middle of a task. */
  "fault:exit": (input) => {
    process.exit(typeof input === "number" ? input : 3);
  },
  /**
   * Kills the worker abruptly: a process worker SIGKILLs itself; a thread worker throws an error that
   * escapes every handler, which ends the thread (nothing else can kill only one thread).
   */
  "fault:kill": () => {
    if (inThread()) {
      setTimeout(() => {
        throw new Error("fault:kill: uncaught error thrown to end the thread");
      }, 0);
      return new Promise(() => {});
    }
    process.kill(process.pid, "SIGKILL");
    return new Promise(() => {});
  },
  /** Never returns and never yields (a busy loop): only a kill stops it. */
  "fault:hang": () => {
    for (;;) {
      // Spin; the pool's timeout must kill the worker.
    }
  },
  /** Allocates heap until the worker runs out of memory (start the worker with a small heap limit). */
  "fault:oom": () => {
    const hoard: unknown[][] = [];
    let bytes = 0;
    while (bytes < OOM_CAP_BYTES) {
      const block = new Array<unknown>(1 << 16);
      for (let i = 0; i < block.length; i++) block[i] = { i };
      hoard.push(block);
      bytes += block.length * 40;
    }
    throw new Error("fault:oom allocated 2 GiB without reaching a heap limit; start the worker with a smaller heap");
  },
};
