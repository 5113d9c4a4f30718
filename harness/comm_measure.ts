/**
 * A communication session: the workers of one cell of a communication suite ({@link Suite.comm}),
 * started with the runtime's own API through its adapter (the adapter's thread or process worker,
 * running pool/comm_entry.ts instead of the pool's entry), wired to the suite's parent side by bare
 * ports. A block uses it where it would use a pool: `ready()` (timed apart as spawn), then `run()`
 * once per measured run, then `close()`.
 *
 * Why not the pool: a round trip through `Pool.submit()` carries the pool's queue, dispatch and
 * RESULTS batching (~50–70 µs on Node against ~20–30 µs for a bare postMessage round trip), so a
 * channel measured through it would be mostly the pool. Here the timed run is the suite's own loop on
 * the runtime's channel; the only thing added per message is the handle's exit check and, in the
 * worker, a test for the STOP message.
 *
 * A worker that dies fails the run it was in (and every later one) with a WorkerCrashedError, so a
 * block records a crash instead of waiting forever for a message that will not come.
 *
 * @module
 */
import { dirname } from "node:path";
import { COMM_ENTRY, COMM_START } from "../pool/comm_protocol.ts";
import { WorkerCrashedError, WorkerStartError } from "../pool/errors.ts";
import { currentAdapter } from "../runtimes/registry.ts";
import { INIT_FAILED, READY } from "../runtimes/protocol.ts";
import { waitForWorkerThreadsGone } from "../runtimes/thread_reaper.ts";
import type { WorkerApi, WorkerExit, WorkerFactory, WorkerHandle, WorkerKind } from "../runtimes/types.ts";
import type { AnySuite, CommCell, CommPort } from "../suites/types.ts";

/** How long `close()` lets a worker leave after STOP before killing it. */
const CLOSE_GRACE_MS = 1000;

/** What a {@link CommSession} runs. */
export interface CommSessionOptions {
  /** A suite with a `comm` part. */
  readonly suite: AnySuite;
  /** The size's parameters (not its name). */
  readonly size: unknown;
  readonly case: string | undefined;
  readonly kind: WorkerKind;
  readonly workers: number;
  readonly api?: WorkerApi;
  /** Suite modules the workers search for the suite, in order (the built-in communication module first). */
  readonly modules: readonly string[];
  /** Who starts workers (default: the adapter of the runtime we run on). */
  readonly factory?: WorkerFactory;
}

/** The workers of one communication cell and the parent's side of its suite. */
export class CommSession {
  readonly kind: WorkerKind;
  /** e.g. `deno/Worker`. */
  readonly mechanism: string;
  readonly #suite: AnySuite;
  readonly #cell: CommCell;
  readonly #local: unknown;
  readonly #handles: WorkerHandle[];
  readonly #ports: CommPort[];
  readonly #ready: Promise<void>;
  readonly #crashed: Promise<never>;
  #crash!: (error: Error) => void;
  #stopping = false;
  #stopped: Promise<unknown> | undefined;

  /** Prepares the suite's side and starts the workers; throws (one line) when the suite cannot run this cell. */
  constructor(options: CommSessionOptions) {
    const comm = options.suite.comm;
    if (!comm) throw new Error(`suite ${options.suite.name} is no communication suite`);
    this.kind = options.kind;
    this.#suite = options.suite;
    this.#cell = { size: options.size, case: options.case, kind: options.kind, workers: options.workers };
    const prepared = comm.prepare(this.#cell);
    if (prepared.workers.length !== options.workers) {
      throw new Error(`suite ${options.suite.name} prepared ${prepared.workers.length} workers for a cell of ${options.workers}`);
    }
    this.#local = prepared.local;
    this.#crashed = new Promise<never>((_, reject) => (this.#crash = reject));
    this.#crashed.catch(() => {}); // reported to whoever awaits ready() or run()
    const factory = options.factory ?? currentAdapter();
    const readPaths = [...new Set(options.modules.map((m) => dirname(m)))];
    const start = { api: options.api ?? "native", entry: COMM_ENTRY, readPaths } as const;
    this.#handles = [];
    try {
      for (const _ of prepared.workers) this.#handles.push(options.kind === "threads" ? factory.startThreadWorker(start) : factory.startProcessWorker(start));
    } catch (error) {
      // A worker that could not be started: stop those that were, so none outlives the failed cell.
      for (const h of this.#handles) void h.terminate(0);
      throw error;
    }
    this.mechanism = this.#handles[0]?.mechanism ?? `${factory.name}/${options.kind}`;
    this.#ports = this.#handles.map((h) => ({ send: (m, t) => h.send(m, t), onMessage: (l) => h.onMessage(l) }));

    const runtime = factory.name;
    const starts = this.#handles.map((handle, i) =>
      new Promise<void>((resolve, reject) => {
        handle.onMessage((m) => {
          const tag = Array.isArray(m) ? m[0] : undefined;
          if (tag === READY) resolve();
          else if (tag === INIT_FAILED) reject(new WorkerStartError(runtime, handle.mechanism, String((m as unknown[])[1])));
        });
        handle.onExit((exit: WorkerExit) => {
          if (this.#stopping) return;
          const error = new WorkerCrashedError(`${options.suite.name} ${options.case ?? ""}`.trim(), runtime, handle.mechanism, exit);
          reject(new WorkerStartError(runtime, handle.mechanism, error.message));
          this.#crash(error);
        });
        handle.send([COMM_START, options.modules, options.suite.name, prepared.workers[i]]);
      }));
    this.#ready = Promise.all(starts).then(() => undefined);
    this.#ready.catch(() => {});
  }

  /** Resolves once every worker has taken up its side; rejects with WorkerStartError. */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** OS pids of process workers (empty for threads). */
  get pids(): number[] {
    return this.#handles.flatMap((h) => (h.pid === undefined ? [] : [h.pid]));
  }

  /** One run of the suite's parent side over the workers' ports: what a block times. */
  run(): Promise<unknown> {
    return Promise.race([this.#suite.comm!.run(this.#ports, this.#cell, this.#local), this.#crashed]);
  }

  /** Ask every worker to leave (STOP), kill those that do not within a second; resolves when all are gone. */
  close(): Promise<unknown> {
    return this.#stop(CLOSE_GRACE_MS);
  }

  /** Kill every worker now; resolves when all are gone. */
  terminate(): Promise<unknown> {
    return this.#stop(0);
  }

  #stop(graceMs: number): Promise<unknown> {
    this.#stopping = true;
    this.#stopped ??= Promise.all(this.#handles.map((h) => h.terminate(graceMs))).then(async () => {
      if (this.kind === "threads") await waitForWorkerThreadsGone();
    });
    return this.#stopped;
  }
}
