/**
 * Bad input from a person: one clear line on stderr, exit code 2, never a stack trace.
 * Every command throws {@link UsageError}; the entry point prints `tribench: <message>` and exits 2.
 *
 * @module
 */
import { closest } from "fastest-levenshtein";

/** Exit code for bad usage. */
export const USAGE_EXIT_CODE = 2;

/** An error in what the user typed or pointed us at. Its message is the whole line shown. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  /** Always 2. */
  readonly exitCode = USAGE_EXIT_CODE;
}

/**
 * Check `value` against the valid names; throw a {@link UsageError} naming them and the closest one.
 *
 * @example
 * ```ts
 * oneOf("suite", "colatz", ["collatz", "pi"]); // throws: unknown suite 'colatz' (did you mean 'collatz'?); valid: collatz, pi
 * ```
 */
export function oneOf<T extends string>(what: string, value: string, valid: readonly T[]): T {
  if ((valid as readonly string[]).includes(value)) return value as T;
  const hint = valid.length ? ` (did you mean '${closest(value, [...valid])}'?)` : "";
  throw new UsageError(`unknown ${what} '${value}'${hint}; valid: ${valid.join(", ")}`);
}

/** Split a comma-separated flag value into trimmed non-empty names, each checked with {@link oneOf}. */
export function listOf<T extends string>(what: string, value: string, valid: readonly T[]): T[] {
  const names = value.split(",").map((s) => s.trim()).filter(Boolean);
  if (!names.length) throw new UsageError(`--${what}s needs at least one name; valid: ${valid.join(", ")}`);
  return [...new Set(names.map((n) => oneOf(what, n, valid)))];
}
