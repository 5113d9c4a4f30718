/**
 * Every built-in workload suite, in report order, and the loading of extra suite modules (a user's
 * `--suite-file`, or the tests' fault suites). Adding a workload = one file in `suites/` + one line here.
 *
 * This module is itself a suite module (it exports `SUITES`): a pool that must run the built-in suites
 * is given {@link REGISTRY_MODULE} as a task module, so the pool never imports a registry itself.
 *
 * @module
 */
import { isAbsolute } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { collatz } from "./collatz.ts";
import { SUITES as COMM } from "./comm/mod.ts";
import { countdown } from "./countdown.ts";
import { gcd } from "./gcd.ts";
import { io } from "./io.ts";
import { pi } from "./pi.ts";
import { primes } from "./primes.ts";
import { SIZE_NAMES, VARIANT_NAMES, type AnySuite } from "./types.ts";

/** The built-in suites, in report order. */
export const SUITES: readonly AnySuite[] = [collatz, pi, gcd, countdown, primes, io];

/** Built-in suite names, in report order. */
export const SUITE_NAMES: readonly string[] = SUITES.map((s) => s.name);

/**
 * The communication suites (suites/comm/, issue 16): built in, but only run when named, because they
 * measure channels rather than speedups. Not in {@link SUITES}, which is the default list.
 */
export const COMM_SUITES: readonly AnySuite[] = COMM;

/** Every built-in suite: the default ones, then the communication suites. */
export const BUILTIN_SUITES: readonly AnySuite[] = [...SUITES, ...COMM_SUITES];

/** Absolute path of this compiled module: the task module that gives a pool's workers the built-in suites. */
export const REGISTRY_MODULE: string = fileURLToPath(import.meta.url);

/** The built-in suite called `name` (a default or a communication suite), or `undefined`. */
export function suiteByName(name: string): AnySuite | undefined {
  return BUILTIN_SUITES.find((s) => s.name === name);
}

/**
 * A suite name: lower-case letters, digits and `-`, starting with a letter. No `,` (lists on the
 * command line are comma-separated) and no `:` (the namespace of the pool's built-in tasks).
 */
const SUITE_NAME = /^[a-z][a-z0-9-]*$/;

const METHODS = ["tasksFor", "split", "kernel", "combine", "verify", "describeAnswer"] as const;

/**
 * What is wrong with `value` as a {@link AnySuite}, in a few words, or `undefined` when it has the
 * shape: a valid name, a description, known variants including serial (a communication suite, with
 * `comm`, needs none), a size for every preset, the six functions (verify among them: an unverified
 * answer must never be reported), and well-formed `comm`, `cases` and `metric` when present.
 *
 * @example
 * ```ts
 * suiteProblem(gcd); // undefined
 * suiteProblem({ name: "x" }); // "has no description"
 * ```
 */
export function suiteProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== "object") return "is not an object";
  const s = value as Record<string, unknown>;
  if (typeof s.name !== "string" || !SUITE_NAME.test(s.name)) return `has name ${JSON.stringify(s.name)}, not one like my-suite (a-z, 0-9, -)`;
  if (typeof s.description !== "string") return "has no description";
  const variants = s.variants;
  // A communication suite measures a channel between workers: it has no serial run to speak of.
  const comm = s.comm !== undefined;
  if (!Array.isArray(variants) || (!comm && !variants.includes("serial")) || variants.some((v) => !(VARIANT_NAMES as readonly unknown[]).includes(v))) {
    return `needs variants from ${VARIANT_NAMES.join(", ")} including serial`;
  }
  if (comm) {
    const c = s.comm as Record<string, unknown> | null;
    if (!c || typeof c !== "object" || ["prepare", "run", "serve"].some((m) => typeof c[m] !== "function")) return "has a comm part without prepare, run and serve functions";
  }
  const cases = s.cases;
  const badCase = (c: unknown) => {
    const k = c as { name?: unknown; description?: unknown; workers?: unknown } | null;
    return typeof k?.name !== "string" || typeof k.description !== "string" || (k.workers !== undefined && !(Number.isInteger(k.workers) && (k.workers as number) >= 1));
  };
  if (cases !== undefined && (!Array.isArray(cases) || cases.length === 0 || cases.some(badCase))) {
    return "has cases that are not a non-empty list of { name, description, workers? }";
  }
  const metric = s.metric as { name?: unknown; unit?: unknown; perRun?: unknown } | undefined | null;
  if (metric !== undefined && (typeof metric?.name !== "string" || typeof metric.unit !== "string" || typeof metric.perRun !== "function")) {
    return "has a metric without a name, a unit and a perRun function";
  }
  const sizes = s.sizes as Record<string, unknown> | undefined;
  if (sizes === null || typeof sizes !== "object" || SIZE_NAMES.some((n) => !(n in sizes))) return `needs sizes ${SIZE_NAMES.join(", ")}`;
  const missing = METHODS.filter((m) => typeof s[m] !== "function");
  if (missing.length) return `has no ${missing.join(", ")} function${missing.length > 1 ? "s" : ""}`;
  return undefined;
}

/**
 * Import the suite module at `path` (absolute; a compiled ES module exporting `SUITES`, an array of
 * suites) and return its suites, each checked with {@link suiteProblem}. Throws one line, `PATH: why`,
 * when it cannot be imported or a suite lacks the shape.
 */
export async function importSuiteModule(path: string): Promise<AnySuite[]> {
  if (!isAbsolute(path)) throw new Error(`${path}: not an absolute path`);
  let module: { SUITES?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as { SUITES?: unknown };
  } catch (error) {
    throw new Error(`${path}: could not be imported: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`);
  }
  if (!Array.isArray(module.SUITES) || module.SUITES.length === 0) throw new Error(`${path}: exports no SUITES array of suites`);
  return (module.SUITES as unknown[]).map((suite, i) => {
    const problem = suiteProblem(suite);
    const name = typeof (suite as { name?: unknown } | null)?.name === "string" ? (suite as { name: string }).name : `#${i + 1}`;
    if (problem) throw new Error(`${path}: suite ${name} ${problem}`);
    return suite as AnySuite;
  });
}

/**
 * The built-in suites followed by those of `modules` ({@link importSuiteModule}, in order). Throws one
 * line when a name is taken twice, because a run could not tell which suite it means.
 */
export async function suitesWith(modules: readonly string[]): Promise<AnySuite[]> {
  const all = [...SUITES];
  for (const path of modules) {
    for (const suite of await importSuiteModule(path)) {
      if (all.some((s) => s.name === suite.name)) {
        throw new Error(`${path}: suite name ${suite.name} is already taken${SUITE_NAMES.includes(suite.name) ? " by a built-in suite" : ""}`);
      }
      all.push(suite);
    }
  }
  return all;
}
