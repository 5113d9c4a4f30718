import { test } from "node:test";
import assert from "node:assert/strict";
import {
  bimodalProcesses,
  processLevelSummary,
  varianceComponents,
  withinProcessSpread,
} from "./levels.ts";
import { seededRandom } from "./random.ts";

const close = (actual: number, expected: number, eps = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= eps, `${actual} is not within ${eps} of ${expected}`);
/** varianceComponents works on logs: feed it exp(y) to check it against textbook y. */
const exps = (groups: number[][]) => groups.map((g) => g.map(Math.exp));

test("variance components: Montgomery's looms (balanced, 4 looms × 4 observations)", () => {
  // Random-effects example from Montgomery, *Design and Analysis of Experiments*: by hand,
  // SSB = 4 · Σ(ȳᵢ − 95.4375)² = 89.1875, MSB = 29.7292; SSW = 5 + 5 + 2.75 + 10 = 22.75, MSW = 1.8958;
  // σ²_between = (MSB − MSW) / 4 = 6.9583.
  const looms = [[98, 97, 99, 96], [91, 90, 93, 92], [96, 95, 97, 95], [95, 96, 99, 98]];
  const v = varianceComponents(exps(looms))!;
  close(v.within, 22.75 / 12, 1e-9);
  close(v.between, (89.1875 / 3 - 22.75 / 12) / 4, 1e-9);
  close(v.share, 6.958333333 / (6.958333333 + 1.895833333), 1e-8);
});

test("variance components: unbalanced groups use n₀ = (N − Σnᵢ²/N) / (a − 1)", () => {
  // y: [1,2,3], [5,7], [4,4,5,7]. N = 9, means 2, 6, 5, grand 38/9. SSB = (3·400 + 2·256 + 4·49)/81
  // = 1908/81, MSB = 106/9; SSW = 2 + 2 + 6 = 10, MSW = 10/6; n₀ = (9 − 29/9)/2 = 26/9;
  // σ²_between = (106/9 − 15/9) / (26/9) = 91/26 = 3.5; share = 3.5 / (3.5 + 5/3) = 21/31.
  const v = varianceComponents(exps([[1, 2, 3], [5, 7], [4, 4, 5, 7]]))!;
  close(v.within, 10 / 6);
  close(v.between, 3.5);
  close(v.share, 21 / 31);
});

test("variance components: on logs (scale-free), a negative between estimate clamps to 0, null without df", () => {
  const ms = [[100, 103, 101], [120, 118, 121], [99, 104, 100]];
  const a = varianceComponents(ms)!;
  const b = varianceComponents(ms.map((g) => g.map((x) => x * 1000)))!;
  close(a.between, b.between, 1e-12);
  close(a.within, b.within, 1e-12);
  // Equal process means with spread inside: MSB = 0 < MSW, so the between estimate would be negative.
  const same = varianceComponents(exps([[1, 3], [2, 2], [3, 1]]))!;
  assert.equal(same.between, 0);
  assert.equal(same.share, 0);
  assert.ok(same.within > 0);
  assert.deepEqual(varianceComponents([[5, 5], [5, 5]]), { between: 0, within: 0, share: 0 });
  assert.equal(varianceComponents([[1, 2, 3]]), null); // one process
  assert.equal(varianceComponents([[1], [2], [3]]), null); // one value each: no within df
  assert.throws(() => varianceComponents([[1], []]), /process 1 has no values/);
  assert.throws(() => varianceComponents([[1, 0]]), /value 0 in process 0 is not finite and positive/);
});

test("process-level summary: pooled median, an interval that sees disagreeing processes, the between share", () => {
  // The same 12 values, arranged two ways: each process holds a mix, or each holds one cluster.
  const mixed = [[100, 110, 120, 130], [100, 110, 120, 130], [100, 110, 120, 130]];
  const clustered = [[100, 100, 100, 110], [110, 110, 120, 120], [120, 130, 130, 130]];
  const m = processLevelSummary(mixed);
  const c = processLevelSummary(clustered);
  assert.equal(m.median, 115);
  assert.equal(c.median, 115);
  assert.deepEqual(c.processMedians, [100, 115, 130]);
  assert.ok(m.low <= m.median && m.median <= m.high && c.low <= c.median && c.median <= c.high);
  assert.ok(c.high - c.low > m.high - m.low, `clustered ${c.low}–${c.high} vs mixed ${m.low}–${m.high}`);
  assert.equal(m.betweenShare, 0);
  assert.ok(c.betweenShare! > 0.5, `share ${c.betweenShare}`);
  assert.deepEqual(processLevelSummary(clustered), c); // deterministic
  const spread = [[100.3, 104.1, 98.7, 101.9], [110.2, 108.8, 112.5, 109.9], [95.1, 99.4, 97.2, 96.6], [103.3, 101.1, 105.8, 102.4]];
  assert.deepEqual(processLevelSummary(spread, { seed: 5 }), processLevelSummary(spread, { seed: 5 }));
  const wide = processLevelSummary(spread, { level: 0.99 });
  const narrow = processLevelSummary(spread, { level: 0.5 });
  assert.ok(wide.high - wide.low > narrow.high - narrow.low, `${wide.low}–${wide.high} vs ${narrow.low}–${narrow.high}`);
  assert.equal(processLevelSummary([[100, 101]]).betweenShare, null);
  assert.throws(() => processLevelSummary([]), /no processes/);
});

test("within-process spread: the median of the processes' interquartile ranges", () => {
  assert.equal(withinProcessSpread([[1, 2, 3, 4, 5], [10, 10, 10]]), 1);
  assert.equal(withinProcessSpread([[7]]), 0);
});

test("bimodal: fires on two clear groups of processes and names both", () => {
  const r = bimodalProcesses([100, 101, 99, 150, 152], 1);
  assert.ok(r);
  assert.deepEqual(r.low, { median: 100, count: 3 });
  assert.deepEqual(r.high, { median: 151, count: 2 });
  close(r.gapRatio, 1.51);
  // Order does not matter; one process alone can be a mode.
  assert.deepEqual(bimodalProcesses([150, 99, 152, 101, 100], 1), r);
  assert.deepEqual(bimodalProcesses([200, 100, 101, 99], 1)!.high, { median: 200, count: 1 });
});

test("bimodal: quiet with fewer than 3 processes, a gap under 10%, or a gap small against the spreads", () => {
  assert.equal(bimodalProcesses([100, 150], 0), null);
  // Gap 4.8 is far above the spreads (0.2) but under 10% of the median.
  assert.equal(bimodalProcesses([100, 100.1, 100.2, 105, 105.1], 0), null);
  // The same clear groups, but runs inside a process spread over 20 ms: 49 < 3 × 20.
  assert.equal(bimodalProcesses([100, 101, 99, 150, 152], 20), null);
  // Spread-out single mode: the largest gap (15) is not 3 times the range inside a "mode" (up to 45).
  assert.equal(bimodalProcesses([100, 115, 130, 145, 160], 1), null);
});

test("bimodal: never fires on clean unimodal data, nearly always on two modes 30% apart", () => {
  const random = seededRandom(21);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const process = (center: number) => center * Math.exp(0.02 * normal()); // 2% spread between processes
  const within = 2; // runs inside a process: an interquartile range of about 2% of 100 ms
  let falseAlarms = 0;
  let found = 0;
  const trials = 2000;
  for (let t = 0; t < trials; t++) {
    if (bimodalProcesses([0, 1, 2, 3, 4].map(() => process(100)), within)) falseAlarms++;
    if (bimodalProcesses([100, 100, 100, 130, 130].map(process), within)) found++;
  }
  assert.equal(falseAlarms, 0);
  assert.ok(found / trials > 0.95, `found ${found} of ${trials}`);
});
