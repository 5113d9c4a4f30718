/**
 * The one interface every runtime adapter implements, and the worker handle the pool drives.
 *
 * Two halves, because they are used in two places:
 * - {@link RuntimeInfo} is about *any* installed runtime, seen from the orchestrator: where its
 *   executable is, its version, and the command line that runs one of our scripts on it.
 * - {@link WorkerFactory} is about the runtime we are running on *now*: it starts thread workers and
 *   process workers with that runtime's own native API (or its node-compat API when asked).
 *
 * @module
 */

/** The JavaScript runtimes tribench drives. */
export type RuntimeName = "node" | "deno" | "bun";

/** Every runtime name, in report order. */
export const RUNTIME_NAMES: readonly RuntimeName[] = ["node", "deno", "bun"];

/**
 * Every runtime a benchmark run can measure: the JavaScript runtimes, and CPython as an optional
 * reference (runtimes/python.ts), which runs cells but starts none of our workers.
 */
export type BenchRuntimeName = RuntimeName | "python";

/** Every runtime a benchmark run can measure, in report order. */
export const BENCH_RUNTIME_NAMES: readonly BenchRuntimeName[] = [...RUNTIME_NAMES, "python"];

/** How a pool runs its workers: in threads of this process, or in child processes. */
export type WorkerKind = "threads" | "processes";

/**
 * Which API family starts a worker: the runtime's own (`native`: Deno `Worker` / `Deno.Command`,
 * Bun `Worker` / `Bun.spawn`) or the Node-compatible one (`node-compat`: `node:worker_threads` /
 * `node:child_process`). On Node both mean the same thing.
 */
export type WorkerApi = "native" | "node-compat";

/** Every {@link WorkerApi}, for argument checking. */
export const WORKER_APIS: readonly WorkerApi[] = ["native", "node-compat"];

/** An installed runtime, as the orchestrator sees it (`N`: which names it may have). */
export interface RuntimeInstall<N extends BenchRuntimeName = RuntimeName> {
  /** Runtime name. */
  readonly name: N;
  /** Exact version string, e.g. `2.9.6` (no leading `v`). */
  readonly version: string;
  /** Absolute path of the executable that was used. */
  readonly executable: string;
  /**
   * Where it was found: the project's `node_modules/.bin`, `PATH`, the running process itself, a path
   * the user gave (`name=PATH`), or tribench's runtime cache (`name@version`, runtimes/versions/).
   */
  readonly source: "node_modules" | "path" | "self" | "explicit" | "cache";
  /**
   * The column a run gives it, `name@version` (`bun@1.4.5`; a user's build sharing a release's
   * version gets `+local`). Absent: `name@version` is made from the fields above (runtimes/versions/label.ts).
   */
  readonly label?: string;
}

/** Static knowledge about one runtime, usable from any runtime (`N`: which names it may have). */
export interface RuntimeInfo<N extends BenchRuntimeName = RuntimeName> {
  /** Runtime name. */
  readonly name: N;
  /**
   * Find the runtime: the project's `node_modules/.bin` first, `PATH` when `preferPath` is set
   * or nothing else exists. Resolves to `undefined` when it is not installed.
   */
  locate(options?: { preferPath?: boolean; executable?: string }): Promise<RuntimeInstall<N> | undefined>;
  /**
   * The argv (executable first) that runs `script` (an absolute path to compiled JS) with `args`.
   * For Deno this carries the narrowest permissions that work and `--no-prompt`.
   */
  commandFor(install: RuntimeInstall<N>, script: string, args: readonly string[], permissions?: ScriptPermissions): string[];
  /**
   * The argv of a block process measuring `request` (the block protocol's JSON argument,
   * harness/block_protocol.ts), for a runtime that cannot run the compiled JS block script itself
   * (CPython). Without it the block runs `commandFor` on `scripts/block.js`.
   */
  blockCommand?(install: RuntimeInstall<N>, request: string): string[];
  /** One line saying how to install it, for "not installed" notes (without it: `npm install` brings it). */
  readonly installHint?: string;
  /** An optional runtime (CPython): asked for but absent, it is skipped with a note instead of refused. */
  readonly optional?: boolean;
}

/** What a script run by {@link RuntimeInfo.commandFor} may touch (enforced only where the runtime can). */
export interface ScriptPermissions {
  /** Paths it may read (default: the project folder). */
  readonly read?: readonly string[];
  /** Paths it may write (default: none). */
  readonly write?: readonly string[];
  /** Executables it may run (default: its own executable, so it can start process workers). */
  readonly run?: readonly string[];
  /** Whether it may read environment variables (default: true), or only the ones listed. */
  readonly env?: boolean | readonly string[];
  /** Whether it may read system information such as CPU model and load (default: true). */
  readonly sys?: boolean;
  /** Extra V8 flags, e.g. `--max-old-space-size=64` (passed the way the runtime wants them). */
  readonly v8Flags?: readonly string[];
  /**
   * Whether bare npm specifiers resolve from the project's `node_modules` (default: false). Deno needs
   * `--node-modules-dir=manual` for that, since the adapter runs scripts with `--no-config`.
   */
  readonly npmPackages?: boolean;
}

/** Why a worker stopped, reported the same way on every runtime. */
export interface WorkerExit {
  /** Exit code when the worker exited; `null` when a signal killed it or no code is known. */
  readonly code: number | null;
  /** Signal name (`SIGKILL`, …) when a signal ended a process worker; `null` otherwise. */
  readonly signal: string | null;
  /** An uncaught error's message when that is what ended it. */
  readonly error?: string;
}

/**
 * One running worker (thread or process). Messages are structured-clone / JSON-safe values of the
 * pool protocol; the handle does no interpretation of them.
 */
export interface WorkerHandle {
  /** Thread or process. */
  readonly kind: WorkerKind;
  /** The mechanism, as reported, e.g. `node/worker_threads`, `bun/Bun.spawn+ipc`, `deno/Deno.Command+stdio`. */
  readonly mechanism: string;
  /** OS pid for a process worker; `undefined` for a thread. */
  readonly pid: number | undefined;
  /**
   * Send one message to the worker. `transfer` lists ArrayBuffers to move rather than copy; thread
   * workers honour it, process workers copy everything (their channel is a pipe).
   */
  send(message: unknown, transfer?: ArrayBuffer[]): void;
  /** Called for each message from the worker. */
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, when the worker is known to be gone (exit, crash, kill), however the runtime tells it. */
  onExit(listener: (exit: WorkerExit) => void): void;
  /**
   * Stop the worker: ask politely, wait up to `graceMs`, then kill. Resolves only once it is gone.
   */
  terminate(graceMs?: number): Promise<WorkerExit>;
}

/** Options for starting a worker. */
export interface StartWorkerOptions {
  /** Which API family to use (default `native`). */
  readonly api?: WorkerApi;
  /** Extra environment for process workers. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Heap limit (V8 old generation, MiB) for the worker, e.g. to make an out-of-memory test safe.
   * Applied where the runtime can limit one worker: Node threads and processes, Deno processes.
   */
  readonly maxHeapMb?: number;
  /**
   * Paths a process worker must be able to read besides the project (the folders of its task
   * modules). Only Deno restricts reads; the other runtimes need no grant.
   */
  readonly readPaths?: readonly string[];
  /**
   * Absolute path of the compiled script the worker runs instead of the pool's worker entry (the
   * communication suites' entry, pool/comm_entry.ts). It finds its channel the way the pool's entry
   * does (pool/worker_transport.ts): a worker_threads parent port, a Web Worker scope named
   * `tribench-web`, or the process transport flag.
   */
  readonly entry?: string;
}

/** Starts workers on the runtime we are running on now. */
export interface WorkerFactory {
  /** Runtime name. */
  readonly name: RuntimeName;
  /** Start a thread worker running the compiled worker entry. */
  startThreadWorker(options?: StartWorkerOptions): WorkerHandle;
  /** Start a process worker (same runtime executable) running the compiled worker entry. */
  startProcessWorker(options?: StartWorkerOptions): WorkerHandle;
}

/** A runtime adapter: both halves, one file per runtime. */
export interface RuntimeAdapter extends RuntimeInfo, WorkerFactory {}
