/**
 * The Bun adapter (work in progress: node-compat workers only for now).
 *
 * @module
 */
import { locateRuntime } from "./locate.ts";
import { NodeForkHandle, NodeThreadHandle } from "./node_api_workers.ts";
import type { RuntimeAdapter, RuntimeInstall, StartWorkerOptions, WorkerHandle } from "./types.ts";

/** The Bun adapter. */
export const bunAdapter: RuntimeAdapter = {
  name: "bun",
  locate(options = {}): Promise<RuntimeInstall | undefined> {
    return locateRuntime("bun", options);
  },
  commandFor(install, script, args): string[] {
    return [install.executable, script, ...args];
  },
  startThreadWorker(options: StartWorkerOptions = {}): WorkerHandle {
    return new NodeThreadHandle({ mechanism: "bun/node:worker_threads", maxHeapMb: options.maxHeapMb });
  },
  startProcessWorker(options: StartWorkerOptions = {}): WorkerHandle {
    return new NodeForkHandle({ mechanism: "bun/node:child_process.fork", env: options.env }, process.execPath, []);
  },
};
