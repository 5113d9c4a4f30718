/**
 * What runs inside one runtime for `tribench micro`: measures one pool x worker kind with mitata
 * and returns one {@link MicroRow}. The orchestrating side (micro/micro.ts) starts a fresh process
 * per row (scripts/micro_probe.ts), so rows never share a heap, a JIT state or leftover workers.
 *
 * Every figure is a median of mitata samples. Nothing but the pool call is inside a timed region:
 * input arrays are built before, pools are closed after the clock stops.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { RuntimeName, WorkerKind } from "../runtimes/types.ts";
import { type MicroPoolName, openPool, type PoolUnderTest } from "./micro_pools.ts";

/** One row of the micro report. Figures are `null` where they do not apply or could not be taken. */
export interface MicroRow {
  runtime: RuntimeName;
  kind: WorkerKind;
  pool: MicroPoolName;
  /** Milliseconds from creating a 1-worker pool to it being ready. */
  spawnMs: number | null;
  /** Microseconds for one no-op task submitted alone to a 1-worker pool. */
  roundTripUs: number | null;
  /** No-op tasks per second with N workers, every task its own chunk. */
  tasksPerSecChunk1: number | null;
  /** No-op tasks per second with N workers and the pool's automatic chunking (null: the pool has none). */
  tasksPerSecAuto: number | null;
  /** Parent-process RSS after all RSS-phase tasks vs after the first 1k, in % (after a GC each time). */
  rssGrowthPct: number | null;
  // Beyond the schema's required fields: what a reader needs to trust the figures.
  /** How workers were started, e.g. `bun/Bun.spawn+ipc`. */
  mechanism: string;
  /** N: workers used for spawnMsAllWorkers, the throughputs and the RSS phase (= logical cores). */
  workers: number;
  /** Milliseconds from creating an N-worker pool to it being ready. */
  spawnMsAllWorkers: number | null;
  /** Process workers only: growth of the workers' summed RSS (no GC possible in them), in %. */
  workerRssGrowthPct: number | null;
  /** Tasks run in the RSS phase (100k; fewer with --quick). */
  rssTasks: number;
  /** Parent RSS in MiB after the first 1k tasks and after all of them. */
  rssFirstMb: number | null;
  rssLastMb: number | null;
  /**
   * Parent RSS growth over the second half of the RSS phase only, in %: near 0 when the early growth
   * was warm-up (allocator arenas, JIT code) reaching a plateau rather than a leak.
   */
  rssGrowthSecondHalfPct: number | null;
  /** Parent heap in use after a GC, end vs after the first 1k, in % (the leak signal RSS blurs). */
  heapGrowthPct: number | null;
  /** Why the row has no figures (probe failed, timed out, skipped). */
  error?: string;
}

/** What a probe prints instead of a row when it fails. */
export interface ProbeFailure {
  /** The first line of the error. */
  probeError: string;
}

/** Starts the one result line a probe process prints on stdout (the JSON row follows on the same line). */
export const MICRO_ROW_MARK = "tribench-micro-row ";

/**
 * The row (or the probe's own error) out of a probe process's stdout; anything else it printed is
 * ignored. `undefined` when no result line is there.
 *
 * @example
 * ```ts
 * parseProbeOutput('noise\ntribench-micro-row {"probeError":"boom"}\n'); // { probeError: "boom" }
 * ```
 */
export function parseProbeOutput(stdout: string): MicroRow | ProbeFailure | undefined {
  const line = stdout.split("\n").find((l) => l.startsWith(MICRO_ROW_MARK));
  if (line === undefined) return undefined;
  try {
    const value = JSON.parse(line.slice(MICRO_ROW_MARK.length)) as unknown;
    if (value !== null && typeof value === "object") return value as MicroRow | ProbeFailure;
  } catch {
    // Falls through: a cut-off line is no result.
  }
  return undefined;
}

/** What one probe measures. */
export interface ProbeOptions {
  readonly runtime: RuntimeName;
  readonly pool: MicroPoolName;
  readonly kind: WorkerKind;
  /** N, normally the logical cores. */
  readonly workers: number;
  /** Few samples and small inputs: for tests, figures are not meaningful. */
  readonly quick: boolean;
}

/** Sizes and sample counts of one probe. */
interface Plan {
  spawnSamples: number;
  roundTripCpuNs: number;
  chunk1Inputs: number;
  autoInputs: number;
  throughputSamples: number;
  rssTasks: number;
}

const FULL: Plan = { spawnSamples: 8, roundTripCpuNs: 500e6, chunk1Inputs: 20_000, autoInputs: 100_000, throughputSamples: 5, rssTasks: 100_000 };
const QUICK: Plan = { spawnSamples: 2, roundTripCpuNs: 20e6, chunk1Inputs: 1_000, autoInputs: 10_000, throughputSamples: 2, rssTasks: 5_000 };
/** The RSS baseline: after this many tasks the pool's buffers and the JIT have warmed up. */
const RSS_FIRST = 1_000;

/**
 * Measure one pool x kind on the runtime we run on.
 *
 * @example
 * ```ts
 * const row = await probe({ runtime: "node", pool: "tribench", kind: "threads", workers: 2, quick: true });
 * row.tasksPerSecChunk1; // e.g. 41000
 * ```
 */
export async function probe(options: ProbeOptions): Promise<MicroRow> {
  const { measure } = await loadMitata();
  const plan = options.quick ? QUICK : FULL;
  const gc = findGc();
  // mitata's own fallback "gc" allocates 1 GiB; give it the real one or none.
  const base = { gc: gc ?? false, warmup_samples: 1 } as const;
  const { pool: name, kind, workers } = options;

  const spawnOne = await timeSpawn(measure, name, kind, 1, plan.spawnSamples, base);
  const spawnAll = workers === 1 ? spawnOne : await timeSpawn(measure, name, kind, workers, plan.spawnSamples, base);

  let mechanism = "";
  const roundTripNs = await withPool(name, kind, 1, async (pool) => {
    mechanism = pool.mechanism;
    const stats = await measure(() => pool.one(), { ...base, min_cpu_time: plan.roundTripCpuNs, batch_samples: 64, min_samples: 4 });
    return stats.p50;
  });

  const rss = await withPool(name, kind, workers, (pool) => rssPhase(pool, plan.rssTasks, gc));

  const chunk1 = new Array<number>(plan.chunk1Inputs).fill(0);
  const auto = new Array<number>(plan.autoInputs).fill(0);
  const samples = { ...base, min_samples: plan.throughputSamples, max_samples: plan.throughputSamples, min_cpu_time: 0 };
  const [chunk1Ns, autoNs] = await withPool(name, kind, workers, async (pool) => {
    const c1 = (await measure(() => pool.mapChunk1(chunk1), samples)).p50;
    const mapAuto = pool.mapAuto;
    const au = mapAuto ? (await measure(() => mapAuto(auto), samples)).p50 : null;
    return [c1, au] as const;
  });

  return {
    runtime: options.runtime,
    kind,
    pool: name,
    spawnMs: round(spawnOne / 1e6, 2),
    roundTripUs: round(roundTripNs / 1e3, 1),
    tasksPerSecChunk1: Math.round(plan.chunk1Inputs / (chunk1Ns / 1e9)),
    tasksPerSecAuto: autoNs === null ? null : Math.round(plan.autoInputs / (autoNs / 1e9)),
    rssGrowthPct: rss.parentPct,
    mechanism,
    workers,
    spawnMsAllWorkers: round(spawnAll / 1e6, 2),
    workerRssGrowthPct: rss.workersPct,
    rssTasks: plan.rssTasks,
    rssFirstMb: round(rss.parentFirst / 2 ** 20, 1),
    rssLastMb: round(rss.parentLast / 2 ** 20, 1),
    rssGrowthSecondHalfPct: rss.secondHalfPct,
    heapGrowthPct: rss.heapPct,
  };
}

type Mitata = typeof import("mitata");

/**
 * mitata, loaded by file path: the Deno adapter runs scripts with `--no-config`, and without the
 * config Deno resolves no bare npm specifier ("Import \"mitata\" not a dependency"). The path is Node's
 * resolution from this module (`createRequire`), not one under the project root: installed as a
 * package, tribench finds mitata where npm put it, usually hoisted to the user's `node_modules`.
 */
function loadMitata(): Promise<Mitata> {
  return import(pathToFileURL(createRequire(import.meta.url).resolve("mitata")).href) as Promise<Mitata>;
}

/** Median nanoseconds from `new pool` to ready, with mitata's manual timing so closing is not timed. */
async function timeSpawn(measure: Mitata["measure"], name: MicroPoolName, kind: WorkerKind, workers: number, samples: number, base: object): Promise<number> {
  const once = async (): Promise<number> => {
    const t0 = performance.now();
    const pool = await openPool(name, kind, workers);
    try {
      await pool.ready();
      return (performance.now() - t0) * 1e6;
    } finally {
      await pool.close();
    }
  };
  // A generator yielding { manual } makes mitata take the returned duration as the sample.
  const gen = function* () {
    yield { manual: once } as unknown as () => unknown;
  };
  const stats = await measure(gen, { ...base, min_samples: samples, max_samples: samples, min_cpu_time: 0 });
  return stats.p50;
}

async function withPool<T>(name: MicroPoolName, kind: WorkerKind, workers: number, body: (pool: PoolUnderTest) => Promise<T>): Promise<T> {
  const pool = await openPool(name, kind, workers);
  try {
    await pool.ready();
    return await body(pool);
  } finally {
    await pool.close();
  }
}

/**
 * RSS after the first {@link RSS_FIRST} chunksize-1 tasks, halfway and after `total`: parent (after a
 * GC, with its heap in use) and, for process workers, the workers' summed RSS.
 */
async function rssPhase(pool: PoolUnderTest, total: number, gc: (() => void) | undefined) {
  const batch = new Array<number>(RSS_FIRST).fill(0);
  const sample = () => {
    gc?.();
    const usage = process.memoryUsage();
    return { rss: usage.rss, heap: usage.heapUsed, workers: workersRss(pool.pids()) };
  };
  await pool.mapChunk1(batch);
  const first = sample();
  const half = Math.max(RSS_FIRST, Math.round(total / 2 / RSS_FIRST) * RSS_FIRST);
  let middle = first;
  for (let done = RSS_FIRST; done < total; ) {
    await pool.mapChunk1(batch);
    done += RSS_FIRST;
    if (done === half) middle = sample();
  }
  const last = sample();
  return {
    parentFirst: first.rss,
    parentLast: last.rss,
    parentPct: growthPct(first.rss, last.rss),
    secondHalfPct: growthPct(middle.rss, last.rss),
    heapPct: gc ? growthPct(first.heap, last.heap) : null,
    workersPct: first.workers !== null && last.workers !== null ? growthPct(first.workers, last.workers) : null,
  };
}

/** Percent change from `first` to `last`, one decimal. */
export function growthPct(first: number, last: number): number {
  return round(((last - first) / first) * 100, 1);
}

/** Summed VmRSS (bytes) of `pids` from /proc; `null` when there are none or /proc cannot be read. */
export function workersRss(pids: readonly number[]): number | null {
  if (pids.length === 0) return null;
  let sum = 0;
  for (const pid of pids) {
    try {
      const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      if (kb === undefined) return null;
      sum += Number(kb) * 1024;
    } catch {
      return null;
    }
  }
  return sum;
}

/** A full garbage collection, where the runtime lets us have one. */
function findGc(): (() => void) | undefined {
  const g = globalThis as { gc?: () => void; Bun?: { gc(force: boolean): void } };
  if (g.Bun) return () => g.Bun!.gc(true);
  // Deno gets --expose-gc from micro/micro.ts (as a V8 flag of its command line).
  if (typeof g.gc === "function") return () => g.gc!();
  try {
    // Node: the flag can still be set at run time; a fresh context then sees `gc`.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as unknown;
    if (typeof gc === "function") return gc as () => void;
  } catch {
    // No way to collect: RSS figures then include uncollected garbage (said in the report notes).
  }
  return undefined;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
