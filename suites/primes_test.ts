import { test } from "node:test";
import assert from "node:assert/strict";
import { isPrimeMillerRabin, primes, trialDivisions } from "./primes.ts";
import type { PrimeVerdict } from "./primes.ts";
import { answerOf, partialsOf } from "../testing/suite_checks.ts";

test("seed size: the tutorial's answers, prime x5 then not prime", async () => {
  const size = primes.sizes.seed;
  const answer = (await answerOf(primes, size, primes.tasksFor(size))) as PrimeVerdict[];
  assert.deepEqual(answer.map((v) => v.prime), [true, true, true, true, true, false]);
  assert.equal(answer[5]!.divisor, 3306091);
  assert.deepEqual(primes.verify(answer, size), { ok: true });
  assert.equal(primes.describeAnswer(answer), "5 of 6 prime");
  // Not the composite: it stops at 3306091, a third of a prime's cost.
  assert.match(primes.notes(answer)[0]!, /^costliest number 115797848077099 \(prime\): \d+ of \d+ trial divisions \(19%\); no worker count can beat a 5\.3x speedup$/);
});

test("default size: 15 primes and a composite stopped at 247183, none dominating the cost", async () => {
  const size = primes.sizes.default;
  const answer = (await answerOf(primes, size, primes.tasksFor(size))) as PrimeVerdict[];
  assert.deepEqual(primes.verify(answer, size), { ok: true });
  assert.deepEqual(answer.map((v) => v.prime), [...Array(15).fill(true), false]);
  assert.equal(answer[15]!.divisor, 247183);
  assert.equal(primes.describeAnswer(answer), "15 of 16 prime");
  assert.match(primes.notes(answer)[0]!, /\(prime\): \d+ of \d+ trial divisions \(7%\); no worker count can beat a 15\.3x speedup$/);
});

test("Miller–Rabin classifies the large preset as Python's trial division did", () => {
  const numbers = primes.sizes.large.numbers;
  assert.deepEqual(numbers.map(isPrimeMillerRabin), [...Array(15).fill(true), false]);
  assert.equal(numbers[15], 2796203 * 25165843);
  assert.ok(isPrimeMillerRabin(2796203) && isPrimeMillerRabin(25165843));
});

test("Miller–Rabin agrees with trial division on small numbers and knows the tutorial's numbers", () => {
  for (let n = 0; n < 3000; n++) {
    let prime = n >= 2;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
    assert.equal(isPrimeMillerRabin(n), prime, `n = ${n}`);
  }
  assert.equal(isPrimeMillerRabin(3215031751), false); // strong pseudoprime to bases 2, 3, 5, 7
  assert.equal(isPrimeMillerRabin(1099726899285419), false);
  assert.equal(isPrimeMillerRabin(112272535095293), true);
});

test("trialDivisions counts what the kernel does", () => {
  assert.equal(trialDivisions({ n: 1, prime: false, divisor: 0 }), 0);
  assert.equal(trialDivisions({ n: 10, prime: false, divisor: 2 }), 1);
  assert.equal(trialDivisions({ n: 3, prime: true, divisor: 3 }), 1);
  assert.equal(trialDivisions({ n: 25, prime: false, divisor: 5 }), 3); // n%2, then 3, 5
  assert.equal(trialDivisions({ n: 29, prime: true, divisor: 29 }), 3); // n%2, then 3, 5
});

test("split/combine round-trips for odd sizes and more parts than numbers", async () => {
  const size = { numbers: [0, 1, 2, 4, 9, 97, 1_000_003, 999_983 * 1_000_003] };
  for (const parts of [3, 20, 1]) {
    assert.equal(primes.split(size, parts).length, Math.min(parts, size.numbers.length));
    const answer = (await answerOf(primes, size, parts)) as PrimeVerdict[];
    assert.deepEqual(answer.map((v) => v.divisor), [0, 0, 2, 2, 3, 97, 1_000_003, 999_983]);
    assert.deepEqual(primes.verify(answer, size), { ok: true });
  }
  assert.throws(() => primes.split({ numbers: [2 ** 53] }, 1), /not a whole number in \[0, 2\^51\)/);
});

test("the verifier rejects a wrong answer: one partial mutated", async () => {
  const size = primes.sizes.quick;
  const partials = (await partialsOf(primes, size, primes.tasksFor(size))) as PrimeVerdict[][];
  assert.deepEqual(primes.verify(primes.combine(partials), size), { ok: true });
  const flipped = partials.map((p, i) => (i === 0 ? [{ ...p[0]!, prime: false }] : p));
  assert.equal(primes.verify(primes.combine(flipped), size).ok, false);
  const badDivisor = partials.map((p, i) => (i === 2 ? [{ ...p[0]!, divisor: 7 }] : p));
  assert.match((primes.verify(primes.combine(badDivisor), size) as { reason: string }).reason, /7 is not the smallest divisor/);
  assert.equal(primes.verify(primes.combine(partials.slice(0, 2)), size).ok, false);
});
