// report@1 -> report@2: every v1 number survives in its place, nothing unmeasured is invented.
import { test } from "node:test";
import assert from "node:assert/strict";
import { REPORT_SCHEMA } from "./report.ts";
import { upgradeReport, V1_PROCESS_WARNING } from "./upgrade.ts";
import { validateReport } from "./validate.ts";
import { loadV1Fixture } from "../testing/testdata/fixtures.ts";

test("an upgraded report@1 is a valid report@2 that says where it came from", () => {
  const v1 = loadV1Fixture();
  const report = upgradeReport(v1);
  assert.equal(validateReport(report), report);
  assert.equal(report.schema, REPORT_SCHEMA);
  assert.equal(report.upgradedFrom, "tribench/report@1");
  assert.deepEqual(report.warnings, [...v1.warnings, V1_PROCESS_WARNING]);
  assert.deepEqual(report.blocks, []);
  assert.deepEqual(report.plan, {
    seed: 0, rounds: 1, runs: v1.config.runs, warmup: v1.config.warmup, budgetS: null, firstRoundS: null, roundsDone: 1,
    reason: "upgraded from tribench/report@1: one process per cell",
  });
  assert.deepEqual({ rounds: report.config.rounds, budgetS: report.config.budgetS, seed: report.config.seed, api: report.config.api, runs: report.config.runs },
    { rounds: null, budgetS: null, seed: null, api: "native", runs: v1.config.runs });
  assert.deepEqual([report.createdAt, report.tool, report.runtimes, report.failures], [v1.createdAt, v1.tool, v1.runtimes, v1.failures]);
});

test("each v1 cell becomes a cell measured by one process, its numbers unchanged", () => {
  for (const name of ["report-2runtimes", "compare/base", "compare/machine-c"]) {
    const v1 = loadV1Fixture(name);
    const report = upgradeReport(v1);
    assert.equal(report.results.length, v1.results.length);
    v1.results.forEach((old, i) => {
      const cell = report.results[i]!;
      for (const key of Object.keys(old) as (keyof typeof old)[]) {
        if (key !== "efficiency") assert.deepEqual(cell[key], old[key], `${name} results[${i}].${key}`);
      }
      assert.deepEqual(cell.processes, [{ round: 0, block: -1, samplesMs: old.samplesMs, medianMs: old.medianMs, spawnMs: old.spawnMs, pairedSpeedups: null, capacity: null }]);
      assert.deepEqual([cell.betweenProcessShare, cell.capacity, cell.speedupPerCapacity], [null, null, null]);
      assert.equal(cell.bound, old.suite === "io" ? "io" : "cpu");
      // Workers within the cores: the same efficiency as report@1 gave.
      assert.equal(cell.efficiency, old.speedup === null ? null : old.speedup / old.workers);
    });
  }
});

test("usable cores follow the container quota, rounded down, never above the logical cores nor below 1", () => {
  const cases: [number, number | null, number, string][] = [[8, null, 8, "no quota"], [8, 2.5, 2, "quota 2.5"], [2, 4, 2, "quota above cores"], [4, 0.5, 1, "quota below 1"]];
  for (const [logicalCores, cpuQuota, usable, what] of cases) {
    const v1 = loadV1Fixture();
    Object.assign(v1.machine, { logicalCores, cpuQuota });
    assert.equal(upgradeReport(v1).machine.usableCores, usable, what);
  }
  // Efficiency then divides by the usable cores: 2 workers on 1 usable core.
  const one = loadV1Fixture();
  one.machine.cpuQuota = 1;
  const cell = upgradeReport(one).results.find((r) => r.workers === 2 && r.speedup !== null)!;
  assert.equal(cell.efficiency, cell.speedup);
});

test("the io suite is I/O-bound; an interrupted report@1 finished no round; the input is left alone", () => {
  const v1 = loadV1Fixture();
  v1.results[0]!.suite = "io";
  v1.partial = true;
  const before = JSON.stringify(v1);
  const report = upgradeReport(v1);
  assert.equal(report.results[0]!.bound, "io");
  assert.equal(report.plan.roundsDone, 0);
  const runs = v1.results[1]!.samplesMs.length;
  report.results[1]!.samplesMs.push(1);
  report.warnings.push("x");
  assert.equal(JSON.stringify(v1), before);
  assert.equal(report.results[1]!.processes[0]!.samplesMs.length, runs, "the cell and its process share no array");
});
