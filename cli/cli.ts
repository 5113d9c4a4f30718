/**
 * The `tribench` command line: the verb table and the `bench` verb (help, version, list, run). Its
 * flags are parsed in bench/bench_args.ts. Heavy modules (the orchestrator, report renderers, other
 * verbs) are imported only when the verb needs them.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { compiledPath } from "../core/project.ts";
import { BENCH_RUNTIMES } from "../runtimes/registry.ts";
import { BENCH_RUNTIME_NAMES, RUNTIME_NAMES, type BenchRuntimeName, type RuntimeInstall } from "../runtimes/types.ts";
import {
  cachedVersions, compareVersions, defaultCacheDir, hostFacts, platformPackage, resolveRuntimeSpecs, runtimeLabel, type VersionedInstall,
} from "../runtimes/versions/mod.ts";
import type { Report } from "../reports/report.ts";
import { BUILTIN_SUITES, SUITE_NAMES } from "../suites/registry.ts";
import { SIZE_NAMES, VARIANT_NAMES, type AnySuite } from "../suites/types.ts";
import { ensureWritableDir, HELP, parseBenchArgs, type RuntimeRequest } from "./bench_args.ts";
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
  runtimes: { summary: "list or prune the runtime versions cached for --runtimes name@version", module: "cli/runtimes_cli.ts" },
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
  const ctx = await withSuiteFiles(args, { suites: BUILTIN_SUITES, defaultSuites: SUITE_NAMES, logicalCores: logicalCores(), cwd: process.cwd() });
  const command = parseBenchArgs(args, ctx);
  if (command.kind === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  if (command.kind === "version") {
    process.stdout.write(`tribench ${toolVersion()}\n`);
    return 0;
  }
  if (command.kind === "list") {
    const found = await locateRuntimes(BENCH_RUNTIME_NAMES);
    process.stdout.write(renderList(found, ctx.suites) + renderCached(command.runtimes.cacheDir ?? defaultCacheDir()));
    return 0;
  }
  const options = command.options;
  ensureWritableDir(options.out);
  const { installs, missing } = await resolveInstalls(command.runtimes);
  const { runBench } = await import("../run/orchestrator.ts");
  return runBench(options, {
    installs, suites: ctx.suites as readonly AnySuite[], startWarnings: missing.map((n) => `${n} is not installed and was skipped (${installHint(n)})`),
    addendum: await versusAddendum(installs),
  });
}

/**
 * The installs a run measures. By default the JavaScript runtimes that are installed: the matrix they
 * make fits the time budget (issue 4); CPython is opt-in (--runtimes …,python): its cells take seconds
 * to minutes each. A plain name asked for but not installed is refused, except an optional runtime
 * (CPython) among others, which is skipped with a note; `name@version` and `name=PATH` entries either
 * resolve or fail with one line (runtimes/versions/resolve.ts).
 */
async function resolveInstalls(request: RuntimeRequest): Promise<{ installs: VersionedInstall[]; missing: BenchRuntimeName[] }> {
  const specs = request.specs ?? [...RUNTIME_NAMES];
  const resolved = await resolveRuntimeSpecs(specs, {
    cacheDir: request.cacheDir ?? defaultCacheDir(),
    log: (line) => process.stderr.write(`tribench: ${line}\n`),
    locate: (name) => BENCH_RUNTIMES[name].locate().catch(() => undefined),
    cwd: process.cwd(),
  });
  for (const name of request.specs ? resolved.missing : []) {
    if (!BENCH_RUNTIMES[name].optional || specs.length === 1) throw new UsageError(name === "node"
        ? "runtime 'node' is not installed; install Node >= 20 and put it on PATH, or ask for a version: --runtimes node@22"
        : `runtime '${name}' is not installed; ${BENCH_RUNTIMES[name].installHint ?? `run npm install (it puts ${name} in node_modules/.bin), or ask for a version: --runtimes ${name}@<version>`}`);
  }
  if (!resolved.installs.length) throw new UsageError("no runtime is installed; install Node >= 20, or ask for a version: --runtimes node@22");
  return { installs: [...resolved.installs], missing: [...resolved.missing] };
}

/**
 * The versus section (analysis/versus.ts) when the run holds two or more versions of one runtime;
 * the analysis is loaded only then. The run layer cannot import analyses, so it gets this hook.
 */
async function versusAddendum(installs: readonly VersionedInstall[]): Promise<((report: Report) => { markdown: string[]; terminal: string[] } | undefined) | undefined> {
  const names = installs.map((i) => i.name);
  if (names.every((n, i) => names.indexOf(n) === i)) return undefined;
  const [{ versusOfReport }, { versusMarkdown, versusLines }] = await Promise.all([import("../analysis/versus.ts"), import("../analysis/versus_markdown.ts")]);
  return (report) => {
    const versus = versusOfReport(report);
    return versus.pairs.length ? { markdown: [versusMarkdown(versus)], terminal: versusLines(versus) } : undefined;
  };
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

/**
 * The `--list` lines of the runtime cache: the versions cached for this platform, oldest first. Cheap (no
 * sizes, no registry): `tribench runtimes` lists them with their sizes.
 */
export function renderCached(cacheDir: string): string {
  const labels: string[] = [];
  let host;
  for (const name of RUNTIME_NAMES) {
    try {
      const pkg = platformPackage(name, (host ??= hostFacts()));
      const versions = cachedVersions(cacheDir, name, pkg.target).map((e) => e.manifest.version).sort(compareVersions);
      labels.push(...versions.map((v) => runtimeLabel(name, v)));
    } catch {
      // No package of this runtime for this platform: nothing of it can be cached.
    }
  }
  const list = labels.length ? labels.join(", ") : "none";
  return `\nruntime cache (${cacheDir}; --runtimes name@version installs there, tribench runtimes lists sizes):\n  ${list}\n`;
}

/** The `--list` text: suites with their variants and sizes, runtimes found with version and path. */
export function renderList(found: ReadonlyMap<BenchRuntimeName, RuntimeInstall<BenchRuntimeName> | undefined>, suites: readonly AnySuite[] = BUILTIN_SUITES): string {
  const lines = ["suites:"];
  const width = Math.max(...suites.map((s) => s.name.length), 4);
  for (const s of suites) lines.push(`  ${s.name.padEnd(width)}  ${s.variants.join(",").padEnd(30)} ${s.description}`);
  lines.push("", `variants: ${VARIANT_NAMES.join(", ")}`, `sizes: ${SIZE_NAMES.join(", ")}`, "", "runtimes:");
  for (const [name, install] of found) {
    lines.push(install ? `  ${name.padEnd(6)} ${install.version.padEnd(10)} ${install.executable} (${install.source})` : `  ${name.padEnd(6)} not installed (${installHint(name)})`);
  }
  return lines.join("\n") + "\n";
}
