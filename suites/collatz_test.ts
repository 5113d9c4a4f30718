import { test } from "node:test";
import assert from "node:assert/strict";
import { chainSteps, collatz, knownLongest, RECORDS, SAFE_ODD } from "./collatz.ts";
import { answerOf, partialsOf } from "../testing/suite_checks.ts";
import type { CollatzBest } from "./collatz.ts";

/** Steps by exact BigInt arithmetic: the reference for the kernel's double path. */
function bigReference(start: bigint): number {
  let steps = 0;
  for (let n = start; n !== 1n; steps++) n = n % 2n === 0n ? n / 2n : 3n * n + 1n;
  return steps;
}

test("chain lengths match the known ones", () => {
  assert.equal(chainSteps(1), 0);
  assert.equal(chainSteps(27), 111);
  assert.equal(chainSteps(837799), 524);
});

test("values beyond 2^53 take the exact BigInt path and stay right", () => {
  for (const start of [2 ** 53 - 1, 6004799503160662, Math.ceil(SAFE_ODD) + 2]) {
    assert.equal(chainSteps(start), bigReference(BigInt(start)), `start ${start}`);
  }
});

test("the record table matches an exhaustive memoized search below 100,000", () => {
  const limit = 100_000;
  const steps = new Uint16Array(limit);
  const found: [number, number][] = [[1, 0]];
  for (let n = 2; n < limit; n++) {
    let x = n;
    let c = 0;
    while (x >= n) {
      x = x % 2 === 0 ? x / 2 : 3 * x + 1;
      c++;
    }
    steps[n] = c + steps[x]!;
    if (steps[n]! > found.at(-1)![1]) found.push([n, steps[n]!]);
  }
  assert.deepEqual(found, RECORDS.filter(([start]) => start < limit).map(([s, t]) => [s, t]));
});

test("the known answer for a limit is the last record holder below it", () => {
  assert.deepEqual(knownLongest(1_000_000), { start: 837799, steps: 524 });
  assert.deepEqual(knownLongest(837799), { start: 626331, steps: 508 });
  assert.deepEqual(knownLongest(837800), { start: 837799, steps: 524 });
  assert.equal(knownLongest(40_000_000), undefined);
  // The presets' answers as re-derived in Python with exact integers (see the sizes' comment in collatz.ts).
  assert.deepEqual(knownLongest(collatz.sizes.default.limit), { start: 230631, steps: 442 });
  assert.deepEqual(knownLongest(collatz.sizes.large.limit), { start: 2298025, steps: 559 });
});

test("split/combine round-trips for odd sizes and more parts than starts", async () => {
  for (const [limit, parts] of [[1000, 7], [1000, 1], [30, 100], [2, 3]] as const) {
    const size = { limit, chunk: 1000 };
    const tasks = collatz.split(size, parts);
    assert.equal(tasks.length, Math.min(parts, limit - 1));
    assert.equal(tasks.reduce((n, t) => n + t.end - t.start, 0), limit - 1);
    assert.deepEqual(collatz.verify((await answerOf(collatz, size, parts)) as CollatzBest, size), { ok: true }, `${limit}/${parts}`);
  }
  assert.equal(collatz.tasksFor(collatz.sizes.seed), 1000);
  assert.throws(() => collatz.split({ limit: 1, chunk: 1000 }, 2), /limit must be a whole number >= 2/);
});

test("the verifier rejects a wrong answer: one partial mutated", async () => {
  const size = collatz.sizes.quick;
  const partials = (await partialsOf(collatz, size, collatz.tasksFor(size))) as CollatzBest[];
  assert.deepEqual(collatz.verify(collatz.combine(partials), size), { ok: true });
  const winner = partials.findIndex((p) => p.start === 77031);
  const bad = partials.map((p, i) => (i === winner ? { ...p, steps: p.steps - 1 } : p));
  const verdict = collatz.verify(collatz.combine(bad), size);
  assert.equal(verdict.ok, false);
  assert.match((verdict as { reason: string }).reason, /expected 77031 \(350 steps\)/);
  assert.equal(collatz.verify({ start: 1, steps: 0 }, { limit: 40_000_000, chunk: 1000 }).ok, false);
});

test("default size gives 230631 with 442 steps, in 300 tasks", async () => {
  const size = collatz.sizes.default;
  assert.equal(collatz.tasksFor(size), 300);
  const answer = (await answerOf(collatz, size, collatz.tasksFor(size))) as CollatzBest;
  assert.deepEqual(answer, { start: 230631, steps: 442 });
  assert.deepEqual(collatz.verify(answer, size), { ok: true });
});

// About a second per runtime; run on all three, since each engine runs the kernel's arithmetic itself.
test("seed size gives 837799 with 524 steps", async () => {
  const size = collatz.sizes.seed;
  const answer = (await answerOf(collatz, size, collatz.tasksFor(size))) as CollatzBest;
  assert.deepEqual(answer, { start: 837799, steps: 524 });
  assert.equal(collatz.describeAnswer(answer), "837799 (524 steps)");
});
