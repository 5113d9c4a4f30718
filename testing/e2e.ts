/**
 * Private helpers for end-to-end tests that run the built `tribench` as a child process on Node, Deno
 * or Bun: start it with a marker in its environment (every process it starts inherits it, so leftovers
 * can be found in /proc whatever their pid), wait for it, and look for processes still alive.
 *
 * @module
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { compiledPath, PROJECT_ROOT } from "../core/project.ts";
import { roundOrder } from "../run/plan.ts";
import { currentRuntimeName } from "../runtimes/registry.ts";
import type { RuntimeName } from "../runtimes/types.ts";
import { SUITE_NAMES } from "../suites/registry.ts";
import { FAULT_SUITE_MODULE, SUITES as FAULT_SUITES } from "./fault_suites.ts";

/**
 * The runtime running this test file, which is the runtime every e2e test starts the orchestrator
 * on: `npm test` runs each file under Node, Deno and Bun, so each of the three runs what
 * `npm run bench`, `deno task bench` and `bun run bench` run, once.
 */
export const ORCHESTRATOR: RuntimeName = currentRuntimeName();

/** The arguments that add the test-only fault suites to a run (the only way to reach them). */
export const FAULT_SUITE_ARGS: readonly string[] = ["--suite-file", FAULT_SUITE_MODULE];

/**
 * The smallest `--seed` from 1 up whose first round runs the blocks of one runtime and `suites` in
 * an order `want` accepts (e.g. io before fault-hang), so a test can rely on an order instead of
 * racing it. The orchestrator lists blocks as it lists suites, built-ins first, then the fault
 * module's, and shuffles them with `roundOrder` (run/plan.ts).
 */
export function seedFor(suites: readonly string[], want: (order: readonly string[]) => boolean): number {
  const listed = [...SUITE_NAMES, ...FAULT_SUITES.map((s) => s.name)].filter((n) => suites.includes(n));
  for (let seed = 1; seed < 10_000; seed++) if (want(roundOrder(listed, seed, 0))) return seed;
  throw new Error(`no seed below 10000 orders ${suites.join(", ")} as wanted`);
}

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

/**
 * Run the built `tribench` with `args` on the runtime running this test ({@link ORCHESTRATOR}) and
 * resolve with how it ended: for tests that only look at its output and exit code.
 */
export function runTribench(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<E2eRun> {
  return startTribench({ runtime: ORCHESTRATOR, args, mark: `tribench-run-${process.pid}`, env }).done;
}

/**
 * Send `signal` to a run. Through `process.kill`, not `child.kill`: after `child.kill(sig)`, Deno's
 * `node:child_process` reports the child as killed by `sig` even when it caught the signal and
 * exited with its own code (130, 143), which is exactly what these tests check.
 */
export function signalRun(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** A process of a run, as /proc shows it. */
export interface MarkedProcess {
  readonly pid: number;
  readonly cmdline: string;
}

/**
 * The same scan in a shell, for Deno: it refuses to read /proc without `--allow-all`, which the test
 * runner does not grant, but may run programs. One grep over every environment, then the state and
 * command line of the matches; prints `pid<TAB>state<TAB>cmdline` lines.
 */
const SHELL_SCAN = [
  'for f in $(grep -lzxF -e "$1" /proc/[0-9]*/environ 2>/dev/null); do',
  '  d=${f%/environ}; s=$(cat "$d/stat" 2>/dev/null) || continue; s=${s##*) }',
  '  printf "%s\t%s\t" "${d#/proc/}" "${s%% *}"; tr "\\0" " " < "$d/cmdline" 2>/dev/null; echo',
  "done",
].join("\n");

/** Whether this runtime may read /proc itself (Node, Bun: yes; Deno: only with --allow-all). */
const DIRECT_PROC: boolean = (() => {
  try {
    return readdirSync("/proc").some((e) => /^\d+$/.test(e));
  } catch {
    return false;
  }
})();

function scanDirect(needle: string): MarkedProcess[] {
  const found: MarkedProcess[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, "latin1").includes(needle + "\0")) continue;
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

function scanShell(needle: string): MarkedProcess[] {
  const out = execFileSync("/bin/sh", ["-c", SHELL_SCAN, "sh", needle], { encoding: "latin1", stdio: ["ignore", "pipe", "ignore"] });
  const found: MarkedProcess[] = [];
  for (const line of out.split("\n")) {
    const [pid, state, cmdline = ""] = line.split("\t");
    if (!pid || !/^\d+$/.test(pid) || state === "Z" || state === "X") continue;
    found.push({ pid: Number(pid), cmdline: cmdline.trim() });
  }
  return found;
}

/** The argv of process `pid` as /proc shows it (read directly, or by a shell on Deno); `[]` when it is gone. */
export function commandLineOf(pid: number): string[] {
  let raw: string;
  try {
    raw = DIRECT_PROC
      ? readFileSync(`/proc/${pid}/cmdline`, "latin1")
      : execFileSync("/bin/sh", ["-c", 'cat "/proc/$1/cmdline"', "sh", String(pid)], { encoding: "latin1", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return [];
  }
  return raw.split("\0").filter((a, i, all) => a !== "" || i < all.length - 1);
}

/** Live (not zombie) processes whose environment carries `mark` (Linux /proc, read directly or by a shell). */
export function processesMarked(mark: string): MarkedProcess[] {
  const needle = `${MARK_ENV}=${mark}`;
  return DIRECT_PROC ? scanDirect(needle) : scanShell(needle);
}

/**
 * Processes of the run still alive after allowing `graceMs` for kills already sent to land. Whatever
 * is found is then SIGKILLed, so a failing test leaves nothing behind either.
 */
export async function leftoversOf(mark: string, graceMs = 5000): Promise<MarkedProcess[]> {
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

/** Whether /proc can be scanned, so leftover checks mean something (Linux). */
export const HAVE_PROC: boolean = DIRECT_PROC || (() => {
  try {
    execFileSync("/bin/sh", ["-c", "test -r /proc/self/environ"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
