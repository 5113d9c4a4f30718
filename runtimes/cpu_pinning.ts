/**
 * Running a process on one CPU. A suite whose two sides take turns (ping-pong: one message in flight)
 * loses no parallelism on one CPU, and there each round trip times the runtime's channel only. Spread
 * over two CPUs, each message also waits for the other CPU to wake, which on a VM costs more than the
 * channel itself: on the 2-vCPU VM this was built on, an 8 B Bun round trip took 8–9 µs on one CPU
 * and 38–50 µs across two, and the scheduler moved the pair between the two placements from run to
 * run, so the runs of one process split into two modes (CV 40–77%).
 *
 * Linux only, with util-linux's `taskset`, which sets the affinity and then execs the command (so
 * the pid, the process group and the kill path stay the block's own); the workers a block starts,
 * threads and processes, inherit it. Elsewhere, or without `taskset`, nothing is pinned and the
 * caller says so.
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { onPath } from "./locate.ts";

/** How to start a command on one CPU. */
export interface OneCpu {
  /** The CPU, as `taskset -c` takes it (e.g. `1`). */
  readonly cpu: string;
  /** Put this in front of a command line. */
  readonly prefix: readonly string[];
}

/** Why a process cannot be pinned here. */
export interface NoPinning {
  readonly unavailable: string;
}

/**
 * The CPUs of an affinity list as `/proc/self/status` writes it (`Cpus_allowed_list: 0-3,8`),
 * ascending; empty for anything else.
 *
 * @example
 * ```ts
 * cpusOfList("0-2,5"); // [0, 1, 2, 5]
 * ```
 */
export function cpusOfList(list: string): number[] {
  const cpus = new Set<number>();
  for (const part of list.trim().split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return [];
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) return [];
    for (let c = from; c <= to; c++) cpus.add(c);
  }
  return [...cpus].sort((a, b) => a - b);
}

/**
 * The CPUs this process may run on, as `taskset -cp` tells (`pid 7's current affinity list: 0,1`), or
 * `undefined` where that fails. Asked of taskset rather than read from `/proc/self/status`, which
 * Deno opens only to a process with every permission.
 */
function allowedCpus(taskset: string): number[] | undefined {
  try {
    const out = execFileSync(taskset, ["-cp", String(process.pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const list = /:\s*([\d,\s-]+)$/m.exec(out.trim());
    const cpus = list ? cpusOfList(list[1]!) : [];
    return cpus.length ? cpus : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How to run a command on one CPU here: the last CPU this process may use (CPU 0 usually takes more
 * of the machine's interrupts), through `taskset`. Give `lookup` to decide where `taskset` is (tests).
 */
export function oneCpu(lookup: { platform?: string; taskset?: string | undefined; allowed?: number[] | undefined } = {}): OneCpu | NoPinning {
  const platform = lookup.platform ?? process.platform;
  if (platform !== "linux") return { unavailable: `pinning to one CPU needs Linux (this is ${platform})` };
  const taskset = "taskset" in lookup ? lookup.taskset : onPath("taskset");
  if (!taskset) return { unavailable: "pinning to one CPU needs taskset (util-linux), which is not on PATH" };
  const allowed = "allowed" in lookup ? lookup.allowed : allowedCpus(taskset);
  if (!allowed?.length) return { unavailable: `this process's CPU affinity could not be read (${taskset} -cp ${process.pid})` };
  const cpu = String(allowed[allowed.length - 1]);
  return { cpu, prefix: [taskset, "-c", cpu] };
}
