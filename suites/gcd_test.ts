import { test } from "node:test";
import assert from "node:assert/strict";
import { euclid, gcd, pairsFor, TUTORIAL_PAIRS } from "./gcd.ts";
import { answerOf, partialsOf } from "../testing/suite_checks.ts";

test("seed size gives the tutorial's gcds 1, 1, 5, 1", async () => {
  const size = gcd.sizes.seed;
  const answer = (await answerOf(gcd, size, gcd.tasksFor(size))) as number[];
  assert.deepEqual(answer, [1, 1, 5, 1]);
  assert.deepEqual(gcd.verify(answer, size), { ok: true });
  assert.equal(gcd.describeAnswer(answer), "gcds 1, 1, 5, 1");
});

test("generated pairs start after the tutorial's, are deterministic and of the same magnitude", () => {
  const pairs = pairsFor(50);
  assert.deepEqual(pairs.slice(0, 4), TUTORIAL_PAIRS);
  assert.deepEqual(pairsFor(50), pairs);
  for (const [a, b] of pairs.slice(4)) assert.ok(a >= 1_000_000 && a < 4_000_000 && b >= 1_000_000 && b < 4_000_000);
  assert.equal(new Set(pairs.map(String)).size, 50);
  assert.throws(() => pairsFor(0), /gcd pairs must be a whole number >= 1/);
});

test("default size: 32 gcds as Python's math.gcd found them (20 coprime, largest 30)", async () => {
  const size = gcd.sizes.default;
  const answer = (await answerOf(gcd, size, gcd.tasksFor(size))) as number[];
  assert.deepEqual(gcd.verify(answer, size), { ok: true });
  assert.equal(gcd.describeAnswer(answer), "32 gcds, 20 coprime pairs, largest gcd 30");
  assert.equal(answer.reduce((a, b) => a + b, 0), 91);
});

test("the first generated pair is the one an independent Python generator draws", () => {
  assert.deepEqual(pairsFor(5)[4], [1467256, 3918072]);
});

test("euclid agrees with small known cases", () => {
  assert.equal(euclid(12, 18), 6);
  assert.equal(euclid(17, 5), 1);
  assert.equal(euclid(1551645, 2229620), 5);
});

test("split/combine round-trips for odd sizes and more parts than pairs", async () => {
  for (const [pairs, parts] of [[5, 3], [5, 9], [1, 1]] as const) {
    const size = { pairs };
    assert.equal(gcd.split(size, parts).length, Math.min(pairs, parts));
    const answer = (await answerOf(gcd, size, parts)) as number[];
    assert.deepEqual(gcd.verify(answer, size), { ok: true }, `${pairs}/${parts}`);
  }
});

test("the verifier rejects a wrong answer: one partial mutated", async () => {
  const size = gcd.sizes.quick;
  const partials = (await partialsOf(gcd, size, gcd.tasksFor(size))) as number[][];
  assert.deepEqual(gcd.verify(gcd.combine(partials), size), { ok: true });
  const verdict = gcd.verify(gcd.combine(partials.map((p, i) => (i === 2 ? [p[0]! + 1] : p))), size);
  assert.deepEqual(verdict, { ok: false, reason: "gcd(1551645, 2229620) is 5, got 6" });
  assert.equal(gcd.verify(gcd.combine(partials.slice(1)), size).ok, false);
});
