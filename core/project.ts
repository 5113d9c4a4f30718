/**
 * Where the project and its compiled code live, found from this module's own location, so that every
 * runtime resolves the same paths whatever the working directory is.
 *
 * @module
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the project root (the folder holding `package.json`). */
export const PROJECT_ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Absolute path of the compiled JavaScript (`dist/`). */
export const DIST_DIR: string = join(PROJECT_ROOT, "dist");

/** Absolute path of a compiled module, from its source path relative to the root, e.g. `runtimes/worker_entry.ts`. */
export function compiledPath(sourcePath: string): string {
  return join(DIST_DIR, sourcePath.replace(/\.ts$/, ".js"));
}
