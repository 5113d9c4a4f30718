import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeBlockRequest } from "../harness/block_protocol.ts";
import { suiteByName } from "../suites/registry.ts";
import { blockRequest, probesCapacity } from "./block_command.ts";
import type { BenchOptions } from "./options.ts";
import { expandBlocks } from "./plan.ts";

const options = { api: "native", runs: 3, warmup: 1, suiteModules: [] } as unknown as BenchOptions;

test("blockRequest: the capacity probe only where a figure uses it (a pooled block of a speedup suite), on its largest pool", () => {
  const [collatz] = expandBlocks({ runtimes: ["node"], suites: [suiteByName("collatz")!], variants: ["serial", "threads", "processes"], workers: [1, 2], size: "quick" });
  const speedup = decodeBlockRequest(blockRequest(collatz!, "node", options, 7));
  assert.deepEqual(speedup.capacity, { workers: 2 });
  assert.deepEqual([speedup.runs, speedup.warmup, speedup.seed, speedup.cells.length], [3, 1, 7, 5]);
  // ping-pong declares its own measure: no probe (its idle pool would share the block's CPU).
  const [pingPong] = expandBlocks({ runtimes: ["node"], suites: [suiteByName("ping-pong")!], variants: ["threads"], workers: [2], size: "quick" });
  assert.deepEqual([probesCapacity(suiteByName("collatz")), probesCapacity(suiteByName("ping-pong")), probesCapacity(suiteByName("shared-counter"))], [true, false, false]);
  assert.equal(decodeBlockRequest(blockRequest(pingPong!, "node", options, 7, probesCapacity(suiteByName("ping-pong")))).capacity, undefined);
  const [serialOnly] = expandBlocks({ runtimes: ["node"], suites: [suiteByName("collatz")!], variants: ["serial"], workers: [2], size: "quick" });
  assert.equal(decodeBlockRequest(blockRequest(serialOnly!, "node", options, 7)).capacity, undefined, "no pool, no probe");
});
