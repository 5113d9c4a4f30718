/**
 * Test-only suites whose kernels misbehave (throw, exit, get killed, run out of memory, hang, print
 * garbage), so the hardening tests can inject each fault into a real `tribench` run on every runtime
 * and worker kind. This file is a suite module: tests load it with `--suite-file`
 * {@link FAULT_SUITE_MODULE} for whole runs, and as a pool task module (`PoolOptions.taskModules`) for
 * pools. Product code never imports it, so a normal run cannot reach these suites.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { threadFlag } from "../pool/builtin_tasks.ts";
import { TRANSPORT_FLAG } from "../runtimes/protocol.ts";
import type { SizeName, Suite, Verdict } from "../suites/types.ts";

/** Absolute path of this compiled module, for `--suite-file` and `PoolOptions.taskModules`. */
export const FAULT_SUITE_MODULE: string = fileURLToPath(import.meta.url);

/** The exit code `fault-exit` exits with (distinct from 1 and 2, so tests see it was passed on). */
export const FAULT_EXIT_CODE = 7;

/** What `fault-garbage` prints on stdout instead of a block record. */
export const FAULT_GARBAGE_LINE = "this is not a tribench-block record";

/** Largest heap `fault-oom` allocates before giving up, so it stays bounded where no limit is set. */
const OOM_CAP_BYTES = 1.5 * 1024 ** 3;

/** How long `fault-hang` waits: far beyond any cell time limit a test sets (a timer, not a busy loop). */
const HANG_MS = 10 * 60_000;

interface FaultTask {
  readonly index: number;
}

const SIZES: Readonly<Record<SizeName, number>> = { quick: 2, seed: 2, default: 2, large: 2 };

function faultSuite(name: string, description: string, kernel: (task: FaultTask) => unknown, variants: Suite["variants"] = ["serial", "threads", "processes"]): Suite<number, FaultTask, unknown, number> {
  return {
    name,
    description: `test only: ${description}`,
    variants,
    sizes: SIZES,
    tasksFor: (size) => size,
    split: (size) => Array.from({ length: size }, (_, index) => ({ index })),
    kernel,
    combine: (partials) => partials.length,
    verify: (result, size): Verdict => (result === size ? { ok: true } : { ok: false, reason: `expected ${size} tasks, got ${result}` }),
    describeAnswer: (result) => `${result} tasks`,
  };
}

/**
 * Whether this code runs in a pool worker rather than in the block process itself: the worker entry
 * marks thread workers (`threadFlag`), and every process worker is started with the transport flag.
 */
function inPoolWorker(): boolean {
  return threadFlag.value || process.argv.some((a) => a.startsWith(TRANSPORT_FLAG));
}

/** Every fault suite, in the order tests list them (the suite module's export). */
export const SUITES: readonly Suite<number, FaultTask, unknown, number>[] = [
  faultSuite("fault-throw", "the kernel throws an Error", (task) => {
    throw new Error(`fault-throw: injected error in task ${task.index}`);
  }),
  faultSuite("fault-exit", `the kernel calls process.exit(${FAULT_EXIT_CODE})`, () => process.exit(FAULT_EXIT_CODE)),
  // A signal reaches a process, never one thread: in the threads and serial variants this kills the cell.
  // Faults only in pool workers, so the block survives them: its serial cell is measured beside the
  // failed ones. A thread worker exits (which ends the thread alone); a process worker is SIGKILLed.
  faultSuite("fault-worker", `a pool worker's kernel exits (threads, code ${FAULT_EXIT_CODE}) or is SIGKILLed (processes); serial runs fine`, (task) => {
    if (!inPoolWorker()) return task.index;
    if (threadFlag.value) process.exit(FAULT_EXIT_CODE);
    process.kill(process.pid, "SIGKILL");
    return new Promise(() => {});
  }),
  faultSuite("fault-kill", "the kernel's process SIGKILLs itself", () => {
    process.kill(process.pid, "SIGKILL");
    return new Promise(() => {});
  }),
  faultSuite("fault-oom", "the kernel allocates until the heap limit is hit", () => {
    const hoard: unknown[][] = [];
    for (let bytes = 0; bytes < OOM_CAP_BYTES; bytes += 65536 * 40) {
      const block = new Array<unknown>(65536);
      for (let i = 0; i < block.length; i++) block[i] = { i };
      hoard.push(block);
    }
    throw new Error("fault-oom allocated 1.5 GiB without reaching a heap limit; run it with a smaller heap");
  }),
  faultSuite("fault-hang", "the kernel never finishes", () => new Promise((resolve) => setTimeout(resolve, HANG_MS))),
  faultSuite("fault-garbage", "the block prints garbage instead of its record and exits 0", () => {
    process.stdout.write(FAULT_GARBAGE_LINE + "\n");
    process.exit(0);
  }, ["serial"]),
];
