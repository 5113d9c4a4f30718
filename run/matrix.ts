/**
 * The benchmark matrix: which cells (runtime x suite x variant x workers, at one size) a run
 * measures, and in what order.
 *
 * @module
 */
import type { SizeName, VariantName } from "../suites/types.ts";
import type { BenchRuntimeName } from "../runtimes/types.ts";

/** One cell of the matrix. */
export interface Cell {
  readonly runtime: BenchRuntimeName;
  readonly suite: string;
  readonly variant: VariantName;
  /** Pool size; 1 for serial and async, which use no pool. */
  readonly workers: number;
  readonly size: SizeName;
}

/** What to expand. */
export interface MatrixSpec {
  readonly runtimes: readonly BenchRuntimeName[];
  /** Each suite with the variants it supports. */
  readonly suites: readonly { readonly name: string; readonly variants: readonly VariantName[] }[];
  /** Variants asked for; a suite gets those it supports. */
  readonly variants: readonly VariantName[];
  /** Worker counts for the pooled variants. */
  readonly workers: readonly number[];
  readonly size: SizeName;
}

/** Variants that run on a pool, so the worker count matters. */
export const POOLED_VARIANTS: readonly VariantName[] = ["threads", "processes"];

/** Whether `variant` uses a pool. */
export function isPooled(variant: VariantName): boolean {
  return POOLED_VARIANTS.includes(variant);
}

/**
 * Every cell, serial cells first (so each parallel cell's baseline exists when it is measured and a
 * partial run still has its baselines), then per runtime and suite: async, threads, processes, each
 * over the worker counts in ascending order.
 *
 * @example
 * ```ts
 * expandMatrix({ runtimes: ["node"], suites: [{ name: "pi", variants: ["serial", "threads"] }],
 *   variants: ["serial", "threads"], workers: [1, 2], size: "quick" }).length; // 3
 * ```
 */
export function expandMatrix(spec: MatrixSpec): Cell[] {
  const workers = [...new Set(spec.workers)].sort((a, b) => a - b);
  const wanted = (suiteVariants: readonly VariantName[], v: VariantName) => spec.variants.includes(v) && suiteVariants.includes(v);
  const cells: Cell[] = [];
  for (const runtime of spec.runtimes) {
    for (const suite of spec.suites) {
      if (wanted(suite.variants, "serial")) cells.push({ runtime, suite: suite.name, variant: "serial", workers: 1, size: spec.size });
    }
  }
  for (const runtime of spec.runtimes) {
    for (const suite of spec.suites) {
      for (const variant of ["async", "threads", "processes"] as const) {
        if (!wanted(suite.variants, variant)) continue;
        for (const w of isPooled(variant) ? workers : [1]) cells.push({ runtime, suite: suite.name, variant, workers: w, size: spec.size });
      }
    }
  }
  return cells;
}

/** A short human label, e.g. `deno collatz threads x2`. */
export function cellLabel(cell: Cell): string {
  return `${cell.runtime} ${cell.suite} ${cell.variant}${isPooled(cell.variant) ? ` x${cell.workers}` : ""}`;
}

/** The key of the serial baseline of a cell: same runtime, suite and size. */
export function baselineKey(cell: Pick<Cell, "runtime" | "suite" | "size">): string {
  return `${cell.runtime}\u0000${cell.suite}\u0000${cell.size}`;
}
