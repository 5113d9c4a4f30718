// Reference values computed with SciPy 1.17 (scipy.stats.mannwhitneyu(head, base, alternative="two-sided"))
// and, for the tied case, by enumerating all 1716 subsets of the pooled midranks.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  bootstrapRatio,
  mannWhitneyU,
  midranks,
  seedFromString,
  seededRandom,
  smallestPossibleP,
} from "./significance.ts";
import { median } from "simple-statistics";
import { bootstrapP, hierarchicalBootstrap } from "./bootstrap.ts";

const close = (actual: number, expected: number, tol: number) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} is not within ${tol} of ${expected}`);

test("midranks give tied values the mean of their ranks", () => {
  assert.deepEqual(midranks([10, 20, 20, 5, 20]), [2, 4, 4, 1, 4]);
});

test("exact Mann–Whitney U matches SciPy on small samples without ties", () => {
  assert.deepEqual(mannWhitneyU([1, 2, 3], [4, 5, 6]), { u: 9, p: 0.1, method: "exact" });
  const r = mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12]);
  assert.equal(r.u, 3);
  close(r.p, 0.1111111111111111, 1e-12);
  const r10 = mannWhitneyU(
    [1.1, 2.2, 3.3, 4.4, 5.5, 6.6, 7.7, 8.8, 9.9, 10.1],
    [3.0, 4.5, 6.2, 8.1, 10.5, 11.2, 12.9, 13.3, 14.1, 15.0],
  );
  assert.equal(r10.u, 78);
  close(r10.p, 0.035462989023360536, 1e-12);
});

test("exact Mann–Whitney U with ties uses the permutation distribution of midranks", () => {
  const r = mannWhitneyU([1, 2, 2, 3, 3, 3, 4], [3, 4, 4, 5, 5, 6]);
  assert.equal(r.u, 38.5);
  assert.equal(r.method, "exact");
  close(r.p, 26 / 1716, 1e-12);
});

test("normal approximation with tie correction matches SciPy on large samples", () => {
  const base = [101.7, 104.1, 101.7, 93.5, 104.5, 102.2, 97.3, 102.9, 101.8, 101.5, 100.1, 102.7, 96.3, 99.2, 97.6, 103.0,
    100.2, 98.5, 96.1, 98.7, 100.0, 98.6, 106.5, 105.0, 86.4, 90.6, 99.1, 97.9, 101.1, 101.1, 110.6, 94.4, 98.1, 110.2,
    103.2, 103.3, 97.4, 91.8, 100.8, 100.5];
  const head = [96.9, 99.6, 102.6, 98.3, 102.5, 103.5, 103.2, 100.5, 106.0, 107.5, 104.6, 98.9, 106.7, 100.5, 107.4, 97.6,
    107.6, 102.9, 96.8, 101.4, 103.3, 104.4, 98.1, 97.5, 104.0, 100.7, 104.2, 106.8, 94.8, 104.3, 109.1, 101.5, 98.9,
    106.8, 104.3];
  const r = mannWhitneyU(base, head);
  assert.equal(r.method, "normal");
  assert.equal(r.u, 920);
  close(r.p, 0.019736836870185355, 1e-6);
});

test("identical samples give p = 1 on both paths", () => {
  assert.equal(mannWhitneyU([5, 5, 5], [5, 5, 5]).p, 1);
  assert.equal(mannWhitneyU(new Array(40).fill(7), new Array(40).fill(7)).p, 1);
});

test("empty samples are refused", () => {
  assert.throws(() => mannWhitneyU([], [1]), RangeError);
});

test("smallestPossibleP is 2 / C(n1+n2, n1)", () => {
  assert.equal(smallestPossibleP(3, 3), 0.1);
  close(smallestPossibleP(10, 10), 2 / 184756, 1e-15);
});

test("seeded random streams are reproducible and in [0, 1)", () => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const xs = Array.from({ length: 1000 }, () => a());
  assert.deepEqual(xs, Array.from({ length: 1000 }, () => b()));
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  assert.notDeepEqual(xs.slice(0, 5), Array.from({ length: 5 }, seededRandom(43)));
  assert.equal(seedFromString("node/collatz"), seedFromString("node/collatz"));
  assert.notEqual(seedFromString("node/collatz"), seedFromString("node/pi"));
});

test("bootstrapRatio: same seed, same interval; interval brackets the ratio; p small for a clear shift", () => {
  const base = [100, 101, 99, 102, 100.5, 98.5, 101.5, 99.5, 100.2, 100.8];
  const head = base.map((x) => x * 1.1);
  const opts = { level: 0.99, seed: 7, resamples: 1000 };
  const r1 = bootstrapRatio([base, head], ([b, h]) => h! / b!, opts);
  const r2 = bootstrapRatio([base, head], ([b, h]) => h! / b!, opts);
  assert.deepEqual(r1, r2);
  close(r1.ratio, 1.1, 1e-12);
  assert.ok(r1.low <= r1.ratio && r1.ratio <= r1.high, JSON.stringify(r1));
  assert.ok(r1.low > 1.05 && r1.high < 1.15, JSON.stringify(r1));
  assert.ok(r1.p < 0.01, `p=${r1.p}`);
  const same = bootstrapRatio([base, base], ([b, h]) => h! / b!, opts);
  assert.equal(same.ratio, 1);
  assert.ok(same.p > 0.5, `p=${same.p}`);
});

test("bootstrapRatio is the project's one bootstrap with one process per group, p against 1", () => {
  const base = [100, 101, 99, 102, 100.5];
  const head = [104, 103, 105, 106, 104.5];
  const opts = { level: 0.95, seed: 3, resamples: 999 };
  const r = bootstrapRatio([base, head], ([b, h]) => h! / b!, opts);
  const boot = hierarchicalBootstrap([[base], [head]], ([b, h]) => median(h![0]!) / median(b![0]!), opts);
  assert.deepEqual(r, { ratio: boot.value, low: boot.low, high: boot.high, p: bootstrapP(boot.draws, 1) });
  assert.throws(() => bootstrapRatio([base, []], ([b, h]) => h! / b!, opts), /at least one sample in every group/);
});
