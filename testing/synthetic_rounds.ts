/**
 * Test helper (not product code): report@2 files whose cells were "measured" in several processes with
 * known noise at two levels, drawn with a seeded generator, so compare tests know the truth they must
 * find. A process's runs are log-normal around the process's own median, which is itself log-normal
 * around the cell's true median: `betweenCv` is the spread between processes (JIT decisions, layout,
 * the host's speed that minute), `withinCv` the spread of runs inside one. Capacity probes are drawn
 * around a given value per sweep; parallel cells get paired speedups against their serial cell's runs
 * of the same process and sweep.
 *
 * @module
 */
import { median, quantileSorted } from "simple-statistics";
import { seededRandom, type RandomSource } from "../stats/random.ts";
import { REPORT_SCHEMA, type CellResult, type MachineInfo, type ProcessSample, type Report } from "../reports/report.ts";

/** One cell to draw. */
export interface RoundsCellSpec {
  runtime?: string;
  suite?: string;
  variant?: string;
  workers?: number;
  bound?: "cpu" | "io";
  /** True median of the cell, ms. */
  medianMs: number;
  /** Spread between processes, as a CV (default 0.05). */
  betweenCv?: number;
  /** Spread of runs inside one process, as a CV (default 0.01). */
  withinCv?: number;
  /** Processes (rounds), default 5. */
  processes?: number;
  /** Runs per process, default 8. */
  runs?: number;
  /** Median capacity of the probes beside this cell; default 0.97 x workers for parallel cells, none for serial. */
  capacity?: number | null;
}

/** Options of {@link syntheticRoundsReport}. */
export interface SyntheticRoundsOptions {
  seed: number;
  size?: string;
  machine?: Partial<MachineInfo>;
  runtimeVersions?: Record<string, string>;
  createdAt?: string;
  api?: "native" | "node-compat";
  /** Set `upgradedFrom` as the loader does for report@1 files. */
  upgradedFrom?: string;
}

/** A standard normal draw (Box–Muller; 1 - u keeps log() away from 0). */
export function normalDraw(random: RandomSource): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const keyOf = (s: RoundsCellSpec) => `${s.runtime ?? "node"}/${s.suite ?? "collatz"}`;

/**
 * `count` cells shaped like a matrix: runtimes node, deno, bun x suites `suite0`, `suite1`, … x serial,
 * threads x2, processes x2 (57 = a default run's count of cells), all with the same noise `base`.
 */
export function matrixSpecs(count: number, base: Omit<RoundsCellSpec, "suite" | "runtime" | "variant" | "workers">): RoundsCellSpec[] {
  const specs: RoundsCellSpec[] = [];
  const runtimes = ["node", "deno", "bun"];
  for (let i = 0; specs.length < count; i++) {
    const runtime = runtimes[i % 3]!;
    const suite = `suite${Math.floor(i / 3)}`;
    for (const [variant, workers] of [["serial", 1], ["threads", 2], ["processes", 2]] as const) {
      if (specs.length < count) specs.push({ ...base, runtime, suite, variant, workers });
    }
  }
  return specs;
}

/** A whole report@2 with one result per spec. */
export function syntheticRoundsReport(specs: readonly RoundsCellSpec[], options: SyntheticRoundsOptions): Report {
  const random = seededRandom(options.seed);
  const size = options.size ?? "default";
  // Serial cells first, so parallel cells can pair their runs with the serial runs of the same process and sweep.
  const serialRuns = new Map<string, number[][]>();
  const isSerial = (i: number) => (specs[i]!.variant ?? "serial") === "serial";
  const ordered = [...specs.keys()].sort((a, b) => Number(isSerial(b)) - Number(isSerial(a)) || a - b);
  const results = new Array<CellResult>(specs.length);
  for (const index of ordered) {
    const spec = specs[index]!;
    const variant = spec.variant ?? "serial";
    const workers = spec.workers ?? 1;
    const capacityMedian = spec.capacity === undefined ? (workers > 1 ? 0.97 * workers : null) : spec.capacity;
    const serial = variant === "serial" ? undefined : serialRuns.get(keyOf(spec));
    const processes: ProcessSample[] = [];
    for (let p = 0; p < (spec.processes ?? 5); p++) {
      const processMedian = spec.medianMs * Math.exp((spec.betweenCv ?? 0.05) * normalDraw(random));
      const samplesMs = Array.from({ length: spec.runs ?? 8 }, () => round3(processMedian * Math.exp((spec.withinCv ?? 0.01) * normalDraw(random))));
      const capacity = capacityMedian === null ? null
        : samplesMs.map(() => Math.round(Math.min(workers, capacityMedian * Math.exp(0.02 * normalDraw(random))) * 1000) / 1000);
      const pairs = serial?.[p];
      processes.push({
        round: p,
        block: 0,
        samplesMs,
        medianMs: median(samplesMs),
        spawnMs: variant === "serial" ? null : 20,
        pairedSpeedups: pairs ? samplesMs.map((x, j) => pairs[j % pairs.length]! / x) : null,
        capacity,
      });
    }
    if (variant === "serial") serialRuns.set(keyOf(spec), processes.map((p) => p.samplesMs));
    results[index] = cellOf(spec, processes, size, capacityMedian);
  }
  const names = [...new Set(results.map((c) => c.runtime))];
  return {
    schema: REPORT_SCHEMA,
    createdAt: options.createdAt ?? "2026-12-01T12:00:00.000Z",
    tool: { name: "tribench", version: "0.2.0" },
    partial: false,
    machine: {
      cpuModel: "Test CPU 3000", logicalCores: 2, usableCores: 2, memoryBytes: 8e9, os: "linux", arch: "x64",
      kernel: "6.1.0", hostname: "testhost", loadAvg: [0.1, 0.1, 0.1], cpuQuota: null, ...options.machine,
    },
    runtimes: names.map((name) => ({
      name, version: options.runtimeVersions?.[name] ?? "1.0.0", executable: `/usr/bin/${name}`,
      mechanisms: { threads: `${name}/Worker`, processes: `${name}/spawn` },
    })),
    config: {
      runtimes: names,
      suites: [...new Set(results.map((c) => c.suite))],
      variants: [...new Set(results.map((c) => c.variant))],
      workers: [...new Set(results.map((c) => c.workers))],
      size, runs: null, warmup: 1, rounds: null, budgetS: 150, seed: options.seed, cellTimeoutMs: 60000,
      api: options.api ?? "native", argv: [],
    },
    plan: { seed: options.seed, rounds: 5, runs: 8, warmup: 1, budgetS: 150, firstRoundS: null, roundsDone: 5, reason: "synthetic" },
    blocks: [],
    results,
    failures: [],
    warnings: [],
    ...(options.upgradedFrom ? { upgradedFrom: options.upgradedFrom } : {}),
  };
}

function cellOf(spec: RoundsCellSpec, processes: ProcessSample[], size: string, capacity: number | null): CellResult {
  const samplesMs = processes.flatMap((p) => p.samplesMs);
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mean = samplesMs.reduce((s, x) => s + x, 0) / samplesMs.length;
  const variant = spec.variant ?? "serial";
  const workers = spec.workers ?? 1;
  const pairs = processes.flatMap((p) => p.pairedSpeedups ?? []);
  const speedup = pairs.length ? median(pairs) : null;
  const probes = processes.flatMap((p) => p.capacity ?? []).sort((a, b) => a - b);
  return {
    runtime: spec.runtime ?? "node", suite: spec.suite ?? "collatz", variant, workers, size,
    answer: "42", verified: true, mechanism: variant === "serial" ? null : `node/${variant}`, bound: spec.bound ?? "cpu",
    processes, samplesMs, medianMs: median(samplesMs),
    ciLowMs: quantileSorted(sorted, 0.1), ciHighMs: quantileSorted(sorted, 0.9),
    meanMs: mean, stddevMs: Math.sqrt(samplesMs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, samplesMs.length - 1)),
    minMs: sorted[0]!, maxMs: sorted[sorted.length - 1]!, outliers: [], betweenProcessShare: null,
    spawnMs: variant === "serial" ? null : 20,
    speedup, speedupCiLow: speedup, speedupCiHigh: speedup,
    capacity: capacity === null || !probes.length ? null
      : { median: median(probes), p10: quantileSorted(probes, 0.1), p90: quantileSorted(probes, 0.9), workers },
    speedupPerCapacity: null,
    efficiency: speedup === null ? null : speedup / workers,
    karpFlatt: null,
    warnings: [],
  };
}
