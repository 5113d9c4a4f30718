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
 * @module
 */
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
