// The process-level test: Student's t distribution against closed forms and table values, Welch's
// test by its properties, its false-alarm rate and power on simulated process medians (seeded), and
// the detectable-change formula against simulation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { seededRandom } from "./random.ts";
import { logContrastTest, logWelchTest, minimumDetectableLogChange, regularizedBeta, studentTQuantile, studentTTwoSided } from "./two_sample.ts";

const near = (actual: number, expected: number, tolerance: number, what = "") =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} vs ${expected}`);

test("regularized incomplete beta matches its closed forms and symmetry", () => {
  for (const x of [0.001, 0.2, 0.5, 0.77, 0.999]) {
    near(regularizedBeta(x, 1, 1), x, 1e-12, "I(1,1)");
    near(regularizedBeta(x, 3.5, 1), x ** 3.5, 1e-12, "I(a,1)");
    near(regularizedBeta(x, 1, 2.5), 1 - (1 - x) ** 2.5, 1e-12, "I(1,b)");
    near(regularizedBeta(x, 4, 0.5), 1 - regularizedBeta(1 - x, 0.5, 4), 1e-12, "symmetry");
  }
  assert.equal(regularizedBeta(0, 2, 3), 0);
  assert.equal(regularizedBeta(1, 2, 3), 1);
  assert.throws(() => regularizedBeta(1.2, 2, 3), RangeError);
});

test("t tails: Cauchy (df 1) and df 2 closed forms; table quantiles; quantile and tail invert each other", () => {
  for (const t of [0.1, 1, 2.5, 12, 300]) {
    near(studentTTwoSided(t, 1), 1 - (2 / Math.PI) * Math.atan(t), 1e-12, "df 1");
    near(studentTTwoSided(t, 2), 1 - t / Math.sqrt(2 + t * t), 1e-12, "df 2");
  }
  // Table values (e.g. NIST/SEMATECH e-Handbook, table 1.4.2.4.3 / Student's t critical values).
  near(studentTQuantile(0.975, 1), 12.706, 5e-4);
  near(studentTQuantile(0.975, 5), 2.571, 5e-4);
  near(studentTQuantile(0.995, 5), 4.032, 5e-4);
  near(studentTQuantile(0.975, 8), 2.306, 5e-4);
  near(studentTQuantile(0.995, 8), 3.355, 5e-4);
  near(studentTQuantile(0.975, 1e7), 1.96, 1e-3);
  near(studentTQuantile(0.025, 8), -studentTQuantile(0.975, 8), 1e-12);
  for (const [p, df] of [[0.9, 3.3], [0.99991, 7.6], [1 - 1e-7, 4], [0.6, 40]] as const) {
    near(studentTTwoSided(studentTQuantile(p, df), df), 2 * (1 - p), 1e-9 * Math.max(1, 2 * (1 - p) * 1e3), `df ${df}`);
  }
  // Non-integer df lies between its integer neighbours.
  const q = (df: number) => studentTQuantile(0.975, df);
  assert.ok(q(7) > q(7.5) && q(7.5) > q(8));
  assert.equal(studentTQuantile(0.5, 3), 0);
  assert.throws(() => studentTQuantile(1, 3), RangeError);
});

test("Welch on logs: scale-free, antisymmetric, df 2(n-1) for equal spreads, interval agrees with p", () => {
  const base = [100, 104, 98, 101, 99];
  const head = base.map((x) => x * 1.1);
  const r = logWelchTest(base, [112, 113, 108, 111, 106], 0.95);
  const scaled = logWelchTest(base.map((x) => x * 7), [112, 113, 108, 111, 106].map((x) => x * 7), 0.95);
  near(scaled.p, r.p, 1e-12);
  near(scaled.ratio, r.ratio, 1e-12);
  const swapped = logWelchTest([112, 113, 108, 111, 106], base, 0.95);
  near(swapped.p, r.p, 1e-12);
  near(swapped.ratio, 1 / r.ratio, 1e-12);
  near(swapped.low, 1 / r.high, 1e-12);
  // HEAD = 1.1 x BASE exactly: same spread of logs, so df = 2 (n - 1) and the ratio is 1.1.
  const shifted = logWelchTest(base, head, 0.95);
  near(shifted.df, 8, 1e-9);
  near(shifted.ratio, 1.1, 1e-12);
  assert.ok(shifted.low < 1.1 && shifted.high > 1.1);
  // The level's interval excludes 1 exactly when p < 1 - level.
  for (const level of [0.9, 0.99, 0.9999]) {
    const at = logWelchTest(base, [112, 113, 108, 111, 106], level);
    assert.equal(at.low > 1 || at.high < 1, at.p < 1 - level, `level ${level}, p ${at.p}`);
  }
});

test("a contrast with constant groups is the two-sample test of the others; no spread gives p 0 or 1", () => {
  const a = [10, 11, 12];
  const b = [13, 15, 14, 16];
  const two = logWelchTest(a, b, 0.95);
  const four = logContrastTest([{ values: b, sign: 1 }, { values: [5, 5], sign: -1 }, { values: [5, 5], sign: 1 }, { values: a, sign: -1 }], 0.95);
  near(four.p, two.p, 1e-12);
  near(four.df, two.df, 1e-9);
  near(four.ratio, two.ratio, 1e-12);
  assert.equal(logWelchTest([3, 3], [3, 3], 0.95).p, 1);
  assert.equal(logWelchTest([3, 3], [4, 4], 0.95).p, 0);
  assert.throws(() => logWelchTest([3], [3, 4], 0.95), /2 values per group/);
  assert.throws(() => logWelchTest([3, 0], [3, 4], 0.95), /not a positive number/);
});

/** Per-process medians: log-normal process effects (CV `between`) plus the median of `runs` runs (CV `within`). */
function processMedians(random: () => number, processes: number, median: number, between = 0.05, within = 0.01, runs = 8): number[] {
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: processes }, () => {
    const m = median * Math.exp(between * normal());
    const xs = Array.from({ length: runs }, () => m * Math.exp(within * normal())).sort((x, y) => x - y);
    return (xs[runs / 2 - 1]! + xs[runs / 2]!) / 2;
  });
}

test("calibrated: A/A process medians give p < 0.05 in about 5% of 2000 trials, also with unequal spreads", () => {
  const random = seededRandom(11);
  let equal = 0;
  let unequal = 0;
  for (let t = 0; t < 2000; t++) {
    if (logWelchTest(processMedians(random, 5, 100), processMedians(random, 5, 100), 0.95).p < 0.05) equal++;
    if (logWelchTest(processMedians(random, 5, 100, 0.02), processMedians(random, 5, 100, 0.08), 0.95).p < 0.05) unequal++;
  }
  assert.ok(equal >= 70 && equal <= 130, `${equal} of 2000 equal-spread A/A trials had p < 0.05`);
  assert.ok(unequal <= 140, `${unequal} of 2000 unequal-spread A/A trials had p < 0.05`);
});

test("the detectable change is found with about the stated power (5 processes per side, CV 5%)", () => {
  const random = seededRandom(12);
  const se = 0.05 * Math.sqrt(2 / 5);
  const shift = minimumDetectableLogChange(se, 8, 0.05, 0.8);
  near(Math.exp(shift) - 1, 0.107, 0.005, "detectable change");
  let found = 0;
  for (let t = 0; t < 1000; t++) {
    if (logWelchTest(processMedians(random, 5, 100), processMedians(random, 5, 100 * Math.exp(shift)), 0.95).p < 0.05) found++;
  }
  assert.ok(found >= 720 && found <= 880, `found in ${found} of 1000 trials, stated power 80%`);
  assert.equal(minimumDetectableLogChange(0, 8, 0.05, 0.8), 0);
  assert.ok(minimumDetectableLogChange(se, 8, 0.01 / 57, 0.8) > 2 * shift, "a lone change among 57 cells needs a larger shift");
});
