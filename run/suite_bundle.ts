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
 * Cache: a bundle is kept and reused while nothing it was built from changed (`suite_cache.ts`), so a
 * second run starts no esbuild.
 *
 * @module
 */
import { existsSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { compiledPath } from "../core/project.ts";
import { cachedBundle, configFilesOf, hashInputs, storeBundle, suiteCacheDir, usableCacheDir, type CacheEnv } from "./suite_cache.ts";

/** Bumped when the recipe below changes, so older bundles are never reused (`suite_cache.ts`). */
const BUNDLE_FORMAT = "tribench-suite-bundle/1";

/** The module a user suite's `import … from "tribench"` gets: this tool's own public entry. */
export const API_ENTRY: string = compiledPath("api/mod.ts");

/** Where bundles go and how to reach them. */
export interface BundleOptions {
  /** The cache folder; default {@link suiteCacheDir} of the suite file. */
  readonly cacheDir?: string;
  /** Environment for the XDG fallback; default `process.env`. */
  readonly env?: CacheEnv;
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
  const recipe = { format: BUNDLE_FORMAT, esbuild: esbuild.version };
  const hit = await cachedBundle(cacheDir, entry, recipe);
  if (hit) return { ok: true, ...hit, cached: true };

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
  try {
    return { ok: true, ...(await storeBundle(cacheDir, entry, recipe, inputs, text)), cached: false };
  } catch (error) {
    return { ok: false, reason: `${file}: cannot write its bundle in ${cacheDir}: ${oneLine(error)}`, missing: false };
  }
}
