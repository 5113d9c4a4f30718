import { test } from "node:test";
import assert from "node:assert/strict";
import { evenRanges } from "./_split.ts";

test("evenRanges covers every item once, in order, lengths differing by at most one", () => {
  for (const [count, parts] of [[7, 3], [10, 10], [1, 1], [5, 1], [1000, 7], [3, 8]] as const) {
    const ranges = evenRanges(count, parts);
    assert.equal(ranges.length, Math.min(count, parts));
    assert.equal(ranges[0]!.start, 0);
    assert.equal(ranges.at(-1)!.end, count);
    for (let i = 1; i < ranges.length; i++) assert.equal(ranges[i]!.start, ranges[i - 1]!.end);
    const lengths = ranges.map((r) => r.end - r.start);
    assert.ok(Math.max(...lengths) - Math.min(...lengths) <= 1, `${count}/${parts}: ${lengths}`);
    assert.ok(lengths.every((l) => l >= 1));
  }
});

test("evenRanges gives no ranges for no items and refuses bad part counts", () => {
  assert.deepEqual(evenRanges(0, 4), []);
  assert.throws(() => evenRanges(5, 0), /parts must be a whole number >= 1, got 0/);
  assert.throws(() => evenRanges(5, 1.5), RangeError);
  assert.throws(() => evenRanges(-1, 2), /item count/);
});
