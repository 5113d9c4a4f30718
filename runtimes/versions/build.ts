/**
 * `name=PATH`: an executable the user built or installed. Its version is asked from it, and the
 * answer's shape must be that runtime's, so `node=./bun` is refused instead of measured as Node.
 *
 * @module
 */
import { execFile } from "node:child_process";
import { accessSync, constants, realpathSync, statSync } from "node:fs";
import { UsageError } from "../../core/usage.ts";
import type { BenchRuntimeName } from "../types.ts";
import { versionIn } from "./version.ts";

/**
 * How each runtime's `--version` begins: `v22.11.0` (node), `deno 2.9.6 (…)`, `1.4.5` (bun),
 * `Python 3.12.3`. Checked on the first line only.
 */
const VERSION_LINE: Readonly<Record<BenchRuntimeName, RegExp>> = {
  node: /^v\d+\.\d+\.\d+/,
  deno: /^deno \d+\.\d+\.\d+/,
  bun: /^\d+\.\d+\.\d+/,
  python: /^Python \d+\.\d+\.\d+/,
};

/** A custom build's `--version` may be slow on first start; a hung one must not hang the run. */
const VERSION_TIMEOUT_MS = 30_000;

/**
 * Check `path` is an executable of runtime `name` and return its real path and version. Every
 * failure is a one-line {@link UsageError} naming the spec.
 *
 * @example
 * ```ts
 * await inspectBuild("deno", "/home/me/deno/target/release/deno"); // { executable: "/home/me/…/deno", version: "2.10.0" }
 * ```
 */
export async function inspectBuild(name: BenchRuntimeName, path: string): Promise<{ executable: string; version: string }> {
  const spec = `${name}=${path}`;
  let executable: string;
  try {
    executable = realpathSync(path);
    if (statSync(executable).isDirectory()) throw new UsageError(`${spec}: '${path}' is a folder; give the ${name} executable inside it`);
    accessSync(executable, process.platform === "win32" ? constants.F_OK : constants.X_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" ? `${spec}: '${path}' does not exist` : code === "EACCES" ? `${spec}: '${path}' is not executable (chmod +x it)` : `${spec}: cannot use '${path}': ${(error as Error).message.replace(/\s+/g, " ")}`);
  }
  const output = await new Promise<string>((resolve, reject) => {
    execFile(executable, ["--version"], { timeout: VERSION_TIMEOUT_MS, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) {
        const { code, signal } = error as Error & { code?: unknown; signal?: string | null };
        const why = signal ? `was killed by ${signal}` : typeof code === "number" ? `exited with code ${code}` : `failed: ${error.message.split("\n")[0]}`;
        reject(new UsageError(`${spec}: '${path} --version' ${why}`));
      }
      // python2 printed its version on stderr; everything current prints on stdout.
      else resolve(stdout.trim() ? stdout : stderr);
    });
  });
  const first = output.trim().split("\n")[0]?.trim() ?? "";
  const version = versionIn(first);
  if (!VERSION_LINE[name].test(first) || !version) {
    throw new UsageError(`${spec}: '${path} --version' answered '${first.slice(0, 80)}', which is not how ${name} reports its version`);
  }
  return { executable, version };
}
