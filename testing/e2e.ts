/**
 * Private helpers for end-to-end tests that run the built `tribench` as a child process on Node, Deno
 * or Bun: start it with a marker in its environment (every process it starts inherits it, so leftovers
 * can be found in /proc whatever their pid), wait for it, and look for processes still alive.
 *
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { compiledPath, PROJECT_ROOT } from "../core/project.ts";
import type { RuntimeName } from "../runtimes/types.ts";

/** The environment variable carrying a test's marker. */
export const MARK_ENV = "TRIBENCH_TEST_MARK";

/** How a finished `tribench` run ended. */
export interface E2eRun {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link startTribench}. */
export interface E2eOptions {
  /** Which runtime runs the orchestrator (Deno with the `deno task bench` permissions). */
  readonly runtime: RuntimeName;
  readonly args: readonly string[];
  /** Marker put in the environment as {@link MARK_ENV}. */
  readonly mark: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Virtual memory limit (KiB) for the run and everything it starts (`ulimit -v`), e.g. to make Bun run out of memory. */
  readonly ulimitVirtualKb?: number;
  /** Called with all stderr so far, each time more arrives. */
  readonly onStderr?: (text: string, child: ChildProcess) => void;
}

/** The argv that runs the built `tribench` on `runtime`. */
export function tribenchArgv(runtime: RuntimeName): string[] {
  const script = compiledPath("scripts/tribench.ts");
  const bin = (name: string) => `${PROJECT_ROOT}/node_modules/.bin/${name}`;
  if (runtime === "node") return [process.platform === "win32" ? "node" : nodeExecutable(), script];
  if (runtime === "bun") return [bin("bun"), script];
  // The same permissions as `deno task bench`, so the product's Deno command line is what is tested.
  const task = (JSON.parse(readFileSync(`${PROJECT_ROOT}/deno.json`, "utf8")) as { tasks: { bench: { command: string } } }).tasks.bench.command;
  const words = task.split(/\s+/);
  return [bin("deno"), ...words.slice(1, -1), script];
}

/** Node's executable: ours when we run on Node, else `node` from PATH. */
function nodeExecutable(): string {
  const onNode = typeof (globalThis as { Deno?: unknown }).Deno === "undefined" && typeof (process.versions as { bun?: string }).bun === "undefined";
  return onNode ? process.execPath : "node";
}

/** Start the built `tribench`; returns the child and a promise of how it ended. */
export function startTribench(options: E2eOptions): { child: ChildProcess; done: Promise<E2eRun> } {
  let argv = [...tribenchArgv(options.runtime), ...options.args];
  if (options.ulimitVirtualKb !== undefined) argv = ["/bin/sh", "-c", `ulimit -v ${options.ulimitVirtualKb} && exec "$@"`, "sh", ...argv];
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CI: "1", NO_COLOR: "1", GITHUB_STEP_SUMMARY: "", [MARK_ENV]: options.mark, ...options.env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8");
  child.stderr!.setEncoding("utf8");
  child.stdout!.on("data", (d: string) => (stdout += d));
  child.stderr!.on("data", (d: string) => {
    stderr += d;
    options.onStderr?.(stderr, child);
  });
  const done = new Promise<E2eRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Live (not zombie) processes whose environment carries `mark` (Linux /proc). */
export function processesMarked(mark: string): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  const needle = `${MARK_ENV}=${mark}\0`;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, "latin1").includes(needle)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const state = stat.slice(stat.lastIndexOf(")") + 2)[0];
      if (state === "Z" || state === "X") continue;
      found.push({ pid: Number(entry), cmdline: readFileSync(`/proc/${entry}/cmdline`, "latin1").replace(/\0/g, " ").trim() });
    } catch {
      // Gone while we looked, or not ours to read.
    }
  }
  return found;
}

/**
 * Processes of the run still alive after allowing `graceMs` for kills already sent to land. Whatever
 * is found is then SIGKILLed, so a failing test leaves nothing behind either.
 */
export async function leftoversOf(mark: string, graceMs = 5000): Promise<{ pid: number; cmdline: string }[]> {
  const until = Date.now() + graceMs;
  let alive = processesMarked(mark);
  while (alive.length && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    alive = processesMarked(mark);
  }
  for (const p of alive) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  return alive;
}

/** Whether /proc can be read, so leftover checks mean something (Linux). */
export const HAVE_PROC: boolean = (() => {
  try {
    return readdirSync("/proc").some((e) => /^\d+$/.test(e));
  } catch {
    return false;
  }
})();
