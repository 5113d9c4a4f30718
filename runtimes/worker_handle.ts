/**
 * What every {@link WorkerHandle} implementation shares: one message listener, exactly-once exit
 * reporting however many ways the runtime tells it, and bounded waits for the exit.
 *
 * @module
 */
import { compiledPath } from "../core/project.ts";
import { EXITING, STOP } from "./protocol.ts";
import type { WorkerExit, WorkerHandle, WorkerKind } from "./types.ts";

/** Absolute path of the compiled worker entry every worker runs. */
export const WORKER_ENTRY: string = compiledPath("pool/worker_entry.ts");

/** How long after a kill we wait for the runtime to confirm the exit before reporting it ourselves. */
export const KILL_CONFIRM_MS = 3000;

/** Default grace for a polite stop before the kill. */
export const DEFAULT_GRACE_MS = 1000;

/** Resolve after `ms`, without keeping the process alive for it. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    (timer as { unref?: () => void }).unref?.();
  });
}

/** Base of every worker handle: subclasses call {@link deliver} and {@link finish}. */
export abstract class BaseWorkerHandle implements WorkerHandle {
  abstract readonly kind: WorkerKind;
  abstract readonly pid: number | undefined;
  readonly mechanism: string;
  #messageListener: (message: unknown) => void = () => {};
  #exitListeners: ((exit: WorkerExit) => void)[] = [];
  #exit: WorkerExit | undefined;
  #exiting = false;
  #resolveExited!: (exit: WorkerExit) => void;
  /** Resolves once, with the exit, when the worker is known to be gone. */
  readonly exited: Promise<WorkerExit> = new Promise((resolve) => (this.#resolveExited = resolve));

  constructor(mechanism: string) {
    this.mechanism = mechanism;
  }

  /** True once the worker is known to be gone. */
  get isExited(): boolean {
    return this.#exit !== undefined;
  }

  onMessage(listener: (message: unknown) => void): void {
    this.#messageListener = listener;
  }

  onExit(listener: (exit: WorkerExit) => void): void {
    if (this.#exit) listener(this.#exit);
    else this.#exitListeners.push(listener);
  }

  /**
   * Hand a message from the worker to the listener, except after the exit, and except the entry's
   * EXITING notice (sent when a task calls `process.exit`), which goes to {@link onExiting}: nothing
   * the worker sends after it counts, even if the runtime lets its code run on for a while.
   */
  protected deliver(message: unknown): void {
    if (this.#exit !== undefined || this.#exiting) return;
    if ((message as unknown[])[0] === EXITING) {
      this.#exiting = true;
      this.onExiting((message as unknown[])[1] as number);
    } else this.#messageListener(message);
  }

  /**
   * The worker said it is exiting with `code`. By default we expect the runtime's exit event, and end
   * the worker ourselves if it has not come within {@link KILL_CONFIRM_MS}.
   */
  protected onExiting(code: number): void {
    void delay(KILL_CONFIRM_MS).then(() => {
      if (this.isExited) return;
      this.finish({ code, signal: null });
      this.kill();
    });
  }

  /** Report the exit; only the first call counts. */
  protected finish(exit: WorkerExit): void {
    if (this.#exit) return;
    this.#exit = exit;
    this.#resolveExited(exit);
    for (const listener of this.#exitListeners) listener(exit);
    this.#exitListeners = [];
  }

  /** Wait for the exit for at most `ms`; `undefined` when it did not come. */
  protected async waitExit(ms: number): Promise<WorkerExit | undefined> {
    if (this.#exit) return this.#exit;
    return await Promise.race([this.exited, delay(ms).then(() => undefined)]);
  }

  abstract send(message: unknown): void;

  /** Ask the worker to stop (protocol STOP); no wait. */
  protected abstract askToStop(): void;

  /** Kill without asking. Must lead to {@link finish} being called, at least by the caller's timeout. */
  protected abstract kill(): void;

  /** The exit we report when the runtime never confirms a kill. */
  protected abstract killedExit(): WorkerExit;

  async terminate(graceMs = DEFAULT_GRACE_MS): Promise<WorkerExit> {
    if (this.#exit) return this.#exit;
    if (graceMs > 0) {
      try {
        this.askToStop();
      } catch {
        // Channel already closed: go straight to the kill.
      }
      const exit = await this.waitExit(graceMs);
      if (exit) return exit;
    }
    this.kill();
    const exit = await this.waitExit(KILL_CONFIRM_MS);
    if (exit) return exit;
    this.finish(this.killedExit());
    return this.#exit!;
  }
}

/** Base of every process worker: asked to stop through the protocol, then killed with SIGKILL. */
export abstract class ProcessWorkerHandle extends BaseWorkerHandle {
  readonly kind = "processes" as const;

  /** Send SIGKILL to the child; may throw when it has already exited. */
  protected abstract killChild(): void;

  protected askToStop(): void {
    this.send([STOP]);
  }

  protected kill(): void {
    try {
      this.killChild();
    } catch {
      // Already exited.
    }
  }

  protected killedExit(): WorkerExit {
    return { code: null, signal: "SIGKILL" };
  }
}
