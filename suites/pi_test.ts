import { test } from "node:test";
import assert from "node:assert/strict";
import { KNOWN_HITS, pi, referenceHits, withinFourStandardErrors } from "./pi.ts";
import type { PiCount } from "./pi.ts";
import { answerOf, partialsOf } from "../testing/suite_checks.ts";
import { SIZE_NAMES } from "./types.ts";

test("seed size (1e7 points in 4 blocks) gives the known hit count and an estimate near pi", async () => {
  const size = pi.sizes.seed;
  const answer = (await answerOf(pi, size, pi.tasksFor(size))) as PiCount;
  assert.deepEqual(answer, { points: 10_000_000, hits: 7_853_935 });
  assert.deepEqual(pi.verify(answer, size), { ok: true });
  assert.match(pi.describeAnswer(answer), /^pi ~ 3\.14157/);
});

test("default size (1.6e7 points in 16 blocks) gives the hit count the Python port computed", async () => {
  const size = pi.sizes.default;
  const answer = (await answerOf(pi, size, pi.tasksFor(size))) as PiCount;
  assert.deepEqual(answer, { points: 16_000_000, hits: 12_569_333 });
  assert.deepEqual(pi.verify(answer, size), { ok: true });
});

test("every preset has a known hit count, so verifying never reruns the work", () => {
  for (const name of SIZE_NAMES) {
    const s = pi.sizes[name];
    assert.ok(`${s.points}/${s.blocks}/${s.seed}` in KNOWN_HITS, name);
  }
});

test("the inlined kernel agrees with the readable generator for the quick preset", async () => {
  const size = pi.sizes.quick;
  assert.equal(referenceHits(size), KNOWN_HITS["4000000/4/12345"]);
  assert.equal(((await answerOf(pi, size, pi.tasksFor(size))) as PiCount).hits, referenceHits(size));
});

test("each task has its own stream: same work, different counts", async () => {
  const partials = (await partialsOf(pi, { points: 400_000, blocks: 4, seed: 1 }, 4)) as PiCount[];
  assert.equal(new Set(partials.map((p) => p.hits)).size, 4);
});

test("split/combine round-trips for odd sizes and more parts than points", async () => {
  for (const [points, parts] of [[100_001, 7], [5, 9], [1, 1]] as const) {
    const size = { points, blocks: parts, seed: 99 };
    const tasks = pi.split(size, parts);
    assert.equal(tasks.length, Math.min(points, parts));
    assert.deepEqual(tasks.map((t) => t.stream), tasks.map((_, i) => i));
    const answer = (await answerOf(pi, size, parts)) as PiCount;
    assert.equal(answer.points, points);
    assert.deepEqual(pi.verify(answer, size), { ok: true }, `${points}/${parts}`);
  }
});

test("the verifier rejects a wrong answer: one partial mutated", async () => {
  const size = pi.sizes.quick;
  const partials = (await partialsOf(pi, size, pi.tasksFor(size))) as PiCount[];
  const oneMore = pi.verify(pi.combine(partials.map((p, i) => (i === 2 ? { ...p, hits: p.hits + 1 } : p))), size);
  assert.equal(oneMore.ok, false);
  assert.match((oneMore as { reason: string }).reason, /differs from the reference 3141333/);
  const lost = pi.verify(pi.combine(partials.slice(1)), size);
  assert.equal(lost.ok, false);
  assert.match((lost as { reason: string }).reason, /drew \d+ points, expected 4000000/);
});

test("the 4-standard-error check accepts the seed estimate and refuses a biased one", () => {
  assert.ok(withinFourStandardErrors(7_853_935, 10_000_000));
  // One standard error at 1e7 points is about 5.2e-4 in pi, so 5e-3 off is far outside.
  assert.equal(withinFourStandardErrors(Math.round(((Math.PI + 5e-3) / 4) * 1e7), 1e7), false);
});
