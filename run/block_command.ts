/**
 * How one block process is asked for: its request (harness/block_protocol.ts), its command line (the
 * adapter's, with the narrowest permissions that work) and its time limit.
 *
 * @module
 */
import { dirname } from "node:path";
import { PROJECT_ROOT } from "../core/project.ts";
import { encodeBlockRequest } from "../harness/block_protocol.ts";
import { BENCH_RUNTIMES } from "../runtimes/registry.ts";
import type { BenchRuntimeName, RuntimeInstall } from "../runtimes/types.ts";
import type { BenchOptions } from "./options.ts";
import { isPooled, type Block } from "./plan.ts";

/** The automatic per-block limit after the first round is this many times its first-round wall time … */
export const AUTO_TIMEOUT_FACTOR = 10;
/** … but never below this (a slow machine minute must not kill a healthy block). */
export const AUTO_TIMEOUT_FLOOR_MS = 30_000;

/**
 * Whether a suite's blocks probe the machine's capacity: only where a figure uses it, the speedup of
 * a suite measured by time to solution. A suite with its own measure (`metric`) has no speedup, and
 * there the probe's idle pool would only share the process, and its spins the CPUs, with the cells.
 */
export function probesCapacity(suite: { readonly metric?: unknown } | undefined): boolean {
  return suite?.metric === undefined;
}

/** The block request of one block process (the capacity probe on its largest pool when `probeCapacity`). */
export function blockRequest(block: Block, runtime: BenchRuntimeName, options: BenchOptions, seed: number, probeCapacity = true): string {
  const pooled = block.cells.filter((c) => isPooled(c.variant));
  // CPython has one worker API; the JS runtimes get the asked one (absent = native).
  const api = options.api !== "native" && runtime !== "python" ? { api: options.api } : {};
  return encodeBlockRequest({
    suite: block.suite,
    size: block.size,
    cells: block.cells.map((c) => ({ variant: c.variant, workers: c.workers, ...(c.case !== undefined ? { case: c.case } : {}) })),
    runs: options.runs,
    warmup: options.warmup,
    seed,
    ...api,
    ...(pooled.length && probeCapacity ? { capacity: { workers: Math.max(...pooled.map((c) => c.workers)) } } : {}),
    ...(options.suiteModules.length ? { suiteModules: options.suiteModules } : {}),
  });
}

/**
 * The command line of one block: the adapter's (narrowest permissions: read the project, the suite
 * modules and its own executable, run only that executable for process workers, no write, no
 * network), plus, for Deno, resolution of npm packages from `node_modules` (the adapter's
 * `--no-config` would otherwise leave bare specifiers unresolved). Each install's own executable:
 * two versions of Deno get two different `--allow-run=` lists.
 */
export function blockCommand(install: RuntimeInstall<BenchRuntimeName>, script: string, request: string, suiteModules: readonly string[] = []): string[] {
  const runtime = BENCH_RUNTIMES[install.name];
  if (runtime.blockCommand) return runtime.blockCommand(install, request); // CPython: its own block entry
  // Deno 2.0 to 2.2 (at least; not 2.5) ask for read access to their own executable when a block
  // calls Deno.execPath() to start process workers, and a cached install lies outside the project.
  const outside = (p: string) => !p.startsWith(PROJECT_ROOT + "/");
  const read = [PROJECT_ROOT, ...new Set(suiteModules.map((m) => dirname(m)).filter(outside)), ...(outside(install.executable) ? [install.executable] : [])];
  return runtime.commandFor(install, script, [request], { read, write: [], run: [install.executable], env: true, npmPackages: true });
}

/**
 * The time limit of one block: explicit, or 10x its first round (floor 30 s), at most the cap; the
 * first round, with nothing to go by, gets the cap.
 */
export function limitFor(firstWallMs: number | undefined, explicitMs: number | undefined, capMs: number): number {
  if (explicitMs !== undefined) return explicitMs;
  return firstWallMs === undefined ? capMs : Math.min(capMs, Math.max(AUTO_TIMEOUT_FLOOR_MS, AUTO_TIMEOUT_FACTOR * firstWallMs));
}
