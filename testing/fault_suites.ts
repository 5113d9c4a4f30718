/**
 * Test-only suites whose kernels misbehave (throw, exit, get killed, run out of memory, hang, print
 * garbage), so the hardening tests can inject each fault into a real `tribench` run on every runtime
 * and worker kind. They are registered (suites registry, and through it every worker's task registry)
 * only when the environment variable {@link TEST_FAULTS_ENV} is `1`: no flag, report or request can
 * reach them in a normal run, because an unknown suite name is refused before any cell starts.
 *
 * @module
 */
import type { SizeName, Suite, Verdict } from "../suites/types.ts";

/** Set to `1` to register the fault suites (tests only). */
export const TEST_FAULTS_ENV = "TRIBENCH_TEST_FAULTS";

/** The exit code `fault-exit` exits with (distinct from 1 and 2, so tests see it was passed on). */
export const FAULT_EXIT_CODE = 7;

/** What `fault-garbage` prints on stdout instead of a cell record. */
export const FAULT_GARBAGE_LINE = "this is not a tribench-cell record";

/** Largest heap `fault-oom` allocates before giving up, so it stays bounded where no limit is set. */
const OOM_CAP_BYTES = 1.5 * 1024 ** 3;

/** How long `fault-hang` waits: far beyond any cell time limit a test sets (a timer, not a busy loop). */
const HANG_MS = 10 * 60_000;

/**
 * Whether the fault suites are enabled in this process. Reading the environment may be refused (a Deno
 * process worker is granted only this one variable, and only when the run enabled faults): that means off.
 */
export function testFaultsEnabled(): boolean {
  try {
    return process.env[TEST_FAULTS_ENV] === "1";
  } catch {
    return false;
  }
}

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

/** Every fault suite, in the order tests list them. */
export const FAULT_SUITES: readonly Suite<number, FaultTask, unknown, number>[] = [
  faultSuite("fault-throw", "the kernel throws an Error", (task) => {
    throw new Error(`fault-throw: injected error in task ${task.index}`);
  }),
  faultSuite("fault-exit", `the kernel calls process.exit(${FAULT_EXIT_CODE})`, () => process.exit(FAULT_EXIT_CODE)),
  // A signal reaches a process, never one thread: in the threads and serial variants this kills the cell.
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
  faultSuite("fault-garbage", "the cell prints garbage instead of its record and exits 0", () => {
    process.stdout.write(FAULT_GARBAGE_LINE + "\n");
    process.exit(0);
  }, ["serial"]),
];

/** The fault suites when {@link testFaultsEnabled}, else none. */
export function enabledFaultSuites(): readonly Suite<number, FaultTask, unknown, number>[] {
  return testFaultsEnabled() ? FAULT_SUITES : [];
}
