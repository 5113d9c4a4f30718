// The plan on a runtime that runs a suite through a port of its own (CPython): the port's gaps
// (runtimes/versions/support.ts portGaps) replace the suite's declared `unsupported`, for that
// runtime only; the JS runtimes keep the suite's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { portGaps } from "../runtimes/versions/support.ts";
import { COMM_SUITES } from "../suites/registry.ts";
import { cellLabel, cellsOf, expandBlocks, variantLabel, type Block } from "./plan.ts";

const blocks = expandBlocks({ runtimes: ["node@22.11.0", "python@3.11.7"], suites: COMM_SUITES, variants: ["threads", "processes"], workers: [2], size: "quick" });
const VARIANT_ORDER = ["serial", "async", "threads", "processes"];
const byVariant = <T>(variantOf: (x: T) => string) => (a: T, b: T) => VARIANT_ORDER.indexOf(variantOf(a)) - VARIANT_ORDER.indexOf(variantOf(b));
/** All of a suite's blocks on a runtime as one (a suite with its own measure has a block per case), by variant then case. */
const of = (runtime: string, suite: string): Block => {
  const mine = blocks.filter((b) => b.runtime === runtime && b.suite === suite);
  assert.ok(mine.length > 0, `${runtime} ${suite} has blocks`);
  return {
    runtime, suite, size: "quick",
    cells: mine.flatMap((b) => b.cells).sort(byVariant((c) => c.variant)),
    unsupported: mine.flatMap((b) => b.unsupported ?? []).sort(byVariant((u) => u.cell.variant)),
  };
};

test("CPython's comm cells: the port's gaps are unsupported with its reasons, never planned to run", () => {
  const unsupported = (suite: string) => (of("python@3.11.7", suite).unsupported ?? []).map((u) => [variantLabel(u.cell), u.reason]);
  const transfer = portGaps("python", "ping-pong")!["8 B transfer"]!.threads!;
  const atomics = portGaps("python", "shared-counter")!.atomics!.processes!;
  assert.match(transfer, /^CPython has no transfer list/);
  assert.match(atomics, /^CPython has no atomic add/);
  assert.deepEqual(unsupported("ping-pong"), ["threads", "processes"].flatMap((v) => ["8 B", "1 KiB", "64 KiB", "1 MiB"].map((p) => [`${v} x1 ${p} transfer`, transfer])));
  assert.deepEqual(unsupported("producer-consumer"), []);
  assert.deepEqual(unsupported("shared-counter"), [["threads x2 atomics", atomics], ["processes x2 atomics", atomics]]);
});

test("CPython runs what its port has even where the suite says no JS runtime can: shared-counter's lock and slots on processes", () => {
  const planned = (runtime: string) => cellsOf([of(runtime, "shared-counter")]).map(cellLabel);
  assert.deepEqual(planned("python@3.11.7").filter((l) => l.includes("processes")), ["message", "lock", "slots padded", "slots adjacent"].map((c) => `python@3.11.7 shared-counter processes x2 ${c}`));
  assert.deepEqual(planned("node@22.11.0").filter((l) => l.includes("processes")), ["node@22.11.0 shared-counter processes x2 message"]);
  assert.equal(cellsOf([of("python@3.11.7", "producer-consumer")]).length, 4, "producer-consumer is ported whole");
  assert.deepEqual(cellsOf([of("python@3.11.7", "ping-pong")]).map((c) => variantLabel(c)), ["threads", "processes"].flatMap((v) => ["8 B", "1 KiB", "64 KiB", "1 MiB"].map((p) => `${v} x1 ${p}`)));
});

test("the JS runtimes keep the suite's own declarations", () => {
  for (const suite of COMM_SUITES) {
    const want = suite.cases!.flatMap((c) => (["threads", "processes"] as const).flatMap((v) => (c.unsupported?.[v] ? [[v, c.name, c.unsupported[v]]] : [])));
    assert.deepEqual((of("node@22.11.0", suite.name).unsupported ?? []).map((u) => [u.cell.variant, u.cell.case, u.reason]), want, suite.name);
  }
});
