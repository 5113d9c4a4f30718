/**
 * Test helper (not product code): schema-valid report@2 objects whose samples are drawn from known
 * distributions with seeded generators, so renderer, compare and merge tests know the truth they must
 * find. Every cell is measured by `processes` block processes (one per round); a process's runs are
 * log-normal (right-skewed, like timings) around that process's own median, which itself varies
 * between processes by `betweenCv`. Paired speedups are the serial run / the cell's run of the same
 * sweep of the same block; capacity is drawn per sweep around the cell's `capacity`.
 *
 * The summary fields (intervals, between-process share) are the *known truth* or rough placeholders,
 * not the product's estimators: renderers only display them, and statistics are tested in `stats/`.
 * With the defaults (one process, no between-process noise) the run times are drawn exactly as the
 * report@1 builder drew them, so seeded tests keep their data.
 *
 * @module
 */
import { median, quantile } from "simple-statistics";
import { seededRandom, seedFromString, shuffle, type RandomSource } from "../stats/random.ts";
import { karpFlatt } from "../stats/summary.ts";
import {
  REPORT_SCHEMA, type BlockLog, type CellResult, type MachineInfo, type ProcessSample, type Report, type RunPlan, type RuntimeRecord,
} from "../reports/report.ts";

/** One cell to draw. */
export interface CellSpec {
  runtime?: string;
  suite?: string;
  variant?: string;
  workers?: number;
  /** True median of the distribution, ms. */
  medianMs: number;
  /** Coefficient of variation of the runs within one process (0.02 = 2%). */
  cv?: number;
  /** Runs per process. */
  runs?: number;
  /** Processes (one per round) that measured the cell; default 1. */
  processes?: number;
  /** Coefficient of variation of the process medians around `medianMs`; default 0. */
  betweenCv?: number;
  /** Median parallel capacity beside this cell (cells with 2+ workers); default 0.97 x min(workers, usable cores). */
  capacity?: number;
  answer?: string;
  verified?: boolean;
  warnings?: string[];
  /** Pool start-up per process, ms (cells with a pool); default 20. */
  spawnMs?: number;
}

/** Options of {@link syntheticReport}. */
export interface SyntheticOptions {
  seed: number;
  size?: string;
  machine?: Partial<MachineInfo>;
  runtimeVersions?: Record<string, string>;
  /** Per runtime name, fields of its record to use instead of the made-up ones (cells take their mechanism from it). */
  runtimeRecords?: Record<string, Partial<Omit<RuntimeRecord, "name">>>;
  createdAt?: string;
  /** Run-level warnings. */
  warnings?: string[];
  /** Overrides of the plan (e.g. a budget). */
  plan?: Partial<RunPlan>;
}

function normal(random: RandomSource): number {
  // Box–Muller; 1 - u keeps log() away from 0.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Log-normal draws with median `m` and CV about `cv` (sigma = cv is close enough for small cv). */
export function drawSamples(random: RandomSource, m: number, cv: number, runs: number): number[] {
  return Array.from({ length: runs }, () => Math.round(m * Math.exp(cv * normal(random)) * 1000) / 1000);
}

const round = (x: number) => Math.round(x * 10000) / 10000;
const roundOrNull = (x: number | null) => (x === null ? null : round(x));
const isSerial = (variant: string) => variant === "serial";
/** How a block names its cells (`BlockLog.cells`). */
const blockCellName = (variant: string, workers: number) => (isSerial(variant) || variant === "async" ? variant : `${variant} x${workers}`);

/** A spec with its defaults filled in and its processes' runs drawn. */
interface Drawn {
  runtime: string;
  suite: string;
  variant: string;
  workers: number;
  spec: CellSpec;
  runs: number[][];
  capacityMedian: number | null;
  processes: ProcessSample[];
}

/**
 * A whole schema-valid report@2 with one result per spec; speedups are paired against the same
 * runtime and suite's serial cell, process by process.
 *
 * @example
 * ```ts
 * const report = syntheticReport([{ medianMs: 100, processes: 3 }, { variant: "threads", workers: 2, medianMs: 52, processes: 3 }], { seed: 1 });
 * ```
 */
export function syntheticReport(specs: readonly CellSpec[], options: SyntheticOptions): Report {
  const random = seededRandom(options.seed);
  const size = options.size ?? "default";
  const base = { cpuModel: "Test CPU 3000", logicalCores: 2, memoryBytes: 8e9, os: "linux", arch: "x64", kernel: "6.1.0", hostname: "testhost", loadAvg: [0.1, 0.1, 0.1] as [number, number, number], cpuQuota: null, ...options.machine };
  const usableCores = options.machine?.usableCores ?? Math.max(1, Math.min(base.logicalCores, base.cpuQuota !== null ? Math.floor(base.cpuQuota) : Infinity));
  const machine: MachineInfo = { ...base, usableCores };
  const names = [...new Set(specs.map((s) => s.runtime ?? "node"))];
  const runtimes: RuntimeRecord[] = names.map((name) => ({
    name,
    version: options.runtimeVersions?.[name] ?? "1.0.0",
    executable: `/usr/bin/${name}`,
    mechanisms: { threads: `${name}/Worker`, processes: `${name}/spawn` },
    ...options.runtimeRecords?.[name],
  }));

  // Run times first, spec by spec, from the main stream (the report@1 builder's order).
  const drawn: Drawn[] = specs.map((spec) => {
    const workers = spec.workers ?? 1;
    const variant = spec.variant ?? "serial";
    const runs: number[][] = [];
    for (let p = 0; p < (spec.processes ?? 1); p++) {
      const processMedian = spec.betweenCv ? spec.medianMs * Math.exp(spec.betweenCv * normal(random)) : spec.medianMs;
      runs.push(drawSamples(random, processMedian, spec.cv ?? 0.02, spec.runs ?? 10));
    }
    const capacityMedian = !isSerial(variant) && workers > 1 ? (spec.capacity ?? 0.97 * Math.min(workers, usableCores)) : null;
    return { runtime: spec.runtime ?? "node", suite: spec.suite ?? "collatz", variant, workers, spec, runs, capacityMedian, processes: [] };
  });

  // Blocks, capacity and orders from a second stream, so they never shift the run times.
  const aux = seededRandom(seedFromString(`synthetic/${options.seed}`));
  const groups = [...new Set(drawn.map((d) => `${d.runtime}/${d.suite}`))];
  const rounds = Math.max(1, ...drawn.map((d) => d.runs.length));
  const blocks: BlockLog[] = [];
  let clock = 0;
  for (let r = 0; r < rounds; r++) {
    for (const group of shuffle([...groups], aux)) {
      const cells = drawn.filter((d) => `${d.runtime}/${d.suite}` === group && d.runs.length > r);
      if (cells.length === 0) continue;
      blocks.push(drawBlock(cells, r, blocks.length, clock, aux));
      clock += blocks[blocks.length - 1]!.wallMs;
    }
  }

  const results = drawn.map((d) => summarizeCell(d, size, usableCores, runtimes.find((x) => x.name === d.runtime)!.mechanisms));
  const runs = specs[0]?.runs ?? 10;
  return {
    schema: REPORT_SCHEMA,
    createdAt: options.createdAt ?? "2026-11-25T12:00:00.000Z",
    tool: { name: "tribench", version: "0.1.0" },
    partial: false,
    machine,
    runtimes,
    config: {
      runtimes: names,
      suites: [...new Set(results.map((c) => c.suite))],
      variants: [...new Set(results.map((c) => c.variant))],
      workers: [...new Set(results.map((c) => c.workers))],
      size,
      runs,
      warmup: 1,
      rounds,
      budgetS: null,
      seed: options.seed,
      cellTimeoutMs: 60000,
      api: "native",
      argv: [],
    },
    plan: { seed: options.seed, rounds, runs, warmup: 1, budgetS: null, firstRoundS: null, roundsDone: rounds, reason: `${rounds} round(s) fixed by --rounds`, ...options.plan },
    blocks,
    results,
    failures: [],
    warnings: [...(options.warnings ?? [])],
  };
}

/** One block process of round `r`: its sweep orders, capacity probes and the cells' process samples. */
function drawBlock(cells: Drawn[], r: number, index: number, startedAtMs: number, aux: RandomSource): BlockLog {
  const sweeps = Math.max(...cells.map((d) => d.runs[r]!.length));
  const parallel = cells.filter((d) => d.capacityMedian !== null);
  const probeWorkers = Math.max(1, ...parallel.map((d) => d.workers));
  // The machine's mood per sweep, shared by every cell of the block (they ran seconds apart).
  const mood = Array.from({ length: sweeps }, () => Math.exp(0.015 * normal(aux)));
  const capacityOf = (d: Drawn) => mood.slice(0, d.runs[r]!.length).map((f) => round(Math.min(d.workers, d.capacityMedian! * f)));
  const order = Array.from({ length: sweeps }, () => shuffle(cells.map((_, i) => i), aux));
  const serial = cells.find((d) => isSerial(d.variant));
  for (const d of cells) {
    const samplesMs = d.runs[r]!;
    const base = serial?.runs[r];
    d.processes.push({
      round: r,
      block: index,
      samplesMs,
      medianMs: round(median(samplesMs)),
      spawnMs: isSerial(d.variant) || d.variant === "async" ? null : (d.spec.spawnMs ?? 20),
      pairedSpeedups: isSerial(d.variant) || !base ? null : samplesMs.slice(0, base.length).map((ms, i) => round(base[i]! / ms)),
      capacity: d.capacityMedian === null ? null : capacityOf(d),
    });
  }
  const widest = parallel.find((d) => d.workers === probeWorkers);
  const ONE_MS = 40;
  const probes = widest ? capacityOf(widest).map((capacity, i) => ({ atMs: 0, workers: probeWorkers, oneMs: ONE_MS, allMs: round((ONE_MS * probeWorkers) / capacity), capacity, i })) : [];
  let t = startedAtMs + 150;
  for (const p of probes) {
    p.atMs = round(t);
    t += p.oneMs + p.allMs + cells.reduce((s, d) => s + (d.runs[r]![p.i] ?? 0), 0);
  }
  const workMs = cells.reduce((s, d) => s + d.runs[r]!.reduce((a, b) => a + b, 0), 0);
  const probeMs = probes.reduce((s, p) => s + p.oneMs + p.allMs, 0);
  return {
    round: r,
    runtime: cells[0]!.runtime,
    suite: cells[0]!.suite,
    seed: seedFromString(`${cells[0]!.runtime}/${cells[0]!.suite}/${r}`),
    startedAtMs: round(startedAtMs),
    wallMs: round(150 + workMs + probeMs),
    ok: true,
    cells: cells.map((d) => blockCellName(d.variant, d.workers)),
    order,
    probes: probes.map(({ i: _, ...p }) => p),
    harnessShare: 0.01,
  };
}

/** The cell's summary over its processes (rough intervals; see the module note). */
function summarizeCell(d: Drawn, size: string, usableCores: number, mechanisms: Record<string, string>): CellResult {
  const samplesMs = d.runs.flat();
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mean = samplesMs.reduce((s, x) => s + x, 0) / samplesMs.length;
  const cv = d.spec.cv ?? 0.02;
  const between = d.spec.betweenCv ?? 0;
  const paired = d.processes.flatMap((p) => p.pairedSpeedups ?? []);
  const serial = isSerial(d.variant);
  let speedup: number | null = serial ? 1 : paired.length ? round(median(paired)) : null;
  let low = speedup, high = speedup;
  if (speedup !== null && !serial) {
    // Rough: the median's spread shrinks with the square root of the pairs.
    const half = 2 * (quantile(paired, 0.75) - quantile(paired, 0.25)) / Math.sqrt(paired.length);
    low = round(Math.max(0, speedup - half));
    high = round(speedup + half);
  }
  const capacities = d.processes.flatMap((p) => p.capacity ?? []);
  const capacity = capacities.length
    ? { median: round(median(capacities)), p10: round(quantile(capacities, 0.1)), p90: round(quantile(capacities, 0.9)), workers: d.workers }
    : null;
  const spawns = d.processes.map((p) => p.spawnMs).filter((x): x is number => x !== null);
  if (speedup === null) low = high = null;
  return {
    runtime: d.runtime,
    suite: d.suite,
    variant: d.variant,
    workers: d.workers,
    size,
    answer: d.spec.answer ?? "42",
    verified: d.spec.verified ?? true,
    mechanism: mechanisms[d.variant] ?? null,
    bound: d.suite === "io" ? "io" : "cpu",
    processes: d.processes,
    samplesMs,
    medianMs: round(median(samplesMs)),
    ciLowMs: sorted[Math.max(0, Math.floor(sorted.length * 0.2))]!,
    ciHighMs: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.8) - 1)]!,
    meanMs: round(mean),
    stddevMs: round(Math.sqrt(samplesMs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, samplesMs.length - 1))),
    minMs: sorted[0]!,
    maxMs: sorted[sorted.length - 1]!,
    outliers: [],
    // The true share this data was drawn with.
    betweenProcessShare: d.processes.length >= 2 ? round(between ** 2 / (between ** 2 + cv ** 2)) : null,
    spawnMs: spawns.length ? median(spawns) : null,
    speedup,
    speedupCiLow: low,
    speedupCiHigh: high,
    capacity,
    speedupPerCapacity: speedup !== null && capacity
      ? { value: round(speedup / capacity.median), low: round(low! / capacity.median), high: round(high! / capacity.median) }
      : null,
    efficiency: speedup === null ? null : round(speedup / Math.min(d.workers, usableCores)),
    karpFlatt: speedup === null || serial ? null : roundOrNull(karpFlatt(speedup, d.workers)),
    warnings: [...(d.spec.warnings ?? [])],
  };
}
