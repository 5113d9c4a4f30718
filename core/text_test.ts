import assert from "node:assert/strict";
import { test } from "node:test";
import { clip } from "./text.ts";

test("clip: one line, whitespace runs collapsed, long text cut with an ellipsis to exactly max", () => {
  assert.equal(clip("  a\n\tb  c "), "a b c");
  assert.equal(clip("x".repeat(80)), "x".repeat(80));
  const cut = clip("y".repeat(200), 10);
  assert.equal(cut, "y".repeat(9) + "…");
  assert.equal(cut.length, 10);
});
