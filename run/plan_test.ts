import assert from "node:assert/strict";
import { test } from "node:test";
import { blockLabel, blockSeed, cellKey, cellLabel, cellsOf, expandBlocks, isPooled, roundOrder, withoutUnsupported } from "./plan.ts";

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

test("two versions of one runtime: two blocks per suite, told apart by label everywhere, shuffled into the same rounds", () => {
  const runtimes = ["bun@1.3.14", "bun@1.4.5", "node@22.11.0"];
  const blocks = expandBlocks({ runtimes, suites, variants: ["serial", "threads"], workers: [2], size: "quick" });
  assert.deepEqual(blocks.map(blockLabel), ["bun@1.3.14 pi", "bun@1.3.14 io", "bun@1.4.5 pi", "bun@1.4.5 io", "node@22.11.0 pi", "node@22.11.0 io"]);
  assert.deepEqual(cellsOf(blocks).filter((c) => c.suite === "pi" && c.variant === "threads").map(cellLabel), ["bun@1.3.14 pi threads x2", "bun@1.4.5 pi threads x2", "node@22.11.0 pi threads x2"]);
  const keys = new Set(cellsOf(blocks).map(cellKey));
  assert.equal(keys.size, cellsOf(blocks).length, "the versions' cells have distinct keys");
  assert.notEqual(blockSeed(5, 0, blocks[0]!), blockSeed(5, 0, blocks[2]!), "each version's block has its own seed");
  for (const round of [0, 1, 2]) {
    const order = roundOrder(blocks, 5, round);
    assert.deepEqual(order.map(blockLabel).sort(), blocks.map(blockLabel).sort(), `round ${round} runs every version's blocks once`);
  }
});

test("withoutUnsupported: a version's unsupported cells are set aside with the reason; a block left with none is dropped and its cells returned", () => {
  const blocks = expandBlocks({ runtimes: ["bun@1.0.36", "deno@1.46.0", "bun@1.4.5"], suites: [suites[0]!], variants: ["serial", "threads", "processes"], workers: [2], size: "quick" });
  const reasonOf = (c: { runtime: string; variant: string }) =>
    c.runtime === "deno@1.46.0" ? "too old" : c.runtime === "bun@1.0.36" && c.variant === "processes" ? "no IPC" : undefined;
  const { blocks: kept, dropped } = withoutUnsupported(blocks, reasonOf);
  assert.deepEqual(kept.map((b) => [blockLabel(b), b.cells.map((c) => c.variant), (b.unsupported ?? []).map((u) => `${u.cell.variant}: ${u.reason}`)]), [
    ["bun@1.0.36 pi", ["serial", "threads"], ["processes: no IPC"]],
    ["bun@1.4.5 pi", ["serial", "threads", "processes"], []],
  ]);
  assert.deepEqual(dropped.map((u) => `${cellLabel(u.cell)}: ${u.reason}`), ["deno@1.46.0 pi serial: too old", "deno@1.46.0 pi threads x2: too old", "deno@1.46.0 pi processes x2: too old"]);
  assert.equal(withoutUnsupported(blocks, () => undefined).blocks[0], blocks[0], "blocks without gaps are kept as they are");
});
