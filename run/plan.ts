/**
 * The plan of a run: which cells (runtime x suite x variant x workers, at one size) it measures, how
 * they are grouped into **blocks** (one block process per runtime x suite holds the serial baseline
 * and the pools of its parallel variants, their runs interleaved), and in which order the blocks of
 * each round run (a seeded shuffle, so drift of the machine over minutes lands on no runtime or suite
 * more than another, and `--seed` replays it).
 *
 * @module
 */
import type { BenchRuntimeName } from "../runtimes/types.ts";
import { seededRandom, seedFromString, shuffle } from "../stats/random.ts";
import type { SizeName, VariantName } from "../suites/types.ts";

/** One cell of the matrix. */
export interface Cell {
  readonly runtime: BenchRuntimeName;
  readonly suite: string;
  readonly variant: VariantName;
  /** Pool size; 1 for serial and async, which use no pool. */
  readonly workers: number;
  readonly size: SizeName;
}

/** The cells of one runtime x suite, measured together in one process per round. */
export interface Block {
  readonly runtime: BenchRuntimeName;
  readonly suite: string;
  readonly size: SizeName;
  /** Serial first when asked for (the baseline), then async, threads, processes over ascending workers. */
  readonly cells: readonly Cell[];
}

/** What to expand. */
export interface PlanSpec {
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
export function isPooled(variant: VariantName | string): boolean {
  return (POOLED_VARIANTS as readonly string[]).includes(variant);
}

/**
 * Every block, per runtime then per suite, each with its cells.
 *
 * @example
 * ```ts
 * expandBlocks({ runtimes: ["node"], suites: [{ name: "pi", variants: ["serial", "threads"] }],
 *   variants: ["serial", "threads"], workers: [1, 2], size: "quick" })[0].cells.length; // 3
 * ```
 */
export function expandBlocks(spec: PlanSpec): Block[] {
  const workers = [...new Set(spec.workers)].sort((a, b) => a - b);
  const blocks: Block[] = [];
  for (const runtime of spec.runtimes) {
    for (const suite of spec.suites) {
      const cells: Cell[] = [];
      for (const variant of ["serial", "async", "threads", "processes"] as const) {
        if (!spec.variants.includes(variant) || !suite.variants.includes(variant)) continue;
        for (const w of isPooled(variant) ? workers : [1]) cells.push({ runtime, suite: suite.name, variant, workers: w, size: spec.size });
      }
      if (cells.length) blocks.push({ runtime, suite: suite.name, size: spec.size, cells });
    }
  }
  return blocks;
}

/** Every cell of `blocks`, in block order. */
export function cellsOf(blocks: readonly Block[]): Cell[] {
  return blocks.flatMap((b) => b.cells);
}

/** A short human label, e.g. `deno collatz threads x2`. */
export function cellLabel(cell: Cell): string {
  return `${cell.runtime} ${cell.suite} ${variantLabel(cell)}`;
}

/** A cell's variant as a block lists it: `serial`, `threads x2`. */
export function variantLabel(cell: Pick<Cell, "variant" | "workers">): string {
  return `${cell.variant}${isPooled(cell.variant) ? ` x${cell.workers}` : ""}`;
}

/** A short human label of a block, e.g. `bun gcd`. */
export function blockLabel(block: Pick<Block, "runtime" | "suite">): string {
  return `${block.runtime} ${block.suite}`;
}

/** The identity of a cell across processes and reports: runtime, suite, variant, workers, size. */
export function cellKey(cell: Pick<Cell, "runtime" | "suite" | "variant" | "workers" | "size">): string {
  return [cell.runtime, cell.suite, cell.variant, cell.workers, cell.size].join("\u0000");
}

/**
 * The blocks of round `round` in the order they run: a Fisher–Yates shuffle seeded by the run's seed
 * and the round, so every round has its own order and the same seed replays all of them.
 *
 * @example
 * ```ts
 * roundOrder(blocks, 7, 0); // the same permutation of blocks every time for seed 7, round 0
 * ```
 */
export function roundOrder<T>(blocks: readonly T[], runSeed: number, round: number): T[] {
  return shuffle([...blocks], seededRandom(seedFromString(`tribench-round:${runSeed}:${round}`)));
}

/** The seed of one block process (its sweep orders), from the run's seed, the round and the block. */
export function blockSeed(runSeed: number, round: number, block: Pick<Block, "runtime" | "suite">): number {
  return seedFromString(`tribench-block:${runSeed}:${round}:${block.runtime}:${block.suite}`);
}
