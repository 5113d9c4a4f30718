import { test } from "node:test";
import assert from "node:assert/strict";
import { median } from "simple-statistics";
import { bootstrapP, DEFAULT_RESAMPLES, hierarchicalBootstrap, percentileInterval } from "./bootstrap.ts";
import { seededRandom, type RandomSource } from "./random.ts";
import { pooledMedian } from "./_pool.ts";

/** Standard normal draws by Box–Muller from a seeded source. */
const normalFrom = (random: RandomSource) => () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

const processes = [[10, 11, 12, 10.5], [11, 12, 13, 12.5], [10, 12, 14, 11]];

test("bootstrap: the same seed gives the same draws, another seed other draws", () => {
  const a = hierarchicalBootstrap([processes], pooledMedian, { level: 0.95, seed: 7, resamples: 500 });
  const b = hierarchicalBootstrap([processes], pooledMedian, { level: 0.95, seed: 7, resamples: 500 });
  const c = hierarchicalBootstrap([processes], pooledMedian, { level: 0.95, seed: 8, resamples: 500 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(Array.from(a.draws), Array.from(c.draws));
  assert.equal(a.value, median(processes.flat()));
  assert.equal(a.draws.length, 500);
  assert.ok(a.draws.every((d, i) => i === 0 || a.draws[i - 1]! <= d), "draws are sorted");
  assert.ok(a.low <= a.value && a.value <= a.high, JSON.stringify({ low: a.low, value: a.value, high: a.high }));
  assert.equal(hierarchicalBootstrap([processes], pooledMedian, { level: 0.95, seed: 1 }).draws.length, DEFAULT_RESAMPLES);
});

test("bootstrap: constant data give a zero-width interval; sides are resampled independently", () => {
  const flat = hierarchicalBootstrap([[[5, 5], [5]]], pooledMedian, { level: 0.95, seed: 1, resamples: 50 });
  assert.deepEqual([flat.value, flat.low, flat.high], [5, 5, 5]);
  // Ratio of two sides: a noisy head and a constant base; the base never moves, so every draw is head / 10.
  const ratio = hierarchicalBootstrap(
    [[[10, 10, 10]], [[19, 20, 21]]],
    ([b, h]) => median(h!.flat()) / median(b!.flat()),
    { level: 0.9, seed: 3, resamples: 200 },
  );
  assert.equal(ratio.value, 2);
  assert.ok(ratio.draws.every((d) => [1.9, 2, 2.1].some((x) => Math.abs(d - x) < 1e-12)));
  assert.ok(ratio.low < 2 && ratio.high > 2);
});

test("bootstrap: innerResample false keeps each drawn process whole", () => {
  // One process: resampling processes only can draw nothing else, so every draw is the statistic itself.
  const outer = hierarchicalBootstrap([[[1, 2, 3, 4, 5]]], pooledMedian, { level: 0.95, seed: 2, resamples: 100, innerResample: false });
  assert.deepEqual([outer.low, outer.high], [3, 3]);
  const both = hierarchicalBootstrap([[[1, 2, 3, 4, 5]]], pooledMedian, { level: 0.95, seed: 2, resamples: 100 });
  assert.ok(both.high - both.low > 0, "the second stage resamples the values");
  // With processes only, every draw is a median of whole processes' values.
  const two = hierarchicalBootstrap([[[1, 1, 1], [9, 9, 9]]], pooledMedian, { level: 0.95, seed: 2, resamples: 100, innerResample: false });
  assert.ok(two.draws.every((d) => d === 1 || d === 5 || d === 9), Array.from(two.draws).join(","));
});

test("bootstrap: the statistic gets copies, so sorting in place does not touch the caller's data", () => {
  const data = [[3, 1, 2], [6, 5, 4]];
  hierarchicalBootstrap([data], (s) => s[0]!.map((p) => p.sort((x, y) => x - y)[0]!).reduce((x, y) => x + y), { level: 0.9, seed: 1, resamples: 20 });
  assert.deepEqual(data, [[3, 1, 2], [6, 5, 4]]);
});

test("bootstrap: the 95% interval of a median covers the truth in about 95% of hierarchical data sets", () => {
  // 200 data sets of 8 processes × 10 values: value = process effect N(0, 0.5²) + run noise N(0, 1);
  // the true median is 0. The two-stage interval should cover it about 95% of the time (the
  // percentile bootstrap with 8 groups runs a little below, the second stage a little above).
  // Treating all 80 values as one process ignores the process effect, and covers far less.
  const normal = normalFrom(seededRandom(11));
  const trials = 200;
  let hierarchical = 0;
  let naive = 0;
  for (let t = 0; t < trials; t++) {
    const data = Array.from({ length: 8 }, () => {
      const effect = 0.5 * normal();
      return Array.from({ length: 10 }, () => effect + normal());
    });
    const options = { level: 0.95, seed: t + 1, resamples: 499 };
    const h = hierarchicalBootstrap([data], pooledMedian, options);
    if (h.low <= 0 && 0 <= h.high) hierarchical++;
    const n = hierarchicalBootstrap([[data.flat()]], pooledMedian, options);
    if (n.low <= 0 && 0 <= n.high) naive++;
  }
  assert.ok(hierarchical / trials >= 0.9 && hierarchical / trials <= 0.99, `two-stage coverage ${hierarchical / trials}`);
  assert.ok(naive / trials < 0.88, `one-level coverage ${naive / trials} should fall short`);
});

test("percentile interval: the ((B + 1)·α)-th draws from each end", () => {
  const draws = Float64Array.from({ length: 1999 }, (_, i) => i);
  assert.deepEqual(percentileInterval(draws, 0.95), { low: 49, high: 1949 });
  assert.deepEqual(percentileInterval(draws, 0.9), { low: 99, high: 1899 });
  // Too few draws for the level: the extremes.
  assert.deepEqual(percentileInterval(Float64Array.from([3, 4, 5]), 0.95), { low: 3, high: 5 });
  assert.throws(() => percentileInterval(new Float64Array(0), 0.95), /no draws/);
});

test("bootstrap p: (count on the far side + 1) / (B + 1), doubled, capped at 1", () => {
  // Nine draws all above 1: 2 · (0 + 1) / 10.
  assert.equal(bootstrapP(Float64Array.from([1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9]), 1), 0.2);
  // Two of nine below: 2 · 3 / 10.
  assert.equal(bootstrapP(Float64Array.from([0.8, 0.9, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8]), 1), 0.6);
  // Ties count on both sides; a centred null gives 1.
  assert.equal(bootstrapP(Float64Array.from([0.5, 1, 1.5, 2]), 1), 1);
});

test("bootstrap refuses empty data, a bad level or resample count, and a NaN statistic", () => {
  const o = { level: 0.95, seed: 1, resamples: 10 };
  assert.throws(() => hierarchicalBootstrap([], pooledMedian, o), /no sides/);
  assert.throws(() => hierarchicalBootstrap([[]], pooledMedian, o), /side 0 has no processes/);
  assert.throws(() => hierarchicalBootstrap([[[1], []]], pooledMedian, o), /side 0, process 1 has no values/);
  assert.throws(() => hierarchicalBootstrap([[[1]]], pooledMedian, { ...o, level: 1 }), /level 1 is not in \(0, 1\)/);
  assert.throws(() => hierarchicalBootstrap([[[1]]], pooledMedian, { ...o, resamples: 0 }), /resamples 0/);
  assert.throws(() => hierarchicalBootstrap([[[1]]], () => Number.NaN, o), /NaN on the data/);
  let calls = 0;
  assert.throws(() => hierarchicalBootstrap([[[1]]], () => (calls++ === 0 ? 1 : Number.NaN), o), /NaN on a resample/);
});
