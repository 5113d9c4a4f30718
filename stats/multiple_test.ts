// Multiple-testing corrections against the worked example of Benjamini & Hochberg (1995, §4: the 15
// p values of Neuhaus et al. 1992), where the step-up procedure at q = 0.05 rejects the four smallest
// and Bonferroni-type procedures reject three, and against the definitions on small cases.
import { test } from "node:test";
import assert from "node:assert/strict";
import { adjustP, benjaminiHochberg, holm } from "./multiple.ts";

const BH_1995 = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1];

const close = (actual: readonly number[], expected: readonly number[]) =>
  actual.forEach((x, i) => assert.ok(Math.abs(x - expected[i]!) < 1e-12, `index ${i}: ${x} vs ${expected[i]}`));

test("BH 1995 example: at q = 0.05 exactly the four smallest are discoveries", () => {
  const adjusted = benjaminiHochberg(BH_1995);
  assert.deepEqual(adjusted.map((p) => p <= 0.05), [true, true, true, true, ...new Array(11).fill(false)]);
  // The fourth is rescued by the step-up: 0.0095 <= 4/15 x 0.05; the fifth is not: 0.0201 > 5/15 x 0.05.
  close(adjusted.slice(0, 9), [0.0015, 0.003, 0.0095, 0.035625, 0.0603, 15 * 0.0298 / 7, 15 * 0.0298 / 7, 0.0645, 0.0765]);
  assert.equal(adjusted[14], 1);
});

test("Holm on the same example rejects three at 0.05, as Bonferroni-type procedures do in the paper", () => {
  const adjusted = holm(BH_1995);
  assert.equal(adjusted.filter((p) => p <= 0.05).length, 3);
  close(adjusted.slice(0, 4), [0.0015, 14 * 0.0004, 13 * 0.0019, 12 * 0.0095]);
  // Monotone: a larger p never gets a smaller adjusted p (here 9 x 0.0298 < 10 x 0.0278).
  assert.equal(adjusted[6], adjusted[5]);
});

test("adjusted values come back in input order, whatever the order given", () => {
  const order = [9, 3, 14, 0, 7, 1, 12, 5, 2, 11, 4, 13, 6, 10, 8];
  const shuffled = order.map((i) => BH_1995[i]!);
  for (const f of [benjaminiHochberg, holm]) {
    const straight = f(BH_1995);
    assert.deepEqual(f(shuffled), order.map((i) => straight[i]!));
  }
});

test("small cases by the definitions; one test is left alone; adjustP picks the correction", () => {
  close(benjaminiHochberg([0.01, 0.04, 0.03]), [0.03, 0.04, 0.04]);
  close(holm([0.01, 0.04, 0.03]), [0.03, 0.06, 0.06]);
  assert.deepEqual(benjaminiHochberg([0.2]), [0.2]);
  assert.deepEqual(holm([0.2]), [0.2]);
  assert.deepEqual(benjaminiHochberg([]), []);
  assert.deepEqual(adjustP([0.01, 0.04, 0.03], "holm"), holm([0.01, 0.04, 0.03]));
  assert.deepEqual(adjustP([0.01, 0.04, 0.03], "bh"), benjaminiHochberg([0.01, 0.04, 0.03]));
  // Never above 1, and ties share one value.
  assert.deepEqual(holm([0.6, 0.6]), [1, 1]);
  assert.deepEqual(benjaminiHochberg([0.02, 0.02]), [0.02, 0.02]);
});

test("a p value outside [0, 1] is refused", () => {
  assert.throws(() => benjaminiHochberg([0.1, 1.5]), RangeError);
  assert.throws(() => holm([Number.NaN]), RangeError);
});
