/**
 * The Bun adapter: finds `bun` (project `node_modules/.bin` first) and starts workers with Bun's
 * native APIs (Web `Worker`; `Bun.spawn` with an `ipc` channel) or, with `api: "node-compat"`, with
 * `node:worker_threads` / `node:child_process.fork`.
 *
 * Bun has no per-worker heap limit (JavaScriptCore), so `maxHeapMb` is ignored here.
 *
 * @module
 */
import { trackChild, untrackChild } from "./child_tracker.ts";
import { locateRuntime } from "./locate.ts";
import { NodeForkHandle, NodeThreadHandle } from "./node_api_workers.ts";
import { TRANSPORT_FLAG } from "./protocol.ts";
import type { RuntimeAdapter, RuntimeInstall, StartWorkerOptions, WorkerHandle } from "./types.ts";
import { WebWorkerHandle } from "./web_worker.ts";
import { ProcessWorkerHandle, WORKER_ENTRY } from "./worker_handle.ts";

interface BunSubprocess {
  readonly pid: number;
  send(message: unknown): void;
  kill(signal?: number | string): void;
}
interface BunApi {
  spawn(argv: string[], options: object): BunSubprocess;
}
const bun = (): BunApi => (globalThis as unknown as { Bun: BunApi }).Bun;

/** A `Bun.spawn` child with Bun's IPC channel, running the worker entry. */
class BunSpawnHandle extends ProcessWorkerHandle {
  readonly pid: number;
  readonly #child: BunSubprocess;

  constructor(env: Readonly<Record<string, string>> | undefined, entry: string = WORKER_ENTRY) {
    super("bun/Bun.spawn+ipc");
    this.#child = bun().spawn([process.execPath, entry, TRANSPORT_FLAG + "ipc"], {
      stdio: ["ignore", "inherit", "inherit"],
      env: env ? { ...process.env, ...env } : process.env,
      // JSON is what the worker's process.send speaks on every runtime, and it is the cheaper encoding here.
      serialization: "json",
      ipc: (message: unknown) => this.deliver(message),
      onExit: (_proc: unknown, exitCode: number | null, signalCode: number | string | null) => {
        untrackChild(this.pid);
        this.finish({ code: signalCode ? null : exitCode, signal: signalName(signalCode) });
      },
    });
    this.pid = this.#child.pid;
    trackChild(this.pid, (signal) => this.#child.kill(signal));
  }

  send(message: unknown): void {
    try {
      this.#child.send(message);
    } catch {
      // The channel closed because the child died; onExit reports it.
    }
  }

  protected killChild(): void {
    this.#child.kill("SIGKILL");
  }
}

/** Bun reports signals as names on some versions and numbers on others: always give the name. */
function signalName(signal: number | string | null): string | null {
  if (signal === null || signal === undefined) return null;
  if (typeof signal === "string") return signal;
  return { 1: "SIGHUP", 2: "SIGINT", 6: "SIGABRT", 9: "SIGKILL", 11: "SIGSEGV", 15: "SIGTERM" }[signal] ?? `signal ${signal}`;
}

/** The Bun adapter. */
export const bunAdapter: RuntimeAdapter = {
  name: "bun",

  locate(options = {}): Promise<RuntimeInstall | undefined> {
    return locateRuntime("bun", options);
  },

  commandFor(install, script, args): string[] {
    // Bun has no permission model; scripts run unrestricted.
    return [install.executable, script, ...args];
  },

  startThreadWorker(options: StartWorkerOptions = {}): WorkerHandle {
    if (options.api === "node-compat") return new NodeThreadHandle({ mechanism: "bun/node:worker_threads", maxHeapMb: options.maxHeapMb, entry: options.entry });
    return new WebWorkerHandle("bun/Worker", options.entry);
  },

  startProcessWorker(options: StartWorkerOptions = {}): WorkerHandle {
    if (options.api === "node-compat") {
      return new NodeForkHandle({ mechanism: "bun/node:child_process.fork", env: options.env, entry: options.entry }, process.execPath, []);
    }
    return new BunSpawnHandle(options.env, options.entry);
  },
};
