/**
 * Installing one runtime build into the cache, atomically: npm installs into a temporary sibling
 * folder, we check that the executable runs here and reports the version asked for, write the
 * manifest, and only then rename the folder into place. A failure removes the temporary folder; a
 * killed install leaves one that no reader takes for an entry (see cache.ts).
 *
 * @module
 */
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../../core/usage.ts";
import { cleanStaleTemps, entryDir, formatSize, MANIFEST_FILE, MANIFEST_SCHEMA, readEntry, sizeOf, tempName, versionDir, type CacheEntry, type CacheManifest } from "./cache.ts";
import { npmInstall, type NpmOptions } from "./npm.ts";
import type { PlatformPackage } from "./platform.ts";
import { parseVersion, versionIn } from "./version.ts";

/** Where and how to install. */
export interface InstallOptions {
  /** The cache folder (see cache.ts for its layout). */
  readonly cacheDir: string;
  /** How to run npm (registry, environment). */
  readonly npm?: NpmOptions;
  /** Progress lines for the person waiting. */
  readonly log?: (line: string) => void;
}

/** How long a fresh executable may take to answer `--version` (a first start can be slow on a cold disk). */
const VERSION_TIMEOUT_MS = 30_000;

/**
 * Install `pkg` at exactly `version` into the cache and return the entry. Throws a one-line
 * {@link UsageError} when npm fails or the executable does not run or reports another version;
 * nothing is left in the cache then.
 *
 * @example
 * ```ts
 * const entry = await installRuntime(platformPackage("bun", hostFacts()), "1.3.14", { cacheDir: defaultCacheDir() });
 * entry.executable; // "~/.cache/tribench/runtimes/bun/1.3.14/linux-x64/node_modules/@oven/bun-linux-x64/bin/bun"
 * ```
 */
export async function installRuntime(pkg: PlatformPackage, version: string, options: InstallOptions): Promise<CacheEntry> {
  const what = `${pkg.runtime} ${version} (${pkg.package})`;
  const parent = versionDir(options.cacheDir, pkg.runtime, version);
  const final = entryDir(options.cacheDir, pkg.runtime, version, pkg.target);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot create the runtime cache folder '${parent}': ${(error as Error).message.replace(/\s+/g, " ")}`);
  }
  cleanStaleTemps(parent);
  const temp = join(parent, tempName(pkg.target));
  mkdirSync(temp);
  try {
    options.log?.(`installing ${what} with npm…`);
    try {
      await npmInstall(pkg.package, version, temp, { ...options.npm, cwd: options.npm?.cwd ?? parent });
    } catch (error) {
      throw new UsageError(`cannot install ${what}: ${(error as Error).message}; nothing was cached`);
    }
    const packageDir = join("node_modules", ...pkg.package.split("/"));
    const executable = `${packageDir.split(/[\\/]/).join("/")}/${declaredBin(join(temp, packageDir), pkg) ?? pkg.executable}`;
    const absolute = join(temp, ...executable.split("/"));
    try {
      const mode = statSync(absolute).mode;
      if (pkg.needsChmod) chmodSync(absolute, mode | 0o111);
    } catch {
      throw new UsageError(`${what} holds no executable at ${executable}; nothing was cached`);
    }
    await verifyVersion(absolute, pkg, version, what);
    const manifest: CacheManifest = {
      schema: MANIFEST_SCHEMA,
      name: pkg.runtime,
      version,
      package: pkg.package,
      target: pkg.target,
      ...integrityOf(temp, pkg.package),
      ...(options.npm?.registry ? { registry: options.npm.registry } : {}),
      executable,
      installedAt: new Date().toISOString(),
    };
    writeFileSync(join(temp, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + "\n");
    const entry = moveIntoPlace(temp, final);
    options.log?.(`installed ${what}, ${formatSize(sizeOf(final))}, in ${final}`);
    return entry;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** Rename the verified folder into place; when another install got there first with a usable entry, keep that one. */
function moveIntoPlace(temp: string, final: string): CacheEntry {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      renameSync(temp, final);
      const entry = readEntry(final);
      if (entry) return entry;
      throw new Error("the renamed entry is not readable");
    } catch (error) {
      const existing = readEntry(final);
      if (existing) return existing;
      if (attempt === 1) throw new UsageError(`cannot move the installed runtime into '${final}': ${(error as Error).message.replace(/\s+/g, " ")}`);
      // A folder that is not a usable entry (manifest lost, half-deleted): replace it.
      rmSync(final, { recursive: true, force: true });
    }
  }
  throw new Error("unreachable");
}

/** The executable a package's own `bin` field names for its runtime (Node's packages have one). */
function declaredBin(packageDir: string, pkg: PlatformPackage): string | undefined {
  try {
    const json = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { bin?: unknown };
    const bin = typeof json.bin === "object" && json.bin ? (json.bin as Record<string, unknown>)[pkg.runtime] : undefined;
    return typeof bin === "string" && !bin.includes("..") ? bin.replace(/^\.\//, "") : undefined;
  } catch {
    return undefined;
  }
}

/** The `dist.integrity` npm recorded in its hidden lockfile for the package it verified. */
function integrityOf(prefix: string, pkg: string): { integrity?: string } {
  try {
    const lock = JSON.parse(readFileSync(join(prefix, "node_modules", ".package-lock.json"), "utf8")) as { packages?: Record<string, { integrity?: unknown }> };
    const integrity = lock.packages?.[`node_modules/${pkg}`]?.integrity;
    return typeof integrity === "string" ? { integrity } : {};
  } catch {
    return {};
  }
}

/** Run `executable --version` and check the release it names (major.minor.patch) is `version`. */
async function verifyVersion(executable: string, pkg: PlatformPackage, version: string, what: string): Promise<void> {
  const answer = await new Promise<{ output: string; error?: Error & { signal?: NodeJS.Signals | null } }>((resolve) => {
    execFile(executable, ["--version"], { timeout: VERSION_TIMEOUT_MS, encoding: "utf8" }, (error, stdout, stderr) => resolve({ output: `${stdout}${stderr}`, ...(error ? { error } : {}) }));
  });
  if (answer.error) {
    const why = answer.error.signal ? `killed by ${answer.error.signal}` : answer.error.message.split("\n")[0]!;
    const hint = answer.error.signal === "SIGILL" && pkg.runtime === "bun" && !pkg.target.endsWith("-baseline") ? " (this CPU may lack AVX2: Bun's -baseline build would run)" : "";
    throw new UsageError(`${what} does not run on this machine: ${why}${hint}; nothing was cached`);
  }
  const reported = versionIn(answer.output) ?? "";
  const [want, got] = [parseVersion(version), parseVersion(reported)];
  if (!got || !want || got.major !== want.major || got.minor !== want.minor || got.patch !== want.patch) {
    throw new UsageError(`${what} reports version '${reported || answer.output.trim().split("\n")[0]}' instead of ${version}; nothing was cached`);
  }
}
