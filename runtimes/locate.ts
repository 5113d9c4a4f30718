/**
 * Finding runtime executables and their versions, shared by the adapters: the project's
 * `node_modules/.bin` first, `PATH` when asked (or when nothing else exists).
 *
 * @module
 */
import { execFile } from "node:child_process";
import { accessSync, constants, realpathSync } from "node:fs";
import { delimiter, join } from "node:path";
import { PROJECT_ROOT } from "../core/project.ts";
import type { RuntimeInstall, RuntimeName } from "./types.ts";

/** The executable `name` in the project's `node_modules/.bin`, if it is there and executable. */
export function projectBin(name: string): string | undefined {
  return executableAt(join(PROJECT_ROOT, "node_modules", ".bin", name));
}

/** The first executable `name` on `PATH`, if any. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const found = executableAt(join(dir, name));
    if (found) return found;
  }
  return undefined;
}

function executableAt(path: string): string | undefined {
  try {
    accessSync(path, constants.X_OK);
    // Resolve the npm shim symlink so the reported path is the real binary.
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Run `executable --version` and pull the first `x.y.z` out of its output. */
export function versionOf(executable: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(executable, ["--version"], { timeout: 10_000 }, (error, stdout) => {
      if (error) return resolve(undefined);
      resolve(/(\d+\.\d+\.\d+[^\s]*)/.exec(stdout)?.[1]);
    });
  });
}

/**
 * The usual search: an explicit executable, else `node_modules/.bin`, else `PATH` (the order of the
 * last two swaps with `preferPath`). `self` is the running executable when it is this runtime.
 */
export async function locateRuntime(
  name: RuntimeName,
  options: { preferPath?: boolean; executable?: string } = {},
  self?: { executable: string; version: string },
): Promise<RuntimeInstall | undefined> {
  const candidates: { executable: string | undefined; source: RuntimeInstall["source"] }[] = [];
  if (options.executable) candidates.push({ executable: executableAt(options.executable), source: "explicit" });
  else {
    const local = { executable: projectBin(name), source: "node_modules" as const };
    const path = { executable: onPath(name), source: "path" as const };
    const own = self ? [{ executable: self.executable, source: "self" as const }] : [];
    candidates.push(...(options.preferPath ? [path, ...own, local] : [...own, local, path]));
  }
  for (const { executable, source } of candidates) {
    if (!executable) continue;
    const version = source === "self" && self ? self.version : await versionOf(executable);
    if (version) return { name, version, executable, source };
  }
  return undefined;
}
