/**
 * The pools `tribench micro` compares, behind one small interface: tribench's own {@link Pool} and
 * the reference pools piscina and tinypool. The reference libraries are imported only when asked
 * for, so a probe of tribench's pool never loads them (they are known to hang under Deno).
 *
 * @module
 */
import { compiledPath } from "../core/project.ts";
import { Pool } from "../pool/pool.ts";
import type { WorkerKind } from "../runtimes/types.ts";

/** The pools a micro row can be about. */
export type MicroPoolName = "tribench" | "piscina" | "tinypool";

/** Every pool name, in report order. */
export const MICRO_POOL_NAMES: readonly MicroPoolName[] = ["tribench", "piscina", "tinypool"];

/** The worker kinds each pool supports (piscina has thread workers only). */
export const POOL_KINDS: Readonly<Record<MicroPoolName, readonly WorkerKind[]>> = {
  tribench: ["threads", "processes"],
  piscina: ["threads"],
  tinypool: ["threads", "processes"],
};

/** The no-op module the reference pools load (compiled `scripts/micro_reference_worker.ts`). */
export const REFERENCE_WORKER: string = compiledPath("scripts/micro_reference_worker.ts");

/** One open pool under measurement. */
export interface PoolUnderTest {
  /** How its workers are started, e.g. `node/worker_threads` or `tinypool/child_process`. */
  readonly mechanism: string;
  /**
   * Resolves once the pool can take work. tribench: `pool.ready()`. The reference pools have no
   * such call, so it is one no-op task per worker, all sent at once, having come back.
   */
  ready(): Promise<unknown>;
  /** One no-op task, alone. */
  one(): Promise<unknown>;
  /** Every input as its own task (chunksize 1). */
  mapChunk1(inputs: readonly unknown[]): Promise<unknown>;
  /** Every input with the pool's automatic chunking; `undefined` when the pool has none. */
  readonly mapAuto: ((inputs: readonly unknown[]) => Promise<unknown>) | undefined;
  /** Pids of process workers, where the pool tells them; `[]` otherwise. */
  pids(): number[];
  /** Stop every worker; resolves when they are gone. */
  close(): Promise<void>;
}

interface ReferencePool {
  run(task: unknown): Promise<unknown>;
  destroy(): Promise<void>;
}

/**
 * Start `name` with `workers` workers of `kind`. Throws for a kind the pool does not have.
 *
 * @example
 * ```ts
 * const pool = await openPool("tribench", "threads", 2);
 * await pool.ready();
 * await pool.mapChunk1([1, 2, 3]);
 * await pool.close();
 * ```
 */
export async function openPool(name: MicroPoolName, kind: WorkerKind, workers: number): Promise<PoolUnderTest> {
  if (!POOL_KINDS[name].includes(kind)) throw new Error(`${name} has no ${kind} workers`);
  if (name === "tribench") return openTribench(kind, workers);
  let pool: ReferencePool;
  let mechanism: string;
  if (name === "piscina") {
    const { Piscina } = await import("piscina");
    // idleTimeout high: an idle worker must not be retired (and later re-spawned) between phases.
    pool = new Piscina({ filename: REFERENCE_WORKER, minThreads: workers, maxThreads: workers, idleTimeout: 600_000 });
    mechanism = "piscina/worker_threads";
  } else {
    const { Tinypool } = await import("tinypool");
    const runtime = kind === "threads" ? "worker_threads" : "child_process";
    pool = new Tinypool({ filename: REFERENCE_WORKER, runtime, minThreads: workers, maxThreads: workers, idleTimeout: 600_000, isolateWorkers: false });
    mechanism = `tinypool/${runtime}`;
  }
  return {
    mechanism,
    ready: () => Promise.all(Array.from({ length: workers }, () => pool.run(null))),
    one: () => pool.run(null),
    mapChunk1: (inputs) => Promise.all(inputs.map((input) => pool.run(input))),
    mapAuto: undefined,
    pids: () => [],
    close: () => pool.destroy(),
  };
}

function openTribench(kind: WorkerKind, workers: number): PoolUnderTest {
  const pool = new Pool({ kind, workers });
  return {
    mechanism: pool.mechanism,
    ready: () => pool.ready(),
    one: () => pool.submit("tribench:noop", null),
    mapChunk1: (inputs) => pool.map("tribench:noop", inputs, { chunksize: 1 }),
    mapAuto: (inputs) => pool.map("tribench:noop", inputs),
    pids: () => pool.pids,
    close: () => pool.close(),
  };
}
