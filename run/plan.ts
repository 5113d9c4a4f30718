/**
 * The plan of a run: which cells (runtime x suite x variant x workers, at one size) it measures, how
 * they are grouped into **blocks** (one block process per runtime x suite holds the serial baseline
 * and the pools of its parallel variants, their runs interleaved), and in which order the blocks of
 * each round run (a seeded shuffle, so drift of the machine over minutes lands on no runtime or suite
 * more than another, and `--seed` replays it).
 *
 * A "runtime" here is one install, named by its label (`bun@1.4.5`): two versions of Bun are two
 * runtimes with their own blocks, shuffled into the same rounds, so they are measured under the same
 * machine conditions.
 *
 * @module
 */
import { runtimeNameOf } from "../runtimes/versions/label.ts";
import { portGaps } from "../runtimes/versions/support.ts";
import { seededRandom, seedFromString, shuffle } from "../stats/random.ts";
import type { SizeName, SuiteCase, VariantName } from "../suites/types.ts";

/** One cell of the matrix. */
export interface Cell {
  /**
   * The install's label, `name@version` (runtimes/versions/label.ts): two versions of one runtime are
   * two runtimes of the plan, each with its own blocks.
   */
  readonly runtime: string;
  readonly suite: string;
  readonly variant: VariantName;
  /** Pool size; 1 for serial and async, which use no pool. */
  readonly workers: number;
  readonly size: SizeName;
  /** The suite's case (suites with cases only, e.g. ping-pong's `8 B`); part of the cell's identity. */
  readonly case?: string;
}

/** A cell the plan keeps but never runs: its variant lacks what its case needs. */
export interface UnsupportedCell {
  readonly cell: Cell;
  /** Why, one line (from the suite's case). */
  readonly reason: string;
}

/** The cells of one runtime x suite, measured together in one process per round. */
export interface Block {
  /** The install's label, as {@link Cell.runtime}. */
  readonly runtime: string;
  readonly suite: string;
  readonly size: SizeName;
  /** Serial first when asked for (the baseline), then async, threads, processes over ascending workers. */
  readonly cells: readonly Cell[];
  /** Cells of the block's suite that its variants cannot run (reported unsupported, never sent to the block). */
  readonly unsupported?: readonly UnsupportedCell[];
  /** The one case this block measures, when its suite is measured case by case ({@link expandBlocks}). */
  readonly case?: string;
}

/** What to expand. */
export interface PlanSpec {
  /** The installs' labels (`node@22.11.0`, `bun@1.3.14`, `bun@1.4.5`), in report order. */
  readonly runtimes: readonly string[];
  /** Each suite with the variants it supports. */
  readonly suites: readonly { readonly name: string; readonly variants: readonly VariantName[]; readonly cases?: readonly SuiteCase[]; readonly metric?: unknown }[];
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
 * Every block, per runtime then per suite, each with its cells: per variant, per case of the suite
 * (when it has cases; a case may fix its worker count), per worker count. A cell whose variant lacks
 * what its case needs goes to the block's `unsupported` list instead; a block left with no cell to
 * run is dropped (its unsupported cells with it). What a case needs is the suite's declaration,
 * except on a runtime that runs the suite through a port of its own (CPython), whose port's gaps
 * replace it (runtimes/versions/support.ts `portGaps`).
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
      const unsupported: UnsupportedCell[] = [];
      const port = portGaps(runtimeNameOf(runtime), suite.name);
      for (const variant of ["serial", "async", "threads", "processes"] as const) {
        if (!spec.variants.includes(variant) || !suite.variants.includes(variant)) continue;
        for (const c of suite.cases?.length ? suite.cases : [undefined]) {
          const counts = !isPooled(variant) ? [1] : c?.workers !== undefined ? [c.workers] : workers;
          for (const w of counts) {
            const cell: Cell = { runtime, suite: suite.name, variant, workers: w, size: spec.size, ...(c ? { case: c.name } : {}) };
            const reason = c && (port ? port[c.name]?.[variant] : c.unsupported?.[variant]);
            if (reason) unsupported.push({ cell, reason });
            else cells.push(cell);
          }
        }
      }
      const parts = measuredByCase(suite) ? suite.cases!.map((c) => c.name) : [undefined];
      const suiteBlocks: Block[] = [];
      // A case none of whose cells can run has no block; its unsupported cells go with the suite's first.
      const orphans: UnsupportedCell[] = [];
      for (const part of parts) {
        const blockCells = part === undefined ? cells : cells.filter((c) => c.case === part);
        const blockUnsupported = part === undefined ? unsupported : unsupported.filter((u) => u.cell.case === part);
        if (!blockCells.length) orphans.push(...blockUnsupported);
        else suiteBlocks.push({ runtime, suite: suite.name, size: spec.size, cells: blockCells, ...(blockUnsupported.length ? { unsupported: blockUnsupported } : {}), ...(part !== undefined ? { case: part } : {}) });
      }
      if (suiteBlocks.length && orphans.length) suiteBlocks[0] = { ...suiteBlocks[0]!, unsupported: [...(suiteBlocks[0]!.unsupported ?? []), ...orphans] };
      blocks.push(...suiteBlocks);
    }
  }
  return blocks;
}

/**
 * Whether a suite's cases each get blocks of their own. A block's cells share a process so that each
 * pool can be paired, sweep by sweep, with the serial run beside it; a suite with its own measure
 * (latency, items/s: `metric`) has no serial baseline to pair with, so sharing gains it nothing and
 * costs it cross-talk: in one Bun process, the 8 B ping-pong ran ~8% slower after 1 MiB cases than
 * alone (9.1–9.5 against 8.5–8.7 µs on one CPU), their garbage collected during its runs.
 */
export function measuredByCase(suite: { readonly cases?: readonly SuiteCase[]; readonly metric?: unknown }): boolean {
  return suite.metric !== undefined && (suite.cases?.length ?? 0) > 1;
}

/**
 * Set aside the cells a runtime version cannot run (`reasonOf` says why, e.g. an old Bun without an
 * API its adapter uses): a block keeps its runnable cells and lists the others as unsupported; a
 * block left with none is not run, and its cells come back in `dropped`, so the report still says
 * why each was never measured.
 *
 * @example
 * ```ts
 * const { blocks: runnable, dropped } = withoutUnsupported(blocks, (c) => c.runtime === "bun@0.8.1" ? "too old" : undefined);
 * ```
 */
export function withoutUnsupported(blocks: readonly Block[], reasonOf: (cell: Cell) => string | undefined): { blocks: Block[]; dropped: UnsupportedCell[] } {
  const kept: Block[] = [];
  const dropped: UnsupportedCell[] = [];
  for (const block of blocks) {
    const gaps = block.cells.flatMap((cell) => {
      const reason = reasonOf(cell);
      return reason === undefined ? [] : [{ cell, reason }];
    });
    if (!gaps.length) kept.push(block);
    else if (gaps.length === block.cells.length) dropped.push(...gaps, ...(block.unsupported ?? []));
    else kept.push({ ...block, cells: block.cells.filter((c) => !gaps.some((g) => g.cell === c)), unsupported: [...gaps, ...(block.unsupported ?? [])] });
  }
  return { blocks: kept, dropped };
}

/** Every cell of `blocks`, in block order. */
export function cellsOf(blocks: readonly Block[]): Cell[] {
  return blocks.flatMap((b) => b.cells);
}

/** A short human label, e.g. `deno@2.9.6 collatz threads x2`. */
export function cellLabel(cell: Cell): string {
  return `${cell.runtime} ${cell.suite} ${variantLabel(cell)}`;
}

/** A cell's variant as a block lists it: `serial`, `threads x2`, `threads x1 8 B` (with its case). */
export function variantLabel(cell: Pick<Cell, "variant" | "workers" | "case">): string {
  return `${cell.variant}${isPooled(cell.variant) ? ` x${cell.workers}` : ""}${cell.case !== undefined ? ` ${cell.case}` : ""}`;
}

/** A short human label of a block, e.g. `bun@1.4.5 gcd`, `node@20.20.2 ping-pong 8 B`. */
export function blockLabel(block: Pick<Block, "runtime" | "suite" | "case">): string {
  return `${block.runtime} ${block.suite}${block.case !== undefined ? ` ${block.case}` : ""}`;
}

/** The identity of a cell across processes and reports: runtime, suite, variant, workers, size, and case when it has one. */
export function cellKey(cell: Pick<Cell, "runtime" | "suite" | "variant" | "workers" | "size" | "case">): string {
  const key = [cell.runtime, cell.suite, cell.variant, cell.workers, cell.size];
  return (cell.case === undefined ? key : [...key, cell.case]).join("\u0000");
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
export function blockSeed(runSeed: number, round: number, block: Pick<Block, "runtime" | "suite" | "case">): number {
  return seedFromString(`tribench-block:${runSeed}:${round}:${block.runtime}:${block.suite}${block.case !== undefined ? `:${block.case}` : ""}`);
}
