import assert from "node:assert/strict";
import { test } from "node:test";
import { baselineKey, cellLabel, expandMatrix, isPooled } from "./matrix.ts";

const suites = [
  { name: "pi", variants: ["serial", "threads", "processes"] as const },
  { name: "io", variants: ["serial", "async", "threads", "processes"] as const },
];

test("expandMatrix: every runtime x suite x supported variant x workers, serial cells first", () => {
  const cells = expandMatrix({ runtimes: ["node", "deno"], suites, variants: ["serial", "async", "threads", "processes"], workers: [4, 1, 2, 2], size: "quick" });
  // per runtime: pi serial + 2 pooled x 3 workers = 7; io: serial + async + 6 = 8
  assert.equal(cells.length, 2 * (7 + 8));
  const firstNonSerial = cells.findIndex((c) => c.variant !== "serial");
  assert.equal(firstNonSerial, 4);
  assert.ok(cells.slice(firstNonSerial).every((c) => c.variant !== "serial"));
  assert.deepEqual(cells.filter((c) => c.runtime === "node" && c.suite === "pi" && c.variant === "threads").map((c) => c.workers), [1, 2, 4]);
  assert.ok(cells.filter((c) => !isPooled(c.variant)).every((c) => c.workers === 1));
  assert.ok(!cells.some((c) => c.suite === "pi" && c.variant === "async"), "pi has no async variant");
  assert.ok(cells.every((c) => c.size === "quick"));
});

test("expandMatrix: only the variants asked for", () => {
  const cells = expandMatrix({ runtimes: ["bun"], suites, variants: ["processes"], workers: [2], size: "default" });
  assert.deepEqual(cells.map(cellLabel), ["bun pi processes x2", "bun io processes x2"]);
});

test("cellLabel and baselineKey", () => {
  assert.equal(cellLabel({ runtime: "deno", suite: "pi", variant: "serial", workers: 1, size: "quick" }), "deno pi serial");
  const a = baselineKey({ runtime: "deno", suite: "pi", size: "quick" });
  assert.equal(a, baselineKey({ runtime: "deno", suite: "pi", size: "quick" }));
  assert.notEqual(a, baselineKey({ runtime: "node", suite: "pi", size: "quick" }));
});
