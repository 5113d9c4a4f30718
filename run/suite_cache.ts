/**
 * Where a suite file's bundle (`suite_bundle.ts`) is kept and when it may be reused.
 *
 * Cache: bundles live in `<project>/node_modules/.cache/tribench/suites/` (`<project>` = the nearest
 * folder above the suite file holding a `package.json`), the convention of find-cache-dir (babel-loader,
 * AVA, nyc): git ignores it already, it goes with `rm -rf node_modules`, one project's bundles never mix
 * with another's, and it sits in the user's project, which a run reads anyway. Without a project (or a
 * writable `node_modules`) the XDG cache, `$XDG_CACHE_HOME/tribench/suites` (default `~/.cache`), is used.
 * Layout: `<hash>.mjs` is a bundle, named by the SHA-256 of the bundle recipe (format version, esbuild
 * version, the entry's path) and of every input esbuild read (path and content), plus the nearest
 * `package.json` and `tsconfig.json` of each input's folder (they steer resolution and TypeScript).
 * `entries/<sha256(entry path)>.json` lists the inputs of the last bundle of an entry and their hashes:
 * a second bundling re-hashes exactly those files and, when they are unchanged, returns the cached
 * bundle without starting esbuild. Old bundles are not pruned (each is small; delete the folder to clear).
 *
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";

/** The environment the XDG fallback reads. */
export type CacheEnv = Readonly<Record<string, string | undefined>>;

/** What a bundle was made with: a bundle made otherwise is never reused. */
export interface BundleRecipe {
  /** The version of the bundle settings (suite_bundle.ts `BUNDLE_FORMAT`). */
  readonly format: string;
  /** esbuild's version. */
  readonly esbuild: string;
}

/** One input of a bundle and the SHA-256 of its content. */
export interface HashedInput {
  readonly path: string;
  readonly sha256: string;
}

/** A bundle in the cache: its path, its hash (also its file name) and the files it was built from, entry first. */
export interface CachedBundle {
  readonly path: string;
  readonly hash: string;
  readonly inputs: readonly string[];
}

/** `entries/<id>.json`: the last bundle of one entry. */
interface EntryManifest {
  readonly format: string;
  readonly esbuild: string;
  readonly entry: string;
  readonly hash: string;
  readonly inputs: readonly HashedInput[];
}

const sha256 = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex");

/**
 * The default cache folder for suite file `file` (see the module text): `<project>/node_modules/.cache/
 * tribench/suites` for the nearest folder above it with a `package.json`, else the XDG cache.
 *
 * @example
 * ```ts
 * suiteCacheDir("/home/me/app/bench/hash.suite.ts"); // "/home/me/app/node_modules/.cache/tribench/suites" when /home/me/app/package.json exists
 * ```
 */
export function suiteCacheDir(file: string, env: CacheEnv = process.env): string {
  for (let dir = dirname(resolve(file)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return join(dir, "node_modules", ".cache", "tribench", "suites");
    if (dirname(dir) === dir) return xdgCacheDir(env);
  }
}

function xdgCacheDir(env: CacheEnv): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith("/") ? env.XDG_CACHE_HOME : join(env.HOME || homedir(), ".cache");
  return join(base, "tribench", "suites");
}

/**
 * A cache folder that can be written: `preferred`, else (unless it was `explicit`) the XDG cache;
 * `undefined` when neither can.
 */
export async function usableCacheDir(preferred: string, env: CacheEnv, explicit: boolean): Promise<string | undefined> {
  for (const dir of explicit ? [preferred] : [preferred, xdgCacheDir(env)]) {
    try {
      await mkdir(join(dir, "entries"), { recursive: true });
      return dir;
    } catch {
      // not writable: try the next one
    }
  }
  return undefined;
}

/**
 * The files beside an input that steer how esbuild read it: its nearest package.json and tsconfig.json
 * (`memo` is shared across the inputs of one bundle, so each folder is searched once).
 */
export function configFilesOf(file: string, memo: Map<string, string[]>): string[] {
  const found: string[] = [];
  for (const name of ["package.json", "tsconfig.json"]) {
    for (let dir = dirname(file); ; dir = dirname(dir)) {
      const key = `${dir}\0${name}`;
      const known = memo.get(key);
      if (known) {
        found.push(...known);
        break;
      }
      const candidate = join(dir, name);
      if (existsSync(candidate)) {
        memo.set(key, [candidate]);
        found.push(candidate);
        break;
      }
      if (dirname(dir) === dir) {
        memo.set(key, []);
        break;
      }
    }
  }
  return found;
}

/** Hash `paths` (deduplicated, entry first, the rest sorted); undefined when one cannot be read. */
export async function hashInputs(paths: readonly string[]): Promise<HashedInput[] | undefined> {
  const [entry, ...rest] = paths;
  const ordered = [entry!, ...[...new Set(rest)].filter((p) => p !== entry).sort()];
  try {
    return await Promise.all(ordered.map(async (path) => ({ path, sha256: sha256(await readFile(path)) })));
  } catch {
    return undefined;
  }
}

/** The bundle's name: the recipe and every input, path and content. */
function bundleHash(recipe: BundleRecipe, entry: string, inputs: readonly HashedInput[]): string {
  const lines = [recipe.format, `esbuild ${recipe.esbuild}`, `entry ${entry}`, ...inputs.map((i) => `${i.sha256} ${i.path}`)];
  return sha256(lines.join("\n"));
}

const manifestPathOf = (cacheDir: string, entry: string) => join(cacheDir, "entries", `${sha256(entry).slice(0, 32)}.json`);

/** Write `text` to `path` through a temporary file and a rename, so a reader never sees half a bundle. */
async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temp, text);
  await rename(temp, path);
}

/** The cached bundle of `entry` when its manifest's inputs all still hash the same, else undefined. */
export async function cachedBundle(cacheDir: string, entry: string, recipe: BundleRecipe): Promise<CachedBundle | undefined> {
  let manifest: EntryManifest;
  try {
    manifest = JSON.parse(await readFile(manifestPathOf(cacheDir, entry), "utf8")) as EntryManifest;
  } catch {
    return undefined;
  }
  if (manifest.format !== recipe.format || manifest.esbuild !== recipe.esbuild || manifest.entry !== entry || !Array.isArray(manifest.inputs)) return undefined;
  const now = await hashInputs(manifest.inputs.map((i) => i.path));
  if (now === undefined || now.length !== manifest.inputs.length || now.some((i, k) => i.sha256 !== manifest.inputs[k]!.sha256)) return undefined;
  const hash = bundleHash(recipe, entry, now);
  const path = join(cacheDir, `${hash}.mjs`);
  if (hash !== manifest.hash || !existsSync(path)) return undefined;
  return { path, hash, inputs: now.map((i) => i.path) };
}

/**
 * Keep bundle `text` of `entry`, built from `inputs`, in `cacheDir` (the bundle, then the entry's
 * manifest, each written atomically). Throws when the folder cannot be written.
 */
export async function storeBundle(cacheDir: string, entry: string, recipe: BundleRecipe, inputs: readonly HashedInput[], text: string): Promise<CachedBundle> {
  const hash = bundleHash(recipe, entry, inputs);
  const path = join(cacheDir, `${hash}.mjs`);
  if (!existsSync(path)) await writeAtomic(path, text);
  const manifest: EntryManifest = { format: recipe.format, esbuild: recipe.esbuild, entry, hash, inputs };
  await writeAtomic(manifestPathOf(cacheDir, entry), `${JSON.stringify(manifest, null, 1)}\n`);
  return { path, hash, inputs: inputs.map((i) => i.path) };
}
