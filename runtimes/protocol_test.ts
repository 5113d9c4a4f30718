import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeFrame, LineFramer, toFailure } from "./protocol.ts";

test("LineFramer rebuilds frames split anywhere and passes other lines through", () => {
  const messages: unknown[] = [];
  const other: string[] = [];
  const framer = new LineFramer((m) => messages.push(m), (l) => other.push(l));
  const text = encodeFrame([1, "a", [1, 2]]) + "printed by a task\n" + encodeFrame({ s: "é ✓ \n in string" }) + encodeFrame(null);
  const bytes = new TextEncoder().encode(text);
  // One byte at a time: multi-byte characters and frames cut in every possible place.
  for (let i = 0; i < bytes.length; i++) framer.push(bytes.subarray(i, i + 1));
  assert.deepEqual(messages, [[1, "a", [1, 2]], { s: "é ✓ \n in string" }, null]);
  assert.deepEqual(other, ["printed by a task"]);
});

test("toFailure keeps an error's name, message and stack; wraps other values", () => {
  const f = toFailure(3, new TypeError("bad"));
  assert.equal(f.i, 3);
  assert.equal(f.n, "TypeError");
  assert.equal(f.m, "bad");
  assert.ok(f.s?.includes("bad"));
  assert.deepEqual(toFailure(0, "plain"), { i: 0, n: "Error", m: "plain" });
});
