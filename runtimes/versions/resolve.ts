/**
 * From `--runtimes` entries to the installs a run measures: plain names are located as before,
 * `name=PATH` is asked its version, `name@version` is taken from the cache or installed into it.
 * Every entry is parsed and its platform package chosen before anything is downloaded, so a typo in
 * the fourth entry costs no download of the first three.
 *
 * Registry use: an exact version already cached needs none; a prefix (`node@22`) asks the registry
 * for the newest match, and when the registry cannot be reached falls back to the newest cached
 * match, saying so. `offline` never asks.
 *
 * @module
 */
import { mkdirSync, realpathSync } from "node:fs";
import { UsageError } from "../../core/usage.ts";
import type { BenchRuntimeName, RuntimeInstall, RuntimeName } from "../types.ts";
import { inspectBuild } from "./build.ts";
import { cachedEntry, cachedVersions, type CacheEntry } from "./cache.ts";
import { installRuntime } from "./install.ts";
import { runtimeLabel } from "./label.ts";
import { isUnreachable, npmVersions, type NpmError, type NpmOptions } from "./npm.ts";
import { hostFacts, platformLabel, platformPackage, type HostFacts, type PlatformPackage } from "./platform.ts";
import { parseRuntimeSpec, type RuntimeSpec } from "./spec.ts";
import { compareVersions, matchesSpec, newestMatch, newestRelease, type VersionSpec } from "./version.ts";

/** Where a versioned install came from. */
export type InstallOrigin = "located" | "cache" | "build";

/** An install with the label a run's columns carry. `source` is `cache` for cached installs, `explicit` for builds. */
export interface VersionedInstall<N extends BenchRuntimeName = BenchRuntimeName> extends RuntimeInstall<N> {
  /** `bun@1.4.5`; a build whose version another entry also has gets `+local` (`+local2`, …). */
  readonly label: string;
  /** The `--runtimes` entry it came from, as typed. */
  readonly spec: string;
  /** Located as before, taken from the runtime cache, or a user's executable. */
  readonly origin: InstallOrigin;
  /** npm package of a cached build, e.g. `@oven/bun-linux-x64`. */
  readonly package?: string;
}

/** Options of {@link resolveRuntimeSpecs}. */
export interface ResolveOptions {
  /** The runtime cache folder (`--runtime-cache`, else cache.ts's `defaultCacheDir()`). */
  readonly cacheDir: string;
  /** npm registry URL to use instead of the one npm is configured for. */
  readonly registry?: string;
  /** Never ask the registry: versions come from the cache only. */
  readonly offline?: boolean;
  /** One line per decision (which version a prefix became, installs, fallbacks). */
  readonly log: (line: string) => void;
  /** How a plain name is found today: the caller passes `BENCH_RUNTIMES[name].locate()`. */
  readonly locate: (name: BenchRuntimeName) => Promise<RuntimeInstall<BenchRuntimeName> | undefined>;
  /** Folder relative `name=PATH` paths start from (default: the current one). */
  readonly cwd?: string;
  /** This machine's OS, CPU and libc (default: {@link hostFacts}); tests pass their own. */
  readonly host?: HostFacts;
  /** How to run npm (command, environment); the registry is {@link ResolveOptions.registry}. */
  readonly npm?: Omit<NpmOptions, "registry">;
}

/** What {@link resolveRuntimeSpecs} found. */
export interface ResolvedRuntimes {
  /** One install per distinct entry, in the order given. */
  readonly installs: readonly VersionedInstall[];
  /** Plain names whose runtime is not installed (the caller refuses or skips them, as it does today). */
  readonly missing: readonly BenchRuntimeName[];
}

/**
 * Resolve `--runtimes` entries. Bad entries, unpublished versions, platforms without a package,
 * failed installs: a one-line {@link UsageError}.
 *
 * @example
 * ```ts
 * const { installs } = await resolveRuntimeSpecs(["node@22", "bun@1.3.14", "deno=./deno"], {
 *   cacheDir: defaultCacheDir(), log: (l) => console.error(l), locate: (n) => BENCH_RUNTIMES[n].locate(),
 * });
 * installs.map((i) => i.label); // ["node@22.23.2", "bun@1.3.14", "deno@2.10.0"]
 * ```
 */
export async function resolveRuntimeSpecs(specs: readonly string[], options: ResolveOptions): Promise<ResolvedRuntimes> {
  const parsed = specs.map((s) => s.trim()).filter(Boolean).map((s) => parseRuntimeSpec(s, options.cwd));
  if (!parsed.length) throw new UsageError("--runtimes needs at least one runtime, e.g. --runtimes node,bun@1.3.14,deno=./deno");
  // Asked only when a version is wanted: on an Intel Mac the AVX2 question runs sysctl.
  let host = options.host;
  const packages = parsed.map((spec) => (spec.kind === "version" ? platformPackage(spec.name, (host ??= hostFacts())) : undefined));
  const found: VersionedInstall[] = [];
  const missing: BenchRuntimeName[] = [];
  for (const [i, spec] of parsed.entries()) {
    const install = await resolveOne(spec, packages[i], { ...options, ...(host ? { host } : {}) });
    if (install) found.push(install);
    else if (!missing.includes(spec.name)) missing.push(spec.name);
  }
  return { installs: labelled(found, options.log), missing };
}

async function resolveOne(spec: RuntimeSpec, pkg: PlatformPackage | undefined, options: ResolveOptions): Promise<VersionedInstall | undefined> {
  if (spec.kind === "located") {
    const install = await options.locate(spec.name);
    return install && { ...install, label: runtimeLabel(install.name, install.version), spec: spec.text, origin: "located" };
  }
  if (spec.kind === "build") {
    const { executable, version } = await inspectBuild(spec.name, spec.path);
    options.log(`${spec.text}: ${spec.name} ${version}`);
    return { name: spec.name, version, executable, source: "explicit", label: runtimeLabel(spec.name, version), spec: spec.text, origin: "build" };
  }
  const entry = await cachedOrInstalled(spec, pkg!, options);
  const { name, version, package: npmPackage } = entry.manifest;
  // The real path, as located installs have: Deno grants --allow-read/--allow-run to the path its
  // Deno.execPath() reports, which is the real one when the cache folder is reached through a link.
  return { name, version, executable: realpathSync(entry.executable), source: "cache", label: runtimeLabel(name, version), spec: spec.text, origin: "cache", package: npmPackage };
}

/** The cache entry for a `name@version` entry, installing the version when it is not cached. */
async function cachedOrInstalled(spec: RuntimeSpec & { kind: "version" }, pkg: PlatformPackage, options: ResolveOptions): Promise<CacheEntry> {
  const { name, version } = spec;
  const where = `${pkg.package} for ${platformLabel(options.host!)}`;
  const cachedList = () => cachedVersions(options.cacheDir, name, pkg.target);
  const newestCached = () => newestCachedMatch(cachedList(), version);
  if (version.exact) {
    const hit = cachedList().find((e) => matchesSpec(e.manifest.version, version));
    if (hit) {
      options.log(`${spec.text}: cached`);
      return hit;
    }
  }
  if (options.offline) {
    const hit = version.exact ? undefined : newestCached();
    if (!hit) throw new UsageError(`${spec.text} is not in the runtime cache and the registry may not be used (offline)${cachedHint(name, cachedList())}`);
    options.log(`${spec.text} → ${hit.manifest.version} (newest cached; offline)`);
    return hit;
  }
  let published: string[];
  try {
    mkdirSync(options.cacheDir, { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot create the runtime cache folder '${options.cacheDir}': ${(error as Error).message.replace(/\s+/g, " ")}`);
  }
  try {
    published = await npmVersions(pkg.package, { ...options.npm, cwd: options.npm?.cwd ?? options.cacheDir, ...(options.registry ? { registry: options.registry } : {}) });
  } catch (error) {
    if ((error as NpmError).notFound) throw new UsageError(`no ${name} build for this platform on the registry: ${where} is not published there`);
    const hit = version.exact || !isUnreachable(error) ? undefined : newestCached();
    if (!hit) throw new UsageError(`cannot ask the npm registry about ${spec.text}: ${(error as Error).message}${cachedHint(name, cachedList())}`);
    options.log(`${spec.text} → ${hit.manifest.version} (newest cached; the registry is unreachable: ${(error as NpmError).code})`);
    return hit;
  }
  const chosen = newestMatch(published, version);
  if (!chosen) {
    const newest = newestRelease(published);
    throw new UsageError(`${name} ${version.text} is not published as ${where}${newest ? ` (newest: ${newest})` : ""}`);
  }
  const cached = cachedEntry(options.cacheDir, name, chosen, pkg.target);
  if (!version.exact) options.log(`${spec.text} → ${chosen} (newest published${cached ? "; cached" : ""})`);
  return cached ?? installRuntime(pkg, chosen, { cacheDir: options.cacheDir, npm: { ...options.npm, ...(options.registry ? { registry: options.registry } : {}) }, log: options.log });
}

function newestCachedMatch(entries: readonly CacheEntry[], version: VersionSpec): CacheEntry | undefined {
  return entries.filter((e) => matchesSpec(e.manifest.version, version)).sort((a, b) => compareVersions(a.manifest.version, b.manifest.version)).at(-1);
}

function cachedHint(name: RuntimeName, entries: readonly CacheEntry[]): string {
  const versions = entries.map((e) => e.manifest.version).sort(compareVersions);
  return versions.length ? `; cached ${name} versions: ${versions.join(", ")}` : `; no ${name} version is cached`;
}

/**
 * Drop repeats and make labels unique: the same executable twice, or a located and a cached copy of
 * one version, is measured once; a user's build sharing a version with another entry is kept and
 * labelled `+local`, because comparing your build with the release of the same version is the point.
 */
function labelled(installs: readonly VersionedInstall[], log: (line: string) => void): VersionedInstall[] {
  const distinct: VersionedInstall[] = [];
  for (const install of installs) {
    const same = distinct.find((k) => k.executable === install.executable || (k.label === install.label && k.origin !== "build" && install.origin !== "build"));
    if (same) log(`${install.spec} is the same as ${same.spec} (${same.label}); measured once`);
    else distinct.push(install);
  }
  const taken = new Set(distinct.filter((i) => i.origin !== "build").map((i) => i.label));
  return distinct.map((install) => {
    if (install.origin !== "build") return install;
    let label = install.label;
    for (let n = 1; taken.has(label); n++) label = `${install.label}+local${n === 1 ? "" : n}`;
    taken.add(label);
    return label === install.label ? install : { ...install, label };
  });
}
