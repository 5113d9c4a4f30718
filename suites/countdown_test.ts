import { test } from "node:test";
import assert from "node:assert/strict";
import { countdown, expectedChecksum } from "./countdown.ts";
import type { CountdownTally } from "./countdown.ts";
import { answerOf, partialsOf } from "../testing/suite_checks.ts";

test("seed size counts 10,000,000 down in 4 tasks, every value seen", async () => {
  const size = countdown.sizes.seed;
  const answer = (await answerOf(countdown, size, countdown.tasksFor(size))) as CountdownTally;
  assert.equal(answer.iterations, 10_000_000);
  // Four tasks of 2,500,000 = 38 x 65536 + 9632: 4 x (38 x 2147450880 + 9632 x 9631 / 2) mod 2^28.
  assert.deepEqual(answer, { iterations: 10_000_000, checksum: (4 * (38 * 2147450880 + (9632 * 9631) / 2)) % 2 ** 28 });
  assert.deepEqual(countdown.verify(answer, size), { ok: true });
});

test("default size counts 180,000,000 down in 16 tasks, checksum as a Python loop found it", async () => {
  const size = countdown.sizes.default;
  const answer = (await answerOf(countdown, size, countdown.tasksFor(size))) as CountdownTally;
  assert.deepEqual(answer, { iterations: 180_000_000, checksum: 175668608 });
  assert.deepEqual(countdown.verify(answer, size), { ok: true });
});

test("the closed form gives the large preset the checksum a Python loop found", () => {
  const size = countdown.sizes.large;
  assert.deepEqual(countdown.verify({ iterations: size.n, checksum: 188456704 }, size), { ok: true });
  assert.equal(countdown.verify({ iterations: size.n, checksum: 188456705 }, size).ok, false);
});

test("the checksum's closed form matches a loop for small counts", () => {
  for (const c of [0, 1, 2, 3, 10, 65535, 65536, 65537, 300_001, 10_000_000]) {
    let sum = 0;
    for (let k = 0; k < c; k++) sum = (sum + (k & 0xffff)) % 2 ** 28;
    assert.equal(expectedChecksum(c), sum, `count ${c}`);
  }
});

test("split/combine round-trips for odd sizes and more parts than units", async () => {
  for (const [n, parts] of [[1001, 7], [3, 8], [1, 1]] as const) {
    const size = { n, parts };
    assert.equal(countdown.split(size, parts).length, Math.min(n, parts));
    const answer = (await answerOf(countdown, size, parts)) as CountdownTally;
    assert.deepEqual(countdown.verify(answer, size), { ok: true }, `${n}/${parts}`);
  }
  assert.throws(() => countdown.split({ n: 2 ** 30, parts: 1 }, 1), /exceeds 2\^30-1: use more parts/);
});

test("the verifier rejects a wrong answer: one partial mutated", async () => {
  const size = countdown.sizes.quick;
  const partials = (await partialsOf(countdown, size, countdown.tasksFor(size))) as CountdownTally[];
  assert.deepEqual(countdown.verify(countdown.combine(partials), size), { ok: true });
  const fewer = countdown.verify(countdown.combine(partials.map((p, i) => (i === 1 ? { ...p, iterations: p.iterations - 1 } : p))), size);
  assert.equal(fewer.ok, false);
  const skipped = countdown.verify(countdown.combine(partials.map((p, i) => (i === 3 ? { ...p, checksum: p.checksum ^ 1 } : p))), size);
  assert.equal(skipped.ok, false);
  assert.match((skipped as { reason: string }).reason, /checksum/);
});
