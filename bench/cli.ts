/**
 * The `tribench` command line: the verb table and the `bench` verb's flags (node:util parseArgs,
 * checked here so every mistake is one line and exit code 2). Heavy modules (the orchestrator, report
 * renderers, other verbs) are imported only when the verb needs them.
 *
 * @module
 */
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { closest } from "fastest-levenshtein";
import { compiledPath, PROJECT_ROOT } from "../runtimes/project.ts";
import { BENCH_RUNTIMES } from "../runtimes/registry.ts";
import { BENCH_RUNTIME_NAMES, RUNTIME_NAMES, type BenchRuntimeName, type RuntimeInstall } from "../runtimes/types.ts";
import { SUITES } from "../suites/registry.ts";
import { SIZE_NAMES, VARIANT_NAMES, type SizeName, type VariantName } from "../suites/types.ts";
import { logicalCores } from "./machine.ts";
import { isPooled } from "./matrix.ts";
import { listOf, oneOf, UsageError } from "./usage.ts";

/** The most workers a pool may have: more is a typo, not a benchmark. */
export const MAX_WORKERS = 256;
/** The most measured runs per cell. */
export const MAX_RUNS = 10_000;
/** Defaults chosen so the default matrix fits the time budget (issue 4) with a 95% median interval (6 runs). */
export const DEFAULT_RUNS = 6;
export const DEFAULT_WARMUP = 1;
/** Default per-cell time limit, the ceiling of the automatic one (see the orchestrator). */
export const DEFAULT_CELL_TIMEOUT_S = 300;

/** Everything a `bench` run needs, checked. */
export interface BenchOptions {
  /** Runtimes asked for with --runtimes, or `undefined` for every one installed. */
  runtimes: BenchRuntimeName[] | undefined;
  suites: string[];
  /** Variants asked for (each suite gets the ones it supports). */
  variants: VariantName[];
  workers: number[];
  size: SizeName;
  runs: number;
  warmup: number;
  /** Absolute output folder. */
  out: string;
  json: boolean;
  /** Explicit per-cell limit, or `undefined` for the automatic one. */
  cellTimeoutMs: number | undefined;
  /** The command line as typed (after the program name). */
  argv: string[];
}

/** What `bench`'s arguments ask for. */
export type BenchCommand = { kind: "help" } | { kind: "version" } | { kind: "list" } | { kind: "run"; options: BenchOptions };

/** What the parser needs to know about the world (passed in so parsing stays pure and testable). */
export interface ParseContext {
  readonly suites: readonly { readonly name: string; readonly variants: readonly VariantName[] }[];
  readonly logicalCores: number;
  readonly cwd: string;
}

const OPTIONS = {
  runtimes: { type: "string" },
  suites: { type: "string" },
  variants: { type: "string" },
  workers: { type: "string" },
  size: { type: "string" },
  runs: { type: "string" },
  warmup: { type: "string" },
  out: { type: "string" },
  json: { type: "boolean" },
  list: { type: "boolean" },
  "cell-timeout": { type: "string" },
  help: { type: "boolean" },
  version: { type: "boolean" },
} as const;
type OptionName = keyof typeof OPTIONS;

/** Usage text of `tribench --help`. */
export const HELP = `tribench: parallel workloads on Node, Deno and Bun (serial, threads, processes), with speedup reports

usage: tribench [bench] [options]        run the benchmark matrix (the default verb)
       tribench micro [options]          message round-trip micro benchmark
       tribench compare OLD.json NEW.json [options]   compare two reports
       tribench merge A.json B.json … [options]       merge reports into one

bench options:
  --runtimes node,deno,bun,python   runtimes to run on (default: node, deno and bun where installed;
                             python = CPython 3.8+, only when asked for: its cells are slow)
  --suites a,b               suites (default: all; see --list)
  --variants serial,threads,processes,async   (default: every variant each suite supports)
  --workers N | 1,2,4        pool sizes for threads/processes (default: logical cores)
  --size quick|seed|default|large   work size (default: default)
  --runs N                   measured runs per cell (default: ${DEFAULT_RUNS})
  --warmup N                 warm-up runs per cell, not measured (default: ${DEFAULT_WARMUP})
  --out DIR                  where reports go (default: results/)
  --json                     print the JSON report on stdout instead of the table
  --cell-timeout SEC         kill a cell after SEC seconds (default: 10x its serial cell, at most ${DEFAULT_CELL_TIMEOUT_S})
  --list                     list suites, variants and installed runtimes, then exit
  --help, --version

exit codes: 0 every cell verified, 1 a cell failed, 2 bad usage, 130/143 interrupted
`;

/**
 * Parse and check the `bench` verb's arguments. Throws {@link UsageError} (one line) on bad input.
 *
 * @example
 * ```ts
 * const cmd = parseBenchArgs(["--size", "quick", "--workers", "1,2"], ctx);
 * cmd.kind === "run" && cmd.options.workers; // [1, 2]
 * ```
 */
export function parseBenchArgs(args: readonly string[], ctx: ParseContext): BenchCommand {
  const { values, tokens } = parseArgs({ args: [...args], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const given = new Set<OptionName>();
  for (const token of tokens) {
    if (token.kind === "positional") throw new UsageError(`unexpected argument '${token.value}'; see tribench --help`);
    if (token.kind !== "option") continue;
    const name = token.name as OptionName;
    if (!(name in OPTIONS)) {
      const hint = token.rawName.startsWith("--") ? ` (did you mean '--${closest(token.name, Object.keys(OPTIONS))}'?)` : "";
      throw new UsageError(`unknown option '${token.rawName}'${hint}; see tribench --help`);
    }
    const type = OPTIONS[name].type;
    if (type === "string" && typeof token.value !== "string") throw new UsageError(`${token.rawName} needs a value; see tribench --help`);
    if (type === "boolean" && token.inlineValue) throw new UsageError(`${token.rawName} takes no value`);
    given.add(name);
  }
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const str = (name: OptionName) => values[name] as string | undefined;

  if (values.list) {
    const others = [...given].filter((n) => n !== "list");
    if (others.length) throw new UsageError(`--list cannot be combined with --${others[0]}; it only lists what is available`);
    return { kind: "list" };
  }

  const suiteNames = ctx.suites.map((s) => s.name);
  const suites = str("suites") !== undefined ? listOf("suite", str("suites")!, suiteNames) : suiteNames;
  const variants = str("variants") !== undefined ? listOf("variant", str("variants")!, VARIANT_NAMES) : [...VARIANT_NAMES];
  const runtimes = str("runtimes") !== undefined ? listOf("runtime", str("runtimes")!, BENCH_RUNTIME_NAMES) : undefined;
  const size = str("size") !== undefined ? oneOf("size", str("size")!, SIZE_NAMES) : "default";
  const workers = str("workers") !== undefined ? parseWorkers(str("workers")!, ctx.logicalCores) : [ctx.logicalCores];
  const runs = str("runs") !== undefined ? parseWhole("--runs", str("runs")!, 1, MAX_RUNS) : DEFAULT_RUNS;
  const warmup = str("warmup") !== undefined ? parseWhole("--warmup", str("warmup")!, 0, MAX_RUNS) : DEFAULT_WARMUP;
  const cellTimeoutMs = str("cell-timeout") !== undefined ? parseSeconds("--cell-timeout", str("cell-timeout")!) : undefined;
  const out = resolve(ctx.cwd, str("out") ?? "results");

  if (!suites.length) throw new UsageError("no suites are registered in this build");
  const chosen = ctx.suites.filter((s) => suites.includes(s.name));
  for (const v of given.has("variants") ? variants : []) {
    if (!chosen.some((s) => s.variants.includes(v))) {
      const who = ctx.suites.filter((s) => s.variants.includes(v)).map((s) => s.name);
      throw new UsageError(`no selected suite has the ${v} variant${who.length ? ` (only ${who.join(", ")} ${who.length === 1 ? "has" : "have"} it)` : ""}`);
    }
  }
  if (given.has("workers") && !variants.some(isPooled)) {
    throw new UsageError(`--workers applies to the threads and processes variants, but --variants ${variants.join(",")} has neither`);
  }
  return {
    kind: "run",
    options: { runtimes, suites, variants, workers, size, runs, warmup, out, json: values.json === true, cellTimeoutMs, argv: [...args] },
  };
}

/** `--workers 2` or a sweep `1,2,4`: whole numbers from 1 to {@link MAX_WORKERS}. */
export function parseWorkers(text: string, logicalCores: number): number[] {
  const parts = text.split(",").map((s) => s.trim());
  if (parts.some((p) => p === "")) throw new UsageError(`--workers takes whole numbers like 2 or 1,2,4; got '${text}'`);
  const counts = parts.map((p) => {
    if (!/^[+-]?\d+$/.test(p)) throw new UsageError(`--workers takes whole numbers like 2 or 1,2,4; got '${p}'`);
    const n = Number(p);
    if (n < 1) throw new UsageError(`--workers must be at least 1; got ${p}`);
    if (n > MAX_WORKERS) {
      throw new UsageError(`--workers ${p} is above the cap of ${MAX_WORKERS} (this machine has ${logicalCores} logical cores)`);
    }
    return n;
  });
  return [...new Set(counts)].sort((a, b) => a - b);
}

function parseWhole(flag: string, text: string, min: number, max: number): number {
  if (!/^\+?\d+$/.test(text.trim())) throw new UsageError(`${flag} takes a whole number from ${min} to ${max}; got '${text}'`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`${flag} must be from ${min} to ${max}; got ${n}`);
  return n;
}

function parseSeconds(flag: string, text: string): number {
  const n = Number(text);
  if (!/^\+?(\d+\.?\d*|\.\d+)$/.test(text.trim()) || !(n > 0) || n > 86_400) {
    throw new UsageError(`${flag} takes seconds, a number above 0 and at most 86400; got '${text}'`);
  }
  return Math.round(n * 1000);
}

/**
 * Make sure reports can be written to `dir` (creating it), or throw a one-line {@link UsageError}.
 */
export function ensureWritableDir(dir: string): void {
  const shown = isAbsolute(dir) && dir.startsWith(PROJECT_ROOT + "/") ? dir.slice(PROJECT_ROOT.length + 1) : dir;
  let isFile = false;
  try {
    isFile = existsSync(dir) && !statSync(dir).isDirectory();
    if (!isFile) {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const name = (error as Error).name ?? "";
    const why = code === "EACCES" || code === "EPERM" || code === "EROFS" || name === "NotCapable" || name === "PermissionDenied"
      ? "permission denied"
      : code === "ENOTDIR" ? "a parent is not a folder" : code || ((error as Error).message ?? "").split("\n")[0] || "cannot create it";
    throw new UsageError(`--out ${shown} is not writable (${why})`);
  }
  if (isFile) throw new UsageError(`--out ${shown} is a file, not a folder`);
}

/** tribench's version, from package.json. */
export function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(`${PROJECT_ROOT}/package.json`, "utf8")) as { version?: string }).version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** A verb: its one-line summary and either the module (source path) whose `main(args)` runs it or a runner. */
interface Verb {
  readonly summary: string;
  readonly module?: string;
  readonly run?: (args: string[]) => Promise<number>;
}

/**
 * The verbs. A module verb exports `main(args: string[]): Promise<number>` and is imported only when
 * it runs, so a verb whose module is not built yet says so instead of breaking the others.
 */
export const VERBS: Readonly<Record<string, Verb>> = {
  bench: { summary: "run the benchmark matrix (default)", run: benchMain },
  micro: { summary: "message round-trip micro benchmark", module: "bench/micro.ts" },
  compare: { summary: "compare two reports", module: "reports/compare_cli.ts" },
  merge: { summary: "merge reports into one", module: "reports/merge_cli.ts" },
};

/**
 * Run `tribench` with `argv` (without the program name). The first argument is a verb when it does
 * not start with `-`; otherwise the verb is `bench`. Returns the exit code; throws {@link UsageError}.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const first = argv[0];
  const verbName = first !== undefined && !first.startsWith("-") ? first : "bench";
  const rest = first === verbName ? argv.slice(1) : [...argv];
  const verb = VERBS[oneOf("verb", verbName, Object.keys(VERBS))]!;
  if (verb.run) return verb.run(rest);
  const path = compiledPath(verb.module!);
  if (!existsSync(path)) throw new UsageError(`'${verbName}' is not available yet in this build (${verb.module} is missing)`);
  const module = (await import(pathToFileURL(path).href)) as { main?: (args: string[]) => Promise<number> };
  if (typeof module.main !== "function") throw new UsageError(`'${verbName}' is not available yet in this build (${verb.module} has no main)`);
  return module.main(rest);
}

/** The `bench` verb: help, version, list, or a run of the matrix. */
async function benchMain(args: string[]): Promise<number> {
  const ctx: ParseContext = { suites: SUITES, logicalCores: logicalCores(), cwd: process.cwd() };
  const command = parseBenchArgs(args, ctx);
  if (command.kind === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  if (command.kind === "version") {
    process.stdout.write(`tribench ${toolVersion()}\n`);
    return 0;
  }
  const found = await locateRuntimes(BENCH_RUNTIME_NAMES);
  if (command.kind === "list") {
    process.stdout.write(renderList(found));
    return 0;
  }
  const options = command.options;
  for (const name of options.runtimes ?? []) {
    if (!found.get(name)) throw new UsageError(name === "node"
        ? "runtime 'node' is not installed; install Node >= 20 and put it on PATH"
        : `runtime '${name}' is not installed; ${BENCH_RUNTIMES[name].installHint ?? `run npm install (it puts ${name} in node_modules/.bin)`}`);
  }
  // By default the JavaScript runtimes: the matrix they make fits the time budget (issue 4).
  // CPython is opt-in (--runtimes …,python): its cells take seconds to minutes each.
  const installs = (options.runtimes ?? RUNTIME_NAMES).map((n) => found.get(n)).filter((i): i is RuntimeInstall<BenchRuntimeName> => i !== undefined);
  const missing = RUNTIME_NAMES.filter((n) => !found.get(n));
  ensureWritableDir(options.out);
  const { runBench } = await import("./orchestrator.ts");
  return runBench(options, installs, options.runtimes ? [] : missing.map((n) => `${n} is not installed and was skipped (${installHint(n)})`));
}

/** How to get a missing runtime, in a few words. */
function installHint(name: BenchRuntimeName): string {
  return BENCH_RUNTIMES[name].installHint ?? "npm install brings it";
}

/** Locate every runtime in parallel. */
async function locateRuntimes(names: readonly BenchRuntimeName[]): Promise<Map<BenchRuntimeName, RuntimeInstall<BenchRuntimeName> | undefined>> {
  const installs = await Promise.all(names.map((n) => BENCH_RUNTIMES[n].locate().catch(() => undefined)));
  return new Map(names.map((n, i) => [n, installs[i]]));
}

/** The `--list` text: suites with their variants and sizes, runtimes found with version and path. */
export function renderList(found: ReadonlyMap<BenchRuntimeName, RuntimeInstall<BenchRuntimeName> | undefined>): string {
  const lines = ["suites:"];
  const width = Math.max(...SUITES.map((s) => s.name.length), 4);
  for (const s of SUITES) lines.push(`  ${s.name.padEnd(width)}  ${s.variants.join(",").padEnd(30)} ${s.description}`);
  lines.push("", `variants: ${VARIANT_NAMES.join(", ")}`, `sizes: ${SIZE_NAMES.join(", ")}`, "", "runtimes:");
  for (const [name, install] of found) {
    lines.push(install ? `  ${name.padEnd(6)} ${install.version.padEnd(10)} ${install.executable} (${install.source})` : `  ${name.padEnd(6)} not installed (${installHint(name)})`);
  }
  return lines.join("\n") + "\n";
}
