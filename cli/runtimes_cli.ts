/**
 * `tribench runtimes [list] [--json]` shows the runtime versions in the cache with their sizes;
 * `tribench runtimes prune [NAME[@VERSION] …]` removes them (all, one runtime, or the versions a
 * spec matches). Exit 0, or 2 for bad input (a one-line {@link UsageError}).
 *
 * @module
 */
import { oneOf, UsageError } from "../core/usage.ts";
import { defaultCacheDir, formatSize, parseRuntimeSpec, pruneCache, scanCache, type PruneTarget } from "../runtimes/versions/mod.ts";
import { parseVerbArgs } from "./report_args.ts";

/** Usage text of `tribench runtimes --help`. */
export const RUNTIMES_USAGE = `Usage: tribench runtimes [list] [--json] [--runtime-cache DIR]
       tribench runtimes prune [NAME[@VERSION] ...] [--runtime-cache DIR]

Runtime versions asked for with --runtimes name@version (node@22, bun@1.3.14, deno@2.8) are installed
with npm into a cache and reused from there, with no network. This lists them with their sizes, or
removes them: every cached version, every version of NAME, or those NAME@VERSION matches (bun@1.3
removes every 1.3.x). Unfinished installs left by a killed run are removed with them.

Options:
  --runtime-cache DIR   the cache folder (default: $XDG_CACHE_HOME/tribench, else ~/.cache/tribench)
  --json                list as JSON (tribench/runtime-cache-list@1)
  --help                this text
`;

const OPTIONS = {
  "runtime-cache": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** What the verb may touch from outside: where output goes and the environment the default cache comes from. */
export interface RuntimesIo {
  readonly stdout: Pick<NodeJS.WritableStream, "write">;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Run `tribench runtimes` with the arguments after the verb.
 *
 * @example
 * ```ts
 * process.exitCode = await main(["prune", "bun@1.3"]);
 * ```
 */
export async function main(args: string[], io: RuntimesIo = { stdout: process.stdout, env: process.env }): Promise<number> {
  const { values, positionals } = parseVerbArgs("runtimes", args, OPTIONS);
  if (values.help) {
    io.stdout.write(RUNTIMES_USAGE);
    return 0;
  }
  const command = oneOf("runtimes command", positionals[0] ?? "list", ["list", "prune"]);
  const cacheDir = values["runtime-cache"] ?? defaultCacheDir(io.env);
  if (values["runtime-cache"] !== undefined && !cacheDir.trim()) throw new UsageError("--runtime-cache needs a folder");
  if (command === "list") {
    if (positionals.length > 1) throw new UsageError(`runtimes list takes no arguments, not '${positionals[1]}'; see tribench runtimes --help`);
    io.stdout.write(values.json ? listJson(cacheDir) : listText(cacheDir));
    return 0;
  }
  if (values.json) throw new UsageError("--json applies to runtimes list, not prune");
  const targets = positionals.slice(1).map(pruneTarget);
  const before = scanCache(cacheDir);
  const removed = pruneCache(cacheDir, targets);
  if (!removed.length && targets.length) {
    const cached = before.entries.map((e) => `${e.manifest.name}@${e.manifest.version}`);
    throw new UsageError(`nothing in the runtime cache matches ${positionals.slice(1).join(", ")}; ${cached.length ? `cached: ${[...new Set(cached)].join(", ")}` : "the cache is empty"}`);
  }
  for (const r of removed) io.stdout.write(`removed ${r.what}, ${formatSize(r.sizeBytes)}\n`);
  const total = removed.reduce((s, r) => s + r.sizeBytes, 0);
  io.stdout.write(removed.length ? `freed ${formatSize(total)} in ${cacheDir}\n` : `the runtime cache is empty (${cacheDir})\n`);
  return 0;
}

function pruneTarget(text: string): PruneTarget {
  const spec = parseRuntimeSpec(text);
  if (spec.kind === "build") throw new UsageError(`prune takes NAME or NAME@VERSION, not a path ('${text}'): the cache holds only installed versions`);
  if (spec.kind === "version") return { name: spec.name, version: spec.version };
  if (spec.name === "python") throw new UsageError("the runtime cache holds no python: tribench installs only node, deno and bun versions");
  return { name: spec.name };
}

function listText(cacheDir: string): string {
  const scan = scanCache(cacheDir);
  const lines: string[] = [];
  const total = [...scan.entries, ...scan.broken, ...scan.unfinished].reduce((s, e) => s + e.sizeBytes, 0);
  if (!scan.entries.length) lines.push(`no runtime versions cached in ${cacheDir}`);
  else lines.push(`${scan.entries.length} runtime version(s) cached in ${cacheDir}, ${formatSize(total)}:`);
  const rows = scan.entries.map((e) => [`${e.manifest.name}@${e.manifest.version}`, e.manifest.target, e.manifest.package, formatSize(e.sizeBytes), e.manifest.installedAt.slice(0, 10)]);
  const widths = rows.reduce((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), [] as number[]);
  for (const r of rows) lines.push(`  ${r.map((c, i) => (i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd()}`);
  const leftovers = scan.broken.length + scan.unfinished.length;
  if (leftovers) {
    const bytes = [...scan.broken, ...scan.unfinished].reduce((s, e) => s + e.sizeBytes, 0);
    lines.push(`${leftovers} unusable folder(s) (unfinished or broken installs), ${formatSize(bytes)}: tribench runtimes prune removes them`);
  }
  return lines.join("\n") + "\n";
}

function listJson(cacheDir: string): string {
  const scan = scanCache(cacheDir);
  return JSON.stringify({
    schema: "tribench/runtime-cache-list@1",
    cacheDir,
    runtimes: scan.entries.map((e) => ({ ...e.manifest, label: `${e.manifest.name}@${e.manifest.version}`, executable: e.executable, dir: e.dir, sizeBytes: e.sizeBytes })),
    unusable: [...scan.broken, ...scan.unfinished].map((e) => ({ dir: e.dir, sizeBytes: e.sizeBytes })),
  }, null, 2) + "\n";
}
