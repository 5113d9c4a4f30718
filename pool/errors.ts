/**
 * The pool's typed errors. Each prints as one line a person understands without reading the code,
 * and carries the fields a program needs (task name, runtime, exit code or signal).
 *
 * @module
 */
import type { RuntimeName, WorkerExit } from "../runtimes/types.ts";

/** Base class of every pool error, so callers can `instanceof PoolError` once. */
export class PoolError extends Error {
  override name = "PoolError";
}

/**
 * A task threw (or rejected) inside a worker. The worker is still alive.
 *
 * @example
 * ```ts
 * const e = new TaskError("collatz", "boom");
 * e.message; // "task collatz failed: boom"
 * ```
 */
export class TaskError extends PoolError {
  override name = "TaskError";
  /** The task's registry name. */
  readonly task: string;
  /** The message of the error the task threw, unchanged. */
  readonly originalMessage: string;
  /** The name of the error the task threw (`TypeError`, …). */
  readonly originalName: string;
  /** The stack from inside the worker, when it had one. */
  readonly workerStack: string | undefined;

  constructor(task: string, originalMessage: string, originalName = "Error", workerStack?: string) {
    super(`task ${task} failed: ${originalMessage}`);
    this.task = task;
    this.originalMessage = originalMessage;
    this.originalName = originalName;
    this.workerStack = workerStack;
  }
}

/** A task ran longer than its `timeoutMs`; its worker was killed and replaced. */
export class TaskTimeoutError extends PoolError {
  override name = "TaskTimeoutError";
  /** The task's registry name. */
  readonly task: string;
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(task: string, timeoutMs: number) {
    super(`task ${task} timed out after ${timeoutMs} ms; its worker was killed and replaced`);
    this.task = task;
    this.timeoutMs = timeoutMs;
  }
}

/** Describe a worker exit as a short phrase: `exit code 3`, `signal SIGKILL`, or the uncaught error. */
export function describeExit(exit: WorkerExit): string {
  const parts: string[] = [];
  if (exit.signal) parts.push(`signal ${exit.signal}`);
  else if (exit.code !== null) parts.push(`exit code ${exit.code}`);
  else parts.push("no exit code");
  if (exit.error) parts.push(`uncaught error: ${firstLine(exit.error)}`);
  return parts.join(", ");
}

/**
 * A worker died (exit, uncaught error, signal) while running a task. The task is not retried
 * (it may be what killed the worker); the worker is replaced.
 */
export class WorkerCrashedError extends PoolError {
  override name = "WorkerCrashedError";
  /** The task that was running. */
  readonly task: string;
  /** The runtime the worker ran on. */
  readonly runtime: RuntimeName;
  /** Thread or process, with the mechanism, e.g. `node/child_process.fork`. */
  readonly mechanism: string;
  /** Exit code, or `null` when a signal ended it or none is known. */
  readonly code: number | null;
  /** Signal name, or `null`. */
  readonly signal: string | null;
  /** The uncaught error's message, when that is what ended it. */
  readonly workerError: string | undefined;

  constructor(task: string, runtime: RuntimeName, mechanism: string, exit: WorkerExit) {
    super(`worker died while running task ${task} on ${runtime} (${mechanism}): ${describeExit(exit)}`);
    this.task = task;
    this.runtime = runtime;
    this.mechanism = mechanism;
    this.code = exit.code;
    this.signal = exit.signal;
    this.workerError = exit.error;
  }
}

/** Work was given to a pool that is closing or closed, or the pool was terminated under it. */
export class PoolClosedError extends PoolError {
  override name = "PoolClosedError";

  constructor(what = "the pool is closed") {
    super(what);
  }
}

/** A worker could not start: it died before saying ready, or its initializer threw. */
export class WorkerStartError extends PoolError {
  override name = "WorkerStartError";
  /** The runtime the worker ran on. */
  readonly runtime: RuntimeName;
  /** The mechanism, e.g. `deno/Worker`. */
  readonly mechanism: string;

  constructor(runtime: RuntimeName, mechanism: string, reason: string) {
    super(`worker could not start on ${runtime} (${mechanism}): ${firstLine(reason)}`);
    this.runtime = runtime;
    this.mechanism = mechanism;
  }
}

function firstLine(text: string): string {
  const i = text.indexOf("\n");
  return i < 0 ? text : text.slice(0, i);
}
