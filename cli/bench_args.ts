/**
 * The `bench` verb's flags: parsed with node:util parseArgs and checked here, so every mistake is one
 * line (a {@link UsageError}, exit 2) and a run gets only valid, complete {@link BenchOptions}.
 *
 * @module
 */
import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { parseArgs } from "node:util";
import { closest } from "fastest-levenshtein";
import { PROJECT_ROOT } from "../core/project.ts";
import { WORKER_APIS, type BenchRuntimeName } from "../runtimes/types.ts";
import { parseRuntimeSpec } from "../runtimes/versions/spec.ts";
import { SIZE_NAMES, VARIANT_NAMES, type VariantName } from "../suites/types.ts";
import { isPooled } from "../run/plan.ts";
import { DEFAULT_BUDGET_S, DEFAULT_CELL_TIMEOUT_S, DEFAULT_RUNS, DEFAULT_WARMUP, type BenchOptions } from "../run/options.ts";
import { listOf, oneOf, UsageError } from "../core/usage.ts";

/** The most workers a pool may have: more is a typo, not a benchmark. */
export const MAX_WORKERS = 256;
/** The most measured runs per block, and the most rounds. */
export const MAX_RUNS = 10_000;
/** The largest `--budget`, in seconds (a day). */
export const MAX_BUDGET_S = 86_400;

export { DEFAULT_BUDGET_S, DEFAULT_CELL_TIMEOUT_S, DEFAULT_RUNS, DEFAULT_WARMUP, type BenchOptions } from "../run/options.ts";

/** Which runtime builds a run measures, as asked: the `--runtimes` entries and the cache they are installed into. */
export interface RuntimeRequest {
  /**
   * The `--runtimes` entries as typed, each checked (`node`, `bun@1.3.14`, `node@22`, `deno=./deno`),
   * in order; `undefined` when none were given (every JS runtime installed).
   */
  readonly specs: string[] | undefined;
  /** `--runtime-cache` as an absolute folder, or `undefined` for the default one. */
  readonly cacheDir: string | undefined;
}

/** What `bench`'s arguments ask for. */
export type BenchCommand =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "list"; runtimes: RuntimeRequest }
  | { kind: "run"; options: BenchOptions; runtimes: RuntimeRequest };

/** What the parser needs to know of a suite. */
export interface ParseSuite {
  readonly name: string;
  readonly variants: readonly VariantName[];
}

/** What the parser needs to know about the world (passed in so parsing stays pure and testable). */
export interface ParseContext<S extends ParseSuite = ParseSuite> {
  /** Every suite a run may name: the built-ins, plus those of the `--suite-file` modules (see {@link withSuiteFiles}). */
  readonly suites: readonly S[];
  readonly logicalCores: number;
  readonly cwd: string;
  /** Suites run when `--suites` is not given (default: every suite in `suites`). */
  readonly defaultSuites?: readonly string[];
  /** The `--suite-file` values `withSuiteFiles` (cli/suite_files.ts) handled, as typed. */
  readonly suiteFileArgs?: readonly string[];
  /** Absolute paths of the bundles of the suite files (their suites are in `suites`). */
  readonly suiteModules?: readonly string[];
  /** Suite files that could not be bundled or loaded: recorded as failed cells, the run goes on. */
  readonly suiteFailures?: readonly { readonly file: string; readonly reason: string }[];
}

const OPTIONS = {
  runtimes: { type: "string" },
  "runtime-cache": { type: "string" },
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
  "suite-file": { type: "string", multiple: true },
  rounds: { type: "string" },
  budget: { type: "string" },
  seed: { type: "string" },
  api: { type: "string" },
  "no-pin": { type: "boolean" },
  help: { type: "boolean" },
  version: { type: "boolean" },
} as const;
type OptionName = keyof typeof OPTIONS;

/** Usage text of `tribench --help`. */
export const HELP = `tribench: parallel workloads on Node, Deno and Bun (serial, threads, processes), with speedup reports

usage: tribench [bench] [options]        run the benchmark matrix (the default verb)
       tribench micro [options]          message round-trip micro benchmark
       tribench compare BASE.json... [-- HEAD.json...] [options]   compare reports (process-level verdicts)
       tribench merge A.json B.json … [options]       merge reports into one
       tribench runtimes [prune]         list or prune the runtime versions cached for --runtimes name@version

bench options:
  --runtimes node,deno,bun,python   runtimes to run on (default: node, deno and bun where installed;
                             python = CPython 3.8+, only when asked for: its cells are slow). Each entry is
                             a name (the installed one), name@version (node@22, bun@1.3.14, deno@2.8: a
                             prefix takes the newest release; installed with npm into the runtime cache,
                             then reused offline) or name=PATH (your own build); several versions of one
                             runtime run side by side, e.g. --runtimes bun@1.3.14,bun@1.4.5
  --runtime-cache DIR        where name@version runtimes are installed (default: $XDG_CACHE_HOME/tribench,
                             else ~/.cache/tribench; see tribench runtimes)
  --suites a,b               suites (default: the six workloads and your --suite-file ones; the communication
                             suites ping-pong, producer-consumer, shared-counter are asked for by name; see --list)
  --suite-file PATH          your own suites (a .ts or .js file, or a glob like bench/*.suite.ts; repeatable):
                             bundled once per run for every runtime; they join the default suite list
  --variants serial,threads,processes,async   (default: every variant each suite supports)
  --workers N | 1,2,4        pool sizes for threads/processes (default: logical cores)
  --size quick|seed|default|large   work size (default: default)
  --runs N                   measured sweeps per block process (default: ${DEFAULT_RUNS}); a sweep runs
                             every cell of a runtime x suite once, serial and pools interleaved
  --warmup N                 warm-up sweeps per block, not measured (default: ${DEFAULT_WARMUP})
  --rounds N                 block processes per runtime x suite (default: as many as the budget allows)
  --budget SEC               time budget of the measurement (default by size: quick ${DEFAULT_BUDGET_S.quick}, seed ${DEFAULT_BUDGET_S.seed},
                             default ${DEFAULT_BUDGET_S.default}, large ${DEFAULT_BUDGET_S.large}); the first round measures
                             each block's cost, the plan is printed, the run ends within the budget +10%
  --seed N                   replay the block and run order of an earlier run (printed and in the report)
  --out DIR                  where reports go (default: results/)
  --json                     print the JSON report on stdout instead of the table
  --cell-timeout SEC         kill a block process after SEC seconds (default: 10x its first round, at least 30,
                             at most ${DEFAULT_CELL_TIMEOUT_S})
  --api native|node-compat   worker API of Deno and Bun: their own (Worker, Deno.Command, Bun.spawn; default)
                             or node:worker_threads / node:child_process.fork, to compare the two
  --no-pin                   run every block where the OS puts it; by default (Linux, taskset) a suite whose
                             two sides take turns (ping-pong) runs on one CPU, so a round trip is the channel's
                             cost and not also the wake-up of another CPU
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
  const unloaded = suiteFileArgs(args).filter((p) => !ctx.suiteFileArgs?.includes(p));
  // A caller bug, not a user's: the files must be imported (async) before this pure parse.
  if (unloaded.length) throw new Error(`parseBenchArgs: --suite-file ${unloaded[0]} was not loaded; call withSuiteFiles first`);
  const str = (name: OptionName) => values[name] as string | undefined;

  if (values.list) {
    // --suite-file may come along: its suites are listed too; --runtime-cache: the cache whose versions are listed.
    const others = [...given].filter((n) => n !== "list" && n !== "suite-file" && n !== "runtime-cache");
    if (others.length) throw new UsageError(`--list cannot be combined with --${others[0]}; it only lists what is available`);
    return { kind: "list", runtimes: { specs: undefined, cacheDir: runtimeCacheOf(str("runtime-cache"), ctx.cwd) } };
  }

  const suiteNames = ctx.suites.map((s) => s.name);
  // Without --suites: the default list (opt-in suites such as the communication ones are left out).
  const defaults = ctx.defaultSuites ? suiteNames.filter((n) => ctx.defaultSuites!.includes(n)) : suiteNames;
  const suites = str("suites") !== undefined ? listOf("suite", str("suites")!, suiteNames) : defaults;
  const variants = str("variants") !== undefined ? listOf("variant", str("variants")!, VARIANT_NAMES) : [...VARIANT_NAMES];
  const runtimeSpecs = str("runtimes") !== undefined ? parseRuntimeList(str("runtimes")!, ctx.cwd) : undefined;
  const runtimes = runtimeSpecs && [...new Set(runtimeSpecs.map((s) => s.name))];
  const runtimeCache = runtimeCacheOf(str("runtime-cache"), ctx.cwd);
  const size = str("size") !== undefined ? oneOf("size", str("size")!, SIZE_NAMES) : "default";
  const workers = str("workers") !== undefined ? parseWorkers(str("workers")!, ctx.logicalCores) : [ctx.logicalCores];
  const runs = str("runs") !== undefined ? parseWhole("--runs", str("runs")!, 1, MAX_RUNS) : DEFAULT_RUNS;
  const warmup = str("warmup") !== undefined ? parseWhole("--warmup", str("warmup")!, 0, MAX_RUNS) : DEFAULT_WARMUP;
  const rounds = str("rounds") !== undefined ? parseWhole("--rounds", str("rounds")!, 1, MAX_RUNS) : undefined;
  const budgetS = str("budget") !== undefined ? parseSeconds("--budget", str("budget")!) / 1000 : undefined;
  const seed = str("seed") !== undefined ? parseWhole("--seed", str("seed")!, 0, 0xffffffff) : undefined;
  const cellTimeoutMs = str("cell-timeout") !== undefined ? parseSeconds("--cell-timeout", str("cell-timeout")!) : undefined;
  const out = resolve(ctx.cwd, str("out") ?? "results");
  const api = str("api") !== undefined ? oneOf("api", str("api")!, WORKER_APIS) : "native";

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
    options: {
      runtimes, suites, variants, workers, size, runs, runsGiven: given.has("runs"), warmup, rounds, budgetS, seed,
      out, json: values.json === true, cellTimeoutMs, api, pin: values["no-pin"] !== true, suiteModules: [...(ctx.suiteModules ?? [])],
      suiteFailures: [...(ctx.suiteFailures ?? [])], argv: [...args],
    },
    runtimes: { specs: runtimeSpecs?.map((s) => s.text), cacheDir: runtimeCache },
  };
}

/**
 * The `--runtimes` entries, each checked by runtimes/versions/spec.ts (a name, `name@version` or
 * `name=PATH`); the same entry twice counts once. Nothing is located or installed here.
 */
export function parseRuntimeList(text: string, cwd: string): { text: string; name: BenchRuntimeName }[] {
  const entries = [...new Set(text.split(",").map((s) => s.trim()).filter(Boolean))];
  if (!entries.length) throw new UsageError("--runtimes needs at least one runtime, e.g. --runtimes node,bun@1.3.14,deno=./deno");
  return entries.map((entry) => ({ text: entry, name: parseRuntimeSpec(entry, cwd).name }));
}

/** `--runtime-cache` as an absolute folder (`undefined` when not given). */
function runtimeCacheOf(value: string | undefined, cwd: string): string | undefined {
  if (value === undefined) return undefined;
  if (!value.trim()) throw new UsageError("--runtime-cache needs a folder");
  return resolve(cwd, value);
}

/** The `--suite-file` values of `args` as typed, each once, in order (values missing are left to the parser). */
export function suiteFileArgs(args: readonly string[]): string[] {
  const { values } = parseArgs({ args: [...args], options: OPTIONS, strict: false, allowPositionals: true });
  const given = (values["suite-file"] ?? []) as unknown[];
  return [...new Set(given.filter((v): v is string => typeof v === "string"))];
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
  if (!/^\+?(\d+\.?\d*|\.\d+)$/.test(text.trim()) || !(n > 0) || n > MAX_BUDGET_S) {
    throw new UsageError(`${flag} takes seconds, a number above 0 and at most ${MAX_BUDGET_S}; got '${text}'`);
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
