/**
 * The CPython adapter: an optional fourth runtime, the tutorials' own language as a reference beside
 * Node, Deno and Bun. It only runs blocks (standard library only: the pools and workers are
 * Python's own, in `runtimes/python/`; the ports of the workloads sit beside their JS suites, as
 * `suites/<name>.py`), so it is a {@link RuntimeInfo} and not a full RuntimeAdapter: it starts no JS
 * workers.
 *
 * Finding it: `$TRIBENCH_PYTHON` or an explicit executable when given (and then nothing else), else
 * `python3`, then `python`, on `PATH`. The interpreter is asked for its version and its real
 * `sys.executable`, which also sees through launcher shims (pyenv, asdf). Older than
 * {@link MIN_PYTHON_VERSION}, or not Python at all, counts as absent, so a run skips it with a note.
 *
 * A block runs as a JS process on the orchestrator's own runtime (`dist/scripts/python_block.js`)
 * that starts `runtimes/python/block.py` and checks its raw answers with the JS suites' `verify`
 * (harness/python_block.ts), so every runtime's answers pass the very same checks. The Python files
 * are run from the source tree, not from `dist/` (tsc copies no `.py`).
 *
 * @module
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { denoAdapter } from "./deno.ts";
import { onPath } from "./locate.ts";
import { compiledPath, PROJECT_ROOT } from "../core/project.ts";
import type { RuntimeInfo, RuntimeInstall, ScriptPermissions } from "./types.ts";

/** Oldest CPython the Python side supports (it uses `:=` and `math.isqrt`). */
export const MIN_PYTHON_VERSION: readonly [number, number] = [3, 8];

/** Environment variable naming the Python interpreter to use (overrides the PATH search). */
export const PYTHON_ENV_VAR = "TRIBENCH_PYTHON";

/** Folder of the Python adapter's entries and pools (source, not compiled: Python runs it as is). */
export const PYTHON_DIR: string = join(PROJECT_ROOT, "runtimes", "python");

/** Folder of the Python ports of the workloads (the Python package `suites`, beside the JS suites). */
export const PYTHON_SUITES_DIR: string = join(PROJECT_ROOT, "suites");

/** The Python block entry. */
export const PYTHON_BLOCK_SCRIPT: string = join(PYTHON_DIR, "block.py");

/** The JS block entry that runs the Python block and verifies its answers. */
export const PYTHON_BLOCK_HOST_SCRIPT: string = compiledPath("scripts/python_block.ts");

/**
 * Flags for every Python run: `-I` keeps PYTHONPATH, PYTHONSTARTUP and user site-packages out of a
 * measurement; `-B` writes no `__pycache__` into the source tree.
 */
export const PYTHON_FLAGS: readonly string[] = ["-I", "-B"];

const PROBE = "import platform, sys; print(platform.python_version()); print(sys.executable)";

/**
 * Ask `executable` for its version and real path. `undefined` when it does not run, is not Python,
 * or is older than {@link MIN_PYTHON_VERSION}.
 *
 * @example
 * ```ts
 * await probePython("/no/such/python"); // undefined
 * ```
 */
export function probePython(executable: string): Promise<{ version: string; executable: string } | undefined> {
  return new Promise((resolve) => {
    execFile(executable, [...PYTHON_FLAGS, "-c", PROBE], { timeout: 10_000 }, (error, stdout) => {
      if (error) return resolve(undefined);
      const [version, real] = String(stdout).trim().split(/\r?\n/);
      const m = /^(\d+)\.(\d+)\.\d+/.exec(version ?? "");
      if (!m || !real) return resolve(undefined);
      const [major, minor] = [Number(m[1]), Number(m[2])];
      const [wantMajor, wantMinor] = MIN_PYTHON_VERSION;
      if (major !== wantMajor || minor < wantMinor) return resolve(undefined);
      resolve({ version: version!, executable: real.trim() });
    });
  });
}

/**
 * The argv that runs compiled JS `script` on the JS runtime running this code. Deno needs `deno run`,
 * permissions, and npm packages resolved from `node_modules` (the block host imports the seeded
 * generator from `@stdlib`; the adapter's `--no-config` would leave the bare specifier unresolved).
 */
function hostCommand(script: string, args: readonly string[], permissions: ScriptPermissions): string[] {
  const deno = (globalThis as { Deno?: { execPath(): string } }).Deno;
  if (deno) {
    return denoAdapter.commandFor({ name: "deno", version: "", executable: deno.execPath(), source: "self" }, script, args, { ...permissions, npmPackages: true });
  }
  // Node and Bun run a script the same way.
  return [process.execPath, script, ...args];
}

/** What a JS host of a Python entry needs: read the project (its JS and the Python sources), run the interpreter. */
function hostPermissions(install: RuntimeInstall<"python">): ScriptPermissions {
  return { read: [PROJECT_ROOT], write: [], run: [install.executable], env: true };
}

/**
 * The CPython runtime. Its blocks run on the JS host (`blockCommand`: always present here), which
 * starts the Python entry and verifies its answers.
 */
export const pythonRuntime: RuntimeInfo<"python"> & Required<Pick<RuntimeInfo<"python">, "blockCommand">> = {
  name: "python",
  optional: true,
  installHint: `install Python ${MIN_PYTHON_VERSION.join(".")} or newer and put python3 on PATH (or set ${PYTHON_ENV_VAR})`,

  async locate(options = {}): Promise<RuntimeInstall<"python"> | undefined> {
    const explicit = options.executable ?? process.env[PYTHON_ENV_VAR];
    if (explicit) {
      // An explicit choice that does not work means "absent", never "some other Python".
      const found = await probePython(explicit);
      return found && { name: "python", version: found.version, executable: found.executable, source: "explicit" };
    }
    for (const name of ["python3", "python"]) {
      const candidate = onPath(name);
      const found = candidate && (await probePython(candidate));
      if (found) return { name: "python", version: found.version, executable: found.executable, source: "path" };
    }
    return undefined;
  },

  commandFor(install, script, args): string[] {
    // CPython has no permission model; `script` is a Python script.
    return [install.executable, ...PYTHON_FLAGS, script, ...args];
  },

  blockCommand(install, request): string[] {
    return hostCommand(PYTHON_BLOCK_HOST_SCRIPT, [install.executable, request], hostPermissions(install));
  },
};
