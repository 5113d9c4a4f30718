/**
 * The Deno adapter (work in progress: node-compat workers only for now).
 *
 * @module
 */
import { locateRuntime } from "./locate.ts";
import { NodeForkHandle, NodeThreadHandle } from "./node_api_workers.ts";
import { PROJECT_ROOT } from "./project.ts";
import type { RuntimeAdapter, RuntimeInstall, StartWorkerOptions, WorkerHandle } from "./types.ts";

/** The Deno adapter. */
export const denoAdapter: RuntimeAdapter = {
  name: "deno",
  locate(options = {}): Promise<RuntimeInstall | undefined> {
    return locateRuntime("deno", options);
  },
  commandFor(install, script, args, permissions = {}): string[] {
    const read = permissions.read ?? [PROJECT_ROOT];
    return [install.executable, "run", "--no-prompt", `--allow-read=${read.join(",")}`, script, ...args];
  },
  startThreadWorker(options: StartWorkerOptions = {}): WorkerHandle {
    return new NodeThreadHandle({ mechanism: "deno/node:worker_threads", maxHeapMb: options.maxHeapMb });
  },
  startProcessWorker(options: StartWorkerOptions = {}): WorkerHandle {
    return new NodeForkHandle({ mechanism: "deno/node:child_process.fork", env: options.env }, process.execPath, []);
  },
};
