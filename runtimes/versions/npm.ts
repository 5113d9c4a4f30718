/**
 * The two things we ask npm: which versions a package has (`npm view`), and to install one exact
 * version into a folder (`npm install --prefix`). npm does it, not our own HTTP client, so the user's
 * npm configuration (registry, scoped registries, proxy, CA, auth tokens in ~/.npmrc or `npm_config_*`)
 * applies, and npm checks the tarball against the registry's `dist.integrity` (sha512) before
 * unpacking. npm runs in the cache folder, so a project `.npmrc` in the current folder does not apply.
 *
 * @module
 */
import { spawn } from "node:child_process";

/** How to run npm. Tests pass an isolated `env` (own npm cache and user config). */
export interface NpmOptions {
  /** The npm executable (default `npm`, `npm.cmd` on Windows). */
  readonly command?: string;
  /** npm's environment (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** A registry URL overriding npm's configured one (for every scope of the package too). */
  readonly registry?: string;
  /** The folder npm runs in. */
  readonly cwd?: string;
}

/** npm failed: `code` is npm's (`E404`, `ETARGET`, `EINTEGRITY`, `ECONNREFUSED`, …) or ours (`ENOENT`: no npm, `ETIME`). */
export class NpmError extends Error {
  override readonly name = "NpmError";
  constructor(readonly code: string, message: string) {
    super(message);
  }
  /** The registry answered "no such package" (not a network problem). */
  get notFound(): boolean {
    return this.code === "E404";
  }
}

/** `view` should fail fast when the registry is unreachable (npm's defaults retry for ~70 s). */
const VIEW_RETRY_FLAGS = ["--fetch-retries=1", "--fetch-retry-mintimeout=1000", "--fetch-retry-maxtimeout=3000"];
const QUIET_FLAGS = ["--loglevel=error", "--no-update-notifier", "--no-audit", "--no-fund", "--progress=false"];
/** A `view` that takes longer than this is a stuck network. */
const VIEW_TIMEOUT_MS = 120_000;
/** A runtime package is 30–60 MB compressed: this is a very slow network, not a slow install. */
const INSTALL_TIMEOUT_MS = 30 * 60_000;

/**
 * Every version `pkg` has on the registry. Throws {@link NpmError}.
 *
 * @example
 * ```ts
 * await npmVersions("@deno/linux-x64-glibc"); // ["1.46.0", "1.46.2", …, "2.9.6"]
 * ```
 */
export async function npmVersions(pkg: string, options: NpmOptions = {}): Promise<string[]> {
  const { stdout } = await runNpm(["view", pkg, "versions", "--json", ...VIEW_RETRY_FLAGS], pkg, options, VIEW_TIMEOUT_MS);
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new NpmError("EJSONPARSE", `npm view ${pkg} printed no JSON`);
  }
  // npm prints a bare string when a package has exactly one version.
  if (typeof parsed === "string") return [parsed];
  if (Array.isArray(parsed) && parsed.every((v) => typeof v === "string")) return parsed as string[];
  throw new NpmError("EJSONPARSE", `npm view ${pkg} printed an unexpected answer`);
}

/**
 * Install `pkg@version` into `prefix/node_modules` with no package.json, no lockfile, no install
 * scripts (no package code runs) and no `.bin` links. Throws {@link NpmError}.
 */
export async function npmInstall(pkg: string, version: string, prefix: string, options: NpmOptions = {}): Promise<void> {
  await runNpm(["install", `${pkg}@${version}`, "--prefix", prefix, "--no-save", "--no-package-lock", "--ignore-scripts", "--no-bin-links", "--json"], pkg, options, INSTALL_TIMEOUT_MS);
}

function registryFlags(pkg: string, registry: string | undefined): string[] {
  if (!registry) return [];
  const scope = pkg.startsWith("@") ? pkg.slice(0, pkg.indexOf("/")) : undefined;
  // A scoped registry in the user's config would win over --registry for @oven/… and @deno/….
  return [`--registry=${registry}`, ...(scope ? [`--${scope}:registry=${registry}`] : [])];
}

function runNpm(args: string[], pkg: string, options: NpmOptions, timeoutMs: number): Promise<{ stdout: string }> {
  const windows = process.platform === "win32";
  const command = options.command ?? (windows ? "npm.cmd" : "npm");
  const argv = [...args, ...QUIET_FLAGS, ...registryFlags(pkg, options.registry)];
  return new Promise((resolve, reject) => {
    // A .cmd file runs only through the shell (Node >= 20.12 refuses it otherwise).
    const child = spawn(command, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"], shell: windows });
    let stdout = "", stderr = "", timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === "ENOENT" ? new NpmError("ENOENT", `npm was not found (${command}); tribench installs runtime versions with npm`) : new NpmError(error.code ?? "ESPAWN", `cannot run npm: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return reject(new NpmError("ETIME", `npm ${args[0]} ${pkg} took over ${Math.round(timeoutMs / 60_000)} minutes and was stopped`));
      if (code === 0) return resolve({ stdout });
      reject(npmFailure(args[0]!, stdout, stderr, code, signal));
    });
  });
}

/** npm's error as one line: its code and summary from the `--json` error object, else from its log lines. */
export function npmFailure(verb: string, stdout: string, stderr: string, code: number | null, signal: NodeJS.Signals | null): NpmError {
  let found: { code?: unknown; summary?: unknown } | undefined;
  try {
    // npm prints the error object last; for `install --json` it may follow other JSON.
    const start = stdout.lastIndexOf('{\n  "error"');
    found = (JSON.parse(start >= 0 ? stdout.slice(start) : stdout) as { error?: typeof found }).error;
  } catch {
    found = undefined;
  }
  const errCode = typeof found?.code === "string" ? found.code : /npm (?:error|ERR!) code (\S+)/.exec(stderr)?.[1] ?? (signal ? "ESIGNAL" : "EUNKNOWN");
  const lines = stderr.split("\n").map((l) => l.replace(/^npm (?:error|ERR!)\s*/, "").trim())
    .filter((l) => l && !/^(code|errno|syscall) /.test(l) && !/complete log of this run|^at /.test(l));
  let summary = typeof found?.summary === "string" && found.summary ? found.summary : lines[0] ?? (signal ? `killed by ${signal}` : `exit code ${code}`);
  if (errCode === "EINTEGRITY") {
    // npm's text repeats two 88-character digests; the short forms say the same.
    const [wanted, got] = [/wanted (sha512-\S{12})/.exec(summary)?.[1], /got (sha512-\S{12})/.exec(summary)?.[1]];
    summary = `the downloaded tarball does not match the registry's integrity${wanted && got ? ` (wanted ${wanted}…, got ${got}…)` : ""}`;
  }
  return new NpmError(errCode, `npm ${verb} failed (${errCode}): ${summary.replace(/\s+/g, " ").trim()}`);
}

/** Whether an npm failure means the registry could not be reached (so a cached copy may stand in). */
export function isUnreachable(error: unknown): boolean {
  return error instanceof NpmError && !error.notFound && !["E401", "E403", "ETARGET", "EJSONPARSE"].includes(error.code);
}
