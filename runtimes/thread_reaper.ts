/**
 * Waiting until worker threads are really gone. Node reports a worker thread's exit after the thread
 * has stopped, but Deno's and Bun's `terminate()` return at once and the OS thread ends a little
 * later (tens of ms), with no event. On Linux the threads are visible in `/proc/self/task` under the
 * names those runtimes give them, so a pool that has stopped its last thread worker can wait, a
 * bounded time, until none is left.
 *
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";

/** Thread names (`comm`) of worker threads: Deno `worker-N`; Bun Web Worker = our name, node:worker_threads = `Worker`. */
const WORKER_THREAD_NAME = /^(worker-\d+|tribench-web|Worker)$/;

let liveThreadWorkers = 0;

/** Count a thread worker as started (called by thread handles). */
export function threadWorkerStarted(): void {
  liveThreadWorkers++;
}

/** Count a thread worker as ended (called by thread handles, once). */
export function threadWorkerEnded(): void {
  liveThreadWorkers--;
}

/**
 * Deno reads `/proc/self` only with every permission granted (and could prompt for it otherwise), so
 * look there only when it would be allowed; `querySync` for the path itself wrongly says granted.
 */
function procReadable(): boolean {
  const deno = (globalThis as { Deno?: { permissions: { querySync(d: { name: string }): { state: string } } } }).Deno;
  if (!deno) return true;
  try {
    return ["read", "write", "run", "net", "env", "sys", "ffi"].every((name) => deno.permissions.querySync({ name }).state === "granted");
  } catch {
    return false;
  }
}

/** Names of this process's worker threads still present, or `undefined` where `/proc` cannot be read. */
export function workerThreadNames(): string[] | undefined {
  if (!procReadable()) return undefined;
  let tasks: string[];
  try {
    tasks = readdirSync("/proc/self/task");
  } catch {
    return undefined;
  }
  const names: string[] = [];
  for (const task of tasks) {
    try {
      const name = readFileSync(`/proc/self/task/${task}/comm`, "utf8").trim();
      if (WORKER_THREAD_NAME.test(name)) names.push(name);
    } catch {
      // The thread ended while we looked.
    }
  }
  return names;
}

/**
 * When no thread worker of ours is alive any more, wait (at most `timeoutMs`) until the OS shows no
 * worker thread. Returns false if some remain (or another pool still runs threads, so we cannot tell).
 */
export async function waitForWorkerThreadsGone(timeoutMs = 3000): Promise<boolean> {
  if (liveThreadWorkers > 0) return false;
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const names = workerThreadNames();
    if (names === undefined || names.length === 0) return true;
    if (performance.now() >= deadline || liveThreadWorkers > 0) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
