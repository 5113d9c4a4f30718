/**
 * `--suite-file PATH` (repeatable; a glob like `bench/*.suite.ts` too): the user's own workloads.
 * Each file, TypeScript or JavaScript, is bundled once per run into one ES module (run/suite_bundle.ts,
 * cached by content hash) that the orchestrator, every block process and every worker load, so Node
 * 20 runs TypeScript suites and all runtimes run the same code. The bundle is imported here to learn
 * its suites (names, variants, sizes) before the run is planned.
 *
 * What goes wrong where:
 * - a path (or a glob) that matches no file, a folder, or a name another suite has: one line, exit 2;
 * - a file that does not bundle (syntax error, missing import) or does not load (throws on import,
 *   exports no suite, a suite that cannot verify its answer): recorded as a failed cell per runtime
 *   with the one-line reason, and the rest of the run goes on (exit 1 at the end);
 * - a suite whose kernel throws or answers wrong: its block records the cell failed (harness/).
 *
 * @module
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "../core/usage.ts";
import { bundleSuiteFile } from "../run/suite_bundle.ts";
import { importSuiteModule, SUITE_NAMES } from "../suites/registry.ts";
import type { AnySuite } from "../suites/types.ts";
import { suiteFileArgs, type ParseContext, type ParseSuite } from "./bench_args.ts";

/**
 * Bundle and load the `--suite-file`s of `args`; return `ctx` with their suites added to `ctx.suites`
 * (after the built-ins, so they join the default list), the bundles as `ctx.suiteModules` and the
 * files that failed as `ctx.suiteFailures`, for `parseBenchArgs`.
 *
 * @example
 * ```ts
 * const ctx = await withSuiteFiles(args, { suites: SUITES, logicalCores: 2, cwd: process.cwd() });
 * const command = parseBenchArgs(args, ctx);
 * ```
 * @throws {UsageError} a path that matches nothing, a folder, or a suite name already taken
 */
export async function withSuiteFiles<S extends ParseSuite>(args: readonly string[], ctx: ParseContext<S>): Promise<ParseContext<S | AnySuite>> {
  const given = suiteFileArgs(args);
  if (given.length === 0) return ctx;
  const suites: (S | AnySuite)[] = [...ctx.suites];
  const modules: string[] = [];
  const failures: { file: string; reason: string }[] = [];
  // Each file once, however it was named (a path, ./path, a glob that matches it again).
  for (const file of [...new Set(given.flatMap((g) => expandSuiteFile(g, ctx.cwd)))]) {
    const bundle = await bundleSuiteFile(file);
    if (!bundle.ok) {
      if (bundle.missing) throw new UsageError(`--suite-file ${file} does not exist`);
      failures.push({ file, reason: `${basename(file)} does not bundle: ${bundle.reason}` });
      continue;
    }
    let loaded: AnySuite[];
    try {
      loaded = await importSuiteModule(bundle.path);
    } catch (error) {
      const message = ((error as Error).message ?? String(error)).split("\n")[0]!.replace(bundle.path, basename(file));
      failures.push({ file, reason: `${basename(file)} does not load: ${message}` });
      continue;
    }
    for (const suite of loaded) {
      if (suites.some((s) => s.name === suite.name)) {
        throw new UsageError(`--suite-file ${file}: suite name ${suite.name} is already taken${SUITE_NAMES.includes(suite.name) ? " by a built-in suite" : ""}`);
      }
      suites.push(suite);
    }
    modules.push(bundle.path);
  }
  // User suites join the default list.
  const defaultSuites = ctx.defaultSuites ? [...ctx.defaultSuites, ...suites.slice(ctx.suites.length).map((s) => s.name)] : undefined;
  return { ...ctx, suites, ...(defaultSuites ? { defaultSuites } : {}), suiteFileArgs: given, suiteModules: modules, suiteFailures: failures };
}

/**
 * The files one `--suite-file` value names: itself, or for a glob (`*` and `?` in the file name, a
 * `**` folder for any depth) every match, sorted. No match, or a folder: one line, exit 2.
 *
 * @example
 * ```ts
 * expandSuiteFile("bench/*.suite.ts", "/app"); // ["/app/bench/hash.suite.ts", "/app/bench/json.suite.ts"]
 * ```
 */
export function expandSuiteFile(value: string, cwd: string): string[] {
  const path = resolve(cwd, value);
  if (!/[*?]/.test(path)) {
    if (!existsSync(path)) throw new UsageError(`--suite-file ${value} does not exist`);
    if (statSync(path).isDirectory()) throw new UsageError(`--suite-file ${value} is a folder; name the suite files (a glob like ${join(value, "*.suite.ts")} works)`);
    return [path];
  }
  const recursive = path.includes("/**/");
  const base = recursive ? path.slice(0, path.indexOf("/**/")) : dirname(path);
  if (/[*?]/.test(base)) throw new UsageError(`--suite-file ${value}: only the file name (and one ** folder) may hold wildcards`);
  const pattern = globToRegExp(basename(path));
  const found = existsSync(base) && statSync(base).isDirectory() ? filesUnder(base, recursive).filter((f) => pattern.test(basename(f))) : [];
  if (!found.length) throw new UsageError(`--suite-file ${value} matches no file`);
  return found.sort();
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]");
  return new RegExp(`^${body}$`);
}

function filesUnder(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) out.push(...filesUnder(full, true));
    } else out.push(full);
  }
  return out;
}
