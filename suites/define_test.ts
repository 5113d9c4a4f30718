import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_TASKS, DEFAULT_VARIANTS, defineSuite } from "./define.ts";
import { suiteProblem } from "./registry.ts";
import { answerOf } from "../testing/suite_checks.ts";

/** The `@example` of defineSuite, verbatim. */
const squares = defineSuite({
  name: "squares",
  sizes: { quick: 1_000, default: 100_000 },
  split: (n, parts) => Array.from({ length: parts }, (_, i) => [Math.floor((i * n) / parts), Math.floor(((i + 1) * n) / parts)]),
  kernel: ([from, to]) => {
    let sum = 0;
    for (let k = from!; k < to!; k++) sum += k * k;
    return sum;
  },
  combine: (sums) => sums.reduce((a, b) => a + b, 0),
  verify: (sum, n) => sum === ((n - 1) * n * (2 * n - 1)) / 6,
});

/** The sum of 0..n-1 in ranges, without a verifier. */
const SUMS = {
  name: "sums",
  split: (n: number, parts: number) => Array.from({ length: Math.min(n, parts) }, (_, i) => [Math.floor((i * n) / Math.min(n, parts)), Math.floor(((i + 1) * n) / Math.min(n, parts))]),
  kernel: ([a, b]: number[]) => ((b! - 1) * b!) / 2 - ((a! - 1) * a!) / 2,
  combine: (parts: readonly number[]) => parts.reduce((x, y) => x + y, 0),
};

/** {@link SUMS} with its answers known only through `expect`. */
const sums = (expect: Record<string, number> | undefined, sizes: Record<string, number> = { quick: 10, default: 100 }) =>
  defineSuite({ ...SUMS, sizes: sizes as { quick: number; default: number }, ...(expect ? { expect } : {}) });

test("the @example runs: its answers verify at both sizes it gives and its fallbacks", async () => {
  assert.deepEqual(squares.verify(332833500, 1_000), { ok: true });
  for (const name of ["quick", "seed", "default", "large"] as const) {
    const size = squares.sizes[name];
    assert.deepEqual(squares.verify((await answerOf(squares, size, squares.tasksFor(size))) as number, size), { ok: true }, name);
  }
  assert.equal(squares.verify(332833501, 1_000).ok, false);
});

test("a suite without verify or expect is refused with one line naming it", () => {
  assert.throws(
    () => sums(undefined),
    (error: Error) => error instanceof Error && /^suite sums cannot verify its answer/.test(error.message) && !error.message.includes("\n"),
  );
});

test("an expect that misses a size the suite runs is refused, naming the size", () => {
  assert.throws(() => sums({ quick: 45 }), { message: "suite sums cannot verify its answer for size default: expect has no value for it" });
  assert.throws(() => sums({ quick: 45, default: 4950 }, { quick: 10, default: 100, large: 1000 }), { message: /for size large:/ });
});

test("a definition without quick and default sizes is refused in one line", () => {
  assert.throws(() => sums({ quick: 45 }, { quick: 10 }), { message: "suite sums needs sizes with at least quick and default" });
});

test("expect becomes the verifier: the right answer passes, a wrong one fails with both values", async () => {
  const suite = sums({ quick: 45, default: 4950 });
  const answer = (await answerOf(suite, suite.sizes.default, suite.tasksFor(suite.sizes.default))) as number;
  assert.equal(answer, 4950);
  assert.deepEqual(suite.verify(answer, suite.sizes.default), { ok: true });
  assert.deepEqual(suite.verify(4951, suite.sizes.default), { ok: false, reason: "answer 4951, expected 4950" });
  // seed and large were left out: they run quick's and default's work and take their known answers.
  assert.equal(suite.sizes.seed, suite.sizes.quick);
  assert.equal(suite.sizes.large, suite.sizes.default);
  assert.deepEqual(suite.verify(45, suite.sizes.seed), { ok: true });
  assert.deepEqual(suite.verify(45, suite.sizes.large).ok, false);
  // A size copied on its way (equal, not the same object) still finds its answer.
  const boxed = defineSuite({ ...SUMS, split: (s: { n: number }, parts: number) => SUMS.split(s.n, parts), sizes: { quick: { n: 10 }, default: { n: 100 } }, expect: { quick: 45, default: 4950 } });
  assert.deepEqual(boxed.verify(4950, structuredClone(boxed.sizes.default)), { ok: true });
  assert.equal(boxed.verify(4950, { n: 7 }).ok, false);
});

test("verify may answer true, false or a verdict; anything else is a failed verdict with a reason", () => {
  const base = { name: "v", sizes: { quick: 1, default: 2 }, split: (n: number) => [n], kernel: (n: number) => n, combine: (p: readonly number[]) => p[0]! };
  assert.deepEqual(defineSuite({ ...base, verify: () => true }).verify(1, 1), { ok: true });
  assert.deepEqual(defineSuite({ ...base, verify: () => false }).verify(1, 1), { ok: false, reason: "verify rejected the answer 1" });
  assert.deepEqual(defineSuite({ ...base, verify: () => ({ ok: false, reason: "odd" }) }).verify(1, 1), { ok: false, reason: "odd" });
  const sloppy = defineSuite({ ...base, verify: (() => undefined) as unknown as () => boolean });
  assert.match((sloppy.verify(1, 1) as { reason: string }).reason, /^verify returned undefined, not true, false or \{ ok, reason \}$/);
  // Both given: the known answer is checked first, then verify.
  let called = 0;
  const both = defineSuite({ ...base, expect: { quick: 1, default: 2 }, verify: () => (called++, true) });
  assert.equal(both.verify(5, 1).ok, false);
  assert.equal(called, 0);
  assert.deepEqual(both.verify(1, 1), { ok: true });
  assert.equal(called, 1);
});

test("the defaults are filled in and the result has the shape the registry loads", async () => {
  const suite = sums({ quick: 45, default: 4950 });
  assert.equal(suiteProblem(suite), undefined);
  assert.equal(suiteProblem(squares), undefined);
  assert.deepEqual(suite.variants, DEFAULT_VARIANTS);
  assert.equal(suite.tasksFor(suite.sizes.default), DEFAULT_TASKS);
  assert.equal(suite.split(suite.sizes.default, DEFAULT_TASKS).length, 16);
  assert.equal(suite.description, "user suite sums");
  assert.equal(suite.bound, "cpu");
  assert.equal(suite.describeAnswer(4950), "4950");
  assert.equal(suite.describeAnswer("x".repeat(100) as unknown as number).length, 60);
  assert.equal(suite.notes, undefined);
  const custom = defineSuite({ ...SUMS, sizes: { quick: 10, default: 100 }, description: "sums", variants: ["serial", "async"], bound: "io", tasksFor: () => 3, expect: { quick: 45, default: 4950 }, notes: () => ["n"] });
  assert.deepEqual([custom.description, custom.variants, custom.bound, custom.tasksFor(10), custom.notes?.(45, 10)], ["sums", ["serial", "async"], "io", 3, ["n"]]);
  assert.equal(await custom.kernel([0, 10]), 45);
});
