/**
 * Workers started with the Node APIs (`node:worker_threads`, `node:child_process.fork`). Node uses
 * them natively; Deno and Bun use them when a pool asks for `api: "node-compat"`.
 *
 * @module
 */
import { type ChildProcess, fork } from "node:child_process";
import { Worker } from "node:worker_threads";
import { trackChild, untrackChild } from "./child_tracker.ts";
import { STOP, TRANSPORT_FLAG } from "./protocol.ts";
import { threadWorkerEnded, threadWorkerStarted } from "./thread_reaper.ts";
import type { WorkerExit } from "./types.ts";
import { BaseWorkerHandle, ProcessWorkerHandle, WORKER_ENTRY } from "./worker_handle.ts";

/** Options shared by the Node-API workers. */
export interface NodeApiWorkerOptions {
  /** Reported mechanism, e.g. `deno/node:worker_threads`. */
  readonly mechanism: string;
  /** Heap limit in MiB (old generation), when the worker must run small. */
  readonly maxHeapMb?: number;
  /** Extra environment (process workers only). */
  readonly env?: Readonly<Record<string, string>>;
  /** The script to run instead of the worker entry (see `StartWorkerOptions.entry`). */
  readonly entry?: string;
}

/** A `node:worker_threads` Worker running the worker entry. */
export class NodeThreadHandle extends BaseWorkerHandle {
  readonly kind = "threads" as const;
  readonly pid = undefined;
  readonly #worker: Worker;
  #error: string | undefined;

  constructor(options: NodeApiWorkerOptions) {
    super(options.mechanism);
    const resourceLimits = options.maxHeapMb ? { maxOldGenerationSizeMb: options.maxHeapMb } : undefined;
    this.#worker = new Worker(options.entry ?? WORKER_ENTRY, resourceLimits ? { resourceLimits } : {});
    threadWorkerStarted();
    void this.exited.then(threadWorkerEnded);
    this.#worker.on("message", (m) => this.deliver(m));
    this.#worker.on("error", (e: Error) => {
      this.#error = e.message;
    });
    // Some runtimes (Bun) do not report the exit code of process.exit() inside a worker thread
    // reliably, so the entry also tells it in an EXITING message; exit code wins when both exist.
    this.#worker.on("exit", (code) => this.finish({ code, signal: null, error: this.#error }));
  }

  send(message: unknown, transfer?: ArrayBuffer[]): void {
    this.#worker.postMessage(message, transfer);
  }

  protected askToStop(): void {
    this.#worker.postMessage([STOP]);
  }

  protected kill(): void {
    void this.#worker.terminate();
  }

  protected killedExit(): WorkerExit {
    return { code: 1, signal: null, error: this.#error };
  }
}

/** A `node:child_process.fork` child with an IPC channel, running the worker entry. */
export class NodeForkHandle extends ProcessWorkerHandle {
  readonly pid: number | undefined;
  readonly #child: ChildProcess;

  /**
   * @param execPath the runtime executable
   * @param execArgv runtime flags placed before the script (permissions, heap limit)
   */
  constructor(options: NodeApiWorkerOptions, execPath: string, execArgv: readonly string[]) {
    super(options.mechanism);
    this.#child = fork(options.entry ?? WORKER_ENTRY, [TRANSPORT_FLAG + "ipc"], {
      execPath,
      execArgv: [...execArgv],
      env: options.env ? { ...process.env, ...options.env } : process.env,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      serialization: "json",
    });
    this.pid = this.#child.pid;
    if (this.pid !== undefined) trackChild(this.pid, (signal) => this.#child.kill(signal));
    this.#child.on("message", (m) => this.deliver(m));
    this.#child.on("error", (e) => {
      // Spawn failure (no exit event follows) or a send on a closed channel.
      if (this.#child.exitCode === null && this.#child.signalCode === null && this.pid === undefined) {
        this.finish({ code: null, signal: null, error: e.message });
      }
    });
    this.#child.on("exit", (code, signal) => {
      if (this.pid !== undefined) untrackChild(this.pid);
      this.finish({ code, signal });
    });
  }

  send(message: unknown): void {
    if (this.#child.connected) this.#child.send(message as object);
  }

  protected killChild(): void {
    this.#child.kill("SIGKILL");
  }
}

export type { ChildProcess };
