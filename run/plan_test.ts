import assert from "node:assert/strict";
import { test } from "node:test";
import { blockSeed, cellKey, cellLabel, cellsOf, expandBlocks, isPooled, roundOrder } from "./plan.ts";

const suites = [
  { name: "pi", variants: ["serial", "threads", "processes"] as const },
  { name: "io", variants: ["serial", "async", "threads", "processes"] as const },
];

test("expandBlocks: one block per runtime x suite, serial first, every supported variant x workers", () => {
  const blocks = expandBlocks({ runtimes: ["node", "deno"], suites, variants: ["serial", "async", "threads", "processes"], workers: [4, 1, 2, 2], size: "quick" });
  assert.deepEqual(blocks.map((b) => `${b.runtime} ${b.suite}`), ["node pi", "node io", "deno pi", "deno io"]);
  // pi: serial + 2 pooled x 3 workers = 7; io: serial + async + 6 = 8
  assert.equal(cellsOf(blocks).length, 2 * (7 + 8));
  for (const b of blocks) {
    assert.equal(b.cells[0]!.variant, "serial");
    assert.ok(b.cells.every((c) => c.runtime === b.runtime && c.suite === b.suite && c.size === "quick"));
  }
  const nodePi = blocks[0]!.cells;
  assert.deepEqual(nodePi.filter((c) => c.variant === "threads").map((c) => c.workers), [1, 2, 4]);
  assert.ok(cellsOf(blocks).filter((c) => !isPooled(c.variant)).every((c) => c.workers === 1));
  assert.ok(!nodePi.some((c) => c.variant === "async"), "pi has no async variant");
});

test("expandBlocks: only the variants asked for; a suite with none of them has no block", () => {
  const blocks = expandBlocks({ runtimes: ["bun"], suites, variants: ["async"], workers: [2], size: "default" });
  assert.deepEqual(cellsOf(blocks).map(cellLabel), ["bun io async"]);
});

test("roundOrder: a permutation, fixed by seed and round, replayed by the same seed", () => {
  const items = Array.from({ length: 18 }, (_, i) => i);
  const a = roundOrder(items, 42, 0);
  assert.deepEqual([...a].sort((x, y) => x - y), items);
  assert.deepEqual(roundOrder(items, 42, 0), a);
  assert.notDeepEqual(roundOrder(items, 42, 1), a, "each round has its own order");
  assert.notDeepEqual(roundOrder(items, 43, 0), a, "another seed, another order");
  assert.deepEqual(items, Array.from({ length: 18 }, (_, i) => i), "the input is not shuffled in place");
});

test("blockSeed and cellKey tell blocks and cells apart", () => {
  assert.equal(blockSeed(1, 0, { runtime: "node", suite: "pi" }), blockSeed(1, 0, { runtime: "node", suite: "pi" }));
  assert.notEqual(blockSeed(1, 0, { runtime: "node", suite: "pi" }), blockSeed(1, 1, { runtime: "node", suite: "pi" }));
  assert.notEqual(blockSeed(1, 0, { runtime: "node", suite: "pi" }), blockSeed(1, 0, { runtime: "deno", suite: "pi" }));
  const k = cellKey({ runtime: "deno", suite: "pi", variant: "threads", workers: 2, size: "quick" });
  assert.notEqual(k, cellKey({ runtime: "deno", suite: "pi", variant: "threads", workers: 4, size: "quick" }));
});
