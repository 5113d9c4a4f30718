import { test } from "node:test";
import assert from "node:assert/strict";
import { median } from "simple-statistics";
import { cellWarnings, karpFlatt, madOutliers, medianInterval, OUTLIER_RULE, speedupOf, summarize } from "./summary.ts";
import { hierarchicalBootstrap } from "./bootstrap.ts";

const close = (actual: number, expected: number, eps = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= eps, `${actual} is not within ${eps} of ${expected}`);
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

test("summarize: median, mean and sample standard deviation of a textbook sample", () => {
  // 2,4,4,4,5,5,7,9: mean 5, population sd 2, sample sd sqrt(32/7).
  const s = summarize([9, 4, 2, 5, 4, 7, 4, 5]);
  assert.equal(s.median, 4.5);
  assert.equal(s.mean, 5);
  close(s.stddev, Math.sqrt(32 / 7));
  assert.equal(s.min, 2);
  assert.equal(s.max, 9);
  close(s.cv, Math.sqrt(32 / 7) / 5);
  // MAD is 0.5 here (five samples sit 0.5 from the median), so 9 has z = 0.6745 * 4.5 / 0.5 = 6.07.
  assert.deepEqual(s.outliers, [0]);
});

test("median interval: order statistics from the binomial table (Conover, Table A3)", () => {
  // n = 9: (x2, x8), 1 - 2*10/512; n = 10: (x2, x9), 1 - 2*11/1024; n = 20: (x6, x15), 1 - 2*P(B<=5).
  const n9 = medianInterval(range(9));
  assert.deepEqual([n9.low, n9.high], [2, 8]);
  close(n9.coverage, 1 - 20 / 512);
  const n10 = medianInterval(range(10));
  assert.deepEqual([n10.low, n10.high], [2, 9]);
  close(n10.coverage, 1 - 22 / 1024);
  const n20 = medianInterval(range(20));
  assert.deepEqual([n20.low, n20.high], [6, 15]);
  close(n20.coverage, 0.958610535, 1e-8);
  // 6 samples: only the full range reaches 95% (1 - 2/64).
  const n6 = medianInterval(range(6));
  assert.deepEqual([n6.low, n6.high], [1, 6]);
  close(n6.coverage, 1 - 2 / 64);
});

test("median interval: too few samples give the full range and say how little it covers", () => {
  const s = summarize([12, 10, 11, 14, 13]);
  assert.deepEqual([s.ciLow, s.ciHigh], [10, 14]);
  close(s.ciCoverage, 1 - 2 / 32);
  const one = summarize([7]);
  assert.deepEqual([one.median, one.ciLow, one.ciHigh, one.stddev, one.cv], [7, 7, 7, 0, 0]);
  assert.equal(one.ciCoverage, 0);
});

test("median interval: large samples stay finite and ordered", () => {
  const samples = Array.from({ length: 2000 }, (_, i) => 100 + (i % 37));
  const s = summarize(samples);
  assert.ok(s.ciLow <= s.median && s.median <= s.ciHigh);
  assert.ok(s.ciCoverage >= 0.95 && s.ciCoverage < 0.96, `coverage ${s.ciCoverage}`);
});

test("summarize refuses empty and non-finite samples", () => {
  assert.throws(() => summarize([]), /no samples/);
  assert.throws(() => summarize([1, Number.NaN]), /not a finite/);
  assert.throws(() => summarize([1, -2]), /not a finite/);
});

test("MAD outliers: modified z-score above 3.5, the rule named as what it is", () => {
  assert.equal(OUTLIER_RULE, "modified z-score > 3.5 (Iglewicz & Hoaglin 1993)");
  // median 10, MAD 0.1: z(30) = 0.6745 * 20 / 0.1 = 134.9; z(10.1) = 0.6745.
  assert.deepEqual(madOutliers([10, 10.1, 9.9, 10, 30]), [4]);
  // median 4, MAD 2 whatever the last value is: the threshold 3.5 lies at 4 + 3.5 * 2 / 0.6745 = 14.378.
  assert.deepEqual(madOutliers([1, 2, 3, 4, 5, 6, 14.3]), []);
  assert.deepEqual(madOutliers([1, 2, 3, 4, 5, 6, 14.5]), [6]);
  // Low outliers count too.
  assert.deepEqual(madOutliers([5, 20, 21, 22, 23, 24, 25]), [0]);
  // MAD 0: the mean absolute deviation (0.2, scaled by 1.2533) stands in: z(11) = 1 / 0.2507 = 3.99.
  assert.deepEqual(madOutliers([10, 10, 10, 10, 11]), [4]);
  assert.deepEqual(madOutliers([10, 10, 10, 10]), []);
  assert.deepEqual(summarize([10, 10.1, 9.9, 10, 30]).outliers, [4]);
});

test("speedup: ratio of medians with a bootstrap interval around it", () => {
  const exact = speedupOf([100, 100, 100], [50, 50, 50]);
  assert.deepEqual(exact, { speedup: 2, low: 2, high: 2 });

  const serial = [100, 102, 98, 101, 99, 103, 97, 100, 104, 96];
  const parallel = [52, 51, 53, 50, 52, 54, 51, 52, 50, 53];
  const s = speedupOf(serial, parallel);
  close(s.speedup, 100 / 52);
  assert.ok(s.low < s.speedup && s.speedup < s.high, JSON.stringify(s));
  // The interval lies within the extreme ratios the data allow.
  assert.ok(s.low >= 96 / 54 && s.high <= 104 / 50, JSON.stringify(s));
  // Deterministic: pure function of the samples.
  assert.deepEqual(speedupOf(serial, parallel), s);
  // Noisier samples give a wider interval.
  const noisy = speedupOf(serial.map((x, i) => x * (i % 2 ? 1.2 : 0.8)), parallel);
  assert.ok(noisy.high - noisy.low > s.high - s.low);
  assert.throws(() => speedupOf([], [1]), /no samples/);
});

test("speedupOf is the project's one bootstrap with one process per side", () => {
  const serial = [100, 102, 98, 101, 99];
  const parallel = [52, 51, 53, 50, 52];
  const boot = hierarchicalBootstrap([[serial], [parallel]], ([s, p]) => median(s![0]!) / median(p![0]!), {
    level: 0.95, resamples: 3999, seed: 20260101,
  });
  assert.deepEqual(speedupOf(serial, parallel), { speedup: boot.value, low: boot.low, high: boot.high });
});

test("Karp–Flatt: e = (1/s - 1/p) / (1 - 1/p)", () => {
  close(karpFlatt(1.9, 2)!, (1 / 1.9 - 0.5) / 0.5);
  assert.equal(karpFlatt(2, 2), 0);
  assert.equal(karpFlatt(1, 4), 1);
  // Amdahl's law with serial fraction 0.1 on 4 workers gives s = 1 / (0.1 + 0.9 / 4); Karp–Flatt recovers 0.1.
  close(karpFlatt(1 / (0.1 + 0.9 / 4), 4)!, 0.1);
  assert.equal(karpFlatt(1.5, 1), null);
  assert.equal(karpFlatt(0, 2), null);
  assert.equal(karpFlatt(Number.NaN, 2), null);
  assert.equal(karpFlatt(Number.POSITIVE_INFINITY, 2), null);
});

test("cell warnings: a quiet, long, well-sampled cell has none", () => {
  const samples = [200, 201, 199, 202, 198, 200, 201, 199];
  assert.deepEqual(cellWarnings(samples, summarize(samples)), []);
});

test("cell warnings: noisy, short, slow first run and few runs each say so", () => {
  const noisy = [200, 260, 150, 230, 170, 210, 190, 250];
  const nw = cellWarnings(noisy, summarize(noisy));
  assert.equal(nw.length, 1);
  assert.match(nw[0]!, /^noisy: CV 1\d\.\d% > 5%; /);

  const short = [20, 20.1, 19.9, 20, 20.1, 19.9];
  assert.deepEqual(cellWarnings(short, summarize(short)).map((w) => w.split(":")[0]), ["short"]);

  const slowFirst = [300, 200, 201, 199, 200, 202, 198];
  const fw = cellWarnings(slowFirst, summarize(slowFirst));
  assert.ok(fw.includes(`first run 1.50x slower than the rest (300.0 vs 200.0 ms), an outlier by ${OUTLIER_RULE}; add --warmup`), fw.join("\n"));
  // A first run that is an outlier but only 2% slower is not worth a warning.
  const slightly = [204, 200, 200.1, 199.9, 200, 200.1, 199.9];
  assert.ok(summarize(slightly).outliers.includes(0));
  assert.ok(!cellWarnings(slightly, summarize(slightly)).some((w) => w.startsWith("first run")));

  const few = [200, 201, 199];
  assert.deepEqual(cellWarnings(few, summarize(few)), ["few runs: with 3 runs the median's interval covers 75.0%, not 95%; use --runs 6 or more"]);
});
