/**
 * A thread worker started with the Web `Worker` API (Deno's and Bun's native thread API).
 *
 * Web Workers report death badly, so the handle listens to every signal there is: the `error` event
 * (an uncaught error ends the worker: we then terminate it to be sure), Bun's non-standard `close`
 * event with the exit code, and the worker entry's own EXITING message, sent just before a task's
 * `process.exit` / `Deno.exit` / `self.close` (Deno fires no event at all for those). Whatever comes
 * first is reported, once, and the worker is terminated so nothing keeps running after it.
 *
 * @module
 */
import { pathToFileURL } from "node:url";
import { STOP, WEB_WORKER_NAME } from "./protocol.ts";
import { threadWorkerEnded, threadWorkerStarted } from "./thread_reaper.ts";
import type { WorkerExit } from "./types.ts";
import { BaseWorkerHandle, WORKER_ENTRY } from "./worker_handle.ts";

interface WebWorker {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  terminate(): void;
  addEventListener(type: string, listener: (event: { data?: unknown; message?: string; code?: number; preventDefault?(): void }) => void): void;
}

/** A Web Worker running the worker entry. */
export class WebWorkerHandle extends BaseWorkerHandle {
  readonly kind = "threads" as const;
  readonly pid = undefined;
  readonly #worker: WebWorker;

  /** @param entry the script to run instead of the worker entry (see `StartWorkerOptions.entry`) */
  constructor(mechanism: string, entry: string = WORKER_ENTRY) {
    super(mechanism);
    const WorkerClass = (globalThis as unknown as { Worker: new (url: string, options: object) => WebWorker }).Worker;
    this.#worker = new WorkerClass(pathToFileURL(entry).href, { type: "module", name: WEB_WORKER_NAME });
    threadWorkerStarted();
    void this.exited.then(threadWorkerEnded);
    this.#worker.addEventListener("message", (event) => this.deliver(event.data));
    this.#worker.addEventListener("error", (event) => {
      // Without preventDefault the worker's uncaught error would become the parent's.
      event.preventDefault?.();
      this.#end({ code: 1, signal: null, error: errorLine(event.message) });
    });
    this.#worker.addEventListener("messageerror", () => {
      this.#end({ code: 1, signal: null, error: "a message from the worker could not be decoded" });
    });
    // Bun only: fired when the worker's thread has ended, with its exit code.
    this.#worker.addEventListener("close", (event) => this.#end({ code: event.code ?? 0, signal: null }));
  }

  /** Deno fires no event when a worker exits: the EXITING notice is all we get, so act on it now. */
  protected override onExiting(code: number): void {
    this.#end({ code, signal: null });
  }

  /** The worker is gone or going: make sure it is stopped, then report. */
  #end(exit: WorkerExit): void {
    if (this.isExited) return;
    try {
      this.#worker.terminate();
    } catch {
      // Already stopped.
    }
    this.finish(exit);
  }

  send(message: unknown, transfer?: ArrayBuffer[]): void {
    if (transfer?.length) this.#worker.postMessage(message, transfer);
    else this.#worker.postMessage(message);
  }

  protected askToStop(): void {
    this.#worker.postMessage([STOP]);
  }

  protected kill(): void {
    // terminate() is synchronous and final for Web Workers: no event follows on Deno, so report it here.
    this.#end({ code: 1, signal: null });
  }

  protected killedExit(): WorkerExit {
    return { code: 1, signal: null };
  }
}

/**
 * The error line out of an ErrorEvent message: Deno writes `Uncaught Error: boom`, Bun writes a
 * source excerpt followed by `error: boom`; both become `Error: boom` / `error: boom`.
 */
export function errorLine(message: string | undefined): string {
  if (!message) return "uncaught error in worker";
  const lines = message.split("\n");
  for (const line of lines) {
    const match = /^\s*(?:Uncaught )?((?:[A-Z]\w*)?[Ee]rror\b.*)$/.exec(line);
    if (match && !/^\s*\d+ \|/.test(line)) return match[1]!.replace(/^[Ee]rror: /, "");
  }
  return lines.find((l) => l.trim().length > 0)?.trim() ?? "uncaught error in worker";
}
