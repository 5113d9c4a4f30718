/**
 * What old runtime versions lack that tribench's adapters use, so a cell they cannot run is reported
 * `unsupported` with the reason instead of being started: those cells do not fail fast, they hang
 * until the block's time limit (minutes in the first round). Found by running `--size quick` blocks
 * of every variant with both worker APIs on releases from the npm registry (Linux x64, 2026-12):
 *
 * - Node 20.0.0: everything (Node 18 and older are below `engines`).
 * - Deno 1.46 (the oldest on npm): nothing; it has no Node `process` global outside npm packages,
 *   which all of tribench's code uses. Deno 2.0.0: everything natively; `node:child_process.fork`
 *   workers (`--api node-compat`) from 2.6.6 (2.6.5 runs `deno run` flags as a script path).
 * - Bun 0.8.1 and 1.0.x: serial and threads; `Bun.spawn` IPC workers hang before 1.1.0,
 *   `node:child_process.fork` IPC workers before 1.1.25.
 *
 * Beside those, {@link portGaps}: what a runtime that runs a suite through a port of its own
 * (CPython: the `.py` beside each suite, on CPython's own primitives) cannot run in it, at any
 * version. A suite's own `SuiteCase.unsupported` says what the JS runtimes lack, which is not what
 * such a port lacks.
 *
 * @module
 */
import type { VariantName } from "../../suites/types.ts";
import type { BenchRuntimeName, WorkerApi } from "../types.ts";
import { compareVersions } from "./version.ts";

/** Below `version`, no cell of the runtime can run; `why`, in a few words. */
interface Floor {
  readonly version: string;
  readonly why: string;
}

/** The oldest release of each runtime tribench runs at all (Bun: the oldest tried, 0.8.1, ran serial and threads; none is set). */
export const OLDEST_SUPPORTED: Readonly<Partial<Record<BenchRuntimeName, Floor>>> = {
  node: { version: "20.0.0", why: "tribench's engines field asks for Node >= 20" },
  deno: { version: "2.0.0", why: "Deno 1.x has no Node `process` global outside npm packages" },
};

/** One gap: versions below `below` cannot run `variant` with `api` (either API when absent) because they lack `what`. */
interface Gap {
  readonly runtime: BenchRuntimeName;
  readonly below: string;
  readonly variant: string;
  readonly api?: WorkerApi;
  readonly what: string;
}

const GAPS: readonly Gap[] = [
  { runtime: "bun", below: "1.1.0", variant: "processes", api: "native", what: "a working Bun.spawn IPC channel (process workers hang)" },
  { runtime: "bun", below: "1.1.25", variant: "processes", api: "node-compat", what: "a working node:child_process.fork IPC channel (process workers hang)" },
  { runtime: "deno", below: "2.6.6", variant: "processes", api: "node-compat", what: "node:child_process.fork of a `deno run` argv (its flags are taken for the script)" },
];

/**
 * Why `install` cannot run `variant` with `api`, or `undefined` when it can (as far as is known).
 * Versions that are not releases (`+local` builds, canaries) compare by their release part.
 *
 * @example
 * ```ts
 * unsupportedReason({ name: "bun", version: "1.0.36" }, "processes", "native");
 * // "bun 1.0.36 lacks a working Bun.spawn IPC channel (process workers hang); it works from 1.1.0"
 * ```
 */
export function unsupportedReason(install: { readonly name: BenchRuntimeName; readonly version: string }, variant: string, api: WorkerApi): string | undefined {
  const floor = OLDEST_SUPPORTED[install.name];
  if (floor && compareVersions(install.version, floor.version) < 0) {
    return `${install.name} ${install.version} is older than ${floor.version}, the oldest tribench supports (${floor.why})`;
  }
  // On Node both APIs are one; CPython has its own pools.
  const effective = install.name === "node" ? "native" : api;
  for (const gap of GAPS) {
    if (gap.runtime !== install.name || gap.variant !== variant || (gap.api && gap.api !== effective)) continue;
    if (compareVersions(install.version, gap.below) < 0) return `${install.name} ${install.version} lacks ${gap.what}; it works from ${gap.below}`;
  }
  return undefined;
}

/** The cases of one suite a runtime's own port cannot run: case name → variant → why, in one line. */
export type PortGaps = Readonly<Record<string, Partial<Readonly<Record<VariantName, string>>>>>;

const NO_TRANSFER = "CPython has no transfer list: a Pipe or a Queue pickles and copies every message, and nothing moves a buffer to another thread or process";
const NO_ATOMICS = "CPython has no atomic add on shared memory (no Atomics.add): `+=` on a shared int is a read and a write, which is the lock case's job";
const both = (why: string) => ({ threads: why, processes: why });

/**
 * Per runtime, the suites it runs through a port of its own, each with the cases that port cannot
 * run. A suite listed here with no gap is ported whole (CPython's shared-counter processes take a
 * `multiprocessing.Value` and `Array`, where no JS runtime can pass a SharedArrayBuffer to a process).
 */
const PORTS: Readonly<Partial<Record<BenchRuntimeName, Readonly<Record<string, PortGaps>>>>> = {
  python: {
    "ping-pong": Object.fromEntries(["8 B", "1 KiB", "64 KiB", "1 MiB"].map((p) => [`${p} transfer`, both(NO_TRANSFER)])),
    "producer-consumer": {},
    "shared-counter": { atomics: both(NO_ATOMICS) },
  },
};

/**
 * The gaps of `runtime`'s own port of `suite`, which replace the suite's declared
 * `SuiteCase.unsupported` for that runtime; `undefined` when the runtime runs the suite's own code
 * (the JS runtimes) or has no port that declares its cases.
 *
 * @example
 * ```ts
 * portGaps("python", "shared-counter")?.atomics?.threads; // "CPython has no atomic add on shared memory …"
 * portGaps("python", "shared-counter")?.lock;             // undefined: the port runs it on both variants
 * portGaps("node", "shared-counter");                     // undefined: the suite's own declaration holds
 * ```
 */
export function portGaps(runtime: string, suite: string): PortGaps | undefined {
  return PORTS[runtime as BenchRuntimeName]?.[suite];
}
