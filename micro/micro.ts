/**
 * `tribench micro`: the pool-overhead micro benchmark (issue 2). For every runtime x worker kind it
 * starts a fresh probe process of that runtime (scripts/micro_probe.ts, command line from the
 * adapter's `commandFor`) that measures one pool with mitata, then checks the figures against the
 * issue's targets and prints a table or, with `--json`, the `tribench/micro@1` document.
 *
 * Reference rows (piscina, tinypool) run in the same way on Node and Bun; never on Deno, where they
 * are known to hang. Every probe runs in its own process group under a time limit, so a hang costs
 * that row only and leaves nothing behind.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import type { MachineInfo } from "../reports/report.ts";
import { compiledPath, PROJECT_ROOT } from "../core/project.ts";
import { ADAPTERS } from "../runtimes/registry.ts";
import { trackChild, untrackChild } from "../runtimes/child_tracker.ts";
import { RUNTIME_NAMES, type RuntimeInstall, type RuntimeName, type WorkerKind } from "../runtimes/types.ts";
import { killGroup, reapGroup } from "../core/process_group.ts";
import { collectMachineInfo, logicalCores } from "../reports/machine.ts";
import { evaluateTargets, renderMicroTable, type TargetCheck } from "./micro_report.ts";
import { MICRO_POOL_NAMES, type MicroPoolName, POOL_KINDS } from "./micro_pools.ts";
import { type MicroRow, parseProbeOutput } from "./micro_probe.ts";
import { listOf, UsageError } from "../core/usage.ts";

/** The schema string of the `--json` document. */
export const MICRO_SCHEMA = "tribench/micro@1";

/** The `--json` document. */
export interface MicroReport {
  schema: typeof MICRO_SCHEMA;
  machine: MachineInfo;
  /** N used for the all-workers figures (logical cores). */
  workers: number;
  quick: boolean;
  rows: MicroRow[];
  /** The issue's targets, checked on this run's figures. */
  targets: TargetCheck[];
  /** What was skipped or failed, and what the figures mean, one line each. */
  notes: string[];
}

/** What `tribench micro` was asked to do. */
export interface MicroOptions {
  /** Runtimes asked for, or `undefined` for every one installed. */
  runtimes: RuntimeName[] | undefined;
  kinds: WorkerKind[];
  pools: MicroPoolName[];
  json: boolean;
  quick: boolean;
}

const KINDS: readonly WorkerKind[] = ["threads", "processes"];

/** Usage text of `tribench micro --help`. */
export const MICRO_HELP = `usage: tribench micro [options]     pool overhead: start-up, round trip, no-op throughput, RSS growth

  --runtimes node,deno,bun        runtimes to probe (default: every one installed)
  --kinds threads,processes       worker kinds (default: both)
  --pools tribench,piscina,tinypool   pools (default: all; the references never run on Deno)
  --json                          print the tribench/micro@1 JSON document instead of the table
  --quick                         few samples and small inputs (for tests; figures not meaningful)
`;

/**
 * Parse `tribench micro`'s arguments; `undefined` means help was asked for. Throws {@link UsageError}.
 *
 * @example
 * ```ts
 * parseMicroArgs(["--kinds", "threads", "--quick"])!.kinds; // ["threads"]
 * ```
 */
export function parseMicroArgs(args: readonly string[]): MicroOptions | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        runtimes: { type: "string" }, kinds: { type: "string" }, pools: { type: "string" },
        json: { type: "boolean" }, quick: { type: "boolean" }, help: { type: "boolean" },
      },
    });
  } catch (error) {
    // parseArgs' own messages are one line already; keep ours consistent with the other verbs.
    throw new UsageError(`${(error as Error).message.split("\n")[0]}; see tribench micro --help`);
  }
  const v = parsed.values;
  if (v.help) return undefined;
  return {
    runtimes: v.runtimes !== undefined ? listOf("runtime", v.runtimes, RUNTIME_NAMES) : undefined,
    kinds: v.kinds !== undefined ? listOf("kind", v.kinds, KINDS) : [...KINDS],
    pools: v.pools !== undefined ? listOf("pool", v.pools, MICRO_POOL_NAMES) : [...MICRO_POOL_NAMES],
    json: v.json === true,
    quick: v.quick === true,
  };
}

/** One probe to run. */
export interface ProbePlanItem {
  runtime: RuntimeName;
  pool: MicroPoolName;
  kind: WorkerKind;
}

/**
 * Which probes run, in report order (runtime, kind, pool), and a note for each combination left out.
 *
 * @example
 * ```ts
 * planProbes(["deno"], ["threads"], ["tribench", "piscina"]).notes; // ["piscina not run on deno: …"]
 * ```
 */
export function planProbes(runtimes: readonly RuntimeName[], kinds: readonly WorkerKind[], pools: readonly MicroPoolName[]): { probes: ProbePlanItem[]; notes: string[] } {
  const probes: ProbePlanItem[] = [];
  const notes: string[] = [];
  for (const pool of pools) {
    if (pool !== "tribench" && runtimes.includes("deno")) notes.push(`${pool} not run on deno: it is known to hang under Deno 2.9`);
    const missing = kinds.filter((k) => !POOL_KINDS[pool].includes(k));
    if (missing.length) notes.push(`${pool} has no ${missing.join("/")} workers: no such row`);
  }
  for (const runtime of runtimes) {
    for (const kind of kinds) {
      for (const pool of pools) {
        if (pool !== "tribench" && runtime === "deno") continue;
        if (!POOL_KINDS[pool].includes(kind)) continue;
        probes.push({ runtime, pool, kind });
      }
    }
  }
  return { probes, notes };
}

/** Run `tribench micro`. Returns 0, or 1 when a tribench row could not be measured. */
export async function main(args: string[]): Promise<number> {
  const options = parseMicroArgs(args);
  if (!options) {
    process.stdout.write(MICRO_HELP);
    return 0;
  }
  const machine = collectMachineInfo();
  const workers = logicalCores();
  const notes: string[] = [];
  const installs = new Map<RuntimeName, RuntimeInstall>();
  for (const name of options.runtimes ?? RUNTIME_NAMES) {
    const install = await ADAPTERS[name].locate().catch(() => undefined);
    if (install) installs.set(name, install);
    else if (options.runtimes) throw new UsageError(`runtime '${name}' is not installed; run npm install (it brings deno and bun)`);
    else notes.push(`${name} is not installed and was skipped`);
  }
  const plan = planProbes([...installs.keys()], options.kinds, options.pools);
  notes.push(...plan.notes);

  stopProbesOnSignal();
  const rows: MicroRow[] = [];
  for (const item of plan.probes) {
    const install = installs.get(item.runtime)!;
    if (!options.json) process.stderr.write(`micro: ${item.runtime} ${item.kind} ${item.pool} …\n`);
    const limitMs = (item.pool === "tribench" ? 180_000 : 90_000) / (options.quick ? 3 : 1);
    const outcome = await runProbe(probeArgv(install, item, workers, options.quick), limitMs);
    const what = `${item.pool} on ${item.runtime} ${item.kind}`;
    if (outcome.leftovers) notes.push(`${what}: ${outcome.leftovers} process(es) were still running after the probe exited and were killed`);
    if (outcome.row) rows.push(outcome.row);
    else {
      notes.push(`${what}: ${outcome.error}`);
      rows.push(emptyRow(item, workers, outcome.error));
    }
  }
  notes.push(
    `figures are medians of mitata samples; N = ${workers} workers (logical cores) for the N-worker spawn, the throughputs and the RSS phase`,
    "rssGrowthPct: the parent process's RSS (after a forced GC) after all RSS-phase tasks (chunksize 1) vs after the first 1k; 2nd half: the same from halfway to the end (a plateau means warm-up, not a leak); heap: the parent's heap in use after GC, end vs first 1k",
    "workers' RSS: process workers' summed VmRSS, no GC possible in them; not readable under Deno's permissions (Deno reads /proc only with --allow-all)",
    "reference pools have no ready(): their spawnMs is until one no-op per worker came back; they have no automatic chunking (tasksPerSecAuto null)",
    "chunk1 for tribench is map(chunksize 1), where the pool may send up to 32 one-item chunks in one message; the references get one run() per input, all issued at once (their only way), one message each: compare the cost of one message with the round trip",
  );
  if (machine.loadAvg[0] > machine.logicalCores * 0.5) notes.push(`the machine was busy (load ${machine.loadAvg[0].toFixed(1)} on ${machine.logicalCores} cores): figures are noisy`);
  const report: MicroReport = { schema: MICRO_SCHEMA, machine, workers, quick: options.quick, rows, targets: evaluateTargets(rows), notes };
  process.stdout.write(options.json ? JSON.stringify(report, null, 2) + "\n" : renderMicroTable(report));
  return rows.some((r) => r.pool === "tribench" && r.error !== undefined) ? 1 : 0;
}

/** The probe's command line on its runtime: the adapter's own, plus the V8 flag that exposes `gc` on Deno. */
function probeArgv(install: RuntimeInstall, item: ProbePlanItem, workers: number, quick: boolean): string[] {
  const args = ["--pool", item.pool, "--kind", item.kind, "--workers", String(workers), ...(quick ? ["--quick"] : [])];
  return ADAPTERS[install.name].commandFor(install, compiledPath("scripts/micro_probe.ts"), args, {
    read: [PROJECT_ROOT],
    run: [install.executable],
    env: true,
    sys: true,
    v8Flags: ["--expose-gc"],
  });
}

/** Process-group leaders of the probes running now. */
const runningProbes = new Set<number>();
let signalsInstalled = false;

/**
 * Ctrl-C / SIGTERM: a probe runs in its own process group (so the time limit reaches its workers),
 * which also means the terminal's signal does not reach it: kill its group, then exit as signalled.
 */
function stopProbesOnSignal(): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    process.once(signal, () => {
      for (const pid of runningProbes) killGroup(pid);
      process.exit(code);
    });
  }
}

/** What one probe process gave: its row, or why there is none; and how many processes it left behind. */
export type ProbeOutcome = { row: MicroRow; error?: undefined; leftovers: number } | { row?: undefined; error: string; leftovers: number };

/**
 * Start one probe in its own process group; kill the whole group (workers included) after `limitMs`.
 * Never rejects.
 *
 * @example
 * ```ts
 * const out = await runProbe([process.execPath, "dist/scripts/micro_probe.js", "--pool", "tribench", "--kind", "threads", "--workers", "2"], 60_000);
 * out.row?.tasksPerSecChunk1;
 * ```
 */
export function runProbe(argv: readonly string[], limitMs: number): Promise<ProbeOutcome> {
  const [exe, ...args] = argv;
  return new Promise((resolve) => {
    const child = spawn(exe!, args, { cwd: PROJECT_ROOT, detached: process.platform !== "win32", stdio: ["ignore", "pipe", "pipe"] });
    const pid = child.pid;
    if (pid !== undefined) {
      trackChild(pid);
      runningProbes.add(pid);
    }
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr = (stderr + d).slice(-4096)));
    const timer = setTimeout(() => {
      timedOut = true;
      if (pid !== undefined) killGroup(pid);
    }, limitMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ error: `could not start ${exe}: ${error.message}`, leftovers: 0 });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      let leftovers = 0;
      if (pid !== undefined) {
        untrackChild(pid);
        runningProbes.delete(pid);
        leftovers = reapGroup(pid);
      }
      if (timedOut) return resolve({ error: `timed out after ${limitMs / 1000} s; its process tree was killed`, leftovers });
      const result = parseProbeOutput(stdout);
      if (result && !("probeError" in result)) return resolve({ row: result, leftovers });
      const error = result?.probeError ?? `exited with ${signal ?? `code ${code}`} without a result: ${lastLine(stderr)}`;
      resolve({ error, leftovers });
    });
  });
}

function lastLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const lines = text.replace(/\x1b\[[0-9;]*m/g, "").split("\n").map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /error/i.test(l)) ?? lines[lines.length - 1] ?? "no output";
}

function emptyRow(item: ProbePlanItem, workers: number, error: string): MicroRow {
  return {
    runtime: item.runtime, kind: item.kind, pool: item.pool,
    spawnMs: null, roundTripUs: null, tasksPerSecChunk1: null, tasksPerSecAuto: null, rssGrowthPct: null,
    mechanism: "", workers, spawnMsAllWorkers: null, workerRssGrowthPct: null, rssTasks: 0, rssFirstMb: null, rssLastMb: null,
    rssGrowthSecondHalfPct: null, heapGrowthPct: null, error,
  };
}
