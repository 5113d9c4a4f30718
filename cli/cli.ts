/**
 * The `tribench` command line: the verb table and the `bench` verb (help, version, list, run). Its
 * flags are parsed in bench/bench_args.ts. Heavy modules (the orchestrator, report renderers, other
 * verbs) are imported only when the verb needs them.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { compiledPath, PROJECT_ROOT } from "../core/project.ts";
import { BENCH_RUNTIMES } from "../runtimes/registry.ts";
import { BENCH_RUNTIME_NAMES, RUNTIME_NAMES, type BenchRuntimeName, type RuntimeInstall } from "../runtimes/types.ts";
import { SUITES } from "../suites/registry.ts";
import { SIZE_NAMES, VARIANT_NAMES, type AnySuite } from "../suites/types.ts";
import { ensureWritableDir, HELP, parseBenchArgs } from "./bench_args.ts";
import { withSuiteFiles } from "./suite_files.ts";
import { logicalCores } from "../reports/machine.ts";
import { oneOf, UsageError } from "../core/usage.ts";
import { toolVersion } from "../core/version.ts";

export { toolVersion };


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
  micro: { summary: "message round-trip micro benchmark", module: "micro/micro.ts" },
  compare: { summary: "compare reports (one or more per side)", module: "cli/compare_cli.ts" },
  merge: { summary: "merge reports into one", module: "cli/merge_cli.ts" },
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
  const ctx = await withSuiteFiles(args, { suites: SUITES as readonly AnySuite[], logicalCores: logicalCores(), cwd: process.cwd() });
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
    process.stdout.write(renderList(found, ctx.suites));
    return 0;
  }
  const options = command.options;
  // By default the JavaScript runtimes: the matrix they make fits the time budget (issue 4).
  // CPython is opt-in (--runtimes …,python): its cells take seconds to minutes each.
  const asked = options.runtimes ?? RUNTIME_NAMES;
  for (const name of options.runtimes ?? []) {
    // An optional runtime (CPython) asked for but absent is skipped with a note, unless it is all that was asked.
    if (!found.get(name) && (!BENCH_RUNTIMES[name].optional || asked.length === 1)) throw new UsageError(name === "node"
        ? "runtime 'node' is not installed; install Node >= 20 and put it on PATH"
        : `runtime '${name}' is not installed; ${BENCH_RUNTIMES[name].installHint ?? `run npm install (it puts ${name} in node_modules/.bin)`}`);
  }
  const installs = asked.map((n) => found.get(n)).filter((i): i is RuntimeInstall<BenchRuntimeName> => i !== undefined);
  const missing = asked.filter((n) => !found.get(n));
  ensureWritableDir(options.out);
  const { runBench } = await import("../run/orchestrator.ts");
  return runBench(options, { installs, suites: ctx.suites as readonly AnySuite[], startWarnings: missing.map((n) => `${n} is not installed and was skipped (${installHint(n)})`) });
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
export function renderList(found: ReadonlyMap<BenchRuntimeName, RuntimeInstall<BenchRuntimeName> | undefined>, suites: readonly AnySuite[] = SUITES): string {
  const lines = ["suites:"];
  const width = Math.max(...suites.map((s) => s.name.length), 4);
  for (const s of suites) lines.push(`  ${s.name.padEnd(width)}  ${s.variants.join(",").padEnd(30)} ${s.description}`);
  lines.push("", `variants: ${VARIANT_NAMES.join(", ")}`, `sizes: ${SIZE_NAMES.join(", ")}`, "", "runtimes:");
  for (const [name, install] of found) {
    lines.push(install ? `  ${name.padEnd(6)} ${install.version.padEnd(10)} ${install.executable} (${install.source})` : `  ${name.padEnd(6)} not installed (${installHint(name)})`);
  }
  return lines.join("\n") + "\n";
}
