/**
 * The Node adapter: finds Node (the running `process.execPath` when we run on Node, else `node` on
 * `PATH`), and starts workers with `node:worker_threads` and `node:child_process.fork`. On Node the
 * native and the node-compat APIs are the same thing.
 *
 * @module
 */
import { locateRuntime } from "./locate.ts";
import { NodeForkHandle, NodeThreadHandle } from "./node_api_workers.ts";
import type { RuntimeAdapter, RuntimeInstall, StartWorkerOptions, WorkerHandle } from "./types.ts";

const runningOnNode = typeof (globalThis as { Deno?: unknown }).Deno === "undefined" &&
  typeof (process.versions as { bun?: string }).bun === "undefined";

/** The Node adapter. */
export const nodeAdapter: RuntimeAdapter = {
  name: "node",

  locate(options = {}): Promise<RuntimeInstall | undefined> {
    const self = runningOnNode ? { executable: process.execPath, version: process.versions.node } : undefined;
    // Node is never in node_modules/.bin; without `self` the search falls through to PATH.
    return locateRuntime("node", options, self);
  },

  commandFor(install, script, args): string[] {
    // Node 20's permission model is experimental; Node runs scripts unrestricted.
    return [install.executable, script, ...args];
  },

  startThreadWorker(options: StartWorkerOptions = {}): WorkerHandle {
    return new NodeThreadHandle({ mechanism: "node/worker_threads", maxHeapMb: options.maxHeapMb, entry: options.entry });
  },

  startProcessWorker(options: StartWorkerOptions = {}): WorkerHandle {
    const execArgv = options.maxHeapMb ? [`--max-old-space-size=${options.maxHeapMb}`] : [];
    return new NodeForkHandle({ mechanism: "node/child_process.fork", env: options.env, entry: options.entry }, process.execPath, execArgv);
  },
};
