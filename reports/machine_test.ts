import assert from "node:assert/strict";
import { test } from "node:test";
import { collectMachineInfo, logicalCores, parseCfsQuota, parseCpuMax, readCpuQuota } from "./machine.ts";

test("collectMachineInfo describes this machine on any runtime", () => {
  const m = collectMachineInfo();
  assert.ok(m.logicalCores >= 1 && Number.isInteger(m.logicalCores));
  assert.equal(m.logicalCores, logicalCores());
  assert.ok(m.memoryBytes > 0);
  assert.equal(typeof m.cpuModel, "string");
  assert.ok(m.cpuModel.length > 0 && !/\s{2}/.test(m.cpuModel));
  assert.equal(m.os, process.platform);
  assert.equal(m.loadAvg.length, 3);
  assert.ok(m.loadAvg.every((x) => Number.isFinite(x) && x >= 0));
  assert.ok(m.cpuQuota === null || m.cpuQuota > 0);
});

test("cgroup quotas parse into CPUs", () => {
  assert.equal(parseCpuMax("150000 100000\n"), 1.5);
  assert.equal(parseCpuMax("max 100000"), null);
  assert.equal(parseCpuMax("200000"), 2);
  assert.equal(parseCfsQuota("-1\n", "100000\n"), null);
  assert.equal(parseCfsQuota("50000", "100000"), 0.5);
  assert.equal(parseCfsQuota("garbage", "100000"), null);
});

test("readCpuQuota of a folder without cgroup files is null", () => {
  assert.equal(readCpuQuota("/nonexistent-tribench-cgroup"), null);
});
