import { test } from "node:test";
import assert from "node:assert/strict";
import { bimodalWarning, capacityWarning, fewProcessesWarning, superlinearWarning } from "./warnings.ts";
import { bimodalProcesses } from "./levels.ts";

test("superlinear: an interval wholly above the usable cores of a CPU-bound suite is drift", () => {
  assert.equal(
    superlinearWarning(2.26, 2, "cpu"),
    "speedup interval from 2.26x lies above the 2 usable cores for a CPU-bound suite: measurement drift, not a result",
  );
  assert.match(superlinearWarning(1.2, 1, "cpu")!, /above the 1 usable core for/);
  assert.equal(superlinearWarning(1.95, 2, "cpu"), null);
  assert.equal(superlinearWarning(2, 2, "cpu"), null); // exactly linear is possible
  assert.equal(superlinearWarning(2.6, 2, "io"), null); // waits overlap beyond the cores
  assert.equal(superlinearWarning(Number.NaN, 2, "cpu"), null);
});

test("few processes: fewer than 3 say the interval is not reliable", () => {
  assert.equal(fewProcessesWarning(1), "only 1 process measured this cell: interval not reliable; use --rounds 3 or more");
  assert.match(fewProcessesWarning(2)!, /^only 2 processes measured this cell: interval not reliable/);
  assert.equal(fewProcessesWarning(3), null);
  assert.equal(fewProcessesWarning(20), null);
});

test("bimodal: both modes and their process counts, quiet when there is none", () => {
  assert.equal(
    bimodalWarning(bimodalProcesses([100, 101, 99, 150, 152], 1)),
    "bimodal across processes: 3 near 100.0 ms, 2 near 151.0 ms (1.51x apart); the median mixes both",
  );
  assert.match(bimodalWarning({ low: { median: 1.5, count: 4 }, high: { median: 2, count: 1 }, gapRatio: 4 / 3 }, "s")!, /4 near 1\.5 s, 1 near 2\.0 s \(1\.33x apart\)/);
  assert.equal(bimodalWarning(bimodalProcesses([100, 101, 99, 100.5, 100.2], 1)), null);
  assert.equal(bimodalWarning(null), null);
});

test("capacity: below 0.9 × workers names what the machine gave", () => {
  assert.equal(capacityWarning(1.4, 2), "the machine gave 1.4 of 2 cores: its capacity, not the runtime, limited this speedup");
  assert.match(capacityWarning(3.1, 4)!, /gave 3\.1 of 4 cores/);
  // 1.79 is below the 1.8 limit; one decimal would print "1.8 of 2" and look like no reason to warn.
  assert.match(capacityWarning(1.79, 2)!, /gave 1\.79 of 2 cores/);
  assert.equal(capacityWarning(1.8, 2), null);
  assert.equal(capacityWarning(1.95, 2), null);
  assert.equal(capacityWarning(0.7, 1), null); // one worker: no parallel capacity to fall short of
  assert.equal(capacityWarning(Number.NaN, 2), null); // not measured
});
