/**
 * Private helpers for tests that start the built block entry (`scripts/block.js`) the way the
 * orchestrator does: the same command line (`run/orchestrator.ts` `blockCommand`: the adapter's
 * narrowest permissions, Deno's npm resolution), a marker in its environment so leftovers can be found
 * (`e2e.ts`), and its output collected.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { compiledPath, PROJECT_ROOT } from "../core/project.ts";
import { blockCommand } from "../run/orchestrator.ts";
import { ADAPTERS } from "../runtimes/registry.ts";
import type { RuntimeName } from "../runtimes/types.ts";
import { MARK_ENV } from "./e2e.ts";

/** How a block process ended. */
export interface BlockProcessRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The argv the orchestrator gives a block of `request` (a block request's JSON) on `runtime`, or
 * `undefined` when that runtime is not installed.
 */
export async function blockProcessArgv(runtime: RuntimeName, request: string): Promise<string[] | undefined> {
  const install = await ADAPTERS[runtime].locate();
  return install && blockCommand(install, compiledPath("scripts/block.ts"), request);
}

/** Run `argv` from the project folder with `mark` as {@link MARK_ENV}; resolves once it has exited. */
export function runMarkedProcess(argv: readonly string[], mark: string): Promise<BlockProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, [MARK_ENV]: mark } });
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
