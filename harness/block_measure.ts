/**
 * Measures one block inside the target runtime's process, as `block_protocol.ts` specifies: every
 * cell's pool is started and ready before the first run (timed as `spawnMs`, never in a sample), then
 * sweeps run every cell once in a seeded random order, each measured sweep opened by a capacity probe;
 * answers are verified outside the timed window; the pools are closed and one record comes back.
 * `scripts/block.ts` wires in the real suites and pools; tests wire in fakes.
 *
 * Why a plain loop and not tinybench (which the retired one-cell harness used): a sample here is one
 * run of one cell between other cells' runs, in an order fixed by the seed; tinybench times one task
 * back to back and would need one Bench per run. The timed window is `now()` around `await runTasks(...)` and
 * nothing else (STYLE.md on mitata): verification, bookkeeping and probes sit outside it, and what
 * they cost is reported as `verifyMs`, `probeMs` and `overheadMs`.
 *
 * Bookkeeping: `seq` counts measured runs only (warm-ups are apart), so `seq` of cell c in sweep k is
 * the number of measured runs before it; `order[k]` lists the cells sweep k actually ran (the drawn
 * permutation less cells that failed in an earlier sweep).
 *
 * A communication suite's cell (`suite.comm`) gets a session of its own workers instead of a pool
 * (`createCommPool`); its timed run is the session's `run()`. The file is a little over 300 lines
 * because the block's life (pools, warm-up, sweeps, probes, close) is one function read in order.
 *
 * @module
 */
import { caseProblem, unsupportedReason } from "../suites/cases.ts";
import type { AnySuite, SizeName, VariantName } from "../suites/types.ts";
import type { WorkerApi, WorkerKind } from "../runtimes/types.ts";
import type { BlockCellFailure, BlockCellRecord, BlockCellSpec, BlockFailureRecord, BlockRecord, BlockRequest, CapacityProbe } from "./block_protocol.ts";
import { calibrateSpin, measureCapacity, type ProbePool } from "./capacity_probe.ts";
import { sweepOrders, warmupOrders } from "./sweep_order.ts";

export type { ProbePool } from "./capacity_probe.ts";

/** The part of a cell's pool a block uses. */
export interface BlockPool {
  ready(): Promise<unknown>;
  close(): Promise<unknown>;
  terminate(): Promise<unknown>;
  readonly pids: readonly number[];
  readonly mechanism: string;
}

/** The workers of one cell of a communication suite: a {@link BlockPool} whose `run()` is the timed run. */
export interface CommBlockPool extends BlockPool {
  run(): Promise<unknown>;
}

/** What a block needs from the rest of tribench (real modules in `scripts/block.ts`, fakes in tests). */
export interface BlockDeps {
  readonly runtime: string;
  readonly runtimeVersion: string;
  suiteByName(name: string): AnySuite | undefined;
  /** Split the work of a size (the suite's size parameters, not its name) into tasks. */
  prepareTasks(suite: AnySuite, size: unknown): unknown[];
  runTasks(suite: AnySuite, tasks: unknown[], variant: VariantName, pool?: BlockPool): Promise<unknown>;
  createPool(kind: WorkerKind, workers: number, api: WorkerApi): BlockPool;
  /**
   * For a communication suite (`suite.comm`), in place of a pool: the workers of one cell, on the
   * runtime's own channel (harness/comm_measure.ts). Needed only by blocks of such suites.
   */
  createCommPool?(suite: AnySuite, size: unknown, caseName: string | undefined, kind: WorkerKind, workers: number, api: WorkerApi): CommBlockPool;
  /** A threads pool of `workers` for the capacity probe (it runs `tribench:spin`). */
  createProbePool(workers: number): ProbePool;
  /** Monotonic clock in ms (default `performance.now`); tests may inject a fake one. */
  now?(): number;
}

/** The harness name in every block record. */
export const BLOCK_HARNESS_NAME = "tribench-interleaved";

/** A run's answer failed verification. */
class WrongAnswerError extends Error {
  override name = "WrongAnswerError";
}

/** Failure kinds by error class name (pool errors are recognised by name so this file stays light). */
const CRASH_ERRORS = new Set(["WorkerCrashedError", "WorkerStartError", "TaskTimeoutError", "PoolClosedError"]);

/** One cell while the block runs. */
interface CellState {
  readonly spec: BlockCellSpec;
  readonly variant: VariantName;
  /** The suite's case this cell measures (suites with cases only). */
  readonly case: string | undefined;
  pool: BlockPool | undefined;
  spawnMs: number | null;
  mechanism: string | null;
  pids: number[];
  readonly samplesMs: number[];
  readonly atMs: number[];
  readonly seq: number[];
  readonly warmupMs: number[];
  lastResult: unknown;
  failure: BlockCellFailure | undefined;
}

/**
 * Measure the block `request` asks for. Never throws: what stops the whole block comes back as a
 * failure record, a failed cell as a failed cell of a success record.
 *
 * @example
 * ```ts
 * const record = await measureBlock(decodeBlockRequest(process.argv[2]), deps);
 * process.stdout.write(encodeBlockRecord(record));
 * ```
 */
export async function measureBlock(request: BlockRequest, deps: BlockDeps): Promise<BlockRecord> {
  const now = deps.now ? () => deps.now!() : () => performance.now();
  const blockStart = now();
  const cells: CellState[] = request.cells.map((spec) => ({
    spec,
    variant: spec.variant as VariantName,
    // Not yet a field of BlockCellSpec (the block protocol passes unknown fields through).
    case: spec.case,
    pool: undefined,
    spawnMs: null,
    mechanism: null,
    pids: [],
    samplesMs: [],
    atMs: [],
    seq: [],
    warmupMs: [],
    lastResult: undefined,
    failure: undefined,
  }));
  let probePool: ProbePool | undefined;
  try {
    const suite = deps.suiteByName(request.suite);
    if (!suite) throw new Error(`unknown suite '${request.suite}'`);
    for (const cell of cells) {
      if (!suite.variants.includes(cell.variant)) throw new Error(`suite ${suite.name} has no variant '${cell.spec.variant}'`);
    }
    const size = suite.sizes[request.size as SizeName];
    if (size === undefined) throw new Error(`suite ${suite.name} has no size '${request.size}'`);
    for (const cell of cells) {
      const problem = caseProblem(suite, cell.case);
      if (problem) throw new Error(problem);
    }
    if (suite.comm && !deps.createCommPool) throw new Error(`suite ${suite.name} is a communication suite, and this block cannot start its workers`);
    const tasks = deps.prepareTasks(suite, size);

    /** Record `cell` failed, and stop its pool now so it costs nothing while the others run. */
    const fail = async (cell: CellState, error: unknown): Promise<void> => {
      const pids = cell.pool ? [...cell.pool.pids] : cell.pids;
      cell.failure = { ok: false, variant: cell.spec.variant, workers: cell.spec.workers, kind: failureKind(error), reason: oneLine(error), pids };
      const pool = cell.pool;
      cell.pool = undefined;
      if (pool) await pool.terminate().catch(() => undefined);
    };

    // One at a time, so each spawnMs is that pool's own start and no start overlaps another's.
    for (const cell of cells) {
      if (cell.variant !== "threads" && cell.variant !== "processes") continue;
      const unsupported = unsupportedReason(suite, cell.case, cell.variant);
      if (unsupported) {
        await fail(cell, new Error(`unsupported: ${unsupported}`));
        continue;
      }
      const t0 = now();
      try {
        cell.pool = suite.comm
          ? deps.createCommPool!(suite, size, cell.case, cell.variant, cell.spec.workers, request.api ?? "native")
          : deps.createPool(cell.variant, cell.spec.workers, request.api ?? "native");
        await cell.pool.ready();
      } catch (error) {
        await fail(cell, error);
        continue;
      }
      cell.spawnMs = now() - t0;
      cell.mechanism = cell.pool.mechanism;
      cell.pids = [...cell.pool.pids];
    }
    let spinIterations = 0;
    const probeWorkers = request.capacity?.workers ?? 0;
    if (request.capacity) {
      try {
        probePool = deps.createProbePool(probeWorkers);
        await probePool.ready();
        spinIterations = await calibrateSpin(probePool, probeWorkers, now);
      } catch (error) {
        throw probeError(error);
      }
    }

    let verifyMs = 0;
    let runMs = 0;
    let seq = 0;
    /** One run of `cell`: timed, then verified outside the timed window; a throw or a wrong answer fails the cell. */
    const runOnce = async (cell: CellState, measured: boolean): Promise<void> => {
      let result: unknown;
      const t0 = now();
      try {
        result = suite.comm ? await (cell.pool as CommBlockPool).run() : await deps.runTasks(suite, tasks, cell.variant, cell.pool);
      } catch (error) {
        if (measured) runMs += now() - t0;
        return fail(cell, error);
      }
      const t1 = now();
      const ms = t1 - t0;
      if (measured) {
        runMs += ms;
        cell.samplesMs.push(ms);
        cell.atMs.push(t0 - blockStart);
        cell.seq.push(seq++);
      } else {
        cell.warmupMs.push(ms);
      }
      let verdict: ReturnType<AnySuite["verify"]>;
      const v0 = now();
      try {
        verdict = suite.verify(result, size);
      } catch (error) {
        verdict = { ok: false, reason: `verify threw: ${oneLine(error)}` };
      }
      if (measured) verifyMs += now() - v0;
      if (!verdict.ok) {
        const label = `${cell.variant} x${cell.spec.workers}${cell.case !== undefined ? ` ${cell.case}` : ""}`;
        return fail(cell, new WrongAnswerError(`wrong answer from ${deps.runtime} ${suite.name} ${label}: ${verdict.reason}`));
      }
      cell.lastResult = result;
    };

    for (const order of warmupOrders(cells.length, request.warmup, request.seed)) {
      for (const i of order) if (!cells[i]!.failure) await runOnce(cells[i]!, false);
    }

    const probes: CapacityProbe[] = [];
    const ran: number[][] = [];
    let probeMs = 0;
    const phaseStart = now();
    for (const [sweep, order] of sweepOrders(cells.length, request.runs, request.seed).entries()) {
      if (probePool) {
        const p0 = now();
        const reading = await measureCapacity(probePool, probeWorkers, spinIterations, now).catch((error: unknown) => {
          throw probeError(error);
        });
        probeMs += now() - p0;
        probes.push({ sweep, atMs: p0 - blockStart, workers: probeWorkers, ...reading });
      }
      const attempted: number[] = [];
      for (const i of order) {
        if (cells[i]!.failure) continue;
        attempted.push(i);
        await runOnce(cells[i]!, true);
      }
      ran.push(attempted);
    }
    const phaseMs = now() - phaseStart;

    for (const cell of cells) {
      const pool = cell.pool;
      cell.pool = undefined;
      if (pool) await pool.close().catch(() => pool.terminate().catch(() => undefined));
    }
    const closing = probePool;
    probePool = undefined;
    if (closing) await closing.close().catch(() => closing.terminate().catch(() => undefined));

    return {
      "tribench-block": 1,
      ok: true,
      runtime: deps.runtime,
      runtimeVersion: deps.runtimeVersion,
      suite: suite.name,
      size: request.size,
      seed: request.seed,
      cells: cells.map((cell) => cellRecord(cell, suite)),
      probes,
      order: ran,
      harness: { name: BLOCK_HARNESS_NAME, phaseMs, verifyMs, probeMs, overheadMs: Math.max(0, phaseMs - runMs - verifyMs - probeMs) },
    };
  } catch (error) {
    const pids = cells.flatMap((cell) => (cell.pool ? [...cell.pool.pids] : cell.pids));
    for (const cell of cells) if (cell.pool) await cell.pool.terminate().catch(() => undefined);
    if (probePool) await probePool.terminate().catch(() => undefined);
    const failure: BlockFailureRecord = {
      "tribench-block": 1,
      ok: false,
      runtime: deps.runtime,
      runtimeVersion: deps.runtimeVersion,
      kind: failureKind(error),
      reason: oneLine(error),
      pids,
    };
    return failure;
  }
}

/** The record of a cell once the block is done. */
function cellRecord(cell: CellState, suite: AnySuite): BlockCellRecord {
  if (cell.failure) return cell.failure;
  return {
    ok: true,
    variant: cell.spec.variant,
    workers: cell.spec.workers,
    answer: suite.describeAnswer(cell.lastResult),
    samplesMs: cell.samplesMs,
    atMs: cell.atMs,
    seq: cell.seq,
    warmupMs: cell.warmupMs,
    spawnMs: cell.spawnMs,
    mechanism: cell.mechanism,
    pids: cell.pids,
  };
}

/** A failure of the capacity probe, said as one: the block cannot give its capacity readings. */
function probeError(error: unknown): Error {
  const wrapped = new Error(`capacity probe failed: ${oneLine(error)}`);
  // Keep the class name: it decides the failure kind (a crashed probe worker is a crash).
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name === "string") wrapped.name = name;
  return wrapped;
}

function failureKind(error: unknown): BlockCellFailure["kind"] {
  if (error instanceof WrongAnswerError) return "wrong-answer";
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === "string" && CRASH_ERRORS.has(name) ? "crash" : "error";
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.split("\n")[0]!.trim() || "unknown error";
}
