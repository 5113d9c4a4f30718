/**
 * Small text helpers shared by the layers that turn output of other processes into one-line
 * messages (the block protocol, the block runner, the CPython host).
 *
 * @module
 */

/**
 * Shorten `text` to one line of at most `max` characters (records and garbage can be long): runs
 * of whitespace become one space, and a cut is marked with `…`.
 *
 * @example
 * ```ts
 * clip("a\n  b"); // "a b"
 * clip("x".repeat(100), 10); // "xxxxxxxxx…"
 * ```
 */
export function clip(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? oneLine.slice(0, max - 1) + "…" : oneLine;
}
