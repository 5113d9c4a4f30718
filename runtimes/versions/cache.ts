/**
 * The runtime cache on disk:
 *
 * ```
 * <cache>/runtimes/<name>/<version>/<target>/tribench-runtime.json   the manifest, written last
 * <cache>/runtimes/<name>/<version>/<target>/node_modules/<package>/…  what npm installed
 * <cache>/runtimes/<name>/<version>/.tmp-<target>-<pid>-<random>/      an install in progress
 * ```
 *
 * `<target>` is the platform part of the package (`linux-x64`, `linux-x64-baseline`): a cache shared
 * between machines (a CI cache restored on another CPU) never hands a build to a CPU it cannot run on.
 * An entry is usable only with a manifest whose executable exists; installs rename a verified
 * temporary folder into place, so a killed install leaves only a `.tmp-` folder, which nothing reads
 * and {@link cleanStaleTemps} removes once its process is gone.
 *
 * @module
 */
import { accessSync, constants, existsSync, lstatSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { homeDir } from "./_home.ts";
import type { RuntimeName } from "../types.ts";
import { compareVersions, matchesSpec, type VersionSpec } from "./version.ts";
import { processAlive } from "../../core/process_group.ts";

/** Schema tag of {@link CacheManifest}. */
export const MANIFEST_SCHEMA = "tribench/runtime-cache@1";
/** The manifest's file name inside an entry. */
export const MANIFEST_FILE = "tribench-runtime.json";
/** Prefix of install-in-progress folders. */
export const TEMP_PREFIX = ".tmp-";
/** A temporary folder older than this is stale even if its pid is alive again (pid reuse). */
const STALE_TEMP_MS = 24 * 3600_000;

/** What an entry records about itself. */
export interface CacheManifest {
  readonly schema: typeof MANIFEST_SCHEMA;
  readonly name: RuntimeName;
  readonly version: string;
  /** npm package it came from, e.g. `@oven/bun-linux-x64`. */
  readonly package: string;
  /** Platform part of the package: the entry's folder name. */
  readonly target: string;
  /** `dist.integrity` npm checked the tarball against (from npm's hidden lockfile), when npm recorded one. */
  readonly integrity?: string;
  /** The registry asked, when one was given; otherwise npm's configured one. */
  readonly registry?: string;
  /** Executable path relative to the entry folder, `/`-separated. */
  readonly executable: string;
  /** ISO time of the install. */
  readonly installedAt: string;
}

/** One usable cached runtime build. */
export interface CacheEntry {
  readonly manifest: CacheManifest;
  /** The entry folder. */
  readonly dir: string;
  /** Absolute path of the executable. */
  readonly executable: string;
}

/**
 * The default cache folder: `$XDG_CACHE_HOME/tribench`, else `%LOCALAPPDATA%\tribench` on Windows,
 * else `~/.cache/tribench`. `env` and `home` are parameters so nothing deep reads the environment.
 *
 * @example
 * ```ts
 * defaultCacheDir({ XDG_CACHE_HOME: "/var/cache" }); // "/var/cache/tribench"
 * ```
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, home: string = homeDir(env), platform: string = process.platform): string {
  // The XDG spec: a relative XDG_CACHE_HOME is invalid and must be ignored.
  if (env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith("/")) return join(env.XDG_CACHE_HOME, "tribench");
  if (platform === "win32" && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, "tribench");
  return join(home, ".cache", "tribench");
}

/** The folder of all builds of one version. */
export function versionDir(cacheDir: string, name: RuntimeName, version: string): string {
  return join(cacheDir, "runtimes", name, version);
}

/** The entry folder of one build. */
export function entryDir(cacheDir: string, name: RuntimeName, version: string, target: string): string {
  return join(versionDir(cacheDir, name, version), target);
}

/** The usable entry at `dir`, or `undefined` (no manifest, a manifest of another schema, no executable). */
export function readEntry(dir: string): CacheEntry | undefined {
  let manifest: CacheManifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), "utf8")) as CacheManifest;
  } catch {
    return undefined;
  }
  if (manifest?.schema !== MANIFEST_SCHEMA || typeof manifest.executable !== "string" || typeof manifest.version !== "string") return undefined;
  const executable = join(dir, ...manifest.executable.split("/"));
  try {
    accessSync(executable, process.platform === "win32" ? constants.F_OK : constants.X_OK);
  } catch {
    return undefined;
  }
  return { manifest, dir, executable };
}

/** The cached build of `name@version` for `target`, if usable. */
export function cachedEntry(cacheDir: string, name: RuntimeName, version: string, target: string): CacheEntry | undefined {
  return readEntry(entryDir(cacheDir, name, version, target));
}

/** Everything under the cache, usable or not, for listing and pruning. */
export interface CacheScan {
  /** Usable entries, by name then version (newest first) then target. */
  readonly entries: readonly (CacheEntry & { readonly sizeBytes: number })[];
  /** Folders that are neither usable entries nor installs in progress (e.g. a manifest gone missing). */
  readonly broken: readonly { readonly dir: string; readonly name: string; readonly version: string; readonly sizeBytes: number }[];
  /** `.tmp-` folders of installs that were killed (their process is gone). */
  readonly unfinished: readonly { readonly dir: string; readonly sizeBytes: number }[];
}

/** Read the whole cache (sizes included: it walks every file, so only listing and pruning call this). */
export function scanCache(cacheDir: string, now: number = Date.now()): CacheScan {
  const entries: (CacheEntry & { sizeBytes: number })[] = [];
  const broken: { dir: string; name: string; version: string; sizeBytes: number }[] = [];
  const unfinished: { dir: string; sizeBytes: number }[] = [];
  const root = join(cacheDir, "runtimes");
  for (const name of subdirs(root)) {
    for (const version of subdirs(join(root, name))) {
      const vdir = join(root, name, version);
      for (const target of subdirs(vdir, true)) {
        const dir = join(vdir, target);
        if (target.startsWith(TEMP_PREFIX)) {
          if (isStaleTemp(dir, target, now)) unfinished.push({ dir, sizeBytes: sizeOf(dir) });
          continue;
        }
        const entry = readEntry(dir);
        if (entry) entries.push({ ...entry, sizeBytes: sizeOf(dir) });
        else broken.push({ dir, name, version, sizeBytes: sizeOf(dir) });
      }
    }
  }
  entries.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name) || compareVersions(b.manifest.version, a.manifest.version) || a.manifest.target.localeCompare(b.manifest.target));
  return { entries, broken, unfinished };
}

/** Usable entries of `name` for `target` (no sizes: cheap enough for every run). */
export function cachedVersions(cacheDir: string, name: RuntimeName, target: string): CacheEntry[] {
  const root = join(cacheDir, "runtimes", name);
  return subdirs(root).map((v) => readEntry(join(root, v, target))).filter((e): e is CacheEntry => e !== undefined);
}

/**
 * Remove the `.tmp-` folders in `dir` whose install process is gone (or that are over a day old),
 * returning how many. A live install by another tribench keeps its folder.
 */
export function cleanStaleTemps(dir: string, now: number = Date.now()): number {
  let removed = 0;
  for (const name of subdirs(dir, true)) {
    if (!name.startsWith(TEMP_PREFIX) || !isStaleTemp(join(dir, name), name, now)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** The temporary folder name for an install by this process. */
export function tempName(target: string, pid: number = process.pid): string {
  return `${TEMP_PREFIX}${target}-${pid}-${Math.random().toString(36).slice(2, 10)}`;
}

function isStaleTemp(path: string, name: string, now: number): boolean {
  const pid = Number(/-(\d+)-[a-z0-9]+$/.exec(name)?.[1]);
  let age = Infinity;
  try {
    age = now - statSync(path).mtimeMs;
  } catch {
    return false; // gone already
  }
  return age > STALE_TEMP_MS || !Number.isInteger(pid) || !processAlive(pid);
}

function subdirs(dir: string, withHidden = false): string[] {
  if (!existsSync(dir)) return [];
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && (withHidden || !d.name.startsWith(".")))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

/** Bytes of every file under `path` (symlinks counted as links, never followed). */
export function sizeOf(path: string): number {
  let total = 0;
  const stack = [path];
  while (stack.length) {
    const p = stack.pop()!;
    let st;
    try {
      st = lstatSync(p);
    } catch {
      continue;
    }
    total += st.isDirectory() ? 0 : st.size;
    if (st.isDirectory()) for (const child of readdirSync(p)) stack.push(join(p, child));
  }
  return total;
}

/**
 * A size for people: `91 MB`, `1.2 GB`, `512 kB` (decimal units, as npm and `du --si` print them).
 *
 * @example
 * ```ts
 * formatSize(94_668_824); // "95 MB"
 * ```
 */
export function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

/** What `prune` removes: every build of `name`, or of the versions `version` matches (pre-releases included). */
export interface PruneTarget {
  readonly name: RuntimeName;
  readonly version?: VersionSpec;
}

/** One removed folder. */
export interface PrunedFolder {
  /** `bun@1.4.5 (linux-x64)`, `bun@1.4.5 (broken)`, or `unfinished install`. */
  readonly what: string;
  readonly dir: string;
  readonly sizeBytes: number;
}

/**
 * Remove cached builds: everything (no targets), or those the targets match. Unfinished installs
 * (killed, their process gone) and broken folders of a matched runtime go too. Empty version and
 * name folders are removed after.
 */
export function pruneCache(cacheDir: string, targets: readonly PruneTarget[] = []): PrunedFolder[] {
  const scan = scanCache(cacheDir);
  const wanted = (name: string, version: string) =>
    !targets.length || targets.some((t) => t.name === name && (!t.version || matchesSpec(version, t.version, true)));
  const removed: PrunedFolder[] = [];
  for (const e of scan.entries) {
    if (wanted(e.manifest.name, e.manifest.version)) removed.push({ what: `${e.manifest.name}@${e.manifest.version} (${e.manifest.target})`, dir: e.dir, sizeBytes: e.sizeBytes });
  }
  for (const b of scan.broken) if (wanted(b.name, b.version)) removed.push({ what: `${b.name}@${b.version} (broken)`, dir: b.dir, sizeBytes: b.sizeBytes });
  const root = join(cacheDir, "runtimes");
  for (const u of scan.unfinished) {
    const [name, version] = u.dir.slice(root.length + 1).split(/[\\/]/);
    if (wanted(name!, version!)) removed.push({ what: "unfinished install", dir: u.dir, sizeBytes: u.sizeBytes });
  }
  for (const r of removed) rmSync(r.dir, { recursive: true, force: true });
  for (const name of subdirs(root)) {
    for (const version of subdirs(join(root, name))) removeIfEmpty(join(root, name, version));
    removeIfEmpty(join(root, name));
  }
  return removed;
}

function removeIfEmpty(dir: string): void {
  try {
    if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
  } catch {
    // Raced with an install, or already gone: leave it.
  }
}
