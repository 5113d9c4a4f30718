/**
 * Every runtime adapter by name, and the one for the runtime we are running on. Adding a runtime =
 * one adapter file + one line here.
 *
 * @module
 */
import { bunAdapter } from "./bun.ts";
import { denoAdapter } from "./deno.ts";
import { nodeAdapter } from "./node.ts";
import { pythonRuntime } from "./python.ts";
import type { BenchRuntimeName, RuntimeAdapter, RuntimeInfo, RuntimeName } from "./types.ts";

/** The adapters, by runtime name. */
export const ADAPTERS: Readonly<Record<RuntimeName, RuntimeAdapter>> = Object.freeze({
  node: nodeAdapter,
  deno: denoAdapter,
  bun: bunAdapter,
});

/** Every runtime a benchmark run can measure, by name: the adapters, and CPython, which only runs cells. */
export const BENCH_RUNTIMES: Readonly<Record<BenchRuntimeName, RuntimeInfo<BenchRuntimeName>>> = Object.freeze({ ...ADAPTERS, python: pythonRuntime });

/**
 * The runtime executing this code: `deno` when `Deno` exists, `bun` when `process.versions.bun`
 * exists, else `node`.
 *
 * @example
 * ```ts
 * currentRuntimeName(); // "node" when run with node
 * ```
 */
export function currentRuntimeName(): RuntimeName {
  if (typeof (globalThis as { Deno?: unknown }).Deno !== "undefined") return "deno";
  if (typeof (process.versions as { bun?: string }).bun === "string") return "bun";
  return "node";
}

/** The adapter of the runtime executing this code. */
export function currentAdapter(): RuntimeAdapter {
  return ADAPTERS[currentRuntimeName()];
}
