/**
 * Starting the CPython entry (`runtimes/python/block.py`) from its JS host (`python_block.ts`) and
 * collecting what it printed, kept apart from the host's record checks so they read on their own.
 *
 * Signals: SIGTERM / SIGINT sent to the host are passed on to Python, which then closes its pools and
 * answers with a failure record; the runner's process-group kill remains the backstop.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { PYTHON_FLAGS } from "../runtimes/python.ts";
import { clip } from "../core/text.ts";

/** What a Python entry left behind once it exited. */
export interface PythonExit {
  stdout: string;
  /** The last 16 KiB of its stderr (all of it was also passed on to the host's stderr). */
  stderr: string;
  code: number | null;
  signal: string | null;
  /** Set when the interpreter could not be started at all. */
  startError?: string;
}

/**
 * Run `python` on `script` with the one argument `request` and resolve when it has exited. Never rejects.
 *
 * @example
 * ```ts
 * const exit = await runPythonScript("/no/such/python3", "block.py", "{}");
 * exit.startError; // "spawn /no/such/python3 ENOENT"
 * ```
 */
export function runPythonScript(python: string, script: string, request: string): Promise<PythonExit> {
  return new Promise((resolve) => {
    const child = spawn(python, [...PYTHON_FLAGS, script, request], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    // Python's stderr is passed on (the runner keeps its tail to explain a crash) and kept for our own message.
    child.stderr!.setEncoding("utf8").on("data", (d: string) => {
      stderr = (stderr + d).slice(-16_384);
      process.stderr.write(d);
    });
    const onTerm = () => child.kill("SIGTERM");
    const onInt = () => child.kill("SIGINT");
    process.on("SIGTERM", onTerm);
    process.on("SIGINT", onInt);
    let spawnError: Error | undefined;
    child.on("error", (error) => (spawnError = error));
    child.on("close", (code, signal) => {
      process.removeListener("SIGTERM", onTerm);
      process.removeListener("SIGINT", onInt);
      const startError = spawnError && child.pid === undefined ? spawnError.message : undefined;
      resolve({ stdout, stderr, code, signal, ...(startError ? { startError } : {}) });
    });
  });
}

/** The last non-empty line of `text`, clipped: the one-line hint of why a Python entry died. */
export function lastLine(text: string): string {
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  return lines.length ? clip(lines[lines.length - 1]!, 160) : "";
}

/** How a Python entry that printed no record ended, in words: `exited with code 1` or `was killed by SIGKILL`. */
export function howItEnded(exit: { code: number | null; signal: string | null }): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}
