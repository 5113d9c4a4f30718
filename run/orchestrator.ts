/**
 * The orchestrator: runs the matrix one cell at a time, each in a fresh process of the target runtime
 * (as pyperf and hyperfine do, so no JIT state, heap or leaked worker crosses cells), then assembles
 * the report, writes it and shows it. It runs on whichever runtime started it.
 *
 * Faults stay local: a cell that crashes, hangs, prints garbage or answers wrong becomes a failure
 * and the run goes on. Ctrl-C / SIGTERM kills every cell's process group, writes what was gathered
 * as a partial report and exits 130 / 143; a second signal exits at once.
 *
 * @module
 */
import type { RunConfig } from "../reports/report.ts";
import { PROJECT_ROOT, compiledPath } from "../core/project.ts";
import { BENCH_RUNTIMES } from "../runtimes/registry.ts";
import type { BenchRuntimeName, RuntimeInstall } from "../runtimes/types.ts";
import { SUITES } from "../suites/registry.ts";
import { assembleReport, type CellOutcome } from "./assemble.ts";
import { DEFAULT_CELL_TIMEOUT_S, type BenchOptions } from "../cli/bench_args.ts";
import { toolVersion } from "../core/version.ts";
import { encodeCellRequest } from "../harness/cell_protocol.ts";
import { killRunningCells, runCellProcess } from "./cell_runner.ts";
import { collectMachineInfo } from "./machine.ts";
import { baselineKey, cellLabel, expandMatrix, type Cell } from "./matrix.ts";
import { createProgress, formatDuration } from "./progress.ts";

/** The automatic per-cell limit is this many times the cell's serial baseline … */
export const AUTO_TIMEOUT_FACTOR = 10;
/** … but never below this (process start-up and pool spawn are not in the baseline). */
export const AUTO_TIMEOUT_FLOOR_MS = 30_000;

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof EXIT_CODES;

/**
 * Run the matrix and return the exit code: 0 every cell verified, 1 a cell failed, 130/143 interrupted.
 * `installs` are the runtimes to run on; `startWarnings` go into the report's run-level warnings.
 */
export async function runBench(options: BenchOptions, installs: readonly RuntimeInstall<BenchRuntimeName>[], startWarnings: readonly string[] = []): Promise<number> {
  const createdAt = new Date();
  const machine = collectMachineInfo();
  const cells = expandMatrix({
    runtimes: installs.map((i) => i.name),
    suites: SUITES.filter((s) => options.suites.includes(s.name)),
    variants: options.variants,
    workers: options.workers,
    size: options.size,
  });
  const capMs = options.cellTimeoutMs ?? DEFAULT_CELL_TIMEOUT_S * 1000;
  const config: RunConfig = {
    runtimes: installs.map((i) => i.name),
    suites: [...options.suites],
    variants: [...options.variants],
    workers: [...options.workers],
    size: options.size,
    runs: options.runs,
    warmup: options.warmup,
    cellTimeoutMs: capMs,
    api: options.api,
    argv: [...options.argv],
  };
  const warnings = [...startWarnings, ...machineWarnings(machine, options.workers)];

  let stopSignal: StopSignal | undefined;
  const onSignal = (signal: StopSignal) => {
    if (stopSignal) {
      // Second signal: no report, just go, leaving nothing running.
      killRunningCells();
      process.exit(EXIT_CODES[signal]);
    }
    stopSignal = signal;
    process.stderr.write(`\ntribench: ${signal}: stopping; writing a partial report (again to quit at once)\n`);
    killRunningCells();
  };
  const onInt = () => onSignal("SIGINT");
  const onTerm = () => onSignal("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);

  const progress = createProgress({ total: cells.length });
  const outcomes: CellOutcome[] = [];
  const serialWallMs = new Map<string, number>();
  const cellScript = compiledPath("scripts/cell.ts");
  const started = performance.now();
  try {
    for (let i = 0; i < cells.length && !stopSignal; i++) {
      const cell = cells[i]!;
      const install = installs.find((x) => x.name === cell.runtime)!;
      // CPython has one worker API; the JS runtimes get the asked one (absent = native, as before).
      const api = options.api !== "native" && cell.runtime !== "python" ? { api: options.api } : {};
      const request = encodeCellRequest({ suite: cell.suite, variant: cell.variant, workers: cell.workers, size: cell.size, runs: options.runs, warmup: options.warmup, ...api });
      const argv = cellCommand(install, cellScript, request);
      const label = cellLabel(cell);
      progress.begin(i, label);
      const outcome = await runCellProcess({ argv, timeoutMs: limitFor(cell, options.cellTimeoutMs, capMs, serialWallMs), cwd: PROJECT_ROOT });
      outcomes.push({ cell, outcome });
      if (outcome.ok && cell.variant === "serial") serialWallMs.set(baselineKey(cell), outcome.wallMs);
      const note = outcome.ok ? `median ${median(outcome.record.samplesMs).toFixed(1)} ms, ${outcome.record.answer}` : `${outcome.kind}: ${outcome.reason}`;
      progress.end(i, label, { ok: outcome.ok, wallMs: outcome.wallMs, note });
    }
  } finally {
    progress.stop();
  }
  const elapsedMs = performance.now() - started;
  if (stopSignal) warnings.push(`interrupted by ${stopSignal} after ${outcomes.length} of ${cells.length} cells`);

  const report = assembleReport({ createdAt, toolVersion: toolVersion(), partial: stopSignal !== undefined, machine, installs, config, outcomes, warnings });
  // The renderers pull in charting; load them only now, never in cell processes.
  const { writeReportFiles } = await import("../reports/write.ts");
  const files = await writeReportFiles(report, options.out);
  if (options.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  } else {
    const { renderTerminal } = await import("../reports/terminal.ts");
    process.stdout.write(renderTerminal(report));
  }
  const harness = harnessShare(outcomes);
  if (harness) process.stderr.write(`tribench: ${harness}\n`);
  const done = stopSignal ? `${outcomes.length} of ${cells.length}` : `${cells.length}`;
  process.stderr.write(`tribench: ${done} cells in ${formatDuration(elapsedMs)}; report: ${files.json} (and ${files.markdown})\n`);
  process.removeListener("SIGINT", onInt);
  process.removeListener("SIGTERM", onTerm);
  if (stopSignal) return EXIT_CODES[stopSignal];
  return report.failures.length ? 1 : 0;
}

/**
 * The command line of one cell: the adapter's (narrowest permissions: read the project, run only its
 * own executable for process workers, no write, no network), plus, for Deno, resolution of npm
 * packages from `node_modules` (the cell imports tinybench; the adapter's `--no-config` would
 * otherwise leave the bare specifier unresolved).
 */
export function cellCommand(install: RuntimeInstall<BenchRuntimeName>, script: string, request: string): string[] {
  const runtime = BENCH_RUNTIMES[install.name];
  if (runtime.cellCommand) return runtime.cellCommand(install, request); // CPython: its own cell entry
  const argv = runtime.commandFor(install, script, [request], { read: [PROJECT_ROOT], write: [], run: [install.executable], env: true });
  if (install.name === "deno" && argv[1] === "run" && !argv.some((a) => a.startsWith("--node-modules-dir"))) {
    argv.splice(2, 0, "--node-modules-dir=manual");
  }
  return argv;
}

/** The time limit of one cell: explicit, or 10x its serial baseline (floor 30 s), at most the cap. */
export function limitFor(cell: Cell, explicitMs: number | undefined, capMs: number, serialWallMs: ReadonlyMap<string, number>): number {
  if (explicitMs !== undefined) return explicitMs;
  const baseline = cell.variant === "serial" ? undefined : serialWallMs.get(baselineKey(cell));
  return baseline === undefined ? capMs : Math.min(capMs, Math.max(AUTO_TIMEOUT_FLOOR_MS, AUTO_TIMEOUT_FACTOR * baseline));
}

/** Run-level warnings about the machine: busy at start, a container quota, more workers than cores. */
export function machineWarnings(machine: { logicalCores: number; loadAvg: readonly number[]; cpuQuota: number | null }, workers: readonly number[]): string[] {
  const w: string[] = [];
  const load = machine.loadAvg[0] ?? 0;
  if (load > 0.5 * machine.logicalCores) {
    w.push(`machine was busy at start (1-minute load ${load.toFixed(2)} on ${machine.logicalCores} cores); timings may be noisy`);
  }
  if (machine.cpuQuota !== null && machine.cpuQuota < machine.logicalCores) {
    w.push(`a container quota grants ${machine.cpuQuota} CPUs of the ${machine.logicalCores} logical cores; speedups are capped by it`);
  }
  const over = workers.filter((n) => n > machine.logicalCores);
  if (over.length) w.push(`--workers ${over.join(",")} exceeds the ${machine.logicalCores} logical cores; those cells are oversubscribed`);
  return w;
}

/**
 * How much the harness added around the measured runs, over all measured cells: the share of each
 * cell's measured phase that was neither a sample nor verification (issue 4 asks for < 1%).
 */
export function harnessShare(outcomes: readonly CellOutcome[]): string | undefined {
  const byHarness = new Map<string, number[]>();
  for (const { outcome } of outcomes) {
    if (!outcome.ok || outcome.record.harness.phaseMs <= 0) continue;
    const { name, overheadMs, phaseMs } = outcome.record.harness;
    byHarness.set(name, [...(byHarness.get(name) ?? []), overheadMs / phaseMs]);
  }
  if (!byHarness.size) return undefined;
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const parts = [...byHarness].map(([name, shares]) => `${name} added ${pct(median(shares))} (median) and ${pct(Math.max(...shares))} (worst of ${shares.length} cells)`);
  return `harness: ${parts.join("; ")} around the measured runs`;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
