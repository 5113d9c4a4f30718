import { test } from "node:test";
import assert from "node:assert/strict";
import { collatz } from "./collatz.ts";
import { countdown } from "./countdown.ts";
import { gcd } from "./gcd.ts";
import { io } from "./io.ts";
import { pi } from "./pi.ts";
import { primes } from "./primes.ts";
import type { AnySuite } from "./types.ts";

const SIX: readonly AnySuite[] = [collatz, pi, gcd, countdown, primes, io];

test("only io waits on I/O; every other suite says it is CPU-bound", () => {
  assert.deepEqual(SIX.map((s) => [s.name, s.bound]), [
    ["collatz", "cpu"], ["pi", "cpu"], ["gcd", "cpu"], ["countdown", "cpu"], ["primes", "cpu"], ["io", "io"],
  ]);
});

test("default and large split evenly for 2 and 4 workers, at least two tasks each", () => {
  for (const s of SIX) {
    for (const name of ["default", "large"] as const) {
      const tasks = s.tasksFor(s.sizes[name]);
      assert.equal(tasks % 4, 0, `${s.name} ${name}: ${tasks} tasks`);
      assert.ok(tasks >= 8, `${s.name} ${name}: ${tasks} tasks`);
      assert.equal(s.split(s.sizes[name], tasks).length, tasks, `${s.name} ${name}`);
    }
  }
});
