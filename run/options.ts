/**
 * What a `bench` run is asked to do, checked and complete: the contract between the command line
 * (`cli/bench_args.ts` parses flags into it) and the run (`run/orchestrator.ts` executes it).
 *
 * @module
 */
import type { BenchRuntimeName, WorkerApi } from "../runtimes/types.ts";
import type { SizeName, VariantName } from "../suites/types.ts";

/** Default per-block time limit in seconds, the ceiling of the automatic one (see the orchestrator). */
export const DEFAULT_CELL_TIMEOUT_S = 300;

/**
 * Default time budget of the measurement in seconds, per size. `default`: the issue asks for a
 * default run within 3 minutes on a 2-core machine, build and report writing included; the build
 * takes ~10–15 s, the reports (charts) ~5 s, and a run may overrun its budget by up to 10%, so 140 s
 * leaves room. `quick` is for trying things and for CI smoke runs: two or three rounds of its tiny
 * runs. `seed` (the tutorials' sizes) and `large` get room for at least 3 rounds of their slower runs.
 */
export const DEFAULT_BUDGET_S: Readonly<Record<SizeName, number>> = { quick: 30, seed: 90, default: 140, large: 900 };

/**
 * Default measured sweeps per block process. Each sweep runs every cell of the block once (serial,
 * threads, processes …), so one block gives this many paired runs per cell. With ~100 ms serial runs
 * 5 sweeps cost ~1.5 s, small against the ~0.5 s that starting a block's runtime and pools costs, and
 * the budget then buys 3–4 fresh processes per cell, which is where the variance is (issue 11).
 */
export const DEFAULT_RUNS = 5;

/** Default warm-up sweeps per block (verified, not measured). */
export const DEFAULT_WARMUP = 1;

/** The fewest processes per cell for an interval we call reliable. */
export const MIN_RELIABLE_ROUNDS = 3;

/** The most rounds a budget may plan: beyond this, more runs per process help more than more processes. */
export const MAX_PLANNED_ROUNDS = 10;

/** Everything a `bench` run needs, checked. */
export interface BenchOptions {
  /** Runtimes asked for with --runtimes, or `undefined` for every one installed. */
  runtimes: BenchRuntimeName[] | undefined;
  suites: string[];
  /** Variants asked for (each suite gets the ones it supports). */
  variants: VariantName[];
  workers: number[];
  size: SizeName;
  /** Measured sweeps per block (`--runs`). */
  runs: number;
  /** Whether `runs` was given on the command line (else it is {@link DEFAULT_RUNS}). */
  runsGiven: boolean;
  warmup: number;
  /** `--rounds`: block processes per runtime x suite, fixed; `undefined` = planned from the budget. */
  rounds: number | undefined;
  /**
   * `--budget` in seconds, or `undefined` when not given: then the size's {@link DEFAULT_BUDGET_S} plans the
   * rounds, unless `rounds` is set, which then runs to the end without a budget.
   */
  budgetS: number | undefined;
  /** `--seed`: replays the block and run orders of an earlier run; `undefined` = drawn at random. */
  seed: number | undefined;
  /** Absolute output folder. */
  out: string;
  json: boolean;
  /** Explicit per-block limit, or `undefined` for the automatic one. */
  cellTimeoutMs: number | undefined;
  /** Which worker API the JS runtimes use: their own (`native`) or the Node-compatible one. */
  api: WorkerApi;
  /** False with `--no-pin`: no block is pinned to one CPU, even of a suite that asks ({@link AnySuite.oneCpu}). */
  pin: boolean;
  /** Extra suite modules (absolute paths of the bundles of `--suite-file`), loaded by every block and its workers. */
  suiteModules: string[];
  /** `--suite-file`s that could not be bundled or loaded: their cells are recorded failed, the run goes on. */
  suiteFailures: { file: string; reason: string }[];
  /** The command line as typed (after the program name). */
  argv: string[];
}
