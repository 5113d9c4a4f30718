import { test } from "node:test";
import assert from "node:assert/strict";
import { io } from "./io.ts";
import { answerOf, partialsOf } from "../testing/suite_checks.ts";

test("every wait lasts at least what was asked, by the clock", async () => {
  const size = { tasks: 5, waitMs: 3 };
  const answer = (await answerOf(io, size, io.tasksFor(size))) as number[];
  assert.equal(answer.length, 5);
  for (const ms of answer) assert.ok(ms >= 3, `waited ${ms} ms`);
  assert.deepEqual(io.verify(answer, size), { ok: true });
});

test("default size: 8 waits of 12 ms, each at least that long", async () => {
  const size = io.sizes.default;
  const answer = (await answerOf(io, size, io.tasksFor(size))) as number[];
  assert.equal(answer.length, 8);
  assert.deepEqual(io.verify(answer, size), { ok: true });
});

test("split/combine round-trips for odd sizes and more parts than waits", async () => {
  for (const [tasks, parts] of [[3, 2], [3, 5], [1, 1]] as const) {
    const size = { tasks, waitMs: 1 };
    const split = io.split(size, parts);
    assert.equal(split.length, Math.min(tasks, parts));
    assert.equal(split.reduce((n, t) => n + t.waits, 0), tasks);
    assert.deepEqual(io.verify((await answerOf(io, size, parts)) as number[], size), { ok: true });
  }
  assert.throws(() => io.split({ tasks: 1, waitMs: -1 }, 1), /waitMs must be >= 0/);
});

test("the verifier rejects a wrong answer: one partial mutated", async () => {
  const size = io.sizes.quick;
  const partials = (await partialsOf(io, size, io.tasksFor(size))) as number[][];
  assert.deepEqual(io.verify(io.combine(partials), size), { ok: true });
  const short = io.verify(io.combine(partials.map((p, i) => (i === 1 ? [size.waitMs - 0.5] : p))), size);
  assert.deepEqual(short, { ok: false, reason: "wait 1 lasted 9.5 ms, less than the 10 ms asked" });
  assert.equal(io.verify(io.combine(partials.slice(1)), size).ok, false);
});
