/**
 * Test helper (not product code): schema-valid reports whose samples are drawn from known
 * distributions with a seeded generator, so compare and merge tests know the truth they must find.
 * Samples are log-normal (right-skewed, like timings) with the given median and coefficient of variation.
 *
 * @module
 */
import { median } from "simple-statistics";
import { seededRandom, type RandomSource } from "../stats/significance.ts";
import { REPORT_SCHEMA, type CellResult, type MachineInfo, type Report } from "../reports/report.ts";

/** One cell to draw. */
export interface CellSpec {
  runtime?: string;
  suite?: string;
  variant?: string;
  workers?: number;
  /** True median of the distribution, ms. */
  medianMs: number;
  /** Coefficient of variation (0.02 = 2%). */
  cv?: number;
  runs?: number;
}

/** Options of {@link syntheticReport}. */
export interface SyntheticOptions {
  seed: number;
  size?: string;
  machine?: Partial<MachineInfo>;
  runtimeVersions?: Record<string, string>;
  createdAt?: string;
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

/** A whole schema-valid report with one result per spec; speedups are against the runtime's serial cell. */
export function syntheticReport(specs: readonly CellSpec[], options: SyntheticOptions): Report {
  const random = seededRandom(options.seed);
  const size = options.size ?? "default";
  const results: CellResult[] = specs.map((spec) => {
    const samplesMs = drawSamples(random, spec.medianMs, spec.cv ?? 0.02, spec.runs ?? 10);
    const sorted = [...samplesMs].sort((a, b) => a - b);
    const med = median(samplesMs);
    const mean = samplesMs.reduce((s, x) => s + x, 0) / samplesMs.length;
    const variant = spec.variant ?? "serial";
    return {
      runtime: spec.runtime ?? "node",
      suite: spec.suite ?? "collatz",
      variant,
      workers: spec.workers ?? 1,
      size,
      answer: "42",
      verified: true,
      samplesMs,
      medianMs: med,
      meanMs: mean,
      stddevMs: Math.sqrt(samplesMs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, samplesMs.length - 1)),
      minMs: sorted[0]!,
      maxMs: sorted[sorted.length - 1]!,
      ciLowMs: sorted[Math.max(0, Math.floor(sorted.length * 0.2))]!,
      ciHighMs: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.8) - 1)]!,
      outliers: [],
      spawnMs: variant === "serial" ? null : 20,
      speedup: null,
      speedupCiLow: null,
      speedupCiHigh: null,
      efficiency: null,
      karpFlatt: null,
      mechanism: variant === "serial" ? null : `node/${variant}`,
      warnings: [],
    };
  });
  for (const cell of results) {
    const serial = results.find((c) => c.variant === "serial" && c.runtime === cell.runtime && c.suite === cell.suite);
    if (!serial) continue;
    cell.speedup = round(serial.medianMs / cell.medianMs);
    cell.speedupCiLow = round(cell.speedup * 0.97);
    cell.speedupCiHigh = round(cell.speedup * 1.03);
    cell.efficiency = round(cell.speedup / cell.workers);
  }
  const names = [...new Set(results.map((c) => c.runtime))];
  return {
    schema: REPORT_SCHEMA,
    createdAt: options.createdAt ?? "2026-11-25T12:00:00.000Z",
    tool: { name: "tribench", version: "0.1.0" },
    partial: false,
    machine: {
      cpuModel: "Test CPU 3000",
      logicalCores: 2,
      memoryBytes: 8e9,
      os: "linux",
      arch: "x64",
      kernel: "6.1.0",
      hostname: "testhost",
      loadAvg: [0.1, 0.1, 0.1],
      cpuQuota: null,
      ...options.machine,
    },
    runtimes: names.map((name) => ({
      name,
      version: options.runtimeVersions?.[name] ?? "1.0.0",
      executable: `/usr/bin/${name}`,
      mechanisms: { threads: `${name}/Worker`, processes: `${name}/spawn` },
    })),
    config: {
      runtimes: names,
      suites: [...new Set(results.map((c) => c.suite))],
      variants: [...new Set(results.map((c) => c.variant))],
      workers: [...new Set(results.map((c) => c.workers))],
      size,
      runs: specs[0]?.runs ?? 10,
      warmup: 1,
      cellTimeoutMs: 60000,
      argv: [],
    },
    results,
    failures: [],
    warnings: [],
  };
}
