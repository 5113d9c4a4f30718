/**
 * The orchestrator: runs the plan in **rounds** of **block processes**. A block is one runtime x suite
 * in a fresh process of that runtime (a runtime being one install at one version: `bun@1.3.14` and
 * `bun@1.4.5` are two, each block started with its own executable): it holds the serial baseline and
 * the pools of the parallel variants and interleaves their runs sweep by sweep
 * (harness/block_protocol.ts), so a cell's run and
 * its baseline's run are seconds apart at most. Each round runs every block once, in a seeded random
 * order; several rounds give every cell several fresh processes (JIT decisions, layout and the
 * machine's state are sampled, not fixed). The first round measures what a round costs; the rest of
 * the time budget buys the remaining rounds (run/budget.ts). It runs on whichever runtime started it.
 *
 * Just over 300 lines: the run loop, its signal handling and the block's command line are one story.
 *
 * Faults stay local: a block that crashes, hangs, prints garbage or answers wrong becomes failures of
 * its cells and the run goes on. Ctrl-C / SIGTERM kills every block's process group, writes what was
 * gathered as a partial report and exits 130 / 143; a second signal exits at once.
 *
 * @module
 */
import { basename } from "node:path";
import { PROJECT_ROOT, compiledPath } from "../core/project.ts";
import { toolVersion } from "../core/version.ts";
import type { Report, RunConfig, RunPlan } from "../reports/report.ts";
import type { BenchRuntimeName, RuntimeInstall } from "../runtimes/types.ts";
import { installLabel } from "../runtimes/versions/label.ts";
import { unsupportedReason } from "../runtimes/versions/support.ts";
import type { AnySuite } from "../suites/types.ts";
import { assembleReport, type BlockOutcome } from "./assemble.ts";
import { blockCommand, blockRequest, limitFor, probesCapacity } from "./block_command.ts";
import { blockPinning } from "./pinning.ts";
import { killRunningBlocks, runBlockProcess } from "./block_runner.ts";

export { AUTO_TIMEOUT_FACTOR, AUTO_TIMEOUT_FLOOR_MS, blockCommand, limitFor } from "./block_command.ts";
import { fitsBudget, planRounds } from "./budget.ts";
import { collectMachineInfo } from "../reports/machine.ts";
import { DEFAULT_BUDGET_S, DEFAULT_CELL_TIMEOUT_S, type BenchOptions } from "./options.ts";
import { blockLabel, blockSeed, expandBlocks, roundOrder, withoutUnsupported, type Block } from "./plan.ts";
import { createProgress, formatDuration } from "./progress.ts";


const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof EXIT_CODES;

/**
 * What the layers above the run add to its report once it is assembled (the versus section of
 * analysis/versus.ts): the run cannot import them, so they are passed in.
 */
export interface ReportAddendum {
  /** Markdown sections, placed after the suites' sections. */
  readonly markdown: readonly string[];
  /** Plain-text lines, printed after the terminal table. */
  readonly terminal: readonly string[];
}

/** What the run needs besides the options: where runtimes are, which suites exist. */
export interface RunContext {
  /** The runtimes to measure, one column each, named by their label (`bun@1.4.5`; runtimes/versions/label.ts). */
  readonly installs: readonly RuntimeInstall<BenchRuntimeName>[];
  /** Every suite the run may use (built-in and from `--suite-file`). */
  readonly suites: readonly AnySuite[];
  /** Run-level warnings gathered before the run (e.g. a runtime skipped). */
  readonly startWarnings?: readonly string[];
  /** Sections computed from the assembled report by the layers above (e.g. versions of one runtime versus each other). */
  readonly addendum?: (report: Report) => ReportAddendum | undefined;
}

/**
 * Run the plan and return the exit code: 0 every cell verified, 1 a cell failed, 130/143 interrupted.
 */
export async function runBench(options: BenchOptions, context: RunContext): Promise<number> {
  const { installs } = context;
  const createdAt = new Date();
  const machine = collectMachineInfo();
  const byLabel = new Map(installs.map((i) => [installLabel(i), i] as const));
  const planned = expandBlocks({
    runtimes: [...byLabel.keys()],
    suites: context.suites.filter((s) => options.suites.includes(s.name)),
    variants: options.variants,
    workers: options.workers,
    size: options.size,
  });
  // An old version without an API its adapter uses: those cells are reported unsupported, never run.
  const { blocks, dropped: unsupportedCells } = withoutUnsupported(planned, (cell) => unsupportedReason(byLabel.get(cell.runtime)!, cell.variant, options.api));
  const seed = options.seed ?? drawSeed();
  const budgetS = options.budgetS ?? (options.rounds === undefined ? DEFAULT_BUDGET_S[options.size] : undefined);
  const budgetMs = budgetS === undefined ? undefined : budgetS * 1000;
  const capMs = options.cellTimeoutMs ?? DEFAULT_CELL_TIMEOUT_S * 1000;
  const config: RunConfig = {
    runtimes: [...byLabel.keys()],
    suites: [...options.suites],
    variants: [...options.variants],
    workers: [...options.workers],
    size: options.size,
    runs: options.runsGiven ? options.runs : null,
    warmup: options.warmup,
    rounds: options.rounds ?? null,
    budgetS: budgetS ?? null,
    seed: options.seed ?? null,
    cellTimeoutMs: capMs,
    api: options.api,
    argv: [...options.argv],
  };
  const warnings = [...(context.startWarnings ?? []), ...machineWarnings(machine, options.workers)];
  const bounds = new Map(context.suites.map((s) => [s.name, s.bound ?? "cpu"] as const));

  let stopSignal: StopSignal | undefined;
  const onSignal = (signal: StopSignal) => {
    if (stopSignal) {
      // Second signal: no report, just go, leaving nothing running.
      killRunningBlocks();
      process.exit(EXIT_CODES[signal]);
    }
    stopSignal = signal;
    process.stderr.write(`\ntribench: ${signal}: stopping; writing a partial report (again to quit at once)\n`);
    killRunningBlocks();
  };
  const onInt = () => onSignal("SIGINT");
  const onTerm = () => onSignal("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);

  const say = (line: string) => process.stderr.write(`tribench: ${line}\n`);
  for (const { reason } of options.suiteFailures) say(`${reason}; its cells are recorded as failed`);
  say(`runtimes ${[...byLabel.keys()].join(", ")}`);
  say(`seed ${seed} (--seed ${seed} replays this order); ${blocks.length} block${blocks.length === 1 ? "" : "s"} per round` +
    (budgetS !== undefined ? `; budget ${budgetS} s` : "") + (options.rounds !== undefined ? `; ${options.rounds} rounds` : ""));
  let plannedRounds = options.rounds ?? 1;
  const progress = createProgress({ total: blocks.length * plannedRounds });
  const outcomes: BlockOutcome[] = [];
  const firstWallMs = new Map<Block, number>();
  const blockScript = compiledPath("scripts/block.ts");
  const pinningFor = blockPinning(context.suites, options.pin, warnings);
  for (const suite of options.suites) {
    const pin = pinningFor(suite);
    if (pin) say(`${suite} blocks run on CPU ${pin.cpu} (taskset; --no-pin runs them unpinned)`);
  }
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  let planReason = options.rounds !== undefined ? `${options.rounds} rounds as asked (--rounds)` : "";
  let roundsDone = 0;
  let cutShort = "";
  // A block that failed as a whole (crash, timeout, garbage) is not run again: it would fail again.
  const dropped = new Set<Block>();
  try {
    for (let round = 0; round < plannedRounds && !stopSignal && !cutShort; round++) {
      const order = roundOrder(blocks, seed, round);
      for (let i = 0; i < order.length && !stopSignal; i++) {
        const block = order[i]!;
        if (dropped.has(block)) continue;
        const estimate = firstWallMs.get(block);
        if (round > 0 && budgetMs !== undefined && estimate !== undefined && !fitsBudget(elapsed(), estimate, budgetMs)) {
          cutShort = `the budget ran out in round ${round + 1} after ${i} of ${order.length} blocks`;
          break;
        }
        const install = byLabel.get(block.runtime)!;
        const bSeed = blockSeed(seed, round, block);
        const pin = pinningFor(block.suite);
        const argv = [...(pin?.prefix ?? []), ...blockCommand(install, blockScript, blockRequest(block, install.name, options, bSeed, probesCapacity(context.suites.find((s) => s.name === block.suite))), options.suiteModules)];
        const label = `round ${round + 1}/${plannedRounds} ${blockLabel(block)}`;
        const index = round * blocks.length + i;
        progress.begin(index, label);
        const startedAtMs = elapsed();
        const outcome = await runBlockProcess({ argv, timeoutMs: limitFor(estimate, options.cellTimeoutMs, capMs), cwd: PROJECT_ROOT });
        outcomes.push({ block, round, seed: bSeed, startedAtMs, outcome, ...(pin ? { cpus: pin.cpu } : {}) });
        if (round === 0) firstWallMs.set(block, outcome.wallMs);
        if (!outcome.ok && outcome.kind !== "interrupted") {
          dropped.add(block);
          if (round + 1 < Math.max(plannedRounds, 2)) warnings.push(`${blockLabel(block)}: not run again after it failed in round ${round + 1} (${outcome.kind})`);
        }
        progress.end(index, label, { ok: outcome.ok && outcome.record.cells.every((c) => c.ok), wallMs: outcome.wallMs, note: blockNote(outcome), leftMs: budgetMs === undefined ? undefined : budgetMs - elapsed() });
      }
      if (stopSignal || cutShort) break;
      roundsDone = round + 1;
      if (round === 0 && options.rounds === undefined && budgetMs !== undefined) {
        const firstRoundMs = [...firstWallMs.values()].reduce((a, b) => a + b, 0);
        const plan = planRounds({ firstRoundMs, elapsedMs: elapsed(), budgetMs });
        plannedRounds = plan.rounds;
        planReason = plan.reason;
        if (plan.warning) warnings.push(plan.warning);
        progress.setTotal(blocks.length * plannedRounds);
        say(`plan: ${plan.reason}; ${options.runs} measured sweeps per block${plan.warning ? `; ${plan.warning}` : ""}`);
      }
    }
  } finally {
    progress.stop();
  }
  const elapsedMs = elapsed();
  // A last round cut by the budget is the plan working, not a fault: it goes into the plan's reason.
  if (cutShort) planReason = `${planReason}; ${cutShort}`;
  if (stopSignal) warnings.push(`interrupted by ${stopSignal} after ${outcomes.length} block processes`);

  const plan: RunPlan = {
    seed,
    rounds: plannedRounds,
    runs: options.runs,
    warmup: options.warmup,
    budgetS: budgetS ?? null,
    firstRoundS: firstWallMs.size === blocks.length && options.rounds === undefined ? [...firstWallMs.values()].reduce((a, b) => a + b, 0) / 1000 : null,
    roundsDone,
    reason: planReason || "interrupted during the first round",
  };
  // A suite file that did not bundle or load has no cells to run: one failure per runtime says why.
  const earlyFailures = options.suiteFailures.flatMap(({ file, reason }) =>
    [...byLabel.keys()].map((runtime) => ({ runtime, suite: basename(file), variant: "load", workers: 1, size: options.size, kind: "error" as const, reason })));
  const report = assembleReport({
    createdAt, toolVersion: toolVersion(), partial: stopSignal !== undefined, machine, installs, config, plan, blocks, outcomes,
    boundOf: (suite) => bounds.get(suite) ?? "cpu", suiteOf: (name) => context.suites.find((s) => s.name === name), warnings, earlyFailures, unsupported: unsupportedCells,
  });
  // An analysis that fails must not cost the measurements: the report is written without its sections.
  let addendum: ReportAddendum | undefined;
  try {
    addendum = context.addendum?.(report);
  } catch (error) {
    say(`the report's extra sections could not be computed (${(error as Error).message.split("\n")[0]}); writing the report without them`);
  }
  // The renderers pull in charting; load them only now, never in block processes.
  const { writeReportFiles } = await import("../reports/write.ts");
  const files = await writeReportFiles(report, options.out, addendum?.markdown.length ? { markdown: { sections: addendum.markdown } } : {});
  if (options.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  } else {
    const { renderTerminal } = await import("../reports/terminal.ts");
    process.stdout.write(renderTerminal(report) + (addendum?.terminal.length ? `\n${addendum.terminal.join("\n")}\n` : ""));
  }
  const harness = harnessShare(outcomes);
  if (harness) say(harness);
  say(`${outcomes.length} block processes (${roundsDone} full round${roundsDone === 1 ? "" : "s"}) in ${formatDuration(elapsedMs)}; report: ${files.json} (and ${files.markdown})`);
  process.removeListener("SIGINT", onInt);
  process.removeListener("SIGTERM", onTerm);
  if (stopSignal) return EXIT_CODES[stopSignal];
  // A primitive a runtime lacks (unsupported) is a fact about it, not a failure of the run.
  return report.failures.some((f) => f.kind !== "unsupported") ? 1 : 0;
}


/** Run-level warnings about the machine: busy at start, a container quota, more workers than cores. */
export function machineWarnings(machine: { logicalCores: number; loadAvg: readonly number[]; cpuQuota: number | null }, workers: readonly number[]): string[] {
  const w: string[] = [];
  const load = machine.loadAvg[0] ?? 0;
  if (load > 0.5 * machine.logicalCores) {
    w.push(`machine was busy at start (1-minute load ${load.toFixed(2)} on ${machine.logicalCores} cores); the capacity columns show what it gave`);
  }
  if (machine.cpuQuota !== null && machine.cpuQuota < machine.logicalCores) {
    w.push(`a container quota grants ${machine.cpuQuota} CPUs of the ${machine.logicalCores} logical cores; speedups are capped by it`);
  }
  const over = workers.filter((n) => n > machine.logicalCores);
  if (over.length) w.push(`--workers ${over.join(",")} exceeds the ${machine.logicalCores} logical cores; those cells are oversubscribed`);
  return w;
}

/**
 * How much the harness added around the measured runs, over all blocks: the share of each block's
 * measured phase that was neither a sample, verification nor a capacity probe (issue 4 asks < 1%).
 */
export function harnessShare(outcomes: readonly BlockOutcome[]): string | undefined {
  const shares: number[] = [];
  let name = "";
  for (const { outcome } of outcomes) {
    if (!outcome.ok || outcome.record.harness.phaseMs <= 0) continue;
    name = outcome.record.harness.name;
    shares.push(outcome.record.harness.overheadMs / outcome.record.harness.phaseMs);
  }
  if (!shares.length) return undefined;
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  shares.sort((a, b) => a - b);
  return `harness: ${name} added ${pct(shares[shares.length >> 1]!)} (median) and ${pct(shares[shares.length - 1]!)} (worst of ${shares.length} blocks) around the measured runs`;
}

/** Progress note of a finished block: its cells' state, or why it failed. */
function blockNote(outcome: BlockOutcome["outcome"]): string {
  if (!outcome.ok) return `${outcome.kind}: ${outcome.reason}`;
  const failed = outcome.record.cells.filter((c) => !c.ok);
  const probes = outcome.record.probes.map((p) => p.capacity).sort((a, b) => a - b);
  const capacity = probes.length ? `, capacity ${probes[probes.length >> 1]!.toFixed(2)}` : "";
  if (!failed.length) return `${outcome.record.cells.length} cells${capacity}`;
  return failed.map((c) => (c.ok ? "" : `${c.variant} x${c.workers} ${c.kind}: ${c.reason}`)).join("; ");
}

/** A fresh 32-bit seed (printed and recorded, so the order can be replayed). */
function drawSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}
