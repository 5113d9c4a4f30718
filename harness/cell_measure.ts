/**
 * Measures one cell inside the target runtime's process: builds the pool (timed as `spawnMs`), warms
 * up, measures the runs with tinybench, verifies every run's answer outside the timed region, closes
 * the pool, and returns the cell protocol's record. `scripts/cell.ts` wires in the real suites and
 * pool; tests wire in fakes.
 *
 * Why tinybench and how: tinybench drives the runs (warm-up and iteration counts, async task) and
 * computes its own latency statistics, but it sorts its samples in place, and the report needs them
 * in run order (a slow first run is a warning). So the timestamp function we give tinybench keeps
 * its last two readings; the `afterEach` hook (outside the timed window) reads them, which is
 * exactly tinybench's sample. Afterwards the sorted copy must equal tinybench's retained samples, a
 * self-check that fails loudly should a tinybench update change how it times.
 *
 * @module
 */
import { Bench } from "tinybench";
import type { AnySuite, SizeName, VariantName } from "../suites/types.ts";
import type { WorkerApi, WorkerKind } from "../runtimes/types.ts";
import type { CellFailureRecord, CellRecord, CellRequest, CellSelfFailureKind, CellSuccessRecord } from "./cell_protocol.ts";

/** The part of a pool a cell uses. */
export interface CellPool {
  ready(): Promise<unknown>;
  close(): Promise<unknown>;
  terminate(): Promise<unknown>;
  readonly pids: readonly number[];
  readonly mechanism: string;
}

/** What a cell needs from the rest of tribench (real modules in `scripts/cell.ts`, fakes in tests). */
export interface CellDeps {
  readonly runtime: string;
  readonly runtimeVersion: string;
  suiteByName(name: string): AnySuite | undefined;
  /** Split the work of a size (the suite's size parameters, not its name) into tasks. */
  prepareTasks(suite: AnySuite, size: unknown): unknown[];
  runTasks(suite: AnySuite, tasks: unknown[], variant: VariantName, pool?: CellPool): Promise<unknown>;
  createPool(kind: WorkerKind, workers: number, api: WorkerApi): CellPool;
}

/** A run's answer failed verification. */
export class WrongAnswerError extends Error {
  override name = "WrongAnswerError";
}

/** Failure kinds by error class name (pool errors are recognised by name so this file stays light). */
const CRASH_ERRORS = new Set(["WorkerCrashedError", "WorkerStartError", "TaskTimeoutError", "PoolClosedError"]);

/**
 * Measure the cell `request` asks for. Never throws: failures come back as a failure record.
 *
 * @example
 * ```ts
 * const record = await measureCell(decodeCellRequest(process.argv[2]), deps);
 * process.stdout.write(encodeCellRecord(record));
 * ```
 */
export async function measureCell(request: CellRequest, deps: CellDeps): Promise<CellRecord> {
  let pool: CellPool | undefined;
  const pids = () => (pool ? [...pool.pids] : []);
  try {
    const suite = deps.suiteByName(request.suite);
    if (!suite) throw new Error(`unknown suite '${request.suite}'`);
    const variant = request.variant as VariantName;
    if (!suite.variants.includes(variant)) throw new Error(`suite ${suite.name} has no variant '${request.variant}'`);
    const sizeName = request.size as SizeName;
    const size = suite.sizes[sizeName];
    if (size === undefined) throw new Error(`suite ${suite.name} has no size '${request.size}'`);
    const tasks = deps.prepareTasks(suite, size);

    let spawnMs: number | null = null;
    if (variant === "threads" || variant === "processes") {
      const t0 = performance.now();
      pool = deps.createPool(variant, request.workers, request.api ?? "native");
      await pool.ready();
      spawnMs = performance.now() - t0;
    }
    const runs = await timeRuns(request, () => deps.runTasks(suite, tasks, variant, pool), (result) => {
      const verdict = suite.verify(result, size);
      if (!verdict.ok) throw new WrongAnswerError(`wrong answer from ${deps.runtime} ${suite.name} ${variant}: ${verdict.reason}`);
    });
    const answer = suite.describeAnswer(runs.lastResult);
    const mechanism = pool ? pool.mechanism : null;
    const workerPids = pids();
    if (pool) {
      const closing = pool;
      pool = undefined;
      await closing.close();
    }
    const record: CellSuccessRecord = {
      "tribench-cell": 1,
      ok: true,
      runtime: deps.runtime,
      runtimeVersion: deps.runtimeVersion,
      suite: suite.name,
      variant,
      workers: request.workers,
      size: sizeName,
      answer,
      verified: true,
      samplesMs: runs.samplesMs,
      warmupMs: runs.warmupMs,
      spawnMs,
      mechanism,
      pids: workerPids,
      harness: runs.harness,
    };
    return record;
  } catch (error) {
    const workerPids = pids();
    if (pool) await pool.terminate().catch(() => undefined);
    const failure: CellFailureRecord = {
      "tribench-cell": 1,
      ok: false,
      runtime: deps.runtime,
      runtimeVersion: deps.runtimeVersion,
      kind: failureKind(error),
      reason: oneLine(error),
      pids: workerPids,
    };
    return failure;
  }
}

function failureKind(error: unknown): CellSelfFailureKind {
  if (error instanceof WrongAnswerError) return "wrong-answer";
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === "string" && CRASH_ERRORS.has(name) ? "crash" : "error";
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.split("\n")[0]!.trim() || "unknown error";
}

/** The runs of one cell. */
interface TimedRuns {
  samplesMs: number[];
  warmupMs: number[];
  lastResult: unknown;
  harness: CellSuccessRecord["harness"];
}

/** Run warm-up and measured runs with tinybench; `check` verifies each result outside the timed window. */
async function timeRuns(request: CellRequest, work: () => Promise<unknown>, check: (result: unknown) => void): Promise<TimedRuns> {
  // The two latest timestamps tinybench read: [start, end] of the run that just finished.
  let previous = 0;
  let current = 0;
  const now = () => {
    previous = current;
    current = performance.now();
    return current;
  };
  const samplesMs: number[] = [];
  const warmupMs: number[] = [];
  let lastResult: unknown;
  let verifyMs = 0;
  let phaseStart = 0;
  let phaseMs = 0;
  const bench = new Bench({
    now,
    iterations: request.runs,
    time: 0,
    warmup: request.warmup > 0,
    warmupIterations: request.warmup,
    warmupTime: 0,
    throws: true,
    retainSamples: true,
  });
  // tinybench calls afterEach even after a run that threw; then there is no answer to check and
  // the run's own error must be the one reported.
  let completed = false;
  bench.add(
    "cell",
    async () => {
      lastResult = await work();
      completed = true;
    },
    {
      async: true,
      beforeAll(mode) {
        if (mode === "run") phaseStart = performance.now();
      },
      beforeEach() {
        completed = false;
      },
      afterEach(mode) {
        if (!completed) return;
        (mode === "run" ? samplesMs : warmupMs).push(current - previous);
        const v0 = performance.now();
        check(lastResult);
        if (mode === "run") verifyMs += performance.now() - v0;
      },
      afterAll(mode) {
        if (mode === "run") phaseMs = performance.now() - phaseStart;
      },
    },
  );
  await bench.run();
  const task = bench.getTask("cell")!;
  const result = task.result;
  if (result.state === "errored") throw result.error;
  if (result.state !== "completed") throw new Error(`tinybench ended the cell in state '${result.state}'`);
  const retained = result.latency.samples ?? [];
  const mine = [...samplesMs].sort((a, b) => a - b);
  if (mine.length !== request.runs || retained.length !== mine.length || mine.some((x, i) => x !== retained[i])) {
    throw new Error(`harness self-check failed: tinybench timed ${retained.length} runs that differ from the ${mine.length} read in order`);
  }
  const sum = samplesMs.reduce((a, b) => a + b, 0);
  return {
    samplesMs,
    warmupMs,
    lastResult,
    harness: { name: "tinybench", phaseMs, verifyMs, overheadMs: Math.max(0, phaseMs - sum - verifyMs) },
  };
}
