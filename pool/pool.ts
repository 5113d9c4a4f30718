/**
 * One worker pool for every runtime and both kinds of worker (threads, processes), driven through
 * the {@link WorkerFactory} of the runtime we run on.
 *
 * Cost model: each worker keeps several chunks in flight (prefetch, see pool_dispatch.ts), and every
 * batch of chunks sent to a worker travels as one message and comes back as one message, so the
 * per-task cost is an array slot, not a message. Chunks run one at a time per worker, in order; that
 * order lets the protocol go without ids and tells us which chunk was running when a worker died.
 *
 * This file holds the pool's life cycle (start, results, crashes, timeouts, close); the queue and the
 * dispatch policy live in pool_dispatch.ts, the jobs in pool_jobs.ts. It stays over 300 lines because
 * a worker's life cycle (start, ready, result, crash, timeout, replace, stop) is one state machine whose
 * transitions must be read side by side.
 *
 * @module
 */
import { dirname, isAbsolute } from "node:path";
import { PoolClosedError, TaskError, TaskTimeoutError, WorkerCrashedError, WorkerStartError } from "./errors.ts";
import { type Chunk, chunksOf, type Job, MapJob, SubmitJob, UnorderedJob } from "./pool_jobs.ts";
import { Dispatcher, Slot } from "./pool_dispatch.ts";
import { type ChunkFailure, INIT, INIT_FAILED, READY, RESULTS } from "../runtimes/protocol.ts";
import { currentAdapter } from "../runtimes/registry.ts";
import { waitForWorkerThreadsGone } from "../runtimes/thread_reaper.ts";
import type { WorkerApi, WorkerExit, WorkerFactory, WorkerHandle, WorkerKind } from "../runtimes/types.ts";

/** Options of a {@link Pool}. */
export interface PoolOptions {
  /** Threads or processes. */
  kind: WorkerKind;
  /** How many workers. */
  workers: number;
  /** Native API (default) or the node-compat one, where the runtime has both. */
  api?: WorkerApi;
  /** A task each worker runs once before it takes work, like Python's `Pool(initializer=…)`. */
  initializer?: { task: string; arg?: unknown };
  /** Who starts workers (default: the adapter of the runtime we run on). */
  factory?: WorkerFactory;
  /** Heap limit per worker in MiB, where the runtime can set one (see `StartWorkerOptions.maxHeapMb`). */
  maxHeapMb?: number;
  /** Extra environment for process workers. */
  env?: Readonly<Record<string, string>>;
  /**
   * The suites workers may run, as absolute paths of compiled ES modules each exporting
   * `SUITES: { name: string; kernel(task): unknown }[]`. Every worker imports them (in this order)
   * before its initializer; a suite is then a task under its own name. Without it workers know only
   * the built-in `tribench:*` and `fault:*` tasks. A name taken twice fails `ready()`.
   */
  taskModules?: readonly string[];
}

/**
 * Python's `Pool.map` default: about four chunks per worker, `ceil(items / (4 * workers))`, at least 1.
 *
 * @example
 * ```ts
 * chunkSizeFor(1000, 2); // 125
 * ```
 */
export function chunkSizeFor(items: number, workers: number): number {
  return Math.max(1, Math.ceil(items / (4 * Math.max(1, workers))));
}

/** How long `close()` lets a worker finish after STOP before killing it. */
const CLOSE_GRACE_MS = 1000;

/** A pool of workers running registry tasks. Call {@link Pool.close} or {@link Pool.terminate} when done. */
export class Pool {
  /** Threads or processes. */
  readonly kind: WorkerKind;
  /** Number of workers kept running. */
  readonly size: number;
  /** How workers are started, e.g. `node/worker_threads`. */
  readonly mechanism: string;
  readonly #factory: WorkerFactory;
  readonly #options: PoolOptions;
  #slots: Slot[] = [];
  readonly #dispatcher = new Dispatcher((slot, chunk) => this.#startTimer(slot, chunk));
  #closing = false;
  #terminated = false;
  #broken: Error | undefined;
  #stopping: Promise<unknown>[] = [];
  #startedPids: number[] = [];
  #readyCount = 0;
  readonly #ready: Promise<void>;
  #resolveReady!: () => void;
  #rejectReady!: (error: Error) => void;
  #idleWaiter: (() => void) | undefined;

  constructor(options: PoolOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 1) {
      throw new RangeError(`a pool needs a whole number of workers >= 1, got ${options.workers}`);
    }
    for (const path of options.taskModules ?? []) {
      if (typeof path !== "string" || !isAbsolute(path)) throw new TypeError(`a pool's task modules must be absolute paths, got ${JSON.stringify(path)}`);
    }
    this.kind = options.kind;
    this.size = options.workers;
    this.#options = options;
    this.#factory = options.factory ?? currentAdapter();
    this.#ready = new Promise((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    this.#ready.catch(() => {}); // reported to whoever awaits ready() or submits work
    for (let i = 0; i < options.workers; i++) this.#spawn(true);
    this.mechanism = this.#slots[0]?.handle.mechanism ?? `${this.#factory.name}/${options.kind}`;
  }

  /** Resolves once every worker has started and run its initializer; rejects with {@link WorkerStartError}. */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** Pids of the current process workers (not those being stopped); `[]` for threads. */
  get pids(): number[] {
    const pids: number[] = [];
    for (const slot of this.#slots) if (slot.handle.pid !== undefined && !slot.retiring) pids.push(slot.handle.pid);
    return pids;
  }

  /** Pids of every process worker this pool has started, replaced ones included (to check none is left). */
  get startedPids(): number[] {
    return [...this.#startedPids];
  }

  /** Run `task` on every input; outputs in input order. `chunksize` defaults to {@link chunkSizeFor}. */
  map<O>(task: string, inputs: readonly unknown[], options: { chunksize?: number } = {}): Promise<O[]> {
    const job = new MapJob<O>(inputs.length);
    this.#enqueueAll(job, task, inputs, options.chunksize);
    return job.promise;
  }

  /** Run `task` on every input, yielding `{ index, value }` as soon as each finishes. */
  imapUnordered<O>(task: string, inputs: readonly unknown[], options: { chunksize?: number } = {}): AsyncIterableIterator<{ index: number; value: O }> {
    const job = new UnorderedJob<O>(inputs.length);
    job.onCancel = () => this.#checkIdle();
    this.#enqueueAll(job, task, inputs, options.chunksize);
    return job;
  }

  /** Run `task` on one input. Over `timeoutMs`, or when `signal` aborts, it rejects and its worker is killed and replaced. */
  submit<O>(task: string, input: unknown, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<O> {
    const job = new SubmitJob<O>();
    const exclusive = options.timeoutMs !== undefined || options.signal !== undefined;
    const chunk: Chunk = { job, task, start: 0, inputs: [input], exclusive, timeoutMs: options.timeoutMs, signal: options.signal };
    if (options.signal) {
      const signal = options.signal;
      if (signal.aborted) {
        job.fail(signal.reason);
        return job.promise;
      }
      // Removed when the task settles, so a long-lived signal shared by many tasks does not pile up listeners.
      const onAbort = () => this.#abortChunk(chunk, signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      job.onSettle = () => signal.removeEventListener("abort", onAbort);
    }
    this.#enqueue(job, [chunk]);
    return job.promise;
  }

  /** Finish all queued work, then stop every worker. Resolves when none is left running. */
  async close(): Promise<void> {
    this.#closing = true;
    if (!this.#isIdle()) await new Promise<void>((resolve) => (this.#idleWaiter = resolve));
    await this.#stopAll(CLOSE_GRACE_MS);
  }

  /** Stop now: pending work rejects with {@link PoolClosedError}. Resolves when no worker is left running. */
  async terminate(): Promise<void> {
    this.#closing = true;
    if (!this.#terminated) {
      this.#terminated = true;
      const error = new PoolClosedError("the pool was terminated before this task finished");
      for (const slot of this.#slots) {
        for (let c = slot.shift(); c; c = slot.shift()) c.job.fail(error);
      }
      this.#dispatcher.failAll(error);
    }
    await this.#stopAll(0);
  }

  /** Cut a job's inputs into chunks and queue them; a bad chunksize fails the job rather than throwing. */
  #enqueueAll(job: Job, task: string, inputs: readonly unknown[], asked: number | undefined): void {
    if (asked !== undefined && (!Number.isInteger(asked) || asked < 1)) {
      return job.fail(new RangeError(`chunksize must be a whole number >= 1, got ${asked}`));
    }
    if (inputs.length === 0) return;
    this.#enqueue(job, chunksOf(job, task, inputs, asked ?? chunkSizeFor(inputs.length, this.size)));
  }

  #enqueue(job: Job, chunks: Chunk[]): void {
    if (this.#closing) return job.fail(new PoolClosedError(this.#terminated ? "the pool was terminated" : "the pool is closing; no new work is accepted"));
    if (this.#broken) return job.fail(this.#broken);
    this.#dispatcher.push(chunks);
    this.#pump();
  }

  #spawn(initial: boolean): void {
    let handle: WorkerHandle;
    const { api, env, maxHeapMb, taskModules = [] } = this.#options;
    try {
      // A task module may import its siblings (tsc emits one file per source), so grant its folder.
      const startOptions = { api, env, maxHeapMb, readPaths: [...new Set(taskModules.map((m) => dirname(m)))] };
      handle = this.kind === "threads" ? this.#factory.startThreadWorker(startOptions) : this.#factory.startProcessWorker(startOptions);
    } catch (error) {
      return this.#startFailed(new WorkerStartError(this.#factory.name, `${this.#factory.name}/${this.kind}`, String((error as Error)?.message ?? error)));
    }
    if (handle.pid !== undefined) this.#startedPids.push(handle.pid);
    const slot = new Slot(handle, initial);
    this.#slots.push(slot);
    handle.onMessage((message) => this.#onMessage(slot, message as unknown[]));
    handle.onExit((exit) => this.#onExit(slot, exit));
    const init = this.#options.initializer;
    handle.send([INIT, init?.task ?? null, init?.arg ?? null, [...taskModules]]);
  }

  #onMessage(slot: Slot, message: unknown[]): void {
    const tag = message[0];
    if (tag === RESULTS) {
      const itemsBefore = slot.items;
      for (let i = 1; i < message.length; i++) {
        const chunk = slot.shift();
        if (!chunk) break;
        const record = message[i];
        if (chunk.exclusive) this.#releaseExclusive(slot);
        if (chunk.job.done) continue;
        if (Array.isArray(record)) chunk.job.deliver(chunk, record);
        else {
          const f = record as ChunkFailure;
          chunk.job.fail(new TaskError(chunk.task, f.m, f.n, f.s));
        }
      }
      this.#dispatcher.learnCost(slot, itemsBefore - slot.items);
      this.#pump();
      this.#checkIdle();
    } else if (tag === READY) {
      slot.ready = true;
      if (slot.initial && ++this.#readyCount === this.size) this.#resolveReady();
      this.#pump();
    } else if (tag === INIT_FAILED) {
      this.#retire(slot, 0);
      this.#startFailed(new WorkerStartError(this.#factory.name, slot.handle.mechanism, String(message[1])));
    }
  }

  #onExit(slot: Slot, exit: WorkerExit): void {
    const at = this.#slots.indexOf(slot);
    if (at >= 0) this.#slots.splice(at, 1);
    this.#releaseExclusive(slot);
    if (slot.retiring) {
      this.#requeue(slot);
    } else if (!slot.ready) {
      this.#requeue(slot);
      this.#startFailed(new WorkerStartError(this.#factory.name, slot.handle.mechanism, `it ended before it was ready (${exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`})${exit.error ? `: ${exit.error}` : ""}`));
    } else {
      // The oldest chunk was the one running; the ones queued behind it never started, so they go back.
      const running = slot.shift();
      if (running && !running.job.done) {
        running.job.fail(new WorkerCrashedError(running.task, this.#factory.name, slot.handle.mechanism, exit));
      }
      this.#requeue(slot);
      if (!this.#terminated) this.#spawn(false);
    }
    this.#pump();
    this.#checkIdle();
  }

  /** Put a dead worker's unstarted chunks back at the front of the queue, in order. */
  #requeue(slot: Slot): void {
    const back: Chunk[] = [];
    for (let c = slot.shift(); c; c = slot.shift()) if (!c.job.done) back.push(c);
    this.#dispatcher.pushFront(back);
  }

  #startFailed(error: WorkerStartError): void {
    this.#rejectReady(error);
    if (this.#slots.some((s) => !s.retiring) || this.#terminated) return;
    // No worker left and none can start: fail everything rather than wait forever.
    this.#broken = error;
    this.#dispatcher.failAll(error);
    this.#checkIdle();
  }

  #pump(): void {
    this.#dispatcher.pump(this.#slots);
  }

  /** An exclusive chunk went to `slot`: start its timeout, if it has one. */
  #startTimer(slot: Slot, chunk: Chunk): void {
    if (chunk.timeoutMs !== undefined) {
      const ms = chunk.timeoutMs;
      slot.timer = setTimeout(() => this.#killFor(slot, chunk, new TaskTimeoutError(chunk.task, ms)), ms);
    }
  }

  #releaseExclusive(slot: Slot): void {
    slot.exclusive = false;
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    slot.timer = undefined;
  }

  #abortChunk(chunk: Chunk, reason: unknown): void {
    if (chunk.job.done) return;
    const slot = this.#slots.find((s) => s.inflight.includes(chunk) && s.count > 0);
    if (slot) this.#killFor(slot, chunk, reason);
    else {
      chunk.job.fail(reason);
      this.#checkIdle();
    }
  }

  /** Reject `chunk` with `error`, kill the worker running it and start another. */
  #killFor(slot: Slot, chunk: Chunk, error: unknown): void {
    if (chunk.job.done || slot.retiring) return;
    chunk.job.fail(error);
    this.#retire(slot, 0);
    if (!this.#terminated) this.#spawn(false);
  }

  /** Stop a worker on purpose; its exit will not count as a crash. */
  #retire(slot: Slot, graceMs: number): void {
    slot.retiring = true;
    this.#releaseExclusive(slot);
    this.#stopping.push(slot.handle.terminate(graceMs));
  }

  #isIdle(): boolean {
    for (const slot of this.#slots) if (slot.count > 0) return false;
    return !this.#dispatcher.hasLiveWork();
  }

  #checkIdle(): void {
    if (this.#idleWaiter && this.#isIdle()) {
      const waiter = this.#idleWaiter;
      this.#idleWaiter = undefined;
      waiter();
    }
  }

  async #stopAll(graceMs: number): Promise<void> {
    for (const slot of [...this.#slots]) if (!slot.retiring) this.#retire(slot, graceMs);
    // Retiring can start nothing new, but a stop may still be in progress from before: wait for all.
    while (this.#stopping.length > 0) {
      const stopping = this.#stopping;
      this.#stopping = [];
      await Promise.all(stopping);
    }
    if (this.kind === "threads") await waitForWorkerThreadsGone();
  }
}
