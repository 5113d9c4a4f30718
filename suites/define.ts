/**
 * `defineSuite`: the typed public way to write a {@link Suite} (a user's `--suite-file`, or one of
 * `examples/`). It fills the parts a user rarely cares about (variants, task count, description, how
 * an answer prints) and refuses a suite that cannot check its answer, because tribench never reports
 * a time for an answer nobody verified.
 *
 * This module is bundled into every user suite (run/suite_bundle.ts resolves `tribench` to the API
 * entry), so it imports nothing but `./types.ts` and `node:util`: no registry, no built-in suite.
 *
 * @module
 */
import { isDeepStrictEqual } from "node:util";
import { SIZE_NAMES, type SizeName, type Suite, type VariantName, type Verdict } from "./types.ts";

/** Tasks a size is cut into when the definition gives no `tasksFor`: enough to keep 2–8 workers busy. */
export const DEFAULT_TASKS = 16;

/** Variants a defined suite runs when it names none: every one but `async` (which only I/O-bound suites need). */
export const DEFAULT_VARIANTS: readonly VariantName[] = ["serial", "threads", "processes"];

/**
 * The size presets of a definition. `quick` and `default` are required; a preset left out runs the
 * nearest smaller one given (`seed` runs `quick`, `large` runs `default`), so `--size large` of a suite
 * without `large` measures its default work and says so in the size's parameters.
 */
export interface SuiteSizes<Size> {
  readonly quick: Size;
  readonly default: Size;
  readonly seed?: Size;
  readonly large?: Size;
}

/**
 * What {@link defineSuite} takes: a {@link Suite} whose bookkeeping fields are optional. It must have
 * a way to check its answer: `verify`, or `expect` (the known answer of every size), or both.
 *
 * @typeParam Size   the parameters of a size preset (JSON-safe)
 * @typeParam Task   one unit of work sent to a worker (JSON-safe)
 * @typeParam Part   what the kernel returns for one task (JSON-safe)
 * @typeParam Result the combined answer (JSON-safe)
 */
export interface SuiteDefinition<Size, Task, Part, Result> {
  /** Name on the command line and in reports: a-z, 0-9 and `-`, starting with a letter. */
  readonly name: string;
  /** One line saying what it computes; defaults to `user suite NAME`. */
  readonly description?: string;
  /** The variants it supports; defaults to {@link DEFAULT_VARIANTS}. Must include `serial`. */
  readonly variants?: readonly VariantName[];
  /** `"cpu"` (the default) when it computes, `"io"` when its tasks wait (see {@link Suite.bound}). */
  readonly bound?: "cpu" | "io";
  /** The size presets ({@link SuiteSizes}). */
  readonly sizes: SuiteSizes<Size>;
  /** Tasks a size is cut into, fixed per size and never the worker count; defaults to {@link DEFAULT_TASKS}. */
  tasksFor?(size: Size): number;
  /** Cut the work of `size` into `parts` tasks (fewer when there are fewer items). */
  split(size: Size, parts: number): Task[];
  /** The real work of one task: the same code in every variant and runtime. */
  kernel(task: Task): Part | Promise<Part>;
  /** Combine the partial results, in task order, into the answer. */
  combine(partials: readonly Part[]): Result;
  /** Check an answer against an independently known one; `true`/`false` or a {@link Verdict} with a reason. */
  verify?(result: Result, size: Size): Verdict | boolean;
  /** The known answer of each size preset given (compared with deep equality); required when there is no `verify`. */
  readonly expect?: { readonly [K in SizeName]?: Result };
  /** A short form of the answer for reports; defaults to its JSON, cut to 60 characters. */
  describeAnswer?(result: Result): string;
  /** Optional one-line facts a report prints beside the suite's times (see {@link Suite.notes}). */
  notes?(result: Result, size: Size): readonly string[];
}

/** `value` as JSON, cut to `max` characters with an ellipsis. */
function shortJson(value: unknown, max = 60): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A {@link Suite} from a definition: defaults filled in, `expect` turned into a verifier (run before
 * `verify` when both are given). Throws an Error with a one-line message naming the suite when it
 * cannot verify its answer (no `verify` and no `expect`, or an `expect` missing a size) or lacks the
 * `quick` or `default` size. The rest of its shape (name, variants, functions) is checked where it is
 * loaded, with the built-in suites' rules.
 *
 * @example
 * ```ts
 * import { defineSuite } from "tribench";
 *
 * const squares = defineSuite({
 *   name: "squares",
 *   sizes: { quick: 1_000, default: 100_000 },
 *   split: (n, parts) => Array.from({ length: parts }, (_, i) => [Math.floor((i * n) / parts), Math.floor(((i + 1) * n) / parts)]),
 *   kernel: ([from, to]) => { let sum = 0; for (let k = from; k < to; k++) sum += k * k; return sum; },
 *   combine: (sums) => sums.reduce((a, b) => a + b, 0),
 *   verify: (sum, n) => sum === ((n - 1) * n * (2 * n - 1)) / 6,
 * });
 * squares.verify(332833500, 1_000); // { ok: true }
 * ```
 */
export function defineSuite<Size, Task, Part, Result>(definition: SuiteDefinition<Size, Task, Part, Result>): Suite<Size, Task, Part, Result> {
  const d = definition;
  const label = typeof d?.name === "string" ? d.name : JSON.stringify(d?.name);
  if (d === null || typeof d !== "object") throw new Error("defineSuite needs a definition object");
  const given = d.sizes as Partial<Record<SizeName, Size>> | undefined;
  if (given === null || typeof given !== "object" || !("quick" in given) || !("default" in given)) {
    throw new Error(`suite ${label} needs sizes with at least quick and default`);
  }
  const sizes: Record<SizeName, Size> = {
    quick: given.quick as Size,
    seed: "seed" in given ? (given.seed as Size) : (given.quick as Size),
    default: given.default as Size,
    large: "large" in given ? (given.large as Size) : (given.default as Size),
  };
  const verifyFn = d.verify;
  const expect = d.expect;
  if (typeof verifyFn !== "function" && (expect === null || typeof expect !== "object")) {
    throw new Error(`suite ${label} cannot verify its answer: give it verify(result, size) or expect: { quick: …, default: … }`);
  }
  // A preset that fell back to another takes that one's known answer too.
  const expected: Partial<Record<SizeName, Result>> = {};
  if (expect !== null && typeof expect === "object") {
    for (const name of SIZE_NAMES) {
      const from: SizeName = name in given ? name : name === "seed" ? "quick" : "default";
      if (from in expect) expected[name] = expect[from] as Result;
    }
    const missing = SIZE_NAMES.filter((n) => !(n in expected) && (n in given || n === "quick" || n === "default"));
    if (typeof verifyFn !== "function" && missing.length) {
      throw new Error(`suite ${label} cannot verify its answer for size ${missing.join(", ")}: expect has no value for it`);
    }
  }
  // The harness passes `sizes[name]` itself; equal parameters cover a size that was copied on the way.
  const namesOf = (size: Size): SizeName[] => {
    const same = SIZE_NAMES.filter((n) => sizes[n] === size);
    return same.length ? same : SIZE_NAMES.filter((n) => isDeepStrictEqual(sizes[n], size));
  };

  return {
    name: d.name,
    description: d.description ?? `user suite ${d.name}`,
    variants: d.variants ?? DEFAULT_VARIANTS,
    bound: d.bound ?? "cpu",
    sizes,
    tasksFor: d.tasksFor ? (size) => d.tasksFor!(size) : () => DEFAULT_TASKS,
    split: (size, parts) => d.split(size, parts),
    kernel: (task) => d.kernel(task),
    combine: (partials) => d.combine(partials),
    verify(result, size): Verdict {
      const names = namesOf(size).filter((n) => n in expected);
      if (names.length) {
        const want = expected[names[0]!] as Result;
        if (!isDeepStrictEqual(result, want)) return { ok: false, reason: `answer ${shortJson(result)}, expected ${shortJson(want)}` };
      } else if (typeof verifyFn !== "function") {
        return { ok: false, reason: `no known answer for size ${shortJson(size)}` };
      }
      if (typeof verifyFn !== "function") return { ok: true };
      const verdict = verifyFn(result, size);
      if (verdict === true) return { ok: true };
      if (verdict === false) return { ok: false, reason: `verify rejected the answer ${shortJson(result)}` };
      if (verdict !== null && typeof verdict === "object" && typeof verdict.ok === "boolean") return verdict;
      return { ok: false, reason: `verify returned ${shortJson(verdict)}, not true, false or { ok, reason }` };
    },
    describeAnswer: d.describeAnswer ? (result) => d.describeAnswer!(result) : (result) => shortJson(result),
    ...(d.notes ? { notes: (result: Result, size: Size) => d.notes!(result, size) } : {}),
  };
}
