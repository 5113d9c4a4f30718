/**
 * Private helper shared by the suites: cut `count` items into contiguous, near-equal parts.
 *
 * @module
 */

/** A half-open range `[start, end)` of item indices. */
export interface IndexRange {
  /** First index in the range. */
  readonly start: number;
  /** One past the last index. */
  readonly end: number;
}

/**
 * Cut `count` items into `min(parts, count)` contiguous ranges whose lengths differ by at most one
 * (the longer ones first), covering `[0, count)` in order. Zero items give no ranges.
 *
 * @example
 * ```ts
 * evenRanges(7, 3); // [{start:0,end:3},{start:3,end:5},{start:5,end:7}]
 * ```
 */
export function evenRanges(count: number, parts: number): IndexRange[] {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`item count must be a whole number >= 0, got ${count}`);
  checkParts(parts);
  const n = Math.min(parts, count);
  const base = Math.floor(count / n);
  const extra = count % n;
  const ranges: IndexRange[] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = start + base + (i < extra ? 1 : 0);
    ranges.push({ start, end });
    start = end;
  }
  return ranges;
}

/** Throw a one-line RangeError unless `parts` is a whole number >= 1. */
export function checkParts(parts: number): void {
  if (!Number.isSafeInteger(parts) || parts < 1) throw new RangeError(`parts must be a whole number >= 1, got ${parts}`);
}
