/**
 * Bundle a user's suite file (`--suite-file`, TypeScript or JavaScript, with its own imports and npm
 * packages) into ONE self-contained ES module that exports `SUITES`, which every runtime's block
 * processes and workers import. One file that imports nothing but `node:` built-ins is why Node 20
 * runs a TypeScript suite, why Deno's workers (run with `--no-config`, so no npm resolution) and Bun's
 * load the same code, and why a worker needs read access to that one file only.
 *
 * The bundler is **esbuild** (the JS API of the `esbuild` package): it strips TypeScript types,
 * resolves npm packages the way Node does (`exports`, `main`, conditions) and turns CommonJS
 * dependencies into ES module code, in one process, in milliseconds. tsc does not bundle; Rollup needs
 * plugins for TypeScript, CommonJS and resolution; `bun build` and `deno bundle` would tie the tool to
 * one runtime. Settings: `format: "esm"` (workers import modules), `platform: "node"` (Node's
 * resolution and conditions, built-ins left external), `target: "es2022"` (what every supported runtime
 * runs, as tsconfig's), every built-in written as `node:NAME` (Deno resolves only that form), a
 * `require` made with `createRequire` for CommonJS dependencies that `require()` a built-in (esbuild's
 * ESM output has none), and the bare import `tribench` resolved to the running tool's own API entry
 * (dist/api/mod.js), so a suite is built with the `defineSuite` of the tribench that runs it, even from
 * a global install or `npx`.
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
import { existsSync, statSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { compiledPath } from "../core/project.ts";

/** Bumped when the recipe below changes, so older bundles are never reused. */
const BUNDLE_FORMAT = "tribench-suite-bundle/1";

/** The module a user suite's `import … from "tribench"` gets: this tool's own public entry. */
export const API_ENTRY: string = compiledPath("api/mod.ts");

/** Where bundles go and how to reach them. */
export interface BundleOptions {
  /** The cache folder; default {@link suiteCacheDir} of the suite file. */
  readonly cacheDir?: string;
  /** Environment for the XDG fallback; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A bundled suite file, or why it could not be bundled (one line). */
export type SuiteBundle =
  | {
      readonly ok: true;
      /** Absolute path of the bundle: an ES module exporting `SUITES`, importing only `node:` built-ins. */
      readonly path: string;
      /** Its content hash (hex SHA-256 of the recipe and every input), also its file name. */
      readonly hash: string;
      /** Whether it came from the cache (no esbuild run). */
      readonly cached: boolean;
      /** Absolute paths of the files it was built from, entry first. */
      readonly inputs: readonly string[];
    }
  | {
      readonly ok: false;
      /** One line: what failed, with the file, line and column when esbuild gave them. */
      readonly reason: string;
      /** True when the suite file itself does not exist (the command line makes that a usage error, exit 2). */
      readonly missing: boolean;
    };

/** One input of a bundle and the SHA-256 of its content. */
interface HashedInput {
  readonly path: string;
  readonly sha256: string;
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
export function suiteCacheDir(file: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  for (let dir = dirname(resolve(file)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return join(dir, "node_modules", ".cache", "tribench", "suites");
    if (dirname(dir) === dir) return xdgCacheDir(env);
  }
}

function xdgCacheDir(env: Readonly<Record<string, string | undefined>>): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith("/") ? env.XDG_CACHE_HOME : join(env.HOME || homedir(), ".cache");
  return join(base, "tribench", "suites");
}

/** The name esbuild gives the virtual entry in messages and the metafile (no file has it). */
const WRAPPER_NAME = "<tribench suite entry>";

/** The virtual entry: import the user's module and export its suites as `SUITES`, whatever form it used. */
function wrapperFor(entry: string): string {
  const none = `${entry}: exports no suite: write \`export default defineSuite({ ... })\` or \`export const suites = [ ... ]\``;
  return [
    `import * as user from ${JSON.stringify(entry)};`,
    "const found = user.SUITES ?? user.suites ?? user.default;",
    "const list = found == null ? [] : Array.isArray(found) ? found : [found];",
    `if (list.length === 0) throw new Error(${JSON.stringify(none)});`,
    "export const SUITES = list;",
    "",
  ].join("\n");
}

/** The bundle's first lines: where it came from, and a `require` for CommonJS code that needs a built-in. */
const BANNER = [
  "// tribench suite bundle (run/suite_bundle.ts): generated, do not edit.",
  'import { createRequire as __tribenchCreateRequire } from "node:module";',
  "const require = __tribenchCreateRequire(import.meta.url);",
].join("\n");

/** The files beside an input that steer how esbuild read it: its nearest package.json and tsconfig.json. */
function configFilesOf(file: string, memo: Map<string, string[]>): string[] {
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
async function hashInputs(paths: readonly string[]): Promise<HashedInput[] | undefined> {
  const [entry, ...rest] = paths;
  const ordered = [entry!, ...[...new Set(rest)].filter((p) => p !== entry).sort()];
  try {
    return await Promise.all(ordered.map(async (path) => ({ path, sha256: sha256(await readFile(path)) })));
  } catch {
    return undefined;
  }
}

/** The bundle's name: the recipe and every input, path and content. */
function bundleHash(esbuildVersion: string, entry: string, inputs: readonly HashedInput[]): string {
  const recipe = [BUNDLE_FORMAT, `esbuild ${esbuildVersion}`, `entry ${entry}`, ...inputs.map((i) => `${i.sha256} ${i.path}`)];
  return sha256(recipe.join("\n"));
}

/** Write `text` to `path` through a temporary file and a rename, so a reader never sees half a bundle. */
async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temp, text);
  await rename(temp, path);
}

/**
 * The first of esbuild's errors as one line, `file:line:column: text`, the file as the user would
 * type it (relative to the working directory when inside it; esbuild gives it relative to `base`).
 */
function esbuildReason(error: unknown, base: string): string {
  const first = (error as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] })?.errors?.[0];
  if (!first) return oneLine(error);
  let where = "";
  if (first.location) {
    const absolute = resolve(base, first.location.file);
    const shown = relative(process.cwd(), absolute);
    where = `${shown.startsWith("..") || isAbsolute(shown) ? absolute : shown}:${first.location.line}:${first.location.column + 1}: `;
  }
  return `${where}${first.text}`.replace(/\s*\n\s*/g, " ");
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.trim() || "unknown error";
}

/** A cache folder that can be written: `preferred`, else the XDG cache; undefined when neither can. */
async function usableCacheDir(preferred: string, env: Readonly<Record<string, string | undefined>>, explicit: boolean): Promise<string | undefined> {
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
 * Bundle suite file `file` (see the module text), or return it from the cache when neither it nor
 * anything it imports changed. Never throws for a bad suite: a missing file, a syntax error or an
 * import that cannot be resolved comes back as `{ ok: false, reason }` with a one-line reason. The
 * bundle's suites are not checked here: importing it (suites/registry.ts `importSuiteModule`) does.
 *
 * @example
 * ```ts
 * const bundle = await bundleSuiteFile("bench/hash.suite.ts");
 * if (bundle.ok) await importSuiteModule(bundle.path); // the suites of the file
 * else console.error(`tribench: ${bundle.reason}`);
 * ```
 */
export async function bundleSuiteFile(file: string, options: BundleOptions = {}): Promise<SuiteBundle> {
  const entry = resolve(file);
  if (!existsSync(entry)) return { ok: false, reason: `${file}: no such file`, missing: true };
  if (!statSync(entry).isFile()) return { ok: false, reason: `${file}: not a file`, missing: true };
  const env = options.env ?? process.env;
  const cacheDir = await usableCacheDir(options.cacheDir ?? suiteCacheDir(entry, env), env, options.cacheDir !== undefined);
  if (cacheDir === undefined) return { ok: false, reason: `${file}: no writable cache folder for its bundle (tried ${options.cacheDir ?? suiteCacheDir(entry, env)})`, missing: false };

  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch (error) {
    return { ok: false, reason: `cannot load esbuild to bundle ${file}: ${oneLine(error)}`, missing: false };
  }
  const manifestPath = join(cacheDir, "entries", `${sha256(entry).slice(0, 32)}.json`);
  const hit = await cachedBundle(manifestPath, cacheDir, entry, esbuild.version);
  if (hit) return hit;

  let result: Awaited<ReturnType<typeof esbuild.build>> & { metafile: import("esbuild").Metafile };
  try {
    result = (await esbuild.build({
      stdin: { contents: wrapperFor(entry), resolveDir: dirname(entry), sourcefile: WRAPPER_NAME, loader: "js" },
      absWorkingDir: dirname(entry),
      bundle: true,
      write: false,
      metafile: true,
      format: "esm",
      platform: "node",
      target: "es2022",
      banner: { js: BANNER },
      logLevel: "silent",
      plugins: [
        {
          name: "tribench-imports",
          setup(build) {
            build.onResolve({ filter: /^tribench$/ }, () => ({ path: API_ENTRY }));
            // Deno resolves a built-in only as `node:NAME`; npm code often writes `fs` or `path`.
            build.onResolve({ filter: /^[^./]/ }, (args) => (isBuiltin(args.path) ? { path: args.path.startsWith("node:") ? args.path : `node:${args.path}`, external: true } : undefined));
          },
        },
      ],
    })) as typeof result;
  } catch (error) {
    return { ok: false, reason: esbuildReason(error, dirname(entry)), missing: false };
  }
  const text = result.outputFiles?.[0]?.text;
  if (text === undefined) return { ok: false, reason: `${file}: esbuild produced no output`, missing: false };

  const memo = new Map<string, string[]>();
  const sources = Object.keys(result.metafile.inputs)
    .filter((p) => p !== WRAPPER_NAME && p !== "<stdin>")
    .map((p) => resolve(dirname(entry), p));
  const read = [entry, ...sources, ...sources.flatMap((p) => configFilesOf(p, memo))];
  const inputs = await hashInputs(read);
  if (inputs === undefined) return { ok: false, reason: `${file}: an input changed or vanished while it was bundled; run again`, missing: false };
  const hash = bundleHash(esbuild.version, entry, inputs);
  const path = join(cacheDir, `${hash}.mjs`);
  try {
    if (!existsSync(path)) await writeAtomic(path, text);
    const manifest: EntryManifest = { format: BUNDLE_FORMAT, esbuild: esbuild.version, entry, hash, inputs };
    await writeAtomic(manifestPath, `${JSON.stringify(manifest, null, 1)}\n`);
  } catch (error) {
    return { ok: false, reason: `${file}: cannot write its bundle in ${cacheDir}: ${oneLine(error)}`, missing: false };
  }
  return { ok: true, path, hash, cached: false, inputs: inputs.map((i) => i.path) };
}

/** The cached bundle of `entry` when its manifest's inputs all still hash the same, else undefined. */
async function cachedBundle(manifestPath: string, cacheDir: string, entry: string, esbuildVersion: string): Promise<SuiteBundle | undefined> {
  let manifest: EntryManifest;
  try {
    manifest = JSON.parse(await readFile(manifestPath, "utf8")) as EntryManifest;
  } catch {
    return undefined;
  }
  if (manifest.format !== BUNDLE_FORMAT || manifest.esbuild !== esbuildVersion || manifest.entry !== entry || !Array.isArray(manifest.inputs)) return undefined;
  const now = await hashInputs(manifest.inputs.map((i) => i.path));
  if (now === undefined || now.length !== manifest.inputs.length || now.some((i, k) => i.sha256 !== manifest.inputs[k]!.sha256)) return undefined;
  const hash = bundleHash(esbuildVersion, entry, now);
  const path = join(cacheDir, `${hash}.mjs`);
  if (hash !== manifest.hash || !existsSync(path)) return undefined;
  return { ok: true, path, hash, cached: true, inputs: now.map((i) => i.path) };
}
