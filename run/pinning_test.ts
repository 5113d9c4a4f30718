import assert from "node:assert/strict";
import { test } from "node:test";
import { suiteByName } from "../suites/registry.ts";
import { blockPinning } from "./pinning.ts";

test("blockPinning: only a suite that asks, only without --no-pin; where pinning is impossible, one warning per suite and no pinning", () => {
  const suites = [suiteByName("ping-pong")!, suiteByName("collatz")!];
  const pin = { cpu: "1", prefix: ["/usr/bin/taskset", "-c", "1"] };
  let asked = 0;
  const warnings: string[] = [];
  const pinning = blockPinning(suites, true, warnings, () => (asked++, pin));
  assert.deepEqual([pinning("ping-pong"), pinning("collatz"), pinning("ping-pong"), pinning("no-such-suite")], [pin, undefined, pin, undefined]);
  assert.equal(asked, 1, "decided once per run");
  assert.deepEqual(warnings, []);
  assert.equal(blockPinning(suites, false, warnings, () => pin)("ping-pong"), undefined);
  const none = blockPinning(suites, true, warnings, () => ({ unavailable: "pinning to one CPU needs Linux (this is darwin)" }));
  assert.deepEqual([none("ping-pong"), none("ping-pong")], [undefined, undefined]);
  assert.deepEqual(warnings, ["ping-pong ran unpinned: pinning to one CPU needs Linux (this is darwin); its figures include waits for another CPU to wake, which vary from run to run"]);
});
